/* test_init.c - framework initializers (init.h) and signal propagation (propagate.h), each
 * against an independent reference: MPFR at 256 bits for Keras' truncation constant and SELU's
 * χ₁, GSL quadrature for the truncated normal's moments, closed forms (uniform moments, the
 * ReLU arc-cosine kernel), mpmath at 40 digits for SELU's correlation map, Monte Carlo draws
 * for the per-unit (ω, τ), and the random network of mlp.h for the layer map.
 */
#include "testutil.h"
#include <mpfr.h>
#include <string.h>
#include <gsl/gsl_integration.h>
#include "selfnorm/propagate.h"

static sn_init_spec spec_of(const char *name, long fan_in, long fan_out)
{
    sn_init_spec s = sn_init_spec_default();
    s.name = name;
    s.fan_in = fan_in;
    s.fan_out = fan_out;
    return s;
}

static sn_unit_stats stats_of(const sn_init_spec *s, long width)
{
    sn_weights w;
    char err[200];
    int st = sn_init_resolve(&w, s, NULL, NULL, err, sizeof err);
    if (st) fail_msg("%s: %s", s->name, err);
    sn_unit_stats u;
    assert_int_equal(sn_init_unit_stats(&u, &w, s->fan_in, width), GSL_SUCCESS);
    return u;
}

/* Keras' constant 0.87962566103423978 is the sd of N(0, 1) truncated to [−2, 2]:
 * c² = 1 − 2·2φ(2)/(2Φ(2) − 1) = 1 − 4φ(2)/erf(√2). The literal is the double nearest c (MPFR
 * at 256 bits), so the rescaled sd √(scale/n)/c gives a variance after truncation of
 * (scale/n)·c²/c_literal² = scale/n up to rounding. */
static void test_keras_truncation_constant(void **state)
{
    (void)state;
    mpfr_t c, t, u;
    mpfr_inits2(REF_PREC, c, t, u, (mpfr_ptr)0);
    mpfr_set_ui(t, 2, MPFR_RNDN);
    mpfr_sqrt(t, t, MPFR_RNDN);
    mpfr_erf(t, t, MPFR_RNDN);               /* erf(√2) = 2Φ(2) − 1 */
    mpfr_const_pi(u, MPFR_RNDN);
    mpfr_mul_ui(u, u, 2, MPFR_RNDN);
    mpfr_sqrt(u, u, MPFR_RNDN);              /* √(2π) */
    mpfr_set_si(c, -2, MPFR_RNDN);
    mpfr_exp(c, c, MPFR_RNDN);
    mpfr_div(c, c, u, MPFR_RNDN);            /* φ(2) = e^{−2}/√(2π) */
    mpfr_mul_ui(c, c, 4, MPFR_RNDN);
    mpfr_div(c, c, t, MPFR_RNDN);
    mpfr_ui_sub(c, 1, c, MPFR_RNDN);         /* c² */
    mpfr_sqrt(c, c, MPFR_RNDN);
    double exact = mpfr_get_d(c, MPFR_RNDN);
    const double keras = 0.87962566103423978;   /* keras/initializers: VarianceScaling */
    assert_true(keras == exact);
    double ours = sn_truncated_normal_sd(2);
    assert_true(fabs(ours - exact) <= 2 * DBL_EPSILON);
    /* the variance after truncation of lecun_normal is 1/fan_in to rounding, for several fans */
    static const long FANS[] = { 1, 3, 100, 784, 1024, 12345 };
    for (size_t i = 0; i < sizeof FANS / sizeof FANS[0]; i++) {
        sn_init_spec s = spec_of("lecun_normal", FANS[i], FANS[i]);
        sn_weights w;
        assert_int_equal(sn_init_resolve(&w, &s, NULL, NULL, NULL, 0), GSL_SUCCESS);
        mpfr_set_d(t, w.sd, MPFR_RNDN);
        mpfr_mul(t, t, c, MPFR_RNDN);
        mpfr_sqr(t, t, MPFR_RNDN);           /* (sd before truncation · c)² */
        mpfr_mul_si(t, t, FANS[i], MPFR_RNDN);
        mpfr_sub_ui(t, t, 1, MPFR_RNDN);
        double rel = fabs(mpfr_get_d(t, MPFR_RNDN));
        if (!(rel <= 4 * DBL_EPSILON)) fail_msg("fan %ld: relative error %.3g", FANS[i], rel);
        sn_unit_stats us = stats_of(&s, FANS[i]);
        assert_true(fabs(us.tau_mean - 1) <= 8 * DBL_EPSILON);
        assert_true(fabs(us.weight_var * FANS[i] - 1) <= 8 * DBL_EPSILON);
    }
    mpfr_clears(c, t, u, (mpfr_ptr)0);
}

