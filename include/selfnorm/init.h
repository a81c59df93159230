/* init.h - framework weight initializers as data, and what they imply for a deep network.
 *
 * An initializer, as a user writes it (PyTorch torch.nn.init.*, Keras/TensorFlow
 * tf.keras.initializers.*), draws every weight of a layer iid from one distribution. A unit with
 * fan_in inputs then has ω = Σᵢ wᵢ and τ = Σᵢ wᵢ², whose distribution follows exactly from the
 * weight's moments (sn_init_unit_stats). The layer-to-layer map of (μ, ν) mixes over units
 * (sn_init_layer): z | ω, τ ~ N(μω, ντ) and, ω being (close to) Gaussian, the mixture is
 * z ~ N(μ E ω, μ² Var ω + ν E τ); the layer's mean and variance are those of f(z).
 *
 * Formulas, from the frameworks' documentation:
 *   PyTorch (docs.pytorch.org/docs/stable/nn.init.html):
 *     kaiming_normal_   N(0, std²), std = gain/√fan_mode           (mode fan_in by default)
 *     kaiming_uniform_  U(−b, b),   b = gain·√(3/fan_mode)
 *     xavier_normal_    N(0, std²), std = gain·√(2/(fan_in + fan_out))
 *     xavier_uniform_   U(−b, b),   b = gain·√(6/(fan_in + fan_out))
 *     normal_           N(mean, std²) (mean 0 here), uniform_ U(a, b) (default a = 0, b = 1)
 *     orthogonal_       a (semi-)orthogonal matrix times gain
 *     calculate_gain    linear/sigmoid 1, tanh 5/3, relu √2, leaky_relu √(2/(1 + slope²)),
 *                       selu 3/4. kaiming_* default to nonlinearity 'leaky_relu' with a = 0.
 *   Keras (tensorflow.org/api_docs/python/tf/keras/initializers/VarianceScaling):
 *     variance_scaling(scale, mode, distribution): "a standard deviation (after truncation, if
 *     used) stddev = sqrt(scale / n)" with n = fan_in, fan_out or their average; uniform within
 *     [−limit, limit], limit = sqrt(3·scale/n). Keras draws the truncated normal with
 *     stddev = sqrt(scale/n)/0.87962566103423978 and truncates at two of those stddevs: the
 *     constant is the sd of N(0, 1) truncated to [−2, 2] (sn_truncated_normal_sd).
 *     lecun_normal = (1, fan_in, truncated), lecun_uniform = (1, fan_in, uniform),
 *     glorot_* = (1, fan_avg, ·), he_* = (2, fan_in, ·).
 */
#ifndef SELFNORM_INIT_H
#define SELFNORM_INIT_H

#include <stddef.h>
#include "selfnorm/propagate.h"
#include "selfnorm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    SN_WEIGHTS_NORMAL,      /* N(mean, sd²) */
    SN_WEIGHTS_UNIFORM,     /* U(low, high) */
    SN_WEIGHTS_TRUNCATED,   /* N(0, sd²) conditioned on |w| ≤ cut·sd */
    SN_WEIGHTS_ORTHOGONAL   /* rows of a Haar (semi-)orthogonal matrix times gain */
} sn_weight_dist;

typedef enum { SN_FAN_IN, SN_FAN_OUT, SN_FAN_AVG } sn_fan_mode;

/* The distribution of one weight, ready to draw from. */
typedef struct {
    sn_weight_dist dist;
    double mean, sd;        /* normal: mean and sd; truncated: sd before truncation */
    double low, high;       /* uniform */
    double cut;             /* truncated: bounds ±cut·sd (Keras: 2) */
    double gain;            /* orthogonal */
} sn_weights;

/* What the user wrote. Unset numbers are NAN (then the initializer's default applies). */
typedef struct {
    const char *name;          /* initializer, e.g. "kaiming_normal" */
    const char *nonlinearity;  /* PyTorch's calculate_gain argument, e.g. "selu", "leaky_relu:0.2" */
    double gain;               /* PyTorch gain (instead of nonlinearity) or Keras scale */
    double std;                /* normal: the sd */
    double low, high;          /* uniform: the bounds */
    const char *mode;          /* "fan_in", "fan_out", "fan_avg" or NULL for the default */
    const char *distribution;  /* variance_scaling: "truncated_normal", "untruncated_normal", "uniform" */
    double cut;                /* truncated normals: bounds at ±cut sd (default 2, as Keras) */
    long fan_in, fan_out;
} sn_init_spec;

/* An empty spec (all numbers NAN, strings NULL, fans 0). */
sn_init_spec sn_init_spec_default(void);

/* The weight distribution an initializer gives for these fans. GSL_SUCCESS, or GSL_EINVAL with
 * a message in err: unknown initializer or nonlinearity (with did-you-mean), fans < 1, std ≤ 0
 * or not finite, gain or scale ≤ 0, low ≥ high, a truncation cut ≤ 0 (it would exclude every
 * weight), an option the initializer does not take. The
 * effective gain/scale and mode are written to *gain_used and *mode_used when not NULL. */
int sn_init_resolve(sn_weights *w, const sn_init_spec *spec, double *gain_used,
                    sn_fan_mode *mode_used, char *err, size_t errlen);

