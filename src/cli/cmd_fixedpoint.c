/* cmd_fixedpoint.c - `selfnorm fixedpoint`: the fixed point of g for given weights, and the
 * iteration of g that converges to it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "selfnorm/propagate.h"

#define MAX_TRACE 100000

const cli_command CMD_FIXEDPOINT = {
    .name = "fixedpoint",
    .synopsis = "[--omega W --tau T] [--alpha A --lambda L | --activation NAME[:PARAMS]]\n"
                "       [--mu MU --nu NU] [--trace] [--max-iterations N] [--json]",
    .brief = "the fixed point of g for weights (omega, tau) and its stability",
    .summary = "The fixed point (mu*, nu*) of g for weights (omega, tau), by a root solver (GSL\n"
               "hybridsj); its stability from the Jacobian H there (eigenvalues, spectral radius\n"
               "and norm); and the iteration (mu, nu) -> g(mu, nu) that a deep network performs,\n"
               "from the start --mu, --nu.",
    .details =
        "Defaults: omega 0, tau 1, alpha01, lambda01, start mu 0, nu 1, --max-iterations 1000.\n"
        "--activation: the map g of any row of the table ('selfnorm activations'); many have\n"
        "no fixed point with nu > 0 for omega = 0, tau = 1 (the variance collapses: relu,\n"
        "tanh, gelu) and report it (exit 1).\n"
        "--from MU,NU is an older spelling of --mu MU --nu NU (give one or the other). The\n"
        "iteration stops within 1e-12*(1 + nu*) of the fixed point. The fixed point attracts\n"
        "exactly when the spectral radius of H (its largest eigenvalue modulus) is below 1;\n"
        "near it the distance then shrinks by about that factor per step (--trace shows it).\n"
        "A spectral norm below 1 says more: g is a contraction in the 2-norm there, every step\n"
        "shrinks the distance (Banach). Verdicts within 1e-9 of 1 (or of their error bound)\n"
        "are reported undecided in double precision (JSON null).\n\n"
        "Exit codes: 0 found, and the iteration from the start reaches it; 1 no fixed point\n"
        "found from the start, or the iteration does not reach it (the output says where it\n"
        "went, and stderr why); 2 bad usage or input.\n",
    .run = cmd_fixedpoint,
};

/* --from MU,NU, the older spelling of --mu MU --nu NU. */
static int parse_from(const char *text, double *mu, double *nu)
{
    const char *comma = strchr(text, ',');
    if (!comma) return cli_usage_error("fixedpoint", "--from: expected MU,NU, got '%s'", text);
    char mu_s[64];
    size_t len = (size_t)(comma - text);
    if (len >= sizeof mu_s) return cli_usage_error("fixedpoint", "--from: '%s' is too long", text);
    memcpy(mu_s, text, len);
    mu_s[len] = '\0';
    const char *why = cli_parse_double(mu_s, mu);
    if (why) return cli_usage_error("fixedpoint", "--from: mu '%s' %s", mu_s, why);
    why = cli_parse_double(comma + 1, nu);
    if (why) return cli_usage_error("fixedpoint", "--from: nu '%s' %s", comma + 1, why);
    return EXIT_OK;
}

/* The start (mu, nu): from --mu/--nu (defaults 0, 1) or from --from, never from both. */
static int start_point(const cli_opt *opts, size_t nopts, const char *from, double *mu, double *nu)
{
    if (from) {
        if (cli_given(opts, nopts, "mu") || cli_given(opts, nopts, "nu"))
            return cli_usage_error("fixedpoint", "--from MU,NU is another spelling of --mu MU "
                                   "--nu NU; give one or the other");
        int rc = parse_from(from, mu, nu);
        if (rc) return rc;
    }
    if (!(*nu > 0))
        return cli_usage_error("fixedpoint", "--%s: nu must be > 0", from ? "from" : "nu");
    return EXIT_OK;
}

/* How the iteration of g from the start ended. */
typedef struct {
    size_t n;        /* points written: the start and n − 1 iterates */
    int converged;   /* the last is within tol of the fixed point */
    int status;      /* g's failure at the last point, else GSL_SUCCESS */
} iteration;

/* What fixedpoint was given, under its options' names (the start as --mu, --nu also when it
 * was given as --from). */
typedef struct {
    double omega, tau;
    sn_selu p;
    sn_act act;
    long max_iterations;
} fp_input;

