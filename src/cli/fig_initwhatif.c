/* fig_initwhatif.c - the initialization what-if of `selfnorm init` as a figure: the variance
 * layer by layer, predicted (the layer map of propagate.h) and measured (the random network of
 * mlp.h drawn from the initializer), for PyTorch's kaiming_normal with the SELU gain 3/4 and
 * with gain 1 ('linear', the docs' advice), and Keras' lecun_normal. */
#include <math.h>
#include <stdlib.h>
#include "figure.h"
#include "selfnorm/init.h"
#include "selfnorm/propagate.h"

static const struct { const char *init, *nonlinearity, *label; } CASES[] = {
    { "kaiming_normal", "selu", "torch_selu" },
    { "kaiming_normal", "linear", "torch_linear" },
    { "lecun_normal", NULL, "keras_lecun" },
};
#define NCASES (sizeof CASES / sizeof CASES[0])
#define COLUMNS "layer torch_selu_pred torch_selu_meas torch_linear_pred torch_linear_meas keras_lecun_pred keras_lecun_meas"

static int write_initwhatif(fig_data *d, const fig_args *a)
{
    /* limits that keep the figure within about a minute, as the mlp figure's */
    if (a->depth < 1 || a->depth > 200) return cli_usage_error("plot", "--depth must be between 1 and 200");
    if (a->width < 2 || a->width > 4096) return cli_usage_error("plot", "--width must be between 2 and 4096");
    if (a->batch < 2 || a->batch > 4096) return cli_usage_error("plot", "--batch must be between 2 and 4096");
    if (a->seed < 0) return cli_usage_error("plot", "--seed must be >= 0");
    int D = (int)a->depth, N = (int)a->width;
    fig_input_integer(d, "width", N);
    fig_input_integer(d, "depth", D);
    fig_input_integer(d, "batch", a->batch);
    fig_input_integer(d, "seed", a->seed);
    sn_act selu = sn_act_selu(sn_selu_default().alpha, sn_selu_default().lambda);
    sn_layer_out *P = malloc(NCASES * ((size_t)D + 1) * sizeof *P);
    sn_mlp_layer *M = malloc(NCASES * ((size_t)D + 1) * sizeof *M);
    if (!P || !M) {
        free(P); free(M);
        return cli_usage_error("plot", "out of memory");
    }
    for (size_t k = 0; k < NCASES; k++) {
        sn_init_spec s = sn_init_spec_default();
        s.name = CASES[k].init;
        s.nonlinearity = CASES[k].nonlinearity;
        s.fan_in = s.fan_out = N;
        sn_weights w;
        sn_unit_stats u;
        char err[200], key[48];
        int st = sn_init_resolve(&w, &s, NULL, NULL, err, sizeof err);
        if (!st) st = sn_init_unit_stats(&u, &w, N, N);
        sn_layer_model m = { &selu, u.omega_mean, u.omega_sd * u.omega_sd, u.tau_mean, 0 };
        if (!st) st = sn_propagate(P + k * ((size_t)D + 1), (size_t)D, &m, 0, 1, NULL);
        sn_mlp_config c = sn_mlp_defaults(D, N, (int)a->batch);
        c.init = SN_INIT_WEIGHTS;
        c.weights = w;
        c.seed = (unsigned long)a->seed;
        if (!st) st = sn_mlp_check(&c);
        if (!st) st = sn_mlp_run(M + k * ((size_t)D + 1), &c);
        if (st) {
            free(P); free(M);
            return cli_usage_error("plot", "initwhatif: %s could not run (%s)", CASES[k].label, cli_status_text(st));
        }
        snprintf(key, sizeof key, "tau_%s", CASES[k].label);
        fig_param_number(d, key, u.tau_mean);
        sn_prop_verdict v;
        snprintf(key, sizeof key, "nu_limit_%s", CASES[k].label);
        fig_param_number(d, key, sn_propagate_verdict(&v, &m, 0, 1, 20000) || v.kind != SN_PROP_NORMALIZING ? NAN : v.nu);
    }
    fig_dataset_begin(d, "layers", COLUMNS);
    for (int l = 0; l <= D; l++) {
        double row[1 + 2 * NCASES] = { l };
        for (size_t k = 0; k < NCASES; k++) {
            row[1 + 2 * k] = P[k * ((size_t)D + 1) + (size_t)l].nu;
            row[2 + 2 * k] = M[k * ((size_t)D + 1) + (size_t)l].var;
        }
        fig_row(d, row);
    }
    free(P);
    free(M);
    return EXIT_OK;
}

static const fig_dataset_spec INITWHATIF_DATA[] = { { "layers", COLUMNS }, { NULL, NULL } };

const fig_figure FIG_INITWHATIF = {
    .name = "initwhatif",
    .brief = "variance by layer under PyTorch's and Keras' SELU initializations",
    .description =
        "The initialization what-if of `selfnorm init`: the variance of a SELU network's\n"
        "activations layer by layer from inputs N(0, 1), predicted (lines: the layer map mixed\n"
        "over units) and measured (points: the random network with weights drawn from the\n"
        "initializer), for PyTorch kaiming_normal with nonlinearity 'selu' (gain 3/4, tau =\n"
        "9/16) and 'linear' (gain 1, tau = 1), and Keras lecun_normal (truncated, tau = 1).\n"
        "Defaults: width 512, depth 30, batch 512, seed 1.\n\n"
        "Data: dataset 0 'layers' (" COLUMNS ").",
    .options = "width depth batch seed",
    .max_grid = 2,
    .write = write_initwhatif,
    .datasets = INITWHATIF_DATA,
};
