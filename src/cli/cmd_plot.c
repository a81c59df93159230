/* cmd_plot.c - `selfnorm plot NAME`: data for the gnuplot scripts in plots/ (TSV on stdout,
 * '#' header lines naming the columns). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

const cli_command CMD_PLOT = {
    .name = "plot",
    .synopsis = "vectorfield|activations|varincrease|spectral|mlp|constants|boxes",
    .brief = "the data of one figure (TSV on stdout; make plots renders them)",
    .summary = "Write the data of one figure as tab-separated columns on stdout (make plots\n"
               "renders them with the scripts in plots/).",
    .details =
        "  vectorfield  mu nu dmu dnu: g(mu, nu) - (mu, nu) for omega = 0, tau = 1 (paper, Fig. 2)\n"
        "  activations  x and selu, relu, elu, tanh with their derivatives\n"
        "  varincrease  nu, then nu_new - nu at the extreme corners of Theorems 2 and 3\n"
        "  spectral     mu nu norm: spectral norm of the Jacobian, omega = -0.1, tau = 1.1\n"
        "  mlp          layer, then mean and variance (empirical, predicted) for selu, relu, tanh\n"
        "               with LeCun weights (tau = 1) and relu with He weights (tau = 2)\n"
        "  constants    V, alpha and lambda making (M, V) a fixed point, M = -0.1, 0, 0.1\n"
        "  boxes        the rigorous proof of Theorem 2 projected on (mu, nu): box corners, bound\n",
    .run = cmd_plot,
};

static double g_at(int which, double mu, double omega, double nu, double tau)
{
    sn_moments g;
    if (sn_map(&g, (sn_point){ mu, omega, nu, tau }, sn_selu_default())) return NAN;
    return which ? g.nu_new : g.mu_new;
}

static void vectorfield(void)
{
    printf("# mu nu dmu dnu   (omega = 0, tau = 1)\n");
    for (double mu = -0.4; mu <= 0.4001; mu += 0.05)
        for (double nu = 0.5; nu <= 2.0001; nu += 0.075)
            printf("%.4f\t%.4f\t%.6g\t%.6g\n", mu, nu, g_at(0, mu, 0, nu, 1) - mu,
                   g_at(1, mu, 0, nu, 1) - nu);
}

static void activations(void)
{
    sn_selu p = sn_selu_default();
    printf("# x selu relu elu tanh dselu drelu delu dtanh\n");
    for (double x = -4; x <= 3.0001; x += 0.02) {
        double t = tanh(x);
        printf("%.3f\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\n", x, sn_selu_eval(x, p),
               x > 0 ? x : 0, x > 0 ? x : expm1(x), t, sn_selu_deriv(x, p), x > 0 ? 1.0 : 0.0,
               x > 0 ? 1 : exp(x), 1 - t * t);
    }
}

static void varincrease(void)
{
    /* corners (mu, omega, tau): where Theorems 2 and 3 are tightest, and their opposites */
    static const double c[4][3] = { { -1, -0.1, 1.25 }, { 1, 0.1, 0.8 }, { -0.1, -0.1, 0.8 },
                                    { 0.1, 0.1, 1.25 } };
    printf("# nu, nu_new - nu at (mu, omega, tau) = (-1,-0.1,1.25) (1,0.1,0.8) (-0.1,-0.1,0.8) (0.1,0.1,1.25)\n");
    for (double e = -2; e <= 1.3001; e += 0.02) {
        double nu = pow(10, e);
        printf("%.6g", nu);
        for (int k = 0; k < 4; k++) printf("\t%.6g", g_at(1, c[k][0], c[k][1], nu, c[k][2]) - nu);
        printf("\n");
    }
}

static void spectral(void)
{
    printf("# mu nu spectral_norm   (omega = -0.1, tau = 1.1)\n");
    for (double mu = -3; mu <= 3.0001; mu += 0.05) {
        for (double nu = 0.1; nu <= 3.0001; nu += 0.025) {
            sn_jacobian j;
            int st = sn_map_jacobian(&j, (sn_point){ mu, -0.1, nu, 1.1 }, sn_selu_default());
            printf("%.4f\t%.4f\t%.6g\n", mu, nu, st ? NAN : j.spectral_norm);
        }
        printf("\n");
    }
}

