/* point.c - the options of a point (μ, ω, ν, τ; α, λ) shared by `map` and `jacobian`. */
#include <float.h>
#include <math.h>
#include <string.h>
#include "cli.h"

#define DEFAULT_PRECISION 256

size_t point_options(cli_opt *o, point_args *a, int with_stdin)
{
    *a = (point_args){ .p = sn_selu_default(), .method_name = "closed",
                       .method = METHOD_CLOSED, .precision = DEFAULT_PRECISION };
    size_t n = 0;
    o[n++] = (cli_opt){ "mu", OPT_DOUBLE, &a->x.mu, "MU", "mean of the inputs (required)", 0, 0 };
    o[n++] = (cli_opt){ "omega", OPT_DOUBLE, &a->x.omega, "W", "sum of the weights, ω = Σw (required)", 0, 0 };
    o[n++] = (cli_opt){ "nu", OPT_DOUBLE, &a->x.nu, "NU", "variance of the inputs, > 0 (required)", 0, 0 };
    o[n++] = (cli_opt){ "tau", OPT_DOUBLE, &a->x.tau, "T", "sum of squared weights, τ = Σw² > 0 (required)", 0, 0 };
    o[n++] = (cli_opt){ "alpha", OPT_DOUBLE, &a->p.alpha, "A", "SELU α > 0 (default α01)", 0, 0 };
    o[n++] = (cli_opt){ "lambda", OPT_DOUBLE, &a->p.lambda, "L", "SELU λ > 0 (default λ01)", 0, 0 };
    o[n++] = (cli_opt){ "method", OPT_STRING, &a->method_name, "M",
                        "closed (default), quad (GSL quadrature) or mpfr", 0, 0 };
    o[n++] = (cli_opt){ "precision", OPT_LONG, &a->precision, "BITS",
                        "bits for --method mpfr, 16..100000 (default 256)", 0, 0 };
    o[n++] = (cli_opt){ "json", OPT_FLAG, &a->json, NULL, "print one JSON object", 0, 0 };
    if (with_stdin)
        o[n++] = (cli_opt){ "stdin", OPT_FLAG, &a->from_stdin, NULL,
                            "read rows 'mu omega nu tau' from stdin (see below)", 0, 0 };
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
        if (a->json) return cli_usage_error(cmd->name, "--json cannot be combined with --stdin");
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

int digits_for_bits(long bits)
{
    return (int)floor((double)bits * 0.30102999566398120);
}
