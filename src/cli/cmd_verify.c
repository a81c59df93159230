/* cmd_verify.c - `selfnorm verify`: the paper's Theorems 1–3, checked numerically over their
 * 4-D domains (or over domains and constants of the user's). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"

#define DEFAULT_GRID 40
#define MAX_GRID 200      /* 200^4 = 1.6e9 points: about 20 s per theorem here */
#define MAX_BOXES 20000000 /* per quantity: the open boxes take ~100 bytes each */

const cli_command CMD_VERIFY = {
    .name = "verify",
    .synopsis = "theorem1|theorem2|theorem3a|theorem3b|all ... [--grid N] [--domain D]\n"
                "       [--alpha A --lambda L] [--rigorous [--width W] [--max-boxes N]] [--json]",
    .summary = "Check the paper's theorems numerically: the extremes of each statement's quantity\n"
               "over its domain of (mu, omega, nu, tau), with where they are attained.",
    .details =
        "Statements (Klambauer et al. 2017):\n"
        "  theorem1   g maps mu in [-0.1, 0.1], nu in [0.8, 1.5] into itself and contracts there\n"
        "             (max spectral norm of the Jacobian < 1), for omega in [-0.1, 0.1], tau in\n"
        "             [0.95, 1.1]: by Banach's theorem, a stable and attracting fixed point;\n"
        "  theorem2   nu_new < nu for mu in [-1, 1], omega in [-0.1, 0.1], nu in [3, 16], tau in\n"
        "             [0.8, 1.25] (large variances decrease);\n"
        "  theorem3a  nu_new > nu for mu, omega in [-0.1, 0.1], nu in [0.02, 0.16], tau in\n"
        "             [0.8, 1.25]; theorem3b the same with nu in [0.02, 0.24], tau in [0.9, 1.25]\n"
        "             (small variances increase).\n\n"
        "Method: a grid of N points per axis (N^4 evaluations, default N = 40, OpenMP across\n"
        "cores), then Nelder-Mead from the best grid point, constrained to the box. This finds\n"
        "extremes numerically; it is not a proof.\n\n"
        "--rigorous proves them: a branch-and-bound over the box in Arb ball arithmetic (alpha\n"
        "and lambda as balls around the exact constants, decimal bounds enclosed outward) gives\n"
        "each extreme as an enclosure [lo, hi] at most --width wide (default 1e-4): hi from\n"
        "bounds on boxes (mean-value forms from analytic first and second derivatives,\n"
        "intersected with interval extensions, monotonicity reducing boxes to faces), lo from\n"
        "balls at points. A statement holds only if every box is certified; exit code 1 if it\n"
        "is false or cannot be certified within --max-boxes (default 2000000) per quantity.\n\n"
        "--explore AXIS.lo|AXIS.hi (with --rigorous, one theorem), e.g. nu.hi: moves that bound\n"
        "outward and bisects for the farthest value at which the statement is still certified\n"
        "(to 1e-6 relative; each trial has a budget of --max-boxes boxes per quantity).\n\n"
        "--certificate FILE (with --rigorous, one theorem) writes the proof: the boxes of each\n"
        "search and the claimed enclosures (format in include/selfnorm/certificate.h), which\n"
        "`selfnorm check-certificate FILE` re-verifies without searching.\n\n"
        "--domain 'mu=LO:HI,omega=LO:HI,nu=LO:HI,tau=LO:HI' replaces the named axes of one\n"
        "theorem's domain (nu and tau must stay > 0).\n\n"
        "Exit codes: 0 every statement holds; 1 one fails (the point and value are printed);\n"
        "2 bad usage or input.\n",
    .run = cmd_verify,
};

static const char *AXES[4] = { "mu", "omega", "nu", "tau" };

