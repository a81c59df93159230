/* fig_constants.c - the SELU parameters α and λ that make (M, V) a fixed point of g, as
 * functions of V for a few means M: how the paper's α01, λ01 (M = 0, V = 1) generalize. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "figure.h"

enum { MAX_MEANS = 6, SAMPLES = 100 };

static int parse_means(double *m, int *n, const char *text)
{
    *n = 0;
    char buf[256];
    if (strlen(text) >= sizeof buf) return cli_usage_error("plot", "--means: '%s' is too long", text);
    strcpy(buf, text);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (*n == MAX_MEANS) return cli_usage_error("plot", "--means: at most %d means", MAX_MEANS);
        const char *why = cli_parse_double(tok, &m[*n]);
        if (why) return cli_usage_error("plot", "--means: '%s' %s", tok, why);
        (*n)++;
    }
    if (!*n || text[strlen(text) - 1] == ',' || text[0] == ',' || strstr(text, ",,"))
        return cli_usage_error("plot", "--means: '%s' is not a comma-separated list of means", text);
    return EXIT_OK;
}

/* α and λ (the first solution) for the fixed point (M, V) at 53 bits, NaN where none */
static void solve(double *alpha, double *lambda, double M, double V, double omega, double tau)
{
    mpfr_t al, la, m, v, w, t;
    mpfr_inits2(53, al, la, m, v, w, t, (mpfr_ptr)0);
    mpfr_set_d(m, M, MPFR_RNDN);
    mpfr_set_d(v, V, MPFR_RNDN);
    mpfr_set_d(w, omega, MPFR_RNDN);
    mpfr_set_d(t, tau, MPFR_RNDN);
    int st = sn_constants_mpfr(al, la, m, v, w, t);
    *alpha = st ? NAN : mpfr_get_d(al, MPFR_RNDN);
    *lambda = st ? NAN : mpfr_get_d(la, MPFR_RNDN);
    mpfr_clears(al, la, m, v, w, t, (mpfr_ptr)0);
}

static int write_constants(fig_data *d, const fig_args *a)
{
    double means[MAX_MEANS] = { -0.1, 0, 0.1 };
    int n = 3;
    if (a->means && parse_means(means, &n, a->means)) return EXIT_USAGE;
    double omega = isnan(a->omega) ? 0 : a->omega, tau = isnan(a->tau) ? 1 : a->tau;
    fig_range V = isnan(a->nu_range.lo) ? (fig_range){ 0.5, 3 } : a->nu_range;
    fig_input_number(d, "omega", omega);
    fig_input_number(d, "tau", tau);
    fig_input_range(d, "nu_range", V);
    fig_input_text(d, "means", a->means ? a->means : "-0.1,0,0.1");
    fig_param_integer(d, "nmeans", n);
    char key[16];
    for (int k = 0; k < n; k++) {
        snprintf(key, sizeof key, "mean%d", k + 1);
        fig_param_number(d, key, means[k]);
    }
    /* the paper's constants, solved here like every other point */
    double a01, l01;
    solve(&a01, &l01, 0, 1, omega, tau);
    fig_param_number(d, "alpha_at_0_1", a01);
    fig_param_number(d, "lambda_at_0_1", l01);
    char columns[256] = "nu";
    for (int k = 0; k < n; k++) {
        size_t len = strlen(columns);
        snprintf(columns + len, sizeof columns - len, " alpha%d lambda%d", k + 1, k + 1);
    }
    fig_dataset_begin(d, "constants", columns);
    for (int i = 0; i <= SAMPLES; i++) {
        double row[1 + 2 * MAX_MEANS];
        row[0] = V.lo + (V.hi - V.lo) * i / SAMPLES;
        for (int k = 0; k < n; k++) solve(&row[1 + 2 * k], &row[2 + 2 * k], means[k], row[0], omega, tau);
        fig_row(d, row);
    }
    return EXIT_OK;
}

const fig_figure FIG_CONSTANTS = {
    .name = "constants",
    .brief = "α and λ that make (M, V) a fixed point, against V, for a few means M",
    .description =
        "The SELU parameters α (left) and λ (right) that make (M, V) a fixed point of g for\n"
        "weights (ω, τ), as functions of the variance V, for the means of --means (default\n"
        "-0.1,0,0.1; the first solution where there are two). The paper's α01, λ01 are the\n"
        "point M = 0, V = 1 (with ω = 0, τ = 1), marked. Defaults: ω = 0, τ = 1, V in 0.5:3.\n\n"
        "Data: dataset 0 'constants' (nu, then alphaK lambdaK for the K-th mean).",
    .options = "omega tau nu-range means",
    .max_grid = 2,
    .write = write_constants,
};
