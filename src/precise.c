/* precise.c - textbook moment map and Jacobian in MPFR, with a Ziv loop on working precision.
 *
 * With m = μω, S = ντ, s = √S, t = m/s, Φ, φ the standard normal CDF and density:
 *   E[z; z>0]        = m Φ(t) + s φ(t)
 *   E[z²; z>0]       = (m² + S) Φ(t) + m s φ(t)
 *   E[e^{kz}; z≤0]   = e^{km + k²S/2} Φ(−t − ks) =: A_k                  (k = 1, 2)
 *   μ̃ = λ (E[z; z>0] + α (A₁ − Φ(−t)))                                   (paper, Eq. 4)
 *   ν̃ = λ² (E[z²; z>0] + α² (A₂ − 2A₁ + Φ(−t))) − μ̃²                     (paper, Eq. 5)
 * and for the Jacobian, d/dm E f = E f', d/dS E f = ½ E f'' (f' jumps by 1 − α at 0):
 *   ∂μ̃/∂m = λ (Φ(t) + α A₁),           ∂μ̃/∂S = λ/2 (α A₁ + (1 − α) φ(t)/s)
 *   ∂E[y²]/∂m = 2λ² (E[z; z>0] + α² (A₂ − A₁)),  ∂E[y²]/∂S = λ² (Φ(t) + α² (2A₂ − A₁))
 *   ∂ν̃/∂· = ∂E[y²]/∂· − 2 μ̃ ∂μ̃/∂·
 */
#include <stdlib.h>
#include <gsl/gsl_errno.h>
#include "selfnorm/precise.h"

#define INPUT_LIMIT 1e8
#define S_FLOOR 1e-300

void sn_mpfr_args_init(sn_mpfr_args *x, mpfr_prec_t prec)
{
    mpfr_inits2(prec, x->mu, x->omega, x->nu, x->tau, x->alpha, x->lambda, (mpfr_ptr)0);
}

void sn_mpfr_args_clear(sn_mpfr_args *x)
{
    mpfr_clears(x->mu, x->omega, x->nu, x->tau, x->alpha, x->lambda, (mpfr_ptr)0);
}

void sn_mpfr_args_set_d(sn_mpfr_args *x, sn_point pt, sn_selu p)
{
    mpfr_set_d(x->mu, pt.mu, MPFR_RNDN);
    mpfr_set_d(x->omega, pt.omega, MPFR_RNDN);
    mpfr_set_d(x->nu, pt.nu, MPFR_RNDN);
    mpfr_set_d(x->tau, pt.tau, MPFR_RNDN);
    mpfr_set_d(x->alpha, p.alpha, MPFR_RNDN);
    mpfr_set_d(x->lambda, p.lambda, MPFR_RNDN);
}

/* Working variables of one evaluation at precision wp. */
typedef struct {
    mpfr_t m, S, s, t, cdf, ccdf, pdf, a1, a2, pos1, tmp, tmp2;
} terms;

/* Φ(x) = erfc(−x/√2)/2 */
static void normal_cdf(mpfr_t r, const mpfr_t x, mpfr_t work)
{
    mpfr_sqrt_ui(work, 2, MPFR_RNDN);
    mpfr_div(r, x, work, MPFR_RNDN);
    mpfr_neg(r, r, MPFR_RNDN);
    mpfr_erfc(r, r, MPFR_RNDN);
    mpfr_div_2ui(r, r, 1, MPFR_RNDN);
}

/* A_k = exp(km + k²S/2) Φ(−t − ks) */
static void exp_moment(mpfr_t r, unsigned k, terms *w)
{
    mpfr_mul_ui(w->tmp, w->s, k, MPFR_RNDN);
    mpfr_add(w->tmp, w->tmp, w->t, MPFR_RNDN);
    mpfr_neg(w->tmp, w->tmp, MPFR_RNDN);
    normal_cdf(r, w->tmp, w->tmp2);
    mpfr_mul_ui(w->tmp, w->S, k * k, MPFR_RNDN);
    mpfr_div_2ui(w->tmp, w->tmp, 1, MPFR_RNDN);
    mpfr_mul_ui(w->tmp2, w->m, k, MPFR_RNDN);
    mpfr_add(w->tmp, w->tmp, w->tmp2, MPFR_RNDN);
    mpfr_exp(w->tmp, w->tmp, MPFR_RNDN);
    mpfr_mul(r, r, w->tmp, MPFR_RNDN);
}

