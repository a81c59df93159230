/* train.c - fully connected networks trained with SGD, on the MLP module's kernels. */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include "selfnorm/train.h"
#include "selfnorm/theorems.h"
#include "mlp_internal.h"
#include "sysio_internal.h"

enum { SEED_WEIGHTS = 21, SEED_DROPOUT = 22, SEED_INPUT_DROPOUT = 23, SEED_SHUFFLE = 24 };

/* TensorFlow's batch normalization defaults (tf.layers.batch_normalization), which the
 * authors' figure1/run.py uses. The running averages start as the plain average of the
 * batches seen (momentum 1 − 1/t at the t-th update) until that reaches BN_MOMENTUM: from
 * their initial (0, 1), 0.99 would need hundreds of steps to forget the start, and a short
 * run evaluated with them measures the initial values, not the network (a loss of 113
 * instead of 2 at depth 32 with 32 steps). */
#define BN_MOMENTUM 0.99
#define BN_EPS 1e-3

typedef struct {
    int fan_in, fan_out;
    void *W, *b, *dW, *db, *vW, *vb;
    void *out;   /* the layer's output (rows × fan_out): the next layer's input */
    void *D;     /* f'(Z), times the dropout's factor when there is no batch normalization */
    /* batch normalization */
    void *gamma, *beta, *dgamma, *dbeta, *vgamma, *vbeta, *xhat, *mask;
    double *run_mean, *run_var, *invstd, *bmean, *bvar;
} layer;

struct sn_net {
    sn_train_config c;
    const mlp_ops *ops;
    int inputs, classes, depth, cap;
    layer *L;                    /* depth hidden layers, then the output layer */
    void *A0;                    /* the input batch */
    void *Z, *H, *G, *T;         /* scratch: pre-activations, pre-normalization, gradients */
    act_params ap;
    dropout_params dp, dp_in;
    sn_box theorem1, wide;       /* Theorem 1's domain and Theorem 2's (ω, τ) ranges */
    int has_gradient;            /* dW holds a minibatch's gradient (not before the first) */
    long bn_updates;             /* of the running averages (loaded ones count as settled) */
};

sn_train_config sn_train_defaults(int depth, int width)
{
    return (sn_train_config){ .depth = depth, .width = width, .activation = sn_act_selu(SN_ALPHA01, SN_LAMBDA01),
                              .init = SN_INIT_LECUN,
                              .normalization = SN_NORM_NONE, .learning_rate = 0.01,
                              .batch = 128, .seed = 1 };
}

static int fail(char *err, size_t n, const char *fmt, ...)
{
    if (err && n) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, n, fmt, ap);
        va_end(ap);
    }
    return GSL_EDOM;
}

size_t sn_net_memory(const sn_train_config *c, int inputs, int classes)
{
    if (c->depth < 1 || c->width < 1 || inputs < 1 || classes < 2 || c->batch < 1) return 0;
    size_t el = c->use_double ? sizeof(double) : sizeof(float);
    size_t wide = (size_t)(c->width > inputs ? c->width : inputs);
    size_t params = sn_mul3(wide, (size_t)c->width, 3 * el) * (size_t)c->depth
                  + sn_mul3((size_t)c->width, (size_t)classes, 3 * el);
    size_t acts = sn_mul3((size_t)c->batch, (size_t)c->width, el) * (c->normalization ? 4 : 2);
    size_t per_layer = acts * (size_t)c->depth;
    size_t scratch = sn_mul3((size_t)c->batch, wide > (size_t)classes ? wide : (size_t)classes, 5 * el);
    if (!params || !acts || !per_layer || !scratch) return 0;
    size_t total = params + per_layer + scratch;
    return total < params ? 0 : total;
}

static int check(const sn_train_config *c, int inputs, int classes, char *err, size_t n)
{
    if (c->depth < 1 || c->depth > 1000) return fail(err, n, "depth must be between 1 and 1000");
    if (c->width < 1 || c->width > 100000) return fail(err, n, "width must be between 1 and 100000");
    if (c->batch < 1 || c->batch > 100000) return fail(err, n, "batch must be between 1 and 100000");
    if (inputs < 1 || classes < 2) return fail(err, n, "the data need at least one feature and two classes");
    if (c->init != SN_INIT_LECUN && c->init != SN_INIT_HE) return fail(err, n, "init must be lecun or he");
    if (sn_act_check(&c->activation))
        return fail(err, n, "unknown activation, or its parameters out of range");
    if (!(c->dropout >= 0 && c->dropout < 1) || !(c->input_dropout >= 0 && c->input_dropout < 1))
        return fail(err, n, "dropout rates must be in [0, 1)");
    if (!(c->learning_rate > 0 && isfinite(c->learning_rate))) return fail(err, n, "the learning rate must be positive");
    if (!(c->momentum >= 0 && c->momentum < 1)) return fail(err, n, "momentum must be in [0, 1)");
    size_t bytes = sn_net_memory(c, inputs, classes);
    if (!sn_memory_fits(bytes)) {
        if (err && n) snprintf(err, n, "the network needs %.3g GB, more than 80%% of this machine's memory", (double)bytes / 1e9);
        return GSL_ENOMEM;
    }
    return GSL_SUCCESS;
}

