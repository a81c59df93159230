/* fig_figure1.c - the paper's Figure 1 on Fashion-MNIST: training loss of self-normalizing
 * networks (SELU, LeCun weights) against ReLU networks with batch normalization (He weights),
 * at depths 8, 16 and 32 with as many units as inputs, plain SGD, batch 128 (the authors'
 * figure1/run.py and README); and, from the same runs, self-normalization during training
 * (the training-stats figure). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "figure.h"

enum { MAX_DEPTHS = 6, MODELS = 2 };

/* the two models of Figure 1 */
static const struct {
    const char *label;
    const char *activation;   /* a row of the activation table */
    sn_init init;
    sn_normalization normalization;
} MODEL[MODELS] = {
    { "SNN", "selu", SN_INIT_LECUN, SN_NORM_NONE },
    { "ReLU+BN", "relu", SN_INIT_HE, SN_NORM_BATCH },
};

typedef struct {
    fig_data *d;
    int run;
    const char *label;
    double t0;
    int progress;   /* one line per epoch on stderr, when it is a terminal */
} run_ctx;

static int on_step(void *ctx_, long step, double loss)
{
    run_ctx *c = ctx_;
    fig_dataset_select(c->d, 0);
    fig_row(c->d, (double[]){ c->run, (double)step, loss });
    return c->d->failed;
}

static int on_epoch(void *ctx_, int epoch, long step, double tl, double ta, double vl, double va)
{
    run_ctx *c = ctx_;
    double t = cli_now() - c->t0;
    fig_dataset_select(c->d, 1);
    fig_row(c->d, (double[]){ c->run, epoch, (double)step, tl, ta, vl, va, t });
    if (c->progress)
        fprintf(stderr, "figure1: %s: epoch %d: training loss %.4f, test accuracy %.2f%% (%.0f s)\n",
                c->label, epoch, tl, 100 * va, t);
    return c->d->failed;
}

static int on_probe(void *ctx_, long step, const sn_layer_stats *st, int depth)
{
    run_ctx *c = ctx_;
    fig_dataset_select(c->d, 2);
    fig_block(c->d);
    double box = 0, wide = 0, inside = 0, numin = INFINITY, numax = 0, mumax = 0;
    for (int l = 0; l < depth; l++) {
        fig_row(c->d, (double[]){ c->run, (double)step, st[l].layer, st[l].in_mean, st[l].in_var,
                                  st[l].omega_mean, st[l].omega_sd, st[l].tau_mean, st[l].tau_sd,
                                  st[l].in_theorem1_box, st[l].in_wide_box,
                                  st[l].inputs_in_theorem1_domain, st[l].grad_norm });
        box += st[l].in_theorem1_box / depth;
        wide += st[l].in_wide_box / depth;
        /* the first layer's inputs are the data, standardized: the theory speaks from layer 2 */
        if (l > 0) {
            inside += (double)st[l].inputs_in_theorem1_domain / (depth - 1);
            numin = fmin(numin, st[l].in_var);
            numax = fmax(numax, st[l].in_var);
            mumax = fmax(mumax, fabs(st[l].in_mean));
        }
    }
    fig_dataset_select(c->d, 3);
    fig_row(c->d, (double[]){ c->run, (double)step, box, wide, depth > 1 ? inside : NAN,
                              depth > 1 ? numin : NAN, depth > 1 ? numax : NAN, depth > 1 ? mumax : NAN });
    return c->d->failed;
}

static int parse_depths(int *depth, int *n, const char *text)
{
    *n = 0;
    for (const char *p = text;;) {
        char *end;
        long v = strtol(p, &end, 10);
        /* from 2: the statistics of layers 2..L are what the theorems speak of */
        if (end == p || (*end != ',' && *end) || v < 2 || v > 100 || *n == MAX_DEPTHS)
            return cli_usage_error("plot", "--depths: '%s' is not a list of up to %d depths 2 ... 100", text, MAX_DEPTHS);
        depth[(*n)++] = (int)v;
        if (!*end) break;
        p = end + 1;
    }
    return EXIT_OK;
}


