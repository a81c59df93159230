/* test_dataset.c - the IDX and CIFAR-10 readers on files written here (exact round trips and
 * every kind of malformed file), standardization against a direct computation, and the real
 * Fashion-MNIST when Debian's dataset-fashion-mnist is installed. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include "testutil.h"

#define FASHION "/usr/share/datasets/fashion-mnist"

#define TMPDIR_PREFIX "selfnorm-dataset"
#include "tmpdir.h"

static void write_bytes(const char *name, const void *b, size_t len, int gz)
{
    if (gz) {
        gzFile f = gzopen(path(name), "wb");
        assert_non_null(f);
        if (len) assert_int_equal(gzwrite(f, b, (unsigned)len), (int)len);
        assert_int_equal(gzclose(f), Z_OK);
    } else {
        FILE *f = fopen(path(name), "wb");
        assert_non_null(f);
        if (len) assert_int_equal(fwrite(b, 1, len, f), len);
        assert_int_equal(fclose(f), 0);
    }
}

static size_t read_bytes(const char *name, unsigned char *b, size_t cap)
{
    FILE *f = fopen(path(name), "rb");
    assert_non_null(f);
    size_t n = fread(b, 1, cap, f);
    fclose(f);
    return n;
}

static void be32(unsigned char *p, uint32_t v)
{
    p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

/* an IDX image file's bytes: header and pixel (i·7 + j·3 + 1) mod 256 of image i */
static size_t idx_images(unsigned char *b, uint32_t magic, uint32_t n, uint32_t r, uint32_t c)
{
    be32(b, magic); be32(b + 4, n); be32(b + 8, r); be32(b + 12, c);
    size_t dim = (size_t)r * c;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < dim; j++) b[16 + i * dim + j] = (unsigned char)(i * 7 + j * 3 + 1);
    return 16 + n * dim;
}

static size_t idx_labels(unsigned char *b, uint32_t magic, uint32_t n)
{
    be32(b, magic); be32(b + 4, n);
    for (size_t i = 0; i < n; i++) b[8 + i] = (unsigned char)((i * 3) % 10);
    return 8 + n;
}

static int empty(const sn_dataset *d)
{
    return d->n == 0 && d->dim == 0 && d->x == NULL && d->y == NULL;
}

/* read_idx on two named files: status `want`, err naming `who` and containing `what` */
static void idx_fails(const char *img, const char *lab, int want, const char *who,
                      const char *what)
{
    sn_dataset d;
    char err[256] = "";
    int st = sn_dataset_read_idx(&d, path(img), path(lab), 10, err, sizeof err);
    if (getenv("SN_TEST_VERBOSE")) printf("  %s\n", err);   /* to read the messages */
    if (st != want || !strstr(err, who) || !strstr(err, what) || !empty(&d))
        fail_msg("%s + %s: status %d (want %d), err '%s' (want '%s' and '%s')", img, lab, st,
                 want, err, who, what);
}

