/* atlas.c - a statement proven cell by cell over a grid of two parameters; the bundle that
 * is its journal and its proof (atlas.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include <gsl/gsl_errno.h>
#include <flint/fmpq.h>
#include "selfnorm/atlas.h"
#include "selfnorm/certify.h"

const sn_atlas_param_info SN_ATLAS_PARAMS[SN_ATLAS_NPARAMS] = {
    { "alpha", "SELU alpha" },
    { "lambda", "SELU lambda" },
    { "omega-center", "centre of the omega range (its half-width kept)" },
    { "omega-halfwidth", "half-width of the omega range (its centre kept)" },
    { "mu-lo", "lower bound of the mu range" },
    { "mu-hi", "upper bound of the mu range" },
    { "nu-lo", "lower bound of the nu range" },
    { "nu-hi", "upper bound of the nu range" },
    { "tau-lo", "lower bound of the tau range" },
    { "tau-hi", "upper bound of the tau range" },
};

/* The domain axis and end (0 lo, 1 hi) of the bound parameters, from mu-lo on. */
static const int BOUND_AXIS[SN_ATLAS_NPARAMS] = { -1, -1, -1, -1, SN_MU, SN_MU, SN_NU, SN_NU, SN_TAU, SN_TAU };
static const int BOUND_END[SN_ATLAS_NPARAMS] = { 0, 0, 0, 0, 0, 1, 0, 1, 0, 1 };

int sn_atlas_param_find(const char *name)
{
    for (int k = 0; k < SN_ATLAS_NPARAMS; k++)
        if (strcmp(SN_ATLAS_PARAMS[k].name, name) == 0) return k;
    return -1;
}

/* ---- exact decimals ----------------------------------------------------------------- */

/* The number of fraction digits of a terminating rational (0.25 → 2), at most limit + 1. */
static long fraction_digits(const fmpq_t q, long limit)
{
    fmpz_t t;
    fmpz_init(t);
    long d = 0;
    for (;; d++) {
        fmpz_set_ui(t, 10);
        fmpz_pow_ui(t, t, (ulong)d);
        fmpz_mul(t, t, fmpq_numref(q));
        if (fmpz_divisible(t, fmpq_denref(q)) || d > limit) break;
    }
    fmpz_clear(t);
    return d;
}

/* q rounded to the nearest multiple of 10^−digits (ties away from zero), as a decimal with
 * no trailing fraction zeros. GSL_SUCCESS, or GSL_EINVAL if it does not fit in buf or in
 * SN_DECIMAL_MAX characters. */
static int decimal_of(char *buf, size_t n, const fmpq_t q, long digits)
{
    fmpz_t scale, num, r;
    fmpz_init(scale); fmpz_init(num); fmpz_init(r);
    fmpz_set_ui(scale, 10);
    fmpz_pow_ui(scale, scale, (ulong)digits);
    fmpz_mul(num, fmpq_numref(q), scale);
    /* round(|num| / den) = floor((2|num| + den) / (2 den)) */
    int neg = fmpz_sgn(num) < 0;
    fmpz_abs(num, num);
    fmpz_mul_2exp(num, num, 1);
    fmpz_add(num, num, fmpq_denref(q));
    fmpz_mul_2exp(r, fmpq_denref(q), 1);
    fmpz_fdiv_q(num, num, r);
    char *digs = fmpz_get_str(NULL, 10, num);
    size_t nd = strlen(digs);
    char out[2 * SN_DECIMAL_MAX + 8];
    size_t o = 0;
    int status = GSL_SUCCESS;
    if (nd + (size_t)digits + 4 > sizeof out) {
        status = GSL_EINVAL;
    } else {
        if (neg && fmpz_sgn(num) != 0) out[o++] = '-';
        if ((long)nd <= digits) {   /* 0.000ddd */
            out[o++] = '0';
            if (digits > 0) out[o++] = '.';
            for (long k = 0; k < digits - (long)nd; k++) out[o++] = '0';
            memcpy(out + o, digs, nd);
            o += nd;
        } else {
            memcpy(out + o, digs, nd - (size_t)digits);
            o += nd - (size_t)digits;
            if (digits > 0) {
                out[o++] = '.';
                memcpy(out + o, digs + nd - (size_t)digits, (size_t)digits);
                o += (size_t)digits;
            }
        }
        out[o] = '\0';
        if (strchr(out, '.')) {   /* 1.50 → 1.5, 2.0 → 2 */
            while (out[o - 1] == '0') out[--o] = '\0';
            if (out[o - 1] == '.') out[--o] = '\0';
        }
        if (o > SN_DECIMAL_MAX || o + 1 > n) status = GSL_EINVAL;
        else memcpy(buf, out, o + 1);
    }
    flint_free(digs);
    fmpz_clear(scale); fmpz_clear(num); fmpz_clear(r);
    return status;
}

