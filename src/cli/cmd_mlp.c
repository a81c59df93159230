/* cmd_mlp.c - `selfnorm mlp`: a deep random network, layer by layer, against the theory. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

/* the activations of `plot mlp`'s networks (fig_mlp.c), and the initializations in the order
 * of sn_init */
const char *const CLI_ACTIVATIONS[5] = { "selu", "relu", "tanh", "elu", "linear" };
const char *const CLI_INITS[3] = { "lecun", "he", "normalized" };

const cli_command CMD_MLP = {
    .name = "mlp",
    .synopsis = "[--depth D --width N --batch B] [--activation NAME[:PARAMS]] [--mu M --nu V]\n"
                "       [--init lecun|he|normalized] [--omega W --tau T] [--dropout P]\n"
                "       [--gradients] [--pairs C0] [--dtype float|double] [--seed S] [--json | --tsv]",
    .brief = "a deep random network, layer by layer, against the moment map",
    .summary = "A fully connected network with random weights, fed B random inputs: per layer the\n"
               "empirical mean and variance of the activations beside the theory's prediction\n"
               "(the moment map iterated with each unit's realized omega, tau, mixed over units).",
    .details =
        "Defaults: depth 64, width 1024, batch 256, selu, inputs N(0, 1), LeCun weights\n"
        "N(0, 1/N), float, seed 1. --activation takes any row of 'selfnorm activations' with\n"
        "its parameters (gelu, silu, leaky_relu:0.2, selu:ALPHA,LAMBDA, ...): the network runs\n"
        "the row's vectorized f and f', the prediction uses its moments. --init he uses\n"
        "N(0, 2/N); --init normalized (implied by --weight-omega/--weight-tau) rescales every\n"
        "column to sum W and squared sum T exactly (default 0 and 1). --dropout P applies alpha\n"
        "dropout after SELU (standard dropout after the others), as in training.\n\n"
        "--gradients backpropagates a random direction from the top and reports each layer's\n"
        "gradient norm, its per-layer factor |grad x_(l-1)| / |grad x_l| and the predicted\n"
        "factor sqrt(tau E[f'(z)^2]), then their geometric means and what they compound to\n"
        "over the depth: a factor above 1 explodes toward the input, below 1 vanishes.\n\n"
        "LeCun (tau = 1) is SELU's initialization; --init he (tau = 2) is ReLU's own.\n\n"
        "--pairs C0 makes inputs 2k and 2k+1 a pair whose entries have correlation C0, and\n"
        "reports per layer the mean over pairs of their raw correlation sum(x_a x_b) /\n"
        "sqrt(sum x_a^2 sum x_b^2) beside the mean-field prediction: the correlation map of\n"
        "`selfnorm init` (Poole et al. 2016), iterated at each layer's predicted second moment\n"
        "and mean tau. It assumes zero-mean iid weights (not --init normalized) and is not\n"
        "predicted with dropout (the two inputs get different masks).\n\n"
        "Memory: a few layers for the statistics (plus depth x batch x width numbers with\n"
        "--gradients); a run that would need more than 80% of the machine's memory is refused.\n"
        "Matrix products go through CBLAS (OpenBLAS), random numbers through GSL.\n\n"
        "Exit codes: 0 done; 2 bad usage or input (including sizes that do not fit).\n",
    .run = cmd_mlp,
};

static int parse_choice(const char *cmd, const char *opt, const char *value,
                        const char *const *names, int n, int *out)
{
    for (int i = 0; i < n; i++)
        if (strcmp(value, names[i]) == 0) { *out = i; return EXIT_OK; }
    return cli_usage_error(cmd, "--%s: unknown '%s'", opt, value);
}

/* The activation as its row's spec ("selu", "gelu:tanh") when its parameters are the row's
 * defaults, else in canonical form ("elu:0.5") */
static void mlp_activation_json(json_writer *w, const sn_act *act)
{
    sn_act row;
    if (sn_act_parse(&row, sn_act_row_spec(act), NULL, 0) == GSL_SUCCESS
        && memcmp(row.p, act->p, sizeof row.p) == 0)
        json_string(w, "activation", sn_act_row_spec(act));
    else
        activation_json(w, act);
}

