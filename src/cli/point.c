/* point.c - the options of a point (μ, ω, ν, τ; α, λ) shared by `map` and `jacobian`. */
#include <float.h>
#include <math.h>
#include <string.h>
#include "cli.h"

#define DEFAULT_PRECISION 256

size_t point_options(cli_opt *o, point_args *a, int with_stdin)
{
    *a = (point_args){ .p = sn_selu_default(), .method_name = "closed",
                       .method = METHOD_CLOSED, .precision = DEFAULT_PRECISION,
                       .format_name = "tsv", .activation_name = "selu" };
    size_t n = 0;
    o[n++] = (cli_opt){ "mu", OPT_DOUBLE, &a->x.mu, "MU", "mean of the inputs (required)", 0, 0 };
    o[n++] = (cli_opt){ "omega", OPT_DOUBLE, &a->x.omega, "W", "sum of the weights, ω = Σw (required)", 0, 0 };
    o[n++] = (cli_opt){ "nu", OPT_DOUBLE, &a->x.nu, "NU", "variance of the inputs, > 0 (required)", 0, 0 };
    o[n++] = (cli_opt){ "tau", OPT_DOUBLE, &a->x.tau, "T", "sum of squared weights, τ = Σw² > 0 (required)", 0, 0 };
    o[n++] = (cli_opt){ "alpha", OPT_DOUBLE, &a->p.alpha, "A", "SELU α > 0 (default α01)", 0, 0 };
    o[n++] = (cli_opt){ "lambda", OPT_DOUBLE, &a->p.lambda, "L", "SELU λ > 0 (default λ01)", 0, 0 };
    o[n++] = (cli_opt){ "activation", OPT_STRING, &a->activation_name, "NAME[:PARAMS]",
                        ACTIVATION_HELP, 0, 0 };
    o[n++] = (cli_opt){ "method", OPT_STRING, &a->method_name, "M",
                        "closed (default), quad (GSL quadrature) or mpfr", 0, 0 };
    o[n++] = (cli_opt){ "precision", OPT_LONG, &a->precision, "BITS",
                        "bits for --method mpfr, 16..100000 (default 256)", 0, 0 };
    o[n++] = (cli_opt){ "json", OPT_FLAG, &a->json, NULL, "print one JSON object", 0, 0 };
    if (with_stdin) {
        o[n++] = (cli_opt){ "stdin", OPT_FLAG, &a->from_stdin, NULL,
                            "read rows 'mu omega nu tau' from stdin (see below)", 0, 0 };
        o[n++] = (cli_opt){ "format", OPT_STRING, &a->format_name, "F",
                            "output of --stdin: tsv (default), csv or jsonl", 0, 0 };
    }
    return n;
}

const char *point_problem(sn_point x, sn_selu p)
{
    if (!(x.nu > 0)) return "nu must be > 0";
    if (!(x.tau > 0)) return "tau must be > 0";
    if (!(p.alpha > 0)) return "alpha must be > 0";
    if (!(p.lambda > 0)) return "lambda must be > 0";
    if (!isfinite(x.mu * x.omega)) return "mu*omega overflows a double";
    double s2 = x.nu * x.tau;
    if (!isfinite(s2) || s2 < DBL_MIN) return "nu*tau is outside the range of normal doubles";
    return NULL;
}

static int with_stdin_options(const cli_opt *opts, size_t nopts)
{
    for (size_t i = 0; i < nopts; i++)
        if (strcmp(opts[i].name, "format") == 0) return 1;
    return 0;
}

