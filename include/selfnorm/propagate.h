/* propagate.h - signal propagation through a deep random network, forward and backward.
 *
 * Layer map, mixed over units. In a layer whose units have iid weights, unit j receives
 * z_j | ω_j, τ_j ~ N(μω_j, ντ_j) (central limit theorem over its inputs, which have mean μ and
 * variance ν). Over the units ω varies (for LeCun weights ω ~ N(0, 1), as large as τ), so the
 * layer's activations are a mixture: with ω Gaussian (exactly so for Gaussian weights, by the
 * CLT otherwise) and τ replaced by its mean (its sd is O(1/√fan_in) of it),
 *     z ~ N(μ E ω, μ² Var ω + ν E τ),       μ' = E f(z),   ν' = Var f(z),
 * which is what `mlp` predicts unit by unit, mixed over the realized units. With zero-mean iid
 * weights Var ω = E τ and the variance of z is τ (μ² + ν) = τ q: the mean-field recursion of
 * Poole et al. (2016) on the raw second moment q. Then alpha dropout (SELU) or standard dropout,
 * as in `mlp`. The squared gradient norm is multiplied per layer by
 *     χ = E τ · E f'(z)² · (dropout's factor)      (Schoenholz et al. 2017, χ₁).
 *
 * Correlation map (Poole et al. 2016, Eq. 5; Schoenholz et al. 2017, Eq. 4). Two inputs a, b
 * with the same raw second moment q and raw correlation c = q_ab / q give pre-activations
 * (u_a, u_b) ~ N(0, τq [[1, c], [c, 1]]) (zero-mean weights: E[u_a u_b] = σ_w² Σᵢ x_aᵢ x_bᵢ, a raw
 * inner product, not a covariance), so
 *     c' = E[f(u_a) f(u_b)] / E[f(u)²].
 * The map is on raw (uncentered) second moments because that is what the weights transport:
 * with zero-mean weights the layer's pre-activations only see inner products of the inputs. For
 * an activation with E f ≠ 0 the raw correlation then has a floor, c' ≥ (E f)²/E f² at c = 0;
 * the Pearson correlation of the outputs, (E[f f] − (E f)²)/Var f, is reported beside it.
 * Its slope at c = 1 is χ₁ = τ E[f'(u)²] (Price's theorem) at the fixed point q* of q ↦ E f(u)².
 * Depth scales: ξ_c = −1/log χ_c with χ_c = τ E[f'(u_a) f'(u_b)] the slope at the stable fixed
 * point c*, and ξ_q = −1/log(dq'/dq) at q*.
 */
#ifndef SELFNORM_PROPAGATE_H
#define SELFNORM_PROPAGATE_H

#include <stddef.h>
#include "selfnorm/activation.h"
#include "selfnorm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const sn_act *act;
    double omega_mean, omega_var;   /* per-unit ω = Σᵢ wᵢ: mean and variance */
    double tau_mean;                /* per-unit τ = Σᵢ wᵢ²: mean */
    double dropout;                 /* rate P in [0, 1): alpha dropout for SELU, standard else */
} sn_layer_model;

typedef struct {
    double mu, nu;      /* mean and variance of the layer's outputs, mixed over units */
    double chi;         /* factor on the squared gradient norm through this layer */
    double err;         /* absolute error estimate of mu and nu (from the moments) */
} sn_layer_out;

/* One layer from inputs of mean mu and variance nu. Status as sn_act_moments_eval; GSL_EDOM
 * for an invalid model (tau_mean ≤ 0, omega_var < 0, dropout outside [0, 1)); GSL_EOVRFLW when
 * z's mean or variance overflows, GSL_EUNDRFLW when its variance underflows to 0. */
int sn_layer_map(sn_layer_out *out, const sn_layer_model *m, double mu, double nu);

