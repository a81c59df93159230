/* fixedpoint_internal.h - the fixed-point solver over any moment map (SELU's in fixedpoint.c,
 * any activation's in activation.c). Not installed. */
#ifndef SELFNORM_FIXEDPOINT_INTERNAL_H
#define SELFNORM_FIXEDPOINT_INTERNAL_H

#include "selfnorm/fixedpoint.h"

/* A moment map g, its Jacobian and the stability verdicts at a point, over a context. */
typedef struct {
    int (*map)(sn_moments *g, sn_point x, const void *ctx);
    int (*jacobian)(sn_jacobian *jac, sn_point x, const void *ctx);
    int (*stability)(sn_stability *s, sn_jacobian *jac, sn_point x, const void *ctx);
    const void *ctx;
} sn_map_fn;

/* sn_fixed_point_solve and sn_fixed_point_iterate for this map (the caller checks inputs). */
int sn_fixed_point_solve_map(sn_fixed_point *out, double omega, double tau,
                             const sn_map_fn *map, double mu0, double nu0);
size_t sn_fixed_point_iterate_map(double *mu, double *nu, size_t n, double omega, double tau,
                                  const sn_map_fn *map, double mu0, double nu0,
                                  double target_mu, double target_nu, double tol, int *status);

#endif
