/* test_lib.c - the library's entry points for C, C++ and Python users: status codes and
 * messages, double-precision constants against MPFR at 256 bits, proven digits against the
 * published ones, the strided array path against the pointwise one, struct sizes, sn_verify. */
#include <stdlib.h>
#include <string.h>
#include "testutil.h"

static void test_strerror(void **state)
{
    (void)state;
    /* GSL's own messages for GSL's codes, selfnorm's for its own */
    assert_string_equal(sn_strerror(SN_EDOM), gsl_strerror(GSL_EDOM));
    assert_string_equal(sn_strerror(SN_SUCCESS), gsl_strerror(GSL_SUCCESS));
    assert_string_equal(sn_strerror(SN_EOF), gsl_strerror(GSL_EOF));
    assert_non_null(strstr(sn_strerror(SN_ENOSOLUTION), "no alpha"));
    assert_non_null(strstr(sn_strerror(SN_EUNDECIDED), "undecided"));
    assert_string_equal(sn_strerror(12345), "unknown status");
    assert_string_equal(sn_strerror(-7), "unknown status");
}

/* sn_constants_d is the double nearest the exact value: MPFR at 256 bits, rounded to double */
static void test_constants_d(void **state)
{
    (void)state;
    const double targets[][4] = { { 0, 1, 0, 1 }, { -0.1, 2, 1, 1 }, { 0, 2, 0, 1 },
                                  { 0.05, 1.2, -0.1, 1.05 }, { -1, 1, 1, 1 } };
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        const double *t = targets[i];
        double alpha, lambda;
        assert_int_equal(sn_constants_d(&alpha, &lambda, t[0], t[1], t[2], t[3]), SN_SUCCESS);
        mpfr_t in[4], a, l;
        for (int k = 0; k < 4; k++) mpfr_init2(in[k], 53), mpfr_set_d(in[k], t[k], MPFR_RNDN);
        mpfr_init2(a, REF_PREC);
        mpfr_init2(l, REF_PREC);
        assert_int_equal(sn_constants_mpfr(a, l, in[0], in[1], in[2], in[3]), SN_SUCCESS);
        assert_true(alpha == mpfr_get_d(a, MPFR_RNDN));
        assert_true(lambda == mpfr_get_d(l, MPFR_RNDN));
        for (int k = 0; k < 4; k++) mpfr_clear(in[k]);
        mpfr_clear(a);
        mpfr_clear(l);
    }
    double alpha, lambda;
    /* (0, 1) gives the correctly rounded α01, λ01 of selu.h */
    assert_int_equal(sn_constants_d(&alpha, &lambda, 0, 1, 0, 1), SN_SUCCESS);
    assert_true(alpha == SN_ALPHA01 && lambda == SN_LAMBDA01);
    assert_int_equal(sn_constants_d(&alpha, &lambda, 0, 0, 0, 1), SN_EDOM);
    assert_int_equal(sn_constants_d(&alpha, &lambda, 0, 1, 0, -1), SN_EDOM);
    assert_int_equal(sn_constants_d(&alpha, &lambda, NAN, 1, 0, 1), SN_EDOM);
    assert_int_equal(sn_constants_d(&alpha, &lambda, 0, INFINITY, 0, 1), SN_EDOM);
    assert_int_equal(sn_constants_d(&alpha, &lambda, 1, 0.5, 0, 1), SN_ENOSOLUTION);
}

static void test_constants_digits(void **state)
{
    (void)state;
    char *alpha[2], *lambda[2];
    int count;
    const char *const t01[4] = { "0", "1", "0", "1" };
    assert_int_equal(sn_constants_digits(alpha, lambda, &count, t01, 32), SN_SUCCESS);
    assert_int_equal(count, 1);
    /* bioinf-jku/SNNs selu.py, 32 significant digits */
    assert_string_equal(alpha[0], "1.6732632423543772848170429916717");
    assert_string_equal(lambda[0], "1.0507009873554804934193349852946");
    assert_null(alpha[1]);
    free(alpha[0]);
    free(lambda[0]);
    /* the paper's appendix A5: α02 = 1.97126, λ02 = 1.06071 */
    const char *const t02[4] = { "0", "2", "0", "1" };
    assert_int_equal(sn_constants_digits(alpha, lambda, &count, t02, 6), SN_SUCCESS);
    assert_string_equal(alpha[0], "1.97126");
    assert_string_equal(lambda[0], "1.06071");
    free(alpha[0]);
    free(lambda[0]);
    const char *const bad[][4] = { { "x", "1", "0", "1" }, { "0", "nan", "0", "1" },
                                   { "0", "inf", "0", "1" }, { "0", "1", "0", "" } };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(sn_constants_digits(alpha, lambda, &count, bad[i], 10), SN_EINVAL);
        assert_int_equal(count, 0);
    }
    const char *const negative[4] = { "0", "-1", "0", "1" };
    assert_int_equal(sn_constants_digits(alpha, lambda, &count, negative, 10), SN_EDOM);
    assert_int_equal(sn_constants_digits(alpha, lambda, &count, t01, 0), SN_EDOM);
    assert_int_equal(sn_constants_digits(alpha, lambda, &count, t01, SN_DIGITS_MAX + 1), SN_EDOM);
    const char *const none[4] = { "1", "0.5", "0", "1" };
    assert_int_equal(sn_constants_digits(alpha, lambda, &count, none, 10), SN_ENOSOLUTION);
}

