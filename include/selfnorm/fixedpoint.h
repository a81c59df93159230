/* fixedpoint.h - the fixed point of g for given weights, and the iteration that reaches it.
 *
 * For fixed (ω, τ) and SELU parameters, a fixed point is (μ*, ν*) with g(μ*, ν*) = (μ*, ν*).
 * It is found with a GSL multiroot solver (hybridsj, Powell's hybrid method with the
 * analytic Jacobian H − I) in the variables (μ, ln ν), which keeps ν positive.
 *
 * Whether the plain iteration (μ, ν) ↦ g(μ, ν), which a deep network performs layer by layer,
 * converges to it from nearby is decided by the eigenvalues of H there: the fixed point
 * attracts exactly when the spectral radius ρ(H) is below 1 (then ‖Hᵏ‖ → 0 like ρᵏ). The
 * spectral norm ‖H‖₂ ≥ ρ(H) is a stronger, sufficient condition: below 1, every single step
 * shrinks the Euclidean distance to the fixed point (a contraction in the 2-norm, Banach).
 * With ρ < 1 ≤ ‖H‖₂ (H far from normal) the fixed point still attracts, but the distance may
 * grow for some steps before it decays.
 */
#ifndef SELFNORM_FIXEDPOINT_H
#define SELFNORM_FIXEDPOINT_H

#include <stddef.h>
#include "selfnorm/moments.h"
#include "selfnorm/selu.h"
#include "selfnorm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A yes/no statement computed in floating point, which may be too close to call. */
typedef enum { SN_VERDICT_NO = 0, SN_VERDICT_YES = 1, SN_VERDICT_UNDECIDED = 2 } sn_verdict;

/* Verdicts within this distance of 1 are undecided whatever the error bound says: the
 * entries' bounds (moments.h) are tested, not proven, and 1e−9 is a thousand times them. */
#define SN_STABILITY_MARGIN 1e-9

/* Local stability of a fixed point from the Jacobian H of g there (see above). */
typedef struct {
    /* Eigenvalues re[k] + i·im[k], by decreasing modulus. A real H has either two real
     * eigenvalues (im = 0) or a complex-conjugate pair: im[0] > 0, im[1] = −im[0]. */
    double re[2], im[2];
    int complex_pair;
    double spectral_radius;   /* max |eigenvalue|: the asymptotic factor per step */
    double spectral_norm;     /* largest singular value: the worst factor of one step */
    /* Bounds on the errors of the two above, from the error bound of H's entries. */
    double radius_err, norm_err;
    sn_verdict attracting;    /* spectral radius < 1 */
    sn_verdict contraction;   /* spectral norm < 1: a contraction in the 2-norm */
} sn_stability;

typedef struct {
    double mu, nu;            /* the fixed point */
    double spectral_norm;     /* of the Jacobian there (= stability.spectral_norm) */
    sn_stability stability;   /* of the fixed point, from the closed-form Jacobian */
    int solver_iterations;    /* of the root solver */
} sn_fixed_point;

/* Eigenvalues, spectral radius and norm of the real 2×2 matrix h, whose entries are each
 * known to within entry_err ≥ 0, and the two verdicts. A verdict is undecided when its
 * quantity is within max(SN_STABILITY_MARGIN, its error bound) of 1. The eigenvalue bound
 * grows like √entry_err near a repeated eigenvalue, where eigenvalues are that sensitive.
 * SN_SUCCESS, or SN_EDOM when an entry or entry_err is not finite (or entry_err < 0). */
int sn_stability_2x2(sn_stability *s, const double h[2][2], double entry_err);

/* H at x by the closed form (sn_map_jacobian, returned in *jac if jac is not NULL) and its
 * stability, with the closed form's accuracy 1e−12·max(1, |h|) as the entries' error. The
 * verdicts speak of a fixed point only if x is one. Status as sn_map_jacobian. */
int sn_stability_at(sn_stability *s, sn_jacobian *jac, sn_point x, sn_selu p);

/* SN_SUCCESS, SN_EDOM for invalid inputs, SN_ENOPROG / SN_EMAXITER / SN_EBADFUNC when
 * the solver finds no fixed point from (mu0, nu0). */
int sn_fixed_point_solve(sn_fixed_point *fp, double omega, double tau, sn_selu p, double mu0,
                         double nu0);

/* Iterates g from (mu0, nu0): mu[0], nu[0] are the start, then up to n − 1 iterates. Stops
 * early once an iterate is within tol of (target_mu, target_nu) (Euclidean distance), or when
 * g fails at the last point written (an iterate diverged out of the range of doubles, or ν
 * underflowed): *status is then g's status, else SN_SUCCESS. Returns the number of points
 * written (0 only for n = 0). */
size_t sn_fixed_point_iterate(double *mu, double *nu, size_t n, double omega, double tau,
                              sn_selu p, double mu0, double nu0, double target_mu,
                              double target_nu, double tol, int *status);

#ifdef __cplusplus
}
#endif

#endif
