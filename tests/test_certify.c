/* test_certify.c - the rigorous prover.
 *
 * Its soundness rests on the analytic derivatives behind the mean-value forms; they are
 * checked against central differences of the lower-order ones (step h = 1e−7: truncation
 * ~h²·f‴ ≈ 1e−14; the values are rounded to double before differencing, which costs
 * ε/h ≈ 1e−9; tolerance 1e−6 relative to max(1, |value|), while a wrong term in a formula
 * is off by O(1)). Then the enclosures themselves: on random boxes no sampled point may beat
 * them.
 */
#include <stdlib.h>
#include "testutil.h"
#include "certify_internal.h"

static void jet_at(double out[12], double m, double S, const arb_t al, const arb_t la)
{
    double x[4] = { m, 1, S, 1 };
    sn_certify_point_jet(out, x, al, la, 256);
}

static void test_derivatives(void **state)
{
    (void)state;
    arb_t al, la;
    arb_init(al); arb_init(la);
    arb_set_d(al, 1.9);
    arb_set_d(la, 1.1);
    gsl_rng *r = test_rng(31);
    const double h = 1e-7;
    for (int i = 0; i < 300; i++) {
        double m = 6 * gsl_rng_uniform(r) - 3, S = 0.05 + 5 * gsl_rng_uniform(r);
        double c[12], mp[12], mm[12], sp[12], sm[12];
        jet_at(c, m, S, al, la);
        jet_at(mp, m + h, S, al, la);
        jet_at(mm, m - h, S, al, la);
        jet_at(sp, m, S + h, al, la);
        jet_at(sm, m, S - h, al, la);
        /* first derivatives from the values, second from the first */
        const int val[4][3] = { { 2, 0, 'm' }, { 3, 0, 's' }, { 4, 1, 'm' }, { 5, 1, 's' } };
        for (int k = 0; k < 4; k++) {
            const double *p = val[k][2] == 'm' ? mp : sp, *q = val[k][2] == 'm' ? mm : sm;
            double fd = (p[val[k][1]] - q[val[k][1]]) / (2 * h);
            assert_true(scaled_error(c[val[k][0]], fd, 1.0) < 1e-6);
        }
        /* (index of second derivative, index of first derivative, direction) */
        const int sec[6][3] = { { 6, 2, 'm' }, { 7, 2, 's' }, { 8, 3, 's' },
                                { 9, 4, 'm' }, { 10, 4, 's' }, { 11, 5, 's' } };
        for (int k = 0; k < 6; k++) {
            const double *p = sec[k][2] == 'm' ? mp : sp, *q = sec[k][2] == 'm' ? mm : sm;
            double fd = (p[sec[k][1]] - q[sec[k][1]]) / (2 * h);
            if (!(scaled_error(c[sec[k][0]], fd, 1.0) < 1e-6))
                fail_msg("second derivative %d at m=%g S=%g: %.12g vs difference %.12g", k, m, S,
                         c[sec[k][0]], fd);
        }
        /* the mixed derivatives agree both ways: ∂S(∂m μ̃) = ∂m(∂S μ̃) */
        assert_true(scaled_error((sp[2] - sm[2]) / (2 * h), (mp[3] - mm[3]) / (2 * h), 1.0) < 1e-6);
    }
    gsl_rng_free(r);
    arb_clear(al); arb_clear(la);
}

/* Random boxes, every quantity, both senses: no sampled point beats the enclosure, and the
 * enclosure's lower end (for a max) is attained at its reported point. */
