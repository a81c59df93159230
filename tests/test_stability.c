/* test_stability.c - eigenvalues, spectral radius and norm of H, and the verdicts "attracting"
 * (spectral radius < 1) and "a contraction in the 2-norm" (spectral norm < 1).
 *
 * References: matrices whose eigenvalues are known exactly (triangular, rotation-scaling,
 * repeated); the paper's Jacobian at (0, 1), ω = 0, τ = 1 (section on the stable and
 * attracting fixed point: [[0, 0.088834], [0, 0.782648]], spectral norm 0.7877, published to
 * the digits shown: tolerance half a unit in the last one); for the authors' notebook target
 * (−0.1, 2), ω = τ = 1, and PyTorch's SELU gain 3/4 (τ = 9/16), an independent reference:
 * the MPFR Jacobian (textbook formulas, 256 bits) and its eigenvalues by the quadratic
 * formula in MPFR. The 3-digit figures for the notebook target (1.108, 0.607) are
 * checked to half a unit of their last digit.
 */
#include "testutil.h"

/* Eigenvalues of the MPFR Jacobian at x, (t ± √(t² − 4 det))/2 at REF_PREC bits: at 256
 * bits the textbook formula's cancellation costs nothing. Real pairs only. */
static void reference_eigenvalues(double ev[2], sn_point x, sn_selu p)
{
    sn_mpfr_args a;
    mpfr_t h[4], sn, t, det, disc, tmp;
    sn_mpfr_args_init(&a, 53);
    sn_mpfr_args_set_d(&a, x, p);
    for (int i = 0; i < 4; i++) mpfr_init2(h[i], REF_PREC);
    mpfr_inits2(REF_PREC, sn, t, det, disc, tmp, (mpfr_ptr)0);
    assert_int_equal(sn_mpfr_jacobian(h, sn, &a, REF_PREC), GSL_SUCCESS);
    mpfr_add(t, h[0], h[3], MPFR_RNDN);
    mpfr_mul(det, h[0], h[3], MPFR_RNDN);
    mpfr_mul(tmp, h[1], h[2], MPFR_RNDN);
    mpfr_sub(det, det, tmp, MPFR_RNDN);
    mpfr_sqr(disc, t, MPFR_RNDN);
    mpfr_mul_2ui(tmp, det, 2, MPFR_RNDN);
    mpfr_sub(disc, disc, tmp, MPFR_RNDN);
    assert_true(mpfr_sgn(disc) >= 0);
    mpfr_sqrt(disc, disc, MPFR_RNDN);
    mpfr_add(tmp, t, disc, MPFR_RNDN);
    ev[0] = 0.5 * mpfr_get_d(tmp, MPFR_RNDN);
    mpfr_sub(tmp, t, disc, MPFR_RNDN);
    ev[1] = 0.5 * mpfr_get_d(tmp, MPFR_RNDN);
    if (fabs(ev[1]) > fabs(ev[0])) { double s = ev[0]; ev[0] = ev[1]; ev[1] = s; }
    for (int i = 0; i < 4; i++) mpfr_clear(h[i]);
    mpfr_clears(sn, t, det, disc, tmp, (mpfr_ptr)0);
    sn_mpfr_args_clear(&a);
}

static sn_stability stability_of(double a, double b, double c, double d, double err)
{
    const double h[2][2] = { { a, b }, { c, d } };
    sn_stability s;
    assert_int_equal(sn_stability_2x2(&s, h, err), GSL_SUCCESS);
    return s;
}

/* Triangular matrices have their diagonal as eigenvalues; computed without cancellation they
 * come out exactly (the product of the roots, 0, divided by the larger). */
static void test_triangular(void **state)
{
    (void)state;
    sn_stability s = stability_of(0.5, 3, 0, -0.25, 0);
    assert_false(s.complex_pair);
    assert_true(s.re[0] == 0.5 && s.re[1] == -0.25 && s.im[0] == 0 && s.im[1] == 0);
    assert_true(s.spectral_radius == 0.5);
    /* ‖H‖₂ ≥ |h₀₁| = 3: attracting although far from a contraction */
    assert_true(s.spectral_norm > 3);
    assert_int_equal(s.attracting, SN_VERDICT_YES);
    assert_int_equal(s.contraction, SN_VERDICT_NO);
    s = stability_of(0.9, 0, 0.1, -1.5, 0);   /* lower triangular, |−1.5| leads */
    assert_true(s.re[0] == -1.5 && s.re[1] == 0.9 && s.spectral_radius == 1.5);
    assert_int_equal(s.attracting, SN_VERDICT_NO);
}