static void layer_free(layer *l)
{
    void *p[] = { l->W, l->b, l->dW, l->db, l->vW, l->vb, l->out, l->D, l->gamma, l->beta,
                  l->dgamma, l->dbeta, l->vgamma, l->vbeta, l->xhat, l->mask, l->run_mean,
                  l->run_var, l->invstd, l->bmean, l->bvar };
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) free(p[i]);
}

void sn_net_free(sn_net *net)
{
    if (!net) return;
    if (net->L)
        for (int l = 0; l <= net->depth; l++) layer_free(&net->L[l]);
    free(net->L); free(net->A0); free(net->Z); free(net->H); free(net->G); free(net->T);
    free(net);
}

/* Hidden weights N(0, s/fan_in), output weights U(−r, r) with r = √(6/(fan_in + fan_out))
 * (Glorot), from (seed, layer). */
static void init_weights(sn_net *net, int l)
{
    layer *L = &net->L[l];
    size_t n = (size_t)L->fan_in * L->fan_out;
    uint64_t seed = sn_mlp_seed(net->c.seed, SEED_WEIGHTS, (uint64_t)l, 0);
    if (l < net->depth) {
        double s = net->c.init == SN_INIT_HE ? 2.0 : 1.0;
        net->ops->gaussian_fill(L->W, n, 0, sqrt(s / L->fan_in), seed);
        return;
    }
    double r = sqrt(6.0 / (L->fan_in + L->fan_out)), *w = malloc(n * sizeof *w);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (w && rng) {
        gsl_rng_set(rng, seed);
        for (size_t i = 0; i < n; i++) w[i] = r * (2 * gsl_rng_uniform(rng) - 1);
        net->ops->from_double(L->W, w, n);
    }
    gsl_rng_free(rng);
    free(w);
}

static int layer_alloc(sn_net *net, int l)
{
    layer *L = &net->L[l];
    size_t el = net->ops->size, wn = (size_t)L->fan_in * L->fan_out * el, bn = (size_t)L->fan_out * el;
    size_t acts = (size_t)net->cap * L->fan_out * el;
    int hidden = l < net->depth, bnorm = hidden && net->c.normalization == SN_NORM_BATCH;
    L->W = malloc(wn); L->dW = malloc(wn); L->vW = calloc(1, wn);
    L->b = calloc(1, bn); L->db = malloc(bn); L->vb = calloc(1, bn);
    int ok = L->W && L->dW && L->vW && L->b && L->db && L->vb;
    if (hidden) {
        L->out = malloc(acts);
        L->D = malloc(acts);
        ok = ok && L->out && L->D;
    }
    if (bnorm) {
        size_t u = (size_t)L->fan_out;
        L->gamma = malloc(bn); L->beta = calloc(1, bn); L->dgamma = malloc(bn); L->dbeta = malloc(bn);
        L->vgamma = calloc(1, bn); L->vbeta = calloc(1, bn);
        L->xhat = malloc(acts); L->mask = malloc(acts);
        L->run_mean = calloc(u, sizeof(double)); L->run_var = malloc(u * sizeof(double));
        L->invstd = malloc(u * sizeof(double)); L->bmean = malloc(u * sizeof(double));
        L->bvar = malloc(u * sizeof(double));
        ok = ok && L->gamma && L->beta && L->dgamma && L->dbeta && L->vgamma && L->vbeta && L->xhat
             && L->mask && L->run_mean && L->run_var && L->invstd && L->bmean && L->bvar;
        if (ok) {
            net->ops->fill(L->gamma, u, 1);
            for (size_t j = 0; j < u; j++) L->run_var[j] = 1;
        }
    }
    if (ok) init_weights(net, l);
    return ok ? GSL_SUCCESS : GSL_ENOMEM;
}

