/* cmd_report.c - `selfnorm report`: analysis/REPRODUCTION.md, every published figure (the paper,
 * arXiv:1706.02515v5, and the authors' repository bioinf-jku/SNNs; each row names its source as
 * in DESIGN.md "Anchors, with their true sources") beside the value computed now, the difference
 * and a verdict. The published values below are the references being checked; everything else
 * is computed. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <omp.h>
#include <gmp.h>
#include <gsl/gsl_version.h>
#include <flint/flint.h>
#include "cli.h"
#include "figure.h"

const cli_command CMD_REPORT = {
    .name = "report",
    .synopsis = "[--output FILE] [--alpha A --lambda L] [--json]",
    .brief = "write the reproduction report analysis/REPRODUCTION.md",
    .summary = "Write the reproduction report (default analysis/REPRODUCTION.md): the figures\n"
               "published in the paper and the authors' repository (bioinf-jku/SNNs), each with\n"
               "its source, beside the values computed now, with differences and verdicts.",
    .details =
        "Verdicts are computed: --alpha/--lambda replace the SELU constants in every computation\n"
        "(the report then shows what changes). --json writes the report all the same and prints\n"
        "its verdicts as one JSON object: input (output, alpha, lambda), passed, failed,\n"
        "findings, and verdicts, one per verdict row of the report (section, quantity, published,\n"
        "source, computed, difference; for the paper's statements condition, enclosure, bound\n"
        "verdict and margin; pass true or false). Exit codes: 0 every verdict passes; 1 one\n"
        "fails (the JSON object is printed all the same); 2 bad usage or an unwritable file.\n",
    .run = cmd_report,
};

typedef struct {
    FILE *f;
    int passed, failed;
    int findings;   /* passes that are findings: the paper's bound or figure is wrong */
    FILE *j;        /* with --json: the verdicts, comma-separated JSON objects; else NULL */
    const char *section;
} report;

/* Starts the JSON object of one verdict in r->j, with its section. */
static void verdict_begin(report *r, json_writer *w)
{
    if (ftell(r->j) > 0) fputc(',', r->j);
    json_begin(w, r->j);
    json_string(w, "section", r->section);
}

/* Ends it with the verdict (no newline: the objects are elements of one array). */
static void verdict_end(json_writer *w, int pass)
{
    json_bool(w, "pass", pass);
    fputc('}', w->f);
}

static void row(report *r, const char *what, const char *published, const char *source,
                const char *computed, const char *difference, int pass)
{
    /* source NULL: a table without a source column (selfnorm's own criteria) */
    fprintf(r->f, "| %s | %s |", what, published);
    if (source) fprintf(r->f, " %s |", source);
    fprintf(r->f, " %s | %s | %s |\n", computed, difference, pass ? "pass" : "**FAIL**");
    if (r->j) {
        json_writer w;
        verdict_begin(r, &w);
        json_string(&w, "quantity", what);
        json_string(&w, "published", published);
        if (source) json_string(&w, "source", source);
        json_string(&w, "computed", computed);
        json_string(&w, "difference", difference);
        verdict_end(&w, pass);
    }
    if (pass) r->passed++;
    else r->failed++;
}

/* A published value printed with `decimals` digits after the point against a computed one:
 * it passes when the published digits are the computed value rounded, or (when allowed)
 * truncated, to that many decimals; the difference column says which. */
static void row_printed(report *r, const char *what, const char *published, const char *source,
                        double computed, int allow_truncated)
{
    int decimals = 0;
    const char *dot = strchr(published, '.');
    if (dot) decimals = (int)strlen(dot + 1);
    char rounded[48], truncated[48], c[32], d[96];
    snprintf(rounded, sizeof rounded, "%.*f", decimals, computed);
    double scale = pow(10, decimals);
    snprintf(truncated, sizeof truncated, "%.*f", decimals, trunc(computed * scale) / scale);
    snprintf(c, sizeof c, "%.10f", computed);
    int is_rounded = !strcmp(rounded, published), is_truncated = !strcmp(truncated, published);
    if (is_rounded) snprintf(d, sizeof d, "%.1e (correctly rounded)", computed - atof(published));
    else if (is_truncated) snprintf(d, sizeof d, "%.1e (truncated; rounded would be %s)", computed - atof(published), rounded);
    else snprintf(d, sizeof d, "%.1e (rounded: %s)", computed - atof(published), rounded);
    row(r, what, published, source, c, d, is_rounded || (allow_truncated && is_truncated));
}

static void table_head(report *r, const char *title)
{
    r->section = title;
    fprintf(r->f, "\n## %s\n\n| quantity | published | source | computed | difference | verdict |\n"
                  "|---|---|---|---|---|---|\n", title);
}

static char *digits(const char *const text[4], long n, int which)
{
    target t;
    target_init(&t);
    target_parse(&t, "report", text);
    char *out[4] = { NULL, NULL, NULL, NULL };
    size_t got = 0;
    int status;
    prove_digits(out, 4, &got, target_solve, &t, n, &status);
    target_clear(&t);
    char *keep = got > (size_t)which ? out[which] : NULL;
    for (size_t i = 0; i < got; i++)
        if ((int)i != which) free(out[i]);
    return keep;
}

/* Where the published figures come from (DESIGN.md, "Anchors, with their true sources"). */
#define SRC_PAPER "Klambauer et al. 2017, arXiv:1706.02515v5"
#define SRC_REPO "github.com/bioinf-jku/SNNs"
#define SRC_NB "`Calculations/SELU_calculations.nb` (" SRC_REPO "; Mathematica, shown to 6 digits)"