/* A --domain string into box and the decimal texts of its bounds: EXIT_OK or EXIT_USAGE. */
static int parse_domain(sn_box *box, char lo_text[][64], char hi_text[][64], const char *text)
{
    if (!*text) return cli_usage_error("verify", "--domain is empty");
    int seen[4] = { 0 };
    char *copy = strdup(text), *save = NULL;
    if (!copy) return cli_usage_error("verify", "out of memory");
    int rc = EXIT_OK;
    for (char *item = strtok_r(copy, ",", &save); item && rc == EXIT_OK;
         item = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(item, '='), *colon = eq ? strchr(eq + 1, ':') : NULL;
        if (!eq || !colon) {
            rc = cli_usage_error("verify", "--domain: '%s' is not NAME=LO:HI", item);
            break;
        }
        *eq = *colon = '\0';
        int axis = -1;
        for (int k = 0; k < 4; k++)
            if (strcmp(item, AXES[k]) == 0) axis = k;
        double lo, hi;
        const char *why;
        if (axis < 0)
            rc = cli_usage_error("verify", "--domain: unknown name '%s' (mu, omega, nu, tau)", item);
        else if (seen[axis]++)
            rc = cli_usage_error("verify", "--domain: %s given twice", item);
        else if ((why = cli_parse_double(eq + 1, &lo)))
            rc = cli_usage_error("verify", "--domain: %s lower bound '%s' %s", item, eq + 1, why);
        else if ((why = cli_parse_double(colon + 1, &hi)))
            rc = cli_usage_error("verify", "--domain: %s upper bound '%s' %s", item, colon + 1, why);
        else if (lo > hi)
            rc = cli_usage_error("verify", "--domain: %s range %g:%g is empty (lo > hi)", item, lo, hi);
        else if ((axis == SN_NU || axis == SN_TAU) && !(lo > 0))
            rc = cli_usage_error("verify", "--domain: %s must be > 0 on the whole domain", item);
        else if (strlen(eq + 1) >= 64 || strlen(colon + 1) >= 64)
            rc = cli_usage_error("verify", "--domain: %s bounds are too long", item);
        else {
            box->lo[axis] = lo;
            box->hi[axis] = hi;
            strcpy(lo_text[axis], eq + 1);
            strcpy(hi_text[axis], colon + 1);
        }
    }
    if (rc == EXIT_OK && text[strlen(text) - 1] == ',')
        rc = cli_usage_error("verify", "--domain: trailing ','");
    free(copy);
    return rc;
}

#define TEXT 64

typedef struct {
    const sn_theorem *th;
    sn_box box;
    char lo_text[4][TEXT], hi_text[4][TEXT];   /* the domain's decimal bounds */
    sn_extreme ext[5];
    sn_enclosure enc[5];                        /* with --rigorous */
    int cert[5];                                /* 1 certified, 0 fails, −1 undecided */
    sn_leaf *leaves[5];                         /* with --certificate */
    size_t nleaves[5];
    int holds, is_default, rigorous;
    double seconds;
} verdict;

static const char *condition_text(const sn_objective *o, const sn_box *b, char *buf, size_t n)
{
    switch (o->condition) {
    case SN_BELOW: snprintf(buf, n, "< %g", o->bound); break;
    case SN_ABOVE: snprintf(buf, n, "> %g", o->bound); break;
    case SN_AT_LEAST_LO: snprintf(buf, n, ">= %g", b->lo[o->axis]); break;
    case SN_AT_MOST_HI: snprintf(buf, n, "<= %g", b->hi[o->axis]); break;
    }
    return buf;
}

static const char *cert_text(int c)
{
    return c == 1 ? "certified" : c == 0 ? "FAILS (certified)" : "UNDECIDED";
}

