/* cmd_train.c - `selfnorm train`: train a fully connected network on an image dataset and
 * watch self-normalization while it trains. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <omp.h>
#include "figure.h"


const cli_command CMD_TRAIN = {
    .name = "train",
    .synopsis = "[--data DIR] [--subset N] [--depth L] [--width N] [--activation NAME[:PARAMS]] [--init I]\n"
                "       [--alpha A --lambda L] [--normalization none|batch] [--dropout P]\n"
                "       [--input-dropout P] [--learning-rate R] [--momentum M] [--epochs E] [--batch B]\n"
                "       [--seed S] [--dtype float|double] [--probe-every K] [--probe-rows N]\n"
                "       [--save FILE.npz] [--load FILE.npz] [--json | --tsv]",
    .brief = "train a network on Fashion-MNIST (or MNIST, CIFAR-10) and watch it self-normalize",
    .summary =
        "Train a fully connected network with minibatch SGD on softmax cross-entropy, and watch\n"
        "self-normalization during training: on a fixed probe batch, for every hidden layer, the\n"
        "mean and variance of its inputs and outputs, each unit's omega_j = sum_i W_ij and\n"
        "tau_j = sum_i W_ij^2, the share of units in Theorem 1's (omega, tau) box and in the wider\n"
        "box of Theorems 2 and 3, whether the inputs' (mu, nu) lie in Theorem 1's domain, and the\n"
        "weight gradient's norm.",
    .details =
        "Data: --data DIR holds MNIST-format (IDX) files, gzipped or not (train-images-idx3-ubyte,\n"
        "train-labels-idx1-ubyte, t10k-...), or CIFAR-10's binary version (data_batch_1.bin ...\n"
        "test_batch.bin); default " CLI_DEFAULT_DATA " (Debian's dataset-fashion-mnist).\n"
        "Inputs are standardized to zero mean and unit variance per feature over the training set\n"
        "(the paper's preprocessing); a feature constant there is set to 0, in the test set too.\n"
        "--subset N keeps the first N training examples.\n\n"
        "The network (as the authors' figure1/run.py): --depth hidden layers of --width units\n"
        "(default: as many as input features), --activation any row of 'selfnorm activations' (e.g. gelu, silu, elu:0.5), --init\n"
        "lecun|he (default he for relu, lecun otherwise), --normalization batch puts batch\n"
        "normalization after each hidden activation, --dropout P is alpha dropout for selu and\n"
        "standard dropout otherwise, --input-dropout P standard dropout of the inputs. Plain SGD\n"
        "(--momentum for momentum), batch 128, learning rate 0.01, 1 epoch, seed 1, float\n"
        "(--dtype double). Deterministic for a seed and a thread count.\n\n"
        "Output: one line per epoch (losses and accuracies on the training and test sets at\n"
        "evaluation) and the last probe's table; --json or --tsv print the curves instead:\n"
        "'epochs', 'steps' (every step's minibatch loss) and 'probes' (every probe, one block\n"
        "each), in the data format of `selfnorm plot`. Progress goes to stderr: a live line on a\n"
        "terminal, one line per epoch otherwise. --probe-every K probes every K steps and after\n"
        "the last (default: after each epoch) on --probe-rows training rows (default 1000).\n"
        "Columns of 'probes': in_mu, in_nu and mu, nu are the mean and variance of the layer's\n"
        "inputs and outputs; omega_mean, omega_sd, tau_mean, tau_sd those of its units' omega_j\n"
        "and tau_j; in_theorem1_box and in_wide_box the shares of units with (omega_j, tau_j) in\n"
        "[-0.1, 0.1] x [0.95, 1.1] and in [-0.1, 0.1] x [0.8, 1.25]; inputs_in_theorem1_domain\n"
        "1 if (in_mu, in_nu) lies in [-0.1, 0.1] x [0.8, 1.5]; grad_norm the norm of the last\n"
        "minibatch's weight gradient (null before the first). Accuracies are fractions in JSON\n"
        "and TSV, percentages in the text.\n\n"
        "--save FILE.npz writes the weights as NumPy arrays (W0, b0, ..., and the inputs'\n"
        "standardization input_mean, input_sd: x -> (x - input_mean)/input_sd, and 0 where\n"
        "input_sd is 0); --load FILE.npz starts from them, standardizing with the saved\n"
        "input_mean and input_sd when the file has them; --load with --epochs 0 evaluates the\n"
        "saved network (printed as epoch 0). The layout: W{l} is fan_in x fan_out and layer l\n"
        "computes f(x W{l} + b{l}); l = depth is the output layer; with batch normalization,\n"
        "gamma{l}, beta{l} and the running averages mean{l}, var{l} (eps 1e-3) follow f.\n\n"
        "Training stops with exit 1 when it diverges: a minibatch loss not finite or above\n"
        "100 ln(classes), a hundred times a uniform guess's.\n",
    .run = cmd_train,
};

typedef struct {
    fig_data *d;
    int progress_tty;
    long steps_per_epoch, total_steps;
    int epochs;
    double t0, running;
} train_ctx;

static int on_step(void *ctx_, long step, double loss)
{
    train_ctx *c = ctx_;
    fig_dataset_select(c->d, 1);
    fig_row(c->d, (double[]){ (double)step, loss });
    /* the mean minibatch loss of the epoch so far: what the epoch's line will be close to */
    long in_epoch = (step - 1) % c->steps_per_epoch + 1;
    c->running = in_epoch == 1 ? loss : c->running + (loss - c->running) / (double)in_epoch;
    if (c->progress_tty && (step % 10 == 0 || step == c->total_steps)) {
        double el = cli_now() - c->t0, left = el / step * (c->total_steps - step);
        fprintf(stderr, "\rtrain: epoch %ld/%d, step %ld/%ld, mean minibatch loss %.4f, %.0f s, about %.0f s left   ",
                (step - 1) / c->steps_per_epoch + 1, c->epochs, step, c->total_steps, c->running, el, left);
    }
    return c->d->failed;
}

