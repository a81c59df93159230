/* fig_mlp.c - deep random networks measured against the theory: per layer, the mean and
 * variance of the activations and the norm of the backpropagated gradient, for a few
 * activation/initialization pairs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "figure.h"

enum { MAX_NETWORKS = 6 };

typedef struct {
    int act;                  /* index into CLI_ACTIVATIONS */
    sn_init init;
} network;

static int lookup(const char *word, size_t len, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strlen(names[i]) == len && !strncmp(names[i], word, len)) return i;
    return -1;
}

/* "ACT:INIT,..." (normalized weights need ω, τ: not offered here; `selfnorm mlp` has them) */
static int parse_networks(network *net, int *n, const char *text)
{
    *n = 0;
    for (const char *p = text;;) {
        size_t len = strcspn(p, ","), colon = strcspn(p, ":");
        if (colon >= len || *n == MAX_NETWORKS)
            return cli_usage_error("plot", "--networks: '%s' is not ACT:INIT,... (at most %d)", text, MAX_NETWORKS);
        int a = lookup(p, colon, CLI_ACTIVATIONS, 5), i = lookup(p + colon + 1, len - colon - 1, CLI_INITS, 2);
        if (a < 0 || i < 0)
            return cli_usage_error("plot", "--networks: '%.*s' is not ACT:INIT with ACT selu|relu|tanh|elu|linear, INIT lecun|he",
                                   (int)len, p);
        net[(*n)++] = (network){ a, (sn_init)i };
        if (!p[len]) break;
        p += len + 1;
    }
    return EXIT_OK;
}

static int write_mlp(fig_data *d, const fig_args *a)
{
    /* by default SELU, ReLU and tanh with LeCun weights N(0, 1/N) (τ = 1), and ReLU with its
     * own He weights N(0, 2/N) (τ = 2) */
    const char *networks = a->networks ? a->networks : "selu:lecun,relu:lecun,relu:he,tanh:lecun";
    network net[MAX_NETWORKS];
    int n;
    if (parse_networks(net, &n, networks)) return EXIT_USAGE;
    /* limits that keep the figure within about a minute (selfnorm mlp has none of these) */
    if (a->depth < 1 || a->depth > 200) return cli_usage_error("plot", "--depth must be between 1 and 200");
    if (a->width < 2 || a->width > 4096) return cli_usage_error("plot", "--width must be between 2 and 4096");
    if (a->batch < 2 || a->batch > 4096) return cli_usage_error("plot", "--batch must be between 2 and 4096");
    if (a->seed < 0) return cli_usage_error("plot", "--seed must be >= 0");
    if (!(a->nu > 0)) return cli_usage_error("plot", "--nu must be > 0");
    int D = (int)a->depth;
    fig_input_number(d, "mu", a->mu);
    fig_input_number(d, "nu", a->nu);
    fig_input_integer(d, "width", a->width);
    fig_input_integer(d, "depth", D);
    fig_input_integer(d, "batch", a->batch);
    fig_input_integer(d, "seed", a->seed);
    fig_input_text(d, "networks", networks);
    fig_param_integer(d, "nnetworks", n);
    char columns[FIG_MAX_COLUMNS * 32] = "layer";
    for (int k = 0; k < n; k++) {
        char key[24], label[48];
        snprintf(key, sizeof key, "network%d", k + 1);
        snprintf(label, sizeof label, "%s:%s", CLI_ACTIVATIONS[net[k].act], CLI_INITS[net[k].init]);
        fig_param_text(d, key, label);
        size_t len = strlen(columns);
        snprintf(columns + len, sizeof columns - len,
                 " mean%d var%d predicted_mean%d predicted_var%d grad%d predicted_grad%d", k + 1, k + 1,
                 k + 1, k + 1, k + 1, k + 1);
    }
    sn_mlp_layer *L = calloc((size_t)n * (D + 1), sizeof *L);
    if (!L) return cli_usage_error("plot", "out of memory");
    for (int k = 0; k < n; k++) {
        sn_mlp_config c = sn_mlp_defaults(D, (int)a->width, (int)a->batch);
        sn_act_parse(&c.activation, CLI_ACTIVATIONS[net[k].act], NULL, 0);   /* rows of the table */
        c.init = net[k].init;
        c.input_mean = a->mu;
        c.input_var = a->nu;
        c.seed = (unsigned long)a->seed;
        c.gradients = 1;
        int st = sn_mlp_check(&c);
        if (!st) st = sn_mlp_run(L + (size_t)k * (D + 1), &c);
        if (st) {
            free(L);
            return cli_usage_error("plot", "the network %s:%s could not run (%s)", CLI_ACTIVATIONS[net[k].act],
                                   CLI_INITS[net[k].init], cli_status_text(st));
        }
    }
    /* gradient norms relative to the output layer's: measured, and predicted as the product
     * of the predicted per-layer factors from the top down */
    fig_dataset_begin(d, "layers", columns);
    double pred[MAX_NETWORKS];
    for (int k = 0; k < n; k++) pred[k] = 1;
    double *rows = malloc((size_t)(D + 1) * (1 + 6 * MAX_NETWORKS) * sizeof *rows);
    if (!rows) {
        free(L);
        return cli_usage_error("plot", "out of memory");
    }
    for (int l = D; l >= 0; l--) {
        double *row = rows + (size_t)l * (1 + 6 * MAX_NETWORKS);
        row[0] = l;
        for (int k = 0; k < n; k++) {
            const sn_mlp_layer *x = &L[(size_t)k * (D + 1) + l], *top = &L[(size_t)k * (D + 1) + D];
            if (l < D) pred[k] *= L[(size_t)k * (D + 1) + l + 1].predicted_grad_factor;
            double v[6] = { x->mean, x->var, x->predicted_mean, x->predicted_var,
                            x->grad_norm / top->grad_norm, pred[k] };
            memcpy(row + 1 + 6 * k, v, sizeof v);
        }
    }
    for (int l = 0; l <= D; l++) fig_row(d, rows + (size_t)l * (1 + 6 * MAX_NETWORKS));
    free(rows);
    free(L);
    return EXIT_OK;
}

const fig_figure FIG_MLP = {
    .name = "mlp",
    .brief = "deep random networks, layer by layer: measured against the theory",
    .description =
        "Deep random networks from inputs N(μ, ν), measured (points) against the theory\n"
        "(lines, iterating g and its analogues): per layer the mean and the variance of the\n"
        "activations, and the norm of the gradient backpropagated from a random direction at\n"
        "the output, relative to the output's. Default networks: selu:lecun,relu:lecun,\n"
        "relu:he,tanh:lecun (LeCun N(0, 1/N), τ = 1; He N(0, 2/N), τ = 2); defaults μ = 0.5,\n"
        "ν = 3, width 512, depth 30, batch 512, seed 1.\n\n"
        "Data: dataset 0 'layers' (layer, then for the K-th network meanK varK\n"
        "predicted_meanK predicted_varK gradK predicted_gradK).",
    .options = "mu nu width depth batch seed networks",
    .max_grid = 2,
    .write = write_mlp,
};
