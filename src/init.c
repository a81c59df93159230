/* init.c - framework initializers as a table, and the per-unit (ω, τ) they imply. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_erf.h>
#include "selfnorm/init.h"

/* How an initializer's number is read: a PyTorch gain (std = gain/√fan), a Keras scale
 * (variance = scale/fan), a plain std, or the bounds of a uniform. */
typedef enum { SCALE_GAIN, SCALE_KERAS, SCALE_STD, SCALE_BOUNDS } scale_kind;

typedef struct {
    const char *name, *framework;
    scale_kind kind;
    sn_weight_dist dist;          /* variance_scaling: the default, --distribution overrides */
    sn_fan_mode mode;             /* the default fan mode */
    int takes_mode;               /* whether the user may choose the mode */
    double scale;                 /* default gain/scale; NAN: from default_nonlinearity */
    const char *nonlinearity;     /* kaiming's default: leaky_relu with a = 0 */
} init_def;

/* The table (formulas and defaults: init.h's header comment, with the documentation cited). */
static const init_def INITS[] = {
    { "kaiming_normal",   "pytorch", SCALE_GAIN,   SN_WEIGHTS_NORMAL,     SN_FAN_IN,  1, NAN, "leaky_relu:0" },
    { "kaiming_uniform",  "pytorch", SCALE_GAIN,   SN_WEIGHTS_UNIFORM,    SN_FAN_IN,  1, NAN, "leaky_relu:0" },
    { "xavier_normal",    "pytorch", SCALE_GAIN,   SN_WEIGHTS_NORMAL,     SN_FAN_AVG, 0, 1,   NULL },
    { "xavier_uniform",   "pytorch", SCALE_GAIN,   SN_WEIGHTS_UNIFORM,    SN_FAN_AVG, 0, 1,   NULL },
    { "normal",           "pytorch", SCALE_STD,    SN_WEIGHTS_NORMAL,     SN_FAN_IN,  0, 1,   NULL },
    { "uniform",          "pytorch", SCALE_BOUNDS, SN_WEIGHTS_UNIFORM,    SN_FAN_IN,  0, NAN, NULL },
    { "orthogonal",       "pytorch", SCALE_GAIN,   SN_WEIGHTS_ORTHOGONAL, SN_FAN_IN,  0, 1,   NULL },
    { "lecun_normal",     "keras",   SCALE_KERAS,  SN_WEIGHTS_TRUNCATED,  SN_FAN_IN,  0, 1,   NULL },
    { "lecun_uniform",    "keras",   SCALE_KERAS,  SN_WEIGHTS_UNIFORM,    SN_FAN_IN,  0, 1,   NULL },
    { "glorot_normal",    "keras",   SCALE_KERAS,  SN_WEIGHTS_TRUNCATED,  SN_FAN_AVG, 0, 1,   NULL },
    { "glorot_uniform",   "keras",   SCALE_KERAS,  SN_WEIGHTS_UNIFORM,    SN_FAN_AVG, 0, 1,   NULL },
    { "he_normal",        "keras",   SCALE_KERAS,  SN_WEIGHTS_TRUNCATED,  SN_FAN_IN,  0, 2,   NULL },
    { "he_uniform",       "keras",   SCALE_KERAS,  SN_WEIGHTS_UNIFORM,    SN_FAN_IN,  0, 2,   NULL },
    { "variance_scaling", "keras",   SCALE_KERAS,  SN_WEIGHTS_TRUNCATED,  SN_FAN_IN,  1, 1,   NULL },
};
#define NINITS (sizeof INITS / sizeof INITS[0])

/* calculate_gain: a nonlinearity, its gain for the default parameter, and how a parameter
 * changes it (PyTorch docs: leaky_relu √(2/(1 + slope²)), default slope 0.01). */
typedef struct {
    const char *name;
    double gain;            /* without parameter */
    int takes_slope;
} gain_def;

