/* test_train.c - the training module: every gradient against central differences (double),
 * batch normalization against a direct computation, and a seeded run that reproduces. */
#include <stdlib.h>
#include <string.h>
#include "testutil.h"

enum { INPUTS = 5, WIDTH = 4, CLASSES = 3, ROWS = 6, N = 10 };

typedef struct {
    float X[N * INPUTS];
    uint8_t y[N];
    size_t idx[ROWS];
} toy;

static void make_toy(toy *t, unsigned long seed)
{
    gsl_rng *r = test_rng(seed);
    for (int i = 0; i < N * INPUTS; i++) t->X[i] = (float)(2 * gsl_rng_uniform(r) - 1);
    for (int i = 0; i < N; i++) t->y[i] = (uint8_t)(i % CLASSES);
    for (int i = 0; i < ROWS; i++) t->idx[i] = (size_t)(i * 7 % N);
    gsl_rng_free(r);
}

static double loss_at(sn_net *net, const toy *t)
{
    double loss;
    assert_int_equal(sn_net_gradient(net, &loss, t->X, t->y, t->idx, ROWS, 7), GSL_SUCCESS);
    return loss;
}

/* Every parameter's gradient against (L(p + h) − L(p − h))/2h. The same step draws the same
 * dropout mask, so the loss is a smooth function of the parameters away from ReLU's kink;
 * with h = 1e−5 the central difference is accurate to about h²·|L'''| + ε/h ≈ 1e−10, and
 * 1e−7 (absolute, or relative to the gradient) leaves a margin of a thousand. */
static void check_gradients(sn_train_config c)
{
    c.use_double = 1;
    c.batch = ROWS;
    toy t;
    make_toy(&t, 3);
    sn_net *net;
    char err[128];
    assert_int_equal(sn_net_alloc(&net, &c, INPUTS, CLASSES, err, sizeof err), GSL_SUCCESS);
    /* move away from the initial point, where biases are 0 and γ = 1 */
    for (int l = 0; l <= c.depth; l++) {
        const char which[] = "bgB";
        for (int k = 0; k < 3; k++) {
            int rows, cols;
            double *p = sn_net_param(net, l, which[k], 0, &rows, &cols);
            for (int i = 0; p && i < rows * cols; i++) p[i] += 0.1 * sin(1.0 + i + 3 * l + k);
        }
    }
    loss_at(net, &t);
    int checked = 0;
    for (int l = 0; l <= c.depth; l++) {
        const char which[] = "WbgB";
        for (int k = 0; k < 4; k++) {
            int rows, cols;
            double *p = sn_net_param(net, l, which[k], 0, &rows, &cols);
            if (!p) continue;
            double *g0 = sn_net_param(net, l, which[k], 1, &rows, &cols);
            double *g = malloc((size_t)rows * cols * sizeof *g);
            loss_at(net, &t);
            memcpy(g, g0, (size_t)rows * cols * sizeof *g);
            for (int i = 0; i < rows * cols; i++) {
                double keep = p[i], h = 1e-5;
                p[i] = keep + h;
                double up = loss_at(net, &t);
                p[i] = keep - h;
                double down = loss_at(net, &t);
                p[i] = keep;
                double numeric = (up - down) / (2 * h);
                if (fabs(numeric - g[i]) > 1e-7 * fmax(1, fabs(g[i])))
                    fail_msg("layer %d %c[%d]: analytic %.12g, central difference %.12g", l,
                             which[k], i, g[i], numeric);
                checked++;
            }
            free(g);
        }
    }
    assert_true(checked > 50);
    sn_net_free(net);
}

static void test_gradients_selu(void **state)
{
    (void)state;
    check_gradients(sn_train_defaults(2, WIDTH));
}

static void test_gradients_relu_tanh_elu_linear(void **state)
{
    (void)state;
    /* and rows of the table the enum had no place for */
    const char *const acts[] = { "relu", "tanh", "elu", "linear", "gelu", "silu", "softplus" };
    for (size_t a = 0; a < sizeof acts / sizeof acts[0]; a++) {
        sn_train_config c = sn_train_defaults(2, WIDTH);
        assert_int_equal(sn_act_parse(&c.activation, acts[a], NULL, 0), GSL_SUCCESS);
        c.init = SN_INIT_HE;
        check_gradients(c);
    }
}