int sn_net_alloc(sn_net **out, const sn_train_config *c, int inputs, int classes, char *err,
                 size_t errlen)
{
    *out = NULL;
    int st = check(c, inputs, classes, err, errlen);
    if (st) return st;
    sn_net *net = calloc(1, sizeof *net);
    if (!net) return GSL_ENOMEM;
    net->c = *c;
    net->ops = c->use_double ? &SN_MLP_DOUBLE : &SN_MLP_FLOAT;
    net->inputs = inputs;
    net->classes = classes;
    net->depth = c->depth;
    net->cap = c->batch;
    net->ap = sn_mlp_act_params(&c->activation);
    net->dp = sn_mlp_dropout_params(&c->activation, c->dropout);
    net->dp_in = (dropout_params){ .alpha = 0, .rate = c->input_dropout };
    const sn_theorem *t1 = sn_theorem_find("theorem1"), *t2 = sn_theorem_find("theorem2");
    sn_domain d;
    sn_theorem_domain(&d, t1);
    sn_domain_box(&net->theorem1, &d);
    sn_theorem_domain(&d, t2);
    sn_domain_box(&net->wide, &d);
    net->L = calloc((size_t)c->depth + 1, sizeof *net->L);
    size_t el = net->ops->size, wide = (size_t)(c->width > inputs ? c->width : inputs);
    if (wide < (size_t)classes) wide = (size_t)classes;
    size_t scratch = (size_t)net->cap * wide * el;
    net->A0 = malloc((size_t)net->cap * inputs * el);
    net->Z = malloc(scratch); net->H = malloc(scratch); net->G = malloc(scratch); net->T = malloc(scratch);
    st = net->L && net->A0 && net->Z && net->H && net->G && net->T ? GSL_SUCCESS : GSL_ENOMEM;
    for (int l = 0; l <= c->depth && !st; l++) {
        net->L[l].fan_in = l ? c->width : inputs;
        net->L[l].fan_out = l < c->depth ? c->width : classes;
        st = layer_alloc(net, l);
    }
    if (st) {
        sn_net_free(net);
        if (err && errlen) snprintf(err, errlen, "out of memory");
        return st;
    }
    *out = net;
    return GSL_SUCCESS;
}

int sn_net_depth(const sn_net *net) { return net->depth; }
int sn_net_uses_double(const sn_net *net) { return net->c.use_double; }

void *sn_net_param(sn_net *net, int l, char which, int grad, int *rows, int *cols)
{
    if (l < 0 || l > net->depth) return NULL;
    layer *L = &net->L[l];
    *rows = which == 'W' ? L->fan_in : 1;
    *cols = L->fan_out;
    switch (which) {
    case 'W': return grad ? L->dW : L->W;
    case 'b': return grad ? L->db : L->b;
    case 'g': return grad ? L->dgamma : L->gamma;
    case 'B': return grad ? L->dbeta : L->beta;
    case 'm': return grad ? NULL : L->run_mean;
    case 'v': return grad ? NULL : L->run_var;
    }
    return NULL;
}

/* Batch normalization at evaluation: y = γ(x − m)/√(v + eps) + β as an affine map. */
static void bn_eval(sn_net *net, layer *L, void *Y, const void *X, int rows)
{
    int u = L->fan_out;
    double *scale = L->invstd, *shift = L->bmean;   /* the batch buffers are free at evaluation */
    net->ops->to_double(scale, L->gamma, (size_t)u);
    net->ops->to_double(shift, L->beta, (size_t)u);
    for (int j = 0; j < u; j++) {
        double s = scale[j] / sqrt(L->run_var[j] + BN_EPS);
        shift[j] -= L->run_mean[j] * s;
        scale[j] = s;
    }
    net->ops->affine_columns(Y, X, scale, shift, rows, u);
}

/* The forward pass on the gathered batch A0: logits into Z (rows × classes). In training mode
 * the derivatives, normalization statistics and dropout masks are kept for backward. */
