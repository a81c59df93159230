/* fig_spectral.c - the spectral norm of g's Jacobian over (μ, ν) for one (ω, τ): where g is a
 * contraction (norm < 1), the heart of Theorem 1's proof. */
#include <math.h>
#include "figure.h"

static int write_spectral(fig_data *d, const fig_args *a)
{
    /* defaults: the corner of Theorem 1's (ω, τ) box where the norm is largest */
    double omega = isnan(a->omega) ? -0.1 : a->omega, tau = isnan(a->tau) ? 1.1 : a->tau;
    fig_range mu = isnan(a->mu_range.lo) ? (fig_range){ -3, 3 } : a->mu_range;
    fig_range nu = isnan(a->nu_range.lo) ? (fig_range){ 0.1, 3 } : a->nu_range;
    long n = a->grid ? a->grid : 121;
    sn_selu p01 = sn_selu_default();
    fig_input_window(d, omega, tau, a->selu, mu, nu);
    fig_input_integer(d, "grid", n);
    fig_param_integer(d, "theorem1_domain", fabs(omega) <= 0.1 && tau >= 0.95 && tau <= 1.1 &&
                                               a->selu.alpha == p01.alpha && a->selu.lambda == p01.lambda);
    fig_dataset_begin(d, "norm", "mu nu spectral_norm");
    double max = 0, min = INFINITY;
    /* n points per axis, the window's edges included */
    for (long i = 0; i < n; i++) {
        fig_block(d);
        double m = mu.lo + (mu.hi - mu.lo) * i / (n - 1);
        for (long j = 0; j < n; j++) {
            double v = nu.lo + (nu.hi - nu.lo) * j / (n - 1);
            sn_jacobian jac;
            int st = sn_map_jacobian(&jac, (sn_point){ m, omega, v, tau }, a->selu);
            double s = st ? NAN : jac.spectral_norm;
            if (s > max) max = s;
            if (s < min) min = s;
            fig_row(d, (double[]){ m, v, s });
        }
    }
    fig_param_number(d, "min_norm", min);
    fig_param_number(d, "max_norm", max);
    return EXIT_OK;
}

const fig_figure FIG_SPECTRAL = {
    .name = "spectral",
    .brief = "spectral norm of g's Jacobian over (μ, ν): where g contracts",
    .description =
        "The spectral norm ‖H‖₂ of the Jacobian of g over (μ, ν) for weights (ω, τ), with the\n"
        "contour ‖H‖₂ = 1: inside it g is a contraction, the property Theorem 1 proves on its\n"
        "domain (drawn when (ω, τ) is in Theorem 1's box and α, λ are the paper's).\n"
        "Defaults: ω = -0.1, τ = 1.1 (the corner where the norm is largest), μ in -3:3,\n"
        "ν in 0.1:3, grid 121 (points per axis, the edges included).\n\n"
        "Data: dataset 0 'norm' (mu nu spectral_norm), one block per μ.",
    .options = "omega tau alpha lambda mu-range nu-range grid",
    .max_grid = 400,
    .write = write_spectral,
};
