/* train.h - fully connected networks trained with minibatch SGD on softmax cross-entropy, and
 * self-normalization watched during training.
 *
 * A network maps inputs through `depth` hidden layers a_l = f(a_{l−1} W_l + b_l) (W_l is
 * fan_in × width) and an output layer of logits a_depth W + b, one per class. Hidden weights
 * start N(0, s/fan_in) (LeCun s = 1, He s = 2), the output layer Glorot-uniform, biases 0: as
 * the authors' figure1/run.py (TensorFlow's defaults for what it does not set). Optional, as
 * there: batch normalization after each hidden activation (train mode: the batch's statistics;
 * evaluation: running averages with momentum 0.99, eps 1e−3, TensorFlow's defaults), hidden
 * dropout (alpha dropout for SELU, keeping the fixed point (0, 1); standard otherwise) and
 * standard input dropout. The arithmetic is the MLP module's kernels (float or double, each
 * GEMM row-split over OpenMP threads), so a run is deterministic for a seed and a thread
 * count.
 *
 * Self-normalization during training (sn_net_probe): for every hidden layer on a fixed probe
 * batch, in evaluation mode, the mean and variance of the layer's inputs and outputs, each
 * unit's ω_j = Σᵢ W_ij and τ_j = Σᵢ W_ij², the fractions of units whose (ω, τ) lie in Theorem
 * 1's box and in the wider box of Theorems 2 and 3 (the theorems table's domains), whether the
 * inputs' (μ, ν) lie in Theorem 1's (μ, ν) domain, and the norm of the layer's weight gradient
 * at the last step.
 */
#ifndef SELFNORM_TRAIN_H
#define SELFNORM_TRAIN_H

#include <stddef.h>
#include <stdint.h>
#include "selfnorm/mlp.h"
#include "selfnorm/selu.h"
#include "selfnorm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* SN_ESTOPPED (status.h): a hook of sn_train asked to stop */

/* Training has diverged when a minibatch's loss is not finite or exceeds this many times
 * ln(classes), the loss of a uniform guess: logits that far apart mean saturated units, and
 * plain SGD does not come back from there. */
#define SN_TRAIN_MAX_LOSS 100

typedef enum { SN_NORM_NONE, SN_NORM_BATCH } sn_normalization;

typedef struct {
    int depth, width;                /* hidden layers and their units */
    sn_act activation;               /* a row of the activation table with its parameters */
    sn_init init;                    /* SN_INIT_LECUN or SN_INIT_HE */
    sn_normalization normalization;
    double dropout;                  /* hidden dropout rate in [0, 1) */
    double input_dropout;            /* standard dropout of the inputs, in [0, 1) */
    double learning_rate, momentum;
    int batch;
    unsigned long seed;
    int use_double;
} sn_train_config;

/* SELU, LeCun, no normalization or dropout, learning rate 0.01, no momentum, batch 128,
 * seed 1, float; depth and width as given. */
sn_train_config sn_train_defaults(int depth, int width);

typedef struct sn_net sn_net;

/* SN_SUCCESS, SN_EDOM for invalid settings (with a reason in err when not NULL), SN_ENOMEM
 * when the network would not fit in 80% of the machine's memory or allocation fails. */
int sn_net_alloc(sn_net **net, const sn_train_config *c, int inputs, int classes, char *err,
                 size_t errlen);
void sn_net_free(sn_net *net);
/* Bytes a network of this shape needs (0 if that overflows). */
size_t sn_net_memory(const sn_train_config *c, int inputs, int classes);

/* Forward and backward on the rows idx[0..rows) of X (n × inputs, row-major) with labels y,
 * in training mode (batch statistics, dropout drawn from (seed, step)): *loss is the mean
 * cross-entropy, the gradients are kept for sn_net_update and sn_net_param. */
int sn_net_gradient(sn_net *net, double *loss, const float *X, const uint8_t *y,
                    const size_t *idx, int rows, uint64_t step);
/* One SGD step (momentum as configured) with the kept gradients. */
void sn_net_update(sn_net *net);
/* Mean cross-entropy and accuracy over X[0..n) in evaluation mode (no dropout, batch
 * normalization with the running averages), in batches. */
int sn_net_evaluate(sn_net *net, double *loss, double *accuracy, const float *X,
                    const uint8_t *y, size_t n);

/* The parameters, for tests and for saving: layer 0..depth (depth = the output layer),
 * which: 'W' weights (fan_in × fan_out), 'b' biases, 'g' and 'B' batch normalization's γ and
 * β, 'm' and 'v' its running mean and variance (doubles). Returns the array (float or double
 * as configured; always double for 'm', 'v') and its shape, or NULL if the layer has none.
 * grad: the gradient instead (not for 'm', 'v'). */
