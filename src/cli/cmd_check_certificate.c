/* cmd_check_certificate.c - `selfnorm check-certificate FILE`: re-verify a proof written by
 * `verify --rigorous --certificate`, independently: other precision, no search. */
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cli.h"

#define MAX_FILE (1L << 31)

const cli_command CMD_CHECK_CERTIFICATE = {
    .name = "check-certificate",
    .synopsis = "FILE [--precision BITS] [--require-paper] [--json]",
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
