/* test_theorems.c - fixed points and the numeric theorem checker.
 *
 * References: the extremes that the authors' Mathematica notebook
 * `Calculations/SELU_calculations.nb` (github.com/bioinf-jku/SNNs) finds by floating-point
 * Maximize/Minimize, shown there to 6 significant digits (DESIGN.md, "Anchors, with their true
 * sources"): the tolerance is half a unit in the last digit shown. (They are not the paper's
 * stated bounds: Theorem 1 states −0.03106, 0.06773, 0.80009, 1.48617.) Independent checks: random sampling never beats the reported extremes;
 * reported values are the quantity at the reported point; counterexamples are genuine.
 */
#include <string.h>
#include "testutil.h"

static void test_fixed_point_default(void **state)
{
    (void)state;
    sn_fixed_point fp;
    assert_int_equal(sn_fixed_point_solve(&fp, 0, 1, sn_selu_default(), 0.5, 3), GSL_SUCCESS);
    /* g is accurate to ~1e−16 and I − H has smallest singular value ~0.2 there, so the root
     * is determined to ~1e−15: tolerance 1e−14 */
    assert_true(fabs(fp.mu) < 1e-14 && fabs(fp.nu - 1) < 1e-14);
    /* SELU_calculations.nb, "Singular value": 0.787673 (6 digits shown) */
    assert_true(fabs(fp.spectral_norm - 0.787673) <= 5e-7);
}

/* For random weights and starts: g(μ*, ν*) = (μ*, ν*), and iterating g from the start
 * reaches it (these weights give spectral norms near 0.8: a contraction). */
static void test_fixed_points_random(void **state)
{
    (void)state;
    gsl_rng *r = test_rng(17);
    for (int i = 0; i < 100; i++) {
        double omega = 0.4 * gsl_rng_uniform(r) - 0.2, tau = 0.9 + 0.3 * gsl_rng_uniform(r);
        double mu0 = 2 * gsl_rng_uniform(r) - 1, nu0 = exp(4 * gsl_rng_uniform(r) - 2);
        sn_fixed_point fp;
        assert_int_equal(sn_fixed_point_solve(&fp, omega, tau, sn_selu_default(), mu0, nu0), GSL_SUCCESS);
        sn_moments g;
        assert_int_equal(sn_map(&g, (sn_point){ fp.mu, omega, fp.nu, tau }, sn_selu_default()), GSL_SUCCESS);
        assert_true(fabs(g.mu_new - fp.mu) <= 1e-13 && fabs(g.nu_new - fp.nu) <= 1e-13 * fp.nu);
        assert_true(fp.spectral_norm < 1);
        assert_int_equal(fp.stability.attracting, SN_VERDICT_YES);
        double mu[2000], nu[2000];
        double tol = 1e-12 * (1 + fp.nu);
        int status;
        size_t n = sn_fixed_point_iterate(mu, nu, 2000, omega, tau, sn_selu_default(), mu0, nu0,
                                          fp.mu, fp.nu, tol, &status);
        assert_int_equal(status, GSL_SUCCESS);
        assert_true(n > 0 && hypot(mu[n - 1] - fp.mu, nu[n - 1] - fp.nu) <= tol);
    }
    sn_fixed_point fp;
    assert_int_equal(sn_fixed_point_solve(&fp, 0, -1, sn_selu_default(), 0, 1), GSL_EDOM);
    assert_int_equal(sn_fixed_point_solve(&fp, 0, 1, sn_selu_default(), 0, -1), GSL_EDOM);
    gsl_rng_free(r);
}

typedef struct { const char *key; double published, tol; } anchor;

/* The statement's domain in doubles (nearest), for the numeric search. */
static sn_box paper_box(const sn_theorem *th)
{
    sn_domain d;
    sn_box box;
    sn_theorem_domain(&d, th);
    assert_int_equal(sn_domain_box(&box, &d), GSL_SUCCESS);
    return box;
}