static void constants_section(report *r)
{
    table_head(r, "The constants α and λ");
    static const char *const t01[4] = { "0", "1", "0", "1" }, *const t02[4] = { "0", "2", "0", "1" },
                             *const tnb[4] = { "-0.1", "2", "1", "1" };
    static const struct {
        const char *name, *published, *source;
        const char *const *target;
        int which;
    } rows[] = {
        { "α01", "1.6733", "paper, Eq. 14 (α01 ≈ 1.6733)", t01, 0 },
        { "λ01", "1.0507", "paper, Eq. 14 (λ01 ≈ 1.0507)", t01, 1 },
        { "α01 (32 digits)", "1.6732632423543772848170429916717", "`selu.py` (" SRC_REPO "), `alpha` in `selu()`", t01, 0 },
        { "λ01 (32 digits)", "1.0507009873554804934193349852946", "`selu.py` (" SRC_REPO "), `scale` in `selu()`", t01, 1 },
        { "α02 for the fixed point (0, 2), ω = 0, τ = 1", "1.97126", "paper, appendix A5", t02, 0 },
        { "λ02 for the fixed point (0, 2), ω = 0, τ = 1", "1.06071", "paper, appendix A5", t02, 1 },
        { "α for (M, V) = (−0.1, 2), ω = τ = 1", "1.97690219542420",
          "`getSELUparameters.ipynb` (" SRC_REPO "), `getSeluParameters(-0.1, 2)` printed as the double 1.9769021954241999", tnb, 0 },
        { "λ for (M, V) = (−0.1, 2), ω = τ = 1", "1.07385123961605",
          "`getSELUparameters.ipynb` (" SRC_REPO "), printed as the double 1.073851239616047", tnb, 1 },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        /* significant digits of the published value */
        long n = 0;
        for (const char *q = rows[i].published; *q; q++) n += *q >= '0' && *q <= '9';
        char *c = digits(rows[i].target, n, rows[i].which);
        int same = c && !strcmp(c, rows[i].published);
        row(r, rows[i].name, rows[i].published, rows[i].source, c ? c : "(not proven)",
            same ? "0 (every digit)" : "differs", same);
        free(c);
    }
    fprintf(r->f, "\nEvery computed digit is proven by ball arithmetic and correctly rounded to the "
                  "published number of digits (`selfnorm constants`). The authors' notebook solves "
                  "E[selu(z)] = M, Var[selu(z)] = V for z ~ N(M, V), which is ω = τ = 1 here; it works "
                  "in double precision, so its printed values agree with the exact ones to 15 digits.\n");
}

static void fixed_point_section(report *r, sn_selu p)
{
    table_head(r, "The fixed point (0, 1) and the Jacobian there (ω = 0, τ = 1)");
    sn_moments g;
    sn_jacobian j;
    sn_map(&g, (sn_point){ 0, 0, 1, 1 }, p);
    sn_map_jacobian(&j, (sn_point){ 0, 0, 1, 1 }, p);
    char c[64], d[32];
    snprintf(c, sizeof c, "(%.3g, %.17g)", g.mu_new, g.nu_new);
    snprintf(d, sizeof d, "%.1e", fmax(fabs(g.mu_new), fabs(g.nu_new - 1)));
    row(r, "g(0, 1)", "(0, 1)", "paper, Eq. 14 (α01, λ01 are defined by it)", c, d,
        fabs(g.mu_new) <= 1e-15 && fabs(g.nu_new - 1) <= 1e-15);
    static const char *const sec = "paper, section \"Stable and attracting fixed point (0, 1) for normalized weights\"";
    row_printed(r, "∂μ̃/∂ν", "0.088834", sec, j.h[0][1], 1);
    row_printed(r, "∂ν̃/∂ν", "0.782648", sec, j.h[1][1], 0);
    row_printed(r, "spectral norm of H", "0.7877", sec, j.spectral_norm, 0);
    row_printed(r, "∂μ̃/∂ν", "0.0888348", SRC_NB ", \"Jacobian entries for normalized weights\"", j.h[0][1], 0);
    row_printed(r, "∂ν̃/∂ν", "0.782648", SRC_NB ", \"Jacobian entries for normalized weights\"", j.h[1][1], 0);
    row_printed(r, "spectral norm of H", "0.787673", SRC_NB ", \"Singular value\"", j.spectral_norm, 0);
    /* H is triangular here (∂/∂μ vanish for ω = 0): its eigenvalues are its diagonal */
    double rho = fmax(fabs(j.h[0][0]), fabs(j.h[1][1]));
    fprintf(r->f, "\n");
    if (p.alpha == SN_ALPHA01 && p.lambda == SN_LAMBDA01)
        fprintf(r->f, "The paper prints ∂μ̃/∂ν as 0.088834, the computed value truncated rather than "
                      "rounded (the notebook shows 0.0888348); a truncated print passes here. ");
    fprintf(r->f, "With ω = 0 the Jacobian is "
                  "triangular, so its eigenvalues are its diagonal entries %.6g and %.6g: the spectral radius "
                  "%.4f is the rate at which iterating g approaches (0, 1) (the ratio of successive distances "
                  "in `selfnorm fixedpoint --trace` tends to it), while the spectral norm %.4f bounds how much a "
                  "single step can stretch a deviation.\n", j.h[0][0], j.h[1][1], rho, j.spectral_norm);
}

/* One row of the stability table: eigenvalues, spectral radius and norm at a fixed point. */
static void stability_row(report *r, const char *what, sn_point x, sn_selu p)
{
    sn_stability st;
    if (sn_stability_at(&st, NULL, x, p) != GSL_SUCCESS) return;
    char ev[96];
    if (st.complex_pair) snprintf(ev, sizeof ev, "%.6g ± %.6gi", st.re[0], st.im[0]);
    else snprintf(ev, sizeof ev, "%.6g, %.6g", st.re[0], st.re[1]);
    const char *v[3] = { "no", "yes", "undecided" };
    fprintf(r->f, "| %s | %s | %.6g | %s | %.6g | %s |\n", what, ev, st.spectral_radius,
            v[st.attracting], st.spectral_norm, v[st.contraction]);
}

/* Stability wherever a fixed point appears: attracting exactly when the spectral radius is
 * below 1; a contraction in the 2-norm when the spectral norm is. */
