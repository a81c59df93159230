/* activation.h - activations as data: one table, a row per activation, and the moment map g,
 * its Jacobian and its fixed point for any row.
 *
 * Each row of the table (src/activation.c) holds the activation's name, its parameters (names,
 * defaults, ranges), f and f′, and either a closed form for the Gaussian moments of f (SELU,
 * ELU, ReLU, leaky ReLU, linear: the stable split of z at 0 of moments.c) or none, in which
 * case the moments are computed by quadrature (src/activation_quad.c: composite
 * Gauss–Kronrod 7/15 on panels graded toward z = 0, within 2.1e−13 relative of MPFR in the
 * tests, with an error estimate; see there). Adding an activation means adding a row.
 *
 * For z ~ N(m, s²) the moments of f and their derivatives are (Stein's lemma and the heat
 * equation, valid for the piecewise-smooth f of the table with f″ taken as a measure):
 *     ∂/∂m E h(z) = E h′(z),      ∂/∂s² E h(z) = ½ E h″(z).
 * The moment map is g(μ, ν) = (E f(z), Var f(z)) with m = μω, s² = ντ (Klambauer et al. 2017,
 * Eq. 3–5, for any f), and its Jacobian follows by the chain rule ∂/∂μ = ω ∂/∂m,
 * ∂/∂ν = τ ∂/∂s². For SELU every function here returns exactly what moments.h and
 * fixedpoint.h return.
 *
 * Status codes as in moments.h: GSL_SUCCESS; GSL_EDOM for invalid inputs (non-finite values,
 * ν ≤ 0, τ ≤ 0, parameters out of their row's range); GSL_ERANGE when μω or ντ is not
 * representable; GSL_EOVRFLW when a result overflows; GSL_EINVAL for a NULL or unparsed act.
 */
#ifndef SELFNORM_ACTIVATION_H
#define SELFNORM_ACTIVATION_H

#include <stddef.h>
#include "selfnorm/fixedpoint.h"
#include "selfnorm/moments.h"
#include "selfnorm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SN_ACT_MAX_PARAMS 2
typedef struct sn_act_def sn_act_def;      /* one row of the table (defined in src/activation.c) */
typedef struct {
    const sn_act_def *def;                 /* the row */
    double p[SN_ACT_MAX_PARAMS];           /* its parameters, e.g. SELU (alpha, lambda) */
} sn_act;

/* "selu", "selu:ALPHA,LAMBDA", "elu", "elu:ALPHA", "relu", "leaky_relu:SLOPE", "tanh",
 * "gelu" (exact erf form), "gelu:tanh", "silu", "softplus", "sigmoid", "linear".
 * Parameters are all given or none (then the row's defaults). GSL_SUCCESS, or GSL_EINVAL with
 * a message in err (unknown name with did-you-mean, parameters out of range or of the wrong
 * count). err may be NULL when errlen is 0. */
int sn_act_parse(sn_act *act, const char *spec, char *err, size_t errlen);
sn_act sn_act_selu(double alpha, double lambda);     /* SELU with these parameters */
const char *sn_act_name(const sn_act *act);           /* "selu", "gelu", ... */
/* The canonical spec, e.g. "leaky_relu:0.01", "gelu:tanh", "selu:1.6732632423543772,
 * 1.0507009873554805" (without the space; shortest decimals that read back to the same
 * doubles). Returns what snprintf returns. */
int sn_act_format(char *buf, size_t len, const sn_act *act);
double sn_act_f(const sn_act *act, double x);         /* f(x) */
double sn_act_df(const sn_act *act, double x);        /* f'(x) (left derivative at a kink) */
size_t sn_act_count(void);                            /* rows of the table */
int sn_act_at(sn_act *act, size_t i);                 /* row i with its default parameters */

/* About a row, for listings: the spec that selects it without parameters ("gelu:tanh" for the
 * tanh form), a one-line description, its parameters, and whether its moments are in closed
 * form (1) or by quadrature (0). */
