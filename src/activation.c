/* activation.c - the activation table and the moment map for any of its rows (activation.h).
 *
 * A row is data: name, parameters with ranges and defaults, f/f′/f″ in one function, and the
 * closed-form moments where they exist. The SELU family (SELU, and ELU = SELU with λ = 1)
 * uses the stable split of z at 0 of moments.c; leaky ReLU (and ReLU = slope 0) has its own
 * split below; the rest integrate numerically (activation_quad.c).
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include "activation_internal.h"
#include "fixedpoint_internal.h"
#include "moments_internal.h"
#include "selfnorm/normal.h"

#define SQRT1_2PI 0.398942280401432677939946059934     /* 1/√(2π) */
#define SQRT_2_OVER_PI 0.797884560802865355879892119869  /* √(2/π) */
#define GELU_TANH_CUBIC 0.044715                          /* Hendrycks & Gimpel 2016 */

/* ---- f, f′, f″ of each row ------------------------------------------------------------- */

/* σ(x) = 1/(1 + e^{−x}) with full relative accuracy on both sides, and σ(−x) = 1 − σ(x). */
static void logistic(double x, double *sig, double *sig_neg)
{
    double e = exp(-fabs(x)), big = 1.0 / (1.0 + e), small = e / (1.0 + e);
    *sig = x >= 0 ? big : small;
    *sig_neg = x >= 0 ? small : big;
}

/* selu(x) = λx (x > 0), λα(eˣ − 1) (x ≤ 0)   (Klambauer et al. 2017, Eq. 2); p = (α, λ). */
static void eval_selu(double x, const double *p, double out[3])
{
    double al = p[0], la = p[1];
    if (x > 0) {
        out[0] = la * x; out[1] = la; out[2] = 0.0;
    } else {
        double e = exp(x);
        out[0] = la * al * expm1(x); out[1] = la * al * e; out[2] = out[1];
    }
}

/* elu(x) = x (x > 0), α(eˣ − 1) (x ≤ 0)   (Clevert et al. 2016); SELU with λ = 1. */
static void eval_elu(double x, const double *p, double out[3])
{
    double q[2] = { p[0], 1.0 };
    eval_selu(x, q, out);
}

/* leaky_relu(x) = x (x > 0), kx (x ≤ 0); ReLU is k = 0. */
static void eval_leaky(double x, const double *p, double out[3])
{
    double k = x > 0 ? 1.0 : p[0];
    out[0] = k * x; out[1] = k; out[2] = 0.0;
}

static void eval_relu(double x, const double *p, double out[3])
{
    (void)p;
    out[0] = x > 0 ? x : 0.0; out[1] = x > 0; out[2] = 0.0;
}

static void eval_linear(double x, const double *p, double out[3])
{
    (void)p;
    out[0] = x; out[1] = 1.0; out[2] = 0.0;
}

/* tanh′ = sech² = 1 − tanh², tanh″ = −2 tanh sech²; sech² from cosh (no cancellation). */
static void eval_tanh(double x, const double *p, double out[3])
{
    (void)p;
    double t = tanh(x), c = cosh(x), sech2 = 1.0 / (c * c);
    out[0] = t; out[1] = sech2; out[2] = -2 * t * sech2;
}

/* gelu(x) = x Φ(x) (Hendrycks & Gimpel 2016, exact form; PyTorch's default):
 * f′ = Φ + xφ, f″ = (2 − x²)φ, with Φ(x) = erfc(−x/√2)/2, relatively accurate in the left
 * tail up to the rounding of x/√2 (x² ulp: 1e−14 at x = −8, where Φ < 1e−15). */
static void eval_gelu(double x, const double *p, double out[3])
{
    (void)p;
    double phi = SQRT1_2PI * exp(-0.5 * x * x), cdf = 0.5 * erfc(-x * M_SQRT1_2);
    out[0] = x * cdf; out[1] = cdf + x * phi; out[2] = (2 - x * x) * phi;
}

/* gelu_tanh(x) = x/2 (1 + tanh u), u = √(2/π)(x + 0.044715x³) (Hendrycks & Gimpel 2016;
 * PyTorch approximate='tanh'), written with 1 + tanh u = 2σ(2u) and sech² u = 4σ(2u)σ(−2u)
 * so that the left tail keeps its relative accuracy:
 *   f = xσ,  f′ = σ + 2x σσ₋ u′,  f″ = 4σσ₋u′ + 2x σσ₋ (2(σ₋ − σ) u′² + u″),
 * σ = σ(2u), σ₋ = σ(−2u), u′ = √(2/π)(1 + 3·0.044715x²), u″ = √(2/π)·6·0.044715x. */
static void eval_gelu_tanh(double x, const double *p, double out[3])
{
    (void)p;
    double u = SQRT_2_OVER_PI * (x + GELU_TANH_CUBIC * x * x * x);
    double du = SQRT_2_OVER_PI * (1 + 3 * GELU_TANH_CUBIC * x * x);
    double d2u = SQRT_2_OVER_PI * 6 * GELU_TANH_CUBIC * x;
    double sg, sn;
    logistic(2 * u, &sg, &sn);
    double ss = sg * sn;
    out[0] = x * sg;
    out[1] = sg + 2 * x * ss * du;
    out[2] = 4 * ss * du + 2 * x * ss * (2 * (sn - sg) * du * du + d2u);
}