static const gain_def GAINS[] = {
    { "linear", 1, 0 }, { "identity", 1, 0 }, { "conv1d", 1, 0 }, { "conv2d", 1, 0 },
    { "conv3d", 1, 0 }, { "conv_transpose1d", 1, 0 }, { "conv_transpose2d", 1, 0 },
    { "conv_transpose3d", 1, 0 }, { "sigmoid", 1, 0 }, { "tanh", 5.0 / 3, 0 },
    { "relu", M_SQRT2, 0 }, { "leaky_relu", NAN, 1 }, { "selu", 3.0 / 4, 0 },
};

size_t sn_init_count(void) { return NINITS; }
const char *sn_init_name(size_t i) { return i < NINITS ? INITS[i].name : NULL; }
const char *sn_init_framework(size_t i) { return i < NINITS ? INITS[i].framework : NULL; }

static int fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return GSL_EINVAL;
}

sn_init_spec sn_init_spec_default(void)
{
    return (sn_init_spec){ .name = NULL, .nonlinearity = NULL, .gain = NAN, .std = NAN,
                           .low = NAN, .high = NAN, .mode = NULL, .distribution = NULL,
                           .cut = NAN, .fan_in = 0, .fan_out = 0 };
}

int sn_calculate_gain(double *gain, const char *nonlinearity, char *err, size_t errlen)
{
    const char *colon = strchr(nonlinearity, ':');
    size_t len = colon ? (size_t)(colon - nonlinearity) : strlen(nonlinearity);
    for (size_t i = 0; i < sizeof GAINS / sizeof GAINS[0]; i++) {
        if (strlen(GAINS[i].name) != len || strncmp(GAINS[i].name, nonlinearity, len) != 0) continue;
        if (!GAINS[i].takes_slope) {
            if (colon) return fail(err, errlen, "--nonlinearity '%s' takes no parameter", GAINS[i].name);
            *gain = GAINS[i].gain;
            return GSL_SUCCESS;
        }
        double slope = 0.01;   /* calculate_gain's default negative_slope */
        if (colon) {
            char *end;
            slope = strtod(colon + 1, &end);
            if (end == colon + 1 || *end || !isfinite(slope))
                return fail(err, errlen, "--nonlinearity '%s': slope '%s' is not a number",
                            GAINS[i].name, colon + 1);
        }
        *gain = sqrt(2 / (1 + slope * slope));   /* PyTorch: √(2/(1 + negative_slope²)) */
        return GSL_SUCCESS;
    }
    return fail(err, errlen, "unknown --nonlinearity '%.*s' (linear, sigmoid, tanh, relu, leaky_relu[:SLOPE], selu)", (int)len, nonlinearity);
}

static const init_def *find_init(const char *name)
{
    size_t len = strlen(name);
    if (len && name[len - 1] == '_') len--;   /* PyTorch's in-place spelling kaiming_normal_ */
    for (size_t i = 0; i < NINITS; i++)
        if (strlen(INITS[i].name) == len && strncmp(INITS[i].name, name, len) == 0) return &INITS[i];
    return NULL;
}

const char *sn_init_parameter(const char *name)
{
    static const char *const NAMES[] = { [SCALE_GAIN] = "gain", [SCALE_KERAS] = "scale",
                                         [SCALE_STD] = "std", [SCALE_BOUNDS] = "bounds" };
    const init_def *d = name ? find_init(name) : NULL;
    return d ? NAMES[d->kind] : NULL;
}

int sn_init_uses_fan(const char *name)
{
    const init_def *d = name ? find_init(name) : NULL;
    return d && (d->kind == SCALE_GAIN || d->kind == SCALE_KERAS) && d->dist != SN_WEIGHTS_ORTHOGONAL;
}

static const char *const MODES[] = { "fan_in", "fan_out", "fan_avg" };