static void test_idx_round_trip(void **state)
{
    (void)state;
    static unsigned char b[16 + 5 * 6 * 4], l[8 + 5];
    size_t nb = idx_images(b, 0x803, 5, 6, 4), nl = idx_labels(l, 0x801, 5);
    for (int gz = 0; gz < 4; gz++) {   /* images and labels each gzipped or plain */
        write_bytes("img", b, nb, gz & 1);
        write_bytes("lab", l, nl, gz & 2);
        sn_dataset d;
        char err[256];
        int st = sn_dataset_read_idx(&d, path("img"), path("lab"), 10, err, sizeof err);
        if (st) fail_msg("%s", err);
        assert_int_equal(d.n, 5);
        assert_int_equal(d.dim, 24);
        assert_int_equal(d.rows, 6);
        assert_int_equal(d.cols, 4);
        assert_int_equal(d.channels, 1);
        assert_int_equal(d.classes, 10);
        for (size_t i = 0; i < 5; i++) {
            assert_int_equal(d.y[i], (i * 3) % 10);
            for (size_t j = 0; j < 24; j++) assert_true(d.x[i * 24 + j] == b[16 + i * 24 + j]);
        }
        sn_dataset_free(&d);
        sn_dataset_free(&d);   /* harmless twice */
    }
    /* two gzip members, one after the other (`cat a.gz b.gz`): one stream of their data */
    static unsigned char two[2][4096];
    write_bytes("img.gz", b, 40, 1);
    size_t n0 = read_bytes("img.gz", two[0], sizeof two[0]);
    write_bytes("img.gz", b + 40, nb - 40, 1);
    size_t n1 = read_bytes("img.gz", two[1], sizeof two[1]);
    memcpy(two[0] + n0, two[1], n1);
    write_bytes("img.gz", two[0], n0 + n1, 0);
    write_bytes("lab", l, nl, 0);
    sn_dataset d;
    char err[256];
    if (sn_dataset_read_idx(&d, path("img.gz"), path("lab"), 10, err, sizeof err)) fail_msg("%s", err);
    assert_int_equal(d.n, 5);
    for (size_t j = 0; j < 5 * 24; j++) assert_true(d.x[j] == b[16 + j]);
    sn_dataset_free(&d);
}

/* bytes b[0..len) cut at `cut` bytes, written plain and gzipped, must fail as `what` */
static void truncations(const unsigned char *b, size_t len, int images)
{
    static unsigned char ok_i[16 + 5 * 6 * 4], ok_l[8 + 5];
    size_t ni = idx_images(ok_i, 0x803, 5, 6, 4), nl = idx_labels(ok_l, 0x801, 5);
    size_t cuts[] = { 0, 1, 3, 4, 7, images ? 15 : 7, images ? 16 : 8, images ? 17 : 9, len / 2,
                      len - 1 };
    for (size_t k = 0; k < sizeof cuts / sizeof *cuts; k++)
        for (int gz = 0; gz < 2; gz++) {
            write_bytes(images ? "img" : "lab", b, cuts[k], gz);
            write_bytes(images ? "lab" : "img", images ? ok_l : ok_i, images ? nl : ni, 0);
            idx_fails("img", "lab", GSL_EINVAL, images ? "img" : "lab", "truncated");
        }
}

static void test_idx_truncated(void **state)
{
    (void)state;
    static unsigned char b[16 + 5 * 6 * 4], l[8 + 5];
    truncations(b, idx_images(b, 0x803, 5, 6, 4), 1);
    truncations(l, idx_labels(l, 0x801, 5), 0);
    /* a gzip file cut inside its compressed stream (not just short of data) */
    static unsigned char big[16 + 100 * 28 * 28], gzb[200000];
    size_t n = idx_images(big, 0x803, 100, 28, 28);
    uint32_t r = 12345;   /* noisy pixels, so that the file compresses like a real one */
    for (size_t i = 16; i < n; i++) big[i] = (unsigned char)((r = r * 1103515245u + 12345u) >> 24);
    write_bytes("img.gz", big, n, 1);
    size_t gzlen = read_bytes("img.gz", gzb, sizeof gzb);
    static unsigned char l100[8 + 100];
    write_bytes("lab", l100, idx_labels(l100, 0x801, 100), 0);
    for (size_t cut = 10; cut < gzlen; cut += gzlen / 7) {
        write_bytes("img.gz", gzb, cut, 0);
        idx_fails("img.gz", "lab", GSL_EINVAL, "img.gz", "truncated");
    }
    write_bytes("img.gz", gzb, gzlen - 6, 0);   /* cut inside the trailer's CRC-32 */
    idx_fails("img.gz", "lab", GSL_EINVAL, "img.gz", "gzip");
}

