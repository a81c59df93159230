/* npy.c - .npy and .npz writer and strict reader (npy.h). References: NumPy's
 * numpy/lib/format.py (the .npy header), PKWARE's APPNOTE.TXT (ZIP records). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <zlib.h>
#include <gsl/gsl_errno.h>
#include "selfnorm/npy.h"
#include "sysio_internal.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "npy.c copies '<f4'/'<f8' data as is: little-endian hosts only"
#endif

#define ALIGN 64               /* NumPy's ARRAY_ALIGN */
#define GROWTH_DIGITS 21       /* NumPy's GROWTH_AXIS_MAX_DIGITS */
#define HEADER_MAX 512         /* our longest header: 8 dims of 20 digits, padded */
#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END 0x06054b50u
#define SIG_END64_LOCATOR 0x07064b50u
#define ZIP_MAX 0xffffffffu    /* a 32-bit field at this value means "see ZIP64" */
#define DOS_DATE_1980 0x0021   /* 1980-01-01; time 00:00 is 0 */

static size_t itemsize(sn_npy_dtype t) { return t == SN_NPY_F8 ? 8 : 4; }

void sn_npy_free(sn_npy_array *a)
{
    if (!a) return;
    free(a->data);
    memset(a, 0, sizeof *a);
}

void sn_npz_free(sn_npz *z)
{
    if (!z) return;
    for (size_t i = 0; i < z->n; i++) free(z->arrays[i].data);
    free(z->arrays);
    memset(z, 0, sizeof *z);
}

const sn_npy_array *sn_npz_find(const sn_npz *z, const char *name)
{
    for (size_t i = 0; z && name && i < z->n; i++)
        if (strcmp(z->arrays[i].name, name) == 0) return &z->arrays[i];
    return NULL;
}

/* elements of a shape, or 0 with *overflow set */
static size_t elements(const size_t *shape, int ndim, int *overflow)
{
    size_t n = 1;
    *overflow = 0;
    for (int i = 0; i < ndim; i++) {
        if (shape[i] != 0 && n > SIZE_MAX / shape[i]) { *overflow = 1; return 0; }
        n *= shape[i];
    }
    return n;
}

/* A key np.load hands back unchanged, and that cannot name a path when extracted. */
static const char *bad_key(const char *k, size_t len)
{
    if (len == 0) return "an empty name";
    if (len >= SN_NPY_NAME_MAX) return "a name too long";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)k[i];
        if (c < 0x20 || c == 0x7f) return "a control character in a name";
        if (c == '/' || c == '\\' || c == ':') return "a path-like name";
    }
    if (k[0] == '.') return "a path-like name";   /* "..", hidden files */
    return NULL;
}