static void print_rigorous(const verdict *v)
{
    const sn_theorem *th = v->th;
    printf("%s: %s\n", th->name, th->statement);
    printf("  domain: mu [%s, %s], omega [%s, %s], nu [%s, %s], tau [%s, %s]\n", v->lo_text[0],
           v->hi_text[0], v->lo_text[1], v->hi_text[1], v->lo_text[2], v->hi_text[2],
           v->lo_text[3], v->hi_text[3]);
    long boxes = 0;
    for (size_t k = 0; k < th->nobjectives; k++) boxes += v->enc[k].boxes;
    printf("  proof: branch-and-bound in ball arithmetic, %ld boxes, %.3f s\n", boxes, v->seconds);
    for (size_t k = 0; k < th->nobjectives; k++) {
        const sn_objective *o = &th->objectives[k];
        const sn_enclosure *e = &v->enc[k];
        char cond[64];
        printf("  %-18s in [%.9f, %.9f] (width %.1e) %-10s %s (%ld boxes)\n", o->key, e->lo, e->hi,
               e->hi - e->lo, condition_text(o, &v->box, cond, sizeof cond), cert_text(v->cert[k]),
               e->boxes);
        if (v->is_default && !isnan(o->published)) {
            /* published to 6 significant digits: its rounding interval must meet the enclosure */
            double half = 0.5 * pow(10, floor(log10(fabs(o->published))) - 5);
            int ok = o->published + half >= e->lo && o->published - half <= e->hi;
            printf("  %-18s   published %g (+/- %.0e): %s\n", "", o->published, half,
                   ok ? "consistent with the enclosure" : "INCONSISTENT with the enclosure");
        }
    }
    if (v->holds)
        printf("  => holds: proven by ball arithmetic over the whole domain\n");
    else
        printf("  => not proven: %s\n", "a quantity fails or could not be certified (see above)");
}

static void print_human(const verdict *v, int grid)
{
    const sn_theorem *th = v->th;
    printf("%s: %s\n", th->name, th->statement);
    printf("  domain: mu [%g, %g], omega [%g, %g], nu [%g, %g], tau [%g, %g]\n", v->box.lo[0],
           v->box.hi[0], v->box.lo[1], v->box.hi[1], v->box.lo[2], v->box.hi[2], v->box.lo[3],
           v->box.hi[3]);
    printf("  search: grid %d^4 = %ld points + Nelder-Mead, %.3f s\n", grid,
           (long)grid * grid * grid * grid, v->seconds);
    for (size_t k = 0; k < th->nobjectives; k++) {
        const sn_objective *o = &th->objectives[k];
        const sn_extreme *e = &v->ext[k];
        char cond[64];
        int ok = sn_objective_holds(o, &v->box, e->value);
        printf("  %-18s = %-13.9g %-10s %-4s at mu=%.6g omega=%.6g nu=%.6g tau=%.6g\n", o->key,
               e->value, condition_text(o, &v->box, cond, sizeof cond), ok ? "ok" : "FAILS",
               e->at[0], e->at[1], e->at[2], e->at[3]);
        if (v->is_default && !isnan(o->published)) {
            printf("  %-18s   published %g (difference %.2g)", "", o->published, e->value - o->published);
            if (!isnan(o->paper_bound)) printf("; the paper states the looser %g", o->paper_bound);
            printf("\n");
        }
    }
    if (!v->holds)
        printf("  => FAILS: the statement is false on this domain (counterexample above)\n");
    else if (strcmp(th->name, "theorem1") == 0)
        printf("  => holds (numerically): g maps [%g, %g] x [%g, %g] into itself and its Jacobian's\n"
               "     spectral norm is below 1 there, so by Banach's fixed-point theorem g has a\n"
               "     unique, stable and attracting fixed point in it.\n",
               v->box.lo[0], v->box.hi[0], v->box.lo[2], v->box.hi[2]);
    else
        printf("  => holds (numerically)\n");
}

