/* cmd_check_certificate.c - `selfnorm check-certificate FILE`: re-verify a proof written by
 * `verify --rigorous --certificate`, independently: other precision, no search. */
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "cli.h"

#define MAX_FILE (1L << 31)

const cli_command CMD_CHECK_CERTIFICATE = {
    .name = "check-certificate",
    .synopsis = "FILE|BUNDLE [--precision BITS] [--require-paper] [--json]",
    .brief = "re-verify a proof certificate and say exactly what it proves",
    .summary = "Re-verify a proof certificate: the boxes must tile the statement's domain by\n"
               "bisection, every box's bound (recomputed in ball arithmetic) must lie within the\n"
               "claimed enclosure, and the recorded point must reach its other end.",
    .details =
        "Nothing is searched: the checker trusts nothing in the file but its syntax (numbers are\n"
        "exact: decimals for the domain, constants and points, hex floats that are exactly\n"
        "doubles for boxes and claims). Every objective of the statement must appear exactly\n"
        "once, with the statement's condition. The output says what the file proves: the\n"
        "paper's statement only when its domain and constants are exactly the paper's\n"
        "(JSON paper_statement), else the statement's condition on the declared domain with\n"
        "the declared constants. Default precision 96 bits (the prover uses 128).\n\n"
        "An atlas bundle (selfnorm atlas --bundle) is checked cell by cell, in parallel: every\n"
        "record's CRC, every cell of the grid exactly once, each cell's certificate about\n"
        "exactly that cell's domain and constants, verifying, and proving the cell's recorded\n"
        "verdict and enclosures. Exit 0 when every cell verifies (whatever its verdict).\n\n"
        "Exit codes: 0 the certificate verifies and proves its statement (with\n"
        "--require-paper: the paper's statement itself); 1 it does not verify, proves only\n"
        "part of the statement, shows it false, or (--require-paper) is not about the paper's\n"
        "statement; 2 unreadable or malformed file (or not a regular file), bad usage.\n",
    .run = cmd_check_certificate,
};

/* A regular file, whole. Opened without blocking: a FIFO or a device must not hang us. */
static char *read_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) return NULL;
    struct stat st;
    char *buf = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < MAX_FILE) {
        FILE *f = fdopen(fd, "rb");
        if (!f) { close(fd); return NULL; }
        buf = malloc((size_t)st.st_size + 1);
        if (buf && fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
            free(buf);
            buf = NULL;
        }
        if (buf) *len = (size_t)st.st_size;
        fclose(f);
        return buf;
    }
    close(fd);
    return NULL;
}

/* A regular file that starts as an atlas bundle, mapped read-only; else NULL. */
static char *map_bundle(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) return NULL;
    struct stat st;
    size_t magic = strlen(SN_ATLAS_MAGIC);
    char head[32];
    char *map = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size >= magic
        && pread(fd, head, magic, 0) == (ssize_t)magic && memcmp(head, SN_ATLAS_MAGIC, magic) == 0) {
        map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (map == MAP_FAILED) map = NULL;
        else *len = (size_t)st.st_size;
    }
    close(fd);
    return map;
}

static const char *verdict_text(int v)
{
    return v == -2 ? "DOES NOT VERIFY" : v == 1 ? "verified, condition holds"
         : v == 0 ? "verified, condition fails" : "verified, undecided";
}

/* What exactly the certificate proves: the statement's condition, on the declared domain,
 * with the declared constants; the paper's statement only when both are the paper's. */
static void describe_scope(char *buf, size_t n, const sn_certificate *c, const sn_cert_check *r)
{
    const sn_domain *d = &c->domain;
    char consts[2 * SN_DECIMAL_MAX + 64];
    if (c->constants.is01) snprintf(consts, sizeof consts, "alpha01, lambda01");
    else snprintf(consts, sizeof consts, "alpha = %s, lambda = %s", c->constants.alpha, c->constants.lambda);
    if (r->paper_statement)
        snprintf(buf, n, "the paper's %s (%s)", r->theorem->name, r->theorem->source);
    else
        snprintf(buf, n, "%s's condition on the domain mu [%s, %s], omega [%s, %s], nu [%s, %s], "
                 "tau [%s, %s] with %s (not the paper's statement)", c->statement, d->lo[0], d->hi[0],
                 d->lo[1], d->hi[1], d->lo[2], d->hi[2], d->lo[3], d->hi[3], consts);
}

typedef struct {
    const char *file;
    long precision;
    int require_paper, json;
} check_input;

