/* dataset.h - image-classification data in memory: MNIST-format (IDX) and CIFAR-10 binary
 * files, read strictly, and standardized as the paper prescribes.
 *
 * Formats:
 *   IDX (MNIST, Fashion-MNIST), each file gzipped or plain (told apart by the gzip magic
 *     1f 8b): images are big-endian u32 0x00000803, count, rows, cols, then count·rows·cols
 *     bytes; labels are 0x00000801, count, then count bytes. A directory holds
 *     train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
 *     t10k-labels-idx1-ubyte, each with or without .gz (the plain file is taken if both are
 *     there). Debian's dataset-fashion-mnist installs them in /usr/share/datasets/fashion-mnist.
 *   CIFAR-10 binary version: records of 1 label byte and 3072 pixel bytes (the red, green and
 *     blue 32×32 planes, in this order, kept so in x); data_batch_1.bin ... data_batch_5.bin
 *     are the training set, test_batch.bin the test set, in the directory or in its
 *     subdirectory cifar-10-batches-bin (as the archive unpacks). Plain files only; a file
 *     may hold any whole number of records (the official ones hold 10000).
 *
 * Every reader checks a file before it allocates: headers are read first, counts compared
 * between images and labels, the memory needed (checked for size_t overflow) is compared with
 * 80% of physical memory, and plain files must be exactly as long as their header says.
 * Gzipped files are decompressed into a buffer grown as data actually arrives, so a small
 * file declaring a huge count costs no memory. zlib ignores bytes after the end of a gzip
 * stream (as gunzip does); trailing data inside the stream is an error.
 *
 * Status codes: SN_SUCCESS; SN_EFAILED when a file cannot be opened or read (missing, a
 * directory or FIFO, I/O error); SN_EINVAL for malformed content (wrong magic, truncated,
 * trailing data, counts that disagree, zero sizes, a label ≥ classes, corrupt gzip);
 * SN_ENOMEM when the data would not fit (or its size overflows); SN_EDOM for invalid
 * arguments. On failure err holds one line naming the file and the problem, and the output
 * dataset is left empty (all zero: sn_dataset_free on it is harmless).
 */
#ifndef SELFNORM_DATASET_H
#define SELFNORM_DATASET_H

#include <stddef.h>
#include <stdint.h>
#include "selfnorm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SN_DATASET_CLASSES 10   /* MNIST, Fashion-MNIST and CIFAR-10 alike */

typedef enum { SN_DATA_IDX, SN_DATA_CIFAR10 } sn_data_format;

typedef struct {
    size_t n;                      /* examples */
    size_t dim;                    /* features per example = channels·rows·cols */
    size_t channels, rows, cols;   /* the images' shape (channels 1 for IDX) */
    int classes;                   /* labels are in [0, classes) */
    float *x;                      /* n × dim, row-major: pixel values 0..255 as read */
    uint8_t *y;                    /* n labels */
} sn_dataset;

/* Per-feature statistics of a training set, to standardize it and its test set alike. */
typedef struct {
    size_t dim;
    double *mean;      /* per feature */
    double *sd;        /* per feature, population standard deviation (divided by n); 0 for a
                          constant feature */
    size_t constant;   /* how many features are constant */
} sn_standardizer;

/* The most features (pixels) an example may have: a network's layers are int-indexed, and
 * a first layer of this width already holds 2^48 weights. */
#define SN_DATASET_MAX_FEATURES (1 << 24)

/* Images and labels from two IDX files (each gzipped or plain); labels must be < classes
 * (1..256). */
int sn_dataset_read_idx(sn_dataset *d, const char *images_path, const char *labels_path,
                        int classes, char *err, size_t errlen);

/* CIFAR-10 binary batches, concatenated in the order given (npaths ≥ 1). */
int sn_dataset_read_cifar10(sn_dataset *d, const char *const *paths, size_t npaths,
                            char *err, size_t errlen);

/* Which format `dir` holds, by the file names present (SN_EINVAL if neither set, or an
 * incomplete one: the message names the missing file). */
int sn_dataset_detect(sn_data_format *format, const char *dir, char *err, size_t errlen);

/* Detects the format of `dir` and reads its training and test sets (10 classes). On failure
 * both are left empty. format may be NULL. */
int sn_dataset_load_dir(sn_dataset *train, sn_dataset *test, sn_data_format *format,
                        const char *dir, char *err, size_t errlen);

/* Keeps the first n examples (deterministic; SN_EDOM if n is 0 or more than d->n). Take the
 * subset before fitting the standardizer, so that the statistics are those of the examples
 * trained on. */
int sn_dataset_subset(sn_dataset *d, size_t n, char *err, size_t errlen);

/* Mean and standard deviation of every feature over the training set (two passes in double).
 * SN_EDOM for an empty set, SN_ENOMEM if allocation fails. */
int sn_standardizer_fit(sn_standardizer *s, const sn_dataset *train);

/* x ← (x − mean)/sd per feature, for the training set and, with the training set's
 * statistics, the test set. A feature constant in the training set (sd = 0) becomes 0 in both:
 * the network cannot learn from it (its first-layer weights get no gradient), and a test value
 * that differs would otherwise enter in raw gray levels through those untrained weights.
 * (Fashion-MNIST's training set has no constant pixel: its smallest sd is 0.093 gray levels;
 * MNIST's blank borders and small --subset runs have some.)
 * SN_EDOM if the dimensions differ; SN_ERANGE if a value comes out not finite in float
 * (a standardization from elsewhere, e.g. a saved network's, with a tiny sd). */
int sn_standardizer_apply(sn_dataset *d, const sn_standardizer *s);

void sn_standardizer_free(sn_standardizer *s);
void sn_dataset_free(sn_dataset *d);

const char *sn_data_format_name(sn_data_format f);   /* "idx", "cifar10" */

#ifdef __cplusplus
}
#endif

#endif
