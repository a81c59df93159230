/* theorems.c - the theorems' domains and conditions as data; numeric extremes over a box. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <stdio.h>
#include "selfnorm/theorems.h"
#include "selfnorm/moments.h"
#include "moments_internal.h"

#define PAPER "Klambauer et al. 2017 (arXiv:1706.02515v5), "
#define NOTEBOOK "bioinf-jku/SNNs Calculations/SELU_calculations.nb"

/* An objective: what an extreme over the domain must satisfy. */
#define OBJ(key_, q_, sense_, cond_, bound_, ...) \
    { .key = key_, .quantity = q_, .sense = sense_, .condition = cond_, .bound = bound_, \
      __VA_ARGS__ }
/* A bound the paper states (rounded to its printed digits). */
#define STATED .stated = 1
#define PUB(v, src) .published = v, .published_source = src

/* The domains the paper uses. */
#define OMEGA1_LO { "-0.1", "-0.1", "0.8", "0.95" }
#define OMEGA1_HI { "0.1", "0.1", "1.5", "1.1" }
#define WIDE_TAU_LO { "-0.1", "-0.1", "0.8", "0.8" }
#define WIDE_TAU_HI { "0.1", "0.1", "1.5", "1.25" }
#define THM2_LO { "-1", "-0.1", "3", "0.8" }
#define THM2_HI { "1", "0.1", "16", "1.25" }

/* The paper's statements as data: domains and bounds as the paper prints them (exact
 * decimals), sources, and the authors' published values of the extremes for comparison.
 * Nothing is computed from the published values. Rows marked "selfnorm's step" are not the
 * paper's: they complete an argument (see their note). */
