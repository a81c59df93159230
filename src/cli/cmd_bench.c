/* cmd_bench.c - `selfnorm bench`: throughput of the library's hot paths. Speed is measured
 * here, never in the tests. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <omp.h>
#include <gsl/gsl_rng.h>
#include "atlas_run.h"

#define MAX_POINTS 100000000L

const cli_command CMD_BENCH = {
    .name = "bench",
    .synopsis = "map [--activation NAME[:PARAMS]] [--points N] [--repeat R] [--threads T] [--seed S] [--json]\n"
                "       selfnorm bench constants [--digits N] [--repeat R] [--json]\n"
                "       selfnorm bench verify [--grid N] [--repeat R] [--json]\n"
                "       selfnorm bench gemm|mlp [--depth D --width N --batch B] [--dtype T] [--activation A]\n"
                "       selfnorm bench train [--steps N] [--depth D --width N --batch B] [--dtype T] [--data DIR]\n"
                "       selfnorm bench atlas [--grid N] [--threads T] [--json]",
    .brief = "measure throughput: the moment map, proven constants, the theorem check, the MLP",
    .summary = "Benchmarks. 'map': the closed-form moment map over N random points of the\n"
               "Theorem 1 domain (mu, omega in [-0.1, 0.1], nu in [0.8, 1.5], tau in [0.95, 1.1]),\n"
               "best of R runs, on T threads (default: all cores); with --activation, the map of\n"
               "that row of the table (quadrature rows: 200000 points by default). 'constants': alpha01 and\n"
               "lambda01 to N proven digits (default 10000), decimal strings included.\n"
               "'verify': the numeric check of the four main theorems on a grid of N^4 points each\n"
               "(default 40), refinement included. 'mlp': GFLOP/s of the MLP's forward pass with\n"
               "statistics (default depth 20, width 1024, batch 512, float, selu; --activation any\n"
               "row of the table); 'gemm': the same\n"
               "chain of OpenBLAS products alone. 'train': SGD steps of Figure 1's depth-8 SNN\n"
               "(width 784, batch 128) on Fashion-MNIST, one epoch by default, in GFLOP/s of its\n"
               "GEMMs, beside the same GEMMs alone (analysis/bench_train_torch.py: PyTorch's).\n"
               "'atlas': theorem1 over alpha 1.5:1.9 x lambda 1.0:1.1, N x N cells (default 8) with\n"
               "certificates, on 1 thread and on T (default: all cores): cells per second, parallel\n"
               "efficiency, the cost distribution over cells, the master's cost per cell (bundle\n"
               "record written; synced once a second), the checker's cost per cell, and from these the\n"
               "projected time of a 256 x 256 atlas on 64, 256 and 1024 cores.",
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
        printf("map (%s): %ld points on %d thread%s in %.4f s: %.3g evals/s\n", spec, n, threads,
               threads == 1 ? "" : "s",
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
                     long repeat, const bench_json *json, const sn_act *act)
{
    sn_mlp_config c = sn_mlp_defaults((int)depth, (int)width, (int)batch);
    c.use_double = use_double;
    c.activation = *act;
    double fwd, gemm;
    int status = sn_mlp_bench(&fwd, &gemm, &c, (int)repeat);
    if (status == GSL_ENOMEM) return cli_usage_error("bench", "these sizes do not fit in memory");
    if (status) return cli_usage_error("bench", "invalid sizes");
    int is_mlp = strcmp(which, "mlp") == 0;
    if (json->on) {
        json_writer w;
        json_begin(&w, stdout);
        json_input(&w, json, which, is_mlp ? "activation depth width batch dtype repeat"
                                           : "depth width batch dtype repeat");
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

static int by_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* One pass over the atlas's cells on the current threads: wall seconds; per-cell seconds and
 * payloads (kept when keep != 0). */
static int atlas_pass(double *wall, double *cell_seconds, char **payloads, size_t *lens,
                      const sn_atlas_spec *s, int keep)
{
    size_t n = (size_t)(s->n[0] * s->n[1]);
    int status = GSL_SUCCESS;
    double t0 = cli_now();
    omp_set_max_active_levels(1);
    #pragma omp parallel for schedule(dynamic, 1)
    for (size_t k = 0; k < n; k++) {
        sn_atlas_cell cell;
        char *payload = NULL;
        size_t len = 0;
        int st = atlas_compute(&cell, &payload, &len, s, (long)k / s->n[1], (long)k % s->n[1], 1);
        if (st) {
            #pragma omp critical(bench_atlas)
            status = st;
        }
        cell_seconds[k] = cell.seconds;
        if (keep) { payloads[k] = payload; lens[k] = len; }
        else free(payload);
    }
    *wall = cli_now() - t0;
    return status;
}