static void input_json(json_writer *w, const fp_input *in, double mu0, double nu0)
{
    json_open(w, "input", '{');
    json_number(w, "mu", mu0);
    json_number(w, "nu", nu0);
    json_number(w, "omega", in->omega);
    json_number(w, "tau", in->tau);
    if (sn_act_is_selu(&in->act)) {
        json_number(w, "alpha", in->p.alpha);
        json_number(w, "lambda", in->p.lambda);
        json_string(w, "activation", "selu");
    } else {
        activation_json(w, &in->act);
    }
    json_integer(w, "max_iterations", in->max_iterations);
    json_close(w, '}');
}

static void print_result(const sn_fixed_point *fp, const double *mu, const double *nu,
                         const iteration *it, int trace, int json, const fp_input *in)
{
    double omega = in->omega, tau = in->tau;
    size_t n = it->n;
    double last_distance = hypot(mu[n - 1] - fp->mu, nu[n - 1] - fp->nu);
    if (json) {
        json_writer w;
        json_begin(&w, stdout);
        input_json(&w, in, mu[0], nu[0]);
        json_bool(&w, "found", 1);
        json_number(&w, "mu", fp->mu);
        json_number(&w, "nu", fp->nu);
        json_number(&w, "spectral_norm", fp->spectral_norm);
        stability_json(&w, &fp->stability);
        json_integer(&w, "solver_iterations", fp->solver_iterations);
        json_integer(&w, "iterations", (long long)n - 1);
        json_bool(&w, "converged", it->converged);
        json_number(&w, "last_distance", last_distance);
        if (trace) {
            json_open(&w, "trace", '[');
            for (size_t k = 0; k < n; k++) {
                json_open(&w, NULL, '{');
                json_integer(&w, "k", (long long)k);
                json_number(&w, "mu", mu[k]);
                json_number(&w, "nu", nu[k]);
                json_number(&w, "distance", hypot(mu[k] - fp->mu, nu[k] - fp->nu));
                json_close(&w, '}');
            }
            json_close(&w, ']');
        }
        json_end(&w);
        return;
    }
    if (trace) {
        printf("%5s  %22s  %22s  %12s\n", "k", "mu", "nu", "distance");
        for (size_t k = 0; k < n; k++)
            printf("%5zu  %22.17g  %22.17g  %12.4e\n", k, mu[k], nu[k],
                   hypot(mu[k] - fp->mu, nu[k] - fp->nu));
    }
    printf("fixed point      mu = %.17g, nu = %.17g  (omega = %g, tau = %g)\n", fp->mu, fp->nu,
           omega, tau);
    stability_print(&fp->stability);
    if (it->converged)
        printf("iterating g from (%g, %g) reaches it in %zu steps\n", mu[0], nu[0], n - 1);
    else if (it->status != GSL_SUCCESS)
        printf("iterating g from (%g, %g) does not reach it: after %zu steps, at (%.6g, %.6g), "
               "the iterates leave the range where g is computable in double (%s)\n", mu[0],
               nu[0], n - 1, mu[n - 1], nu[n - 1], cli_status_text(it->status));
    else
        printf("iterating g from (%g, %g) does not reach it in %zu steps: the last iterate "
               "(%.6g, %.6g) is %.3g away\n", mu[0], nu[0], n - 1, mu[n - 1], nu[n - 1],
               last_distance);
}

/* Why the iteration missed the fixed point, as far as the stability tells. */
static void explain_miss(const sn_fixed_point *fp)
{
    const sn_stability *s = &fp->stability;
    if (s->attracting == SN_VERDICT_NO)
        fprintf(stderr, "selfnorm fixedpoint: the iteration does not converge to the fixed point:"
                " it is not attracting (spectral radius %.6g > 1)\n", s->spectral_radius);
    else if (s->attracting == SN_VERDICT_YES)
        fprintf(stderr, "selfnorm fixedpoint: the iteration does not converge to the fixed point,"
                " although it attracts (spectral radius %.6g < 1): the start (--mu, --nu) lies"
                " outside where it attracts, or --max-iterations is too small\n", s->spectral_radius);
    else
        fprintf(stderr, "selfnorm fixedpoint: the iteration does not converge to the fixed point;"
                " its spectral radius is too close to 1 to tell whether it attracts\n");
}