int sn_init_resolve(sn_weights *w, const sn_init_spec *s, double *gain_used,
                    sn_fan_mode *mode_used, char *err, size_t errlen)
{
    if (!s->name) return fail(err, errlen, "no initializer given");
    const init_def *d = find_init(s->name);
    if (!d) return fail(err, errlen, "unknown initializer '%s'", s->name);
    if (s->fan_in < 1 || s->fan_out < 1)
        return fail(err, errlen, "--fan-in and --fan-out must be at least 1 (got %ld, %ld)", s->fan_in,
                    s->fan_out);
    /* options that this initializer does not take are refused, not ignored */
    if (s->nonlinearity && d->kind != SCALE_GAIN)
        return fail(err, errlen, "%s takes no --nonlinearity (only PyTorch's gain-based initializers do)", d->name);
    if (!isnan(s->gain) && d->kind != SCALE_GAIN && d->kind != SCALE_KERAS)
        return fail(err, errlen, "%s takes no --gain or --scale", d->name);
    if (!isnan(s->std) && d->kind != SCALE_STD)
        return fail(err, errlen, "%s takes no --std (only 'normal' does)", d->name);
    if ((!isnan(s->low) || !isnan(s->high)) && d->kind != SCALE_BOUNDS)
        return fail(err, errlen, "%s takes no --low or --high (only 'uniform' does)", d->name);
    if (s->mode && !d->takes_mode)
        return fail(err, errlen, "%s takes no --mode (its fan is fixed)", d->name);
    if (s->distribution && strcmp(d->name, "variance_scaling") != 0)
        return fail(err, errlen, "%s takes no --distribution (only variance_scaling does)", d->name);
    if (s->nonlinearity && !isnan(s->gain))
        return fail(err, errlen, "give --nonlinearity or --gain, not both");

    sn_fan_mode mode = d->mode;
    if (s->mode) {
        size_t nmodes = d->kind == SCALE_KERAS ? 3 : 2;   /* PyTorch has no fan_avg */
        size_t k = 0;
        while (k < nmodes && strcmp(s->mode, MODES[k]) != 0) k++;
        if (k == nmodes)
            return fail(err, errlen, "unknown --mode '%s' (%s)", s->mode,
                        nmodes == 3 ? "fan_in, fan_out or fan_avg" : "fan_in or fan_out");
        mode = (sn_fan_mode)k;
    }
    double fan = mode == SN_FAN_IN ? (double)s->fan_in : mode == SN_FAN_OUT ? (double)s->fan_out
                                   : ((double)s->fan_in + (double)s->fan_out) / 2;

    sn_weight_dist dist = d->dist;
    if (s->distribution) {
        static const char *const DISTS[] = { "truncated_normal", "untruncated_normal", "uniform", "normal" };
        static const sn_weight_dist AS[] = { SN_WEIGHTS_TRUNCATED, SN_WEIGHTS_NORMAL,
                                             SN_WEIGHTS_UNIFORM, SN_WEIGHTS_TRUNCATED };
        size_t k = 0;
        while (k < 4 && strcmp(s->distribution, DISTS[k]) != 0) k++;
        if (k == 4)
            return fail(err, errlen, "unknown --distribution '%s' (truncated_normal, untruncated_normal or uniform)",
                        s->distribution);
        dist = AS[k];   /* "normal" is Keras' older name for truncated_normal */
    }
    double cut = isnan(s->cut) ? 2 : s->cut;   /* Keras/TF truncate at two stddevs */
    if (!isnan(s->cut) && dist != SN_WEIGHTS_TRUNCATED)
        return fail(err, errlen, "%s draws no truncated normal: --truncation does not apply", d->name);
    if (!(cut > 0) || !isfinite(cut))
        return fail(err, errlen, "--truncation %g excludes every weight: it must be > 0 and finite", cut);

    double scale = d->scale;
    if (d->kind == SCALE_GAIN || d->kind == SCALE_KERAS) {
        if (!isnan(s->gain)) scale = s->gain;
        const char *nl = s->nonlinearity ? s->nonlinearity : isnan(s->gain) ? d->nonlinearity : NULL;
        if (nl) {
            int st = sn_calculate_gain(&scale, nl, err, errlen);
            if (st) return st;
        }
        if ((!(scale > 0) || !isfinite(scale)) && nl)
            return fail(err, errlen, "--nonlinearity '%s' gives gain %g: it must be > 0 and finite"
                        " (leaky_relu's slope must be below about 1e150)", nl, scale);
        if (!(scale > 0) || !isfinite(scale))
            return fail(err, errlen, "%s must be > 0 and finite (got %g)",
                        d->kind == SCALE_KERAS ? "--scale" : "--gain", scale);
    }
    *w = (sn_weights){ .dist = dist, .mean = 0, .sd = NAN, .low = NAN, .high = NAN, .cut = NAN,
                       .gain = NAN };
    /* the target variance of one weight */
    double var = d->kind == SCALE_GAIN ? scale * scale / fan : scale / fan;
    switch (d->kind) {
    case SCALE_STD:
        scale = isnan(s->std) ? d->scale : s->std;
        if (!(scale > 0) || !isfinite(scale))
            return fail(err, errlen, "--std must be > 0 and finite (got %g)", scale);
        var = scale * scale;
        break;
    case SCALE_BOUNDS:
        w->low = isnan(s->low) ? 0 : s->low;    /* uniform_'s defaults a = 0, b = 1 */
        w->high = isnan(s->high) ? 1 : s->high;
        if (!isfinite(w->low) || !isfinite(w->high) || !(w->low < w->high))
            return fail(err, errlen, "uniform needs finite bounds --low < --high (got %g, %g)", w->low, w->high);
        break;
    default:
        break;
    }
    if (gain_used) *gain_used = scale;
    if (mode_used) *mode_used = mode;
    if (d->kind == SCALE_BOUNDS) return GSL_SUCCESS;
    switch (dist) {
    case SN_WEIGHTS_NORMAL: w->sd = sqrt(var); break;
    case SN_WEIGHTS_UNIFORM: w->high = sqrt(3 * var); w->low = -w->high; break;   /* Var U(−b, b) = b²/3 */
    case SN_WEIGHTS_TRUNCATED:
        /* Keras: the sd *after* truncation is √var, so the sd before is √var / sd(N(0,1)|cut) */
        w->cut = cut;
        w->sd = sqrt(var) / sn_truncated_normal_sd(cut);
        break;
    case SN_WEIGHTS_ORTHOGONAL: w->gain = scale; break;
    }
    return GSL_SUCCESS;
}

