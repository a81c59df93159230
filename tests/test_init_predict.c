/* test_init_predict.c - sn_init_predict (init.h), the what-if in one call, against what it
 * must equal by definition but computed another way: the PyTorch and Keras gains (torch.nn.init
 * and Keras documentation), the SELU closed form of moments.h applied to the mixture
 * z ~ N(μ E ω, μ² Var ω + ν E τ) layer by layer, the ReLU layer map ν' = τν/2 in closed form,
 * and the fixed point solver of activation.h. */
#include "testutil.h"
#include <string.h>
#include "selfnorm/init.h"

static sn_init_spec spec_of(const char *name, long fan)
{
    sn_init_spec s = sn_init_spec_default();
    s.name = name;
    s.fan_in = s.fan_out = fan;
    return s;
}

/* PyTorch kaiming_normal(nonlinearity='selu'): calculate_gain('selu') = 3/4 (torch.nn.init),
 * std = gain/√fan_in, so E τ = 9/16; each predicted layer is the SELU map of the mixture. */
static void test_pytorch_selu_layers_are_the_selu_map(void **state)
{
    (void)state;
    sn_init_spec s = spec_of("kaiming_normal", 256);
    s.nonlinearity = "selu";
    sn_act act = sn_act_selu(SN_ALPHA01, SN_LAMBDA01);
    sn_layer_out L[41];
    sn_init_prediction r;
    char err[200];
    assert_int_equal(sn_init_predict(&r, L, &s, &act, 256, 40, 0, 1, 0, err, sizeof err),
                     GSL_SUCCESS);
    assert_true(r.gain == 0.75 && r.mode == SN_FAN_IN && r.weights.dist == SN_WEIGHTS_NORMAL);
    assert_true(fabs(r.units.tau_mean - 9.0 / 16) <= 4e-16 && r.units.omega_mean == 0);
    assert_int_equal(r.layers_done, 41);
    double chi = 1;
    for (int l = 0; l < 40; l++) {
        sn_moments g;
        double s2 = L[l].mu * L[l].mu * r.units.omega_sd * r.units.omega_sd
                  + L[l].nu * r.units.tau_mean;
        assert_int_equal(sn_map(&g, (sn_point){ 0, 0, s2, 1 }, sn_selu_default()), GSL_SUCCESS);
        /* two code paths of the same closed form: within the map's accuracy (moments.h) */
        assert_true(fabs(L[l + 1].mu - g.mu_new) <= 1e-13 && fabs(L[l + 1].nu - g.nu_new) <= 1e-12 * g.nu_new);
        chi *= L[l + 1].chi;
    }
    assert_true(fabs(r.chi_depth - chi) <= 1e-13 * chi);
    assert_int_equal(r.verdict.kind, SN_PROP_NORMALIZING);
    assert_true(r.verdict.nu > 0.035 && r.verdict.nu < 0.045);
    /* the typical unit's fixed point is a fixed point of g at (0, 9/16) */
    assert_true(r.typical_found);
    sn_moments g;
    assert_int_equal(sn_map(&g, (sn_point){ r.typical.mu, 0, r.typical.nu, r.units.tau_mean },
                            sn_selu_default()), GSL_SUCCESS);
    assert_true(fabs(g.mu_new - r.typical.mu) <= 1e-12 && fabs(g.nu_new - r.typical.nu) <= 1e-12);
    assert_int_equal(r.mean_field_status, GSL_SUCCESS);
}

/* Keras lecun_normal: the fixed point (0, 1) and τ = 1 (truncation rescaled exactly). */
static void test_keras_lecun_normal(void **state)
{
    (void)state;
    sn_init_spec s = spec_of("lecun_normal", 512);
    sn_act act = sn_act_selu(SN_ALPHA01, SN_LAMBDA01);
    sn_init_prediction r;
    assert_int_equal(sn_init_predict(&r, NULL, &s, &act, 512, 10, 0, 1, 0, NULL, 0), GSL_SUCCESS);
    assert_true(r.weights.dist == SN_WEIGHTS_TRUNCATED && r.weights.cut == 2);
    assert_true(fabs(r.units.tau_mean - 1) <= 1e-14 && isnan(r.chi_depth));
    assert_int_equal(r.verdict.kind, SN_PROP_NORMALIZING);
    assert_true(fabs(r.verdict.nu - 1) <= 1e-9 && fabs(r.verdict.mu) <= 1e-9);
    assert_true(r.typical_found && r.typical.stability.attracting == SN_VERDICT_YES);
}

