/* cmd_verify.c - `selfnorm verify`: the paper's Theorems 1–3, checked numerically over their
 * 4-D domains (or over domains and constants of the user's). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"
#include "figure.h"

#define DEFAULT_GRID 40
#define MAX_GRID 200      /* 200^4 = 1.6e9 points: about 20 s per theorem here */
#define MAX_BOXES 20000000
#define EXPLORE_BOXES 100000   /* default budget per quantity of each --explore trial */ /* per quantity: the open boxes take ~100 bytes each */

const cli_command CMD_VERIFY = {
    .name = "verify",
    .synopsis = "STATEMENT...|all|list [--grid N] [--domain D] [--alpha A --lambda L]\n"
                "       [--rigorous [--width W] [--max-boxes N] [--certificate FILE | --explore B]] [--json]",
    .brief = "check or prove every checkable statement of the paper",
    .summary = "Check the paper's theorems numerically: the extremes of each statement's quantity\n"
               "over its domain of (mu, omega, nu, tau), with where they are attained.",
    .details =
        "Statements: every checkable statement of the paper (Klambauer et al. 2017, main text\n"
        "and appendix) is a row of the theorems table; `selfnorm verify list` prints them with\n"
        "their sources and domains. theorem1 (g maps [-0.1, 0.1] x [0.8, 1.5] into itself and\n"
        "contracts there), theorem2 (large variances decrease), theorem3a/b (small variances\n"
        "increase) are the main theorems; the others are the paper's stated bounds, its proofs'\n"
        "numbers and the two versions of Theorem 3. Each condition gets a verdict: holds (with\n"
        "its margin), holds but loose (a stated bound off by more than a unit of its last\n"
        "digit), VIOLATED (by how much), or undecided.\n\n"
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
        "(to 1e-6 relative; each trial has a budget of --max-boxes boxes per quantity, default\n"
        "100000 here; the bound moves out at most 2^20 domain widths).\n\n"
        "--certificate FILE (with --rigorous, one theorem) writes the proof: the boxes of each\n"
        "search and the claimed enclosures (format in include/selfnorm/certificate.h), which\n"
        "`selfnorm check-certificate FILE` re-verifies without searching.\n\n"
        "--domain 'mu=LO:HI,omega=LO:HI,nu=LO:HI,tau=LO:HI' replaces the named axes of one\n"
        "theorem's domain (nu and tau must stay > 0).\n\n"
        "--alpha A --lambda L (together) replace alpha01, lambda01 by exact decimals.\n\n"
        "Enclosures are printed rounded outward (10 significant digits; 17 in JSON, as strings),\n"
        "so that each printed interval still contains the exact extreme over the exact domain.\n\n"
        "Exit codes: 0 every statement holds; 1 one fails or is undecided (the paper's own\n"
        "Lemma 9 and Theorem 1 bounds fail: `verify all` exits 1); 2 bad usage or input.\n",
    .run = cmd_verify,
};

static const char *AXES[4] = { "mu", "omega", "nu", "tau" };

/* A --domain string into the exact domain: EXIT_OK or EXIT_USAGE. */
static int parse_domain(sn_domain *dom, const char *text)
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
        const char *lo = eq + 1, *hi = colon + 1;
        int axis = -1;
        for (int k = 0; k < 4; k++)
            if (strcmp(item, AXES[k]) == 0) axis = k;
        double ignored;
        const char *why;
        if (axis < 0)
            rc = cli_usage_error("verify", "--domain: unknown name '%s' (mu, omega, nu, tau)", item);
        else if (seen[axis]++)
            rc = cli_usage_error("verify", "--domain: %s given twice", item);
        else if ((why = cli_parse_double(lo, &ignored)))
            rc = cli_usage_error("verify", "--domain: %s lower bound '%s' %s", item, lo, why);
        else if ((why = cli_parse_double(hi, &ignored)))
            rc = cli_usage_error("verify", "--domain: %s upper bound '%s' %s", item, hi, why);
        else if (!sn_decimal_valid(lo) || !sn_decimal_valid(hi))
            rc = cli_usage_error("verify", "--domain: %s bounds must be decimals of at most %d characters",
                                 item, SN_DECIMAL_MAX);
        else if (sn_domain_set(dom, axis, lo, hi) != GSL_SUCCESS)
            rc = cli_usage_error("verify", (axis == SN_NU || axis == SN_TAU)
                                 ? "--domain: %s range %s:%s is empty or not > 0 on the whole range"
                                 : "--domain: %s range %s:%s is empty (lo > hi)", item, lo, hi);
    }
    if (rc == EXIT_OK && text[strlen(text) - 1] == ',')
        rc = cli_usage_error("verify", "--domain: trailing ','");
    free(copy);
    return rc;
}

