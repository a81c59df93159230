/* rows.c - `--stdin` for map and jacobian: one reader, one driver, one set of formats.
 *
 * Rows are read in chunks, validated, computed in parallel and formatted into an anonymous
 * temporary file; only when the whole input has been read and every row computed is that
 * file copied to stdout. A bad row therefore leaves stdout empty (the project's rule: no
 * partial results), while memory stays bounded by one chunk whatever the input's size. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <omp.h>
#include "cli.h"

#define CHUNK_ROWS 16384
#define MAX_LINE 4096
/* Beyond this many rows the temporary file would run to gigabytes: refuse rather than fill
 * the disk. Split larger inputs. */
#define MAX_ROWS 50000000UL

static const char *const COLUMN[NCOLUMNS] = { "mu", "omega", "nu", "tau", "alpha", "lambda" };

/* ---- fields and the header --------------------------------------------------------- */

/* Splits line in place at whitespace and single commas ("0 0 1 1", "0,0,1,1", "0, 0, 1, 1").
 * Returns the number of fields (at most max + 1, to tell "more"), or -1 for an empty field
 * (two commas in a row, or a comma at either end). */
static int split_fields(char *line, char **field, int max)
{
    int n = 0, after_comma = 0;
    char *p = line;
    for (;;) {
        p += strspn(p, " \t\r");
        if (*p == '\0') return after_comma ? -1 : n;
        if (*p == ',') {
            if (n == 0 || after_comma) return -1;
            after_comma = 1;
            p++;
            continue;
        }
        size_t len = strcspn(p, " \t\r,");
        if (n <= max) field[n++] = p;
        after_comma = 0;
        p += len;
        if (*p == ',') after_comma = 1;
        if (*p) *p++ = '\0';
    }
}

/* A header names columns: every field begins with a letter (numbers begin with a digit, a
 * sign or a point, so "nan 0 1 1" is a row with a bad number, not a header). */
static int is_header(char **field, int n)
{
    for (int k = 0; k < n; k++)
        if (!isalpha((unsigned char)field[k][0])) return 0;
    return 1;
}

static int column_index(const char *name)
{
    for (int c = 0; c < NCOLUMNS; c++)
        if (strcmp(name, COLUMN[c]) == 0) return c;
    return -1;
}

typedef struct {
    const cli_command *cmd;
    const point_args *a;
    int ncols;              /* fields per row */
    int col[NCOLUMNS];      /* the column of field k */
    int has_params;         /* the rows carry alpha or lambda */
    size_t line_no;
} reader;

static int line_error(const reader *r, const char *fmt, const char *what)
{
    fprintf(stderr, "selfnorm %s: line %zu: ", r->cmd->name, r->line_no);
    fprintf(stderr, fmt, what);
    fputc('\n', stderr);
    return EXIT_USAGE;
}

/* --alpha/--lambda and a column of the same name would be two values for one thing. */
static int check_params(reader *r, const cli_opt *opts, size_t nopts)
{
    for (int k = 0; k < r->ncols; k++) {
        if (r->col[k] < COL_ALPHA) continue;
        r->has_params = 1;
        if (cli_given(opts, nopts, COLUMN[r->col[k]]))
            return cli_usage_error(r->cmd->name, "--%s cannot be combined with an input column "
                                   "%s", COLUMN[r->col[k]], COLUMN[r->col[k]]);
    }
    return EXIT_OK;
}

static int read_header(reader *r, char **field, int n)
{
    if (n > NCOLUMNS) return line_error(r, "%s", "a header of more than 6 columns");
    int seen[NCOLUMNS] = { 0 };
    for (int k = 0; k < n; k++) {
        int c = column_index(field[k]);
        if (c < 0)
            return line_error(r, "unknown column '%s' (columns: mu omega nu tau alpha lambda)",
                              field[k]);
        if (seen[c]++) return line_error(r, "column '%s' appears twice", field[k]);
        r->col[k] = c;
    }
    for (int c = 0; c < COL_ALPHA; c++)
        if (!seen[c]) return line_error(r, "the header lacks the column '%s'", COLUMN[c]);
    r->ncols = n;
    return EXIT_OK;
}