/* ---- the grid and its cells --------------------------------------------------------- */

int sn_atlas_value(char *buf, size_t n, const sn_atlas_spec *s, int a, long k)
{
    fmpq_t lo, hi, v;
    fmpq_init(lo); fmpq_init(hi); fmpq_init(v);
    int status = GSL_EINVAL;
    if (a >= 0 && a < 2 && s->n[a] >= 2 && k >= 0 && k < s->n[a]
        && sn_decimal_get_fmpq(lo, s->lo[a]) == GSL_SUCCESS
        && sn_decimal_get_fmpq(hi, s->hi[a]) == GSL_SUCCESS) {
        /* value_k = lo + k (hi − lo)/(n − 1) */
        fmpq_sub(v, hi, lo);
        fmpq_mul_si(v, v, k);
        fmpz_t d;
        fmpz_init_set_si(d, s->n[a] - 1);
        fmpq_div_fmpz(v, v, d);
        fmpz_clear(d);
        fmpq_add(v, v, lo);
        long digits = fraction_digits(lo, 400);
        long dh = fraction_digits(hi, 400);
        if (dh > digits) digits = dh;
        for (long m = s->n[a] - 1; m > 0; m /= 10) digits++;
        digits += 2;
        status = decimal_of(buf, n, v, digits);
    }
    fmpq_clear(lo); fmpq_clear(hi); fmpq_clear(v);
    return status;
}

/* The ω range [c − h, c + h] with one of centre c, half-width h replaced by value. */
static int omega_with(sn_domain *d, int param, const char *value)
{
    fmpq_t lo, hi, c, h, x;
    fmpq_init(lo); fmpq_init(hi); fmpq_init(c); fmpq_init(h); fmpq_init(x);
    int status = GSL_EINVAL;
    if (sn_decimal_get_fmpq(lo, d->lo[SN_OMEGA]) == GSL_SUCCESS
        && sn_decimal_get_fmpq(hi, d->hi[SN_OMEGA]) == GSL_SUCCESS
        && sn_decimal_get_fmpq(x, value) == GSL_SUCCESS) {
        fmpq_add(c, lo, hi);
        fmpq_div_2exp(c, c, 1);
        fmpq_sub(h, hi, lo);
        fmpq_div_2exp(h, h, 1);
        if (param == SN_ATLAS_OMEGA_CENTER) fmpq_set(c, x);
        else fmpq_set(h, x);
        fmpq_sub(lo, c, h);
        fmpq_add(hi, c, h);
        char l[SN_DECIMAL_MAX + 1], u[SN_DECIMAL_MAX + 1];
        /* decimals ± halves of decimals terminate: exact */
        long dl = fraction_digits(lo, 400), du = fraction_digits(hi, 400);
        if (fmpq_sgn(h) >= 0 && decimal_of(l, sizeof l, lo, dl) == GSL_SUCCESS
            && decimal_of(u, sizeof u, hi, du) == GSL_SUCCESS)
            status = sn_domain_set(d, SN_OMEGA, l, u);
    }
    fmpq_clear(lo); fmpq_clear(hi); fmpq_clear(c); fmpq_clear(h); fmpq_clear(x);
    return status;
}

/* Sets one parameter of a problem to an exact decimal. */
static int set_param(sn_domain *d, char alpha[], char lambda[], int param, const char *value)
{
    if (!sn_decimal_valid(value)) return GSL_EINVAL;
    switch (param) {
    case SN_ATLAS_ALPHA: snprintf(alpha, SN_DECIMAL_MAX + 1, "%s", value); return GSL_SUCCESS;
    case SN_ATLAS_LAMBDA: snprintf(lambda, SN_DECIMAL_MAX + 1, "%s", value); return GSL_SUCCESS;
    case SN_ATLAS_OMEGA_CENTER:
    case SN_ATLAS_OMEGA_HALFWIDTH: return omega_with(d, param, value);
    default: {
        int axis = BOUND_AXIS[param];
        if (axis < 0) return GSL_EINVAL;
        char lo[SN_DECIMAL_MAX + 1], hi[SN_DECIMAL_MAX + 1];
        snprintf(lo, sizeof lo, "%s", BOUND_END[param] ? d->lo[axis] : value);
        snprintf(hi, sizeof hi, "%s", BOUND_END[param] ? value : d->hi[axis]);
        return sn_domain_set(d, axis, lo, hi);
    }
    }
}

int sn_atlas_fix(sn_atlas_spec *s, int param, const char *value)
{
    if (param < 0 || param >= SN_ATLAS_NPARAMS) return GSL_EINVAL;
    if (param <= SN_ATLAS_LAMBDA) s->is01 = 0;
    return set_param(&s->domain, s->alpha, s->lambda, param, value);
}

