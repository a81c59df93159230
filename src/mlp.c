/* mlp.c - the empirical deep network and the theory's layer-by-layer prediction. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>
#include "selfnorm/mlp.h"
#include "selfnorm/dropout.h"
#include "selfnorm/propagate.h"
#include "moments_internal.h"
#include "mlp_internal.h"
#include "sysio_internal.h"

#define MAX_SIDE 1000000   /* width, batch, depth: far beyond memory anyway */

enum { SEED_INPUT = 10, SEED_WEIGHTS = 11, SEED_DROPOUT = 12, SEED_DIRECTION = 13 };

sn_mlp_config sn_mlp_defaults(int depth, int width, int batch)
{
    return (sn_mlp_config){ .depth = depth, .width = width, .batch = batch,
                            .activation = sn_act_selu(SN_ALPHA01, SN_LAMBDA01),
                            .input_mean = 0, .input_var = 1, .init = SN_INIT_LECUN,
                            .weight_omega = 0, .weight_tau = 1, .seed = 1 };
}

/* ---- theory ------------------------------------------------------------------------------ */

/* E f, E f² and E f′² of the layer's activation for z ~ N(m, s2), from the table */
static int activation_moments(double *mean, double *second, double *fprime2, const sn_act *a,
                              double m, double s2)
{
    sn_act_moments mo;
    int st = sn_act_moments_eval(&mo, a, m, s2);
    if (st) return st;
    *mean = mo.mean;
    *second = mo.second;
    *fprime2 = mo.dsecond;
    return GSL_SUCCESS;
}

/* The dropout's effect on a unit's moments E x, E x²: x' = a·d + b (alpha) or d = x/q
 * (standard), where d keeps x with probability q. Returns the factor on E[(∂x'/∂x)²]. */
static double dropout_moments(double *mean, double *second, const dropout_params *dp)
{
    if (dp->rate == 0) return 1;
    double q = 1 - dp->rate, m = *mean;
    if (dp->alpha) {
        double em = q * m + (1 - q) * dp->alpha_prime;
        double e2 = q * *second + (1 - q) * dp->alpha_prime * dp->alpha_prime;
        *mean = dp->a * em + dp->b;
        *second = dp->a * dp->a * (e2 - em * em) + *mean * *mean;
        return dp->a * dp->a * q;
    }
    *second /= q;
    return 1 / q;
}

/* Layer prediction: mixture over units of the unit moment maps at (μ, ν) of the layer below. */
static int predict_layer(sn_mlp_layer *out, const sn_mlp_layer *below, const double *omega,
                         const double *tau, const sn_mlp_config *c, const dropout_params *dp)
{
    double sum_mean = 0, sum_second = 0, sum_f2 = 0;
    for (int j = 0; j < c->width; j++) {
        double mean, second, f2;
        int st = activation_moments(&mean, &second, &f2, &c->activation,
                                    below->predicted_mean * omega[j],
                                    below->predicted_var * tau[j]);
        if (st) return st;
        double dfac = dropout_moments(&mean, &second, dp);
        sum_mean += mean;
        sum_second += second;
        sum_f2 += tau[j] * f2 * dfac;
    }
    out->predicted_mean = sum_mean / c->width;
    out->predicted_var = sum_second / c->width - out->predicted_mean * out->predicted_mean;
    out->predicted_grad_factor = sqrt(sum_f2 / c->width);
    return GSL_SUCCESS;
}

/* ---- the network ------------------------------------------------------------------------- */

/* Whether a weight distribution cannot be drawn from (init.h's sn_weights). */
static int weights_problem(const sn_weights *w)
{
    switch (w->dist) {
    case SN_WEIGHTS_NORMAL: return !(isfinite(w->mean) && w->sd > 0 && isfinite(w->sd));
    case SN_WEIGHTS_UNIFORM: return !(isfinite(w->low) && isfinite(w->high) && w->low < w->high);
    /* a cut below 0.1 sd would make rejection sampling slow (acceptance 8%) */
    case SN_WEIGHTS_TRUNCATED: return !(w->sd > 0 && isfinite(w->sd) && w->cut >= 0.1 && isfinite(w->cut));
    case SN_WEIGHTS_ORTHOGONAL: return !(w->gain > 0 && isfinite(w->gain));
    }
    return 1;
}