/* the strided path (broadcast ω, τ with stride 0) equals sn_map_array and sn_map_jacobian */
static void test_map_strided(void **state)
{
    (void)state;
    enum { N = 1003 };   /* not a multiple of the span or the vector width */
    static double mu[N], nu[N], m1[N], v1[N], m2[N], v2[N], h[4 * N], norm[N];
    static sn_point x[N];
    const double omega = 0.07, tau = 1.04;
    gsl_rng *r = test_rng(5);
    for (int i = 0; i < N; i++) {
        mu[i] = -1 + 2 * gsl_rng_uniform(r);
        nu[i] = 0.5 + 2 * gsl_rng_uniform(r);
        x[i] = (sn_point){ mu[i], omega, nu[i], tau };
    }
    gsl_rng_free(r);
    const double *const in[4] = { mu, &omega, nu, &tau };
    const size_t stride[4] = { 1, 0, 1, 0 };
    size_t bad = 99;
    sn_selu p = sn_selu_default();
    assert_int_equal(sn_map_array(m1, v1, x, N, p, NULL), SN_SUCCESS);
    assert_int_equal(sn_map_strided(m2, v2, h, norm, in, stride, N, p, &bad), SN_SUCCESS);
    assert_int_equal(bad, N);
    for (int i = 0; i < N; i++) {
        assert_true(m1[i] == m2[i] && v1[i] == v2[i]);   /* the same kernel, the same lanes */
        sn_jacobian jac;
        assert_int_equal(sn_map_jacobian(&jac, x[i], p), SN_SUCCESS);
        for (int k = 0; k < 4; k++)
            assert_true(fabs(h[4 * i + k] - jac.h[k / 2][k % 2]) <= 1e-12 * fmax(1, fabs(jac.h[k / 2][k % 2])));
        assert_true(fabs(norm[i] - jac.spectral_norm) <= 1e-12 * jac.spectral_norm);
    }
    /* the jacobian-only array form agrees with the strided one */
    static double h2[4 * N], norm2[N];
    assert_int_equal(sn_map_jacobian_array(h2, norm2, x, N, p, NULL), SN_SUCCESS);
    assert_memory_equal(h, h2, sizeof h);
    /* a bad point: its status and index, NaN there, the others computed */
    nu[500] = -1;
    assert_int_equal(sn_map_strided(m2, v2, h, NULL, in, stride, N, p, &bad), SN_EDOM);
    assert_int_equal(bad, 500);
    assert_true(isnan(m2[500]) && isnan(h[4 * 500]) && m2[501] == m1[501]);
    mu[7] = NAN;
    assert_int_equal(sn_map_strided(NULL, NULL, NULL, norm, in, stride, N, p, &bad), SN_EDOM);
    assert_int_equal(bad, 7);
    assert_true(isnan(norm[7]) && isnan(norm[500]) && !isnan(norm[8]));
    assert_int_equal(sn_map_strided(NULL, v2, NULL, NULL, in, stride, 0, p, &bad), SN_SUCCESS);
    assert_int_equal(bad, 0);
}

static void test_struct_sizes(void **state)
{
    (void)state;
    assert_int_equal(sn_struct_size("sn_point"), sizeof(sn_point));
    assert_int_equal(sn_struct_size("sn_mlp_layer"), sizeof(sn_mlp_layer));
    assert_int_equal(sn_struct_size("sn_verify_result"), sizeof(sn_verify_result));
    assert_int_equal(sn_struct_size("sn_nothing"), 0);
    assert_int_equal(sn_struct_size(NULL), 0);
    assert_string_equal(sn_version(), SELFNORM_VERSION);
}

static void test_verify(void **state)
{
    (void)state;
    sn_verify_result out[SN_VERIFY_MAX];
    size_t n = 99;
    assert_int_equal(sn_statement_count(), SN_NTHEOREMS);
    assert_string_equal(sn_statement_name(0), SN_THEOREMS[0].name);
    assert_null(sn_statement_name(SN_NTHEOREMS));
    assert_int_equal(sn_verify(out, &n, "nonsense", 0, 40, 1e-4, 1000), SN_EINVAL);
    assert_int_equal(n, 0);
    assert_int_equal(sn_verify(out, &n, "theorem1", 0, 1, 1e-4, 1000), SN_EDOM);
    assert_int_equal(sn_verify(out, &n, "theorem1", 1, 40, 0, 1000), SN_EDOM);
    assert_int_equal(sn_verify(out, &n, "theorem2", 1, 20, 1e-4, 2000000), SN_SUCCESS);
    assert_int_equal(n, 1);
    /* SELU_calculations.nb (bioinf-jku/SNNs): max(ν̃ − ν) over Theorem 2's box = −0.119744 */
    assert_string_equal(out[0].key, "max_var_increase");
    assert_true(out[0].holds && out[0].rigorous && out[0].certified == 1);
    assert_true(out[0].lo <= out[0].hi && out[0].hi - out[0].lo <= 1e-4);
    assert_true(out[0].lo <= -0.1197435 && out[0].hi >= -0.1197445);
    assert_non_null(strstr(out[0].condition, "< 0"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strerror),       cmocka_unit_test(test_constants_d),
        cmocka_unit_test(test_constants_digits), cmocka_unit_test(test_map_strided),
        cmocka_unit_test(test_struct_sizes),   cmocka_unit_test(test_verify),
    };
    return cmocka_run_group_tests_name("lib", tests, NULL, NULL);
}