/* per probe, over the layers (probe_summary): mean shares of units in the boxes, the share of
 * layers 2..L whose inputs lie in Theorem 1's (mu, nu) domain, and the range of their (mu, nu) */
static const fig_dataset_spec FIGURE1_DATASETS[] = {
    { "steps", "run step loss" },
    { "epochs", "run epoch step train_loss train_accuracy test_loss test_accuracy seconds" },
    { "probes", "run step layer in_mu in_nu omega_mean omega_sd tau_mean tau_sd in_theorem1_box "
                "in_wide_box inputs_in_theorem1_domain grad_norm" },
    { "probe_summary", "run step in_theorem1_box in_wide_box layers_in_theorem1_domain min_in_nu "
                       "max_in_nu max_abs_in_mu" },
    { NULL, NULL },
};
/* and its parameters (fig_check_params): the options, then the runs' labels and kinds */
#define FIGURE1_PARAMS "data$ subset epochs learning_rate depths$ seed probe_every full runs width " \
                       "batch run#_label$ run#_depth run#_snn"

static int write_figure1(fig_data *d, const fig_args *a)
{
    d->figure = "figure1";   /* training-stats draws the same data */
    int depth[MAX_DEPTHS], nd;
    const char *depths = a->depths ? a->depths : "8,16,32";
    if (parse_depths(depth, &nd, depths)) return EXIT_USAGE;
    /* the reduced default finishes in a few minutes on 2 cores; --full is the paper's */
    long subset = a->subset ? a->subset : a->full ? 0 : 10000;
    long epochs = a->epochs ? a->epochs : a->full ? 2000 : 3;
    double lr = !isnan(a->learning_rate) ? a->learning_rate : a->full ? 1e-5 : 0.01;
    long probe_every = a->probe_every ? a->probe_every : 20;
    if (a->subset < 0 || a->epochs < 0 || a->epochs > 100000 || a->probe_every < 0)
        return cli_usage_error("plot", "--subset, --epochs and --probe-every must be positive");
    if (!(lr > 0 && isfinite(lr))) return cli_usage_error("plot", "--learning-rate must be positive");
    const char *dir = a->data ? a->data : CLI_DEFAULT_DATA;
    sn_dataset train = { 0 }, test = { 0 };
    sn_standardizer s = { 0 };
    int rc = cli_load_dataset(&train, &test, &s, dir, subset, "plot");
    fig_input_text(d, "data", dir);
    fig_input_integer(d, "subset", (long)train.n);
    fig_input_integer(d, "epochs", epochs);
    fig_input_number(d, "learning_rate", lr);
    fig_input_text(d, "depths", depths);
    fig_input_integer(d, "seed", a->seed);
    fig_input_integer(d, "probe_every", probe_every);
    fig_input_integer(d, "full", a->full);
    fig_param_integer(d, "runs", nd * MODELS);
    fig_param_integer(d, "width", (long)train.dim);
    fig_param_integer(d, "batch", 128);
    fig_datasets_begin(d, FIGURE1_DATASETS);
    for (int k = 0; k < nd && !rc; k++)
        for (int m = 0; m < MODELS && !rc; m++) {
            int run = k * MODELS + m + 1;
            char key[32], label[48];
            snprintf(label, sizeof label, "%s, depth %d", MODEL[m].label, depth[k]);
            snprintf(key, sizeof key, "run%d_label", run);
            fig_param_text(d, key, label);
            snprintf(key, sizeof key, "run%d_depth", run);
            fig_param_integer(d, key, depth[k]);
            snprintf(key, sizeof key, "run%d_snn", run);
            fig_param_integer(d, key, m == 0);
            sn_train_config c = sn_train_defaults(depth[k], (int)train.dim);
            sn_act_parse(&c.activation, MODEL[m].activation, NULL, 0);   /* rows of the table */
            c.init = MODEL[m].init;
            c.normalization = MODEL[m].normalization;
            c.learning_rate = lr;
            c.seed = (unsigned long)a->seed;
            sn_net *net;
            char err[256];
            if (sn_net_alloc(&net, &c, (int)train.dim, train.classes, err, sizeof err)) {
                rc = cli_usage_error("plot", "%s", err);
                break;
            }
            /* a line per epoch on stderr, terminal or log: the runs take minutes */
            run_ctx ctx = { d, run, label, cli_now(), 1 };
            for (size_t set = 0; set < 4; set += set == 1 ? 2 : 1) {   /* a block per run: gnuplot's `every` */
                fig_dataset_select(d, set);
                fig_block(d);
            }
            sn_train_hooks h = { (int)epochs, probe_every, train.n < 500 ? (int)train.n : 500, &ctx,
                                 on_step, on_epoch, on_probe };
            int st = sn_train(net, train.x, train.y, train.n, test.x, test.y, test.n, &h);
            sn_net_free(net);
            /* a run that diverges is a result (Figure 1 is about exactly that), not a failure */
            if (st == GSL_ERANGE) fprintf(stderr, "figure1: %s diverged\n", label);
            else if (st) rc = cli_usage_error("plot", "training %s failed (%s)", label, cli_status_text(st));
        }
    sn_dataset_free(&train), sn_dataset_free(&test), sn_standardizer_free(&s);
    return rc;
}