static void print_json_theorem(json_writer *w, const verdict *v, int grid)
{
    const sn_theorem *th = v->th;
    json_open(w, NULL, '{');
    json_string(w, "name", th->name);
    json_string(w, "statement", th->statement);
    json_bool(w, "holds", v->holds);
    json_bool(w, "rigorous", v->rigorous);
    json_open(w, "domain", '{');
    for (int k = 0; k < 4; k++) {
        json_open(w, AXES[k], '[');
        json_number(w, NULL, v->box.lo[k]);
        json_number(w, NULL, v->box.hi[k]);
        json_close(w, ']');
    }
    json_close(w, '}');
    json_integer(w, "grid", grid);
    json_number(w, "seconds", v->seconds);
    json_open(w, "quantities", '{');
    for (size_t k = 0; k < th->nobjectives; k++) {
        if (!v->rigorous) {
            json_number(w, th->objectives[k].key, v->ext[k].value);
            continue;
        }
        json_open(w, th->objectives[k].key, '[');
        json_number(w, NULL, v->enc[k].lo);
        json_number(w, NULL, v->enc[k].hi);
        json_close(w, ']');
    }
    json_close(w, '}');
    if (v->rigorous) {
        json_open(w, "boxes", '{');
        for (size_t k = 0; k < th->nobjectives; k++) json_integer(w, th->objectives[k].key, v->enc[k].boxes);
        json_close(w, '}');
        json_open(w, "certified", '{');
        for (size_t k = 0; k < th->nobjectives; k++)
            json_string(w, th->objectives[k].key, v->cert[k] == 1 ? "holds" : v->cert[k] == 0 ? "fails" : "undecided");
        json_close(w, '}');
    }
    json_open(w, "where", '{');
    for (size_t k = 0; k < th->nobjectives; k++) {
        json_open(w, th->objectives[k].key, '{');
        for (int a = 0; a < 4; a++) json_number(w, AXES[a], v->ext[k].at[a]);
        json_close(w, '}');
    }
    json_close(w, '}');
    if (v->is_default) {
        json_open(w, "published", '{');
        for (size_t k = 0; k < th->nobjectives; k++)
            if (!isnan(th->objectives[k].published))
                json_number(w, th->objectives[k].key, th->objectives[k].published);
        json_close(w, '}');
    }
    for (size_t k = 0; k < th->nobjectives && !v->rigorous; k++)
        if (!sn_objective_holds(&th->objectives[k], &v->box, v->ext[k].value)) {
            json_open(w, "counterexample", '{');
            json_string(w, "quantity", th->objectives[k].key);
            json_number(w, "value", v->ext[k].value);
            for (int a = 0; a < 4; a++) json_number(w, AXES[a], v->ext[k].at[a]);
            json_close(w, '}');
            break;
        }
    json_close(w, '}');
}

static int check_theorem(verdict *v, sn_selu p, int grid)
{
    double t0 = cli_now();
    int status = sn_box_extremes(v->ext, v->th->objectives, v->th->nobjectives, &v->box, p, grid);
    v->seconds = cli_now() - t0;
    if (status) return status;
    v->holds = 1;
    for (size_t k = 0; k < v->th->nobjectives; k++)
        v->holds &= sn_objective_holds(&v->th->objectives[k], &v->box, v->ext[k].value);
    return GSL_SUCCESS;
}

/* The rigorous pass, from the numeric extremes' locations. */
static int certify_theorem(verdict *v, const arb_t al, const arb_t la, double width, long max_boxes,
                           int keep_leaves)
{
    const char *lo[4], *hi[4];
    for (int k = 0; k < 4; k++) { lo[k] = v->lo_text[k]; hi[k] = v->hi_text[k]; }
    double t0 = cli_now();
    v->holds = 1;
    for (size_t k = 0; k < v->th->nobjectives; k++) {
        int st = sn_certify_extreme_leaves(&v->enc[k], keep_leaves ? &v->leaves[k] : NULL,
                                           &v->nleaves[k], &v->th->objectives[k], lo, hi, al, la,
                                           v->ext[k].at, width, max_boxes, 128);
        if (st) return st;
        v->cert[k] = sn_certified_verdict(&v->th->objectives[k], &v->enc[k], lo, hi);
        v->holds &= v->cert[k] == 1;
    }
    v->seconds = cli_now() - t0;
    v->rigorous = 1;
    return GSL_SUCCESS;
}

