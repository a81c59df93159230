/* constants.c - α and λ for any target fixed point, in Arb ball arithmetic (see constants.h
 * for the equations). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arb_hypgeom_compat.h"
#include <gsl/gsl_errno.h>
#include "selfnorm/constants.h"
#include "arb_terms.h"

/* The four expectations of (FP) for z ~ N(m, S), from the Gaussian terms (arb_terms.h):
 *   A = E[z; z>0],  C = E[z²; z>0] = (m² + S)Φ(t) + msφ(t),
 *   B = E[e^z − 1; z≤0] = a₁ − Φ(−t),  D = E[(e^z − 1)²; z≤0] = a₂ − 2a₁ + Φ(−t). */
static void expectations(arb_t A, arb_t B, arb_t C, arb_t D, const arb_t m, const arb_t S,
                         slong prec)
{
    sn_arb_terms g;
    arb_t u;
    sn_arb_terms_init(&g);
    arb_init(u);
    sn_arb_terms_eval(&g, m, S, prec);
    arb_set(A, g.pos1);
    arb_sqr(C, m, prec);
    arb_add(C, C, S, prec);
    arb_mul(C, C, g.cdf, prec);
    arb_mul(u, m, g.s, prec);
    arb_addmul(C, u, g.pdf, prec);
    arb_sub(B, g.a1, g.ccdf, prec);
    arb_mul_2exp_si(u, g.a1, 1);
    arb_sub(D, g.a2, u, prec);
    arb_add(D, D, g.ccdf, prec);
    arb_clear(u);
    sn_arb_terms_clear(&g);
}

/* erfc(√x2) for an exact dyadic x2, by Kummer's form of erf (see constants.h). */
static void erfc_sqrt_dyadic(arb_t r, const arb_t x2, slong prec)
{
    arb_t a, b, f;
    arb_init(a); arb_init(b); arb_init(f);
    arb_one(a);
    arb_set_d(b, 1.5);
    arb_hypgeom_1f1(f, a, b, x2, 0, prec);      /* ₁F₁(1; 3/2; x²) */
    arb_neg(a, x2);
    arb_exp(a, a, prec);
    arb_mul(f, f, a, prec);                     /* e^{−x²} ₁F₁ */
    arb_sqrt(a, x2, prec);
    arb_mul_2exp_si(a, a, 1);
    arb_mul(f, f, a, prec);                     /* 2x e^{−x²} ₁F₁ */
    arb_const_sqrt_pi(a, prec);
    arb_div(f, f, a, prec);                     /* erf(x) */
    arb_sub_ui(r, f, 1, prec);
    arb_neg(r, r);
    arb_clear(a); arb_clear(b); arb_clear(f);
}

void sn_constants01_arb(arb_t alpha, arb_t lambda, slong prec)
{
    slong wp = prec + 32;
    arb_t x2, erfc1, erfc2, e_half, t, u;
    arb_init(x2); arb_init(erfc1); arb_init(erfc2); arb_init(e_half); arb_init(t); arb_init(u);
    arb_set_d(x2, 0.5);
    erfc_sqrt_dyadic(erfc1, x2, wp);            /* erfc(1/√2) = 2Φ(−1) */
    arb_set_ui(x2, 2);
    erfc_sqrt_dyadic(erfc2, x2, wp);            /* erfc(√2)   = 2Φ(−2) */
    arb_set_d(t, 0.5);
    arb_exp(e_half, t, wp);
    /* α01 = √(2/π) / (1 − e^{1/2} erfc(1/√2)) */
    arb_const_pi(t, wp);
    arb_ui_div(t, 2, t, wp);
    arb_sqrt(t, t, wp);
    arb_mul(u, e_half, erfc1, wp);
    arb_sub_ui(u, u, 1, wp);
    arb_neg(u, u);
    arb_div(alpha, t, u, wp);
    /* λ01 = (1/2 + α² (e² Φ(−2) − 2 e^{1/2} Φ(−1) + 1/2))^{−1/2},  Φ(−k) = erfc(k/√2)/2 */
    arb_sqr(t, e_half, wp);
    arb_sqr(t, t, wp);                          /* e² */
    arb_mul(t, t, erfc2, wp);
    arb_mul_2exp_si(t, t, -1);
    arb_submul(t, e_half, erfc1, wp);
    arb_set_d(u, 0.5);
    arb_add(t, t, u, wp);
    arb_sqr(u, alpha, wp);
    arb_mul(t, t, u, wp);
    arb_set_d(u, 0.5);
    arb_add(t, t, u, wp);
    arb_rsqrt(lambda, t, wp);
    arb_set_round(alpha, alpha, prec);
    arb_set_round(lambda, lambda, prec);
    arb_clear(x2); arb_clear(erfc1); arb_clear(erfc2); arb_clear(e_half); arb_clear(t); arb_clear(u);
}