int sn_mlp_check(const sn_mlp_config *c)
{
    if (c->depth < 1 || c->width < 1 || c->batch < 1 || c->depth > MAX_SIDE
        || c->width > MAX_SIDE || c->batch > MAX_SIDE || (long)c->width * c->batch < 2)
        return GSL_EDOM;
    if (sn_act_check(&c->activation) || (unsigned)c->init > SN_INIT_WEIGHTS) return GSL_EDOM;
    if (c->init == SN_INIT_WEIGHTS && weights_problem(&c->weights)) return GSL_EDOM;
    if (c->pairs && (!(c->pair_corr >= -1 && c->pair_corr <= 1) || c->batch < 2)) return GSL_EDOM;
    if (!(c->dropout >= 0 && c->dropout < 1) || !isfinite(c->input_mean)
        || !(c->input_var > 0) || !isfinite(c->input_var))
        return GSL_EDOM;
    /* in float, inputs beyond ~1e18 square past FLT_MAX (3.4e38) in the statistics' inputs */
    if (!c->use_double && fabs(c->input_mean) + 10 * sqrt(c->input_var) > 1e18) return GSL_EDOM;
    if (c->init == SN_INIT_NORMALIZED
        && !(isfinite(c->weight_omega) && c->weight_tau > 0 && isfinite(c->weight_tau)
             && c->weight_tau >= c->weight_omega * c->weight_omega / c->width))
        return GSL_EDOM;
    if (!sn_memory_fits(sn_mlp_memory(c))) return GSL_ENOMEM;
    return GSL_SUCCESS;
}

/* n·m·k without overflow, or 0 */
static size_t product(size_t a, size_t b, size_t c)
{
    if (a != 0 && b > SIZE_MAX / a) return 0;
    size_t ab = a * b;
    if (ab != 0 && c > SIZE_MAX / ab) return 0;
    return ab * c;
}

size_t sn_mlp_memory(const sn_mlp_config *c)
{
    size_t el = c->use_double ? sizeof(double) : sizeof(float);
    size_t bn = product((size_t)c->batch, (size_t)c->width, el);
    size_t nn = product((size_t)c->width, (size_t)c->width, el);
    size_t per_layer = 3 * bn + nn + 2 * (size_t)c->width * sizeof(double);
    /* a framework initializer draws in double first (and orthogonal needs Q, R and A too) */
    if (c->init == SN_INIT_WEIGHTS) {
        size_t nd = product((size_t)c->width, (size_t)c->width, sizeof(double));
        if (!nd) return 0;
        per_layer += (c->weights.dist == SN_WEIGHTS_ORTHOGONAL ? 4 : 1) * nd;
    }
    size_t derivs = c->gradients ? product((size_t)c->depth, (size_t)c->batch * c->width, el) : 0;
    if (!bn || !nn || (c->gradients && !derivs) || per_layer < nn) return 0;
    size_t total = per_layer + derivs;
    return total < per_layer ? 0 : total;
}

typedef struct {
    const mlp_ops *ops;
    void *x, *z, *w, *deriv;   /* deriv: depth × B×N, with gradients */
    double *omega, *tau;
    double *wd;                      /* SN_INIT_WEIGHTS: the draw, in double */
    double *pair;                    /* pairs: two rows in double */
} buffers;

static void buffers_free(buffers *b)
{
    free(b->x); free(b->z); free(b->w); free(b->deriv); free(b->omega); free(b->tau); free(b->wd);
    free(b->pair);
}

static int buffers_alloc(buffers *b, const sn_mlp_config *c)
{
    memset(b, 0, sizeof *b);
    b->ops = c->use_double ? &SN_MLP_DOUBLE : &SN_MLP_FLOAT;
    size_t bn = (size_t)c->batch * c->width * b->ops->size;
    b->x = malloc(bn);
    b->z = malloc(bn);
    b->w = malloc((size_t)c->width * c->width * b->ops->size);
    b->omega = malloc((size_t)c->width * sizeof *b->omega);
    b->tau = malloc((size_t)c->width * sizeof *b->tau);
    if (c->gradients) b->deriv = malloc(bn * (size_t)c->depth);
    if (c->init == SN_INIT_WEIGHTS) b->wd = malloc((size_t)c->width * c->width * sizeof *b->wd);
    if (c->pairs) b->pair = malloc(2 * (size_t)c->width * sizeof *b->pair);
    int ok = b->x && b->z && b->w && b->omega && b->tau && (!c->gradients || b->deriv)
          && (c->init != SN_INIT_WEIGHTS || b->wd) && (!c->pairs || b->pair);
    if (!ok) buffers_free(b);
    return ok ? GSL_SUCCESS : GSL_ENOMEM;
}