static void stability_section(report *r, sn_selu p)
{
    fprintf(r->f, "\n## Stability of the fixed points (double precision, `selfnorm fixedpoint`, `constants`)\n\n"
                  "| fixed point | eigenvalues of H | spectral radius | attracting | spectral norm | "
                  "contraction in the 2-norm |\n|---|---|---|---|---|---|\n");
    stability_row(r, "(0, 1), ω = 0, τ = 1, α01, λ01", (sn_point){ 0, 0, 1, 1 }, p);
    /* the target of the authors' getSELUparameters.ipynb, under its own α, λ */
    arb_t m, v, w, t, al[2], la[2];
    arb_init(m); arb_init(v); arb_init(w); arb_init(t);
    for (int i = 0; i < 2; i++) { arb_init(al[i]); arb_init(la[i]); }
    arb_set_str(m, "-0.1", 256);
    arb_set_ui(v, 2);
    arb_one(w);
    arb_one(t);
    int count = 0;
    if (sn_constants_arb(al, la, &count, m, v, w, t, 256) == GSL_SUCCESS && count >= 1) {
        sn_selu q = { arf_get_d(arb_midref(al[0]), ARF_RND_NEAR), arf_get_d(arb_midref(la[0]), ARF_RND_NEAR) };
        stability_row(r, "(−0.1, 2), ω = τ = 1, its α, λ (`getSELUparameters.ipynb`)", (sn_point){ -0.1, 1, 2, 1 }, q);
    }
    arb_clear(m); arb_clear(v); arb_clear(w); arb_clear(t);
    for (int i = 0; i < 2; i++) { arb_clear(al[i]); arb_clear(la[i]); }
    /* PyTorch's calculate_gain('selu') = 3/4 makes kaiming_normal_ give τ = 9/16 */
    sn_fixed_point fp;
    if (sn_fixed_point_solve(&fp, 0, 0.5625, p, 0, 0.05) == GSL_SUCCESS) {
        char what[96];
        snprintf(what, sizeof what, "(%.4g, %.4g), ω = 0, τ = 9/16 (PyTorch's SELU gain 3/4)", fp.mu, fp.nu);
        stability_row(r, what, (sn_point){ fp.mu, 0, fp.nu, 0.5625 }, p);
    }
    fprintf(r->f, "\nThe notebook's target is a fixed point that repels: a deep network does not settle there. "
                  "With PyTorch's gain the fixed point attracts although H is not a contraction in the "
                  "2-norm: the spectral radius, not the norm, decides.\n");
}

/* The image bounds Theorem 1 of the paper states (with Lemma 13, which proves them): g maps
 * its domain into μ̃ ∈ [−0.03106, 0.06773], ν̃ ∈ [0.80009, 1.48617]. Compared with the
 * certified extremes below; not a verdict of the reproduction (the paper's statement is
 * what is checked, and it may be false). */
/* A published extreme against a certified enclosure: a published "minimum" above the proven
 * one (or "maximum" below) is a finding about the published figure; a disagreement fails. */
static const char *published_standing(const sn_objective *o, double lo, double hi, int *fails)
{
    static char buf[160];
    double gap;
    sn_published_standing st = sn_published_check(&gap, o, lo, hi);
    *fails = st == SN_PUB_DISAGREES;
    if (st == SN_PUB_CONSISTENT) return "consistent to its last digit";
    if (st == SN_PUB_DISAGREES) return "**disagrees** with the proof";
    snprintf(buf, sizeof buf, "**finding**: %.2g %s the proven %s, so not the %s", gap,
             o->sense == SN_MIN ? "above" : "below", o->sense == SN_MIN ? "minimum" : "maximum",
             o->sense == SN_MIN ? "minimum" : "maximum");
    return buf;
}

static const char *verdict_words(sn_bound_verdict b)
{
    switch (b) {
    case SN_BOUND_HOLDS: return "holds";
    case SN_BOUND_LOOSE: return "holds, loose";
    case SN_BOUND_VIOLATED: return "**violated**";
    case SN_BOUND_UNDECIDED: return "**undecided**";
    }
    return "";
}

static int row_holds(const int holds[], const char *name)
{
    const sn_theorem *th = sn_theorem_find(name);
    return th && holds[th - SN_THEOREMS];
}

/* The paper's corollaries about where fixed points lie follow from Theorems 2 and 3 on their
 * ranges of ν; how far Theorem 2's range extends is proven here (its enclosures blow up for
 * very large ν). */
static void corollaries(report *r, const sn_selu_exact *c, const int holds[])
{
    /* PyTorch's SELU gain 3/4: kaiming_normal_ gives τ = 9/16 */
    sn_fixed_point fp;
    int small = sn_fixed_point_solve(&fp, 0, 0.5625, sn_selu_default(), 0, 0.05) == GSL_SUCCESS;
    fprintf(r->f, "\n### Where fixed points cannot lie (the paper's corollaries of Theorems 2 and 3)\n\n");
    const sn_theorem *t2 = sn_theorem_find("theorem2");
    sn_domain d;
    sn_theorem_domain(&d, t2);
    sn_domain_set(&d, SN_NU, "3", "1000");
    sn_enclosure e;
    int wide = sn_certify_extreme(&e, &t2->objectives[0], &d, c, NULL, 1e-4, 2000000, 128) == GSL_SUCCESS
               && sn_certified_verdict(&t2->objectives[0], e.lo, e.hi, &d) == 1;
    fprintf(r->f, "- The paper: \"all fixed points (μ, ν) of the mapping g have ν < 3\" (after Theorem 2). "
                  "%s: ν̃ < ν, so ν̃ ≠ ν, for μ ∈ [−1, 1], ω ∈ [−0.1, 0.1], τ ∈ [0.8, 1.25] and ν ∈ [3, 16] "
                  "(theorem2)%s. Larger ν and |μ| > 1 are not covered.\n",
            row_holds(holds, "theorem2") ? "Proven where the theorem applies" : "**Not proven**",
            wide ? " and, proven here, ν ∈ [3, 1000]" : "");
    fprintf(r->f, "- The paper: fixed points have ν̃ > 0.16 for τ ≥ 0.8 and ν̃ > 0.24 for τ ≥ 0.9 (after "
                  "Theorem 3). %s for ν ∈ [0.02, 0.16] and [0.02, 0.24] with μ, ω ∈ [−0.1, 0.1] "
                  "(theorem3a, theorem3b): there ν̃ > ν. Below ν = 0.02 nothing is proven",
            row_holds(holds, "theorem3a") && row_holds(holds, "theorem3b") ? "No fixed point" : "**Not proven**");
    if (small && fp.stability.attracting == SN_VERDICT_YES)
        fprintf(r->f, "; and fixed points with small ν do exist outside these weights: PyTorch's SELU "
                      "gain 3/4 gives τ = 9/16, and then (%.3g, %.3g) is an attracting fixed point "
                      "(`selfnorm fixedpoint --omega 0 --tau 0.5625`)", fp.mu, fp.nu);
    fprintf(r->f, ".\n");
}

/* Every statement of the theorems table, proven (or refuted) with its source, each condition
 * with its verdict and margin. A row passes when its verdict is decided with an enclosure at
 * most 1e−4 wide (narrowed further only to decide), and a published value beside it is
 * consistent or a documented finding; the paper's violated bounds are findings, not failures
 * of the reproduction. */
