/* test_activation.c - the activation table against independent references.
 *
 * f and f′ of every row against the defining formula in MPFR (128 bits, written here, not
 * shared with src/activation.c); the Gaussian moments of every row against MPFR tanh-sinh
 * quadrature at 128 bits of E h(m + sZ) over |Z| ≤ 12 and |Z + m/s| ≤ 12, split at
 * Z = −m/s (the kink or the activation's feature), at 0 and at those limits, refined until two levels agree to 1e−25; the Jacobian
 * against central differences of that reference (step 1e−10 at 128 bits: truncation 1e−20,
 * cancellation 1e−28); SELU against sn_map and sn_fixed_point_solve (bitwise).
 *
 * Tolerances. f, f′: 1e−14 relative (floor 1e−300): the library evaluates Φ(x) as
 * erfc(−x/√2)/2 and tanh/cosh in double; rounding x/√2 costs x² ulp, 100 ulp = 2.2e−14 at
 * |x| = 10; we test |x| ≤ 8 (64 ulp = 1.4e−14 worst, observed below 1e−14). Moments: closed
 * forms are held to sn_map's published accuracy (moments.h: 1e−13 on the mean, 1e−12
 * relative on the variance, here also on E f² and E f′²); the quadrature rows to the same
 * 1e−12 (the Kronrod rule's truncation error is below 1e−15 by the analysis in
 * activation_quad.c; the rest is the conditioning of m = μω and s = √(ντ) in double and the
 * rounding of the weighted sums over ~200 nodes). The reported error estimate must bound the
 * observed error (up to 4 ulp of the value, for the rounding of the reference to double).
 * Jacobian entries: 1e−10·max(1, |h|) for the quadrature rows, 1e−11 for closed forms.
 * The vectorized map of the quadrature rows (sn_map_array_act, sn_act_quad_map: f and φ from
 * libmvec, ≤ 4 ulp) is held to the same tolerances, and its estimate must bound its error.
 */
#include <float.h>
#include <string.h>
#include <mpfr.h>
#include "testutil.h"
#include "activation_internal.h"   /* sn_act_quad_map's error estimates */

#define PREC 128
#define TRUNC_Z 12
#define F_TOL 1e-14
#define MEAN_TOL 1e-13
#define VAR_TOL 1e-12
#define JAC_TOL_QUAD 1e-10
#define JAC_TOL_CLOSED 1e-11

/* ---- f and f′ in MPFR, from the definitions -------------------------------------------- */

typedef void mp_fn(mpfr_t y, const mpfr_t x, const double *p);

static void mp_selu(mpfr_t y, const mpfr_t x, const double *p)
{
    if (mpfr_sgn(x) > 0) mpfr_mul_d(y, x, p[1], MPFR_RNDN);
    else { mpfr_expm1(y, x, MPFR_RNDN); mpfr_mul_d(y, y, p[0], MPFR_RNDN); mpfr_mul_d(y, y, p[1], MPFR_RNDN); }
}
static void mp_dselu(mpfr_t y, const mpfr_t x, const double *p)
{
    if (mpfr_sgn(x) > 0) mpfr_set_d(y, p[1], MPFR_RNDN);
    else { mpfr_exp(y, x, MPFR_RNDN); mpfr_mul_d(y, y, p[0], MPFR_RNDN); mpfr_mul_d(y, y, p[1], MPFR_RNDN); }
}
static void mp_elu(mpfr_t y, const mpfr_t x, const double *p)
{
    double q[2] = { p[0], 1.0 };
    mp_selu(y, x, q);
}
static void mp_delu(mpfr_t y, const mpfr_t x, const double *p)
{
    double q[2] = { p[0], 1.0 };
    mp_dselu(y, x, q);
}
static void mp_leaky(mpfr_t y, const mpfr_t x, const double *p)
{
    if (mpfr_sgn(x) > 0) mpfr_set(y, x, MPFR_RNDN);
    else mpfr_mul_d(y, x, p[0], MPFR_RNDN);
}
static void mp_dleaky(mpfr_t y, const mpfr_t x, const double *p)
{
    mpfr_set_d(y, mpfr_sgn(x) > 0 ? 1.0 : p[0], MPFR_RNDN);
}
static void mp_relu(mpfr_t y, const mpfr_t x, const double *p)
{
    (void)p;
    if (mpfr_sgn(x) > 0) mpfr_set(y, x, MPFR_RNDN); else mpfr_set_zero(y, 1);
}
static void mp_drelu(mpfr_t y, const mpfr_t x, const double *p)
{
    (void)p;
    mpfr_set_ui(y, mpfr_sgn(x) > 0, MPFR_RNDN);
}
static void mp_linear(mpfr_t y, const mpfr_t x, const double *p) { (void)p; mpfr_set(y, x, MPFR_RNDN); }
static void mp_dlinear(mpfr_t y, const mpfr_t x, const double *p) { (void)p; (void)x; mpfr_set_ui(y, 1, MPFR_RNDN); }
static void mp_tanh(mpfr_t y, const mpfr_t x, const double *p) { (void)p; mpfr_tanh(y, x, MPFR_RNDN); }
static void mp_dtanh(mpfr_t y, const mpfr_t x, const double *p)   /* 1/cosh² */
{
    (void)p;
    mpfr_sech(y, x, MPFR_RNDN);
    mpfr_sqr(y, y, MPFR_RNDN);
}
/* Φ(x) = (1 + erf(x/√2))/2 computed as erfc(−x/√2)/2 (same value; erfc keeps the tail) */
static void mp_Phi(mpfr_t y, const mpfr_t x)
{
    mpfr_t t;
    mpfr_init2(t, PREC);
    mpfr_sqrt_ui(t, 2, MPFR_RNDN);
    mpfr_div(t, x, t, MPFR_RNDN);
    mpfr_neg(t, t, MPFR_RNDN);
    mpfr_erfc(y, t, MPFR_RNDN);
    mpfr_div_2ui(y, y, 1, MPFR_RNDN);
    mpfr_clear(t);
}
static void mp_phi(mpfr_t y, const mpfr_t x)
{
    mpfr_t t;
    mpfr_init2(t, PREC);
    mpfr_sqr(y, x, MPFR_RNDN);
    mpfr_div_2ui(y, y, 1, MPFR_RNDN);
    mpfr_neg(y, y, MPFR_RNDN);
    mpfr_exp(y, y, MPFR_RNDN);
    mpfr_const_pi(t, MPFR_RNDN);
    mpfr_mul_2ui(t, t, 1, MPFR_RNDN);
    mpfr_sqrt(t, t, MPFR_RNDN);
    mpfr_div(y, y, t, MPFR_RNDN);
    mpfr_clear(t);
}
static void mp_gelu(mpfr_t y, const mpfr_t x, const double *p)
{
    (void)p;
    mp_Phi(y, x);
    mpfr_mul(y, y, x, MPFR_RNDN);
}
static void mp_dgelu(mpfr_t y, const mpfr_t x, const double *p)
{
    (void)p;
    mpfr_t t;
    mpfr_init2(t, PREC);
    mp_phi(t, x);
    mpfr_mul(t, t, x, MPFR_RNDN);
    mp_Phi(y, x);
    mpfr_add(y, y, t, MPFR_RNDN);
    mpfr_clear(t);
}
/* u = √(2/π)(x + 0.044715x³), as decimals read at the precision of u. The callers work at
 * PREC + 256 bits: 1 + tanh u cancels ~0.87|u| digits in the left tail (29 at x = −9). */
