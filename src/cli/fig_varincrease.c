/* fig_varincrease.c - the variance change ν̃ − ν over the domains of Theorems 2 and 3, as a
 * function of ν: its maximum over Theorem 2's (μ, ω, τ) box (negative: large variances
 * shrink) and its minimum over Theorem 3's two boxes (positive: small variances grow), with
 * the statements' ν ranges and the true edges, where the extreme crosses 0. */
#include <math.h>
#include "figure.h"

/* the three statements, their panels' ν axes, and the searched ν range for their edges */
static const struct {
    const char *statement;
    double nu_lo, nu_hi;     /* plotted */
    double edge_lo, edge_hi; /* where ν̃ − ν changes sign, if it does */
} CURVES[] = {
    { "theorem2", 1, 16, 1, 3 },
    { "theorem3a", 0.01, 0.8, 0.1, 1.5 },
    { "theorem3b", 0.01, 0.8, 0.1, 1.5 },
};
enum { NCURVES = 3, SAMPLES = 120 };

/* the objective's extreme at one ν over the statement's other axes */
static int extreme_at(double *value, const sn_theorem *th, const sn_box *domain, double nu,
                      sn_selu p, int grid)
{
    sn_box b = *domain;
    b.lo[SN_NU] = b.hi[SN_NU] = nu;
    sn_extreme e;
    int st = sn_box_extremes(&e, &th->objectives[0], 1, &b, p, grid);
    *value = st ? NAN : e.value;
    return st;
}

/* the ν in [lo, hi] where the extreme changes sign (bisection to 1e−6 relative), or NaN */
static double edge(const sn_theorem *th, const sn_box *domain, double lo, double hi, sn_selu p,
                   int grid)
{
    double flo, fhi, fmid;
    if (extreme_at(&flo, th, domain, lo, p, grid) || extreme_at(&fhi, th, domain, hi, p, grid) ||
        !(flo * fhi < 0))
        return NAN;
    while (hi - lo > 1e-6 * hi) {
        double mid = 0.5 * (lo + hi);
        if (extreme_at(&fmid, th, domain, mid, p, grid)) return NAN;
        if ((fmid < 0) == (flo < 0)) lo = mid, flo = fmid;
        else hi = mid;
    }
    return 0.5 * (lo + hi);
}

static int write_varincrease(fig_data *d, const fig_args *a)
{
    int grid = a->grid ? (int)a->grid : 5;
    fig_input_number(d, "alpha", a->selu.alpha);
    fig_input_number(d, "lambda", a->selu.lambda);
    fig_input_range(d, "omega_range", a->omega_range);   /* NaN: each statement's own */
    fig_input_range(d, "tau_range", a->tau_range);
    fig_input_integer(d, "grid", grid);
    sn_box boxes[NCURVES];
    const sn_theorem *th[NCURVES];
    for (int c = 0; c < NCURVES; c++) {
        th[c] = sn_theorem_find(CURVES[c].statement);
        sn_domain dom;
        sn_theorem_domain(&dom, th[c]);
        sn_domain_box(&boxes[c], &dom);
        if (!isnan(a->omega_range.lo)) boxes[c].lo[SN_OMEGA] = a->omega_range.lo, boxes[c].hi[SN_OMEGA] = a->omega_range.hi;
        if (!isnan(a->tau_range.lo)) boxes[c].lo[SN_TAU] = a->tau_range.lo, boxes[c].hi[SN_TAU] = a->tau_range.hi;
        char key[40];
        static const char *const AXES[4] = { "mu", "omega", "nu", "tau" };
        for (int k = 0; k < 4; k++) {
            snprintf(key, sizeof key, "%s_%s_lo", CURVES[c].statement, AXES[k]);
            fig_param_number(d, key, boxes[c].lo[k]);
            snprintf(key, sizeof key, "%s_%s_hi", CURVES[c].statement, AXES[k]);
            fig_param_number(d, key, boxes[c].hi[k]);
        }
        snprintf(key, sizeof key, "%s_edge", CURVES[c].statement);
        fig_param_number(d, key, edge(th[c], &boxes[c], CURVES[c].edge_lo, CURVES[c].edge_hi, a->selu, grid));
    }
    /* dataset 0: Theorem 2's maximum; dataset 1: Theorem 3a's and 3b's minima */
    fig_dataset_begin(d, "theorem2", "nu max_var_increase");
    for (int i = 0; i <= SAMPLES; i++) {
        double nu = CURVES[0].nu_lo * pow(CURVES[0].nu_hi / CURVES[0].nu_lo, (double)i / SAMPLES), v;
        extreme_at(&v, th[0], &boxes[0], nu, a->selu, grid);
        fig_row(d, (double[]){ nu, v });
    }
    fig_dataset_begin(d, "theorem3", "nu min_var_increase_3a min_var_increase_3b");
    for (int i = 0; i <= SAMPLES; i++) {
        double nu = CURVES[1].nu_lo + (CURVES[1].nu_hi - CURVES[1].nu_lo) * i / SAMPLES, v1, v2;
        extreme_at(&v1, th[1], &boxes[1], nu, a->selu, grid);
        extreme_at(&v2, th[2], &boxes[2], nu, a->selu, grid);
        fig_row(d, (double[]){ nu, v1, v2 });
    }
    return EXIT_OK;
}

const fig_figure FIG_VARINCREASE = {
    .name = "varincrease",
    .brief = "ν̃ − ν over the domains of Theorems 2 and 3: large variances shrink, small grow",
    .description =
        "The variance change ν̃ − ν as a function of ν: its maximum over the (μ, ω, τ) box of\n"
        "Theorem 2 (left: below 0 means every large variance shrinks) and its minimum over the\n"
        "boxes of Theorems 3a and 3b (right: above 0 means every small variance grows), found\n"
        "numerically (a grid of --grid points per axis, then Nelder–Mead; `selfnorm verify`\n"
        "proves the statements). Shaded: each statement's ν range; marked: the true edges,\n"
        "the ν where the extreme crosses 0. --omega-range and --tau-range replace those axes\n"
        "in every statement's box.\n\n"
        "Data: dataset 0 'theorem2' (nu max_var_increase), dataset 1 'theorem3' (nu\n"
        "min_var_increase_3a min_var_increase_3b); the boxes and edges as parameters.",
    .options = "alpha lambda omega-range tau-range grid",
    .max_grid = 30,
    .write = write_varincrease,
};