static double power_phi(double x, void *p)
{
    int k = *(int *)p;
    return pow(x, k) * exp(-x * x / 2) / sqrt(2 * M_PI);
}

/* The truncated normal's E w² and Var w² against GSL quadrature of x^k φ(x) on [−b, b]
 * (tolerance 1e−13: QAG at 2e−14 relative, GSL's floor, on smooth integrands). */
static void test_truncated_moments(void **state)
{
    (void)state;
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(200);
    static const double CUTS[] = { 0.5, 1, 2, 3, 6 };
    for (size_t i = 0; i < sizeof CUTS / sizeof CUTS[0]; i++) {
        double b = CUTS[i], I[3], err;
        for (int k = 0; k <= 4; k += 2) {
            gsl_function F = { power_phi, &k };
            assert_int_equal(gsl_integration_qag(&F, -b, b, 0, 2e-14, 200, GSL_INTEG_GAUSS61, ws,
                                                 &I[k / 2], &err), GSL_SUCCESS);
        }
        sn_weights w = { .dist = SN_WEIGHTS_TRUNCATED, .sd = 1.5, .cut = b };
        sn_weight_moments m;
        assert_int_equal(sn_weight_moments_of(&m, &w), GSL_SUCCESS);
        double e2 = 2.25 * I[1] / I[0], e4 = 2.25 * 2.25 * I[2] / I[0];
        assert_true(fabs(m.second - e2) <= 1e-13 * e2);
        assert_true(fabs(m.fourth_central_sq - (e4 - e2 * e2)) <= 1e-12 * e4);
        assert_true(fabs(sn_truncated_normal_sd(b) - sqrt(I[1] / I[0])) <= 1e-13);
    }
    gsl_integration_workspace_free(ws);
    assert_true(isnan(sn_truncated_normal_sd(0)));
}

/* Uniform moments in closed form: U(−a, a) has E w² = a²/3, Var w² = a⁴/5 − a⁴/9 = 4a⁴/45;
 * PyTorch's default uniform_ U(0, 1): E w = 1/2, E w² = 1/3, Var w² = 1/5 − 1/9. */
static void test_uniform_moments(void **state)
{
    (void)state;
    sn_weight_moments m;
    sn_weights w = { .dist = SN_WEIGHTS_UNIFORM, .low = -0.3, .high = 0.3 };
    assert_int_equal(sn_weight_moments_of(&m, &w), GSL_SUCCESS);
    assert_true(fabs(m.mean) < 1e-17);
    assert_true(fabs(m.second - 0.09 / 3) <= 1e-16);
    assert_true(fabs(m.fourth_central_sq - 4 * 0.0081 / 45) <= 1e-17);
    sn_init_spec s = spec_of("uniform", 10, 10);
    sn_unit_stats u = stats_of(&s, 10);
    assert_true(fabs(u.omega_mean - 5) <= 1e-14);
    assert_true(fabs(u.omega_sd - sqrt(10.0 / 12)) <= 1e-14);
    assert_true(fabs(u.tau_mean - 10.0 / 3) <= 1e-14);
    assert_true(fabs(u.tau_sd - sqrt(10 * (1.0 / 5 - 1.0 / 9))) <= 1e-14);
}

/* The frameworks' formulas (PyTorch torch.nn.init docs, Keras VarianceScaling docs): the
 * implied E τ = fan_in · Var w. */
