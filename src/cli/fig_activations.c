/* fig_activations.c - SELU beside ReLU, ELU and tanh, and their derivatives. */
#include <math.h>
#include "figure.h"

static void functions_at(double v[5], double x, sn_selu p)
{
    v[0] = x;
    v[1] = sn_selu_eval(x, p);
    v[2] = x > 0 ? x : 0;
    v[3] = x > 0 ? x : expm1(x);
    v[4] = tanh(x);
}

/* the derivatives at x, taken from the side `side` (−1 left, +1 right) at the kinks */
static void derivatives_at(double v[5], double x, int side, sn_selu p)
{
    int right = x > 0 || (x == 0 && side > 0);
    double t = tanh(x);
    v[0] = x;
    v[1] = right ? p.lambda : p.lambda * p.alpha * exp(x);
    v[2] = right ? 1 : 0;
    v[3] = right ? 1 : exp(x);
    v[4] = 1 - t * t;
}

static int write_activations(fig_data *d, const fig_args *a)
{
    sn_selu p = a->selu;
    fig_input_number(d, "alpha", p.alpha);
    fig_input_number(d, "lambda", p.lambda);
    fig_dataset_begin(d, "functions", "x selu relu elu tanh");
    double v[5];
    for (int i = 0; i <= 350; i++) {
        functions_at(v, -4 + i * 0.02, p);
        fig_row(d, v);
    }
    /* two blocks, left and right of 0, so that no line is drawn across the jumps at 0 */
    fig_dataset_begin(d, "derivatives", "x dselu drelu delu dtanh");
    for (int i = 0; i <= 200; i++) {
        derivatives_at(v, -4 + i * 0.02, -1, p);
        fig_row(d, v);
    }
    fig_block(d);
    for (int i = 0; i <= 150; i++) {
        derivatives_at(v, i * 0.02, +1, p);
        fig_row(d, v);
    }
    return EXIT_OK;
}

const fig_figure FIG_ACTIVATIONS = {
    .name = "activations",
    .brief = "SELU beside ReLU, ELU and tanh, and their derivatives",
    .description =
        "SELU(x) = λx for x > 0, λα(eˣ − 1) otherwise, beside ReLU, ELU and tanh (left), and\n"
        "their derivatives (right, drawn separately on each side of the jumps at 0). Marked:\n"
        "SELU's negative saturation −λα and its slope λ > 1 for x > 0, the two features that\n"
        "let it push variances up (slope > 1) and down (saturation).\n\n"
        "Data: dataset 0 'functions' (x selu relu elu tanh), dataset 1 'derivatives'\n"
        "(x dselu drelu delu dtanh) in two blocks, x ≤ 0 and x ≥ 0.",
    .options = "alpha lambda",
    .max_grid = 2,
    .write = write_activations,
};