static void forward(sn_net *net, int rows, int train, uint64_t step)
{
    const mlp_ops *o = net->ops;
    if (train && net->dp_in.rate > 0) {
        double sums[2];
        o->dropout(sums, net->A0, NULL, (size_t)rows * net->inputs, &net->dp_in,
                   sn_mlp_seed(net->c.seed, SEED_INPUT_DROPOUT, 0, step), 0);
    }
    const void *in = net->A0;
    for (int l = 0; l < net->depth; l++) {
        layer *L = &net->L[l];
        size_t n = (size_t)rows * L->fan_out;
        int bnorm = net->c.normalization == SN_NORM_BATCH;
        double sums[2];
        o->gemm(net->Z, in, L->W, rows, L->fan_out, L->fan_in, 0, 0, 1, 0);
        o->add_bias(net->Z, L->b, rows, L->fan_out);
        /* f(Z) into the layer's output, or into scratch when normalization follows */
        void *act = bnorm ? net->H : L->out;
        o->activate(sums, act, train ? L->D : NULL, net->Z, n, &net->ap, 0);
        if (bnorm && train) {
            o->batchnorm(L->out, L->xhat, L->bmean, L->bvar, L->invstd, act, L->gamma, L->beta,
                         rows, L->fan_out, BN_EPS);
            double unbias = rows > 1 ? (double)rows / (rows - 1) : 1;
            double m = fmin(BN_MOMENTUM, 1 - 1.0 / (double)(net->bn_updates + 1));
            for (int j = 0; j < L->fan_out; j++) {
                L->run_mean[j] = m * L->run_mean[j] + (1 - m) * L->bmean[j];
                L->run_var[j] = m * L->run_var[j] + (1 - m) * L->bvar[j] * unbias;
            }
        } else if (bnorm) {
            bn_eval(net, L, L->out, act, rows);
        }
        if (train && net->dp.rate > 0) {
            /* the mask's factors go into D, or into their own buffer when normalization sits
             * between the activation and the dropout */
            void *m = bnorm ? L->mask : L->D;
            if (bnorm) o->fill(m, n, 1);
            o->dropout(sums, L->out, m, n, &net->dp,
                       sn_mlp_seed(net->c.seed, SEED_DROPOUT, (uint64_t)l, step), 0);
        }
        in = L->out;
    }
    if (train && net->c.normalization == SN_NORM_BATCH) net->bn_updates++;
    layer *out = &net->L[net->depth];
    o->gemm(net->Z, in, out->W, rows, net->classes, out->fan_in, 0, 0, 1, 0);
    o->add_bias(net->Z, out->b, rows, net->classes);
}

/* The backward pass from G = ∂loss/∂logits (in Z): every layer's parameter gradients. */
static void backward(sn_net *net, int rows)
{
    const mlp_ops *o = net->ops;
    int bnorm = net->c.normalization == SN_NORM_BATCH, dropout = net->dp.rate > 0;
    layer *top = &net->L[net->depth];
    const void *in = net->L[net->depth - 1].out;
    o->gemm(top->dW, in, net->Z, top->fan_in, top->fan_out, rows, 1, 0, 1, 0);
    o->sum_rows(top->db, net->Z, rows, top->fan_out);
    o->gemm(net->G, net->Z, top->W, rows, top->fan_in, top->fan_out, 0, 1, 1, 0);
    for (int l = net->depth - 1; l >= 0; l--) {
        layer *L = &net->L[l];
        size_t n = (size_t)rows * L->fan_out;
        if (bnorm) {
            if (dropout) o->hadamard(net->G, net->G, L->mask, n);
            o->batchnorm_backward(net->T, L->dgamma, L->dbeta, net->G, L->xhat, L->gamma,
                                  L->invstd, rows, L->fan_out);
            o->hadamard(net->T, net->T, L->D, n);
        } else {
            o->hadamard(net->T, net->G, L->D, n);
        }
        in = l ? net->L[l - 1].out : net->A0;
        o->gemm(L->dW, in, net->T, L->fan_in, L->fan_out, rows, 1, 0, 1, 0);
        o->sum_rows(L->db, net->T, rows, L->fan_out);
        if (l) o->gemm(net->G, net->T, L->W, rows, L->fan_in, L->fan_out, 0, 1, 1, 0);
    }
}

static int check_batch(const sn_net *net, const uint8_t *y, const size_t *idx, int rows)
{
    if (rows < 1 || rows > net->cap) return GSL_EDOM;
    for (int r = 0; r < rows; r++)
        if (y[idx[r]] >= net->classes) return GSL_EDOM;
    return GSL_SUCCESS;
}

int sn_net_gradient(sn_net *net, double *loss, const float *X, const uint8_t *y,
                    const size_t *idx, int rows, uint64_t step)
{
    if (check_batch(net, y, idx, rows)) return GSL_EDOM;
    net->ops->gather_rows(net->A0, X, idx, rows, net->inputs);
    forward(net, rows, 1, step);
    uint8_t labels[rows];
    for (int r = 0; r < rows; r++) labels[r] = y[idx[r]];
    long correct;
    *loss = net->ops->softmax_xent(net->Z, &correct, labels, rows, net->classes, 1) / rows;
    backward(net, rows);
    net->has_gradient = 1;
    /* diverged: no longer finite, or SN_TRAIN_MAX_LOSS times a uniform guess's loss */
    return isfinite(*loss) && *loss <= SN_TRAIN_MAX_LOSS * log(net->classes) ? GSL_SUCCESS : GSL_ERANGE;
}

