/* cmd_map.c - `selfnorm map`: g(μ, ν) = (μ̃, ν̃) at one point, or streamed over rows. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static int map_stdin(const point_args *a, const cli_opt *opts, size_t nopts);

const cli_command CMD_MAP = {
    .name = "map",
    .synopsis = "--mu MU --omega W --nu NU --tau T [--alpha A --lambda L] [--method M] [--json]\n"
                "       selfnorm map --mu MU --omega W --nu NU --tau T --activation NAME[:PARAMS] [--json]\n"
                "       selfnorm map --stdin [--format F] [--alpha A --lambda L] [--method M] < rows",
    .brief = "the moment map g: mean and variance of f(z), z ~ N(mu*omega, nu*tau)",
    .summary = "The moment map g: mean and variance of f(z) for z ~ N(mu*omega, nu*tau), f = selu\n"
               "or any --activation of the table ('selfnorm activations').",
    .details =
        "--activation other than selu: the row's closed form (elu, relu, leaky_relu, linear;\n"
        "errors as for 'closed') or its Gauss-Kronrod quadrature (tanh, gelu, gelu:tanh, silu,\n"
        "softplus, sigmoid: within 2.1e-13 relative of MPFR in the tests; mu_err, nu_err are its\n"
        "error estimates; far from 0, where the row is linear or exponential on all the mass, the\n"
        "closed form of that piece). A quadrature result whose estimate exceeds 1e-4 of it is\n"
        "not printed: exit 1, 'accuracy not reached (error estimate E ...)'.\n"
        "--method, --alpha, --lambda are SELU's (selu:ALPHA,LAMBDA works too).\n\n"
        "Methods: 'closed' is the stable closed form (|mu_new| error <= 1e-13*max(1,|mu_new|),\n"
        "relative nu_new error <= 1e-12, checked against MPFR); 'quad' integrates the defining\n"
        "integrals with GSL (relative tolerance 1e-11, error estimates printed); 'mpfr' evaluates\n"
        "the textbook formulas at increasing working precision until --precision bits agree\n"
        "(inputs are read as exact decimals at that precision).\n\n"
        "With --stdin, each input line holds 'mu omega nu tau' (or 'mu omega nu tau alpha\n"
        "lambda'), and each output line repeats them followed by mu_new and nu_new.\n" STDIN_HELP
        "Exit codes: 0 done; 1 the computation did not reach its accuracy; 2 bad usage or input.\n",
    .run = cmd_map,
};

/* The --json object: the inputs, then g; mu_err and nu_err where the method bounds them
 * (with mpfr the digits printed are the accuracy). */
static void map_json(FILE *f, sn_point x, sn_selu p, const sn_moments *g, const char *const str[2],
                     const point_args *a, const cli_opt *opts, size_t nopts, int row, int params)
{
    json_writer w;
    json_begin(&w, f);
    point_json_input(&w, x, p, a, opts, nopts, row, params);
    if (str) {
        json_string(&w, "mu_new", str[0]);
        json_string(&w, "nu_new", str[1]);
    } else {
        json_number(&w, "mu_new", g->mu_new);
        json_number(&w, "nu_new", g->nu_new);
    }
    if (a->method != METHOD_MPFR) {
        json_number(&w, "mu_err", g->mu_err);
        json_number(&w, "nu_err", g->nu_err);
    }
    json_end(&w);
}

static void print_mpfr_result(const point_args *a, mpfr_t mu_new, mpfr_t nu_new,
                              const cli_opt *opts, size_t nopts)
{
    int digits = digits_for_bits(a->precision);
    char *mu_s = NULL, *nu_s = NULL;
    mpfr_asprintf(&mu_s, "%.*Rg", digits, mu_new);
    mpfr_asprintf(&nu_s, "%.*Rg", digits, nu_new);
    if (a->json) {
        const char *str[2] = { mu_s, nu_s };
        map_json(stdout, a->x, a->p, NULL, str, a, opts, nopts, 0, 0);
    } else {
        printf("mu_new = %s\nnu_new = %s\n", mu_s, nu_s);
    }
    mpfr_free_str(mu_s);
    mpfr_free_str(nu_s);
}

static int map_mpfr(const point_args *a, const cli_opt *opts, size_t nopts)
{
    sn_mpfr_args m;
    point_mpfr_args(&m, opts, nopts, a);
    mpfr_t mu_new, nu_new;
    mpfr_inits2(a->precision, mu_new, nu_new, (mpfr_ptr)0);
    int status = sn_mpfr_map(mu_new, nu_new, &m, a->precision);
    if (status == GSL_SUCCESS) print_mpfr_result(a, mu_new, nu_new, opts, nopts);
    mpfr_clears(mu_new, nu_new, (mpfr_ptr)0);
    sn_mpfr_args_clear(&m);
    return status == GSL_SUCCESS ? EXIT_OK : point_failure("map", status, a, opts, nopts);
}

