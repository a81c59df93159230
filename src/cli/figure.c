/* figure.c - a figure's data in memory, printed as TSV or JSON, or rendered by gnuplot. */
#define _GNU_SOURCE   /* posix_spawn_file_actions_addchdir_np (glibc 2.29) */
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "figure.h"
#include "sysio_internal.h"

extern char **environ;

void fig_init(fig_data *d, const char *figure)
{
    memset(d, 0, sizeof *d);
    d->figure = figure;
}

void fig_free(fig_data *d)
{
    for (size_t k = 0; k < d->nsets; k++) {
        free(d->sets[k].values);
        free(d->sets[k].block_start);
    }
    d->nsets = 0;
}

static fig_param *new_param(fig_data *d, const char *name, int is_input, fig_param_kind kind)
{
    if (d->nparams == FIG_MAX_PARAMS || strlen(name) >= sizeof d->params[0].name) {
        d->failed = 1;
        return NULL;
    }
    fig_param *p = &d->params[d->nparams++];
    memset(p, 0, sizeof *p);
    strcpy(p->name, name);
    p->is_input = is_input;
    p->kind = kind;
    return p;
}

static void set_text(fig_data *d, fig_param *p, const char *text)
{
    if (!p) return;
    size_t n = strlen(text);
    if (n >= sizeof p->text) {   /* a text too long for the table: a bug, reported */
        d->failed = 1;
        n = sizeof p->text - 1;
    }
    memcpy(p->text, text, n);
    p->text[n] = '\0';
}

void fig_input_number(fig_data *d, const char *name, double value)
{
    fig_param *p = new_param(d, name, 1, FIG_NUMBER);
    if (p) p->value = value;
}

void fig_input_text(fig_data *d, const char *name, const char *text)
{
    set_text(d, new_param(d, name, 1, FIG_TEXT), text);
}

void fig_input_range(fig_data *d, const char *name, fig_range r)
{
    size_t n = strlen(name);
    if (n < 6 || strcmp(name + n - 6, "_range")) {   /* the gnuplot names derive from it */
        d->failed = 1;
        return;
    }
    fig_param *p = new_param(d, name, 1, FIG_RANGE);
    if (!p) return;
    p->value = r.lo;
    p->hi = r.hi;
}

void fig_input_integer(fig_data *d, const char *name, long value)
{
    fig_param *p = new_param(d, name, 1, FIG_INTEGER);
    if (p) p->value = (double)value;
}

void fig_param_integer(fig_data *d, const char *name, long value)
{
    fig_param *p = new_param(d, name, 0, FIG_INTEGER);
    if (p) p->value = (double)value;
}

void fig_shortest(char *buf, size_t n, double v)
{
    if (v == floor(v) && fabs(v) < 1e15) {   /* 2000, not 2e+03 */
        snprintf(buf, n, "%.0f", v);
        return;
    }
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, n, "%.*g", digits, v);
        if (strtod(buf, NULL) == v || isnan(v)) return;
    }
}

void fig_input_window(fig_data *d, double omega, double tau, sn_selu p, fig_range mu, fig_range nu)
{
    fig_input_number(d, "omega", omega);
    fig_input_number(d, "tau", tau);
    fig_input_number(d, "alpha", p.alpha);
    fig_input_number(d, "lambda", p.lambda);
    fig_input_range(d, "mu_range", mu);
    fig_input_range(d, "nu_range", nu);
}

void fig_param_number(fig_data *d, const char *name, double value)
{
    fig_param *p = new_param(d, name, 0, FIG_NUMBER);
    if (p) p->value = value;
}

void fig_param_text(fig_data *d, const char *name, const char *text)
{
    set_text(d, new_param(d, name, 0, FIG_TEXT), text);
}

void fig_dataset_begin(fig_data *d, const char *name, const char *columns)
{
    if (d->nsets == FIG_MAX_DATASETS) {
        d->failed = 1;
        return;
    }
    d->current = d->nsets;
    fig_dataset *s = &d->sets[d->nsets++];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    for (const char *p = columns; *p;) {
        size_t len = strcspn(p, " ");
        if (len) {
            if (s->ncolumns == FIG_MAX_COLUMNS || len >= sizeof s->columns[0]) {
                d->failed = 1;
                return;
            }
            memcpy(s->columns[s->ncolumns], p, len);
            s->columns[s->ncolumns++][len] = '\0';
        }
        p += len + (p[len] == ' ');
    }
}

