/* options.c - option parsing, strict numbers and help text for every subcommand. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_errno.h>
#include "cli.h"

static void message(const char *cmd, const char *fmt, va_list ap)
{
    fprintf(stderr, "selfnorm %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    message(cmd, fmt, ap);
    va_end(ap);
    return EXIT_USAGE;
}

int cli_failure(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    message(cmd, fmt, ap);
    va_end(ap);
    return EXIT_FALSE;
}

/* [+-]digits[.digits][(e|E)[+-]digits] or [+-].digits[...] */
static int is_decimal_syntax(const char *s)
{
    const char *p = s;
    if (*p == '+' || *p == '-') p++;
    size_t int_digits = strspn(p, "0123456789");
    p += int_digits;
    size_t frac_digits = 0;
    if (*p == '.') {
        p++;
        frac_digits = strspn(p, "0123456789");
        p += frac_digits;
    }
    if (int_digits + frac_digits == 0) return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        size_t exp_digits = strspn(p, "0123456789");
        if (exp_digits == 0) return 0;
        p += exp_digits;
    }
    return *p == '\0';
}

const char *cli_parse_double(const char *text, double *out)
{
    if (!text || !*text) return "is empty";
    if (!is_decimal_syntax(text)) return "is not a decimal number";
    errno = 0;
    double v = strtod(text, NULL);
    if (errno == ERANGE) return fabs(v) > 1.0 ? "overflows a double" : "underflows a double";
    *out = v;
    return NULL;
}

const char *cli_parse_long(const char *text, long *out)
{
    if (!text || !*text) return "is empty";
    const char *p = text + (*text == '-' || *text == '+');
    if (!*p || strspn(p, "0123456789") != strlen(p)) return "is not an integer";
    errno = 0;
    long v = strtol(text, NULL, 10);
    if (errno == ERANGE) return "is out of range";
    *out = v;
    return NULL;
}

/* Levenshtein distance of a[0..la) and b, by one row. */
static size_t edit_distance(const char *a, size_t la, const char *b)
{
    size_t lb = strlen(b), row[64];
    if (la >= 64 || lb >= 64) return (size_t)-1;
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *cli_closest(const char *word, size_t len, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t dbest = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(word, len, candidates[i]);
        if (d < dbest) { dbest = d; best = candidates[i]; }
    }
    return best && dbest <= 2 && 2 * dbest < len ? best : NULL;
}

static cli_opt *find_opt(cli_opt *opts, size_t nopts, const char *name, size_t len)
{
    for (size_t i = 0; i < nopts; i++)
        if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0)
            return &opts[i];
    return NULL;
}

static int store(const cli_command *cmd, cli_opt *o, const char *value)
{
    const char *why = NULL;
    o->text = value;
    switch (o->kind) {
    case OPT_DOUBLE: why = cli_parse_double(value, o->dest); break;
    case OPT_LONG: why = cli_parse_long(value, o->dest); break;
    case OPT_STRING: *(const char **)o->dest = value; break;
    case OPT_FLAG: *(int *)o->dest = 1; break;
    }
    if (why) return cli_usage_error(cmd->name, "--%s: '%s' %s", o->name, value, why);
    return EXIT_OK;
}

int cli_parse(int argc, char **argv, cli_opt *opts, size_t nopts, const cli_command *cmd,
              char **positional, size_t max_positional, size_t *npositional)
{
    size_t npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            cli_print_help(stdout, cmd, opts, nopts);
            return -1;
        }
        if (strcmp(arg, "--version") == 0) {   /* after any command, as before it */
            printf("selfnorm %s\n", SELFNORM_VERSION);
            return -1;
        }
        if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
            if (arg[0] == '-' && arg[1] != '\0' && !isdigit((unsigned char)arg[1]) && arg[1] != '.')
                return cli_usage_error(cmd->name, "unknown option '%s' (try --help)", arg);
            if (npos >= max_positional)
                return cli_usage_error(cmd->name, "unexpected argument '%s' (try --help)", arg);
            positional[npos++] = argv[i];
            continue;
        }
        const char *name = arg + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        cli_opt *o = find_opt(opts, nopts, name, len);
        if (!o) {
            const char *names[64];
            size_t n = 0;
            for (size_t k = 0; k < nopts && n < 64; k++) names[n++] = opts[k].name;
            const char *near = cli_closest(name, len, names, n);
            if (near)
                return cli_usage_error(cmd->name, "unknown option '--%.*s'; did you mean '--%s'?", (int)len, name, near);
            return cli_usage_error(cmd->name, "unknown option '--%.*s' (try --help)", (int)len, name);
        }
        if (o->seen) return cli_usage_error(cmd->name, "--%s given twice", o->name);
        o->seen = 1;
        const char *value = NULL;
        if (o->kind == OPT_FLAG) {
            if (eq) return cli_usage_error(cmd->name, "--%s takes no value", o->name);
        } else if (eq) {
            value = eq + 1;
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            return cli_usage_error(cmd->name, "--%s needs a value", o->name);
        }
        if (store(cmd, o, value) != EXIT_OK) return EXIT_USAGE;
    }
    if (npositional) *npositional = npos;
    return EXIT_OK;
}

int cli_given(const cli_opt *opts, size_t nopts, const char *name)
{
    for (size_t i = 0; i < nopts; i++)
        if (strcmp(opts[i].name, name) == 0) return opts[i].seen;
    return 0;
}

int cli_alias_check(const cli_command *cmd, const cli_opt *opts, size_t nopts, const char *name,
                    const char *alias)
{
    if (cli_given(opts, nopts, name) && cli_given(opts, nopts, alias))
        return cli_usage_error(cmd->name, "--%s and --%s are the same option; give one", name,
                               alias);
    return EXIT_OK;
}

const char *cli_given_name(const cli_opt *opts, size_t nopts, const char *name, const char *alias)
{
    return cli_given(opts, nopts, alias) ? alias : name;
}

void cli_print_help(FILE *f, const cli_command *cmd, const cli_opt *opts, size_t nopts)
{
    fprintf(f, "usage: selfnorm %s %s\n\n%s\n", cmd->name, cmd->synopsis, cmd->summary);
    if (nopts) fputs("\noptions:\n", f);
    for (size_t i = 0; i < nopts; i++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", opts[i].name, opts[i].metavar ? " " : "",
                 opts[i].metavar ? opts[i].metavar : "");
        fprintf(f, "  %-22s %s\n", left, opts[i].help);
    }
    fprintf(f, "  %-22s %s\n", "--help", "show this help");
    if (cmd->details) fprintf(f, "\n%s", cmd->details);
}

const char *cli_status_text(int status)
{
    switch (status) {
    case GSL_EDOM: return "input outside the domain";
    case GSL_ERANGE: return "input out of range (mu*omega or nu*tau not representable)";
    case GSL_EOVRFLW: return "result overflows a double";
    case GSL_ETOL: return "requested accuracy not reached";
    case GSL_EROUND: return "roundoff prevented the requested accuracy";
    case GSL_EMAXITER: return "too many subdivisions";
    case GSL_ENOMEM: return "out of memory";
    default: return gsl_strerror(status);
    }
}

int cli_status_code(int status)
{
    return status == GSL_EDOM || status == GSL_ERANGE || status == GSL_EOVRFLW
        || status == GSL_ENOMEM ? EXIT_USAGE : EXIT_FALSE;
}

int cli_status_exit(const char *cmd, int status)
{
    fprintf(stderr, "selfnorm %s: %s\n", cmd, cli_status_text(status));
    return cli_status_code(status);
}

double cli_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}
