/* cmd_dropout.c - `selfnorm dropout`: alpha-dropout parameters a, b, α′ for a drop rate. */
#include <stdlib.h>
#include "cli.h"

const cli_command CMD_DROPOUT = {
    .name = "dropout",
    .synopsis = "--rate P [--mu M --nu V] [--omega W --tau T] [--digits N] [--json]",
    .brief = "alpha-dropout parameters a, b, alpha' for a drop rate and fixed point",
    .summary = "Alpha-dropout parameters for drop probability P (PyTorch's convention): dropped\n"
               "units are set to alpha' = -lambda*alpha and every unit is mapped x -> a*x + b, so\n"
               "that the fixed point (M, V) keeps its mean and variance.",
    .details =
        "With q = 1 - P: a = sqrt(V / (q((1-q)(alpha' - M)^2 + V))), b = M - a(qM + (1-q)alpha'),\n"
        "where alpha, lambda are the SELU parameters of the fixed point (M, V) for weights\n"
        "(omega, tau) (see `selfnorm constants`; defaults 0, 1, 0, 1). Computed in ball\n"
        "arithmetic: every printed digit is proven. --rate in [0, 1); --digits 1..1000000\n"
        "(default 17). --mean and --var are older spellings of --mu and --nu.\n\n"
        "Exit codes: 0 done; 1 no SELU parameters for that fixed point; 2 bad usage or input.\n",
    .run = cmd_dropout,
};

typedef struct {
    target t;
    arb_t rate;
    const char *rate_text;   /* re-read at every working precision, as the target's */
} dropout_job;

/* balls: a, b, α′ */
static int dropout_balls(arb_ptr out, size_t *n, void *ctx, slong prec)
{
    dropout_job *job = ctx;
    arb_set_str(job->rate, job->rate_text, prec + 64);
    arb_ptr sol = _arb_vec_init(4);
    size_t nsol = 0;
    int status = target_solve(sol, &nsol, &job->t, prec);
    *n = 0;
    if (status == GSL_SUCCESS) {
        status = sn_dropout_arb(out, out + 1, out + 2, job->rate, sol, sol + 1, job->t.mean,
                                job->t.var, prec);
        *n = 3;
    }
    _arb_vec_clear(sol, 4);
    return status;
}

int cmd_dropout(int argc, char **argv)
{
    const char *text[4] = { "0", "1", "0", "1" }, *rate = NULL;
    long digits = 17;
    int json = 0;
    cli_opt opts[] = {
        { "rate", OPT_STRING, &rate, "P", "drop probability, 0 <= P < 1 (required)", 0, 0 },
        { "mu", OPT_STRING, &text[0], "M", "mean of the fixed point (default 0)", 0, 0 },
        { "nu", OPT_STRING, &text[1], "V", "variance of the fixed point, > 0 (default 1)", 0, 0 },
        { "omega", OPT_STRING, &text[2], "W", "sum of the weights (default 0)", 0, 0 },
        { "tau", OPT_STRING, &text[3], "T", "sum of squared weights, > 0 (default 1)", 0, 0 },
        { "digits", OPT_LONG, &digits, "N", "significant digits, 1..1000000 (default 17)", 0, 0 },
        { "json", OPT_FLAG, &json, NULL, "print one JSON object (numbers as strings)", 0, 0 },
        { "mean", OPT_STRING, &text[0], "M", "older spelling of --mu", 0, 0 },
        { "var", OPT_STRING, &text[1], "V", "older spelling of --nu", 0, 0 },
    };
    size_t nopts = sizeof opts / sizeof opts[0];
    int rc = cli_parse(argc, argv, opts, nopts, &CMD_DROPOUT, NULL, 0, NULL);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    if ((rc = cli_alias_check(&CMD_DROPOUT, opts, nopts, "mu", "mean"))
        || (rc = cli_alias_check(&CMD_DROPOUT, opts, nopts, "nu", "var")))
        return rc;
    if (!rate) return cli_usage_error("dropout", "missing --rate (see --help)");
    if (digits < 1 || digits > SN_DIGITS_MAX)
        return cli_usage_error("dropout", "--digits must be between 1 and %d", SN_DIGITS_MAX);
    double p;
    const char *why = cli_parse_double(rate, &p);
    if (why) return cli_usage_error("dropout", "--rate: '%s' %s", rate, why);
    if (!(p >= 0 && p < 1)) return cli_usage_error("dropout", "--rate must be in [0, 1)");

    dropout_job job;
    target_init(&job.t);
    job.t.names[0] = cli_given_name(opts, nopts, "mu", "mean");
    job.t.names[1] = cli_given_name(opts, nopts, "nu", "var");
    arb_init(job.rate);
    job.rate_text = rate;
    if ((rc = target_parse(&job.t, "dropout", text)) != EXIT_OK) {
        target_clear(&job.t);
        arb_clear(job.rate);
        return rc;
    }
    char *out[3] = { NULL, NULL, NULL };
    size_t n = 0;
    int status;
    int ok = prove_digits(out, 3, &n, dropout_balls, &job, digits, &status);
    target_clear(&job.t);
    arb_clear(job.rate);
    if (!ok) return target_fail("dropout", status, json, rate, text, digits);
    if (json) {
        json_writer w;
        json_begin(&w, stdout);
        target_json_input(&w, rate, text, digits);
        json_bool(&w, "solved", 1);
        json_string(&w, "a", out[0]);
        json_string(&w, "b", out[1]);
        json_string(&w, "alpha_prime", out[2]);
        json_end(&w);
    } else {
        printf("a           = %s\nb           = %s\nalpha_prime = %s\n", out[0], out[1], out[2]);
    }
    for (int i = 0; i < 3; i++) free(out[i]);
    return EXIT_OK;
}
