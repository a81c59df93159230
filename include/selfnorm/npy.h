/* npy.h - NumPy's .npy and .npz files: weights out of the trainer, and back in.
 *
 * Writing: .npy format version 1.0, dtype '<f4' (float) or '<f8' (double), C order, the
 * header byte for byte as NumPy ≥ 1.23 writes it (the dict, 21 − digits spare spaces, padded
 * so that the data starts at a multiple of 64 bytes). .npz: a ZIP archive of KEY.npy members,
 * stored (method 0) with their CRC-32, in the order given, with a fixed timestamp (1980-01-01)
 * so that equal arrays give equal files; np.load reads it. Archives above 4 GiB would need
 * ZIP64, which is not written (SN_EUNIMPL). Files are written to a temporary name beside
 * PATH and renamed over it when complete: no partial file is ever left at PATH.
 *
 * Reading: .npy version 1.0 or 2.0 with a strictly parsed header ('descr' '<f4' or '<f8',
 * 'fortran_order': False, 'shape' a tuple of at most SN_NPY_MAXDIM non-negative integers;
 * each key once, nothing else) and exactly the declared data after it. .npz archives as we
 * write them or as np.savez (stored) and np.savez_compressed (deflate) do, including the
 * ZIP64 extra field NumPy puts in every local header; every member must be KEY.npy with a
 * plain key (no '/', '\\', ':' or control characters), appear once, pass its CRC-32 and hold
 * a valid .npy. Refused: big-endian data, Fortran order, other dtypes (object arrays, i.e.
 * pickles, included), shapes whose size overflows or differs from the data present,
 * truncated or trailing bytes, encrypted or multi-disk or ZIP64 archives, other compression
 * methods.
 *
 * Status codes: SN_SUCCESS; SN_EFAILED when a file cannot be opened, read or written;
 * SN_EINVAL for malformed content; SN_EUNIMPL for valid files using what is not supported
 * (the list above); SN_ENOMEM; SN_EDOM for invalid arguments. On failure err holds one line
 * naming the file (and the member) and the problem; outputs are left empty.
 */
#ifndef SELFNORM_NPY_H
#define SELFNORM_NPY_H

#include <stddef.h>
#include "selfnorm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SN_NPY_MAXDIM 8
#define SN_NPY_NAME_MAX 128     /* bytes of a key, with its terminating NUL */

typedef enum { SN_NPY_F4, SN_NPY_F8 } sn_npy_dtype;   /* '<f4' float, '<f8' double */

typedef struct {
    char name[SN_NPY_NAME_MAX];  /* the key as np.load shows it: "W0" is member W0.npy */
    sn_npy_dtype dtype;
    int ndim;                    /* 0 (a scalar) .. SN_NPY_MAXDIM */
    size_t shape[SN_NPY_MAXDIM];
    size_t size;                 /* elements: the product of the shape (set by the readers;
                                    the writers compute it themselves) */
    void *data;                  /* float * (F4) or double * (F8), C order; the writers only
                                    read it */
} sn_npy_array;

typedef struct {
    size_t n;
    sn_npy_array *arrays;        /* in the archive's order */
} sn_npz;

/* Writers replace path atomically (a temporary file beside it, renamed). SN_SUCCESS if
 * they could: path is absent or a regular file, and its directory takes a new file; else
 * SN_EFAILED and why in err. For checking before hours of work, not instead of the status
 * of the write itself. */
int sn_npy_check_target(const char *path, char *err, size_t errlen);

/* One array as a .npy file (its name is not used). */
int sn_npy_write(const char *path, const sn_npy_array *a, char *err, size_t errlen);

/* n ≥ 1 arrays as a .npz archive, members NAME.npy; names must be distinct, non-empty keys
 * (see above) shorter than SN_NPY_NAME_MAX. */
int sn_npz_write(const char *path, const sn_npy_array *arrays, size_t n, char *err,
                 size_t errlen);

/* One .npy file; a->name is set to "". Free with sn_npy_free. */
int sn_npy_read(sn_npy_array *a, const char *path, char *err, size_t errlen);

/* Every member of a .npz archive. Free with sn_npz_free. */
int sn_npz_read(sn_npz *z, const char *path, char *err, size_t errlen);

/* The same, refusing (SN_EINVAL) before anything is inflated an archive whose members
 * declare more than max_bytes uncompressed bytes in all: a reader that knows what it expects
 * (sn_net_load: its network's arrays) is not made to inflate a bomb. */
int sn_npz_read_max(sn_npz *z, const char *path, size_t max_bytes, char *err, size_t errlen);

/* The member of that key, or NULL. */
const sn_npy_array *sn_npz_find(const sn_npz *z, const char *name);

void sn_npy_free(sn_npy_array *a);   /* frees data; the struct is zeroed */
void sn_npz_free(sn_npz *z);

#ifdef __cplusplus
}
#endif

#endif
