/* fixedpoint.c - fixed points of the moment map (see fixedpoint.h). */
#include <float.h>
#include <math.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multiroots.h>
#include "selfnorm/fixedpoint.h"
#include "selfnorm/moments.h"
#include "fixedpoint_internal.h"

#define MAX_SOLVER_STEPS 200
#define SOLVER_TOL 1e-15
#define FALLBACK_ITERATIONS 200

typedef struct {
    double omega, tau;
    const sn_map_fn *map;
} fp_params;

/* F(μ, ℓ) = g(μ, e^ℓ) − (μ, e^ℓ), and its Jacobian (H − I)·diag(1, e^ℓ). */
static int residual_fdf(const gsl_vector *x, void *params, gsl_vector *f, gsl_matrix *J)
{
    const fp_params *fp = params;
    double mu = gsl_vector_get(x, 0), nu = exp(gsl_vector_get(x, 1));
    sn_point pt = { mu, fp->omega, nu, fp->tau };
    if (f) {
        sn_moments g;
        if (fp->map->map(&g, pt, fp->map->ctx) != GSL_SUCCESS) return GSL_EBADFUNC;
        gsl_vector_set(f, 0, g.mu_new - mu);
        gsl_vector_set(f, 1, g.nu_new - nu);
    }
    if (J) {
        sn_jacobian h;
        if (fp->map->jacobian(&h, pt, fp->map->ctx) != GSL_SUCCESS) return GSL_EBADFUNC;
        gsl_matrix_set(J, 0, 0, h.h[0][0] - 1);
        gsl_matrix_set(J, 0, 1, h.h[0][1] * nu);
        gsl_matrix_set(J, 1, 0, h.h[1][0]);
        gsl_matrix_set(J, 1, 1, (h.h[1][1] - 1) * nu);
    }
    return GSL_SUCCESS;
}

static int residual_f(const gsl_vector *x, void *params, gsl_vector *f)
{
    return residual_fdf(x, params, f, NULL);
}

static int residual_df(const gsl_vector *x, void *params, gsl_matrix *J)
{
    return residual_fdf(x, params, NULL, J);
}

/* (mu, nu) is a fixed point to rounding: each component of g(x) − x is small against the
 * point's own scale (the mean against |μ| + √ν, the spread of the unit's inputs; the variance
 * against ν), or within the map's error estimate. A test absolute in μ accepted
 * (4.8e−15, 5.8e−15) for SiLU at τ = 4, where g moves the mean by 20%. */
static int is_fixed(const sn_map_fn *map, double omega, double tau, double mu, double nu)
{
    sn_moments g;
    if (map->map(&g, (sn_point){ mu, omega, nu, tau }, map->ctx) != GSL_SUCCESS) return 0;
    return fabs(g.mu_new - mu) <= 1e-12 * (fabs(mu) + sqrt(nu)) + 2 * g.mu_err
        && fabs(g.nu_new - nu) <= 1e-12 * nu + 2 * g.nu_err;
}