/* silu(x) = x σ(x) (Elfwing et al. 2018; Swish with β = 1):
 * f′ = σ(1 + xσ₋), f″ = σσ₋(2 + x(σ₋ − σ)). */
static void eval_silu(double x, const double *p, double out[3])
{
    (void)p;
    double sg, sn;
    logistic(x, &sg, &sn);
    out[0] = x * sg; out[1] = sg * (1 + x * sn); out[2] = sg * sn * (2 + x * (sn - sg));
}

/* softplus(x) = ln(1 + eˣ) = max(x, 0) + ln(1 + e^{−|x|}): f′ = σ, f″ = σσ₋. */
static void eval_softplus(double x, const double *p, double out[3])
{
    (void)p;
    double sg, sn;
    logistic(x, &sg, &sn);
    out[0] = fmax(x, 0.0) + log1p(exp(-fabs(x))); out[1] = sg; out[2] = sg * sn;
}

/* sigmoid = σ: f′ = σσ₋, f″ = σσ₋(σ₋ − σ). */
static void eval_sigmoid(double x, const double *p, double out[3])
{
    (void)p;
    double sg, sn;
    logistic(x, &sg, &sn);
    out[0] = sg; out[1] = sg * sn; out[2] = sg * sn * (sn - sg);
}

/* ---- closed-form moments ----------------------------------------------------------------- */

#define CLOSED_MEAN_REL 1e-13    /* moments.h: sn_map's tested accuracy */
#define CLOSED_VAR_REL 1e-12

static void closed_errors(sn_act_stats *st)
{
    st->mean_err = CLOSED_MEAN_REL * fmax(1.0, fabs(st->mean));
    st->var_err = CLOSED_VAR_REL * st->var;
    st->dsecond_err = CLOSED_VAR_REL * st->dsecond;
    st->jac_rel_err = CLOSED_VAR_REL;
}

/* λ·(the SELU split of moments.c) with λ = p[1], α = p[0] (ELU: λ = 1). */
static int closed_selu_family(sn_act_stats *st, double m, double s, sn_selu prm)
{
    sn_split sp;
    int status = sn_split_moments(&sp, m, s);
    if (status) return status;
    sn_split_map(&st->mean, &st->var, &sp, prm);
    double d[4];
    sn_split_derivs(d, &sp, st->mean, prm);
    st->dmean_dm = d[0]; st->dmean_ds2 = d[1]; st->dvar_dm = d[2]; st->dvar_ds2 = d[3];
    st->dsecond = sn_split_dsecond(&sp, prm);
    closed_errors(st);
    return GSL_SUCCESS;
}

static int closed_selu(sn_act_stats *st, double m, double s, const double *p)
{
    return closed_selu_family(st, m, s, (sn_selu){ .alpha = p[0], .lambda = p[1] });
}

static int closed_elu(sn_act_stats *st, double m, double s, const double *p)
{
    return closed_selu_family(st, m, s, (sn_selu){ .alpha = p[0], .lambda = 1.0 });
}

/* Leaky ReLU with slope k, by the law of total variance over the split of z at 0 (as in
 * moments.c): with p = P(z > 0), q = P(z ≤ 0), z | z > 0 = s X_a, z | z ≤ 0 = −s X_b
 * (a = −m/s, b = m/s, X the excess of normal.h), M₊ = s r(a), V₊ = s² v(a), M₋ = −s r(b),
 * V₋ = s² v(b):
 *   E f = p M₊ + k q M₋,   Var f = p V₊ + k² q V₋ + p q (M₊ − k M₋)²,   E f′² = p + k² q,
 * and the derivatives (f″ = (1 − k) δ(z), f(0) = 0):
 *   ∂E f/∂m = p + k q,  ∂E f/∂s² = ½(1 − k) φ(a)/s,  ∂Var/∂m = 2(1 − k) p q (M₊ − k M₋),
 *   ∂Var/∂s² = E f′² − (1 − k) E f · φ(a)/s. */
static int closed_leaky_slope(sn_act_stats *st, double m, double s, double k)
{
    sn_split sp;
    int status = sn_split_moments(&sp, m, s);
    if (status) return status;
    double neg_mean = m, neg_var = s * s;    /* the limits for p = 0 */
    if (sp.q > 0 && sp.p > 0) {
        double r, v;
        sn_normal_excess(m / s, &r, &v);
        neg_mean = -s * r;
        neg_var = s * s * v;
    }
    double p = sp.p, q = sp.q, pq = p * q, gap = sp.pos_mean - k * neg_mean;
    st->mean = (p > 0 ? p * sp.pos_mean : 0.0) + (q > 0 ? k * q * neg_mean : 0.0);
    st->var = (p > 0 ? p * sp.pos_var : 0.0) + (q > 0 ? k * k * q * neg_var : 0.0)
            + (pq > 0 ? pq * gap * gap : 0.0);
    st->dsecond = p + k * k * q;
    st->dmean_dm = p + k * q;
    st->dmean_ds2 = 0.5 * (1 - k) * sp.dens0;
    st->dvar_dm = pq > 0 ? 2 * (1 - k) * pq * gap : 0.0;
    st->dvar_ds2 = st->dsecond - (1 - k) * st->mean * sp.dens0;
    closed_errors(st);
    return GSL_SUCCESS;
}

