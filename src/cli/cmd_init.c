/* cmd_init.c - `selfnorm init`: what a framework's weight initializer does to a deep network. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "selfnorm/init.h"
#include "selfnorm/propagate.h"


const cli_command CMD_INIT = {
    .name = "init",
    .synopsis = "NAME [--nonlinearity N | --gain G] [--std S] [--low A --high B] [--mode M]\n"
                "       [--distribution D] [--truncation C] [--fan-in N] [--fan-out N] [--width N]\n"
                "       [--depth D] [--activation SPEC] [--dropout P] [--mu M --nu V]\n"
                "       [--check [--batch B] [--seed S]] [--json]",
    .brief = "what a framework's weight initializer does to a deep network",
    .summary = "The initialization what-if. From a PyTorch or Keras initializer as you write it, the\n"
               "fans and the activation: the distribution of every unit's omega = sum w and\n"
               "tau = sum w^2 (exact, with a truncation's correction), the fixed point of g for\n"
               "the typical unit (omega = E omega, tau = E tau) and its stability, the mean and\n"
               "variance predicted layer by layer (mixed over units, as `mlp`), how fast they\n"
               "converge, the gradient factor chi = tau E[f'(z)^2] per layer and over the depth,\n"
               "and a verdict. --check runs the random network and prints measured beside\n"
               "predicted.",
    .details =
        "Initializers (PyTorch, torch.nn.init): kaiming_normal, kaiming_uniform (--mode\n"
        "fan_in|fan_out, --nonlinearity linear|sigmoid|tanh|relu|leaky_relu[:SLOPE]|selu or\n"
        "--gain; default leaky_relu with slope 0, gain sqrt 2), xavier_normal, xavier_uniform\n"
        "(--gain, default 1), normal (--std, default 1), uniform (--low, --high, default 0, 1),\n"
        "orthogonal (--gain). A trailing underscore (kaiming_normal_) is accepted.\n"
        "Keras (tf.keras.initializers): lecun_normal, lecun_uniform, glorot_normal,\n"
        "glorot_uniform, he_normal, he_uniform, variance_scaling (--gain is the scale, --mode\n"
        "fan_in|fan_out|fan_avg, --distribution truncated_normal|untruncated_normal|uniform).\n"
        "Keras' truncated normals are cut at 2 sd (--truncation C) and rescaled so that the\n"
        "variance after truncation is scale/fan exactly.\n\n"
        "Shape: every layer has --fan-in inputs per unit and --width units (default 1024 both;\n"
        "--fan-out is --width's other name). The inputs have mean --mu and variance --nu (0, 1).\n"
        "Activation: --activation SPEC (default selu), any row of the activation table.\n"
        "--dropout P: alpha dropout after SELU, standard dropout after the others.\n\n"
        "The layer map: z ~ N(mu E omega, mu^2 Var omega + nu E tau), mu' = E f(z),\n"
        "nu' = Var f(z) (the mixture over units; tau's own spread, O(1/sqrt fan_in), is left\n"
        "out). chi = E tau E[f'(z)^2] multiplies the squared gradient norm per layer. It assumes\n"
        "zero-mean weights beyond layer 1: with E w != 0 (uniform's U(0, 1)) a warning says the\n"
        "prediction does not apply there. Where the predicted variance leaves [1e-300, 1e300]\n"
        "the table stops and the verdict says at which layer.\n"
        "--check (needs --fan-in = --width) runs `mlp` with weights drawn from the initializer:\n"
        "--batch inputs (default 256), --seed (default 1); the measured gradient factor is\n"
        "(|grad x_(l-1)| / |grad x_l|)^2, comparable to chi.\n\n"
        "Mean field (Poole et al. 2016, Schoenholz et al. 2017; zero-mean weights, no dropout):\n"
        "the fixed point q* of the raw second moment q -> E f(u)^2, u ~ N(0, tau q); chi1 =\n"
        "tau E[f'(u)^2] there; the stable fixed point c* of the map of the raw correlation of\n"
        "two inputs and its slope; the depth scales xi_c = -1/log(slope) of the correlation and\n"
        "xi_q of q. Raw, not centred, moments: zero-mean weights carry inner products of the\n"
        "inputs (include/selfnorm/propagate.h).\n\n"
        "Two fixed points, labelled: 'typical unit' is the fixed point of g at the mean weights\n"
        "(omega = E omega, tau = E tau), the paper's view; 'layer map' is the limit of the\n"
        "layer-by-layer prediction mixing over units, what the network follows (they differ\n"
        "when mu* != 0, through mu^2 Var omega). The verdict uses the layer map's limit (JSON:\n"
        "fixed_point vs limit, verdict_uses).\n\n"
        "Exit codes: 0 the layer map converges to a fixed point with nu > 0; 1 it does not\n"
        "(the variance collapses or explodes, or is neutral: rate 1, neither pulled back nor\n"
        "pushed away, as ReLU with He weights; the output is still printed, stderr says why);\n"
        "2 bad usage or input.\n",
    .run = cmd_init,
};

typedef struct {
    const char *name;
    double gain;
    sn_fan_mode mode;
    sn_init_spec spec;
    sn_weights w;
    sn_unit_stats u;
    sn_act act;
    char act_spec[128];
    long width, depth;
    double mu0, nu0, dropout;
    long predicted;            /* the last layer predicted (< depth where the range ends) */
    char warning[480];         /* why the prediction does not apply (E w != 0), else "" */
    char stop[160];            /* why the prediction stops before depth, else "" */
} init_case;