const sn_theorem SN_THEOREMS[SN_NTHEOREMS] = {
    { "theorem1",
      "g maps [mu_lo, mu_hi] x [nu_lo, nu_hi] into itself and is a contraction there",
      PAPER "Theorem 1 (proof: appendix A3.1, Lemma 12, Lemma 13, Corollary 14)",
      "the fixed point of each (omega, tau) lies in the domain; theorem1_fixed_points locates it in the paper's smaller box",
      OMEGA1_LO, OMEGA1_HI, 5,
      { OBJ("max_spectral_norm", SN_Q_SPECTRAL_NORM, SN_MAX, SN_BELOW, "1", PUB("0.897608", NOTEBOOK)),
        OBJ("mean_min", SN_Q_MEAN, SN_MIN, SN_AT_LEAST_LO, NULL, .axis = SN_MU, PUB("-0.0310605", NOTEBOOK)),
        OBJ("mean_max", SN_Q_MEAN, SN_MAX, SN_AT_MOST_HI, NULL, .axis = SN_MU, PUB("0.0677251", NOTEBOOK)),
        OBJ("var_min", SN_Q_VAR, SN_MIN, SN_AT_LEAST_LO, NULL, .axis = SN_NU, PUB("0.803712", NOTEBOOK)),
        OBJ("var_max", SN_Q_VAR, SN_MAX, SN_AT_MOST_HI, NULL, .axis = SN_NU, PUB("1.48157", NOTEBOOK)) }, 0 },
    { "theorem1_bounds",
      "g maps the domain into mu_new in [-0.03106, 0.06773], nu_new in [0.80009, 1.48617]",
      PAPER "Theorem 1 (the box it gives for the fixed points) and Lemma 13 (the same box as a bound on g's image, Eq. 110-111)",
      NULL, OMEGA1_LO, OMEGA1_HI, 4,
      { OBJ("mean_min", SN_Q_MEAN, SN_MIN, SN_ABOVE, "-0.03106", STATED),
        OBJ("mean_max", SN_Q_MEAN, SN_MAX, SN_BELOW, "0.06773", STATED),
        OBJ("var_min", SN_Q_VAR, SN_MIN, SN_ABOVE, "0.80009", STATED),
        OBJ("var_max", SN_Q_VAR, SN_MAX, SN_BELOW, "1.48617", STATED) }, 0 },
    { "theorem1_image_box",
      "g maps the domain into mu_new in (-0.03107, 0.06773), nu_new in (0.8037, 1.4816)",
      "selfnorm's step toward Theorem 1's fixed-point box",
      "each fixed point p = g(p) of theorem1 lies in g(domain), inside this box B",
      OMEGA1_LO, OMEGA1_HI, 4,
      { OBJ("mean_min", SN_Q_MEAN, SN_MIN, SN_ABOVE, "-0.03107"),
        OBJ("mean_max", SN_Q_MEAN, SN_MAX, SN_BELOW, "0.06773"),
        OBJ("var_min", SN_Q_VAR, SN_MIN, SN_ABOVE, "0.8037"),
        OBJ("var_max", SN_Q_VAR, SN_MAX, SN_BELOW, "1.4816") }, 1 },
    { "theorem1_fixed_points",
      "g maps B into mu_new in [-0.03106, 0.06773], nu_new in [0.80009, 1.48617]",
      PAPER "Theorem 1 (its box for the fixed points), proven through selfnorm's box B",
      "with theorem1 and theorem1_image_box: every fixed point p = g(p) lies in g(B), so in Theorem 1's box",
      { "-0.03107", "-0.1", "0.8037", "0.95" }, { "0.06773", "0.1", "1.4816", "1.1" }, 4,
      { OBJ("mean_min", SN_Q_MEAN, SN_MIN, SN_ABOVE, "-0.03106", STATED),
        OBJ("mean_max", SN_Q_MEAN, SN_MAX, SN_BELOW, "0.06773", STATED),
        OBJ("var_min", SN_Q_VAR, SN_MIN, SN_ABOVE, "0.80009", STATED),
        OBJ("var_max", SN_Q_VAR, SN_MAX, SN_BELOW, "1.48617", STATED) }, 0 },
    { "lemma12", "g is a contraction for tau in [0.8, 1.25]: max spectral norm of H < 1",
      PAPER "Lemma 12 (appendix A3.4.1, Eq. 107-109)",
      "the paper's number 0.9912524171 + 0.008747 (a grid maximum plus its error bound) bounds its Jacobian of (mu_new, xi_new) (lemma12_stated); this row bounds H, the Jacobian of g itself",
      WIDE_TAU_LO, WIDE_TAU_HI, 1,
      { OBJ("max_spectral_norm", SN_Q_SPECTRAL_NORM, SN_MAX, SN_BELOW, "1") }, 0 },
    { "lemma12_stated", "Lemma 12 as stated: the Jacobian of (mu_new, xi_new) has largest singular value < 1 for tau in [0.8, 1.25]",
      PAPER "Lemma 12 (appendix A3.4.1, Eq. 107-109: grid maximum 0.9912524171058772)",
      "the paper bounds the mapping of mean and second moment; its grid maximum is this extreme",
      WIDE_TAU_LO, WIDE_TAU_HI, 1,
      { OBJ("max_spectral_norm_xi", SN_Q_SPECTRAL_NORM_XI, SN_MAX, SN_BELOW, "1",
            PUB("0.9912524171058772", PAPER "Eq. 109")) }, 0 },
    { "lemma9", "mean, variance and second moment for tau in [0.8, 1.25]",
      PAPER "Lemma 9 (appendix, Eq. 76-78)",
      "the paper prints nu in [0.8, 15]; its proof evaluates at nu = 1.5, the bound used here",
      WIDE_TAU_LO, WIDE_TAU_HI, 6,
      { OBJ("mean_min", SN_Q_MEAN, SN_MIN, SN_ABOVE, "-0.041160", STATED),
        OBJ("mean_max", SN_Q_MEAN, SN_MAX, SN_BELOW, "0.087653", STATED),
        OBJ("var_min", SN_Q_VAR, SN_MIN, SN_ABOVE, "0.695574", STATED),
        OBJ("var_max", SN_Q_VAR, SN_MAX, SN_BELOW, "1.636023", STATED),
        OBJ("second_moment_min", SN_Q_SECOND_MOMENT, SN_MIN, SN_ABOVE, "0.703257", STATED),
        OBJ("second_moment_max", SN_Q_SECOND_MOMENT, SN_MAX, SN_BELOW, "1.643705", STATED) }, 0 },
    { "theorem2", "large variances decrease: nu_new < nu",
      PAPER "Theorem 2 (main text and appendix A2.2, Eq. 15)", NULL,
      THM2_LO, THM2_HI, 1,
      { OBJ("max_var_increase", SN_Q_VAR_INCREASE, SN_MAX, SN_BELOW, "0", PUB("-0.119744", NOTEBOOK)) }, 0 },
    { "theorem2_second_moment", "the second moment decreases too: xi_new < nu",
      PAPER "Theorem 2's proof (appendix A3.2, Eq. 19; maximum -0.0180173 in Eq. 40)",
      "stronger than Theorem 2, since nu_new <= xi_new",
      THM2_LO, THM2_HI, 1,
      { OBJ("max_xi_increase", SN_Q_XI_INCREASE, SN_MAX, SN_BELOW, "0", PUB("-0.0180173", PAPER "Eq. 40")) }, 0 },
    { "theorem2_point", "xi_new - nu at mu = omega = 0, nu = 3, tau = 1.25",
      PAPER "Theorem 2's proof (appendix A3.2, Eq. 41-42: -0.148532)", NULL,
      { "0", "0", "3", "1.25" }, { "0", "0", "3", "1.25" }, 1,
      { OBJ("xi_increase", SN_Q_XI_INCREASE, SN_MAX, SN_BELOW, "0", PUB("-0.148532", PAPER "Eq. 42")) }, 0 },
    { "theorem3a", "small variances increase: nu_new > nu",
      PAPER "Theorem 3 as the main text states it (nu >= 0.02, tau in [0.8, 1.25] up to nu = 0.16)",
      "the appendix states and proves Theorem 3 only from nu = 0.05 (theorem3a_appendix)",
      { "-0.1", "-0.1", "0.02", "0.8" }, { "0.1", "0.1", "0.16", "1.25" }, 1,
      { OBJ("min_var_increase", SN_Q_VAR_INCREASE, SN_MIN, SN_ABOVE, "0", PUB("0.00773618", NOTEBOOK)) }, 0 },
    { "theorem3b", "small variances increase: nu_new > nu",
      PAPER "Theorem 3 as the main text states it (nu >= 0.02, tau in [0.9, 1.25] up to nu = 0.24)",
      "the appendix states and proves Theorem 3 only from nu = 0.05 (theorem3b_appendix)",
      { "-0.1", "-0.1", "0.02", "0.9" }, { "0.1", "0.1", "0.24", "1.25" }, 1,
      { OBJ("min_var_increase", SN_Q_VAR_INCREASE, SN_MIN, SN_ABOVE, "0", PUB("0.0110293", NOTEBOOK)) }, 0 },
    { "theorem3a_appendix", "small variances increase: nu_new > nu",
      PAPER "Theorem 3 as the appendix states it (A2.3, Eq. 16: nu >= 0.05)", NULL,
      { "-0.1", "-0.1", "0.05", "0.8" }, { "0.1", "0.1", "0.16", "1.25" }, 1,
      { OBJ("min_var_increase", SN_Q_VAR_INCREASE, SN_MIN, SN_ABOVE, "0") }, 0 },
    { "theorem3b_appendix", "small variances increase: nu_new > nu",
      PAPER "Theorem 3 as the appendix states it (A2.3, Eq. 16: nu >= 0.05)", NULL,
      { "-0.1", "-0.1", "0.05", "0.9" }, { "0.1", "0.1", "0.24", "1.25" }, 1,
      { OBJ("min_var_increase", SN_Q_VAR_INCREASE, SN_MIN, SN_ABOVE, "0") }, 0 },
    { "theorem3a_proof", "nu_new > 1.049301 nu",
      PAPER "Theorem 3's proof (appendix A3.3, Eq. 49)", NULL,
      { "-0.1", "-0.1", "0.05", "0.8" }, { "0.1", "0.1", "0.16", "1.25" }, 1,
      { OBJ("min_var_ratio", SN_Q_VAR_RATIO, SN_MIN, SN_ABOVE, "1.049301", STATED) }, 0 },
    { "theorem3b_proof", "nu_new > 1.060255 nu",
      PAPER "Theorem 3's proof (appendix A3.3, Eq. 51)", NULL,
      { "-0.1", "-0.1", "0.05", "0.9" }, { "0.1", "0.1", "0.24", "1.25" }, 1,
      { OBJ("min_var_ratio", SN_Q_VAR_RATIO, SN_MIN, SN_ABOVE, "1.060255", STATED) }, 0 },
    { "theorem16", "the second moment's slope: d xi_new / d nu < 0.995063",
      PAPER "Theorem 16's proof (appendix A3.4.3, Eq. 121)", NULL,
      { "-1", "-0.1", "1.5", "0.8" }, { "1", "0.1", "16", "1.25" }, 1,
      { OBJ("max_dxi_dnu", SN_Q_DXI_DNU, SN_MAX, SN_BELOW, "0.995063", STATED) }, 0 },
    { "theorem16_mean", "the mean is positive: mu_new > 0",
      PAPER "Theorem 16's proof (appendix A3.4.3: minimum 0.008293)",
      "the paper prints the minimum's location as (0.01, 0.01, 1.5, 0.8); the value 0.008293 is at mu*omega = -0.01",
      { "-0.1", "-0.1", "1.5", "0.8" }, { "0.1", "0.1", "16", "1.25" }, 1,
      { OBJ("mean_min", SN_Q_MEAN, SN_MIN, SN_ABOVE, "0", PUB("0.008293", PAPER "appendix A3.4.3")) }, 0 },
};