int sn_atlas_cell_problem(sn_domain *dom, sn_selu_exact *c, char value[2][SN_DECIMAL_MAX + 1],
                          const sn_atlas_spec *s, long i, long j)
{
    char alpha[SN_DECIMAL_MAX + 1], lambda[SN_DECIMAL_MAX + 1];
    snprintf(alpha, sizeof alpha, "%s", s->alpha);
    snprintf(lambda, sizeof lambda, "%s", s->lambda);
    *dom = s->domain;
    long idx[2] = { i, j };
    for (int a = 0; a < 2; a++) {
        if (sn_atlas_value(value[a], SN_DECIMAL_MAX + 1, s, a, idx[a]) != GSL_SUCCESS) return GSL_EINVAL;
        if (set_param(dom, alpha, lambda, s->axis[a], value[a]) != GSL_SUCCESS) return GSL_EINVAL;
    }
    if (s->is01) *c = sn_selu_exact01();
    else if (sn_selu_exact_set(c, alpha, lambda) != GSL_SUCCESS) return GSL_EINVAL;
    return sn_domain_check(dom) == GSL_SUCCESS ? GSL_SUCCESS : GSL_EINVAL;
}

int sn_atlas_spec_check(const sn_atlas_spec *s, char *err, size_t errlen)
{
#define FAIL(...) do { snprintf(err, errlen, __VA_ARGS__); return GSL_EINVAL; } while (0)
    if (!s->theorem) FAIL("no statement");
    for (int a = 0; a < 2; a++) {
        if (s->axis[a] < 0 || s->axis[a] >= SN_ATLAS_NPARAMS) FAIL("unknown grid parameter");
        const char *name = SN_ATLAS_PARAMS[s->axis[a]].name;
        if (s->n[a] < 2 || s->n[a] > SN_ATLAS_MAX_AXIS)
            FAIL("--%s: the number of grid points must be between 2 and %d", name, SN_ATLAS_MAX_AXIS);
        if (!sn_decimal_valid(s->lo[a]) || !sn_decimal_valid(s->hi[a]))
            FAIL("--%s: the range's ends must be decimals of at most %d characters", name, SN_DECIMAL_MAX);
        fmpq_t lo, hi;
        fmpq_init(lo); fmpq_init(hi);
        sn_decimal_get_fmpq(lo, s->lo[a]);
        sn_decimal_get_fmpq(hi, s->hi[a]);
        int empty = fmpq_cmp(lo, hi) >= 0;
        fmpq_clear(lo); fmpq_clear(hi);
        if (empty) FAIL("--%s: the range %s:%s is empty (it needs lo < hi)", name, s->lo[a], s->hi[a]);
    }
    if (s->axis[0] == s->axis[1]) FAIL("the two grid parameters must differ");
    if (s->n[0] * s->n[1] > SN_ATLAS_MAX_CELLS)
        FAIL("%ld x %ld = %ld cells: more than %ld", s->n[0], s->n[1], s->n[0] * s->n[1], SN_ATLAS_MAX_CELLS);
    int constants_gridded = 0;
    for (int a = 0; a < 2; a++) constants_gridded |= s->axis[a] <= SN_ATLAS_LAMBDA;
    if (s->is01 && constants_gridded)
        FAIL("alpha01 and lambda01 are exact only together: a grid over alpha or lambda needs the other as a decimal");
    if (!(s->width >= 1e-12 && s->width <= 1)) FAIL("the width must be between 1e-12 and 1");
    if (s->max_boxes < 1 || s->max_boxes > SN_CERT_MAX_BOXES)
        FAIL("the box budget must be between 1 and %d", SN_CERT_MAX_BOXES);
    if (sn_domain_check(&s->domain) != GSL_SUCCESS) FAIL("the domain is invalid");
    /* every bound is affine in each parameter: the corner cells decide validity */
    for (int ci = 0; ci < 2; ci++)
        for (int cj = 0; cj < 2; cj++) {
            sn_domain d;
            sn_selu_exact c;
            char v[2][SN_DECIMAL_MAX + 1];
            long i = ci ? s->n[0] - 1 : 0, j = cj ? s->n[1] - 1 : 0;
            if (sn_atlas_cell_problem(&d, &c, v, s, i, j) != GSL_SUCCESS)
                FAIL("the cell %s = %s, %s = %s is no valid problem (an empty range, nu or tau not > 0, "
                     "alpha or lambda not > 0, or a negative half-width)",
                     SN_ATLAS_PARAMS[s->axis[0]].name, v[0], SN_ATLAS_PARAMS[s->axis[1]].name, v[1]);
        }
    return GSL_SUCCESS;
#undef FAIL
}