typedef struct {
    const sn_theorem *th;
    sn_domain dom;                              /* exact */
    sn_box box;                                 /* its nearest doubles, for the numeric search */
    sn_extreme ext[SN_MAX_OBJECTIVES];
    sn_enclosure enc[SN_MAX_OBJECTIVES];        /* with --rigorous */
    int cert[SN_MAX_OBJECTIVES];                /* 1 certified, 0 fails, −1 undecided */
    sn_leaf *leaves[SN_MAX_OBJECTIVES];         /* with --certificate */
    size_t nleaves[SN_MAX_OBJECTIVES];
    int holds, is_paper, rigorous, stuck;
    double seconds;
} verdict;

/* Printed enclosure ends: rounded outward, so that the printed interval still encloses. */
#define TEXT_DIGITS 10
#define JSON_DIGITS 17
#define END_BUF 64

static const char *condition_text(const sn_objective *o, const sn_domain *d, char *buf, size_t n)
{
    switch (o->condition) {
    case SN_BELOW: snprintf(buf, n, "< %s", o->bound); break;
    case SN_ABOVE: snprintf(buf, n, "> %s", o->bound); break;
    case SN_AT_LEAST_LO: snprintf(buf, n, ">= %s", d->lo[o->axis]); break;
    case SN_AT_MOST_HI: snprintf(buf, n, "<= %s", d->hi[o->axis]); break;
    }
    return buf;
}

/* "holds, margin 4.9e-06", "holds, loose by 3.6e-03", "VIOLATED by 5.0e-07", "UNDECIDED":
 * the amounts rounded toward what is certain (a margin down, a violation down). */
static const char *bound_text(char *buf, size_t n, const sn_objective *o, double lo, double hi,
                              const sn_domain *d)
{
    double mlo, mhi;
    char a[64], b[64];
    sn_bound_verdict v = sn_bound_check(&mlo, &mhi, o, lo, hi, d);
    switch (v) {
    case SN_BOUND_HOLDS: snprintf(buf, n, "holds, margin %s", sn_format_down(a, sizeof a, mlo, 2)); break;
    case SN_BOUND_LOOSE: snprintf(buf, n, "holds, loose by %s", sn_format_down(a, sizeof a, mlo, 2)); break;
    case SN_BOUND_VIOLATED: snprintf(buf, n, "VIOLATED by %s", sn_format_down(a, sizeof a, -mhi, 2)); break;
    case SN_BOUND_UNDECIDED:
        snprintf(buf, n, "UNDECIDED (margin in [%s, %s])", sn_format_down(a, sizeof a, mlo, 2),
                 sn_format_up(b, sizeof b, mhi, 2));
        break;
    }
    return buf;
}