const sn_theorem *sn_theorem_find(const char *name)
{
    for (int i = 0; i < SN_NTHEOREMS; i++)
        if (strcmp(SN_THEOREMS[i].name, name) == 0) return &SN_THEOREMS[i];
    return NULL;
}

int sn_box_check(const sn_box *box)
{
    for (int k = 0; k < 4; k++)
        if (!isfinite(box->lo[k]) || !isfinite(box->hi[k]) || !(box->lo[k] <= box->hi[k]))
            return GSL_EDOM;
    return box->lo[SN_NU] > 0 && box->lo[SN_TAU] > 0 ? GSL_SUCCESS : GSL_EDOM;
}

/* ---- exact domains ----------------------------------------------------------------------- */

void sn_theorem_domain(sn_domain *d, const sn_theorem *th)
{
    for (int k = 0; k < 4; k++) {
        snprintf(d->lo[k], sizeof d->lo[k], "%s", th->lo[k]);
        snprintf(d->hi[k], sizeof d->hi[k], "%s", th->hi[k]);
    }
}

/* Is [lo, hi] a nonempty interval of exact decimals, positive if the axis must be? */
static int interval_ok(const char *lo, const char *hi, int axis)
{
    fmpq_t a, b;
    fmpq_init(a);
    fmpq_init(b);
    int ok = sn_decimal_get_fmpq(a, lo) == GSL_SUCCESS && sn_decimal_get_fmpq(b, hi) == GSL_SUCCESS
          && fmpq_cmp(a, b) <= 0 && ((axis != SN_NU && axis != SN_TAU) || fmpq_sgn(a) > 0);
    fmpq_clear(a);
    fmpq_clear(b);
    return ok;
}

