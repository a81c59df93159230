/* cmd_map.c - `selfnorm map`: g(μ, ν) = (μ̃, ν̃) at one point, or streamed over rows. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static int map_stdin(const point_args *a, const cli_opt *opts, size_t nopts);

const cli_command CMD_MAP = {
    .name = "map",
    .synopsis = "--mu MU --omega W --nu NU --tau T [--alpha A --lambda L] [--method M] [--json]\n"
                "       selfnorm map --stdin [--alpha A --lambda L] [--method M] < rows",
    .brief = "the moment map g: mean and variance of selu(z), z ~ N(mu*omega, nu*tau)",
    .summary = "The moment map g: mean and variance of selu(z) for z ~ N(mu*omega, nu*tau).",
    .details =
        "Methods: 'closed' is the stable closed form (|mu_new| error <= 1e-13*max(1,|mu_new|),\n"
        "relative nu_new error <= 1e-12, checked against MPFR); 'quad' integrates the defining\n"
        "integrals with GSL (relative tolerance 1e-11, error estimates printed); 'mpfr' evaluates\n"
        "the textbook formulas at increasing working precision until --precision bits agree\n"
        "(inputs are read as exact decimals at that precision).\n\n"
        "With --stdin, each input line holds 'mu omega nu tau' (blank lines and lines starting\n"
        "with '#' are skipped) and each output line repeats them followed by mu_new and nu_new.\n"
        "Memory stays constant. A malformed or invalid line stops the run with exit code 2 and\n"
        "a message naming the line; the lines before it have been written.\n\n"
        "Exit codes: 0 done; 1 the computation did not reach its accuracy; 2 bad usage or input.\n",
    .run = cmd_map,
};

static void print_mpfr_result(const point_args *a, mpfr_t mu_new, mpfr_t nu_new)
{
    int digits = digits_for_bits(a->precision);
    char *mu_s = NULL, *nu_s = NULL;
    mpfr_asprintf(&mu_s, "%.*Rg", digits, mu_new);
    mpfr_asprintf(&nu_s, "%.*Rg", digits, nu_new);
    if (a->json) {
        json_writer w;
        json_begin(&w, stdout);
        json_string(&w, "method", "mpfr");
        json_integer(&w, "precision", a->precision);
        json_string(&w, "mu_new", mu_s);
        json_string(&w, "nu_new", nu_s);
        json_end(&w);
    } else {
        printf("mu_new = %s\nnu_new = %s\n", mu_s, nu_s);
    }
    mpfr_free_str(mu_s);
    mpfr_free_str(nu_s);
}

static int map_mpfr(const point_args *a, const cli_opt *opts, size_t nopts)
{
    sn_mpfr_args m;
    point_mpfr_args(&m, opts, nopts, a);
    mpfr_t mu_new, nu_new;
    mpfr_inits2(a->precision, mu_new, nu_new, (mpfr_ptr)0);
    int status = sn_mpfr_map(mu_new, nu_new, &m, a->precision);
    if (status == GSL_SUCCESS) print_mpfr_result(a, mu_new, nu_new);
    mpfr_clears(mu_new, nu_new, (mpfr_ptr)0);
    sn_mpfr_args_clear(&m);
    return status == GSL_SUCCESS ? EXIT_OK : cli_status_exit("map", status);
}

static void print_result(const point_args *a, const sn_moments *g)
{
    if (a->json) {
        json_writer w;
        json_begin(&w, stdout);
        json_number(&w, "mu", a->x.mu);
        json_number(&w, "omega", a->x.omega);
        json_number(&w, "nu", a->x.nu);
        json_number(&w, "tau", a->x.tau);
        json_number(&w, "alpha", a->p.alpha);
        json_number(&w, "lambda", a->p.lambda);
        json_string(&w, "method", a->method_name);
        json_number(&w, "mu_new", g->mu_new);
        json_number(&w, "nu_new", g->nu_new);
        json_number(&w, "mu_err", g->mu_err);
        json_number(&w, "nu_err", g->nu_err);
        json_end(&w);
    } else {
        printf("mu_new = %.17g  (error <= %.2g)\nnu_new = %.17g  (error <= %.2g)\n",
               g->mu_new, g->mu_err, g->nu_new, g->nu_err);
    }
}

int cmd_map(int argc, char **argv)
{
    point_args a;
    cli_opt opts[POINT_NOPTS];
    size_t nopts = point_options(opts, &a, 1);
    int rc = cli_parse(argc, argv, opts, nopts, &CMD_MAP, NULL, 0, NULL);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    if ((rc = point_validate(&CMD_MAP, opts, nopts, &a))) return rc;
    if (a.from_stdin) return map_stdin(&a, opts, nopts);
    if (a.method == METHOD_MPFR) return map_mpfr(&a, opts, nopts);

    sn_moments g;
    int status = a.method == METHOD_QUAD ? sn_map_quad(&g, a.x, a.p) : sn_map(&g, a.x, a.p);
    if (status != GSL_SUCCESS) return cli_status_exit("map", status);
    print_result(&a, &g);
    return EXIT_OK;
}

/* ---- streaming rows ------------------------------------------------------------------ */