/* The solver's failures in the words of this command (cli_status_text speaks of quadrature). */
static const char *solver_failure(int status)
{
    switch (status) {
    case GSL_ENOPROG: return "the root solver stopped making progress";
    case GSL_EMAXITER: return "the root solver did not converge";
    case GSL_EBADFUNC: return "g left the range of doubles during the search";
    default: return cli_status_text(status);
    }
}

/* Why there is no fixed point, as `init` says it: what g does to the variance from the start
 * (iterated as a layer map with fixed omega, tau: z ~ N(mu omega, nu tau), propagate.h), not
 * how the solver failed. *kind gets the classification's name for JSON. */
static void no_fixed_point_reason(char *buf, size_t len, const char **kind, const sn_act *act,
                                  double omega, double tau, double mu0, double nu0, long steps)
{
    sn_layer_model m = { .act = act, .omega_mean = omega, .omega_var = 0, .tau_mean = tau, .dropout = 0 };
    sn_prop_verdict v;
    *kind = "undecided";
    if (sn_propagate_verdict(&v, &m, mu0, nu0, steps < 2 ? 2 : steps)) {
        snprintf(buf, len, "g cannot be iterated from the start");
        return;
    }
    switch (v.kind) {
    case SN_PROP_COLLAPSE:
        *kind = "collapse";
        if (isnan(v.rate))
            snprintf(buf, len, "iterating g from the start, the variance collapses toward 0 (below %g at step %ld)",
                     SN_PROP_NU_MIN, v.layers);
        else if (v.rate > 0.999)   /* tanh at tau = 1: nu ~ 1/k */
            snprintf(buf, len, "iterating g from the start, the variance collapses toward 0, slower than"
                     " geometrically (factor %.6g per step at step %ld, nu %.3g)", v.rate, v.layers, v.nu);
        else
            snprintf(buf, len, "iterating g from the start, the variance collapses toward 0 (factor %.6g per step)",
                     v.rate);
        break;
    case SN_PROP_EXPLODE:
        *kind = "explode";
        if (isnan(v.rate))
            snprintf(buf, len, "iterating g from the start, the variance explodes (above %g at step %ld)",
                     SN_PROP_NU_MAX, v.layers);
        else
            snprintf(buf, len, "iterating g from the start, the variance explodes (factor %.6g per step)", v.rate);
        break;
    case SN_PROP_NEUTRAL:
        *kind = "neutral";
        snprintf(buf, len, "neutral: iterating g from the start, the variance neither converges nor diverges"
                 " (rate %.6g): it stays at (%.6g, %.6g), and nearby starts stay where they are", v.rate, v.mu, v.nu);
        break;
    case SN_PROP_NORMALIZING:
        *kind = "converges";
        snprintf(buf, len, "iterating g from the start settles near (%.6g, %.6g), but the solver could not"
                 " confirm a fixed point there", v.mu, v.nu);
        break;
    default:
        snprintf(buf, len, "iterating g from the start, the variance neither settles nor collapses nor"
                 " explodes within %ld steps", v.layers);
    }
}

