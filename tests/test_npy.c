/* test_npy.c - .npy/.npz: round trips, NumPy's exact header, every kind of malformed file,
 * and, where python3 has NumPy, both directions against NumPy itself (np.load of our files;
 * np.save, np.savez, np.savez_compressed read by us). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <dirent.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include "testutil.h"

#define TMPDIR_PREFIX "selfnorm-npy"
#include "tmpdir.h"

static void put(const char *name, const void *b, size_t len)
{
    FILE *f = fopen(path(name), "wb");
    assert_non_null(f);
    if (len) assert_int_equal(fwrite(b, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static unsigned char *get(const char *name, size_t *len)
{
    FILE *f = fopen(path(name), "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    unsigned char *b = malloc(*len + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, *len, f), *len);
    fclose(f);
    return b;
}

static void le16(unsigned char *p, unsigned v) { p[0] = v & 0xff; p[1] = (v >> 8) & 0xff; }
static void le32(unsigned char *p, uint32_t v) { le16(p, v & 0xffff); le16(p + 2, v >> 16); }

/* element i of the test arrays: values with every kind of bit pattern a weight file may hold
 * (python computes the same, operation for operation, in the NumPy cross-check) */
static double value(size_t i)
{
    static const double special[6] = { NAN, INFINITY, -INFINITY, -0.0, 5e-324, 1e300 };
    if (i < 6) return special[i];
    double x = (double)i * 0.37 - 3;
    return x * x * x;
}

static sn_npy_array make(const char *name, sn_npy_dtype t, int ndim, const size_t *shape)
{
    sn_npy_array a = { .dtype = t, .ndim = ndim };
    snprintf(a.name, sizeof a.name, "%s", name);
    size_t n = 1;
    for (int i = 0; i < ndim; i++) n *= a.shape[i] = shape[i];
    a.size = n;
    a.data = malloc(n * (t == SN_NPY_F8 ? 8 : 4) + 1);
    assert_non_null(a.data);
    for (size_t i = 0; i < n; i++) {
        if (t == SN_NPY_F8) ((double *)a.data)[i] = value(i);
        else ((float *)a.data)[i] = i == 4 ? 1e-45f : (float)value(i);
    }
    return a;
}

static void same(const sn_npy_array *got, const sn_npy_array *want)
{
    assert_int_equal(got->dtype, want->dtype);
    assert_int_equal(got->ndim, want->ndim);
    assert_int_equal(got->size, want->size);
    for (int i = 0; i < want->ndim; i++) assert_int_equal(got->shape[i], want->shape[i]);
    if (want->size)   /* bit for bit: NaN, −0 and subnormals included */
        assert_memory_equal(got->data, want->data, want->size * (want->dtype == SN_NPY_F8 ? 8 : 4));
}

static const size_t SHAPES[][9] = {   /* ndim, then the shape */
    { 0 }, { 1, 0 }, { 1, 1 }, { 1, 7 }, { 2, 2, 3 }, { 3, 3, 1, 4 }, { 2, 0, 5 },
    { 8, 2, 1, 2, 1, 2, 1, 2, 3 }, { 2, 100, 33 },
};
#define NSHAPES (sizeof SHAPES / sizeof *SHAPES)

