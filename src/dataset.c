/* dataset.c - IDX and CIFAR-10 readers, the subset, standardization (dataset.h). */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <gsl/gsl_errno.h>
#include "selfnorm/dataset.h"
#include "sysio_internal.h"

#define IDX_IMAGES 0x00000803u
#define IDX_LABELS 0x00000801u
#define CIFAR_PIXELS 3072
#define CIFAR_RECORD (1 + CIFAR_PIXELS)
#define FIRST_CHUNK ((size_t)1 << 20)
/* Real image files compress between 1.5:1 and 10:1 (Fashion-MNIST's training images 1.8:1,
 * MNIST's 4.7:1); zlib allows up to 1032:1. A payload that would inflate more than this
 * many times its compressed size is a decompression bomb, refused before it is inflated. */
#define MAX_GZIP_RATIO 100

const char *sn_data_format_name(sn_data_format f)
{
    return f == SN_DATA_IDX ? "idx" : f == SN_DATA_CIFAR10 ? "cifar10" : "?";
}

void sn_dataset_free(sn_dataset *d)
{
    if (!d) return;
    free(d->x);
    free(d->y);
    memset(d, 0, sizeof *d);
}

void sn_standardizer_free(sn_standardizer *s)
{
    if (!s) return;
    free(s->mean);
    free(s->sd);
    memset(s, 0, sizeof *s);
}

/* sizes in messages: a user deciding whether to buy memory wants GB, not bytes */
static void human(char *buf, size_t len, double bytes)
{
    const char *unit[] = { "bytes", "kB", "MB", "GB", "TB", "PB", "EB" };
    int u = 0;
    while (bytes >= 1000 && u < 6) { bytes /= 1000; u++; }
    snprintf(buf, len, u == 0 ? "%.0f %s" : bytes < 1000 ? "%.1f %s" : "%.3g %s", bytes, unit[u]);
}

static int no_memory(const char *path, const char *what, double bytes, char *err, size_t errlen)
{
    char need[32], phys[32];
    human(need, sizeof need, bytes);
    human(phys, sizeof phys, (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE));
    snprintf(err, errlen, "%s: %s need %s, more than %.0f%% of physical memory (%s)", path, what,
             need, 100 * SN_MEMORY_SHARE, phys);
    return GSL_ENOMEM;
}

/* ---- one input file, gzipped or plain -------------------------------------------------- */

/* A gzip file is inflated here rather than by gzread, which ignores whatever follows the
 * last gzip member: a damaged or appended-to file must be refused, not half read. */
typedef struct {
    const char *path;
    int fd;
    int gzip;          /* by its magic */
    off_t size;        /* on disk */
    z_stream zs;
    unsigned char *in; /* raw input buffer (gzip) */
    int eof;           /* no more raw bytes */
    int done;          /* the last member ended and nothing follows */
} src;

#define RAW_CHUNK ((size_t)1 << 17)

static int src_open(src *f, const char *path, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    f->path = path;
    f->fd = -1;
    int st = sn_open_regular(&f->fd, &f->size, path, err, errlen);
    if (st) return st;
    unsigned char magic[2];
    f->gzip = pread(f->fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    if (!f->gzip) return GSL_SUCCESS;
    f->in = malloc(RAW_CHUNK);
    if (!f->in || inflateInit2(&f->zs, 16 + MAX_WBITS) != Z_OK) {   /* 16: gzip wrapper */
        free(f->in);
        f->in = NULL;
        close(f->fd);
        f->fd = -1;
        snprintf(err, errlen, "%s: cannot open (out of memory)", path);
        return GSL_ENOMEM;
    }
    return GSL_SUCCESS;
}

static void src_close(src *f)
{
    if (f->in) inflateEnd(&f->zs);
    free(f->in);
    f->in = NULL;
    if (f->fd >= 0) close(f->fd);
    f->fd = -1;
}

/* More raw bytes after the unread ones (moved to the front); sets eof at the end. */
static int src_fill(src *f, char *err, size_t errlen)
{
    if (f->zs.avail_in) memmove(f->in, f->zs.next_in, f->zs.avail_in);   /* next_in is NULL at first */
    f->zs.next_in = f->in;
    for (;;) {
        ssize_t r = read(f->fd, f->in + f->zs.avail_in, RAW_CHUNK - f->zs.avail_in);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            snprintf(err, errlen, "%s: read error: %s", f->path, strerror(errno));
            return GSL_EFAILED;
        }
        if (r == 0) f->eof = 1;
        f->zs.avail_in += (uInt)r;
        return GSL_SUCCESS;
    }
}