int sn_domain_set(sn_domain *d, int axis, const char *lo, const char *hi)
{
    if (axis < 0 || axis > 3 || !interval_ok(lo, hi, axis)) return GSL_EINVAL;
    char l[SN_DECIMAL_MAX + 1], h[SN_DECIMAL_MAX + 1];   /* lo or hi may be d's own text */
    snprintf(l, sizeof l, "%s", lo);
    snprintf(h, sizeof h, "%s", hi);
    memcpy(d->lo[axis], l, sizeof l);
    memcpy(d->hi[axis], h, sizeof h);
    return GSL_SUCCESS;
}

int sn_domain_check(const sn_domain *d)
{
    for (int k = 0; k < 4; k++)
        if (!interval_ok(d->lo[k], d->hi[k], k)) return GSL_EDOM;
    return GSL_SUCCESS;
}

static int same_decimal(const char *x, const char *y)
{
    fmpq_t a, b;
    fmpq_init(a);
    fmpq_init(b);
    int eq = sn_decimal_get_fmpq(a, x) == GSL_SUCCESS && sn_decimal_get_fmpq(b, y) == GSL_SUCCESS
          && fmpq_equal(a, b);
    fmpq_clear(a);
    fmpq_clear(b);
    return eq;
}

int sn_domain_equal(const sn_domain *a, const sn_domain *b)
{
    for (int k = 0; k < 4; k++)
        if (!same_decimal(a->lo[k], b->lo[k]) || !same_decimal(a->hi[k], b->hi[k])) return 0;
    return 1;
}

static int domain_doubles(sn_box *box, const sn_domain *d, int outward)
{
    if (sn_domain_check(d) != GSL_SUCCESS) return GSL_EDOM;
    fmpq_t q;
    fmpq_init(q);
    for (int k = 0; k < 4; k++) {
        sn_decimal_get_fmpq(q, d->lo[k]);
        box->lo[k] = outward ? sn_fmpq_floor_d(q) : fmpq_get_d(q);
        sn_decimal_get_fmpq(q, d->hi[k]);
        box->hi[k] = outward ? sn_fmpq_ceil_d(q) : fmpq_get_d(q);
    }
    fmpq_clear(q);
    return sn_box_check(box);
}

