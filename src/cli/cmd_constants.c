/* cmd_constants.c - `selfnorm constants`: α and λ for a target fixed point, every printed
 * digit proven; and whether that fixed point attracts under them. */
#include <stdlib.h>
#include "cli.h"

const cli_command CMD_CONSTANTS = {
    .name = "constants",
    .synopsis = "[--mu M --nu V] [--omega W --tau T] [--digits N] [--json]",
    .brief = "alpha, lambda that make (mu, nu) a fixed point of g, every digit proven",
    .summary = "The SELU parameters alpha, lambda that make (M, V) a fixed point of g for weights\n"
               "(omega, tau), and whether that fixed point attracts. Defaults (0, 1), omega = 0,\n"
               "tau = 1: the paper's alpha01, lambda01.",
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
        "Stability (a double-precision check, not proven): the Jacobian H of g at (M, V) under\n"
        "alpha, lambda rounded to double, its eigenvalues, spectral radius and norm. The fixed\n"
        "point attracts exactly when the spectral radius is below 1; a deep network started\n"
        "near a fixed point that does not attract drifts away from it, so that case is also\n"
        "warned about on stderr. Within 1e-9 of 1 the verdict is undecided (JSON null).\n\n"
        "--mean and --var are older spellings of --mu and --nu.\n\n"
        "Exit codes: 0 done (whether or not the fixed point attracts); 1 no solution with\n"
        "alpha > 0, lambda > 0 exists (or the digits could not be proven); 2 bad usage or input.\n"
        "--digits: 1 to 1000000.\n",
    .run = cmd_constants,
};

/* The stability of the target under one solution, in double precision. */
typedef struct {
    int status;          /* GSL_SUCCESS, or why H could not be evaluated in double */
    sn_stability s;
} target_stability;

static target_stability stability_for(const char *const text[4], const char *alpha,
                                      const char *lambda)
{
    double v[4];
    for (int i = 0; i < 4; i++) cli_parse_double(text[i], &v[i]);   /* checked by target_parse */
    sn_selu p = { strtod(alpha, NULL), strtod(lambda, NULL) };
    target_stability t;
    t.status = sn_stability_at(&t.s, NULL, (sn_point){ v[0], v[2], v[1], v[3] }, p);
    return t;
}

static void stability_text(const target_stability *t, const char *const text[4])
{
    printf("stability of (%s, %s) for omega = %s, tau = %s under these alpha, lambda "
           "(double precision):\n", text[0], text[1], text[2], text[3]);
    if (t->status == GSL_SUCCESS) stability_print(&t->s);
    else printf("not computed: %s\n", target_failure(t->status));
}

static void stability_fields(json_writer *w, const target_stability *t)
{
    if (t->status != GSL_SUCCESS) {
        json_key(w, "attracting");
        fputs("null", w->f);
        json_string(w, "stability_error", target_failure(t->status));
        return;
    }
    json_number(w, "spectral_norm", t->s.spectral_norm);
    stability_json(w, &t->s);
}

/* A fixed point that repels is easy to mistake for a usable target: say so where it shows. */
static void warn_unless_attracting(const target_stability *t, const char *const text[4],
                                   int which)
{
    const char *sol = which ? " (second solution)" : "";
    if (t->status != GSL_SUCCESS)
        fprintf(stderr, "selfnorm constants: warning: the stability of (%s, %s)%s could not be "
                "checked in double precision\n", text[0], text[1], sol);
    else if (t->s.attracting == SN_VERDICT_NO)
        fprintf(stderr, "selfnorm constants: warning: (%s, %s) is a fixed point under these "
                "alpha, lambda%s but it does NOT attract (spectral radius %.6g > 1): iterating g, "
                "as a deep network does, moves away from it\n", text[0], text[1], sol,
                t->s.spectral_radius);
    else if (t->s.attracting == SN_VERDICT_UNDECIDED)
        fprintf(stderr, "selfnorm constants: warning: whether (%s, %s) attracts%s is undecided "
                "in double precision (spectral radius %.17g)\n", text[0], text[1], sol,
                t->s.spectral_radius);
}