static int is_paper_target(const arb_t mean, const arb_t var, const arb_t omega, const arb_t tau)
{
    return arb_is_zero(mean) && arb_is_one(var) && arb_is_zero(omega) && arb_is_one(tau);
}

/* Keeps a root α of the quadratic if it certifiably has α > 0 and λ = M/(A + αB) > 0;
 * SN_EUNDECIDED when a sign is not certain at this precision. */
static int keep_root(arb_t alpha_out, arb_t lambda_out, int *kept, const arb_t root,
                     const arb_t mean, const arb_t A, const arb_t B, slong prec)
{
    *kept = 0;
    if (arb_is_negative(root)) return GSL_SUCCESS;
    if (!arb_is_positive(root)) return SN_EUNDECIDED;
    arb_t den;
    arb_init(den);
    arb_mul(den, root, B, prec);
    arb_add(den, den, A, prec);
    arb_div(lambda_out, mean, den, prec);
    arb_clear(den);
    if (!arb_is_finite(lambda_out) || arb_contains_zero(lambda_out)) return SN_EUNDECIDED;
    if (arb_is_positive(lambda_out)) {
        arb_set(alpha_out, root);
        *kept = 1;
    }
    return GSL_SUCCESS;
}

static int solve_quadratic(arb_t alpha[2], arb_t lambda[2], int *count, const arb_t mean,
                           const arb_t var, const arb_t A, const arb_t B, const arb_t C,
                           const arb_t D, slong prec)
{
    arb_t K, c2, c1, c0, disc, q, roots[2];
    arb_init(K); arb_init(c2); arb_init(c1); arb_init(c0); arb_init(disc); arb_init(q);
    arb_init(roots[0]); arb_init(roots[1]);
    arb_sqr(K, mean, prec);
    arb_add(K, K, var, prec);
    /* c2 = M²D − KB², c1 = −2KAB, c0 = M²C − KA² */
    arb_sqr(q, mean, prec);
    arb_mul(c2, q, D, prec);
    arb_mul(c0, q, C, prec);
    arb_sqr(q, B, prec);
    arb_submul(c2, K, q, prec);
    arb_sqr(q, A, prec);
    arb_submul(c0, K, q, prec);
    arb_mul(c1, A, B, prec);
    arb_mul(c1, c1, K, prec);
    arb_mul_si(c1, c1, -2, prec);
    /* disc = c1² − 4 c2 c0 */
    arb_sqr(disc, c1, prec);
    arb_mul(q, c2, c0, prec);
    arb_mul_2exp_si(q, q, 2);
    arb_sub(disc, disc, q, prec);
    int status = GSL_SUCCESS;
    *count = 0;
    if (arb_is_negative(disc)) {
        status = SN_ENOSOLUTION;
    } else if (!arb_is_positive(disc) || arb_contains_zero(c2) || arb_contains_zero(c1)) {
        status = SN_EUNDECIDED;
    } else {
        /* stable roots: q = −(c1 + sign(c1)√disc)/2, roots q/c2 and c0/q */
        arb_sqrt(disc, disc, prec);
        if (arb_is_negative(c1)) arb_neg(disc, disc);
        arb_add(q, c1, disc, prec);
        arb_mul_2exp_si(q, q, -1);
        arb_neg(q, q);
        arb_div(roots[0], q, c2, prec);
        arb_div(roots[1], c0, q, prec);
        if (arf_cmp(arb_midref(roots[0]), arb_midref(roots[1])) > 0) arb_swap(roots[0], roots[1]);
        for (int i = 0; i < 2 && status == GSL_SUCCESS; i++) {
            int kept;
            status = keep_root(alpha[*count], lambda[*count], &kept, roots[i], mean, A, B, prec);
            *count += kept;
        }
        if (status == GSL_SUCCESS && *count == 0) status = SN_ENOSOLUTION;
    }
    arb_clear(K); arb_clear(c2); arb_clear(c1); arb_clear(c0); arb_clear(disc); arb_clear(q);
    arb_clear(roots[0]); arb_clear(roots[1]);
    return status;
}