static int mlp(void)
{
    /* SELU, ReLU and tanh with LeCun weights N(0, 1/N) (tau = 1), and ReLU with its own He
     * initialization N(0, 2/N) (tau = 2) */
    enum { NA = 4, D = 30 };
    const sn_activation acts[NA] = { SN_ACT_SELU, SN_ACT_RELU, SN_ACT_TANH, SN_ACT_RELU };
    const sn_init inits[NA] = { SN_INIT_LECUN, SN_INIT_LECUN, SN_INIT_LECUN, SN_INIT_HE };
    sn_mlp_layer L[NA][D + 1];
    for (int a = 0; a < NA; a++) {
        sn_mlp_config c = sn_mlp_defaults(D, 512, 512);
        c.activation = acts[a];
        c.init = inits[a];
        c.input_mean = 0.5;
        c.input_var = 3;
        if (sn_mlp_run(L[a], &c)) return cli_usage_error("plot", "the MLP run failed");
    }
    printf("# layer, then (mean, var, predicted mean, predicted var) for selu, relu, tanh (LeCun "
           "weights) and relu (He weights); input (0.5, 3), width 512, batch 512, seed 1\n");
    for (int l = 0; l <= D; l++) {
        printf("%d", l);
        for (int a = 0; a < NA; a++)
            printf("\t%.6g\t%.6g\t%.6g\t%.6g", L[a][l].mean, L[a][l].var, L[a][l].predicted_mean,
                   L[a][l].predicted_var);
        printf("\n");
    }
    return EXIT_OK;
}

static void constants(void)
{
    printf("# V, then alpha and lambda for M = -0.1, 0, 0.1 (omega = 0, tau = 1)\n");
    mpfr_t al, la, m, v, w, t;
    mpfr_inits2(53, al, la, m, v, w, t, (mpfr_ptr)0);
    mpfr_set_ui(w, 0, MPFR_RNDN);
    mpfr_set_ui(t, 1, MPFR_RNDN);
    for (double V = 0.5; V <= 3.0001; V += 0.05) {
        printf("%.3f", V);
        for (int k = -1; k <= 1; k++) {
            mpfr_set_d(m, 0.1 * k, MPFR_RNDN);
            mpfr_set_d(v, V, MPFR_RNDN);
            int st = sn_constants_mpfr(al, la, m, v, w, t);
            printf("\t%.8g\t%.8g", st ? NAN : mpfr_get_d(al, MPFR_RNDN), st ? NAN : mpfr_get_d(la, MPFR_RNDN));
        }
        printf("\n");
    }
    mpfr_clears(al, la, m, v, w, t, (mpfr_ptr)0);
}

static int boxes(void)
{
    const sn_theorem *th = sn_theorem_find("theorem2");
    sn_domain dom;
    sn_theorem_domain(&dom, th);
    sn_selu_exact c01 = sn_selu_exact01();
    sn_enclosure e;
    sn_leaf *leaves = NULL;
    size_t n = 0;
    int st = sn_certify_extreme_leaves(&e, &leaves, &n, &th->objectives[0], &dom, &c01, NULL,
                                       1e-4, 200000, 128);
    if (st) return cli_usage_error("plot", "the proof failed");
    printf("# mu_lo mu_hi nu_lo nu_hi bound   (Theorem 2: bound on max nu_new - nu per box)\n");
    for (size_t i = 0; i < n; i++)
        printf("%.6g\t%.6g\t%.6g\t%.6g\t%.6g\n", leaves[i].lo[0], leaves[i].hi[0], leaves[i].lo[2],
               leaves[i].hi[2], leaves[i].bound);
    free(leaves);
    return EXIT_OK;
}

int cmd_plot(int argc, char **argv)
{
    size_t npos = 0;
    char *pos[1];
    int rc = cli_parse(argc, argv, NULL, 0, &CMD_PLOT, pos, 1, &npos);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    if (npos != 1) return cli_usage_error("plot", "which figure? (see --help)");
    const char *name = pos[0];
    if (!strcmp(name, "vectorfield")) vectorfield();
    else if (!strcmp(name, "activations")) activations();
    else if (!strcmp(name, "varincrease")) varincrease();
    else if (!strcmp(name, "spectral")) spectral();
    else if (!strcmp(name, "mlp")) return mlp();
    else if (!strcmp(name, "constants")) constants();
    else if (!strcmp(name, "boxes")) return boxes();
    else return cli_usage_error("plot", "unknown figure '%s' (see --help)", name);
    return EXIT_OK;
}