static void theorems_section(report *r, sn_selu p, const sn_selu_exact *c)
{
    r->section = "The paper's statements, proven";
    fprintf(r->f, "\n## The paper's statements, proven (`selfnorm verify all --rigorous`)\n\n"
                  "Every checkable statement of the paper is a row of selfnorm's theorems table "
                  "(`selfnorm verify list`). Each condition is decided by an enclosure of the "
                  "extreme over the exact domain (decimal bounds are exact: 0.1 is 1/10), computed "
                  "by branch-and-bound in ball arithmetic (Arb) and printed rounded outward; the "
                  "*margin* is how far the extreme lies on the right side of the bound. A bound the "
                  "paper states is *loose* when it holds by more than one unit of its last printed "
                  "digit.\n\n"
                  "| statement | source | condition | enclosure of the extreme | verdict | margin |\n"
                  "|---|---|---|---|---|---|\n");
    int findings = 0, holds[SN_NTHEOREMS];
    char notes[SN_NTHEOREMS * SN_MAX_OBJECTIVES][512];
    int nnotes = 0;
    for (int t = 0; t < SN_NTHEOREMS; t++) {
        const sn_theorem *th = &SN_THEOREMS[t];
        sn_extreme e[SN_MAX_OBJECTIVES];
        sn_domain dom;
        sn_box box;
        sn_theorem_domain(&dom, th);
        sn_domain_box(&box, &dom);
        sn_box_extremes(e, th->objectives, th->nobjectives, &box, p, 40);
        holds[t] = 1;
        for (size_t k = 0; k < th->nobjectives; k++) {
            const sn_objective *o = &th->objectives[k];
            sn_enclosure enc;
            sn_certify_decided(&enc, NULL, NULL, o, &dom, c, e[k].at, 1e-4, 2000000, 128);
            double mlo, mhi;
            sn_bound_verdict b = sn_bound_check(&mlo, &mhi, o, enc.lo, enc.hi, &dom);
            char cond[SN_CERT_TEXT], lo[64], hi[64], margin[64];
            sn_objective_condition(cond, sizeof cond, o);
            sn_format_down(lo, sizeof lo, enc.lo, 10);
            sn_format_up(hi, sizeof hi, enc.hi, 10);
            char amount[48];   /* rounded toward what is certain */
            if (b == SN_BOUND_VIOLATED)
                snprintf(margin, sizeof margin, "%s by %s",
                         o->condition == SN_BELOW || o->condition == SN_AT_MOST_HI ? "above" : "below",
                         sn_format_down(amount, sizeof amount, -mhi, 2));
            else if (b == SN_BOUND_UNDECIDED) snprintf(margin, sizeof margin, "—");
            else snprintf(margin, sizeof margin, "%s", sn_format_down(amount, sizeof amount, mlo, 2));
            int pass = b != SN_BOUND_UNDECIDED && enc.hi - enc.lo <= 1e-4;
            if (o->published && c->is01) {
                int fails;
                const char *standing = published_standing(o, enc.lo, enc.hi, &fails);
                pass = pass && !fails;
                if (strstr(standing, "finding")) findings++;
                snprintf(notes[nnotes++], sizeof notes[0], "`%s` `%s`: published %s (%s): %s.",
                         th->name, o->key, o->published, o->published_source, standing);
            }
            if (b == SN_BOUND_VIOLATED && !th->ours) findings++;
            holds[t] &= b == SN_BOUND_HOLDS || b == SN_BOUND_LOOSE;
            fprintf(r->f, "| %s%s | %s | `%s` | [%s, %s] | %s | %s |\n", th->name,
                    th->ours ? " (selfnorm's step)" : "", k == 0 ? th->source : "″", cond, lo, hi,
                    verdict_words(b), margin);
            if (r->j) {
                json_writer w;
                verdict_begin(r, &w);
                json_string(&w, "statement", th->name);
                json_string(&w, "source", th->source);
                json_string(&w, "condition", cond);
                json_open(&w, "enclosure", '[');
                json_string(&w, NULL, lo);
                json_string(&w, NULL, hi);
                json_close(&w, ']');
                json_string(&w, "verdict", verdict_words(b));
                json_string(&w, "margin", margin);
                verdict_end(&w, pass);
            }
            if (pass) r->passed++;
            else r->failed++;
        }
        if (th->note) snprintf(notes[nnotes++], sizeof notes[0], "`%s`: %s.", th->name, th->note);
    }
    fprintf(r->f, "\nNotes and published values (the authors' notebook `Calculations/SELU_calculations.nb` "
                  "finds extremes by floating-point Maximize/Minimize; the paper prints its proof's "
                  "values to 6 or 7 digits):\n\n");
    for (int i = 0; i < nnotes; i++) fprintf(r->f, "- %s\n", notes[i]);
    r->findings += findings;
    fprintf(r->f, "\n%d findings: bounds of the paper that fail, and published \"extremes\" that are "
                  "not the extremes (see the verdict and notes columns). The paper's Theorem 3 is "
                  "stated from ν = 0.02 in the main text and from ν = 0.05 in the appendix "
                  "(statement and proof): both versions are rows above.\n", findings);
    corollaries(r, c, holds);
}