/* Without a header: mu omega nu tau, or mu omega nu tau alpha lambda. */
static int implicit_columns(reader *r, int n)
{
    if (n != 4 && n != 6)
        return line_error(r, "%s", n < 4 ? "expected 4 numbers (mu omega nu tau), found fewer"
                                         : "expected 4 or 6 numbers (mu omega nu tau [alpha lambda]),"
                                           " found another count");
    for (int k = 0; k < n; k++) r->col[k] = k;
    r->ncols = n;
    return EXIT_OK;
}

/* Rows waiting to be computed, with the text of their inputs for the echo. */
typedef struct {
    point_row *row;
    char *result;      /* rc->result_size bytes per row */
    size_t n;
    char *echo;        /* row i's inputs as given, joined by the output's separator */
    size_t echo_len, echo_cap;
} chunk;

/* Appends the fields, in the columns' order, to the chunk's echo text: the inputs are echoed
 * as given (formatting them anew would cost as much as the closed form). */
static int keep_echo(chunk *c, const reader *r, char **field, int n, point_row *row)
{
    const char *ordered[NCOLUMNS] = { 0 };
    size_t need = 0;
    for (int k = 0; k < n; k++) {
        ordered[r->col[k]] = field[k];
        need += strlen(field[k]) + 1;
    }
    if (c->echo_len + need > c->echo_cap) {
        size_t cap = 2 * (c->echo_cap + need);
        char *e = realloc(c->echo, cap);
        if (!e) return cli_usage_error(r->cmd->name, "out of memory");
        c->echo = e;
        c->echo_cap = cap;
    }
    char sep = r->a->format == FORMAT_CSV ? ',' : '\t', *w = c->echo + c->echo_len;
    row->echo = c->echo_len;
    int ncols = r->has_params ? NCOLUMNS : COL_ALPHA;
    for (int k = 0; k < ncols; k++) {
        if (k) *w++ = sep;
        if (ordered[k]) {
            size_t len = strlen(ordered[k]);
            memcpy(w, ordered[k], len);
            w += len;
        } else {   /* alpha or lambda from the options, beside a column of the other */
            w += sprintf(w, "%.17g", k == COL_ALPHA ? r->a->p.alpha : r->a->p.lambda);
        }
    }
    *w++ = '\0';
    c->echo_len = (size_t)(w - c->echo);
    return EXIT_OK;
}

static int parse_row(const reader *r, char **field, int n, chunk *c)
{
    point_row *row = &c->row[c->n];
    if (n != r->ncols) {
        char want[48];
        snprintf(want, sizeof want, "expected %d fields, found %s", r->ncols,
                 n < r->ncols ? "fewer" : "more");
        return line_error(r, "%s", want);
    }
    double v[NCOLUMNS] = { 0, 0, 0, 0, r->a->p.alpha, r->a->p.lambda };
    for (int k = 0; k < n; k++) {
        const char *why = cli_parse_double(field[k], &v[r->col[k]]);
        if (why) {
            fprintf(stderr, "selfnorm %s: line %zu: %s '%s' %s\n", r->cmd->name, r->line_no,
                    COLUMN[r->col[k]], field[k], why);
            return EXIT_USAGE;
        }
    }
    row->x = (sn_point){ v[COL_MU], v[COL_OMEGA], v[COL_NU], v[COL_TAU] };
    row->p = (sn_selu){ v[COL_ALPHA], v[COL_LAMBDA] };
    row->params = r->has_params;
    row->line_no = r->line_no;
    const char *why = point_problem(row->x, row->p);
    if (why) return line_error(r, "%s", why);
    int code = keep_echo(c, r, field, n, row);
    if (code == EXIT_OK) c->n++;
    return code;
}

/* ---- output ------------------------------------------------------------------------- */

static void write_head(FILE *f, const reader *r, const row_command *rc)
{
    if (r->a->format == FORMAT_JSONL) return;   /* its keys name every value */
    char sep = r->a->format == FORMAT_CSV ? ',' : '\t';
    if (r->a->format == FORMAT_TSV) fputs("# ", f);
    int ncols = r->has_params ? NCOLUMNS : COL_ALPHA;
    for (int c = 0; c < ncols; c++) fprintf(f, "%s%c", COLUMN[c], sep);
    for (size_t k = 0; k < rc->ncolumns; k++)
        fprintf(f, "%s%c", rc->columns[k], k + 1 < rc->ncolumns ? sep : '\n');
}

