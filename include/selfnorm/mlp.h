/* mlp.h - an empirical deep network, to watch self-normalization happen.
 *
 * A fully connected net x_l = f(x_{l−1} W_l) with N×N random weights, fed B inputs with iid
 * entries N(M, V). For every layer: the empirical mean and variance of the activations (over
 * units and samples), and the theory's prediction: iterate the moment map of f with each
 * unit's realized ω_j = Σᵢ W_ij and τ_j = Σᵢ W_ij², and mix over units (mean of the μ̃_j;
 * variance = mean of ν̃_j + μ̃_j² minus the squared mean). Under LeCun initialization ω_j is
 * itself about N(0, 1), not 0, which is why the mixture is needed.
 *
 * With gradients: a random direction at the output is backpropagated; each layer multiplies
 * the squared gradient norm by about avg_j τ_j E[f'(z_j)²] (times the dropout's factor).
 */
#ifndef SELFNORM_MLP_H
#define SELFNORM_MLP_H

#include <stddef.h>
#include "selfnorm/init.h"
#include "selfnorm/activation.h"
#include "selfnorm/selu.h"
#include "selfnorm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* SN_INIT_WEIGHTS: every weight drawn from the distribution `weights` (init.h) */
typedef enum { SN_INIT_LECUN, SN_INIT_HE, SN_INIT_NORMALIZED, SN_INIT_WEIGHTS } sn_init;

typedef struct {
    int depth, width, batch;
    sn_act activation;               /* a row of the activation table with its parameters
                                        (activation.h; default SELU with α01, λ01) */
    double input_mean, input_var;    /* entries of the inputs ~ N(M, V) */
    sn_init init;                    /* LeCun N(0, 1/N), He N(0, 2/N), or normalized columns */
    double weight_omega, weight_tau; /* for SN_INIT_NORMALIZED: every column's ω and τ exactly */
    sn_weights weights;              /* for SN_INIT_WEIGHTS: a framework initializer's draw */
    double dropout;                  /* rate P in [0, 1): alpha dropout for SELU, standard else */
    int gradients;
    /* pairs: inputs 2k and 2k + 1 have entries correlated by pair_corr ∈ [−1, 1]; each layer's
     * raw correlation of the pairs is measured and predicted by the mean-field correlation
     * map (propagate.h, which assumes zero-mean iid weights; not predicted with dropout) */
    int pairs;
    double pair_corr;
    int use_double;                  /* GEMM and activations in double instead of float */
    unsigned long seed;
} sn_mlp_config;

typedef struct {
    int layer;                        /* 0 = the inputs */
    double mean, var;                 /* empirical */
    double predicted_mean, predicted_var;
    double omega_mean, omega_sd, tau_mean;   /* the layer's realized weights */
    double grad_norm;                 /* Frobenius norm of ∂/∂x_l (with gradients) */
    double grad_factor;               /* grad_norm(l − 1)/grad_norm(l), for l ≥ 1 */
    double predicted_grad_factor;     /* √(avg_j τ_j E[f'(z_j)²] · dropout factor) */
    double corr, predicted_corr;      /* with pairs: mean raw correlation Σxₐx_b/√(Σxₐ²Σx_b²) */
} sn_mlp_layer;

/* A configuration with the defaults: SELU, LeCun, standard normal inputs, float, seed 1. */
sn_mlp_config sn_mlp_defaults(int depth, int width, int batch);

/* Bytes a run needs (0 if that overflows size_t). */
size_t sn_mlp_memory(const sn_mlp_config *c);

/* SN_SUCCESS, SN_EDOM for invalid settings, SN_ENOMEM when sn_mlp_memory exceeds 80% of
 * the machine's physical memory. */
int sn_mlp_check(const sn_mlp_config *c);

/* Runs the network; layers has depth + 1 entries (0 = the inputs). */
int sn_mlp_run(sn_mlp_layer *layers, const sn_mlp_config *c);

/* The prediction uses the table's moments (sn_act_moments_eval): closed forms for the SELU
 * and ReLU families and linear, quadrature otherwise (activation.h). The kernels are the
 * table's vectorized f and f′ in float or double (src/activation_kernels.c). */

/* Benchmark: GFLOP/s (2·B·N²·depth flops) of the forward pass with statistics on weights
 * generated beforehand, and of the same chain of GEMMs alone; best of `repeat`. */
int sn_mlp_bench(double *forward_gflops, double *gemm_gflops, const sn_mlp_config *c, int repeat);

#ifdef __cplusplus
}
#endif

#endif