static int grow(void **buf, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return 0;
    size_t n = *cap ? 2 * *cap : 256;
    while (n < need) n *= 2;
    void *b = realloc(*buf, n * elem);
    if (!b) return -1;
    *buf = b;
    *cap = n;
    return 0;
}

void fig_dataset_select(fig_data *d, size_t k)
{
    if (k >= d->nsets) d->failed = 1;
    else d->current = k;
}

void fig_block(fig_data *d)
{
    if (!d->nsets || d->failed) {
        d->failed = 1;
        return;
    }
    fig_dataset *s = &d->sets[d->current];
    if (s->nblocks && s->block_start[s->nblocks - 1] == s->nrows) return;   /* empty block */
    if (grow((void **)&s->block_start, &s->block_cap, s->nblocks + 1, sizeof(size_t))) {
        d->failed = 1;
        return;
    }
    s->block_start[s->nblocks++] = s->nrows;
}

void fig_row(fig_data *d, const double *values)
{
    if (!d->nsets || d->failed) {
        d->failed = 1;
        return;
    }
    fig_dataset *s = &d->sets[d->current];
    if (!s->nblocks) fig_block(d);
    if (d->failed) return;
    size_t need = (s->nrows + 1) * s->ncolumns;
    if (grow((void **)&s->values, &s->cap, need, sizeof(double))) {
        d->failed = 1;
        return;
    }
    memcpy(s->values + s->nrows * s->ncolumns, values, s->ncolumns * sizeof(double));
    s->nrows++;
}

/* the end (exclusive) of block b */
static size_t block_end(const fig_dataset *s, size_t b)
{
    return b + 1 < s->nblocks ? s->block_start[b + 1] : s->nrows;
}

void fig_print_tsv(FILE *f, const fig_data *d)
{
    fprintf(f, "# figure %s\n", d->figure);
    for (size_t i = 0; i < d->nparams; i++) {
        const fig_param *p = &d->params[i];
        char a[40], b[40];
        fig_shortest(a, sizeof a, p->value);
        fig_shortest(b, sizeof b, p->hi);
        /* a number reads back as a number, not an integer (fig_read_tsv, gnuplot) */
        if (p->kind != FIG_INTEGER) {
            if (isfinite(p->value) && !strpbrk(a, ".e")) strcat(a, ".0");
            if (isfinite(p->hi) && !strpbrk(b, ".e")) strcat(b, ".0");
        }
        fprintf(f, "# %s = ", p->name);
        if (p->kind == FIG_TEXT) fprintf(f, "%s\n", p->text);
        else if (p->kind != FIG_RANGE) fprintf(f, "%s\n", a);
        else if (isnan(p->value)) fputs("(not given)\n", f);
        else fprintf(f, "%s:%s\n", a, b);
    }
    for (size_t k = 0; k < d->nsets; k++) {
        const fig_dataset *s = &d->sets[k];
        if (k) fputs("\n\n", f);
        fprintf(f, "# dataset %zu: %s\n#", k, s->name);
        for (size_t c = 0; c < s->ncolumns; c++) fprintf(f, " %s", s->columns[c]);
        fputc('\n', f);
        for (size_t b = 0; b < s->nblocks; b++) {
            if (b) fputc('\n', f);
            for (size_t r = s->block_start[b]; r < block_end(s, b); r++)
                for (size_t c = 0; c < s->ncolumns; c++)
                    fprintf(f, "%.9g%c", s->values[r * s->ncolumns + c],
                            c + 1 < s->ncolumns ? '\t' : '\n');
        }
    }
}