/* Is the statement certified with bound `which` (axis, upper?) set to value? */
static int certified_at(verdict *v, int axis, int upper, double value, sn_selu p,
                        const arb_t al, const arb_t la, double width, long max_boxes)
{
    verdict t = *v;
    if (upper) {
        t.box.hi[axis] = value;
        snprintf(t.hi_text[axis], TEXT, "%.17g", value);
    } else {
        t.box.lo[axis] = value;
        snprintf(t.lo_text[axis], TEXT, "%.17g", value);
    }
    if (sn_box_check(&t.box) != GSL_SUCCESS) return 0;
    if (check_theorem(&t, p, 12) != GSL_SUCCESS || !t.holds) return 0;
    return certify_theorem(&t, al, la, width, max_boxes, 0) == GSL_SUCCESS && t.holds;
}

static int explore(verdict *v, const char *what, sn_selu p, const arb_t al, const arb_t la,
                   double width, long max_boxes, int json)
{
    const char *dot = strchr(what, '.');
    int axis = -1, upper = dot && strcmp(dot + 1, "hi") == 0;
    for (int k = 0; k < 4; k++)
        if (dot && (size_t)(dot - what) == strlen(AXES[k]) && strncmp(what, AXES[k], strlen(AXES[k])) == 0)
            axis = k;
    if (axis < 0 || (!upper && strcmp(dot + 1, "lo") != 0))
        return cli_usage_error("verify", "--explore: '%s' is not AXIS.lo or AXIS.hi (mu, omega, nu, tau)", what);
    double good = upper ? v->box.hi[axis] : v->box.lo[axis];
    if (!certified_at(v, axis, upper, good, p, al, la, width, max_boxes)) {
        fprintf(stderr, "selfnorm verify: %s is not certified at the current %s = %g\n", v->th->name, what, good);
        return EXIT_FALSE;
    }
    /* outward in growing steps until certification fails, then bisect */
    double span = fmax(v->box.hi[axis] - v->box.lo[axis], 1e-3), bad = good;
    int found_bad = 0;
    for (int i = 0; i < 40 && !found_bad; i++) {
        double trial = upper ? good + span : good - span;
        if ((axis == SN_NU || axis == SN_TAU) && !upper && trial <= 0) trial = good / 2;
        if (certified_at(v, axis, upper, trial, p, al, la, width, max_boxes)) good = trial, span *= 2;
        else bad = trial, found_bad = 1;
    }
    if (!found_bad) {
        fprintf(stderr, "selfnorm verify: still certified at %s = %g; no limit found\n", what, good);
        return EXIT_FALSE;
    }
    while (fabs(bad - good) > 1e-6 * fmax(1, fabs(good))) {
        double mid = 0.5 * (good + bad);
        if (certified_at(v, axis, upper, mid, p, al, la, width, max_boxes)) good = mid;
        else bad = mid;
    }
    if (json) {
        json_writer w;
        json_begin(&w, stdout);
        json_string(&w, "theorem", v->th->name);
        json_string(&w, "bound", what);
        json_number(&w, "certified", good);
        json_number(&w, "not_certified", bad);
        json_end(&w);
    } else {
        printf("%s: the farthest %s at which the statement is certified is %.7g\n"
               "(certified at %.9g, not at %.9g; other bounds as given)\n", v->th->name, what,
               good, good, bad);
    }
    return EXIT_OK;
}