/* Up to len bytes into buf; *got < len only at the end of the data. */
static int src_read(src *f, void *buf, size_t len, size_t *got, char *err, size_t errlen)
{
    *got = 0;
    while (*got < len && !f->gzip) {
        ssize_t r = read(f->fd, (char *)buf + *got, len - *got);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            snprintf(err, errlen, "%s: read error: %s", f->path, strerror(errno));
            return GSL_EFAILED;
        }
        if (r == 0) return GSL_SUCCESS;
        *got += (size_t)r;
    }
    while (*got < len && !f->done) {
        int st;
        if (f->zs.avail_in == 0 && !f->eof && (st = src_fill(f, err, errlen))) return st;
        size_t want = len - *got;
        if (want > (size_t)1 << 30) want = (size_t)1 << 30;   /* avail_out is a uInt */
        f->zs.next_out = (unsigned char *)buf + *got;
        f->zs.avail_out = (uInt)want;
        int r = inflate(&f->zs, Z_NO_FLUSH);
        *got += want - f->zs.avail_out;
        if (r == Z_STREAM_END) {
            /* another member (concatenated gzip files are one stream), or the true end */
            if (f->zs.avail_in < 2 && !f->eof && (st = src_fill(f, err, errlen))) return st;
            if (f->zs.avail_in == 0) { f->done = 1; break; }
            if (f->zs.avail_in < 2 || f->zs.next_in[0] != 0x1f || f->zs.next_in[1] != 0x8b) {
                snprintf(err, errlen, "%s: trailing data after the gzip stream (not another "
                         "gzip member)", f->path);
                return GSL_EINVAL;
            }
            inflateReset(&f->zs);
        } else if (r == Z_BUF_ERROR && f->eof && f->zs.avail_in == 0) {
            snprintf(err, errlen, "%s: truncated gzip stream (it ends after %zu bytes of data)",
                     f->path, (size_t)f->zs.total_out);
            return GSL_EINVAL;
        } else if (r != Z_OK && r != Z_BUF_ERROR) {
            snprintf(err, errlen, "%s: corrupt gzip stream (zlib: %s)", f->path,
                     f->zs.msg ? f->zs.msg : r == Z_MEM_ERROR ? "out of memory" : "bad data");
            return r == Z_MEM_ERROR ? GSL_ENOMEM : GSL_EINVAL;
        }
    }
    return GSL_SUCCESS;
}