static const char *const MODE_NAMES[] = { "fan_in", "fan_out", "fan_avg" };
static const char *const DIST_NAMES[] = { "normal", "uniform", "truncated_normal", "orthogonal" };

/* What --dropout applies after this activation (propagate.c, as mlp): alpha dropout after SELU. */
static const char *dropout_kind(const init_case *ic)
{
    return strcmp(sn_act_name(&ic->act), "selu") == 0 ? "alpha dropout" : "dropout";
}

static const char *verdict_kind(sn_prop_kind k)
{
    static const char *const names[] = { "self-normalizing", "collapse", "explode", "undecided", "neutral" };
    return names[k];
}

static void verdict_line(char *buf, size_t len, const sn_prop_verdict *v, const init_case *ic)
{
    switch (v->kind) {
    case SN_PROP_NORMALIZING: {
        int at_01 = fabs(v->mu) < 1e-3 && fabs(v->nu - 1) < 1e-3;
        int n = snprintf(buf, len, "self-normalizing to (mu*, nu*) = (%.6g, %.6g)", v->mu, v->nu);
        if (!at_01 && n > 0 && (size_t)n < len)
            snprintf(buf + n, len - (size_t)n, ", not (0, 1): the variance %s from %g toward %.4g",
                     v->nu < ic->nu0 ? "shrinks" : "grows", ic->nu0, v->nu);
        break;
    }
    case SN_PROP_NEUTRAL:
        /* a positively homogeneous f (ReLU, linear): every multiple of the limit is one */
        snprintf(buf, len, "neutral: variance neither converges nor diverges (rate %.6g): from these inputs the"
                 " layer map stays at (mu, nu) = (%.6g, %.6g), from inputs of another scale at another"
                 " point; nothing pulls it back", v->rate, v->mu, v->nu);
        break;
    case SN_PROP_COLLAPSE:
        if (isnan(v->rate))   /* out of range at once: the stop note (cmd_init) says where */
            snprintf(buf, len, "variance collapses: below %g at layer %ld", SN_PROP_NU_MIN, v->layers);
        else if (v->rate > 0.999)
            snprintf(buf, len, "variance collapses toward 0, slower than geometrically (factor %.6g"
                     " per layer at layer %ld, nu %.3g)", v->rate, v->layers, v->nu);
        else
            snprintf(buf, len, "variance collapses toward 0 (factor %.6g per layer)", v->rate);
        break;
    case SN_PROP_EXPLODE:
        if (isnan(v->rate))
            snprintf(buf, len, "variance explodes: above %g at layer %ld", SN_PROP_NU_MAX, v->layers);
        else
            snprintf(buf, len, "variance explodes (factor %.6g per layer)", v->rate);
        break;
    default:
        snprintf(buf, len, "undecided: neither converged nor collapsed within %ld layers", v->layers);
    }
}

