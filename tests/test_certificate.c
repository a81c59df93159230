/* test_certificate.c - proofs as files: round trips, and an attack on the checker.
 *
 * Round trip: every certificate the prover writes (the paper's statements, custom constants,
 * long decimal bounds, point domains) is accepted at 64, 96, 128 and 256 bits.
 * Forgeries (issue #10): an objective dropped and another duplicated; an objective dropped;
 * the statement relabelled; the declared domain or constants changed; an objective's
 * condition rewritten. Mutations of valid certificates, checked at the prover's own precision
 * with unpadded claims (so that the claims are as tight as the proof allows): a box shifted
 * by one ulp, a claim tightened by one ulp at either end, a box removed, two boxes swapped
 * between objectives, the witness moved outside the exact domain. Each must be rejected, or
 * reported as not the paper's statement.
 */
#include <stdlib.h>
#include <string.h>
#include "testutil.h"

#define PROVER_PREC 128

/* Proves th on dom and builds its certificate (pad: padded claims, as `verify` writes). */
static void prove(sn_certificate *cert, const sn_theorem *th, const sn_domain *dom,
                  const sn_selu_exact *c, double width, int pad)
{
    sn_enclosure enc[SN_MAX_OBJECTIVES];
    sn_leaf *leaves[SN_MAX_OBJECTIVES];
    size_t n[SN_MAX_OBJECTIVES];
    for (size_t k = 0; k < th->nobjectives; k++)
        assert_int_equal(sn_certify_extreme_leaves(&enc[k], &leaves[k], &n[k], &th->objectives[k], dom,
                                                   c, NULL, width, 2000000, PROVER_PREC), GSL_SUCCESS);
    sn_certificate_build(cert, th, dom, c, enc, leaves, n, pad);
}

/* Written to text and parsed back: what a checker reads. */
static void round_trip(sn_certificate *out, const sn_certificate *in)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(sn_certificate_write(f, in), GSL_SUCCESS);
    fclose(f);
    char err[256] = "";
    if (sn_certificate_parse(out, buf, len, err, sizeof err) != GSL_SUCCESS) fail_msg("parse: %s", err);
    free(buf);
}

static sn_cert_check check(const sn_certificate *c, long prec)
{
    sn_cert_check r;
    assert_int_equal(sn_certificate_check(&r, c, prec), GSL_SUCCESS);
    return r;
}

static void expect_holds(const sn_certificate *c, int paper)
{
    const long precs[4] = { 64, 96, 128, 256 };
    for (int i = 0; i < 4; i++) {
        sn_cert_check r = check(c, precs[i]);
        if (!r.verified) fail_msg("%s at %ld bits: %s", c->statement, precs[i], r.reason);
        assert_true(r.holds);
        assert_int_equal(r.paper_statement, paper);
    }
}

/* A deep copy, so that a mutation does not touch the original. */
static void copy(sn_certificate *dst, const sn_certificate *src)
{
    *dst = *src;
    for (size_t k = 0; k < src->nobjectives; k++) {
        size_t bytes = src->obj[k].nboxes * sizeof(sn_leaf);
        dst->obj[k].boxes = malloc(bytes);
        memcpy(dst->obj[k].boxes, src->obj[k].boxes, bytes);
    }
}

static void test_round_trips(void **state)
{
    (void)state;
    sn_selu_exact c01 = sn_selu_exact01(), custom;
    const sn_theorem *t3a = sn_theorem_find("theorem3a");
    sn_domain d;
    sn_certificate a, b;
    /* the paper's theorem 3a */
    sn_theorem_domain(&d, t3a);
    prove(&a, t3a, &d, &c01, 1e-4, 1);
    round_trip(&b, &a);
    expect_holds(&b, 1);
    sn_certificate_free(&a);
    sn_certificate_free(&b);
    /* custom constants as exact decimals, and a 60-character decimal bound */
    assert_int_equal(sn_selu_exact_set(&custom, "1.6733", "1.0507"), GSL_SUCCESS);
    assert_int_equal(sn_domain_set(&d, SN_NU, "0.02000000000000000000000000000000000000000000000000000000001",
                                   "0.16"), GSL_SUCCESS);
    prove(&a, t3a, &d, &custom, 1e-4, 1);
    round_trip(&b, &a);
    expect_holds(&b, 0);
    assert_string_equal(b.constants.alpha, "1.6733");
    sn_certificate_free(&a);
    sn_certificate_free(&b);
    /* a point domain: one box, nothing to split */
    const char *point[4] = { "0.1", "-0.1", "0.1", "1" };
    for (int k = 0; k < 4; k++) assert_int_equal(sn_domain_set(&d, k, point[k], point[k]), GSL_SUCCESS);
    prove(&a, t3a, &d, &c01, 1e-4, 1);
    round_trip(&b, &a);
    expect_holds(&b, 0);
    sn_certificate_free(&a);
    sn_certificate_free(&b);
}