static void write_row(FILE *f, const reader *r, const row_command *rc, const chunk *c,
                      const point_row *row, const void *result, const cli_opt *opts, size_t nopts)
{
    if (r->a->format == FORMAT_JSONL) {
        rc->json(f, row, result, r->a, opts, nopts);
        return;
    }
    fputs(c->echo + row->echo, f);
    rc->cells(f, r->a->format == FORMAT_CSV ? ',' : '\t', result);
    fputc('\n', f);
}

/* ---- the driver --------------------------------------------------------------------- */


/* One thread's share of a chunk, rows [lo, hi): computed and formatted in order into its
 * own buffer, up to the first row whose computation fails (first_bad, else hi). */
typedef struct {
    char *text;
    size_t len;
    size_t first_bad;
    int status;
} share;

static void compute_share(share *sh, size_t lo, size_t hi, chunk *c, const reader *r,
                          const row_command *rc, void *ctx, const cli_opt *opts, size_t nopts)
{
    sh->first_bad = hi;
    sh->status = GSL_SUCCESS;
    FILE *m = open_memstream(&sh->text, &sh->len);
    if (!m) {
        sh->first_bad = lo;
        sh->status = GSL_ENOMEM;
        return;
    }
    for (size_t i = lo; i < hi; i++) {
        void *result = c->result + i * rc->result_size;
        int status = rc->compute(result, &c->row[i], r->a, ctx);
        if (status != GSL_SUCCESS) {
            sh->first_bad = i;
            sh->status = status;
            break;
        }
        write_row(m, r, rc, c, &c->row[i], result, opts, nopts);
    }
    if (fclose(m) != 0 && sh->status == GSL_SUCCESS) {
        sh->first_bad = lo;
        sh->status = GSL_ENOMEM;
    }
}

#define MAX_SHARES 256

/* Computes and formats the chunk in parallel, one contiguous share per thread (formatting
 * costs as much as the closed form), then appends the shares to the spool in order. On a
 * row whose computation failed: the message for the first such row, and its exit code. */
static int flush_chunk(chunk *c, const reader *r, const row_command *rc, void *ctx, FILE *spool,
                       const cli_opt *opts, size_t nopts)
{
    share sh[MAX_SHARES] = { { 0 } };
    int used = 1;
    #pragma omp parallel num_threads(omp_get_max_threads() < MAX_SHARES ? omp_get_max_threads() : MAX_SHARES)
    {
        int t = omp_get_thread_num(), nt = omp_get_num_threads();
        #pragma omp single
        used = nt;
        compute_share(&sh[t], c->n * (size_t)t / (size_t)nt, c->n * (size_t)(t + 1) / (size_t)nt,
                      c, r, rc, ctx, opts, nopts);
    }
    int code = EXIT_OK;
    for (int t = 0; t < used; t++) {
        if (code == EXIT_OK && sh[t].status != GSL_SUCCESS) {
            size_t line = sh[t].first_bad < c->n ? c->row[sh[t].first_bad].line_no : r->line_no;
            fprintf(stderr, "selfnorm %s: line %zu: %s\n", r->cmd->name, line,
                    cli_status_text(sh[t].status));
            code = cli_status_code(sh[t].status);
        }
        if (code == EXIT_OK) fwrite(sh[t].text, 1, sh[t].len, spool);
        free(sh[t].text);
    }
    c->n = 0;
    c->echo_len = 0;
    return code;
}

/* One input line: skipped, the header, or a row appended to the chunk. */
static int take_line(reader *r, char *line, chunk *c, const cli_opt *opts, size_t nopts)
{
    size_t skip = strspn(line, " \t\r");
    if (line[skip] == '\0' || line[skip] == '#') return EXIT_OK;
    char *field[NCOLUMNS + 1];
    int n = split_fields(line, field, NCOLUMNS);
    if (n < 0) return line_error(r, "%s", "an empty field (two commas, or a comma at an end)");
    if (r->ncols == 0) {
        int rc = is_header(field, n) ? read_header(r, field, n) : implicit_columns(r, n);
        if (rc == EXIT_OK) rc = check_params(r, opts, nopts);
        if (rc != EXIT_OK || is_header(field, n)) return rc;
    }
    return parse_row(r, field, n, c);
}