static void test_enclosures_are_sound(void **state)
{
    (void)state;
    arb_t al, la;
    arb_init(al); arb_init(la);
    sn_constants01_arb(al, la, 128);
    gsl_rng *r = test_rng(37);
    const sn_quantity qs[4] = { SN_Q_SPECTRAL_NORM, SN_Q_MEAN, SN_Q_VAR, SN_Q_VAR_INCREASE };
    for (int i = 0; i < 40; i++) {
        double lo[4], hi[4];
        const double base_lo[4] = { -1, -0.5, 0.1, 0.5 }, base_w[4] = { 2, 1, 3, 1 };
        char lo_s[4][40], hi_s[4][40];
        const char *lo_t[4], *hi_t[4];
        for (int k = 0; k < 4; k++) {
            double w = base_w[k] * (0.02 + 0.2 * gsl_rng_uniform(r));
            lo[k] = base_lo[k] + (base_w[k] - w) * gsl_rng_uniform(r);
            hi[k] = lo[k] + w;
            snprintf(lo_s[k], sizeof lo_s[k], "%.17g", lo[k]);
            snprintf(hi_s[k], sizeof hi_s[k], "%.17g", hi[k]);
            lo_t[k] = lo_s[k];
            hi_t[k] = hi_s[k];
        }
        for (int qi = 0; qi < 4; qi++)
            for (int sense = 0; sense < 2; sense++) {
                sn_objective o = { "q", qs[qi], sense ? SN_MAX : SN_MIN, SN_BELOW, 0, 0, NAN, NAN };
                sn_enclosure e;
                assert_int_equal(sn_certify_extreme(&e, &o, lo_t, hi_t, al, la, NULL, 1e-6, 3000, 128),
                                 GSL_SUCCESS);
                assert_true(e.lo <= e.hi);
                for (int s = 0; s < 100; s++) {
                    double x[4], v;
                    for (int k = 0; k < 4; k++) x[k] = lo[k] + (hi[k] - lo[k]) * gsl_rng_uniform(r);
                    assert_int_equal(sn_quantity_eval(&v, qs[qi], x, sn_selu_default()), GSL_SUCCESS);
                    /* the double evaluation (and the double α01, λ01) err by < 1e−12 */
                    if (sense) assert_true(v <= e.hi + 1e-12 * fmax(1, fabs(v)));
                    else assert_true(v >= e.lo - 1e-12 * fmax(1, fabs(v)));
                }
                double v;
                assert_int_equal(sn_quantity_eval(&v, qs[qi], e.at, sn_selu_default()), GSL_SUCCESS);
                if (sense) assert_true(v >= e.lo - 1e-12 * fmax(1, fabs(v)));
                else assert_true(v <= e.hi + 1e-12 * fmax(1, fabs(v)));
            }
    }
    gsl_rng_free(r);
    arb_clear(al); arb_clear(la);
}

static void test_theorems_certified(void **state)
{
    (void)state;
    arb_t al, la;
    arb_init(al); arb_init(la);
    sn_constants01_arb(al, la, 128);
    const char *lo[4][4] = { { "-0.1", "-0.1", "0.8", "0.95" }, { "-1", "-0.1", "3", "0.8" },
                             { "-0.1", "-0.1", "0.02", "0.8" }, { "-0.1", "-0.1", "0.02", "0.9" } };
    const char *hi[4][4] = { { "0.1", "0.1", "1.5", "1.1" }, { "1", "0.1", "16", "1.25" },
                             { "0.1", "0.1", "0.16", "1.25" }, { "0.1", "0.1", "0.24", "1.25" } };
    for (int t = 0; t < SN_NTHEOREMS; t++) {
        const sn_theorem *th = &SN_THEOREMS[t];
        for (size_t k = 0; k < th->nobjectives; k++) {
            sn_enclosure e;
            assert_int_equal(sn_certify_extreme(&e, &th->objectives[k], lo[t], hi[t], al, la, NULL,
                                                1e-4, 2000000, 128), GSL_SUCCESS);
            assert_true(e.complete && e.hi - e.lo <= 1e-4);
            assert_int_equal(sn_certified_verdict(&th->objectives[k], &e, lo[t], hi[t]), 1);
            /* the extremes shown to 6 digits in the authors' notebook
             * Calculations/SELU_calculations.nb (bioinf-jku/SNNs), within half a unit of
             * their last digit */
            double p = th->objectives[k].published;
            if (!isnan(p)) {
                double half = 0.5 * pow(10, floor(log10(fabs(p))) - 5);
                assert_true(p + half >= e.lo && p - half <= e.hi);
            }
        }
    }
    /* a false statement is certified false: theorem 3a with nu up to 1 */
    const char *hi3[4] = { "0.1", "0.1", "1.0", "1.25" };
    sn_enclosure e;
    assert_int_equal(sn_certify_extreme(&e, &SN_THEOREMS[2].objectives[0], lo[2], hi3, al, la, NULL,
                                        1e-4, 100000, 128), GSL_SUCCESS);
    assert_int_equal(sn_certified_verdict(&SN_THEOREMS[2].objectives[0], &e, lo[2], hi3), 0);
    /* bad boxes */
    const char *bad[4] = { "0.1", "0.1", "-1", "1" };
    assert_int_equal(sn_certify_extreme(&e, &SN_THEOREMS[2].objectives[0], lo[2], bad, al, la, NULL,
                                        1e-4, 100, 128), GSL_EDOM);
    arb_clear(al); arb_clear(la);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_derivatives),
        cmocka_unit_test(test_enclosures_are_sound),
        cmocka_unit_test(test_theorems_certified),
    };
    return cmocka_run_group_tests_name("certify", tests, NULL, NULL);
}
