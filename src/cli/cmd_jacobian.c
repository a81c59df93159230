/* cmd_jacobian.c - `selfnorm jacobian`: H = ∂(μ̃, ν̃)/∂(μ, ν), its eigenvalues, spectral
 * radius and spectral norm. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

const cli_command CMD_JACOBIAN = {
    .name = "jacobian",
    .synopsis = "--mu MU --omega W --nu NU --tau T [--alpha A --lambda L] [--method M] [--json]\n"
                "       selfnorm jacobian --mu MU --omega W --nu NU --tau T --activation NAME[:PARAMS] [--json]\n"
                "       selfnorm jacobian --stdin [--format F] [--alpha A --lambda L] [--method M] < rows",
    .brief = "the Jacobian of g, its eigenvalues, spectral radius and norm",
    .summary = "The Jacobian H of the moment map g with respect to (mu, nu); its eigenvalues,\n"
               "spectral radius and spectral norm, and what they say about a fixed point there.",
    .details =
        "--activation other than selu: the row's analytic Jacobian (closed-form rows) or the\n"
        "quadrature of E f', E f'', Cov(f, f'), E[(f - c) f''] (Stein's lemma; entries tested\n"
        "to 1e-10 against MPFR, used with that error for the verdicts).\n\n"
        "Methods: 'closed' differentiates the stable closed form analytically (entries accurate\n"
        "to 1e-12*max(1,|h|)); 'quad' integrates the derivatives' integrands with GSL; 'mpfr'\n"
        "evaluates the analytic derivatives of the textbook formulas to --precision bits\n"
        "relative to max(1, |h|).\n\n"
        "Stability, in double precision from these entries: a fixed point attracts exactly when\n"
        "the spectral radius (largest eigenvalue modulus) is below 1; with a spectral norm\n"
        "(largest singular value) below 1, g is moreover a contraction in the 2-norm near it.\n"
        "Verdicts within 1e-9 of 1 (or of their error bound) are undecided (JSON null). The\n"
        "output says whether (mu, nu) is a fixed point of g (to 1e-9, by the closed form);\n"
        "only then do the verdicts describe the stability of a fixed point.\n\n"
        "With --stdin, each input line holds 'mu omega nu tau' (or 'mu omega nu tau alpha\n"
        "lambda'), and each output line repeats them followed by jacobian_11 jacobian_12\n"
        "jacobian_21 jacobian_22 (H row by row), spectral_norm, spectral_radius, attracting,\n"
        "contraction_2norm and fixed_point (true, false or null); jsonl rows also carry the\n"
        "eigenvalues. With --method mpfr the entries are rounded to double.\n" STDIN_HELP
        "Exit codes: 0 done; 1 the computation did not reach its accuracy; 2 bad usage or input.\n",
    .run = cmd_jacobian,
};

/* What H says at one point. */
typedef struct {
    double h[4], norm;   /* H row by row, its spectral norm */
    sn_stability s;
    int known;           /* g could be evaluated at the point */
    int fixed;           /* g(x) = x to 1e−9, relative to max(1, |mu|) and to nu */
    sn_moments g;
} jac_result;

/* Whether g moves (mu, nu), by the closed form: tells if the verdicts are about a fixed point. */
static void check_fixed(jac_result *r, sn_point x, sn_selu p, const point_args *a)
{
    r->known = (a->method == METHOD_ACT ? sn_map_act(&r->g, x, &a->act) : sn_map(&r->g, x, p))
             == GSL_SUCCESS;
    if (!r->known) return;
    double dmu = r->g.mu_new - x.mu, dnu = r->g.nu_new - x.nu;
    /* 1e−9: far above g's error (moments.h) and the rounding of inputs given to ~15 digits */
    r->fixed = fabs(dmu) <= 1e-9 * fmax(1, fabs(x.mu)) && fabs(dnu) <= 1e-9 * x.nu;
}

static double moved(const jac_result *r, sn_point x)
{
    return hypot(r->g.mu_new - x.mu, r->g.nu_new - x.nu);
}