static void print_json(const sn_mlp_layer *L, const sn_mlp_config *c, double max_dm, double max_dv,
                       double gf_meas, double gf_pred, int measured)
{
    json_writer w;
    json_begin(&w, stdout);
    json_open(&w, "input", '{');
    json_integer(&w, "depth", c->depth);
    json_integer(&w, "width", c->width);
    json_integer(&w, "batch", c->batch);
    mlp_activation_json(&w, &c->activation);
    json_string(&w, "init", c->init == SN_INIT_HE ? "he" : c->init == SN_INIT_NORMALIZED ? "normalized" : "lecun");
    json_number(&w, "mu", c->input_mean);
    json_number(&w, "nu", c->input_var);
    if (c->init == SN_INIT_NORMALIZED) {
        json_number(&w, "omega", c->weight_omega);
        json_number(&w, "tau", c->weight_tau);
    }
    json_number(&w, "dropout", c->dropout);
    if (c->pairs) json_number(&w, "pairs", c->pair_corr);
    json_string(&w, "dtype", c->use_double ? "double" : "float");
    json_integer(&w, "seed", (long long)c->seed);
    json_close(&w, '}');
    json_open(&w, "layers", '[');
    for (int l = 0; l <= c->depth; l++) {
        json_open(&w, NULL, '{');
        json_integer(&w, "layer", L[l].layer);
        json_number(&w, "mu", L[l].mean);
        json_number(&w, "nu", L[l].var);
        json_number(&w, "predicted_mu", L[l].predicted_mean);
        json_number(&w, "predicted_nu", L[l].predicted_var);
        if (l > 0) {
            json_number(&w, "omega_mean", L[l].omega_mean);
            json_number(&w, "omega_sd", L[l].omega_sd);
            json_number(&w, "tau_mean", L[l].tau_mean);
        }
        if (c->pairs) {
            json_number(&w, "corr", L[l].corr);
            json_number(&w, "predicted_corr", L[l].predicted_corr);
        }
        if (c->gradients) {
            json_number(&w, "grad_norm", L[l].grad_norm);
            if (l > 0) {
                json_number(&w, "grad_factor", L[l].grad_factor);
                json_number(&w, "predicted_grad_factor", L[l].predicted_grad_factor);
            }
        }
        json_close(&w, '}');
    }
    json_close(&w, ']');
    json_number(&w, "max_abs_mu_error", max_dm);
    json_number(&w, "max_abs_nu_error", max_dv);
    if (c->gradients) {
        json_open(&w, "gradient_factor", '{');
        json_number(&w, "measured", gf_meas);     /* null when no layer was measured */
        json_number(&w, "predicted", gf_pred);
        /* the layers whose factor was measured: those above the one where the gradient left
         * the dtype's range (gradient_measured_from) */
        json_integer(&w, "measured_layers", measured);
        /* the gradient's norm at the input over its norm at the top: factor^depth */
        json_number(&w, "measured_over_depth", measured ? pow(gf_meas, measured) : NAN);
        json_number(&w, "predicted_over_depth", pow(gf_pred, c->depth));
        json_close(&w, '}');
    }
    json_end(&w);
}