static void test_framework_formulas(void **state)
{
    (void)state;
    struct { const char *name, *nonlinearity; double gain; const char *mode; long fi, fo; double tau; }
    CASES[] = {
        { "kaiming_normal", "selu", NAN, NULL, 1024, 1024, 9.0 / 16 },   /* calculate_gain('selu') = 3/4 */
        { "kaiming_normal_", "selu", NAN, NULL, 100, 300, 9.0 / 16 },
        { "kaiming_normal", "linear", NAN, NULL, 1024, 1024, 1 },       /* the docs' advice for SNNs */
        { "kaiming_normal", NULL, NAN, NULL, 1024, 1024, 2 },           /* leaky_relu, a = 0 */
        { "kaiming_uniform", "leaky_relu:0.2", NAN, NULL, 500, 500, 2 / 1.04 },
        { "kaiming_normal", "tanh", NAN, "fan_out", 100, 400, 25.0 / 9 / 4 },
        { "kaiming_uniform", NULL, 1, NULL, 64, 64, 1 },
        { "xavier_normal", NULL, NAN, NULL, 100, 300, 0.5 },             /* 2/(fi + fo)·fi */
        { "xavier_uniform", NULL, 2, NULL, 300, 100, 6 },
        { "lecun_uniform", NULL, NAN, NULL, 77, 5, 1 },
        { "glorot_normal", NULL, NAN, NULL, 100, 300, 0.5 },
        { "glorot_uniform", NULL, NAN, NULL, 100, 300, 0.5 },
        { "he_normal", NULL, NAN, NULL, 256, 256, 2 },
        { "he_uniform", NULL, NAN, NULL, 256, 256, 2 },
        { "variance_scaling", NULL, 3, "fan_avg", 100, 300, 1.5 },
        { "orthogonal", NULL, 1.5, NULL, 1024, 512, 2.25 },
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        sn_init_spec s = spec_of(CASES[i].name, CASES[i].fi, CASES[i].fo);
        s.nonlinearity = CASES[i].nonlinearity;
        s.gain = CASES[i].gain;
        s.mode = CASES[i].mode;
        sn_unit_stats u = stats_of(&s, CASES[i].fo);
        if (!(fabs(u.tau_mean - CASES[i].tau) <= 1e-14 * CASES[i].tau))
            fail_msg("%s: E tau %.17g, want %.17g", CASES[i].name, u.tau_mean, CASES[i].tau);
        /* zero-mean weights: Var ω = E τ */
        assert_true(fabs(u.omega_mean) <= 1e-15);
        assert_true(fabs(u.omega_sd * u.omega_sd - u.tau_mean) <= 1e-13 * u.tau_mean);
    }
    /* PyTorch normal_(std): no fan, E τ = fan_in·std² */
    sn_init_spec s = spec_of("normal", 100, 100);
    s.std = 0.1;
    sn_unit_stats u = stats_of(&s, 100);
    assert_true(fabs(u.tau_mean - 1) <= 1e-14);
    assert_true(fabs(u.tau_sd - 0.01 * sqrt(200.0)) <= 1e-15);   /* Var w² = 2σ⁴ */
    /* orthogonal with more units than inputs: τ ~ gain²·Beta(n/2, (N − n)/2) */
    s = spec_of("orthogonal", 100, 400);
    u = stats_of(&s, 400);
    assert_true(fabs(u.tau_mean - 0.25) <= 1e-15);
    assert_true(fabs(u.tau_sd - sqrt(2 * 100.0 * 300 / (400.0 * 400 * 402))) <= 1e-15);
}

/* Draws against the exact (ω, τ) moments: means within 5 standard errors over the units. */
static void check_draws(const sn_weights *w, long fan_in, long width)
{
    double *W = malloc((size_t)fan_in * width * sizeof *W);
    assert_non_null(W);
    assert_int_equal(sn_weights_draw(W, fan_in, width, w, 7), GSL_SUCCESS);
    sn_unit_stats u;
    assert_int_equal(sn_init_unit_stats(&u, w, fan_in, width), GSL_SUCCESS);
    double so = 0, so2 = 0, st = 0, st2 = 0;
    for (long j = 0; j < width; j++) {
        double om = 0, ta = 0;
        for (long i = 0; i < fan_in; i++) {
            double x = W[i * width + j];
            om += x;
            ta += x * x;
            if (w->dist == SN_WEIGHTS_TRUNCATED) assert_true(fabs(x) <= w->cut * w->sd);
        }
        so += om; so2 += om * om; st += ta; st2 += ta * ta;
    }
    double n = (double)width, om_mean = so / n, om_var = so2 / n - om_mean * om_mean;
    double ta_mean = st / n, ta_var = fmax(0, st2 / n - ta_mean * ta_mean);
    if (!(fabs(om_mean - u.omega_mean) <= 5 * u.omega_sd / sqrt(n))
        || !(fabs(om_var - u.omega_sd * u.omega_sd) <= 5 * sqrt(2 / n) * u.omega_sd * u.omega_sd)
        || !(fabs(ta_mean - u.tau_mean) <= 5 * u.tau_sd / sqrt(n) + 1e-12)
        || !(fabs(sqrt(ta_var) - u.tau_sd) <= 0.15 * u.tau_sd + 1e-7))
        fail_msg("dist %d: omega %g (sd %g) vs %g (%g); tau %g (sd %g) vs %g (%g)", (int)w->dist,
                 om_mean, sqrt(om_var), u.omega_mean, u.omega_sd, ta_mean, sqrt(ta_var),
                 u.tau_mean, u.tau_sd);
    free(W);
}