#define GELU_TANH_PREC (PREC + 256)
static void mp_gelu_u(mpfr_t u, mpfr_t du, const mpfr_t x)
{
    mpfr_t c, k, t;
    mpfr_inits2(GELU_TANH_PREC, c, k, t, (mpfr_ptr)0);
    mpfr_const_pi(c, MPFR_RNDN);
    mpfr_ui_div(c, 2, c, MPFR_RNDN);
    mpfr_sqrt(c, c, MPFR_RNDN);
    mpfr_set_str(k, "0.044715", 10, MPFR_RNDN);
    mpfr_sqr(t, x, MPFR_RNDN);
    mpfr_mul(t, t, k, MPFR_RNDN);             /* k x² */
    mpfr_mul_ui(du, t, 3, MPFR_RNDN);
    mpfr_add_ui(du, du, 1, MPFR_RNDN);
    mpfr_mul(du, du, c, MPFR_RNDN);           /* c (1 + 3k x²) */
    mpfr_add_ui(t, t, 1, MPFR_RNDN);
    mpfr_mul(t, t, x, MPFR_RNDN);
    mpfr_mul(u, t, c, MPFR_RNDN);
    mpfr_clears(c, k, t, (mpfr_ptr)0);
}
static void mp_gelu_tanh(mpfr_t y, const mpfr_t x, const double *p)
{
    (void)p;
    mpfr_t u, du;
    mpfr_inits2(GELU_TANH_PREC, u, du, (mpfr_ptr)0);
    mp_gelu_u(u, du, x);
    mpfr_tanh(u, u, MPFR_RNDN);
    mpfr_add_ui(u, u, 1, MPFR_RNDN);
    mpfr_mul(u, u, x, MPFR_RNDN);
    mpfr_div_2ui(y, u, 1, MPFR_RNDN);
    mpfr_clears(u, du, (mpfr_ptr)0);
}
/* d/dx [x/2 (1 + tanh u)] = (1 + tanh u)/2 + x/2 sech²u u′ */
static void mp_dgelu_tanh(mpfr_t y, const mpfr_t x, const double *p)
{
    (void)p;
    mpfr_t u, du, t, r;
    mpfr_inits2(GELU_TANH_PREC, u, du, t, r, (mpfr_ptr)0);
    mp_gelu_u(u, du, x);
    mpfr_sech(t, u, MPFR_RNDN);
    mpfr_sqr(t, t, MPFR_RNDN);
    mpfr_mul(t, t, du, MPFR_RNDN);
    mpfr_mul(t, t, x, MPFR_RNDN);
    mpfr_tanh(r, u, MPFR_RNDN);
    mpfr_add_ui(r, r, 1, MPFR_RNDN);
    mpfr_add(r, r, t, MPFR_RNDN);
    mpfr_div_2ui(y, r, 1, MPFR_RNDN);
    mpfr_clears(u, du, t, r, (mpfr_ptr)0);
}
static void mp_sigmoid(mpfr_t y, const mpfr_t x, const double *p)   /* 1/(1 + e^−x) */
{
    (void)p;
    mpfr_neg(y, x, MPFR_RNDN);
    mpfr_exp(y, y, MPFR_RNDN);
    mpfr_add_ui(y, y, 1, MPFR_RNDN);
    mpfr_ui_div(y, 1, y, MPFR_RNDN);
}
static void mp_dsigmoid(mpfr_t y, const mpfr_t x, const double *p)  /* e^−x/(1 + e^−x)² */
{
    (void)p;
    mpfr_t e;
    mpfr_init2(e, PREC);
    mpfr_neg(e, x, MPFR_RNDN);
    mpfr_exp(e, e, MPFR_RNDN);
    mpfr_add_ui(y, e, 1, MPFR_RNDN);
    mpfr_sqr(y, y, MPFR_RNDN);
    mpfr_div(y, e, y, MPFR_RNDN);
    mpfr_clear(e);
}
static void mp_silu(mpfr_t y, const mpfr_t x, const double *p)
{
    mp_sigmoid(y, x, p);
    mpfr_mul(y, y, x, MPFR_RNDN);
}
static void mp_dsilu(mpfr_t y, const mpfr_t x, const double *p)    /* σ + x σ′ */
{
    mpfr_t t;
    mpfr_init2(t, PREC);
    mp_dsigmoid(t, x, p);
    mpfr_mul(t, t, x, MPFR_RNDN);
    mp_sigmoid(y, x, p);
    mpfr_add(y, y, t, MPFR_RNDN);
    mpfr_clear(t);
}
static void mp_softplus(mpfr_t y, const mpfr_t x, const double *p)  /* ln(1 + eˣ) */
{
    (void)p;
    mpfr_exp(y, x, MPFR_RNDN);
    mpfr_log1p(y, y, MPFR_RNDN);
}

typedef struct {
    const char *spec;
    mp_fn *f, *df;
    int closed;
} ref_row;

static const ref_row REF[] = {
    { "selu", mp_selu, mp_dselu, 1 },
    { "selu:1.97126,1.06071", mp_selu, mp_dselu, 1 },   /* paper, Appendix A5: (0, 2) */
    { "elu", mp_elu, mp_delu, 1 },
    { "elu:0.5", mp_elu, mp_delu, 1 },
    { "relu", mp_relu, mp_drelu, 1 },
    { "leaky_relu", mp_leaky, mp_dleaky, 1 },
    { "leaky_relu:0.3", mp_leaky, mp_dleaky, 1 },
    { "tanh", mp_tanh, mp_dtanh, 0 },
    { "gelu", mp_gelu, mp_dgelu, 0 },
    { "gelu:tanh", mp_gelu_tanh, mp_dgelu_tanh, 0 },
    { "silu", mp_silu, mp_dsilu, 0 },
    { "softplus", mp_softplus, mp_sigmoid, 0 },
    { "sigmoid", mp_sigmoid, mp_dsigmoid, 0 },
    { "linear", mp_linear, mp_dlinear, 1 },
};
#define NREF (sizeof REF / sizeof REF[0])

static sn_act parse_ok(const char *spec)
{
    sn_act a;
    char err[256];
    if (sn_act_parse(&a, spec, err, sizeof err) != GSL_SUCCESS) fail_msg("%s: %s", spec, err);
    return a;
}