int sn_constants_arb(arb_t alpha[2], arb_t lambda[2], int *count, const arb_t mean,
                     const arb_t var, const arb_t omega, const arb_t tau, slong prec)
{
    *count = 0;
    if (!arb_is_finite(mean) || !arb_is_finite(omega) || !arb_is_positive(var)
        || !arb_is_positive(tau) || !arb_is_finite(var) || !arb_is_finite(tau))
        return GSL_EDOM;
    if (is_paper_target(mean, var, omega, tau)) {
        sn_constants01_arb(alpha[0], lambda[0], prec);
        *count = 1;
        return GSL_SUCCESS;
    }
    slong wp = prec + 32;
    arb_t m, S, A, B, C, D;
    arb_init(m); arb_init(S); arb_init(A); arb_init(B); arb_init(C); arb_init(D);
    arb_mul(m, mean, omega, wp);
    arb_mul(S, var, tau, wp);
    expectations(A, B, C, D, m, S, wp);
    int status;
    if (arb_is_zero(mean)) {
        /* α = −A/B, λ = √(V/(C + α²D)) */
        arb_div(alpha[0], A, B, wp);
        arb_neg(alpha[0], alpha[0]);
        arb_sqr(m, alpha[0], wp);
        arb_mul(m, m, D, wp);
        arb_add(m, m, C, wp);
        arb_div(m, var, m, wp);
        arb_sqrt(lambda[0], m, wp);
        status = arb_is_positive(alpha[0]) && arb_is_positive(lambda[0]) ? GSL_SUCCESS
               : arb_is_finite(lambda[0]) && !arb_contains_zero(alpha[0]) ? SN_ENOSOLUTION
               : SN_EUNDECIDED;
        *count = status == GSL_SUCCESS;
    } else {
        status = solve_quadratic(alpha, lambda, count, mean, var, A, B, C, D, wp);
    }
    arb_clear(m); arb_clear(S); arb_clear(A); arb_clear(B); arb_clear(C); arb_clear(D);
    return status;
}

int sn_constants_mpfr(mpfr_t alpha, mpfr_t lambda, const mpfr_t mean, const mpfr_t var,
                      const mpfr_t omega, const mpfr_t tau)
{
    slong goal = (slong)(mpfr_get_prec(alpha) > mpfr_get_prec(lambda) ? mpfr_get_prec(alpha)
                                                                        : mpfr_get_prec(lambda));
    arb_t in[4], al[2], la[2];
    const mpfr_srcptr src[4] = { mean, var, omega, tau };
    for (int i = 0; i < 4; i++) {
        arb_init(in[i]);
        arf_set_mpfr(arb_midref(in[i]), src[i]);   /* exact */
    }
    for (int i = 0; i < 2; i++) { arb_init(al[i]); arb_init(la[i]); }
    int status = SN_EUNDECIDED, count = 0;
    for (slong prec = goal + 32; prec <= 16 * goal + 4096; prec *= 2) {
        status = sn_constants_arb(al, la, &count, in[0], in[1], in[2], in[3], prec);
        if (status != GSL_SUCCESS && status != SN_EUNDECIDED) break;
        if (status == GSL_SUCCESS && arb_can_round_mpfr(al[0], mpfr_get_prec(alpha), MPFR_RNDN)
            && arb_can_round_mpfr(la[0], mpfr_get_prec(lambda), MPFR_RNDN)) {
            arf_get_mpfr(alpha, arb_midref(al[0]), MPFR_RNDN);
            arf_get_mpfr(lambda, arb_midref(la[0]), MPFR_RNDN);
            break;
        }
        status = SN_EUNDECIDED;
    }
    for (int i = 0; i < 4; i++) arb_clear(in[i]);
    for (int i = 0; i < 2; i++) { arb_clear(al[i]); arb_clear(la[i]); }
    return status;
}

/* One end of the ball as `digits` significant decimals, rounded to nearest. */
static char *endpoint_digits(const arf_t end, long digits, mpfr_exp_t *exp10)
{
    mpfr_t v;
    mpfr_init2(v, arf_bits(end) > 2 ? arf_bits(end) : 2);
    arf_get_mpfr(v, end, MPFR_RNDN);                 /* exact: enough bits */
    char *s = mpfr_get_str(NULL, exp10, 10, (size_t)digits, v, MPFR_RNDN);
    mpfr_clear(v);
    return s;
}

