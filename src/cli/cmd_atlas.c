/* cmd_atlas.c - `selfnorm atlas`: a statement of the theorems table proven cell by cell over a
 * grid of two parameters, with threads (and, in selfnorm-mpi, over MPI processes); resumable
 * from its bundle. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <omp.h>
#include "atlas_run.h"

#define DEFAULT_WIDTH 1e-2
#define DEFAULT_MAX_BOXES 200000
#define MAX_SECONDS (24.0 * 3600)   /* estimated runs longer than a day need --force */

const cli_command CMD_ATLAS = {
    .name = "atlas",
    .synopsis = "[STATEMENT] --PARAM LO:HI:N --PARAM LO:HI:N [--PARAM VALUE...] [--bundle FILE]\n"
                "       [--width W] [--max-boxes N] [--threads N] [--force] [--json]",
    .brief = "prove a statement cell by cell over a grid of two parameters (threads or MPI)",
    .summary = "An atlas of provable parameters: the statement (default theorem1) proven or refuted by\n"
               "ball arithmetic in every cell of a grid over two parameters, e.g.\n"
               "  selfnorm atlas theorem1 --alpha 1.5:1.9:64 --lambda 1.0:1.1:64",
    .details =
        "Parameters (each as --NAME): alpha, lambda, omega-center, omega-halfwidth, mu-lo, mu-hi,\n"
        "nu-lo, nu-hi, tau-lo, tau-hi (the bounds of the statement's domain; omega by its centre\n"
        "and half-width). Exactly two are gridded, LO:HI:N (N points from LO to HI, both\n"
        "included, 2 <= N <= 4096, at most 4194304 cells); others may be fixed, --NAME VALUE.\n"
        "Values are exact decimals: grid point k is LO + k (HI - LO)/(N - 1), written with as\n"
        "many digits as LO, HI and N need plus two (rounded to nearest if it does not\n"
        "terminate there); the decimal printed is exactly the parameter proven about. alpha01\n"
        "and lambda01 are used only together: a grid over one of them needs the other as a\n"
        "decimal.\n\n"
        "Each cell: every condition of the statement is proven on the cell's exact domain with\n"
        "its exact constants (as `verify --rigorous`), to width --width (default 1e-2), narrowed\n"
        "by 100 at a time while the claim straddles its bound, within --max-boxes boxes per\n"
        "condition (default 200000). Verdict: certified (all hold), refuted (one is certified to\n"
        "fail) or undecided. The deciding condition is the first refuted, the first undecided,\n"
        "or (certified) the one with the least margin; its enclosure is the certificate's claim,\n"
        "printed rounded outward. The fixed point (numeric) is g's at (omega, tau) = (0, 1) if\n"
        "the cell's domain holds it, else at the centre of its omega and tau ranges.\n\n"
        "Output, as cells finish (in any order; sort by i, j): TSV with a header line, or with\n"
        "--json one JSON object per line (JSON Lines). A summary goes to stderr.\n\n"
        "--bundle FILE: the certificates of all cells, and the journal: each finished cell is\n"
        "appended as a record with its length and CRC-32 and flushed. Run the same command\n"
        "again with the same FILE after an interruption: the cells in it are printed again and\n"
        "only the others are computed (a cut-off last record is dropped). `selfnorm\n"
        "check-certificate FILE` re-verifies every cell. A FILE of another atlas is refused.\n\n"
        "Threads: --threads N (default: all), one cell per thread, handed out dynamically. With\n"
        "MPI: `mpirun -np N build/selfnorm-mpi atlas ...` (make mpi): rank 0 hands out cells and\n"
        "writes, the others compute, one thread each unless --threads is given.\n\n"
        "Before starting, one cell is timed: a run estimated at more than a day at that rate, or\n"
        "a bundle estimated larger than the free disk space, is refused unless --force.\n\n"
        "Exit codes: 0 the atlas is complete (whatever its verdicts); 2 bad usage or input.\n",
    .run = cmd_atlas,
};