/* Every row of the library's table has a reference here: adding a row without one fails. */
static void test_every_row_has_a_reference(void **state)
{
    (void)state;
    assert_true(sn_act_count() >= 11);
    for (size_t i = 0; i < sn_act_count(); i++) {
        sn_act a;
        assert_int_equal(sn_act_at(&a, i), GSL_SUCCESS);
        const char *spec = sn_act_row_spec(&a);
        int found = 0;
        for (size_t k = 0; k < NREF; k++)
            if (strcmp(REF[k].spec, spec) == 0) {
                found = 1;
                assert_int_equal(sn_act_closed_form(&a), REF[k].closed);
            }
        if (!found) fail_msg("row %s has no reference in this test", spec);
        /* the canonical spec reads back to the same activation */
        char buf[128];
        sn_act_format(buf, sizeof buf, &a);
        sn_act b = parse_ok(buf);
        assert_ptr_equal(a.def, b.def);
        assert_memory_equal(a.p, b.p, sizeof(double) * sn_act_nparams(&a));
    }
    assert_int_equal(sn_act_at(NULL, 0), GSL_EINVAL);
    sn_act a;
    assert_int_equal(sn_act_at(&a, sn_act_count()), GSL_EINVAL);
}

static void test_f_and_derivative(void **state)
{
    (void)state;
    mpfr_t x, y;
    mpfr_inits2(PREC, x, y, (mpfr_ptr)0);
    double worst = 0;
    for (size_t k = 0; k < NREF; k++) {
        sn_act a = parse_ok(REF[k].spec);
        for (double xd = -8; xd <= 8; xd += 0.0625 * 1.37) {
            mpfr_set_d(x, xd, MPFR_RNDN);
            for (int d = 0; d < 2; d++) {
                (d ? REF[k].df : REF[k].f)(y, x, a.p);
                double want = mpfr_get_d(y, MPFR_RNDN);
                double got = d ? sn_act_df(&a, xd) : sn_act_f(&a, xd);
                double e = scaled_error(got, want, 1e-300);
                if (!(e <= F_TOL))
                    fail_msg("%s: f%s(%.17g) = %.17g, reference %.17g (rel err %.3g)",
                             REF[k].spec, d ? "'" : "", xd, got, want, e);
                worst = fmax(worst, e);
            }
        }
        /* at the kink the left derivative, as selu.h defines it */
        mpfr_set_zero(x, 1);
        REF[k].df(y, x, a.p);
        assert_true(sn_act_df(&a, 0.0) == mpfr_get_d(y, MPFR_RNDN));
    }
    printf("  f, f': max relative error %.2e over %zu rows\n", worst, NREF);
    mpfr_clears(x, y, (mpfr_ptr)0);
}

/* Each row's vectorized kernels (activation_kernels.c: libmvec under -ffast-math, the MLP's
 * and the fast map's) against the MPFR definitions: f and f′ in double within 1e−13 and in
 * float within 1e−5 (libmvec's ≤ 4 ulp, and the rounding of x/√2 etc., 64 ulp at |x| = 8).
 * Relative for f in double where |f| ≥ 1e−3 (absolute below); otherwise relative above 1
 * and absolute below: f′ of GELU and SiLU crosses 0, and tanh′ = 1 − tanh² (the MLP's
 * formula, as before) cancels in the tails, 2e−16 absolute in double, 3e−8 in float. */
#define KERNEL_TOL_D 1e-13
#define KERNEL_TOL_F 1e-5
static void test_kernels_vs_mpfr(void **state)
{
    (void)state;
    enum { NX = 187 };
    double xd[NX], yd[NX], dd[NX], y1[NX];
    float xf[NX], yf[NX], df[NX], y1f[NX];
    for (int i = 0; i < NX; i++) {
        xd[i] = -8 + 0.0625 * 1.37 * i;
        xf[i] = (float)xd[i];
    }
    mpfr_t x, y;
    mpfr_inits2(PREC, x, y, (mpfr_ptr)0);
    double worst_d = 0, worst_f = 0;
    for (size_t k = 0; k < NREF; k++) {
        sn_act a = parse_ok(REF[k].spec);
        const sn_act_kernels *kr = a.def->kernels;
        assert_non_null(kr);
        kr->fd_d(yd, dd, xd, NX, a.p);
        kr->f_d(y1, xd, NX, a.p);
        kr->fd_f(yf, df, xf, NX, a.p);
        kr->f_f(y1f, xf, NX, a.p);
        for (int i = 0; i < NX; i++)
            for (int d = 0; d < 2; d++) {
                mpfr_set_d(x, xd[i], MPFR_RNDN);
                (d ? REF[k].df : REF[k].f)(y, x, a.p);
                double want = mpfr_get_d(y, MPFR_RNDN);
                mpfr_set_d(x, (double)xf[i], MPFR_RNDN);
                (d ? REF[k].df : REF[k].f)(y, x, a.p);
                double want_f = mpfr_get_d(y, MPFR_RNDN);
                double e_d = scaled_error(d ? dd[i] : yd[i], want, d ? 1.0 : 1e-3);
                double e_f = scaled_error(d ? df[i] : yf[i], want_f, 1.0);
                if (!(e_d <= KERNEL_TOL_D) || !(e_f <= KERNEL_TOL_F))
                    fail_msg("%s: kernel f%s(%.9g) = %.17g (double), %.9g (float), reference "
                             "%.17g", REF[k].spec, d ? "'" : "", xd[i], d ? dd[i] : yd[i],
                             (double)(d ? df[i] : yf[i]), want);
                worst_d = fmax(worst_d, e_d);
                worst_f = fmax(worst_f, e_f);
            }
        for (int i = 0; i < NX; i++)   /* f alone is f of f with f′ */
            assert_true(y1[i] == yd[i] && y1f[i] == yf[i]);
    }
    printf("  kernels f, f': max error %.2e (double), %.2e (float) over %zu rows\n", worst_d,
           worst_f, NREF);
    mpfr_clears(x, y, (mpfr_ptr)0);
}

/* ---- the moments by MPFR tanh-sinh quadrature --------------------------------------------- */

typedef struct {
    mpfr_t mean, var, dsecond;   /* E f, Var f (as E(f − c)² − (E f − c)²), E f′² */
} mp_moments;

/* Σ over one level of tanh-sinh on [lo, hi] of w·φ(Z)·(f − c, (f − c)², f′²) at z = m + sZ;
 * step h, nodes t = kh for |t| ≤ 4 (weights beyond are below 2^−300). Adds into acc[3]. */