static void test_idx_malformed(void **state)
{
    (void)state;
    static unsigned char b[16 + 5 * 6 * 4 + 8], l[8 + 20 + 8];
    size_t nl = idx_labels(l, 0x801, 5);
    write_bytes("lab", l, nl, 0);
    /* wrong magic: labels as images, images as labels, a 3-byte-per-entry type */
    write_bytes("img", b, idx_images(b, 0x801, 5, 6, 4), 0);
    idx_fails("img", "lab", GSL_EINVAL, "img", "not an IDX image file (magic 0x00000801");
    write_bytes("img", b, idx_images(b, 0x803, 5, 6, 4), 0);
    idx_fails("img", "img", GSL_EINVAL, "img", "not an IDX label file");
    write_bytes("lab20", l, idx_labels(l, 0x801, 20), 0);
    idx_fails("lab20", "lab", GSL_EINVAL, "lab20", "not an IDX image file");
    /* counts that disagree */
    write_bytes("img", b, idx_images(b, 0x803, 4, 6, 4), 0);
    idx_fails("img", "lab", GSL_EINVAL, "lab", "declares 4 images but");
    /* zero count, rows, cols */
    write_bytes("img", b, idx_images(b, 0x803, 0, 6, 4), 0);
    write_bytes("lab0", l, idx_labels(l, 0x801, 0), 0);
    idx_fails("img", "lab0", GSL_EINVAL, "img", "nothing to read");
    write_bytes("img", b, idx_images(b, 0x803, 5, 0, 4), 0);
    idx_fails("img", "lab", GSL_EINVAL, "img", "nothing to read");
    write_bytes("img", b, idx_images(b, 0x803, 5, 6, 0), 0);
    idx_fails("img", "lab", GSL_EINVAL, "img", "nothing to read");
    /* trailing data: plain, and inside a gzip stream */
    nl = idx_labels(l, 0x801, 5);
    size_t ni = idx_images(b, 0x803, 5, 6, 4);
    for (int gz = 0; gz < 2; gz++) {
        write_bytes("img", b, ni + 3, gz);
        idx_fails("img", "lab", GSL_EINVAL, "img", "trailing data");
        write_bytes("img", b, ni, gz);
        write_bytes("lab", l, nl + 1, gz);
        idx_fails("img", "lab", GSL_EINVAL, "lab", "trailing data");
        write_bytes("lab", l, nl, 0);
    }
    /* a label ≥ the number of classes */
    l[8 + 3] = 10;
    write_bytes("lab", l, nl, 0);
    idx_fails("img", "lab", GSL_EINVAL, "lab", "label 10 of example 3 is not below 10");
    l[8 + 3] = 255;
    write_bytes("lab", l, nl, 1);
    idx_fails("img", "lab", GSL_EINVAL, "lab", "label 255 of example 3");
}