static int on_epoch(void *ctx_, int epoch, long step, double tl, double ta, double vl, double va)
{
    train_ctx *c = ctx_;
    double el = cli_now() - c->t0;
    fig_dataset_select(c->d, 0);
    fig_row(c->d, (double[]){ epoch, (double)step, tl, ta, vl, va, el });
    fprintf(stderr, "%strain: epoch %d/%d: training loss %.4f, accuracy %.2f%%; test loss %.4f, accuracy %.2f%%; %.1f s\n",
            c->progress_tty ? "\r" : "", epoch, c->epochs, tl, 100 * ta, vl, 100 * va, el);
    return c->d->failed;
}

static int on_probe(void *ctx_, long step, const sn_layer_stats *st, int depth)
{
    train_ctx *c = ctx_;
    fig_dataset_select(c->d, 2);
    fig_block(c->d);
    for (int l = 0; l < depth; l++)
        fig_row(c->d, (double[]){ (double)step, st[l].layer, st[l].in_mean, st[l].in_var, st[l].mean,
                                  st[l].var, st[l].omega_mean, st[l].omega_sd, st[l].tau_mean,
                                  st[l].tau_sd, st[l].in_theorem1_box, st[l].in_wide_box,
                                  st[l].inputs_in_theorem1_domain, st[l].grad_norm });
    return c->d->failed;
}

/* the last block of the probes: the table printed at the end */
static void print_summary(const fig_data *d)
{
    const fig_dataset *e = &d->sets[0], *p = &d->sets[2];
    for (size_t r = 0; r < e->nrows; r++) {
        const double *v = e->values + r * e->ncolumns;
        printf("epoch %d: training loss %.4f, accuracy %.2f%%; test loss %.4f, accuracy %.2f%% (%.1f s)\n",
               (int)v[0], v[2], 100 * v[3], v[4], 100 * v[5], v[6]);
    }
    if (!p->nblocks) return;
    size_t first = p->block_start[p->nblocks - 1];
    printf("\nself-normalization at step %.0f (probe batch, evaluation mode; the units whose (omega, tau)\n"
           "lie in Theorem 1's box [-0.1, 0.1] x [0.95, 1.1] and in Theorem 2's [-0.1, 0.1] x [0.8, 1.25]):\n"
           "layer  inputs mu      nu    outputs mu      nu   omega mean  sd     tau mean  sd     "
           "in Thm 1 box  in Thm 2 box  (mu,nu) in Thm 1  |dW|\n", p->values[first * p->ncolumns]);
    for (size_t r = first; r < p->nrows; r++) {
        const double *v = p->values + r * p->ncolumns;
        char grad[32] = "-";   /* no gradient yet at step 0 */
        if (isfinite(v[13])) snprintf(grad, sizeof grad, "%.3g", v[13]);
        printf("%5.0f  %9.4f %7.4f  %9.4f %7.4f  %10.4f %6.4f  %8.4f %6.4f  %11.1f%%  %10.1f%%  %16s  %s\n",
               v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], 100 * v[10], 100 * v[11],
               v[12] ? "yes" : "no", grad);
    }
}