static void ts_level(mpfr_t acc[3], const ref_row *row, const double *p, const mpfr_t m,
                     const mpfr_t s, const mpfr_t c, double lo, double hi, double h, int odd)
{
    mpfr_t t, sh, ch, u, w, Z, z, phi, f, df, pi2;
    mpfr_inits2(PREC, t, sh, ch, u, w, Z, z, phi, f, df, pi2, (mpfr_ptr)0);
    mpfr_const_pi(pi2, MPFR_RNDN);
    mpfr_div_2ui(pi2, pi2, 1, MPFR_RNDN);
    double half = 0.5 * (hi - lo), mid = 0.5 * (hi + lo);
    mpfr_set_d(z, mid, MPFR_RNDN);
    mpfr_mul(z, z, s, MPFR_RNDN);
    mpfr_add(z, z, m, MPFR_RNDN);
    int side = mpfr_sgn(z);                             /* the piece's side of z = 0 */
    int kmax = (int)(4.0 / h);
    for (int k = -kmax; k <= kmax; k++) {
        if (odd && (k % 2 == 0)) continue;
        mpfr_set_d(t, k * h, MPFR_RNDN);
        mpfr_sinh_cosh(sh, ch, t, MPFR_RNDN);
        mpfr_mul(u, sh, pi2, MPFR_RNDN);                /* u = π/2 sinh t */
        mpfr_tanh(Z, u, MPFR_RNDN);                     /* node in (−1, 1) */
        mpfr_sech(w, u, MPFR_RNDN);
        mpfr_sqr(w, w, MPFR_RNDN);
        mpfr_mul(w, w, ch, MPFR_RNDN);
        mpfr_mul(w, w, pi2, MPFR_RNDN);                 /* π/2 cosh t / cosh² u */
        mpfr_mul_d(w, w, half * h, MPFR_RNDN);
        mpfr_mul_d(Z, Z, half, MPFR_RNDN);
        mpfr_add_d(Z, Z, mid, MPFR_RNDN);
        mp_phi(phi, Z);
        mpfr_mul(w, w, phi, MPFR_RNDN);
        mpfr_mul(z, Z, s, MPFR_RNDN);
        mpfr_add(z, z, m, MPFR_RNDN);
        /* the pieces end at the kink z = 0; a node next to it must not round across it */
        if (mpfr_sgn(z) != side && side != 0) mpfr_set_si_2exp(z, side, -1000, MPFR_RNDN);
        row->f(f, z, p);
        row->df(df, z, p);
        mpfr_sub(f, f, c, MPFR_RNDN);
        mpfr_mul(u, f, w, MPFR_RNDN);
        mpfr_add(acc[0], acc[0], u, MPFR_RNDN);
        mpfr_mul(u, u, f, MPFR_RNDN);
        mpfr_add(acc[1], acc[1], u, MPFR_RNDN);
        mpfr_sqr(df, df, MPFR_RNDN);
        mpfr_mul(df, df, w, MPFR_RNDN);
        mpfr_add(acc[2], acc[2], df, MPFR_RNDN);
    }
    mpfr_clears(t, sh, ch, u, w, Z, z, phi, f, df, pi2, (mpfr_ptr)0);
}

/* ∫ over [lo, hi], halving h until two levels agree to 1e−25 relatively. */
static void ts_piece(mpfr_t out[3], const ref_row *row, const double *p, const mpfr_t m,
                     const mpfr_t s, const mpfr_t c, double lo, double hi)
{
    mpfr_t acc[3], prev[3], d;
    for (int i = 0; i < 3; i++) {
        mpfr_inits2(PREC, acc[i], prev[i], (mpfr_ptr)0);
        mpfr_set_zero(acc[i], 1);
    }
    mpfr_init2(d, PREC);
    double h = 0.5;
    ts_level(acc, row, p, m, s, c, lo, hi, h, 0);
    for (int level = 0; level < 9; level++) {
        for (int i = 0; i < 3; i++) {
            mpfr_set(prev[i], acc[i], MPFR_RNDN);
            mpfr_div_2ui(acc[i], acc[i], 1, MPFR_RNDN);   /* the old sum at step h/2 */
        }
        h /= 2;
        ts_level(acc, row, p, m, s, c, lo, hi, h, 1);
        int converged = 1;
        for (int i = 0; i < 3; i++) {
            mpfr_sub(d, acc[i], prev[i], MPFR_RNDN);
            double diff = fabs(mpfr_get_d(d, MPFR_RNDN)), val = fabs(mpfr_get_d(acc[i], MPFR_RNDN));
            if (!(diff <= 1e-25 * val + 1e-30)) converged = 0;
        }
        if (converged && level >= 2) break;
        if (level == 8)
            fail_msg("%s: reference quadrature did not converge on [%g, %g]", row->spec, lo, hi);
    }
    for (int i = 0; i < 3; i++) {
        mpfr_add(out[i], out[i], acc[i], MPFR_RNDN);
        mpfr_clears(acc[i], prev[i], (mpfr_ptr)0);
    }
    mpfr_clear(d);
}

static void reference_moments(double out[4], const ref_row *row, const double *p, double md,
                              double sd)
{
    mpfr_t m, s, c, sum[3];
    mpfr_inits2(PREC, m, s, c, (mpfr_ptr)0);
    mpfr_set_d(m, md, MPFR_RNDN);
    mpfr_set_d(s, sd, MPFR_RNDN);
    row->f(c, m, p);                       /* centre at f(m), like the library: no matter */
    for (int i = 0; i < 3; i++) {
        mpfr_init2(sum[i], PREC);
        mpfr_set_zero(sum[i], 1);
    }
    /* |Z| ≤ TRUNC_Z and |Z − a| ≤ TRUNC_Z, a = −m/s the kink or feature (for ReLU the mass
     * beyond it is all there is), in pieces between the sorted break points −12, 0, 12, a − 12,
     * a, a + 12: each piece smooth, and the Gaussian never a small bump inside a long one */
    double a = -md / sd, pts[6] = { -TRUNC_Z, 0, TRUNC_Z, a - TRUNC_Z, a, a + TRUNC_Z };
    for (int i = 1; i < 6; i++)
        for (int j = i; j > 0 && pts[j - 1] > pts[j]; j--) {
            double t = pts[j]; pts[j] = pts[j - 1]; pts[j - 1] = t;
        }
    for (int i = 0; i + 1 < 6; i++)
        if (pts[i + 1] > pts[i]) ts_piece(sum, row, p, m, s, c, pts[i], pts[i + 1]);
    /* mean = c + A, var = B − A², second = var + mean² */
    mpfr_t mean, var, t;
    mpfr_inits2(PREC, mean, var, t, (mpfr_ptr)0);
    mpfr_add(mean, c, sum[0], MPFR_RNDN);
    mpfr_sqr(t, sum[0], MPFR_RNDN);
    mpfr_sub(var, sum[1], t, MPFR_RNDN);
    mpfr_sqr(t, mean, MPFR_RNDN);
    mpfr_add(t, t, var, MPFR_RNDN);
    out[0] = mpfr_get_d(mean, MPFR_RNDN);
    out[1] = mpfr_get_d(var, MPFR_RNDN);
    out[2] = mpfr_get_d(t, MPFR_RNDN);
    out[3] = mpfr_get_d(sum[2], MPFR_RNDN);
    mpfr_clears(mean, var, t, m, s, c, sum[0], sum[1], sum[2], (mpfr_ptr)0);
}