int cmd_fixedpoint(int argc, char **argv)
{
    double omega = 0, tau = 1;
    sn_selu p = sn_selu_default();
    const char *from = NULL;
    double mu0 = 0, nu0 = 1;
    long max_iter = 1000;
    int trace = 0, json = 0;
    const char *activation = "selu";
    cli_opt opts[] = {
        { "activation", OPT_STRING, &activation, "NAME[:PARAMS]", ACTIVATION_HELP, 0, 0 },
        { "omega", OPT_DOUBLE, &omega, "W", "sum of the weights (default 0)", 0, 0 },
        { "tau", OPT_DOUBLE, &tau, "T", "sum of squared weights, > 0 (default 1)", 0, 0 },
        { "alpha", OPT_DOUBLE, &p.alpha, "A", "SELU alpha > 0 (default alpha01)", 0, 0 },
        { "lambda", OPT_DOUBLE, &p.lambda, "L", "SELU lambda > 0 (default lambda01)", 0, 0 },
        { "mu", OPT_DOUBLE, &mu0, "MU", "mean at the start of the solver and the iteration (0)", 0, 0 },
        { "nu", OPT_DOUBLE, &nu0, "NU", "variance at the start, > 0 (1)", 0, 0 },
        { "from", OPT_STRING, &from, "MU,NU", "older spelling of --mu MU --nu NU", 0, 0 },
        { "trace", OPT_FLAG, &trace, NULL, "print every iterate and its distance", 0, 0 },
        { "max-iterations", OPT_LONG, &max_iter, "N", "iterations of g, 1..100000 (1000)", 0, 0 },
        { "json", OPT_FLAG, &json, NULL, "print one JSON object", 0, 0 },
    };
    size_t nopts = sizeof opts / sizeof opts[0];
    int rc = cli_parse(argc, argv, opts, nopts, &CMD_FIXEDPOINT, NULL, 0, NULL);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    if ((rc = start_point(opts, nopts, from, &mu0, &nu0))) return rc;
    sn_act act;
    if ((rc = cli_activation("fixedpoint", activation, &act))) return rc;
    int params_given = cli_given(opts, nopts, "alpha") || cli_given(opts, nopts, "lambda");
    if (params_given && (!sn_act_is_selu(&act) || strchr(activation, ':')))
        return cli_usage_error("fixedpoint", "--alpha and --lambda are SELU's; give an "
                               "activation's parameters as --activation NAME:PARAMS");
    if (sn_act_is_selu(&act) && strchr(activation, ':')) p = sn_act_selu_params(&act);
    if (sn_act_is_selu(&act)) act = sn_act_selu(p.alpha, p.lambda);
    if (!(tau > 0)) return cli_usage_error("fixedpoint", "--tau must be > 0");
    if (!(p.alpha > 0)) return cli_usage_error("fixedpoint", "--alpha must be > 0");
    if (!(p.lambda > 0)) return cli_usage_error("fixedpoint", "--lambda must be > 0");
    if (max_iter < 1 || max_iter > MAX_TRACE)
        return cli_usage_error("fixedpoint", "--max-iterations must be between 1 and %d", MAX_TRACE);
    const char *why = point_problem((sn_point){ mu0, omega, nu0, tau }, p);
    if (why) return cli_usage_error("fixedpoint", "%s", why);

    sn_fixed_point fp;
    int status = sn_fixed_point_solve_act(&fp, omega, tau, &act, mu0, nu0);
    fp_input in = { omega, tau, p, act, max_iter };
    if (status == GSL_EDOM)
        return cli_usage_error("fixedpoint", "no fixed point from (%g, %g): %s", mu0, nu0, solver_failure(status));
    if (status != GSL_SUCCESS) {
        /* the reason in init's terms, the solver's internals on a second line (and in JSON) */
        char reason[320];
        const char *kind;
        no_fixed_point_reason(reason, sizeof reason, &kind, &act, omega, tau, mu0, nu0, 20000);
        if (json) {   /* exit 1 is a verdict: the object says it */
            json_writer w;
            json_begin(&w, stdout);
            input_json(&w, &in, mu0, nu0);
            json_bool(&w, "found", 0);
            json_string(&w, "verdict_kind", kind);
            json_string(&w, "error", reason);
            json_string(&w, "solver", solver_failure(status));
            json_end(&w);
            fflush(stdout);
        }
        fprintf(stderr, "selfnorm fixedpoint: no fixed point with nu > 0 from (%g, %g): %s\n"
                "selfnorm fixedpoint: (%s; another start may help: --mu, --nu)\n",
                mu0, nu0, reason, solver_failure(status));
        return EXIT_FALSE;
    }
    size_t cap = (size_t)max_iter + 1;
    double *mu = malloc(cap * sizeof *mu), *nu = malloc(cap * sizeof *nu);
    if (!mu || !nu) {
        free(mu); free(nu);
        return cli_usage_error("fixedpoint", "out of memory");
    }
    double tol = 1e-12 * (1 + fp.nu);
    iteration it;
    it.n = sn_fixed_point_iterate_act(mu, nu, cap, omega, tau, &act, mu0, nu0, fp.mu, fp.nu,
                                      tol, &it.status);
    it.converged = hypot(mu[it.n - 1] - fp.mu, nu[it.n - 1] - fp.nu) <= tol;
    print_result(&fp, mu, nu, &it, trace, json, &in);
    /* the result first, then why, also when both streams go to one file */
    fflush(stdout);
    if (!it.converged) explain_miss(&fp);
    free(mu);
    free(nu);
    return it.converged ? EXIT_OK : EXIT_FALSE;
}