static int mlp_section(report *r, sn_selu p)
{
    /* SELU, ReLU, tanh with LeCun weights N(0, 1/N) (τ = 1); ReLU also with its own He
     * initialization N(0, 2/N) (τ = 2) */
    enum { NA = 4, D = 30 };
    const char *const acts[NA] = { "selu", "relu", "tanh", "relu" };
    const sn_init inits[NA] = { SN_INIT_LECUN, SN_INIT_LECUN, SN_INIT_LECUN, SN_INIT_HE };
    const char *an[NA] = { "SELU, LeCun", "ReLU, LeCun", "tanh, LeCun", "ReLU, He" };
    fprintf(r->f, "\n## A deep network normalizes itself (`selfnorm mlp`)\n\n"
                  "Width 1024, batch 512, seed 1, inputs N(0.5, 3), depth %d. SELU, ReLU and tanh with "
                  "LeCun weights N(0, 1/N) (τ = 1, SELU's initialization); ReLU also with its own He "
                  "weights N(0, 2/N) (τ = 2). The prediction iterates the moment map with every unit's "
                  "realized ω, τ and mixes over units.\n\n"
                  "| layer | SELU mean | SELU var | SELU predicted | ReLU (LeCun) var | ReLU (He) mean | "
                  "ReLU (He) var | ReLU (He) predicted | tanh var |\n|---|---|---|---|---|---|---|---|---|\n", D);
    sn_mlp_layer L[NA][D + 1];
    double gm[NA] = { 0 }, gp[NA] = { 0 };
    for (int a = 0; a < NA; a++) {
        sn_mlp_config c = sn_mlp_defaults(D, 1024, 512);
        if (sn_act_parse(&c.activation, acts[a], NULL, 0)) return 0;
        if (a == 0) c.activation = sn_act_selu(p.alpha, p.lambda);
        c.init = inits[a];
        c.input_mean = 0.5;
        c.input_var = 3;
        c.gradients = 1;
        if (sn_mlp_run(L[a], &c)) return 0;
        double lm = 0, lp = 0;
        for (int l = 1; l <= D; l++) { lm += log(L[a][l].grad_factor); lp += log(L[a][l].predicted_grad_factor); }
        gm[a] = exp(lm / D);
        gp[a] = exp(lp / D);
    }
    for (int l = 0; l <= D; l++)
        if (l <= 6 || l % 6 == 0)
            fprintf(r->f, "| %d | %.4f | %.4f | (%.4f, %.4f) | %.3g | %.4f | %.4f | (%.4f, %.4f) | %.3g |\n", l,
                    L[0][l].mean, L[0][l].var, L[0][l].predicted_mean, L[0][l].predicted_var, L[1][l].var,
                    L[3][l].mean, L[3][l].var, L[3][l].predicted_mean, L[3][l].predicted_var, L[2][l].var);
    double dev_he = 0, dev_selu = 0;
    for (int l = 0; l <= D; l++) {
        dev_selu = fmax(dev_selu, fabs(L[0][l].var - L[0][l].predicted_var));
        dev_he = fmax(dev_he, fabs(L[3][l].var - L[3][l].predicted_var));
    }
    fprintf(r->f, "\nWith LeCun weights ReLU loses its variance geometrically. With He weights it keeps its "
                  "scale, but nothing pulls its statistics back to a fixed point (its second moment is carried "
                  "over with factor 1), so they wander off the prediction: largest variance deviation %.3g, "
                  "against %.3g for SELU, which settles at its fixed point (0, 1).\n\n"
                  "Gradients: a random direction is backpropagated from layer %d; the factor of a layer is "
                  "|∂/∂x_(l−1)| / |∂/∂x_l| (geometric mean over the layers). Above 1 the gradient explodes "
                  "toward the input, below 1 it vanishes, compounding over the depth.\n\n"
                  "| network | factor per layer, measured | predicted √(τ E f′(z)²) | over %d layers, measured | "
                  "direction |\n|---|---|---|---|---|\n", dev_he, dev_selu, D, D);
    for (int a = 0; a < NA; a++)
        fprintf(r->f, "| %s | %.5f | %.5f | ×%.3g | %s |\n", an[a], gm[a], gp[a], pow(gm[a], D),
                fabs(gm[a] - 1) < 0.005 ? "about neutral" : gm[a] > 1 ? "exploding" : "vanishing");
    double dev = 0;
    for (int l = 0; l <= D; l++)
        dev = fmax(dev, fmax(fabs(L[0][l].mean - L[0][l].predicted_mean), fabs(L[0][l].var - L[0][l].predicted_var)));
    r->section = "Network checks (selfnorm's own criteria)";
    fprintf(r->f, "\n## Network checks (selfnorm's own criteria)\n\n"
                  "These thresholds are selfnorm's, chosen for this run (width 1024, batch 512, seed 1); "
                  "they are not figures from the paper or the authors' repository.\n\n"
                  "| check | selfnorm's criterion | computed | margin | verdict |\n|---|---|---|---|---|\n");
    char c[64], d[32];
    snprintf(c, sizeof c, "(%.4f, %.4f)", L[0][D].mean, L[0][D].var);
    snprintf(d, sizeof d, "(%.3f, %.3f)", L[0][D].mean, L[0][D].var - 1);
    row(r, "SELU, last layer", "mean within 0.1 of 0, variance within 0.15 of 1", NULL, c, d,
        fabs(L[0][D].mean) < 0.1 && fabs(L[0][D].var - 1) < 0.15);
    snprintf(c, sizeof c, "%.3g", dev);
    row(r, "SELU, largest deviation from the prediction", "≤ 0.1", NULL, c, "", dev <= 0.1);
    snprintf(c, sizeof c, "%.3g", L[1][D].var / L[1][1].var);
    row(r, "ReLU (LeCun), variance at layer 30 / layer 1", "< 1e−6", NULL, c, "", L[1][D].var < 1e-6 * L[1][1].var);
    snprintf(c, sizeof c, "%.3g", L[3][D].var / L[3][1].var);
    row(r, "ReLU (He), variance at layer 30 / layer 1", "between 0.1 and 10 (keeps its scale)", NULL, c, "",
        L[3][D].var > 0.1 * L[3][1].var && L[3][D].var < 10 * L[3][1].var);
    snprintf(c, sizeof c, "%.3g", L[2][D].var / L[2][1].var);
    row(r, "tanh, variance at layer 30 / layer 1", "< 0.1", NULL, c, "", L[2][D].var < 0.1 * L[2][1].var);
    for (int a = 0; a < NA; a++) {
        char w[80];
        snprintf(w, sizeof w, "%s, gradient factor measured / predicted", an[a]);
        snprintf(c, sizeof c, "%.4f", gm[a] / gp[a]);
        snprintf(d, sizeof d, "%.1e", gm[a] / gp[a] - 1);
        row(r, w, "1 within 1%", NULL, c, d, fabs(gm[a] / gp[a] - 1) <= 0.01);
    }
    return 1;
}

/* Provenance: what produced this report. SN_COMMIT comes from the Makefile (git describe at
 * build time); outside git it is "unknown". */
#ifndef SN_COMMIT
#define SN_COMMIT "unknown"
#endif
char *openblas_get_config(void);      /* OpenBLAS, declared here to keep its cblas.h out */
int openblas_get_num_threads(void);

static void cpu_model(char *out, size_t n)
{
    snprintf(out, n, "unknown (/proc/cpuinfo not readable)");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f) return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "model name", 10) != 0) continue;
        const char *v = strchr(line, ':');
        if (!v) continue;
        v++;
        while (*v == ' ' || *v == '\t') v++;
        snprintf(out, n, "%s", v);
        out[strcspn(out, "\n")] = 0;
        break;
    }
    fclose(f);
}

