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

/* The vectorized map for four points (moments_simd.c). Returns a bit mask of the lanes it
 * computed (those in its regular region); the caller computes the others. Call only when
 * the CPU has AVX2 and FMA. */
int sn_map4_avx2(double mu_new[4], double nu_new[4], const sn_point x[4], sn_selu prm);

#endif