/* E[X²] of X ~ N(0, 1) | |X| ≤ b: 1 − 2bφ(b)/Z with Z = 2Φ(b) − 1 = erf(b/√2), by
 * ∫x²φ = −xφ + ∫φ over [−b, b]. */
/* ∫₀ᵇ x^p e^{−x²/2} dx / b^{p+1} by its series Σₖ (−½)ᵏ/k! b^{2k}/(2k + p + 1), for b < 0.1
 * (16 terms: for b < 0.5 the next is below 1e−30 of the sum) */
static double gauss_moment_series(double b, int p)
{
    double term = 1, sum = 0;
    for (int k = 0; k < 16; k++) {
        sum += term / (2 * k + p + 1);
        term *= -0.5 * b * b / (k + 1);
    }
    return sum;
}

#define TRUNC_SERIES_BELOW 0.5   /* 1 − 2bφ/Z cancels to b²/3: series below (16 terms) */
#define TRUNC_NONE_ABOVE 40.0    /* φ(40) < 1e−348: the cut changes nothing */

static double truncated_second(double b)
{
    if (b < TRUNC_SERIES_BELOW) return b * b * gauss_moment_series(b, 2) / gauss_moment_series(b, 0);
    if (b > TRUNC_NONE_ABOVE) return 1;
    double Z = gsl_sf_erf(b / M_SQRT2), phi = exp(-b * b / 2) / sqrt(2 * M_PI);
    return 1 - 2 * b * phi / Z;
}