int point_validate(const cli_command *cmd, const cli_opt *opts, size_t nopts, point_args *a)
{
    static const char *required[] = { "mu", "omega", "nu", "tau" };
    if (!a->from_stdin) {
        for (size_t i = 0; i < 4; i++)
            if (!cli_given(opts, nopts, required[i]))
                return cli_usage_error(cmd->name, "missing --%s (see --help)", required[i]);
    } else {
        for (size_t i = 0; i < 4; i++)
            if (cli_given(opts, nopts, required[i]))
                return cli_usage_error(cmd->name, "--%s cannot be combined with --stdin", required[i]);
        if (a->json)
            return cli_usage_error(cmd->name, "--json cannot be combined with --stdin (use "
                                   "--format jsonl: one JSON object per row)");
    }
    if (with_stdin_options(opts, nopts)) {
        int rc = rows_format(cmd, a, opts, nopts);
        if (rc) return rc;
    }
    int rc = cli_activation(cmd->name, a->activation_name, &a->act);
    if (rc) return rc;
    if (!sn_act_is_selu(&a->act)) {
        if (cli_given(opts, nopts, "alpha") || cli_given(opts, nopts, "lambda"))
            return sn_act_nparams(&a->act) == 0
                ? cli_usage_error(cmd->name, "--alpha and --lambda are SELU's; %s has no "
                                  "parameters", sn_act_row_spec(&a->act))
                : cli_usage_error(cmd->name, "--alpha and --lambda are SELU's; give the "
                                  "parameters of %s as --activation %s:PARAMS",
                                  sn_act_name(&a->act), sn_act_name(&a->act));
        if (cli_given(opts, nopts, "method") || cli_given(opts, nopts, "precision"))
            return cli_usage_error(cmd->name, "--method and --precision apply to SELU only; "
                                   "%s uses its %s", sn_act_row_spec(&a->act),
                                   sn_act_closed_form(&a->act) ? "closed form" : "quadrature");
        a->method = METHOD_ACT;
        a->method_name = sn_act_closed_form(&a->act) ? "closed" : "quadrature";
        const char *why = a->from_stdin ? NULL : point_problem(a->x, sn_selu_default());
        if (why) return cli_usage_error(cmd->name, "%s", why);
        return EXIT_OK;
    }
    if (strchr(a->activation_name, ':')) {
        if (cli_given(opts, nopts, "alpha") || cli_given(opts, nopts, "lambda"))
            return cli_usage_error(cmd->name, "give SELU's parameters either in --activation "
                                   "selu:ALPHA,LAMBDA or as --alpha/--lambda, not both");
        a->p = sn_act_selu_params(&a->act);
    }
    if (strcmp(a->method_name, "closed") == 0) a->method = METHOD_CLOSED;
    else if (strcmp(a->method_name, "quad") == 0) a->method = METHOD_QUAD;
    else if (strcmp(a->method_name, "mpfr") == 0) a->method = METHOD_MPFR;
    else return cli_usage_error(cmd->name, "--method: '%s' is not closed, quad or mpfr", a->method_name);
    if (cli_given(opts, nopts, "precision") && a->method != METHOD_MPFR)
        return cli_usage_error(cmd->name, "--precision applies to --method mpfr only");
    if (a->precision < SN_MPFR_MIN_PREC || a->precision > SN_MPFR_MAX_PREC)
        return cli_usage_error(cmd->name, "--precision must be between %d and %d bits",
                               SN_MPFR_MIN_PREC, SN_MPFR_MAX_PREC);
    if (!(a->p.alpha > 0)) return cli_usage_error(cmd->name, "--alpha must be > 0");
    if (!(a->p.lambda > 0)) return cli_usage_error(cmd->name, "--lambda must be > 0");
    if (!a->from_stdin) {
        const char *why = point_problem(a->x, a->p);
        if (why) return cli_usage_error(cmd->name, "%s", why);
    }
    return EXIT_OK;
}

/* v from the option's decimal text if it was given; otherwise v keeps its value. */
static void set_from_option(mpfr_t v, const cli_opt *opts, size_t nopts, const char *name)
{
    for (size_t i = 0; i < nopts; i++)
        if (strcmp(opts[i].name, name) == 0 && opts[i].seen)
            mpfr_set_str(v, opts[i].text, 10, MPFR_RNDN);
}

void point_mpfr_args(sn_mpfr_args *m, const cli_opt *opts, size_t nopts, const point_args *a)
{
    mpfr_prec_t wp = a->precision + 64;
    sn_mpfr_args_init(m, wp);
    /* default α, λ: α01 and λ01 themselves at this precision, not their doubles */
    mpfr_t zero, one;
    mpfr_inits2(2, zero, one, (mpfr_ptr)0);
    mpfr_set_ui(zero, 0, MPFR_RNDN);
    mpfr_set_ui(one, 1, MPFR_RNDN);
    sn_constants_mpfr(m->alpha, m->lambda, zero, one, zero, one);
    mpfr_clears(zero, one, (mpfr_ptr)0);
    set_from_option(m->mu, opts, nopts, "mu");
    set_from_option(m->omega, opts, nopts, "omega");
    set_from_option(m->nu, opts, nopts, "nu");
    set_from_option(m->tau, opts, nopts, "tau");
    set_from_option(m->alpha, opts, nopts, "alpha");
    set_from_option(m->lambda, opts, nopts, "lambda");
}