static void terms_init(terms *w, const sn_mpfr_args *x, mpfr_prec_t wp)
{
    mpfr_inits2(wp, w->m, w->S, w->s, w->t, w->cdf, w->ccdf, w->pdf, w->a1, w->a2, w->pos1,
                w->tmp, w->tmp2, (mpfr_ptr)0);
    mpfr_mul(w->m, x->mu, x->omega, MPFR_RNDN);
    mpfr_mul(w->S, x->nu, x->tau, MPFR_RNDN);
    mpfr_sqrt(w->s, w->S, MPFR_RNDN);
    mpfr_div(w->t, w->m, w->s, MPFR_RNDN);
    normal_cdf(w->cdf, w->t, w->tmp);
    mpfr_neg(w->tmp2, w->t, MPFR_RNDN);
    normal_cdf(w->ccdf, w->tmp2, w->tmp);
    /* φ(t) = exp(−t²/2)/√(2π) */
    mpfr_sqr(w->pdf, w->t, MPFR_RNDN);
    mpfr_div_2ui(w->pdf, w->pdf, 1, MPFR_RNDN);
    mpfr_neg(w->pdf, w->pdf, MPFR_RNDN);
    mpfr_exp(w->pdf, w->pdf, MPFR_RNDN);
    mpfr_const_pi(w->tmp, MPFR_RNDN);
    mpfr_mul_2ui(w->tmp, w->tmp, 1, MPFR_RNDN);
    mpfr_sqrt(w->tmp, w->tmp, MPFR_RNDN);
    mpfr_div(w->pdf, w->pdf, w->tmp, MPFR_RNDN);
    exp_moment(w->a1, 1, w);
    exp_moment(w->a2, 2, w);
    /* E[z; z>0] = mΦ(t) + sφ(t) */
    mpfr_mul(w->pos1, w->m, w->cdf, MPFR_RNDN);
    mpfr_fma(w->pos1, w->s, w->pdf, w->pos1, MPFR_RNDN);
}

static void terms_clear(terms *w)
{
    mpfr_clears(w->m, w->S, w->s, w->t, w->cdf, w->ccdf, w->pdf, w->a1, w->a2, w->pos1,
                w->tmp, w->tmp2, (mpfr_ptr)0);
}

/* out[0] = μ̃ */
static void eval_mean(mpfr_t out, const sn_mpfr_args *x, terms *w)
{
    mpfr_sub(w->tmp, w->a1, w->ccdf, MPFR_RNDN);
    mpfr_mul(w->tmp, w->tmp, x->alpha, MPFR_RNDN);
    mpfr_add(out, w->tmp, w->pos1, MPFR_RNDN);
    mpfr_mul(out, out, x->lambda, MPFR_RNDN);
}

/* E[y²]/λ² */
static void eval_second(mpfr_t out, const sn_mpfr_args *x, terms *w)
{
    mpfr_mul_2ui(w->tmp, w->a1, 1, MPFR_RNDN);
    mpfr_sub(w->tmp, w->a2, w->tmp, MPFR_RNDN);
    mpfr_add(w->tmp, w->tmp, w->ccdf, MPFR_RNDN);
    mpfr_sqr(w->tmp2, x->alpha, MPFR_RNDN);
    mpfr_mul(w->tmp, w->tmp, w->tmp2, MPFR_RNDN);
    mpfr_sqr(out, w->m, MPFR_RNDN);
    mpfr_add(out, out, w->S, MPFR_RNDN);
    mpfr_fma(out, out, w->cdf, w->tmp, MPFR_RNDN);
    mpfr_mul(w->tmp2, w->m, w->s, MPFR_RNDN);
    mpfr_fma(out, w->tmp2, w->pdf, out, MPFR_RNDN);
}

