/* test_constants.c - α, λ for target fixed points and alpha-dropout parameters.
 *
 * References (DESIGN.md, "Anchors, with their true sources"): the 32 digits of α01, λ01 in
 * the authors' `selu.py` (github.com/bioinf-jku/SNNs; the paper's Eq. 14 gives the closed
 * forms and ≈ 1.6733, 1.0507); the authors' `getSELUparameters.ipynb` (same repository) for
 * (M, V) = (−0.1, 2), which solves with z ~ N(M, V), i.e. ω = τ = 1 here (it prints the doubles
 * 1.9769021954241999, 1.073851239616047: α ≈ 1.97690219542420, λ ≈ 1.07385123961605);
 * the paper's appendix A5 for the fixed point (0, 2): α02 = 1.97126, λ02 = 1.06071;
 * an independent MPFR-only evaluation of the closed forms (mpfr_erfc, not Arb) at 1000 digits;
 * the double-precision moment map (the solutions must be fixed points of g); Monte Carlo.
 */
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include "testutil.h"

#define LOG2_10 3.32192809488736234787

static char *digits_of(const arb_t x, long n)
{
    char *s = sn_arb_digits(x, n);
    assert_non_null(s);
    return s;
}

static void set_target(arb_t t[4], const char *m, const char *v, const char *w, const char *tau)
{
    const char *txt[4] = { m, v, w, tau };
    for (int i = 0; i < 4; i++) assert_int_equal(arb_set_str(t[i], txt[i], 256), 0);
}

/* Solves for the target at a precision that proves `digits` digits. */
static void solve(arb_t alpha[2], arb_t lambda[2], int *count, arb_t t[4], long digits)
{
    slong prec = (slong)(digits * LOG2_10) + 64;
    assert_int_equal(sn_constants_arb(alpha, lambda, count, t[0], t[1], t[2], t[3], prec),
                     GSL_SUCCESS);
}

typedef struct { arb_t alpha[2], lambda[2], t[4]; int count; } fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    for (int i = 0; i < 2; i++) { arb_init(f->alpha[i]); arb_init(f->lambda[i]); }
    for (int i = 0; i < 4; i++) arb_init(f->t[i]);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 2; i++) { arb_clear(f->alpha[i]); arb_clear(f->lambda[i]); }
    for (int i = 0; i < 4; i++) arb_clear(f->t[i]);
    free(f);
    flint_cleanup();
    return 0;
}

/* selu.py's 32 digits (github.com/bioinf-jku/SNNs) */
static void test_paper_digits(void **state)
{
    fixture *f = *state;
    set_target(f->t, "0", "1", "0", "1");
    solve(f->alpha, f->lambda, &f->count, f->t, 32);
    assert_int_equal(f->count, 1);
    char *a = digits_of(f->alpha[0], 32), *l = digits_of(f->lambda[0], 32);
    assert_string_equal(a, "1.6732632423543772848170429916717");
    assert_string_equal(l, "1.0507009873554804934193349852946");
    free(a);
    free(l);
}

/* The doubles in selu.h are α01, λ01 correctly rounded. */
static void test_double_constants(void **state)
{
    (void)state;
    mpfr_t al, la, zero, one;
    mpfr_inits2(53, al, la, (mpfr_ptr)0);
    mpfr_inits2(2, zero, one, (mpfr_ptr)0);
    mpfr_set_ui(zero, 0, MPFR_RNDN);
    mpfr_set_ui(one, 1, MPFR_RNDN);
    assert_int_equal(sn_constants_mpfr(al, la, zero, one, zero, one), GSL_SUCCESS);
    assert_true(mpfr_get_d(al, MPFR_RNDN) == SN_ALPHA01);
    assert_true(mpfr_get_d(la, MPFR_RNDN) == SN_LAMBDA01);
    mpfr_clears(al, la, zero, one, (mpfr_ptr)0);
}