/* ---- output -------------------------------------------------------------------------- */

static void print_header(FILE *f, const sn_atlas_spec *s)
{
    fprintf(f, "# selfnorm atlas %s: %s x %s, %ld x %ld cells\n", s->theorem->name,
            SN_ATLAS_PARAMS[s->axis[0]].name, SN_ATLAS_PARAMS[s->axis[1]].name, s->n[0], s->n[1]);
    fprintf(f, "i\tj\t%s\t%s\tverdict\tdeciding\tlo\thi\tmargin\tfp_mu\tfp_nu\tfp_radius\tattracting\tboxes\tseconds\n",
            SN_ATLAS_PARAMS[s->axis[0]].name, SN_ATLAS_PARAMS[s->axis[1]].name);
}

static const char *attracting_word(const sn_atlas_cell *c)
{
    return !c->fp_found || c->fp_attracting == SN_VERDICT_UNDECIDED ? "null"
         : c->fp_attracting == SN_VERDICT_YES ? "true" : "false";
}

static void print_cell(FILE *f, const sn_atlas_spec *s, const sn_atlas_cell *c, int json)
{
    const sn_objective *d = &s->theorem->objectives[c->deciding];
    char lo[64], hi[64], m[64];
    if (!json) {
        fprintf(f, "%ld\t%ld\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.17g\t%.17g\t%.17g\t%s\t%ld\t%.3f\n", c->i, c->j,
                c->value[0], c->value[1], sn_atlas_verdict_name(c->verdict), d->key,
                sn_format_down(lo, sizeof lo, c->lo[c->deciding], 17),
                sn_format_up(hi, sizeof hi, c->hi[c->deciding], 17),
                /* toward what is certain: down for a margin held, toward 0 for one violated */
                c->verdict == SN_ATLAS_REFUTED ? sn_format_up(m, sizeof m, c->margin, 6)
                                               : sn_format_down(m, sizeof m, c->margin, 6),
                c->fp_mu, c->fp_nu, c->fp_radius,
                attracting_word(c), c->boxes, c->seconds);
        return;
    }
    json_writer w;
    json_begin(&w, f);
    json_integer(&w, "i", c->i);
    json_integer(&w, "j", c->j);
    json_string(&w, SN_ATLAS_PARAMS[s->axis[0]].name, c->value[0]);
    json_string(&w, SN_ATLAS_PARAMS[s->axis[1]].name, c->value[1]);
    json_string(&w, "verdict", sn_atlas_verdict_name(c->verdict));
    json_string(&w, "deciding", d->key);
    json_open(&w, "enclosure", '[');
    json_string(&w, NULL, sn_format_down(lo, sizeof lo, c->lo[c->deciding], 17));
    json_string(&w, NULL, sn_format_up(hi, sizeof hi, c->hi[c->deciding], 17));
    json_close(&w, ']');
    json_number(&w, "margin", c->margin);
    json_open(&w, "quantities", '{');
    for (size_t k = 0; k < c->nobjectives; k++) {
        json_open(&w, s->theorem->objectives[k].key, '{');
        json_open(&w, "enclosure", '[');
        json_string(&w, NULL, sn_format_down(lo, sizeof lo, c->lo[k], 17));
        json_string(&w, NULL, sn_format_up(hi, sizeof hi, c->hi[k], 17));
        json_close(&w, ']');
        json_string(&w, "certified", c->objective_verdict[k] == 1 ? "holds"
                                     : c->objective_verdict[k] == 0 ? "fails" : "undecided");
        json_close(&w, '}');
    }
    json_close(&w, '}');
    json_open(&w, "fixed_point", '{');
    json_number(&w, "omega", c->fp_omega);
    json_number(&w, "tau", c->fp_tau);
    json_number(&w, "mu", c->fp_mu);
    json_number(&w, "nu", c->fp_nu);
    json_number(&w, "spectral_radius", c->fp_radius);
    json_number(&w, "spectral_norm", c->fp_norm);
    json_key(&w, "attracting");
    fputs(attracting_word(c), f);
    json_close(&w, '}');
    json_integer(&w, "boxes", c->boxes);
    json_number(&w, "seconds", c->seconds);
    json_end(&w);
}