static void eval_map(mpfr_t *out, const sn_mpfr_args *x, mpfr_prec_t wp)
{
    terms w;
    terms_init(&w, x, wp);
    eval_mean(out[0], x, &w);
    eval_second(out[1], x, &w);
    mpfr_sqr(w.tmp, x->lambda, MPFR_RNDN);
    mpfr_mul(out[1], out[1], w.tmp, MPFR_RNDN);
    mpfr_sqr(w.tmp, out[0], MPFR_RNDN);
    mpfr_sub(out[1], out[1], w.tmp, MPFR_RNDN);
    terms_clear(&w);
}

/* out = d(ν̃)/d· = λ² dE2 − 2 μ̃ dmu (in place in dE2's slot) */
static void variance_derivative(mpfr_t dnu, const mpfr_t dsecond, const mpfr_t mu_new,
                                const mpfr_t dmu, const sn_mpfr_args *x, terms *w)
{
    mpfr_sqr(w->tmp, x->lambda, MPFR_RNDN);
    mpfr_mul(w->tmp, w->tmp, dsecond, MPFR_RNDN);
    mpfr_mul(w->tmp2, mu_new, dmu, MPFR_RNDN);
    mpfr_mul_2ui(w->tmp2, w->tmp2, 1, MPFR_RNDN);
    mpfr_sub(dnu, w->tmp, w->tmp2, MPFR_RNDN);
}

/* out[0..3] = H row-major, out[4] = spectral norm */
static void eval_jacobian(mpfr_t *out, const sn_mpfr_args *x, mpfr_prec_t wp)
{
    terms w;
    terms_init(&w, x, wp);
    mpfr_t mu_new, dmu_dm, dmu_ds, de2_dm, de2_ds, a2sq;
    mpfr_inits2(wp, mu_new, dmu_dm, dmu_ds, de2_dm, de2_ds, a2sq, (mpfr_ptr)0);
    eval_mean(mu_new, x, &w);
    mpfr_sqr(a2sq, x->alpha, MPFR_RNDN);

    /* ∂μ̃/∂m = λ(Φ(t) + αA₁) */
    mpfr_fma(dmu_dm, x->alpha, w.a1, w.cdf, MPFR_RNDN);
    mpfr_mul(dmu_dm, dmu_dm, x->lambda, MPFR_RNDN);
    /* ∂μ̃/∂S = λ/2 (αA₁ + (1 − α)φ(t)/s) */
    mpfr_ui_sub(w.tmp, 1, x->alpha, MPFR_RNDN);
    mpfr_mul(w.tmp, w.tmp, w.pdf, MPFR_RNDN);
    mpfr_div(w.tmp, w.tmp, w.s, MPFR_RNDN);
    mpfr_fma(dmu_ds, x->alpha, w.a1, w.tmp, MPFR_RNDN);
    mpfr_mul(dmu_ds, dmu_ds, x->lambda, MPFR_RNDN);
    mpfr_div_2ui(dmu_ds, dmu_ds, 1, MPFR_RNDN);
    /* ∂E[y²]/∂m / λ² = 2(E[z; z>0] + α²(A₂ − A₁)) */
    mpfr_sub(w.tmp, w.a2, w.a1, MPFR_RNDN);
    mpfr_fma(de2_dm, a2sq, w.tmp, w.pos1, MPFR_RNDN);
    mpfr_mul_2ui(de2_dm, de2_dm, 1, MPFR_RNDN);
    /* ∂E[y²]/∂S / λ² = Φ(t) + α²(2A₂ − A₁) */
    mpfr_mul_2ui(w.tmp, w.a2, 1, MPFR_RNDN);
    mpfr_sub(w.tmp, w.tmp, w.a1, MPFR_RNDN);
    mpfr_fma(de2_ds, a2sq, w.tmp, w.cdf, MPFR_RNDN);

    mpfr_mul(out[0], x->omega, dmu_dm, MPFR_RNDN);
    mpfr_mul(out[1], x->tau, dmu_ds, MPFR_RNDN);
    variance_derivative(out[2], de2_dm, mu_new, dmu_dm, x, &w);
    mpfr_mul(out[2], out[2], x->omega, MPFR_RNDN);
    variance_derivative(out[3], de2_ds, mu_new, dmu_ds, x, &w);
    mpfr_mul(out[3], out[3], x->tau, MPFR_RNDN);
    sn_mpfr_spectral_norm(out[4], out, wp);

    mpfr_clears(mu_new, dmu_dm, dmu_ds, de2_dm, de2_ds, a2sq, (mpfr_ptr)0);
    terms_clear(&w);
}