void sn_net_update(sn_net *net)
{
    const mlp_ops *o = net->ops;
    double lr = net->c.learning_rate, m = net->c.momentum;
    for (int l = 0; l <= net->depth; l++) {
        layer *L = &net->L[l];
        o->sgd(L->W, L->vW, L->dW, (size_t)L->fan_in * L->fan_out, lr, m);
        o->sgd(L->b, L->vb, L->db, (size_t)L->fan_out, lr, m);
        if (L->gamma) {
            o->sgd(L->gamma, L->vgamma, L->dgamma, (size_t)L->fan_out, lr, m);
            o->sgd(L->beta, L->vbeta, L->dbeta, (size_t)L->fan_out, lr, m);
        }
    }
}

int sn_net_evaluate(sn_net *net, double *loss, double *accuracy, const float *X,
                    const uint8_t *y, size_t n)
{
    double total = 0;
    long right = 0;
    size_t idx[net->cap];
    uint8_t labels[net->cap];
    for (size_t start = 0; start < n; start += (size_t)net->cap) {
        int rows = n - start < (size_t)net->cap ? (int)(n - start) : net->cap;
        for (int r = 0; r < rows; r++) {
            idx[r] = start + (size_t)r;
            labels[r] = y[start + (size_t)r];
            if (labels[r] >= net->classes) return GSL_EDOM;
        }
        net->ops->gather_rows(net->A0, X, idx, rows, net->inputs);
        forward(net, rows, 0, 0);
        long c;
        total += net->ops->softmax_xent(net->Z, &c, labels, rows, net->classes, 0);
        right += c;
    }
    *loss = n ? total / (double)n : NAN;
    *accuracy = n ? (double)right / (double)n : NAN;
    return isfinite(*loss) ? GSL_SUCCESS : GSL_ERANGE;
}

/* Σx and Σx² of n values, accumulated into s */
static void accumulate(sn_net *net, double s[2], const void *x, size_t n)
{
    const act_params copy = sn_mlp_identity();
    double sums[2];
    net->ops->activate(sums, net->H, NULL, x, n, &copy, 0);
    s[0] += sums[0];
    s[1] += sums[1];
}

static int in_range(double x, const sn_box *b, int axis)
{
    return x >= b->lo[axis] && x <= b->hi[axis];
}

int sn_net_probe(sn_net *net, sn_layer_stats *stats, const float *X, const size_t *idx, int rows)
{
    int D = net->depth;
    double (*s)[2] = calloc((size_t)D + 1, sizeof *s);   /* s[0]: the inputs; s[l + 1]: layer l */
    double *omega = malloc((size_t)net->c.width * sizeof *omega);
    double *tau = malloc((size_t)net->c.width * sizeof *tau);
    if (!s || !omega || !tau) {
        free(s), free(omega), free(tau);
        return GSL_ENOMEM;
    }
    for (int start = 0; start < rows; start += net->cap) {
        int r = rows - start < net->cap ? rows - start : net->cap;
        net->ops->gather_rows(net->A0, X, idx + start, r, net->inputs);
        forward(net, r, 0, 0);
        accumulate(net, s[0], net->A0, (size_t)r * net->inputs);
        for (int l = 0; l < D; l++) accumulate(net, s[l + 1], net->L[l].out, (size_t)r * net->c.width);
    }
    for (int l = 0; l < D; l++) {
        layer *L = &net->L[l];
        sn_layer_stats *st = &stats[l];
        double nin = (double)rows * L->fan_in, nout = (double)rows * L->fan_out;
        st->layer = l + 1;
        st->in_mean = s[l][0] / nin;
        st->in_var = fmax(0, s[l][1] / nin - st->in_mean * st->in_mean);
        st->mean = s[l + 1][0] / nout;
        st->var = fmax(0, s[l + 1][1] / nout - st->mean * st->mean);
        net->ops->column_sums(omega, tau, L->W, L->fan_in, L->fan_out);
        double so = 0, so2 = 0, stau = 0, stau2 = 0;
        int box1 = 0, wide = 0;
        for (int j = 0; j < L->fan_out; j++) {
            so += omega[j], so2 += omega[j] * omega[j], stau += tau[j], stau2 += tau[j] * tau[j];
            box1 += in_range(omega[j], &net->theorem1, SN_OMEGA) && in_range(tau[j], &net->theorem1, SN_TAU);
            wide += in_range(omega[j], &net->wide, SN_OMEGA) && in_range(tau[j], &net->wide, SN_TAU);
        }
        double u = L->fan_out;
        st->omega_mean = so / u;
        st->omega_sd = sqrt(fmax(0, so2 / u - st->omega_mean * st->omega_mean));
        st->tau_mean = stau / u;
        st->tau_sd = sqrt(fmax(0, stau2 / u - st->tau_mean * st->tau_mean));
        st->in_theorem1_box = box1 / u;
        st->in_wide_box = wide / u;
        st->inputs_in_theorem1_domain = in_range(st->in_mean, &net->theorem1, SN_MU) &&
                                        in_range(st->in_var, &net->theorem1, SN_NU);
        st->grad_norm = net->has_gradient
                        ? sqrt(net->ops->centred_sumsq(L->dW, (size_t)L->fan_in * L->fan_out, 0)) : NAN;
    }
    free(s), free(omega), free(tau);
    return GSL_SUCCESS;
}

