/* cmd_jacobian.c - `selfnorm jacobian`: H = ∂(μ̃, ν̃)/∂(μ, ν) and its spectral norm. */
#include <stdlib.h>
#include "cli.h"

const cli_command CMD_JACOBIAN = {
    .name = "jacobian",
    .synopsis = "--mu MU --omega W --nu NU --tau T [--alpha A --lambda L] [--method M] [--json]",
    .summary = "The Jacobian H of the moment map g with respect to (mu, nu), and its spectral norm\n"
               "(largest singular value; g contracts near a fixed point where it is below 1).",
    .details =
        "Methods: 'closed' differentiates the stable closed form analytically (entries accurate\n"
        "to 1e-12*max(1,|h|)); 'quad' integrates the derivatives' integrands with GSL; 'mpfr'\n"
        "evaluates the analytic derivatives of the textbook formulas to --precision bits\n"
        "relative to max(1, |h|).\n\n"
        "Exit codes: 0 done; 1 the computation did not reach its accuracy; 2 bad usage or input.\n",
    .run = cmd_jacobian,
};

static void print_matrix(const point_args *a, double h[4], double norm, const char *const str[5])
{
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
        json_end(&w);
        return;
    }
    if (str) {
        printf("d mu_new/d mu = %s\nd mu_new/d nu = %s\nd nu_new/d mu = %s\nd nu_new/d nu = %s\n"
               "spectral norm = %s\n", str[0], str[1], str[2], str[3], str[4]);
    } else {
        printf("H = [[% .17g, % .17g],\n     [% .17g, % .17g]]\nspectral norm = %.17g\n",
               h[0], h[1], h[2], h[3], norm);
    }
}

static int jacobian_mpfr(const point_args *a, const cli_opt *opts, size_t nopts)
{
    sn_mpfr_args m;
    point_mpfr_args(&m, opts, nopts, a);
    mpfr_t h[4], norm;
    for (int i = 0; i < 4; i++) mpfr_init2(h[i], a->precision);
    mpfr_init2(norm, a->precision);
    int status = sn_mpfr_jacobian(h, norm, &m, a->precision);
    if (status == GSL_SUCCESS) {
        char *str[5];
        for (int i = 0; i < 5; i++)
            mpfr_asprintf(&str[i], "%.*Rg", digits_for_bits(a->precision), i < 4 ? h[i] : norm);
        print_matrix(a, NULL, 0, (const char *const *)str);
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
    int status = a.method == METHOD_QUAD ? sn_map_jacobian_quad(&j, a.x, a.p)
                                         : sn_map_jacobian(&j, a.x, a.p);
    if (status != GSL_SUCCESS) return cli_status_exit("jacobian", status);
    double h[4] = { j.h[0][0], j.h[0][1], j.h[1][0], j.h[1][1] };
    print_matrix(&a, h, j.spectral_norm, NULL);
    return EXIT_OK;
}