int sn_domain_box(sn_box *box, const sn_domain *d) { return domain_doubles(box, d, 0); }
int sn_domain_outer_box(sn_box *box, const sn_domain *d) { return domain_doubles(box, d, 1); }

static const char *const QUANTITY_NAME[] = {
    [SN_Q_SPECTRAL_NORM] = "spectral_norm", [SN_Q_MEAN] = "mu_new", [SN_Q_VAR] = "nu_new",
    [SN_Q_VAR_INCREASE] = "nu_new-nu", [SN_Q_SECOND_MOMENT] = "xi_new", [SN_Q_XI_INCREASE] = "xi_new-nu",
    [SN_Q_VAR_RATIO] = "nu_new/nu", [SN_Q_DXI_DNU] = "dxi_new/dnu",
    [SN_Q_SPECTRAL_NORM_XI] = "spectral_norm_of_(mu_new,xi_new)",
};
static const char *const AXIS_NAME[4] = { "mu", "omega", "nu", "tau" };

const char *sn_objective_condition(char *buf, size_t n, const sn_objective *obj)
{
    const char *sense = obj->sense == SN_MAX ? "max" : "min", *q = QUANTITY_NAME[obj->quantity];
    switch (obj->condition) {
    case SN_BELOW: snprintf(buf, n, "%s %s < %s", sense, q, obj->bound); break;
    case SN_ABOVE: snprintf(buf, n, "%s %s > %s", sense, q, obj->bound); break;
    case SN_AT_LEAST_LO: snprintf(buf, n, "%s %s >= %s_lo", sense, q, AXIS_NAME[obj->axis]); break;
    case SN_AT_MOST_HI: snprintf(buf, n, "%s %s <= %s_hi", sense, q, AXIS_NAME[obj->axis]); break;
    }
    return buf;
}

double sn_decimal_unit(const char *text)
{
    const char *dot = strchr(text, '.'), *e = strpbrk(text, "eE");
    long frac = 0, exp10 = e ? strtol(e + 1, NULL, 10) : 0;
    if (dot) frac = (long)((e ? e : text + strlen(text)) - dot - 1);
    return pow(10, (double)(exp10 - frac));
}

int sn_published_consistent(const sn_objective *obj, double lo, double hi)
{
    if (!obj->published) return -1;
    double p = strtod(obj->published, NULL), half = 0.5 * sn_decimal_unit(obj->published);
    /* the doubles' rounding (1e−16 relative) is far below any printed digit */
    return p + half >= lo && p - half <= hi;
}

sn_published_standing sn_published_check(double *gap, const sn_objective *obj, double lo, double hi)
{
    double p = strtod(obj->published, NULL);
    *gap = p < lo ? lo - p : p > hi ? p - hi : 0;
    if (sn_published_consistent(obj, lo, hi) == 1) return SN_PUB_CONSISTENT;
    if ((obj->sense == SN_MIN && p > hi) || (obj->sense == SN_MAX && p < lo)) return SN_PUB_NOT_EXTREME;
    return SN_PUB_DISAGREES;
}

/* The exact bound an objective compares with. */
static const char *bound_text(const sn_objective *obj, const sn_domain *dom)
{
    return obj->condition == SN_AT_LEAST_LO ? dom->lo[obj->axis]
         : obj->condition == SN_AT_MOST_HI ? dom->hi[obj->axis] : obj->bound;
}