static void report(const sn_certificate *c, const sn_cert_check *r, const check_input *in)
{
    long boxes = 0;
    for (size_t k = 0; k < c->nobjectives; k++) boxes += (long)c->obj[k].nboxes;
    const char *conclusion = !r->verified ? "does not verify"
                           : r->holds ? (r->paper_statement ? "proves the statement (the paper's)"
                                         : "proves the statement on this domain with these constants (not the paper's)")
                           : r->fails ? "verifies, and shows the statement false"
                           : "verifies, but does not prove the whole statement";
    char scope[1400], lo[64], hi[64];
    if (r->theorem) describe_scope(scope, sizeof scope, c, r);
    else snprintf(scope, sizeof scope, "unknown statement '%s'", c->statement);
    if (in->json) {
        static const char *axes[4] = { "mu", "omega", "nu", "tau" };
        json_writer w;
        json_begin(&w, stdout);
        json_open(&w, "input", '{');
        json_string(&w, "file", in->file);
        json_integer(&w, "precision", in->precision);
        json_bool(&w, "require_paper", in->require_paper);
        json_close(&w, '}');
        json_string(&w, "statement", c->statement);
        json_string(&w, "condition", r->theorem ? r->theorem->statement : "");
        json_open(&w, "domain", '{');
        for (int k = 0; k < 4; k++) {
            json_open(&w, axes[k], '[');
            json_string(&w, NULL, c->domain.lo[k]);
            json_string(&w, NULL, c->domain.hi[k]);
            json_close(&w, ']');
        }
        json_close(&w, '}');
        json_string(&w, "alpha", c->constants.is01 ? "alpha01" : c->constants.alpha);
        json_string(&w, "lambda", c->constants.is01 ? "lambda01" : c->constants.lambda);
        json_bool(&w, "paper_statement", r->paper_statement);
        json_string(&w, "proves", scope);
        json_bool(&w, "verified", r->verified);
        json_bool(&w, "holds", r->holds);
        json_integer(&w, "boxes", boxes);
        json_integer(&w, "precision", in->precision);
        json_open(&w, "quantities", '{');
        for (size_t j = 0; r->verified && j < r->theorem->nobjectives; j++) {
            const sn_cert_objective *o = &c->obj[r->index[j]];
            json_open(&w, o->key, '[');
            json_string(&w, NULL, sn_format_down(lo, sizeof lo, o->lo, 17));
            json_string(&w, NULL, sn_format_up(hi, sizeof hi, o->hi, 17));
            json_close(&w, ']');
        }
        json_close(&w, '}');
        if (!r->verified) json_string(&w, "reason", r->reason);
        json_end(&w);
        return;
    }
    printf("certificate for %s: %ld boxes, checked at %ld bits\n", c->statement, boxes, in->precision);
    printf("  %s: %s\n", r->verified ? "it is about" : "it declares", scope);
    for (size_t j = 0; r->theorem && j < r->theorem->nobjectives && r->verified; j++) {
        const sn_cert_objective *o = &c->obj[r->index[j]];
        printf("  %-18s in [%s, %s]: %s (%s)\n", o->key, sn_format_down(lo, sizeof lo, o->lo, 10),
               sn_format_up(hi, sizeof hi, o->hi, 10), verdict_text(r->verdict[j]), o->condition);
    }
    if (!r->verified) printf("  reason: %s\n", r->reason);
    printf("  => the certificate %s\n", conclusion);
}

/* ---- atlas bundles (selfnorm atlas --bundle) ---------------------------------------- */

static int same_constants(const sn_selu_exact *a, const sn_selu_exact *b)
{
    if (a->is01 || b->is01) return a->is01 == b->is01;
    fmpq_t x, y;
    fmpq_init(x); fmpq_init(y);
    int eq = sn_decimal_get_fmpq(x, a->alpha) == GSL_SUCCESS && sn_decimal_get_fmpq(y, b->alpha) == GSL_SUCCESS
          && fmpq_equal(x, y);
    eq = eq && sn_decimal_get_fmpq(x, a->lambda) == GSL_SUCCESS
          && sn_decimal_get_fmpq(y, b->lambda) == GSL_SUCCESS && fmpq_equal(x, y);
    fmpq_clear(x); fmpq_clear(y);
    return eq;
}

/* One cell of a bundle: its certificate verifies, is about exactly the cell's problem, and
 * says what the cell's result says. 1, or 0 with the reason. */
