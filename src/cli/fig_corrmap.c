/* fig_corrmap.c - the mean-field correlation map c -> c' of two inputs through one layer
 * (Poole et al. 2016; propagate.h), for a few activations at their usual weights. */
#include <math.h>
#include "figure.h"
#include "selfnorm/propagate.h"

/* activations and the τ of their customary initialization (SELU, tanh, GELU: LeCun τ = 1;
 * ReLU: He τ = 2), each at its second moment's fixed point q* where it has one, else q = 1 */
static const struct { const char *spec; double tau; } CURVES[] = {
    { "selu", 1 }, { "relu", 2 }, { "tanh", 1 }, { "gelu", 1 }, { "linear", 1 },
};
#define NCURVES (sizeof CURVES / sizeof CURVES[0])

static int write_corrmap(fig_data *d, const fig_args *a)
{
    long n = a->grid ? a->grid : 41;
    fig_input_integer(d, "grid", n);
    sn_act act[NCURVES];
    double q[NCURVES];
    for (size_t k = 0; k < NCURVES; k++) {
        if (sn_act_parse(&act[k], CURVES[k].spec, NULL, 0))
            return cli_usage_error("plot", "corrmap: activation '%s' missing from the table", CURVES[k].spec);
        sn_mean_field mf;
        char name[32];
        int st = sn_mean_field_eval(&mf, &act[k], CURVES[k].tau, 1);
        q[k] = st ? 1 : mf.q_star;
        snprintf(name, sizeof name, "q_%s", CURVES[k].spec);
        fig_param_number(d, name, q[k]);
        /* whether q is the fixed point q*: only there is the slope at c = 1 the χ₁ of the
         * order/chaos classification (tanh at τ = 1 has no q* > 0: its q is 1 for the picture) */
        snprintf(name, sizeof name, "fixed_%s", CURVES[k].spec);
        fig_param_integer(d, name, st == GSL_SUCCESS);
        snprintf(name, sizeof name, "tau_%s", CURVES[k].spec);
        fig_param_number(d, name, CURVES[k].tau);
        snprintf(name, sizeof name, "slope1_%s", CURVES[k].spec);
        sn_corr one;
        fig_param_number(d, name, sn_corr_map(&one, &act[k], CURVES[k].tau, q[k], 1) ? NAN : one.slope);
    }
    fig_dataset_begin(d, "corr", "c selu relu tanh gelu linear");
    double max_err = 0;
    for (long i = 0; i < n; i++) {
        double c = -1 + 2.0 * (double)i / (double)(n - 1), row[1 + NCURVES];
        row[0] = c;
        for (size_t k = 0; k < NCURVES; k++) {
            sn_corr r;
            int st = sn_corr_map(&r, &act[k], CURVES[k].tau, q[k], c);
            row[1 + k] = st ? NAN : r.c_new;
            if (!st) max_err = fmax(max_err, r.err);
        }
        fig_row(d, row);
    }
    fig_param_number(d, "max_err", max_err);
    return EXIT_OK;
}

static const fig_dataset_spec CORRMAP_DATA[] = { { "corr", "c selu relu tanh gelu linear" }, { NULL, NULL } };

const fig_figure FIG_CORRMAP = {
    .name = "corrmap",
    .brief = "the correlation map c -> c' of two inputs through a layer (mean field)",
    .description =
        "The map of the raw correlation c of two inputs through one random layer (Poole et al.\n"
        "2016; include/selfnorm/propagate.h): c' = E[f(u_a) f(u_b)] / E f(u)^2 with\n"
        "(u_a, u_b) ~ N(0, tau q [[1, c], [c, 1]]), by nested adaptive quadrature, for SELU,\n"
        "tanh, GELU (tau = 1), ReLU (tau = 2) and linear, each at its second moment's fixed\n"
        "point q* (else q = 1). Its slope at c = 1 is chi1 where q = q* (the legend says which\n"
        "curves are at q*; each at its own tau); where it crosses the diagonal is c*. The linear\n"
        "curve is the diagonal c' = c itself (drawn wide beneath it). Default grid 41 points.\n\n"
        "Data: dataset 0 'corr' (c selu relu tanh gelu linear).",
    .options = "grid",
    .max_grid = 201,
    .write = write_corrmap,
    .datasets = CORRMAP_DATA,
};