static void print_json(const init_case *ic, const sn_fixed_point *fp, int fp_ok,
                       const sn_layer_out *P, const sn_mlp_layer *M, const sn_prop_verdict *v,
                       double chi_depth, const char *verdict, long batch, long seed,
                       const sn_mean_field *mf, int mf_ok)
{
    json_writer w;
    json_begin(&w, stdout);
    json_open(&w, "input", '{');
    json_string(&w, "initializer", ic->name);
    if (ic->spec.nonlinearity) json_string(&w, "nonlinearity", ic->spec.nonlinearity);
    /* the initializer's own number, under its own name */
    const char *param = sn_init_parameter(ic->name);
    if (strcmp(param, "bounds") == 0) {
        json_number(&w, "low", ic->w.low);
        json_number(&w, "high", ic->w.high);
    } else {
        json_number(&w, param, ic->gain);
    }
    if (sn_init_uses_fan(ic->name)) json_string(&w, "mode", MODE_NAMES[ic->mode]);
    json_integer(&w, "fan_in", ic->spec.fan_in);
    json_integer(&w, "fan_out", ic->spec.fan_out);
    json_integer(&w, "width", ic->width);
    json_integer(&w, "depth", ic->depth);
    json_string(&w, "activation", ic->act_spec);
    json_number(&w, "dropout", ic->dropout);
    if (ic->dropout > 0) json_string(&w, "dropout_kind", dropout_kind(ic));
    json_number(&w, "mu", ic->mu0);
    json_number(&w, "nu", ic->nu0);
    if (M) {
        json_integer(&w, "batch", batch);
        json_integer(&w, "seed", seed);
    }
    json_close(&w, '}');
    json_open(&w, "weights", '{');
    json_string(&w, "distribution", DIST_NAMES[ic->w.dist]);
    switch (ic->w.dist) {
    case SN_WEIGHTS_NORMAL: json_number(&w, "mean", ic->w.mean); json_number(&w, "sd", ic->w.sd); break;
    case SN_WEIGHTS_UNIFORM: json_number(&w, "low", ic->w.low); json_number(&w, "high", ic->w.high); break;
    case SN_WEIGHTS_TRUNCATED: json_number(&w, "sd_before_truncation", ic->w.sd); json_number(&w, "cut", ic->w.cut); break;
    case SN_WEIGHTS_ORTHOGONAL: json_number(&w, "gain", ic->w.gain); break;
    }
    json_number(&w, "variance", ic->u.weight_var);
    json_close(&w, '}');
    json_open(&w, "unit", '{');
    json_number(&w, "omega_mean", ic->u.omega_mean);
    json_number(&w, "omega_sd", ic->u.omega_sd);
    json_number(&w, "tau_mean", ic->u.tau_mean);
    json_number(&w, "tau_sd", ic->u.tau_sd);
    json_close(&w, '}');
    if (fp_ok) {   /* the typical unit's (omega = E omega, tau = E tau); "limit" is the verdict's */
        json_open(&w, "fixed_point", '{');
        json_string(&w, "of", "typical unit");
        json_number(&w, "omega", ic->u.omega_mean);
        json_number(&w, "tau", ic->u.tau_mean);
        json_number(&w, "mu", fp->mu);
        json_number(&w, "nu", fp->nu);
        json_number(&w, "spectral_radius", fp->stability.spectral_radius);
        json_number(&w, "spectral_norm", fp->stability.spectral_norm);
        json_key(&w, "attracting");
        if (fp->stability.attracting == SN_VERDICT_UNDECIDED) fputs("null", stdout);
        else fputs(fp->stability.attracting == SN_VERDICT_YES ? "true" : "false", stdout);
        json_close(&w, '}');
    } else {
        json_key(&w, "fixed_point");
        fputs("null", stdout);
    }
    json_integer(&w, "predicted_layers", ic->predicted);
    if (ic->stop[0]) json_string(&w, "prediction_stops", ic->stop);
    json_open(&w, "layers", '[');
    for (long l = 0; l <= ic->depth; l++) {
        if (l > ic->predicted && !M) break;
        json_open(&w, NULL, '{');
        json_integer(&w, "layer", l);
        if (l <= ic->predicted) {
            json_number(&w, "predicted_mu", P[l].mu);
            json_number(&w, "predicted_nu", P[l].nu);
            if (l > 0) json_number(&w, "predicted_chi", P[l].chi);
        }
        if (M) {
            json_number(&w, "mu", M[l].mean);
            json_number(&w, "nu", M[l].var);
            if (l > 0) json_number(&w, "chi", M[l].grad_factor * M[l].grad_factor);
        }
        json_close(&w, '}');
    }
    json_close(&w, ']');
    json_open(&w, "limit", '{');
    json_string(&w, "of", "layer map");
    json_number(&w, "mu", v->mu);
    json_number(&w, "nu", v->nu);
    json_number(&w, "rate", v->rate);
    json_integer(&w, "layers", v->layers);
    json_number(&w, "chi", v->chi);
    json_close(&w, '}');
    json_number(&w, "chi_over_depth", chi_depth);
    if (mf_ok) {
        json_open(&w, "mean_field", '{');
        json_number(&w, "q_star", mf->q_star);
        json_number(&w, "chi1", mf->chi1);
        json_number(&w, "c_star", mf->c_star);
        json_number(&w, "chi_c", mf->chi_c);
        json_number(&w, "xi_c", mf->xi_c);   /* infinite → null */
        json_number(&w, "xi_q", mf->xi_q);
        json_close(&w, '}');
    } else {
        json_key(&w, "mean_field");
        fputs("null", stdout);
    }
    if (ic->warning[0]) json_string(&w, "warning", ic->warning);
    json_string(&w, "verdict_uses", "limit");
    json_string(&w, "verdict_kind", verdict_kind(v->kind));
    json_string(&w, "verdict", verdict);
    json_end(&w);
}