char *sn_arb_digits(const arb_t x, long digits)
{
    if (digits < 1 || !arb_is_finite(x)) return NULL;
    arf_t lo, hi;
    arf_init(lo); arf_init(hi);
    arb_get_lbound_arf(lo, x, ARF_PREC_EXACT);
    arb_get_ubound_arf(hi, x, ARF_PREC_EXACT);
    mpfr_exp_t e_lo, e_hi;
    char *s_lo = endpoint_digits(lo, digits, &e_lo), *s_hi = endpoint_digits(hi, digits, &e_hi);
    arf_clear(lo); arf_clear(hi);
    char *out = NULL;
    if (s_lo && s_hi && e_lo == e_hi && strcmp(s_lo, s_hi) == 0) {
        const char *d = s_lo[0] == '-' ? s_lo + 1 : s_lo;
        size_t n = strlen(d);
        out = malloc(n + 32);
        if (out) {
            char *w = out;
            if (s_lo[0] == '-') *w++ = '-';
            long e = (long)e_lo;   /* value = 0.d₁d₂… × 10^e */
            if (e >= -5 && e <= 21) {
                if (e <= 0) {
                    w += sprintf(w, "0.");
                    for (long i = 0; i < -e; i++) *w++ = '0';
                    w += sprintf(w, "%s", d);
                } else if ((size_t)e >= n) {
                    w += sprintf(w, "%s", d);
                    for (size_t i = n; i < (size_t)e; i++) *w++ = '0';
                } else {
                    w += sprintf(w, "%.*s.%s", (int)e, d, d + e);
                }
                *w = '\0';
            } else {
                sprintf(w, "%c%s%s%se%+ld", d[0], n > 1 ? "." : "", d + 1, "", e - 1);
            }
        }
    }
    mpfr_free_str(s_lo);
    mpfr_free_str(s_hi);
    return out;
}

/* ---- exact constants ------------------------------------------------------------------ */

sn_selu_exact sn_selu_exact01(void)
{
    sn_selu_exact c = { .is01 = 1 };
    return c;
}

static int positive_decimal(const char *text)
{
    fmpq_t q;
    fmpq_init(q);
    int ok = sn_decimal_get_fmpq(q, text) == GSL_SUCCESS && fmpq_sgn(q) > 0;
    fmpq_clear(q);
    return ok;
}

int sn_selu_exact_set(sn_selu_exact *c, const char *alpha, const char *lambda)
{
    if (!positive_decimal(alpha) || !positive_decimal(lambda)) return GSL_EINVAL;
    c->is01 = 0;
    snprintf(c->alpha, sizeof c->alpha, "%s", alpha);
    snprintf(c->lambda, sizeof c->lambda, "%s", lambda);
    return GSL_SUCCESS;
}

void sn_selu_exact_arb(arb_t alpha, arb_t lambda, const sn_selu_exact *c, slong prec)
{
    if (c->is01) {
        sn_constants01_arb(alpha, lambda, prec);
        return;
    }
    fmpq_t q;
    fmpq_init(q);
    sn_decimal_get_fmpq(q, c->alpha);
    arb_set_fmpq(alpha, q, prec);
    sn_decimal_get_fmpq(q, c->lambda);
    arb_set_fmpq(lambda, q, prec);
    fmpq_clear(q);
}

void sn_selu_exact_doubles(double *alpha, double *lambda, const sn_selu_exact *c)
{
    arb_t a, l;
    arb_init(a);
    arb_init(l);
    sn_selu_exact_arb(a, l, c, 128);
    *alpha = arf_get_d(arb_midref(a), ARF_RND_NEAR);
    *lambda = arf_get_d(arb_midref(l), ARF_RND_NEAR);
    arb_clear(a);
    arb_clear(l);
}

#define LOG2_10 3.32192809488736234787