static void test_idx_huge_and_corrupt(void **state)
{
    (void)state;
    unsigned char b[64] = { 0 }, l[64] = { 0 };
    /* declared sizes whose product overflows or far exceeds memory: refused before reading */
    be32(l, 0x801); be32(l + 4, 0xffffffffu);
    write_bytes("lab", l, 8, 0);
    be32(b, 0x803); be32(b + 4, 0xffffffffu); be32(b + 8, 0xffffffffu); be32(b + 12, 0xffffffffu);
    write_bytes("img", b, 16, 0);
    idx_fails("img", "lab", GSL_EINVAL, "img", "more than the 16777216 features");
    be32(b + 8, 4096); be32(b + 12, 4097);
    write_bytes("img", b, 16, 0);
    idx_fails("img", "lab", GSL_EINVAL, "img", "more than the 16777216 features");
    be32(b + 8, 280); be32(b + 12, 280);
    write_bytes("img", b, 16, 1);
    idx_fails("img", "lab", GSL_ENOMEM, "img", "of physical memory");
    /* a count that fits memory (10⁶ images of 28×28) in a tiny gzip: refused as a
     * decompression bomb before anything is inflated or the declared 0.8 GB allocated */
    be32(b + 4, 1000000); be32(b + 8, 28); be32(b + 12, 28);
    write_bytes("img", b, 16 + 30, 1);
    be32(l + 4, 1000000);
    write_bytes("lab", l, 8, 0);
    idx_fails("img", "lab", GSL_EINVAL, "lab", "truncated");
    static unsigned char lab[8 + 1000000];
    idx_labels(lab, 0x801, 1000000);
    write_bytes("lab", lab, sizeof lab, 0);
    idx_fails("img", "lab", GSL_EINVAL, "img", "decompression bomb");
    /* the same with honest data: 10⁶ black images really are in the 0.8 MB gzip file */
    static unsigned char zeros[16 + 28 * 28 * 1000];
    be32(zeros, 0x803); be32(zeros + 4, 100000); be32(zeros + 8, 28); be32(zeros + 12, 28);
    write_bytes("lab", lab, idx_labels(lab, 0x801, 100000), 0);
    gzFile z = gzopen(path("img"), "wb");
    assert_non_null(z);
    for (int k = 0; k < 100; k++)
        assert_int_equal(gzwrite(z, k ? zeros + 16 : zeros, k ? sizeof zeros - 16 : sizeof zeros),
                         k ? (int)(sizeof zeros - 16) : (int)sizeof zeros);
    assert_int_equal(gzclose(z), Z_OK);
    idx_fails("img", "lab", GSL_EINVAL, "img", "more than 100 times");
    /* corrupt gzip streams: bytes flipped in the deflate data, in the CRC trailer, a bad
     * header after the magic */
    static unsigned char big[16 + 50 * 28 * 28], gzb[100000];
    size_t n = idx_images(big, 0x803, 50, 28, 28);
    write_bytes("img.gz", big, n, 1);
    size_t gzlen = read_bytes("img.gz", gzb, sizeof gzb);
    write_bytes("lab", lab, idx_labels(lab, 0x801, 50), 0);
    for (size_t at = 20; at < gzlen - 8; at += (gzlen - 28) / 5) {
        unsigned char keep = gzb[at];
        gzb[at] ^= 0x55;
        write_bytes("img.gz", gzb, gzlen, 0);
        gzb[at] = keep;
        sn_dataset d;
        char err[256] = "";
        int st = sn_dataset_read_idx(&d, path("img.gz"), path("lab"), 10, err, sizeof err);
        /* a flipped byte may still inflate (to other pixels) and fail only the CRC; either
         * way the stream is refused */
        if (st != GSL_EINVAL || !strstr(err, "img.gz") || !empty(&d))
            fail_msg("flip at %zu: status %d, '%s'", at, st, err);
    }
    gzb[gzlen - 6] ^= 1;   /* the CRC-32 */
    write_bytes("img.gz", gzb, gzlen, 0);
    idx_fails("img.gz", "lab", GSL_EINVAL, "img.gz", "corrupt gzip stream");
    gzb[gzlen - 6] ^= 1;
    /* after the stream: garbage is refused, a second gzip member is read on (gzip -c a b) */
    memcpy(gzb + gzlen, "junk", 4);
    write_bytes("img.gz", gzb, gzlen + 4, 0);
    idx_fails("img.gz", "lab", GSL_EINVAL, "img.gz", "trailing data after the gzip stream");
    gzb[2] = 7;            /* compression method other than deflate */
    write_bytes("img.gz", gzb, gzlen, 0);
    idx_fails("img.gz", "lab", GSL_EINVAL, "img.gz", "gzip");
}

static void test_not_files(void **state)
{
    (void)state;
    unsigned char l[64];
    write_bytes("lab", l, idx_labels(l, 0x801, 5), 0);
    idx_fails("nonexistent", "lab", GSL_EFAILED, "nonexistent", "No such file");
    assert_int_equal(mkdir(path("adir"), 0700), 0);
    idx_fails("adir", "lab", GSL_EFAILED, "adir", "a directory, not a regular file");
    /* a FIFO without a writer: opening it must not block */
    assert_int_equal(mkfifo(path("fifo"), 0600), 0);
    idx_fails("fifo", "lab", GSL_EFAILED, "fifo", "a FIFO, not a regular file");
    idx_fails("lab", "fifo", GSL_EFAILED, "fifo", "a FIFO");
    const char *p = path("fifo");
    sn_dataset d;
    char err[256];
    assert_int_equal(sn_dataset_read_cifar10(&d, &p, 1, err, sizeof err), GSL_EFAILED);
    assert_non_null(strstr(err, "a FIFO"));
    assert_int_equal(sn_dataset_read_idx(&d, NULL, p, 10, err, sizeof err), GSL_EDOM);
    assert_int_equal(sn_dataset_read_idx(&d, p, p, 0, err, sizeof err), GSL_EDOM);
}