static void print_text(const init_case *ic, const sn_fixed_point *fp, int fp_ok,
                       const sn_layer_out *P, const sn_mlp_layer *M, const sn_prop_verdict *v,
                       double chi_depth, const char *verdict, const sn_mean_field *mf, int mf_st)
{
    printf("initializer   %s", ic->name);
    if (ic->spec.nonlinearity) printf(", nonlinearity %s", ic->spec.nonlinearity);
    /* the initializer's own number, under its own name */
    const char *param = sn_init_parameter(ic->name);
    if (strcmp(param, "bounds") == 0) printf(": bounds %.10g..%.10g", ic->w.low, ic->w.high);
    else printf(": %s %.10g", param, ic->gain);
    if (sn_init_uses_fan(ic->name)) printf(", mode %s", MODE_NAMES[ic->mode]);
    printf(", fan_in %ld, fan_out %ld\n", ic->spec.fan_in, ic->spec.fan_out);
    printf("weights       ");
    switch (ic->w.dist) {
    case SN_WEIGHTS_NORMAL: printf("N(%g, %.10g^2)", ic->w.mean, ic->w.sd); break;
    case SN_WEIGHTS_UNIFORM: printf("U(%.10g, %.10g)", ic->w.low, ic->w.high); break;
    case SN_WEIGHTS_TRUNCATED:
        printf("N(0, %.10g^2) truncated at +-%g sd", ic->w.sd, ic->w.cut);
        break;
    case SN_WEIGHTS_ORTHOGONAL: printf("orthogonal times gain %.10g", ic->w.gain); break;
    }
    printf("; Var w = %.10g\n", ic->u.weight_var);
    printf("per unit      omega: mean %.6g, sd %.6g   tau: mean %.10g, sd %.6g\n",
           ic->u.omega_mean, ic->u.omega_sd, ic->u.tau_mean, ic->u.tau_sd);
    printf("activation    %s", ic->act_spec);
    if (ic->dropout > 0) printf(" with %s, rate %.10g", dropout_kind(ic), ic->dropout);
    printf("\n");
    /* two fixed points, labelled: the typical unit's (the paper's view) and the layer map's
     * limit (what the network follows, and what the verdict uses) */
    if (fp_ok)
        printf("typical unit  fixed point (%.6g, %.6g) of g at the mean weights (omega = E omega = %.4g,"
               " tau = E tau = %.6g): %s, spectral radius %.6f; the paper's view, not the verdict's\n",
               fp->mu, fp->nu, ic->u.omega_mean, ic->u.tau_mean,
               fp->stability.attracting == SN_VERDICT_YES ? "attracting"
               : fp->stability.attracting == SN_VERDICT_NO ? "repelling" : "undecided",
               fp->stability.spectral_radius);
    else
        printf("typical unit  no fixed point of g found at the mean weights (omega = E omega = %.4g,"
               " tau = E tau = %.6g)\n", ic->u.omega_mean, ic->u.tau_mean);
    printf("\n%5s %12s %12s %10s", "layer", "pred mean", "pred var", "pred chi");
    if (M) printf(" %12s %12s %10s", "mean", "var", "chi");
    printf("\n");
    for (long l = 0; l <= ic->depth; l++) {
        if (l > ic->predicted && !M) break;
        if (l > ic->predicted)
            printf("%5ld %12s %12s %10s", l, "", "", "");
        else
            printf(fabs(P[l].mu) < 1e6 ? "%5ld %12.6f %12.6g" : "%5ld %12.6g %12.6g", l, P[l].mu, P[l].nu);
        if (l > 0 && l <= ic->predicted) printf(" %10.6f", P[l].chi);
        else if (l <= ic->predicted) printf(" %10s", "");
        if (M) {
            printf(" %12.6f %12.6g", M[l].mean, M[l].var);
            if (l > 0) printf(" %10.6f", M[l].grad_factor * M[l].grad_factor);
        }
        printf("\n");
    }
    printf("\n");
    if (v->kind == SN_PROP_NORMALIZING || v->kind == SN_PROP_NEUTRAL)
        printf("layer map     limit (mu*, nu*) = (%.6g, %.6g) of the layer-by-layer prediction, mixing"
               " over units (z ~ N(mu E omega, mu^2 Var omega + nu E tau)): what the network follows,"
               " and what the verdict uses\n", v->mu, v->nu);
    else
        printf("layer map     no limit with nu > 0 for the layer-by-layer prediction, mixing over units"
               " (z ~ N(mu E omega, mu^2 Var omega + nu E tau)): what the network follows, and what"
               " the verdict uses\n");
    if (v->kind == SN_PROP_NEUTRAL)
        printf("convergence   none: rate 1 per layer; the layer map stays within 1e-6 of where it"
               " lands after %ld layer%s\n", v->layers, v->layers == 1 ? "" : "s");
    else if (v->kind == SN_PROP_NORMALIZING)
        printf("convergence   distance to the limit shrinks by %.6g per layer; within 1e-6 after %ld layer%s%s\n",
               v->rate, v->layers, v->layers == 1 ? "" : "s",
               v->layers > ic->depth ? " (more than --depth: this network does not get there)" : "");
    if (isfinite(v->chi))
        printf("gradient      chi per layer %.6g %s; over %ld layers x%.6g (squared norm)\n", v->chi,
               v->kind == SN_PROP_NORMALIZING ? "at the limit" : "where the layer map was left",
               ic->predicted, chi_depth);
    else
        printf("gradient      over %ld layers x%.6g (squared norm)\n", ic->predicted, chi_depth);
    if (mf_st == GSL_SUCCESS) {
        /* a depth scale is NAN where its fixed point repels (slope > 1): say so, never "nan" */
        char xc[48], xq[48];
        if (isnan(mf->xi_c)) snprintf(xc, sizeof xc, "none (c* repels)");
        else snprintf(xc, sizeof xc, "%.4g", mf->xi_c);
        if (isnan(mf->xi_q)) snprintf(xq, sizeof xq, "none (q* repels)");
        else snprintf(xq, sizeof xq, "%.4g", mf->xi_q);
        printf("mean field    q* = %.6g, chi1 = %.6g; correlation c* = %.6g (slope %.6g): depth scales"
               " xi_c = %s, xi_q = %s layers\n", mf->q_star, mf->chi1, mf->c_star, mf->chi_c, xc, xq);
    }
    else if (mf_st == GSL_ENOPROG || mf_st == GSL_EMAXITER)
        printf("mean field    the second moment q has no fixed point q* > 0 (it goes to 0 or infinity)\n");
    if (ic->warning[0]) printf("warning       %s\n", ic->warning);
    printf("verdict       %s\n", verdict);
}