sn_bound_verdict sn_bound_check(double *margin_lo, double *margin_hi, const sn_objective *obj,
                                double lo, double hi, const sn_domain *dom)
{
    /* an upper bound (max < c, max ≤ hi): margin c − [lo, hi]; a lower bound: [lo, hi] − c */
    int upper = obj->condition == SN_BELOW || obj->condition == SN_AT_MOST_HI;
    int strict = obj->condition == SN_BELOW || obj->condition == SN_ABOVE;
    double near = upper ? hi : lo, far = upper ? lo : hi;   /* the ends nearest/farthest the bound side */
    if (isnan(lo) || isnan(hi)) {
        *margin_lo = -INFINITY;
        *margin_hi = INFINITY;
        return SN_BOUND_UNDECIDED;
    }
    fmpq_t c, a, m;
    fmpq_init(c); fmpq_init(a); fmpq_init(m);
    sn_decimal_get_fmpq(c, bound_text(obj, dom));
    int sure_side, sure_wrong;
    if (isinf(near)) {   /* an overflowed end bounds nothing on that side */
        *margin_lo = -INFINITY;
        sure_side = 0;
    } else {
        sn_fmpq_set_d(a, near);
        if (upper) fmpq_sub(m, c, a); else fmpq_sub(m, a, c);
        *margin_lo = sn_fmpq_floor_d(m);
        sure_side = strict ? fmpq_sgn(m) > 0 : fmpq_sgn(m) >= 0;
    }
    if (isinf(far)) {
        *margin_hi = INFINITY;
        sure_wrong = 0;
    } else {
        sn_fmpq_set_d(a, far);
        if (upper) fmpq_sub(m, c, a); else fmpq_sub(m, a, c);
        *margin_hi = sn_fmpq_ceil_d(m);
        sure_wrong = strict ? fmpq_sgn(m) <= 0 : fmpq_sgn(m) < 0;
    }
    fmpq_clear(c); fmpq_clear(a); fmpq_clear(m);
    if (sure_wrong) return SN_BOUND_VIOLATED;
    if (!sure_side) return SN_BOUND_UNDECIDED;
    return obj->stated && *margin_lo > sn_decimal_unit(obj->bound) ? SN_BOUND_LOOSE : SN_BOUND_HOLDS;
}

int sn_bound_needs_narrowing(const sn_objective *obj, double lo, double hi, const sn_domain *dom)
{
    double mlo, mhi;
    sn_bound_verdict b = sn_bound_check(&mlo, &mhi, obj, lo, hi, dom);
    if (b == SN_BOUND_UNDECIDED) return 1;
    double unit = obj->stated ? sn_decimal_unit(obj->bound) : 0;
    return b == SN_BOUND_HOLDS && obj->stated && mhi > unit;
}

const char *sn_bound_verdict_name(sn_bound_verdict v)
{
    static const char *const names[] = { "holds", "holds_loose", "violated", "undecided" };
    return names[v];
}

int sn_objective_holds(const sn_objective *obj, const sn_box *box, double value)
{
    double bound = obj->bound ? strtod(obj->bound, NULL) : NAN;
    switch (obj->condition) {
    case SN_BELOW: return value < bound;
    case SN_ABOVE: return value > bound;
    case SN_AT_LEAST_LO: return value >= box->lo[obj->axis];
    case SN_AT_MOST_HI: return value <= box->hi[obj->axis];
    }
    return 0;
}

static double quantity_of(sn_quantity q, const sn_moments *g, const sn_jacobian *j, double nu)
{
    switch (q) {
    case SN_Q_SPECTRAL_NORM: return j ? j->spectral_norm : NAN;
    case SN_Q_MEAN: return g->mu_new;
    case SN_Q_VAR: return g->nu_new;
    case SN_Q_VAR_INCREASE: return g->nu_new - nu;
    case SN_Q_SECOND_MOMENT: return g->nu_new + g->mu_new * g->mu_new;
    case SN_Q_XI_INCREASE: return g->nu_new + g->mu_new * g->mu_new - nu;
    case SN_Q_VAR_RATIO: return g->nu_new / nu;
    /* ∂ξ̃/∂ν = ∂ν̃/∂ν + 2μ̃ ∂μ̃/∂ν */
    case SN_Q_DXI_DNU: return j ? j->h[1][1] + 2 * g->mu_new * j->h[0][1] : NAN;
    case SN_Q_SPECTRAL_NORM_XI: {
        if (!j) return NAN;
        /* rows ∂μ̃ and ∂ξ̃ = ∂ν̃ + 2μ̃ ∂μ̃; σ_max in closed form */
        double a = j->h[0][0], b = j->h[0][1], c = j->h[1][0] + 2 * g->mu_new * a,
               d = j->h[1][1] + 2 * g->mu_new * b;
        return 0.5 * (hypot(a + d, b - c) + hypot(a - d, b + c));
    }
    }
    return NAN;
}