/* 1000 digits against the closed forms evaluated with MPFR alone (its own erfc). */
static void test_thousand_digits_independent(void **state)
{
    fixture *f = *state;
    const long digits = 1000;
    const mpfr_prec_t prec = (mpfr_prec_t)(digits * LOG2_10) + 128;
    set_target(f->t, "0", "1", "0", "1");
    solve(f->alpha, f->lambda, &f->count, f->t, digits);
    mpfr_t e1, e2, eh, pi, al, la, t;
    mpfr_inits2(prec, e1, e2, eh, pi, al, la, t, (mpfr_ptr)0);
    mpfr_sqrt_ui(t, 2, MPFR_RNDN);
    mpfr_ui_div(t, 1, t, MPFR_RNDN);
    mpfr_erfc(e1, t, MPFR_RNDN);                   /* erfc(1/√2) */
    mpfr_sqrt_ui(t, 2, MPFR_RNDN);
    mpfr_erfc(e2, t, MPFR_RNDN);                   /* erfc(√2) */
    mpfr_set_d(t, 0.5, MPFR_RNDN);
    mpfr_exp(eh, t, MPFR_RNDN);
    mpfr_const_pi(pi, MPFR_RNDN);
    /* α01 = √(2/π) / (1 − e^{1/2} erfc(1/√2)) */
    mpfr_ui_div(al, 2, pi, MPFR_RNDN);
    mpfr_sqrt(al, al, MPFR_RNDN);
    mpfr_mul(t, eh, e1, MPFR_RNDN);
    mpfr_ui_sub(t, 1, t, MPFR_RNDN);
    mpfr_div(al, al, t, MPFR_RNDN);
    /* λ01⁻² = 1/2 + α² (e² erfc(√2)/2 − e^{1/2} erfc(1/√2) + 1/2) */
    mpfr_sqr(la, eh, MPFR_RNDN);
    mpfr_sqr(la, la, MPFR_RNDN);
    mpfr_mul(la, la, e2, MPFR_RNDN);
    mpfr_div_2ui(la, la, 1, MPFR_RNDN);
    mpfr_mul(t, eh, e1, MPFR_RNDN);
    mpfr_sub(la, la, t, MPFR_RNDN);
    mpfr_set_d(t, 0.5, MPFR_RNDN);
    mpfr_add(la, la, t, MPFR_RNDN);
    mpfr_sqr(t, al, MPFR_RNDN);
    mpfr_mul(la, la, t, MPFR_RNDN);
    mpfr_set_d(t, 0.5, MPFR_RNDN);
    mpfr_add(la, la, t, MPFR_RNDN);
    mpfr_rec_sqrt(la, la, MPFR_RNDN);
    /* agreement to 2^-(digits·log2 10 + 16) relative: beyond the 1000th digit */
    arb_t ref;
    arb_init(ref);
    arb_set_interval_mpfr(ref, al, al, prec);
    arb_sub(ref, ref, f->alpha[0], prec);
    assert_true(arf_cmpabs_2exp_si(arb_midref(ref), -(slong)(digits * LOG2_10) - 16) < 0);
    arb_set_interval_mpfr(ref, la, la, prec);
    arb_sub(ref, ref, f->lambda[0], prec);
    assert_true(arf_cmpabs_2exp_si(arb_midref(ref), -(slong)(digits * LOG2_10) - 16) < 0);
    /* and both Arb results prove their 1000 digits */
    char *a = digits_of(f->alpha[0], digits), *l = digits_of(f->lambda[0], digits);
    assert_int_equal(strlen(a), digits + 1);
    assert_true(strncmp(a, "1.67326324235437728481704299167", 31) == 0);
    free(a);
    free(l);
    arb_clear(ref);
    mpfr_clears(e1, e2, eh, pi, al, la, t, (mpfr_ptr)0);
}

/* The closed forms against the general solver: with V = 2, τ = 1/2 the unit sees the same
 * z ~ N(0, 1), so α must be α01 and λ must be √2 λ01, now through generic erfc and the
 * M = 0 branch of the elimination. */
static void test_general_solver_matches_closed_form(void **state)
{
    fixture *f = *state;
    const long digits = 1000;
    slong prec = (slong)(digits * LOG2_10) + 64;
    arb_t a01, l01;
    arb_init(a01); arb_init(l01);
    sn_constants01_arb(a01, l01, prec);
    set_target(f->t, "0", "2", "0", "0.5");
    solve(f->alpha, f->lambda, &f->count, f->t, digits);
    assert_true(arb_overlaps(f->alpha[0], a01));
    arb_sqr(f->lambda[0], f->lambda[0], prec);
    arb_sqr(l01, l01, prec);
    arb_mul_2exp_si(l01, l01, 1);
    assert_true(arb_overlaps(f->lambda[0], l01));
    assert_true(arb_rel_accuracy_bits(f->alpha[0]) > digits * LOG2_10);
    arb_clear(a01); arb_clear(l01);
}