void fig_print_json(FILE *f, const fig_data *d)
{
    json_writer w;
    json_begin(&w, f);
    json_string(&w, "figure", d->figure);
    for (int input = 1; input >= 0; input--) {
        json_open(&w, input ? "input" : "derived", '{');
        for (size_t i = 0; i < d->nparams; i++) {
            const fig_param *p = &d->params[i];
            if (p->is_input != input) continue;
            if (p->kind == FIG_TEXT) {
                json_string(&w, p->name, p->text);
            } else if (p->kind == FIG_INTEGER) {
                json_integer(&w, p->name, (long long)p->value);
            } else if (p->kind == FIG_NUMBER) {
                json_number(&w, p->name, p->value);
            } else if (isnan(p->value)) {
                json_key(&w, p->name);
                fputs("null", f);
            } else {
                json_open(&w, p->name, '[');
                json_number(&w, NULL, p->value);
                json_number(&w, NULL, p->hi);
                json_close(&w, ']');
            }
        }
        json_close(&w, '}');
    }
    json_open(&w, "datasets", '{');
    for (size_t k = 0; k < d->nsets; k++) {
        const fig_dataset *s = &d->sets[k];
        json_open(&w, s->name, '{');
        json_open(&w, "columns", '[');
        for (size_t c = 0; c < s->ncolumns; c++) json_string(&w, NULL, s->columns[c]);
        json_close(&w, ']');
        json_open(&w, "blocks", '[');
        for (size_t b = 0; b < s->nblocks; b++) {
            json_open(&w, NULL, '[');
            for (size_t r = s->block_start[b]; r < block_end(s, b); r++) {
                json_open(&w, NULL, '[');
                for (size_t c = 0; c < s->ncolumns; c++)
                    json_number(&w, NULL, s->values[r * s->ncolumns + c]);
                json_close(&w, ']');
            }
            json_close(&w, ']');
        }
        json_close(&w, ']');
        json_close(&w, '}');
    }
    json_close(&w, '}');
    json_end(&w);
}

/* ------------------------------------------------------------------------------------------
 * Rendering */

static const struct {
    const char *ext, *terminal;
} TERMINALS[] = {
    { ".png", "pngcairo" },
    { ".svg", "svg" },
    { ".pdf", "pdfcairo" },
};

const char *fig_terminal(const char *output)
{
    size_t n = strlen(output);
    for (size_t i = 0; i < sizeof TERMINALS / sizeof TERMINALS[0]; i++) {
        size_t e = strlen(TERMINALS[i].ext);
        if (n > e && strcasecmp(output + n - e, TERMINALS[i].ext) == 0) return TERMINALS[i].terminal;
    }
    return NULL;
}

/* a float in gnuplot's syntax: "1" would be an integer there, "1.0" is not */
static void gnuplot_number(FILE *f, const char *name, const char *suffix, double v)
{
    char buf[40];
    fig_shortest(buf, sizeof buf, v);
    if (!isfinite(v)) fprintf(f, "%s%s = NaN\n", name, suffix);
    else fprintf(f, "%s%s = %s%s\n", name, suffix, buf, strpbrk(buf, ".e") ? "" : ".0");
}

/* The preamble: terminal, output, and every parameter as a gnuplot variable. Parameter
 * names and texts are ours (figure writers), never the user's, so they need no quoting
 * beyond the apostrophes gnuplot's single-quoted strings cannot hold. */
static void write_preamble(FILE *f, const fig_data *d, const char *terminal, const fig_size *sz)
{
    if (!strcmp(terminal, "pdfcairo"))
        /* pdfcairo's default fontscale is 0.5: 1 keeps the proportions of the PNG */
        fprintf(f, "set terminal pdfcairo size %g in,%g in enhanced font \"DejaVu Sans,%g\" fontscale 1\n",
                sz->width / 100.0, sz->height / 100.0, sz->font);
    else if (!strcmp(terminal, "svg"))
        fprintf(f, "set terminal svg size %ld,%ld enhanced font \"DejaVu Sans,%g\" background rgb \"white\"\n",
                sz->width, sz->height, sz->font);
    else
        fprintf(f, "set terminal pngcairo size %ld,%ld enhanced font \"DejaVu Sans,%g\"\n",
                sz->width, sz->height, sz->font);
    /* gnuplot runs in the temporary directory: relative names, so that no path of ours (or
     * of TMPDIR) is ever part of a gnuplot command */
    fputs("set output 'figure'\ndatafile = 'data.tsv'\n", f);
    for (size_t i = 0; i < d->nparams; i++) {
        const fig_param *p = &d->params[i];
        if (p->kind == FIG_TEXT) {
            fprintf(f, "%s = '", p->name);
            for (const char *c = p->text; *c; c++) fputc(*c == '\'' ? '"' : *c, f);
            fputs("'\n", f);
        } else if (p->kind == FIG_INTEGER) {
            fprintf(f, "%s = %.0f\n", p->name, p->value);
        } else if (p->kind == FIG_NUMBER) {
            gnuplot_number(f, p->name, "", p->value);
        } else {
            int stem = (int)strlen(p->name) - 6;   /* NAME_range → NAME_lo, NAME_hi */
            char name[40];
            snprintf(name, sizeof name, "%.*s", stem, p->name);
            gnuplot_number(f, name, "_lo", p->value);
            gnuplot_number(f, name, "_hi", p->hi);
        }
    }
}

