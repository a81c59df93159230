/* fig_boxes.c - the branch-and-bound of a rigorous proof, seen on (μ, ν): for each cell of a
 * grid over the statement's (μ, ν) domain, the worst bound of the proof boxes that meet it
 * (the largest upper bound for a maximum, the smallest lower bound for a minimum: the worst
 * over ω and τ) and how many boxes meet it (where the proof worked hardest). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "figure.h"

static const sn_objective *find_objective(const sn_theorem *th, const char *key)
{
    for (size_t k = 0; k < th->nobjectives; k++)
        if (!key || !strcmp(th->objectives[k].key, key)) return &th->objectives[k];
    return NULL;
}

/* the cells [first, last] of an axis of n cells over [lo, hi] that meet [a, b] */
static void cell_span(long *first, long *last, double a, double b, double lo, double hi, long n)
{
    double h = (hi - lo) / n;
    *first = (long)floor((a - lo) / h);
    *last = (long)ceil((b - lo) / h) - 1;
    if (*first < 0) *first = 0;
    if (*last > n - 1) *last = n - 1;
    if (*last < *first) *last = *first;
}

static int write_boxes(fig_data *d, const fig_args *a)
{
    const char *name = a->statement ? a->statement : "theorem1";
    const sn_theorem *th = sn_theorem_find(name);
    if (!th) {
        const char *names[SN_NTHEOREMS];
        for (int i = 0; i < SN_NTHEOREMS; i++) names[i] = SN_THEOREMS[i].name;
        const char *near = cli_closest(name, strlen(name), names, SN_NTHEOREMS);
        if (near) return cli_usage_error("plot", "--statement: unknown statement '%s'; did you mean '%s'?", name, near);
        return cli_usage_error("plot", "--statement: unknown statement '%s' (see selfnorm verify list)", name);
    }
    const sn_objective *obj = find_objective(th, a->objective ? a->objective : a->statement ? NULL : "max_spectral_norm");
    if (!obj) {
        char keys[256] = "";
        for (size_t k = 0; k < th->nobjectives; k++)
            snprintf(keys + strlen(keys), sizeof keys - strlen(keys), "%s%s", k ? ", " : "", th->objectives[k].key);
        return cli_usage_error("plot", "--objective: %s has no objective '%s' (it has %s)", name, a->objective, keys);
    }
    sn_domain dom;
    sn_theorem_domain(&dom, th);
    sn_box box;
    sn_domain_box(&box, &dom);
    if (!(box.lo[SN_MU] < box.hi[SN_MU] && box.lo[SN_NU] < box.hi[SN_NU]))
        return cli_usage_error("plot", "%s's (μ, ν) domain is not two-dimensional: nothing to draw", name);
    sn_selu_exact c01 = sn_selu_exact01();
    sn_enclosure e;
    sn_leaf *leaves = NULL;
    size_t nleaves = 0;
    int st = sn_certify_extreme_leaves(&e, &leaves, &nleaves, obj, &dom, &c01, NULL, 1e-4, 200000, 128);
    if (st) {
        free(leaves);
        return cli_usage_error("plot", "the proof of %s failed (%s)", name, cli_status_text(st));
    }
    long n = a->grid ? a->grid : 160;
    int is_max = obj->sense == SN_MAX;
    fig_input_text(d, "statement", name);
    fig_input_text(d, "objective", obj->key);
    fig_input_integer(d, "grid", n);
    fig_param_text(d, "sense", is_max ? "max" : "min");
    for (int k = 0; k < 4; k++) {
        static const char *const AXES[4] = { "mu", "omega", "nu", "tau" };
        char key[16];
        snprintf(key, sizeof key, "%s_lo", AXES[k]);
        fig_param_number(d, key, box.lo[k]);
        snprintf(key, sizeof key, "%s_hi", AXES[k]);
        fig_param_number(d, key, box.hi[k]);
    }
    fig_param_integer(d, "boxes", (long)nleaves);
    fig_param_number(d, "enclosure_lo", e.lo);
    fig_param_number(d, "enclosure_hi", e.hi);
    double *worst = malloc((size_t)n * n * sizeof *worst);
    double *count = calloc((size_t)n * n, sizeof *count);
    if (!worst || !count) {
        free(worst), free(count), free(leaves);
        return cli_usage_error("plot", "out of memory");
    }
    for (long i = 0; i < n * n; i++) worst[i] = NAN;
    for (size_t b = 0; b < nleaves; b++) {
        long i0, i1, j0, j1;
        cell_span(&i0, &i1, leaves[b].lo[SN_MU], leaves[b].hi[SN_MU], box.lo[SN_MU], box.hi[SN_MU], n);
        cell_span(&j0, &j1, leaves[b].lo[SN_NU], leaves[b].hi[SN_NU], box.lo[SN_NU], box.hi[SN_NU], n);
        for (long i = i0; i <= i1; i++)
            for (long j = j0; j <= j1; j++) {
                /* the prover bounds sign·f from above: −bound is f's lower bound for a minimum */
                double *w = &worst[i * n + j], v = is_max ? leaves[b].bound : -leaves[b].bound;
                if (isnan(*w) || (is_max ? v > *w : v < *w)) *w = v;
                count[i * n + j]++;
            }
    }
    double most = 1;
    for (long i = 0; i < n * n; i++) most = fmax(most, count[i]);
    fig_param_integer(d, "max_boxes_per_cell", (long)most);
    fig_dataset_begin(d, "cells", "mu nu worst_bound boxes");
    double hm = (box.hi[SN_MU] - box.lo[SN_MU]) / n, hn = (box.hi[SN_NU] - box.lo[SN_NU]) / n;
    for (long i = 0; i < n; i++) {
        fig_block(d);
        for (long j = 0; j < n; j++)
            fig_row(d, (double[]){ box.lo[SN_MU] + (i + 0.5) * hm, box.lo[SN_NU] + (j + 0.5) * hn,
                                   worst[i * n + j], count[i * n + j] });
    }
    free(worst), free(count), free(leaves);
    return EXIT_OK;
}

const fig_figure FIG_BOXES = {
    .name = "boxes",
    .brief = "a rigorous proof's boxes on (μ, ν): worst bound and effort per cell",
    .description =
        "The branch-and-bound of the rigorous proof of one objective of a statement (default\n"
        "theorem1's max_spectral_norm, the contraction; for another --statement its first\n"
        "objective unless --objective names one), seen on a grid of (μ, ν) cells over the statement's\n"
        "domain: left, the worst bound of the proof boxes meeting each cell (largest upper\n"
        "bound for a maximum, smallest lower bound for a minimum), i.e. the worst over ω and τ\n"
        "and over every box that touches the cell; right, how many boxes meet it. Proof at\n"
        "128 bits, boxes down to width 1e-4, as `verify --rigorous`. Default grid 160.\n\n"
        "Data: dataset 0 'cells' (mu nu worst_bound boxes), one block per μ.",
    .options = "statement objective grid",
    .max_grid = 400,
    .write = write_boxes,
};