/* Theorem 1's objectives on a small domain, to width 0.01: five objectives, about a hundred
 * boxes, quick. (The condition fails there for the variance: g does not map this small box
 * into itself. A certificate that shows this is as checkable as one that proves.) */
static void small_theorem1(sn_certificate *c, int pad)
{
    sn_domain d;
    const char *lo[4] = { "-0.01", "-0.01", "0.95", "0.98" }, *hi[4] = { "0.01", "0.01", "1.05", "1.02" };
    for (int k = 0; k < 4; k++) assert_int_equal(sn_domain_set(&d, k, lo[k], hi[k]), GSL_SUCCESS);
    sn_selu_exact c01 = sn_selu_exact01();
    prove(c, &SN_THEOREMS[0], &d, &c01, 1e-2, pad);
}

static void expect_verified(const sn_certificate *c, long prec)
{
    sn_cert_check r = check(c, prec);
    if (!r.verified) fail_msg("%s at %ld bits: %s", c->statement, prec, r.reason);
    assert_false(r.paper_statement);
}

static void expect_rejected(const sn_certificate *c, const char *what, const char *reason)
{
    sn_cert_check r = check(c, PROVER_PREC);
    if (r.verified) fail_msg("forgery accepted: %s", what);
    if (reason && !strstr(r.reason, reason)) fail_msg("%s: reason '%s' lacks '%s'", what, r.reason, reason);
}

static void test_forgeries(void **state)
{
    (void)state;
    sn_certificate good, f;
    small_theorem1(&good, 1);
    for (long prec = 64; prec <= 256; prec *= 2) expect_verified(&good, prec);
    /* the forgery: max_spectral_norm dropped, mean_min pasted in twice */
    copy(&f, &good);
    free(f.obj[0].boxes);
    f.obj[0] = f.obj[1];
    f.obj[0].boxes = malloc(f.obj[1].nboxes * sizeof(sn_leaf));
    memcpy(f.obj[0].boxes, f.obj[1].boxes, f.obj[1].nboxes * sizeof(sn_leaf));
    expect_rejected(&f, "objective duplicated", "more than once");
    sn_certificate_free(&f);
    /* an objective dropped */
    copy(&f, &good);
    free(f.obj[4].boxes);
    f.nobjectives = 4;
    expect_rejected(&f, "objective dropped", "missing");
    sn_certificate_free(&f);
    /* a condition rewritten: the spectral norm only below 2 */
    copy(&f, &good);
    snprintf(f.obj[0].condition, sizeof f.obj[0].condition, "max spectral_norm < 2");
    expect_rejected(&f, "condition rewritten", "condition");
    sn_certificate_free(&f);
    /* relabelled as a statement without these objectives */
    copy(&f, &good);
    snprintf(f.statement, sizeof f.statement, "theorem2");
    expect_rejected(&f, "relabelled theorem1 -> theorem2", "no objective");
    sn_certificate_free(&f);
    /* the declared domain widened: the boxes no longer tile it */
    copy(&f, &good);
    snprintf(f.domain.hi[SN_NU], sizeof f.domain.hi[SN_NU], "1.2");
    expect_rejected(&f, "domain widened", "tile");
    sn_certificate_free(&f);
    /* the witness moved just outside the exact domain (the double below -0.02) */
    copy(&f, &good);
    snprintf(f.obj[1].point[SN_MU], sizeof f.obj[1].point[SN_MU], "-0.0200000000000000000001");
    expect_rejected(&f, "witness outside", "outside the domain");
    sn_certificate_free(&f);
    sn_certificate_free(&good);

    /* theorem 3a's certificate relabelled theorem 3b: same condition, so it verifies, but it
     * is about 3a's domain and must not pass for the paper's theorem 3b */
    sn_selu_exact c01 = sn_selu_exact01();
    sn_domain d;
    sn_theorem_domain(&d, sn_theorem_find("theorem3a"));
    prove(&good, sn_theorem_find("theorem3a"), &d, &c01, 1e-4, 1);
    copy(&f, &good);
    snprintf(f.statement, sizeof f.statement, "theorem3b");
    sn_cert_check r = check(&f, 96);
    assert_true(r.verified && !r.paper_statement);
    assert_ptr_equal(r.theorem, sn_theorem_find("theorem3b"));
    sn_certificate_free(&f);
    /* α and λ declared as other decimals: whatever the boxes then show, not the paper's */
    copy(&f, &good);
    assert_int_equal(sn_selu_exact_set(&f.constants, "2", "1.5"), GSL_SUCCESS);
    r = check(&f, 96);
    assert_false(r.paper_statement);
    sn_certificate_free(&f);
    /* the paper's own statement is recognised as such */
    r = check(&good, 96);
    assert_true(r.verified && r.holds && r.paper_statement);
    sn_certificate_free(&good);
}