static int check_cell(const sn_atlas_bundle *b, size_t k, const char *text, long precision,
                      char *why, size_t n)
{
    const sn_atlas_cell *cell = &b->cells[k];
    const sn_atlas_spec *s = &b->spec;
    sn_certificate c;
    char err[400];
    if (sn_certificate_parse(&c, text + b->cert_offset[k], b->cert_len[k], err, sizeof err)) {
        snprintf(why, n, "its certificate is malformed: %s", err);
        return 0;
    }
    sn_domain dom;
    sn_selu_exact consts;
    char value[2][SN_DECIMAL_MAX + 1];
    sn_cert_check r;
    int ok = 0;
    if (sn_atlas_cell_problem(&dom, &consts, value, s, cell->i, cell->j) != GSL_SUCCESS)
        snprintf(why, n, "no valid problem");
    else if (strcmp(value[0], cell->value[0]) || strcmp(value[1], cell->value[1]))
        snprintf(why, n, "its parameters %s, %s are not the grid's %s, %s", cell->value[0], cell->value[1],
                 value[0], value[1]);
    else if (strcmp(c.statement, s->theorem->name) != 0)
        snprintf(why, n, "its certificate is about %s, not %s", c.statement, s->theorem->name);
    else if (!sn_domain_equal(&c.domain, &dom) || !same_constants(&c.constants, &consts))
        snprintf(why, n, "its certificate is about another domain or other constants than the cell's");
    else if (sn_certificate_check(&r, &c, precision) != GSL_SUCCESS)
        snprintf(why, n, "out of memory");
    else if (!r.verified)
        snprintf(why, n, "its certificate does not verify: %s", r.reason);
    else {
        ok = 1;
        int fails = 0, open = 0;
        for (size_t j = 0; j < s->theorem->nobjectives && ok; j++) {
            const sn_cert_objective *o = &c.obj[r.index[j]];
            if (o->lo != cell->lo[j] || o->hi != cell->hi[j] || r.verdict[j] != cell->objective_verdict[j]) {
                snprintf(why, n, "its result for %s is not what its certificate proves", o->key);
                ok = 0;
            }
            fails |= r.verdict[j] == 0;
            open |= r.verdict[j] == -1;
        }
        sn_atlas_verdict v = fails ? SN_ATLAS_REFUTED : open ? SN_ATLAS_UNDECIDED : SN_ATLAS_CERTIFIED;
        if (ok && v != cell->verdict) {
            snprintf(why, n, "it says %s, its certificate proves %s", sn_atlas_verdict_name(cell->verdict),
                     sn_atlas_verdict_name(v));
            ok = 0;
        }
    }
    sn_certificate_free(&c);
    return ok;
}