static void le16(unsigned char *p, unsigned v) { p[0] = v & 0xff; p[1] = (v >> 8) & 0xff; }
static void le32(unsigned char *p, uint32_t v) { le16(p, v & 0xffff); le16(p + 2, v >> 16); }
static unsigned rd16(const unsigned char *p) { return p[0] | (unsigned)p[1] << 8; }
static uint32_t rd32(const unsigned char *p) { return rd16(p) | (uint32_t)rd16(p + 2) << 16; }
static uint64_t rd64(const unsigned char *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

/* ---- the .npy header ------------------------------------------------------------------- */

/* The header NumPy writes for a C-order array (version 1.0); its length, a multiple of 64. */
static size_t npy_header(unsigned char *out, const sn_npy_array *a)
{
    char h[HEADER_MAX], first[24] = "";
    int k = snprintf(h, sizeof h, "{'descr': '%s', 'fortran_order': False, 'shape': (",
                     a->dtype == SN_NPY_F8 ? "<f8" : "<f4");
    for (int i = 0; i < a->ndim; i++)
        k += snprintf(h + k, sizeof h - k, i ? ", %zu" : "%zu", a->shape[i]);
    k += snprintf(h + k, sizeof h - k, "%s), }", a->ndim == 1 ? "," : "");
    /* NumPy leaves room to grow the first axis in place */
    if (a->ndim > 0) {
        int digits = snprintf(first, sizeof first, "%zu", a->shape[0]);
        for (int i = digits; i < GROWTH_DIGITS; i++) h[k++] = ' ';
    }
    size_t hlen = (size_t)k + 1, pad = ALIGN - (10 + hlen) % ALIGN;
    memcpy(out, "\x93NUMPY\x01\x00", 8);
    le16(out + 8, (unsigned)(hlen + pad));
    memcpy(out + 10, h, (size_t)k);
    memset(out + 10 + k, ' ', pad);
    out[10 + k + pad] = '\n';
    return 10 + hlen + pad;
}

typedef struct { const char *p, *end; } cursor;

static void ws(cursor *c) { while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n')) c->p++; }
static int eat(cursor *c, char ch) { ws(c); if (c->p < c->end && *c->p == ch) { c->p++; return 1; } return 0; }

/* a Python string literal in ' or " without escapes, into out */
static int pystring(cursor *c, char *out, size_t len)
{
    ws(c);
    if (c->p >= c->end || (*c->p != '\'' && *c->p != '"')) return 0;
    char q = *c->p++;
    const char *s = c->p;
    while (c->p < c->end && *c->p != q && *c->p != '\\') c->p++;
    if (c->p >= c->end || *c->p != q || (size_t)(c->p - s) >= len) return 0;
    memcpy(out, s, (size_t)(c->p - s));
    out[c->p - s] = 0;
    c->p++;
    return 1;
}

/* the parse of one header: what it declares */
typedef struct {
    sn_npy_dtype dtype;
    int ndim;
    size_t shape[SN_NPY_MAXDIM];
} decl;

static int parse_shape(cursor *c, decl *d, char *msg, size_t len)
{
    if (!eat(c, '(')) { snprintf(msg, len, "'shape' is not a tuple"); return GSL_EINVAL; }
    d->ndim = 0;
    int comma = 0;
    for (;;) {
        ws(c);
        if (eat(c, ')')) break;
        if (c->p >= c->end || *c->p < '0' || *c->p > '9') {
            snprintf(msg, len, "'shape' is not a tuple of non-negative integers");
            return GSL_EINVAL;
        }
        if (d->ndim == SN_NPY_MAXDIM) {
            snprintf(msg, len, "more than %d dimensions", SN_NPY_MAXDIM);
            return GSL_EUNIMPL;
        }
        if (*c->p == '0' && c->p + 1 < c->end && c->p[1] >= '0' && c->p[1] <= '9') {
            snprintf(msg, len, "'shape' has a number with a leading zero");
            return GSL_EINVAL;
        }
        size_t v = 0;
        while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
            unsigned dig = (unsigned)(*c->p++ - '0');
            if (v > (SIZE_MAX - dig) / 10) {
                snprintf(msg, len, "a dimension of 'shape' overflows");
                return GSL_EINVAL;
            }
            v = 10 * v + dig;
        }
        d->shape[d->ndim++] = v;
        comma = eat(c, ',');
        if (!comma) {
            if (!eat(c, ')')) { snprintf(msg, len, "'shape' is not a tuple"); return GSL_EINVAL; }
            break;
        }
    }
    if (d->ndim == 1 && !comma) {   /* (5) is the number 5 in Python */
        snprintf(msg, len, "'shape' is not a tuple");
        return GSL_EINVAL;
    }
    return GSL_SUCCESS;
}

static int parse_dict(decl *d, const char *h, size_t hlen, char *msg, size_t len)
{
    cursor c = { h, h + hlen };
    int have[3] = { 0, 0, 0 }, st;
    if (!eat(&c, '{')) { snprintf(msg, len, "the header is not a dict"); return GSL_EINVAL; }
    while (!eat(&c, '}')) {
        char key[32], val[64];
        if (!pystring(&c, key, sizeof key) || !eat(&c, ':')) {
            snprintf(msg, len, "the header dict is malformed");
            return GSL_EINVAL;
        }
        int k = !strcmp(key, "descr") ? 0 : !strcmp(key, "fortran_order") ? 1
                : !strcmp(key, "shape") ? 2 : -1;
        if (k < 0) { snprintf(msg, len, "unexpected key '%s' in the header", key); return GSL_EINVAL; }
        if (have[k]++) { snprintf(msg, len, "key '%s' twice in the header", key); return GSL_EINVAL; }
        if (k == 0) {
            ws(&c);
            if (c.p < c.end && *c.p == '[') {
                snprintf(msg, len, "structured dtype not supported (only '<f4', '<f8')");
                return GSL_EUNIMPL;
            }
            if (!pystring(&c, val, sizeof val)) {
                snprintf(msg, len, "'descr' is not a string");
                return GSL_EINVAL;
            }
            if (!strcmp(val, "<f4")) d->dtype = SN_NPY_F4;
            else if (!strcmp(val, "<f8")) d->dtype = SN_NPY_F8;
            else {
                snprintf(msg, len, "dtype '%s' not supported (%sonly '<f4', '<f8')", val,
                         strchr(val, 'O') ? "object arrays are pickles; "
                         : val[0] == '>' ? "big-endian; " : "");
                return GSL_EUNIMPL;
            }
        } else if (k == 1) {
            ws(&c);
            if ((size_t)(c.end - c.p) >= 5 && !memcmp(c.p, "False", 5)) c.p += 5;
            else if ((size_t)(c.end - c.p) >= 4 && !memcmp(c.p, "True", 4)) {
                snprintf(msg, len, "Fortran order not supported (only C order)");
                return GSL_EUNIMPL;
            } else {
                snprintf(msg, len, "'fortran_order' is neither True nor False");
                return GSL_EINVAL;
            }
        } else if ((st = parse_shape(&c, d, msg, len)))
            return st;
        if (!eat(&c, ',')) {
            if (!eat(&c, '}')) { snprintf(msg, len, "the header dict is malformed"); return GSL_EINVAL; }
            break;
        }
    }
    if (!have[0] || !have[1] || !have[2]) {
        snprintf(msg, len, "the header lacks '%s'", !have[0] ? "descr" : !have[1] ? "fortran_order" : "shape");
        return GSL_EINVAL;
    }
    /* after the dict: spaces, ending in a newline */
    for (const char *p = c.p; p < c.end; p++)
        if (*p != ' ' && *p != '\n') { snprintf(msg, len, "text after the header dict"); return GSL_EINVAL; }
    if (c.p == c.end || c.end[-1] != '\n') {
        snprintf(msg, len, "the header does not end with a newline");
        return GSL_EINVAL;
    }
    return GSL_SUCCESS;
}

/* The header of a .npy image of `total` bytes whose first `len` are at b: its declaration,
 * the data's offset and size, and a check that the header accounts for exactly `total`. A
 * compressed member is checked this way from its first bytes, before it is inflated. */
static int read_header(decl *d, size_t *offset, size_t *bytes, const unsigned char *b,
                       size_t len, size_t total, const char *where, char *err, size_t errlen)
{
    char msg[160];
    int st;
    if (len < 6 || memcmp(b, "\x93NUMPY", 6)) {
        snprintf(err, errlen, "%s: not a .npy file (%s)", where,
                 len < 6 ? "shorter than its magic string" : "no \\x93NUMPY magic string");
        return GSL_EINVAL;
    }
    if (len < 10) { snprintf(err, errlen, "%s: truncated .npy header", where); return GSL_EINVAL; }
    if ((b[6] != 1 && b[6] != 2) || b[7] != 0) {
        snprintf(err, errlen, "%s: .npy format version %u.%u not supported (only 1.0, 2.0)",
                 where, b[6], b[7]);
        return GSL_EUNIMPL;
    }
    size_t pre = b[6] == 1 ? 10 : 12;
    if (len < pre) { snprintf(err, errlen, "%s: truncated .npy header", where); return GSL_EINVAL; }
    size_t hlen = b[6] == 1 ? rd16(b + 8) : rd32(b + 8);
    if (hlen > len - pre) {
        snprintf(err, errlen, "%s: %s .npy header (%zu of %zu bytes)", where,
                 len < total ? "an over-long" : "truncated", len - pre, hlen);
        return len < total ? GSL_EUNIMPL : GSL_EINVAL;
    }
    for (size_t i = 0; i < hlen; i++)
        if (b[pre + i] == 0 || b[pre + i] > 0x7e) {
            snprintf(err, errlen, "%s: the .npy header is not ASCII text", where);
            return GSL_EINVAL;
        }
    if ((st = parse_dict(d, (const char *)b + pre, hlen, msg, sizeof msg))) {
        snprintf(err, errlen, "%s: %s", where, msg);
        return st;
    }
    int over;
    size_t n = elements(d->shape, d->ndim, &over), have = total - pre - hlen;
    if (over || n > SIZE_MAX / itemsize(d->dtype)) {
        snprintf(err, errlen, "%s: the shape's size overflows", where);
        return GSL_EINVAL;
    }
    *bytes = n * itemsize(d->dtype);
    *offset = pre + hlen;
    if (*bytes != have) {
        snprintf(err, errlen, "%s: %s: the shape needs %zu bytes of data, %zu present", where,
                 *bytes > have ? "truncated" : "trailing data", *bytes, have);
        return GSL_EINVAL;
    }
    return GSL_SUCCESS;
}

/* A .npy image b[0..len) into a (data copied); `where` names it in messages. */
static int parse_npy(sn_npy_array *a, const unsigned char *b, size_t len, const char *where,
                     char *err, size_t errlen)
{
    decl d;
    size_t offset, bytes;
    memset(a, 0, sizeof *a);
    int st = read_header(&d, &offset, &bytes, b, len, len, where, err, errlen);
    if (st) return st;
    size_t n = bytes / itemsize(d.dtype);
    a->data = malloc(bytes ? bytes : 1);
    if (!a->data) {
        snprintf(err, errlen, "%s: out of memory for %zu bytes", where, bytes);
        return GSL_ENOMEM;
    }
    memcpy(a->data, b + offset, bytes);
    a->dtype = d.dtype;
    a->ndim = d.ndim;
    memcpy(a->shape, d.shape, sizeof d.shape);
    a->size = n;
    return GSL_SUCCESS;
}

/* ---- whole files ----------------------------------------------------------------------- */

static int slurp(unsigned char **out, size_t *len, const char *path, char *err, size_t errlen)
{
    int fd;
    off_t size;
    *out = NULL;
    int st = sn_open_regular(&fd, &size, path, err, errlen);
    if (st) return st;
    /* the file and, at most, as much again for the arrays copied out of it */
    if (size > 0 && !sn_memory_fits(sn_mul3((size_t)size, 2, 1))) {
        close(fd);
        snprintf(err, errlen, "%s: %jd bytes, more than memory can hold", path, (intmax_t)size);
        return GSL_ENOMEM;
    }
    unsigned char *b = malloc(size ? (size_t)size : 1);
    if (!b) { close(fd); snprintf(err, errlen, "%s: out of memory", path); return GSL_ENOMEM; }
    size_t got = 0;
    while (got < (size_t)size) {
        ssize_t r = read(fd, b + got, (size_t)size - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
            snprintf(err, errlen, "%s: %s", path, r < 0 ? strerror(errno) : "changed while being read");
            free(b);
            close(fd);
            return GSL_EFAILED;
        }
        got += (size_t)r;
    }
    close(fd);
    *out = b;
    *len = got;
    return GSL_SUCCESS;
}

int sn_npy_read(sn_npy_array *a, const char *path, char *err, size_t errlen)
{
    if (!a || !path || !err) return GSL_EDOM;
    memset(a, 0, sizeof *a);
    unsigned char *b;
    size_t len;
    int st = slurp(&b, &len, path, err, errlen);
    if (st) return st;
    st = parse_npy(a, b, len, path, err, errlen);
    free(b);
    return st;
}

/* ---- .npz reading ---------------------------------------------------------------------- */

typedef struct { size_t start, end; } span;

/* how much of a compressed member is inflated to read its .npy header (headers are at most
 * this long here; numpy writes 128 bytes for every array selfnorm saves) */
#define HEADER_PEEK ((size_t)1 << 20)

static int by_start(const void *x, const void *y)
{
    const span *a = x, *b = y;
    return a->start < b->start ? -1 : a->start > b->start;
}

/* one member's bytes, inflated if need be, CRC-checked; *own set when *data must be freed */
static int member_bytes(const unsigned char **data, unsigned char **own, const unsigned char *src,
                        size_t csize, size_t usize, unsigned method, uint32_t crc,
                        const char *where, char *err, size_t errlen)
{
    *own = NULL;
    if (method == 0) {
        *data = src;
    } else {
        /* deflate expands at most about 1032:1, so a larger claim is a lie, not a bomb */
        if (usize / 1032 > csize + 1 || !sn_memory_fits(usize ? usize : 1)) {
            snprintf(err, errlen, "%s: implausible uncompressed size %zu for %zu compressed bytes",
                     where, usize, csize);
            return GSL_EINVAL;
        }
        unsigned char *out = malloc(usize ? usize : 1);
        if (!out) { snprintf(err, errlen, "%s: out of memory", where); return GSL_ENOMEM; }
        z_stream zs;
        memset(&zs, 0, sizeof zs);
        if (inflateInit2(&zs, -15) != Z_OK) {
            free(out);
            snprintf(err, errlen, "%s: zlib cannot start inflating", where);
            return GSL_ENOMEM;
        }
        zs.next_in = (unsigned char *)src;
        zs.avail_in = (uInt)csize;            /* the ZIP fields are 32-bit: fits uInt */
        zs.next_out = out;
        /* the .npy header first: a member whose header does not account for exactly its
         * uncompressed size is refused before the rest is inflated (a bomb's gigabytes) */
        size_t peek = usize < HEADER_PEEK ? usize : HEADER_PEEK;
        zs.avail_out = (uInt)peek;
        int r = inflate(&zs, peek == usize ? Z_FINISH : Z_NO_FLUSH);
        if (zs.total_out == peek && r != Z_DATA_ERROR && r != Z_MEM_ERROR && r != Z_NEED_DICT) {
            decl d;
            size_t offset, bytes;
            int st = read_header(&d, &offset, &bytes, out, peek, usize, where, err, errlen);
            if (st) {
                inflateEnd(&zs);
                free(out);
                return st;
            }
            if (peek < usize) {
                zs.avail_out = (uInt)(usize - peek);
                r = inflate(&zs, Z_FINISH);
            }
        }
        int ok = r == Z_STREAM_END && zs.total_out == usize && zs.avail_in == 0;
        const char *zmsg = zs.msg;
        inflateEnd(&zs);
        if (!ok) {
            free(out);
            snprintf(err, errlen, "%s: corrupt deflate data (%s)", where,
                     r == Z_STREAM_END ? "compressed size disagrees with the directory"
                     : r == Z_BUF_ERROR || r == Z_OK ? "longer or shorter than the directory says"
                     : zmsg ? zmsg : "zlib error");
            return GSL_EINVAL;
        }
        *data = *own = out;
    }
    if ((uint32_t)crc32_z(0, *data, usize) != crc) {
        free(*own);
        *own = NULL;
        snprintf(err, errlen, "%s: bad CRC-32 (the data is corrupt)", where);
        return GSL_EINVAL;
    }
    return GSL_SUCCESS;
}

/* The members' uncompressed bytes as the central directory declares them (entries that do
 * not parse are left to parse_npz's own checks). */
static uint64_t declared_bytes(const unsigned char *b, size_t cd_off, size_t e, unsigned n)
{
    uint64_t total = 0;
    for (size_t p = cd_off, i = 0; i < n && p + 46 <= e && rd32(b + p) == SIG_CENTRAL; i++) {
        total += rd32(b + p + 24);
        p += 46 + (size_t)rd16(b + p + 28) + rd16(b + p + 30) + rd16(b + p + 32);
    }
    return total;
}

static int parse_npz(sn_npz *z, const unsigned char *b, size_t len, size_t max_bytes,
                     const char *path, char *err, size_t errlen)
{
    if (len >= 6 && !memcmp(b, "\x93NUMPY", 6)) {
        snprintf(err, errlen, "%s: a .npy file, not a .npz archive", path);
        return GSL_EINVAL;
    }
    /* the end record: its comment must reach exactly the end of the file */
    size_t e = SIZE_MAX;
    for (size_t k = 0; len >= 22 && k <= 65535 && k <= len - 22; k++) {
        size_t p = len - 22 - k;
        if (rd32(b + p) == SIG_END && rd16(b + p + 20) == k) { e = p; break; }
    }
    if (e == SIZE_MAX) {
        snprintf(err, errlen, "%s: not a zip archive (no end-of-central-directory record%s)",
                 path, len >= 2 && b[0] == 'P' && b[1] == 'K' ? ": truncated?" : "");
        return GSL_EINVAL;
    }
    unsigned disk = rd16(b + e + 4), cd_disk = rd16(b + e + 6), n_disk = rd16(b + e + 8),
             n = rd16(b + e + 10);
    uint32_t cd_size = rd32(b + e + 12), cd_off = rd32(b + e + 16);
    if ((e >= 20 && rd32(b + e - 20) == SIG_END64_LOCATOR) || n == 0xffff || cd_size == ZIP_MAX
        || cd_off == ZIP_MAX) {
        snprintf(err, errlen, "%s: a ZIP64 archive (not supported)", path);
        return GSL_EUNIMPL;
    }
    if (disk || cd_disk || n_disk != n) {
        snprintf(err, errlen, "%s: a multi-disk archive (not supported)", path);
        return GSL_EUNIMPL;
    }
    if ((size_t)cd_off + cd_size != e) {
        snprintf(err, errlen, "%s: the central directory does not end where the end record "
                 "starts (truncated or data prepended)", path);
        return GSL_EINVAL;
    }
    if (n == 0) { snprintf(err, errlen, "%s: an empty archive", path); return GSL_EINVAL; }
    uint64_t declared = declared_bytes(b, cd_off, e, n);
    if (declared > max_bytes) {
        snprintf(err, errlen, "%s: its members hold %llu bytes, more than the %zu bytes the "
                 "reader expects: refused before inflating", path, (unsigned long long)declared,
                 max_bytes);
        return GSL_EINVAL;
    }
    z->arrays = calloc(n, sizeof *z->arrays);
    span *spans = calloc(n, sizeof *spans);
    if (!z->arrays || !spans) {
        free(spans);
        snprintf(err, errlen, "%s: out of memory", path);
        return GSL_ENOMEM;
    }
    char where[SN_NPY_NAME_MAX + 4096];
    int st = GSL_EINVAL;
    size_t p = cd_off;
    for (unsigned i = 0; i < n; i++) {
        if (p + 46 > e || rd32(b + p) != SIG_CENTRAL) {
            snprintf(err, errlen, "%s: central directory entry %u is malformed", path, i);
            goto fail;
        }
        const unsigned char *c = b + p;
        unsigned flags = rd16(c + 8), method = rd16(c + 10), nl = rd16(c + 28),
                 xl = rd16(c + 30), cl = rd16(c + 32);
        uint32_t crc = rd32(c + 16), csize = rd32(c + 20), usize = rd32(c + 24),
                 off = rd32(c + 42);
        if (p + 46 + nl + xl + cl > e) {
            snprintf(err, errlen, "%s: central directory entry %u is malformed", path, i);
            goto fail;
        }
        const char *name = (const char *)c + 46;
        snprintf(where, sizeof where, "%s: member '%.*s'", path, (int)nl, name);
        if (nl < 5 || memcmp(name + nl - 4, ".npy", 4)) {
            snprintf(err, errlen, "%s: not a .npy member", where);
            goto fail;
        }
        const char *why = memchr(name, 0, nl) ? "a NUL in a name" : bad_key(name, nl - 4);
        if (why) { snprintf(err, errlen, "%s: %s", where, why); goto fail; }
        for (unsigned j = 0; j < i; j++)
            if (strlen(z->arrays[j].name) == nl - 4u && !memcmp(z->arrays[j].name, name, nl - 4)) {
                snprintf(err, errlen, "%s: appears twice", where);
                goto fail;
            }
        if (csize == ZIP_MAX || usize == ZIP_MAX || off == ZIP_MAX) {
            snprintf(err, errlen, "%s: ZIP64 sizes (not supported)", where);
            st = GSL_EUNIMPL;
            goto fail;
        }
        if (flags & 0x0041) {
            snprintf(err, errlen, "%s: encrypted (not supported)", where);
            st = GSL_EUNIMPL;
            goto fail;
        }
        if (method != 0 && method != 8) {
            snprintf(err, errlen, "%s: compression method %u (not supported: only stored and "
                     "deflate)", where, method);
            st = GSL_EUNIMPL;
            goto fail;
        }
        if (method == 0 && csize != usize) {
            snprintf(err, errlen, "%s: stored, but its sizes differ", where);
            goto fail;
        }
        /* the local header must agree with the directory, and the data lie before it */
        const unsigned char *l = b + off;
        if ((size_t)off + 30 > cd_off || rd32(l) != SIG_LOCAL) {
            snprintf(err, errlen, "%s: no local header at offset %u", where, off);
            goto fail;
        }
        unsigned lnl = rd16(l + 26), lxl = rd16(l + 28);
        size_t data = (size_t)off + 30 + lnl + lxl;
        if (data > cd_off || csize > cd_off - data || lnl != nl || memcmp(l + 30, name, nl)
            || rd16(l + 8) != method) {
            snprintf(err, errlen, "%s: local header disagrees with the central directory or "
                     "runs past it", where);
            goto fail;
        }
        if (!(rd16(l + 6) & 0x0008)) {   /* sizes not deferred to a data descriptor */
            uint64_t lc = rd32(l + 18), lu = rd32(l + 22);
            if (lc == ZIP_MAX && lu == ZIP_MAX) {   /* np.savez: a ZIP64 extra field always */
                lc = lu = UINT64_MAX;
                for (size_t x = 0; x + 4 <= lxl;) {
                    unsigned id = rd16(l + 30 + lnl + x), sz = rd16(l + 30 + lnl + x + 2);
                    if (x + 4 + sz > lxl) break;
                    if (id == 1 && sz >= 16) {
                        lu = rd64(l + 30 + lnl + x + 4);
                        lc = rd64(l + 30 + lnl + x + 12);
                    }
                    x += 4 + sz;
                }
            }
            if (rd32(l + 14) != crc || lc != csize || lu != usize) {
                snprintf(err, errlen, "%s: local header disagrees with the central directory "
                         "(CRC or sizes)", where);
                goto fail;
            }
        }
        spans[i] = (span){ off, data + csize };
        const unsigned char *bytes;
        unsigned char *own;
        if ((st = member_bytes(&bytes, &own, b + data, csize, usize, method, crc, where, err,
                               errlen)))
            goto fail;
        st = parse_npy(&z->arrays[i], bytes, usize, where, err, errlen);
        free(own);
        if (st) goto fail;
        memcpy(z->arrays[i].name, name, nl - 4);
        z->arrays[i].name[nl - 4] = 0;
        z->n = i + 1;
        p += 46 + nl + xl + cl;
        st = GSL_EINVAL;
    }
    if (p != e) {
        snprintf(err, errlen, "%s: the central directory has data after its %u entries", path, n);
        goto fail;
    }
    /* members sharing bytes: a zip bomb's trick, never a writer's */
    qsort(spans, n, sizeof *spans, by_start);
    for (unsigned i = 1; i < n; i++)
        if (spans[i].start < spans[i - 1].end) {
            snprintf(err, errlen, "%s: members overlap", path);
            goto fail;
        }
    free(spans);
    return GSL_SUCCESS;
fail:
    free(spans);
    z->n = n;   /* every array slot is zeroed or filled: free them all */
    sn_npz_free(z);
    return st;
}

int sn_npz_read(sn_npz *z, const char *path, char *err, size_t errlen)
{
    return sn_npz_read_max(z, path, SIZE_MAX, err, errlen);
}

int sn_npz_read_max(sn_npz *z, const char *path, size_t max_bytes, char *err, size_t errlen)
{
    if (!z || !path || !err) return GSL_EDOM;
    memset(z, 0, sizeof *z);
    unsigned char *b;
    size_t len;
    int st = slurp(&b, &len, path, err, errlen);
    if (st) return st;
    st = parse_npz(z, b, len, max_bytes, path, err, errlen);
    free(b);
    return st;
}

/* ---- writing --------------------------------------------------------------------------- */

static int check_array(const sn_npy_array *a, size_t *bytes, const char *path, char *err,
                       size_t errlen)
{
    int over;
    if ((a->dtype != SN_NPY_F4 && a->dtype != SN_NPY_F8) || a->ndim < 0
        || a->ndim > SN_NPY_MAXDIM) {
        snprintf(err, errlen, "%s: array '%.*s': invalid dtype or ndim", path,
                 SN_NPY_NAME_MAX - 1, a->name);
        return GSL_EDOM;
    }
    size_t n = elements(a->shape, a->ndim, &over);
    if (over || n > SIZE_MAX / itemsize(a->dtype) || (n && !a->data)) {
        snprintf(err, errlen, "%s: array '%.*s': %s", path, SN_NPY_NAME_MAX - 1, a->name,
                 over || n ? "its size overflows" : "no data");
        return GSL_EDOM;
    }
    *bytes = n * itemsize(a->dtype);
    return GSL_SUCCESS;
}

/* A file being replaced: where the result goes and the temporary file beside it. */
typedef struct {
    const char *path;      /* as the caller named it, for messages */
    char real[4096];       /* where the result goes: path, or the file a link to it names */
    char tmp[4096 + 64];   /* the temporary file beside real */
    mode_t mode;           /* the replaced file's permissions, or (mode_t)-1 */
} target;

/* A new file beside t->real (honouring the umask, unlike mkstemp's 0600), named by the
 * process and a counter that is only ever incremented, so no two writers share one. */
static FILE *temp_beside(target *t)
{
    static _Atomic unsigned counter;
    for (int tries = 0; tries < 100; tries++) {
        /* in real's directory, but not named after it: a name near NAME_MAX must still work */
        const char *slash = strrchr(t->real, '/');
        int dir = slash ? (int)(slash - t->real) + 1 : 0;
        snprintf(t->tmp, sizeof t->tmp, "%.*s.selfnorm-%ld-%u.tmp", dir, t->real, (long)getpid(),
                 counter++);
        int fd = open(t->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            FILE *f = fdopen(fd, "wb");
            if (!f) { close(fd); unlink(t->tmp); }
            return f;
        }
        if (errno != EEXIST) return NULL;
    }
    return NULL;
}

/* The temporary file for replacing path; NULL with err set if path exists but is not a
 * regular file (a directory, or a FIFO that renaming would replace) or its directory takes
 * no file. */
static FILE *open_target(target *t, const char *path, char *err, size_t errlen)
{
    t->path = path;
    if (sn_replace_target(t->real, sizeof t->real, &t->mode, path, err, errlen)) return NULL;
    errno = 0;
    FILE *f = temp_beside(t);
    if (!f) snprintf(err, errlen, "%s: cannot create a file in its directory (%s)", path,
                     strerror(errno ? errno : EIO));
    return f;
}

int sn_npy_check_target(const char *path, char *err, size_t errlen)
{
    if (!path || !err) return GSL_EDOM;
    target t;
    FILE *f = open_target(&t, path, err, errlen);
    if (!f) return GSL_EFAILED;
    fclose(f);
    unlink(t.tmp);
    return GSL_SUCCESS;
}

/* Closes the temporary file and renames it over the target, keeping the old permissions. */
static int finish(FILE *f, int ok, const target *t, char *err, size_t errlen)
{
    int werr = ok && !ferror(f) ? 0 : errno ? errno : EIO;
    if (!werr && fflush(f) != 0) werr = errno ? errno : EIO;
    if (!werr && t->mode != (mode_t)-1 && fchmod(fileno(f), t->mode) != 0) werr = errno;
    if (fclose(f) != 0 && !werr) werr = errno ? errno : EIO;
    if (!werr && rename(t->tmp, t->real) != 0) werr = errno;
    if (werr) {
        unlink(t->tmp);
        snprintf(err, errlen, "%s: %s", t->path, strerror(werr));
        return GSL_EFAILED;
    }
    return GSL_SUCCESS;
}

int sn_npy_write(const char *path, const sn_npy_array *a, char *err, size_t errlen)
{
    if (!path || !a || !err) return GSL_EDOM;
    size_t bytes;
    int st = check_array(a, &bytes, path, err, errlen);
    if (st) return st;
    unsigned char h[HEADER_MAX];
    size_t hl = npy_header(h, a);
    target t;
    FILE *f = open_target(&t, path, err, errlen);
    if (!f) return GSL_EFAILED;
    errno = 0;
    int ok = fwrite(h, 1, hl, f) == hl && (!bytes || fwrite(a->data, 1, bytes, f) == bytes);
    return finish(f, ok, &t, err, errlen);
}

int sn_npz_write(const char *path, const sn_npy_array *arrays, size_t n, char *err,
                 size_t errlen)
{
    if (!path || !arrays || !err || n == 0 || n >= 0xffff) {
        if (err && errlen) snprintf(err, errlen, "%s: 1 to 65534 arrays", path ? path : "npz");
        return GSL_EDOM;
    }
    unsigned char (*hdr)[HEADER_MAX] = malloc(n * sizeof *hdr);
    size_t *hl = malloc(n * sizeof *hl), *bytes = malloc(n * sizeof *bytes);
    uint32_t *crc = malloc(n * sizeof *crc), *off = malloc(n * sizeof *off);
    int st = GSL_SUCCESS;
    if (!hdr || !hl || !bytes || !crc || !off) {
        snprintf(err, errlen, "%s: out of memory", path);
        st = GSL_ENOMEM;
        goto out;
    }
    uint64_t pos = 0, cd = 0;
    for (size_t i = 0; i < n; i++) {
        const sn_npy_array *a = &arrays[i];
        size_t nl = strnlen(a->name, SN_NPY_NAME_MAX);
        const char *why = bad_key(a->name, nl);
        if (why) {
            snprintf(err, errlen, "%s: array %zu: %s", path, i, why);
            st = GSL_EDOM;
            goto out;
        }
        for (size_t j = 0; j < i; j++)
            if (!strcmp(arrays[j].name, a->name)) {
                snprintf(err, errlen, "%s: array name '%s' given twice", path, a->name);
                st = GSL_EDOM;
                goto out;
            }
        if ((st = check_array(a, &bytes[i], path, err, errlen))) goto out;
        hl[i] = npy_header(hdr[i], a);
        uint64_t member = (uint64_t)hl[i] + bytes[i];
        if (member >= ZIP_MAX || pos + 30 + nl + 4 + member >= ZIP_MAX) {
            snprintf(err, errlen, "%s: over 4 GiB, which needs ZIP64 (not supported)", path);
            st = GSL_EUNIMPL;
            goto out;
        }
        off[i] = (uint32_t)pos;
        crc[i] = (uint32_t)crc32_z(crc32_z(0, hdr[i], hl[i]), a->data, bytes[i]);
        pos += 30 + nl + 4 + member;
        cd += 46 + nl + 4;
    }
    if (pos + cd + 22 >= ZIP_MAX) {
        snprintf(err, errlen, "%s: over 4 GiB, which needs ZIP64 (not supported)", path);
        st = GSL_EUNIMPL;
        goto out;
    }
    target t;
    errno = 0;
    FILE *f = open_target(&t, path, err, errlen);
    if (!f) {
        st = GSL_EFAILED;
        goto out;
    }
    errno = 0;
    int ok = 1;
    for (int pass = 0; pass < 2 && ok; pass++)   /* local records, then the directory */
        for (size_t i = 0; i < n && ok; i++) {
            unsigned char r[46] = { 0 };
            size_t nl = strlen(arrays[i].name), rl = pass ? 46 : 30;
            uint32_t size = (uint32_t)(hl[i] + bytes[i]);
            unsigned char *q = pass ? r + 6 : r + 4;   /* the fields both records share */
            le32(r, pass ? SIG_CENTRAL : SIG_LOCAL);
            if (pass) le16(r + 4, 20);       /* made by: spec 2.0, MS-DOS attributes */
            le16(q, 20);                     /* version needed */
            le16(q + 8, DOS_DATE_1980);      /* flags 0, method 0 (stored), time 0 */
            le32(q + 10, crc[i]);
            le32(q + 14, size);
            le32(q + 18, size);
            le16(q + 22, (unsigned)(nl + 4));
            if (pass) le32(r + 42, off[i]);
            ok = fwrite(r, 1, rl, f) == rl && fwrite(arrays[i].name, 1, nl, f) == nl
                 && fwrite(".npy", 1, 4, f) == 4;
            if (!pass)
                ok = ok && fwrite(hdr[i], 1, hl[i], f) == hl[i]
                     && (!bytes[i] || fwrite(arrays[i].data, 1, bytes[i], f) == bytes[i]);
        }
    unsigned char e[22] = { 0 };
    le32(e, SIG_END);
    le16(e + 8, (unsigned)n);
    le16(e + 10, (unsigned)n);
    le32(e + 12, (uint32_t)cd);
    le32(e + 16, (uint32_t)pos);
    ok = ok && fwrite(e, 1, 22, f) == 22;
    st = finish(f, ok, &t, err, errlen);
out:
    free(hdr); free(hl); free(bytes); free(crc); free(off);
    return st;
}