#define CHUNK_ROWS 32768
#define MAX_LINE 4096
#define OUT_EXTRA 64   /* two %.17g numbers, two spaces, newline */

typedef struct {
    char *text;          /* the chunk's lines, each NUL-terminated, back to back */
    size_t text_len, text_cap;
    size_t *offset;      /* start of row i in text */
    size_t *line_no;     /* input line number of row i */
    sn_point *x;
    const char **problem;  /* parse or domain problem of row i, NULL if fine */
    int *field;            /* for parse problems: the 1-based field, else 0 */
    double *mu_new, *nu_new;
    int *status;
    char *out;             /* formatted output; row i at offset[i] + i·OUT_EXTRA */
    size_t out_cap;
    size_t *out_len;
    size_t rows;
    /* for --method mpfr: α and λ as the single-point command uses them (exact α01, λ01 by
     * default), set once for the stream */
    sn_mpfr_args mpfr_params;
} chunk;

static int chunk_alloc(chunk *c)
{
    memset(c, 0, sizeof *c);
    c->text_cap = (size_t)CHUNK_ROWS * 128;
    c->text = malloc(c->text_cap);
    c->offset = malloc(CHUNK_ROWS * sizeof *c->offset);
    c->line_no = malloc(CHUNK_ROWS * sizeof *c->line_no);
    c->x = malloc(CHUNK_ROWS * sizeof *c->x);
    c->problem = malloc(CHUNK_ROWS * sizeof *c->problem);
    c->field = malloc(CHUNK_ROWS * sizeof *c->field);
    c->mu_new = malloc(CHUNK_ROWS * sizeof *c->mu_new);
    c->nu_new = malloc(CHUNK_ROWS * sizeof *c->nu_new);
    c->status = malloc(CHUNK_ROWS * sizeof *c->status);
    c->out_len = malloc(CHUNK_ROWS * sizeof *c->out_len);
    return c->text && c->offset && c->line_no && c->x && c->problem && c->field && c->mu_new
        && c->nu_new && c->status && c->out_len;
}

static void chunk_free(chunk *c)
{
    free(c->text); free(c->offset); free(c->line_no); free(c->x); free(c->problem);
    free(c->field); free(c->mu_new); free(c->nu_new); free(c->status); free(c->out);
    free(c->out_len);
    sn_mpfr_args_clear(&c->mpfr_params);
}

static int chunk_push(chunk *c, const char *line, size_t len, size_t line_no)
{
    if (c->text_len + len + 1 > c->text_cap) {
        size_t cap = 2 * c->text_cap + len + 1;
        char *t = realloc(c->text, cap);
        if (!t) return 0;
        c->text = t;
        c->text_cap = cap;
    }
    c->offset[c->rows] = c->text_len;
    c->line_no[c->rows] = line_no;
    memcpy(c->text + c->text_len, line, len);
    c->text[c->text_len + len] = '\0';
    c->text_len += len + 1;
    c->rows++;
    return 1;
}

/* Splits row i in place into fields and parses them; the fields are re-joined with single
 * spaces for the echo. */
static void parse_row(chunk *c, size_t i, sn_selu p)
{
    char *s = c->text + c->offset[i], *fields[4];
    int n = 0;
    c->problem[i] = NULL;
    c->field[i] = 0;
    for (char *tok = s; *tok;) {
        tok += strspn(tok, " \t\r");
        if (!*tok) break;
        size_t len = strcspn(tok, " \t\r");
        if (n == 4) { c->problem[i] = "expected 4 numbers (mu omega nu tau), found more"; return; }
        fields[n++] = tok;
        if (tok[len]) tok[len++] = '\0';
        tok += len;
    }
    if (n < 4) { c->problem[i] = "expected 4 numbers (mu omega nu tau), found fewer"; return; }
    double v[4];
    for (int k = 0; k < 4; k++) {
        const char *why = cli_parse_double(fields[k], &v[k]);
        if (why) { c->problem[i] = why; c->field[i] = k + 1; return; }
    }
    c->x[i] = (sn_point){ v[0], v[1], v[2], v[3] };
    c->problem[i] = point_problem(c->x[i], p);
    /* re-join: the fields are in order inside the row's own storage */
    char *w = s;
    for (int k = 0; k < 4; k++) {
        size_t len = strlen(fields[k]);
        memmove(w, fields[k], len);
        w += len;
        *w++ = k < 3 ? ' ' : '\0';
    }
}