static void test_round_trip(void **state)
{
    (void)state;
    sn_npy_array a[2 * NSHAPES];
    char err[256];
    for (size_t k = 0; k < 2 * NSHAPES; k++) {
        char name[16];
        snprintf(name, sizeof name, "%c%zu", k % 2 ? 'b' : 'W', k / 2);
        a[k] = make(name, k % 2 ? SN_NPY_F8 : SN_NPY_F4, (int)SHAPES[k / 2][0], SHAPES[k / 2] + 1);
        /* each alone as .npy */
        assert_int_equal(sn_npy_write(path("a.npy"), &a[k], err, sizeof err), GSL_SUCCESS);
        sn_npy_array r;
        int st = sn_npy_read(&r, path("a.npy"), err, sizeof err);
        if (st) fail_msg("%s", err);
        same(&r, &a[k]);
        assert_string_equal(r.name, "");
        sn_npy_free(&r);
        /* its data starts at a multiple of 64 */
        size_t len;
        unsigned char *b = get("a.npy", &len);
        assert_int_equal((10 + b[8] + 256 * b[9]) % 64, 0);
        assert_int_equal(b[9 + b[8] + 256 * b[9]], '\n');
        free(b);
    }
    /* all in one archive, in order, twice: byte-identical files */
    assert_int_equal(sn_npz_write(path("a.npz"), a, 2 * NSHAPES, err, sizeof err), GSL_SUCCESS);
    sn_npz z;
    int st = sn_npz_read(&z, path("a.npz"), err, sizeof err);
    if (st) fail_msg("%s", err);
    assert_int_equal(z.n, 2 * NSHAPES);
    for (size_t k = 0; k < 2 * NSHAPES; k++) {
        assert_string_equal(z.arrays[k].name, a[k].name);
        same(&z.arrays[k], &a[k]);
        assert_ptr_equal(sn_npz_find(&z, a[k].name), &z.arrays[k]);
    }
    assert_null(sn_npz_find(&z, "W99"));
    sn_npz_free(&z);
    sn_npz_free(&z);
    size_t l1, l2;
    unsigned char *b1 = get("a.npz", &l1);
    assert_int_equal(sn_npz_write(path("a.npz"), a, 2 * NSHAPES, err, sizeof err), GSL_SUCCESS);
    unsigned char *b2 = get("a.npz", &l2);
    assert_int_equal(l1, l2);
    assert_memory_equal(b1, b2, l1);
    free(b1);
    free(b2);
    for (size_t k = 0; k < 2 * NSHAPES; k++) free(a[k].data);
}

/* The header NumPy 1.24 writes for np.zeros((2, 3), np.float32), as its format.py builds it:
 * the dict, 21 − 1 spare spaces for growing the first axis, spaces to make the data start at
 * byte 128, a newline. */
static void test_exact_header(void **state)
{
    (void)state;
    const char *dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    unsigned char want[128];
    memcpy(want, "\x93NUMPY\x01\x00\x76\x00", 10);   /* version 1.0, header length 118 */
    memset(want + 10, ' ', 117);
    memcpy(want + 10, dict, strlen(dict));
    want[127] = '\n';
    float x[6] = { 0 };
    sn_npy_array a = { .dtype = SN_NPY_F4, .ndim = 2, .shape = { 2, 3 }, .data = x };
    char err[256];
    assert_int_equal(sn_npy_write(path("h.npy"), &a, err, sizeof err), GSL_SUCCESS);
    size_t len;
    unsigned char *b = get("h.npy", &len);
    assert_int_equal(len, 128 + 24);
    assert_memory_equal(b, want, 128);
    free(b);
}

static void npy_fails(const char *name, int want, const char *what)
{
    sn_npy_array a;
    char err[256] = "";
    int st = sn_npy_read(&a, path(name), err, sizeof err);
    if (getenv("SN_TEST_VERBOSE")) printf("  %s\n", err);
    if (st != want || !strstr(err, name) || !strstr(err, what) || a.data)
        fail_msg("%s: status %d (want %d), err '%s' (want '%s')", name, st, want, err, what);
}

/* a .npy with header text `dict` (padded as NumPy pads) and `data` bytes of zeros */
static void raw_npy(const char *name, int major, const char *dict, size_t data)
{
    unsigned char b[1024] = { 0 };
    size_t pre = major == 1 ? 10 : 12, k = strlen(dict), total = (pre + k + 1 + 63) / 64 * 64;
    memcpy(b, "\x93NUMPY", 6);
    b[6] = (unsigned char)major;
    if (major == 1) le16(b + 8, (unsigned)(total - pre));
    else le32(b + 8, (uint32_t)(total - pre));
    memset(b + pre, ' ', total - pre);
    memcpy(b + pre, dict, k);
    b[total - 1] = '\n';
    put(name, b, total + data);
}