/* E[X⁴] of the same: ∫x⁴φ = −x³φ + 3∫x²φ, so E X⁴ = 3 E X² − 2b³φ(b)/Z. */
static double truncated_fourth(double b)
{
    if (b < TRUNC_SERIES_BELOW)
        return b * b * b * b * gauss_moment_series(b, 4) / gauss_moment_series(b, 0);
    if (b > TRUNC_NONE_ABOVE) return 3;
    double Z = gsl_sf_erf(b / M_SQRT2), phi = exp(-b * b / 2) / sqrt(2 * M_PI);
    return 3 * truncated_second(b) - 2 * b * b * b * phi / Z;
}

double sn_truncated_normal_sd(double cut)
{
    if (!(cut > 0)) return NAN;
    if (isinf(cut)) return 1;
    if (cut < TRUNC_SERIES_BELOW)   /* b·√(…), not √(b²·…): b² underflows below 1e−154 */
        return cut * sqrt(gauss_moment_series(cut, 2) / gauss_moment_series(cut, 0));
    return sqrt(truncated_second(cut));
}

int sn_weight_moments_of(sn_weight_moments *m, const sn_weights *w)
{
    switch (w->dist) {
    case SN_WEIGHTS_NORMAL: {
        double s2 = w->sd * w->sd;
        m->mean = w->mean;
        m->second = s2 + w->mean * w->mean;
        m->fourth_central_sq = 2 * s2 * s2 + 4 * w->mean * w->mean * s2;   /* Var(w²) */
        return GSL_SUCCESS;
    }
    case SN_WEIGHTS_UNIFORM: {
        double a = w->low, b = w->high;
        /* E w^k = (b^{k+1} − a^{k+1}) / ((k + 1)(b − a)) */
        double e2 = (a * a + a * b + b * b) / 3;
        double e4 = (a * a * a * a + a * a * a * b + a * a * b * b + a * b * b * b + b * b * b * b) / 5;
        m->mean = (a + b) / 2;
        m->second = e2;
        m->fourth_central_sq = e4 - e2 * e2;
        return GSL_SUCCESS;
    }
    case SN_WEIGHTS_TRUNCATED: {
        double s2 = w->sd * w->sd, e2 = truncated_second(w->cut), e4 = truncated_fourth(w->cut);
        m->mean = 0;
        m->second = s2 * e2;
        m->fourth_central_sq = s2 * s2 * (e4 - e2 * e2);
        return GSL_SUCCESS;
    }
    case SN_WEIGHTS_ORTHOGONAL:
        return GSL_EINVAL;   /* the weights are not iid: see sn_init_unit_stats */
    }
    return GSL_EINVAL;
}

int sn_init_unit_stats(sn_unit_stats *u, const sn_weights *w, long fan_in, long width)
{
    if (fan_in < 1 || width < 1) return GSL_EDOM;
    double n = (double)fan_in;
    if (w->dist == SN_WEIGHTS_ORTHOGONAL) {
        double g2 = w->gain * w->gain, N = (double)width;
        if (width <= fan_in) {
            /* rows orthonormal: every row has squared norm gain² exactly */
            u->tau_mean = g2;
            u->tau_sd = 0;
        } else {
            /* columns orthonormal: a row is a Haar unit vector's projection onto a fan_in-
             * dimensional subspace, its squared norm Beta(n/2, (N − n)/2) */
            u->tau_mean = g2 * n / N;
            u->tau_sd = g2 * sqrt(2 * n * (N - n) / (N * N * (N + 2)));
        }
        /* sign-symmetric (Haar is invariant under flipping columns): E wᵢwⱼ = 0 for i ≠ j,
         * so Var ω = E τ */
        u->omega_mean = 0;
        u->omega_sd = sqrt(u->tau_mean);
        u->weight_var = u->tau_mean / n;
        return GSL_SUCCESS;
    }
    sn_weight_moments m;
    int st = sn_weight_moments_of(&m, w);
    if (st) return st;
    double var = m.second - m.mean * m.mean;
    u->omega_mean = n * m.mean;
    u->omega_sd = sqrt(n * var);
    u->tau_mean = n * m.second;
    u->tau_sd = sqrt(n * m.fourth_central_sq);
    u->weight_var = var;
    return GSL_SUCCESS;
}