int cmd_constants(int argc, char **argv)
{
    const char *text[4] = { "0", "1", "0", "1" };
    long digits = 30;
    int json = 0;
    cli_opt opts[] = {
        { "mu", OPT_STRING, &text[0], "M", "mean of the fixed point (default 0)", 0, 0 },
        { "nu", OPT_STRING, &text[1], "V", "variance of the fixed point, > 0 (default 1)", 0, 0 },
        { "omega", OPT_STRING, &text[2], "W", "sum of the weights (default 0)", 0, 0 },
        { "tau", OPT_STRING, &text[3], "T", "sum of squared weights, > 0 (default 1)", 0, 0 },
        { "digits", OPT_LONG, &digits, "N", "significant digits, 1..1000000 (default 30)", 0, 0 },
        { "json", OPT_FLAG, &json, NULL, "print one JSON object (numbers as strings)", 0, 0 },
        { "mean", OPT_STRING, &text[0], "M", "older spelling of --mu", 0, 0 },
        { "var", OPT_STRING, &text[1], "V", "older spelling of --nu", 0, 0 },
    };
    size_t nopts = sizeof opts / sizeof opts[0];
    int rc = cli_parse(argc, argv, opts, nopts, &CMD_CONSTANTS, NULL, 0, NULL);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    if ((rc = cli_alias_check(&CMD_CONSTANTS, opts, nopts, "mu", "mean"))
        || (rc = cli_alias_check(&CMD_CONSTANTS, opts, nopts, "nu", "var")))
        return rc;
    if (digits < 1 || digits > SN_DIGITS_MAX)
        return cli_usage_error("constants", "--digits must be between 1 and %d", SN_DIGITS_MAX);
    target t;
    target_init(&t);
    t.names[0] = cli_given_name(opts, nopts, "mu", "mean");
    t.names[1] = cli_given_name(opts, nopts, "nu", "var");
    if ((rc = target_parse(&t, "constants", text)) != EXIT_OK) {
        target_clear(&t);
        return rc;
    }
    /* two solutions at most: four balls */
    char *out[4] = { NULL, NULL, NULL, NULL };
    int status;
    size_t n = 0;
    int ok = prove_digits(out, 4, &n, target_solve, &t, digits, &status);
    /* again to 20 digits, which round correctly to the doubles of the stability check
     * whatever --digits asks for */
    char *d20[4] = { NULL, NULL, NULL, NULL };
    size_t n20 = 0;
    int st20 = GSL_SUCCESS;
    if (ok && !(prove_digits(d20, 4, &n20, target_solve, &t, 20, &st20) && n20 == n))
        st20 = st20 != GSL_SUCCESS ? st20 : SN_EUNDECIDED;
    target_clear(&t);
    if (!ok) return target_fail("constants", status, json, NULL, text, digits);
    target_stability st[2];
    for (size_t k = 0; 2 * k < n; k++) {
        if (st20 == GSL_SUCCESS) st[k] = stability_for(text, d20[2 * k], d20[2 * k + 1]);
        else st[k].status = st20;
    }
    if (json) {
        json_writer w;
        json_begin(&w, stdout);
        target_json_input(&w, NULL, text, digits);
        json_bool(&w, "solved", 1);
        json_string(&w, "alpha", out[0]);
        json_string(&w, "lambda", out[1]);
        json_integer(&w, "solutions", (long long)n / 2);
        json_string(&w, "stability_precision", "double");
        stability_fields(&w, &st[0]);
        if (n == 4) {
            json_string(&w, "alpha_2", out[2]);
            json_string(&w, "lambda_2", out[3]);
            json_open(&w, "stability_2", '{');
            stability_fields(&w, &st[1]);
            json_close(&w, '}');
        }
        json_end(&w);
    } else {
        printf("alpha  = %s\nlambda = %s\n", out[0], out[1]);
        stability_text(&st[0], text);
        if (n == 4) {
            printf("second solution:\nalpha  = %s\nlambda = %s\n", out[2], out[3]);
            stability_text(&st[1], text);
        }
    }
    fflush(stdout);
    for (size_t k = 0; 2 * k < n; k++) warn_unless_attracting(&st[k], text, (int)k);
    for (size_t i = 0; i < 4; i++) { free(out[i]); free(d20[i]); }
    return EXIT_OK;
}
