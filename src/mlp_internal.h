/* mlp_internal.h - the typed kernels of the MLP (float and double), behind one table of
 * operations so that mlp.c is written once. Not installed. */
#ifndef SELFNORM_MLP_INTERNAL_H
#define SELFNORM_MLP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

typedef enum { KIND_SELU_FAMILY, KIND_TANH, KIND_LINEAR } act_kind;

typedef struct {
    act_kind kind;
    double lambda, alpha;    /* SELU family: SELU (λ, α), ELU (1, 1), ReLU (1, 0) */
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
    /* per column j of the N×N matrix W: ω_j = Σᵢ W_ij, τ_j = Σᵢ W_ij² */
    void (*column_sums)(double *omega, double *tau, const void *W, int N);
    /* W's columns rescaled to have ω_j = omega and τ_j = tau exactly (needs tau ≥ omega²/N) */
    void (*normalize_columns)(void *W, int N, double omega, double tau);
} mlp_ops;

extern const mlp_ops SN_MLP_FLOAT, SN_MLP_DOUBLE;

/* A seed for (run seed, purpose, layer, block): SplitMix64 of the combination. */
uint64_t sn_mlp_seed(uint64_t seed, uint64_t purpose, uint64_t layer, uint64_t block);

#endif