static const double GRID_M[] = { -9.0, -4.0, -0.6, 0.0, 0.35, 2.5 };   /* -9: Var f from the far tail */
static const double GRID_S[] = { 1e-3, 0.2, 1.0, 2.7, 15.0 };

static void test_moments_vs_mpfr(void **state)
{
    (void)state;
    for (size_t k = 0; k < NREF; k++) {
        sn_act a = parse_ok(REF[k].spec);
        double worst = 0, worst_ratio = 0;
        for (size_t i = 0; i < sizeof GRID_M / sizeof *GRID_M; i++)
            for (size_t j = 0; j < sizeof GRID_S / sizeof *GRID_S; j++) {
                double m = GRID_M[i], s = GRID_S[j], ref[4];
                reference_moments(ref, &REF[k], a.p, m, s);
                sn_act_moments mo;
                assert_int_equal(sn_act_moments_eval(&mo, &a, m, s * s), GSL_SUCCESS);
                sn_moments g;
                sn_point x = { m, 1.0, s * s, 1.0 };
                assert_int_equal(sn_map_act(&g, x, &a), GSL_SUCCESS);
                /* the variance also within the rounding of f − E f at the nodes, 8ε|E f|√Var:
                 * for tanh at m = −4, s = 1e−3 the values agree to 6 digits */
                double var_floor = 8 * DBL_EPSILON * fabs(ref[0]) * sqrt(ref[1]) / VAR_TOL;
                double e[4] = { scaled_error(mo.mean, ref[0], 1.0),
                                scaled_error(g.nu_new, ref[1], fmax(1e-300, var_floor)),
                                scaled_error(mo.second, ref[2], 1e-300),
                                scaled_error(mo.dsecond, ref[3], 1e-300) };
                double tol[4] = { MEAN_TOL, VAR_TOL, VAR_TOL, VAR_TOL };
                for (int q = 0; q < 4; q++) {
                    if (!(e[q] <= tol[q]))
                        fail_msg("%s at m=%g s=%g: moment %d = %.17g, reference %.17g (err %.3g)",
                                 REF[k].spec, m, s, q, q == 0 ? mo.mean : q == 1 ? g.nu_new
                                 : q == 2 ? mo.second : mo.dsecond, ref[q], e[q]);
                    worst = fmax(worst, e[q]);
                }
                assert_true(g.mu_new == mo.mean);
                /* the error estimates bound the observed errors */
                double abs_err[3] = { fabs(mo.mean - ref[0]), fabs(mo.second - ref[2]),
                                      fabs(mo.dsecond - ref[3]) };
                double val[3] = { ref[0], ref[2], ref[3] };
                for (int q = 0; q < 3; q++) {
                    double slack = 4 * DBL_EPSILON * fabs(val[q]);
                    if (!(abs_err[q] <= mo.err + slack))
                        fail_msg("%s at m=%g s=%g: error %.3g of moment %d beyond the estimate %.3g",
                                 REF[k].spec, m, s, abs_err[q], q, mo.err);
                    worst_ratio = fmax(worst_ratio, abs_err[q] / (mo.err + slack));
                }
                double nu_abs = fabs(g.nu_new - ref[1]);
                if (!(nu_abs <= g.nu_err + 4 * DBL_EPSILON * ref[1]))
                    fail_msg("%s at m=%g s=%g: nu error %.3g beyond nu_err %.3g", REF[k].spec,
                             m, s, nu_abs, g.nu_err);
            }
        printf("  %-22s %s: max error %.2e (mean abs/max(1,|mean|), others relative); "
               "observed/estimate <= %.2g\n", REF[k].spec, REF[k].closed ? "closed" : "quad  ",
               worst, worst_ratio);
    }
}

/* Jacobian against central differences of the MPFR reference in (m, s²). */
static void test_jacobian_vs_mpfr(void **state)
{
    (void)state;
    const double pts[][4] = { { 0.3, 1.2, 0.9, 1.1 }, { -0.4, -0.8, 2.0, 0.7 },
                              { 1.0, 0.0, 0.5, 1.0 } };
    for (size_t k = 0; k < NREF; k++) {
        sn_act a = parse_ok(REF[k].spec);
        double worst = 0;
        for (size_t i = 0; i < sizeof pts / sizeof *pts; i++) {
            sn_point x = { pts[i][0], pts[i][1], pts[i][2], pts[i][3] };
            double m = x.mu * x.omega, s2 = x.nu * x.tau, hm = 1e-4, hs = 1e-4;
            /* fourth-order central differences: truncation (1e−4)⁴ ~ 1e−16 */
            double d[2][2];
            for (int v = 0; v < 2; v++) {
                double r[4][4];
                const double off[4] = { -2, -1, 1, 2 };
                for (int o = 0; o < 4; o++) {
                    double mm = m + (v == 0 ? off[o] * hm : 0), ss = s2 + (v == 1 ? off[o] * hs : 0);
                    reference_moments(r[o], &REF[k], a.p, mm, sqrt(ss));
                }
                double hv = v == 0 ? hm : hs;
                for (int q = 0; q < 2; q++)
                    d[q][v] = (r[0][q] - 8 * r[1][q] + 8 * r[2][q] - r[3][q]) / (12 * hv);
            }
            double want[2][2] = { { x.omega * d[0][0], x.tau * d[0][1] },
                                  { x.omega * d[1][0], x.tau * d[1][1] } };
            sn_jacobian j;
            assert_int_equal(sn_map_jacobian_act(&j, x, &a), GSL_SUCCESS);
            double tol = REF[k].closed ? JAC_TOL_CLOSED : JAC_TOL_QUAD;
            for (int q = 0; q < 4; q++) {
                double e = scaled_error(j.h[q / 2][q % 2], want[q / 2][q % 2], 1.0);
                if (!(e <= tol))
                    fail_msg("%s: H[%d] = %.17g, reference %.17g (err %.3g)", REF[k].spec, q,
                             j.h[q / 2][q % 2], want[q / 2][q % 2], e);
                worst = fmax(worst, e);
            }
        }
        printf("  %-22s jacobian max error %.2e\n", REF[k].spec, worst);
    }
}

