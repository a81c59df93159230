/* moments_internal.h - the split of z at 0 shared by the closed form, its Jacobian and the
 * vectorized array path. Not installed. */
#ifndef SELFNORM_MOMENTS_INTERNAL_H
#define SELFNORM_MOMENTS_INTERNAL_H

#include "selfnorm/moments.h"

typedef struct {
    double p, q;              /* P(z > 0), P(z ≤ 0) */
    double pos_mean, pos_var; /* E[z | z > 0], Var[z | z > 0] */
    double kappa, delta2;     /* ln E[e^z | z ≤ 0] and ln E[e^{2z}|z≤0] − 2κ */
    double dens0;             /* density of z at 0, φ(a)/s */
} sn_split;

int sn_split_moments(sn_split *sp, double m, double s);
void sn_split_map(double *mu_new, double *nu_new, const sn_split *sp, sn_selu prm);

/* (∂μ̃/∂m, ∂μ̃/∂s², ∂ν̃/∂m, ∂ν̃/∂s²) from the split and μ̃ (formulas in moments.c), and
 * E f'(z)² = λ² (p + α² q E[e^{2z} | z ≤ 0]). Valid for α ≥ 0 (α = 0 is λ·ReLU). */
void sn_split_derivs(double d[4], const sn_split *sp, double mu_new, sn_selu prm);
double sn_split_dsecond(const sn_split *sp, sn_selu prm);

/* g and, if jac is not NULL, its Jacobian from one split of z. */
int sn_map_full(sn_moments *g, sn_jacobian *jac, sn_point x, sn_selu p);

/* sn_map over n points, serially (vectorized where possible), and the Jacobians too when jac
 * is not NULL: for callers that parallelize themselves. Returns the first failure status;
 * failed entries are NaN. */
int sn_map_span(double *mu_new, double *nu_new, sn_jacobian *jac, const sn_point *x, size_t n,
                sn_selu p);

/* The vectorized map (and Jacobians, if jac is not NULL) for four points (moments_simd.c).
 * Returns a bit mask of the lanes it computed (those in its regular region); the caller
 * computes the others. Call only when the CPU has AVX2 and FMA. */
int sn_map4_avx2(double mu_new[4], double nu_new[4], sn_jacobian *jac, const sn_point x[4],
                 sn_selu prm);

#endif