/* The decimal as given for option `name`, or NULL. */
static const char *option_text(const cli_opt *opts, size_t nopts, const char *name)
{
    for (size_t i = 0; i < nopts; i++)
        if (strcmp(opts[i].name, name) == 0 && opts[i].seen) return opts[i].text;
    return NULL;
}

void point_json_input(json_writer *w, sn_point x, sn_selu p, const point_args *a,
                      const cli_opt *opts, size_t nopts, int row_values, int row_params)
{
    static const char *const name[6] = { "mu", "omega", "nu", "tau", "alpha", "lambda" };
    int nvalues = a->method == METHOD_ACT ? 4 : 6;   /* alpha and lambda are SELU's */
    static const char *const exact[6] = { NULL, NULL, NULL, NULL, "alpha01", "lambda01" };
    const double v[6] = { x.mu, x.omega, x.nu, x.tau, p.alpha, p.lambda };
    json_open(w, "input", '{');
    for (int k = 0; k < nvalues; k++) {
        int from_row = k < 4 ? row_values : row_params;
        const char *text = option_text(opts, nopts, name[k]);
        if (from_row || a->method != METHOD_MPFR) json_number(w, name[k], v[k]);
        else if (text) json_string(w, name[k], text);
        else if (exact[k]) json_string(w, name[k], exact[k]);
        else json_number(w, name[k], v[k]);
    }
    if (a->method == METHOD_ACT) activation_json(w, &a->act);
    else json_string(w, "activation", "selu");
    json_string(w, "method", a->method_name);
    if (a->method == METHOD_MPFR) json_integer(w, "precision", a->precision);
    json_close(w, '}');
}

int digits_for_bits(long bits)
{
    return (int)floor((double)bits * 0.30102999566398120);
}

int point_failure(const char *cmd, int status, const point_args *a, const cli_opt *opts,
                  size_t nopts)
{
    /* the statuses of the map itself, with the options they are about and their ranges */
    double m = a->x.mu * a->x.omega, s2 = a->x.nu * a->x.tau;
    int code = cli_status_code(status);
    if (status == GSL_EDOM)
        fprintf(stderr, "selfnorm %s: input outside the domain: --mu, --omega, --nu, --tau must be "
                "finite, --nu and --tau > 0\n", cmd);
    else if (status == GSL_ERANGE)
        fprintf(stderr, "selfnorm %s: mu*omega = %g and nu*tau = %g (--mu, --omega, --nu, --tau) "
                "must be finite doubles with nu*tau >= 2.2e-308\n", cmd, m, s2);
    else if (status == GSL_EOVRFLW)
        fprintf(stderr, "selfnorm %s: result overflows a double at mu*omega = %g, nu*tau = %g "
                "(--mu, --omega, --nu, --tau): the moments of f(z) and their derivatives must stay "
                "below 1.8e308; take smaller |mu*omega| or nu*tau\n", cmd, m, s2);
    else
        code = cli_status_exit(cmd, status);
    if (a->json && code == EXIT_FALSE) {
        json_writer w;
        json_begin(&w, stdout);
        point_json_input(&w, a->x, a->p, a, opts, nopts, 0, 0);
        json_string(&w, "error", cli_status_text(status));
        json_end(&w);
    }
    return code;
}

int cli_activation(const char *cmd, const char *spec, sn_act *act)
{
    char err[512];
    if (sn_act_parse(act, spec, err, sizeof err) != GSL_SUCCESS)
        return cli_usage_error(cmd, "--activation: %s", err);
    return EXIT_OK;
}

void activation_json(json_writer *w, const sn_act *act)
{
    char spec[160];
    sn_act_format(spec, sizeof spec, act);
    json_string(w, "activation", spec);
}

int point_map(sn_moments *g, sn_point x, sn_selu p, const point_args *a)
{
    if (a->method == METHOD_ACT) return sn_map_act(g, x, &a->act);
    if (a->method == METHOD_QUAD) return sn_map_quad(g, x, p);
    return sn_map(g, x, p);
}