/* Mutations of a valid certificate with tight claims, checked at the prover's precision. */
static void test_mutations(void **state)
{
    (void)state;
    sn_certificate good, m;
    small_theorem1(&good, 0);
    expect_verified(&good, PROVER_PREC);
    int rejected = 0, tried = 0;
    for (size_t k = 0; k < good.nobjectives; k++) {
        const sn_cert_objective *o = &good.obj[k];
        /* a box shifted by one ulp on every side */
        for (int side = 0; side < 4; side++) {
            copy(&m, &good);
            size_t b = (size_t)side % o->nboxes;
            m.obj[k].boxes[b].lo[side] = nextafter(m.obj[k].boxes[b].lo[side], -INFINITY);
            expect_rejected(&m, "box shifted by one ulp", NULL);
            sn_certificate_free(&m);
            tried++, rejected++;
        }
        /* the claim tightened by one ulp at either end */
        copy(&m, &good);
        m.obj[k].hi = nextafter(m.obj[k].hi, -INFINITY);
        expect_rejected(&m, "claim hi tightened by one ulp", NULL);
        sn_certificate_free(&m);
        copy(&m, &good);
        m.obj[k].lo = nextafter(m.obj[k].lo, INFINITY);
        expect_rejected(&m, "claim lo tightened by one ulp", NULL);
        sn_certificate_free(&m);
        /* a box removed */
        if (o->nboxes > 1) {
            copy(&m, &good);
            m.obj[k].nboxes--;
            expect_rejected(&m, "box removed", "tile");
            sn_certificate_free(&m);
        }
        tried += 3, rejected += 3;
    }
    /* two boxes swapped between objectives (boxes that differ) */
    for (size_t k = 0; k + 1 < good.nobjectives; k++) {
        copy(&m, &good);
        sn_leaf *a = &m.obj[k].boxes[0], *b = &m.obj[k + 1].boxes[m.obj[k + 1].nboxes - 1];
        if (memcmp(a->lo, b->lo, sizeof a->lo) || memcmp(a->hi, b->hi, sizeof a->hi)) {
            sn_leaf t = *a;
            *a = *b;
            *b = t;
            expect_rejected(&m, "boxes swapped between objectives", NULL);
            tried++, rejected++;
        }
        sn_certificate_free(&m);
    }
    printf("  mutations: %d tried, %d rejected\n", tried, rejected);
    sn_certificate_free(&good);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trips),
        cmocka_unit_test(test_forgeries),
        cmocka_unit_test(test_mutations),
    };
    return cmocka_run_group_tests_name("certificate", tests, NULL, NULL);
}
