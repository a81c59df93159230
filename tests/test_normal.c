/* test_normal.c - the normal-tail functions against MPFR at 256 bits.
 *
 * Reference: Q(x) = erfc(x/√2)/2, R = Q/φ, r = φ/Q − x, v = 1 − r(r + x), evaluated at 512
 * bits, so that even v's cancellation (about x⁴, 2⁵⁴ at |x| = 1e4) leaves 400+ good bits.
 *
 * Tolerances, from the analysis in src/normal.c (ε = 2⁻⁵³ ≈ 1.1e−16):
 *   Q, R: erfc and exp are within 1 ulp, the argument correction leaves < 1: 4 ulp → 1e−15;
 *   r = H − x: relative condition (x + r)/r ≤ 5 on the direct branch (x < 2), times ~2 ulp
 *     in H, so ~10 ulp: 4e−15;
 *   v = 1 − rH: relative condition H(2H − x)/v ≤ 60 on the direct branch, times ~2 ulp in H,
 *     so ~120 ulp: 4e−14. (The continued fraction branch, x ≥ 2, is within a few ulp.)
 */
#include "testutil.h"

static const double TOL[4] = { 1e-15, 1e-15, 4e-15, 4e-14 };

typedef struct { double q, mills, mean, var; } tails;

static tails reference_tails(double x)
{
    mpfr_t X, Q, phi, t, r;
    mpfr_inits2(512, X, Q, phi, t, r, (mpfr_ptr)0);
    mpfr_set_d(X, x, MPFR_RNDN);
    mpfr_sqrt_ui(t, 2, MPFR_RNDN);
    mpfr_div(Q, X, t, MPFR_RNDN);
    mpfr_erfc(Q, Q, MPFR_RNDN);
    mpfr_div_2ui(Q, Q, 1, MPFR_RNDN);
    mpfr_sqr(phi, X, MPFR_RNDN);
    mpfr_div_2ui(phi, phi, 1, MPFR_RNDN);
    mpfr_neg(phi, phi, MPFR_RNDN);
    mpfr_exp(phi, phi, MPFR_RNDN);
    mpfr_const_pi(t, MPFR_RNDN);
    mpfr_mul_2ui(t, t, 1, MPFR_RNDN);
    mpfr_sqrt(t, t, MPFR_RNDN);
    mpfr_div(phi, phi, t, MPFR_RNDN);
    tails out;
    out.q = mpfr_get_d(Q, MPFR_RNDN);
    mpfr_div(t, Q, phi, MPFR_RNDN);
    out.mills = mpfr_get_d(t, MPFR_RNDN);
    mpfr_div(r, phi, Q, MPFR_RNDN);
    mpfr_sub(r, r, X, MPFR_RNDN);
    out.mean = mpfr_get_d(r, MPFR_RNDN);
    mpfr_add(t, r, X, MPFR_RNDN);
    mpfr_mul(t, t, r, MPFR_RNDN);
    mpfr_ui_sub(t, 1, t, MPFR_RNDN);
    out.var = mpfr_get_d(t, MPFR_RNDN);
    mpfr_clears(X, Q, phi, t, r, (mpfr_ptr)0);
    return out;
}

static void check_x(double x, double worst[4])
{
    tails ref = reference_tails(x);
    double mean, var;
    sn_normal_excess(x, &mean, &var);
    double got[4] = { sn_normal_upper(x), sn_mills_ratio(x), mean, var };
    double want[4] = { ref.q, ref.mills, ref.mean, ref.var };
    static const char *name[4] = { "Q", "mills", "excess mean", "excess var" };
    for (int k = 0; k < 4; k++) {
        if (k == 0 && want[0] < 1e-290) continue;      /* subnormal tail: absolute only */
        if (k == 1 && x < -37) continue;               /* R overflows there, as documented */
        double e = scaled_error(got[k], want[k], 0.0);
        if (!(e <= TOL[k]))
            fail_msg("%s(%.17g) = %.17g, reference %.17g, relative error %.3g", name[k], x,
                     got[k], want[k], e);
        if (e > worst[k]) worst[k] = e;
    }
}

static void test_dense_range(void **state)
{
    (void)state;
    double worst[4] = { 0 };
    for (double x = -40; x <= 40; x += 0.0137) check_x(x, worst);
    /* beyond |x| ~ 4e4 the reference itself underflows MPFR's exponent range */
    const double far[] = { 50, 100, 1e3, 1e4, -50, -1e3, -1e4, 0, 2.0, 1.9999999999999998 };
    for (size_t i = 0; i < sizeof far / sizeof far[0]; i++) check_x(far[i], worst);
    printf("  max relative errors: Q %.2e, mills %.2e, mean %.2e, var %.2e\n", worst[0],
           worst[1], worst[2], worst[3]);
}

static void test_pdf(void **state)
{
    (void)state;
    /* φ keeps relative accuracy where exp(−x²/2) would amplify the rounding of x² */
    mpfr_t X, y, t;
    mpfr_inits2(256, X, y, t, (mpfr_ptr)0);
    for (double x = -38; x <= 38; x += 0.377) {
        mpfr_set_d(X, x, MPFR_RNDN);
        mpfr_sqr(y, X, MPFR_RNDN);
        mpfr_div_2ui(y, y, 1, MPFR_RNDN);
        mpfr_neg(y, y, MPFR_RNDN);
        mpfr_exp(y, y, MPFR_RNDN);
        mpfr_const_pi(t, MPFR_RNDN);
        mpfr_mul_2ui(t, t, 1, MPFR_RNDN);
        mpfr_sqrt(t, t, MPFR_RNDN);
        mpfr_div(y, y, t, MPFR_RNDN);
        assert_true(scaled_error(sn_normal_pdf(x), mpfr_get_d(y, MPFR_RNDN), 0) <= 4e-16);
    }
    mpfr_clears(X, y, t, (mpfr_ptr)0);
}

static void test_selu(void **state)
{
    (void)state;
    sn_selu p = sn_selu_default();
    assert_true(sn_selu_eval(2.0, p) == p.lambda * 2.0);
    assert_true(sn_selu_eval(0.0, p) == 0.0);
    /* tiny negative inputs keep relative accuracy (expm1): selu(x) ≈ λαx */
    assert_true(scaled_error(sn_selu_eval(-1e-20, p), -1e-20 * p.lambda * p.alpha, 0) < 1e-15);
    assert_true(scaled_error(sn_selu_eval(-50, p), -p.lambda * p.alpha, 0) < 1e-15);
    assert_true(sn_selu_deriv(1.0, p) == p.lambda);
    assert_true(scaled_error(sn_selu_deriv(-1.0, p), p.lambda * p.alpha * exp(-1.0), 0) < 1e-15);
    assert_int_equal(sn_selu_check(p), GSL_SUCCESS);
    assert_int_equal(sn_selu_check((sn_selu){ NAN, 1 }), GSL_EDOM);
    assert_int_equal(sn_selu_check((sn_selu){ 1, INFINITY }), GSL_EDOM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdf),
        cmocka_unit_test(test_selu),
        cmocka_unit_test(test_dense_range),
    };
    return cmocka_run_group_tests_name("normal", tests, NULL, NULL);
}