/* ReLU under N(0, 0.01²) with fan_in 100: ν' = E max(z, 0)² − (E max(z, 0))² with z ~ N(0, τν),
 * τ = 0.01, i.e. ν' = τν(1/2 − 1/(2π)), a factor ~0.0034 per layer: ν leaves the doubles after
 * ~125 layers; the prediction stops there (NaN after), the verdict is a collapse. */
static void test_relu_collapse_stops_the_prediction(void **state)
{
    (void)state;
    sn_init_spec s = spec_of("normal", 100);
    s.std = 0.01;
    sn_act act;
    assert_int_equal(sn_act_parse(&act, "relu", NULL, 0), GSL_SUCCESS);
    static sn_layer_out L[301];
    sn_init_prediction r;
    assert_int_equal(sn_init_predict(&r, L, &s, &act, 100, 300, 0, 1, 0, NULL, 0), GSL_SUCCESS);
    double tau = 100 * 0.01 * 0.01, factor = tau * (0.5 - 1 / (2 * M_PI));
    assert_true(fabs(L[1].nu - factor) <= 1e-13 * factor);
    assert_true(r.layers_done > 100 && r.layers_done < 301);
    for (size_t l = 0; l < 301; l++) assert_true((l < r.layers_done) == !isnan(L[l].nu));
    assert_int_equal(r.stop_status, GSL_EUNDRFLW);
    double chi = 1;   /* over the layers predicted */
    for (size_t l = 1; l < r.layers_done; l++) chi *= L[l].chi;
    assert_true(r.chi_depth == chi);
    assert_int_equal(r.verdict.kind, SN_PROP_COLLAPSE);
    assert_false(r.typical_found);
}

static void test_bad_input(void **state)
{
    (void)state;
    sn_init_spec s = spec_of("lecun_normal", 64);
    sn_act act = sn_act_selu(SN_ALPHA01, SN_LAMBDA01);
    sn_init_prediction r;
    char err[200];
    assert_int_equal(sn_init_predict(NULL, NULL, &s, &act, 64, 4, 0, 1, 0, NULL, 0), GSL_EINVAL);
    assert_int_equal(sn_init_predict(&r, NULL, &s, &act, 0, 4, 0, 1, 0, NULL, 0), GSL_EDOM);
    assert_int_equal(sn_init_predict(&r, NULL, &s, &act, 64, 0, 0, 1, 0, NULL, 0), GSL_EDOM);
    assert_int_equal(sn_init_predict(&r, NULL, &s, &act, 64, 4, NAN, 1, 0, NULL, 0), GSL_EDOM);
    assert_int_equal(sn_init_predict(&r, NULL, &s, &act, 64, 4, 0, 0, 0, NULL, 0), GSL_EDOM);
    assert_int_equal(sn_init_predict(&r, NULL, &s, &act, 64, 4, 0, 1e-310, 0, NULL, 0), GSL_EDOM);
    assert_int_equal(sn_init_predict(&r, NULL, &s, &act, 64, 4, 0, 1, 1, NULL, 0), GSL_EDOM);
    sn_init_spec bad = spec_of("kaiming_normall", 64);
    assert_int_not_equal(sn_init_predict(&r, NULL, &bad, &act, 64, 4, 0, 1, 0, err, sizeof err),
                         GSL_SUCCESS);
    assert_true(strlen(err) > 0);
    sn_act wrong = sn_act_selu(-1, 1);
    assert_int_not_equal(sn_init_predict(&r, NULL, &s, &wrong, 64, 4, 0, 1, 0, err, sizeof err),
                         GSL_SUCCESS);
    assert_true(strlen(err) > 0);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pytorch_selu_layers_are_the_selu_map),
        cmocka_unit_test(test_keras_lecun_normal),
        cmocka_unit_test(test_relu_collapse_stops_the_prediction),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests_name("init_predict", tests, NULL, NULL);
}