/* One line of stdin into buf (at most MAX_LINE − 1 characters and the NUL): its length
 * without the newline, −1 at the end of the input, −2 when longer, −3 on a read error. The
 * buffer is bounded so that a line without end cannot take the machine's memory. */
static ssize_t read_line(char *buf)
{
    size_t n = 0;
    int ch;
    while ((ch = getc_unlocked(stdin)) != EOF && ch != '\n') {
        if (n == MAX_LINE - 1) return -2;
        buf[n++] = (char)ch;
    }
    if (ch == EOF && ferror(stdin)) return -3;
    if (ch == EOF && n == 0) return -1;
    buf[n] = '\0';
    return (ssize_t)n;
}

/* Reads every line, computing chunk by chunk into the spool. */
static int read_all(reader *r, const row_command *rc, void *ctx, chunk *c, FILE *spool,
                    const cli_opt *opts, size_t nopts)
{
    char line[MAX_LINE];
    size_t rows = 0;
    ssize_t len;
    int code = EXIT_OK;
    int headed = 0;
    while (code == EXIT_OK && (len = read_line(line)) != -1) {
        r->line_no++;
        if (len == -3) { code = cli_usage_error(r->cmd->name, "error reading standard input"); break; }
        if (len == -2) { code = line_error(r, "longer than %s characters", "4095"); break; }
        if (memchr(line, '\0', (size_t)len)) { code = line_error(r, "%s", "contains a NUL byte"); break; }
        size_t before = c->n;
        code = take_line(r, line, c, opts, nopts);
        if (code != EXIT_OK) break;
        if (r->ncols && !headed) {
            write_head(spool, r, rc);
            headed = 1;
        }
        if (c->n > before && ++rows > MAX_ROWS) {
            code = cli_usage_error(r->cmd->name, "more than %lu rows; split the input", MAX_ROWS);
            break;
        }
        if (c->n == CHUNK_ROWS) code = flush_chunk(c, r, rc, ctx, spool, opts, nopts);
    }
    if (code == EXIT_OK) code = flush_chunk(c, r, rc, ctx, spool, opts, nopts);
    return code;
}

/* Copies the spool to stdout: the only write to stdout, after everything succeeded. */
static int copy_out(const cli_command *cmd, FILE *spool)
{
    if (fflush(spool) != 0 || ferror(spool))
        return cli_usage_error(cmd->name, "cannot write the temporary output (disk full?)");
    rewind(spool);
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, spool)) > 0)
        if (fwrite(buf, 1, n, stdout) != n) break;
    if (ferror(spool) || fflush(stdout) != 0 || ferror(stdout))
        return cli_usage_error(cmd->name, "error writing standard output");
    return EXIT_OK;
}

int rows_run(const cli_command *cmd, const row_command *rc, const point_args *a, void *ctx,
             const cli_opt *opts, size_t nopts)
{
    reader r = { .cmd = cmd, .a = a };
    chunk c = { .row = malloc(CHUNK_ROWS * sizeof *c.row),
                .result = malloc(CHUNK_ROWS * rc->result_size) };
    FILE *spool = tmpfile();
    int code;
    if (!c.row || !c.result) code = cli_usage_error(cmd->name, "out of memory");
    else if (!spool) code = cli_usage_error(cmd->name, "cannot create a temporary file for the output");
    else code = read_all(&r, rc, ctx, &c, spool, opts, nopts);
    if (code == EXIT_OK) code = copy_out(cmd, spool);
    if (spool) fclose(spool);
    free(c.row);
    free(c.result);
    free(c.echo);
    return code;
}

int rows_format(const cli_command *cmd, point_args *a, const cli_opt *opts, size_t nopts)
{
    static const char *const name[] = { "tsv", "csv", "jsonl" };
    if (cli_given(opts, nopts, "format") && !a->from_stdin)
        return cli_usage_error(cmd->name, "--format applies to --stdin only");
    for (int f = 0; f < 3; f++)
        if (strcmp(a->format_name, name[f]) == 0) {
            a->format = (row_format)f;
            return EXIT_OK;
        }
    return cli_usage_error(cmd->name, "--format: '%s' is not tsv, csv or jsonl", a->format_name);
}
