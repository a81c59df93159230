/* moments.c - the moment map g(μ, ν) = (μ̃, ν̃) of a SELU unit and its Jacobian, in closed form
 * and stable for every valid input.
 *
 * With z ~ N(m, s²), m = μω, s² = ντ, and y = λ f(z), f(z) = z (z > 0), α(eᶻ − 1) (z ≤ 0):
 *
 * The textbook form (Klambauer et al., Eq. 4–5, written with erfc) overflows for large ντ
 * (e^{2μω+2ντ}) and computes ν̃ = E[y²] − E[y]², which loses every digit when ν̃ is small
 * against μ̃². Instead we split z at 0 and use the law of total variance,
 *     Var f = p V₊ + q V₋ + p q (M₊ − M₋)²,                                         (TV)
 * p = P(z > 0), q = P(z ≤ 0), M± and V± the conditional means and variances of f. Every term
 * is non-negative, so ν̃ inherits the relative accuracy of its parts. With the standardized
 * threshold a = −m/s and b = −a = m/s:
 *   z | z > 0   is s·X_a, X_a the excess of Z over a:  M₊ = s r(a), V₊ = s² v(a) (normal.h);
 *   z | z ≤ 0   is −s·X_b, so e^z | z ≤ 0 is e^{−s X_b}, whose log-moments are
 *       κ  = ln E[e^{−sX_b}]                = ℓ(b+s) − ℓ(b),
 *       Δ₂ = ln E[e^{−2sX_b}] − 2κ          = ℓ(b+2s) − 2ℓ(b+s) + ℓ(b),
 *     ℓ = ln R (Mills' ratio), because E[e^{−tX_b}] = R(b+t)/R(b). Then
 *       M₋ = −α(1 − e^κ) = α expm1(κ),   V₋ = α² e^{2κ} expm1(Δ₂)     (no cancellation).
 * For s < SMALL_S the differences of ℓ would cancel, so we integrate instead:
 *       κ = −∫₀ˢ r(b+t) dt,   Δ₂ = ∫₀²ˢ v(b+t) min(t, 2s−t) dt                        (ℓ' = −r, ℓ'' = v)
 * with Gauss–Legendre rules (GSL's tables); r and v are smooth and positive.
 */
#include <float.h>
#include <math.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include "selfnorm/moments.h"
#include "selfnorm/normal.h"
#include "moments_internal.h"

#define SQRT_2PI 2.50662827463100050241576528481
#define SMALL_S 0.5        /* below it, κ and Δ₂ by quadrature (see the header comment) */
#define FAR_LEFT -8.5     /* Q(8.5) < 2⁻⁵⁴: √(2π)Q(x) is exactly √(2π) below −8.5 */
#define SPAN 256           /* points per OpenMP work item in sn_map_array */
#define GL_NODES 8         /* error < 1e−17: the nearest poles of r, v are 2.8 off the real axis */

int sn_point_check(sn_point x, sn_selu p)
{
    if (!isfinite(x.mu) || !isfinite(x.omega) || !isfinite(x.nu) || !isfinite(x.tau)
        || !(x.nu > 0) || !(x.tau > 0) || sn_selu_check(p) != GSL_SUCCESS)
        return GSL_EDOM;
    double m = x.mu * x.omega, s2 = x.nu * x.tau;
    if (!isfinite(m) || !isfinite(s2) || s2 < DBL_MIN)
        return GSL_ERANGE;
    return GSL_SUCCESS;
}

/* ℓ(x) = ln R(x) is split as e(x) + ln g(x), with e(x) = min(x, 0)²/2 taken analytically: for
 * x ≪ 0, R(x) ≈ √(2π) e^{x²/2} and the quadratic part must not be differenced in floating point.
 * g(x) = √(2π) Q(x) for x < 0 (between 1.25 and 2.5), R(x) otherwise. */
static double mills_scaled(double x)
{
    return x < 0 ? SQRT_2PI * sn_normal_upper(x) : sn_mills_ratio(x);
}

/* e(b+s) − e(b) in terms of m = b s, without rounding b + s. */
static double quad_part_first(double b, double s, double m)
{
    if (b >= 0) return 0.0;
    if (b + s <= 0) return m + 0.5 * s * s;       /* ((b+s)² − b²)/2 = s b + s²/2 */
    return -0.5 * b * b;
}

/* e(b+2s) − 2e(b+s) + e(b). */
static double quad_part_second(double b, double s)
{
    if (b >= 0) return 0.0;
    if (b + 2 * s <= 0) return s * s;
    double n1 = fmin(b + s, 0.0);                 /* here |b| < 2s: no large cancellation */
    return 0.5 * b * b - n1 * n1;
}