/* One run of the root solver from (mu0, nu0). */
static int solve_from(sn_fixed_point *out, double omega, double tau, const sn_map_fn *map,
                      double mu0, double nu0)
{
    /* a start that is a fixed point already is the answer: where g's Jacobian there is
     * singular (a linear unit: every (0, nu) is fixed) the solver could not step to it */
    if (is_fixed(map, omega, tau, mu0, nu0)) {
        out->mu = mu0;
        out->nu = nu0;
        out->solver_iterations = 0;
        int st = map->stability(&out->stability, NULL, (sn_point){ mu0, omega, nu0, tau }, map->ctx);
        out->spectral_norm = out->stability.spectral_norm;
        return st;
    }
    fp_params fp = { omega, tau, map };
    gsl_multiroot_function_fdf F = { residual_f, residual_df, residual_fdf, 2, &fp };
    gsl_multiroot_fdfsolver *s = gsl_multiroot_fdfsolver_alloc(gsl_multiroot_fdfsolver_hybridsj, 2);
    gsl_vector *x = gsl_vector_alloc(2);
    if (!s || !x) {
        gsl_multiroot_fdfsolver_free(s);
        gsl_vector_free(x);
        return GSL_ENOMEM;
    }
    gsl_vector_set(x, 0, mu0);
    gsl_vector_set(x, 1, log(nu0));
    int status = gsl_multiroot_fdfsolver_set(s, &F, x);
    int steps = 0;
    while (status == GSL_SUCCESS && steps < MAX_SOLVER_STEPS) {
        steps++;
        status = gsl_multiroot_fdfsolver_iterate(s);
        if (status) break;
        status = gsl_multiroot_test_residual(s->f, SOLVER_TOL);
        if (status == GSL_CONTINUE) status = GSL_SUCCESS;
        else break;
    }
    /* Accept a true root, also when hybridsj stops because a step near it no longer makes
     * progress (convergence to rounding); reject a stall anywhere else. */
    double nu = exp(gsl_vector_get(s->x, 1));
    double mu = gsl_vector_get(s->x, 0);
    int root = is_fixed(map, omega, tau, mu, nu);
    if (status != GSL_EBADFUNC && root) {
        out->mu = mu;
        out->nu = nu;
        out->solver_iterations = steps;
        status = map->stability(&out->stability, NULL, (sn_point){ mu, omega, nu, tau }, map->ctx);
        out->spectral_norm = out->stability.spectral_norm;
    } else if (status == GSL_SUCCESS) {
        status = steps >= MAX_SOLVER_STEPS ? GSL_EMAXITER : GSL_ENOPROG;
    }
    gsl_multiroot_fdfsolver_free(s);
    gsl_vector_free(x);
    return status;
}

int sn_fixed_point_solve_map(sn_fixed_point *out, double omega, double tau,
                             const sn_map_fn *map, double mu0, double nu0)
{
    int status = solve_from(out, omega, tau, map, mu0, nu0);
    if (status == GSL_SUCCESS || status == GSL_ENOMEM) return status;
    /* Far from the root Powell's method can stall; the iteration of g itself walks toward an
     * attracting fixed point, so restart the solver from where it has gone. */
    double mu = mu0, nu = nu0;
    for (int k = 0; k < FALLBACK_ITERATIONS; k++) {
        sn_moments g;
        if (map->map(&g, (sn_point){ mu, omega, nu, tau }, map->ctx) != GSL_SUCCESS)
            return status;
        mu = g.mu_new;
        nu = g.nu_new;
    }
    return solve_from(out, omega, tau, map, mu, nu);
}

size_t sn_fixed_point_iterate_map(double *mu, double *nu, size_t n, double omega, double tau,
                                  const sn_map_fn *map, double mu0, double nu0,
                                  double target_mu, double target_nu, double tol, int *status)
{
    *status = GSL_SUCCESS;
    if (n == 0) return 0;
    mu[0] = mu0;
    nu[0] = nu0;
    size_t k = 1;
    for (; k < n; k++) {
        if (hypot(mu[k - 1] - target_mu, nu[k - 1] - target_nu) <= tol) break;
        sn_moments g;
        *status = map->map(&g, (sn_point){ mu[k - 1], omega, nu[k - 1], tau }, map->ctx);
        if (*status != GSL_SUCCESS) break;
        mu[k] = g.mu_new;
        nu[k] = g.nu_new;
    }
    return k;
}

/* SELU's map for the generic solver: ctx is the sn_selu. */
static int selu_map(sn_moments *g, sn_point x, const void *ctx)
{
    return sn_map(g, x, *(const sn_selu *)ctx);
}

static int selu_jacobian(sn_jacobian *jac, sn_point x, const void *ctx)
{
    return sn_map_jacobian(jac, x, *(const sn_selu *)ctx);
}

static int selu_stability(sn_stability *s, sn_jacobian *jac, sn_point x, const void *ctx)
{
    return sn_stability_at(s, jac, x, *(const sn_selu *)ctx);
}

int sn_fixed_point_solve(sn_fixed_point *out, double omega, double tau, sn_selu p, double mu0,
                         double nu0)
{
    if (sn_point_check((sn_point){ mu0, omega, nu0, tau }, p) != GSL_SUCCESS) return GSL_EDOM;
    sn_map_fn map = { selu_map, selu_jacobian, selu_stability, &p };
    return sn_fixed_point_solve_map(out, omega, tau, &map, mu0, nu0);
}