/* SELU rows give exactly what moments.h and fixedpoint.h give. */
static void test_selu_agrees_with_sn_map(void **state)
{
    (void)state;
    gsl_rng *r = test_rng(14);
    static const sample_box BOX = { -5, 5, 1e-3, 1e2, 1, 0.5, 2.5, 0.8, 1.3 };
    for (int n = 0; n < 500; n++) {
        sn_point x;
        sn_selu p;
        sample_point(r, &BOX, &x, &p);
        sn_act a = sn_act_selu(p.alpha, p.lambda);
        sn_moments g1, g2;
        assert_int_equal(sn_map_act(&g1, x, &a), sn_map(&g2, x, p));
        assert_true(g1.mu_new == g2.mu_new && g1.nu_new == g2.nu_new);
        assert_true(g1.mu_err == g2.mu_err && g1.nu_err == g2.nu_err);
        sn_jacobian j1, j2;
        assert_int_equal(sn_map_jacobian_act(&j1, x, &a), sn_map_jacobian(&j2, x, p));
        for (int q = 0; q < 4; q++) assert_true(j1.h[q / 2][q % 2] == j2.h[q / 2][q % 2]);
        assert_true(j1.spectral_norm == j2.spectral_norm);
        /* the moments of the SELU row: E f = μ̃, E f² = ν̃ + μ̃² */
        sn_act_moments mo;
        assert_int_equal(sn_act_moments_eval(&mo, &a, x.mu * x.omega, x.nu * x.tau), GSL_SUCCESS);
        assert_true(mo.mean == g2.mu_new);
        assert_true(scaled_error(mo.second, g2.nu_new + g2.mu_new * g2.mu_new, 1e-300) < 1e-15);
    }
    gsl_rng_free(r);
    sn_act a = parse_ok("selu");
    sn_fixed_point f1, f2;
    assert_int_equal(sn_fixed_point_solve_act(&f1, 0.0, 1.0, &a, 0.1, 1.3), GSL_SUCCESS);
    assert_int_equal(sn_fixed_point_solve(&f2, 0.0, 1.0, sn_selu_default(), 0.1, 1.3), GSL_SUCCESS);
    /* field by field (the struct has padding) */
    assert_true(f1.mu == f2.mu && f1.nu == f2.nu && f1.spectral_norm == f2.spectral_norm);
    assert_true(f1.stability.spectral_radius == f2.stability.spectral_radius);
    assert_int_equal(f1.solver_iterations, f2.solver_iterations);
    /* the paper's Jacobian at (0, 1): [[0, 0.088834], [0, 0.782648]] (arXiv:1706.02515v5) */
    assert_true(fabs(f1.stability.spectral_radius - 0.782648) < 5e-7);
    /* ELU is SELU with λ = 1: the closed forms agree with sn_map for (α, 1) */
    sn_act elu = parse_ok("elu:1.3");
    sn_point x = { 0.2, 1.1, 1.4, 0.9 };
    sn_moments ge, gs;
    assert_int_equal(sn_map_act(&ge, x, &elu), GSL_SUCCESS);
    assert_int_equal(sn_map(&gs, x, (sn_selu){ 1.3, 1.0 }), GSL_SUCCESS);
    assert_true(ge.mu_new == gs.mu_new && ge.nu_new == gs.nu_new);
}

/* Far from the kink (|μω|/√(ντ) ≥ 40, where φ underflows): the piecewise rows are linear on
 * all of the mass that a double can see, so g is that piece's moments, E f = c·m + d and
 * Var f = c²s², exactly (the neglected tail is below φ(40)/40 = 4e−350 relative). Issue 14:
 * φ of such a standardized mean was ∞·0 = NaN, and relu printed (0, 0), SELU an overflow. */
static void test_far_from_kink(void **state)
{
    (void)state;
    static const sn_point X[] = { { 1e155, 1, 1, 1 }, { 1000, 1, 1e-300, 1e-7 },
                                  { -1e155, 1, 1, 1 }, { -1000, 1, 1e-300, 1e-7 },
                                  { 1e100, 1, 1e-100, 1 }, { -4e3, 0.5, 1e-2, 1 } };
    static const struct { const char *spec; double pos, neg, neg_const; } ROWS[] = {
        { "relu", 1, 0, 0 }, { "leaky_relu:0.25", 1, 0.25, 0 }, { "linear", 1, 1, 0 },
        { "elu:1.5", 1, 0, -1.5 }, { "selu", SN_LAMBDA01, 0, -SN_LAMBDA01 * SN_ALPHA01 },
    };
    for (size_t r = 0; r < sizeof ROWS / sizeof ROWS[0]; r++) {
        sn_act a = parse_ok(ROWS[r].spec);
        for (size_t i = 0; i < sizeof X / sizeof X[0]; i++) {
            double m = X[i].mu * X[i].omega, s2 = X[i].nu * X[i].tau;
            double c = m > 0 ? ROWS[r].pos : ROWS[r].neg, d = m > 0 ? 0 : ROWS[r].neg_const;
            double mean = c * m + d, var = c * c * s2;
            sn_moments g;
            assert_int_equal(sn_map_act(&g, X[i], &a), GSL_SUCCESS);
            print_message("%s at (%g, %g): (%.17g, %.17g), expected (%.17g, %.17g)\n",
                          ROWS[r].spec, m, s2, g.mu_new, g.nu_new, mean, var);
            assert_true(fabs(g.mu_new - mean) <= MEAN_TOL * fmax(1.0, fabs(mean)));
            assert_true(fabs(g.nu_new - var) <= VAR_TOL * var);
            assert_true(fabs(g.mu_new - mean) <= g.mu_err + 4 * DBL_EPSILON * fabs(mean));
        }
    }
}

/* Far from the feature the quadrature rows take a closed form (activation.c, "far from the
 * feature"). Where the nodes m + sZ still resolve sZ (|m|/s ≪ 1/ε) the quadrature is an
 * independent reference: the two agree within the tolerances of test_moments_vs_mpfr, and
 * within each other's error estimates. Where f is near a constant (tanh, sigmoid on the right)
 * f − c rounds away, so those sides are checked by the identities σ(z) = 1 − σ(−z) and
 * tanh z = 2σ(2z) − 1 against the quadrature of σ on the left. Issue 14: GELU at m = 1e17,
 * s = 1 printed Var f = 3.2e−13 (quadrature nodes 1e17 + Z round to multiples of 16). */
