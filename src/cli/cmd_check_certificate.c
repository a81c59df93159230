/* cmd_check_certificate.c - `selfnorm check-certificate FILE`: re-verify a proof written by
 * `verify --rigorous --certificate`, independently: other precision, no search. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli.h"

#define MAX_FILE (1L << 31)

const cli_command CMD_CHECK_CERTIFICATE = {
    .name = "check-certificate",
    .synopsis = "FILE [--precision BITS] [--json]",
    .summary = "Re-verify a proof certificate: the boxes must tile the statement's domain by\n"
               "bisection, every box's bound (recomputed in ball arithmetic) must lie within the\n"
               "claimed enclosure, and the recorded point must reach its other end.",
    .details =
        "Nothing is searched: the checker trusts nothing in the file but its syntax. Default\n"
        "precision 96 bits (the prover uses 128). Exit codes: 0 the certificate verifies and\n"
        "proves its statement; 1 it does not verify, or proves only part of the statement, or\n"
        "shows it false; 2 unreadable or malformed file, bad usage.\n",
    .run = cmd_check_certificate,
};

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    struct stat st;
    char *buf = NULL;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size < MAX_FILE) {
        buf = malloc((size_t)st.st_size + 1);
        if (buf && fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
            free(buf);
            buf = NULL;
        }
        if (buf) *len = (size_t)st.st_size;
    }
    fclose(f);
    return buf;
}

int cmd_check_certificate(int argc, char **argv)
{
    long precision = 96;
    int json = 0;
    cli_opt opts[] = {
        { "precision", OPT_LONG, &precision, "BITS", "working precision, 64..4096 (default 96)", 0, 0 },
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
    if (!text) return cli_usage_error("check-certificate", "cannot read '%s' (or larger than 2 GiB)", pos[0]);
    sn_certificate c;
    char err[512] = "";
    int st = sn_certificate_parse(&c, text, len, err, sizeof err);
    free(text);
    if (st) return cli_usage_error("check-certificate", "%s: %s", pos[0], err);
    int verdicts[5];
    err[0] = '\0';
    st = sn_certificate_check(verdicts, &c, precision, err, sizeof err);
    if (st) {
        sn_certificate_free(&c);
        return cli_usage_error("check-certificate", "%s: %s", pos[0], err);
    }
    const sn_theorem *th = sn_theorem_find(c.statement);
    int verified = 1, proves = c.nobjectives == th->nobjectives, fails = 0;
    for (size_t k = 0; k < c.nobjectives; k++) {
        verified &= verdicts[k] != -2;
        proves &= verdicts[k] == 1;
        fails |= verdicts[k] == 0;
    }
    long boxes = 0;
    for (size_t k = 0; k < c.nobjectives; k++) boxes += (long)c.obj[k].nboxes;
    const char *conclusion = !verified ? "does not verify"
                           : proves ? "proves the statement"
                           : fails ? "verifies, and shows the statement false"
                           : "verifies, but does not prove the whole statement";
    if (json) {
        json_writer w;
        json_begin(&w, stdout);
        json_string(&w, "statement", c.statement);
        json_bool(&w, "verified", verified);
        json_bool(&w, "holds", verified && proves);
        json_integer(&w, "boxes", boxes);
        json_open(&w, "quantities", '{');
        for (size_t k = 0; k < c.nobjectives; k++) {
            json_open(&w, c.obj[k].key, '[');
            json_number(&w, NULL, c.obj[k].lo);
            json_number(&w, NULL, c.obj[k].hi);
            json_close(&w, ']');
        }
        json_close(&w, '}');
        if (!verified) json_string(&w, "reason", err);
        json_end(&w);
    } else {
        printf("certificate for %s: %ld boxes, checked at %ld bits\n", c.statement, boxes, precision);
        for (size_t k = 0; k < c.nobjectives; k++)
            printf("  %-18s in [%.9f, %.9f]: %s\n", c.obj[k].key, c.obj[k].lo, c.obj[k].hi,
                   verdicts[k] == -2 ? "DOES NOT VERIFY" : verdicts[k] == 1 ? "verified, condition holds"
                   : verdicts[k] == 0 ? "verified, condition fails" : "verified, undecided");
        if (!verified) printf("  reason: %s\n", err);
        printf("  => the certificate %s\n", conclusion);
    }
    sn_certificate_free(&c);
    return verified && proves ? EXIT_OK : EXIT_FALSE;
}
