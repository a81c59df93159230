/* fixedpoint.h - the fixed point of g for given weights, and the iteration that reaches it.
 *
 * For fixed (ω, τ) and SELU parameters, a fixed point is (μ*, ν*) with g(μ*, ν*) = (μ*, ν*).
 * It is found with a GSL multiroot solver (hybridsj, Powell's hybrid method with the
 * analytic Jacobian H − I) in the variables (μ, ln ν), which keeps ν positive. Where the
 * spectral norm of H there is below 1, g contracts near the fixed point and the plain
 * iteration (μ, ν) ↦ g(μ, ν) converges to it (Banach), as a layer-by-layer network would.
 */
#ifndef SELFNORM_FIXEDPOINT_H
#define SELFNORM_FIXEDPOINT_H

#include <stddef.h>
#include "selfnorm/selu.h"

typedef struct {
    double mu, nu;            /* the fixed point */
    double spectral_norm;     /* of the Jacobian there: the local contraction factor */
    int solver_iterations;    /* of the root solver */
} sn_fixed_point;

/* GSL_SUCCESS, GSL_EDOM for invalid inputs, GSL_ENOPROG / GSL_EMAXITER / GSL_EBADFUNC when
 * the solver finds no fixed point from (mu0, nu0). */
int sn_fixed_point_solve(sn_fixed_point *fp, double omega, double tau, sn_selu p, double mu0,
                         double nu0);

/* Iterates g from (mu0, nu0): mu[0], nu[0] are the start, then up to n − 1 iterates. Stops
 * early once an iterate is within tol of (target_mu, target_nu) (Euclidean distance); returns
 * the number of points written, or 0 if g failed (an iterate left the domain). */
size_t sn_fixed_point_iterate(double *mu, double *nu, size_t n, double omega, double tau,
                              sn_selu p, double mu0, double nu0, double target_mu,
                              double target_nu, double tol);

#endif