void *sn_net_param(sn_net *net, int layer, char which, int grad, int *rows, int *cols);
int sn_net_depth(const sn_net *net);
int sn_net_uses_double(const sn_net *net);

typedef struct {
    int layer;                       /* 1..depth */
    double in_mean, in_var;          /* μ, ν of its inputs (over probe rows and units) */
    double mean, var;                /* of its outputs */
    double omega_mean, omega_sd, tau_mean, tau_sd;
    double in_theorem1_box;          /* fraction of units with (ω, τ) in Theorem 1's box */
    double in_wide_box;              /* ... in Theorems 2 and 3's box: τ in [0.8, 1.25] */
    int inputs_in_theorem1_domain;   /* (μ, ν) of the inputs in Theorem 1's (μ, ν) domain */
    double grad_norm;                /* Frobenius norm of ∂loss/∂W_l at the last minibatch;
                                        NaN before the first (JSON null) */
} sn_layer_stats;

/* stats[0..depth) for the rows idx[0..rows) of X, in evaluation mode. */
int sn_net_probe(sn_net *net, sn_layer_stats *stats, const float *X, const size_t *idx, int rows);

/* The parameters as a NumPy .npz archive: W0 … W{depth} (fan_in × fan_out), b0 … b{depth},
 * and for batch normalization gamma{l}, beta{l}, mean{l}, var{l} (the running averages) for
 * the hidden layers l; float32 or float64 as the network computes (the running averages
 * float64). `extra` arrays (e.g. the inputs' standardization input_mean, input_sd) are stored
 * beside them. A layer computes x_{l+1} = f(x_l W_l + b_l) (W_l is fan_in × fan_out); the
 * output layer is l = depth; batch normalization (eps 1e-3, as Keras) follows f.
 *
 * Loading requires every array of this network's shape (either dtype), with values finite,
 * representable in the network's type, and positive running variances; other small members
 * are ignored, and an archive holding more bytes than this network's arrays could is refused
 * before it is inflated. With s non-NULL and input_mean, input_sd in the file (as `selfnorm
 * train --save` writes them), *s receives that standardization (else s->dim = 0); free it
 * with sn_standardizer_free. GSL status as npy.h, with the reason in err. */
#include "selfnorm/npy.h"
#include "selfnorm/dataset.h"
int sn_net_save(sn_net *net, const char *path, const sn_npy_array *extra, size_t nextra,
                char *err, size_t errlen);
int sn_net_load(sn_net *net, sn_standardizer *s, const char *path, char *err, size_t errlen);

/* Speed: `steps` SGD steps on minibatches of X (rows in order, wrapping around), then the
 * same chain of GEMMs alone (forward, and the weight and input gradients of backward) on the
 * same buffers; each as GFLOP/s of those GEMMs' 2·M·N·K operations, and the steps' seconds. */
int sn_net_bench(double *train_gflops, double *gemm_gflops, double *seconds, sn_net *net,
                 const float *X, const uint8_t *y, size_t n, long steps);

/* A training run: `epochs` passes over the n training rows in minibatches of the configured
 * size (the last one may be smaller), shuffled anew every epoch from (seed, epoch); after each
 * epoch the loss and accuracy over the training and the test rows at evaluation. The hooks
 * (any may be NULL) see every step's minibatch loss, every epoch's figures, and the probe's
 * statistics on probe_rows fixed training rows (the first ones) before the first step and
 * then every probe_every steps and after the last (0: after each epoch). A hook returning
 * nonzero stops the run (SN_ESTOPPED). SN_ERANGE when a minibatch's loss is not finite or above
 * SN_TRAIN_MAX_LOSS ln(classes) (divergence), or an evaluation's is not finite. With epochs = 0 the network is
 * evaluated as it is, reported as epoch 0. */
typedef struct {
    int epochs;
    long probe_every;
    int probe_rows;
    void *ctx;
    int (*on_step)(void *ctx, long step, double loss);
    int (*on_epoch)(void *ctx, int epoch, long step, double train_loss, double train_accuracy,
                    double test_loss, double test_accuracy);
    int (*on_probe)(void *ctx, long step, const sn_layer_stats *stats, int depth);
} sn_train_hooks;

int sn_train(sn_net *net, const float *X, const uint8_t *y, size_t n, const float *test_X,
             const uint8_t *test_y, size_t test_n, const sn_train_hooks *hooks);

#ifdef __cplusplus
}
#endif

#endif