static int bench_atlas(long grid, const bench_json *json)
{
    sn_atlas_spec s;
    memset(&s, 0, sizeof s);
    s.theorem = sn_theorem_find("theorem1");
    sn_theorem_domain(&s.domain, s.theorem);
    s.axis[0] = SN_ATLAS_ALPHA;
    s.axis[1] = SN_ATLAS_LAMBDA;
    strcpy(s.lo[0], "1.5"); strcpy(s.hi[0], "1.9");
    strcpy(s.lo[1], "1.0"); strcpy(s.hi[1], "1.1");
    strcpy(s.alpha, "1.5"); strcpy(s.lambda, "1.0");
    s.n[0] = s.n[1] = grid;
    s.width = 1e-2;
    s.max_boxes = 200000;
    size_t n = (size_t)(grid * grid);
    int threads = omp_get_max_threads();
    double *secs = calloc(n, sizeof *secs), *secs_t = calloc(n, sizeof *secs_t);
    char **payloads = calloc(n, sizeof *payloads);
    size_t *lens = calloc(n, sizeof *lens);
    if (!secs || !secs_t || !payloads || !lens) {
        free(secs); free(secs_t); free(payloads); free(lens);
        return cli_usage_error("bench", "out of memory");
    }
    double wall1, wall_t = 0;
    omp_set_num_threads(1);
    int status = atlas_pass(&wall1, secs, payloads, lens, &s, 1);
    omp_set_num_threads(threads);
    if (!status && threads > 1) status = atlas_pass(&wall_t, secs_t, NULL, NULL, &s, 0);
    /* the master's work per cell: parse the result line, append the record, sync */
    char path[] = "/tmp/selfnorm-bench-atlas-XXXXXX";
    int fd = status ? -1 : mkstemp(path);
    double master = NAN, check = NAN, bytes = 0;
    if (fd >= 0) {
        FILE *f = fdopen(fd, "w");
        double t0 = cli_now(), last_sync = t0;
        for (size_t k = 0; f && k < n; k++) {
            sn_atlas_cell c;
            const char *nl = memchr(payloads[k], '\n', lens[k]);
            if (nl) sn_atlas_cell_parse(&c, payloads[k] + 7, (size_t)(nl - payloads[k]) - 7);
            sn_atlas_record_append(f, "cell", payloads[k], lens[k]);
            if (cli_now() - last_sync > SN_ATLAS_SYNC_SECONDS) {   /* as atlas_emit does */
                sn_atlas_sync(f);
                last_sync = cli_now();
            }
            bytes += (double)lens[k];
        }
        if (f) sn_atlas_sync(f);
        master = (cli_now() - t0) / (double)n;
        if (f) fclose(f);
        unlink(path);
        /* the checker's work per cell (check-certificate, 96 bits, one thread) */
        t0 = cli_now();
        for (size_t k = 0; k < n; k++) {
            const char *nl = memchr(payloads[k], '\n', lens[k]);
            sn_certificate c;
            sn_cert_check r;
            char err[256];
            if (nl && !sn_certificate_parse(&c, nl + 1, lens[k] - (size_t)(nl + 1 - payloads[k]), err, sizeof err)) {
                sn_certificate_check(&r, &c, 96);
                sn_certificate_free(&c);
            }
        }
        check = (cli_now() - t0) / (double)n;
    }
    for (size_t k = 0; k < n; k++) free(payloads[k]);
    free(payloads);
    free(lens);
    if (status) {
        free(secs); free(secs_t);
        return cli_status_exit("bench", status);
    }
    double sum = 0;
    for (size_t k = 0; k < n; k++) sum += secs[k];
    double mean = sum / (double)n;
    qsort(secs, n, sizeof *secs, by_double);
    double q[5] = { secs[0], secs[n / 2], secs[(size_t)(0.9 * (double)(n - 1))], secs[n - 1], mean };
    double rate1 = (double)n / wall1, rate_t = threads > 1 ? (double)n / wall_t : rate1;
    double eff = rate_t / (threads * rate1);
    if (eff > 1) eff = 1;
    /* 256 x 256 on P cores, one of them the master: list scheduling finishes within
     * N mean / (P − 1) / efficiency + the longest cell (Graham), and no sooner than the
     * longest cell; the master's serial work is N × its cost per cell */
    const long cores[3] = { 64, 256, 1024 };
    const double cells = 256.0 * 256.0;
    double proj[3], master_total = cells * master, check_total[3];
    for (int c = 0; c < 3; c++) {
        double compute = cells * mean / (double)(cores[c] - 1) / eff + q[3];
        proj[c] = compute > master_total ? compute : master_total;
        check_total[c] = cells * check / (double)cores[c];
    }
    if (json->on) {
        json_writer w;
        json_begin(&w, stdout);
        json_input(&w, json, "atlas", "grid threads");
        json_integer(&w, "cells", (long long)n);
        json_number(&w, "cells_per_second_1", rate1);
        json_number(&w, "cells_per_second", rate_t);
        json_number(&w, "efficiency", eff);
        json_open(&w, "cell_seconds", '{');
        json_number(&w, "min", q[0]);
        json_number(&w, "median", q[1]);
        json_number(&w, "p90", q[2]);
        json_number(&w, "max", q[3]);
        json_number(&w, "mean", q[4]);
        json_close(&w, '}');
        json_number(&w, "master_seconds_per_cell", master);
        json_number(&w, "check_seconds_per_cell", check);
        json_number(&w, "bundle_bytes_per_cell", bytes / (double)n);
        json_open(&w, "projection_256x256", '[');
        for (int c = 0; c < 3; c++) {
            json_open(&w, NULL, '{');
            json_integer(&w, "cores", cores[c]);
            json_number(&w, "seconds", proj[c]);
            json_number(&w, "check_seconds", check_total[c]);
            json_close(&w, '}');
        }
        json_close(&w, ']');
        json_end(&w);
    } else {
        printf("atlas theorem1, alpha 1.5:1.9 x lambda 1.0:1.1, %zu cells with certificates\n", n);
        printf("  1 thread:   %.3f s, %.2f cells/s\n", wall1, rate1);
        if (threads > 1)
            printf("  %d threads: %.3f s, %.2f cells/s, parallel efficiency %.2f\n", threads, wall_t, rate_t, eff);
        printf("  cost per cell (1 thread): min %.3f s, median %.3f s, p90 %.3f s, max %.3f s, mean %.3f s\n",
               q[0], q[1], q[2], q[3], q[4]);
        printf("  master per cell (result parsed, record written; synced once a second): %.2e s; bundle %.0f bytes per cell\n",
               master, bytes / (double)n);
        printf("  check-certificate per cell (96 bits, 1 thread): %.3f s\n", check);
        printf("  projection, 256 x 256 = 65536 cells (one core is the master):\n");
        for (int c = 0; c < 3; c++)
            printf("    %4ld cores: %7.0f s to compute (%s), %6.0f s to check, bundle %.1f GB\n", cores[c], proj[c],
                   master_total >= proj[c] ? "bound by the master" : "bound by the cells", check_total[c],
                   cells * bytes / (double)n / 1e9);
    }
    free(secs); free(secs_t);
    return EXIT_OK;
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
        { "activation", OPT_STRING, &activation, "NAME[:PARAMS]", "for 'map' and 'mlp': " ACTIVATION_HELP, 0, 0 },
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
    if (npos == 0) return cli_usage_error("bench", "which benchmark? (map, constants, verify, mlp, gemm, train, atlas; see --help)");
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
    if (strcmp(pos[0], "mlp") == 0) {
        sn_act act;
        if ((rc = cli_activation("bench", activation, &act))) return rc;
        if (strcmp(precision, "float") && strcmp(precision, "double"))
            return cli_usage_error("bench", "--%s: '%s' is not float or double",
                                   cli_given_name(opts, nopts, "dtype", "precision"), precision);
        if (depth < 1 || depth > 10000 || width < 1 || width > 100000 || batch < 1 || batch > 100000)
            return cli_usage_error("bench", "--depth, --width or --batch out of range");
        return bench_mlp(pos[0], depth, width, batch, strcmp(precision, "double") == 0, repeat,
                         json, &act);
    }
    if (cli_given(opts, nopts, "activation"))
        return cli_usage_error("bench", "--activation applies to 'bench map' and 'bench mlp' only");
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
    if (strcmp(pos[0], "atlas") == 0) {
        long g = cli_given(opts, nopts, "grid") ? grid : 8;
        if (g > 64) return cli_usage_error("bench", "--grid for 'atlas' must be between 2 and 64");
        return bench_atlas(g, json);
    }
    if (strcmp(pos[0], "mlp") == 0 || strcmp(pos[0], "gemm") == 0) {
        if (strcmp(precision, "float") && strcmp(precision, "double"))
            return cli_usage_error("bench", "--%s: '%s' is not float or double",
                                   cli_given_name(opts, nopts, "dtype", "precision"), precision);
        if (depth < 1 || depth > 10000 || width < 1 || width > 100000 || batch < 1 || batch > 100000)
            return cli_usage_error("bench", "--depth, --width or --batch out of range");
        sn_act selu = sn_act_selu(SN_ALPHA01, SN_LAMBDA01);   /* gemm: not used */
        return bench_mlp(pos[0], depth, width, batch, strcmp(precision, "double") == 0, repeat,
                         json, &selu);
    }
    return cli_usage_error("bench", "unknown benchmark '%s' (known: map, constants, verify, gemm, mlp, train, atlas)", pos[0]);
}