static void log_moments_direct(double b, double s, double m, double *kappa, double *delta2)
{
    double g0 = mills_scaled(b), g1 = mills_scaled(b + s), g2 = mills_scaled(b + 2 * s);
    *kappa = quad_part_first(b, s, m) + log(g1 / g0);
    *delta2 = quad_part_second(b, s) + log((g2 / g1) * (g0 / g1));
}

static int log_moments_quadrature(double b, double s, double *kappa, double *delta2)
{
    gsl_integration_glfixed_table *gl = gsl_integration_glfixed_table_alloc(GL_NODES);
    if (!gl) return GSL_ENOMEM;
    double k = 0.0, d = 0.0;
    for (size_t i = 0; i < GL_NODES; i++) {
        double t, w, r_lo, v_lo, v_hi;
        gsl_integration_glfixed_point(0.0, s, i, &t, &w, gl);
        sn_normal_excess(b + t, &r_lo, &v_lo);
        sn_normal_excess(b + s + t, NULL, &v_hi);
        k -= w * r_lo;
        d += w * (v_lo * t + v_hi * (s - t));     /* tent kernel on [0, s] and [s, 2s] */
    }
    gsl_integration_glfixed_table_free(gl);
    *kappa = k;
    *delta2 = d;
    return GSL_SUCCESS;
}

int sn_split_moments(sn_split *sp, double m, double s)
{
    double a = -m / s;
    if (isinf(a)) {
        /* |m| ≫ s: z never crosses 0 in double precision; these are the limits of the
         * general formulas (X_a ~ Z + |a|, R(b+t)/R(b) → e^{bt + t²/2}). */
        int pos = m > 0;
        *sp = (sn_split){ .p = pos, .q = !pos, .pos_mean = pos ? m : 0.0,
                          .pos_var = pos ? s * s : 0.0, .kappa = pos ? 0.0 : m + 0.5 * s * s,
                          .delta2 = pos ? 0.0 : s * s, .dens0 = 0.0 };
        return GSL_SUCCESS;
    }
    /* p = Q(a), q = Q(−a): one tail evaluation; the larger one is 1 − the smaller, exactly
     * enough since it is at least 1/2. */
    double small = sn_normal_upper(fabs(a));
    sp->p = a >= 0 ? small : 1.0 - small;
    sp->q = a >= 0 ? 1.0 - small : small;
    sp->dens0 = sn_normal_pdf(a) / s;

    double r, v;
    sn_normal_excess(a, &r, &v);
    sp->pos_mean = sp->p > 0 ? s * r : 0.0;
    sp->pos_var = sp->p > 0 ? s * s * v : 0.0;

    sp->kappa = sp->delta2 = 0.0;
    if (sp->q == 0.0) return GSL_SUCCESS;
    double b = -a;
    /* Far left (b + 2s < FAR_LEFT) Q rounds to 1 at all three points, g is constant and the
     * direct form is exact up to the rounding of m + s²/2 and s²: prefer it there. */
    if (s < SMALL_S && b + 2 * s > FAR_LEFT)
        return log_moments_quadrature(b, s, &sp->kappa, &sp->delta2);
    log_moments_direct(b, s, m, &sp->kappa, &sp->delta2);
    return GSL_SUCCESS;
}

/* V₋/α² = Var[e^z | z ≤ 0] = e^{2κ}(e^{Δ₂} − 1), written as e^{2κ+Δ₂}(1 − e^{−Δ₂}) because
 * 2κ + Δ₂ = ln E[e^{2z} | z ≤ 0] ≤ 0 cannot overflow while Δ₂ alone can. */
static double exp_cond_variance(const sn_split *sp)
{
    return exp(2 * sp->kappa + sp->delta2) * -expm1(-sp->delta2);
}

/* μ̃ and ν̃ from the split: μ̃ = λ(p M₊ + q M₋), ν̃ = λ² (TV). */
void sn_split_map(double *mu_new, double *nu_new, const sn_split *sp, sn_selu prm)
{
    double al = prm.alpha, la = prm.lambda;
    double d1 = -expm1(sp->kappa);                 /* E[1 − e^z | z ≤ 0] */
    double neg_var = exp_cond_variance(sp);
    double gap = sp->pos_mean + al * d1;           /* M₊ − M₋ ≥ 0 */
    double pq = sp->p * sp->q;
    *mu_new = la * (sp->p * sp->pos_mean - sp->q * al * d1);
    *nu_new = la * la * (sp->p * sp->pos_var + sp->q * al * al * neg_var
                         + (pq > 0 ? pq * gap * gap : 0.0));
}