/* getSELUparameters.ipynb (github.com/bioinf-jku/SNNs), (M, V) = (−0.1, 2), 15 digits of its
 * double output; and the paper's appendix A5, (0, 2) with ω = 0, τ = 1, 6 digits. */
static void test_notebook_target(void **state)
{
    fixture *f = *state;
    set_target(f->t, "-0.1", "2", "1", "1");
    solve(f->alpha, f->lambda, &f->count, f->t, 15);
    assert_int_equal(f->count, 1);
    char *a = digits_of(f->alpha[0], 15), *l = digits_of(f->lambda[0], 15);
    assert_string_equal(a, "1.97690219542420");
    assert_string_equal(l, "1.07385123961605");
    free(a);
    free(l);
    set_target(f->t, "0", "2", "0", "1");
    solve(f->alpha, f->lambda, &f->count, f->t, 6);
    assert_int_equal(f->count, 1);
    a = digits_of(f->alpha[0], 6);
    l = digits_of(f->lambda[0], 6);
    assert_string_equal(a, "1.97126");
    assert_string_equal(l, "1.06071");
    free(a);
    free(l);
}

static void test_no_solution_and_bad_input(void **state)
{
    fixture *f = *state;
    set_target(f->t, "1", "1", "0", "1");
    assert_int_equal(sn_constants_arb(f->alpha, f->lambda, &f->count, f->t[0], f->t[1], f->t[2],
                                      f->t[3], 128), SN_ENOSOLUTION);
    assert_int_equal(f->count, 0);
    set_target(f->t, "0", "-1", "0", "1");
    assert_int_equal(sn_constants_arb(f->alpha, f->lambda, &f->count, f->t[0], f->t[1], f->t[2],
                                      f->t[3], 128), GSL_EDOM);
    /* a ball proves only the digits on which both its ends agree: [1.1, 1.3] gives "1" */
    arb_set_str(f->alpha[0], "1.2 +/- 0.1", 64);
    assert_null(sn_arb_digits(f->alpha[0], 2));
    char *one = sn_arb_digits(f->alpha[0], 1);
    assert_string_equal(one, "1");
    free(one);
}

/* Random targets: the solutions make (M, V) a fixed point of the double-precision map. */
static void test_solutions_are_fixed_points(void **state)
{
    fixture *f = *state;
    gsl_rng *r = test_rng(5);
    int solved = 0;
    for (int i = 0; i < 60; i++) {
        double M = 0.6 * gsl_rng_uniform(r) - 0.3, V = 0.3 + 2 * gsl_rng_uniform(r);
        double w = gsl_rng_uniform(r) < 0.5 ? 0 : 2 * gsl_rng_uniform(r) - 1;
        double tau = 0.7 + 0.6 * gsl_rng_uniform(r);
        const double in[4] = { M, V, w, tau };
        for (int k = 0; k < 4; k++) arb_set_d(f->t[k], in[k]);
        int st = sn_constants_arb(f->alpha, f->lambda, &f->count, f->t[0], f->t[1], f->t[2],
                                  f->t[3], 128);
        if (st == SN_ENOSOLUTION) continue;
        assert_int_equal(st, GSL_SUCCESS);
        for (int s = 0; s < f->count; s++) {
            sn_selu p = { arf_get_d(arb_midref(f->alpha[s]), ARF_RND_NEAR),
                          arf_get_d(arb_midref(f->lambda[s]), ARF_RND_NEAR) };
            sn_moments g;
            assert_int_equal(sn_map(&g, (sn_point){ M, w, V, tau }, p), GSL_SUCCESS);
            assert_true(fabs(g.mu_new - M) <= 1e-13 * fmax(1, fabs(M)));
            assert_true(fabs(g.nu_new - V) <= 1e-12 * V);
            solved++;
        }
    }
    assert_true(solved > 30);
    gsl_rng_free(r);
}

