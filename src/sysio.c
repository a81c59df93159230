/* sysio.c - physical-memory limit and safe opening of input files (sysio_internal.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>
#include "sysio_internal.h"

int sn_memory_fits(size_t bytes)
{
    double phys = (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE);
    return bytes != 0 && (double)bytes <= SN_MEMORY_SHARE * phys;
}

size_t sn_mul3(size_t a, size_t b, size_t c)
{
    if (a == 0 || b == 0 || c == 0 || b > SIZE_MAX / a) return 0;
    size_t ab = a * b;
    return c > SIZE_MAX / ab ? 0 : ab * c;
}

int sn_replace_target(char *target, size_t len, mode_t *mode, const char *path, char *err,
                      size_t errlen)
{
    struct stat st, lst;
    *mode = (mode_t)-1;
    if (!*path) {
        snprintf(err, errlen, "an empty file name");
        return GSL_EFAILED;
    }
    if (lstat(path, &lst) != 0) {   /* nothing there yet */
        snprintf(target, len, "%s", path);
        return GSL_SUCCESS;
    }
    if (S_ISLNK(lst.st_mode)) {
        char *real = realpath(path, NULL);
        if (!real) {
            snprintf(err, errlen, "%s: a symbolic link to nothing (%s)", path, strerror(errno));
            return GSL_EFAILED;
        }
        int fits = strlen(real) < len;
        if (fits) snprintf(target, len, "%s", real);
        free(real);
        if (!fits) {
            snprintf(err, errlen, "%s: the file it links to has too long a name", path);
            return GSL_EFAILED;
        }
    } else {
        snprintf(target, len, "%s", path);
    }
    if (stat(target, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: %s, not a regular file", path,
                 stat(target, &st) != 0 ? "unreadable" : sn_file_kind(st.st_mode));
        return GSL_EFAILED;
    }
    *mode = st.st_mode & 07777;
    return GSL_SUCCESS;
}

const char *sn_file_kind(mode_t mode)
{
    return S_ISDIR(mode) ? "a directory" : S_ISFIFO(mode) ? "a FIFO"
           : S_ISCHR(mode) || S_ISBLK(mode) ? "a device" : "a special file";
}

int sn_open_regular(int *fd, off_t *size, const char *path, char *err, size_t errlen)
{
    /* O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever */
    int f = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (f < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return GSL_EFAILED;
    }
    struct stat st;
    if (fstat(f, &st) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        close(f);
        return GSL_EFAILED;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: %s, not a regular file", path,
                 sn_file_kind(st.st_mode));
        close(f);
        return GSL_EFAILED;
    }
    int flags = fcntl(f, F_GETFL);
    if (flags >= 0) fcntl(f, F_SETFL, flags & ~O_NONBLOCK);
    *fd = f;
    *size = st.st_size;
    return GSL_SUCCESS;
}