void sn_mpfr_spectral_norm(mpfr_t result, mpfr_t h[4], mpfr_prec_t prec)
{
    /* σ_max = (hypot(a+d, b−c) + hypot(a−d, b+c))/2 */
    mpfr_t u, v, w;
    mpfr_inits2(prec + 16, u, v, w, (mpfr_ptr)0);
    mpfr_add(u, h[0], h[3], MPFR_RNDN);
    mpfr_sub(v, h[1], h[2], MPFR_RNDN);
    mpfr_hypot(w, u, v, MPFR_RNDN);
    mpfr_sub(u, h[0], h[3], MPFR_RNDN);
    mpfr_add(v, h[1], h[2], MPFR_RNDN);
    mpfr_hypot(u, u, v, MPFR_RNDN);
    mpfr_add(w, w, u, MPFR_RNDN);
    mpfr_div_2ui(result, w, 1, MPFR_RNDN);
    mpfr_clears(u, v, w, (mpfr_ptr)0);
}

static int check_args(const sn_mpfr_args *x, mpfr_prec_t prec)
{
    if (prec < SN_MPFR_MIN_PREC || prec > SN_MPFR_MAX_PREC) return GSL_EINVAL;
    const mpfr_srcptr all[] = { x->mu, x->omega, x->nu, x->tau, x->alpha, x->lambda };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (!mpfr_number_p(all[i])) return GSL_EDOM;
    if (mpfr_sgn(x->nu) <= 0 || mpfr_sgn(x->tau) <= 0 || mpfr_sgn(x->alpha) <= 0
        || mpfr_sgn(x->lambda) <= 0)
        return GSL_EDOM;
    mpfr_t m, S;
    mpfr_inits2(64, m, S, (mpfr_ptr)0);
    mpfr_mul(m, x->mu, x->omega, MPFR_RNDN);
    mpfr_mul(S, x->nu, x->tau, MPFR_RNDN);
    int ok = mpfr_cmp_d(m, INPUT_LIMIT) <= 0
          && mpfr_cmp_d(m, -INPUT_LIMIT) >= 0 && mpfr_cmp_d(S, INPUT_LIMIT) <= 0
          && mpfr_cmp_d(S, S_FLOOR) >= 0;
    mpfr_clears(m, S, (mpfr_ptr)0);
    return ok ? GSL_SUCCESS : GSL_ERANGE;
}

/* Have `cur` and `prev` converged: |cur − prev| ≤ 2^−(prec+1) max(|cur|, floor)? With floor 0
 * (relative accuracy) two zeros never agree: they mean that every digit cancelled at both
 * precisions, as in ν̃ = E[y²] − μ̃² when ν̃ ≪ μ̃², and more precision is needed. */