int cli_read_dataset(sn_dataset *train, sn_dataset *test, const char *dir, long subset,
                     const char *cmd)
{
    char err[512] = "";
    sn_data_format fmt;
    int st = sn_dataset_load_dir(train, test, &fmt, dir, err, sizeof err);
    if (st) return cli_usage_error(cmd, "%s", err);
    if (subset && (st = sn_dataset_subset(train, (size_t)subset, err, sizeof err)))
        return cli_usage_error(cmd, "--subset: %s", err);
    return EXIT_OK;
}

int cli_standardize(sn_dataset *train, sn_dataset *test, sn_standardizer *s, const char *cmd)
{
    if (!s->dim && sn_standardizer_fit(s, train)) return cli_usage_error(cmd, "out of memory standardizing the data");
    int st = sn_standardizer_apply(train, s);
    if (!st) st = sn_standardizer_apply(test, s);
    if (st == GSL_ERANGE)
        return cli_usage_error(cmd, "the standardization (input_mean, input_sd) makes inputs that "
                               "are not finite in float");
    if (st) return cli_usage_error(cmd, "the standardization does not fit the data (%s)", cli_status_text(st));
    return EXIT_OK;
}

int cli_load_dataset(sn_dataset *train, sn_dataset *test, sn_standardizer *s, const char *dir,
                     long subset, const char *cmd)
{
    int rc = cli_read_dataset(train, test, dir, subset, cmd);
    return rc ? rc : cli_standardize(train, test, s, cmd);
}