static void test_draws_match_unit_stats(void **state)
{
    (void)state;
    sn_weights normal = { .dist = SN_WEIGHTS_NORMAL, .mean = 0, .sd = 0.75 / 16 };
    sn_weights uni = { .dist = SN_WEIGHTS_UNIFORM, .low = 0, .high = 0.1 };
    sn_weights trunc = { .dist = SN_WEIGHTS_TRUNCATED, .sd = 0.1, .cut = 2 };
    sn_weights ortho = { .dist = SN_WEIGHTS_ORTHOGONAL, .gain = 1.25 };
    check_draws(&normal, 256, 4000);
    check_draws(&uni, 256, 4000);
    check_draws(&trunc, 256, 4000);
    check_draws(&ortho, 200, 100);    /* units ≤ inputs: τ = gain² exactly */
    check_draws(&ortho, 100, 400);    /* more units: Beta-distributed τ */
}

static void test_bad_input(void **state)
{
    (void)state;
    char err[200];
    sn_weights w;
    sn_init_spec s = spec_of("kaiming_normall", 10, 10);
    assert_int_equal(sn_init_resolve(&w, &s, NULL, NULL, err, sizeof err), GSL_EINVAL);
    assert_non_null(strstr(err, "unknown initializer"));
    s = spec_of("normal", 10, 10); s.std = -1;
    assert_int_equal(sn_init_resolve(&w, &s, NULL, NULL, err, sizeof err), GSL_EINVAL);
    s = spec_of("kaiming_normal", 10, 10); s.gain = 0;
    assert_int_equal(sn_init_resolve(&w, &s, NULL, NULL, err, sizeof err), GSL_EINVAL);
    s = spec_of("lecun_normal", 0, 10);
    assert_int_equal(sn_init_resolve(&w, &s, NULL, NULL, err, sizeof err), GSL_EINVAL);
    s = spec_of("lecun_normal", 10, 10); s.cut = 0;
    assert_int_equal(sn_init_resolve(&w, &s, NULL, NULL, err, sizeof err), GSL_EINVAL);
    assert_non_null(strstr(err, "excludes every weight"));
    s = spec_of("kaiming_normal", 10, 10); s.nonlinearity = "selu2";
    assert_int_equal(sn_init_resolve(&w, &s, NULL, NULL, err, sizeof err), GSL_EINVAL);
    s = spec_of("kaiming_normal", 10, 10); s.mode = "fan_avg";   /* not PyTorch's */
    assert_int_equal(sn_init_resolve(&w, &s, NULL, NULL, err, sizeof err), GSL_EINVAL);
    s = spec_of("uniform", 10, 10); s.low = 1; s.high = 1;
    assert_int_equal(sn_init_resolve(&w, &s, NULL, NULL, err, sizeof err), GSL_EINVAL);
    s = spec_of("lecun_normal", 10, 10); s.std = 1;   /* an option it does not take */
    assert_int_equal(sn_init_resolve(&w, &s, NULL, NULL, err, sizeof err), GSL_EINVAL);
    s = spec_of("kaiming_normal", 10, 10); s.gain = 1; s.nonlinearity = "relu";
    assert_int_equal(sn_init_resolve(&w, &s, NULL, NULL, err, sizeof err), GSL_EINVAL);
}

static sn_act act_of(const char *spec)
{
    sn_act a;
    char err[200];
    if (sn_act_parse(&a, spec, err, sizeof err)) fail_msg("%s", err);
    return a;
}

/* χ₁ = τ E[selu'(z)²] at z ~ N(0, 1): selu' = λ on z > 0 and λα eᶻ on z < 0, and
 * E[e^{2z}; z < 0] = e² Φ(−2) (complete the square), so χ₁ = λ²/2 + λ²α² e² Φ(−2) ≈ 1.0716
 * (issue 14: "≈ 1.0716 per layer in squared norm"). MPFR at 256 bits with α01, λ01 from the
 * authors' selu.py, against sn_act_moments_eval and the layer map's χ. */