/* The range of E tau = n E w^2 per unit that the prediction takes: beyond it z's variance, or
 * its square in the moments, leaves the doubles for any reasonable input. */
#define TAU_MIN 1e-100
#define TAU_MAX 1e100

/* The numbers the user gave, each checked under its option's name with its allowed range,
 * before the library sees them (its messages speak of the spec's fields). */
static int check_numbers(const init_case *ic, const cli_opt *opts, size_t nopts)
{
    const char *gain_opt = cli_given(opts, nopts, "scale") ? "--scale" : "--gain";
    if (!isnan(ic->spec.gain) && !(ic->spec.gain > 0))
        return cli_usage_error("init", "%s must be > 0 (got %g)", gain_opt, ic->spec.gain);
    if (!isnan(ic->spec.std) && !(ic->spec.std > 0))
        return cli_usage_error("init", "--std must be > 0 (got %g)", ic->spec.std);
    if (!isnan(ic->spec.cut) && !(ic->spec.cut > 0))
        return cli_usage_error("init", "--truncation must be > 0: the weights are cut at +-C sd (got %g,"
                               " which excludes every weight)", ic->spec.cut);
    double low = isnan(ic->spec.low) ? 0 : ic->spec.low, high = isnan(ic->spec.high) ? 1 : ic->spec.high;
    if ((!isnan(ic->spec.low) || !isnan(ic->spec.high)) && !(low < high))
        return cli_usage_error("init", "--low must be below --high: U(low, high) is empty (got --low %g,"
                               " --high %g; defaults 0 and 1)", low, high);
    if (!(ic->nu0 >= SN_PROP_NU_MIN && ic->nu0 <= SN_PROP_NU_MAX))
        return cli_usage_error("init", "--nu must be in [%g, %g] (got %g)", SN_PROP_NU_MIN, SN_PROP_NU_MAX, ic->nu0);
    return EXIT_OK;
}

/* E tau per unit must lie in [TAU_MIN, TAU_MAX]: the message names the option that set the scale
 * and the range it allows (E tau grows like gain^2, std^2, or the Keras scale itself). */