/* ---- spec as text ------------------------------------------------------------------- */

int sn_atlas_spec_write(FILE *f, const sn_atlas_spec *s)
{
    fprintf(f, "statement %s\n", s->theorem->name);
    if (s->is01) fprintf(f, "constants alpha01 lambda01\n");
    else fprintf(f, "constants %s %s\n", s->alpha, s->lambda);
    fprintf(f, "domain");
    for (int k = 0; k < 4; k++) fprintf(f, " %s %s", s->domain.lo[k], s->domain.hi[k]);
    fprintf(f, "\n");
    for (int a = 0; a < 2; a++)
        fprintf(f, "axis %s %s %s %ld\n", SN_ATLAS_PARAMS[s->axis[a]].name, s->lo[a], s->hi[a], s->n[a]);
    fprintf(f, "width %a\nmax-boxes %ld\n", s->width, s->max_boxes);
    return ferror(f) ? GSL_EFAILED : GSL_SUCCESS;
}

/* Copies a word of at most SN_DECIMAL_MAX characters. */
static int word(char *dst, const char *src)
{
    if (!src || strlen(src) > SN_DECIMAL_MAX) return 0;
    strcpy(dst, src);
    return 1;
}

int sn_atlas_spec_parse(sn_atlas_spec *s, const char *text, size_t len, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    char *copy = malloc(len + 1);
    if (!copy) { snprintf(err, errlen, "out of memory"); return GSL_ENOMEM; }
    memcpy(copy, text, len);
    copy[len] = '\0';
    int seen = 0, naxes = 0, ok = 1;
    char *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line && ok; line = strtok_r(NULL, "\n", &save)) {
        char *ws = NULL, *key = strtok_r(line, " ", &ws);
        char *f[9] = { 0 };
        int nf = 0;
        for (char *t = strtok_r(NULL, " ", &ws); t; t = strtok_r(NULL, " ", &ws))
            if (nf < 9) f[nf++] = t; else ok = 0;
        if (!key) { ok = 0; break; }
        if (strcmp(key, "statement") == 0 && nf == 1) {
            s->theorem = sn_theorem_find(f[0]);
            ok = s->theorem != NULL;
            seen |= 1;
        } else if (strcmp(key, "constants") == 0 && nf == 2) {
            s->is01 = strcmp(f[0], "alpha01") == 0 && strcmp(f[1], "lambda01") == 0;
            ok = s->is01 || (word(s->alpha, f[0]) && word(s->lambda, f[1]));
            seen |= 2;
        } else if (strcmp(key, "domain") == 0 && nf == 8) {
            for (int k = 0; k < 4 && ok; k++)
                ok = word(s->domain.lo[k], f[2 * k]) && word(s->domain.hi[k], f[2 * k + 1]);
            seen |= 4;
        } else if (strcmp(key, "axis") == 0 && nf == 4 && naxes < 2) {
            char *end;
            s->axis[naxes] = sn_atlas_param_find(f[0]);
            ok = s->axis[naxes] >= 0 && word(s->lo[naxes], f[1]) && word(s->hi[naxes], f[2]);
            s->n[naxes] = strtol(f[3], &end, 10);
            ok &= *end == '\0';
            naxes++;
        } else if (strcmp(key, "width") == 0 && nf == 1) {
            ok = sn_hex_double(f[0], &s->width);
            seen |= 8;
        } else if (strcmp(key, "max-boxes") == 0 && nf == 1) {
            char *end;
            s->max_boxes = strtol(f[0], &end, 10);
            ok = *end == '\0';
            seen |= 16;
        } else {
            ok = 0;
        }
    }
    free(copy);
    if (!ok || seen != 31 || naxes != 2) {
        snprintf(err, errlen, "the atlas's specification is malformed");
        return GSL_EINVAL;
    }
    return sn_atlas_spec_check(s, err, errlen);
}

char *sn_atlas_spec_text(const sn_atlas_spec *s, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    if (!f) return NULL;
    sn_atlas_spec_write(f, s);
    if (fclose(f) != 0) { free(buf); return NULL; }
    return buf;
}

int sn_atlas_spec_equal(const sn_atlas_spec *a, const sn_atlas_spec *b)
{
    size_t la, lb;
    char *ta = sn_atlas_spec_text(a, &la), *tb = sn_atlas_spec_text(b, &lb);
    int eq = ta && tb && la == lb && memcmp(ta, tb, la) == 0;
    free(ta);
    free(tb);
    return eq;
}

/* ---- one cell ------------------------------------------------------------------------ */

const char *sn_atlas_verdict_name(sn_atlas_verdict v)
{
    static const char *const names[] = { "certified", "refuted", "undecided" };
    return (unsigned)v < 3 ? names[v] : "?";
}

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Numeric extremes, as start points of the searches (they only speed the lower bounds). */
#define START_GRID 6
#define PRECISION 128

