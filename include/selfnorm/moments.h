/* moments.h - the moment map g of a SELU unit and its Jacobian, in double precision.
 *
 * A unit receives z = Σ wᵢ xᵢ, where the inputs xᵢ have mean μ and variance ν and the weights
 * have sum ω = Σ wᵢ and squared sum τ = Σ wᵢ². By the central limit theorem z ~ N(μω, ντ), and
 * the unit's output y = selu(z) has
 *     g(μ, ν) = (μ̃, ν̃) = (E[y], Var[y])           (Klambauer et al. 2017, Eq. 3–5).
 *
 * Two independent evaluations:
 *   sn_map        closed form, stable for every valid input (see src/moments.c for how);
 *   sn_map_quad   GSL adaptive quadrature of the defining integrals, a cross-check.
 * The MPFR reference lives in precise.h.
 *
 * All functions return a GSL status code: SN_SUCCESS; SN_EDOM for invalid inputs (non-finite
 * values, ν ≤ 0, τ ≤ 0, α ≤ 0, λ ≤ 0); SN_ERANGE when μω or ντ is not representable (over- or
 * underflows); SN_EOVRFLW when a result overflows; quadrature failures as GSL reports them.
 * They never call the GSL error handler themselves, but sn_map_quad calls GSL routines that do:
 * call gsl_set_error_handler_off() once in a program that uses it.
 */
#ifndef SELFNORM_MOMENTS_H
#define SELFNORM_MOMENTS_H

#include <stddef.h>
#include "selfnorm/selu.h"
#include "selfnorm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    double mu;     /* mean of the inputs */
    double omega;  /* ω = Σ wᵢ */
    double nu;     /* variance of the inputs, > 0 */
    double tau;    /* τ = Σ wᵢ², > 0 */
} sn_point;

typedef struct {
    double mu_new, nu_new;  /* μ̃ = E[selu(z)], ν̃ = Var[selu(z)] */
    double mu_err, nu_err;  /* absolute error estimates (see sn_map, sn_map_quad) */
} sn_moments;

typedef struct {
    double h[2][2];         /* H = ∂(μ̃, ν̃)/∂(μ, ν), row-major: h[0] = (∂μ̃/∂μ, ∂μ̃/∂ν) */
    double spectral_norm;   /* largest singular value of H */
} sn_jacobian;

/* SN_SUCCESS or the status the map functions would return for these inputs. */
int sn_point_check(sn_point x, sn_selu p);

/* Closed form. mu_err and nu_err are the a-priori bounds that the test suite checks against
 * MPFR: 1e−13·max(1, |μ̃|) and 1e−12·ν̃. */
int sn_map(sn_moments *g, sn_point x, sn_selu p);

/* Adaptive quadrature (GSL QAGS/QAGI) of E[y] and E[(y − μ̃)²]; the errors are GSL's
 * estimates. Relative tolerance 1e−11 on each integral. */
int sn_map_quad(sn_moments *g, sn_point x, sn_selu p);

/* The closed form over arrays, in parallel (OpenMP) and vectorized where the inputs allow.
 * Returns the first non-success status and the index where it occurred in *bad (if not NULL);
 * entries at other indices are computed regardless. */
int sn_map_array(double *mu_new, double *nu_new, const sn_point *x, size_t n, sn_selu p,
                 size_t *bad);

/* Jacobian from analytic derivatives of the closed form. */
int sn_map_jacobian(sn_jacobian *jac, sn_point x, sn_selu p);

/* sn_map_jacobian over arrays, in parallel (OpenMP): h[4i..4i+3] is H at x[i], row-major;
 * spectral_norm[i] its largest singular value (spectral_norm may be NULL). Returns the first
 * non-success status and its index in *bad (if not NULL); H is NaN there, the other entries are
 * computed regardless. */
int sn_map_jacobian_array(double *h, double *spectral_norm, const sn_point *x, size_t n,
                          sn_selu p, size_t *bad);

/* Both over inputs given as four arrays, without building sn_point rows first: point i is
 * (in[0][i·stride[0]], in[1][i·stride[1]], in[2][i·stride[2]], in[3][i·stride[3]]) = (μ, ω, ν,
 * τ); a stride 0 repeats one value (a broadcast scalar). Any output may be NULL: mu_new,
 * nu_new as sn_map_array; h (4 per point, row-major) and spectral_norm as
 * sn_map_jacobian_array. Status and *bad as sn_map_array; failed points' outputs are NaN. */
int sn_map_strided(double *mu_new, double *nu_new, double *h, double *spectral_norm,
                   const double *const in[4], const size_t stride[4], size_t n, sn_selu p,
                   size_t *bad);

/* Jacobian by quadrature of the derivatives' integrands (Stein's identities). */
int sn_map_jacobian_quad(sn_jacobian *jac, sn_point x, sn_selu p);

/* Largest singular value of the real 2×2 matrix [[a, b], [c, d]], in closed form:
 * σ_max = (√((a+d)² + (b−c)²) + √((a−d)² + (b+c)²)) / 2, which has no cancellation. */
double sn_spectral_norm_2x2(double a, double b, double c, double d);

#ifdef __cplusplus
}
#endif

#endif
