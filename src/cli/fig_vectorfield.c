/* fig_vectorfield.c - the moment map g as a vector field (the paper's Figure 2, for any ω, τ,
 * α, λ): equal-length arrows in screen units showing the direction of one step, coloured by
 * the step's length; optional trajectories (iterates of g, one layer each); the fixed point
 * with its stability. */
#include <math.h>
#include "figure.h"

enum { TRAJECTORY_STEPS = 60 };
#define ASPECT 0.7   /* the plot's height / width (set size ratio in plots/vectorfield.gp) */

/* the default window: the paper's Figure 2 */
static const fig_range MU_DEFAULT = { -0.4, 0.4 }, NU_DEFAULT = { 0.5, 2.0 };

static void fixed_point_params(fig_data *d, const sn_fixed_point *found, int st)
{
    sn_fixed_point fp = *found;
    fig_param_integer(d, "fixed_point_found", st == GSL_SUCCESS);
    fig_param_number(d, "fixed_point_mu", st ? NAN : fp.mu);
    fig_param_number(d, "fixed_point_nu", st ? NAN : fp.nu);
    fig_param_number(d, "spectral_radius", st ? NAN : fp.stability.spectral_radius);
    /* 1 attracting, 0 not, -1 too close to 1 to say (or no fixed point) */
    int attracting = st || fp.stability.attracting == SN_VERDICT_UNDECIDED ? -1
                   : fp.stability.attracting == SN_VERDICT_YES;
    fig_param_integer(d, "attracting", attracting);
    /* what a teacher calls it: both eigenvalues inside the unit circle attract; real ones on
     * either side of it make a saddle; both outside repel */
    const sn_stability *s = &fp.stability;
    double m0 = hypot(s->re[0], s->im[0]), m1 = hypot(s->re[1], s->im[1]);
    const char *kind = st ? "none"
                     : attracting == 1 ? (s->complex_pair ? "attracting spiral" : "attracting")
                     : attracting == -1 ? "undecided"
                     : !s->complex_pair && (m0 < 1) != (m1 < 1) ? "saddle"
                     : s->complex_pair ? "repelling spiral" : "repelling";
    fig_param_text(d, "fixed_point_kind", kind);
}

/* Trajectories from the border of the window: its corners and the midpoints of its sides. */
static void trajectories(fig_data *d, double omega, double tau, const sn_act *act, fig_range mu,
                         fig_range nu)
{
    fig_dataset_begin(d, "trajectories", "start layer mu nu");
    const double f[8][2] = { { 0, 0 }, { 0.5, 0 }, { 1, 0 }, { 1, 0.5 },
                             { 1, 1 }, { 0.5, 1 }, { 0, 1 }, { 0, 0.5 } };
    for (int s = 0; s < 8; s++) {
        double m[TRAJECTORY_STEPS], v[TRAJECTORY_STEPS];
        int st;
        double m0 = mu.lo + f[s][0] * (mu.hi - mu.lo), v0 = nu.lo + f[s][1] * (nu.hi - nu.lo);
        size_t n = sn_fixed_point_iterate_act(m, v, TRAJECTORY_STEPS, omega, tau, act, m0, v0,
                                              NAN, NAN, 0, &st);
        fig_block(d);
        for (size_t k = 0; k < n; k++) fig_row(d, (double[]){ s, (double)k, m[k], v[k] });
    }
}