static const char *compiler(void)
{
#if defined(__clang__)
    return "clang " __VERSION__;
#elif defined(__GNUC__)
    return "gcc " __VERSION__;
#else
    return "unknown compiler";
#endif
}

typedef struct {
    const char *name;
    double seconds;
} timing;

static void provenance(FILE *f, const timing *t, size_t nt, double total)
{
    char cpu[256], when[64] = "unknown";
    cpu_model(cpu, sizeof cpu);
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm)) strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
    struct utsname u;
    char os[200] = "unknown";
    if (uname(&u) == 0) snprintf(os, sizeof os, "%s %s %s", u.sysname, u.release, u.machine);
    fprintf(f, "\n## Provenance\n\n"
               "| what | this run |\n|---|---|\n"
               "| selfnorm | %s, commit `%s` (git describe at build time) |\n"
               "| generated | %s |\n"
               "| compiler | %s |\n"
               "| GSL | %s (headers %s) |\n"
               "| MPFR | %s (GMP %s) |\n"
               "| FLINT / Arb | %s / %s |\n"
               "| OpenBLAS | %s |\n"
               "| CPU | %s, %ld logical CPUs online |\n"
               "| OS | %s |\n"
               "| threads | OpenMP %d, OpenBLAS %d |\n"
               "| seeds | the networks use seed 1 (weights, inputs and gradient directions are derived "
               "from it); nothing else is random (grid search, Nelder–Mead and branch-and-bound are "
               "deterministic) |\n",
            SELFNORM_VERSION, SN_COMMIT, when, compiler(), gsl_version, GSL_VERSION, mpfr_get_version(),
            gmp_version, flint_version, arb_version, openblas_get_config(), cpu, sysconf(_SC_NPROCESSORS_ONLN),
            os, omp_get_max_threads(), openblas_get_num_threads());
    fprintf(f, "| run time | ");
    for (size_t i = 0; i < nt; i++) fprintf(f, "%s %.3f s; ", t[i].name, t[i].seconds);
    fprintf(f, "total %.2f s |\n", total);
}

static void scope(FILE *f)
{
    fprintf(f, "\n## Scope: what is and is not reproduced\n\n"
               "Reproduced here, number by number:\n\n"
               "- the constants α01, λ01 (Eq. 14; 32 digits of `selu.py`), α02, λ02 (appendix A5) and the "
               "constants for (M, V) = (−0.1, 2) of `getSELUparameters.ipynb`;\n"
               "- the fixed point (0, 1), the Jacobian there and its spectral norm (the paper's section on "
               "the stable and attracting fixed point; the authors' notebook);\n"
               "- every checkable statement of the paper (Theorems 1–3 in both versions of Theorem 3, the "
               "bounds Theorem 1 and Lemmas 9, 12 (for the Jacobian of (μ̃, ξ̃) as stated, and for H), 13 state, the numbers of the proofs of Theorems 2, 3 "
               "and 16, and the corollaries on where fixed points lie), numerically and proven in ball "
               "arithmetic, against the notebook's values and the bounds the paper states;\n"
               "- the stability of every fixed point shown (eigenvalues, spectral radius and norm).\n\n"
               "Shown, not compared number by number: the moment map as a vector field (in the manner of "
               "the paper's Figure 2), and deep random networks' per-layer statistics against the moment "
               "map (selfnorm's own experiment), and the training curves of Figure 1 (SNN against ReLU with "
               "batch normalization at depths 8, 16, 32, as the authors' `figure1/run.py`) on Fashion-MNIST, "
               "at reduced settings (section \"Figure 1\" below; the paper's were MNIST and CIFAR-10 for "
               "2000 epochs). Alpha-dropout parameters are "
               "computed by `selfnorm dropout` (tested against the paper's formula), not listed here.\n\n"
               "Not reproduced:\n\n"
               "- Figure 1 at the paper's full settings (`FIGURE1_FLAGS=--full`: weeks on 2 cores), and on "
               "MNIST and CIFAR-10 (`selfnorm train --data DIR` reads both formats);\n"
               "- the benchmark tables: the 121 UCI tasks, Tox21 and HTRU2 comparisons with other networks "
               "and methods;\n"
               "- the appendix's auxiliary lemmas on derivative bounds (Lemmas 5–7, 10, 11, 41–43, the "
               "numerical bounds of section A6), which serve the paper's grid argument that the "
               "proofs here replace.\n");
}

/* The figures' directory as seen from the report's directory: the report lives in
 * analysis/ by default, the figures in build/plots/ (produced by `make plots`). */
static void figures_dir(char *out, size_t n, const char *output)
{
    if (output[0] == '/') {
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd)) snprintf(out, n, "%s/build/plots", cwd);
        else snprintf(out, n, "build/plots");
        return;
    }
    size_t depth = 0;
    for (const char *q = output; *q; q++)
        if (*q == '/' && q[1] != '\0' && q[1] != '/') depth++;
    out[0] = 0;
    for (size_t i = 0; i < depth && strlen(out) + 4 < n; i++) strcat(out, "../");
    snprintf(out + strlen(out), n - strlen(out), "build/plots");
}

/* The verdicts as one object; alpha and lambda as given, or "alpha01", "lambda01" (exact). */
static void print_json(const report *r, const char *output, const cli_opt *opts,
                       const char *verdicts, size_t len)
{
    json_writer w;
    json_begin(&w, stdout);
    json_open(&w, "input", '{');
    json_string(&w, "output", output);
    json_string(&w, "alpha", opts[1].seen ? opts[1].text : "alpha01");
    json_string(&w, "lambda", opts[2].seen ? opts[2].text : "lambda01");
    json_close(&w, '}');
    json_integer(&w, "passed", r->passed);
    json_integer(&w, "failed", r->failed);
    json_integer(&w, "findings", r->findings);
    json_key(&w, "verdicts");
    fputc('[', stdout);
    if (verdicts) fwrite(verdicts, 1, len, stdout);
    fputc(']', stdout);
    json_end(&w);
}

/* ---- training: Figure 1's runs (make figure1), read from their data ---------------------- */

static double param_of(const fig_data *d, const char *name)
{
    const fig_param *p = fig_find_param(d, name);
    return p ? p->value : NAN;
}

static const char *text_of(const fig_data *d, const char *name)
{
    const fig_param *p = fig_find_param(d, name);
    return p && p->kind == FIG_TEXT ? p->text : "?";
}

/* the row of dataset k whose first column is run and whose second is largest (the last) or
 * smallest (the first), or NULL */