size_t sn_fixed_point_iterate(double *mu, double *nu, size_t n, double omega, double tau,
                              sn_selu p, double mu0, double nu0, double target_mu,
                              double target_nu, double tol, int *status)
{
    sn_map_fn map = { selu_map, selu_jacobian, selu_stability, &p };
    return sn_fixed_point_iterate_map(mu, nu, n, omega, tau, &map, mu0, nu0, target_mu,
                                      target_nu, tol, status);
}

/* "q < 1" for a q computed to within err: too close to call inside the margin, where a
 * rounding or an entry's error could flip it. */
static sn_verdict below_one(double q, double err)
{
    double margin = fmax(SN_STABILITY_MARGIN, err);
    if (q < 1 - margin) return SN_VERDICT_YES;
    if (q > 1 + margin) return SN_VERDICT_NO;
    return SN_VERDICT_UNDECIDED;
}

int sn_stability_2x2(sn_stability *s, const double h[2][2], double entry_err)
{
    double a = h[0][0], b = h[0][1], c = h[1][0], d = h[1][1], e = entry_err;
    if (!isfinite(a) || !isfinite(b) || !isfinite(c) || !isfinite(d) || !isfinite(e) || e < 0)
        return GSL_EDOM;
    /* Eigenvalues m ± √D of the characteristic polynomial x² − (a + d)x + (ad − bc), with
     * m = (a + d)/2 and the discriminant written as D = ((a − d)/2)² + bc, which does not
     * cancel for triangular or symmetric H as m² − det would. */
    double m = 0.5 * (a + d), hd = 0.5 * (a - d);
    double D = fma(b, c, hd * hd);
    *s = (sn_stability){ 0 };
    if (D >= 0) {
        /* Larger root m + sign(m)√D without cancellation; the other from the product of the
         * roots, det = ad − bc, evaluated with Kahan's fma trick (error ≤ 1.5 ulp). */
        double l1 = m + copysign(sqrt(D), m);
        double w = b * c, det = fma(a, d, -w) + fma(-b, c, w);
        s->re[0] = l1;
        s->re[1] = l1 != 0 ? det / l1 : 0.0;
        s->spectral_radius = fabs(l1);
    } else {
        s->complex_pair = 1;
        s->re[0] = s->re[1] = m;
        s->im[0] = sqrt(-D);
        s->im[1] = -s->im[0];
        s->spectral_radius = hypot(m, s->im[0]);
    }
    s->spectral_norm = sn_spectral_norm_2x2(a, b, c, d);

    /* Error bounds for entries perturbed by at most e each. The eigenvalues move by at most
     * |Δm| + |Δ√D| with |Δm| ≤ e, |ΔD| ≤ eD := |a − d|e + (|b| + |c|)e + 2e² (plus the
     * rounding of D itself, which near D = 0 matters through the square root), and
     * |√(D + ΔD) − √D| ≤ min(√eD, eD/√|D|) (also across D = 0, where the pair turns complex);
     * the largest modulus moves no further than the eigenvalues. The singular values move by
     * at most ‖ΔH‖₂ ≤ ‖ΔH‖_F ≤ 2e (Weyl). The rest of the rounding costs a few ulps. */
    double eD = fabs(a - d) * e + (fabs(b) + fabs(c)) * e + 2 * e * e
              + 4 * DBL_EPSILON * (hd * hd + fabs(b * c));
    double root_err = sqrt(eD);
    if (D != 0) root_err = fmin(root_err, eD / sqrt(fabs(D)));
    s->radius_err = e + root_err + 4 * DBL_EPSILON * (fabs(m) + sqrt(fabs(D)));
    s->norm_err = 2 * e + 8 * DBL_EPSILON * s->spectral_norm;
    s->attracting = below_one(s->spectral_radius, s->radius_err);
    s->contraction = below_one(s->spectral_norm, s->norm_err);
    return GSL_SUCCESS;
}

int sn_stability_at(sn_stability *s, sn_jacobian *jac, sn_point x, sn_selu p)
{
    sn_jacobian j;
    int status = sn_map_jacobian(&j, x, p);
    if (jac) *jac = j;
    if (status != GSL_SUCCESS) return status;
    double hmax = 1.0;
    for (int r = 0; r < 2; r++)
        for (int k = 0; k < 2; k++) hmax = fmax(hmax, fabs(j.h[r][k]));
    /* the closed form's tested accuracy (moments.h, tests/test_moments.c) */
    return sn_stability_2x2(s, (const double (*)[2])j.h, 1e-12 * hmax);
}