/* What an interrupted rendering leaves to clean: the temporary directory, gnuplot, and the
 * temporary file beside the output. Process-wide because signals are; set only while
 * fig_render runs. */
static struct {
    volatile sig_atomic_t active;
    char dir[4096], partial[4200];
    volatile pid_t child;
} cleanup;

static void remove_tree(const char *dir);

static void on_signal(int sig)
{
    if (cleanup.active) {
        if (cleanup.child > 0) kill(cleanup.child, SIGKILL);
        if (cleanup.partial[0]) unlink(cleanup.partial);
        remove_tree(cleanup.dir);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Runs `gnuplot figure.gp` in the directory dir, its stdout sent to our stderr (gnuplot
 * prints errors on stderr, which stays ours). Returns its exit status, 127 when gnuplot is
 * not found, -1 when it cannot be started. */
static int run_gnuplot(const char *dir)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, STDERR_FILENO, STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addchdir_np(&fa, dir);
    char *argv[] = { "gnuplot", "figure.gp", NULL };
    pid_t pid;
    int err = posix_spawnp(&pid, "gnuplot", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (err) return err == ENOENT ? 127 : -1;
    cleanup.child = pid;
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    cleanup.child = 0;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* Copies src to dst through a temporary file beside dst and a rename, so that dst is either
 * the complete figure or untouched; a link to dst stays a link (its file is replaced), and a
 * replaced file keeps its permissions. */
static int install_file(const char *src, const char *dst)
{
    char real[4096], why[4200];
    mode_t mode;
    if (sn_replace_target(real, sizeof real, &mode, dst, why, sizeof why)) return -1;
    /* in real's directory, but not named after it: a name near NAME_MAX must still work */
    size_t n = strlen(real);
    char *tmp = malloc(n + 32);
    if (!tmp) return -1;
    const char *slash = strrchr(real, '/');
    snprintf(tmp, n + 32, "%.*s.selfnorm-XXXXXX", slash ? (int)(slash - real) + 1 : 0, real);
    int out = mkstemp(tmp);
    if (out >= 0) snprintf(cleanup.partial, sizeof cleanup.partial, "%s", tmp);
    int in = open(src, O_RDONLY);
    int ok = out >= 0 && in >= 0;
    char buf[65536];
    ssize_t got;
    while (ok && (got = read(in, buf, sizeof buf)) > 0)
        ok = write(out, buf, (size_t)got) == got;
    if (ok && got < 0) ok = 0;
    if (in >= 0) close(in);
    if (out >= 0) {
        if (mode == (mode_t)-1) {   /* a new file: 0666 less the umask, as open() would give */
            mode_t mask = umask(0);
            umask(mask);
            mode = 0666 & ~mask;
        }
        ok = ok && fchmod(out, mode) == 0;
        ok = close(out) == 0 && ok;
        ok = ok && rename(tmp, real) == 0;
        if (!ok) unlink(tmp);
    }
    cleanup.partial[0] = '\0';
    free(tmp);
    return ok ? 0 : -1;
}

/* Whether output can be written: absent or a regular file (or a link to one), in a directory
 * that exists and is writable. NULL, or the reason. */
const char *fig_output_problem(const char *output)
{
    struct stat st;
    char real[4096], why[4200];
    mode_t mode;
    if (sn_replace_target(real, sizeof real, &mode, output, why, sizeof why)) {
        if (lstat(output, &st) == 0 && S_ISLNK(st.st_mode)) return "is a symbolic link to nothing or to what is not a regular file";
        if (stat(output, &st) == 0 && S_ISDIR(st.st_mode)) return "is a directory";
        if (stat(output, &st) == 0 && S_ISFIFO(st.st_mode)) return "is a FIFO, not a regular file";
        return "is not a regular file";
    }
    const char *slash = strrchr(real, '/');
    char dir[4096];
    if (!slash) snprintf(dir, sizeof dir, ".");
    else if (slash == real) snprintf(dir, sizeof dir, "/");
    else if ((size_t)(slash - real) >= sizeof dir) return "is too long";
    else snprintf(dir, sizeof dir, "%.*s", (int)(slash - real), real);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) return "is in a directory that does not exist";
    if (access(dir, W_OK) != 0) return "is in a directory we cannot write to";
    if (access(real, F_OK) == 0 && access(real, W_OK) != 0) return "exists and is not writable";
    return NULL;
}

static void remove_tree(const char *dir)
{
    const char *files[] = { "data.tsv", "figure.gp", "script.gp", "figure" };
    char path[4200];
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* Writes path with the text of write(f, ...); 0 on success. */
static int write_text(const char *path, void (*emit)(FILE *, const void *), const void *arg)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    emit(f, arg);
    int bad = ferror(f);
    return fclose(f) || bad ? -1 : 0;
}

static void emit_tsv(FILE *f, const void *d) { fig_print_tsv(f, d); }
static void emit_text(FILE *f, const void *s) { fputs(s, f); }

typedef struct {
    const fig_data *d;
    const char *terminal;
    const fig_size *size;
} preamble_args;

/* the preamble, then the figure's script by `load`, so that gnuplot's messages name
 * script.gp and its own line numbers */
static void emit_main(FILE *f, const void *arg)
{
    const preamble_args *a = arg;
    write_preamble(f, a->d, a->terminal, a->size);
    fputs("load 'script.gp'\nunset output\n", f);
}

int fig_render(const fig_data *d, const char *script, const char *output, const fig_size *size)
{
    const char *terminal = fig_terminal(output);
    if (!terminal)
        return cli_usage_error("plot", "--output: '%s' has no extension we render (.png, .svg or .pdf)",
                               output);
    const char *why = fig_output_problem(output);
    if (why) return cli_usage_error("plot", "--output: '%s' %s", output, why);
    const char *tmpdir = getenv("TMPDIR");
    if (!tmpdir || !*tmpdir) tmpdir = "/tmp";
    if (snprintf(cleanup.dir, sizeof cleanup.dir, "%s/selfnorm-plot-XXXXXX", tmpdir) >= (int)sizeof cleanup.dir - 64 ||
        !mkdtemp(cleanup.dir))
        return cli_usage_error("plot", "cannot create a temporary directory in %s (set TMPDIR)", tmpdir);
    struct sigaction sa = { .sa_handler = on_signal }, old[3];
    const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };
    cleanup.active = 1;
    for (int k = 0; k < 3; k++) sigaction(sigs[k], &sa, &old[k]);
    char data[4200], gp[4200], user[4200], fig[4200];
    snprintf(data, sizeof data, "%s/data.tsv", cleanup.dir);
    snprintf(gp, sizeof gp, "%s/figure.gp", cleanup.dir);
    snprintf(user, sizeof user, "%s/script.gp", cleanup.dir);
    snprintf(fig, sizeof fig, "%s/figure", cleanup.dir);
    int rc = EXIT_OK;
    preamble_args pa = { d, terminal, size };
    if (write_text(data, emit_tsv, d) || write_text(user, emit_text, script) || write_text(gp, emit_main, &pa)) {
        rc = cli_usage_error("plot", "cannot write the figure's data to %s", cleanup.dir);
    } else {
        int st = run_gnuplot(cleanup.dir);
        struct stat fs;
        if (st == 127)
            rc = cli_usage_error("plot", "gnuplot is not installed (apt-get install gnuplot-nox); "
                                 "without --output, plot prints the data");
        else if (st < 0)
            rc = cli_usage_error("plot", "gnuplot could not be started");
        else if (st != 0)
            rc = cli_usage_error("plot", "gnuplot failed (exit status %d); its messages are above", st);
        else if (stat(fig, &fs) != 0 || fs.st_size == 0)
            rc = cli_usage_error("plot", "gnuplot wrote no figure");
        else if (install_file(fig, output))
            rc = cli_usage_error("plot", "--output: cannot write '%s': %s", output, strerror(errno));
    }
    remove_tree(cleanup.dir);
    cleanup.active = 0;
    for (int k = 0; k < 3; k++) sigaction(sigs[k], &old[k], NULL);
    return rc;
}

void fig_datasets_begin(fig_data *d, const fig_dataset_spec *specs)
{
    for (; specs->name; specs++) fig_dataset_begin(d, specs->name, specs->columns);
}

int fig_check_layout(const fig_data *d, const fig_dataset_spec *specs, char *err, size_t errlen)
{
    size_t n = 0;
    for (; specs[n].name; n++) {
        if (n == d->nsets) {
            snprintf(err, errlen, "dataset %zu '%s' is missing", n, specs[n].name);
            return -1;
        }
        fig_data want;
        fig_init(&want, d->figure);
        fig_dataset_begin(&want, specs[n].name, specs[n].columns);
        const fig_dataset *a = &d->sets[n], *b = &want.sets[0];
        int same = !strcmp(a->name, b->name) && a->ncolumns == b->ncolumns;
        for (size_t c = 0; same && c < a->ncolumns; c++) same = !strcmp(a->columns[c], b->columns[c]);
        fig_free(&want);
        if (!same) {
            snprintf(err, errlen, "dataset %zu is '%s', not '%s' with columns '%s'", n, a->name,
                     specs[n].name, specs[n].columns);
            return -1;
        }
    }
    if (d->nsets != n) {
        snprintf(err, errlen, "%zu datasets, not %zu", d->nsets, n);
        return -1;
    }
    return 0;
}

const fig_param *fig_find_param(const fig_data *d, const char *name)
{
    for (size_t i = 0; i < d->nparams; i++)
        if (!strcmp(d->params[i].name, name)) return &d->params[i];
    return NULL;
}

/* whether `name` is the declared `decl` (length n, '$' stripped), a '#' in it matching a run
 * number 1..runs; the run number in *run (0 without '#') */
static int matches(const char *name, const char *decl, size_t n, long runs, long *run)
{
    const char *hash = memchr(decl, '#', n);
    *run = 0;
    if (!hash) return strlen(name) == n && !strncmp(name, decl, n);
    size_t pre = (size_t)(hash - decl), post = n - pre - 1, len = strlen(name);
    if (len <= pre + post || strncmp(name, decl, pre) || strncmp(name + len - post, hash + 1, post)) return 0;
    size_t digits = len - pre - post;
    if (name[pre] == '0' || strspn(name + pre, "0123456789") != digits || digits > 4) return 0;
    *run = strtol(name + pre, NULL, 10);
    return *run >= 1 && *run <= runs;
}

int fig_check_params(const fig_data *d, const char *declared, char *err, size_t errlen)
{
    const fig_param *r = fig_find_param(d, "runs");
    long runs = 0;
    if (strstr(declared, "runs")) {
        if (!r || r->kind != FIG_INTEGER || !(r->value >= 1 && r->value <= FIG_MAX_RUNS)) {
            if (!r) snprintf(err, errlen, "parameter 'runs' is missing");
            else snprintf(err, errlen, "parameter 'runs' is not an integer from 1 to %d", FIG_MAX_RUNS);
            return -1;
        }
        runs = (long)r->value;
    }
    /* every parameter declared, with its kind */
    for (size_t i = 0; i < d->nparams; i++) {
        const fig_param *p = &d->params[i];
        int found = 0;
        for (const char *t = declared; *t && !found;) {
            size_t n = strcspn(t, " ");
            int text = n && t[n - 1] == '$';
            long run;
            if (matches(p->name, t, n - (size_t)text, runs, &run)) {
                found = 1;
                /* a text may look like a number ("8,16" does not, "8" does) */
                if (!text && p->kind == FIG_TEXT) {
                    snprintf(err, errlen, "parameter '%s' is a text, not a number", p->name);
                    return -1;
                }
            }
            t += n + (t[n] == ' ');
        }
        if (!found) {
            snprintf(err, errlen, "parameter '%s' is not one of this figure's", p->name);
            return -1;
        }
    }
    /* every declared parameter present (each run's) */
    for (const char *t = declared; *t;) {
        size_t n = strcspn(t, " "), m = n - (n && t[n - 1] == '$');
        const char *hash = memchr(t, '#', m);
        for (long k = hash ? 1 : 0; k <= (hash ? runs : 0); k++) {
            char name[64];
            if (hash) snprintf(name, sizeof name, "%.*s%ld%.*s", (int)(hash - t), t, k,
                               (int)(m - (size_t)(hash - t) - 1), hash + 1);
            else snprintf(name, sizeof name, "%.*s", (int)m, t);
            if (!fig_find_param(d, name)) {
                snprintf(err, errlen, "parameter '%s' is missing", name);
                return -1;
            }
        }
        t += n + (t[n] == ' ');
    }
    /* and with runs, every row of a dataset keyed by run names one of them */
    for (size_t k = 0; runs && k < d->nsets; k++) {
        const fig_dataset *set = &d->sets[k];
        if (!set->ncolumns || strcmp(set->columns[0], "run")) continue;
        for (size_t row = 0; row < set->nrows; row++) {
            double v = set->values[row * set->ncolumns];
            if (!(v >= 1 && v <= (double)runs && v == floor(v))) {
                snprintf(err, errlen, "dataset %zu '%s', row %zu: run %g is not one of 1 ... %ld", k,
                         set->name, row + 1, v, runs);
                return -1;
            }
        }
    }
    return 0;
}

/* ---- reading the TSV back (plot --data) -------------------------------------------------- */

/* a name of ours: [a-z0-9_] */
static int plain_name(const char *s, size_t n)
{
    if (!n || n >= 32) return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_')) return 0;
    return 1;
}

/* a text parameter that may reach gnuplot: printable, no quote, backslash or control */
static int safe_text(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == '\'' || *p == '"' || *p == '\\' || *p == 0x7f) return 0;
    return 1;
}