static void print_table(const sn_mlp_layer *L, const sn_mlp_config *c, int tsv)
{
    if (tsv) {
        printf("layer\tmean\tvar\tpredicted_mean\tpredicted_var%s%s\n",
               c->gradients ? "\tgrad_norm\tgrad_factor\tpredicted_grad_factor" : "",
               c->pairs ? "\tcorr\tpredicted_corr" : "");
        for (int l = 0; l <= c->depth; l++) {
            printf("%d\t%.10g\t%.10g\t%.10g\t%.10g", l, L[l].mean, L[l].var, L[l].predicted_mean,
                   L[l].predicted_var);
            if (c->gradients)
                printf("\t%.10g\t%.10g\t%.10g", L[l].grad_norm, l ? L[l].grad_factor : NAN,
                       l ? L[l].predicted_grad_factor : NAN);
            if (c->pairs) printf("\t%.10g\t%.10g", L[l].corr, L[l].predicted_corr);
            printf("\n");
        }
        return;
    }
    printf("%5s %12s %12s %12s %12s%s%s\n", "layer", "mean", "var", "pred mean", "pred var",
           c->gradients ? "    grad norm  factor  predicted" : "", c->pairs ? "       corr  pred corr" : "");
    for (int l = 0; l <= c->depth; l++) {
        printf("%5d %12.6f %12.6g %12.6f %12.6g", l, L[l].mean, L[l].var, L[l].predicted_mean,
               L[l].predicted_var);
        if (c->gradients && l > 0 && isfinite(L[l].grad_factor))
            printf(" %12.5g %7.4f %9.4f", L[l].grad_norm, L[l].grad_factor, L[l].predicted_grad_factor);
        else if (c->gradients && l > 0)   /* not measured: the gradient left the dtype's range */
            printf(" %12.5g %7s %9.4f", L[l].grad_norm, "-", L[l].predicted_grad_factor);
        else if (c->gradients)   /* no factor at the inputs: blank columns only if more follow */
            printf(" %12.5g%s", L[l].grad_norm, c->pairs ? "                  " : "");
        if (c->pairs) printf(" %10.6f %10.6f", L[l].corr, L[l].predicted_corr);
        printf("\n");
    }
}

/* The gradient is measured from the top down to the lowest layer `low` above which its norm
 * stayed in the dtype's normal range: RMS entry |g|/√(batch·width) at least FLT_MIN (DBL_MIN)
 * — below it the entries are subnormal, lose bits and reach 0 — and finite. The factors of the
 * layers at and below `low` (grad_norm(l − 1)/grad_norm(l) for l ≤ low) are not measurements:
 * they become NaN (printed as "-", null in JSON). Returns low (0: measured everywhere). */
static int gradient_measured_from(sn_mlp_layer *L, const sn_mlp_config *c, int high)
{
    double n = (double)c->batch * c->width;
    double tiny = (c->use_double ? DBL_MIN : FLT_MIN) * sqrt(n);
    double huge = (c->use_double ? DBL_MAX : FLT_MAX);
    int low = 0;
    for (int l = high; l >= 0 && !low; l--)
        if (!(L[l].grad_norm >= tiny && L[l].grad_norm <= huge)) low = l + 1;
    if (low > high) low = high;            /* not even the top: no factor measured */
    for (int l = 1; l <= c->depth; l++)
        if (l <= low || l > high) L[l].grad_factor = NAN;
    return low;
}

/* The first layer whose activations left the dtype's normal range (RMS entry below FLT_MIN or
 * DBL_MIN, or not finite), or depth + 1. From there on the forward pass is not the network's
 * real arithmetic (entries rounded to subnormals or 0, ReLU′(0) = 0 masks), and the factor of
 * layer l needs f′ at layer l's pre-activations, W x_(l−1): measured only for l ≤ that layer. */
static int activations_leave_range(const sn_mlp_layer *L, const sn_mlp_config *c)
{
    double tiny = c->use_double ? DBL_MIN : FLT_MIN, huge = c->use_double ? DBL_MAX : FLT_MAX;
    for (int l = 0; l <= c->depth; l++) {
        double rms = sqrt(L[l].var + L[l].mean * L[l].mean);
        if (!(rms >= tiny && rms <= huge)) return l;
    }
    return c->depth + 1;
}

/* The gradient's summary: the measured factor's geometric mean over the measured layers, the
 * predicted one over all, and what they compound to; where the gradient left the range, says
 * at which layer and why, and draws no verdict from what was not measured. */