/* An objective proven until its padded claim (what the certificate states) decides, or the
 * budget or 1e−12 width is reached: sn_certify_decided, with the certificate's claim. */
static int decide(sn_enclosure *e, double claim[2], sn_leaf **leaves, size_t *nleaves,
                  const sn_objective *o, const sn_domain *dom, const sn_selu_exact *c,
                  const double *start, const sn_atlas_spec *s)
{
    for (double w = s->width;; w /= 100) {
        int st = sn_certify_extreme_leaves(e, leaves, nleaves, o, dom, c, start, w, s->max_boxes, PRECISION);
        if (st) return st;
        sn_certificate_claim(&claim[0], &claim[1], o, e);
        if (!sn_bound_needs_narrowing(o, claim[0], claim[1], dom) || !e->complete || w / 100 < 1e-12)
            return GSL_SUCCESS;
        if (leaves) {
            free(*leaves);
            *leaves = NULL;
        }
    }
}

void sn_atlas_cell_decide(sn_atlas_cell *cell, const sn_theorem *th, const sn_domain *dom)
{
    size_t first_fail = th->nobjectives, first_open = th->nobjectives, tightest = 0;
    double least = INFINITY;
    for (size_t k = 0; k < th->nobjectives; k++) {
        double mlo, mhi;
        sn_bound_check(&mlo, &mhi, &th->objectives[k], cell->lo[k], cell->hi[k], dom);
        if (cell->objective_verdict[k] == 0 && first_fail == th->nobjectives) first_fail = k;
        if (cell->objective_verdict[k] == -1 && first_open == th->nobjectives) first_open = k;
        if (mlo < least) least = mlo, tightest = k;
    }
    cell->verdict = first_fail < th->nobjectives ? SN_ATLAS_REFUTED
                  : first_open < th->nobjectives ? SN_ATLAS_UNDECIDED : SN_ATLAS_CERTIFIED;
    cell->deciding = cell->verdict == SN_ATLAS_REFUTED ? first_fail
                   : cell->verdict == SN_ATLAS_UNDECIDED ? first_open : tightest;
    /* what is certain: a holding condition holds by at least the margin's lower end, a
     * failing one fails by at least (minus) its upper end */
    double mlo, mhi;
    sn_bound_check(&mlo, &mhi, &th->objectives[cell->deciding], cell->lo[cell->deciding],
                   cell->hi[cell->deciding], dom);
    cell->margin = cell->verdict == SN_ATLAS_REFUTED ? mhi : mlo;
}

int sn_atlas_cell_compute(sn_atlas_cell *cell, sn_certificate *cert, const sn_atlas_spec *s,
                          long i, long j)
{
    double t0 = seconds_now();
    memset(cell, 0, sizeof *cell);
    cell->i = i;
    cell->j = j;
    sn_domain dom;
    sn_selu_exact c;
    if (sn_atlas_cell_problem(&dom, &c, cell->value, s, i, j) != GSL_SUCCESS) return GSL_EDOM;
    const sn_theorem *th = s->theorem;
    sn_selu p;
    sn_selu_exact_doubles(&p.alpha, &p.lambda, &c);
    sn_box box;
    sn_extreme ext[SN_MAX_OBJECTIVES];
    int have_start = sn_domain_box(&box, &dom) == GSL_SUCCESS
                  && sn_box_extremes(ext, th->objectives, th->nobjectives, &box, p, START_GRID) == GSL_SUCCESS;
    sn_enclosure enc[SN_MAX_OBJECTIVES];
    sn_leaf *leaves[SN_MAX_OBJECTIVES] = { 0 };
    size_t nleaves[SN_MAX_OBJECTIVES] = { 0 };
    int status = GSL_SUCCESS;
    cell->nobjectives = th->nobjectives;
    for (size_t k = 0; k < th->nobjectives && status == GSL_SUCCESS; k++) {
        double claim[2];
        status = decide(&enc[k], claim, cert ? &leaves[k] : NULL, &nleaves[k], &th->objectives[k],
                        &dom, &c, have_start ? ext[k].at : NULL, s);
        if (status) break;
        cell->lo[k] = claim[0];
        cell->hi[k] = claim[1];
        cell->objective_verdict[k] = sn_certified_verdict(&th->objectives[k], claim[0], claim[1], &dom);
        cell->boxes += enc[k].boxes;
    }
    if (status) {
        for (size_t k = 0; k < SN_MAX_OBJECTIVES; k++) free(leaves[k]);
        return status;
    }
    if (cert) sn_certificate_build(cert, th, &dom, &c, enc, leaves, nleaves, 1);
    sn_atlas_cell_decide(cell, th, &dom);
    /* the fixed point at normalized weights if the domain holds them, else at its centre */
    sn_box outer;
    sn_domain_box(&outer, &dom);
    int normalized = outer.lo[SN_OMEGA] <= 0 && outer.hi[SN_OMEGA] >= 0 && outer.lo[SN_TAU] <= 1
                  && outer.hi[SN_TAU] >= 1;
    cell->fp_omega = normalized ? 0 : 0.5 * (outer.lo[SN_OMEGA] + outer.hi[SN_OMEGA]);
    cell->fp_tau = normalized ? 1 : 0.5 * (outer.lo[SN_TAU] + outer.hi[SN_TAU]);
    sn_fixed_point fp;
    cell->fp_found = sn_fixed_point_solve(&fp, cell->fp_omega, cell->fp_tau, p, 0, 1) == GSL_SUCCESS;
    if (cell->fp_found) {
        cell->fp_mu = fp.mu;
        cell->fp_nu = fp.nu;
        cell->fp_radius = fp.stability.spectral_radius;
        cell->fp_norm = fp.stability.spectral_norm;
        cell->fp_attracting = fp.stability.attracting;
    } else {
        cell->fp_mu = cell->fp_nu = cell->fp_radius = cell->fp_norm = NAN;
        cell->fp_attracting = SN_VERDICT_UNDECIDED;
    }
    cell->seconds = seconds_now() - t0;
    return GSL_SUCCESS;
}