/* The header of `words` big-endian u32. */
static int read_header(uint32_t *w, int words, src *f, const char *what, char *err, size_t errlen)
{
    unsigned char b[16];
    size_t got, need = 4 * (size_t)words;
    int st = src_read(f, b, need, &got, err, errlen);
    if (st) return st;
    if (got < need) {
        snprintf(err, errlen, "%s: truncated %s header (%zu of %zu bytes)", f->path, what, got,
                 need);
        return GSL_EINVAL;
    }
    for (int i = 0; i < words; i++)
        w[i] = (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16
               | (uint32_t)b[4 * i + 2] << 8 | b[4 * i + 3];
    return GSL_SUCCESS;
}

/* Exactly len payload bytes after a header of hlen bytes, and nothing after them. A plain
 * file's length is checked before anything is allocated; a gzip stream's is known only by
 * reading, so the buffer grows with the data that arrives. */
static int read_payload(uint8_t **out, src *f, size_t len, size_t hlen, const char *unit,
                        size_t unit_size, char *err, size_t errlen)
{
    *out = NULL;
    char what[96] = "";
    if (unit_size > 1)
        snprintf(what, sizeof what, " (%zu %ss of %zu bytes)", len / unit_size, unit, unit_size);
    size_t have = f->gzip ? 0 : (size_t)f->size - hlen;   /* plain: the header is read */
    if (!f->gzip && have > len) {
        snprintf(err, errlen, "%s: %zu bytes of trailing data after the %zu %ss the header "
                 "declares", f->path, have - len, len / unit_size, unit);
        return GSL_EINVAL;
    }
    if (!f->gzip && have < len) goto truncated;
    if (f->gzip && (double)len > MAX_GZIP_RATIO * (double)f->size) {
        snprintf(err, errlen, "%s: the header declares %zu bytes of %s data, more than %d times "
                 "the %lld bytes of the gzip file: refused as a decompression bomb", f->path, len,
                 unit, MAX_GZIP_RATIO, (long long)f->size);
        return GSL_EINVAL;
    }
    size_t cap = f->gzip && len > FIRST_CHUNK ? FIRST_CHUNK : len;
    uint8_t *buf = malloc(cap);
    if (!buf) goto nomem;
    have = 0;
    for (;;) {
        size_t got;
        int st = src_read(f, buf + have, cap - have, &got, err, errlen);
        if (st) { free(buf); return st; }
        have += got;
        if (have < cap || cap == len) break;
        size_t next = cap > len / 2 ? len : 2 * cap;
        uint8_t *nb = realloc(buf, next);
        if (!nb) { free(buf); goto nomem; }
        buf = nb;
        cap = next;
    }
    if (have < len) { free(buf); goto truncated; }
    /* one byte more: trailing data inside the stream, and reading on checks the gzip trailer */
    unsigned char extra;
    size_t got;
    int st = src_read(f, &extra, 1, &got, err, errlen);
    if (st || got) {
        if (!st) snprintf(err, errlen, "%s: trailing data after the %zu %ss the header declares",
                          f->path, len / unit_size, unit);
        free(buf);
        return st ? st : GSL_EINVAL;
    }
    *out = buf;
    return GSL_SUCCESS;
truncated:
    snprintf(err, errlen, "%s: truncated: %zu bytes of %s data, the header declares %zu%s",
             f->path, have, unit, len, what);
    return GSL_EINVAL;
nomem:
    snprintf(err, errlen, "%s: out of memory for %zu bytes of %s data", f->path, len, unit);
    return GSL_ENOMEM;
}

/* ---- IDX ------------------------------------------------------------------------------- */

int sn_dataset_read_idx(sn_dataset *d, const char *images_path, const char *labels_path,
                        int classes, char *err, size_t errlen)
{
    if (!d || !images_path || !labels_path || !err || classes < 1 || classes > 256) {
        if (err && errlen) snprintf(err, errlen, "sn_dataset_read_idx: invalid arguments");
        if (d) memset(d, 0, sizeof *d);
        return GSL_EDOM;
    }
    memset(d, 0, sizeof *d);
    src fi, fl;
    uint32_t hi[4], hl[2];
    uint8_t *pix = NULL, *lab = NULL;
    int st = src_open(&fi, images_path, err, errlen);
    if (st) return st;
    st = src_open(&fl, labels_path, err, errlen);
    if (st) { src_close(&fi); return st; }

    if ((st = read_header(hi, 4, &fi, "IDX image", err, errlen))) goto done;
    st = GSL_EINVAL;
    if (hi[0] != IDX_IMAGES) {
        snprintf(err, errlen, "%s: not an IDX image file (magic 0x%08x, expected 0x%08x)",
                 images_path, hi[0], IDX_IMAGES);
        goto done;
    }
    if (hi[1] == 0 || hi[2] == 0 || hi[3] == 0) {
        snprintf(err, errlen, "%s: declares %u images of %u×%u pixels: nothing to read",
                 images_path, hi[1], hi[2], hi[3]);
        goto done;
    }
    if ((st = read_header(hl, 2, &fl, "IDX label", err, errlen))) goto done;
    st = GSL_EINVAL;
    if (hl[0] != IDX_LABELS) {
        snprintf(err, errlen, "%s: not an IDX label file (magic 0x%08x, expected 0x%08x)",
                 labels_path, hl[0], IDX_LABELS);
        goto done;
    }
    if (hl[1] != hi[1]) {
        snprintf(err, errlen, "%s declares %u images but %s declares %u labels", images_path,
                 hi[1], labels_path, hl[1]);
        goto done;
    }
    size_t n = hi[1], dim = sn_mul3(hi[2], hi[3], 1);
    if (dim > SN_DATASET_MAX_FEATURES) {
        snprintf(err, errlen, "%s: images of %u×%u pixels: more than the %d features a network "
                 "here takes", images_path, hi[2], hi[3], SN_DATASET_MAX_FEATURES);
        goto done;
    }
    size_t need = sn_mul3(n, dim, sizeof(float) + 1);   /* the pixels as bytes, then as floats */
    if (dim == 0 || !sn_memory_fits(need)) {
        st = no_memory(images_path, "the declared images", (double)n * hi[2] * hi[3] * 5, err,
                       errlen);
        goto done;
    }
    if ((st = read_payload(&lab, &fl, n, 8, "label", 1, err, errlen))) goto done;
    for (size_t i = 0; i < n; i++)
        if (lab[i] >= classes) {
            snprintf(err, errlen, "%s: label %u of example %zu is not below %d (the number of "
                     "classes)", labels_path, lab[i], i, classes);
            st = GSL_EINVAL;
            goto done;
        }
    if ((st = read_payload(&pix, &fi, n * dim, 16, "image", dim, err, errlen))) goto done;
    d->x = malloc(n * dim * sizeof(float));
    if (!d->x) {
        st = no_memory(images_path, "the images", (double)n * dim * sizeof(float), err, errlen);
        goto done;
    }
    for (size_t i = 0; i < n * dim; i++) d->x[i] = pix[i];
    d->y = lab;
    lab = NULL;
    d->n = n;
    d->dim = dim;
    d->channels = 1;
    d->rows = hi[2];
    d->cols = hi[3];
    d->classes = classes;
    st = GSL_SUCCESS;
done:
    free(pix);
    free(lab);
    src_close(&fi);
    src_close(&fl);
    if (st) sn_dataset_free(d);
    return st;
}

/* ---- CIFAR-10 -------------------------------------------------------------------------- */

int sn_dataset_read_cifar10(sn_dataset *d, const char *const *paths, size_t npaths,
                            char *err, size_t errlen)
{
    if (!d || !paths || npaths == 0 || !err) {
        if (err && errlen) snprintf(err, errlen, "sn_dataset_read_cifar10: invalid arguments");
        if (d) memset(d, 0, sizeof *d);
        return GSL_EDOM;
    }
    memset(d, 0, sizeof *d);
    /* every file's size first: the total decides the allocation */
    size_t n = 0;
    int st = GSL_SUCCESS;
    for (size_t k = 0; k < npaths; k++) {
        int fd;
        off_t size;
        if ((st = sn_open_regular(&fd, &size, paths[k], err, errlen))) return st;
        close(fd);
        if (size == 0 || size % CIFAR_RECORD) {
            snprintf(err, errlen, "%s: %jd bytes is not a whole, nonzero number of CIFAR-10 "
                     "records (%d bytes each)%s", paths[k], (intmax_t)size, CIFAR_RECORD,
                     size ? ": truncated or trailing data" : "");
            return GSL_EINVAL;
        }
        n += (size_t)size / CIFAR_RECORD;
    }
    if (!sn_memory_fits(sn_mul3(n, CIFAR_PIXELS, sizeof(float))))
        return no_memory(paths[0], "the CIFAR-10 batches", (double)n * CIFAR_PIXELS * 4, err,
                         errlen);
    d->x = malloc(n * CIFAR_PIXELS * sizeof(float));
    d->y = malloc(n);
    uint8_t *rec = malloc((size_t)CIFAR_RECORD * 1000);
    if (!d->x || !d->y || !rec) {
        free(rec);
        sn_dataset_free(d);
        return no_memory(paths[0], "the CIFAR-10 batches", (double)n * CIFAR_PIXELS * 4, err,
                         errlen);
    }
    size_t i = 0;
    for (size_t k = 0; k < npaths && !st; k++) {
        FILE *f = fopen(paths[k], "rb");
        if (!f) {
            snprintf(err, errlen, "%s: %s", paths[k], strerror(errno));
            st = GSL_EFAILED;
            break;
        }
        size_t got, record = 0;
        while (!st && (got = fread(rec, CIFAR_RECORD, 1000, f)) > 0) {
            /* the sizes were checked above; a file that grew since is an error, not overflow */
            if (i + got > n) {
                snprintf(err, errlen, "%s: changed while being read", paths[k]);
                st = GSL_EINVAL;
                break;
            }
            for (size_t r = 0; r < got; r++, i++, record++) {
                const uint8_t *p = rec + r * CIFAR_RECORD;
                if (p[0] >= SN_DATASET_CLASSES) {
                    snprintf(err, errlen, "%s: label %u of record %zu is not below %d (the "
                             "number of classes)", paths[k], p[0], record, SN_DATASET_CLASSES);
                    st = GSL_EINVAL;
                    break;
                }
                d->y[i] = p[0];
                float *x = d->x + i * CIFAR_PIXELS;
                for (int j = 0; j < CIFAR_PIXELS; j++) x[j] = p[1 + j];
            }
        }
        if (!st && ferror(f)) {
            snprintf(err, errlen, "%s: read error: %s", paths[k], strerror(errno));
            st = GSL_EFAILED;
        }
        fclose(f);
    }
    if (!st && i != n) {
        snprintf(err, errlen, "%s: changed while being read", paths[npaths - 1]);
        st = GSL_EINVAL;
    }
    free(rec);
    if (st) { sn_dataset_free(d); return st; }
    d->n = n;
    d->dim = CIFAR_PIXELS;
    d->channels = 3;
    d->rows = d->cols = 32;
    d->classes = SN_DATASET_CLASSES;
    return GSL_SUCCESS;
}

/* ---- a directory ----------------------------------------------------------------------- */

static const char *const IDX_NAMES[4] = { "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                                          "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" };
static const char *const CIFAR_NAMES[6] = { "data_batch_1.bin", "data_batch_2.bin",
                                            "data_batch_3.bin", "data_batch_4.bin",
                                            "data_batch_5.bin", "test_batch.bin" };

static int exists(const char *dir, const char *name, const char *suffix)
{
    char p[PATH_MAX];
    struct stat st;
    if ((size_t)snprintf(p, sizeof p, "%s/%s%s", dir, name, suffix) >= sizeof p) return 0;
    return lstat(p, &st) == 0;
}

/* the IDX file of a name: the plain one if present, else the .gz (or the plain name, absent,
 * for the message) */
static void idx_path(char *p, size_t len, const char *dir, const char *name)
{
    int gz = !exists(dir, name, "") && exists(dir, name, ".gz");
    snprintf(p, len, "%s/%s%s", dir, name, gz ? ".gz" : "");
}

/* count of names of the set present; *missing the first absent one */
static int present(const char *dir, const char *const *names, int k, int gz_too,
                   const char **missing)
{
    int c = 0;
    *missing = NULL;
    for (int i = 0; i < k; i++) {
        if (exists(dir, names[i], "") || (gz_too && exists(dir, names[i], ".gz"))) c++;
        else if (!*missing) *missing = names[i];
    }
    return c;
}

/* the directory that holds the files: dir, or dir/cifar-10-batches-bin for CIFAR-10 */
static int detect(sn_data_format *format, char *where, size_t wlen, const char *dir, char *err,
                  size_t errlen)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return GSL_EFAILED;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: not a directory (give the directory holding the data files)",
                 dir);
        return GSL_EFAILED;
    }
    const char *missing;
    int idx = present(dir, IDX_NAMES, 4, 1, &missing);
    if (idx == 4) { *format = SN_DATA_IDX; snprintf(where, wlen, "%s", dir); return 0; }
    if (idx > 0) {
        snprintf(err, errlen, "%s: %s[.gz] is missing (the directory has other MNIST-format "
                 "files)", dir, missing);
        return GSL_EINVAL;
    }
    char sub[PATH_MAX];
    snprintf(sub, sizeof sub, "%s/cifar-10-batches-bin", dir);
    const char *cdir = dir;
    int cifar = present(dir, CIFAR_NAMES, 6, 0, &missing);
    if (cifar == 0 && stat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
        cdir = sub;
        cifar = present(sub, CIFAR_NAMES, 6, 0, &missing);
    }
    if (cifar == 6) { *format = SN_DATA_CIFAR10; snprintf(where, wlen, "%s", cdir); return 0; }
    if (cifar > 0) {
        snprintf(err, errlen, "%s: %s is missing (the directory has other CIFAR-10 files)", cdir,
                 missing);
        return GSL_EINVAL;
    }
    snprintf(err, errlen, "%s: neither MNIST-format files (train-images-idx3-ubyte[.gz], ...) "
             "nor CIFAR-10 binary batches (data_batch_1.bin, ..., test_batch.bin)", dir);
    return GSL_EINVAL;
}