/* PyTorch's calculate_gain(nonlinearity[, param]) for "linear", "conv1d", ..., "sigmoid",
 * "tanh", "relu", "leaky_relu[:SLOPE]" (default slope 0.01), "selu". GSL_EINVAL if unknown. */
int sn_calculate_gain(double *gain, const char *nonlinearity, char *err, size_t errlen);

/* The number an initializer takes, by its own name: "gain" (PyTorch kaiming_*, xavier_*,
 * orthogonal), "scale" (Keras), "std" (normal) or "bounds" (uniform: low, high); NULL for an
 * unknown name. Whether its variance is scaled by a fan (so that --mode means something):
 * sn_init_uses_fan. */
const char *sn_init_parameter(const char *name);
int sn_init_uses_fan(const char *name);

/* Names of the table's initializers, for help and did-you-mean. */
size_t sn_init_count(void);
const char *sn_init_name(size_t i);
const char *sn_init_framework(size_t i);

/* The sd of N(0, 1) conditioned on |x| ≤ cut: √(1 − 2·cut·φ(cut)/(2Φ(cut) − 1)).
 * For cut = 2 it is Keras' 0.87962566103423978. NAN for cut ≤ 0. */
double sn_truncated_normal_sd(double cut);

/* Moments of one weight: E w, E w², and the central moments needed below. */
typedef struct {
    double mean, second, fourth_central_sq;   /* E w, E w², Var(w²) */
} sn_weight_moments;
int sn_weight_moments_of(sn_weight_moments *m, const sn_weights *w);

/* Per-unit ω = Σᵢ wᵢ and τ = Σᵢ wᵢ² over fan_in iid weights (for orthogonal: the rows of a
 * width × fan_in Haar matrix, exact). */
typedef struct {
    double omega_mean, omega_sd;
    double tau_mean, tau_sd;
    double weight_var;       /* Var w: what the frameworks call the variance they set */
} sn_unit_stats;
int sn_init_unit_stats(sn_unit_stats *u, const sn_weights *w, long fan_in, long width);

/* Draws a fan_in × width weight matrix (row-major; unit j's weights are column j) from the
 * distribution, reproducibly from seed (GSL's MT19937): iid for normal, uniform and truncated
 * (by rejection); for orthogonal, the Q of a QR decomposition of a Gaussian matrix with its
 * columns' signs fixed by R's diagonal (so that Q is Haar distributed, as PyTorch's
 * orthogonal_ does), times gain. GSL_SUCCESS, GSL_ENOMEM, or GSL_EDOM for sizes < 1. */
int sn_weights_draw(double *w, long fan_in, long width, const sn_weights *d,
                    unsigned long seed);

/* The whole what-if for one initializer (what `selfnorm init` prints, without --check):
 * the spec resolved to a weight distribution, the per-unit (ω, τ) it implies for a layer of
 * `width` units (= spec->fan_out, else GSL_EINVAL) with spec->fan_in inputs each, the layer map (propagate.h) iterated `depth`
 * layers from (mu0, nu0) into layers[0..depth] (may be NULL; entries from layers_done on are
 * NaN: the prediction stops where ν leaves [SN_PROP_NU_MIN, SN_PROP_NU_MAX]), its verdict
 * over SN_INIT_VERDICT_LAYERS,
 * the typical unit's fixed point (ω = E ω, τ = E τ; from (0, 1), else from the layer map's
 * limit), and the mean field of propagate.h when it applies (zero-mean weights, no dropout). */
#define SN_INIT_VERDICT_LAYERS 20000
typedef struct {
    sn_weights weights;         /* the distribution the spec resolves to */
    double gain;                /* the gain (PyTorch) or scale (Keras) it used */
    sn_fan_mode mode;           /* the fan mode it used */
    sn_unit_stats units;        /* per-unit ω = Σ w and τ = Σ w² */
    size_t layers_done;         /* layers[0 .. layers_done − 1] are predicted */
    int stop_status;            /* sn_propagate's: GSL_EUNDRFLW, GSL_EOVRFLW where ν left
                                 * [SN_PROP_NU_MIN, SN_PROP_NU_MAX] (the rest is NaN) */
    double chi_depth;           /* Π χ over the layers predicted, layers_done − 1 of them
                                 * (NaN without layers) */
    sn_prop_verdict verdict;    /* what the layer map does with depth */
    int typical_found;          /* 1 when the typical unit's fixed point was found (ν > 0) */
    sn_fixed_point typical;
    int mean_field_status;      /* GSL_SUCCESS when mean_field applies */
    sn_mean_field mean_field;
} sn_init_prediction;

/* GSL_SUCCESS; GSL_EINVAL with a message in err for a bad spec, activation or shape (err may
 * be NULL when errlen is 0); GSL_EDOM for mu0, nu0, dropout out of range (nu0 ≥ DBL_MIN, dropout in
 * [0, 1)), depth < 1 or width < 1; a status of the verdict's computation otherwise. */
int sn_init_predict(sn_init_prediction *r, sn_layer_out *layers, const sn_init_spec *spec,
                    const sn_act *act, long width, long depth, double mu0, double nu0,
                    double dropout, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