/* W_l, reproducibly from (seed, layer): regenerated for the backward pass. */
static int make_weights(buffers *b, const sn_mlp_config *c, int layer)
{
    int n = c->width;
    if (c->init == SN_INIT_WEIGHTS) {
        int st = sn_weights_draw(b->wd, n, n, &c->weights,
                                 (unsigned long)sn_mlp_seed(c->seed, SEED_WEIGHTS, (uint64_t)layer, 0));
        if (st) return st;
        b->ops->from_double(b->w, b->wd, (size_t)n * n);
        return GSL_SUCCESS;
    }
    double sd = c->init == SN_INIT_HE ? sqrt(2.0 / n) : sqrt(1.0 / n);
    b->ops->gaussian_fill(b->w, (size_t)n * n, 0, sd, sn_mlp_seed(c->seed, SEED_WEIGHTS, (uint64_t)layer, 0));
    if (c->init == SN_INIT_NORMALIZED)
        b->ops->normalize_columns(b->w, n, c->weight_omega, c->weight_tau);
    return GSL_SUCCESS;
}

static void weight_summary(sn_mlp_layer *L, const double *omega, const double *tau, int n)
{
    double so = 0, so2 = 0, st = 0;
    for (int j = 0; j < n; j++) { so += omega[j]; so2 += omega[j] * omega[j]; st += tau[j]; }
    L->omega_mean = so / n;
    L->omega_sd = sqrt(fmax(0, so2 / n - L->omega_mean * L->omega_mean));
    L->tau_mean = st / n;
}

dropout_params sn_mlp_dropout_params(const sn_act *a, double rate)
{
    dropout_params dp = { .alpha = sn_act_is_selu(a), .rate = rate };
    if (dp.alpha && dp.rate > 0) {
        /* the paper's alpha dropout keeps the fixed point (0, 1) */
        sn_dropout d;
        sn_dropout_params(&d, rate, sn_act_selu_params(a), 0, 1);
        dp.a = d.a;
        dp.b = d.b;
        dp.alpha_prime = d.alpha_prime;
    }
    return dp;
}

act_params sn_mlp_act_params(const sn_act *a)
{
    act_params ap = { .k = a->def->kernels };
    for (int k = 0; k < SN_ACT_MAX_PARAMS; k++) ap.p[k] = a->p[k];
    return ap;
}

act_params sn_mlp_identity(void)
{
    return (act_params){ .k = &SN_ACT_KERNELS_LINEAR };
}

static dropout_params make_dropout(const sn_mlp_config *c)
{
    return sn_mlp_dropout_params(&c->activation, c->dropout);
}

static act_params make_act(const sn_mlp_config *c)
{
    return sn_mlp_act_params(&c->activation);
}

/* mean and variance from (Σ(x − c), Σ(x − c)²) */
static void record_stats(sn_mlp_layer *L, const double sums[2], double shift, size_t n)
{
    double d = sums[0] / (double)n;
    L->mean = shift + d;
    L->var = fmax(0, sums[1] / (double)n - d * d);
}

/* One layer: Z = X·W, X = f(Z) (deriv = f'(Z) if not NULL), dropout; the statistics of X. */
static void layer_step(sn_mlp_layer *L, buffers *b, const void *w, void *deriv,
                       const act_params *ap, const dropout_params *dp, const sn_mlp_config *c)
{
    size_t n = (size_t)c->batch * c->width;
    double sums[2], shift = isfinite(L->predicted_mean) ? L->predicted_mean : 0;
    b->ops->matmul(b->z, b->x, w, c->batch, c->width, 0);
    b->ops->activate(sums, b->x, deriv, b->z, n, ap, shift);
    if (dp->rate > 0)
        b->ops->dropout(sums, b->x, deriv, n, dp,
                        sn_mlp_seed(c->seed, SEED_DROPOUT, (uint64_t)L->layer, 0), shift);
    record_stats(L, sums, shift, n);
}

/* Pairs of inputs: row 2k + 1 becomes μ + c0 (x_2k − μ) + √(1 − c0²)(x_2k+1 − μ), entries
 * with Pearson correlation c0 to row 2k. */