static void check_theorem(const char *name, const anchor *anchors, size_t nanchors)
{
    const sn_theorem *th = sn_theorem_find(name);
    assert_non_null(th);
    sn_extreme e[SN_MAX_OBJECTIVES];
    const sn_box dom = paper_box(th);
    assert_int_equal(sn_box_extremes(e, th->objectives, th->nobjectives, &dom,
                                     sn_selu_default(), 40), GSL_SUCCESS);
    for (size_t k = 0; k < th->nobjectives; k++) {
        const sn_objective *o = &th->objectives[k];
        assert_true(sn_objective_holds(o, &dom, e[k].value));
        /* the value reported is the quantity at the point reported */
        double v;
        assert_int_equal(sn_quantity_eval(&v, o->quantity, e[k].at, sn_selu_default()), GSL_SUCCESS);
        assert_true(fabs(v - e[k].value) <= 1e-14 * fmax(1, fabs(v)));
        for (int a = 0; a < 4; a++)
            assert_true(e[k].at[a] >= dom.lo[a] && e[k].at[a] <= dom.hi[a]);
        for (size_t i = 0; i < nanchors; i++)
            if (strcmp(anchors[i].key, o->key) == 0) {
                if (!(fabs(e[k].value - anchors[i].published) <= anchors[i].tol))
                    fail_msg("%s %s = %.9g, published %.9g", name, o->key, e[k].value, anchors[i].published);
                printf("  %s %-18s %.9f (published %g)\n", name, o->key, e[k].value, anchors[i].published);
            }
    }
    /* independent: random points of the box never beat the reported extremes */
    gsl_rng *r = test_rng(23);
    for (int i = 0; i < 20000; i++) {
        double x[4];
        for (int a = 0; a < 4; a++)
            x[a] = dom.lo[a] + (dom.hi[a] - dom.lo[a]) * gsl_rng_uniform(r);
        for (size_t k = 0; k < th->nobjectives; k++) {
            double v;
            assert_int_equal(sn_quantity_eval(&v, th->objectives[k].quantity, x, sn_selu_default()), GSL_SUCCESS);
            if (th->objectives[k].sense == SN_MAX) assert_true(v <= e[k].value + 1e-12);
            else assert_true(v >= e[k].value - 1e-12);
        }
    }
    gsl_rng_free(r);
}

/* SELU_calculations.nb, "Numeric checks for Theorem 1/2", 6 significant digits shown:
 * tolerance half a unit in the last digit. */
static void test_theorem1(void **state)
{
    (void)state;
    const anchor a[] = { { "max_spectral_norm", 0.897608, 5e-7 }, { "mean_min", -0.0310605, 5e-8 },
                         { "mean_max", 0.0677251, 5e-8 }, { "var_min", 0.803712, 5e-7 },
                         { "var_max", 1.48157, 5e-6 } };
    check_theorem("theorem1", a, 5);
}

static void test_theorem2(void **state)
{
    (void)state;
    const anchor a[] = { { "max_var_increase", -0.119744, 5e-7 } };
    check_theorem("theorem2", a, 1);
}

static void test_theorem3(void **state)
{
    (void)state;
    check_theorem("theorem3a", NULL, 0);
    check_theorem("theorem3b", NULL, 0);
}

/* Theorem 3a with ν up to 1.0 is false: the minimum of ν̃ − ν is negative, and re-evaluating
 * at the reported point confirms it. */
static void test_false_statement(void **state)
{
    (void)state;
    const sn_theorem *th = sn_theorem_find("theorem3a");
    sn_box box = paper_box(th);
    box.hi[SN_NU] = 1.0;
    sn_extreme e;
    assert_int_equal(sn_box_extremes(&e, th->objectives, 1, &box, sn_selu_default(), 20), GSL_SUCCESS);
    assert_false(sn_objective_holds(&th->objectives[0], &box, e.value));
    sn_moments g;
    assert_int_equal(sn_map(&g, (sn_point){ e.at[0], e.at[1], e.at[2], e.at[3] }, sn_selu_default()), GSL_SUCCESS);
    assert_true(g.nu_new - e.at[2] <= 0);
}

static void test_box_check(void **state)
{
    (void)state;
    sn_box ok = paper_box(&SN_THEOREMS[0]), bad = ok;
    assert_int_equal(sn_box_check(&ok), GSL_SUCCESS);
    bad.lo[SN_NU] = 0;
    assert_int_equal(sn_box_check(&bad), GSL_EDOM);
    bad = ok;
    bad.lo[SN_MU] = 1;   /* lo > hi */
    assert_int_equal(sn_box_check(&bad), GSL_EDOM);
    bad = ok;
    bad.hi[SN_TAU] = INFINITY;
    assert_int_equal(sn_box_check(&bad), GSL_EDOM);
    sn_extreme e[SN_MAX_OBJECTIVES];
    assert_int_equal(sn_box_extremes(e, SN_THEOREMS[0].objectives, 5, &ok, sn_selu_default(), 1), GSL_EDOM);
    assert_null(sn_theorem_find("theorem4"));
}

