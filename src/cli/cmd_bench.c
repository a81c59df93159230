/* cmd_bench.c - `selfnorm bench`: throughput of the library's hot paths. Speed is measured
 * here, never in the tests. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <omp.h>
#include <gsl/gsl_rng.h>
#include "cli.h"

#define MAX_POINTS 100000000L

const cli_command CMD_BENCH = {
    .name = "bench",
    .synopsis = "map [--activation NAME[:PARAMS]] [--points N] [--repeat R] [--threads T] [--seed S] [--json]\n"
                "       selfnorm bench constants [--digits N] [--repeat R] [--json]\n"
                "       selfnorm bench verify [--grid N] [--repeat R] [--json]\n"
                "       selfnorm bench gemm|mlp [--depth D --width N --batch B] [--dtype T]\n"
                "       selfnorm bench train [--steps N] [--depth D --width N --batch B] [--dtype T] [--data DIR]",
    .brief = "measure throughput: the moment map, proven constants, the theorem check, the MLP",
    .summary = "Benchmarks. 'map': the closed-form moment map over N random points of the\n"
               "Theorem 1 domain (mu, omega in [-0.1, 0.1], nu in [0.8, 1.5], tau in [0.95, 1.1]),\n"
               "best of R runs, on T threads (default: all cores); with --activation, the map of\n"
               "that row of the table (quadrature rows: 200000 points by default). 'constants': alpha01 and\n"
               "lambda01 to N proven digits (default 10000), decimal strings included.\n"
               "'verify': the numeric check of the four main theorems on a grid of N^4 points each\n"
               "(default 40), refinement included. 'mlp': GFLOP/s of the MLP's forward pass with\n"
               "statistics (default depth 20, width 1024, batch 512, float); 'gemm': the same\n"
               "chain of OpenBLAS products alone. 'train': SGD steps of Figure 1's depth-8 SNN\n"
               "(width 784, batch 128) on Fashion-MNIST, one epoch by default, in GFLOP/s of its\n"
               "GEMMs, beside the same GEMMs alone (analysis/bench_train_torch.py: PyTorch's).",
    .details = "Prints evals_per_second for map, seconds for constants (best run).\n",
    .run = cmd_bench,
};

static void theorem1_points(sn_point *x, long n, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    for (long i = 0; i < n; i++)
        x[i] = (sn_point){ .mu = -0.1 + 0.2 * gsl_rng_uniform(r),
                           .omega = -0.1 + 0.2 * gsl_rng_uniform(r),
                           .nu = 0.8 + 0.7 * gsl_rng_uniform(r),
                           .tau = 0.95 + 0.15 * gsl_rng_uniform(r) };
    gsl_rng_free(r);
}

/* --json, with the options to echo under "input" (by name, defaults filled in) */
typedef struct {
    int on;
    const cli_opt *opts;
    size_t nopts;
} bench_json;

static void json_input(json_writer *w, const bench_json *j, const char *benchmark, const char *names)
{
    json_string(w, "benchmark", benchmark);
    json_open(w, "input", '{');
    for (size_t i = 0; i < j->nopts; i++) {
        const cli_opt *o = &j->opts[i];
        size_t n = strlen(o->name);
        const char *p = strstr(names, o->name);
        if (!p || (p != names && p[-1] != ' ') || (p[n] != ' ' && p[n] != '\0')) continue;
        if (!strcmp(o->name, "threads")) json_integer(w, "threads", omp_get_max_threads());
        else if (o->kind == OPT_LONG) json_integer(w, o->name, *(long *)o->dest);
        else if (o->kind == OPT_STRING) json_string(w, o->name, *(const char **)o->dest);
    }
    json_close(w, '}');
}