int sn_prove_digits(char **out, size_t *n_out, size_t cap, sn_ball_fn f, void *ctx, long digits)
{
    arb_ptr balls = _arb_vec_init((slong)cap);
    size_t n = 0;
    slong prec = (slong)((double)digits * LOG2_10) + 64;
    slong limit = 8 * prec + 4096;
    int done = 0, status = GSL_SUCCESS;
    for (; prec <= limit && !done; prec *= 2) {
        status = f(balls, &n, ctx, prec);
        if (status == SN_EUNDECIDED) continue;
        if (status != GSL_SUCCESS) break;
        size_t ok = 0;
        for (size_t i = 0; i < n; i++) {
            out[i] = sn_arb_digits(balls + i, digits);
            ok += out[i] != NULL;
        }
        done = ok == n;
        if (!done)
            for (size_t i = 0; i < n; i++) { free(out[i]); out[i] = NULL; }
    }
    if (!done && status == GSL_SUCCESS) status = SN_EUNDECIDED;
    _arb_vec_clear(balls, (slong)cap);
    *n_out = done ? n : 0;
    return status;
}

/* a decimal string as an exact-decimal ball at prec: "0.1" is 1/10 enclosed, never a double */
static int decimal_ball(arb_t x, const char *text, slong prec)
{
    char *end;
    if (!text || !*text) return GSL_EINVAL;
    double check = strtod(text, &end);
    if (*end != '\0' || check != check || check - check != 0) return GSL_EINVAL;  /* NaN, inf */
    return arb_set_str(x, text, prec) ? GSL_EINVAL : GSL_SUCCESS;
}

int sn_constants_decimal_arb(arb_t alpha[2], arb_t lambda[2], int *count,
                             const char *const target[4], slong prec)
{
    arb_t in[4];
    int status = GSL_SUCCESS;
    *count = 0;
    for (int i = 0; i < 4; i++) arb_init(in[i]);
    for (int i = 0; i < 4 && status == GSL_SUCCESS; i++)
        status = decimal_ball(in[i], target[i], prec + 64);
    if (status == GSL_SUCCESS)
        status = sn_constants_arb(alpha, lambda, count, in[0], in[1], in[2], in[3], prec);
    for (int i = 0; i < 4; i++) arb_clear(in[i]);
    return status;
}

int sn_constants_decimal_balls(arb_ptr out, size_t *n, void *ctx, slong prec)
{
    const char *const *target = ctx;
    arb_t al[2], la[2];
    int count = 0;
    for (int i = 0; i < 2; i++) { arb_init(al[i]); arb_init(la[i]); }
    int status = sn_constants_decimal_arb(al, la, &count, target, prec);
    for (int i = 0; i < count; i++) {
        arb_set(out + 2 * i, al[i]);
        arb_set(out + 2 * i + 1, la[i]);
    }
    *n = 2 * (size_t)count;
    for (int i = 0; i < 2; i++) { arb_clear(al[i]); arb_clear(la[i]); }
    return status;
}

int sn_constants_digits(char *alpha[2], char *lambda[2], int *count,
                        const char *const target[4], long digits)
{
    char *out[4] = { NULL, NULL, NULL, NULL };
    size_t n = 0;
    *count = 0;
    alpha[0] = alpha[1] = lambda[0] = lambda[1] = NULL;
    if (digits < 1 || digits > SN_DIGITS_MAX) return GSL_EDOM;
    int status = sn_prove_digits(out, &n, 4, sn_constants_decimal_balls, (void *)target, digits);
    if (status != GSL_SUCCESS) return status;
    for (size_t k = 0; 2 * k < n; k++) {
        alpha[k] = out[2 * k];
        lambda[k] = out[2 * k + 1];
    }
    *count = (int)(n / 2);
    return GSL_SUCCESS;
}

int sn_constants_d(double *alpha, double *lambda, double mean, double var, double omega,
                   double tau)
{
    const double in[4] = { mean, var, omega, tau };
    for (int i = 0; i < 4; i++)
        if (!isfinite(in[i])) return GSL_EDOM;
    if (!(var > 0) || !(tau > 0)) return GSL_EDOM;
    mpfr_t m[4], al, la;
    for (int i = 0; i < 4; i++) mpfr_init2(m[i], 53), mpfr_set_d(m[i], in[i], MPFR_RNDN);
    mpfr_init2(al, 53);
    mpfr_init2(la, 53);
    int status = sn_constants_mpfr(al, la, m[0], m[1], m[2], m[3]);
    if (status == GSL_SUCCESS) {
        *alpha = mpfr_get_d(al, MPFR_RNDN);   /* exact: 53 bits, in range */
        *lambda = mpfr_get_d(la, MPFR_RNDN);
    }
    for (int i = 0; i < 4; i++) mpfr_clear(m[i]);
    mpfr_clear(al);
    mpfr_clear(la);
    return status;
}