/* Exact domains: decimals compare as rationals, and the outer box contains them. */
static void test_exact_domains(void **state)
{
    (void)state;
    sn_domain d, e;
    sn_theorem_domain(&d, &SN_THEOREMS[0]);
    e = d;
    assert_int_equal(sn_domain_set(&e, SN_MU, "-0.10", "1e-1"), GSL_SUCCESS);
    assert_true(sn_domain_equal(&d, &e));                    /* -0.10 = -0.1, 1e-1 = 0.1 */
    assert_int_equal(sn_domain_set(&e, SN_MU, "-0.1", "0.1000000000000000055511151231257827"), GSL_SUCCESS);
    assert_false(sn_domain_equal(&d, &e));                   /* the double is not 1/10 */
    assert_int_equal(sn_domain_set(&e, SN_NU, "0", "1"), GSL_EINVAL);     /* ν > 0 */
    assert_int_equal(sn_domain_set(&e, SN_MU, "0.2", "0.1"), GSL_EINVAL);  /* empty */
    assert_int_equal(sn_domain_set(&e, SN_MU, "0x1p-4", "0.1"), GSL_EINVAL); /* no hex */
    assert_int_equal(sn_domain_set(&e, SN_MU, "1e999", "2e999"), GSL_EINVAL); /* exponent */
    sn_box outer, near;
    assert_int_equal(sn_domain_outer_box(&outer, &d), GSL_SUCCESS);
    assert_int_equal(sn_domain_box(&near, &d), GSL_SUCCESS);
    /* 0.1 and 0.8 are no doubles: the outer box is one ulp wider where the nearest double
     * lies inside; 1.5 is a double */
    assert_true(outer.lo[SN_MU] == nextafter(-0.1, -1) || outer.lo[SN_MU] == -0.1);
    assert_true(outer.lo[SN_MU] < -0.1 + 1e-17 && outer.lo[SN_MU] <= near.lo[SN_MU]);
    assert_true(outer.hi[SN_NU] == 1.5 && outer.lo[SN_NU] <= 0.8);
    fmpq_t q;
    fmpq_init(q);
    for (int k = 0; k < 4; k++) {
        sn_decimal_get_fmpq(q, d.lo[k]);
        double lo = sn_fmpq_floor_d(q);
        sn_fmpq_set_d(q, lo);
        fmpq_t exact;
        fmpq_init(exact);
        sn_decimal_get_fmpq(exact, d.lo[k]);
        assert_true(fmpq_cmp(q, exact) <= 0);
        assert_true(lo == outer.lo[k]);
        fmpq_clear(exact);
    }
    fmpq_clear(q);
}

/* Outward printing: the printed decimal is a bound, and the tightest one with those digits. */
static void test_outward_printing(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(sn_format_down(buf, sizeof buf, 0.1, 5), "0.10000");
    assert_string_equal(sn_format_up(buf, sizeof buf, 0.1, 17), "0.10000000000000001");   /* 0.1000000000000000055… */
    assert_string_equal(sn_format_down(buf, sizeof buf, 0.1, 17), "0.10000000000000000");
    assert_string_equal(sn_format_down(buf, sizeof buf, -0.031060501792217684, 10), "-0.03106050180");
    assert_string_equal(sn_format_up(buf, sizeof buf, -0.031060501792217684, 10), "-0.03106050179");
    assert_string_equal(sn_format_up(buf, sizeof buf, 2.0 / 3, 3), "0.667");
    assert_string_equal(sn_format_down(buf, sizeof buf, 2.0 / 3, 3), "0.666");
    assert_string_equal(sn_format_up(buf, sizeof buf, 1e-20, 3), "1.00e-20");   /* the double 1e-20 is 9.99…e-21 */
    assert_string_equal(sn_format_down(buf, sizeof buf, 1e-20, 3), "9.99e-21");
    gsl_rng *r = test_rng(41);
    fmpq_t a, b;
    fmpq_init(a);
    fmpq_init(b);
    for (int i = 0; i < 2000; i++) {
        double x = (gsl_rng_uniform(r) - 0.5) * pow(10, (int)(40 * gsl_rng_uniform(r)) - 20);
        int digits = 1 + (int)(17 * gsl_rng_uniform(r));
        sn_fmpq_set_d(a, x);
        sn_decimal_get_fmpq(b, sn_format_down(buf, sizeof buf, x, digits));
        assert_true(fmpq_cmp(b, a) <= 0);
        sn_decimal_get_fmpq(b, sn_format_up(buf, sizeof buf, x, digits));
        assert_true(fmpq_cmp(b, a) >= 0);
    }
    fmpq_clear(a);
    fmpq_clear(b);
    gsl_rng_free(r);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_point_default),
        cmocka_unit_test(test_fixed_points_random),
        cmocka_unit_test(test_box_check),
        cmocka_unit_test(test_exact_domains),
        cmocka_unit_test(test_outward_printing),
        cmocka_unit_test(test_theorem1),
        cmocka_unit_test(test_theorem2),
        cmocka_unit_test(test_theorem3),
        cmocka_unit_test(test_false_statement),
    };
    return cmocka_run_group_tests_name("theorems", tests, NULL, NULL);
}