static void test_far_from_feature(void **state)
{
    (void)state;
    static const struct { const char *spec; double m, s; } PTS[] = {
        { "gelu", 30, 1 }, { "gelu", -45, 0.4 }, { "gelu:tanh", 25, 1.5 }, { "gelu:tanh", -30, 0.5 },
        { "silu", 60, 1 }, { "softplus", 50, 0.5 }, { "softplus", -50, 0.8 }, { "softplus", -60, 2 },
        { "sigmoid", -50, 0.5 }, { "sigmoid", -70, 2.5 },
    };
    for (size_t i = 0; i < sizeof PTS / sizeof PTS[0]; i++) {
        sn_act a = parse_ok(PTS[i].spec);
        sn_moments g;
        sn_point x = { PTS[i].m, 1, PTS[i].s * PTS[i].s, 1 };
        assert_int_equal(sn_map_act(&g, x, &a), GSL_SUCCESS);
        sn_act_stats q;
        assert_int_equal(sn_act_quad_stats(&q, a.def->eval, a.p, PTS[i].m, PTS[i].s), GSL_SUCCESS);
        print_message("%s at m=%g s=%g: far (%.17g, %.17g), quadrature (%.17g, %.17g)\n",
                      PTS[i].spec, PTS[i].m, PTS[i].s, g.mu_new, g.nu_new, q.mean, q.var);
        assert_true(fabs(g.mu_new - q.mean) <= MEAN_TOL * fmax(1.0, fabs(q.mean)));
        /* (and 1e−300: the quadrature's f is not accurate for subnormal values) */
        assert_true(fabs(g.mu_new - q.mean) <= g.mu_err + q.mean_err + 1e-300);
        assert_true(scaled_error(g.nu_new, q.var, 1e-300) <= VAR_TOL);
        assert_true(fabs(g.nu_new - q.var) <= g.nu_err + q.var_err);
    }
    /* the right sides of sigmoid and tanh by symmetry from sigmoid's left side */
    sn_act sig = parse_ok("sigmoid"), th = parse_ok("tanh");
    static const double MS[][2] = { { 50, 0.5 }, { 80, 2.5 }, { 40, 0.1 } };
    for (size_t i = 0; i < sizeof MS / sizeof MS[0]; i++) {
        double m = MS[i][0], s = MS[i][1];
        sn_act_stats q, q2;
        assert_int_equal(sn_act_quad_stats(&q, sig.def->eval, sig.p, -m, s), GSL_SUCCESS);
        assert_int_equal(sn_act_quad_stats(&q2, sig.def->eval, sig.p, -2 * m, 2 * s), GSL_SUCCESS);
        sn_moments gs, gt;
        assert_int_equal(sn_map_act(&gs, (sn_point){ m, 1, s * s, 1 }, &sig), GSL_SUCCESS);
        assert_int_equal(sn_map_act(&gt, (sn_point){ -m, 1, s * s, 1 }, &th), GSL_SUCCESS);
        print_message("sigmoid at m=%g s=%g: Var %.17g, by symmetry %.17g; tanh at m=%g: %.17g, "
                      "%.17g\n", m, s, gs.nu_new, q.var, -m, gt.nu_new, 4 * q2.var);
        assert_true(fabs(gs.mu_new - (1 - q.mean)) <= MEAN_TOL);
        assert_true(scaled_error(gs.nu_new, q.var, 1e-300) <= VAR_TOL);
        assert_true(fabs(gt.mu_new - (2 * q2.mean - 1)) <= MEAN_TOL);
        assert_true(scaled_error(gt.nu_new, 4 * q2.var, 1e-300) <= VAR_TOL);
    }
    /* the point, and its mirror: GELU is z and 0 there to far below an ulp */
    sn_act gelu = parse_ok("gelu");
    sn_moments g;
    assert_int_equal(sn_map_act(&g, (sn_point){ 1e17, 1, 1, 1 }, &gelu), GSL_SUCCESS);
    assert_true(g.mu_new == 1e17 && fabs(g.nu_new - 1) <= VAR_TOL);
    assert_int_equal(sn_map_act(&g, (sn_point){ -1e17, 1, 1, 1 }, &gelu), GSL_SUCCESS);
    assert_true(g.mu_new == 0 && g.nu_new == 0);
    /* the vectorized array map takes the same far form */
    sn_point xs[2] = { { 1e17, 1, 1, 1 }, { 30, 1, 1, 1 } };
    double mu[2], nu[2];
    size_t bad;
    assert_int_equal(sn_map_array_act(mu, nu, xs, 2, &gelu, &bad), GSL_SUCCESS);
    assert_true(mu[0] == 1e17 && fabs(nu[0] - 1) <= VAR_TOL && fabs(nu[1] - 1) <= VAR_TOL);
}

/* A quadrature result whose error estimate is not small against it is refused (GSL_ETOL),
 * with the estimate in g: tanh at m = 5, s = 1e−15, where f − c at the nodes is rounding. */
static void test_accuracy_refused(void **state)
{
    (void)state;
    sn_act a = parse_ok("tanh");
    sn_moments g;
    assert_int_equal(sn_map_act(&g, (sn_point){ 5, 1, 1e-30, 1 }, &a), GSL_ETOL);
    assert_true(g.nu_err > SN_ACT_MAP_ACCURACY * g.nu_new);
    assert_int_equal(sn_act_map_accurate(&g), GSL_ETOL);
}

/* A fixed point of a quadrature row: g(μ*, ν*) = (μ*, ν*) to the solver's tolerance, and the
 * generic iteration reaches it. */
static void test_fixed_point_quadrature_row(void **state)
{
    (void)state;
    sn_act a = parse_ok("tanh");
    sn_fixed_point fp;
    assert_int_equal(sn_fixed_point_solve_act(&fp, 0.5, 2.0, &a, 0.1, 1.0), GSL_SUCCESS);
    sn_moments g;
    assert_int_equal(sn_map_act(&g, (sn_point){ fp.mu, 0.5, fp.nu, 2.0 }, &a), GSL_SUCCESS);
    assert_true(fabs(g.mu_new - fp.mu) < 1e-12 && fabs(g.nu_new - fp.nu) < 1e-12 * fp.nu);
    assert_int_equal(fp.stability.attracting, SN_VERDICT_YES);
    double mu[400], nu[400];
    int st;
    size_t n = sn_fixed_point_iterate_act(mu, nu, 400, 0.5, 2.0, &a, 0.3, 0.5, fp.mu, fp.nu,
                                          1e-10, &st);
    assert_int_equal(st, GSL_SUCCESS);
    assert_true(n < 400);
}

