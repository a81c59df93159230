/* test_precise.c - the MPFR reference itself: consistent across precisions, in agreement
 * with GSL quadrature (an independent method), relative accuracy through cancellation,
 * and clean failures. */
#include "testutil.h"

static void map_at(mpfr_t mu, mpfr_t nu, sn_point x, sn_selu p, mpfr_prec_t prec)
{
    sn_mpfr_args a;
    sn_mpfr_args_init(&a, 53);
    sn_mpfr_args_set_d(&a, x, p);
    assert_int_equal(sn_mpfr_map(mu, nu, &a, prec), GSL_SUCCESS);
    sn_mpfr_args_clear(&a);
}

/* |x − y| ≤ 2^−bits |y| */
static int agree_bits(const mpfr_t x, const mpfr_t y, long bits)
{
    if (mpfr_equal_p(x, y)) return 1;
    mpfr_t d;
    mpfr_init2(d, mpfr_get_prec(x) + mpfr_get_prec(y));
    mpfr_sub(d, x, y, MPFR_RNDN);
    int ok = mpfr_get_exp(d) <= mpfr_get_exp(y) - bits;
    mpfr_clear(d);
    return ok;
}

/* 128 bits against 512 bits: the Ziv loop must deliver what it promises, including where
 * ν̃ is 1e−260 times E[y²] (m = −300) and only working precision recovers it. */
static void test_precision_consistency(void **state)
{
    (void)state;
    const sn_point pts[] = { { 0, 0, 1, 1 }, { 0.1, -0.1, 0.8, 1.1 }, { -300, 1, 0.3, 1 },
                             { -10, 1, 1e-3, 1 }, { 10, 1, 1e3, 1 }, { 1e-12, 1, 1e-30, 1 },
                             { 3, -2, 7, 0.5 } };
    for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
        mpfr_t mu1, nu1, mu2, nu2;
        mpfr_inits2(128, mu1, nu1, (mpfr_ptr)0);
        mpfr_inits2(512, mu2, nu2, (mpfr_ptr)0);
        map_at(mu1, nu1, pts[i], sn_selu_default(), 128);
        map_at(mu2, nu2, pts[i], sn_selu_default(), 512);
        assert_true(agree_bits(mu1, mu2, 126));
        assert_true(agree_bits(nu1, nu2, 126));
        mpfr_clears(mu1, nu1, mu2, nu2, (mpfr_ptr)0);
    }
}

/* The reference against adaptive quadrature: two methods sharing nothing but the definition.
 * Tolerance 1e−9, the quadrature's (see test_moments.c). */
static void test_reference_vs_quadrature(void **state)
{
    (void)state;
    gsl_rng *r = test_rng(11);
    const sample_box box = { -5, 5, 1e-2, 1e2, 1, 1.0, 2.5, 0.9, 1.2 };
    for (int i = 0; i < 100; i++) {
        sn_point x;
        sn_selu p;
        sample_point(r, &box, &x, &p);
        sn_moments ref, q;
        reference_map(&ref, x, p);
        assert_int_equal(sn_map_quad(&q, x, p), GSL_SUCCESS);
        assert_true(fabs(q.mu_new - ref.mu_new) <= 1e-9 * fmax(1, fabs(ref.mu_new)));
        assert_true(scaled_error(q.nu_new, ref.nu_new, 0) <= 1e-9);
    }
    gsl_rng_free(r);
}

static void test_statuses(void **state)
{
    (void)state;
    sn_mpfr_args a;
    mpfr_t mu, nu;
    sn_mpfr_args_init(&a, 53);
    mpfr_inits2(64, mu, nu, (mpfr_ptr)0);
    sn_selu d = sn_selu_default();
    sn_mpfr_args_set_d(&a, (sn_point){ 0, 0, -1, 1 }, d);
    assert_int_equal(sn_mpfr_map(mu, nu, &a, 64), GSL_EDOM);
    sn_mpfr_args_set_d(&a, (sn_point){ 0, 0, 1, 1 }, (sn_selu){ 0, 1 });
    assert_int_equal(sn_mpfr_map(mu, nu, &a, 64), GSL_EDOM);
    sn_mpfr_args_set_d(&a, (sn_point){ 1e5, 1e5, 1, 1 }, d);
    assert_int_equal(sn_mpfr_map(mu, nu, &a, 64), GSL_ERANGE);
    sn_mpfr_args_set_d(&a, (sn_point){ 0, 0, 1, 1 }, d);
    assert_int_equal(sn_mpfr_map(mu, nu, &a, 8), GSL_EINVAL);
    assert_int_equal(sn_mpfr_map(mu, nu, &a, SN_MPFR_MAX_PREC + 1), GSL_EINVAL);
    mpfr_set_nan(a.mu);
    assert_int_equal(sn_mpfr_map(mu, nu, &a, 64), GSL_EDOM);
    mpfr_clears(mu, nu, (mpfr_ptr)0);
    sn_mpfr_args_clear(&a);
}

/* The Jacobian's spectral norm equals the closed form applied to its own entries, and the
 * notebook's values at the fixed point (0, 1) hold at 200 bits. */
static void test_jacobian_fixed_point(void **state)
{
    (void)state;
    sn_mpfr_args a;
    mpfr_t h[4], sn;
    sn_mpfr_args_init(&a, 53);
    sn_mpfr_args_set_d(&a, (sn_point){ 0, 0, 1, 1 }, sn_selu_default());
    for (int i = 0; i < 4; i++) mpfr_init2(h[i], 200);
    mpfr_init2(sn, 200);
    assert_int_equal(sn_mpfr_jacobian(h, sn, &a, 200), GSL_SUCCESS);
    assert_true(mpfr_zero_p(h[0]) && mpfr_zero_p(h[2]));
    /* the authors' notebook Calculations/SELU_calculations.nb (github.com/bioinf-jku/SNNs;
     * DESIGN.md anchors), 6 digits shown: 0.0888348, 0.782648, norm 0.787673 */
    assert_true(fabs(mpfr_get_d(h[1], MPFR_RNDN) - 0.0888348) <= 5e-8);
    assert_true(fabs(mpfr_get_d(h[3], MPFR_RNDN) - 0.782648) <= 5e-7);
    assert_true(fabs(mpfr_get_d(sn, MPFR_RNDN) - 0.787673) <= 5e-7);
    for (int i = 0; i < 4; i++) mpfr_clear(h[i]);
    mpfr_clear(sn);
    sn_mpfr_args_clear(&a);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statuses),
        cmocka_unit_test(test_precision_consistency),
        cmocka_unit_test(test_jacobian_fixed_point),
        cmocka_unit_test(test_reference_vs_quadrature),
    };
    return cmocka_run_group_tests_name("precise", tests, NULL, NULL);
}