static const double *run_row(const fig_data *d, size_t k, int run, int last)
{
    const fig_dataset *s = &d->sets[k];
    const double *best = NULL;
    for (size_t r = 0; r < s->nrows; r++) {
        const double *v = s->values + r * s->ncolumns;
        if (v[0] != run) continue;
        if (!best || (last ? v[1] >= best[1] : v[1] < best[1])) best = v;
    }
    return best;
}

/* Figure 1's runs as `plot figure1` saved them; -1 with the reason in err. */
static int read_training(fig_data *d, const char *path, char *err, size_t errlen)
{
    fig_init(d, "figure1");
    return fig_read_tsv(d, path, "figure1", err, errlen)
           || fig_check_layout(d, FIG_FIGURE1.datasets, err, errlen)
           || fig_check_params(d, FIG_FIGURE1.params, err, errlen) ? -1 : 0;
}

static void training_section(report *r, const char *path, const char *figdir)
{
    fprintf(r->f, "\n## Training: the paper's Figure 1 on Fashion-MNIST\n\n");
    fig_data d;
    char err[600];
    if (read_training(&d, path, err, sizeof err)) {
        fprintf(r->f, "Not run: `make figure1` trains the networks (minutes) and writes `%s`, which this "
                      "section reads (%s).\n", path, err);
        fig_free(&d);
        return;
    }
    int runs = (int)param_of(&d, "runs");
    fprintf(r->f, "From `%s` (`make figure1`: `selfnorm plot figure1`, reduced settings unless "
                  "`FIGURE1_FLAGS=--full`): %.0f training examples of `%s`, %.0f epochs of plain SGD "
                  "(learning rate %g, batch %.0f), %.0f units per layer; SNN = SELU with LeCun weights, "
                  "ReLU+BN = ReLU with He weights and batch normalization after each activation (the "
                  "authors' figure1/run.py). Losses and accuracies at evaluation after the last epoch; "
                  "the figure is [figure1](%s/figure1.png).\n\n",
            path, param_of(&d, "subset"), text_of(&d, "data"), param_of(&d, "epochs"),
            param_of(&d, "learning_rate"), param_of(&d, "batch"), param_of(&d, "width"), figdir);
    fprintf(r->f, "| run | training loss | training accuracy | test loss | test accuracy | best test accuracy | seconds |\n"
                  "|---|---|---|---|---|---|---|\n");
    for (int k = 1; k <= runs; k++) {
        char key[32];
        snprintf(key, sizeof key, "run%d_label", k);
        const double *e = run_row(&d, 1, k, 1);
        if (!e) continue;
        double best = 0;
        const fig_dataset *s = &d.sets[1];
        for (size_t i = 0; i < s->nrows; i++)
            if ((int)s->values[i * s->ncolumns] == k) best = fmax(best, s->values[i * s->ncolumns + 6]);
        fprintf(r->f, "| %s | %.4f | %.2f%% | %.4f | %.2f%% | %.2f%% | %.0f |\n", text_of(&d, key), e[3],
                100 * e[4], e[5], 100 * e[6], 100 * best, e[7]);
    }
    fprintf(r->f, "\n### Does training keep an SNN where the theorems hold?\n\n"
                  "Measured on 500 fixed training rows at evaluation, every %.0f steps (the "
                  "[training-stats](%s/training-stats.png) figure). Theorem 1 needs each unit's "
                  "(ω, τ) in [−0.1, 0.1] × [0.95, 1.1] and its inputs' (μ, ν) in [−0.1, 0.1] × [0.8, 1.5].\n\n"
                  "| SNN | units in Theorem 1's (ω, τ) box: first → last probe | ω in [−0.1, 0.1], τ in [0.8, 1.25] | "
                  "layers 2…L with (μ, ν) in Theorem 1's domain | input variances ν of layers 2…L (last probe) |\n"
                  "|---|---|---|---|---|\n", param_of(&d, "probe_every"), figdir);
    for (int k = 1; k <= runs; k++) {
        char key[32];
        snprintf(key, sizeof key, "run%d_snn", k);
        if (param_of(&d, key) != 1) continue;
        const double *a = run_row(&d, 3, k, 0), *b = run_row(&d, 3, k, 1);
        if (!a || !b) continue;
        snprintf(key, sizeof key, "run%d_label", k);
        fprintf(r->f, "| %s | %.1f%% → %.1f%% | %.1f%% → %.1f%% | %.0f%% → %.0f%% | %.3f … %.3f |\n",
                text_of(&d, key), 100 * a[2], 100 * b[2], 100 * a[3], 100 * b[3], 100 * a[4], 100 * b[4],
                b[5], b[6]);
    }
    /* the answer in words, from the same rows */
    double lo = INFINITY, hi = -INFINITY;
    char layers[2048] = "";
    size_t used = 0;
    for (int k = 1; k <= runs; k++) {
        char key[32];
        snprintf(key, sizeof key, "run%d_snn", k);
        if (param_of(&d, key) != 1) continue;
        const double *b = run_row(&d, 3, k, 1);
        if (!b) continue;
        lo = fmin(lo, b[2]), hi = fmax(hi, b[2]);
        snprintf(key, sizeof key, "run%d_depth", k);
        int all = b[4] >= 1;
        used += (size_t)snprintf(layers + used, used < sizeof layers ? sizeof layers - used : 0,
                                 "%s%s at depth %.0f (%.0f%% of layers 2…L in the domain, ν up to %.2f)",
                                 used ? "; " : "", all ? "yes" : "no", param_of(&d, key), 100 * b[4], b[6]);
        if (used >= sizeof layers) used = sizeof layers - 1;
    }
    if (isfinite(lo))
        fprintf(r->f, "\n**Answer, from these runs.** Per unit, no: at the last probe only %.1f%%–%.1f%% of the "
                      "units have (ω, τ) in Theorem 1's box, so the theorem's assumption holds for few units "
                      "during training as at initialization. Per layer, the question that matters for "
                      "self-normalization: %s. The statistics are pooled over the probe rows and a layer's "
                      "units; the runs are short (%.0f epochs on %.0f examples), so this describes the start "
                      "of training, not convergence.\n",
                100 * lo, 100 * hi, layers, param_of(&d, "epochs"), param_of(&d, "subset"));
    fprintf(r->f, "\nThe (ω, τ) box is the theorems' assumption about every unit; under LeCun "
                  "initialization ω_j = Σᵢ W_ij is itself about N(0, 1), so only a few percent of units "
                  "start in it, and the share above says whether training moves them there. The last "
                  "column and the share of layers say whether the activations stay in Theorem 1's "
                  "domain anyway, which is what self-normalization is about.\n");
    fig_free(&d);
}