static int check_tau(const init_case *ic, const cli_opt *opts, size_t nopts)
{
    double tau = ic->u.tau_mean;
    if (tau >= TAU_MIN && tau <= TAU_MAX && isfinite(ic->u.tau_sd) && isfinite(ic->u.omega_sd)
        && isfinite(ic->u.omega_mean))
        return EXIT_OK;
    const char *param = sn_init_parameter(ic->name);
    if (strcmp(param, "bounds") == 0)
        return cli_usage_error("init", "--low %g, --high %g give E tau = fan_in E w^2 %s per unit, outside [%g, %g]:"
                               " keep the bounds within about +-%.3g", ic->w.low, ic->w.high,
                               isfinite(tau) ? "this small" : "not finite", TAU_MIN, TAU_MAX,
                               sqrt(3 * TAU_MAX / (double)ic->spec.fan_in));
    /* E tau at the number 1, to say which numbers are allowed */
    sn_init_spec one = ic->spec;
    int is_std = strcmp(param, "std") == 0;
    if (is_std) one.std = 1;
    else if (!one.nonlinearity) one.gain = 1;
    sn_weights w1;
    sn_unit_stats u1;
    const char *opt = is_std ? "--std" : ic->spec.nonlinearity ? "--nonlinearity"
                    : cli_given(opts, nopts, "scale") ? "--scale" : "--gain";
    if (ic->spec.nonlinearity || sn_init_resolve(&w1, &one, NULL, NULL, NULL, 0)
        || sn_init_unit_stats(&u1, &w1, one.fan_in, ic->width) || !(u1.tau_mean > 0))
        return cli_usage_error("init", "%s gives E tau = fan_in E w^2 = %g per unit, outside [%g, %g]", opt,
                               tau, TAU_MIN, TAU_MAX);
    /* E tau = tau1 * x^2 (gain, std) or tau1 * x (Keras scale) */
    int squared = strcmp(param, "scale") != 0;
    double lo = squared ? sqrt(TAU_MIN / u1.tau_mean) : TAU_MIN / u1.tau_mean;
    double hi = squared ? sqrt(TAU_MAX / u1.tau_mean) : TAU_MAX / u1.tau_mean;
    return cli_usage_error("init", "%s %g gives E tau = fan_in E w^2 = %g per unit, outside [%g, %g]: %s must"
                           " be in [%.3g, %.3g] for these fans", opt, is_std ? ic->spec.std : ic->gain, tau,
                           TAU_MIN, TAU_MAX, opt, lo, hi);
}

/* Why --check cannot run this network, under the options' names (sn_mlp_check's conditions), or
 * NULL. */
static int check_network(const init_case *ic, const sn_mlp_config *c, long batch)
{
    if (ic->spec.fan_in != ic->width)
        return cli_usage_error("init", "--check builds the network these layers form: --depth layers of --width"
                               " units each, so every layer after the first has fan_in = --width; give --fan-in"
                               " equal to --width or leave it out (got --fan-in %ld, --width %ld)",
                               ic->spec.fan_in, ic->width);
    if (ic->width * batch < 2)
        return cli_usage_error("init", "--check measures a mean and a variance over --width x --batch numbers"
                               " per layer: it needs at least 2 (got --width %ld, --batch %ld)", ic->width, batch);
    if (ic->w.dist == SN_WEIGHTS_TRUNCATED && !(ic->w.cut >= 0.1))
        return cli_usage_error("init", "--check draws a truncated normal by rejection: --truncation must be"
                               " >= 0.1 (got %g)", ic->w.cut);
    if (!c->use_double && fabs(c->input_mean) + 10 * sqrt(c->input_var) > 1e18)
        return cli_usage_error("init", "--check runs in float: --mu and --nu must keep |mu| + 10 sqrt(nu)"
                               " <= 1e18 (got --mu %g, --nu %g)", ic->mu0, ic->nu0);
    return EXIT_OK;
}

/* The initializer's name with did-you-mean; EXIT_OK or EXIT_USAGE. */
static int check_name(const char *name)
{
    const char *names[64];
    size_t n = sn_init_count();
    for (size_t i = 0; i < n && i < 64; i++) names[i] = sn_init_name(i);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(name);
        if (len && name[len - 1] == '_') len--;
        if (strlen(names[i]) == len && strncmp(names[i], name, len) == 0) return EXIT_OK;
    }
    const char *near = cli_closest(name, strlen(name), names, n);
    if (near) return cli_usage_error("init", "unknown initializer '%s'; did you mean '%s'?", name, near);
    return cli_usage_error("init", "unknown initializer '%s' (see 'selfnorm help init')", name);
}