static int probe(sn_net *net, const sn_train_hooks *h, const float *X, const size_t *rows, long step)
{
    if (!h->on_probe || h->probe_rows < 1) return GSL_SUCCESS;
    sn_layer_stats *st = malloc((size_t)net->depth * sizeof *st);
    if (!st) return GSL_ENOMEM;
    int status = sn_net_probe(net, st, X, rows, h->probe_rows);
    if (!status && h->on_probe(h->ctx, step, st, net->depth)) status = SN_ESTOPPED;
    free(st);
    return status;
}

/* Loss and accuracy over the training and the test rows at evaluation, to on_epoch. */
static int evaluate(sn_net *net, const sn_train_hooks *h, int epoch, long step, const float *X,
                    const uint8_t *y, size_t n, const float *test_X, const uint8_t *test_y,
                    size_t test_n)
{
    double tl, ta, vl = NAN, va = NAN;
    int status = sn_net_evaluate(net, &tl, &ta, X, y, n);
    if (!status && test_n) status = sn_net_evaluate(net, &vl, &va, test_X, test_y, test_n);
    if (!status && h->on_epoch && h->on_epoch(h->ctx, epoch, step, tl, ta, vl, va))
        status = SN_ESTOPPED;
    return status;
}

int sn_train(sn_net *net, const float *X, const uint8_t *y, size_t n, const float *test_X,
             const uint8_t *test_y, size_t test_n, const sn_train_hooks *h)
{
    if (n < 1 || h->epochs < 0 || h->probe_every < 0 || (size_t)h->probe_rows > n) return GSL_EDOM;
    size_t *order = malloc(n * sizeof *order), *first = malloc(n * sizeof *first);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    int status = order && first && rng ? GSL_SUCCESS : GSL_ENOMEM;
    for (size_t i = 0; i < n && order && first; i++) order[i] = first[i] = i;
    long step = 0;
    if (!status) status = probe(net, h, X, first, 0);
    for (int epoch = 1; epoch <= h->epochs && !status; epoch++) {
        gsl_rng_set(rng, sn_mlp_seed(net->c.seed, SEED_SHUFFLE, (uint64_t)epoch, 0));
        for (size_t i = n - 1; i > 0; i--) {   /* Fisher–Yates */
            size_t j = (size_t)gsl_rng_uniform_int(rng, i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (size_t start = 0; start < n && !status; start += (size_t)net->cap) {
            int rows = n - start < (size_t)net->cap ? (int)(n - start) : net->cap;
            double loss;
            status = sn_net_gradient(net, &loss, X, y, order + start, rows, (uint64_t)step);
            if (status) break;
            sn_net_update(net);
            step++;
            if (h->on_step && h->on_step(h->ctx, step, loss)) status = SN_ESTOPPED;
            if (!status && h->probe_every && step % h->probe_every == 0)
                status = probe(net, h, X, first, step);
        }
        if (status) break;
        if (!h->probe_every) status = probe(net, h, X, first, step);
        if (!status) status = evaluate(net, h, epoch, step, X, y, n, test_X, test_y, test_n);
    }
    /* the last probe is of the trained network, whatever probe_every */
    if (!status && h->probe_every && step % h->probe_every) status = probe(net, h, X, first, step);
    /* no epochs: the network as it is (e.g. saved weights) is evaluated, as epoch 0 */
    if (!status && h->epochs == 0) status = evaluate(net, h, 0, 0, X, y, n, test_X, test_y, test_n);
    free(order), free(first);
    gsl_rng_free(rng);
    return status;
}

/* ---- saving and loading ---------------------------------------------------------------- */

/* The arrays of layer l: name prefix, parameter letter, and whether they are the running
 * averages (kept in double). */
static const struct {
    const char *prefix;
    char which;
} SAVED[] = { { "W", 'W' }, { "b", 'b' }, { "gamma", 'g' }, { "beta", 'B' }, { "mean", 'm' }, { "var", 'v' } };
enum { NSAVED = sizeof SAVED / sizeof SAVED[0] };

static int describe(sn_net *net, sn_npy_array *a, int l, int k)
{
    int rows, cols;
    void *p = sn_net_param(net, l, SAVED[k].which, 0, &rows, &cols);
    if (!p) return 0;
    memset(a, 0, sizeof *a);
    snprintf(a->name, sizeof a->name, "%s%d", SAVED[k].prefix, l);
    int dbl = net->c.use_double || SAVED[k].which == 'm' || SAVED[k].which == 'v';
    a->dtype = dbl ? SN_NPY_F8 : SN_NPY_F4;
    a->ndim = SAVED[k].which == 'W' ? 2 : 1;
    a->shape[0] = SAVED[k].which == 'W' ? (size_t)rows : (size_t)cols;
    a->shape[1] = (size_t)cols;
    a->size = (size_t)rows * (size_t)cols;
    a->data = p;
    return 1;
}

int sn_net_save(sn_net *net, const char *path, const sn_npy_array *extra, size_t nextra,
                char *err, size_t errlen)
{
    size_t cap = (size_t)(net->depth + 1) * NSAVED + nextra, n = 0;
    sn_npy_array *a = malloc(cap * sizeof *a);
    if (!a) return GSL_ENOMEM;
    for (int l = 0; l <= net->depth; l++)
        for (int k = 0; k < NSAVED; k++) n += (size_t)describe(net, &a[n], l, k);
    for (size_t i = 0; i < nextra; i++) a[n++] = extra[i];
    int status = sn_npz_write(path, a, n, err, errlen);
    free(a);
    return status;
}

/* The bytes a saved copy of this network may hold: its arrays in float64 with a generous
 * .npy header each, and the inputs' standardization. Anything larger is not this network's
 * file, and is refused before it is inflated. */
static size_t load_budget(sn_net *net)
{
    size_t bytes = 2 * ((size_t)net->inputs * 8 + 4096);
    for (int l = 0; l <= net->depth; l++)
        for (int k = 0; k < NSAVED; k++) {
            sn_npy_array a;
            if (describe(net, &a, l, k)) bytes += a.size * 8 + 4096;
        }
    return bytes;
}

/* The array `name` of `size` values as doubles, checked: present with that shape, every value
 * finite and representable in the type it goes into (float unless as_double), and positive
 * where `positive` (a variance). NULL with err set otherwise. */
static double *load_values(const sn_npz *z, const sn_npy_array *want, int as_double, int positive,
                           const char *path, char *err, size_t errlen)
{
    const sn_npy_array *got = sn_npz_find(z, want->name);
    int same = got && got->ndim == want->ndim && got->shape[0] == want->shape[0] &&
               (want->ndim == 1 || got->shape[1] == want->shape[1]);
    if (!same) {
        char shape[64];
        if (want->ndim == 2) snprintf(shape, sizeof shape, "%zu x %zu", want->shape[0], want->shape[1]);
        else snprintf(shape, sizeof shape, "%zu", want->shape[0]);
        snprintf(err, errlen, "%s: %s %s (this network needs %s)", path, want->name,
                 got ? "has another shape" : "is missing", shape);
        return NULL;
    }
    double *v = malloc((want->size ? want->size : 1) * sizeof *v);
    if (!v) {
        snprintf(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    for (size_t i = 0; i < want->size; i++) {
        v[i] = got->dtype == SN_NPY_F8 ? ((const double *)got->data)[i] : ((const float *)got->data)[i];
        const char *why = !isfinite(v[i]) ? "is not finite"
                          : !as_double && fabs(v[i]) > FLT_MAX ? "overflows float32"
                          : positive && !(v[i] > 0) ? "is not positive" : NULL;
        if (why) {
            snprintf(err, errlen, "%s: %s[%zu] = %g %s", path, want->name, i, v[i], why);
            free(v);
            return NULL;
        }
    }
    return v;
}

int sn_net_load(sn_net *net, sn_standardizer *s, const char *path, char *err, size_t errlen)
{
    if (s) memset(s, 0, sizeof *s);
    sn_npz z;
    int status = sn_npz_read_max(&z, path, load_budget(net), err, errlen);
    if (status) return status;
    if (sn_npz_find(&z, "gamma0") && net->c.normalization != SN_NORM_BATCH) {
        snprintf(err, errlen, "%s: holds batch normalization parameters, which this network has not", path);
        status = GSL_EINVAL;
    }
    for (int l = 0; l <= net->depth && !status; l++)
        for (int k = 0; k < NSAVED && !status; k++) {
            sn_npy_array want;
            if (!describe(net, &want, l, k)) continue;
            /* the running averages are doubles; the parameters the network's type */
            int dbl = SAVED[k].which == 'm' || SAVED[k].which == 'v';
            double *v = load_values(&z, &want, dbl || net->c.use_double, SAVED[k].which == 'v',
                                    path, err, errlen);
            if (!v) {
                status = GSL_EINVAL;
                break;
            }
            if (dbl) memcpy(want.data, v, want.size * sizeof *v);
            else net->ops->from_double(want.data, v, want.size);
            free(v);
        }
    if (!status) net->bn_updates = 1000;   /* the saved running averages: settled */
    int has_mean = sn_npz_find(&z, "input_mean") != NULL, has_sd = sn_npz_find(&z, "input_sd") != NULL;
    if (!status && s && (has_mean || has_sd)) {
        sn_npy_array want = { .ndim = 1, .shape = { (size_t)net->inputs }, .size = (size_t)net->inputs };
        strcpy(want.name, "input_mean");
        s->mean = load_values(&z, &want, 1, 0, path, err, errlen);
        strcpy(want.name, "input_sd");
        if (s->mean) s->sd = load_values(&z, &want, 1, 0, path, err, errlen);
        for (size_t i = 0; s->sd && i < (size_t)net->inputs; i++)
            if (s->sd[i] < 0) {
                snprintf(err, errlen, "%s: input_sd[%zu] = %g is negative", path, i, s->sd[i]);
                status = GSL_EINVAL;
            } else if (s->sd[i] == 0) {
                s->constant++;
            }
        if (!s->mean || !s->sd) status = GSL_EINVAL;
        s->dim = (size_t)net->inputs;
        if (status) sn_standardizer_free(s);
    }
    sn_npz_free(&z);
    return status;
}

/* ---- speed ----------------------------------------------------------------------------- */

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* the GEMMs of one step of `rows` rows: forward, then backward's ∂W and ∂X (none for the
 * inputs); returns their operations */
static double gemm_chain(sn_net *net, int rows)
{
    const mlp_ops *o = net->ops;
    double flops = 0;
    const void *in = net->A0;
    for (int l = 0; l <= net->depth; l++) {
        layer *L = &net->L[l];
        o->gemm(net->Z, in, L->W, rows, L->fan_out, L->fan_in, 0, 0, 1, 0);
        flops += 2.0 * rows * L->fan_in * L->fan_out;
        if (l < net->depth) in = L->out;
    }
    for (int l = net->depth; l >= 0; l--) {
        layer *L = &net->L[l];
        in = l ? net->L[l - 1].out : net->A0;
        o->gemm(L->dW, in, net->T, L->fan_in, L->fan_out, rows, 1, 0, 1, 0);
        flops += 2.0 * rows * L->fan_in * L->fan_out;
        if (l) {
            o->gemm(net->G, net->T, L->W, rows, L->fan_in, L->fan_out, 0, 1, 1, 0);
            flops += 2.0 * rows * L->fan_in * L->fan_out;
        }
    }
    return flops;
}

int sn_net_bench(double *train_gflops, double *gemm_gflops, double *seconds, sn_net *net,
                 const float *X, const uint8_t *y, size_t n, long steps)
{
    if (steps < 1 || n < (size_t)net->cap) return GSL_EDOM;
    size_t *idx = malloc((size_t)net->cap * sizeof *idx);
    if (!idx) return GSL_ENOMEM;
    int status = GSL_SUCCESS;
    double flops = 0, t = now_seconds();
    for (long s = 0; s < steps && !status; s++) {
        for (int r = 0; r < net->cap; r++) idx[r] = ((size_t)s * (size_t)net->cap + (size_t)r) % n;
        double loss;
        status = sn_net_gradient(net, &loss, X, y, idx, net->cap, (uint64_t)s);
        sn_net_update(net);
    }
    *seconds = now_seconds() - t;
    free(idx);
    if (status) return status;
    /* the same GEMMs alone; T (∂Z scratch) holds the last step's values, which is all a GEMM
     * needs: the speed does not depend on them */
    t = now_seconds();
    for (long s = 0; s < steps; s++) flops += gemm_chain(net, net->cap);
    double gemm_seconds = now_seconds() - t;
    *train_gflops = flops / *seconds / 1e9;
    *gemm_gflops = flops / gemm_seconds / 1e9;
    return GSL_SUCCESS;
}