int sn_quantity_eval(double *value, sn_quantity q, const double x[4], sn_selu p)
{
    sn_moments g;
    sn_jacobian j;
    int st = sn_map_full(&g, q == SN_Q_SPECTRAL_NORM || q == SN_Q_DXI_DNU || q == SN_Q_SPECTRAL_NORM_XI ? &j : NULL,
                         (sn_point){ x[0], x[1], x[2], x[3] }, p);
    *value = st ? NAN : quantity_of(q, &g, &j, x[2]);
    return st;
}

/* ---- grid search ----------------------------------------------------------------------- */

static double grid_coord(const sn_box *box, int axis, int i, int n)
{
    if (n == 1 || box->lo[axis] == box->hi[axis]) return box->lo[axis];
    return box->lo[axis] + (box->hi[axis] - box->lo[axis]) * i / (n - 1);
}

/* Is value better than best for this sense? NaN is never better. */
static int better(sn_sense sense, double value, double best)
{
    return sense == SN_MAX ? value > best : value < best;
}

/* Better, or as good and at a lexicographically smaller point: ties (symmetric corners such as
 * (μ, ω) and (−μ, −ω)) are broken the same way whichever thread finds them first. */
static int preferred(sn_sense sense, double value, const double x[4], const sn_extreme *best)
{
    if (better(sense, value, best->value)) return 1;
    if (value != best->value) return 0;
    for (int k = 0; k < 4; k++)
        if (x[k] != best->at[k]) return x[k] < best->at[k];
    return 0;
}

static void offer(sn_extreme *best, const sn_objective *obj, size_t nobj, const double *vals,
                  const double x[4])
{
    for (size_t k = 0; k < nobj; k++)
        if (preferred(obj[k].sense, vals[k], x, &best[k])) {
            best[k].value = vals[k];
            memcpy(best[k].at, x, sizeof best[k].at);
        }
}

static int needs_jacobian(const sn_objective *obj, size_t nobj)
{
    for (size_t k = 0; k < nobj; k++)
        if (obj[k].quantity == SN_Q_SPECTRAL_NORM || obj[k].quantity == SN_Q_DXI_DNU
            || obj[k].quantity == SN_Q_SPECTRAL_NORM_XI)
            return 1;
    return 0;
}

static void init_extremes(sn_extreme *e, const sn_objective *obj, size_t nobj)
{
    for (size_t k = 0; k < nobj; k++) {
        e[k].value = obj[k].sense == SN_MAX ? -INFINITY : INFINITY;
        memset(e[k].at, 0, sizeof e[k].at);
    }
}

/* Per-thread buffers for one grid line. */
typedef struct {
    sn_point *pts;
    double *mu_new, *nu_new;
    sn_jacobian *jac;   /* NULL when no objective needs the Jacobian */
} line_buffers;

/* One line of the grid along τ, for fixed (μ, ω, ν) indices, into the running extremes. */
static int scan_line(sn_extreme *best, const sn_objective *obj, size_t nobj, const sn_box *box,
                     sn_selu p, int n, long line, line_buffers *b)
{
    int i0 = (int)(line / ((long)n * n)), i1 = (int)(line / n % n), i2 = (int)(line % n);
    double x[4] = { grid_coord(box, 0, i0, n), grid_coord(box, 1, i1, n),
                    grid_coord(box, 2, i2, n), 0 };
    for (int i3 = 0; i3 < n; i3++)
        b->pts[i3] = (sn_point){ x[0], x[1], x[2], grid_coord(box, 3, i3, n) };
    sn_point_cols cols = sn_point_cols_of(b->pts);
    int status = sn_map_span(b->mu_new, b->nu_new, b->jac, &cols, 0, (size_t)n, p);
    for (int i3 = 0; i3 < n && status == GSL_SUCCESS; i3++) {
        sn_moments g = { .mu_new = b->mu_new[i3], .nu_new = b->nu_new[i3] };
        double vals[SN_MAX_OBJECTIVES];
        for (size_t k = 0; k < nobj; k++)
            vals[k] = quantity_of(obj[k].quantity, &g, b->jac ? &b->jac[i3] : NULL, b->pts[i3].nu);
        x[3] = b->pts[i3].tau;
        offer(best, obj, nobj, vals, x);
    }
    return status;
}