static void test_selu_chi1(void **state)
{
    (void)state;
    mpfr_t a, l, t, r;
    mpfr_inits2(REF_PREC, a, l, t, r, (mpfr_ptr)0);
    mpfr_set_str(a, "1.6732632423543772848170429916717", 10, MPFR_RNDN);
    mpfr_set_str(l, "1.0507009873554804934193349852946", 10, MPFR_RNDN);
    mpfr_set_ui(t, 2, MPFR_RNDN);
    mpfr_sqrt(t, t, MPFR_RNDN);
    mpfr_erfc(t, t, MPFR_RNDN);
    mpfr_div_ui(t, t, 2, MPFR_RNDN);                /* Φ(−2) = erfc(√2)/2 */
    mpfr_set_ui(r, 2, MPFR_RNDN);
    mpfr_exp(r, r, MPFR_RNDN);
    mpfr_mul(t, t, r, MPFR_RNDN);                   /* e² Φ(−2) */
    mpfr_mul(t, t, a, MPFR_RNDN);
    mpfr_mul(t, t, a, MPFR_RNDN);
    mpfr_add_d(t, t, 0.5, MPFR_RNDN);
    mpfr_mul(t, t, l, MPFR_RNDN);
    mpfr_mul(t, t, l, MPFR_RNDN);
    double chi1 = mpfr_get_d(t, MPFR_RNDN);
    mpfr_clears(a, l, t, r, (mpfr_ptr)0);
    assert_true(fabs(chi1 - 1.0716) < 5e-5);          /* the 4 digits */
    sn_act selu = act_of("selu");
    sn_act_moments m;
    assert_int_equal(sn_act_moments_eval(&m, &selu, 0, 1), GSL_SUCCESS);
    assert_true(fabs(m.dsecond - chi1) <= 1e-13);
    sn_layer_model model = { &selu, 0, 1, 1, 0 };
    sn_layer_out o;
    assert_int_equal(sn_layer_map(&o, &model, 0, 1), GSL_SUCCESS);
    assert_true(fabs(o.chi - chi1) <= 1e-13);
    sn_mean_field mf;
    assert_int_equal(sn_mean_field_eval(&mf, &selu, 1, 1), GSL_SUCCESS);
    assert_true(fabs(mf.q_star - 1) <= 1e-12);
    assert_true(fabs(mf.chi1 - chi1) <= 1e-12);
    /* χ₁ > 1: c = 1 repels, a c* < 1 attracts with slope below 1 */
    assert_true(mf.c_star < 1 && mf.chi_c < 1 && mf.chi_c > 0 && isfinite(mf.xi_c));
    sn_corr cr;
    assert_int_equal(sn_corr_map(&cr, &selu, 1, 1, mf.c_star), GSL_SUCCESS);
    assert_true(fabs(cr.c_new - mf.c_star) <= 1e-9);
    printf("  SELU at (0, 1): chi1 = %.15g, c* = %.12g, chi_c = %.9g, xi_c = %.6g layers\n",
           chi1, mf.c_star, mf.chi_c, mf.xi_c);
}

/* ReLU's correlation map in closed form, the arc-cosine kernel (Cho & Saul 2009):
 * E[relu(u_a) relu(u_b)] = s²/(2π)·(√(1 − c²) + (π − arccos c)·c), E relu(u)² = s²/2, and
 * the slope E[1(u_a > 0) 1(u_b > 0)]·s²/(s²/2) = (π − arccos c)/π. Linear: c' = c.
 * Tolerance 1e−9: the quadrature's targets are 1e−10 (outer) and 1e−12 (inner). */