/* What was proven about: the paper's statement, or its condition on other terms. */
static void print_scope(const verdict *v, const sn_selu_exact *c)
{
    printf("  domain: mu [%s, %s], omega [%s, %s], nu [%s, %s], tau [%s, %s]%s\n", v->dom.lo[0],
           v->dom.hi[0], v->dom.lo[1], v->dom.hi[1], v->dom.lo[2], v->dom.hi[2], v->dom.lo[3],
           v->dom.hi[3], v->is_paper ? " (the paper's)" : "");
    if (c->is01) printf("  constants: alpha01, lambda01 (exact)\n");
    else printf("  constants: alpha = %s, lambda = %s (exact decimals)\n", c->alpha, c->lambda);
    if (v->th->ours)
        printf("  scope: selfnorm's own step, not a statement of the paper\n");
    else if (!v->is_paper)
        printf("  scope: %s's condition on this domain with these constants, not the paper's statement\n",
               v->th->name);
}

static void print_rigorous(const verdict *v, const sn_selu_exact *c)
{
    const sn_theorem *th = v->th;
    printf("%s: %s\n", th->name, th->statement);
    print_scope(v, c);
    long boxes = 0;
    for (size_t k = 0; k < th->nobjectives; k++) boxes += v->enc[k].boxes;
    printf("  proof: branch-and-bound in ball arithmetic, %ld boxes, %.3f s\n", boxes, v->seconds);
    for (size_t k = 0; k < th->nobjectives; k++) {
        const sn_objective *o = &th->objectives[k];
        const sn_enclosure *e = &v->enc[k];
        char cond[SN_DECIMAL_MAX + 8], lo[END_BUF], hi[END_BUF], vtext[96];
        printf("  %-18s in [%s, %s] %-10s %s (certified; %ld boxes)\n", o->key,
               sn_format_down(lo, sizeof lo, e->lo, TEXT_DIGITS),
               sn_format_up(hi, sizeof hi, e->hi, TEXT_DIGITS),
               condition_text(o, &v->dom, cond, sizeof cond),
               bound_text(vtext, sizeof vtext, o, e->lo, e->hi, &v->dom), e->boxes);
        if (v->cert[k] == 0) {   /* where: the witness, a point of the exact domain */
            printf("  %-18s   attained at", "");
            for (int a = 0; a < 4; a++) {
                if (e->at_end[a]) printf(" %s=%s", AXES[a], e->at_end[a] < 0 ? v->dom.lo[a] : v->dom.hi[a]);
                else printf(" %s=%.17g", AXES[a], e->at[a]);
            }
            printf("\n");
        }
        if (v->is_paper && o->published && !e->complete)
            printf("  %-18s   published %s (%s): not compared, the enclosure did not reach its width\n",
                   "", o->published, o->published_source);
        else if (v->is_paper && o->published) {
            double gap;
            sn_published_standing st = sn_published_check(&gap, o, e->lo, e->hi);
            printf("  %-18s   published %s (%s): ", "", o->published, o->published_source);
            if (st == SN_PUB_CONSISTENT) printf("consistent with the enclosure to its last digit\n");
            else if (st == SN_PUB_DISAGREES) printf("DISAGREES with the enclosure (by %.2g)\n", gap);
            else printf("%.2g %s the proven %s: not the %s\n", gap, o->sense == SN_MIN ? "above" : "below",
                        o->sense == SN_MIN ? "minimum" : "maximum", o->sense == SN_MIN ? "minimum" : "maximum");
        }
    }
    int violated = 0;
    for (size_t k = 0; k < th->nobjectives; k++) violated |= v->cert[k] == 0;
    if (v->holds)
        printf("  => holds: proven by ball arithmetic over the whole domain\n");
    else if (violated)
        printf("  => FALSE: a condition is certified to fail (see above)\n");
    else if (v->stuck)
        printf("  => undecided: a box cannot be halved further in double precision, and the\n"
               "     statement cannot be decided at this precision and width\n");
    else
        printf("  => undecided: a condition could not be certified within --max-boxes\n");
    if (th->note && (v->is_paper || th->ours)) printf("  note: %s\n", th->note);
}