int atlas_emit(atlas_sink *s, const sn_atlas_cell *cell, const char *payload, size_t len)
{
    if (s->failed) return EXIT_USAGE;
    if (s->bundle && sn_atlas_record_append(s->bundle, "cell", payload, len) != GSL_SUCCESS) {
        s->failed = 1;
        return cli_usage_error("atlas", "cannot write the bundle (disk full?)");
    }
    if (s->bundle && cli_now() - s->last_sync > SN_ATLAS_SYNC_SECONDS) {
        sn_atlas_sync(s->bundle);
        s->last_sync = cli_now();
    }
    print_cell(s->out, s->spec, cell, s->json);
    fflush(s->out);
    s->counts[cell->verdict]++;
    s->written++;
    return EXIT_OK;
}

int atlas_compute(sn_atlas_cell *cell, char **payload, size_t *len, const sn_atlas_spec *spec,
                  long i, long j, int want_cert)
{
    sn_certificate cert;
    int st = sn_atlas_cell_compute(cell, want_cert ? &cert : NULL, spec, i, j);
    if (st) return st;
    if (want_cert) {
        st = sn_atlas_cell_payload(payload, len, cell, &cert);
        sn_certificate_free(&cert);
        return st;
    }
    *payload = NULL;
    FILE *f = open_memstream(payload, len);
    if (!f) return GSL_ENOMEM;
    fputs("result ", f);
    sn_atlas_cell_write(f, cell);
    fputc('\n', f);
    return fclose(f) == 0 ? GSL_SUCCESS : GSL_ENOMEM;
}

/* ---- the specification from the options ---------------------------------------------- */

/* "LO:HI:N" into a grid axis, or a single decimal into a fixed parameter. */
static int take_param(sn_atlas_spec *s, int *naxes, int param, const char *text)
{
    const char *name = SN_ATLAS_PARAMS[param].name;
    const char *c1 = strchr(text, ':');
    if (!c1) {
        double ignored;
        const char *why = cli_parse_double(text, &ignored);
        if (why) return cli_usage_error("atlas", "--%s: '%s' %s", name, text, why);
        if (!sn_decimal_valid(text) || sn_atlas_fix(s, param, text) != GSL_SUCCESS)
            return cli_usage_error("atlas", "--%s %s: not a valid value here (a decimal of at most %d "
                                   "characters; ranges non-empty, nu, tau, alpha, lambda > 0)", name, text, SN_DECIMAL_MAX);
        return EXIT_OK;
    }
    const char *c2 = strchr(c1 + 1, ':');
    if (!c2 || strchr(c2 + 1, ':'))
        return cli_usage_error("atlas", "--%s: '%s' is not LO:HI:N (or a single value)", name, text);
    if (*naxes == 2) return cli_usage_error("atlas", "only two parameters can be gridded (--%s is a third)", name);
    int a = (*naxes)++;
    size_t llo = (size_t)(c1 - text), lhi = (size_t)(c2 - c1 - 1);
    if (llo == 0 || lhi == 0 || llo > SN_DECIMAL_MAX || lhi > SN_DECIMAL_MAX)
        return cli_usage_error("atlas", "--%s: '%s': LO and HI must be decimals of at most %d characters",
                               name, text, SN_DECIMAL_MAX);
    memcpy(s->lo[a], text, llo);
    s->lo[a][llo] = '\0';
    memcpy(s->hi[a], c1 + 1, lhi);
    s->hi[a][lhi] = '\0';
    double x;
    const char *why;
    if ((why = cli_parse_double(s->lo[a], &x)) || !sn_decimal_valid(s->lo[a]))
        return cli_usage_error("atlas", "--%s: LO '%s' %s", name, s->lo[a], why ? why : "is not a decimal");
    if ((why = cli_parse_double(s->hi[a], &x)) || !sn_decimal_valid(s->hi[a]))
        return cli_usage_error("atlas", "--%s: HI '%s' %s", name, s->hi[a], why ? why : "is not a decimal");
    if ((why = cli_parse_long(c2 + 1, &s->n[a])))
        return cli_usage_error("atlas", "--%s: N '%s' %s", name, c2 + 1, why);
    s->axis[a] = param;
    return EXIT_OK;
}

