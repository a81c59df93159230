/* certificate.c - writing and (strictly) parsing proof certificates (format in
 * certificate.h). The parser is the fuzz target tests/fuzz/fuzz_certificate.c. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include "selfnorm/certificate.h"
#include "selfnorm/decimal.h"

void sn_certificate_free(sn_certificate *c)
{
    for (size_t k = 0; k < c->nobjectives && k < SN_MAX_OBJECTIVES; k++) {
        free(c->obj[k].boxes);
        c->obj[k].boxes = NULL;
    }
    c->nobjectives = 0;
}

static void put_hex(FILE *f, double x) { fprintf(f, " %a", x); }

int sn_certificate_write(FILE *f, const sn_certificate *c)
{
    fprintf(f, "selfnorm-certificate %d\n", SN_CERT_VERSION);
    if (c->constants.is01) fprintf(f, "constants alpha01 lambda01\n");
    else fprintf(f, "constants %s %s\n", c->constants.alpha, c->constants.lambda);
    fprintf(f, "statement %s\ndomain", c->statement);
    for (int k = 0; k < 4; k++) fprintf(f, " %s %s", c->domain.lo[k], c->domain.hi[k]);
    fprintf(f, "\n");
    for (size_t k = 0; k < c->nobjectives; k++) {
        const sn_cert_objective *o = &c->obj[k];
        fprintf(f, "objective %s\ncondition %s\nenclosure", o->key, o->condition);
        put_hex(f, o->lo);
        put_hex(f, o->hi);
        fprintf(f, "\npoint");
        for (int i = 0; i < 4; i++) fprintf(f, " %s", o->point[i]);
        fprintf(f, "\nboxes %zu\n", o->nboxes);
        for (size_t b = 0; b < o->nboxes; b++) {
            for (int i = 0; i < 4; i++) {
                fprintf(f, i ? " " : "");
                fprintf(f, "%a %a", o->boxes[b].lo[i], o->boxes[b].hi[i]);
            }
            fprintf(f, "\n");
        }
    }
    fprintf(f, "end\n");
    return ferror(f) ? GSL_EFAILED : GSL_SUCCESS;
}

/* ---- parsing ------------------------------------------------------------------------- */

typedef struct {
    const char *p, *end;
    long line;
    char *err;
    size_t errlen;
} reader;

static int fail(reader *r, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(r->err, r->errlen, "line %ld: ", r->line);
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < r->errlen) vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return GSL_EINVAL;
}

/* The next line into buf (without the newline); 0 at the end of the text. */
static int next_line(reader *r, char *buf, size_t cap)
{
    if (r->p >= r->end) return 0;
    const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
    size_t len = nl ? (size_t)(nl - r->p) : (size_t)(r->end - r->p);
    r->line++;
    if (len >= cap || memchr(r->p, '\0', len)) {
        r->p = r->end;
        return -1;
    }
    memcpy(buf, r->p, len);
    buf[len] = '\0';
    r->p += len + (nl != NULL);
    return 1;
}

/* Splits buf in place into at most max whitespace-separated words. */
static int words(char *buf, char **w, int max)
{
    int n = 0;
    char *save = NULL;
    for (char *s = strtok_r(buf, " \t\r", &save); s; s = strtok_r(NULL, " \t\r", &save)) {
        if (n == max) return max + 1;
        w[n++] = s;
    }
    return n;
}

/* Box corners and claims are exact doubles, written as C99 hex floats (%a): anything that
 * would be rounded on reading (a decimal, more than 53 bits, out of range) is refused. */
static int number(const char *s, double *out)
{
    return strlen(s) <= 40 && sn_hex_double(s, out);
}

static int decimal_word(reader *r, char *dst, const char *w)
{
    if (!sn_decimal_valid(w))
        return fail(r, "'%.40s' is not a decimal number (at most %d characters)", w, SN_DECIMAL_MAX);
    strcpy(dst, w);
    return GSL_SUCCESS;
}

/* An exact number: decimal or hex float. */
static int exact_word(reader *r, char *dst, const char *w)
{
    fmpq_t q;
    fmpq_init(q);
    int ok = sn_number_get_fmpq(q, w) == GSL_SUCCESS;
    fmpq_clear(q);
    if (!ok) return fail(r, "'%.40s' is not a number", w);
    strcpy(dst, w);
    return GSL_SUCCESS;
}

#define LINE_CAP 1024

static int expect(reader *r, char *buf, char **w, int nwords, const char *keyword)
{
    int st = next_line(r, buf, LINE_CAP);
    if (st == 0) return fail(r, "truncated: expected '%s'", keyword);
    if (st < 0) return fail(r, "line too long or not text");
    int n = words(buf, w, nwords);
    if (n < 1 || strcmp(w[0], keyword) != 0) return fail(r, "expected '%s'", keyword);
    if (n != nwords) return fail(r, "'%s' takes %d values", keyword, nwords - 1);
    return GSL_SUCCESS;
}

