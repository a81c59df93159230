/* cmd_jacobian.c - `selfnorm jacobian`: H = ∂(μ̃, ν̃)/∂(μ, ν), its eigenvalues, spectral
 * radius and spectral norm. */
#include <math.h>
#include <stdlib.h>
#include "cli.h"

const cli_command CMD_JACOBIAN = {
    .name = "jacobian",
    .synopsis = "--mu MU --omega W --nu NU --tau T [--alpha A --lambda L] [--method M] [--json]",
    .brief = "the Jacobian of g, its eigenvalues, spectral radius and norm",
    .summary = "The Jacobian H of the moment map g with respect to (mu, nu); its eigenvalues,\n"
               "spectral radius and spectral norm, and what they say about a fixed point there.",
    .details =
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
        "Exit codes: 0 done; 1 the computation did not reach its accuracy; 2 bad usage or input.\n",
    .run = cmd_jacobian,
};

/* Whether g moves (mu, nu), by the closed form: tells if the verdicts are about a fixed point. */
typedef struct {
    int known;        /* g could be evaluated */
    int fixed;        /* g(x) = x to 1e−9, relative to max(1, |mu|) and to nu */
    double moved;     /* |g(x) − x| */
} fixed_check;

static fixed_check check_fixed(const point_args *a)
{
    fixed_check f = { 0, 0, 0 };
    sn_moments g;
    if (sn_map(&g, a->x, a->p) != GSL_SUCCESS) return f;
    double dmu = g.mu_new - a->x.mu, dnu = g.nu_new - a->x.nu;
    f.known = 1;
    f.moved = hypot(dmu, dnu);
    /* 1e−9: far above g's error (moments.h) and the rounding of inputs given to ~15 digits */
    f.fixed = fabs(dmu) <= 1e-9 * fmax(1, fabs(a->x.mu)) && fabs(dnu) <= 1e-9 * a->x.nu;
    return f;
}

static void print_matrix(const point_args *a, double h[4], double norm, const char *const str[5],
                         const sn_stability *s)
{
    fixed_check f = check_fixed(a);
    if (a->json) {
        json_writer w;
        json_begin(&w, stdout);
        json_number(&w, "mu", a->x.mu);
        json_number(&w, "omega", a->x.omega);
        json_number(&w, "nu", a->x.nu);
        json_number(&w, "tau", a->x.tau);
        json_string(&w, "method", a->method_name);
        json_open(&w, "jacobian", '[');
        for (int r = 0; r < 2; r++) {
            json_open(&w, NULL, '[');
            for (int k = 0; k < 2; k++) {
                if (str) json_string(&w, NULL, str[2 * r + k]);
                else json_number(&w, NULL, h[2 * r + k]);
            }
            json_close(&w, ']');
        }
        json_close(&w, ']');
        if (str) json_string(&w, "spectral_norm", str[4]);
        else json_number(&w, "spectral_norm", norm);
        stability_json(&w, s);
        if (f.known) {
            json_bool(&w, "fixed_point", f.fixed);
            json_number(&w, "fixed_point_residual", f.moved);
        }
        json_end(&w);
        return;
    }
    if (str) {
        printf("d mu_new/d mu = %s\nd mu_new/d nu = %s\nd nu_new/d mu = %s\nd nu_new/d nu = %s\n"
               "spectral norm = %s\nin double precision, from these entries:\n",
               str[0], str[1], str[2], str[3], str[4]);
    } else {
        printf("H = [[% .17g, % .17g],\n     [% .17g, % .17g]]\n", h[0], h[1], h[2], h[3]);
    }
    stability_print(s);
    if (!f.known) return;
    if (f.fixed)
        printf("(mu, nu) = (%g, %g) is a fixed point of g (moved by %.2g): these verdicts are "
               "its stability\n", a->x.mu, a->x.nu, f.moved);
    else
        printf("(mu, nu) = (%g, %g) is not a fixed point of g (moved by %.2g): the verdicts say "
               "what this H would mean at one\n", a->x.mu, a->x.nu, f.moved);
}

/* The stability of H from entries known to within rel·max(1, |h|). */
static int stability_of(sn_stability *s, const double h[4], double rel)
{
    double hmax = 1.0;
    for (int i = 0; i < 4; i++) hmax = fmax(hmax, fabs(h[i]));
    const double m[2][2] = { { h[0], h[1] }, { h[2], h[3] } };
    return sn_stability_2x2(s, m, rel * hmax);
}

static int jacobian_mpfr(const point_args *a, const cli_opt *opts, size_t nopts)
{
    sn_mpfr_args m;
    point_mpfr_args(&m, opts, nopts, a);
    mpfr_t h[4], norm;
    for (int i = 0; i < 4; i++) mpfr_init2(h[i], a->precision);
    mpfr_init2(norm, a->precision);
    int status = sn_mpfr_jacobian(h, norm, &m, a->precision);
    sn_stability s;
    if (status == GSL_SUCCESS) {
        double hd[4];
        for (int i = 0; i < 4; i++) hd[i] = mpfr_get_d(h[i], MPFR_RNDN);
        /* the entries' precision, or the rounding to double if that is coarser */
        status = stability_of(&s, hd, 2 * fmax(ldexp(1, -(int)a->precision), 0x1p-53));
    }
    if (status == GSL_SUCCESS) {
        char *str[5];
        for (int i = 0; i < 5; i++)
            mpfr_asprintf(&str[i], "%.*Rg", digits_for_bits(a->precision), i < 4 ? h[i] : norm);
        print_matrix(a, NULL, 0, (const char *const *)str, &s);
        for (int i = 0; i < 5; i++) mpfr_free_str(str[i]);
    }
    for (int i = 0; i < 4; i++) mpfr_clear(h[i]);
    mpfr_clear(norm);
    sn_mpfr_args_clear(&m);
    return status == GSL_SUCCESS ? EXIT_OK : cli_status_exit("jacobian", status);
}

int cmd_jacobian(int argc, char **argv)
{
    point_args a;
    cli_opt opts[POINT_NOPTS];
    size_t nopts = point_options(opts, &a, 0);
    int rc = cli_parse(argc, argv, opts, nopts, &CMD_JACOBIAN, NULL, 0, NULL);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    if ((rc = point_validate(&CMD_JACOBIAN, opts, nopts, &a))) return rc;
    if (a.method == METHOD_MPFR) return jacobian_mpfr(&a, opts, nopts);

    sn_jacobian j;
    sn_stability s;
    int status;
    if (a.method == METHOD_QUAD) {
        status = sn_map_jacobian_quad(&j, a.x, a.p);
        /* GSL integrates to 1e−11 relative; entries combine a few integrals: 1e−9 */
        double h[4] = { j.h[0][0], j.h[0][1], j.h[1][0], j.h[1][1] };
        if (status == GSL_SUCCESS) status = stability_of(&s, h, 1e-9);
    } else {
        status = sn_stability_at(&s, &j, a.x, a.p);
    }
    if (status != GSL_SUCCESS) return cli_status_exit("jacobian", status);
    double h[4] = { j.h[0][0], j.h[0][1], j.h[1][0], j.h[1][1] };
    print_matrix(&a, h, j.spectral_norm, NULL, &s);
    return EXIT_OK;
}