const fig_figure FIG_FIGURE1 = {
    .name = "figure1",
    .datasets = FIGURE1_DATASETS,
    .params = FIGURE1_PARAMS,
    .brief = "the paper's Figure 1 on Fashion-MNIST: training loss, SNN against ReLU + BatchNorm",
    .description =
        "The paper's Figure 1 on Fashion-MNIST: the training loss of self-normalizing networks\n"
        "(SELU, LeCun weights) against ReLU networks with batch normalization after each\n"
        "activation (He weights), at depths 8, 16 and 32 with as many units per layer as\n"
        "inputs, plain SGD with batch 128 (the authors' figure1/run.py). Reduced by default so\n"
        "that it finishes in minutes on 2 cores: the first 10000 training examples, 3 epochs,\n"
        "learning rate 0.01; --full is the paper's setting (all data, learning rate 1e-5, 2000\n"
        "epochs: weeks on 2 cores). The same runs record self-normalization every --probe-every\n"
        "steps (default 20) on 500 training rows: `plot training-stats` draws it.\n\n"
        "Data: dataset 0 'steps' (run step loss: every minibatch's loss), 1 'epochs' (run epoch\n"
        "step train_loss train_accuracy test_loss test_accuracy seconds), 2 'probes' (run step\n"
        "layer in_mu in_nu omega_mean omega_sd tau_mean tau_sd in_theorem1_box in_wide_box\n"
        "inputs_in_theorem1_domain grad_norm), 3 'probe_summary' (run step in_theorem1_box\n"
        "in_wide_box layers_in_theorem1_domain min_in_nu max_in_nu max_abs_in_mu: over the\n"
        "layers); runs are numbered as runK_label says, one block each in 0 and 1.",
    .options = "data subset epochs learning-rate depths seed probe-every full",
    .max_grid = 2,
    .write = write_figure1,
    .data_of = "figure1",
};

const fig_figure FIG_TRAINING_STATS = {
    .name = "training-stats",
    .brief = "does training keep an SNN where the theorems hold? (Figure 1's runs)",
    .description =
        "Self-normalization during the training runs of `plot figure1` (the same options and\n"
        "data): per layer of each SNN, the share of units whose (omega, tau) lie in Theorem 1's\n"
        "box and in Theorems 2-3's wider tau range, the mean and variance of the layer's inputs\n"
        "against Theorem 1's (mu, nu) domain, and the weight gradients' norms, against the\n"
        "training step.\n\n"
        "Data: those of `plot figure1` (dataset 3 'probe_summary' is drawn); --data-file draws\n"
        "a saved `plot figure1` TSV without training again.",
    .options = "data subset epochs learning-rate depths seed probe-every full",
    .max_grid = 2,
    .write = write_figure1,
    .data_of = "figure1",
};
