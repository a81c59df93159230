/* test_atlas.c - the atlas's exact grid, its cells against independent checks, and the
 * bundle's journal discipline.
 *
 * Grid values are exact decimals computed with rationals (FLINT): they are compared with
 * values worked out by hand. A cell's certified verdict is checked against the numeric search
 * (theorems.h's grid + Nelder-Mead, an independent method): the numeric extreme must lie
 * within the cell's claimed enclosure's outer end, and a refuted cell's condition must fail
 * numerically too. The cell at (alpha01, lambda01) itself is not a decimal; the paper's
 * Theorem 1 holds there (certificates of test_certificate.c), and the nearby decimal cell
 * (1.6733, 1.0507) is certified here. Bundles: write/read round trips, a cut-off tail
 * tolerated only when asked, a duplicated cell and a damaged middle record rejected.
 */
#include <stdlib.h>
#include <string.h>
#include "testutil.h"

static sn_atlas_spec alpha_lambda(const char *alo, const char *ahi, long na, const char *llo,
                                  const char *lhi, long nl)
{
    sn_atlas_spec s;
    memset(&s, 0, sizeof s);
    s.theorem = sn_theorem_find("theorem1");
    sn_theorem_domain(&s.domain, s.theorem);
    s.axis[0] = SN_ATLAS_ALPHA;
    s.axis[1] = SN_ATLAS_LAMBDA;
    strcpy(s.lo[0], alo); strcpy(s.hi[0], ahi); s.n[0] = na;
    strcpy(s.lo[1], llo); strcpy(s.hi[1], lhi); s.n[1] = nl;
    strcpy(s.alpha, alo); strcpy(s.lambda, llo);
    s.width = 1e-2;
    s.max_boxes = 200000;
    return s;
}

static void grid_values_are_exact_decimals(void **state)
{
    (void)state;
    char buf[SN_DECIMAL_MAX + 1], err[300];
    sn_atlas_spec s = alpha_lambda("1", "2", 5, "1.0", "1.1", 4);
    assert_int_equal(sn_atlas_spec_check(&s, err, sizeof err), GSL_SUCCESS);
    /* 1 + k/4: terminating, exact */
    const char *want[5] = { "1", "1.25", "1.5", "1.75", "2" };
    for (long k = 0; k < 5; k++) {
        assert_int_equal(sn_atlas_value(buf, sizeof buf, &s, 0, k), GSL_SUCCESS);
        assert_string_equal(buf, want[k]);
    }
    /* 1 + 0.1 k/3 = 1.0333...: 1 + 1 + 2 = 4 fraction digits, rounded to nearest */
    assert_int_equal(sn_atlas_value(buf, sizeof buf, &s, 1, 1), GSL_SUCCESS);
    assert_string_equal(buf, "1.0333");
    assert_int_equal(sn_atlas_value(buf, sizeof buf, &s, 1, 2), GSL_SUCCESS);
    assert_string_equal(buf, "1.0667");
    assert_int_equal(sn_atlas_value(buf, sizeof buf, &s, 1, 3), GSL_SUCCESS);
    assert_string_equal(buf, "1.1");
    assert_int_not_equal(sn_atlas_value(buf, sizeof buf, &s, 1, 4), GSL_SUCCESS);
    /* ω by centre: [-0.1, 0.1] recentred at 0.35 is [0.25, 0.45], exactly */
    sn_atlas_spec o = s;
    o.axis[0] = SN_ATLAS_OMEGA_CENTER;
    strcpy(o.lo[0], "-0.05"); strcpy(o.hi[0], "0.35"); o.n[0] = 2;
    o.is01 = 0;
    strcpy(o.alpha, "1.7");
    sn_domain d;
    sn_selu_exact c;
    char v[2][SN_DECIMAL_MAX + 1];
    assert_int_equal(sn_atlas_cell_problem(&d, &c, v, &o, 1, 0), GSL_SUCCESS);
    assert_string_equal(d.lo[SN_OMEGA], "0.25");
    assert_string_equal(d.hi[SN_OMEGA], "0.45");
    assert_string_equal(c.alpha, "1.7");
    assert_string_equal(c.lambda, "1");
}