const char *sn_act_row_spec(const sn_act *act);
const char *sn_act_description(const sn_act *act);
size_t sn_act_nparams(const sn_act *act);
const char *sn_act_param_name(const sn_act *act, size_t k);
/* The allowed range of parameter k as text, e.g. "(0, inf)" or "[0, 1]". */
const char *sn_act_param_range(const sn_act *act, size_t k);
int sn_act_closed_form(const sn_act *act);
/* GSL_SUCCESS, or GSL_EDOM when the parameters are outside the row's ranges (or act is not a
 * row), GSL_EINVAL for a NULL act. */
int sn_act_check(const sn_act *act);
/* Whether act is SELU (then sn_act_selu_params gives its sn_selu). */
int sn_act_is_selu(const sn_act *act);
sn_selu sn_act_selu_params(const sn_act *act);

/* Gaussian moments of f for z ~ N(mean, var), var > 0: closed forms where they exist (SELU,
 * ELU, ReLU, leaky ReLU, linear), quadrature otherwise, with an absolute error estimate. */
typedef struct {
    double mean;      /* E f(z) */
    double second;    /* E f(z)^2 */
    double dsecond;   /* E f'(z)^2 */
    double err;       /* absolute error estimate of the three */
} sn_act_moments;
int sn_act_moments_eval(sn_act_moments *m, const sn_act *act, double mean, double var);

/* The moment map g of the paper (Eq. 3-5) for any activation: z ~ N(mu*omega, nu*tau),
 * mu_new = E f(z), nu_new = Var f(z). Same status codes and sn_moments/sn_point types as
 * moments.h (sn_map). */
int sn_map_act(sn_moments *g, sn_point x, const sn_act *act);
/* sn_map_act returns GSL_ETOL (with g filled in) when a quadrature row's error estimate is not
 * small against its result: mu_err > SN_ACT_MAP_ACCURACY * max(|mu_new|, sqrt(nu_new)) or
 * nu_err > SN_ACT_MAP_ACCURACY * nu_new, unless the estimate is below SN_ACT_MAP_FLOOR.
 * sn_act_map_accurate(g) is that test. */
#define SN_ACT_MAP_ACCURACY 1e-4   /* the estimates are pessimistic: 1e-5 where MPFR agrees to 1e-12 */
#define SN_ACT_MAP_FLOOR 1e-300
int sn_act_map_accurate(const sn_moments *g);
int sn_map_jacobian_act(sn_jacobian *jac, sn_point x, const sn_act *act);
/* g over arrays in parallel (OpenMP), as sn_map_array does for SELU. For the quadrature rows
 * only E f and Var f are integrated, on the panels of the adaptive rule with f and the weights
 * evaluated at all nodes at once by the row's vectorized kernel (libmvec, ≤ 4 ulp; see
 * activation_quad.c) when its error estimate accepts the result (sn_act_map_accurate), else
 * (far forms, refusals) sn_map_act: the same accuracy and the same refusals as sn_map_act
 * (tested against MPFR, 2.2e−13 on the test grid), within a few ulp of its values, about 5x
 * faster per core (1.2-2.0e6 points/s on 2 cores, README "Activations"). */
int sn_map_array_act(double *mu_new, double *nu_new, const sn_point *x, size_t n,
                     const sn_act *act, size_t *bad);
/* sn_map_jacobian_act over arrays in parallel (OpenMP), laid out as sn_map_jacobian_array
 * (h[4i..4i+3] row-major, spectral_norm may be NULL); status and *bad as there. */
int sn_map_jacobian_array_act(double *h, double *spectral_norm, const sn_point *x, size_t n,
                              const sn_act *act, size_t *bad);
/* H at x and its stability, with the entries' error bound from the moments' accuracy, as
 * sn_stability_at does for SELU. */
int sn_stability_at_act(sn_stability *s, sn_jacobian *jac, sn_point x, const sn_act *act);
/* Fixed point of g for this (omega, tau) and activation, and its stability, as
 * sn_fixed_point_solve and sn_stability_at do for SELU (fixedpoint.h). */
int sn_fixed_point_solve_act(sn_fixed_point *fp, double omega, double tau, const sn_act *act,
                             double mu0, double nu0);
/* sn_fixed_point_iterate for any activation. */
size_t sn_fixed_point_iterate_act(double *mu, double *nu, size_t n, double omega, double tau,
                                  const sn_act *act, double mu0, double nu0, double target_mu,
                                  double target_nu, double tol, int *status);

#ifdef __cplusplus
}
#endif

#endif