int cmd_init(int argc, char **argv)
{
    init_case ic = { .spec = sn_init_spec_default(), .width = 1024, .depth = 64, .mu0 = 0,
                     .nu0 = 1, .dropout = 0 };
    long fan_in = 0, fan_out = 0, batch = 256, seed = 1;
    const char *act = "selu";
    int check = 0, json = 0;
    cli_opt opts[] = {
        { "nonlinearity", OPT_STRING, &ic.spec.nonlinearity, "N", "PyTorch calculate_gain's argument", 0, 0 },
        { "gain", OPT_DOUBLE, &ic.spec.gain, "G", "PyTorch gain, or Keras scale", 0, 0 },
        { "scale", OPT_DOUBLE, &ic.spec.gain, "G", "Keras' name for --gain", 0, 0 },
        { "std", OPT_DOUBLE, &ic.spec.std, "S", "normal: the sd (default 1)", 0, 0 },
        { "low", OPT_DOUBLE, &ic.spec.low, "A", "uniform: lower bound (default 0)", 0, 0 },
        { "high", OPT_DOUBLE, &ic.spec.high, "B", "uniform: upper bound (default 1)", 0, 0 },
        { "mode", OPT_STRING, &ic.spec.mode, "M", "fan_in, fan_out (or fan_avg, Keras)", 0, 0 },
        { "distribution", OPT_STRING, &ic.spec.distribution, "D", "variance_scaling's distribution", 0, 0 },
        { "truncation", OPT_DOUBLE, &ic.spec.cut, "C", "truncated normals: cut at +-C sd (default 2)", 0, 0 },
        { "fan-in", OPT_LONG, &fan_in, "N", "inputs per unit (default: --width)", 0, 0 },
        { "fan-out", OPT_LONG, &fan_out, "N", "fan_out of the weight matrix: the units, --width's other name", 0, 0 },
        { "width", OPT_LONG, &ic.width, "N", "units per layer (default 1024)", 0, 0 },
        { "depth", OPT_LONG, &ic.depth, "D", "layers (default 64)", 0, 0 },
        { "activation", OPT_STRING, &act, "SPEC", "activation NAME[:PARAMS] (default selu)", 0, 0 },
        { "dropout", OPT_DOUBLE, &ic.dropout, "P", "dropout rate in [0, 1) (default 0)", 0, 0 },
        { "mu", OPT_DOUBLE, &ic.mu0, "M", "mean of the inputs (default 0)", 0, 0 },
        { "nu", OPT_DOUBLE, &ic.nu0, "V", "variance of the inputs, > 0 (default 1)", 0, 0 },
        { "check", OPT_FLAG, &check, NULL, "run the random network and print measured beside predicted", 0, 0 },
        { "batch", OPT_LONG, &batch, "B", "--check: inputs (default 256)", 0, 0 },
        { "seed", OPT_LONG, &seed, "S", "--check: random seed (default 1)", 0, 0 },
        { "json", OPT_FLAG, &json, NULL, "print one JSON object", 0, 0 },
    };
    size_t nopts = sizeof opts / sizeof opts[0];
    char *pos[1];
    size_t npos = 0;
    int rc = cli_parse(argc, argv, opts, nopts, &CMD_INIT, pos, 1, &npos);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    if ((rc = cli_alias_check(&CMD_INIT, opts, nopts, "gain", "scale"))) return rc;
    if (npos != 1) return cli_usage_error("init", "expected one initializer name (see 'selfnorm help init')");
    ic.name = pos[0];
    if ((rc = check_name(ic.name))) return rc;
    /* a layer's weight matrix is fan_out x fan_in with fan_out = its units: --fan-out is
     * --width (orthogonal rows, fan_out modes depend on it) */
    if (cli_given(opts, nopts, "fan-out") && cli_given(opts, nopts, "width") && fan_out != ic.width)
        return cli_usage_error("init", "--fan-out %ld differs from --width %ld: a layer's fan_out is its number of units (give one of them)",
                               fan_out, ic.width);
    if (cli_given(opts, nopts, "fan-out")) ic.width = fan_out;
    if (ic.width < 1 || ic.width > 1000000) return cli_usage_error("init", "--width (or --fan-out) must be between 1 and 1000000");
    if (ic.depth < 1 || ic.depth > 100000) return cli_usage_error("init", "--depth must be between 1 and 100000");
    if (cli_given(opts, nopts, "fan-in") && (fan_in < 1 || fan_in > 1000000000))
        return cli_usage_error("init", "--fan-in must be between 1 and 1e9");
    if (!(ic.nu0 > 0)) return cli_usage_error("init", "--nu must be > 0");
    if (!(ic.dropout >= 0 && ic.dropout < 1)) return cli_usage_error("init", "--dropout must be in [0, 1)");
    if (batch < 1 || batch > 1000000) return cli_usage_error("init", "--batch must be between 1 and 1000000");
    if (seed < 0) return cli_usage_error("init", "--seed must be >= 0");
    if ((rc = check_numbers(&ic, opts, nopts))) return rc;
    ic.spec.name = ic.name;
    ic.spec.fan_in = cli_given(opts, nopts, "fan-in") ? fan_in : ic.width;
    ic.spec.fan_out = ic.width;
    char err[256];
    if (sn_init_resolve(&ic.w, &ic.spec, &ic.gain, &ic.mode, err, sizeof err))
        return cli_usage_error("init", "%s", err);
    if (sn_act_parse(&ic.act, act, err, sizeof err)) return cli_usage_error("init", "--activation: %s", err);
    sn_act_format(ic.act_spec, sizeof ic.act_spec, &ic.act);
    if (sn_init_unit_stats(&ic.u, &ic.w, ic.spec.fan_in, ic.width))
        return cli_usage_error("init", "--fan-in and --width must be at least 1");
    if ((rc = check_tau(&ic, opts, nopts))) return rc;

    sn_mlp_config c = sn_mlp_defaults((int)ic.depth, (int)ic.width, (int)batch);
    if (check) {
        c.activation = ic.act;   /* every row of the table runs (mlp.h) */
        c.init = SN_INIT_WEIGHTS;
        c.weights = ic.w;
        c.input_mean = ic.mu0;
        c.input_var = ic.nu0;
        c.dropout = ic.dropout;
        c.gradients = 1;
        c.seed = (unsigned long)seed;
        if ((rc = check_network(&ic, &c, batch))) return rc;
        int st = sn_mlp_check(&c);
        if (st == GSL_ENOMEM) return cli_usage_error("init", "--check: this network needs more than 80%% of this machine's memory");
        if (st) return cli_usage_error("init", "--check: invalid network");
    }

    sn_layer_out *P = malloc(((size_t)ic.depth + 1) * sizeof *P);
    sn_mlp_layer *M = check ? malloc(((size_t)ic.depth + 1) * sizeof *M) : NULL;
    if (!P || (check && !M)) {
        free(P); free(M);
        return cli_usage_error("init", "out of memory");
    }
    /* the what-if itself: one library call, the Python package's too (init.h) */
    sn_init_prediction pr;
    int st = sn_init_predict(&pr, P, &ic.spec, &ic.act, ic.width, ic.depth, ic.mu0, ic.nu0,
                             ic.dropout, err, sizeof err);
    if (st) {
        free(P); free(M);
        return err[0] ? cli_usage_error("init", "%s", err) : cli_status_exit("init", st);
    }
    /* where ν leaves [1e-300, 1e300] the prediction stops (propagate.h): the table ends at the
     * last layer predicted, and the verdict says why */
    size_t done = pr.layers_done;
    ic.predicted = (long)done - 1;
    if (pr.stop_status == GSL_EUNDRFLW)
        snprintf(ic.stop, sizeof ic.stop, "the variance falls below %g at layer %zu (the table stops at layer %ld)",
                 SN_PROP_NU_MIN, done, ic.predicted);
    else if (pr.stop_status == GSL_EOVRFLW)
        snprintf(ic.stop, sizeof ic.stop, "the variance exceeds %g at layer %zu (the table stops at layer %ld)",
                 SN_PROP_NU_MAX, done, ic.predicted);
    else if (pr.stop_status)
        snprintf(ic.stop, sizeof ic.stop, "the prediction fails at layer %zu: %s (the table stops at layer %ld)",
                 done, cli_status_text(pr.stop_status), ic.predicted);
    double chi_depth = pr.chi_depth;
    sn_prop_verdict v = pr.verdict;
    /* The layer map treats a layer's inputs as independent across units. With E w != 0 every
     * unit of a layer shares the term E w * sum_i x_i: the units' outputs are correlated, the
     * next layer sums those correlations (n^2 (E w)^2 Cov terms), and the sample-to-sample
     * spread of the common term grows by about |E omega| E f'(z) per layer. The prediction
     * leaves it out: it holds for layer 1 only (mlp measures it; issue 14 findings, 6). */
    double ew = ic.u.omega_mean / (double)ic.spec.fan_in;
    if (ic.u.omega_mean != 0)
        snprintf(ic.warning, sizeof ic.warning, "E w = %.6g != 0 (E omega = %.6g): the prediction assumes zero-mean"
                 " weights beyond layer 1 (the units of a layer independent); with E w != 0 every unit shares the"
                 " term E w * sum x_i, whose spread over inputs grows by about |E omega| E f'(z) per layer and is"
                 " left out, so from layer 2 on the prediction and the verdict do not apply (--check measures"
                 " the network)", ew, ic.u.omega_mean);
    char verdict[512];
    verdict_line(verdict, sizeof verdict, &v, &ic);
    if (ic.stop[0] && isnan(v.rate) && v.layers == (long)done)   /* the same event: say it once */
        snprintf(verdict, sizeof verdict, "variance %s: %s", v.kind == SN_PROP_EXPLODE ? "explodes" : "collapses", ic.stop);
    else if (ic.stop[0]) {
        size_t n = strlen(verdict);
        snprintf(verdict + n, sizeof verdict - n, "; %s", ic.stop);
    }

    sn_fixed_point fp = pr.typical;
    int fp_ok = pr.typical_found;
    sn_mean_field mf = pr.mean_field;
    int mf_st = pr.mean_field_status;

    if (check && (st = sn_mlp_run(M, &c))) {
        free(P); free(M);
        return cli_status_exit("init", st);
    }
    if (ic.warning[0]) fprintf(stderr, "selfnorm init: warning: %s\n", ic.warning);
    fflush(stderr);
    if (json) print_json(&ic, &fp, fp_ok, P, M, &v, chi_depth, verdict, batch, seed, &mf, mf_st == GSL_SUCCESS);
    else print_text(&ic, &fp, fp_ok, P, M, &v, chi_depth, verdict, &mf, mf_st);
    free(P);
    free(M);
    if (v.kind != SN_PROP_NORMALIZING)
        return cli_failure("init", "the layer map has no attracting fixed point with nu > 0: %s", verdict);
    return EXIT_OK;
}