static void test_corr_map_closed_forms(void **state)
{
    (void)state;
    sn_act relu = act_of("relu"), lin = act_of("linear");
    static const double CS[] = { -1, -0.9, -0.3, 0, 0.5, 0.99, 1 };
    for (size_t i = 0; i < sizeof CS / sizeof CS[0]; i++) {
        double c = CS[i];
        sn_corr r;
        assert_int_equal(sn_corr_map(&r, &relu, 2, 0.7, c), GSL_SUCCESS);
        double want = (sqrt(1 - c * c) + (M_PI - acos(c)) * c) / M_PI;
        double slope = (M_PI - acos(c)) / M_PI;
        if (!(fabs(r.c_new - want) <= 1e-9) || !(fabs(r.slope - slope) <= 1e-9))
            fail_msg("relu c = %g: c' %.15g vs %.15g, slope %.15g vs %.15g", c, r.c_new, want,
                     r.slope, slope);
        assert_true(r.err < 1e-8);
        assert_int_equal(sn_corr_map(&r, &lin, 1.3, 2, c), GSL_SUCCESS);
        assert_true(fabs(r.c_new - c) <= 1e-9 && fabs(r.slope - 1) <= 1e-9);
    }
    sn_corr r;
    assert_int_equal(sn_corr_map(&r, &relu, 1, 1, 1.5), GSL_EDOM);
    assert_int_equal(sn_corr_map(&r, &relu, 0, 1, 0.5), GSL_EDOM);
}

/* SELU at q = τ = 1 against mpmath at 40 digits (the inner expectation in closed form, the
 * outer by mp.quad: tests/ref/corr_ref.py); E f² = 1 there, so c' = E[f f]. */
static void test_corr_map_selu_reference(void **state)
{
    (void)state;
    sn_act selu = act_of("selu");
    static const double REF[][2] = {   /* c, E[selu(u_a) selu(u_b)] */
        { 0.5, 0.4905691283254751640437821 },
        { -0.5, -0.4826608085245796738692005 },
        { 0.9, 0.8952593090961029919678321 },
    };
    for (size_t i = 0; i < 3; i++) {
        sn_corr r;
        assert_int_equal(sn_corr_map(&r, &selu, 1, 1, REF[i][0]), GSL_SUCCESS);
        if (!(fabs(r.c_new - REF[i][1]) <= 1e-10))
            fail_msg("selu c = %g: %.17g vs %.17g", REF[i][0], r.c_new, REF[i][1]);
    }
    /* at c = 0 the inputs are independent: c' = (E f)² / E f² = 0 at the fixed point (0, 1) */
    sn_corr r0;
    assert_int_equal(sn_corr_map(&r0, &selu, 1, 1, 0), GSL_SUCCESS);
    assert_true(fabs(r0.c_new) <= 1e-12);
}

/* The layer map against the random network (mlp.h) with weights drawn from the initializer:
 * PyTorch's kaiming_normal(selu) shrinks the variance, Keras' lecun_normal keeps (0, 1).
 * Width 512, batch 256, double: the measured mean and variance scatter by O(1/√(width)) around
 * the infinite-width prediction, so 0.02 absolute on the mean and 4% relative on ν. */
static void check_against_network(const char *name, const char *nonlinearity)
{
    sn_init_spec s = spec_of(name, 512, 512);
    s.nonlinearity = nonlinearity;
    sn_weights w;
    assert_int_equal(sn_init_resolve(&w, &s, NULL, NULL, NULL, 0), GSL_SUCCESS);
    sn_unit_stats u;
    assert_int_equal(sn_init_unit_stats(&u, &w, 512, 512), GSL_SUCCESS);
    sn_act selu = act_of("selu");
    sn_layer_model model = { &selu, u.omega_mean, u.omega_sd * u.omega_sd, u.tau_mean, 0 };
    enum { DEPTH = 6 };
    sn_layer_out P[DEPTH + 1];
    assert_int_equal(sn_propagate(P, DEPTH, &model, 0, 1, NULL), GSL_SUCCESS);
    sn_mlp_config c = sn_mlp_defaults(DEPTH, 512, 256);
    c.init = SN_INIT_WEIGHTS;
    c.weights = w;
    c.use_double = 1;
    sn_mlp_layer M[DEPTH + 1];
    assert_int_equal(sn_mlp_run(M, &c), GSL_SUCCESS);
    for (int l = 1; l <= DEPTH; l++)
        if (!(fabs(M[l].mean - P[l].mu) <= 0.02) || !(fabs(M[l].var - P[l].nu) <= 0.04 * P[l].nu))
            fail_msg("%s layer %d: measured (%g, %g), predicted (%g, %g)", name, l, M[l].mean,
                     M[l].var, P[l].mu, P[l].nu);
}

static void test_layer_map_against_network(void **state)
{
    (void)state;
    check_against_network("kaiming_normal", "selu");
    check_against_network("lecun_normal", NULL);
    check_against_network("orthogonal", NULL);
}