/* Q of the QR decomposition of an m × k Gaussian matrix (m ≥ k), k orthonormal columns, with
 * column j multiplied by sign(R_jj): Haar distributed (Mezzadri 2007). */
static int haar_columns(gsl_matrix *Q, gsl_rng *r)
{
    size_t m = Q->size1, k = Q->size2;
    gsl_matrix *A = gsl_matrix_alloc(m, k), *Qfull = gsl_matrix_alloc(m, m), *R = gsl_matrix_alloc(m, k);
    gsl_vector *t = gsl_vector_alloc(k);
    int st = GSL_ENOMEM;
    if (A && Qfull && R && t) {
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < k; j++) gsl_matrix_set(A, i, j, gsl_ran_gaussian(r, 1));
        st = gsl_linalg_QR_decomp(A, t);
        if (!st) st = gsl_linalg_QR_unpack(A, t, Qfull, R);
        if (!st)
            for (size_t j = 0; j < k; j++) {
                double sign = gsl_matrix_get(R, j, j) < 0 ? -1 : 1;
                for (size_t i = 0; i < m; i++) gsl_matrix_set(Q, i, j, sign * gsl_matrix_get(Qfull, i, j));
            }
    }
    gsl_matrix_free(A);
    gsl_matrix_free(Qfull);
    gsl_matrix_free(R);
    gsl_vector_free(t);
    return st;
}

int sn_weights_draw(double *w, long fan_in, long width, const sn_weights *d, unsigned long seed)
{
    if (fan_in < 1 || width < 1) return GSL_EDOM;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r) return GSL_ENOMEM;
    gsl_rng_set(r, seed);
    size_t n = (size_t)fan_in * (size_t)width;
    int st = GSL_SUCCESS;
    switch (d->dist) {
    case SN_WEIGHTS_NORMAL:
        for (size_t i = 0; i < n; i++) w[i] = d->mean + gsl_ran_gaussian(r, d->sd);
        break;
    case SN_WEIGHTS_UNIFORM:
        for (size_t i = 0; i < n; i++) w[i] = d->low + (d->high - d->low) * gsl_rng_uniform(r);
        break;
    case SN_WEIGHTS_TRUNCATED:
        for (size_t i = 0; i < n; i++) {
            double x;
            do x = gsl_ran_gaussian(r, 1); while (fabs(x) > d->cut);
            w[i] = d->sd * x;
        }
        break;
    case SN_WEIGHTS_ORTHOGONAL: {
        /* units are columns: orthonormal columns when width ≤ fan_in, else orthonormal rows */
        int tall = width <= fan_in;
        gsl_matrix *Q = gsl_matrix_alloc(tall ? (size_t)fan_in : (size_t)width,
                                         tall ? (size_t)width : (size_t)fan_in);
        if (!Q) { st = GSL_ENOMEM; break; }
        if (!(st = haar_columns(Q, r)))
            for (long i = 0; i < fan_in; i++)
                for (long j = 0; j < width; j++)
                    w[(size_t)i * (size_t)width + (size_t)j] =
                        d->gain * (tall ? gsl_matrix_get(Q, (size_t)i, (size_t)j)
                                        : gsl_matrix_get(Q, (size_t)j, (size_t)i));
        gsl_matrix_free(Q);
        break;
    }
    }
    gsl_rng_free(r);
    return st;
}