/* The --json object; str: the entries and the norm as decimal strings (--method mpfr). */
static void jacobian_json(FILE *f, sn_point x, sn_selu p, const jac_result *r,
                          const char *const str[5], const point_args *a, const cli_opt *opts,
                          size_t nopts, int row, int params)
{
    json_writer w;
    json_begin(&w, f);
    point_json_input(&w, x, p, a, opts, nopts, row, params);
    json_open(&w, "jacobian", '[');
    for (int i = 0; i < 2; i++) {
        json_open(&w, NULL, '[');
        for (int k = 0; k < 2; k++) {
            if (str) json_string(&w, NULL, str[2 * i + k]);
            else json_number(&w, NULL, r->h[2 * i + k]);
        }
        json_close(&w, ']');
    }
    json_close(&w, ']');
    if (str) json_string(&w, "spectral_norm", str[4]);
    else json_number(&w, "spectral_norm", r->norm);
    stability_json(&w, &r->s);
    if (r->known) {
        json_number(&w, "mu_new", r->g.mu_new);
        json_number(&w, "nu_new", r->g.nu_new);
        json_bool(&w, "fixed_point", r->fixed);
        json_number(&w, "fixed_point_residual", moved(r, x));
    }
    json_end(&w);
}

static void print_matrix(const point_args *a, const jac_result *r, const char *const str[5],
                         const cli_opt *opts, size_t nopts)
{
    if (a->json) {
        jacobian_json(stdout, a->x, a->p, r, str, a, opts, nopts, 0, 0);
        return;
    }
    if (str) {
        printf("d mu_new/d mu = %s\nd mu_new/d nu = %s\nd nu_new/d mu = %s\nd nu_new/d nu = %s\n"
               "spectral norm = %s\nin double precision, from these entries:\n",
               str[0], str[1], str[2], str[3], str[4]);
    } else {
        printf("H = [[% .17g, % .17g],\n     [% .17g, % .17g]]\n", r->h[0], r->h[1], r->h[2],
               r->h[3]);
    }
    stability_print(&r->s);
    if (!r->known) return;
    if (r->fixed)
        printf("(mu, nu) = (%g, %g) is a fixed point of g (moved by %.2g): these verdicts are "
               "its stability\n", a->x.mu, a->x.nu, moved(r, a->x));
    else
        printf("(mu, nu) = (%g, %g) is not a fixed point of g (moved by %.2g): the verdicts say "
               "what this H would mean at one\n", a->x.mu, a->x.nu, moved(r, a->x));
}

/* The stability of H from entries known to within rel·max(1, |h|). */
static int stability_of(sn_stability *s, const double h[4], double rel)
{
    double hmax = 1.0;
    for (int i = 0; i < 4; i++) hmax = fmax(hmax, fabs(h[i]));
    const double m[2][2] = { { h[0], h[1] }, { h[2], h[3] } };
    return sn_stability_2x2(s, m, rel * hmax);
}

/* H in MPFR at m; r gets its entries rounded to double and their stability. */
static int jacobian_of_mpfr(jac_result *r, mpfr_t h[4], mpfr_t norm, const sn_mpfr_args *m,
                            long precision)
{
    int status = sn_mpfr_jacobian(h, norm, m, precision);
    if (status != GSL_SUCCESS) return status;
    for (int i = 0; i < 4; i++) r->h[i] = mpfr_get_d(h[i], MPFR_RNDN);
    r->norm = mpfr_get_d(norm, MPFR_RNDN);
    /* the entries' precision, or the rounding to double if that is coarser */
    return stability_of(&r->s, r->h, 2 * fmax(ldexp(1, -(int)precision), 0x1p-53));
}

/* H at a point of doubles by the closed form or quadrature. */
static int jacobian_of_double(jac_result *r, sn_point x, sn_selu p, const point_args *a)
{
    sn_jacobian j;
    int status;
    if (a->method == METHOD_ACT) {
        status = sn_stability_at_act(&r->s, &j, x, &a->act);
    } else if (a->method == METHOD_QUAD) {
        status = sn_map_jacobian_quad(&j, x, p);
        double h[4] = { j.h[0][0], j.h[0][1], j.h[1][0], j.h[1][1] };
        /* GSL integrates to 1e−11 relative; entries combine a few integrals: 1e−9 */
        if (status == GSL_SUCCESS) status = stability_of(&r->s, h, 1e-9);
    } else {
        status = sn_stability_at(&r->s, &j, x, p);
    }
    memcpy(r->h, (double[4]){ j.h[0][0], j.h[0][1], j.h[1][0], j.h[1][1] }, sizeof r->h);
    r->norm = j.spectral_norm;
    return status;
}