/* ---- the bundle on disk -------------------------------------------------------------- */

typedef struct {
    FILE *f;
    int fd;
    int created;
    sn_atlas_bundle old;       /* what a resumed run found */
} bundle_file;

/* Opens (locks) the bundle, reads what it holds, cuts a damaged tail, and leaves it ready for
 * appending; a new or empty one gets the magic line and the specification. */
static int bundle_open(bundle_file *b, const char *path, const sn_atlas_spec *spec)
{
    memset(b, 0, sizeof *b);
    b->fd = open(path, O_RDWR | O_CREAT | O_NONBLOCK, 0644);
    if (b->fd < 0) return cli_usage_error("atlas", "cannot open the bundle '%s': %s", path, strerror(errno));
    struct stat st;
    if (fstat(b->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(b->fd);
        return cli_usage_error("atlas", "the bundle '%s' is not a regular file", path);
    }
    if (flock(b->fd, LOCK_EX | LOCK_NB) != 0) {
        close(b->fd);
        return cli_usage_error("atlas", "the bundle '%s' is in use by another run", path);
    }
    fcntl(b->fd, F_SETFL, fcntl(b->fd, F_GETFL) & ~O_NONBLOCK);
    size_t len = (size_t)st.st_size, keep = 0;
    if (len > 0) {
        char *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, b->fd, 0);
        if (map == MAP_FAILED) {
            close(b->fd);
            return cli_usage_error("atlas", "cannot read the bundle '%s'", path);
        }
        char err[300];
        int rs = sn_atlas_bundle_read(&b->old, map, len, 1, err, sizeof err);
        munmap(map, len);
        if (rs) {
            close(b->fd);
            return cli_usage_error("atlas", "the bundle '%s' cannot be resumed: %s", path, err);
        }
        if (b->old.have_spec && !sn_atlas_spec_equal(&b->old.spec, spec)) {
            sn_atlas_bundle_free(&b->old);
            close(b->fd);
            return cli_usage_error("atlas", "the bundle '%s' is of another atlas (statement, parameters, "
                                   "grid, width or box budget differ): use another file", path);
        }
        if (b->old.truncated)
            fprintf(stderr, "selfnorm atlas: %s: a cut-off last record (%zu bytes) dropped\n", path,
                    len - b->old.good_end);
        keep = b->old.have_spec ? b->old.good_end : 0;
    }
    if (ftruncate(b->fd, (off_t)keep) != 0 || lseek(b->fd, (off_t)keep, SEEK_SET) < 0
        || !(b->f = fdopen(b->fd, "a"))) {
        sn_atlas_bundle_free(&b->old);
        close(b->fd);
        return cli_usage_error("atlas", "cannot write the bundle '%s'", path);
    }
    if (keep == 0) {
        size_t n;
        char *spec_text = sn_atlas_spec_text(spec, &n);
        b->created = 1;
        int bad = !spec_text || fputs(SN_ATLAS_MAGIC, b->f) == EOF
               || sn_atlas_record_append(b->f, "spec", spec_text, n) != GSL_SUCCESS;
        free(spec_text);
        if (bad) {
            fclose(b->f);
            return cli_usage_error("atlas", "cannot write the bundle '%s'", path);
        }
    }
    return EXIT_OK;
}

/* ---- running ------------------------------------------------------------------------- */