static int finish_status(double a, double b)
{
    return isfinite(a) && isfinite(b) ? GSL_SUCCESS : GSL_EOVRFLW;
}

int sn_map(sn_moments *g, sn_point x, sn_selu p)
{
    return sn_map_full(g, NULL, x, p);
}

/* Derivatives by Stein's identity and the heat equation, d/dm E f(z) = E f'(z) and
 * d/ds² E f(z) = ½ E f''(z), with f'' carrying the jump (1 − α) δ(z) of f' at 0.
 * With E₁ = E[e^z | z ≤ 0] = e^κ and E₂ = E[e^{2z} | z ≤ 0] = e^{2κ+Δ₂}:
 *   ∂μ̃/∂m  = λ (p + α q E₁)
 *   ∂μ̃/∂s² = λ/2 (α q E₁ + (1 − α) φ(a)/s)
 *   ∂ν̃/∂m  = 2λ² Cov(f, f') = 2λ² (α² q V[e^z|z≤0] + p q (M₊ − M₋)(1 − α E₁))   (by TV)
 *   ∂ν̃/∂s² = λ² (p + α² q (2E₂ − E₁)) − 2 μ̃ ∂μ̃/∂s²
 * and the chain rule ∂/∂μ = ω ∂/∂m, ∂/∂ν = τ ∂/∂s². */
int sn_map_jacobian(sn_jacobian *jac, sn_point x, sn_selu prm)
{
    sn_moments g;
    return sn_map_full(&g, jac, x, prm);
}

void sn_split_derivs(double d[4], const sn_split *sp, double mu_new, sn_selu prm)
{
    double al = prm.alpha, la = prm.lambda;
    double e1 = exp(sp->kappa), e2 = exp(2 * sp->kappa + sp->delta2);
    double d1 = -expm1(sp->kappa), neg_var = exp_cond_variance(sp);
    double pq = sp->p * sp->q;

    double dmu_ds2 = 0.5 * la * (al * sp->q * e1 + (1 - al) * sp->dens0);
    double cov = al * al * sp->q * neg_var
               + (pq > 0 ? pq * (sp->pos_mean + al * d1) * (1 - al * e1) : 0.0);
    d[0] = la * (sp->p + al * sp->q * e1);
    d[1] = dmu_ds2;
    d[2] = 2 * la * la * cov;
    d[3] = la * la * (sp->p + al * al * sp->q * (2 * e2 - e1)) - 2 * mu_new * dmu_ds2;
}

double sn_split_dsecond(const sn_split *sp, sn_selu prm)
{
    double al = prm.alpha, la = prm.lambda;
    return la * la * (sp->p + al * al * sp->q * exp(2 * sp->kappa + sp->delta2));
}

static void jacobian_from_split(sn_jacobian *jac, const sn_split *sp, double mu_new, sn_point x,
                                sn_selu prm)
{
    double d[4];
    sn_split_derivs(d, sp, mu_new, prm);
    jac->h[0][0] = x.omega * d[0];
    jac->h[0][1] = x.tau * d[1];
    jac->h[1][0] = x.omega * d[2];
    jac->h[1][1] = x.tau * d[3];
    jac->spectral_norm = sn_spectral_norm_2x2(jac->h[0][0], jac->h[0][1], jac->h[1][0], jac->h[1][1]);
}

int sn_map_full(sn_moments *g, sn_jacobian *jac, sn_point x, sn_selu p)
{
    int status = sn_point_check(x, p);
    if (status) return status;
    sn_split sp;
    status = sn_split_moments(&sp, x.mu * x.omega, sqrt(x.nu * x.tau));
    if (status) return status;
    sn_split_map(&g->mu_new, &g->nu_new, &sp, p);
    g->mu_err = 1e-13 * fmax(1.0, fabs(g->mu_new));
    /* plus DBL_MIN: below the normal range a result has no relative accuracy (ν̃ = 0 was
     * printed with 'error <= 0' where the exact value is 2.7e−326) */
    g->nu_err = 1e-12 * g->nu_new + DBL_MIN;
    status = finish_status(g->mu_new, g->nu_new);
    if (jac && status == GSL_SUCCESS) {
        jacobian_from_split(jac, &sp, g->mu_new, x, p);
        status = finish_status(jac->spectral_norm, jac->h[0][0] + jac->h[1][0]);
    }
    return status;
}

double sn_spectral_norm_2x2(double a, double b, double c, double d)
{
    return 0.5 * (hypot(a + d, b - c) + hypot(a - d, b + c));
}

