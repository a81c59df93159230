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

/* Points given as four columns: point i is (col[0][i·stride[0]], ..., col[3][i·stride[3]]) =
 * (μ, ω, ν, τ); a stride 0 repeats one value. An sn_point array is the columns &x->mu, ...
 * with stride 4 (sn_point_cols_of); the Python package's arrays are columns of stride 1. */
typedef struct {
    const double *col[4];
    size_t stride[4];
} sn_point_cols;

static inline sn_point sn_point_cols_at(const sn_point_cols *x, size_t i)
{
    return (sn_point){ x->col[0][i * x->stride[0]], x->col[1][i * x->stride[1]],
                       x->col[2][i * x->stride[2]], x->col[3][i * x->stride[3]] };
}

static inline sn_point_cols sn_point_cols_of(const sn_point *x)
{
    const size_t s = sizeof(sn_point) / sizeof(double);
    return (sn_point_cols){ { &x->mu, &x->omega, &x->nu, &x->tau }, { s, s, s, s } };
}

/* sn_map over the n points of x from index first on, into mu_new[0..n−1] (and so on),
 * serially (vectorized where possible), and the Jacobians too when jac is not NULL: for
 * callers that parallelize themselves. Returns the first failure status; failed entries are
 * NaN. */
int sn_map_span(double *mu_new, double *nu_new, sn_jacobian *jac, const sn_point_cols *x,
                size_t first, size_t n, sn_selu p);

/* The vectorized map (and Jacobians, if jac is not NULL) for the four points of x from index
 * first on (moments_simd.c). Returns a bit mask of the lanes it computed (those in its regular region);
 * the caller computes the others. Call only when the CPU has AVX2 and FMA. */
int sn_map4_avx2(double mu_new[4], double nu_new[4], sn_jacobian *jac, const sn_point_cols *x,
                 size_t first, sn_selu prm);

#endif