static int run_local(atlas_sink *sink, const long *cells, size_t n, int want_cert, int *status)
{
    *status = GSL_SUCCESS;
    /* one cell per thread: the branch-and-bound's own parallel loops run serially inside */
    omp_set_max_active_levels(1);
    #pragma omp parallel for schedule(dynamic, 1)
    for (size_t k = 0; k < n; k++) {
        int stop;
        #pragma omp atomic read
        stop = sink->failed;
        if (stop) continue;
        sn_atlas_cell cell;
        char *payload = NULL;
        size_t len = 0;
        int st = atlas_compute(&cell, &payload, &len, sink->spec, cells[2 * k], cells[2 * k + 1], want_cert);
        #pragma omp critical(atlas_output)
        {
            if (st) {
                if (!*status) *status = st;
                sink->failed = 1;
            } else {
                atlas_emit(sink, &cell, payload, len);
            }
        }
        free(payload);
    }
    if (*status) return cli_status_exit("atlas", *status);
    return sink->failed ? EXIT_USAGE : EXIT_OK;
}

static void human_seconds(char *buf, size_t n, double s)
{
    if (s < 120) snprintf(buf, n, "%.0f s", s);
    else if (s < 7200) snprintf(buf, n, "%.0f min", s / 60);
    else if (s < 2 * 86400) snprintf(buf, n, "%.1f h", s / 3600);
    else if (s < 2 * 365.25 * 86400) snprintf(buf, n, "%.0f days", s / 86400);
    else snprintf(buf, n, "%.0f years", s / (365.25 * 86400));
}

int cmd_atlas(int argc, char **argv)
{
    const char *param_text[SN_ATLAS_NPARAMS] = { 0 };
    const char *bundle_path = NULL;
    double width = DEFAULT_WIDTH;
    long max_boxes = DEFAULT_MAX_BOXES, threads = 0;
    int json = 0, force = 0;
    cli_opt opts[SN_ATLAS_NPARAMS + 7];
    size_t nopts = 0;
    for (int k = 0; k < SN_ATLAS_NPARAMS; k++)
        opts[nopts++] = (cli_opt){ SN_ATLAS_PARAMS[k].name, OPT_STRING, &param_text[k], "LO:HI:N",
                                   SN_ATLAS_PARAMS[k].meaning, 0, 0 };
    opts[nopts++] = (cli_opt){ "bundle", OPT_STRING, &bundle_path, "FILE", "certificates and journal (resumable)", 0, 0 };
    opts[nopts++] = (cli_opt){ "width", OPT_DOUBLE, &width, "W", "target width of enclosures (default 1e-2)", 0, 0 };
    opts[nopts++] = (cli_opt){ "max-boxes", OPT_LONG, &max_boxes, "N", "box budget per condition and cell (200000)", 0, 0 };
    opts[nopts++] = (cli_opt){ "threads", OPT_LONG, &threads, "N", "threads (default: all; 1..1024)", 0, 0 };
    opts[nopts++] = (cli_opt){ "force", OPT_FLAG, &force, NULL, "run even if estimated beyond a day or the free disk", 0, 0 };
    opts[nopts++] = (cli_opt){ "json", OPT_FLAG, &json, NULL, "JSON Lines: one object per cell", 0, 0 };
    char *pos[2];
    size_t npos = 0;
    int rc = cli_parse(argc, argv, opts, nopts, &CMD_ATLAS, pos, 2, &npos);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    if (npos > 1) return cli_usage_error("atlas", "one statement at a time");
    sn_atlas_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.theorem = sn_theorem_find(npos ? pos[0] : "theorem1");
    if (!spec.theorem)
        return cli_usage_error("atlas", "unknown statement '%s' (see 'selfnorm verify list')", pos[0]);
    sn_theorem_domain(&spec.domain, spec.theorem);
    spec.is01 = 1;
    spec.width = width;
    spec.max_boxes = max_boxes;
    int naxes = 0;
    /* fixed values first, so that a grid's cells see them; α and λ only together */
    int given_constants = (param_text[SN_ATLAS_ALPHA] != NULL) + (param_text[SN_ATLAS_LAMBDA] != NULL);
    if (given_constants == 1)
        return cli_usage_error("atlas", "--alpha and --lambda go together (alpha01 and lambda01 are exact "
                               "only as a pair): give the other as a decimal");
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < SN_ATLAS_NPARAMS; k++) {
            if (!param_text[k] || (strchr(param_text[k], ':') != NULL) != pass) continue;
            if ((rc = take_param(&spec, &naxes, k, param_text[k]))) return rc;
        }
    if (naxes < 2)
        return cli_usage_error("atlas", "two parameters must be gridded as --NAME LO:HI:N (e.g. --alpha "
                               "1.5:1.9:16 --lambda 1.0:1.1:16); %d given", naxes);
    if (given_constants == 2) spec.is01 = 0;
    if (spec.is01 == 0) {   /* a gridded constant's text is the grid's */
        for (int a = 0; a < 2; a++) {
            if (spec.axis[a] == SN_ATLAS_ALPHA) snprintf(spec.alpha, sizeof spec.alpha, "%s", spec.lo[a]);
            if (spec.axis[a] == SN_ATLAS_LAMBDA) snprintf(spec.lambda, sizeof spec.lambda, "%s", spec.lo[a]);
        }
    }
    if (!(width >= 1e-12 && width <= 1)) return cli_usage_error("atlas", "--width must be between 1e-12 and 1");
    if (max_boxes < 1 || max_boxes > SN_CERT_MAX_BOXES)
        return cli_usage_error("atlas", "--max-boxes must be between 1 and %d", SN_CERT_MAX_BOXES);
    if (cli_given(opts, nopts, "threads") && (threads < 1 || threads > 1024))
        return cli_usage_error("atlas", "--threads must be between 1 and 1024");
    for (int a = 0; a < 2; a++)
        if (spec.n[a] < 2 || spec.n[a] > SN_ATLAS_MAX_AXIS)
            return cli_usage_error("atlas", "--%s: %ld grid points; it takes 2 to %d", SN_ATLAS_PARAMS[spec.axis[a]].name,
                                   spec.n[a], SN_ATLAS_MAX_AXIS);
    char err[400];
    if (sn_atlas_spec_check(&spec, err, sizeof err) != GSL_SUCCESS) return cli_usage_error("atlas", "%s", err);
    if (threads > 0) omp_set_num_threads((int)threads);
    int want_cert = bundle_path != NULL;

    int nprocs = 1;