/* a row's field as fig_shortest prints it: decimal or exponent notation, or nan/inf (what
 * the map gives where it overflows); not strtod's hex floats, "infinity" or leading blanks */
static int writer_number(const char *s)
{
    size_t n = strcspn(s, "\t");
    const char *t = s + (*s == '-'), *end = s + n;
    if ((size_t)(t - s) + 3 == n && (!strncmp(t, "nan", 3) || !strncmp(t, "inf", 3))) return 1;
    /* -?D+(.D+)?(e[+-]D+)?, as printf's %g writes */
    size_t k = strspn(t, "0123456789");
    if (!k) return 0;
    t += k;
    if (t < end && *t == '.') {
        if (!(k = strspn(++t, "0123456789"))) return 0;
        t += k;
    }
    if (t < end && *t == 'e') {
        if (++t >= end || (*t != '+' && *t != '-')) return 0;
        if (!(k = strspn(++t, "0123456789"))) return 0;
        t += k;
    }
    return t == end;
}

/* a parameter's value: the writer's syntax, finite (or nan: a range not given) */
static int read_number(const char *s, double *v)
{
    char *end;
    if (!strcmp(s, "nan") || !strcmp(s, "-nan")) { *v = NAN; return 1; }
    if (!writer_number(s) || strchr(s, '\t')) return 0;
    *v = strtod(s, &end);
    return end != s && *end == '\0' && (isfinite(*v));
}