/* CIFAR-10 record r of a file: label (r·7 + k) mod 10, pixel j = (r + j + k) mod 256 */
static void cifar_file(const char *name, size_t records, int k, size_t len)
{
    unsigned char *b = malloc(records * 3073);
    assert_non_null(b);
    for (size_t r = 0; r < records; r++) {
        b[r * 3073] = (unsigned char)((r * 7 + k) % 10);
        for (size_t j = 0; j < 3072; j++) b[r * 3073 + 1 + j] = (unsigned char)(r + j + k);
    }
    write_bytes(name, b, len ? len : records * 3073, 0);
    free(b);
}

static void cifar_check(const sn_dataset *d, size_t from, size_t records, int k)
{
    for (size_t r = 0; r < records; r++) {
        assert_int_equal(d->y[from + r], (r * 7 + k) % 10);
        for (size_t j = 0; j < 3072; j++)
            if (d->x[(from + r) * 3072 + j] != (unsigned char)(r + j + k))
                fail_msg("record %zu pixel %zu", from + r, j);
    }
}

static void test_cifar(void **state)
{
    (void)state;
    assert_int_equal(mkdir(path("c"), 0700), 0);
    const char *names[6] = { "c/data_batch_1.bin", "c/data_batch_2.bin", "c/data_batch_3.bin",
                             "c/data_batch_4.bin", "c/data_batch_5.bin", "c/test_batch.bin" };
    size_t count[6] = { 3, 1, 2, 2, 4, 5 };
    for (int k = 0; k < 6; k++) cifar_file(names[k], count[k], k, 0);
    sn_dataset tr, te;
    sn_data_format f;
    char err[256];
    int st = sn_dataset_load_dir(&tr, &te, &f, path("c"), err, sizeof err);
    if (st) fail_msg("%s", err);
    assert_int_equal(f, SN_DATA_CIFAR10);
    assert_int_equal(tr.n, 12);
    assert_int_equal(te.n, 5);
    assert_int_equal(tr.dim, 3072);
    assert_int_equal(tr.channels, 3);
    assert_int_equal(tr.rows, 32);
    for (size_t k = 0, at = 0; k < 5; at += count[k], k++) cifar_check(&tr, at, count[k], (int)k);
    cifar_check(&te, 0, 5, 5);
    sn_dataset_free(&tr);
    sn_dataset_free(&te);
    /* as the archive unpacks: DIR/cifar-10-batches-bin */
    assert_int_equal(mkdir(path("d"), 0700), 0);
    assert_int_equal(rename(path("c"), path("d/cifar-10-batches-bin")), 0);
    assert_int_equal(sn_dataset_load_dir(&tr, &te, &f, path("d"), err, sizeof err), GSL_SUCCESS);
    assert_int_equal(tr.n, 12);
    sn_dataset_free(&tr);
    sn_dataset_free(&te);
    assert_int_equal(rename(path("d/cifar-10-batches-bin"), path("c")), 0);

    /* malformed: partial record, trailing bytes, empty file, label 10, missing file */
    const char *p = path("c/data_batch_2.bin");
    cifar_file("c/data_batch_2.bin", 2, 1, 2 * 3073 - 1);
    st = sn_dataset_read_cifar10(&tr, &p, 1, err, sizeof err);
    assert_int_equal(st, GSL_EINVAL);
    assert_non_null(strstr(err, "data_batch_2.bin: 6145 bytes is not a whole"));
    assert_true(empty(&tr));
    cifar_file("c/data_batch_2.bin", 2, 1, 3073 + 1);
    assert_int_equal(sn_dataset_load_dir(&tr, &te, &f, path("c"), err, sizeof err), GSL_EINVAL);
    assert_non_null(strstr(err, "data_batch_2.bin"));
    assert_true(empty(&tr) && empty(&te));
    write_bytes("c/data_batch_2.bin", "", 0, 0);
    assert_int_equal(sn_dataset_read_cifar10(&tr, &p, 1, err, sizeof err), GSL_EINVAL);
    unsigned char rec[3073] = { 10 };
    write_bytes("c/data_batch_2.bin", rec, sizeof rec, 0);
    assert_int_equal(sn_dataset_read_cifar10(&tr, &p, 1, err, sizeof err), GSL_EINVAL);
    assert_non_null(strstr(err, "label 10 of record 0"));
    cifar_file("c/data_batch_2.bin", 1, 1, 0);
    assert_int_equal(remove(path("c/test_batch.bin")), 0);
    assert_int_equal(sn_dataset_load_dir(&tr, &te, &f, path("c"), err, sizeof err), GSL_EINVAL);
    assert_non_null(strstr(err, "test_batch.bin is missing"));
    assert_int_equal(mkdir(path("c/test_batch.bin"), 0700), 0);   /* a directory in its place */
    assert_int_equal(sn_dataset_load_dir(&tr, &te, &f, path("c"), err, sizeof err), GSL_EFAILED);
    assert_non_null(strstr(err, "test_batch.bin: a directory"));
}