static int check_bundle(const char *path, const char *text, size_t len, long precision, int json)
{
    sn_atlas_bundle b;
    char err[400] = "", reason[1200] = "";
    size_t bad_cell = (size_t)-1;
    int st = sn_atlas_bundle_read(&b, text, len, 0, err, sizeof err);
    if (st == GSL_ENOMEM) return cli_status_exit("check-certificate", st);
    int verified = st == GSL_SUCCESS;
    if (!verified) snprintf(reason, sizeof reason, "%s", err);
    else if (!b.have_spec) {
        snprintf(reason, sizeof reason, "no specification: the atlas never started");
        verified = 0;
    }
    size_t ncells = verified ? (size_t)(b.spec.n[0] * b.spec.n[1]) : 0;
    if (verified && b.ncells != ncells) {
        /* the first missing cell, by i then j */
        unsigned char *have = calloc(ncells, 1);
        long mi = -1, mj = -1;
        for (size_t k = 0; have && k < b.ncells; k++) have[b.cells[k].i * b.spec.n[1] + b.cells[k].j] = 1;
        for (size_t k = 0; have && k < ncells && mi < 0; k++)
            if (!have[k]) mi = (long)k / b.spec.n[1], mj = (long)k % b.spec.n[1];
        free(have);
        snprintf(reason, sizeof reason, "incomplete: %zu of %zu cells (cell (%ld, %ld) is missing)",
                 b.ncells, ncells, mi, mj);
        verified = 0;
    }
    if (verified) {
        char (*why)[1024] = calloc(b.ncells, sizeof *why);
        if (!why) { sn_atlas_bundle_free(&b); return cli_status_exit("check-certificate", GSL_ENOMEM); }
        /* cells are independent proofs: checked in parallel, one per thread */
        #pragma omp parallel for schedule(dynamic, 1)
        for (size_t k = 0; k < b.ncells; k++)
            if (!check_cell(&b, k, text, precision, why[k], sizeof why[k]) && !why[k][0])
                snprintf(why[k], sizeof why[k], "does not verify");
        for (size_t k = 0; k < b.ncells && verified; k++)
            if (why[k][0]) {
                verified = 0;
                bad_cell = k;
                snprintf(reason, sizeof reason, "cell (%ld, %ld): %.1000s", b.cells[k].i, b.cells[k].j, why[k]);
            }
        free(why);
    }
    size_t counts[3] = { 0, 0, 0 };
    for (size_t k = 0; verified && k < b.ncells; k++) counts[b.cells[k].verdict]++;
    if (json) {
        json_writer w;
        json_begin(&w, stdout);
        json_open(&w, "input", '{');
        json_string(&w, "file", path);
        json_integer(&w, "precision", precision);
        json_close(&w, '}');
        json_string(&w, "kind", "atlas");
        json_string(&w, "statement", b.have_spec ? b.spec.theorem->name : "");
        json_integer(&w, "cells", (long long)ncells);
        json_bool(&w, "verified", verified);
        json_integer(&w, "certified", (long long)counts[0]);
        json_integer(&w, "refuted", (long long)counts[1]);
        json_integer(&w, "undecided", (long long)counts[2]);
        if (!verified) json_string(&w, "reason", reason);
        json_end(&w);
    } else if (b.have_spec || verified) {
        printf("atlas bundle for %s: %s x %s, %ld x %ld cells, checked at %ld bits\n", b.spec.theorem->name,
               SN_ATLAS_PARAMS[b.spec.axis[0]].name, SN_ATLAS_PARAMS[b.spec.axis[1]].name, b.spec.n[0],
               b.spec.n[1], precision);
        if (verified)
            printf("  every cell's certificate verifies and proves its result: %zu certified, %zu refuted, "
                   "%zu undecided\n  => the atlas verifies\n", counts[0], counts[1], counts[2]);
        else
            printf("  reason: %s\n  => the atlas does not verify\n", reason);
    } else {
        printf("atlas bundle '%s'\n  reason: %s\n  => the atlas does not verify\n", path, reason);
    }
    (void)bad_cell;
    if (st == GSL_SUCCESS) sn_atlas_bundle_free(&b);
    return verified ? EXIT_OK : EXIT_FALSE;
}

int cmd_check_certificate(int argc, char **argv)
{
    long precision = 96;
    int json = 0, require_paper = 0;
    cli_opt opts[] = {
        { "precision", OPT_LONG, &precision, "BITS", "working precision, 64..4096 (default 96)", 0, 0 },
        { "require-paper", OPT_FLAG, &require_paper, NULL, "exit 1 unless it proves the paper's statement itself", 0, 0 },
        { "json", OPT_FLAG, &json, NULL, "print one JSON object", 0, 0 },
    };
    size_t nopts = sizeof opts / sizeof opts[0], npos = 0;
    char *pos[1];
    int rc = cli_parse(argc, argv, opts, nopts, &CMD_CHECK_CERTIFICATE, pos, 1, &npos);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    if (npos != 1) return cli_usage_error("check-certificate", "which file? (see --help)");
    if (precision < 64 || precision > 4096)
        return cli_usage_error("check-certificate", "--precision must be between 64 and 4096");
    size_t blen = 0;
    char *bundle = map_bundle(pos[0], &blen);
    if (bundle) {   /* an atlas's bundle, mapped: it may be far larger than memory */
        rc = require_paper ? cli_usage_error("check-certificate", "--require-paper is for one certificate, not an atlas bundle")
                           : check_bundle(pos[0], bundle, blen, precision, json);
        munmap(bundle, blen);
        return rc;
    }
    size_t len = 0;
    char *text = read_file(pos[0], &len);
    if (!text) return cli_usage_error("check-certificate", "cannot read '%s' (not a regular file, or larger than 2 GiB)", pos[0]);
    sn_certificate c;
    char err[512] = "";
    int st = sn_certificate_parse(&c, text, len, err, sizeof err);
    free(text);
    if (st) return cli_usage_error("check-certificate", "%s: %s", pos[0], err);
    sn_cert_check r;
    st = sn_certificate_check(&r, &c, precision);
    if (st) {
        sn_certificate_free(&c);
        return cli_status_exit("check-certificate", st);
    }
    const check_input in = { pos[0], precision, require_paper, json };
    report(&c, &r, &in);
    sn_certificate_free(&c);
    return r.holds && (r.paper_statement || !require_paper) ? EXIT_OK : EXIT_FALSE;
}
