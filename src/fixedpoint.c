/* fixedpoint.c - fixed points of the moment map (see fixedpoint.h). */
#include <math.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multiroots.h>
#include "selfnorm/fixedpoint.h"
#include "selfnorm/moments.h"

#define MAX_SOLVER_STEPS 200
#define SOLVER_TOL 1e-15
#define FALLBACK_ITERATIONS 200

typedef struct {
    double omega, tau;
    sn_selu p;
} fp_params;

/* F(μ, ℓ) = g(μ, e^ℓ) − (μ, e^ℓ), and its Jacobian (H − I)·diag(1, e^ℓ). */
static int residual_fdf(const gsl_vector *x, void *params, gsl_vector *f, gsl_matrix *J)
{
    const fp_params *fp = params;
    double mu = gsl_vector_get(x, 0), nu = exp(gsl_vector_get(x, 1));
    sn_point pt = { mu, fp->omega, nu, fp->tau };
    if (f) {
        sn_moments g;
        if (sn_map(&g, pt, fp->p) != GSL_SUCCESS) return GSL_EBADFUNC;
        gsl_vector_set(f, 0, g.mu_new - mu);
        gsl_vector_set(f, 1, g.nu_new - nu);
    }
    if (J) {
        sn_jacobian h;
        if (sn_map_jacobian(&h, pt, fp->p) != GSL_SUCCESS) return GSL_EBADFUNC;
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

/* One run of the root solver from (mu0, nu0). */
static int solve_from(sn_fixed_point *out, double omega, double tau, sn_selu p, double mu0,
                      double nu0)
{
    fp_params fp = { omega, tau, p };
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
    int root = fabs(gsl_vector_get(s->f, 0)) <= 1e-12 * (1 + fabs(mu))
            && fabs(gsl_vector_get(s->f, 1)) <= 1e-12 * nu;
    if (status != GSL_EBADFUNC && root) {
        sn_jacobian h;
        out->mu = mu;
        out->nu = nu;
        out->solver_iterations = steps;
        status = sn_map_jacobian(&h, (sn_point){ out->mu, omega, out->nu, tau }, p);
        out->spectral_norm = h.spectral_norm;
    } else if (status == GSL_SUCCESS) {
        status = steps >= MAX_SOLVER_STEPS ? GSL_EMAXITER : GSL_ENOPROG;
    }
    gsl_multiroot_fdfsolver_free(s);
    gsl_vector_free(x);
    return status;
}

int sn_fixed_point_solve(sn_fixed_point *out, double omega, double tau, sn_selu p, double mu0,
                         double nu0)
{
    if (sn_point_check((sn_point){ mu0, omega, nu0, tau }, p) != GSL_SUCCESS) return GSL_EDOM;
    int status = solve_from(out, omega, tau, p, mu0, nu0);
    if (status == GSL_SUCCESS || status == GSL_ENOMEM) return status;
    /* Far from the root Powell's method can stall; the iteration of g itself walks toward an
     * attracting fixed point, so restart the solver from where it has gone. */
    double mu = mu0, nu = nu0;
    for (int k = 0; k < FALLBACK_ITERATIONS; k++) {
        sn_moments g;
        if (sn_map(&g, (sn_point){ mu, omega, nu, tau }, p) != GSL_SUCCESS) return status;
        mu = g.mu_new;
        nu = g.nu_new;
    }
    return solve_from(out, omega, tau, p, mu, nu);
}

size_t sn_fixed_point_iterate(double *mu, double *nu, size_t n, double omega, double tau,
                              sn_selu p, double mu0, double nu0, double target_mu,
                              double target_nu, double tol)
{
    if (n == 0) return 0;
    mu[0] = mu0;
    nu[0] = nu0;
    size_t k = 1;
    for (; k < n; k++) {
        if (hypot(mu[k - 1] - target_mu, nu[k - 1] - target_nu) <= tol) break;
        sn_moments g;
        if (sn_map(&g, (sn_point){ mu[k - 1], omega, nu[k - 1], tau }, p) != GSL_SUCCESS) return 0;
        mu[k] = g.mu_new;
        nu[k] = g.nu_new;
    }
    return k;
}