int cmd_report(int argc, char **argv)
{
    const char *output = "analysis/REPRODUCTION.md", *training = "build/plots/figure1.tsv";
    sn_selu p = sn_selu_default();
    int json = 0;
    cli_opt opts[] = {
        { "output", OPT_STRING, &output, "FILE", "where to write (default analysis/REPRODUCTION.md)", 0, 0 },
        { "alpha", OPT_DOUBLE, &p.alpha, "A", "SELU alpha > 0 (default alpha01)", 0, 0 },
        { "lambda", OPT_DOUBLE, &p.lambda, "L", "SELU lambda > 0 (default lambda01)", 0, 0 },
        { "json", OPT_FLAG, &json, NULL, "also print the verdicts as one JSON object", 0, 0 },
        { "training", OPT_STRING, &training, "FILE", "Figure 1's runs (default build/plots/figure1.tsv)", 0, 0 },
    };
    size_t nopts = sizeof opts / sizeof opts[0];
    int rc = cli_parse(argc, argv, opts, nopts, &CMD_REPORT, NULL, 0, NULL);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    if (!(p.alpha > 0) || !(p.lambda > 0)) return cli_usage_error("report", "--alpha and --lambda must be > 0");
    if (cli_given(opts, nopts, "training")) {   /* a file the user names must be Figure 1's data */
        fig_data d;
        char err[600];
        int bad = read_training(&d, training, err, sizeof err);
        fig_free(&d);
        if (bad) return cli_usage_error("report", "--training: %s", err);
    }
    const char *why = fig_output_problem(output);   /* a FIFO would block the open forever */
    if (why) return cli_usage_error("report", "--output: '%s' %s", output, why);
    FILE *out = fopen(output, "w");
    if (!out) return cli_usage_error("report", "cannot write '%s'", output);
    /* the sections go to memory first: the provenance at the top needs their run times */
    char *body = NULL;
    size_t body_len = 0;
    char *verdicts = NULL;
    size_t verdicts_len = 0;
    report r = { open_memstream(&body, &body_len), 0, 0, 0,
                 json ? open_memstream(&verdicts, &verdicts_len) : NULL, "" };
    if (!r.f || (json && !r.j)) {
        if (r.f) fclose(r.f);
        if (r.j) fclose(r.j);
        free(body);
        free(verdicts);
        fclose(out);
        return cli_usage_error("report", "out of memory");
    }
    double t0 = cli_now(), t;
    timing times[4];
    /* the theorems are proven for the exact constants: α01, λ01, or the decimals given */
    sn_selu_exact c = sn_selu_exact01();
    if ((cli_given(opts, nopts, "alpha") || cli_given(opts, nopts, "lambda"))
        && sn_selu_exact_set(&c, opts[1].text ? opts[1].text : "", opts[2].text ? opts[2].text : "")) {
        fclose(r.f);
        free(body);
        fclose(out);
        return cli_usage_error("report", "--alpha and --lambda go together, as decimals > 0");
    }
    t = cli_now();
    constants_section(&r);
    times[0] = (timing){ "constants", cli_now() - t };
    t = cli_now();
    fixed_point_section(&r, p);
    stability_section(&r, p);
    times[1] = (timing){ "fixed point", cli_now() - t };
    t = cli_now();
    theorems_section(&r, p, &c);
    times[2] = (timing){ "theorems (numeric and rigorous)", cli_now() - t };
    t = cli_now();
    int mlp_ok = mlp_section(&r, p);
    times[3] = (timing){ "networks", cli_now() - t };
    char figdir[4200];
    figures_dir(figdir, sizeof figdir, output);
    training_section(&r, training, figdir);
    fprintf(r.f, "\n## Figures\n\n`make run` (or `make plots`) renders them into `build/plots/` as PNG and SVG "
                 "with `selfnorm plot NAME --output FILE`; `build/` is not in git, so in a fresh clone "
                 "run `make plots` before following these links:\n\n");
    for (size_t i = 0; i < fig_nfigures; i++)
        fprintf(r.f, "- [%s](%s/%s.png) ([SVG](%s/%s.svg)): %s\n", fig_figures[i]->name, figdir,
                fig_figures[i]->name, figdir, fig_figures[i]->name, fig_figures[i]->brief);
    if (!mlp_ok) r.failed++;
    fprintf(r.f, "\n**%d verdicts pass, %d fail.** A verdict passes when selfnorm reproduces it: a "
                 "published figure agrees, or a statement of the paper is decided by proof. %d of the "
                 "passes are findings against the paper (a bound it states is violated, or a published "
                 "extreme is not the extreme): they are reproduced, not failed.\n",
            r.passed, r.failed, r.findings);
    int bad = fclose(r.f) != 0;
    fprintf(out, "# Reproducing Klambauer et al. 2017, \"Self-Normalizing Neural Networks\"\n\n"
                 "Generated by `selfnorm report` (selfnorm %s, commit `%s`) with α = %.17g, λ = %.17g; "
                 "do not edit.\n"
                 "Every number in the *computed* columns is computed by this run. The *published* "
                 "column holds figures printed in the paper (Klambauer, Unterthiner, Mayr, Hochreiter, "
                 "\"Self-Normalizing Neural Networks\", NeurIPS 2017, arXiv:1706.02515v5, with its "
                 "appendix) or in the authors' repository github.com/bioinf-jku/SNNs; the *source* "
                 "column says where exactly. Criteria that are selfnorm's own are labelled as such.\n",
            SELFNORM_VERSION, SN_COMMIT, p.alpha, p.lambda);
    scope(out);
    provenance(out, times, sizeof times / sizeof times[0], cli_now() - t0);
    if (!bad && body) bad = fwrite(body, 1, body_len, out) != body_len;
    free(body);
    bad |= fclose(out) != 0;
    if (r.j) bad |= fclose(r.j) != 0;
    if (bad) {
        free(verdicts);
        return cli_usage_error("report", "error writing '%s'", output);
    }
    if (json) print_json(&r, output, opts, verdicts, verdicts_len);
    else printf("report: %s (%d pass, %d fail)\n", output, r.passed, r.failed);
    free(verdicts);
    return r.failed ? EXIT_FALSE : EXIT_OK;
}