int sn_atlas_cell_write(FILE *f, const sn_atlas_cell *c)
{
    fprintf(f, "%ld %ld %s %s %d %zu %zu", c->i, c->j, c->value[0], c->value[1], (int)c->verdict,
            c->deciding, c->nobjectives);
    for (size_t k = 0; k < c->nobjectives; k++)
        fprintf(f, " %a %a %d", c->lo[k], c->hi[k], c->objective_verdict[k]);
    fprintf(f, " %a %d %a %a %a %a %a %a %d %ld %a", c->margin, c->fp_found, c->fp_omega,
            c->fp_tau, c->fp_mu, c->fp_nu, c->fp_radius, c->fp_norm, (int)c->fp_attracting,
            c->boxes, c->seconds);
    return ferror(f) ? GSL_EFAILED : GSL_SUCCESS;
}

/* Strict field readers for sn_atlas_cell_parse. */
static int read_long(char **tok, char **save, long *x, long lo, long hi)
{
    char *t = strtok_r(*tok, " ", save), *end;
    *tok = NULL;
    if (!t) return 0;
    *x = strtol(t, &end, 10);
    return *end == '\0' && end != t && *x >= lo && *x <= hi;
}

static int read_double(char **tok, char **save, double *x)
{
    char *t = strtok_r(*tok, " ", save), *end;
    *tok = NULL;
    if (!t) return 0;
    if (strcmp(t, "nan") == 0 || strcmp(t, "-nan") == 0) { *x = NAN; return 1; }
    if (strcmp(t, "inf") == 0) { *x = INFINITY; return 1; }
    if (strcmp(t, "-inf") == 0) { *x = -INFINITY; return 1; }
    *x = strtod(t, &end);
    return *end == '\0' && end != t;
}

int sn_atlas_cell_parse(sn_atlas_cell *c, const char *line, size_t len)
{
    memset(c, 0, sizeof *c);
    if (len > 8192) return GSL_EINVAL;
    char buf[8193];
    memcpy(buf, line, len);
    buf[len] = '\0';
    char *save = NULL, *tok = buf;
    long v, n;
    int ok = read_long(&tok, &save, &c->i, 0, SN_ATLAS_MAX_AXIS - 1)
          && read_long(&tok, &save, &c->j, 0, SN_ATLAS_MAX_AXIS - 1);
    for (int a = 0; a < 2 && ok; a++) {
        char *t = strtok_r(NULL, " ", &save);
        ok = t && sn_decimal_valid(t) && word(c->value[a], t);
    }
    ok = ok && read_long(&tok, &save, &v, 0, 2);
    c->verdict = (sn_atlas_verdict)v;
    ok = ok && read_long(&tok, &save, &v, 0, SN_MAX_OBJECTIVES - 1) && read_long(&tok, &save, &n, 1, SN_MAX_OBJECTIVES);
    c->deciding = (size_t)v;
    c->nobjectives = (size_t)n;
    for (size_t k = 0; k < c->nobjectives && ok; k++) {
        ok = read_double(&tok, &save, &c->lo[k]) && read_double(&tok, &save, &c->hi[k])
          && read_long(&tok, &save, &v, -1, 1);
        c->objective_verdict[k] = (int)v;
    }
    long found = 0, att = 0;
    ok = ok && read_double(&tok, &save, &c->margin) && read_long(&tok, &save, &found, 0, 1)
         && read_double(&tok, &save, &c->fp_omega) && read_double(&tok, &save, &c->fp_tau)
         && read_double(&tok, &save, &c->fp_mu) && read_double(&tok, &save, &c->fp_nu)
         && read_double(&tok, &save, &c->fp_radius) && read_double(&tok, &save, &c->fp_norm)
         && read_long(&tok, &save, &att, 0, 2) && read_long(&tok, &save, &c->boxes, 0, 1L << 40)
         && read_double(&tok, &save, &c->seconds) && strtok_r(NULL, " ", &save) == NULL;
    c->fp_found = (int)found;
    c->fp_attracting = (sn_verdict)att;
    return ok && c->deciding < c->nobjectives ? GSL_SUCCESS : GSL_EINVAL;
}