static void test_idx_dir(void **state)
{
    (void)state;
    static unsigned char b[16 + 7 * 3 * 5], l[8 + 7];
    size_t nb = idx_images(b, 0x803, 7, 3, 5), nl = idx_labels(l, 0x801, 7);
    assert_int_equal(mkdir(path("m"), 0700), 0);
    write_bytes("m/train-images-idx3-ubyte.gz", b, nb, 1);
    write_bytes("m/train-labels-idx1-ubyte", l, nl, 0);
    write_bytes("m/t10k-images-idx3-ubyte", b, idx_images(b, 0x803, 2, 3, 5), 0);
    write_bytes("m/t10k-labels-idx1-ubyte.gz", l, idx_labels(l, 0x801, 2), 1);
    sn_dataset tr, te;
    sn_data_format f;
    char err[256];
    int st = sn_dataset_load_dir(&tr, &te, &f, path("m"), err, sizeof err);
    if (st) fail_msg("%s", err);
    assert_int_equal(f, SN_DATA_IDX);
    assert_string_equal(sn_data_format_name(f), "idx");
    assert_int_equal(tr.n, 7);
    assert_int_equal(te.n, 2);
    assert_int_equal(tr.dim, 15);
    sn_dataset_free(&tr);
    sn_dataset_free(&te);
    /* a missing file, a FIFO in a file's place, test images of another size */
    assert_int_equal(remove(path("m/t10k-labels-idx1-ubyte.gz")), 0);
    assert_int_equal(sn_dataset_load_dir(&tr, &te, &f, path("m"), err, sizeof err), GSL_EINVAL);
    assert_non_null(strstr(err, "t10k-labels-idx1-ubyte[.gz] is missing"));
    assert_int_equal(mkfifo(path("m/t10k-labels-idx1-ubyte"), 0600), 0);
    assert_int_equal(sn_dataset_load_dir(&tr, &te, &f, path("m"), err, sizeof err), GSL_EFAILED);
    assert_non_null(strstr(err, "t10k-labels-idx1-ubyte: a FIFO"));
    assert_true(empty(&tr) && empty(&te));
    assert_int_equal(remove(path("m/t10k-labels-idx1-ubyte")), 0);
    write_bytes("m/t10k-labels-idx1-ubyte", l, idx_labels(l, 0x801, 2), 0);
    write_bytes("m/t10k-images-idx3-ubyte", b, idx_images(b, 0x803, 2, 5, 3), 0);
    assert_int_equal(sn_dataset_load_dir(&tr, &te, &f, path("m"), err, sizeof err), GSL_EINVAL);
    assert_non_null(strstr(err, "training images are 3×5, test images 5×3"));
    /* not a directory, an empty directory */
    assert_int_equal(sn_dataset_load_dir(&tr, &te, &f, path("m/t10k-labels-idx1-ubyte"), err,
                                         sizeof err), GSL_EFAILED);
    assert_non_null(strstr(err, "not a directory"));
    assert_int_equal(sn_dataset_load_dir(&tr, &te, &f, path("nowhere"), err, sizeof err),
                     GSL_EFAILED);
    assert_int_equal(mkdir(path("e"), 0700), 0);
    assert_int_equal(sn_dataset_detect(&f, path("e"), err, sizeof err), GSL_EINVAL);
    assert_non_null(strstr(err, "neither MNIST-format files"));
}