int sn_dataset_detect(sn_data_format *format, const char *dir, char *err, size_t errlen)
{
    char where[PATH_MAX];
    if (!format || !dir || !err) return GSL_EDOM;
    return detect(format, where, sizeof where, dir, err, errlen);
}

int sn_dataset_load_dir(sn_dataset *train, sn_dataset *test, sn_data_format *format,
                        const char *dir, char *err, size_t errlen)
{
    if (!train || !test || !dir || !err) return GSL_EDOM;
    memset(train, 0, sizeof *train);
    memset(test, 0, sizeof *test);
    sn_data_format fmt;
    char where[PATH_MAX];
    int st = detect(&fmt, where, sizeof where, dir, err, errlen);
    if (st) return st;
    if (format) *format = fmt;
    if (fmt == SN_DATA_IDX) {
        char p[4][PATH_MAX + 8];
        for (int i = 0; i < 4; i++) idx_path(p[i], sizeof p[i], where, IDX_NAMES[i]);
        st = sn_dataset_read_idx(train, p[0], p[1], SN_DATASET_CLASSES, err, errlen);
        if (!st) st = sn_dataset_read_idx(test, p[2], p[3], SN_DATASET_CLASSES, err, errlen);
    } else {
        char p[6][PATH_MAX + 24];
        const char *pp[6];
        for (int i = 0; i < 6; i++) {
            snprintf(p[i], sizeof p[i], "%s/%s", where, CIFAR_NAMES[i]);
            pp[i] = p[i];
        }
        st = sn_dataset_read_cifar10(train, pp, 5, err, errlen);
        if (!st) st = sn_dataset_read_cifar10(test, pp + 5, 1, err, errlen);
    }
    if (!st && (train->dim != test->dim || train->rows != test->rows)) {
        snprintf(err, errlen, "%s: training images are %zu×%zu, test images %zu×%zu", dir,
                 train->rows, train->cols, test->rows, test->cols);
        st = GSL_EINVAL;
    }
    if (st) { sn_dataset_free(train); sn_dataset_free(test); }
    return st;
}