static void test_bad_input(void **state)
{
    (void)state;
    static const char *const bad[] = { "gelo", "", "selu:1", "selu:1,2,3", "leaky_relu:2",
                                       "leaky_relu:-0.1", "relu:1", "gelu:", "gelu:exact",
                                       "elu:-1", "elu:nan", "elu:inf", "leaky_relu:abc",
                                       "selu:1,", "selu:,1", "selu:0,1", "selu:1e400,1",
                                       ":", "tanh:tanh", "elu:0x1p0", "elu: 1", "elu:1 ",
                                       "leaky_relu:1e-400", "elu:1e999", "elu:infinity" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        sn_act a;
        char err[256] = "";
        assert_int_equal(sn_act_parse(&a, bad[i], err, sizeof err), GSL_EINVAL);
        assert_true(strlen(err) > 0);
    }
    sn_act a;
    char err[256];
    sn_act_parse(&a, "gelo", err, sizeof err);
    assert_non_null(strstr(err, "did you mean 'gelu'"));
    sn_act_parse(&a, "leaky_rel:0.1", err, sizeof err);
    assert_non_null(strstr(err, "did you mean 'leaky_relu'"));
    assert_int_equal(sn_act_parse(&a, "tanh", NULL, 0), GSL_SUCCESS);
    sn_act_moments mo;
    assert_int_equal(sn_act_moments_eval(&mo, &a, 0.0, 0.0), GSL_EDOM);
    assert_int_equal(sn_act_moments_eval(&mo, &a, 0.0, -1.0), GSL_EDOM);
    assert_int_equal(sn_act_moments_eval(&mo, &a, NAN, 1.0), GSL_EDOM);
    assert_int_equal(sn_act_moments_eval(&mo, &a, 0.0, INFINITY), GSL_EDOM);
    assert_int_equal(sn_act_moments_eval(&mo, &a, 0.0, 1e-320), GSL_ERANGE);
    assert_int_equal(sn_act_moments_eval(&mo, NULL, 0.0, 1.0), GSL_EINVAL);
    sn_moments g;
    assert_int_equal(sn_map_act(&g, (sn_point){ 0, 1, -1, 1 }, &a), GSL_EDOM);
    assert_int_equal(sn_map_act(&g, (sn_point){ 0, 1, 1, 0 }, &a), GSL_EDOM);
    sn_act out_of_range = parse_ok("leaky_relu");
    out_of_range.p[0] = 3;
    assert_int_equal(sn_map_act(&g, (sn_point){ 0, 1, 1, 1 }, &out_of_range), GSL_EDOM);
    sn_act selu_bad = sn_act_selu(-1, 1);
    assert_int_equal(sn_map_act(&g, (sn_point){ 0, 1, 1, 1 }, &selu_bad), GSL_EDOM);
    sn_fixed_point fp;
    assert_int_equal(sn_fixed_point_solve_act(&fp, 0, 1, &a, 0, -1), GSL_EDOM);
    /* wide inputs: finite results or an error status, never NaN with success */
    const double ms[] = { -1e6, -30, 0, 30, 1e6 }, ss[] = { 1e-150, 1e-8, 1, 1e3, 1e8 };
    for (size_t k = 0; k < sn_act_count(); k++) {
        sn_act_at(&a, k);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++) {
                int st = sn_act_moments_eval(&mo, &a, ms[i], ss[j] * ss[j]);
                if (st == GSL_SUCCESS)
                    assert_true(isfinite(mo.mean) && isfinite(mo.second) && mo.second >= 0
                                && isfinite(mo.dsecond) && isfinite(mo.err));
            }
    }
}

/* The vectorized map of the quadrature rows (sn_map_array_act through sn_act_quad_map)
 * against the same MPFR reference, on the grid and on points of Theorem 1's domain (where
 * `bench map` measures it): the same tolerances, and the error estimates bound the errors. */
static void test_fast_map_vs_mpfr(void **state)
{
    (void)state;
    static const double EXTRA[][2] = { { 0.01, 1.0 }, { -0.0099, 0.8718 }, { 0.0083, 1.2247 },
                                       { -9.0, 0.5 }, { 1e-4, 1e-8 } };
    size_t ngrid = sizeof GRID_M / sizeof *GRID_M * (sizeof GRID_S / sizeof *GRID_S);
    size_t npts = ngrid + sizeof EXTRA / sizeof *EXTRA, tested = 0;
    for (size_t k = 0; k < NREF; k++) {
        if (REF[k].closed) continue;
        sn_act a = parse_ok(REF[k].spec);
        assert_non_null(a.def->kernels);
        double worst = 0;
        for (size_t t = 0; t < npts; t++) {
            size_t nm = sizeof GRID_M / sizeof *GRID_M;
            double m = t < ngrid ? GRID_M[t % nm] : EXTRA[t - ngrid][0];
            double s = t < ngrid ? GRID_S[t / nm] : EXTRA[t - ngrid][1], ref[4];
            reference_moments(ref, &REF[k], a.p, m, s);
            double mean, var, mean_err, var_err, mu_new, nu_new;
            assert_int_equal(sn_act_quad_map(&mean, &var, &mean_err, &var_err, a.def->kernels,
                                             a.p, m, s), GSL_SUCCESS);
            sn_point x = { m, 1.0, s * s, 1.0 };
            assert_int_equal(sn_map_array_act(&mu_new, &nu_new, &x, 1, &a, NULL), GSL_SUCCESS);
            /* the array takes the vectorized rule's result when its estimate accepts it
             * (sn_act_map_accurate), else sn_map_act's (the far forms, or a refusal) */
            sn_moments fast = { mean, var, mean_err, var_err };
            if (sn_act_map_accurate(&fast) == GSL_SUCCESS)
                assert_true(mu_new == mean && nu_new == var);
            else
                printf("  %-22s m=%g s=%g: estimate (%.2g, %.2g) refused, array used sn_map_act\n",
                       REF[k].spec, m, s, mean_err, var_err);
            double var_floor = 8 * DBL_EPSILON * fabs(ref[0]) * sqrt(ref[1]) / VAR_TOL;
            double e_mean = scaled_error(mean, ref[0], 1.0);
            double e_var = scaled_error(var, ref[1], fmax(1e-300, var_floor));
            if (!(e_mean <= MEAN_TOL) || !(e_var <= VAR_TOL))
                fail_msg("%s at m=%g s=%g: fast map (%.17g, %.17g), reference (%.17g, %.17g)",
                         REF[k].spec, m, s, mean, var, ref[0], ref[1]);
            if (!(fabs(mean - ref[0]) <= mean_err + 4 * DBL_EPSILON * fabs(ref[0]))
                || !(fabs(var - ref[1]) <= var_err + 4 * DBL_EPSILON * ref[1]))
                fail_msg("%s at m=%g s=%g: fast map errors (%.3g, %.3g) beyond the estimates "
                         "(%.3g, %.3g)", REF[k].spec, m, s, fabs(mean - ref[0]),
                         fabs(var - ref[1]), mean_err, var_err);
            worst = fmax(worst, fmax(e_mean, e_var));
            tested++;
        }
        printf("  %-22s fast map max error %.2e\n", REF[k].spec, worst);
    }
    assert_true(tested >= 6 * npts);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_row_has_a_reference),
        cmocka_unit_test(test_f_and_derivative),
        cmocka_unit_test(test_kernels_vs_mpfr),
        cmocka_unit_test(test_selu_agrees_with_sn_map),
        cmocka_unit_test(test_fixed_point_quadrature_row),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_far_from_kink),
        cmocka_unit_test(test_far_from_feature),
        cmocka_unit_test(test_accuracy_refused),
        cmocka_unit_test(test_moments_vs_mpfr),
        cmocka_unit_test(test_jacobian_vs_mpfr),
        cmocka_unit_test(test_fast_map_vs_mpfr),
    };
    return cmocka_run_group_tests_name("activation", tests, NULL, NULL);
}