/* One '# NAME = VALUE' line; 1, or 0 with the reason in why. */
static int read_param(fig_data *d, char *line, int is_input, char *why, size_t wlen)
{
    char *eq = strstr(line, " = ");
    if (!eq || !plain_name(line, (size_t)(eq - line))) {
        snprintf(why, wlen, "not a parameter 'NAME = VALUE' with NAME of [a-z0-9_]");
        return 0;
    }
    *eq = '\0';
    const char *name = line, *value = eq + 3;
    /* once each, and never the preamble's own variable (it names the file gnuplot reads) */
    if (!strcmp(name, "datafile") || fig_find_param(d, name)) {
        snprintf(why, wlen, "parameter '%s' %s", name, fig_find_param(d, name) ? "appears twice"
                 : "is reserved (it names the file gnuplot reads)");
        return 0;
    }
    double v, w;
    const char *colon = strchr(value, ':');
    size_t n = strlen(name);
    if (n > 6 && !strcmp(name + n - 6, "_range")) {
        if (!strcmp(value, "(not given)")) { fig_input_range(d, name, (fig_range){ NAN, NAN }); return 1; }
        char lo[64];
        snprintf(why, wlen, "parameter '%s' is not a range LO:HI of numbers", name);
        if (!colon || (size_t)(colon - value) >= sizeof lo) return 0;
        memcpy(lo, value, (size_t)(colon - value));
        lo[colon - value] = '\0';
        if (!read_number(lo, &v) || !read_number(colon + 1, &w)) return 0;
        fig_input_range(d, name, (fig_range){ v, w });
        return 1;
    }
    fig_param *p;
    if (read_number(value, &v)) {
        p = new_param(d, name, is_input, strpbrk(value, ".en") ? FIG_NUMBER : FIG_INTEGER);
        if (p) p->value = v;
        return 1;
    }
    if (!safe_text(value) || strlen(value) >= sizeof d->params[0].text) {
        snprintf(why, wlen, "parameter '%s' is not a number, nor a text without quotes, "
                 "backslashes or control characters shorter than %zu bytes", name,
                 sizeof d->params[0].text);
        return 0;
    }
    set_text(d, new_param(d, name, is_input, FIG_TEXT), value);
    return 1;
}