static void print_human(const verdict *v, int grid, const sn_selu_exact *c)
{
    const sn_theorem *th = v->th;
    printf("%s: %s\n", th->name, th->statement);
    print_scope(v, c);
    printf("  search: grid %d^4 = %ld points + Nelder-Mead, %.3f s\n", grid,
           (long)grid * grid * grid * grid, v->seconds);
    for (size_t k = 0; k < th->nobjectives; k++) {
        const sn_objective *o = &th->objectives[k];
        const sn_extreme *e = &v->ext[k];
        char cond[SN_DECIMAL_MAX + 8], vtext[96];
        printf("  %-18s = %-13.9g %-10s %s at mu=%.6g omega=%.6g nu=%.6g tau=%.6g\n", o->key,
               e->value, condition_text(o, &v->dom, cond, sizeof cond),
               bound_text(vtext, sizeof vtext, o, e->value, e->value, &v->dom),
               e->at[0], e->at[1], e->at[2], e->at[3]);
        if (v->is_paper && o->published)
            printf("  %-18s   published %s (%s; difference %.2g)\n", "", o->published,
                   o->published_source, e->value - strtod(o->published, NULL));
    }
    if (!v->holds)
        printf("  => FAILS: the statement is false on this domain (counterexample above)\n");
    else if (strcmp(th->name, "theorem1") == 0)
        printf("  => holds (numerically): g maps [%s, %s] x [%s, %s] into itself and its Jacobian's\n"
               "     spectral norm is below 1 there, so by Banach's fixed-point theorem g has a\n"
               "     unique, stable and attracting fixed point in it.\n",
               v->dom.lo[0], v->dom.hi[0], v->dom.lo[2], v->dom.hi[2]);
    else
        printf("  => holds (numerically)\n");
    if (th->note && (v->is_paper || th->ours)) printf("  note: %s\n", th->note);
}

static void json_enclosure(json_writer *w, const char *key, double lo, double hi)
{
    char a[END_BUF], b[END_BUF];
    json_open(w, key, '[');
    json_string(w, NULL, sn_format_down(a, sizeof a, lo, JSON_DIGITS));
    json_string(w, NULL, sn_format_up(b, sizeof b, hi, JSON_DIGITS));
    json_close(w, ']');
}