/* r·R(θ) has eigenvalues r e^{±iθ} and, being normal, spectral norm r as well. */
static void test_rotation_scaling(void **state)
{
    (void)state;
    double r = 0.9, th = 0.7;
    sn_stability s = stability_of(r * cos(th), -r * sin(th), r * sin(th), r * cos(th), 0);
    assert_true(s.complex_pair);
    /* the rounded entries are within an ulp of the exact ones: a few ulps of r */
    assert_true(fabs(s.re[0] - r * cos(th)) <= 4e-16 && s.re[1] == s.re[0]);
    assert_true(fabs(s.im[0] - r * sin(th)) <= 4e-16 && s.im[1] == -s.im[0]);
    assert_true(fabs(s.spectral_radius - r) <= 4e-16 && fabs(s.spectral_norm - r) <= 4e-16);
    assert_int_equal(s.attracting, SN_VERDICT_YES);
    assert_int_equal(s.contraction, SN_VERDICT_YES);
    s = stability_of(1.1 * cos(th), -1.1 * sin(th), 1.1 * sin(th), 1.1 * cos(th), 0);
    assert_true(s.complex_pair && fabs(s.spectral_radius - 1.1) <= 4e-16);
    assert_int_equal(s.attracting, SN_VERDICT_NO);
    /* Non-normal: eigenvalues 0.5 ± i√0.4 of modulus √0.65, spectral norm above 2. */
    s = stability_of(0.5, 2, -0.2, 0.5, 0);
    assert_true(s.complex_pair && s.re[0] == 0.5 && fabs(s.im[0] - sqrt(0.4)) <= 2e-16);
    assert_true(fabs(s.spectral_radius - sqrt(0.65)) <= 2e-16 && s.spectral_norm > 2);
    assert_int_equal(s.attracting, SN_VERDICT_YES);
    assert_int_equal(s.contraction, SN_VERDICT_NO);
}

/* A repeated eigenvalue: exact for the Jordan block, and there an entry error e moves the
 * eigenvalues by up to √e (H + [[0, 0], [e, 0]] has 2 ± √e), which the error bound covers. */
static void test_repeated(void **state)
{
    (void)state;
    sn_stability s = stability_of(0.5, 0, 0, 0.5, 0);
    assert_true(!s.complex_pair && s.re[0] == 0.5 && s.re[1] == 0.5 && s.spectral_norm == 0.5);
    s = stability_of(2, 1, 0, 2, 1e-12);
    assert_true(s.re[0] == 2 && s.re[1] == 2);
    assert_true(s.radius_err >= 1e-6);   /* √1e−12 */
    sn_stability p = stability_of(2, 1, 1e-12, 2, 0);
    assert_true(fabs(p.spectral_radius - s.spectral_radius) <= s.radius_err);
    /* a Jordan block at 1 − 1e−7 is within √1e−12 of modulus 1: too close to call */
    s = stability_of(1 - 1e-7, 1, 0, 1 - 1e-7, 1e-12);
    assert_int_equal(s.attracting, SN_VERDICT_UNDECIDED);
    s = stability_of(1 - 1e-7, 1, 0, 1 - 1e-7, 0);
    assert_int_equal(s.attracting, SN_VERDICT_YES);
    /* within SN_STABILITY_MARGIN of 1: undecided however exact the entries */
    s = stability_of(1 - 1e-10, 0, 0, 0.5, 0);
    assert_int_equal(s.attracting, SN_VERDICT_UNDECIDED);
    s = stability_of(0.5, 0, 0, 1 + 1e-10, 0);
    assert_int_equal(s.attracting, SN_VERDICT_UNDECIDED);
    assert_int_equal(s.contraction, SN_VERDICT_UNDECIDED);
}

/* Random matrices: the eigenvalues satisfy trace and determinant, and the radius bound holds
 * against a perturbation of the entries by at most e. */