static void bad_specs_are_refused(void **state)
{
    (void)state;
    char err[300];
    sn_atlas_spec s = alpha_lambda("1.7", "1.6", 3, "1", "1.1", 3);
    assert_int_equal(sn_atlas_spec_check(&s, err, sizeof err), GSL_EINVAL);   /* empty range */
    s = alpha_lambda("1.6", "1.7", 1, "1", "1.1", 3);
    assert_int_equal(sn_atlas_spec_check(&s, err, sizeof err), GSL_EINVAL);   /* one point */
    s = alpha_lambda("1.6", "1.7", 3, "1", "1.1", 3);
    s.axis[1] = SN_ATLAS_ALPHA;
    assert_int_equal(sn_atlas_spec_check(&s, err, sizeof err), GSL_EINVAL);   /* same twice */
    s = alpha_lambda("1.6", "1.7", 3, "1", "1.1", 3);
    s.is01 = 1;
    assert_int_equal(sn_atlas_spec_check(&s, err, sizeof err), GSL_EINVAL);   /* α01 with a grid over α */
    s = alpha_lambda("-1", "1.7", 3, "1", "1.1", 3);
    assert_int_equal(sn_atlas_spec_check(&s, err, sizeof err), GSL_EINVAL);   /* α ≤ 0 at a corner */
    s = alpha_lambda("1.6", "1.7", 3, "1", "1.1", 3);
    s.axis[0] = SN_ATLAS_NU_LO;
    strcpy(s.lo[0], "0.5"); strcpy(s.hi[0], "2");   /* ν_lo beyond ν_hi = 1.5 at a corner */
    assert_int_equal(sn_atlas_spec_check(&s, err, sizeof err), GSL_EINVAL);
}

/* The numeric extreme of an objective on the cell's domain (an independent method). */
static double numeric_extreme(const sn_theorem *th, size_t k, const sn_domain *d, const sn_selu_exact *c)
{
    sn_box box;
    sn_selu p;
    sn_selu_exact_doubles(&p.alpha, &p.lambda, c);
    assert_int_equal(sn_domain_box(&box, d), GSL_SUCCESS);
    sn_extreme ext[SN_MAX_OBJECTIVES];
    assert_int_equal(sn_box_extremes(ext, th->objectives, th->nobjectives, &box, p, 16), GSL_SUCCESS);
    return ext[k].value;
}

static void cells_agree_with_the_numeric_search(void **state)
{
    (void)state;
    /* (1.6733, 1.0507) next to (alpha01, lambda01): certified; (1.6, 1.0): refuted */
    sn_atlas_spec s = alpha_lambda("1.6", "1.6733", 2, "1", "1.0507", 2);
    char err[300];
    assert_int_equal(sn_atlas_spec_check(&s, err, sizeof err), GSL_SUCCESS);
    for (long i = 0; i < 2; i++) {
        sn_atlas_cell cell;
        sn_certificate cert;
        assert_int_equal(sn_atlas_cell_compute(&cell, &cert, &s, i, i), GSL_SUCCESS);
        assert_int_equal(cell.verdict, i ? SN_ATLAS_CERTIFIED : SN_ATLAS_REFUTED);
        sn_domain d;
        sn_selu_exact c;
        char v[2][SN_DECIMAL_MAX + 1];
        assert_int_equal(sn_atlas_cell_problem(&d, &c, v, &s, i, i), GSL_SUCCESS);
        for (size_t k = 0; k < cell.nobjectives; k++) {
            const sn_objective *o = &s.theorem->objectives[k];
            double x = numeric_extreme(s.theorem, k, &d, &c);
            /* the numeric extreme is attained, so it cannot lie beyond the proven outer end
             * (slack: double rounding of g, ~1e-12) */
            if (o->sense == SN_MAX) assert_true(x <= cell.hi[k] + 1e-12);
            else assert_true(x >= cell.lo[k] - 1e-12);
            sn_box box;
            sn_domain_box(&box, &d);
            if (cell.objective_verdict[k] == 0) assert_false(sn_objective_holds(o, &box, x));
        }
        /* its certificate verifies and proves the same verdicts */
        sn_cert_check r;
        assert_int_equal(sn_certificate_check(&r, &cert, 96), GSL_SUCCESS);
        assert_true(r.verified);
        for (size_t k = 0; k < cell.nobjectives; k++) assert_int_equal(r.verdict[k], cell.objective_verdict[k]);
        /* the fixed point at (0, 1): g's own */
        assert_true(cell.fp_found);
        sn_moments g;
        sn_selu p;
        sn_selu_exact_doubles(&p.alpha, &p.lambda, &c);
        assert_int_equal(sn_map(&g, (sn_point){ cell.fp_mu, 0, cell.fp_nu, 1 }, p), GSL_SUCCESS);
        assert_true(fabs(g.mu_new - cell.fp_mu) < 1e-10 && fabs(g.nu_new - cell.fp_nu) < 1e-10);
        sn_certificate_free(&cert);
    }
}