int fig_read_tsv(fig_data *d, const char *path, const char *figure, char *err, size_t errlen)
{
    struct stat st;
    FILE *f = stat(path, &st) == 0 && S_ISREG(st.st_mode) ? fopen(path, "r") : NULL;
    if (!f) {
        snprintf(err, errlen, "'%s' is not a readable regular file", path);
        return -1;
    }
    char line[4096];
    long no = 0;
    int blanks = 0, ok = 1, params_done = 0;
    size_t columns = 0;
    char why[256] = "";
    while (ok && fgets(line, sizeof line, f)) {
        no++;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\n') line[--len] = '\0';
        else if (!feof(f)) { ok = 0; break; }
        if (no == 1) {
            char want[64];
            snprintf(want, sizeof want, "# figure %s", figure);
            if (strcmp(line, want)) {
                snprintf(err, errlen, "%s: line 1 is not '%s' (the data of another figure?)", path, want);
                fclose(f);
                return -1;
            }
            continue;
        }
        if (!len) { blanks++; continue; }
        if (!strncmp(line, "# dataset ", 10)) {
            char *colon = strchr(line, ':'), cols[4096], want[32];
            snprintf(want, sizeof want, "# dataset %zu: ", d->nsets);   /* numbered in order */
            if (!colon || strncmp(line, want, strlen(want)) || !fgets(cols, sizeof cols, f)
                || cols[0] != '#') { ok = 0; break; }
            no++;
            cols[strcspn(cols, "\n")] = '\0';
            *colon = '\0';
            if (!plain_name(colon + 2, strlen(colon + 2))) { ok = 0; break; }
            fig_dataset_begin(d, colon + 2, cols + 1);
            columns = d->failed ? 0 : d->sets[d->nsets - 1].ncolumns;
            params_done = 1;
            blanks = 0;
            continue;
        }
        if (line[0] == '#') {
            /* parameters: inputs first, then derived ones, as fig_print_tsv writes them; the
             * split is not in the file, so all are read as derived but for gnuplot they are
             * the same variables */
            if (params_done) snprintf(why, sizeof why, "a parameter after the datasets began");
            if (params_done || !read_param(d, line + 2, 0, why, sizeof why)) ok = 0;
            continue;
        }
        if (!columns) { ok = 0; break; }
        if (blanks == 1) fig_block(d);
        blanks = 0;
        double v[FIG_MAX_COLUMNS];
        char *p = line;
        for (size_t c = 0; c < columns && ok; c++) {
            char *end;
            if (!writer_number(p)) { ok = 0; break; }
            v[c] = strtod(p, &end);
            if (end == p || (*end != (c + 1 < columns ? '\t' : '\0'))) ok = 0;
            p = end + (*end == '\t');
        }
        if (ok) fig_row(d, v);
    }
    if (ok && ferror(f)) ok = 0;
    fclose(f);
    if (!ok || d->failed || !d->nsets) {
        snprintf(err, errlen, "%s: line %ld: not the TSV that `selfnorm plot` writes%s%s", path,
                 no, why[0] ? ": " : "", why);
        return -1;
    }
    return 0;
}