/* A name: [a-z0-9_], as the theorems table's; nothing to escape when printed. */
static int name_word(reader *r, char *dst, const char *w, const char *what)
{
    if (!*w || strlen(w) >= SN_CERT_TEXT || strspn(w, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(w))
        return fail(r, "%s: at most %d of a-z, 0-9, _", what, SN_CERT_TEXT - 1);
    strcpy(dst, w);
    return GSL_SUCCESS;
}

/* boxes_left: what the whole certificate may still hold (SN_CERT_MAX_BOXES in all). */
static int parse_objective(reader *r, sn_cert_objective *o, char *buf, char **w, size_t *boxes_left)
{
    int st;
    if ((st = next_line(r, buf, LINE_CAP)) <= 0)
        return fail(r, st ? "line too long or not text" : "truncated: expected 'condition'");
    int nw = words(buf, w, 6);
    if (nw < 2 || nw > 5 || strcmp(w[0], "condition") != 0) return fail(r, "expected 'condition ...'");
    o->condition[0] = '\0';
    for (int i = 1; i < nw; i++) {
        for (const char *q = w[i]; *q; q++)
            if (*q < 0x21 || *q > 0x7e) return fail(r, "condition: printable ASCII only");
        if (strlen(o->condition) + strlen(w[i]) + 2 > sizeof o->condition)
            return fail(r, "condition too long");
        if (i > 1) strcat(o->condition, " ");
        strcat(o->condition, w[i]);
    }
    if ((st = expect(r, buf, w, 3, "enclosure"))) return st;
    if (!number(w[1], &o->lo) || !number(w[2], &o->hi) || !(o->lo <= o->hi))
        return fail(r, "bad enclosure");
    if ((st = expect(r, buf, w, 5, "point"))) return st;
    for (int i = 0; i < 4; i++)
        if ((st = exact_word(r, o->point[i], w[i + 1]))) return st;
    if ((st = expect(r, buf, w, 2, "boxes"))) return st;
    size_t n = 0;
    if (strlen(w[1]) > 9 || strspn(w[1], "0123456789") != strlen(w[1])
        || (n = (size_t)strtoul(w[1], NULL, 10)) < 1 || n > *boxes_left)
        return fail(r, "the number of boxes must be an integer from 1 to %zu (%d in all)", *boxes_left,
                    SN_CERT_MAX_BOXES);
    *boxes_left -= n;
    o->nboxes = 0;
    size_t cap = 0;
    for (size_t b = 0; b < n; b++) {
        int got = next_line(r, buf, LINE_CAP);
        if (got == 0) return fail(r, "truncated: %zu of %zu boxes", b, n);
        if (got < 0) return fail(r, "line too long or not text");
        if (words(buf, w, 8) != 8) return fail(r, "a box takes 8 numbers");
        if (o->nboxes == cap) {   /* grow with what is read, not with what is announced */
            cap = cap ? 2 * cap : 1024;
            sn_leaf *a = realloc(o->boxes, cap * sizeof *a);
            if (!a) return fail(r, "out of memory");
            o->boxes = a;
        }
        sn_leaf *leaf = &o->boxes[o->nboxes++];
        for (int i = 0; i < 4; i++)
            if (!number(w[2 * i], &leaf->lo[i]) || !number(w[2 * i + 1], &leaf->hi[i])
                || !(leaf->lo[i] <= leaf->hi[i]))
                return fail(r, "bad box");
    }
    return GSL_SUCCESS;
}

int sn_certificate_parse(sn_certificate *c, const char *text, size_t len, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    reader r = { text, text + len, 0, err, errlen };
    char buf[LINE_CAP], *w[10];
    size_t boxes_left = SN_CERT_MAX_BOXES;
    int st;
    if ((st = expect(&r, buf, w, 2, "selfnorm-certificate"))) return st;
    if (strcmp(w[1], "2") != 0)
        return fail(&r, strcmp(w[1], "1") == 0
                    ? "version 1 certificates did not state their conditions: write it anew"
                    : "unknown version '%.20s'", w[1]);
    if ((st = expect(&r, buf, w, 3, "constants"))) return st;
    c->constants.is01 = strcmp(w[1], "alpha01") == 0 && strcmp(w[2], "lambda01") == 0;
    if (!c->constants.is01) {
        if ((st = decimal_word(&r, c->constants.alpha, w[1]))
            || (st = decimal_word(&r, c->constants.lambda, w[2])))
            return st;
    }
    if ((st = expect(&r, buf, w, 2, "statement"))) return st;
    if ((st = name_word(&r, c->statement, w[1], "statement name"))) return st;
    if ((st = expect(&r, buf, w, 9, "domain"))) return st;
    for (int k = 0; k < 4; k++)
        if ((st = decimal_word(&r, c->domain.lo[k], w[1 + 2 * k]))
            || (st = decimal_word(&r, c->domain.hi[k], w[2 + 2 * k])))
            return st;
    for (;;) {
        int got = next_line(&r, buf, LINE_CAP);
        if (got == 0) { sn_certificate_free(c); return fail(&r, "truncated: no 'end'"); }
        if (got < 0) { sn_certificate_free(c); return fail(&r, "line too long or not text"); }
        int n = words(buf, w, 2);
        if (n == 1 && strcmp(w[0], "end") == 0) break;
        if (n != 2 || strcmp(w[0], "objective") != 0) {
            sn_certificate_free(c);
            return fail(&r, "expected 'objective KEY' or 'end'");
        }
        if (c->nobjectives == SN_MAX_OBJECTIVES) { sn_certificate_free(c); return fail(&r, "too many objectives"); }
        sn_cert_objective *o = &c->obj[c->nobjectives++];
        if ((st = name_word(&r, o->key, w[1], "objective key"))
            || (st = parse_objective(&r, o, buf, w, &boxes_left))) {
            sn_certificate_free(c);
            return st;
        }
    }
    if (c->nobjectives == 0) return fail(&r, "no objective");
    if (r.p != r.end) { sn_certificate_free(c); return fail(&r, "text after 'end'"); }
    return GSL_SUCCESS;
}