/* mlp --pairs: the measured raw correlation of input pairs against the iterated correlation
 * map. Width 1024, 128 pairs: the pairs' correlations scatter by about 1/√N = 0.03 each and
 * their mean by 0.03/√128; finite-width drift accumulates, so 0.02 over 6 layers. */
static void test_pairs_against_network(void **state)
{
    (void)state;
    static const char *const ACTS[] = { "selu", "relu", "tanh" };
    static const sn_init INITS[] = { SN_INIT_LECUN, SN_INIT_HE, SN_INIT_LECUN };
    for (size_t k = 0; k < 3; k++) {
        enum { DEPTH = 6 };
        sn_mlp_config c = sn_mlp_defaults(DEPTH, 1024, 256);
        assert_int_equal(sn_act_parse(&c.activation, ACTS[k], NULL, 0), GSL_SUCCESS);
        c.init = INITS[k];
        c.pairs = 1;
        c.pair_corr = 0.3;
        c.use_double = 1;
        sn_mlp_layer M[DEPTH + 1];
        assert_int_equal(sn_mlp_run(M, &c), GSL_SUCCESS);
        assert_true(fabs(M[0].predicted_corr - 0.3) < 1e-15);
        for (int l = 0; l <= DEPTH; l++)
            if (!(fabs(M[l].corr - M[l].predicted_corr) <= 0.02))
                fail_msg("%s layer %d: correlation %g, predicted %g", ACTS[k], l,
                         M[l].corr, M[l].predicted_corr);
    }
}

static void test_verdicts(void **state)
{
    (void)state;
    sn_act selu = act_of("selu"), relu = act_of("relu"), lin = act_of("linear");
    sn_prop_verdict v;
    /* Keras lecun_normal (τ = 1): the fixed point (0, 1) */
    sn_layer_model keras = { &selu, 0, 1, 1, 0 };
    assert_int_equal(sn_propagate_verdict(&v, &keras, 0.5, 2, 20000), GSL_SUCCESS);
    assert_int_equal(v.kind, SN_PROP_NORMALIZING);
    assert_true(fabs(v.mu) < 1e-9 && fabs(v.nu - 1) < 1e-9);
    assert_true(v.rate > 0 && v.rate < 1);
    /* PyTorch kaiming_normal(selu) (τ = 9/16): a fixed point, far below ν = 1 */
    sn_layer_model torch = { &selu, 0, 9.0 / 16, 9.0 / 16, 0 };
    assert_int_equal(sn_propagate_verdict(&v, &torch, 0, 1, 20000), GSL_SUCCESS);
    assert_int_equal(v.kind, SN_PROP_NORMALIZING);
    assert_true(v.nu < 0.1 && v.nu > 0);
    /* ReLU with τ = 1: q' = q/2 exactly (zero-mean weights), so ν halves from layer 2 on */
    sn_layer_model r = { &relu, 0, 1, 1, 0 };
    assert_int_equal(sn_propagate_verdict(&v, &r, 0, 1, 20000), GSL_SUCCESS);
    assert_int_equal(v.kind, SN_PROP_COLLAPSE);
    assert_true(fabs(v.rate - 0.5) < 1e-12);
    /* ReLU with He weights (τ = 2 = Var ω): q' = q exactly, rate 1 — neutral, not normalizing
     * (issue 14 findings, 5); its mean field is marginal too: χ₁ = 1, c* = 1, ξ = ∞ */
    sn_layer_model he = { &relu, 0, 2, 2, 0 };
    assert_int_equal(sn_propagate_verdict(&v, &he, 0, 1, 20000), GSL_SUCCESS);
    assert_int_equal(v.kind, SN_PROP_NEUTRAL);
    assert_true(fabs(v.rate - 1) < 1e-6);
    sn_mean_field mf;
    assert_int_equal(sn_mean_field_eval(&mf, &relu, 2, 1), GSL_SUCCESS);
    assert_true(fabs(mf.chi1 - 1) < 1e-9 && mf.c_star == 1 && isinf(mf.xi_c));
    /* tanh (odd: c = 0 and c = −1 are both fixed) in the chaotic phase, τ = 9 (orthogonal, gain
     * 3): χ₁ > 1, and the stable c* is 0 with slope τ (E f′)² < 1, not the repelling c = −1 */
    sn_act tanh_act = act_of("tanh");
    assert_int_equal(sn_mean_field_eval(&mf, &tanh_act, 9, 1), GSL_SUCCESS);
    assert_true(mf.chi1 > 1 && mf.c_star == 0 && mf.chi_c < 1 && isfinite(mf.xi_c));
    /* linear with τ = 1.21: ν grows by 1.21 per layer */
    sn_layer_model l = { &lin, 0, 1.21, 1.21, 0 };
    assert_int_equal(sn_propagate_verdict(&v, &l, 0, 1, 20000), GSL_SUCCESS);
    assert_int_equal(v.kind, SN_PROP_EXPLODE);
    assert_true(fabs(v.rate - 1.21) < 1e-12);
    /* alpha dropout keeps SELU's fixed point (0, 1) */
    sn_layer_model drop = { &selu, 0, 1, 1, 0.1 };
    assert_int_equal(sn_propagate_verdict(&v, &drop, 0, 1, 20000), GSL_SUCCESS);
    assert_int_equal(v.kind, SN_PROP_NORMALIZING);
    assert_true(fabs(v.mu) < 1e-9 && fabs(v.nu - 1) < 1e-9);
    sn_layer_out o;
    sn_layer_model bad = { &selu, 0, 1, -1, 0 };
    assert_int_equal(sn_layer_map(&o, &bad, 0, 1), GSL_EDOM);
}