/* ---- the bundle ---------------------------------------------------------------------- */

unsigned long sn_atlas_crc(const char *p, size_t len)
{
    unsigned long crc = crc32(0L, Z_NULL, 0);
    while (len > 0) {   /* zlib takes uInt lengths */
        uInt chunk = len > (1u << 30) ? (1u << 30) : (uInt)len;
        crc = crc32(crc, (const Bytef *)p, chunk);
        p += chunk;
        len -= chunk;
    }
    return crc;
}

int sn_atlas_record_append(FILE *f, const char *kind, const char *payload, size_t len)
{
    fprintf(f, "%s %zu %08lx\n", kind, len, sn_atlas_crc(payload, len));
    if (fwrite(payload, 1, len, f) != len || fflush(f) != 0) return GSL_EFAILED;
    return GSL_SUCCESS;
}

int sn_atlas_sync(FILE *f)
{
    return fflush(f) == 0 && fdatasync(fileno(f)) == 0 ? GSL_SUCCESS : GSL_EFAILED;
}

int sn_atlas_cell_payload(char **payload, size_t *len, const sn_atlas_cell *cell,
                          const sn_certificate *cert)
{
    *payload = NULL;
    FILE *f = open_memstream(payload, len);
    if (!f) return GSL_ENOMEM;
    fputs("result ", f);
    sn_atlas_cell_write(f, cell);
    fputc('\n', f);
    int st = sn_certificate_write(f, cert);
    if (fclose(f) != 0 || st) {
        free(*payload);
        *payload = NULL;
        return GSL_ENOMEM;
    }
    return GSL_SUCCESS;
}

void sn_atlas_bundle_free(sn_atlas_bundle *b)
{
    free(b->cells);
    free(b->cert_offset);
    free(b->cert_len);
    memset(b, 0, sizeof *b);
}

/* Reads "KIND LEN CRC\n" at p[0..n): the header's length, or 0 if there is no complete,
 * well-formed header line. */
static size_t record_header(const char *p, size_t n, char kind[8], size_t *len, unsigned long *crc)
{
    const char *nl = memchr(p, '\n', n < 64 ? n : 64);
    if (!nl) return 0;
    char line[65];
    size_t l = (size_t)(nl - p);
    memcpy(line, p, l);
    line[l] = '\0';
    char k[8], tail;
    unsigned long long ln;
    if (sscanf(line, "%7s %llu %lx%c", k, &ln, crc, &tail) != 3) return 0;
    if (strcmp(k, "spec") != 0 && strcmp(k, "cell") != 0) return 0;
    strcpy(kind, k);
    *len = (size_t)ln;
    return l + 1;
}

/* Whether a recorded cell says what its own claims give: its grid values, each objective's
 * verdict, and the cell's verdict, deciding objective and margin. (Whether the claims are
 * proven is the certificate's business: check-certificate.) */
static int cell_consistent(const sn_atlas_cell *cell, const sn_atlas_spec *s)
{
    sn_domain dom;
    sn_selu_exact c;
    char value[2][SN_DECIMAL_MAX + 1];
    if (sn_atlas_cell_problem(&dom, &c, value, s, cell->i, cell->j) != GSL_SUCCESS
        || strcmp(value[0], cell->value[0]) || strcmp(value[1], cell->value[1]))
        return 0;
    const sn_theorem *th = s->theorem;
    sn_atlas_cell again = *cell;
    for (size_t k = 0; k < th->nobjectives; k++)
        if (cell->objective_verdict[k] != sn_certified_verdict(&th->objectives[k], cell->lo[k],
                                                                cell->hi[k], &dom))
            return 0;
    sn_atlas_cell_decide(&again, th, &dom);
    return again.verdict == cell->verdict && again.deciding == cell->deciding
           && (again.margin == cell->margin || (isnan(again.margin) && isnan(cell->margin)));
}