static void test_gradients_batchnorm(void **state)
{
    (void)state;
    sn_train_config c = sn_train_defaults(3, WIDTH);
    sn_act_parse(&c.activation, "relu", NULL, 0);
    c.normalization = SN_NORM_BATCH;
    check_gradients(c);
}

static void test_gradients_dropout(void **state)
{
    (void)state;
    sn_train_config c = sn_train_defaults(2, WIDTH);
    c.dropout = 0.3;          /* alpha dropout with a fixed mask */
    c.input_dropout = 0.2;
    check_gradients(c);
    sn_act_parse(&c.activation, "relu", NULL, 0);   /* standard dropout, and after batch normalization */
    c.normalization = SN_NORM_BATCH;
    check_gradients(c);
}

/* Batch normalization's forward pass against a direct computation: with γ, β set, each
 * column of the first layer's output is γ(x − mean)/√(var + 1e−3) + β of the activations. */
static void test_batchnorm_forward(void **state)
{
    (void)state;
    sn_train_config c = sn_train_defaults(1, WIDTH);
    c.use_double = 1;
    c.batch = ROWS;
    sn_act_parse(&c.activation, "linear", NULL, 0);
    c.normalization = SN_NORM_BATCH;
    toy t;
    make_toy(&t, 5);
    sn_net *net;
    assert_int_equal(sn_net_alloc(&net, &c, INPUTS, CLASSES, NULL, 0), GSL_SUCCESS);
    int rows, cols;
    double *gamma = sn_net_param(net, 0, 'g', 0, &rows, &cols);
    double *beta = sn_net_param(net, 0, 'B', 0, &rows, &cols);
    double *W = sn_net_param(net, 0, 'W', 0, &rows, &cols);
    for (int j = 0; j < WIDTH; j++) gamma[j] = 0.5 + j, beta[j] = -0.25 * j;
    double loss;
    assert_int_equal(sn_net_gradient(net, &loss, t.X, t.y, t.idx, ROWS, 1), GSL_SUCCESS);
    /* the probe reads the outputs at evaluation; in training mode compare through the
     * statistics the module keeps: recompute x = XW and normalize directly */
    double x[ROWS][WIDTH];
    for (int r = 0; r < ROWS; r++)
        for (int j = 0; j < WIDTH; j++) {
            x[r][j] = 0;
            for (int i = 0; i < INPUTS; i++) x[r][j] += (double)t.X[t.idx[r] * INPUTS + i] * W[i * WIDTH + j];
        }
    double *run_mean = sn_net_param(net, 0, 'm', 0, &rows, &cols);
    double *run_var = sn_net_param(net, 0, 'v', 0, &rows, &cols);
    for (int j = 0; j < WIDTH; j++) {
        double m = 0, v = 0;
        for (int r = 0; r < ROWS; r++) m += x[r][j] / ROWS;
        for (int r = 0; r < ROWS; r++) v += (x[r][j] - m) * (x[r][j] - m) / ROWS;
        /* running averages after the first step: the batch's (unbiased var), whatever the
         * initial (0, 1) */
        assert_float_equal(run_mean[j], m, 1e-15);
        assert_float_equal(run_var[j], v * ROWS / (ROWS - 1), 1e-14);
    }
    /* a second step on the same rows, with no update in between: the same statistics, so the
     * average of the two is unchanged, which a momentum against the initial (0, 1) would not be */
    assert_int_equal(sn_net_gradient(net, &loss, t.X, t.y, t.idx, ROWS, 2), GSL_SUCCESS);
    for (int j = 0; j < WIDTH; j++) {
        double m = 0;
        for (int r = 0; r < ROWS; r++) m += x[r][j] / ROWS;
        assert_float_equal(run_mean[j], m, 1e-14);
    }
    sn_net_free(net);
}

