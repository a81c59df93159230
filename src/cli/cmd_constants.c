/* cmd_constants.c - `selfnorm constants`: α and λ for a target fixed point, every printed
 * digit proven. */
#include <stdlib.h>
#include "cli.h"

const cli_command CMD_CONSTANTS = {
    .name = "constants",
    .synopsis = "[--mean M --var V] [--omega W --tau T] [--digits N] [--json]",
    .summary = "The SELU parameters alpha, lambda that make (M, V) a fixed point of g for weights\n"
               "(omega, tau). Defaults (0, 1), omega = 0, tau = 1: the paper's alpha01, lambda01.",
    .details =
        "How the digits are guaranteed: every quantity is computed in Arb's ball arithmetic,\n"
        "which carries a rigorous error bound through each operation (including erfc). The\n"
        "precision is raised until both ends of each ball round to the same N-digit decimal;\n"
        "that decimal is then the correctly rounded value and is printed. Inputs are read as\n"
        "exact decimals (0.1 means 1/10).\n\n"
        "Method: the fixed-point equations are polynomial in (alpha, lambda), so they are solved\n"
        "exactly: alpha = -A/B for M = 0, else a quadratic in alpha (see constants.h). Every\n"
        "solution with alpha > 0, lambda > 0 is found; for (0, 1) with omega = 0, tau = 1 the\n"
        "paper's closed forms are used, fast to a million digits.\n\n"
        "Exit codes: 0 done; 1 no solution with alpha > 0, lambda > 0 exists (or the digits\n"
        "could not be proven); 2 bad usage or input. --digits: 1 to 1000000.\n",
    .run = cmd_constants,
};

int cmd_constants(int argc, char **argv)
{
    const char *text[4] = { "0", "1", "0", "1" };
    long digits = 30;
    int json = 0;
    cli_opt opts[] = {
        { "mean", OPT_STRING, &text[0], "M", "mean of the fixed point (default 0)", 0, 0 },
        { "var", OPT_STRING, &text[1], "V", "variance of the fixed point, > 0 (default 1)", 0, 0 },
        { "omega", OPT_STRING, &text[2], "W", "sum of the weights (default 0)", 0, 0 },
        { "tau", OPT_STRING, &text[3], "T", "sum of squared weights, > 0 (default 1)", 0, 0 },
        { "digits", OPT_LONG, &digits, "N", "significant digits, 1..1000000 (default 30)", 0, 0 },
        { "json", OPT_FLAG, &json, NULL, "print one JSON object (numbers as strings)", 0, 0 },
    };
    size_t nopts = sizeof opts / sizeof opts[0];
    int rc = cli_parse(argc, argv, opts, nopts, &CMD_CONSTANTS, NULL, 0, NULL);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    if (digits < 1 || digits > SN_DIGITS_MAX)
        return cli_usage_error("constants", "--digits must be between 1 and %d", SN_DIGITS_MAX);
    target t;
    target_init(&t);
    if ((rc = target_parse(&t, "constants", text)) != EXIT_OK) {
        target_clear(&t);
        return rc;
    }
    /* two solutions at most: four balls */
    char *out[4] = { NULL, NULL, NULL, NULL };
    int status;
    size_t n = 0;
    int ok = prove_digits(out, 4, &n, target_solve, &t, digits, &status);
    target_clear(&t);
    if (!ok) {
        fprintf(stderr, "selfnorm constants: %s\n", target_failure(status));
        return status == GSL_EDOM ? EXIT_USAGE : EXIT_FALSE;
    }
    if (json) {
        json_writer w;
        json_begin(&w, stdout);
        json_string(&w, "mean", text[0]);
        json_string(&w, "var", text[1]);
        json_string(&w, "omega", text[2]);
        json_string(&w, "tau", text[3]);
        json_integer(&w, "digits", digits);
        json_string(&w, "alpha", out[0]);
        json_string(&w, "lambda", out[1]);
        json_integer(&w, "solutions", (long long)n / 2);
        if (n == 4) {
            json_string(&w, "alpha_2", out[2]);
            json_string(&w, "lambda_2", out[3]);
        }
        json_end(&w);
    } else {
        printf("alpha  = %s\nlambda = %s\n", out[0], out[1]);
        if (n == 4) printf("second solution:\nalpha  = %s\nlambda = %s\n", out[2], out[3]);
    }
    for (size_t i = 0; i < n; i++) free(out[i]);
    return EXIT_OK;
}