/* The range in which the prediction is carried on: below SN_PROP_NU_MIN the variance is in or
 * near the subnormal doubles, where it keeps no relative accuracy; above SN_PROP_NU_MAX its
 * square, or μ², overflows (|μ| above SN_PROP_MU_MAX). */
#define SN_PROP_NU_MIN 1e-300
#define SN_PROP_NU_MAX 1e300
#define SN_PROP_MU_MAX 1e150

/* out[0] = the inputs (mu0, nu0, chi NAN), out[l] = layer l, for l ≤ depth. Stops at the first
 * failure and returns its status; *done (if not NULL) is the number of entries written (every
 * one of them finite). GSL_EUNDRFLW when layer *done's variance falls below SN_PROP_NU_MIN,
 * GSL_EOVRFLW when it (or its z's variance) exceeds SN_PROP_NU_MAX or |μ| SN_PROP_MU_MAX: that
 * layer is not written. */
int sn_propagate(sn_layer_out *out, size_t depth, const sn_layer_model *m, double mu0,
                 double nu0, size_t *done);

typedef enum {
    SN_PROP_NORMALIZING,   /* converges to a fixed point with ν* > 0 */
    SN_PROP_COLLAPSE,      /* ν → 0 geometrically */
    SN_PROP_EXPLODE,       /* ν → ∞ geometrically (or overflows) */
    SN_PROP_UNDECIDED,     /* neither within the layers tried */
    SN_PROP_NEUTRAL        /* settles, but at rate 1 (within 1e-6): the limit neither attracts
                            * nor repels, a neighbouring start stays where it lands (ReLU or
                            * linear with τ = 2 resp. 1: every multiple of a limit is one) */
} sn_prop_kind;

typedef struct {
    sn_prop_kind kind;
    double mu, nu;          /* the limit (normalizing), else the last iterate */
    double rate;            /* per layer: distance ratio near the limit, or ν's ratio */
    double chi;             /* χ at the limit (normalizing) or at the last iterate */
    long layers;            /* layers to within 1e-6·(|μ*| + ν*) of the limit; layers tried */
} sn_prop_verdict;

/* Iterates the layer map from (mu0, nu0) for up to max_layers and classifies the outcome. */
int sn_propagate_verdict(sn_prop_verdict *v, const sn_layer_model *m, double mu0, double nu0,
                         long max_layers);

/* The correlation map at raw second moment q and raw correlation c ∈ [−1, 1]: c' (raw) and the
 * outputs' Pearson correlation, and the slope dc'/dc = τ E[f'(u_a) f'(u_b)] / E f(u)². By nested
 * adaptive quadrature (GSL QAGP with the kinks as break points, tails cut where the Gaussian
 * weight is below 1e−300), with the absolute error estimate of c' in *err. */
typedef struct {
    double c_new, pearson, slope, err;
} sn_corr;
int sn_corr_map(sn_corr *r, const sn_act *act, double tau, double q, double c);

/* Mean-field summary for an activation and τ (zero-mean weights, Var ω = τ): the fixed point q*
 * of q ↦ E f(u)², u ~ N(0, τq), from q0; χ₁; the stable fixed point c* of the correlation map
 * (1 when χ₁ ≤ 1) and its slope χ_c; ξ_c = −1/log χ_c (∞ for χ_c = 1) and ξ_q = −1/log|dq'/dq|
 * (∞ when the slope is 1: ReLU and linear keep τq/2 resp. τq; NAN when q* repels).
 * GSL_ENOPROG when q ↦ E f(u)² has no fixed point q* > 0 from q0 (q → 0 or ∞: the ordered
 * phase of tanh at τ ≤ 1, or an explosion), GSL_EMAXITER when it converges too slowly. */
typedef struct {
    double q_star, chi1, c_star, chi_c, xi_c, xi_q, dq_slope;
} sn_mean_field;
int sn_mean_field_eval(sn_mean_field *mf, const sn_act *act, double tau, double q0);

#ifdef __cplusplus
}
#endif

#endif