static int grid_search(sn_extreme *out, const sn_objective *obj, size_t nobj, const sn_box *box,
                       sn_selu p, int n)
{
    int jac = needs_jacobian(obj, nobj), status = GSL_SUCCESS;
    long lines = (long)n * n * n;
    init_extremes(out, obj, nobj);
    #pragma omp parallel
    {
        sn_extreme best[SN_MAX_OBJECTIVES];
        init_extremes(best, obj, nobj);
        line_buffers b = { malloc((size_t)n * sizeof *b.pts), malloc((size_t)n * sizeof *b.mu_new),
                           malloc((size_t)n * sizeof *b.nu_new),
                           jac ? malloc((size_t)n * sizeof *b.jac) : NULL };
        int local = b.pts && b.mu_new && b.nu_new && (b.jac || !jac) ? GSL_SUCCESS : GSL_ENOMEM;
        #pragma omp for schedule(dynamic, 8)
        for (long line = 0; line < lines; line++)
            if (local == GSL_SUCCESS)
                local = scan_line(best, obj, nobj, box, p, n, line, &b);
        #pragma omp critical
        {
            if (local && !status) status = local;
            for (size_t k = 0; k < nobj; k++)
                if (preferred(obj[k].sense, best[k].value, best[k].at, &out[k])) out[k] = best[k];
        }
        free(b.pts); free(b.mu_new); free(b.nu_new); free(b.jac);
    }
    return status;
}

/* ---- refinement: Nelder–Mead in y, with x = lo + (hi − lo)(1 + sin y)/2 inside the box --- */

typedef struct {
    const sn_box *box;
    sn_selu p;
    sn_quantity q;
    double sign;   /* +1 to minimize, −1 to maximize */
} refine_ctx;

static void to_box(double x[4], const gsl_vector *y, const sn_box *box)
{
    for (int k = 0; k < 4; k++)
        x[k] = box->lo[k] + (box->hi[k] - box->lo[k]) * 0.5 * (1 + sin(gsl_vector_get(y, (size_t)k)));
}

static double refine_f(const gsl_vector *y, void *params)
{
    const refine_ctx *c = params;
    double x[4], v;
    to_box(x, y, c->box);
    return sn_quantity_eval(&v, c->q, x, c->p) == GSL_SUCCESS ? c->sign * v : GSL_POSINF;
}

static void refine(sn_extreme *e, const sn_objective *obj, const sn_box *box, sn_selu p)
{
    refine_ctx c = { box, p, obj->quantity, obj->sense == SN_MAX ? -1.0 : 1.0 };
    gsl_multimin_function F = { refine_f, 4, &c };
    gsl_vector *y = gsl_vector_alloc(4), *step = gsl_vector_alloc(4);
    gsl_multimin_fminimizer *s = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, 4);
    if (!y || !step || !s) goto done;
    for (int k = 0; k < 4; k++) {
        double w = box->hi[k] - box->lo[k];
        double t = w > 0 ? 2 * (e->at[k] - box->lo[k]) / w - 1 : 0;
        gsl_vector_set(y, (size_t)k, asin(fmax(-1, fmin(1, t))));
        gsl_vector_set(step, (size_t)k, w > 0 ? 0.2 : 0);
    }
    if (gsl_multimin_fminimizer_set(s, &F, y, step) != GSL_SUCCESS) goto done;
    for (int it = 0; it < 4000; it++) {
        if (gsl_multimin_fminimizer_iterate(s) != GSL_SUCCESS) break;
        if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), 1e-12) == GSL_SUCCESS) break;
    }
    double v = c.sign * s->fval, x[4];
    if (better(obj->sense, v, e->value)) {
        to_box(x, s->x, box);
        /* report the value at the reported point, not the minimizer's cached one */
        if (sn_quantity_eval(&v, obj->quantity, x, p) == GSL_SUCCESS && better(obj->sense, v, e->value)) {
            e->value = v;
            memcpy(e->at, x, sizeof e->at);
        }
    }
done:
    gsl_multimin_fminimizer_free(s);
    gsl_vector_free(y);
    gsl_vector_free(step);
}

int sn_box_extremes(sn_extreme *out, const sn_objective *obj, size_t nobj, const sn_box *box,
                    sn_selu p, int grid)
{
    if (nobj > SN_MAX_OBJECTIVES || grid < 2 || sn_box_check(box) != GSL_SUCCESS || sn_selu_check(p))
        return GSL_EDOM;
    int status = grid_search(out, obj, nobj, box, p, grid);
    if (status) return status;
    for (size_t k = 0; k < nobj; k++) refine(&out[k], &obj[k], box, p);
    return GSL_SUCCESS;
}