static void test_random(void **state)
{
    (void)state;
    gsl_rng *r = test_rng(29);
    for (int i = 0; i < 10000; i++) {
        double m[4], e = 1e-9;
        for (int k = 0; k < 4; k++) m[k] = 4 * gsl_rng_uniform(r) - 2;
        sn_stability s = stability_of(m[0], m[1], m[2], m[3], e);
        double tr = s.re[0] + s.re[1];
        double det = s.re[0] * s.re[1] - s.im[0] * s.im[1];
        double scale = fabs(m[0]) + fabs(m[1]) + fabs(m[2]) + fabs(m[3]);
        assert_true(fabs(tr - (m[0] + m[3])) <= 1e-14 * scale);
        assert_true(fabs(det - (m[0] * m[3] - m[1] * m[2])) <= 1e-13 * scale * scale);
        assert_true(hypot(s.re[0], s.im[0]) >= hypot(s.re[1], s.im[1]));
        double q[4];
        for (int k = 0; k < 4; k++) q[k] = m[k] + e * (2 * gsl_rng_uniform(r) - 1);
        sn_stability p = stability_of(q[0], q[1], q[2], q[3], 0);
        assert_true(fabs(p.spectral_radius - s.spectral_radius) <= s.radius_err);
        assert_true(fabs(p.spectral_norm - s.spectral_norm) <= s.norm_err);
    }
    gsl_rng_free(r);
    sn_stability s;
    const double bad[2][2] = { { NAN, 0 }, { 0, 1 } }, ok[2][2] = { { 0, 0 }, { 0, 1 } };
    assert_int_equal(sn_stability_2x2(&s, bad, 0), GSL_EDOM);
    assert_int_equal(sn_stability_2x2(&s, ok, -1), GSL_EDOM);
}

/* (0, 1), ω = 0, τ = 1: the paper's stable and attracting fixed point. */
static void test_paper_fixed_point(void **state)
{
    (void)state;
    sn_stability s;
    sn_jacobian j;
    assert_int_equal(sn_stability_at(&s, &j, (sn_point){ 0, 0, 1, 1 }, sn_selu_default()),
                     GSL_SUCCESS);
    /* ω = 0 makes the first column exactly 0, so the second eigenvalue is exactly 0 */
    assert_true(!s.complex_pair && s.re[1] == 0);
    assert_true(fabs(s.re[0] - 0.782648) <= 5e-7);            /* published, 6 digits */
    assert_true(fabs(s.spectral_radius - 0.782648) <= 5e-7);
    assert_true(fabs(s.spectral_norm - 0.7877) <= 5e-5);      /* published, 4 digits */
    assert_int_equal(s.attracting, SN_VERDICT_YES);
    assert_int_equal(s.contraction, SN_VERDICT_YES);
    sn_fixed_point fp;
    assert_int_equal(sn_fixed_point_solve(&fp, 0, 1, sn_selu_default(), 0.5, 3), GSL_SUCCESS);
    assert_int_equal(fp.stability.attracting, SN_VERDICT_YES);
    assert_true(fp.spectral_norm == fp.stability.spectral_norm);
}

/* The notebook's target (−0.1, 2) with ω = τ = 1 and its α, λ: a fixed point by
 * construction, but a saddle, so not attracting. α, λ are derived here (MPFR, correctly
 * rounded), not copied from the notebook. */
static void test_notebook_target_repels(void **state)
{
    (void)state;
    mpfr_t al, la, m, v, w, t;
    mpfr_inits2(53, al, la, m, v, w, t, (mpfr_ptr)0);
    mpfr_set_d(m, -0.1, MPFR_RNDN);
    mpfr_set_ui(v, 2, MPFR_RNDN);
    mpfr_set_ui(w, 1, MPFR_RNDN);
    mpfr_set_ui(t, 1, MPFR_RNDN);
    assert_int_equal(sn_constants_mpfr(al, la, m, v, w, t), GSL_SUCCESS);
    sn_selu p = { mpfr_get_d(al, MPFR_RNDN), mpfr_get_d(la, MPFR_RNDN) };
    mpfr_clears(al, la, m, v, w, t, (mpfr_ptr)0);
    assert_true(fabs(p.alpha - 1.97690219542420) <= 1e-13);   /* notebook, double output */
    sn_point x = { -0.1, 1, 2, 1 };
    sn_stability s;
    assert_int_equal(sn_stability_at(&s, NULL, x, p), GSL_SUCCESS);
    double ref[2];
    reference_eigenvalues(ref, x, p);
    /* well-separated real eigenvalues: the bound is of the order of the entries' 1e−12 */
    assert_true(s.radius_err <= 1e-10);
    for (int k = 0; k < 2; k++) assert_true(fabs(s.re[k] - ref[k]) <= s.radius_err);
    assert_true(fabs(s.re[0] - 1.108) <= 5e-4 && fabs(s.re[1] - 0.607) <= 5e-4);  /* issue */
    assert_int_equal(s.attracting, SN_VERDICT_NO);
    assert_int_equal(s.contraction, SN_VERDICT_NO);
}