static void print_result(const point_args *a, const sn_moments *g, const cli_opt *opts,
                         size_t nopts)
{
    if (a->json) {
        map_json(stdout, a->x, a->p, g, NULL, a, opts, nopts, 0, 0);
    } else {
        printf("mu_new = %.17g  (error <= %.2g)\nnu_new = %.17g  (error <= %.2g)\n",
               g->mu_new, g->mu_err, g->nu_new, g->nu_err);
    }
}

/* A quadrature row's result whose error estimate is not small against it (activation.h,
 * SN_ACT_MAP_ACCURACY): not a result. Exit 1 with the estimates, not the values. */
static int map_inaccurate(const point_args *a, const sn_moments *g, const cli_opt *opts,
                          size_t nopts)
{
    char why[240];
    if (isfinite(g->mu_err) && isfinite(g->nu_err))
        snprintf(why, sizeof why, "accuracy not reached (error estimate %.2g for mu_new ~ %.3g, "
                 "%.2g for nu_new ~ %.3g; at most %g relative is accepted)", g->mu_err, g->mu_new,
                 g->nu_err, g->nu_new, SN_ACT_MAP_ACCURACY);
    else   /* no estimate to print (its sums overflowed)   */
        snprintf(why, sizeof why, "accuracy not reached (the quadrature's error estimate is not "
                 "finite at this point)");
    fprintf(stderr, "selfnorm map: %s\n", why);
    if (a->json) {
        json_writer w;
        json_begin(&w, stdout);
        point_json_input(&w, a->x, a->p, a, opts, nopts, 0, 0);
        json_string(&w, "error", why);
        json_end(&w);
    }
    return EXIT_FALSE;
}

int cmd_map(int argc, char **argv)
{
    point_args a;
    cli_opt opts[POINT_NOPTS];
    size_t nopts = point_options(opts, &a, 1);
    int rc = cli_parse(argc, argv, opts, nopts, &CMD_MAP, NULL, 0, NULL);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    if ((rc = point_validate(&CMD_MAP, opts, nopts, &a))) return rc;
    if (a.from_stdin) return map_stdin(&a, opts, nopts);
    if (a.method == METHOD_MPFR) return map_mpfr(&a, opts, nopts);

    sn_moments g;
    int status = point_map(&g, a.x, a.p, &a);
    if (status == GSL_ETOL && a.method == METHOD_ACT)   /* g holds the refused estimates */
        return map_inaccurate(&a, &g, opts, nopts);
    if (status != GSL_SUCCESS) return point_failure("map", status, &a, opts, nopts);
    print_result(&a, &g, opts, nopts);
    return EXIT_OK;
}

/* ---- rows from stdin ------------------------------------------------------------------ */

/* One row's g. With --method mpfr, alpha and lambda that did not come from the row are those
 * of the single-point command (exact alpha01 and lambda01 by default): ctx. */
static int map_row(void *result, const point_row *row, const point_args *a, void *ctx)
{
    sn_moments *g = result;
    *g = (sn_moments){ 0 };
    /* alpha and lambda columns are SELU's parameters: out of place for another activation */
    if (a->method == METHOD_ACT) return row->params ? GSL_EDOM : sn_map_act(g, row->x, &a->act);
    if (a->method == METHOD_QUAD) return sn_map_quad(g, row->x, row->p);
    if (a->method == METHOD_CLOSED) return sn_map(g, row->x, row->p);
    const sn_mpfr_args *params = ctx;
    sn_mpfr_args m;
    mpfr_t mu_new, nu_new;
    sn_mpfr_args_init(&m, mpfr_get_prec(params->alpha));
    sn_mpfr_args_set_d(&m, row->x, row->p);
    if (!row->params) {
        mpfr_set(m.alpha, params->alpha, MPFR_RNDN);
        mpfr_set(m.lambda, params->lambda, MPFR_RNDN);
    }
    mpfr_inits2(53, mu_new, nu_new, (mpfr_ptr)0);
    int status = sn_mpfr_map(mu_new, nu_new, &m, a->precision);
    g->mu_new = mpfr_get_d(mu_new, MPFR_RNDN);
    g->nu_new = mpfr_get_d(nu_new, MPFR_RNDN);
    mpfr_clears(mu_new, nu_new, (mpfr_ptr)0);
    sn_mpfr_args_clear(&m);
    return status;
}

static void map_cells(FILE *f, char sep, const void *result)
{
    const sn_moments *g = result;
    fprintf(f, "%c%.17g%c%.17g", sep, g->mu_new, sep, g->nu_new);
}

static void map_row_json(FILE *f, const point_row *row, const void *result, const point_args *a,
                         const cli_opt *opts, size_t nopts)
{
    map_json(f, row->x, row->p, result, NULL, a, opts, nopts, 1, row->params);
}

static int map_stdin(const point_args *a, const cli_opt *opts, size_t nopts)
{
    static const char *const columns[] = { "mu_new", "nu_new" };
    static const row_command rows = { sizeof(sn_moments), columns, 2, map_row, map_cells,
                                      map_row_json };
    sn_mpfr_args params;
    point_mpfr_args(&params, opts, nopts, a);
    int rc = rows_run(&CMD_MAP, &rows, a, &params, opts, nopts);
    sn_mpfr_args_clear(&params);
    return rc;
}