static void print_gradient_summary(const sn_mlp_layer *L, const sn_mlp_config *c, int low,
                                   int high, double gf_meas, double gf_pred)
{
    int measured = high - low;
    if (high < c->depth)
        printf("gradient: factors above layer %d not measured (the activations left the range "
               "there)\n", high);
    if (low > 0) {
        const char *dtype = c->use_double ? "double" : "float";
        const sn_mlp_layer *at = &L[low - 1];
        char range[64] = "no layer's factor measured";
        if (measured >= 1)
            snprintf(range, sizeof range, "factors measured over layers %d-%d only", low + 1, high);
        printf("gradient: the %s gradient %s at layer %d (norm %.3g, RMS entry %.3g): %s%s\n",
               dtype, at->grad_norm == 0 ? "underflows to 0"
               : !isfinite(at->grad_norm) || at->grad_norm > 1 ? "overflows"
               : "underflows into the subnormals", low - 1, at->grad_norm,
               at->grad_norm / sqrt((double)c->batch * c->width), range,
               c->use_double ? "" : "; rerun with --dtype double for the whole depth");
    }
    if (measured < 1) {
        printf("gradient norm factor per layer: not measured (predicted %.5f)\n", gf_pred);
        return;
    }
    printf("gradient norm factor per layer (geometric mean): measured %.5f%s, predicted %.5f\n",
           gf_meas, measured < c->depth ? " (measured layers)" : "", gf_pred);
    /* the factor is |grad at layer l-1| / |grad at layer l|: above 1 the gradient grows
     * toward the input, compounding over the depth */
    const char *verdict = gf_meas > 1 ? "> 1: exploding, the gradient grows toward the input"
                        : gf_meas < 1 ? "< 1: vanishing, the gradient shrinks toward the input"
                                      : "= 1: the gradient keeps its norm";
    if (measured < c->depth)
        printf("  %s: x%.4g over %d measured layers (predicted x%.4g over all %d)\n", verdict,
               pow(gf_meas, measured), measured, pow(gf_pred, c->depth), c->depth);
    else
        printf("  %s: x%.4g over %d layers (predicted x%.4g)\n", verdict,
               pow(gf_meas, measured), measured, pow(gf_pred, c->depth));
}

/* Which option makes sn_mlp_check refuse the configuration (its EDOM conditions, in its
 * order, beyond those cmd_mlp has checked already), with the allowed range. */
static int config_problem(const sn_mlp_config *c, const cli_opt *opts, size_t nopts)
{
    const char *mu = cli_given_name(opts, nopts, "mu", "input-mean");
    const char *nu = cli_given_name(opts, nopts, "nu", "input-var");
    if (!isfinite(c->input_mean)) return cli_usage_error("mlp", "--%s must be finite", mu);
    if (!isfinite(c->input_var)) return cli_usage_error("mlp", "--%s must be finite and > 0", nu);
    if (!c->use_double && fabs(c->input_mean) + 10 * sqrt(c->input_var) > 1e18)
        return cli_usage_error("mlp", "with --dtype float, |%s| + 10*sqrt(%s) must be <= 1e18 "
                               "(the statistics square the inputs, past FLT_MAX = 3.4e38): "
                               "--%s %g, --%s %g; use --dtype double", mu, nu, mu,
                               c->input_mean, nu, c->input_var);
    if (c->init == SN_INIT_NORMALIZED && !(isfinite(c->weight_omega) && isfinite(c->weight_tau)))
        return cli_usage_error("mlp", "--%s and --%s must be finite",
                               cli_given_name(opts, nopts, "omega", "weight-omega"),
                               cli_given_name(opts, nopts, "tau", "weight-tau"));
    return cli_usage_error("mlp", "invalid configuration (depth, width, batch, activation, "
                           "dropout or pairs out of range; see 'selfnorm help mlp')");
}

