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

/* The statements as data: domains and bounds as the paper prints them (exact decimals), and
 * the authors' published numeric extremes for comparison. Nothing is computed from the
 * published values. */
const sn_theorem SN_THEOREMS[SN_NTHEOREMS] = {
    { "theorem1",
      "g maps [mu_lo, mu_hi] x [nu_lo, nu_hi] into itself and is a contraction there",
      PAPER "Theorem 1 (proof in the appendix, Lemma 12 and Lemma 13)",
      { "-0.1", "-0.1", "0.8", "0.95" }, { "0.1", "0.1", "1.5", "1.1" }, 5,
      { { "max_spectral_norm", SN_Q_SPECTRAL_NORM, SN_MAX, SN_BELOW, "1", 0, 0.897608, NOTEBOOK },
        { "mean_min", SN_Q_MEAN, SN_MIN, SN_AT_LEAST_LO, NULL, SN_MU, -0.0310605, NOTEBOOK },
        { "mean_max", SN_Q_MEAN, SN_MAX, SN_AT_MOST_HI, NULL, SN_MU, 0.0677251, NOTEBOOK },
        { "var_min", SN_Q_VAR, SN_MIN, SN_AT_LEAST_LO, NULL, SN_NU, 0.803712, NOTEBOOK },
        { "var_max", SN_Q_VAR, SN_MAX, SN_AT_MOST_HI, NULL, SN_NU, 1.48157, NOTEBOOK } } },
    { "theorem2", "large variances decrease: nu_new < nu",
      PAPER "Theorem 2",
      { "-1", "-0.1", "3", "0.8" }, { "1", "0.1", "16", "1.25" }, 1,
      { { "max_var_increase", SN_Q_VAR_INCREASE, SN_MAX, SN_BELOW, "0", 0, -0.119744, NOTEBOOK } } },
    { "theorem3a", "small variances increase: nu_new > nu",
      PAPER "Theorem 3 (main text: nu >= 0.02; tau in [0.8, 1.25] for nu <= 0.16)",
      { "-0.1", "-0.1", "0.02", "0.8" }, { "0.1", "0.1", "0.16", "1.25" }, 1,
      { { "min_var_increase", SN_Q_VAR_INCREASE, SN_MIN, SN_ABOVE, "0", 0, NAN, NULL } } },
    { "theorem3b", "small variances increase: nu_new > nu",
      PAPER "Theorem 3 (main text: nu >= 0.02; tau in [0.9, 1.25] for nu <= 0.24)",
      { "-0.1", "-0.1", "0.02", "0.9" }, { "0.1", "0.1", "0.24", "1.25" }, 1,
      { { "min_var_increase", SN_Q_VAR_INCREASE, SN_MIN, SN_ABOVE, "0", 0, NAN, NULL } } },
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
    [SN_Q_VAR_INCREASE] = "nu_new-nu",
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
    }
    return NAN;
}

int sn_quantity_eval(double *value, sn_quantity q, const double x[4], sn_selu p)
{
    sn_moments g;
    sn_jacobian j;
    int st = sn_map_full(&g, q == SN_Q_SPECTRAL_NORM ? &j : NULL,
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

static void offer(sn_extreme *best, const sn_objective *obj, size_t nobj, const double *vals,
                  const double x[4])
{
    for (size_t k = 0; k < nobj; k++)
        if (better(obj[k].sense, vals[k], best[k].value)) {
            best[k].value = vals[k];
            memcpy(best[k].at, x, sizeof best[k].at);
        }
}

static int needs_jacobian(const sn_objective *obj, size_t nobj)
{
    for (size_t k = 0; k < nobj; k++)
        if (obj[k].quantity == SN_Q_SPECTRAL_NORM) return 1;
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
    int status = sn_map_span(b->mu_new, b->nu_new, b->jac, b->pts, (size_t)n, p);
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
                if (better(obj[k].sense, best[k].value, out[k].value)) out[k] = best[k];
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