/* issue 14 findings, 1: the prediction stops where ν leaves [1e-300, 1e300], every entry it
 * writes finite. ReLU with τ = 1 halves q = μ² + ν per layer from layer 1 on (q' = τq/2, zero-
 * mean weights, Var ω = τ): ν₁ = (1/2 − 1/(2π))·1, then ν_l = ν₁ 2^(1−l), which falls below
 * 1e-300 first at l = 1 + ceil(log2(ν₁ / 1e-300)). Linear with τ = 4 multiplies ν by 4: above
 * 1e300 first at l = ceil(300 / log10 4) = 499. */
static void test_propagate_range(void **state)
{
    (void)state;
    sn_act relu = act_of("relu"), lin = act_of("linear");
    enum { DEPTH = 1200 };
    static sn_layer_out P[DEPTH + 1];
    size_t done = 0;
    sn_layer_model r = { &relu, 0, 1, 1, 0 };
    assert_int_equal(sn_propagate(P, DEPTH, &r, 0, 1, &done), GSL_EUNDRFLW);
    double nu1 = 0.5 - 1 / (2 * M_PI);
    size_t first_below = 1 + (size_t)ceil(log2(nu1 / SN_PROP_NU_MIN));
    assert_int_equal(done, first_below);
    for (size_t l = 0; l < done; l++) assert_true(isfinite(P[l].mu) && P[l].nu >= SN_PROP_NU_MIN);
    sn_layer_model l4 = { &lin, 0, 4, 4, 0 };
    assert_int_equal(sn_propagate(P, DEPTH, &l4, 0, 1, &done), GSL_EOVRFLW);
    assert_int_equal(done, 499);
    for (size_t l = 0; l < done; l++) assert_true(P[l].nu <= SN_PROP_NU_MAX);
    /* a start whose μ² overflows z's variance stops before layer 1 */
    sn_act selu = act_of("selu");
    sn_layer_model k = { &selu, 0, 1, 1, 0 };
    assert_int_equal(sn_propagate(P, 3, &k, 1e200, 1, &done), GSL_EOVRFLW);
    assert_int_equal(done, 1);
    sn_prop_verdict v;
    assert_int_equal(sn_propagate_verdict(&v, &k, 1e200, 1, 100), GSL_SUCCESS);
    assert_int_equal(v.kind, SN_PROP_EXPLODE);
    assert_int_equal(v.layers, 1);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keras_truncation_constant),
        cmocka_unit_test(test_truncated_moments),
        cmocka_unit_test(test_uniform_moments),
        cmocka_unit_test(test_framework_formulas),
        cmocka_unit_test(test_draws_match_unit_stats),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_selu_chi1),
        cmocka_unit_test(test_corr_map_closed_forms),
        cmocka_unit_test(test_corr_map_selu_reference),
        cmocka_unit_test(test_layer_map_against_network),
        cmocka_unit_test(test_pairs_against_network),
        cmocka_unit_test(test_verdicts),
        cmocka_unit_test(test_propagate_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