static void correlate_pairs(buffers *b, const sn_mlp_config *c)
{
    size_t N = (size_t)c->width, el = b->ops->size;
    double c0 = c->pair_corr, s0 = sqrt((1 - c0) * (1 + c0)), m = c->input_mean;
    for (int k = 0; 2 * k + 1 < c->batch; k++) {
        char *rows = (char *)b->x + 2 * (size_t)k * N * el;
        b->ops->to_double(b->pair, rows, 2 * N);
        for (size_t i = 0; i < N; i++)
            b->pair[N + i] = m + c0 * (b->pair[i] - m) + s0 * (b->pair[N + i] - m);
        b->ops->from_double(rows, b->pair, 2 * N);
    }
}

/* The mean over pairs of the raw correlation Σ xₐx_b / √(Σ xₐ² Σ x_b²) of the layer's rows. */
static double pair_correlation(buffers *b, const sn_mlp_config *c)
{
    size_t N = (size_t)c->width, el = b->ops->size;
    double sum = 0;
    int n = 0;
    for (int k = 0; 2 * k + 1 < c->batch; k++) {
        b->ops->to_double(b->pair, (char *)b->x + 2 * (size_t)k * N * el, 2 * N);
        double ab = 0, aa = 0, bb = 0;
        for (size_t i = 0; i < N; i++) {
            ab += b->pair[i] * b->pair[N + i];
            aa += b->pair[i] * b->pair[i];
            bb += b->pair[N + i] * b->pair[N + i];
        }
        if (aa > 0 && bb > 0) { sum += ab / sqrt(aa * bb); n++; }
    }
    return n ? sum / n : NAN;
}

/* The mean-field prediction of the pairs' raw correlation after layer L (propagate.h): the
 * correlation map at q = the layer below's predicted second moment and τ = the layer's mean τ.
 * NAN with dropout (the masks differ between the two inputs) or for a failed quadrature. */
static double predict_corr(const sn_mlp_layer *L, const sn_mlp_layer *below, const sn_mlp_config *c)
{
    if (c->dropout > 0 || !isfinite(below->predicted_corr)) return NAN;
    const sn_act act = c->activation;
    double q = below->predicted_mean * below->predicted_mean + below->predicted_var;
    sn_corr r;
    double cc = fmax(-1, fmin(1, below->predicted_corr));
    return sn_corr_map(&r, &act, L->tau_mean, q, cc) ? NAN : r.c_new;
}

static int forward(sn_mlp_layer *layers, buffers *b, const sn_mlp_config *c)
{
    size_t n = (size_t)c->batch * c->width;
    act_params ap = make_act(c);
    dropout_params dp = make_dropout(c);
    b->ops->gaussian_fill(b->x, n, c->input_mean, sqrt(c->input_var),
                          sn_mlp_seed(c->seed, SEED_INPUT, 0, 0));
    if (c->pairs) correlate_pairs(b, c);
    /* raw correlation of the inputs: (μ² + c0 ν)/(μ² + ν) */
    double m2 = c->input_mean * c->input_mean;
    layers[0] = (sn_mlp_layer){ .layer = 0, .predicted_mean = c->input_mean,
                                .predicted_var = c->input_var, .corr = NAN,
                                .predicted_corr = c->pairs ? (m2 + c->pair_corr * c->input_var) / (m2 + c->input_var) : NAN };
    if (c->pairs) layers[0].corr = pair_correlation(b, c);
    act_params copy = sn_mlp_identity();
    double sums[2];
    b->ops->activate(sums, b->z, NULL, b->x, n, &copy, c->input_mean);   /* z is scratch here */
    record_stats(&layers[0], sums, c->input_mean, n);
    for (int l = 1; l <= c->depth; l++) {
        sn_mlp_layer *L = &layers[l];
        *L = (sn_mlp_layer){ .layer = l };
        int st = make_weights(b, c, l);
        if (st) return st;
        b->ops->column_sums(b->omega, b->tau, b->w, c->width, c->width);
        weight_summary(L, b->omega, b->tau, c->width);
        st = predict_layer(L, &layers[l - 1], b->omega, b->tau, c, &dp);
        if (st) return st;
        void *deriv = c->gradients ? (char *)b->deriv + (size_t)(l - 1) * n * b->ops->size : NULL;
        layer_step(L, b, b->w, deriv, &ap, &dp, c);
        L->corr = L->predicted_corr = NAN;
        if (c->pairs) {
            L->corr = pair_correlation(b, c);
            L->predicted_corr = predict_corr(L, &layers[l - 1], c);
        }
    }
    return GSL_SUCCESS;
}