static void test_standardize_and_subset(void **state)
{
    (void)state;
    size_t n = 300, dim = 7, m = 40;
    gsl_rng *r = test_rng(5);
    sn_dataset tr = { .n = n, .dim = dim, .classes = 10 }, te = { .n = m, .dim = dim };
    tr.x = malloc(n * dim * sizeof(float));
    tr.y = calloc(n, 1);
    te.x = malloc(m * dim * sizeof(float));
    te.y = calloc(m, 1);
    assert_true(tr.x && tr.y && te.x && te.y);
    for (size_t i = 0; i < n * dim; i++)   /* feature 3 constant; 5 offset far from 0 */
        tr.x[i] = i % dim == 3 ? 42 : i % dim == 5 ? 1e4f + (float)gsl_rng_uniform_int(r, 256)
                                                    : (float)gsl_rng_uniform_int(r, 256);
    for (size_t i = 0; i < m * dim; i++) te.x[i] = (float)gsl_rng_uniform_int(r, 256);
    float *raw = malloc(n * dim * sizeof(float)), *raw_te = malloc(m * dim * sizeof(float));
    memcpy(raw, tr.x, n * dim * sizeof(float));
    memcpy(raw_te, te.x, m * dim * sizeof(float));

    sn_standardizer s;
    assert_int_equal(sn_standardizer_fit(&s, &tr), GSL_SUCCESS);
    assert_int_equal(s.constant, 1);
    for (size_t j = 0; j < dim; j++) {
        long double mean = 0, ss = 0;   /* directly, feature by feature */
        for (size_t i = 0; i < n; i++) mean += raw[i * dim + j];
        mean /= n;
        for (size_t i = 0; i < n; i++) ss += (raw[i * dim + j] - mean) * (raw[i * dim + j] - mean);
        double sd = sqrtl(ss / n);
        assert_true(fabs(s.mean[j] - (double)mean) <= 1e-12 * fabs((double)mean));
        assert_true(fabs(s.sd[j] - sd) <= 1e-12 * sd);
    }
    assert_true(s.sd[3] == 0 && s.mean[3] == 42);
    assert_int_equal(sn_standardizer_apply(&tr, &s), GSL_SUCCESS);
    assert_int_equal(sn_standardizer_apply(&te, &s), GSL_SUCCESS);
    for (size_t j = 0; j < dim; j++) {
        double sum = 0, sq = 0;
        for (size_t i = 0; i < n; i++) {
            double v = tr.x[i * dim + j];
            double want = s.sd[j] > 0 ? (raw[i * dim + j] - s.mean[j]) / s.sd[j] : 0;
            assert_true(isfinite(v) && fabs(v - want) <= 1e-6 * fmax(1, fabs(want)));
            sum += v;
            sq += v * v;
        }
        assert_true(fabs(sum / n) < 1e-6);
        assert_true(j == 3 ? sq == 0 : fabs(sq / n - 1) < 1e-5);
        for (size_t i = 0; i < m; i++) {   /* the test set with the training set's statistics */
            double v = te.x[i * dim + j];   /* feature 3 varies here, but is dropped */
            double want = s.sd[j] > 0 ? (raw_te[i * dim + j] - s.mean[j]) / s.sd[j] : 0;
            assert_true(isfinite(v) && fabs(v - want) <= 1e-6 * fmax(1, fabs(want)));
        }
    }
    sn_standardizer bad = { .dim = dim + 1, .mean = s.mean, .sd = s.sd };
    assert_int_equal(sn_standardizer_apply(&te, &bad), GSL_EDOM);
    sn_standardizer_free(&s);
    sn_dataset none = { 0 };
    assert_int_equal(sn_standardizer_fit(&s, &none), GSL_EDOM);

    /* subset: the first examples, unchanged */
    char err[256];
    float first[2 * 7];
    memcpy(first, tr.x, sizeof first);
    assert_int_equal(sn_dataset_subset(&tr, 301, err, sizeof err), GSL_EDOM);
    assert_non_null(strstr(err, "a subset of 301 examples: the set has 300"));
    assert_int_equal(sn_dataset_subset(&tr, 0, err, sizeof err), GSL_EDOM);
    assert_int_equal(sn_dataset_subset(&tr, 2, err, sizeof err), GSL_SUCCESS);
    assert_int_equal(tr.n, 2);
    assert_memory_equal(tr.x, first, sizeof first);
    sn_dataset_free(&tr);
    sn_dataset_free(&te);
    free(raw);
    free(raw_te);
    gsl_rng_free(r);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* The real data. Sizes and the 10 classes are in the dataset's README
 * (/usr/share/doc/dataset-fashion-mnist/README.md.gz: "a training set of 60,000 examples and
 * a test set of 10,000 examples. Each example is a 28x28 grayscale image, associated with a
 * label from 10 classes"). The README does not state per-class counts: 6,000 and 1,000 per
 * class is what the files hold (counted independently with NumPy's bincount), so a reader
 * that garbled or shifted labels would break it. */
static void test_fashion_mnist(void **state)
{
    (void)state;
    struct stat st;
    if (stat(FASHION, &st) != 0) {
        print_message("fashion-mnist: %s absent (Debian package dataset-fashion-mnist): "
                      "skipped\n", FASHION);
        skip();
    }
    sn_dataset tr, te;
    sn_data_format f;
    char err[256];
    double t0 = now();
    int s = sn_dataset_load_dir(&tr, &te, &f, FASHION, err, sizeof err);
    double t1 = now();
    if (s) fail_msg("%s", err);
    assert_int_equal(f, SN_DATA_IDX);
    assert_int_equal(tr.n, 60000);
    assert_int_equal(te.n, 10000);
    assert_int_equal(tr.dim, 784);
    assert_int_equal(te.dim, 784);
    assert_int_equal(tr.classes, 10);
    size_t ctr[10] = { 0 }, cte[10] = { 0 };
    for (size_t i = 0; i < tr.n; i++) ctr[tr.y[i]]++;
    for (size_t i = 0; i < te.n; i++) cte[te.y[i]]++;
    for (int c = 0; c < 10; c++) {
        assert_int_equal(ctr[c], 6000);
        assert_int_equal(cte[c], 1000);
    }
    sn_standardizer z;
    double t2 = now();
    assert_int_equal(sn_standardizer_fit(&z, &tr), GSL_SUCCESS);
    assert_int_equal(sn_standardizer_apply(&tr, &z), GSL_SUCCESS);
    assert_int_equal(sn_standardizer_apply(&te, &z), GSL_SUCCESS);
    double t3 = now(), minsd = INFINITY;
    for (size_t j = 0; j < z.dim; j++) minsd = fmin(minsd, z.sd[j]);
    for (size_t i = 0; i < te.n * te.dim; i++) assert_true(isfinite(te.x[i]));
    printf("fashion-mnist: train 60000 + test 10000 images (784 pixels, gzipped IDX) read in "
           "%.2f s, standardized in %.2f s; %zu constant pixels, smallest pixel sd %.3f\n",
           t1 - t0, t3 - t2, z.constant, minsd);
    sn_standardizer_free(&z);
    sn_dataset_free(&tr);
    sn_dataset_free(&te);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_idx_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_idx_truncated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_idx_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_idx_huge_and_corrupt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cifar, setup, teardown),
        cmocka_unit_test_setup_teardown(test_idx_dir, setup, teardown),
        cmocka_unit_test(test_standardize_and_subset),
        cmocka_unit_test(test_fashion_mnist),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