static int closed_leaky(sn_act_stats *st, double m, double s, const double *p)
{
    return closed_leaky_slope(st, m, s, p[0]);
}

static int closed_relu(sn_act_stats *st, double m, double s, const double *p)
{
    (void)p;
    return closed_leaky_slope(st, m, s, 0.0);
}

static int closed_linear(sn_act_stats *st, double m, double s, const double *p)
{
    (void)p;
    *st = (sn_act_stats){ .mean = m, .var = s * s, .dsecond = 1.0, .dmean_dm = 1.0,
                          .dvar_ds2 = 1.0 };
    closed_errors(st);
    return GSL_SUCCESS;
}

/* ---- far from the feature ------------------------------------------------------------------
 *
 * When all the Gaussian mass that a double sees lies where a row is f(z) = A + Bz + Ce^{−Kz}
 * (sn_act_far), its moments are closed-form: with E = E e^{−Kz} = e^{−Km + K²s²/2} (log-normal),
 * E₂ = E e^{−2Kz}/e^{K²s²} = e^{−2Km + K²s²} and Cov(z, e^{−Kz}) = −Ks²E (Stein):
 *   E f = A + Bm + CE,   Var f = B²s² − 2BCKs²E + C²E₂ expm1(K²s²),
 *   E f′² = B² − 2BKCE + K²C²E₂e^{K²s²},
 * and their derivatives in m and s². Quadrature there would evaluate f at m + sZ, which
 * rounds away sZ once |m|/s ≳ 1/ε (issue 14: GELU at m = 1e17, s = 1 gave Var 3e−13 for 1).
 * "All the mass": z within FAR_TRUNC·s of m, widened by 2|K|s² where e^{−Kz} tilts the weight;
 * the mass beyond, Q(10) = 7.6e−24, is far below ε. The x_far of each side make the dropped
 * terms smaller than ε/8 relatively in f and f′:
 *   tanh = ±(1 − 2e^{∓2z} + 2e^{∓4z} ...): e^{−40} = 4e−18 at |z| = 20;
 *   σ(z) = 1 − e^{−z} + e^{−2z} ...: e^{−38} = 3e−17; σ(z) = eᶻ − e^{2z} ... on the left;
 *   softplus = z + e^{−z} − e^{−2z}/2 ... and eᶻ − e^{2z}/2 ...: as σ;
 *   GELU = z − zQ(z) (f′ − 1 = zφ − Q = 8e−22 at z = 10); at z ≤ −40, |zΦ(z)| < φ(40) = 1.5e−348
 *     underflows: f = 0;
 *   GELU:tanh = zσ(2u) with 2u = 87 at z = 10 (e^{−87} = 2e−38); 2u < −795 at z ≤ −22: 0;
 *   SiLU = z − zσ(−z): f′ − 1 ≈ ze^{−z} = 1.3e−18 at z = 45; |zσ(z)| < 1e−327 at z ≤ −760: 0. */
#define FAR_TRUNC 10.0
static const sn_act_far FAR_TANH[2] = { { 20, 1, 0, -2, 2 }, { 20, -1, 0, 2, -2 } };
static const sn_act_far FAR_SIGMOID[2] = { { 38, 1, 0, -1, 1 }, { 38, 0, 0, 1, -1 } };
static const sn_act_far FAR_SOFTPLUS[2] = { { 38, 0, 1, 1, 1 }, { 38, 0, 0, 1, -1 } };
static const sn_act_far FAR_GELU[2] = { { 10, 0, 1, 0, 0 }, { 40, 0, 0, 0, 0 } };
static const sn_act_far FAR_GELU_TANH[2] = { { 10, 0, 1, 0, 0 }, { 22, 0, 0, 0, 0 } };
static const sn_act_far FAR_SILU[2] = { { 45, 0, 1, 0, 0 }, { 760, 0, 0, 0, 0 } };

/* The stats by the far form when it applies (returns 1), else 0. Errors: the rounding of the
 * sums (4ε each) and of the exponents −Km + K²s²/2 (ε·|exponent| relatively in E, E₂). */
/* The side of the row's far form that covers z ~ N(m, s²), or NULL. */
static const sn_act_far *far_side(const sn_act_far *far, double m, double s)
{
    if (!far) return NULL;
    const sn_act_far *f = m > 0 ? &far[0] : &far[1];
    double reach = s * (FAR_TRUNC + 2 * fabs(f->K) * s);
    return fabs(m) - reach >= f->x_far ? f : NULL;      /* not when reach overflows */
}

