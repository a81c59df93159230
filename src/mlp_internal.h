/* mlp_internal.h - the typed kernels of the MLP (float and double), behind one table of
 * operations so that mlp.c is written once. Not installed. */
#ifndef SELFNORM_MLP_INTERNAL_H
#define SELFNORM_MLP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "activation_internal.h"

/* The activation for the kernels: its row's vectorized f and f′ and its parameters. */
typedef struct {
    const sn_act_kernels *k;
    double p[SN_ACT_MAX_PARAMS];
} act_params;

typedef struct {
    int alpha;               /* alpha dropout (SELU) or standard dropout */
    double rate;             /* P; 0 for none */
    double a, b, alpha_prime;
} dropout_params;

typedef struct {
    size_t size;             /* sizeof the element type */
    /* a[i] = mean + sd·N(0, 1), from GSL's RNG in fixed blocks seeded from `seed`, so that
     * the values do not depend on the number of threads */
    void (*gaussian_fill)(void *a, size_t n, double mean, double sd, uint64_t seed);
    /* C = α·op(A)·op(B) + β·C, C M×N, op(A) M×K; row-major, CBLAS, parallel over C's rows */
    void (*gemm)(void *C, const void *A, const void *B, int M, int N, int K, int trans_a,
                 int trans_b, double alpha, double beta);
    /* Z = X·W (B×N times N×N) or, transposed, Z = X·Wᵀ; row-major, CBLAS */
    void (*matmul)(void *Z, const void *X, const void *W, int B, int N, int transpose_w);
    /* Y = f(Z) and, if deriv is not NULL, deriv = f'(Z); sums = (Σ(Y − shift), Σ(Y − shift)²) */
    void (*activate)(double sums[2], void *Y, void *deriv, const void *Z, size_t n,
                     const act_params *ap, double shift);
    /* in place on Y (and deriv, scaled by the dropout's derivative); sums as for activate */
    void (*dropout)(double sums[2], void *Y, void *deriv, size_t n, const dropout_params *dp,
                    uint64_t seed, double shift);
    /* Σ (Y − c)² */
    double (*centred_sumsq)(const void *Y, size_t n, double c);
    /* T = G ⊙ D */
    void (*hadamard)(void *T, const void *G, const void *D, size_t n);
    /* per column j of the K×N matrix W: ω_j = Σᵢ W_ij, τ_j = Σᵢ W_ij² */
    void (*column_sums)(double *omega, double *tau, const void *W, int K, int N);
    /* W's columns rescaled to have ω_j = omega and τ_j = tau exactly (needs tau ≥ omega²/N) */
    void (*normalize_columns)(void *W, int N, double omega, double tau);
    /* training (train.c): bias, batch normalization, softmax cross-entropy, SGD, minibatches */
    void (*add_bias)(void *Z, const void *b, int rows, int cols);
    void (*sum_rows)(void *out, const void *G, int rows, int cols);
    void (*batchnorm)(void *Y, void *xhat, double *mean, double *var, double *invstd,
                      const void *X, const void *gamma, const void *beta, int rows, int cols,
                      double eps);
    void (*batchnorm_backward)(void *dX, void *dgamma, void *dbeta, const void *dY,
                               const void *xhat, const void *gamma, const double *invstd,
                               int rows, int cols);
    void (*affine_columns)(void *Y, const void *X, const double *scale, const double *shift,
                           int rows, int cols);
    double (*softmax_xent)(void *L, long *correct, const uint8_t *labels, int rows, int classes,
                           int grad);
    void (*sgd)(void *W, void *V, const void *G, size_t n, double lr, double momentum);
    void (*gather_rows)(void *X, const float *src, const size_t *idx, int rows, int dim);
    void (*from_double)(void *dst, const double *src, size_t n);
    void (*fill)(void *a, size_t n, double v);
    void (*to_double)(double *dst, const void *src, size_t n);
} mlp_ops;

extern const mlp_ops SN_MLP_FLOAT, SN_MLP_DOUBLE;

/* The kernels' parameters for an activation and its dropout (alpha dropout for SELU, with
 * a, b keeping the fixed point (0, 1); standard dropout otherwise). mlp.h's types. */
#include "selfnorm/mlp.h"
act_params sn_mlp_act_params(const sn_act *a);
act_params sn_mlp_identity(void);   /* f(x) = x, to copy with statistics */
dropout_params sn_mlp_dropout_params(const sn_act *a, double rate);

/* A seed for (run seed, purpose, layer, block): SplitMix64 of the combination. */
uint64_t sn_mlp_seed(uint64_t seed, uint64_t purpose, uint64_t layer, uint64_t block);

#endif
