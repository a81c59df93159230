/* decimal.c - exact decimals and outward-rounded printing (decimal.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <mpfr.h>
#include "arb_hypgeom_compat.h"
#include "selfnorm/decimal.h"

/* Splits a decimal into sign, digit string (integer and fraction digits together) and the
 * power of ten that scales them. 0 if text is not a valid decimal. */
static int split_decimal(const char *text, int *negative, char *digits, long *exp10)
{
    size_t len = strlen(text);
    if (len == 0 || len > SN_DECIMAL_MAX) return 0;
    const char *p = text;
    *negative = *p == '-';
    if (*p == '-' || *p == '+') p++;
    size_t nd = 0, nfrac = 0;
    int seen_dot = 0;
    for (; *p && *p != 'e' && *p != 'E'; p++) {
        if (*p == '.') {
            if (seen_dot) return 0;
            seen_dot = 1;
        } else if (*p >= '0' && *p <= '9') {
            digits[nd++] = *p;
            nfrac += seen_dot;
        } else {
            return 0;
        }
    }
    if (nd == 0) return 0;
    digits[nd] = '\0';
    long e = 0;
    if (*p) {   /* exponent */
        p++;
        int eneg = *p == '-';
        if (*p == '-' || *p == '+') p++;
        if (!*p) return 0;
        for (; *p; p++) {
            if (*p < '0' || *p > '9') return 0;
            e = 10 * e + (*p - '0');
            if (e > SN_DECIMAL_MAX_EXP) return 0;
        }
        if (eneg) e = -e;
    }
    *exp10 = e - (long)nfrac;
    return 1;
}

int sn_decimal_valid(const char *text)
{
    char digits[SN_DECIMAL_MAX + 1];
    int neg;
    long e;
    return text && split_decimal(text, &neg, digits, &e);
}

int sn_decimal_get_fmpq(fmpq_t q, const char *text)
{
    char digits[SN_DECIMAL_MAX + 1];
    int neg;
    long e;
    if (!text || !split_decimal(text, &neg, digits, &e)) return GSL_EINVAL;
    fmpz_t m, p;
    fmpz_init(m);
    fmpz_init(p);
    fmpz_set_str(m, digits, 10);
    if (neg) fmpz_neg(m, m);
    fmpz_set_ui(p, 10);
    fmpz_pow_ui(p, p, (ulong)labs(e));
    if (e >= 0) {
        fmpz_mul(fmpq_numref(q), m, p);
        fmpz_one(fmpq_denref(q));
    } else {
        fmpq_set_fmpz_frac(q, m, p);   /* canonicalizes */
    }
    fmpz_clear(m);
    fmpz_clear(p);
    return GSL_SUCCESS;
}

void sn_fmpq_set_d(fmpq_t q, double x)
{
    arf_t a;
    arf_init(a);
    arf_set_d(a, x);
    arf_get_fmpq(q, a);
    arf_clear(a);
}

int sn_hex_double(const char *text, double *x)
{
    const char *p = text;
    int negative = *p == '-';
    if (*p == '-' || *p == '+') p++;
    if (p[0] != '0' || (p[1] != 'x' && p[1] != 'X')) return 0;
    p += 2;
    uint64_t mant = 0;
    int digits = 0, frac = 0, dot = 0, any = 0;
    for (;; p++) {
        int d;
        if (*p >= '0' && *p <= '9') d = *p - '0';
        else if (*p >= 'a' && *p <= 'f') d = *p - 'a' + 10;
        else if (*p >= 'A' && *p <= 'F') d = *p - 'A' + 10;
        else if (*p == '.' && !dot) { dot = 1; continue; }
        else break;
        any = 1;
        if (mant == 0 && d == 0) { frac += dot; continue; }   /* leading zeros */
        if (++digits > 15) return 0;                        /* 60 bits at most */
        mant = mant << 4 | (uint64_t)d;
        frac += dot;
    }
    if (!any || (*p != 'p' && *p != 'P')) return 0;
    p++;
    int eneg = *p == '-';
    if (*p == '-' || *p == '+') p++;
    if (!*p) return 0;
    long e = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9' || e > 100000) return 0;
        e = 10 * e + (*p - '0');
    }
    long e2 = (eneg ? -e : e) - 4L * frac;
    while (mant && !(mant & 1)) { mant >>= 1; e2++; }   /* odd mantissa: exactness below */
    if (mant >= (uint64_t)1 << 53 || e2 < -1100 || e2 > 1100) return mant == 0 && (*x = negative ? -0.0 : 0.0, 1);
    double v = ldexp((double)mant, (int)e2);
    /* exact: finite, and scaling back recovers the mantissa (no bits lost to subnormals) */
    if (!isfinite(v) || ldexp(v, (int)-e2) != (double)mant) return 0;
    *x = negative ? -v : v;
    return 1;
}

int sn_number_get_fmpq(fmpq_t q, const char *text)
{
    if (!text) return GSL_EINVAL;
    const char *p = text + (*text == '-' || *text == '+');
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        double x;
        if (strlen(text) > SN_DECIMAL_MAX || !sn_hex_double(text, &x)) return GSL_EINVAL;
        sn_fmpq_set_d(q, x);
        return GSL_SUCCESS;
    }
    return sn_decimal_get_fmpq(q, text);
}

/* Two roundings in the same direction compose to one: floor(floor₅₃(q)) into the double
 * format (subnormals, overflow to ±inf) is floor(q). */
static double fmpq_round_d(const fmpq_t q, mpfr_rnd_t rnd)
{
    mpfr_t r;
    mpfr_init2(r, 53);
    fmpq_get_mpfr(r, q, rnd);
    double d = mpfr_get_d(r, rnd);
    mpfr_clear(r);
    return d;
}

double sn_fmpq_floor_d(const fmpq_t q) { return fmpq_round_d(q, MPFR_RNDD); }
double sn_fmpq_ceil_d(const fmpq_t q) { return fmpq_round_d(q, MPFR_RNDU); }

static char *format_directed(char *buf, size_t n, double x, int digits, mpfr_rnd_t rnd)
{
    if (!isfinite(x)) {
        snprintf(buf, n, "%s", isnan(x) ? "nan" : x > 0 ? "inf" : "-inf");
        return buf;
    }
    if (digits < 1) digits = 1;
    if (digits > 40) digits = 40;
    mpfr_t r;
    mpfr_init2(r, 53);
    mpfr_set_d(r, x, MPFR_RNDN);   /* exact */
    double a = fabs(x);
    /* plain notation where it reads well, scientific outside */
    if (x == 0 || (a >= 1e-4 && a < 1e15)) {
        int intdigits = x == 0 ? 1 : (int)floor(log10(a)) + 1;
        int decimals = digits - intdigits;
        if (decimals < 0) decimals = 0;
        mpfr_snprintf(buf, n, rnd == MPFR_RNDD ? "%.*RDf" : "%.*RUf", decimals, r);
    } else {
        mpfr_snprintf(buf, n, rnd == MPFR_RNDD ? "%.*RDe" : "%.*RUe", digits - 1, r);
    }
    mpfr_clear(r);
    return buf;
}

char *sn_format_down(char *buf, size_t n, double x, int digits)
{
    return format_directed(buf, n, x, digits, MPFR_RNDD);
}

char *sn_format_up(char *buf, size_t n, double x, int digits)
{
    return format_directed(buf, n, x, digits, MPFR_RNDU);
}