static int write_vectorfield(fig_data *d, const fig_args *a)
{
    double omega = isnan(a->omega) ? 0 : a->omega, tau = isnan(a->tau) ? 1 : a->tau;
    sn_fixed_point fp = { 0 };   /* read (kind) also when none is found */
    int fp_status = sn_fixed_point_solve_act(&fp, omega, tau, &a->act, 0, 1);
    /* the default window: the paper's Figure 2 for SELU; for another activation, centred on
     * its fixed point (μ*, ν*) with the paper's proportions, μ* ± 0.4√ν*, ν* from half ν* to 2ν*
     * (the paper's window around (0, 1)), so that the fixed point is in the picture */
    fig_range mu_default = MU_DEFAULT, nu_default = NU_DEFAULT;
    if (!sn_act_is_selu(&a->act) && fp_status == GSL_SUCCESS) {
        double half = 0.4 * sqrt(fp.nu);
        mu_default = (fig_range){ fp.mu - half, fp.mu + half };
        nu_default = (fig_range){ 0.5 * fp.nu, 2 * fp.nu };
    }
    fig_range mu = isnan(a->mu_range.lo) ? mu_default : a->mu_range;
    fig_range nu = isnan(a->nu_range.lo) ? nu_default : a->nu_range;
    long n = a->grid ? a->grid : 21;
    /* α and λ in the header only when they are the activation's (SELU) */
    if (sn_act_is_selu(&a->act)) {
        fig_input_window(d, omega, tau, a->selu, mu, nu);
    } else {
        fig_input_number(d, "omega", omega);
        fig_input_number(d, "tau", tau);
        fig_input_range(d, "mu_range", mu);
        fig_input_range(d, "nu_range", nu);
    }
    char spec[160];
    sn_act_format(spec, sizeof spec, &a->act);
    fig_input_text(d, "activation", spec);
    fig_input_integer(d, "grid", n);
    fig_input_integer(d, "trajectories", a->trajectories);
    /* Theorem 1's (μ, ν) domain is drawn only where the theorem speaks: its (ω, τ) box and the
     * paper's α, λ. */
    sn_selu p01 = sn_selu_default();
    int theorem1 = fabs(omega) <= 0.1 && tau >= 0.95 && tau <= 1.1 && sn_act_is_selu(&a->act)
                && a->selu.alpha == p01.alpha && a->selu.lambda == p01.lambda;
    fig_param_integer(d, "theorem1_domain", theorem1);
    fixed_point_params(d, &fp, fp_status);

    /* Arrows: the direction of g(x) − x on the screen, all of length 0.7 cells, centred on
     * their grid point; colour = log10 of the step's length |g(x) − x| (Euclidean in (μ, ν)).
     * The script fixes the plot's height/width to ASPECT, so that equal screen lengths are
     * equal lengths of (sx, ASPECT·sy) in fractions sx, sy of the axes. */
    fig_param_number(d, "aspect", ASPECT);
    fig_dataset_begin(d, "field", "mu nu dmu dnu step arrow_dmu arrow_dnu");
    double cell_mu = (mu.hi - mu.lo) / n, cell_nu = (nu.hi - nu.lo) / n;
    for (long i = 0; i < n; i++) {
        fig_block(d);
        for (long j = 0; j < n; j++) {
            double m = mu.lo + (i + 0.5) * cell_mu, v = nu.lo + (j + 0.5) * cell_nu;
            sn_moments g;
            int st = sn_map_act(&g, (sn_point){ m, omega, v, tau }, &a->act);
            double dm = st ? NAN : g.mu_new - m, dv = st ? NAN : g.nu_new - v;
            double sx = dm / (mu.hi - mu.lo), sy = ASPECT * dv / (nu.hi - nu.lo), len = hypot(sx, sy);
            double k = len > 0 ? 0.7 / n / len : 0;   /* 0.7 of a cell of the (wider) x axis */
            fig_row(d, (double[]){ m, v, dm, dv, hypot(dm, dv), k * sx * (mu.hi - mu.lo),
                                   k * sy / ASPECT * (nu.hi - nu.lo) });
        }
    }
    if (a->trajectories) trajectories(d, omega, tau, &a->act, mu, nu);
    return EXIT_OK;
}

const fig_figure FIG_VECTORFIELD = {
    .name = "vectorfield",
    .brief = "the moment map g as a vector field, with its fixed point (paper, Fig. 2)",
    .description =
        "The moment map g(μ, ν) = (μ̃, ν̃) of a SELU unit as a vector field over (μ, ν) for\n"
        "weights (ω, τ) and SELU parameters (α, λ): the paper's Figure 2 for any of them.\n"
        "Arrows of equal length show the direction of g(x) − x, their colour its length;\n"
        "--trajectories adds the iterates of g from the window's border (one step = one\n"
        "layer of a deep network). The fixed point found from (0, 1) is marked, filled when it\n"
        "attracts (spectral radius of the Jacobian < 1). Defaults: ω = 0, τ = 1, α01, λ01,\n"
        "μ in -0.4:0.4, ν in 0.5:2, grid 21 (arrows per axis, at the centres of the cells).\n"
        "--activation NAME[:PARAMS] draws g of another row of the table ('selfnorm\n"
        "activations'); α, λ are then SELU's and not used (nor printed), and the default window\n"
        "is centred on that activation's fixed point (μ*, ν*): μ* ± 0.4√ν*, ν* from ν*/2 to 2ν*.\n\n"
        "Data: dataset 0 'field' (mu nu dmu dnu step arrow_dmu arrow_dnu: the arrow drawn,\n"
        "in data units), dataset 1 'trajectories' (start layer mu nu) with --trajectories.",
    .options = "omega tau alpha lambda activation mu-range nu-range grid trajectories",
    .max_grid = 400,
    .write = write_vectorfield,
};