static int write_certificate(const verdict *v, const char *path, int exact, sn_selu p)
{
    sn_certificate c = { .exact_constants = exact, .nobjectives = v->th->nobjectives };
    snprintf(c.alpha, sizeof c.alpha, "%.17g", p.alpha);
    snprintf(c.lambda, sizeof c.lambda, "%.17g", p.lambda);
    snprintf(c.statement, sizeof c.statement, "%s", v->th->name);
    for (int k = 0; k < 4; k++) {
        snprintf(c.lo_text[k], SN_CERT_TEXT, "%s", v->lo_text[k]);
        snprintf(c.hi_text[k], SN_CERT_TEXT, "%s", v->hi_text[k]);
    }
    /* claims padded outward by 1e−9 (relative, 1e−9 absolute below 1): still true, and
     * robust to the checker's precision, whose enclosure of the box that defines the claim
     * may be slightly wider than the prover's; negligible beside the 1e−4 target width */
    for (size_t k = 0; k < c.nobjectives; k++) {
        double lo = v->enc[k].lo, hi = v->enc[k].hi;
        lo -= 1e-9 * fmax(1, fabs(lo));
        hi += 1e-9 * fmax(1, fabs(hi));
        c.obj[k] = (sn_cert_objective){ .lo = lo, .hi = hi, .nboxes = v->nleaves[k],
                                        .boxes = v->leaves[k] };
    }
    for (size_t k = 0; k < c.nobjectives; k++) {
        snprintf(c.obj[k].key, SN_CERT_TEXT, "%s", v->th->objectives[k].key);
        memcpy(c.obj[k].point, v->enc[k].at, sizeof c.obj[k].point);
    }
    FILE *f = fopen(path, "w");
    if (!f) return cli_usage_error("verify", "cannot write certificate '%s'", path);
    int st = sn_certificate_write(f, &c);
    if (fclose(f) != 0 || st) return cli_usage_error("verify", "error writing certificate '%s'", path);
    return EXIT_OK;
}