static int have_avx2(void)
{
#if defined(__x86_64__)
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

/* Up to four points through the vector kernel, the lanes it declines through sn_map_full. */
static int map_block(double *mu_new, double *nu_new, sn_jacobian *jac, const sn_point_cols *x,
                     size_t first, size_t count, sn_selu p, int simd)
{
    int mask = simd && count == 4 ? sn_map4_avx2(mu_new, nu_new, jac, x, first, p) : 0;
    int status = GSL_SUCCESS;
    for (size_t k = 0; k < count; k++) {
        if (mask & (1 << k)) continue;
        sn_moments g;
        int st = sn_map_full(&g, jac ? &jac[k] : NULL, sn_point_cols_at(x, first + k), p);
        mu_new[k] = st ? NAN : g.mu_new;
        nu_new[k] = st ? NAN : g.nu_new;
        if (st && !status) status = st;
    }
    return status;
}

int sn_map_span(double *mu_new, double *nu_new, sn_jacobian *jac, const sn_point_cols *x,
                size_t first, size_t n, sn_selu p)
{
    int simd = have_avx2() && sn_selu_check(p) == GSL_SUCCESS, status = GSL_SUCCESS;
    for (size_t i = 0; i < n; i += 4) {
        int st = map_block(mu_new + i, nu_new + i, jac ? jac + i : NULL, x, first + i,
                           n - i < 4 ? n - i : 4, p, simd);
        if (st && !status) status = st;
    }
    return status;
}

int sn_map_array(double *mu_new, double *nu_new, const sn_point *x, size_t n, sn_selu p,
                 size_t *bad)
{
    sn_point_cols cols = sn_point_cols_of(x);
    return sn_map_strided(mu_new, nu_new, NULL, NULL, cols.col, cols.stride, n, p, bad);
}

/* The columns are read where the vector kernel needs them (a column of stride 1 in one load),
 * not gathered into sn_point rows first: that copy cost a third of the time of a call from
 * Python. The Jacobians go through a span's buffer (sn_jacobian rows) into h. */
int sn_map_strided(double *mu_new, double *nu_new, double *h, double *spectral_norm,
                   const double *const in[4], const size_t stride[4], size_t n, sn_selu p,
                   size_t *bad)
{
    sn_point_cols cols = { { in[0], in[1], in[2], in[3] },
                           { stride[0], stride[1], stride[2], stride[3] } };
    size_t first_bad = n, nspans = (n + SPAN - 1) / SPAN;
    int want_jac = h || spectral_norm;
    #pragma omp parallel for schedule(dynamic, 16) reduction(min:first_bad)
    for (size_t b = 0; b < nspans; b++) {
        size_t i = SPAN * b, count = n - i < SPAN ? n - i : SPAN;
        sn_jacobian jac[SPAN];
        double mu_buf[SPAN], nu_buf[SPAN];
        double *mu = mu_new ? mu_new + i : mu_buf, *nu = nu_new ? nu_new + i : nu_buf;
        int status = sn_map_span(mu, nu, want_jac ? jac : NULL, &cols, i, count, p);
        if (status != GSL_SUCCESS)
            for (size_t k = 0; k < count; k++)
                if (isnan(mu[k]) && i + k < first_bad) first_bad = i + k;   /* the mark */
        if (!want_jac) continue;
        for (size_t k = 0; k < count; k++) {
            int failed = status != GSL_SUCCESS && isnan(mu[k]);
            if (h)
                for (int e = 0; e < 4; e++)
                    h[4 * (i + k) + (size_t)e] = failed ? NAN : jac[k].h[e / 2][e % 2];
            if (spectral_norm) spectral_norm[i + k] = failed ? NAN : jac[k].spectral_norm;
        }
    }
    int first_status = GSL_SUCCESS;
    if (first_bad < n) {
        sn_moments g;
        sn_jacobian jac;
        first_status = sn_map_full(&g, want_jac ? &jac : NULL, sn_point_cols_at(&cols, first_bad),
                                   p);
    }
    if (bad) *bad = first_bad;
    return first_status;
}

int sn_map_jacobian_array(double *h, double *spectral_norm, const sn_point *x, size_t n,
                          sn_selu p, size_t *bad)
{
    const double *const in[4] = { &x->mu, &x->omega, &x->nu, &x->tau };
    const size_t stride = sizeof(sn_point) / sizeof(double);
    return sn_map_strided(NULL, NULL, h, spectral_norm, in, (const size_t[4]){ stride, stride,
                          stride, stride }, n, p, bad);
}