static int far_stats(sn_act_stats *st, const sn_act_far *far, double m, double s)
{
    const sn_act_far *f = far_side(far, m, s);
    if (!f) return 0;
    double k = f->K, s2 = s * s;
    double A = f->A, B = f->B, C = f->C, kk = k * k * s2;
    double e1 = C != 0 ? exp(-k * m + 0.5 * kk) : 0.0;  /* E */
    double e2 = C != 0 ? exp(-2 * k * m + kk) : 0.0;    /* E₂ */
    double ex = expm1(kk), eps = DBL_EPSILON;
    double rel1 = eps * (4 + fabs(k * m) + kk), rel2 = eps * (4 + 2 * fabs(k * m) + 2 * kk);
    double cross = -2 * B * C * k * s2 * e1, tilt = C * C * e2 * ex;
    st->mean = A + B * m + C * e1;
    st->var = B * B * s2 + cross + tilt;
    st->dsecond = B * B - 2 * B * k * C * e1 + k * k * C * C * e2 * (ex + 1);
    st->dmean_dm = B - k * C * e1;
    st->dmean_ds2 = 0.5 * k * k * C * e1;
    st->dvar_dm = 2 * B * C * k * k * s2 * e1 - 2 * k * C * C * e2 * ex;
    st->dvar_ds2 = B * B - 2 * B * C * k * e1 * (1 + 0.5 * kk) + C * C * k * k * e2 * (2 * ex + 1);
    /* an exponential that underflowed to 0 has no error to carry (its exponent's may be ∞) */
    #define SCALED(x, rel) ((x) == 0 ? 0.0 : fabs(x) * (rel))
    st->mean_err = 4 * eps * (fabs(A) + fabs(B * m)) + SCALED(C * e1, rel1);
    st->var_err = 4 * eps * B * B * s2 + SCALED(cross, rel1) + SCALED(tilt, rel2) + eps * st->var;
    st->dsecond_err = 4 * eps * B * B + SCALED(2 * B * k * C * e1, rel1)
                    + SCALED(k * k * C * C * e2 * (ex + 1), rel2);
    #undef SCALED
    /* the dropped terms are below ε/8 relatively, and absolutely nonzero where the piece is 0
     * (GELU far left: |zΦ(z)| < 1.5e−348): the least subnormal covers them there */
    st->mean_err += DBL_TRUE_MIN;
    st->var_err += DBL_TRUE_MIN;
    st->jac_rel_err = 1e-12;
    if (!(st->var >= 0)) st->var = 0.0;
    return 1;
}

/* ---- the table ------------------------------------------------------------------------- */

#define POSITIVE(nm, d) { nm, 0.0, INFINITY, 1, 1, d }

static const sn_act_def TABLE[] = {
    { "selu", NULL, "scaled ELU, lambda*x or lambda*alpha*(e^x - 1) (Klambauer et al. 2017)", 2,
      { POSITIVE("alpha", SN_ALPHA01), POSITIVE("lambda", SN_LAMBDA01) },
      eval_selu, closed_selu, 1, &SN_ACT_KERNELS_SELU, NULL },
    { "elu", NULL, "x or alpha*(e^x - 1) (Clevert et al. 2016)", 1,
      { POSITIVE("alpha", 1.0) }, eval_elu, closed_elu, 0, &SN_ACT_KERNELS_ELU, NULL },
    { "relu", NULL, "max(x, 0)", 0, { { 0 } }, eval_relu, closed_relu, 0,
      &SN_ACT_KERNELS_RELU, NULL },
    { "leaky_relu", NULL, "x or slope*x", 1, { { "slope", 0.0, 1.0, 0, 0, 0.01 } },
      eval_leaky, closed_leaky, 0, &SN_ACT_KERNELS_LEAKY_RELU, NULL },
    { "tanh", NULL, "hyperbolic tangent", 0, { { 0 } }, eval_tanh, NULL, 0,
      &SN_ACT_KERNELS_TANH, FAR_TANH },
    { "gelu", NULL, "x*Phi(x), exact erf form (Hendrycks & Gimpel 2016)", 0, { { 0 } },
      eval_gelu, NULL, 0, &SN_ACT_KERNELS_GELU, FAR_GELU },
    { "gelu", "tanh", "x/2*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x^3)))", 0, { { 0 } },
      eval_gelu_tanh, NULL, 0, &SN_ACT_KERNELS_GELU_TANH, FAR_GELU_TANH },
    { "silu", NULL, "x*sigmoid(x), Swish with beta = 1 (Elfwing et al. 2018)", 0, { { 0 } },
      eval_silu, NULL, 0, &SN_ACT_KERNELS_SILU, FAR_SILU },
    { "softplus", NULL, "ln(1 + e^x)", 0, { { 0 } }, eval_softplus, NULL, 0,
      &SN_ACT_KERNELS_SOFTPLUS, FAR_SOFTPLUS },
    { "sigmoid", NULL, "1/(1 + e^-x)", 0, { { 0 } }, eval_sigmoid, NULL, 0,
      &SN_ACT_KERNELS_SIGMOID, FAR_SIGMOID },
    { "linear", NULL, "x", 0, { { 0 } }, eval_linear, closed_linear, 0,
      &SN_ACT_KERNELS_LINEAR, NULL },
};
#define NROWS (sizeof TABLE / sizeof TABLE[0])

