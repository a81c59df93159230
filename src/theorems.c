/* theorems.c - the theorems' domains and conditions as data; numeric extremes over a box. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include "selfnorm/theorems.h"
#include "selfnorm/moments.h"
#include "moments_internal.h"

/* Domains and published extremes: Klambauer et al. 2017, Theorems 1–3 and the authors'
 * published numeric extremes (DESIGN.md anchors). Published values are for comparison in
 * reports only; nothing is computed from them. */
const sn_theorem SN_THEOREMS[SN_NTHEOREMS] = {
    { "theorem1",
      "g maps [mu_lo, mu_hi] x [nu_lo, nu_hi] into itself and is a contraction there",
      { { -0.1, -0.1, 0.8, 0.95 }, { 0.1, 0.1, 1.5, 1.1 } }, 5,
      { { "max_spectral_norm", SN_Q_SPECTRAL_NORM, SN_MAX, SN_BELOW, 1.0, 0, 0.897608, NAN },
        { "mean_min", SN_Q_MEAN, SN_MIN, SN_AT_LEAST_LO, 0, SN_MU, -0.0310605, -0.03106 },
        { "mean_max", SN_Q_MEAN, SN_MAX, SN_AT_MOST_HI, 0, SN_MU, 0.0677251, 0.06773 },
        { "var_min", SN_Q_VAR, SN_MIN, SN_AT_LEAST_LO, 0, SN_NU, 0.803712, 0.80009 },
        { "var_max", SN_Q_VAR, SN_MAX, SN_AT_MOST_HI, 0, SN_NU, 1.48157, 1.48617 } } },
    { "theorem2", "large variances decrease: nu_new < nu",
      { { -1, -0.1, 3, 0.8 }, { 1, 0.1, 16, 1.25 } }, 1,
      { { "max_var_increase", SN_Q_VAR_INCREASE, SN_MAX, SN_BELOW, 0.0, 0, -0.119744, NAN } } },
    { "theorem3a", "small variances increase: nu_new > nu",
      { { -0.1, -0.1, 0.02, 0.8 }, { 0.1, 0.1, 0.16, 1.25 } }, 1,
      { { "min_var_increase", SN_Q_VAR_INCREASE, SN_MIN, SN_ABOVE, 0.0, 0, NAN, NAN } } },
    { "theorem3b", "small variances increase: nu_new > nu",
      { { -0.1, -0.1, 0.02, 0.9 }, { 0.1, 0.1, 0.24, 1.25 } }, 1,
      { { "min_var_increase", SN_Q_VAR_INCREASE, SN_MIN, SN_ABOVE, 0.0, 0, NAN, NAN } } },
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

int sn_objective_holds(const sn_objective *obj, const sn_box *box, double value)
{
    switch (obj->condition) {
    case SN_BELOW: return value < obj->bound;
    case SN_ABOVE: return value > obj->bound;
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
        double vals[5];
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
        sn_extreme best[5];
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
    if (nobj > 5 || grid < 2 || sn_box_check(box) != GSL_SUCCESS || sn_selu_check(p))
        return GSL_EDOM;
    int status = grid_search(out, obj, nobj, box, p, grid);
    if (status) return status;
    for (size_t k = 0; k < nobj; k++) refine(&out[k], &obj[k], box, p);
    return GSL_SUCCESS;
}
