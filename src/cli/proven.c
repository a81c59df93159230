/* proven.c - printing only proven digits: evaluate balls at increasing precision until each
 * determines the requested number of correctly rounded significant digits; and the target
 * fixed points that `constants` and `dropout` share. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"

int prove_digits(char **out, size_t cap, size_t *n_out, ball_fn f, void *ctx, long digits,
                 int *status)
{
    *status = sn_prove_digits(out, n_out, cap, f, ctx, digits);
    return *status == GSL_SUCCESS;
}

static int parse_ball(arb_t x, const char *text, const char *cmd, const char *name)
{
    double ignored;
    const char *why = cli_parse_double(text, &ignored);
    if (why) return cli_usage_error(cmd, "--%s: '%s' %s", name, text, why);
    /* the decimal itself, enclosed: 0.1 is 1/10 here, not the double nearest to it */
    if (arb_set_str(x, text, 4 * 64 + 64))
        return cli_usage_error(cmd, "--%s: '%s' is not a decimal number", name, text);
    return EXIT_OK;
}

void target_init(target *t)
{
    arb_init(t->mean); arb_init(t->var); arb_init(t->omega); arb_init(t->tau);
    static const char *names[4] = { "mu", "nu", "omega", "tau" };
    for (int i = 0; i < 4; i++) t->names[i] = names[i];
}

void target_clear(target *t)
{
    arb_clear(t->mean); arb_clear(t->var); arb_clear(t->omega); arb_clear(t->tau);
}

int target_parse(target *t, const char *cmd, const char *const text[4])
{
    arb_ptr dest[4] = { t->mean, t->var, t->omega, t->tau };
    for (int i = 0; i < 4; i++) {
        if (parse_ball(dest[i], text[i], cmd, t->names[i]) != EXIT_OK) return EXIT_USAGE;
        t->text[i] = text[i];
    }
    if (!arb_is_positive(t->var)) return cli_usage_error(cmd, "--%s must be > 0", t->names[1]);
    if (!arb_is_positive(t->tau)) return cli_usage_error(cmd, "--tau must be > 0");
    return EXIT_OK;
}

int target_solve(arb_ptr out, size_t *n, void *ctx, slong prec)
{
    target *t = ctx;
    /* the library encloses the decimals afresh at this precision; so do t's balls, which
     * callers such as dropout use beside the solutions */
    arb_ptr dest[4] = { t->mean, t->var, t->omega, t->tau };
    for (int i = 0; i < 4; i++) arb_set_str(dest[i], t->text[i], prec + 64);
    return sn_constants_decimal_balls(out, n, (void *)t->text, prec);
}

const char *target_failure(int status)
{
    return status == SN_ENOSOLUTION
        ? "no alpha > 0, lambda > 0 make (mu, nu) a fixed point for these weights"
        : status == SN_EUNDECIDED ? "could not prove the requested digits"
        : cli_status_text(status);
}

void target_json_input(json_writer *w, const char *rate, const char *const text[4], long digits)
{
    json_open(w, "input", '{');
    if (rate) json_string(w, "rate", rate);
    json_string(w, "mu", text[0]);
    json_string(w, "nu", text[1]);
    json_string(w, "omega", text[2]);
    json_string(w, "tau", text[3]);
    json_integer(w, "digits", digits);
    json_close(w, '}');
}

int target_fail(const char *cmd, int status, int json, const char *rate,
                const char *const text[4], long digits)
{
    fprintf(stderr, "selfnorm %s: %s\n", cmd, target_failure(status));
    if (status == GSL_EDOM) return EXIT_USAGE;
    if (json) {
        json_writer w;
        json_begin(&w, stdout);
        target_json_input(&w, rate, text, digits);
        json_bool(&w, "solved", 0);
        json_string(&w, "error", target_failure(status));
        json_end(&w);
    }
    return EXIT_FALSE;
}