static char *bundle_text(size_t *len, const sn_atlas_spec *s, int cells, int duplicate)
{
    char *buf = NULL, *spec = NULL;
    size_t slen = 0;
    FILE *f = open_memstream(&buf, len), *g = open_memstream(&spec, &slen);
    sn_atlas_spec_write(g, s);
    fclose(g);
    fputs(SN_ATLAS_MAGIC, f);
    sn_atlas_record_append(f, "spec", spec, slen);
    free(spec);
    for (int k = 0; k < cells + duplicate; k++) {
        sn_atlas_cell cell;
        sn_certificate cert;
        assert_int_equal(sn_atlas_cell_compute(&cell, &cert, s, 0, k < cells ? k : 0), GSL_SUCCESS);
        char *p;
        size_t n;
        assert_int_equal(sn_atlas_cell_payload(&p, &n, &cell, &cert), GSL_SUCCESS);
        sn_atlas_record_append(f, "cell", p, n);
        free(p);
        sn_certificate_free(&cert);
    }
    fclose(f);
    return buf;
}

static void bundles_journal_and_reject(void **state)
{
    (void)state;
    sn_atlas_spec s = alpha_lambda("1.6", "1.7", 2, "1", "1.1", 2);
    size_t len;
    char *text = bundle_text(&len, &s, 2, 0), err[400];
    sn_atlas_bundle b;
    assert_int_equal(sn_atlas_bundle_read(&b, text, len, 0, err, sizeof err), GSL_SUCCESS);
    assert_int_equal(b.ncells, 2);
    assert_true(sn_atlas_spec_equal(&b.spec, &s));
    assert_int_equal(b.good_end, len);
    size_t whole = len;
    sn_atlas_bundle_free(&b);
    /* every cut inside the last record: tolerated as a tail, rejected when strict */
    for (size_t cut = whole - 1; cut > whole - 4000; cut -= 397) {
        assert_int_equal(sn_atlas_bundle_read(&b, text, cut, 1, err, sizeof err), GSL_SUCCESS);
        assert_int_equal(b.ncells, 1);
        assert_true(b.truncated);
        sn_atlas_bundle_free(&b);
        assert_int_equal(sn_atlas_bundle_read(&b, text, cut, 0, err, sizeof err), GSL_EINVAL);
    }
    /* a flipped byte in the first cell (not the tail): rejected even when tolerant */
    const char *first = strstr(text, "\ncell ");
    assert_non_null(first);
    size_t at = (size_t)(first - text) + 40;
    text[at] ^= 1;
    assert_int_equal(sn_atlas_bundle_read(&b, text, whole, 1, err, sizeof err), GSL_EINVAL);
    assert_non_null(strstr(err, "CRC"));
    free(text);
    /* a cell twice */
    text = bundle_text(&len, &s, 2, 1);
    assert_int_equal(sn_atlas_bundle_read(&b, text, len, 1, err, sizeof err), GSL_EINVAL);
    assert_non_null(strstr(err, "twice"));
    free(text);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grid_values_are_exact_decimals),
        cmocka_unit_test(bad_specs_are_refused),
        cmocka_unit_test(cells_agree_with_the_numeric_search),
        cmocka_unit_test(bundles_journal_and_reject),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