static void test_npy_malformed(void **state)
{
    (void)state;
    const char *ok = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
    raw_npy("ok.npy", 1, ok, 48);
    raw_npy("v2.npy", 2, ok, 48);
    sn_npy_array a;
    char err[256];
    assert_int_equal(sn_npy_read(&a, path("v2.npy"), err, sizeof err), GSL_SUCCESS);
    assert_int_equal(a.size, 6);
    sn_npy_free(&a);
    /* key order and spacing are free in a Python dict literal */
    raw_npy("order.npy", 1, "{\"shape\":(2,3),'fortran_order':False,'descr':'<f8'}", 48);
    assert_int_equal(sn_npy_read(&a, path("order.npy"), err, sizeof err), GSL_SUCCESS);
    sn_npy_free(&a);

    raw_npy("bigendian.npy", 1, "{'descr': '>f8', 'fortran_order': False, 'shape': (2, 3), }", 48);
    npy_fails("bigendian.npy", GSL_EUNIMPL, "big-endian");
    raw_npy("object.npy", 1, "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", 16);
    npy_fails("object.npy", GSL_EUNIMPL, "pickles");
    raw_npy("int.npy", 1, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", 8);
    npy_fails("int.npy", GSL_EUNIMPL, "dtype '<i4' not supported");
    raw_npy("struct.npy", 1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", 8);
    npy_fails("struct.npy", GSL_EUNIMPL, "structured dtype");
    raw_npy("fortran.npy", 1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", 48);
    npy_fails("fortran.npy", GSL_EUNIMPL, "Fortran order");
    raw_npy("nokey.npy", 1, "{'descr': '<f8', 'shape': (2, 3), }", 48);
    npy_fails("nokey.npy", GSL_EINVAL, "lacks 'fortran_order'");
    raw_npy("extra.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), 'x': 1}", 48);
    npy_fails("extra.npy", GSL_EINVAL, "unexpected key 'x'");
    raw_npy("twice.npy", 1, "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (6,)}", 48);
    npy_fails("twice.npy", GSL_EINVAL, "key 'descr' twice");
    raw_npy("notuple.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (6)}", 48);
    npy_fails("notuple.npy", GSL_EINVAL, "not a tuple");
    raw_npy("negative.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (-6,)}", 48);
    npy_fails("negative.npy", GSL_EINVAL, "non-negative integers");
    raw_npy("overflow.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4), }", 48);
    npy_fails("overflow.npy", GSL_EINVAL, "overflows");
    raw_npy("hugedim.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,)}", 48);
    npy_fails("hugedim.npy", GSL_EINVAL, "overflows");
    raw_npy("toobig.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000, 1000), }", 48);
    npy_fails("toobig.npy", GSL_EINVAL, "truncated: the shape needs 8000000000000 bytes of data, 48 present");
    raw_npy("ninedims.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1), }", 8);
    npy_fails("ninedims.npy", GSL_EUNIMPL, "more than 8 dimensions");
    raw_npy("trailing.npy", 1, ok, 49);
    npy_fails("trailing.npy", GSL_EINVAL, "trailing data");
    raw_npy("garbage.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), } x", 48);
    npy_fails("garbage.npy", GSL_EINVAL, "text after the header dict");
    /* truncated anywhere: magic, version, length, header, data */
    size_t len;
    unsigned char *b = get("ok.npy", &len);
    size_t cuts[] = { 0, 3, 7, 9, 10, 40, 63, 64, 65, len - 8, len - 1 };
    for (size_t k = 0; k < sizeof cuts / sizeof *cuts; k++) {
        put("cut.npy", b, cuts[k]);
        npy_fails("cut.npy", GSL_EINVAL, cuts[k] < 6 ? "not a .npy file" : "truncated");
    }
    b[6] = 3;
    put("v3.npy", b, len);
    npy_fails("v3.npy", GSL_EUNIMPL, "version 3.0 not supported");
    b[6] = 1;
    b[0] = 'x';
    put("magic.npy", b, len);
    npy_fails("magic.npy", GSL_EINVAL, "not a .npy file");
    b[0] = 0x93;
    b[127] = ' ';   /* the newline that ends the header */
    put("nonl.npy", b, len);
    npy_fails("nonl.npy", GSL_EINVAL, "does not end with a newline");
    b[127] = '\n';
    b[20] = 0xe9;  /* a latin-1 byte in the header */
    put("latin.npy", b, len);
    npy_fails("latin.npy", GSL_EINVAL, "not ASCII");
    free(b);
    /* not files */
    assert_int_equal(mkfifo(path("fifo.npy"), 0600), 0);
    npy_fails("fifo.npy", GSL_EFAILED, "a FIFO");
    assert_int_equal(mkdir(path("dir.npy"), 0700), 0);
    npy_fails("dir.npy", GSL_EFAILED, "a directory");
    npy_fails("missing.npy", GSL_EFAILED, "No such file");
}

/* A stored or deflated one- or two-member archive built here, independently of the writer. */
static size_t zip(unsigned char *out, const char *const *names, const unsigned char *const *data,
                  const size_t *len, int n, int deflated)
{
    size_t pos = 0, off[2], csz[2];
    uint32_t crc[2];
    static unsigned char comp[2][4096];
    for (int i = 0; i < n; i++) {
        const unsigned char *src = data[i];
        csz[i] = len[i];
        crc[i] = (uint32_t)crc32(0, data[i], (uInt)len[i]);
        if (deflated) {
            z_stream s = { 0 };
            assert_int_equal(deflateInit2(&s, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
            s.next_in = (unsigned char *)data[i];
            s.avail_in = (uInt)len[i];
            s.next_out = comp[i];
            s.avail_out = sizeof comp[i];
            assert_int_equal(deflate(&s, Z_FINISH), Z_STREAM_END);
            csz[i] = s.total_out;
            deflateEnd(&s);
            src = comp[i];
        }
        off[i] = pos;
        unsigned char *l = out + pos;
        memset(l, 0, 30);
        le32(l, 0x04034b50); le16(l + 4, 20); le16(l + 8, deflated ? 8 : 0);
        le32(l + 14, crc[i]); le32(l + 18, (uint32_t)csz[i]); le32(l + 22, (uint32_t)len[i]);
        le16(l + 26, (unsigned)strlen(names[i]));
        memcpy(l + 30, names[i], strlen(names[i]));
        memcpy(l + 30 + strlen(names[i]), src, csz[i]);
        pos += 30 + strlen(names[i]) + csz[i];
    }
    size_t cd = pos;
    for (int i = 0; i < n; i++) {
        unsigned char *c = out + pos;
        memset(c, 0, 46);
        le32(c, 0x02014b50); le16(c + 4, 20); le16(c + 6, 20); le16(c + 10, deflated ? 8 : 0);
        le32(c + 16, crc[i]); le32(c + 20, (uint32_t)csz[i]); le32(c + 24, (uint32_t)len[i]);
        le16(c + 28, (unsigned)strlen(names[i])); le32(c + 42, (uint32_t)off[i]);
        memcpy(c + 46, names[i], strlen(names[i]));
        pos += 46 + strlen(names[i]);
    }
    unsigned char *e = out + pos;
    memset(e, 0, 22);
    le32(e, 0x06054b50); le16(e + 8, (unsigned)n); le16(e + 10, (unsigned)n);
    le32(e + 12, (uint32_t)(pos - cd)); le32(e + 16, (uint32_t)cd);
    return pos + 22;
}

static void npz_fails(const char *name, int want, const char *what)
{
    sn_npz z;
    char err[256] = "";
    int st = sn_npz_read(&z, path(name), err, sizeof err);
    if (getenv("SN_TEST_VERBOSE")) printf("  %s\n", err);
    if (st != want || !strstr(err, name) || !strstr(err, what) || z.n || z.arrays)
        fail_msg("%s: status %d (want %d), err '%s' (want '%s')", name, st, want, err, what);
}

static void test_npz_malformed(void **state)
{
    (void)state;
    static unsigned char buf[16384];
    size_t nlen;
    raw_npy("m.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 48);
    unsigned char *m = get("m.npy", &nlen);
    raw_npy("be.npy", 1, "{'descr': '>f8', 'fortran_order': False, 'shape': (2, 3), }", 48);
    size_t belen;
    unsigned char *be = get("be.npy", &belen);
    const char *names[2] = { "W0.npy", "b0.npy" };
    const unsigned char *data[2] = { m, m };
    size_t lens[2] = { nlen, nlen };
    sn_npz z;
    char err[256];
    /* independently built archives, stored and deflated, read back */
    for (int d = 0; d < 2; d++) {
        put("ok.npz", buf, zip(buf, names, data, lens, 2, d));
        int st = sn_npz_read(&z, path("ok.npz"), err, sizeof err);
        if (st) fail_msg("%s", err);
        assert_int_equal(z.n, 2);
        assert_string_equal(z.arrays[1].name, "b0");
        sn_npz_free(&z);
    }
    /* truncated at several offsets, and data prepended */
    size_t len = zip(buf, names, data, lens, 2, 0);
    size_t cuts[] = { 0, 4, 30, len / 2, len - 23, len - 22, len - 5, len - 1 };
    for (size_t k = 0; k < sizeof cuts / sizeof *cuts; k++) {
        put("cut.npz", buf, cuts[k]);
        npz_fails("cut.npz", GSL_EINVAL, cuts[k] >= len - 22 ? "no end-of-central-directory"
                                                             : "");
    }
    memmove(buf + 3, buf, len);
    memcpy(buf, "abc", 3);
    put("prepended.npz", buf, len + 3);
    npz_fails("prepended.npz", GSL_EINVAL, "data prepended");
    /* a flipped data byte: the CRC */
    len = zip(buf, names, data, lens, 2, 0);
    buf[30 + 6 + 130] ^= 1;
    put("crc.npz", buf, len);
    npz_fails("crc.npz", GSL_EINVAL, "member 'W0.npy': bad CRC-32");
    /* an unsupported method (bzip2, 12), ZIP64 sizes, encryption: in the central directory */
    size_t cd = len - 22 - 2 * 52;
    len = zip(buf, names, data, lens, 2, 0);
    le16(buf + cd + 10, 12);
    put("method.npz", buf, len);
    npz_fails("method.npz", GSL_EUNIMPL, "compression method 12");
    len = zip(buf, names, data, lens, 2, 0);
    le32(buf + cd + 20, 0xffffffffu);
    put("zip64.npz", buf, len);
    npz_fails("zip64.npz", GSL_EUNIMPL, "ZIP64");
    len = zip(buf, names, data, lens, 2, 0);
    le16(buf + len - 22 + 10, 0xffff);
    le16(buf + len - 22 + 8, 0xffff);
    put("zip64e.npz", buf, len);
    npz_fails("zip64e.npz", GSL_EUNIMPL, "ZIP64");
    len = zip(buf, names, data, lens, 2, 0);
    le16(buf + cd + 8, 1);
    put("encrypted.npz", buf, len);
    npz_fails("encrypted.npz", GSL_EUNIMPL, "encrypted");
    /* names: duplicate, path-like, hidden/dot-dot, not .npy */
    const char *dup[2] = { "W0.npy", "W0.npy" }, *slash[1] = { "a/W0.npy" },
               *dots[1] = { "...npy" }, *txt[1] = { "W0.txt" }, *abs_[1] = { "/W0.npy" },
               *bsl[1] = { "..\\W0.npy" };
    put("dup.npz", buf, zip(buf, dup, data, lens, 2, 0));
    npz_fails("dup.npz", GSL_EINVAL, "appears twice");
    put("slash.npz", buf, zip(buf, slash, data, lens, 1, 0));
    npz_fails("slash.npz", GSL_EINVAL, "path-like");
    put("abs.npz", buf, zip(buf, abs_, data, lens, 1, 0));
    npz_fails("abs.npz", GSL_EINVAL, "path-like");
    put("bsl.npz", buf, zip(buf, bsl, data, lens, 1, 0));
    npz_fails("bsl.npz", GSL_EINVAL, "path-like");
    put("dots.npz", buf, zip(buf, dots, data, lens, 1, 0));
    npz_fails("dots.npz", GSL_EINVAL, "path-like");
    put("txt.npz", buf, zip(buf, txt, data, lens, 1, 0));
    npz_fails("txt.npz", GSL_EINVAL, "not a .npy member");
    /* a member that is a valid zip entry but a bad .npy */
    const unsigned char *bad[1] = { be };
    size_t bl[1] = { belen };
    put("bemember.npz", buf, zip(buf, names, bad, bl, 1, 1));
    npz_fails("bemember.npz", GSL_EUNIMPL, "member 'W0.npy': dtype '>f8' not supported (big-endian");
    bad[0] = m;
    bl[0] = nlen - 1;
    put("short.npz", buf, zip(buf, names, bad, bl, 1, 0));
    npz_fails("short.npz", GSL_EINVAL, "W0.npy': truncated");
    /* deflate: corrupt stream, an implausible size, a local header disagreeing */
    len = zip(buf, names, data, lens, 1, 1);
    for (size_t k = 36; k < len - 22 - 52; k += 3) buf[k] ^= 0xa5;
    put("inflate.npz", buf, len);
    npz_fails("inflate.npz", GSL_EINVAL, "W0.npy");
    len = zip(buf, names, data, lens, 1, 1);
    le32(buf + len - 22 - 52 + 24, 0xfffffff0u);   /* central and local: consistent lies */
    le32(buf + 22, 0xfffffff0u);
    put("bomb.npz", buf, len);
    npz_fails("bomb.npz", GSL_EINVAL, "implausible uncompressed size");
    /* a bomb that tells the truth about its size: 1.5 MB of zeros after a header declaring
     * 48 bytes, refused from the header (HEADER_PEEK in npy.c) before the rest is inflated:
     * its CRC, checked only after inflating, is wrong too, and must not be what is reported */
    size_t big = nlen + ((size_t)3 << 19);
    unsigned char *zeros = calloc(big, 1);
    memcpy(zeros, m, nlen);
    const unsigned char *bomb[1] = { zeros };
    len = zip(buf, names, bomb, &big, 1, 1);
    buf[14] ^= 1;
    buf[len - 22 - 52 + 16] ^= 1;
    put("zeros.npz", buf, len);
    npz_fails("zeros.npz", GSL_EINVAL, "W0.npy': trailing data: the shape needs 48 bytes");
    free(zeros);
    len = zip(buf, names, data, lens, 1, 0);
    buf[30] = 'X';
    put("local.npz", buf, len);
    npz_fails("local.npz", GSL_EINVAL, "local header disagrees");
    /* not archives */
    put("empty.npz", "", 0);
    npz_fails("empty.npz", GSL_EINVAL, "not a zip archive");
    put("text.npz", "hello, world\n", 13);
    npz_fails("text.npz", GSL_EINVAL, "not a zip archive");
    put("npy.npz", m, nlen);
    npz_fails("npy.npz", GSL_EINVAL, "a .npy file, not a .npz archive");
    assert_int_equal(mkfifo(path("fifo.npz"), 0600), 0);
    npz_fails("fifo.npz", GSL_EFAILED, "a FIFO");
    free(m);
    free(be);
}

static void test_write_errors(void **state)
{
    (void)state;
    double x[4] = { 1, 2, 3, 4 };
    sn_npy_array a[2] = { { .name = "W0", .dtype = SN_NPY_F8, .ndim = 1, .shape = { 4 }, .data = x },
                          { .name = "W0", .dtype = SN_NPY_F8, .ndim = 1, .shape = { 4 }, .data = x } };
    char err[256];
    assert_int_equal(sn_npz_write(path("w.npz"), a, 2, err, sizeof err), GSL_EDOM);
    assert_non_null(strstr(err, "'W0' given twice"));
    const char *names[] = { "", "a/b", "..", "x\ny", ":c" };
    for (size_t k = 0; k < 5; k++) {
        snprintf(a[1].name, sizeof a[1].name, "%s", names[k]);
        assert_int_equal(sn_npz_write(path("w.npz"), a, 2, err, sizeof err), GSL_EDOM);
    }
    memset(a[1].name, 'x', sizeof a[1].name);   /* not terminated */
    assert_int_equal(sn_npz_write(path("w.npz"), a, 2, err, sizeof err), GSL_EDOM);
    assert_non_null(strstr(err, "too long"));
    snprintf(a[1].name, sizeof a[1].name, "b0");
    a[1].ndim = 9;
    assert_int_equal(sn_npz_write(path("w.npz"), a, 2, err, sizeof err), GSL_EDOM);
    a[1].ndim = 1;
    a[1].data = NULL;
    assert_int_equal(sn_npy_write(path("w.npy"), &a[1], err, sizeof err), GSL_EDOM);
    a[1].data = x;
    a[1].ndim = 3;
    a[1].shape[0] = a[1].shape[1] = a[1].shape[2] = (size_t)1 << 30;
    assert_int_equal(sn_npy_write(path("w.npy"), &a[1], err, sizeof err), GSL_EDOM);
    assert_non_null(strstr(err, "overflows"));
    assert_int_equal(sn_npz_write(path("w.npz"), a, 0, err, sizeof err), GSL_EDOM);
    /* unwritable places: nothing left behind, neither the file nor a temporary */
    assert_int_equal(sn_npz_write(path("nodir/w.npz"), a, 1, err, sizeof err), GSL_EFAILED);
    assert_non_null(strstr(err, "nodir/w.npz: cannot create a file in its directory (No such file"));
    assert_int_equal(mkdir(path("isdir.npz"), 0700), 0);
    assert_int_equal(sn_npz_write(path("isdir.npz"), a, 1, err, sizeof err), GSL_EFAILED);
    assert_non_null(strstr(err, "isdir.npz: a directory, not a regular file"));
    assert_int_equal(sn_npy_write(path("isdir.npz"), a, err, sizeof err), GSL_EFAILED);
    assert_int_equal(rmdir(path("isdir.npz")), 0);
    struct dirent **list;
    int left = scandir(dir, &list, NULL, NULL);   /* ".", ".." and nothing else */
    for (int i = 0; i < left; i++) free(list[i]);
    free(list);
    assert_int_equal(left, 2);
}

/* ---- against NumPy ------------------------------------------------------------------- */

/* python3 with NumPy: the Python on PATH may be another than Debian's */
static const char *numpy_python(void)
{
    static const char *cand[] = { "python3", "/usr/bin/python3" };
    for (size_t i = 0; i < 2; i++) {
        char cmd[256];
        snprintf(cmd, sizeof cmd, "%s -c 'import numpy' >/dev/null 2>&1", cand[i]);
        if (system(cmd) == 0) return cand[i];
    }
    return NULL;
}

static const char *PY_VALUES =
    "import sys, numpy as np\n"
    "def value(i):\n"
    "    sp = [float('nan'), float('inf'), -float('inf'), -0.0, 5e-324, 1e300]\n"
    "    if i < 6: return sp[i]\n"
    "    x = float(i) * 0.37 - 3\n"
    "    return x * x * x\n"
    "def make(t, shape):\n"
    "    n = int(np.prod(shape))\n"
    "    v = [value(i) for i in range(n)]\n"
    "    with np.errstate(over='ignore'):\n"
    "        a = np.array(v, dtype=np.float64).astype(t)\n"
    "    if t == np.float32 and n > 4: a[4] = np.float32(1e-45)\n"
    "    return a.reshape(shape)\n"
    "SHAPES = [(), (0,), (1,), (7,), (2, 3), (3, 1, 4), (0, 5), (2, 1, 2, 1, 2, 1, 2, 3), (100, 33)]\n";

static int run_python(const char *py, const char *script)
{
    char sp[512];
    snprintf(sp, sizeof sp, "%s/check.py", dir);
    FILE *f = fopen(sp, "w");
    assert_non_null(f);
    fputs(PY_VALUES, f);
    fputs(script, f);
    fclose(f);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cd %s && %s check.py", dir, py);
    return system(cmd);
}

static void test_numpy(void **state)
{
    (void)state;
    const char *py = numpy_python();
    if (!py) {
        print_message("numpy cross-check: no python3 with NumPy (Debian package python3-numpy): "
                      "skipped\n");
        skip();
    }
    /* ours → np.load: every array bit for bit, and np.save's bytes equal to ours */
    sn_npy_array a[2 * NSHAPES];
    char err[256];
    for (size_t k = 0; k < 2 * NSHAPES; k++) {
        char name[16];
        snprintf(name, sizeof name, "%c%zu", k % 2 ? 'b' : 'W', k / 2);
        a[k] = make(name, k % 2 ? SN_NPY_F8 : SN_NPY_F4, (int)SHAPES[k / 2][0], SHAPES[k / 2] + 1);
        char file[32];
        snprintf(file, sizeof file, "%s.npy", name);
        assert_int_equal(sn_npy_write(path(file), &a[k], err, sizeof err), GSL_SUCCESS);
    }
    assert_int_equal(sn_npz_write(path("ours.npz"), a, 2 * NSHAPES, err, sizeof err), GSL_SUCCESS);
    int rc = run_python(py,
        "import io, zipfile\n"
        "z = np.load('ours.npz')\n"
        "assert zipfile.ZipFile('ours.npz').testzip() is None\n"
        "assert list(z.files) == ['%s%d' % ('b' if k % 2 else 'W', k // 2) for k in range(2 * len(SHAPES))]\n"
        "for k in range(2 * len(SHAPES)):\n"
        "    name = '%s%d' % ('b' if k % 2 else 'W', k // 2)\n"
        "    want = make(np.float64 if k % 2 else np.float32, SHAPES[k // 2])\n"
        "    for got in (z[name], np.load(name + '.npy')):\n"
        "        assert got.dtype == want.dtype and got.shape == want.shape, name\n"
        "        assert got.tobytes() == want.tobytes(), name\n"
        "    b = io.BytesIO(); np.save(b, want)\n"
        "    assert b.getvalue() == open(name + '.npy', 'rb').read(), name + ': not the bytes np.save writes'\n"
        "np.savez('np.npz', **{'%s%d' % ('b' if k % 2 else 'W', k // 2): make(np.float64 if k % 2 else np.float32, SHAPES[k // 2]) for k in range(2 * len(SHAPES))})\n"
        "np.savez_compressed('npc.npz', **{'%s%d' % ('b' if k % 2 else 'W', k // 2): make(np.float64 if k % 2 else np.float32, SHAPES[k // 2]) for k in range(2 * len(SHAPES))})\n"
        "np.save('np.npy', make(np.float32, (3, 1, 4)))\n"
        "np.save('fortran.npy', np.asfortranarray(make(np.float64, (2, 3))))\n"
        "np.save('big.npy', make(np.float64, (2, 3)).astype('>f8'))\n"
        "np.save('object.npy', np.array([1, 'a'], dtype=object), allow_pickle=True)\n"
        "np.savez('mixed.npz', W=make(np.float32, (2,)), i=np.arange(3))\n");
    assert_int_equal(rc, 0);
    /* np.savez and np.savez_compressed → ours */
    const char *files[2] = { "np.npz", "npc.npz" };
    for (int f = 0; f < 2; f++) {
        sn_npz z;
        int st = sn_npz_read(&z, path(files[f]), err, sizeof err);
        if (st) fail_msg("%s", err);
        assert_int_equal(z.n, 2 * NSHAPES);
        for (size_t k = 0; k < 2 * NSHAPES; k++) {
            const sn_npy_array *g = sn_npz_find(&z, a[k].name);
            assert_non_null(g);
            same(g, &a[k]);
        }
        sn_npz_free(&z);
    }
    sn_npy_array r;
    assert_int_equal(sn_npy_read(&r, path("np.npy"), err, sizeof err), GSL_SUCCESS);
    same(&r, &a[10]);
    sn_npy_free(&r);
    npy_fails("fortran.npy", GSL_EUNIMPL, "Fortran order");
    npy_fails("big.npy", GSL_EUNIMPL, "big-endian");
    npy_fails("object.npy", GSL_EUNIMPL, "pickles");
    npz_fails("mixed.npz", GSL_EUNIMPL, "member 'i.npy': dtype '<i8' not supported");
    for (size_t k = 0; k < 2 * NSHAPES; k++) free(a[k].data);
    printf("numpy cross-check (%s): np.load reads our .npy/.npz bit for bit and np.save writes "
           "our bytes; we read np.savez and np.savez_compressed\n", py);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exact_header, setup, teardown),
        cmocka_unit_test_setup_teardown(test_npy_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_npz_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_numpy, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