int cmd_mlp(int argc, char **argv)
{
    long depth = 64, width = 1024, batch = 256, seed = 1;
    const char *act = "selu", *init = "lecun", *precision = "float";
    sn_mlp_config c = sn_mlp_defaults(1, 1, 1);
    int json = 0, tsv = 0;
    cli_opt opts[] = {
        { "depth", OPT_LONG, &depth, "D", "layers (default 64)", 0, 0 },
        { "width", OPT_LONG, &width, "N", "units per layer (default 1024)", 0, 0 },
        { "batch", OPT_LONG, &batch, "B", "samples (default 256)", 0, 0 },
        { "activation", OPT_STRING, &act, "NAME[:PARAMS]", ACTIVATION_HELP, 0, 0 },
        { "mu", OPT_DOUBLE, &c.input_mean, "M", "mean of the inputs (default 0)", 0, 0 },
        { "nu", OPT_DOUBLE, &c.input_var, "V", "variance of the inputs, > 0 (default 1)", 0, 0 },
        { "input-mean", OPT_DOUBLE, &c.input_mean, "M", "older spelling of --mu", 0, 0 },
        { "input-var", OPT_DOUBLE, &c.input_var, "V", "older spelling of --nu", 0, 0 },
        { "init", OPT_STRING, &init, "I", "lecun, he or normalized (default lecun)", 0, 0 },
        { "omega", OPT_DOUBLE, &c.weight_omega, "W", "column sums for normalized (0)", 0, 0 },
        { "tau", OPT_DOUBLE, &c.weight_tau, "T", "column squared sums for normalized (1)", 0, 0 },
        { "weight-omega", OPT_DOUBLE, &c.weight_omega, "W", "older spelling of --omega", 0, 0 },
        { "weight-tau", OPT_DOUBLE, &c.weight_tau, "T", "older spelling of --tau", 0, 0 },
        { "dropout", OPT_DOUBLE, &c.dropout, "P", "dropout rate in [0, 1) (default 0)", 0, 0 },
        { "gradients", OPT_FLAG, &c.gradients, NULL, "backpropagate and report gradient norms", 0, 0 },
        { "pairs", OPT_DOUBLE, &c.pair_corr, "C0", "pair the inputs, correlated by C0 in [-1, 1]: correlation per layer", 0, 0 },
        { "dtype", OPT_STRING, &precision, "P", "float (default) or double", 0, 0 },
        { "precision", OPT_STRING, &precision, "P", "older spelling of --dtype", 0, 0 },
        { "seed", OPT_LONG, &seed, "S", "random seed (default 1)", 0, 0 },
        { "json", OPT_FLAG, &json, NULL, "print one JSON object", 0, 0 },
        { "tsv", OPT_FLAG, &tsv, NULL, "print a tab-separated table, one row per layer", 0, 0 },
    };
    size_t nopts = sizeof opts / sizeof opts[0];
    int rc = cli_parse(argc, argv, opts, nopts, &CMD_MLP, NULL, 0, NULL);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    static const char *const precs[] = { "float", "double" };
    int in, pr;
    static const char *const ALIASES[][2] = { { "mu", "input-mean" }, { "nu", "input-var" },
                                              { "omega", "weight-omega" }, { "tau", "weight-tau" },
                                              { "dtype", "precision" } };
    for (size_t i = 0; i < sizeof ALIASES / sizeof ALIASES[0]; i++)
        if ((rc = cli_alias_check(&CMD_MLP, opts, nopts, ALIASES[i][0], ALIASES[i][1]))) return rc;
    if ((rc = cli_activation("mlp", act, &c.activation))) return rc;
    if ((rc = parse_choice("mlp", "init", init, CLI_INITS, 3, &in))) return rc;
    if ((rc = parse_choice("mlp", "dtype", precision, precs, 2, &pr))) return rc;
    if (json && tsv) return cli_usage_error("mlp", "--json and --tsv exclude each other");
    if (depth < 1 || depth > 100000) return cli_usage_error("mlp", "--depth must be between 1 and 100000");
    if (width < 1 || width > 1000000) return cli_usage_error("mlp", "--width must be between 1 and 1000000");
    if (batch < 1 || batch > 1000000) return cli_usage_error("mlp", "--batch must be between 1 and 1000000");
    if (width * batch < 2) return cli_usage_error("mlp", "width x batch must be at least 2");
    if (seed < 0) return cli_usage_error("mlp", "--seed must be >= 0");
    if (!(c.input_var > 0)) return cli_usage_error("mlp", "--nu must be > 0");
    if (!(c.dropout >= 0 && c.dropout < 1)) return cli_usage_error("mlp", "--dropout must be in [0, 1)");
    c.pairs = cli_given(opts, nopts, "pairs");
    if (c.pairs && !(c.pair_corr >= -1 && c.pair_corr <= 1)) return cli_usage_error("mlp", "--pairs must be in [-1, 1]");
    if (c.pairs && batch < 2) return cli_usage_error("mlp", "--pairs needs --batch of at least 2");
    if (c.pairs && c.dropout > 0)   /* the correlation map is a mean field without dropout */
        return cli_usage_error("mlp", "--pairs has no prediction with --dropout (the mean-field "
                               "correlation map assumes none)");
    if (cli_given(opts, nopts, "omega") || cli_given(opts, nopts, "tau")
        || cli_given(opts, nopts, "weight-omega") || cli_given(opts, nopts, "weight-tau")) {
        if (cli_given(opts, nopts, "init") && in != SN_INIT_NORMALIZED)
            return cli_usage_error("mlp", "--omega/--tau need --init normalized");
        in = SN_INIT_NORMALIZED;
    }
    c.depth = (int)depth;
    c.width = (int)width;
    c.batch = (int)batch;
    c.init = (sn_init)in;
    c.use_double = pr;
    c.seed = (unsigned long)seed;
    if (c.init == SN_INIT_NORMALIZED && !(c.weight_tau > 0 && c.weight_tau >= c.weight_omega * c.weight_omega / c.width))
        return cli_usage_error("mlp", "--%s must be > 0 and at least %s^2/width",
                               cli_given_name(opts, nopts, "tau", "weight-tau"),
                               cli_given_name(opts, nopts, "omega", "weight-omega"));
    int status = sn_mlp_check(&c);
    if (status == GSL_ENOMEM) {
        size_t need = sn_mlp_memory(&c);
        if (need)
            return cli_usage_error("mlp", "this run needs %.3g GB, more than 80%% of this machine's memory", (double)need / 1e9);
        return cli_usage_error("mlp", "this run's memory does not even fit in a size_t");
    }
    if (status) return config_problem(&c, opts, nopts);
    sn_mlp_layer *L = malloc(((size_t)c.depth + 1) * sizeof *L);
    if (!L) return cli_usage_error("mlp", "out of memory");
    status = sn_mlp_run(L, &c);
    if (status) {
        free(L);
        if (status == GSL_EOVRFLW)   /* the statistics square the activations */
            return cli_usage_error("mlp", "the layers' statistics overflow a double with --%s %g "
                                   "and --%s %g: keep |mu| and sqrt(nu) well below 1e154",
                                   cli_given_name(opts, nopts, "mu", "input-mean"), c.input_mean,
                                   cli_given_name(opts, nopts, "nu", "input-var"), c.input_var);
        return cli_status_exit("mlp", status);
    }
    double max_dm = 0, max_dv = 0, log_meas = 0, log_pred = 0;
    int leave = activations_leave_range(L, &c), high = leave > c.depth ? c.depth : leave;
    int low = c.gradients ? gradient_measured_from(L, &c, high) : 0;
    for (int l = 0; l <= c.depth; l++) {
        max_dm = fmax(max_dm, fabs(L[l].mean - L[l].predicted_mean));
        max_dv = fmax(max_dv, fabs(L[l].var - L[l].predicted_var));
        if (c.gradients && l > 0) {
            if (l > low && l <= high) log_meas += log(L[l].grad_factor);
            log_pred += log(L[l].predicted_grad_factor);
        }
    }
    double gf_meas = low < high ? exp(log_meas / (high - low)) : NAN;
    double gf_pred = exp(log_pred / c.depth);
    if (json) {
        print_json(L, &c, max_dm, max_dv, gf_meas, gf_pred, high - low);
    } else {
        print_table(L, &c, tsv);
        if (!tsv) {
            printf("\nlargest |empirical - predicted|: mean %.3g, variance %.3g\n", max_dm, max_dv);
            if (leave <= c.depth)
                printf("activations: the %s activations leave the %s's normal range at layer %d "
                       "(RMS entry %.3g): from there on the table is not the network's real "
                       "arithmetic%s\n", c.use_double ? "double" : "float",
                       c.use_double ? "double" : "float", leave,
                       sqrt(L[leave].var + L[leave].mean * L[leave].mean),
                       c.use_double ? "" : "; rerun with --dtype double");
            if (c.gradients) print_gradient_summary(L, &c, low, high, gf_meas, gf_pred);
        }
    }
    free(L);
    return EXIT_OK;
}