static int bench_map(long n, long repeat, const bench_json *json, unsigned long seed,
                     const sn_act *act)
{
    sn_point *x = malloc((size_t)n * sizeof *x);
    double *mu_new = malloc((size_t)n * sizeof *mu_new), *nu_new = malloc((size_t)n * sizeof *nu_new);
    if (!x || !mu_new || !nu_new) {
        free(x); free(mu_new); free(nu_new);
        return cli_usage_error("bench", "out of memory for %ld points", n);
    }
    theorem1_points(x, n, seed);
    double best = 1e300, checksum = 0;
    int status = GSL_SUCCESS;
    for (long r = 0; r < repeat; r++) {
        double t0 = cli_now();
        status = sn_map_array_act(mu_new, nu_new, x, (size_t)n, act, NULL);
        double dt = cli_now() - t0;
        if (dt < best) best = dt;
    }
    for (long i = 0; i < n; i++) checksum += nu_new[i];
    free(x); free(mu_new); free(nu_new);
    if (status) return cli_status_exit("bench", status);
    double rate = (double)n / best;
    int threads = omp_get_max_threads();
    if (json->on) {
        json_writer w;
        json_begin(&w, stdout);
        json_input(&w, json, "map", "activation points repeat threads seed");
        json_number(&w, "seconds", best);
        json_number(&w, "evals_per_second", rate);
        json_number(&w, "mean_nu_new", checksum / (double)n);
        json_end(&w);
    } else {
        char spec[160];
        sn_act_format(spec, sizeof spec, act);
        printf("map (%s): %ld points on %d threads in %.4f s: %.3g evals/s\n", spec, n, threads,
               best, rate);
    }
    return EXIT_OK;
}

static int bench_verify(long grid, long repeat, const bench_json *json)
{
    double best = 1e300;
    for (long r = 0; r < repeat; r++) {
        double t0 = cli_now();
        /* the paper's four main theorems, as in earlier measurements */
        static const char *const MAIN[4] = { "theorem1", "theorem2", "theorem3a", "theorem3b" };
        for (int k = 0; k < 4; k++) {
            const sn_theorem *th = sn_theorem_find(MAIN[k]);
            sn_extreme e[SN_MAX_OBJECTIVES];
            sn_domain d;
            sn_box box;
            sn_theorem_domain(&d, th);
            sn_domain_box(&box, &d);
            int status = sn_box_extremes(e, th->objectives, th->nobjectives, &box,
                                         sn_selu_default(), (int)grid);
            if (status) return cli_status_exit("bench", status);
        }
        double dt = cli_now() - t0;
        if (dt < best) best = dt;
    }
    double points = 4.0 * (double)grid * (double)grid * (double)grid * (double)grid;
    if (json->on) {
        json_writer w;
        json_begin(&w, stdout);
        json_input(&w, json, "verify", "grid repeat");
        json_number(&w, "points", points);
        json_number(&w, "seconds", best);
        json_number(&w, "points_per_second", points / best);
        json_end(&w);
    } else {
        printf("verify: 4 theorems x %ld^4 points in %.4f s (%.3g points/s)\n", grid, best,
               points / best);
    }
    return EXIT_OK;
}

static int bench_mlp(const char *which, long depth, long width, long batch, int use_double,
                     long repeat, const bench_json *json)
{
    sn_mlp_config c = sn_mlp_defaults((int)depth, (int)width, (int)batch);
    c.use_double = use_double;
    double fwd, gemm;
    int status = sn_mlp_bench(&fwd, &gemm, &c, (int)repeat);
    if (status == GSL_ENOMEM) return cli_usage_error("bench", "these sizes do not fit in memory");
    if (status) return cli_usage_error("bench", "invalid sizes");
    int is_mlp = strcmp(which, "mlp") == 0;
    if (json->on) {
        json_writer w;
        json_begin(&w, stdout);
        json_input(&w, json, which, "depth width batch dtype repeat");
        json_number(&w, "gflops", is_mlp ? fwd : gemm);
        if (is_mlp) {
            json_number(&w, "gemm_gflops", gemm);
            json_number(&w, "fraction_of_gemm", fwd / gemm);
        }
        json_end(&w);
    } else if (is_mlp) {
        printf("mlp forward with statistics: %.1f GFLOP/s (%.0f%% of the same GEMMs alone, %.1f GFLOP/s)\n",
               fwd, 100 * fwd / gemm, gemm);
    } else {
        printf("gemm %ldx%ldx%ld (%s): %.1f GFLOP/s\n", batch, width, width,
               use_double ? "double" : "float", gemm);
    }
    return EXIT_OK;
}

static int bench_constants(long digits, long repeat, const bench_json *json)
{
    target t;
    const char *const text[4] = { "0", "1", "0", "1" };
    target_init(&t);
    target_parse(&t, "bench", text);
    double best = 1e300;
    int status = GSL_SUCCESS;
    for (long r = 0; r < repeat; r++) {
        char *out[4] = { NULL, NULL, NULL, NULL };
        size_t n = 0;
        double t0 = cli_now();
        int ok = prove_digits(out, 4, &n, target_solve, &t, digits, &status);
        double dt = cli_now() - t0;
        for (size_t i = 0; i < n; i++) free(out[i]);
        if (!ok) break;
        if (dt < best) best = dt;
    }
    target_clear(&t);
    if (status) return cli_status_exit("bench", status);
    if (json->on) {
        json_writer w;
        json_begin(&w, stdout);
        json_input(&w, json, "constants", "digits repeat");
        json_number(&w, "seconds", best);
        json_end(&w);
    } else {
        printf("constants: alpha01 and lambda01 to %ld proven digits in %.4f s\n", digits, best);
    }
    return EXIT_OK;
}