static void compute_row(chunk *c, size_t i, const point_args *a)
{
    sn_moments g = { 0 };
    if (a->method == METHOD_QUAD) {
        c->status[i] = sn_map_quad(&g, c->x[i], a->p);
    } else if (a->method == METHOD_MPFR) {
        sn_mpfr_args m;
        mpfr_t mu_new, nu_new;
        sn_mpfr_args_init(&m, mpfr_get_prec(c->mpfr_params.alpha));
        sn_mpfr_args_set_d(&m, c->x[i], a->p);
        mpfr_set(m.alpha, c->mpfr_params.alpha, MPFR_RNDN);
        mpfr_set(m.lambda, c->mpfr_params.lambda, MPFR_RNDN);
        mpfr_inits2(53, mu_new, nu_new, (mpfr_ptr)0);
        c->status[i] = sn_mpfr_map(mu_new, nu_new, &m, a->precision);
        g.mu_new = mpfr_get_d(mu_new, MPFR_RNDN);
        g.nu_new = mpfr_get_d(nu_new, MPFR_RNDN);
        mpfr_clears(mu_new, nu_new, (mpfr_ptr)0);
        sn_mpfr_args_clear(&m);
    } else {
        c->status[i] = sn_map(&g, c->x[i], a->p);
    }
    c->mu_new[i] = g.mu_new;
    c->nu_new[i] = g.nu_new;
}

/* Parses, computes and formats a chunk in parallel, then writes it in order up to the first
 * bad row. Returns EXIT_OK, or the exit code after reporting the bad row. */
static char *out_slot(const chunk *c, size_t i)
{
    return c->out + c->offset[i] + i * OUT_EXTRA;
}

static int process_chunk(chunk *c, const point_args *a)
{
    long n = (long)c->rows;
    size_t need = c->text_len + c->rows * OUT_EXTRA;
    if (need > c->out_cap) {
        char *o = realloc(c->out, need);
        if (!o) {
            fprintf(stderr, "selfnorm map: out of memory\n");
            return EXIT_USAGE;
        }
        c->out = o;
        c->out_cap = need;
    }
    #pragma omp parallel for schedule(dynamic, 256)
    for (long i = 0; i < n; i++) {
        parse_row(c, (size_t)i, a->p);
        c->status[i] = GSL_SUCCESS;
        c->out_len[i] = 0;
        if (c->problem[i]) continue;            /* reported below, never formatted */
        compute_row(c, (size_t)i, a);
        const char *row = c->text + c->offset[i];
        c->out_len[i] = (size_t)snprintf(out_slot(c, (size_t)i), strlen(row) + OUT_EXTRA,
                                         "%s %.17g %.17g\n", row, c->mu_new[i], c->nu_new[i]);
    }
    for (size_t i = 0; i < c->rows; i++) {
        if (c->problem[i] || c->status[i]) {
            fflush(stdout);
            if (c->field[i])
                fprintf(stderr, "selfnorm map: line %zu: field %d %s\n", c->line_no[i],
                        c->field[i], c->problem[i]);
            else
                fprintf(stderr, "selfnorm map: line %zu: %s\n", c->line_no[i],
                        c->problem[i] ? c->problem[i] : cli_status_text(c->status[i]));
            return c->problem[i] || c->status[i] == GSL_EOVRFLW ? EXIT_USAGE : EXIT_FALSE;
        }
        fwrite(out_slot(c, i), 1, c->out_len[i], stdout);
    }
    c->rows = 0;
    c->text_len = 0;
    return EXIT_OK;
}

static int map_stdin(const point_args *a, const cli_opt *opts, size_t nopts)
{
    chunk c;
    int allocated = chunk_alloc(&c);
    point_mpfr_args(&c.mpfr_params, opts, nopts, a);
    if (!allocated) {
        chunk_free(&c);
        fprintf(stderr, "selfnorm map: out of memory\n");
        return EXIT_USAGE;
    }
    char *line = NULL;
    size_t cap = 0, line_no = 0;
    ssize_t len;
    int rc = EXIT_OK;
    while (rc == EXIT_OK && (len = getline(&line, &cap, stdin)) >= 0) {
        line_no++;
        if (len > 0 && line[len - 1] == '\n') line[--len] = '\0';
        if ((size_t)len >= MAX_LINE) {
            if ((rc = process_chunk(&c, a)) != EXIT_OK) break;
            fprintf(stderr, "selfnorm map: line %zu: longer than %d characters\n", line_no, MAX_LINE);
            rc = EXIT_USAGE;
            break;
        }
        if (memchr(line, '\0', (size_t)len)) {
            if ((rc = process_chunk(&c, a)) != EXIT_OK) break;
            fprintf(stderr, "selfnorm map: line %zu: contains a NUL byte\n", line_no);
            rc = EXIT_USAGE;
            break;
        }
        size_t skip = strspn(line, " \t\r");
        if (line[skip] == '\0' || line[skip] == '#') continue;
        if (!chunk_push(&c, line, (size_t)len, line_no)) {
            fprintf(stderr, "selfnorm map: out of memory\n");
            rc = EXIT_USAGE;
            break;
        }
        if (c.rows == CHUNK_ROWS) rc = process_chunk(&c, a);
    }
    if (rc == EXIT_OK) rc = process_chunk(&c, a);
    if (rc == EXIT_OK && ferror(stdin)) {
        fprintf(stderr, "selfnorm map: error reading standard input\n");
        rc = EXIT_USAGE;
    }
    free(line);
    chunk_free(&c);
    if (fflush(stdout) != 0 && rc == EXIT_OK) {
        fprintf(stderr, "selfnorm map: error writing standard output\n");
        rc = EXIT_USAGE;
    }
    return rc;
}