int cmd_verify(int argc, char **argv)
{
    long grid = DEFAULT_GRID, max_boxes = 2000000;
    const char *domain = NULL, *explore_what = NULL, *certificate = NULL;
    sn_selu p = sn_selu_default();
    int json = 0, rigorous = 0;
    double width = 1e-4;
    cli_opt opts[] = {
        { "grid", OPT_LONG, &grid, "N", "grid points per axis, 2..200 (default 40)", 0, 0 },
        { "domain", OPT_STRING, &domain, "D", "mu=LO:HI,omega=...,nu=...,tau=... (one theorem)", 0, 0 },
        { "alpha", OPT_DOUBLE, &p.alpha, "A", "SELU alpha > 0 (default alpha01)", 0, 0 },
        { "lambda", OPT_DOUBLE, &p.lambda, "L", "SELU lambda > 0 (default lambda01)", 0, 0 },
        { "rigorous", OPT_FLAG, &rigorous, NULL, "prove with ball arithmetic (see below)", 0, 0 },
        { "width", OPT_DOUBLE, &width, "W", "target width of enclosures (default 1e-4)", 0, 0 },
        { "max-boxes", OPT_LONG, &max_boxes, "N", "box budget per quantity, up to 2e7 (2000000)", 0, 0 },
        { "explore", OPT_STRING, &explore_what, "B", "with --rigorous: farthest certifiable bound B", 0, 0 },
        { "certificate", OPT_STRING, &certificate, "FILE", "with --rigorous: write the proof (one theorem)", 0, 0 },
        { "json", OPT_FLAG, &json, NULL, "print one JSON object", 0, 0 },
    };
    size_t nopts = sizeof opts / sizeof opts[0], npos = 0;
    char *pos[SN_NTHEOREMS + 1];
    int rc = cli_parse(argc, argv, opts, nopts, &CMD_VERIFY, pos, SN_NTHEOREMS + 1, &npos);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    if (npos == 0) return cli_usage_error("verify", "which statement? (theorem1, theorem2, theorem3a, theorem3b or all)");
    if (grid < 2 || grid > MAX_GRID)
        return cli_usage_error("verify", "--grid must be between 2 and %d", MAX_GRID);
    if (!(p.alpha > 0) || !(p.lambda > 0))
        return cli_usage_error("verify", "--alpha and --lambda must be > 0");
    if ((cli_given(opts, nopts, "width") || cli_given(opts, nopts, "max-boxes")) && !rigorous)
        return cli_usage_error("verify", "--width and --max-boxes go with --rigorous");
    if (!(width >= 1e-12 && width <= 1))
        return cli_usage_error("verify", "--width must be between 1e-12 and 1");
    if (max_boxes < 1 || max_boxes > MAX_BOXES)
        return cli_usage_error("verify", "--max-boxes must be between 1 and %d", MAX_BOXES);

    verdict v[SN_NTHEOREMS];
    size_t n = 0;
    for (size_t i = 0; i < npos; i++) {
        if (strcmp(pos[i], "all") == 0) {
            if (npos > 1) return cli_usage_error("verify", "'all' stands alone");
            for (int k = 0; k < SN_NTHEOREMS; k++) v[n++].th = &SN_THEOREMS[k];
            continue;
        }
        const sn_theorem *th = sn_theorem_find(pos[i]);
        if (!th) return cli_usage_error("verify", "unknown statement '%s'", pos[i]);
        for (size_t k = 0; k < n; k++)
            if (v[k].th == th) return cli_usage_error("verify", "%s given twice", pos[i]);
        v[n++].th = th;
    }
    if (domain && n != 1) return cli_usage_error("verify", "--domain applies to a single theorem");
    if (explore_what && (!rigorous || n != 1))
        return cli_usage_error("verify", "--explore needs --rigorous and a single theorem");
    if (certificate && (!rigorous || n != 1 || explore_what))
        return cli_usage_error("verify", "--certificate needs --rigorous and a single theorem");
    int defaults = p.alpha == SN_ALPHA01 && p.lambda == SN_LAMBDA01 && !domain;
    for (size_t i = 0; i < n; i++) {
        v[i].box = v[i].th->domain;
        v[i].is_default = defaults;
        v[i].rigorous = 0;
        for (int k = 0; k < 4; k++) {
            snprintf(v[i].lo_text[k], TEXT, "%.15g", v[i].box.lo[k]);
            snprintf(v[i].hi_text[k], TEXT, "%.15g", v[i].box.hi[k]);
        }
        if (domain && (rc = parse_domain(&v[i].box, v[i].lo_text, v[i].hi_text, domain))) return rc;
    }
    /* α, λ as balls: the exact constants by default, else the given doubles exactly */
    arb_t al, la;
    arb_init(al);
    arb_init(la);
    if (p.alpha == SN_ALPHA01 && p.lambda == SN_LAMBDA01) {
        sn_constants01_arb(al, la, 128);
    } else {
        arb_set_d(al, p.alpha);
        arb_set_d(la, p.lambda);
    }
    if (explore_what) {
        rc = explore(&v[0], explore_what, p, al, la, width, max_boxes, json);
        arb_clear(al);
        arb_clear(la);
        return rc;
    }
    int all_hold = 1;
    for (size_t i = 0; i < n; i++) {
        int status = check_theorem(&v[i], p, (int)grid);
        memset(v[i].leaves, 0, sizeof v[i].leaves);
        if (!status && rigorous) status = certify_theorem(&v[i], al, la, width, max_boxes, certificate != NULL);
        if (status) {
            arb_clear(al); arb_clear(la);
            return cli_status_exit("verify", status);
        }
        all_hold &= v[i].holds;
    }
    arb_clear(al);
    arb_clear(la);
    if (certificate) {
        int exact = p.alpha == SN_ALPHA01 && p.lambda == SN_LAMBDA01;
        rc = write_certificate(&v[0], certificate, exact, p);
        for (int k = 0; k < 5; k++) free(v[0].leaves[k]);
        if (rc) return rc;
    }
    if (json) {
        json_writer w;
        json_begin(&w, stdout);
        json_bool(&w, "holds", all_hold);
        json_open(&w, "theorems", '[');
        for (size_t i = 0; i < n; i++) print_json_theorem(&w, &v[i], (int)grid);
        json_close(&w, ']');
        json_end(&w);
    } else {
        for (size_t i = 0; i < n; i++) {
            if (v[i].rigorous) print_rigorous(&v[i]);
            else print_human(&v[i], (int)grid);
        }
    }
    return all_hold ? EXIT_OK : EXIT_FALSE;
}