/* One epoch (or --steps steps) of training the depth-8 SNN of Figure 1 on Fashion-MNIST,
 * against the same chain of GEMMs alone; analysis/bench_train_torch.py is the PyTorch peer. */
static int bench_train(long depth, long width, long batch, int use_double, long steps,
                       const char *data, const bench_json *json)
{
    sn_dataset train = { 0 }, test = { 0 };
    sn_standardizer s = { 0 };
    int rc = cli_load_dataset(&train, &test, &s, data, 0, "bench");
    sn_net *net = NULL;
    char err[256];
    sn_train_config c = sn_train_defaults((int)depth, width ? (int)width : (int)train.dim);
    c.batch = (int)batch;
    c.use_double = use_double;
    if (!rc && (size_t)batch > train.n)
        rc = cli_usage_error("bench", "--batch %ld is larger than the %zu training examples", batch,
                             train.n);
    if (!rc && sn_net_alloc(&net, &c, (int)train.dim, train.classes, err, sizeof err))
        rc = cli_usage_error("bench", "%s", err);
    if (!steps && !rc) steps = (long)(train.n / (size_t)batch);
    double tg = 0, gg = 0, sec = 0;
    int st = rc ? GSL_SUCCESS : sn_net_bench(&tg, &gg, &sec, net, train.x, train.y, train.n, steps);
    if (!rc && st) rc = cli_usage_error("bench", "training failed (%s)", cli_status_text(st));
    if (!rc && json->on) {
        json_writer w;
        json_begin(&w, stdout);
        /* the effective settings (train's defaults are not mlp's) */
        json_string(&w, "benchmark", "train");
        json_open(&w, "input", '{');
        json_integer(&w, "depth", depth);
        json_integer(&w, "width", c.width);
        json_integer(&w, "batch", batch);
        json_string(&w, "dtype", use_double ? "double" : "float");
        json_integer(&w, "steps", steps);
        json_integer(&w, "threads", omp_get_max_threads());
        json_close(&w, '}');
        json_number(&w, "seconds", sec);
        json_number(&w, "gflops", tg);
        json_number(&w, "gemm_gflops", gg);
        json_number(&w, "fraction_of_gemm", tg / gg);
        json_end(&w);
    } else if (!rc) {
        printf("train: %ld SGD steps (depth %ld, width %d, batch %ld) in %.2f s: %.1f GFLOP/s "
               "(%.0f%% of the same GEMMs alone, %.1f GFLOP/s)\n", steps, depth, c.width, batch, sec,
               tg, 100 * tg / gg, gg);
    }
    sn_net_free(net);
    sn_dataset_free(&train), sn_dataset_free(&test), sn_standardizer_free(&s);
    return rc;
}