int cmd_train(int argc, char **argv)
{
    const char *data = CLI_DEFAULT_DATA, *act = "selu", *init = NULL, *norm = "none", *dtype = "float";
    const char *save = NULL, *load = NULL;
    long subset = 0, depth = 8, width = 0, epochs = 1, batch = 128, seed = 1, probe_every = 0,
         probe_rows = 1000;
    double dropout = 0, input_dropout = 0, lr = 0.01, momentum = 0;
    sn_selu selu = sn_selu_default();
    int json = 0, tsv = 0;
    cli_opt opts[] = {
        { "data", OPT_STRING, &data, "DIR", "IDX (MNIST format) or CIFAR-10 binary files (default Fashion-MNIST)", 0, 0 },
        { "subset", OPT_LONG, &subset, "N", "train on the first N training examples", 0, 0 },
        { "depth", OPT_LONG, &depth, "L", "hidden layers (default 8)", 0, 0 },
        { "width", OPT_LONG, &width, "N", "units per hidden layer (default: the input dimension)", 0, 0 },
        { "activation", OPT_STRING, &act, "NAME[:PARAMS]", ACTIVATION_HELP, 0, 0 },
        { "init", OPT_STRING, &init, "I", "lecun or he (default he for relu, lecun otherwise)", 0, 0 },
        { "alpha", OPT_DOUBLE, &selu.alpha, "A", "SELU alpha (default alpha01)", 0, 0 },
        { "lambda", OPT_DOUBLE, &selu.lambda, "L", "SELU lambda (default lambda01)", 0, 0 },
        { "normalization", OPT_STRING, &norm, "N", "none or batch (after each hidden activation)", 0, 0 },
        { "dropout", OPT_DOUBLE, &dropout, "P", "hidden dropout rate (alpha dropout for selu)", 0, 0 },
        { "input-dropout", OPT_DOUBLE, &input_dropout, "P", "dropout rate of the inputs", 0, 0 },
        { "learning-rate", OPT_DOUBLE, &lr, "R", "SGD step size (default 0.01)", 0, 0 },
        { "momentum", OPT_DOUBLE, &momentum, "M", "in [0, 1) (default 0: plain SGD)", 0, 0 },
        { "epochs", OPT_LONG, &epochs, "E", "passes over the training set (default 1)", 0, 0 },
        { "batch", OPT_LONG, &batch, "B", "minibatch size (default 128)", 0, 0 },
        { "seed", OPT_LONG, &seed, "S", "random seed (default 1)", 0, 0 },
        { "dtype", OPT_STRING, &dtype, "T", "float (default) or double", 0, 0 },
        { "probe-every", OPT_LONG, &probe_every, "K", "probe every K steps (default: each epoch)", 0, 0 },
        { "probe-rows", OPT_LONG, &probe_rows, "N", "rows of the probe batch (default 1000)", 0, 0 },
        { "save", OPT_STRING, &save, "FILE", "write the weights as NumPy .npz", 0, 0 },
        { "load", OPT_STRING, &load, "FILE", "start from weights saved with --save", 0, 0 },
        { "json", OPT_FLAG, &json, NULL, "print the curves as one JSON object", 0, 0 },
        { "tsv", OPT_FLAG, &tsv, NULL, "print the curves as TSV (plot's data format)", 0, 0 },
    };
    size_t nopts = sizeof opts / sizeof opts[0];
    int rc = cli_parse(argc, argv, opts, nopts, &CMD_TRAIN, NULL, 0, NULL);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    int in = -1;
    sn_act activation;
    static const char *const norms[] = { "none", "batch" }, *const dtypes[] = { "float", "double" };
    int nm = -1, dt = -1;
    if ((rc = cli_activation("train", act, &activation))) return rc;
    in = init ? -1 : (strcmp(sn_act_name(&activation), "relu") == 0 ? SN_INIT_HE : SN_INIT_LECUN);
    for (int k = 0; init && k < 2; k++) if (!strcmp(init, CLI_INITS[k])) in = k;
    if (in < 0) return cli_usage_error("train", "--init: '%s' is not lecun or he", init);
    for (int k = 0; k < 2; k++) if (!strcmp(norm, norms[k])) nm = k;
    if (nm < 0) return cli_usage_error("train", "--normalization: '%s' is not none or batch", norm);
    for (int k = 0; k < 2; k++) if (!strcmp(dtype, dtypes[k])) dt = k;
    if (dt < 0) return cli_usage_error("train", "--dtype: '%s' is not float or double", dtype);
    if (json && tsv) return cli_usage_error("train", "--json and --tsv exclude each other");
    if (depth < 1 || depth > 1000) return cli_usage_error("train", "--depth must be between 1 and 1000");
    if (width < 0 || width > 100000) return cli_usage_error("train", "--width must be between 1 and 100000");
    if (cli_given(opts, nopts, "width") && width == 0) return cli_usage_error("train", "--width must be between 1 and 100000");
    if (epochs < 0 || epochs > 100000) return cli_usage_error("train", "--epochs must be between 0 and 100000");
    if (batch < 1 || batch > 100000) return cli_usage_error("train", "--batch must be between 1 and 100000");
    if (subset < 0 || (cli_given(opts, nopts, "subset") && subset == 0)) return cli_usage_error("train", "--subset must be positive");
    if (seed < 0) return cli_usage_error("train", "--seed must be >= 0");
    if (probe_every < 0) return cli_usage_error("train", "--probe-every must be >= 0");
    if (probe_rows < 1 || probe_rows > 100000) return cli_usage_error("train", "--probe-rows must be between 1 and 100000");
    if (!(lr > 0)) return cli_usage_error("train", "--learning-rate must be positive");
    if (!(momentum >= 0 && momentum < 1)) return cli_usage_error("train", "--momentum must be in [0, 1)");
    if (!(dropout >= 0 && dropout < 1) || !(input_dropout >= 0 && input_dropout < 1))
        return cli_usage_error("train", "dropout rates must be in [0, 1)");
    if (sn_selu_check(selu)) return cli_usage_error("train", "--alpha and --lambda must be positive");
    if (cli_given(opts, nopts, "alpha") || cli_given(opts, nopts, "lambda")) {
        if (!sn_act_is_selu(&activation))
            return cli_usage_error("train", "--alpha and --lambda apply to --activation selu");
        if (strchr(act, ':'))   /* two spellings of the same parameters: which would win? */
            return cli_usage_error("train", "--alpha and --lambda, or --activation selu:ALPHA,LAMBDA, not both");
        activation = sn_act_selu(selu.alpha, selu.lambda);
    }
    char err[4200];
    /* before training, not after: the file must be writable */
    if (save && sn_npy_check_target(save, err, sizeof err)) return cli_usage_error("train", "--save: %s", err);

    sn_dataset train = { 0 }, test = { 0 };
    sn_standardizer s = { 0 };
    if ((rc = cli_read_dataset(&train, &test, data, subset, "train"))) {
        sn_dataset_free(&train), sn_dataset_free(&test);
        return rc;
    }
    if ((size_t)probe_rows > train.n) probe_rows = (long)train.n;
    sn_train_config c = sn_train_defaults((int)depth, width ? (int)width : (int)train.dim);
    c.activation = activation;
    c.init = (sn_init)in;
    c.normalization = nm ? SN_NORM_BATCH : SN_NORM_NONE;
    c.dropout = dropout;
    c.input_dropout = input_dropout;
    c.learning_rate = lr;
    c.momentum = momentum;
    c.batch = (int)batch;
    c.seed = (unsigned long)seed;
    c.use_double = dt;
    sn_net *net = NULL;
    int st = sn_net_alloc(&net, &c, (int)train.dim, train.classes, err, sizeof err);
    /* saved weights come with the standardization they were trained on, if saved by train */
    int loaded = !st && load;
    if (loaded) st = sn_net_load(net, &s, load, err, sizeof err);
    if (st) {
        /* the archive does not say its network's shape: the options must */
        rc = cli_usage_error("train", "%s%s", err, loaded && st == GSL_EINVAL
                             ? " (--load needs the saved network's --depth, --width, --normalization "
                               "and --activation)" : "");
        goto done;
    }
    if ((rc = cli_standardize(&train, &test, &s, "train"))) goto done;

    fig_data d;
    fig_init(&d, "train");
    fig_input_text(&d, "data", data);
    fig_input_integer(&d, "subset", (long)train.n);
    fig_input_integer(&d, "depth", depth);
    fig_input_integer(&d, "width", c.width);
    fig_input_text(&d, "activation", act);
    fig_input_text(&d, "init", CLI_INITS[in]);
    if (sn_act_is_selu(&c.activation)) {   /* SELU's parameters, as run */
        fig_input_number(&d, "alpha", c.activation.p[0]);
        fig_input_number(&d, "lambda", c.activation.p[1]);
    }
    fig_input_text(&d, "normalization", norm);
    fig_input_number(&d, "dropout", dropout);
    fig_input_number(&d, "input_dropout", input_dropout);
    fig_input_number(&d, "learning_rate", lr);
    fig_input_number(&d, "momentum", momentum);
    fig_input_integer(&d, "epochs", epochs);
    fig_input_integer(&d, "batch", batch);
    fig_input_integer(&d, "seed", seed);
    fig_input_text(&d, "dtype", dtype);
    fig_input_integer(&d, "probe_every", probe_every);
    fig_input_integer(&d, "probe_rows", probe_rows);
    fig_param_integer(&d, "test_examples", (long)test.n);
    fig_param_integer(&d, "threads", omp_get_max_threads());
    fig_dataset_begin(&d, "epochs", "epoch step train_loss train_accuracy test_loss test_accuracy seconds");
    fig_dataset_begin(&d, "steps", "step loss");
    fig_dataset_begin(&d, "probes", "step layer in_mu in_nu mu nu omega_mean omega_sd tau_mean tau_sd "
                                    "in_theorem1_box in_wide_box inputs_in_theorem1_domain grad_norm");
    long per_epoch = (long)((train.n + (size_t)batch - 1) / (size_t)batch);
    train_ctx ctx = { &d, isatty(STDERR_FILENO), per_epoch, per_epoch * epochs, (int)epochs, cli_now(), 0 };
    sn_train_hooks h = { (int)epochs, probe_every, (int)probe_rows, &ctx, on_step, on_epoch, on_probe };
    st = sn_train(net, train.x, train.y, train.n, test.x, test.y, test.n, &h);
    if (st == GSL_ERANGE) {
        if (epochs == 0)
            rc = cli_failure("train", "the network's loss is not finite at evaluation");
        else
            rc = cli_failure("train", "training diverged at step %ld: the loss is not finite or above "
                             "%d ln(classes) (lower --learning-rate)", (long)d.sets[1].nrows + 1, SN_TRAIN_MAX_LOSS);
    } else if (st || d.failed) {
        rc = cli_failure("train", "training failed (%s)", d.failed ? "out of memory" : cli_status_text(st));
    }
    if (!rc && save) {
        sn_npy_array extra[2] = {
            { .name = "input_mean", .dtype = SN_NPY_F8, .ndim = 1, .shape = { s.dim }, .data = s.mean },
            { .name = "input_sd", .dtype = SN_NPY_F8, .ndim = 1, .shape = { s.dim }, .data = s.sd },
        };
        if ((st = sn_net_save(net, save, extra, 2, err, sizeof err))) rc = cli_usage_error("train", "--save: %s", err);
    }
    if (!rc) {
        if (json) fig_print_json(stdout, &d);
        else if (tsv) fig_print_tsv(stdout, &d);
        else print_summary(&d);
    }
    fig_free(&d);
done:
    sn_net_free(net);
    sn_dataset_free(&train), sn_dataset_free(&test), sn_standardizer_free(&s);
    return rc;
}