/* G_{l−1} = (G_l ⊙ f'(Z_l)) W_lᵀ from a random direction at the top. */
static int backward(sn_mlp_layer *layers, buffers *b, const sn_mlp_config *c)
{
    size_t n = (size_t)c->batch * c->width;
    void *g = b->x, *t = b->z;   /* the forward buffers are free now */
    b->ops->gaussian_fill(g, n, 0, 1, sn_mlp_seed(c->seed, SEED_DIRECTION, 0, 0));
    layers[c->depth].grad_norm = sqrt(b->ops->centred_sumsq(g, n, 0));
    for (int l = c->depth; l >= 1; l--) {
        int st = make_weights(b, c, l);
        if (st) return st;
        b->ops->hadamard(t, g, (char *)b->deriv + (size_t)(l - 1) * n * b->ops->size, n);
        b->ops->matmul(g, t, b->w, c->batch, c->width, 1);
        layers[l - 1].grad_norm = sqrt(b->ops->centred_sumsq(g, n, 0));
        layers[l].grad_factor = layers[l - 1].grad_norm / layers[l].grad_norm;
    }
    return GSL_SUCCESS;
}

int sn_mlp_run(sn_mlp_layer *layers, const sn_mlp_config *c)
{
    int status = sn_mlp_check(c);
    if (status) return status;
    buffers b;
    if ((status = buffers_alloc(&b, c))) return status;
    status = forward(layers, &b, c);
    if (status == GSL_SUCCESS && c->gradients) status = backward(layers, &b, c);
    buffers_free(&b);
    return status;
}

/* ---- benchmark ------------------------------------------------------------------------- */

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int sn_mlp_bench(double *forward_gflops, double *gemm_gflops, const sn_mlp_config *c, int repeat)
{
    sn_mlp_config cc = *c;
    cc.gradients = 0;
    int status = sn_mlp_check(&cc);
    if (status) return status;
    size_t nn = (size_t)c->width * c->width;
    buffers b;
    if ((status = buffers_alloc(&b, &cc))) return status;
    size_t el = b.ops->size;
    char *weights = malloc(nn * el * (size_t)c->depth);
    sn_mlp_layer *layers = malloc(((size_t)c->depth + 1) * sizeof *layers);
    if (!weights || !layers) {
        free(weights); free(layers); buffers_free(&b);
        return GSL_ENOMEM;
    }
    for (int l = 1; l <= c->depth && status == GSL_SUCCESS; l++) {
        status = make_weights(&b, &cc, l);
        memcpy(weights + (size_t)(l - 1) * nn * el, b.w, nn * el);
    }
    if (status) {
        free(weights); free(layers); buffers_free(&b);
        return status;
    }
    act_params ap = make_act(&cc);
    dropout_params dp = make_dropout(&cc);
    size_t n = (size_t)c->batch * c->width;
    double best_fwd = INFINITY, best_gemm = INFINITY;
    for (int r = 0; r < repeat; r++) {
        b.ops->gaussian_fill(b.x, n, c->input_mean, sqrt(c->input_var), sn_mlp_seed(c->seed, SEED_INPUT, 0, 0));
        double t0 = seconds_now();
        for (int l = 1; l <= c->depth; l++) {
            layers[l] = (sn_mlp_layer){ .layer = l };
            layer_step(&layers[l], &b, weights + (size_t)(l - 1) * nn * el, NULL, &ap, &dp, &cc);
        }
        double t1 = seconds_now();
        for (int l = 1; l <= c->depth; l++)   /* the same products, nothing else */
            b.ops->matmul(l % 2 ? b.z : b.x, l % 2 ? b.x : b.z, weights + (size_t)(l - 1) * nn * el,
                          c->batch, c->width, 0);
        double t2 = seconds_now();
        best_fwd = fmin(best_fwd, t1 - t0);
        best_gemm = fmin(best_gemm, t2 - t1);
    }
    double flops = 2.0 * c->batch * (double)c->width * c->width * c->depth;
    *forward_gflops = flops / best_fwd / 1e9;
    *gemm_gflops = flops / best_gemm / 1e9;
    free(weights);
    free(layers);
    buffers_free(&b);
    return GSL_SUCCESS;
}