int sn_atlas_bundle_read(sn_atlas_bundle *b, const char *text, size_t len, int tolerate_tail,
                         char *err, size_t errlen)
{
    memset(b, 0, sizeof *b);
    size_t magic = strlen(SN_ATLAS_MAGIC);
    if (len < magic || memcmp(text, SN_ATLAS_MAGIC, magic) != 0) {
        if (tolerate_tail && len < magic && memcmp(text, SN_ATLAS_MAGIC, len) == 0) {
            b->truncated = len > 0;
            return GSL_SUCCESS;
        }
        snprintf(err, errlen, "not an atlas bundle (no '%.*s' line)", (int)magic - 1, SN_ATLAS_MAGIC);
        return GSL_EINVAL;
    }
    size_t pos = magic, cap = 0;
    unsigned char *seen = NULL;
    int status = GSL_SUCCESS;
    b->good_end = pos;
    while (pos < len && status == GSL_SUCCESS) {
        char kind[8];
        size_t plen;
        unsigned long crc;
        size_t h = record_header(text + pos, len - pos, kind, &plen, &crc);
        int to_end = h == 0 || plen > len - pos - h;       /* runs past the end of the file */
        int damaged = to_end || sn_atlas_crc(text + pos + h, plen) != crc;
        if (damaged) {
            /* a record cut short, or the last one damaged: what a killed writer leaves */
            if (tolerate_tail && (to_end || pos + h + plen == len)) {
                b->truncated = 1;
                break;
            }
            snprintf(err, errlen, "the record at byte %zu is damaged (%s)", pos,
                     to_end ? "cut short or malformed" : "CRC mismatch");
            status = GSL_EINVAL;
            break;
        }
        const char *payload = text + pos + h;
        if (strcmp(kind, "spec") == 0) {
            if (b->have_spec) {
                snprintf(err, errlen, "a second specification at byte %zu", pos);
                status = GSL_EINVAL;
                break;
            }
            if ((status = sn_atlas_spec_parse(&b->spec, payload, plen, err, errlen))) break;
            b->have_spec = 1;
            seen = calloc((size_t)(b->spec.n[0] * b->spec.n[1]), 1);
            if (!seen) { status = GSL_ENOMEM; snprintf(err, errlen, "out of memory"); break; }
        } else {
            const char *nl = memchr(payload, '\n', plen);
            sn_atlas_cell cell;
            if (!b->have_spec) {
                snprintf(err, errlen, "a cell before the specification at byte %zu", pos);
                status = GSL_EINVAL;
            } else if (!nl || plen < 7 || memcmp(payload, "result ", 7) != 0
                       || sn_atlas_cell_parse(&cell, payload + 7, (size_t)(nl - payload) - 7)) {
                snprintf(err, errlen, "the cell record at byte %zu is malformed", pos);
                status = GSL_EINVAL;
            } else if (cell.i >= b->spec.n[0] || cell.j >= b->spec.n[1]
                       || cell.nobjectives != b->spec.theorem->nobjectives) {
                snprintf(err, errlen, "the cell (%ld, %ld) at byte %zu is not a cell of this atlas",
                         cell.i, cell.j, pos);
                status = GSL_EINVAL;
            } else if (!cell_consistent(&cell, &b->spec)) {
                snprintf(err, errlen, "the cell (%ld, %ld) at byte %zu contradicts its own enclosures "
                         "(its parameters, verdict or margin are not what they give)", cell.i, cell.j, pos);
                status = GSL_EINVAL;
            } else if (seen[cell.i * b->spec.n[1] + cell.j]++) {
                snprintf(err, errlen, "the cell (%ld, %ld) appears twice (again at byte %zu)", cell.i,
                         cell.j, pos);
                status = GSL_EINVAL;
            } else {
                if (b->ncells == cap) {
                    size_t nc = cap ? 2 * cap : 64;
                    sn_atlas_cell *c2 = realloc(b->cells, nc * sizeof *c2);
                    if (c2) b->cells = c2;
                    size_t *o2 = realloc(b->cert_offset, nc * sizeof *o2);
                    if (o2) b->cert_offset = o2;
                    size_t *l2 = realloc(b->cert_len, nc * sizeof *l2);
                    if (l2) b->cert_len = l2;
                    if (!c2 || !o2 || !l2) { status = GSL_ENOMEM; snprintf(err, errlen, "out of memory"); break; }
                    cap = nc;
                }
                b->cells[b->ncells] = cell;
                b->cert_offset[b->ncells] = (size_t)(nl + 1 - text);
                b->cert_len[b->ncells] = (size_t)(payload + plen - (nl + 1));
                b->ncells++;
            }
        }
        pos += h + plen;
        if (status == GSL_SUCCESS) b->good_end = pos;
    }
    free(seen);
    if (status) sn_atlas_bundle_free(b);
    return status;
}
