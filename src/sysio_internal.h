/* sysio_internal.h - what the modules that touch the machine share: the physical-memory
 * limit every large allocation is checked against, and opening a file that must be a regular
 * file (a FIFO would block open() forever, a directory would fail later with a vaguer error).
 * Not installed. */
#ifndef SELFNORM_SYSIO_INTERNAL_H
#define SELFNORM_SYSIO_INTERNAL_H

#include <stddef.h>
#include <sys/types.h>

/* The share of physical memory one plan may take: above it the machine would swap or the
 * OOM killer would end the run, so refusing with a message is kinder. */
#define SN_MEMORY_SHARE 0.8

/* 1 if `bytes` is nonzero and at most SN_MEMORY_SHARE of physical memory, else 0 (0 bytes
 * stands for an overflowed size, as sn_mlp_memory returns it). */
int sn_memory_fits(size_t bytes);

/* a·b·c, or 0 if it overflows size_t (or a factor is 0) */
size_t sn_mul3(size_t a, size_t b, size_t c);

/* Opens `path` for reading if it is a regular file: GSL_SUCCESS with *fd and *size, or
 * GSL_EFAILED with "PATH: REASON" in err (missing, a directory, a FIFO or device, ...). The
 * open does not block on a FIFO. */
/* What a non-regular file is, for messages: "a directory", "a FIFO", "a device", "a special
 * file". */
const char *sn_file_kind(mode_t mode);

/* Where a writer that replaces `path` atomically (a temporary file beside it, renamed over
 * it) must put its result: path itself, or the file a symbolic link names (so that the link
 * stays a link); *mode is the existing file's permission bits, to keep (a rename would
 * otherwise give the replacement the new file's), or (mode_t)-1 when there is none yet.
 * GSL_SUCCESS, or GSL_EFAILED with "PATH: REASON" in err when path exists but is not a
 * regular file (a FIFO, a directory, a device) or is a dangling link. */
int sn_replace_target(char *target, size_t len, mode_t *mode, const char *path, char *err,
                      size_t errlen);

int sn_open_regular(int *fd, off_t *size, const char *path, char *err, size_t errlen);

#endif