static void print_json_theorem(json_writer *w, const verdict *v, int grid, const sn_selu_exact *c)
{
    const sn_theorem *th = v->th;
    json_open(w, NULL, '{');
    json_string(w, "name", th->name);
    json_string(w, "statement", th->statement);
    json_string(w, "source", th->source);
    json_bool(w, "holds", v->holds);
    json_bool(w, "rigorous", v->rigorous);
    json_bool(w, "paper_statement", v->is_paper);
    json_open(w, "domain", '{');
    for (int k = 0; k < 4; k++) {
        json_open(w, AXES[k], '[');
        json_string(w, NULL, v->dom.lo[k]);
        json_string(w, NULL, v->dom.hi[k]);
        json_close(w, ']');
    }
    json_close(w, '}');
    json_string(w, "alpha", c->is01 ? "alpha01" : c->alpha);
    json_string(w, "lambda", c->is01 ? "lambda01" : c->lambda);
    json_integer(w, "grid", grid);
    json_number(w, "seconds", v->seconds);
    json_open(w, "quantities", '{');
    for (size_t k = 0; k < th->nobjectives; k++) {
        if (v->rigorous) json_enclosure(w, th->objectives[k].key, v->enc[k].lo, v->enc[k].hi);
        else json_number(w, th->objectives[k].key, v->ext[k].value);
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
        if (v->stuck) json_string(w, "undecided_reason", "a box cannot be halved in double precision");
    }
    json_open(w, "verdicts", '{');
    for (size_t k = 0; k < th->nobjectives; k++) {
        double lo = v->rigorous ? v->enc[k].lo : v->ext[k].value, hi = v->rigorous ? v->enc[k].hi : v->ext[k].value;
        double mlo, mhi;
        sn_bound_verdict b = sn_bound_check(&mlo, &mhi, &th->objectives[k], lo, hi, &v->dom);
        json_open(w, th->objectives[k].key, '{');
        json_string(w, "verdict", sn_bound_verdict_name(b));
        if (v->rigorous) json_enclosure(w, "margin", mlo, mhi);
        else json_number(w, "margin", mlo);
        json_close(w, '}');
    }
    json_close(w, '}');
    if (th->note) json_string(w, "note", th->note);
    json_open(w, "where", '{');
    for (size_t k = 0; k < th->nobjectives; k++) {
        json_open(w, th->objectives[k].key, '{');
        for (int a = 0; a < 4; a++) {
            const sn_enclosure *e = &v->enc[k];
            if (v->rigorous && e->at_end[a]) /* a decimal end of the domain, exactly */
                json_string(w, AXES[a], e->at_end[a] < 0 ? v->dom.lo[a] : v->dom.hi[a]);
            else json_number(w, AXES[a], v->rigorous ? e->at[a] : v->ext[k].at[a]);
        }
        json_close(w, '}');
    }
    json_close(w, '}');
    if (v->is_paper) {
        json_open(w, "published", '{');
        for (size_t k = 0; k < th->nobjectives; k++)
            if (th->objectives[k].published)
                json_string(w, th->objectives[k].key, th->objectives[k].published);
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
static int certify_theorem(verdict *v, const sn_selu_exact *c, double width, long max_boxes,
                           int keep_leaves, int narrow)
{
    double t0 = cli_now();
    v->holds = 1;
    v->stuck = 0;
    for (size_t k = 0; k < v->th->nobjectives; k++) {
        /* narrowed until the verdict is decided (sn_certify_decided), unless exploring */
        sn_leaf **leaves = keep_leaves ? &v->leaves[k] : NULL;
        const sn_objective *o = &v->th->objectives[k];
        int st = narrow ? sn_certify_decided(&v->enc[k], leaves, &v->nleaves[k], o, &v->dom, c,
                                             v->ext[k].at, width, max_boxes, 128)
                        : sn_certify_extreme_leaves(&v->enc[k], leaves, &v->nleaves[k], o, &v->dom, c,
                                                    v->ext[k].at, width, max_boxes, 128);
        if (st) return st;
        v->cert[k] = sn_certified_verdict(o, v->enc[k].lo, v->enc[k].hi, &v->dom);
        v->holds &= v->cert[k] == 1;
        v->stuck |= v->cert[k] == -1 && v->enc[k].stuck;
    }
    v->seconds = cli_now() - t0;
    v->rigorous = 1;
    return GSL_SUCCESS;
}

/* Is the statement certified with one bound (axis, upper?) set to value? */
static int certified_at(const verdict *v, int axis, int upper, double value, sn_selu p,
                        const sn_selu_exact *c, double width, long max_boxes)
{
    verdict t = *v;
    char text[SN_DECIMAL_MAX + 1];
    snprintf(text, sizeof text, "%.17g", value);   /* this decimal, exactly, is the bound tried */
    if (sn_domain_set(&t.dom, axis, upper ? t.dom.lo[axis] : text, upper ? text : t.dom.hi[axis])
        || sn_domain_box(&t.box, &t.dom) != GSL_SUCCESS)
        return 0;
    if (check_theorem(&t, p, 12) != GSL_SUCCESS || !t.holds) return 0;
    /* no narrowing: at the limit being sought, an enclosure always straddles the bound */
    return certify_theorem(&t, c, width, max_boxes, 0, 0) == GSL_SUCCESS && t.holds;
}

/* What the user asked, echoed under "input" (the options' names, defaults filled in). */
typedef struct {
    char **statements;
    size_t nstatements;
    long grid, max_boxes;
    const char *domain, *certificate, *explore;
    int rigorous;
    double width;
    const sn_selu_exact *constants;
} verify_input;

static void json_null_or_string(json_writer *w, const char *key, const char *s)
{
    if (s) {
        json_string(w, key, s);
    } else {
        json_key(w, key);
        fputs("null", w->f);
    }
}

static void json_input(json_writer *w, const verify_input *in)
{
    json_open(w, "input", '{');
    json_open(w, "statements", '[');
    for (size_t i = 0; i < in->nstatements; i++) json_string(w, NULL, in->statements[i]);
    json_close(w, ']');
    json_integer(w, "grid", in->grid);
    json_null_or_string(w, "domain", in->domain);
    json_string(w, "alpha", in->constants->is01 ? "alpha01" : in->constants->alpha);
    json_string(w, "lambda", in->constants->is01 ? "lambda01" : in->constants->lambda);
    json_bool(w, "rigorous", in->rigorous);
    json_number(w, "width", in->width);
    json_integer(w, "max_boxes", in->max_boxes);
    json_null_or_string(w, "certificate", in->certificate);
    json_null_or_string(w, "explore", in->explore);
    json_close(w, '}');
}

static int explore(verdict *v, const char *what, sn_selu p, const sn_selu_exact *c,
                   double width, long max_boxes, int json, const verify_input *in)
{
    const char *dot = strchr(what, '.');
    int axis = -1, upper = dot && strcmp(dot + 1, "hi") == 0;
    for (int k = 0; k < 4; k++)
        if (dot && (size_t)(dot - what) == strlen(AXES[k]) && strncmp(what, AXES[k], strlen(AXES[k])) == 0)
            axis = k;
    if (axis < 0 || (!upper && strcmp(dot + 1, "lo") != 0))
        return cli_usage_error("verify", "--explore: '%s' is not AXIS.lo or AXIS.hi (mu, omega, nu, tau)", what);
    double good = upper ? v->box.hi[axis] : v->box.lo[axis];
    if (!certified_at(v, axis, upper, good, p, c, width, max_boxes)) {
        fprintf(stderr, "selfnorm verify: %s is not certified at the current %s = %g\n", v->th->name, what, good);
        return EXIT_FALSE;
    }
    /* outward in growing steps until certification fails, then bisect */
    double span = fmax(v->box.hi[axis] - v->box.lo[axis], 1e-3), bad = good;
    int found_bad = 0;
    for (int i = 0; i < 20 && !found_bad; i++) {   /* up to 2^20 times the domain's width */
        double trial = upper ? good + span : good - span;
        if ((axis == SN_NU || axis == SN_TAU) && !upper && trial <= 0) trial = good / 2;
        if (certified_at(v, axis, upper, trial, p, c, width, max_boxes)) good = trial, span *= 2;
        else bad = trial, found_bad = 1;
    }
    if (!found_bad) {
        fprintf(stderr, "selfnorm verify: still certified at %s = %g; no limit found\n", what, good);
        return EXIT_FALSE;
    }
    while (fabs(bad - good) > 1e-6 * fmax(fabs(good), 1e-300)) {   /* 1e-6 relative */
        double mid = 0.5 * (good + bad);
        if (certified_at(v, axis, upper, mid, p, c, width, max_boxes)) good = mid;
        else bad = mid;
    }
    if (json) {
        json_writer w;
        json_begin(&w, stdout);
        json_input(&w, in);
        json_string(&w, "theorem", v->th->name);
        json_string(&w, "bound", what);
        json_number(&w, "certified", good);
        json_number(&w, "not_certified", bad);
        json_end(&w);
    } else {
        /* 7 digits rounded toward the domain, so that the headline is not beyond what was
         * certified; the exact decimal certified follows */
        char head[64];
        if (upper) sn_format_down(head, sizeof head, good, 7);
        else sn_format_up(head, sizeof head, good, 7);
        printf("%s: the farthest %s at which the statement is certified is %s\n"
               "(certified at %.17g, not at %.17g; other bounds as given)\n", v->th->name, what,
               head, good, bad);
    }
    return EXIT_OK;
}

static int write_certificate(verdict *v, const char *path, const sn_selu_exact *consts)
{
    sn_certificate c;
    sn_certificate_build(&c, v->th, &v->dom, consts, v->enc, v->leaves, v->nleaves, 1);
    memset(v->leaves, 0, sizeof v->leaves);   /* the certificate owns them now */
    FILE *f = fopen(path, "w");
    int st = f ? sn_certificate_write(f, &c) : GSL_EFAILED;
    int closed = f ? fclose(f) : EOF;
    sn_certificate_free(&c);
    if (!f) return cli_usage_error("verify", "cannot write certificate '%s'", path);
    if (closed != 0 || st) return cli_usage_error("verify", "error writing certificate '%s'", path);
    return EXIT_OK;
}

/* α, λ: exactly α01, λ01 unless given; given decimals are taken exactly (1.7 is 17/10). */
static int exact_constants(sn_selu_exact *c, const cli_opt *opts, size_t nopts)
{
    if (!cli_given(opts, nopts, "alpha") && !cli_given(opts, nopts, "lambda")) {
        *c = sn_selu_exact01();
        return EXIT_OK;
    }
    const char *a = NULL, *l = NULL;
    for (size_t i = 0; i < nopts; i++) {
        if (strcmp(opts[i].name, "alpha") == 0) a = opts[i].text;
        if (strcmp(opts[i].name, "lambda") == 0) l = opts[i].text;
    }
    if (!a || !l) return cli_usage_error("verify", "--alpha and --lambda go together (default: alpha01, lambda01)");
    if (sn_selu_exact_set(c, a, l) != GSL_SUCCESS)
        return cli_usage_error("verify", "--alpha and --lambda must be decimals > 0 of at most %d characters",
                               SN_DECIMAL_MAX);
    return EXIT_OK;
}

/* The theorems table, for `verify list`. */
static int list_statements(int json)
{
    json_writer w;
    if (json) {
        json_begin(&w, stdout);
        json_open(&w, "statements", '[');
    }
    for (int i = 0; i < SN_NTHEOREMS; i++) {
        const sn_theorem *th = &SN_THEOREMS[i];
        if (!json) {
            printf("%-22s %s\n%-22s source: %s\n%-22s domain: mu [%s, %s], omega [%s, %s], nu [%s, %s], tau [%s, %s]\n",
                   th->name, th->statement, "", th->source, "", th->lo[0], th->hi[0], th->lo[1],
                   th->hi[1], th->lo[2], th->hi[2], th->lo[3], th->hi[3]);
            for (size_t k = 0; k < th->nobjectives; k++) {
                char cond[SN_CERT_TEXT];
                printf("%-22s   %-18s %s%s\n", "", th->objectives[k].key,
                       sn_objective_condition(cond, sizeof cond, &th->objectives[k]),
                       th->objectives[k].stated ? "  (a bound the paper states)" : "");
            }
            if (th->note) printf("%-22s note: %s\n", "", th->note);
            continue;
        }
        json_open(&w, NULL, '{');
        json_string(&w, "name", th->name);
        json_string(&w, "statement", th->statement);
        json_string(&w, "source", th->source);
        json_open(&w, "domain", '{');
        for (int k = 0; k < 4; k++) {
            json_open(&w, AXES[k], '[');
            json_string(&w, NULL, th->lo[k]);
            json_string(&w, NULL, th->hi[k]);
            json_close(&w, ']');
        }
        json_close(&w, '}');
        json_open(&w, "conditions", '{');
        for (size_t k = 0; k < th->nobjectives; k++) {
            char cond[SN_CERT_TEXT];
            json_string(&w, th->objectives[k].key, sn_objective_condition(cond, sizeof cond, &th->objectives[k]));
        }
        json_close(&w, '}');
        if (th->note) json_string(&w, "note", th->note);
        json_close(&w, '}');
    }
    if (json) {
        json_close(&w, ']');
        json_end(&w);
    }
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
        { "alpha", OPT_DOUBLE, &p.alpha, "A", "SELU alpha > 0, an exact decimal (default alpha01)", 0, 0 },
        { "lambda", OPT_DOUBLE, &p.lambda, "L", "SELU lambda > 0, an exact decimal (default lambda01)", 0, 0 },
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
    if (npos == 0) return cli_usage_error("verify", "which statement? (a name from 'selfnorm verify list', or all)");
    if (strcmp(pos[0], "list") == 0) {
        if (npos > 1) return cli_usage_error("verify", "'list' stands alone");
        return list_statements(json);
    }
    if (grid < 2 || grid > MAX_GRID)
        return cli_usage_error("verify", "--grid must be between 2 and %d", MAX_GRID);
    if (!(p.alpha > 0) || !(p.lambda > 0))
        return cli_usage_error("verify", "--alpha and --lambda must be > 0");
    sn_selu_exact consts;
    if ((rc = exact_constants(&consts, opts, nopts))) return rc;
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
    const char *why = certificate ? fig_output_problem(certificate) : NULL;   /* before the proof */
    if (why) return cli_usage_error("verify", "--certificate: '%s' %s", certificate, why);
    for (size_t i = 0; i < n; i++) {
        sn_domain paper;
        sn_theorem_domain(&paper, v[i].th);
        v[i].dom = paper;
        if (domain && (rc = parse_domain(&v[i].dom, domain))) return rc;
        if (sn_domain_box(&v[i].box, &v[i].dom) != GSL_SUCCESS)
            return cli_usage_error("verify", "--domain: the bounds do not fit in double precision");
        v[i].is_paper = !v[i].th->ours && consts.is01 && sn_domain_equal(&paper, &v[i].dom);
        v[i].rigorous = 0;
        v[i].stuck = 0;
    }
    /* each trial of --explore is a proof: a smaller default budget keeps the search bounded */
    if (explore_what && !cli_given(opts, nopts, "max-boxes")) max_boxes = EXPLORE_BOXES;
    const verify_input in = { pos, npos, grid, max_boxes, domain, certificate, explore_what,
                              rigorous, width, &consts };
    if (explore_what) return explore(&v[0], explore_what, p, &consts, width, max_boxes, json, &in);
    int all_hold = 1;
    for (size_t i = 0; i < n; i++) {
        memset(v[i].leaves, 0, sizeof v[i].leaves);
        int status = check_theorem(&v[i], p, (int)grid);
        if (!status && rigorous) status = certify_theorem(&v[i], &consts, width, max_boxes, certificate != NULL, 1);
        if (status) return cli_status_exit("verify", status);
        all_hold &= v[i].holds;
    }
    if (certificate) {
        rc = write_certificate(&v[0], certificate, &consts);
        for (int k = 0; k < SN_MAX_OBJECTIVES; k++) free(v[0].leaves[k]);
        if (rc) return rc;
    }
    if (json) {
        json_writer w;
        json_begin(&w, stdout);
        json_input(&w, &in);
        json_bool(&w, "holds", all_hold);
        json_open(&w, "theorems", '[');
        for (size_t i = 0; i < n; i++) print_json_theorem(&w, &v[i], (int)grid, &consts);
        json_close(&w, ']');
        json_end(&w);
    } else {
        for (size_t i = 0; i < n; i++) {
            if (v[i].rigorous) print_rigorous(&v[i], &consts);
            else print_human(&v[i], (int)grid, &consts);
        }
        if (n > 1) {   /* a summary, so that `verify all` needs no scrolling */
            printf("\nsummary (%s): ", rigorous ? "proven" : "numerically");
            const char *sep = "";
            for (int pass = 0; pass < 2; pass++) {
                int count = 0;
                for (size_t i = 0; i < n; i++) count += v[i].holds == (pass == 0);
                printf("%s%d %s", sep, count, pass == 0 ? "hold" : "do not hold:");
                sep = ", ";
            }
            for (size_t i = 0; i < n; i++)
                if (!v[i].holds) printf(" %s", v[i].th->name);
            printf("\n");
        }
    }
    return all_hold ? EXIT_OK : EXIT_FALSE;
}