/* Alpha dropout keeps mean and variance: Monte Carlo with 4e6 samples, within 5 standard
 * errors of the CLT (mean: √(V/n); variance: √((m₄ − V²)/n), m₄ estimated). */
static void check_dropout_mc(const char *M_s, const char *V_s, const char *w_s, const char *t_s,
                             double rate, fixture *f, unsigned long seed)
{
    set_target(f->t, M_s, V_s, w_s, t_s);
    solve(f->alpha, f->lambda, &f->count, f->t, 20);
    sn_selu p = { arf_get_d(arb_midref(f->alpha[0]), ARF_RND_NEAR),
                  arf_get_d(arb_midref(f->lambda[0]), ARF_RND_NEAR) };
    double M = atof(M_s), V = atof(V_s), w = atof(w_s), tau = atof(t_s);
    sn_dropout d;
    assert_int_equal(sn_dropout_params(&d, rate, p, M, V), GSL_SUCCESS);
    gsl_rng *r = test_rng(seed);
    const long n = 4000000;
    double sum = 0, sum2 = 0, sum4 = 0;
    for (long i = 0; i < n; i++) {
        double x = sn_selu_eval(M * w + sqrt(V * tau) * gsl_ran_gaussian_ziggurat(r, 1.0), p);
        if (gsl_rng_uniform(r) < rate) x = d.alpha_prime;
        double y = d.a * x + d.b;
        sum += y;
        sum2 += (y - M) * (y - M);
    }
    double mean = sum / n, var = sum2 / n - (mean - M) * (mean - M);
    gsl_rng_set(r, seed);   /* second pass for m4 about the sample mean */
    for (long i = 0; i < n; i++) {
        double x = sn_selu_eval(M * w + sqrt(V * tau) * gsl_ran_gaussian_ziggurat(r, 1.0), p);
        if (gsl_rng_uniform(r) < rate) x = d.alpha_prime;
        double y = d.a * x + d.b - mean;
        sum4 += y * y * y * y;
    }
    double m4 = sum4 / n;
    double se_mean = sqrt(V / n), se_var = sqrt((m4 - V * V) / n);
    printf("  dropout P=%.2f at (%s, %s): mean %+.5f (se %.1e), var %.5f (se %.1e)\n", rate,
           M_s, V_s, mean, se_mean, var, se_var);
    assert_true(fabs(mean - M) <= 5 * se_mean);
    assert_true(fabs(var - V) <= 5 * se_var);
    gsl_rng_free(r);
}

static void test_dropout(void **state)
{
    fixture *f = *state;
    /* (0, 1): the paper's alpha-dropout form a = (q + α′²q(1 − q))^(−1/2), b = −a(1 − q)α′;
     * the authors' `selu.py` (`dropout_selu`) has the general form, which reduces to it */
    sn_dropout d;
    double q = 0.9;
    assert_int_equal(sn_dropout_params(&d, 0.1, sn_selu_default(), 0, 1), GSL_SUCCESS);
    double ap = -SN_ALPHA01 * SN_LAMBDA01;
    assert_true(fabs(d.a - pow(q + ap * ap * q * (1 - q), -0.5)) < 1e-15);
    assert_true(fabs(d.b + d.a * (1 - q) * ap) < 1e-15);
    assert_int_equal(sn_dropout_params(&d, 1.0, sn_selu_default(), 0, 1), GSL_EDOM);
    assert_int_equal(sn_dropout_params(&d, -0.1, sn_selu_default(), 0, 1), GSL_EDOM);
    assert_int_equal(sn_dropout_params(&d, 0.0, sn_selu_default(), 0, 1), GSL_SUCCESS);
    assert_true(d.a == 1 && d.b == 0);
    check_dropout_mc("0", "1", "0", "1", 0.1, f, 1);
    check_dropout_mc("-0.1", "2", "1", "1", 0.2, f, 2);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_paper_digits, setup, teardown),
        cmocka_unit_test(test_double_constants),
        cmocka_unit_test_setup_teardown(test_thousand_digits_independent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_general_solver_matches_closed_form, setup, teardown),
        cmocka_unit_test_setup_teardown(test_notebook_target, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_solution_and_bad_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_solutions_are_fixed_points, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dropout, setup, teardown),
    };
    return cmocka_run_group_tests_name("constants", tests, NULL, NULL);
}