#ifdef SN_MPI
    int rank = 0;
    atlas_mpi_init(&rank, &nprocs);
    if (rank > 0) {
        /* a rank is a core: one thread each, unless --threads says otherwise */
        if (threads == 0) omp_set_num_threads(1);
        rc = atlas_mpi_worker(&spec, want_cert);
        atlas_mpi_finalize();
        return rc;
    }
#endif
    double t0 = cli_now();
    bundle_file bf = { 0 };
    bf.fd = -1;
    if (bundle_path && (rc = bundle_open(&bf, bundle_path, &spec))) {
#ifdef SN_MPI
        if (nprocs > 1) atlas_mpi_master(NULL, NULL, 0, 1);
        atlas_mpi_finalize();
#endif
        return rc;
    }
    size_t ncells = (size_t)(spec.n[0] * spec.n[1]);
    unsigned char *done = calloc(ncells, 1);
    long *pending = malloc(2 * ncells * sizeof *pending);
    if (!done || !pending) {
        free(done);
        free(pending);
        return cli_usage_error("atlas", "out of memory for %zu cells", ncells);
    }
    atlas_sink sink = { &spec, stdout, json, bf.f, { 0, 0, 0 }, 0, cli_now(), 0 };
    for (size_t k = 0; k < bf.old.ncells; k++) done[bf.old.cells[k].i * spec.n[1] + bf.old.cells[k].j] = 1;
    size_t resumed = bf.old.ncells, npending = 0;
    for (long i = 0; i < spec.n[0]; i++)
        for (long j = 0; j < spec.n[1]; j++)
            if (!done[i * spec.n[1] + j]) {
                pending[2 * npending] = i;
                pending[2 * npending + 1] = j;
                npending++;
            }
    free(done);
    rc = EXIT_OK;
    int status = GSL_SUCCESS;
    sn_atlas_cell probe_cell;
    char *probe_payload = NULL;
    size_t probe_len = 0;
    if (npending > 0) {
        /* one cell, timed, before committing to the rest (the middle one: more typical than
         * a corner); nothing is printed before the run is accepted */
        size_t probe = npending / 2;
        long pi = pending[2 * probe], pj = pending[2 * probe + 1];
        pending[2 * probe] = pending[2 * (npending - 1)];
        pending[2 * probe + 1] = pending[2 * (npending - 1) + 1];
        npending--;
        status = atlas_compute(&probe_cell, &probe_payload, &probe_len, &spec, pi, pj, want_cert);
        if (status) {
            rc = cli_status_exit("atlas", status);
        } else {
            int workers = nprocs > 1 ? nprocs - 1 : omp_get_max_threads();
            double estimate = probe_cell.seconds * (double)npending / workers;
            double disk = (double)probe_len * (double)npending;
            struct statvfs vfs;
            double free_disk = bundle_path && statvfs(bundle_path, &vfs) == 0
                             ? (double)vfs.f_bavail * (double)vfs.f_frsize : INFINITY;
            char when[64];
            human_seconds(when, sizeof when, estimate);
            if (!force && estimate > MAX_SECONDS)
                rc = cli_usage_error("atlas", "%zu cells at %.3g s per cell (one cell timed) on %d workers: about "
                                     "%s; refused (--force to run anyway, or a coarser grid)", npending + 1,
                                     probe_cell.seconds, workers, when);
            else if (!force && want_cert && disk > free_disk)
                rc = cli_usage_error("atlas", "the bundle would take about %.3g GB (%zu bytes for one cell), "
                                     "more than the %.3g GB free; refused (--force to run anyway)",
                                     disk / 1e9, probe_len, free_disk / 1e9);
        }
    }
    if (rc == EXIT_OK) {
        if (!json) print_header(stdout, &spec);
        /* what the bundle holds is printed again, not computed again */
        for (size_t k = 0; k < bf.old.ncells; k++) {
            print_cell(stdout, &spec, &bf.old.cells[k], json);
            sink.counts[bf.old.cells[k].verdict]++;
        }
        fflush(stdout);
        if (probe_payload) rc = atlas_emit(&sink, &probe_cell, probe_payload, probe_len);
    }
    sn_atlas_bundle_free(&bf.old);
    free(probe_payload);
    if (rc == EXIT_OK && npending > 0) {
#ifdef SN_MPI
        if (nprocs > 1) rc = atlas_mpi_master(&sink, pending, npending, 0);
        else
#endif
        rc = run_local(&sink, pending, npending, want_cert, &status);
    }
#ifdef SN_MPI
    else if (nprocs > 1) {
        atlas_mpi_master(NULL, NULL, 0, 1);
    }
    atlas_mpi_finalize();
#endif
    free(pending);
    int refused_fresh = rc != EXIT_OK && bf.created && sink.written == 0;
    if (bf.f && (sn_atlas_sync(bf.f) != GSL_SUCCESS || fclose(bf.f) != 0) && rc == EXIT_OK)
        rc = cli_usage_error("atlas", "cannot write the bundle '%s'", bundle_path);
    if (refused_fresh) unlink(bundle_path);   /* refused before any cell: leave nothing */
    if (rc == EXIT_OK)
        fprintf(stderr, "selfnorm atlas: %zu cells: %zu certified, %zu refuted, %zu undecided; %zu computed "
                "in %.2f s (%d %s), %zu from the bundle\n", ncells, sink.counts[0], sink.counts[1],
                sink.counts[2], sink.written, cli_now() - t0, nprocs > 1 ? nprocs : omp_get_max_threads(),
                nprocs > 1 ? "processes" : "threads", resumed);
    return rc;
}