/* The same seed and thread count give the same weights after training, bit for bit. */
static void test_reproducible(void **state)
{
    (void)state;
    toy t;
    make_toy(&t, 9);
    float w[2][INPUTS * WIDTH];
    for (int run = 0; run < 2; run++) {
        sn_train_config c = sn_train_defaults(2, WIDTH);
        c.batch = ROWS;
        c.dropout = 0.1;
        sn_net *net;
        assert_int_equal(sn_net_alloc(&net, &c, INPUTS, CLASSES, NULL, 0), GSL_SUCCESS);
        for (int step = 0; step < 20; step++) {
            double loss;
            assert_int_equal(sn_net_gradient(net, &loss, t.X, t.y, t.idx, ROWS, (uint64_t)step), GSL_SUCCESS);
            sn_net_update(net);
        }
        int rows, cols;
        memcpy(w[run], sn_net_param(net, 0, 'W', 0, &rows, &cols), sizeof w[run]);
        sn_net_free(net);
    }
    assert_memory_equal(w[0], w[1], sizeof w[0]);
}

/* Training lowers the loss; evaluation and the probe run. */
static void test_training_learns(void **state)
{
    (void)state;
    toy t;
    make_toy(&t, 11);
    sn_train_config c = sn_train_defaults(2, 16);
    c.batch = ROWS;
    c.learning_rate = 0.1;
    sn_net *net;
    assert_int_equal(sn_net_alloc(&net, &c, INPUTS, CLASSES, NULL, 0), GSL_SUCCESS);
    double before, after, acc;
    assert_int_equal(sn_net_evaluate(net, &before, &acc, t.X, t.y, N), GSL_SUCCESS);
    size_t all[N];
    for (int i = 0; i < N; i++) all[i] = (size_t)i;
    for (int step = 0; step < 300; step++) {
        double loss;
        assert_int_equal(sn_net_gradient(net, &loss, t.X, t.y, all + (step % 2) * 4, ROWS, (uint64_t)step), GSL_SUCCESS);
        sn_net_update(net);
    }
    assert_int_equal(sn_net_evaluate(net, &after, &acc, t.X, t.y, N), GSL_SUCCESS);
    assert_true(after < 0.5 * before);
    sn_layer_stats st[2];
    assert_int_equal(sn_net_probe(net, st, t.X, all, N), GSL_SUCCESS);
    assert_int_equal(st[1].layer, 2);
    assert_true(st[0].var > 0 && st[0].in_var > 0 && st[0].grad_norm > 0);
    assert_true(st[0].in_theorem1_box >= 0 && st[0].in_theorem1_box <= 1);
    sn_net_free(net);
}

static void test_invalid(void **state)
{
    (void)state;
    sn_net *net;
    char err[128] = "";
    sn_train_config c = sn_train_defaults(2, 4);
    c.learning_rate = -1;
    assert_int_equal(sn_net_alloc(&net, &c, 5, 3, err, sizeof err), GSL_EDOM);
    assert_non_null(strstr(err, "learning rate"));
    c = sn_train_defaults(0, 4);
    assert_int_equal(sn_net_alloc(&net, &c, 5, 3, err, sizeof err), GSL_EDOM);
    c = sn_train_defaults(2, 100000);
    c.batch = 100000;
    assert_int_equal(sn_net_alloc(&net, &c, 100000, 3, err, sizeof err), GSL_ENOMEM);
    c = sn_train_defaults(2, 4);
    assert_int_equal(sn_net_alloc(&net, &c, 5, 1, err, sizeof err), GSL_EDOM);
    c.dropout = 1;
    assert_int_equal(sn_net_alloc(&net, &c, 5, 3, err, sizeof err), GSL_EDOM);
    /* a label beyond the classes */
    c = sn_train_defaults(1, 4);
    c.batch = 2;
    assert_int_equal(sn_net_alloc(&net, &c, 1, 2, err, sizeof err), GSL_SUCCESS);
    float X[2] = { 1, 2 };
    uint8_t y[2] = { 0, 5 };
    size_t idx[2] = { 0, 1 };
    double loss;
    assert_int_equal(sn_net_gradient(net, &loss, X, y, idx, 2, 0), GSL_EDOM);
    assert_int_equal(sn_net_gradient(net, &loss, X, y, idx, 3, 0), GSL_EDOM);
    sn_net_free(net);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gradients_selu),
        cmocka_unit_test(test_gradients_relu_tanh_elu_linear),
        cmocka_unit_test(test_gradients_batchnorm),
        cmocka_unit_test(test_gradients_dropout),
        cmocka_unit_test(test_batchnorm_forward),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_training_learns),
        cmocka_unit_test(test_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