size_t sn_act_count(void) { return NROWS; }

int sn_act_at(sn_act *act, size_t i)
{
    if (!act || i >= NROWS) return GSL_EINVAL;
    *act = (sn_act){ .def = &TABLE[i] };
    for (size_t k = 0; k < TABLE[i].nparams; k++) act->p[k] = TABLE[i].param[k].def;
    return GSL_SUCCESS;
}

sn_act sn_act_selu(double alpha, double lambda)
{
    return (sn_act){ .def = &TABLE[0], .p = { alpha, lambda } };
}

static int is_row(const sn_act_def *d)
{
    return d >= TABLE && d < TABLE + NROWS;
}

const char *sn_act_name(const sn_act *act) { return act && act->def ? act->def->name : NULL; }
const char *sn_act_description(const sn_act *act) { return act->def->description; }
size_t sn_act_nparams(const sn_act *act) { return act->def->nparams; }
int sn_act_closed_form(const sn_act *act) { return act->def->closed != NULL; }
int sn_act_is_selu(const sn_act *act) { return act && act->def && act->def->is_selu; }

sn_selu sn_act_selu_params(const sn_act *act)
{
    return (sn_selu){ .alpha = act->p[0], .lambda = act->p[1] };
}

const char *sn_act_param_name(const sn_act *act, size_t k)
{
    return k < act->def->nparams ? act->def->param[k].name : NULL;
}

const char *sn_act_row_spec(const sn_act *act)
{
    static const char *const SPECS[NROWS] = { "selu", "elu", "relu", "leaky_relu", "tanh",
                                              "gelu", "gelu:tanh", "silu", "softplus",
                                              "sigmoid", "linear" };
    return is_row(act->def) ? SPECS[act->def - TABLE] : NULL;
}

/* Shortest decimal that reads back as x (at most 17 digits). */
static int shortest(char *buf, size_t len, double x)
{
    char tmp[40];
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(tmp, sizeof tmp, "%.*g", digits, x);
        if (strtod(tmp, NULL) == x) break;
    }
    return snprintf(buf, len, "%s", tmp);
}

const char *sn_act_param_range(const sn_act *act, size_t k)
{
    static const char *const RANGES[] = { "(0, inf)", "[0, 1]" };
    if (k >= act->def->nparams) return NULL;
    return act->def->param[k].lo_open ? RANGES[0] : RANGES[1];
}

static int in_range(const sn_act_param *pr, double v)
{
    if (!isfinite(v)) return 0;
    if (pr->lo_open ? !(v > pr->lo) : !(v >= pr->lo)) return 0;
    if (pr->hi_open ? !(v < pr->hi) : !(v <= pr->hi)) return 0;
    return 1;
}

int sn_act_check(const sn_act *act)
{
    if (!act || !act->def) return GSL_EINVAL;
    if (!is_row(act->def)) return GSL_EDOM;
    for (size_t k = 0; k < act->def->nparams; k++)
        if (!in_range(&act->def->param[k], act->p[k])) return GSL_EDOM;
    return GSL_SUCCESS;
}

int sn_act_format(char *buf, size_t len, const sn_act *act)
{
    const sn_act_def *d = act->def;
    if (d->variant) return snprintf(buf, len, "%s:%s", d->name, d->variant);
    char out[128];
    size_t n = (size_t)snprintf(out, sizeof out, "%s", d->name);
    for (size_t k = 0; k < d->nparams && n < sizeof out; k++) {
        out[n++] = k ? ',' : ':';
        n += (size_t)shortest(out + n, sizeof out - n, act->p[k]);
    }
    if (n >= sizeof out) n = sizeof out - 1;
    out[n] = '\0';
    return snprintf(buf, len, "%s", out);
}

double sn_act_f(const sn_act *act, double x)
{
    double v[3];
    act->def->eval(x, act->p, v);
    return v[0];
}

double sn_act_df(const sn_act *act, double x)
{
    double v[3];
    act->def->eval(x, act->p, v);
    return v[1];
}

/* ---- parsing ------------------------------------------------------------------------------ */

static void set_err(char *err, size_t errlen, const char *fmt, const char *a, const char *b)
{
    if (err && errlen) snprintf(err, errlen, fmt, a, b);
}