static int jacobian_mpfr(const point_args *a, const cli_opt *opts, size_t nopts)
{
    sn_mpfr_args m;
    point_mpfr_args(&m, opts, nopts, a);
    mpfr_t h[4], norm;
    for (int i = 0; i < 4; i++) mpfr_init2(h[i], a->precision);
    mpfr_init2(norm, a->precision);
    jac_result r = { 0 };
    int status = jacobian_of_mpfr(&r, h, norm, &m, a->precision);
    if (status == GSL_SUCCESS) {
        char *str[5];
        for (int i = 0; i < 5; i++)
            mpfr_asprintf(&str[i], "%.*Rg", digits_for_bits(a->precision), i < 4 ? h[i] : norm);
        check_fixed(&r, a->x, a->p, a);
        print_matrix(a, &r, (const char *const *)str, opts, nopts);
        for (int i = 0; i < 5; i++) mpfr_free_str(str[i]);
    }
    for (int i = 0; i < 4; i++) mpfr_clear(h[i]);
    mpfr_clear(norm);
    sn_mpfr_args_clear(&m);
    return status == GSL_SUCCESS ? EXIT_OK : point_failure("jacobian", status, a, opts, nopts);
}

/* ---- rows from stdin ------------------------------------------------------------------ */

/* ctx: alpha and lambda for --method mpfr when the row has none (as in map_row). */
static int jacobian_row(void *result, const point_row *row, const point_args *a, void *ctx)
{
    jac_result *r = result;
    *r = (jac_result){ 0 };
    int status;
    if (a->method != METHOD_MPFR) {
        status = row->params && a->method == METHOD_ACT
               ? GSL_EDOM : jacobian_of_double(r, row->x, row->p, a);
    } else {
        const sn_mpfr_args *params = ctx;
        sn_mpfr_args m;
        sn_mpfr_args_init(&m, mpfr_get_prec(params->alpha));
        sn_mpfr_args_set_d(&m, row->x, row->p);
        if (!row->params) {
            mpfr_set(m.alpha, params->alpha, MPFR_RNDN);
            mpfr_set(m.lambda, params->lambda, MPFR_RNDN);
        }
        mpfr_t h[4], norm;
        for (int i = 0; i < 4; i++) mpfr_init2(h[i], 53);
        mpfr_init2(norm, 53);
        status = jacobian_of_mpfr(r, h, norm, &m, a->precision);
        for (int i = 0; i < 4; i++) mpfr_clear(h[i]);
        mpfr_clear(norm);
        sn_mpfr_args_clear(&m);
    }
    if (status == GSL_SUCCESS) check_fixed(r, row->x, row->p, a);
    return status;
}

static void jacobian_cells(FILE *f, char sep, const void *result)
{
    const jac_result *r = result;
    for (int i = 0; i < 4; i++) fprintf(f, "%c%.17g", sep, r->h[i]);
    fprintf(f, "%c%.17g", sep, r->norm);
    stability_cells(f, sep, &r->s);
    fprintf(f, "%c%s", sep, !r->known ? "null" : r->fixed ? "true" : "false");
}

static void jacobian_row_json(FILE *f, const point_row *row, const void *result,
                              const point_args *a, const cli_opt *opts, size_t nopts)
{
    jacobian_json(f, row->x, row->p, result, NULL, a, opts, nopts, 1, row->params);
}

static int jacobian_stdin(const point_args *a, const cli_opt *opts, size_t nopts)
{
    static const char *const columns[] = { "jacobian_11", "jacobian_12", "jacobian_21",
                                           "jacobian_22", "spectral_norm", "spectral_radius",
                                           "attracting", "contraction_2norm", "fixed_point" };
    static const row_command rows = { sizeof(jac_result), columns, 9, jacobian_row,
                                      jacobian_cells, jacobian_row_json };
    sn_mpfr_args params;
    point_mpfr_args(&params, opts, nopts, a);
    int rc = rows_run(&CMD_JACOBIAN, &rows, a, &params, opts, nopts);
    sn_mpfr_args_clear(&params);
    return rc;
}

int cmd_jacobian(int argc, char **argv)
{
    point_args a;
    cli_opt opts[POINT_NOPTS];
    size_t nopts = point_options(opts, &a, 1);
    int rc = cli_parse(argc, argv, opts, nopts, &CMD_JACOBIAN, NULL, 0, NULL);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    if ((rc = point_validate(&CMD_JACOBIAN, opts, nopts, &a))) return rc;
    if (a.from_stdin) return jacobian_stdin(&a, opts, nopts);
    if (a.method == METHOD_MPFR) return jacobian_mpfr(&a, opts, nopts);

    jac_result r = { 0 };
    int status = jacobian_of_double(&r, a.x, a.p, &a);
    if (status != GSL_SUCCESS) return point_failure("jacobian", status, &a, opts, nopts);
    check_fixed(&r, a.x, a.p, &a);
    print_matrix(&a, &r, NULL, opts, nopts);
    return EXIT_OK;
}