static int agree(const mpfr_t cur, const mpfr_t prev, mpfr_prec_t prec, int floor_one,
                 mpfr_t diff)
{
    mpfr_sub(diff, cur, prev, MPFR_RNDN);
    if (mpfr_zero_p(diff)) return !mpfr_zero_p(cur) || floor_one;
    mpfr_exp_t scale = mpfr_zero_p(cur) ? 1 : mpfr_get_exp(cur);
    if (floor_one && scale < 1) scale = 1;   /* |1| has exponent 1 in MPFR's convention */
    return !mpfr_zero_p(cur) || floor_one
        ? mpfr_get_exp(diff) <= scale - (mpfr_exp_t)prec - 1
        : 0;
}

typedef void (*mpfr_eval_fn)(mpfr_t *out, const sn_mpfr_args *x, mpfr_prec_t wp);

/* Ziv's loop: evaluate at wp and at a larger wp until all n outputs agree to prec bits,
 * relative to max(|value|, 1) when floor_one is set, else relative to |value|. */
static int ziv(mpfr_eval_fn eval, mpfr_t *res, size_t n, int floor_one,
               const sn_mpfr_args *x, mpfr_prec_t prec)
{
    int status = check_args(x, prec);
    if (status) return status;
    mpfr_t *prev = malloc(n * sizeof *prev), *cur = malloc(n * sizeof *cur);
    if (!prev || !cur) { free(prev); free(cur); return GSL_ENOMEM; }
    mpfr_prec_t extra = 32, limit = 64 * prec + 65536;
    for (size_t i = 0; i < n; i++) {
        mpfr_init2(prev[i], prec + extra);
        mpfr_init2(cur[i], prec + 2 * extra);
    }
    mpfr_clear_flags();
    eval(prev, x, prec + extra);
    status = GSL_ETOL;
    for (extra *= 2; prec + extra <= limit; extra *= 2) {
        for (size_t i = 0; i < n; i++) mpfr_set_prec(cur[i], prec + extra);
        eval(cur, x, prec + extra);
        if (mpfr_overflow_p() || mpfr_nanflag_p()) { status = GSL_ERANGE; break; }
        size_t ok = 0;
        mpfr_t diff;
        mpfr_init2(diff, prec + extra);
        for (size_t i = 0; i < n; i++) ok += agree(cur[i], prev[i], prec, floor_one, diff);
        mpfr_clear(diff);
        if (ok == n) { status = GSL_SUCCESS; break; }
        for (size_t i = 0; i < n; i++) mpfr_swap(prev[i], cur[i]);
    }
    for (size_t i = 0; i < n; i++) {
        if (status == GSL_SUCCESS) mpfr_set(res[i], cur[i], MPFR_RNDN);
        mpfr_clear(prev[i]);
        mpfr_clear(cur[i]);
    }
    free(prev);
    free(cur);
    return status;
}

int sn_mpfr_map(mpfr_t mu_new, mpfr_t nu_new, const sn_mpfr_args *x, mpfr_prec_t prec)
{
    mpfr_t res[2];
    mpfr_inits2(mpfr_get_prec(mu_new), res[0], (mpfr_ptr)0);
    mpfr_init2(res[1], mpfr_get_prec(nu_new));
    int status = ziv(eval_map, res, 2, 0, x, prec);
    if (status == GSL_SUCCESS) {
        mpfr_set(mu_new, res[0], MPFR_RNDN);
        mpfr_set(nu_new, res[1], MPFR_RNDN);
    }
    mpfr_clears(res[0], res[1], (mpfr_ptr)0);
    return status;
}

int sn_mpfr_jacobian(mpfr_t h[4], mpfr_t spectral_norm, const sn_mpfr_args *x,
                     mpfr_prec_t prec)
{
    mpfr_t res[5];
    for (int i = 0; i < 5; i++) mpfr_init2(res[i], prec);
    int status = ziv(eval_jacobian, res, 5, 1, x, prec);
    if (status == GSL_SUCCESS) {
        for (int i = 0; i < 4; i++) mpfr_set(h[i], res[i], MPFR_RNDN);
        mpfr_set(spectral_norm, res[4], MPFR_RNDN);
    }
    for (int i = 0; i < 5; i++) mpfr_clear(res[i]);
    return status;
}