/* Edit distance (Levenshtein) of two short strings, for did-you-mean. */
static size_t edit_distance(const char *s, size_t ls, const char *t)
{
    size_t lt = strlen(t), row[64];
    if (ls >= 63 || lt >= 63) return (size_t)-1;
    for (size_t j = 0; j <= lt; j++) row[j] = j;
    for (size_t i = 1; i <= ls; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lt; j++) {
            size_t up = row[j], best = diag + (s[i - 1] != t[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    return row[lt];
}

static const char *closest_name(const char *name, size_t len)
{
    const char *best = NULL;
    size_t bestd = (size_t)-1;
    for (size_t i = 0; i < NROWS; i++) {
        size_t d = edit_distance(name, len, TABLE[i].name);
        if (d < bestd) { bestd = d; best = TABLE[i].name; }
    }
    return bestd <= 2 && 2 * bestd < len + 1 ? best : NULL;
}

static void list_names(char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < NROWS && n < len; i++) {
        sn_act a = { .def = &TABLE[i] };
        n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? ", " : "", sn_act_row_spec(&a));
    }
}

/* The parameter list "p1,p2": all of the row's or none. */
static int parse_params(sn_act *act, const char *text, const char *spec, char *err,
                        size_t errlen)
{
    const sn_act_def *d = act->def;
    size_t k = 0;
    const char *s = text;
    while (1) {
        char *end;
        if (k >= d->nparams) {
            char msg[64];
            snprintf(msg, sizeof msg, "%zu parameter%s", d->nparams, d->nparams == 1 ? "" : "s");
            set_err(err, errlen, "'%s': too many parameters (it takes %s)", spec,
                    d->nparams ? msg : "none");
            return GSL_EINVAL;
        }
        /* a plain decimal: digits, sign, point, exponent; no hex, inf, nan or spaces */
        size_t len = strcspn(s, ",");
        int plain = len > 0 && strspn(s, "0123456789+-.eE") == len;
        errno = 0;
        double v = plain ? strtod(s, &end) : 0.0;
        if (!plain || end != s + len || errno == ERANGE) {
            char token[64];
            snprintf(token, sizeof token, "%.*s", (int)(len < 60 ? len : 60), s);
            set_err(err, errlen, "'%s': parameter '%s' is not a decimal number in the range "
                    "of doubles", spec, token);
            return GSL_EINVAL;
        }
        if (!in_range(&d->param[k], v)) {
            char msg[160];
            snprintf(msg, sizeof msg, "%s must be in %s", d->param[k].name,
                     sn_act_param_range(act, k));
            set_err(err, errlen, "'%s': %s", spec, msg);
            return GSL_EINVAL;
        }
        act->p[k++] = v;
        if (*end == '\0') break;
        s = end + 1;
    }
    if (k != d->nparams) {
        char msg[160] = "";
        for (size_t j = 0; j < d->nparams; j++)
            snprintf(msg + strlen(msg), sizeof msg - strlen(msg), "%s%s", j ? "," : "",
                     d->param[j].name);
        set_err(err, errlen, "'%s': give all parameters (%s) or none", spec, msg);
        return GSL_EINVAL;
    }
    return GSL_SUCCESS;
}

int sn_act_parse(sn_act *act, const char *spec, char *err, size_t errlen)
{
    if (!act || !spec) {
        set_err(err, errlen, "%s%s", "no activation given", "");
        return GSL_EINVAL;
    }
    const char *colon = strchr(spec, ':');
    size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
    const char *rest = colon ? colon + 1 : NULL;
    for (size_t i = 0; i < NROWS; i++) {
        const sn_act_def *d = &TABLE[i];
        if (strlen(d->name) != len || strncmp(d->name, spec, len) != 0) continue;
        /* a variant row is selected by its keyword ("gelu:tanh") */
        if (d->variant ? !(rest && strcmp(rest, d->variant) == 0) : (rest && i + 1 < NROWS
                && TABLE[i + 1].variant && strcmp(rest, TABLE[i + 1].variant) == 0))
            continue;
        sn_act_at(act, i);
        if (!rest || d->variant) return GSL_SUCCESS;
        if (*rest == '\0') {
            set_err(err, errlen, "'%s': empty parameter list after ':'%s", spec, "");
            return GSL_EINVAL;
        }
        return parse_params(act, rest, spec, err, errlen);
    }
    char names[256];
    list_names(names, sizeof names);
    const char *guess = closest_name(spec, len);
    if (len == 0) {
        set_err(err, errlen, "empty activation name; known: %s%s", names, "");
    } else if (guess) {
        char q[96];
        snprintf(q, sizeof q, "%.*s", (int)(len > 64 ? 64 : len), spec);
        char msg[200];
        snprintf(msg, sizeof msg, "unknown activation '%s'; did you mean '%s'?", q, guess);
        set_err(err, errlen, "%s%s", msg, "");
    } else {
        char q[96];
        snprintf(q, sizeof q, "%.*s", (int)(len > 64 ? 64 : len), spec);
        char msg[360];
        snprintf(msg, sizeof msg, "unknown activation '%s'; known: %s", q, names);
        set_err(err, errlen, "%s%s", msg, "");
    }
    return GSL_EINVAL;
}

/* ---- moments and the map ------------------------------------------------------------------- */

/* The statistics of f(z), z ~ N(m, s²), from the row's closed form or by quadrature. */
static int act_stats(sn_act_stats *st, const sn_act *act, double m, double s)
{
    if (act->def->closed) return act->def->closed(st, m, s, act->p);
    if (far_stats(st, act->def->far, m, s)) return GSL_SUCCESS;
    return sn_act_quad_stats(st, act->def->eval, act->p, m, s);
}

static int finite_status(double a, double b)
{
    return isfinite(a) && isfinite(b) ? GSL_SUCCESS : GSL_EOVRFLW;
}

int sn_act_moments_eval(sn_act_moments *mo, const sn_act *act, double mean, double var)
{
    int status = sn_act_check(act);
    if (status) return status;
    if (!isfinite(mean) || !isfinite(var) || !(var > 0)) return GSL_EDOM;
    if (var < DBL_MIN) return GSL_ERANGE;
    sn_act_stats st;
    status = act_stats(&st, act, mean, sqrt(var));
    if (status) return status;
    mo->mean = st.mean;
    mo->second = st.var + st.mean * st.mean;
    mo->dsecond = st.dsecond;
    double second_err = st.var_err + 2 * fabs(st.mean) * st.mean_err
                      + 2 * DBL_EPSILON * mo->second;
    mo->err = fmax(st.mean_err, fmax(second_err, st.dsecond_err));
    return finite_status(mo->second, mo->dsecond + mo->mean);
}

/* Checks act and x (as sn_point_check does, with act's own parameters), then the stats. */
static int point_stats(sn_act_stats *st, sn_point x, const sn_act *act)
{
    int status = sn_act_check(act);
    if (status) return status;
    status = sn_point_check(x, sn_selu_default());
    if (status) return status;
    return act_stats(st, act, x.mu * x.omega, sqrt(x.nu * x.tau));
}

int sn_map_act(sn_moments *g, sn_point x, const sn_act *act)
{
    if (sn_act_is_selu(act) && sn_act_check(act) == GSL_SUCCESS)
        return sn_map(g, x, sn_act_selu_params(act));
    sn_act_stats st;
    int status = point_stats(&st, x, act);
    if (status) return status;
    /* (the closed forms' variance claim is relative: plus DBL_MIN, as sn_map's) */
    *g = (sn_moments){ .mu_new = st.mean, .nu_new = st.var, .mu_err = st.mean_err,
                       .nu_err = st.var_err + (act->def->closed ? DBL_MIN : 0) };
    status = finite_status(g->mu_new, g->nu_new);
    /* the closed forms' errors are fixed claims (1e−13·max(1, |μ̃|)), not estimates */
    return status || act->def->closed ? status : sn_act_map_accurate(g);
}

/* A result is one only if its error estimate is small against it (SN_ACT_MAP_ACCURACY of
 * |μ̃| or √ν̃ for μ̃, of ν̃ for ν̃) or below SN_ACT_MAP_FLOOR absolutely (values a double holds
 * only as subnormals). */
int sn_act_map_accurate(const sn_moments *g)
{
    double mean_scale = fmax(fabs(g->mu_new), sqrt(fmax(g->nu_new, 0.0)));
    int ok_mean = g->mu_err <= SN_ACT_MAP_ACCURACY * mean_scale || g->mu_err <= SN_ACT_MAP_FLOOR;
    int ok_var = g->nu_err <= SN_ACT_MAP_ACCURACY * g->nu_new || g->nu_err <= SN_ACT_MAP_FLOOR;
    return ok_mean && ok_var ? GSL_SUCCESS : GSL_ETOL;
}

/* H from the stats, by the chain rule ∂/∂μ = ω ∂/∂m, ∂/∂ν = τ ∂/∂s². */
static void jacobian_from_stats(sn_jacobian *jac, const sn_act_stats *st, sn_point x)
{
    jac->h[0][0] = x.omega * st->dmean_dm;
    jac->h[0][1] = x.tau * st->dmean_ds2;
    jac->h[1][0] = x.omega * st->dvar_dm;
    jac->h[1][1] = x.tau * st->dvar_ds2;
    jac->spectral_norm = sn_spectral_norm_2x2(jac->h[0][0], jac->h[0][1], jac->h[1][0],
                                              jac->h[1][1]);
}

int sn_map_jacobian_act(sn_jacobian *jac, sn_point x, const sn_act *act)
{
    if (sn_act_is_selu(act) && sn_act_check(act) == GSL_SUCCESS)
        return sn_map_jacobian(jac, x, sn_act_selu_params(act));
    sn_act_stats st;
    int status = point_stats(&st, x, act);
    if (status) return status;
    jacobian_from_stats(jac, &st, x);
    return finite_status(jac->spectral_norm, jac->h[0][0] + jac->h[1][0]);
}

int sn_stability_at_act(sn_stability *s, sn_jacobian *jac, sn_point x, const sn_act *act)
{
    if (sn_act_is_selu(act) && sn_act_check(act) == GSL_SUCCESS)
        return sn_stability_at(s, jac, x, sn_act_selu_params(act));
    sn_act_stats st;
    int status = point_stats(&st, x, act);
    sn_jacobian j = { { { 0 } }, 0 };
    if (status == GSL_SUCCESS) {
        jacobian_from_stats(&j, &st, x);
        status = finite_status(j.spectral_norm, j.h[0][0] + j.h[1][0]);
    }
    if (jac) *jac = j;
    if (status) return status;
    double hmax = 1.0;
    for (int r = 0; r < 2; r++)
        for (int k = 0; k < 2; k++) hmax = fmax(hmax, fabs(j.h[r][k]));
    return sn_stability_2x2(s, (const double (*)[2])j.h, st.jac_rel_err * hmax);
}

int sn_map_array_act(double *mu_new, double *nu_new, const sn_point *x, size_t n,
                     const sn_act *act, size_t *bad)
{
    if (sn_act_is_selu(act) && sn_act_check(act) == GSL_SUCCESS)
        return sn_map_array(mu_new, nu_new, x, n, sn_act_selu_params(act), bad);
    size_t first_bad = n;
    const sn_act_kernels *fast = sn_act_check(act) == GSL_SUCCESS && !act->def->closed
                                ? act->def->kernels : NULL;
    #pragma omp parallel for schedule(dynamic, 256) reduction(min:first_bad)
    for (size_t i = 0; i < n; i++) {
        sn_moments g;
        /* E f and Var f by the vectorized quadrature (activation_quad.c) when its error
         * estimate says the result is one (sn_act_map_accurate), else (bad points, far
         * forms, closed forms, results refused) sn_map_act, which reports the status */
        if (fast && sn_point_check(x[i], sn_selu_default()) == GSL_SUCCESS
            && !far_side(act->def->far, x[i].mu * x[i].omega, sqrt(x[i].nu * x[i].tau))
            && sn_act_quad_map(&g.mu_new, &g.nu_new, &g.mu_err, &g.nu_err, fast, act->p,
                                x[i].mu * x[i].omega, sqrt(x[i].nu * x[i].tau)) == GSL_SUCCESS
            && isfinite(g.mu_new) && isfinite(g.nu_new) && sn_act_map_accurate(&g) == GSL_SUCCESS) {
            mu_new[i] = g.mu_new;
            nu_new[i] = g.nu_new;
            continue;
        }
        if (sn_map_act(&g, x[i], act) == GSL_SUCCESS) {
            mu_new[i] = g.mu_new;
            nu_new[i] = g.nu_new;
        } else {
            mu_new[i] = nu_new[i] = NAN;
            if (i < first_bad) first_bad = i;
        }
    }
    int first_status = GSL_SUCCESS;
    if (first_bad < n) {
        sn_moments g;
        first_status = sn_map_act(&g, x[first_bad], act);
    }
    if (bad) *bad = first_bad;
    return first_status;
}

int sn_map_jacobian_array_act(double *h, double *spectral_norm, const sn_point *x, size_t n,
                              const sn_act *act, size_t *bad)
{
    if (sn_act_is_selu(act) && sn_act_check(act) == GSL_SUCCESS)
        return sn_map_jacobian_array(h, spectral_norm, x, n, sn_act_selu_params(act), bad);
    size_t first_bad = n;
    #pragma omp parallel for schedule(dynamic, 64) reduction(min:first_bad)
    for (size_t i = 0; i < n; i++) {
        sn_jacobian jac;
        int failed = sn_map_jacobian_act(&jac, x[i], act) != GSL_SUCCESS;
        if (failed && i < first_bad) first_bad = i;
        for (int e = 0; e < 4 && h; e++) h[4 * i + (size_t)e] = failed ? NAN : jac.h[e / 2][e % 2];
        if (spectral_norm) spectral_norm[i] = failed ? NAN : jac.spectral_norm;
    }
    sn_jacobian jac;
    int first_status = first_bad < n ? sn_map_jacobian_act(&jac, x[first_bad], act) : GSL_SUCCESS;
    if (bad) *bad = first_bad;
    return first_status;
}

/* ---- fixed points -------------------------------------------------------------------------- */

static int act_map(sn_moments *g, sn_point x, const void *ctx)
{
    return sn_map_act(g, x, ctx);
}

static int act_jacobian(sn_jacobian *jac, sn_point x, const void *ctx)
{
    return sn_map_jacobian_act(jac, x, ctx);
}

static int act_stability(sn_stability *s, sn_jacobian *jac, sn_point x, const void *ctx)
{
    return sn_stability_at_act(s, jac, x, ctx);
}

int sn_fixed_point_solve_act(sn_fixed_point *fp, double omega, double tau, const sn_act *act,
                             double mu0, double nu0)
{
    int status = sn_act_check(act);
    if (status) return status;
    if (sn_act_is_selu(act))
        return sn_fixed_point_solve(fp, omega, tau, sn_act_selu_params(act), mu0, nu0);
    if (sn_point_check((sn_point){ mu0, omega, nu0, tau }, sn_selu_default()) != GSL_SUCCESS)
        return GSL_EDOM;
    sn_map_fn map = { act_map, act_jacobian, act_stability, act };
    return sn_fixed_point_solve_map(fp, omega, tau, &map, mu0, nu0);
}

size_t sn_fixed_point_iterate_act(double *mu, double *nu, size_t n, double omega, double tau,
                                  const sn_act *act, double mu0, double nu0, double target_mu,
                                  double target_nu, double tol, int *status)
{
    sn_map_fn map = { act_map, act_jacobian, act_stability, act };
    return sn_fixed_point_iterate_map(mu, nu, n, omega, tau, &map, mu0, nu0, target_mu,
                                      target_nu, tol, status);
}