int cmd_bench(int argc, char **argv)
{
    long points = 4000000, repeat = 5, threads = 0, seed = 1, digits = 10000, grid = 40;
    long depth = 20, width = 1024, batch = 512, steps = 0;
    const char *data = CLI_DEFAULT_DATA;
    const char *precision = "float";
    int json_flag = 0;
    const char *activation = "selu";
    cli_opt opts[] = {
        { "activation", OPT_STRING, &activation, "NAME[:PARAMS]", "for 'map': " ACTIVATION_HELP, 0, 0 },
        { "points", OPT_LONG, &points, "N", "number of points (default 4000000)", 0, 0 },
        { "repeat", OPT_LONG, &repeat, "R", "runs, the best is reported (default 5)", 0, 0 },
        { "threads", OPT_LONG, &threads, "T", "OpenMP threads (default: all cores)", 0, 0 },
        { "seed", OPT_LONG, &seed, "S", "random seed (default 1)", 0, 0 },
        { "digits", OPT_LONG, &digits, "N", "digits for 'constants' (default 10000)", 0, 0 },
        { "grid", OPT_LONG, &grid, "N", "grid per axis for 'verify', 2..200 (default 40)", 0, 0 },
        { "depth", OPT_LONG, &depth, "D", "layers for 'mlp' (default 20)", 0, 0 },
        { "width", OPT_LONG, &width, "N", "width for 'mlp'/'gemm' (default 1024)", 0, 0 },
        { "batch", OPT_LONG, &batch, "B", "batch for 'mlp'/'gemm' (default 512)", 0, 0 },
        { "dtype", OPT_STRING, &precision, "T", "float (default) or double, for 'mlp', 'gemm' and 'train'", 0, 0 },
        { "precision", OPT_STRING, &precision, "T", "older spelling of --dtype", 0, 0 },
        { "steps", OPT_LONG, &steps, "N", "SGD steps for 'train' (default one epoch)", 0, 0 },
        { "data", OPT_STRING, &data, "DIR", "the dataset for 'train' (default Fashion-MNIST)", 0, 0 },
        { "json", OPT_FLAG, &json_flag, NULL, "print one JSON object", 0, 0 },
    };
    size_t nopts = sizeof opts / sizeof opts[0], npos = 0;
    char *pos[1];
    int rc = cli_parse(argc, argv, opts, nopts, &CMD_BENCH, pos, 1, &npos);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    if ((rc = cli_alias_check(&CMD_BENCH, opts, nopts, "dtype", "precision"))) return rc;
    const bench_json json[1] = { { json_flag, opts, nopts } };
    if (npos == 0) return cli_usage_error("bench", "which benchmark? (map, constants, verify, mlp, gemm, train; see --help)");
    if (points < 1 || points > MAX_POINTS)
        return cli_usage_error("bench", "--points must be between 1 and %ld", MAX_POINTS);
    if (repeat < 1 || repeat > 1000)
        return cli_usage_error("bench", "--repeat must be between 1 and 1000");
    if (threads < 0 || threads > 1024)
        return cli_usage_error("bench", "--threads must be between 1 and 1024");
    if (seed < 0) return cli_usage_error("bench", "--seed must be >= 0");
    if (threads > 0) omp_set_num_threads((int)threads);
    if (digits < 1 || digits > SN_DIGITS_MAX)
        return cli_usage_error("bench", "--digits must be between 1 and %d", SN_DIGITS_MAX);
    if (strcmp(pos[0], "map") == 0) {
        sn_act act;
        if ((rc = cli_activation("bench", activation, &act))) return rc;
        if (!sn_act_closed_form(&act) && !cli_given(opts, nopts, "points")) points = 200000;
        return bench_map(points, repeat, json, (unsigned long)seed, &act);
    }
    if (cli_given(opts, nopts, "activation"))
        return cli_usage_error("bench", "--activation applies to 'bench map' only");
    if (grid < 2 || grid > 200) return cli_usage_error("bench", "--grid must be between 2 and 200");
    if (strcmp(pos[0], "constants") == 0) return bench_constants(digits, repeat, json);
    if (strcmp(pos[0], "train") == 0) {
        if (strcmp(precision, "float") && strcmp(precision, "double"))
            return cli_usage_error("bench", "--dtype: '%s' is not float or double", precision);
        if (steps < 0 || steps > 1000000) return cli_usage_error("bench", "--steps must be between 1 and 1000000");
        /* Figure 1's depth-8 SNN unless told otherwise */
        long d = cli_given(opts, nopts, "depth") ? depth : 8, b = cli_given(opts, nopts, "batch") ? batch : 128;
        long wd = cli_given(opts, nopts, "width") ? width : 0;
        if (d < 1 || d > 1000 || wd < 0 || wd > 100000 || b < 1 || b > 100000)
            return cli_usage_error("bench", "--depth, --width or --batch out of range");
        return bench_train(d, wd, b, strcmp(precision, "double") == 0, steps, data, json);
    }
    if (strcmp(pos[0], "verify") == 0) return bench_verify(grid, repeat, json);
    if (strcmp(pos[0], "mlp") == 0 || strcmp(pos[0], "gemm") == 0) {
        if (strcmp(precision, "float") && strcmp(precision, "double"))
            return cli_usage_error("bench", "--%s: '%s' is not float or double",
                                   cli_given_name(opts, nopts, "dtype", "precision"), precision);
        if (depth < 1 || depth > 10000 || width < 1 || width > 100000 || batch < 1 || batch > 100000)
            return cli_usage_error("bench", "--depth, --width or --batch out of range");
        return bench_mlp(pos[0], depth, width, batch, strcmp(precision, "double") == 0, repeat, json);
    }
    return cli_usage_error("bench", "unknown benchmark '%s' (known: map, constants, verify, gemm, mlp, train)", pos[0]);
}