/* ---- subset and standardization -------------------------------------------------------- */

int sn_dataset_subset(sn_dataset *d, size_t n, char *err, size_t errlen)
{
    if (!d || !err) return GSL_EDOM;
    if (n == 0 || n > d->n) {
        snprintf(err, errlen, "a subset of %zu examples: the set has %zu", n, d->n);
        return GSL_EDOM;
    }
    /* shrinking cannot fail in a way that matters: on failure the larger block stays valid */
    float *x = realloc(d->x, n * d->dim * sizeof(float));
    if (x) d->x = x;
    uint8_t *y = realloc(d->y, n);
    if (y) d->y = y;
    d->n = n;
    return GSL_SUCCESS;
}

int sn_standardizer_fit(sn_standardizer *s, const sn_dataset *train)
{
    if (!s) return GSL_EDOM;
    memset(s, 0, sizeof *s);
    if (!train || train->n == 0 || train->dim == 0 || !train->x) return GSL_EDOM;
    size_t n = train->n, dim = train->dim;
    s->mean = calloc(dim, sizeof(double));
    s->sd = calloc(dim, sizeof(double));
    if (!s->mean || !s->sd) { sn_standardizer_free(s); return GSL_ENOMEM; }
    s->dim = dim;
    /* two passes, row by row (the matrix's order): the centred sums do not cancel */
    for (size_t i = 0; i < n; i++) {
        const float *x = train->x + i * dim;
        for (size_t j = 0; j < dim; j++) s->mean[j] += x[j];
    }
    for (size_t j = 0; j < dim; j++) s->mean[j] /= (double)n;
    for (size_t i = 0; i < n; i++) {
        const float *x = train->x + i * dim;
        for (size_t j = 0; j < dim; j++) {
            double c = x[j] - s->mean[j];
            s->sd[j] += c * c;
        }
    }
    for (size_t j = 0; j < dim; j++) {
        s->sd[j] = sqrt(s->sd[j] / (double)n);
        if (s->sd[j] == 0) s->constant++;
    }
    return GSL_SUCCESS;
}

int sn_standardizer_apply(sn_dataset *d, const sn_standardizer *s)
{
    if (!d || !s || !s->mean || d->dim != s->dim) return GSL_EDOM;
    int finite = 1;
    for (size_t i = 0; i < d->n; i++) {
        float *x = d->x + i * d->dim;
        for (size_t j = 0; j < d->dim; j++) {
            x[j] = s->sd[j] > 0 ? (float)((x[j] - s->mean[j]) / s->sd[j]) : 0.0f;
            finite &= isfinite(x[j]);
        }
    }
    /* a standardization not fitted here (a saved one) can overflow float: refused */
    return finite ? GSL_SUCCESS : GSL_ERANGE;
}