/* PyTorch's gain 3/4 for SELU gives τ = 9/16: the fixed point near ν ≈ 0.0268 attracts
 * (ρ < 1) although ‖H‖₂ ≈ 1.031 > 1. The iteration confirms it: it converges, and the ratio
 * of successive distances tends to ρ (to 1e−3 after the transient). */
static void test_pytorch_gain(void **state)
{
    (void)state;
    sn_selu p = sn_selu_default();
    sn_fixed_point fp;
    assert_int_equal(sn_fixed_point_solve(&fp, 0, 0.5625, p, 0, 1), GSL_SUCCESS);
    assert_true(fabs(fp.nu - 0.0268) <= 5e-5);                 /* issue, 3 digits */
    const sn_stability *s = &fp.stability;
    double ref[2];
    reference_eigenvalues(ref, (sn_point){ fp.mu, 0, fp.nu, 0.5625 }, p);
    assert_true(s->radius_err <= 1e-10);
    for (int k = 0; k < 2; k++) assert_true(fabs(s->re[k] - ref[k]) <= s->radius_err);
    assert_true(s->spectral_radius < 1 && fabs(s->spectral_norm - 1.031) <= 5e-4);
    assert_int_equal(s->attracting, SN_VERDICT_YES);
    assert_int_equal(s->contraction, SN_VERDICT_NO);

    static double mu[3000], nu[3000];
    int status;
    size_t n = sn_fixed_point_iterate(mu, nu, 3000, 0, 0.5625, p, fp.mu, 1.1 * fp.nu, fp.mu,
                                      fp.nu, 1e-13, &status);
    assert_int_equal(status, GSL_SUCCESS);
    assert_true(n < 3000);
    /* From ν* + 10% (with ω = 0 a change of μ alone is forgotten in one step). The ratio is
     * taken where the distance first falls below 1e−7: past the transient, and far above the
     * ~1e−16 at which the rounding of g and of the fixed point blurs it. */
    size_t k = 1;
    while (k < n && hypot(mu[k] - fp.mu, nu[k] - fp.nu) > 1e-7) k++;
    assert_true(k < n);
    double ratio = hypot(mu[k] - fp.mu, nu[k] - fp.nu) / hypot(mu[k - 1] - fp.mu, nu[k - 1] - fp.nu);
    print_message("  tau = 9/16: rho = %.6f, |H|_2 = %.6f, ratio at step %zu: %.6f\n",
                  s->spectral_radius, s->spectral_norm, k, ratio);
    assert_true(fabs(ratio - s->spectral_radius) <= 1e-3);
}

/* The iteration away from a repelling fixed point stops where g fails, keeping the iterates
 * so far: ω = −2 makes the mean alternate in sign with growing amplitude. */
static void test_iterate_diverges(void **state)
{
    (void)state;
    static double mu[2000], nu[2000];
    int status;
    size_t n = sn_fixed_point_iterate(mu, nu, 2000, -2, 1, sn_selu_default(), 0.1, 1, 0, 1,
                                      1e-12, &status);
    print_message("  omega = -2 from (0.1, 1): g fails after %zu iterates at (%g, %g): %s\n",
                  n - 1, mu[n - 1], nu[n - 1], gsl_strerror(status));
    assert_true(n > 1 && n < 2000);
    assert_int_not_equal(status, GSL_SUCCESS);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_triangular),
        cmocka_unit_test(test_rotation_scaling),
        cmocka_unit_test(test_repeated),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_paper_fixed_point),
        cmocka_unit_test(test_notebook_target_repels),
        cmocka_unit_test(test_pytorch_gain),
        cmocka_unit_test(test_iterate_diverges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
