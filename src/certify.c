/* certify.c - rigorous enclosures of extremes over boxes by branch-and-bound in Arb balls
 * (method in certify.h and analysis/RIGOROUS.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "arb_hypgeom_compat.h"
#include <gsl/gsl_errno.h>
#include "selfnorm/certify.h"
#include "arb_terms.h"
#include "selfnorm/certificate.h"
#include "selfnorm/constants.h"
#include "selfnorm/decimal.h"
#include <flint/fmpq_vec.h>

/* ---- g and its first derivatives on balls (the textbook formulas of precise.c) ---------- */

typedef struct {
    arb_t mu_new, nu_new, dmu_dm, dmu_ds, dnu_dm, dnu_ds;
    /* second derivatives in (m, S), with `second` set */
    arb_t mu_mm, mu_ms, mu_ss, nu_mm, nu_ms, nu_ss;
} jet;

#define JET_FIELDS(j) { j->mu_new, j->nu_new, j->dmu_dm, j->dmu_ds, j->dnu_dm, j->dnu_ds, \
                        j->mu_mm, j->mu_ms, j->mu_ss, j->nu_mm, j->nu_ms, j->nu_ss }

static void jet_init(jet *j)
{
    arb_ptr f[] = JET_FIELDS(j);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) arb_init(f[i]);
}

static void jet_clear(jet *j)
{
    arb_ptr f[] = JET_FIELDS(j);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) arb_clear(f[i]);
}

/* Second derivatives by the same calculus carried two orders further: ∂ₘ E h = E h′ and
 * ∂_S = ½∂ₘ², with the distributional derivatives of f and f² at the kink, where
 * E δ(z) = p₀ = φ(t)/s, E δ′(z) = −(m/S)p₀, E δ″(z) = (m²/S² − 1/S)p₀ (p the density of z):
 *   E f″   = αA₁ + (1 − α)p₀
 *   E f‴   = αA₁ − αp₀ − (1 − α)(m/S)p₀
 *   E f⁗   = αA₁ − αp₀ + α(m/S)p₀ + (1 − α)(m²/S² − 1/S)p₀
 *   E (f²)″ = 2Φ(t) + α²(4A₂ − 2A₁)
 *   E (f²)‴ = α²(8A₂ − 2A₁) + (2 − 2α²)p₀
 *   E (f²)⁗ = α²(16A₂ − 2A₁) − 6α²p₀ − (2 − 2α²)(m/S)p₀
 * so μ̃ₘₘ = λE f″, μ̃ₘ_S = ½λE f‴, μ̃_SS = ¼λE f⁗, likewise E[f²], and for ν̃ = λ²E f² − μ̃²:
 *   ν̃ₐᵦ = λ² (E f²)ₐᵦ − 2(μ̃ₐμ̃ᵦ + μ̃ μ̃ₐᵦ). */
static void jet_second(jet *J, const arb_t m, const arb_t S, const arb_t cdf, const arb_t p0,
                       const arb_t a1, const arb_t a2, const arb_t al, const arb_t la,
                       slong prec)
{
    arb_t r, r2, u, v, w, al2, e[3], q[3];
    arb_init(r); arb_init(r2); arb_init(u); arb_init(v); arb_init(w); arb_init(al2);
    for (int i = 0; i < 3; i++) { arb_init(e[i]); arb_init(q[i]); }
    arb_sqr(al2, al, prec);
    arb_div(r, m, S, prec);                          /* m/S */
    arb_sqr(r2, r, prec);
    arb_inv(u, S, prec);
    arb_sub(r2, r2, u, prec);                        /* m²/S² − 1/S */
    arb_mul(v, al, a1, prec);                        /* αA₁ */
    arb_sub_ui(w, al, 1, prec);
    arb_neg(w, w);                                   /* 1 − α */
    /* e[0] = E f″, e[1] = E f‴, e[2] = E f⁗ */
    arb_mul(e[0], w, p0, prec);
    arb_add(e[0], e[0], v, prec);
    arb_mul(u, al, p0, prec);                        /* αp₀ */
    arb_sub(e[1], v, u, prec);
    arb_mul(q[0], w, r, prec);
    arb_submul(e[1], q[0], p0, prec);
    arb_sub(e[2], v, u, prec);
    arb_mul(q[0], al, r, prec);
    arb_addmul(e[2], q[0], p0, prec);
    arb_mul(q[0], w, r2, prec);
    arb_addmul(e[2], q[0], p0, prec);
    /* q[0] = E(f²)″, q[1] = E(f²)‴, q[2] = E(f²)⁗ */
    for (int k = 0; k < 3; k++) {
        arb_mul_ui(u, a2, 4u << k, prec);            /* 4A₂, 8A₂, 16A₂ */
        arb_mul_2exp_si(v, a1, 1);
        arb_sub(u, u, v, prec);
        arb_mul(q[k], u, al2, prec);
    }
    arb_mul_2exp_si(u, cdf, 1);
    arb_add(q[0], q[0], u, prec);
    arb_mul_2exp_si(u, al2, 1);
    arb_sub_ui(u, u, 2, prec);
    arb_neg(u, u);                                   /* 2 − 2α² */
    arb_addmul(q[1], u, p0, prec);
    arb_mul(v, u, r, prec);
    arb_submul(q[2], v, p0, prec);
    arb_mul_ui(v, al2, 6, prec);
    arb_submul(q[2], v, p0, prec);
    /* μ̃ₐᵦ = λ c E f^(k), c = 1, 1/2, 1/4 */
    arb_ptr mu2[3] = { J->mu_mm, J->mu_ms, J->mu_ss }, nu2[3] = { J->nu_mm, J->nu_ms, J->nu_ss };
    arb_srcptr da[3] = { J->dmu_dm, J->dmu_dm, J->dmu_ds }, db[3] = { J->dmu_dm, J->dmu_ds, J->dmu_ds };
    for (int k = 0; k < 3; k++) {
        arb_mul(mu2[k], e[k], la, prec);
        arb_mul_2exp_si(mu2[k], mu2[k], -k);
        arb_sqr(u, la, prec);
        arb_mul(u, u, q[k], prec);
        arb_mul_2exp_si(u, u, -k);                   /* λ²(E f²)ₐᵦ */
        arb_mul(v, da[k], db[k], prec);
        arb_addmul(v, J->mu_new, mu2[k], prec);
        arb_mul_2exp_si(v, v, 1);
        arb_sub(nu2[k], u, v, prec);
    }
    arb_clear(r); arb_clear(r2); arb_clear(u); arb_clear(v); arb_clear(w); arb_clear(al2);
    for (int i = 0; i < 3; i++) { arb_clear(e[i]); arb_clear(q[i]); }
}

/* With m = μω, S = ντ, s = √S, t = m/s, A_k = e^{km + k²S/2} Φ(−t − ks):
 *   μ̃ = λ(mΦ(t) + sφ(t) + α(A₁ − Φ(−t))),  ν̃ = λ²((m² + S)Φ(t) + msφ(t) + α²(A₂ − 2A₁ + Φ(−t))) − μ̃²
 *   ∂μ̃/∂m = λ(Φ(t) + αA₁),  ∂μ̃/∂S = λ/2 (αA₁ + (1 − α)φ(t)/s)
 *   ∂ν̃/∂m = 2λ²(mΦ(t) + sφ(t) + α²(A₂ − A₁)) − 2μ̃ ∂μ̃/∂m
 *   ∂ν̃/∂S = λ²(Φ(t) + α²(2A₂ − A₁)) − 2μ̃ ∂μ̃/∂S                          (precise.c) */
static void jet_eval(jet *J, arb_srcptr x, const arb_t al, const arb_t la, int second,
                     slong prec)
{
    sn_arb_terms g;
    arb_t m, S, u, v, al2, la2;
    arb_ptr all[] = { m, S, u, v, al2, la2 };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) arb_init(all[i]);
    sn_arb_terms_init(&g);
    arb_mul(m, x + 0, x + 1, prec);
    arb_mul(S, x + 2, x + 3, prec);
    sn_arb_terms_eval(&g, m, S, prec);
    arb_srcptr s = g.s, cdf = g.cdf, ccdf = g.ccdf, pdf = g.pdf, a1 = g.a1, a2 = g.a2, pos1 = g.pos1;
    arb_sqr(al2, al, prec);
    arb_sqr(la2, la, prec);
    /* μ̃ */
    arb_sub(u, a1, ccdf, prec);
    arb_mul(u, u, al, prec);
    arb_add(u, u, pos1, prec);
    arb_mul(J->mu_new, u, la, prec);
    /* ν̃ */
    arb_mul_2exp_si(u, a1, 1);
    arb_sub(u, a2, u, prec);
    arb_add(u, u, ccdf, prec);
    arb_mul(u, u, al2, prec);
    arb_sqr(v, m, prec);
    arb_add(v, v, S, prec);
    arb_addmul(u, v, cdf, prec);
    arb_mul(v, m, s, prec);
    arb_addmul(u, v, pdf, prec);
    arb_mul(u, u, la2, prec);
    arb_sqr(v, J->mu_new, prec);
    arb_sub(J->nu_new, u, v, prec);
    /* ∂μ̃/∂m, ∂μ̃/∂S */
    arb_mul(u, al, a1, prec);
    arb_add(v, u, cdf, prec);
    arb_mul(J->dmu_dm, v, la, prec);
    arb_sub_ui(v, al, 1, prec);
    arb_neg(v, v);
    arb_mul(v, v, pdf, prec);
    arb_div(v, v, s, prec);
    arb_add(v, v, u, prec);
    arb_mul(v, v, la, prec);
    arb_mul_2exp_si(J->dmu_ds, v, -1);
    /* ∂ν̃/∂m */
    arb_sub(u, a2, a1, prec);
    arb_mul(u, u, al2, prec);
    arb_add(u, u, pos1, prec);
    arb_mul(u, u, la2, prec);
    arb_mul_2exp_si(u, u, 1);
    arb_mul(v, J->mu_new, J->dmu_dm, prec);
    arb_mul_2exp_si(v, v, 1);
    arb_sub(J->dnu_dm, u, v, prec);
    /* ∂ν̃/∂S */
    arb_mul_2exp_si(u, a2, 1);
    arb_sub(u, u, a1, prec);
    arb_mul(u, u, al2, prec);
    arb_add(u, u, cdf, prec);
    arb_mul(u, u, la2, prec);
    arb_mul(v, J->mu_new, J->dmu_ds, prec);
    arb_mul_2exp_si(v, v, 1);
    arb_sub(J->dnu_ds, u, v, prec);
    if (second) {
        arb_div(u, pdf, s, prec);                    /* p₀ = φ(t)/s */
        jet_second(J, m, S, cdf, u, a1, a2, al, la, prec);
    }
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) arb_clear(all[i]);
    sn_arb_terms_clear(&g);
}

/* The jet of (μ̃, ξ̃) from that of (μ̃, ν̃), in place: ξ̃ = ν̃ + μ̃², so
 *   ξ̃ₐ = ν̃ₐ + 2μ̃μ̃ₐ,   ξ̃ₐᵦ = ν̃ₐᵦ + 2(μ̃ₐμ̃ᵦ + μ̃μ̃ₐᵦ)   (a, b ∈ {m, S}).
 * The spectral-norm machinery then bounds the Jacobian of (μ̃, ξ̃) unchanged. */
static void jet_to_second_moment(jet *J, int second, slong prec)
{
    arb_t u;
    arb_init(u);
    if (second) {
        arb_srcptr da[3] = { J->dmu_dm, J->dmu_dm, J->dmu_ds }, db[3] = { J->dmu_dm, J->dmu_ds, J->dmu_ds };
        arb_srcptr mu2[3] = { J->mu_mm, J->mu_ms, J->mu_ss };
        arb_ptr nu2[3] = { J->nu_mm, J->nu_ms, J->nu_ss };
        for (int k = 0; k < 3; k++) {
            arb_mul(u, da[k], db[k], prec);
            arb_addmul(u, J->mu_new, mu2[k], prec);
            arb_mul_2exp_si(u, u, 1);
            arb_add(nu2[k], nu2[k], u, prec);
        }
    }
    arb_mul(u, J->mu_new, J->dmu_dm, prec);
    arb_mul_2exp_si(u, u, 1);
    arb_add(J->dnu_dm, J->dnu_dm, u, prec);
    arb_mul(u, J->mu_new, J->dmu_ds, prec);
    arb_mul_2exp_si(u, u, 1);
    arb_add(J->dnu_ds, J->dnu_ds, u, prec);
    arb_sqr(u, J->mu_new, prec);
    arb_add(J->nu_new, J->nu_new, u, prec);
    arb_clear(u);
}

/* σ_max of the 2×2 matrix h = (a, b, c, d): (hypot(a + d, b − c) + hypot(a − d, b + c))/2 */
static void spectral_norm_of(arb_t f, arb_srcptr h, slong prec)
{
    arb_t p, r;
    arb_init(p); arb_init(r);
    arb_add(p, h + 0, h + 3, prec);
    arb_sub(r, h + 1, h + 2, prec);
    arb_hypot(f, p, r, prec);
    arb_sub(p, h + 0, h + 3, prec);
    arb_add(r, h + 1, h + 2, prec);
    arb_hypot(p, p, r, prec);
    arb_add(f, f, p, prec);
    arb_mul_2exp_si(f, f, -1);
    arb_clear(p); arb_clear(r);
}

/* The Jacobian's entries on a box in mean-value form, each h = c·F with c ∈ {ω, τ} and F a
 * first derivative of g in (m, S): ∂h/∂xₖ = [xₖ is c]·F + c·(Fₘ ∂m/∂xₖ + F_S ∂S/∂xₖ), with
 * ∂m/∂x = (ω, μ, 0, 0), ∂S/∂x = (0, 0, τ, ν); intersected with the natural extension, then
 * σ_max of the enclosed matrix. Jb: the box's jet with second derivatives; Jc: the centre's. */
static void spectral_norm_box(arb_t f, const jet *Jb, arb_srcptr x, const jet *Jc, arb_srcptr xc,
                              slong prec)
{
    arb_srcptr F[4] = { Jb->dmu_dm, Jb->dmu_ds, Jb->dnu_dm, Jb->dnu_ds };
    arb_srcptr Fm[4] = { Jb->mu_mm, Jb->mu_ms, Jb->nu_mm, Jb->nu_ms };
    arb_srcptr Fs[4] = { Jb->mu_ms, Jb->mu_ss, Jb->nu_ms, Jb->nu_ss };
    arb_srcptr Fc[4] = { Jc->dmu_dm, Jc->dmu_ds, Jc->dnu_dm, Jc->dnu_ds };
    const int coef[4] = { 1, 3, 1, 3 };           /* ω or τ */
    arb_ptr h = _arb_vec_init(4);
    arb_t mv, g, dm, ds, t;
    arb_init(mv); arb_init(g); arb_init(dm); arb_init(ds); arb_init(t);
    for (int e = 0; e < 4; e++) {
        int c = coef[e];
        arb_mul(mv, xc + c, Fc[e], prec);          /* h at the centre */
        for (int k = 0; k < 4; k++) {
            /* ∂m/∂xₖ and ∂S/∂xₖ */
            arb_zero(dm);
            arb_zero(ds);
            if (k == 0) arb_set(dm, x + 1);
            if (k == 1) arb_set(dm, x + 0);
            if (k == 2) arb_set(ds, x + 3);
            if (k == 3) arb_set(ds, x + 2);
            arb_mul(g, Fm[e], dm, prec);
            arb_addmul(g, Fs[e], ds, prec);
            arb_mul(g, g, x + c, prec);
            if (k == c) arb_add(g, g, F[e], prec);
            arb_sub(t, x + k, xc + k, prec);
            arb_addmul(mv, g, t, prec);
        }
        arb_mul(h + e, x + c, F[e], prec);         /* natural extension */
        if (!arb_intersection(h + e, h + e, mv, prec)) arb_set(h + e, mv);
    }
    spectral_norm_of(f, h, prec);
    _arb_vec_clear(h, 4);
    arb_clear(mv); arb_clear(g); arb_clear(dm); arb_clear(ds); arb_clear(t);
}

/* The quantity and (where available) its gradient in (μ, ω, ν, τ), from a jet at x (with
 * second derivatives for ∂ξ̃/∂ν). Returns 1 with a gradient, 0 without. */
static int quantity(arb_t f, arb_ptr grad, const jet *J, arb_srcptr x, sn_quantity q, slong prec)
{
    arb_t dm, ds, u;
    arb_init(dm); arb_init(ds); arb_init(u);
    int has_grad = 1;
    switch (q) {
    case SN_Q_SPECTRAL_NORM:
    case SN_Q_SPECTRAL_NORM_XI: {   /* the jet was made one of (μ̃, ξ̃) for the latter */
        arb_ptr h = _arb_vec_init(4);
        arb_mul(h + 0, x + 1, J->dmu_dm, prec);
        arb_mul(h + 1, x + 3, J->dmu_ds, prec);
        arb_mul(h + 2, x + 1, J->dnu_dm, prec);
        arb_mul(h + 3, x + 3, J->dnu_ds, prec);
        spectral_norm_of(f, h, prec);
        _arb_vec_clear(h, 4);
        has_grad = 0;
        break;
    }
    case SN_Q_MEAN: arb_set(f, J->mu_new); arb_set(dm, J->dmu_dm); arb_set(ds, J->dmu_ds); break;
    case SN_Q_VAR:
    case SN_Q_VAR_INCREASE:
        arb_set(f, J->nu_new);
        arb_set(dm, J->dnu_dm);
        arb_set(ds, J->dnu_ds);
        break;
    case SN_Q_SECOND_MOMENT:
    case SN_Q_XI_INCREASE:
        /* ξ̃ = ν̃ + μ̃², ∂ξ̃ = ∂ν̃ + 2μ̃ ∂μ̃ */
        arb_sqr(u, J->mu_new, prec);
        arb_add(f, J->nu_new, u, prec);
        arb_mul(u, J->mu_new, J->dmu_dm, prec);
        arb_mul_2exp_si(u, u, 1);
        arb_add(dm, J->dnu_dm, u, prec);
        arb_mul(u, J->mu_new, J->dmu_ds, prec);
        arb_mul_2exp_si(u, u, 1);
        arb_add(ds, J->dnu_ds, u, prec);
        break;
    case SN_Q_VAR_RATIO:
        /* ν̃/ν: ∂ₘ = ν̃ₘ/ν, ∂_S = ν̃_S/ν, and −ν̃/ν² more along ν (below) */
        arb_div(f, J->nu_new, x + 2, prec);
        arb_div(dm, J->dnu_dm, x + 2, prec);
        arb_div(ds, J->dnu_ds, x + 2, prec);
        break;
    case SN_Q_DXI_DNU: {
        /* ∂ξ̃/∂ν = τ X_S with X_S = ν̃_S + 2μ̃ μ̃_S; its derivatives in (m, S):
         * X_Sm = ν̃_mS + 2(μ̃_m μ̃_S + μ̃ μ̃_mS),  X_SS = ν̃_SS + 2(μ̃_S² + μ̃ μ̃_SS) */
        arb_t xs;
        arb_init(xs);
        arb_mul(u, J->mu_new, J->dmu_ds, prec);
        arb_mul_2exp_si(u, u, 1);
        arb_add(xs, J->dnu_ds, u, prec);
        arb_mul(f, x + 3, xs, prec);
        arb_mul(u, J->dmu_dm, J->dmu_ds, prec);
        arb_addmul(u, J->mu_new, J->mu_ms, prec);
        arb_mul_2exp_si(u, u, 1);
        arb_add(dm, J->nu_ms, u, prec);
        arb_sqr(u, J->dmu_ds, prec);
        arb_addmul(u, J->mu_new, J->mu_ss, prec);
        arb_mul_2exp_si(u, u, 1);
        arb_add(ds, J->nu_ss, u, prec);
        if (grad) {
            /* f = τ X_S(m, S): ∂/∂μ = τω X_Sm, ∂/∂ω = τμ X_Sm, ∂/∂ν = τ² X_SS,
             * ∂/∂τ = X_S + τν X_SS */
            arb_mul(u, x + 3, dm, prec);
            arb_mul(grad + 0, x + 1, u, prec);
            arb_mul(grad + 1, x + 0, u, prec);
            arb_mul(u, x + 3, ds, prec);
            arb_mul(grad + 2, x + 3, u, prec);
            arb_mul(grad + 3, x + 2, u, prec);
            arb_add(grad + 3, grad + 3, xs, prec);
        }
        arb_clear(xs);
        arb_clear(dm); arb_clear(ds); arb_clear(u);
        return 1;
    }
    }
    if (q == SN_Q_VAR_INCREASE || q == SN_Q_XI_INCREASE) arb_sub(f, f, x + 2, prec);
    if (grad && has_grad) {
        /* ∂/∂μ = ω∂ₘ, ∂/∂ω = μ∂ₘ, ∂/∂ν = τ∂_S, ∂/∂τ = ν∂_S */
        arb_mul(grad + 0, x + 1, dm, prec);
        arb_mul(grad + 1, x + 0, dm, prec);
        arb_mul(grad + 2, x + 3, ds, prec);
        arb_mul(grad + 3, x + 2, ds, prec);
        if (q == SN_Q_VAR_INCREASE || q == SN_Q_XI_INCREASE) arb_sub_ui(grad + 2, grad + 2, 1, prec);
        if (q == SN_Q_VAR_RATIO) {
            arb_div(u, f, x + 2, prec);
            arb_sub(grad + 2, grad + 2, u, prec);   /* − ν̃/ν² */
        }
    }
    arb_clear(dm); arb_clear(ds); arb_clear(u);
    return has_grad;
}

/* Does the quantity's evaluation need g's second derivatives? */
static int needs_second(sn_quantity q)
{
    return q == SN_Q_SPECTRAL_NORM || q == SN_Q_SPECTRAL_NORM_XI || q == SN_Q_DXI_DNU;
}

/* ---- boxes --------------------------------------------------------------------------- */

typedef struct {
    double lo[4], hi[4];
    double ub;               /* upper bound of sign·f on the box */
    double smear[4];         /* |∂ₖf|·widthₖ: where the box's bound loses most (splitting rule) */
} node;

typedef struct {
    sn_quantity q;
    double sign;             /* +1: maximize f; −1: minimize f (maximize −f) */
    arb_t alpha, lambda;     /* balls around the exact constants at prec */
    double width[4];         /* of the root box, for the splitting rule */
    slong prec;
} problem;

static void problem_init(problem *P, const sn_objective *obj, const sn_selu_exact *c,
                         const sn_box *root, slong prec)
{
    P->q = obj->quantity;
    P->sign = obj->sense == SN_MAX ? 1.0 : -1.0;
    arb_init(P->alpha);
    arb_init(P->lambda);
    sn_selu_exact_arb(P->alpha, P->lambda, c, prec);
    for (int k = 0; k < 4; k++) P->width[k] = root->hi[k] - root->lo[k];
    P->prec = prec;
}

static void problem_clear(problem *P)
{
    arb_clear(P->alpha);
    arb_clear(P->lambda);
}

/* g's jet at x as the problem's quantity needs it: of (μ̃, ξ̃) for the spectral norm of the
 * Jacobian of (μ̃, ξ̃). */
static void problem_jet(jet *J, arb_srcptr x, const problem *P, int second)
{
    jet_eval(J, x, P->alpha, P->lambda, second, P->prec);
    if (P->q == SN_Q_SPECTRAL_NORM_XI) jet_to_second_moment(J, second, P->prec);
}

static void box_balls(arb_ptr x, const double lo[4], const double hi[4], slong prec)
{
    arf_t a, b;
    arf_init(a); arf_init(b);
    for (int k = 0; k < 4; k++) {
        arf_set_d(a, lo[k]);
        arf_set_d(b, hi[k]);
        arb_set_interval_arf(x + k, a, b, prec);
    }
    arf_clear(a); arf_clear(b);
}

/* Bounds of a ball as outward-rounded doubles; a ball that is not finite (an enclosure
 * that overflowed on a wide box) bounds nothing: ±inf, and the box gets split. */
static double upper_of(const arb_t f)
{
    if (!arb_is_finite(f)) return INFINITY;
    arf_t u;
    arf_init(u);
    arb_get_ubound_arf(u, f, 53);
    double d = arf_get_d(u, ARF_RND_CEIL);
    arf_clear(u);
    return d;
}

static double lower_of(const arb_t f)
{
    if (!arb_is_finite(f)) return -INFINITY;
    arf_t l;
    arf_init(l);
    arb_get_lbound_arf(l, f, 53);
    double d = arf_get_d(l, ARF_RND_FLOOR);
    arf_clear(l);
    return d;
}

/* sign·f at a point given by balls (each containing one exact coordinate), as a lower bound. */
static double ball_point_lower(const problem *P, arb_srcptr x)
{
    jet J;
    arb_t f;
    jet_init(&J);
    arb_init(f);
    problem_jet(&J, x, P, needs_second(P->q));
    quantity(f, NULL, &J, x, P->q, P->prec);
    if (P->sign < 0) arb_neg(f, f);
    double v = lower_of(f);
    arb_clear(f);
    jet_clear(&J);
    return v;
}

/* sign·f at a point of doubles, as a lower bound (for the best-so-far of the search). */
static double point_lower(const problem *P, const double pt[4])
{
    arb_ptr x = _arb_vec_init(4);
    for (int k = 0; k < 4; k++) arb_set_d(x + k, pt[k]);
    double v = ball_point_lower(P, x);
    _arb_vec_clear(x, 4);
    return v;
}

/* sign·f at an exact rational point. */
static double exact_point_lower(const problem *P, const fmpq *pt)
{
    arb_ptr x = _arb_vec_init(4);
    for (int k = 0; k < 4; k++) arb_set_fmpq(x + k, pt + k, P->prec);
    double v = ball_point_lower(P, x);
    _arb_vec_clear(x, 4);
    return v;
}

/* Upper bound of sign·f on the node's box; first reduces the box to a face in every
 * direction where sign·f is certainly monotone (its extreme lies there). Also returns sign·f
 * at the (reduced) box's centre as a lower bound candidate. */
static void bound_node(node *n, double *center_value, double center[4], const problem *P)
{
    /* the reduction to faces stays local: the node keeps its box, so that the boxes of the
     * search are a plain bisection of the domain (what a certificate checker rebuilds) */
    node face = *n;
    slong prec = P->prec;
    arb_ptr x = _arb_vec_init(4), grad = _arb_vec_init(4), xc = _arb_vec_init(4);
    jet J, Jc;
    arb_t f, fc, t;
    jet_init(&J); jet_init(&Jc);
    arb_init(f); arb_init(fc); arb_init(t);
    int has_grad = 0;
    for (int round = 0; round < 4; round++) {
        box_balls(x, face.lo, face.hi, prec);
        problem_jet(&J, x, P, needs_second(P->q));
        has_grad = quantity(f, grad, &J, x, P->q, prec);
        int reduced = 0;
        for (int k = 0; has_grad && k < 4; k++) {
            if (face.lo[k] == face.hi[k]) continue;
            if (P->sign < 0) arb_neg(grad + k, grad + k);
            if (arb_is_positive(grad + k)) { face.lo[k] = face.hi[k]; reduced = 1; }
            else if (arb_is_negative(grad + k)) { face.hi[k] = face.lo[k]; reduced = 1; }
            if (P->sign < 0) arb_neg(grad + k, grad + k);
        }
        if (!reduced) break;
    }
    if (P->sign < 0) arb_neg(f, f);
    /* centre value and mean-value form */
    for (int k = 0; k < 4; k++) {
        center[k] = 0.5 * (face.lo[k] + face.hi[k]);
        arb_set_d(xc + k, center[k]);
    }
    problem_jet(&Jc, xc, P, 0);
    quantity(fc, NULL, &Jc, xc, P->q, prec);
    if (P->sign < 0) arb_neg(fc, fc);
    *center_value = lower_of(fc);
    if (P->q == SN_Q_SPECTRAL_NORM || P->q == SN_Q_SPECTRAL_NORM_XI) {
        arb_t sb;
        arb_init(sb);
        spectral_norm_box(sb, &J, x, &Jc, xc, prec);
        if (P->sign < 0) arb_neg(sb, sb);
        if (!arb_intersection(f, f, sb, prec)) arb_set(f, sb);
        arb_clear(sb);
    }
    int finite = has_grad;
    for (int k = 0; k < 4; k++) {
        double g = INFINITY;
        if (has_grad && arb_is_finite(grad + k)) {
            arb_get_abs_ubound_arf(arb_midref(t), grad + k, 53);
            g = arf_get_d(arb_midref(t), ARF_RND_CEIL);
        }
        finite = finite && isfinite(g);
        n->smear[k] = g * (face.hi[k] - face.lo[k]);   /* 0 along faces: never split there */
    }
    if (!finite)   /* no usable gradient: widest side relative to the domain */
        for (int k = 0; k < 4; k++)
            n->smear[k] = P->width[k] > 0 ? (face.hi[k] - face.lo[k]) / P->width[k] : 0;
    if (has_grad) {
        arb_t mv;
        arb_init(mv);
        arb_set(mv, fc);
        for (int k = 0; k < 4; k++) {
            arb_sub(t, x + k, xc + k, prec);
            arb_mul(t, t, grad + k, prec);
            if (P->sign < 0) arb_sub(mv, mv, t, prec);
            else arb_add(mv, mv, t, prec);
        }
        if (!arb_intersection(f, f, mv, prec)) arb_set(f, mv);
        arb_clear(mv);
    }
    n->ub = upper_of(f);
    arb_clear(f); arb_clear(fc); arb_clear(t);
    jet_clear(&J); jet_clear(&Jc);
    _arb_vec_clear(x, 4); _arb_vec_clear(grad, 4); _arb_vec_clear(xc, 4);
}

/* ---- a max-heap of nodes by upper bound ----------------------------------------------------- */

typedef struct { node *a; size_t n, cap; } heap;

static int heap_push(heap *h, node v)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 1024;
        node *a = realloc(h->a, cap * sizeof *a);
        if (!a) return 0;
        h->a = a;
        h->cap = cap;
    }
    size_t i = h->n++;
    while (i > 0 && h->a[(i - 1) / 2].ub < v.ub) {
        h->a[i] = h->a[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->a[i] = v;
    return 1;
}

static node heap_pop(heap *h)
{
    node top = h->a[0], last = h->a[--h->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n) break;
        if (c + 1 < h->n && h->a[c + 1].ub > h->a[c].ub) c++;
        if (h->a[c].ub <= last.ub) break;
        h->a[i] = h->a[c];
        i = c;
    }
    if (h->n) h->a[i] = last;
    return top;
}

/* Can side k be halved in doubles (its midpoint strictly inside)? */
static int halvable(const double lo[4], const double hi[4], int k)
{
    double mid = 0.5 * (lo[k] + hi[k]);
    return lo[k] < mid && mid < hi[k];
}

/* Split where the bound loses most: the largest smear |∂ₖf|·widthₖ (for the spectral norm,
 * without a gradient, the side widest relative to the domain), among the sides that can be
 * halved. 0 if none can (a point, or sides one ulp wide): such a box stays a leaf. */
static int split(const node *n, node *a, node *b)
{
    int k = -1;
    double best = -1;
    for (int i = 0; i < 4; i++)
        if (halvable(n->lo, n->hi, i) && n->smear[i] > best) { best = n->smear[i]; k = i; }
    if (k < 0) return 0;
    double mid = 0.5 * (n->lo[k] + n->hi[k]);
    *a = *b = *n;
    a->hi[k] = mid;
    b->lo[k] = mid;
    return 1;
}

#define BATCH 16   /* boxes split per round, evaluated in parallel */

/* The leaves of the search, for certificates. */
typedef struct { sn_leaf *a; size_t n, cap; int failed; } leaf_log;

static void log_leaf(leaf_log *log, const node *n)
{
    if (!log || log->failed) return;
    if (log->n == log->cap) {
        size_t cap = log->cap ? 2 * log->cap : 4096;
        sn_leaf *a = realloc(log->a, cap * sizeof *a);
        if (!a) { log->failed = 1; return; }
        log->a = a;
        log->cap = cap;
    }
    memcpy(log->a[log->n].lo, n->lo, sizeof n->lo);
    memcpy(log->a[log->n].hi, n->hi, sizeof n->hi);
    log->a[log->n].bound = n->ub;
    log->n++;
}

int sn_certify_extreme(sn_enclosure *out, const sn_objective *obj, const sn_domain *dom,
                       const sn_selu_exact *c, const double *start, double width,
                       long max_boxes, slong prec)
{
    return sn_certify_extreme_leaves(out, NULL, NULL, obj, dom, c, start, width, max_boxes, prec);
}

/* The exact domain as rationals q[0..8): lo, hi per axis. */
static fmpq *domain_fmpq(const sn_domain *dom)
{
    fmpq *q = _fmpq_vec_init(8);
    for (int k = 0; k < 4; k++) {
        sn_decimal_get_fmpq(q + 2 * k, dom->lo[k]);
        sn_decimal_get_fmpq(q + 2 * k + 1, dom->hi[k]);
    }
    return q;
}

/* The witness of the search, moved into the exact domain: a coordinate of the outward box
 * that lies beyond a decimal end (−0.1 is no double) becomes that end, exactly; then the
 * witness's value is evaluated there. Returns sign·f at the exact witness (a lower bound). */
static double exact_witness(sn_enclosure *out, const problem *P, const double at[4],
                            const fmpq *dq)
{
    fmpq *pt = _fmpq_vec_init(4);
    for (int k = 0; k < 4; k++) {
        sn_fmpq_set_d(pt + k, at[k]);
        out->at[k] = at[k];
        out->at_end[k] = 0;
        if (fmpq_cmp(pt + k, dq + 2 * k) < 0) {
            fmpq_set(pt + k, dq + 2 * k);
            out->at_end[k] = -1;
        } else if (fmpq_cmp(pt + k, dq + 2 * k + 1) > 0) {
            fmpq_set(pt + k, dq + 2 * k + 1);
            out->at_end[k] = 1;
        }
        if (out->at_end[k]) out->at[k] = fmpq_get_d(pt + k);
    }
    double v = exact_point_lower(P, pt);
    _fmpq_vec_clear(pt, 4);
    return v;
}

int sn_certify_extreme_leaves(sn_enclosure *out, sn_leaf **leaves, size_t *nleaves,
                              const sn_objective *obj, const sn_domain *dom,
                              const sn_selu_exact *c, const double *start, double width,
                              long max_boxes, slong prec)
{
    leaf_log log_store = { 0 }, *log = leaves ? &log_store : NULL;
    node root;
    sn_box outer;
    if (sn_domain_outer_box(&outer, dom) != GSL_SUCCESS || !(width > 0)) return GSL_EDOM;
    if (!c->is01 && sn_selu_exact_set(&(sn_selu_exact){ 0 }, c->alpha, c->lambda)) return GSL_EDOM;
    memcpy(root.lo, outer.lo, sizeof root.lo);
    memcpy(root.hi, outer.hi, sizeof root.hi);
    problem P;
    problem_init(&P, obj, c, &outer, prec);
    double best = -INFINITY, best_at[4], center[4], cv;
    if (start) {
        double s[4];
        for (int k = 0; k < 4; k++) s[k] = fmin(root.hi[k], fmax(root.lo[k], start[k]));
        best = point_lower(&P, s);
        memcpy(best_at, s, sizeof s);
    }
    bound_node(&root, &cv, center, &P);
    if (cv > best) { best = cv; memcpy(best_at, center, sizeof center); }
    heap h = { 0 };
    int status = heap_push(&h, root) ? GSL_SUCCESS : GSL_ENOMEM;
    long boxes = 1;
    int complete = 0, stuck = 0;
    double upper = root.ub;
    while (status == GSL_SUCCESS && h.n > 0 && !stuck) {
        upper = h.a[0].ub;
        if (upper - best <= width) { complete = 1; break; }
        if (boxes >= max_boxes) break;
        node parents[BATCH], kids[2 * BATCH];
        double kid_value[2 * BATCH], kid_center[2 * BATCH][4];
        int np = 0, nk = 0;
        while (np < BATCH && h.n > 0 && h.a[0].ub - best > width) parents[np++] = heap_pop(&h);
        if (np == 0) break;
        for (int i = 0; i < np; i++) {
            if (split(&parents[i], &kids[nk], &kids[nk + 1])) nk += 2;
            else { stuck = 1; if (!heap_push(&h, parents[i])) status = GSL_ENOMEM; }
        }
        #pragma omp parallel for schedule(dynamic, 1)
        for (int i = 0; i < nk; i++) bound_node(&kids[i], &kid_value[i], kid_center[i], &P);
        boxes += nk;
        for (int i = 0; i < nk; i++)
            if (kid_value[i] > best) { best = kid_value[i]; memcpy(best_at, kid_center[i], sizeof best_at); }
        for (int i = 0; i < nk && status == GSL_SUCCESS; i++) {
            if (kids[i].ub < best) log_leaf(log, &kids[i]);
            else if (!heap_push(&h, kids[i])) status = GSL_ENOMEM;
        }
        upper = h.n ? h.a[0].ub : best;
    }
    for (size_t i = 0; i < h.n; i++) log_leaf(log, &h.a[i]);
    free(h.a);
    if (status == GSL_SUCCESS && log && log->failed) status = GSL_ENOMEM;
    if (status == GSL_SUCCESS) {
        /* the heap's top bounds everything left; recheck after the last batch */
        if (stuck) complete = upper - best <= width;
        fmpq *dq = domain_fmpq(dom);
        double witness = exact_witness(out, &P, best_at, dq);
        _fmpq_vec_clear(dq, 8);
        /* back from sign·f to f */
        out->lo = P.sign > 0 ? witness : -upper;
        out->hi = P.sign > 0 ? upper : -witness;
        out->boxes = boxes;
        out->complete = complete;
        out->stuck = stuck && !complete;
    }
    if (status == GSL_SUCCESS && log) {
        *leaves = log->a;
        *nleaves = log->n;
    } else {
        free(log_store.a);
    }
    problem_clear(&P);
    return status;
}

/* The verdict is sn_bound_check's, which compares the ends with the exact bound. */
int sn_certified_verdict(const sn_objective *obj, double lo, double hi, const sn_domain *dom)
{
    double mlo, mhi;
    sn_bound_verdict v = sn_bound_check(&mlo, &mhi, obj, lo, hi, dom);
    return v == SN_BOUND_VIOLATED ? 0 : v == SN_BOUND_UNDECIDED ? -1 : 1;
}

int sn_certify_decided(sn_enclosure *out, sn_leaf **leaves, size_t *nleaves,
                       const sn_objective *obj, const sn_domain *dom, const sn_selu_exact *c,
                       const double *start, double width, long max_boxes, slong prec)
{
    for (double w = width;; w /= 100) {
        int st = sn_certify_extreme_leaves(out, leaves, nleaves, obj, dom, c, start, w, max_boxes, prec);
        if (st || !sn_bound_needs_narrowing(obj, out->lo, out->hi, dom) || !out->complete
            || w / 100 < 1e-12)
            return st;
        if (leaves) {   /* a narrower search replaces this one */
            free(*leaves);
            *leaves = NULL;
        }
    }
}

void sn_certify_point_jet(double out[12], const double x[4], const arb_t alpha, const arb_t lambda,
                          slong prec)
{
    arb_ptr b = _arb_vec_init(4);
    jet J;
    jet_init(&J);
    for (int k = 0; k < 4; k++) arb_set_d(b + k, x[k]);
    jet_eval(&J, b, alpha, lambda, 1, prec);
    arb_srcptr f[] = { J.mu_new, J.nu_new, J.dmu_dm, J.dmu_ds, J.dnu_dm, J.dnu_ds,
                       J.mu_mm, J.mu_ms, J.mu_ss, J.nu_mm, J.nu_ms, J.nu_ss };
    for (int i = 0; i < 12; i++) out[i] = arf_get_d(arb_midref(f[i]), ARF_RND_NEAR);
    jet_clear(&J);
    _arb_vec_clear(b, 4);
}

/* ---- checking certificates ----------------------------------------------------------- */

#define MAX_TILE_DEPTH 5000

static int same_box(const sn_leaf *a, const double lo[4], const double hi[4])
{
    for (int k = 0; k < 4; k++)
        if (a->lo[k] != lo[k] || a->hi[k] != hi[k]) return 0;
    return 1;
}

/* Do the leaves idx[0..n) tile the box exactly, as the leaves of a bisection at midpoints?
 * Rebuilds the tree: some side's midpoint must separate the leaves, recursively, down to
 * single leaves equal to their boxes. */
static int tiles(const sn_leaf *leaves, size_t *idx, size_t n, const double lo[4],
                 const double hi[4], int depth)
{
    if (n == 0 || depth > MAX_TILE_DEPTH) return 0;
    if (n == 1) return same_box(&leaves[idx[0]], lo, hi);
    for (int k = 0; k < 4; k++) {
        double mid = 0.5 * (lo[k] + hi[k]);
        if (!(lo[k] < mid && mid < hi[k])) continue;
        size_t left = 0;
        int separates = 1;
        for (size_t i = 0; i < n && separates; i++)
            separates = leaves[idx[i]].hi[k] <= mid || leaves[idx[i]].lo[k] >= mid;
        if (!separates) continue;
        for (size_t i = 0; i < n; i++)   /* partition: left half first */
            if (leaves[idx[i]].hi[k] <= mid) {
                size_t t = idx[i]; idx[i] = idx[left]; idx[left] = t;
                left++;
            }
        double lhi[4], rlo[4];
        memcpy(lhi, hi, sizeof lhi);
        memcpy(rlo, lo, sizeof rlo);
        lhi[k] = mid;
        rlo[k] = mid;
        return tiles(leaves, idx, left, lo, lhi, depth + 1)
            && tiles(leaves, idx + left, n - left, rlo, hi, depth + 1);
    }
    return 0;
}

/* Checks one objective record against the statement's objective: the boxes tile the outward
 * box, each box's bound is within the claim, and the point, inside the exact domain, reaches
 * the claim's other end. 1, or 0 with the reason in err. */
static int check_objective(const sn_cert_objective *co, const sn_objective *obj,
                           const sn_box *root, const fmpq *dq, const sn_selu_exact *c,
                           slong prec, char *err, size_t errlen)
{
    for (size_t b = 0; b < co->nboxes; b++)
        for (int k = 0; k < 4; k++)
            if (co->boxes[b].lo[k] < root->lo[k] || co->boxes[b].hi[k] > root->hi[k]) {
                snprintf(err, errlen, "%s: box %zu lies outside the domain", co->key, b + 1);
                return 0;
            }
    size_t *idx = malloc(co->nboxes * sizeof *idx);
    if (!idx) { snprintf(err, errlen, "out of memory"); return 0; }
    for (size_t b = 0; b < co->nboxes; b++) idx[b] = b;
    int ok = tiles(co->boxes, idx, co->nboxes, root->lo, root->hi, 0);
    free(idx);
    if (!ok) {
        snprintf(err, errlen, "%s: the boxes do not tile the domain by bisection", co->key);
        return 0;
    }
    /* the point: inside the exact domain */
    fmpq *pt = _fmpq_vec_init(4);
    for (int k = 0; k < 4 && ok; k++) {
        sn_number_get_fmpq(pt + k, co->point[k]);
        ok = fmpq_cmp(pt + k, dq + 2 * k) >= 0 && fmpq_cmp(pt + k, dq + 2 * k + 1) <= 0;
    }
    if (!ok) {
        _fmpq_vec_clear(pt, 4);
        snprintf(err, errlen, "%s: the point lies outside the domain", co->key);
        return 0;
    }
    problem P;
    problem_init(&P, obj, c, root, prec);
    /* every box within the claim: sign·f ≤ claim */
    double claim = P.sign > 0 ? co->hi : -co->lo;
    long bad = -1;
    #pragma omp parallel for schedule(dynamic, 16)
    for (long b = 0; b < (long)co->nboxes; b++) {
        node n;
        double cv, cc[4];
        memcpy(n.lo, co->boxes[b].lo, sizeof n.lo);
        memcpy(n.hi, co->boxes[b].hi, sizeof n.hi);
        bound_node(&n, &cv, cc, &P);
        if (!(n.ub <= claim)) {
            #pragma omp critical
            if (bad < 0 || b < bad) bad = b;
        }
    }
    double reach = bad < 0 ? exact_point_lower(&P, pt) : 0;
    _fmpq_vec_clear(pt, 4);
    problem_clear(&P);
    if (bad >= 0) {
        snprintf(err, errlen, "%s: box %ld is not within the claimed bound", co->key, bad + 1);
        return 0;
    }
    if (!(reach >= (P.sign > 0 ? co->lo : -co->hi))) {
        snprintf(err, errlen, "%s: the point does not reach the claimed %s end", co->key,
                 P.sign > 0 ? "lower" : "upper");
        return 0;
    }
    return 1;
}

/* The certificate's records against the statement's objectives: each exactly once, with the
 * statement's condition, and nothing else. 1, or 0 with the reason. */
static int match_objectives(sn_cert_check *r, const sn_certificate *c)
{
    const sn_theorem *th = r->theorem;
    int seen[SN_MAX_OBJECTIVES] = { 0 };
    for (size_t k = 0; k < c->nobjectives; k++) {
        size_t j = 0;
        while (j < th->nobjectives && strcmp(th->objectives[j].key, c->obj[k].key) != 0) j++;
        if (j == th->nobjectives) {
            snprintf(r->reason, sizeof r->reason, "%s has no objective '%s'", th->name, c->obj[k].key);
            return 0;
        }
        if (seen[j]++) {
            snprintf(r->reason, sizeof r->reason, "objective '%s' appears more than once", c->obj[k].key);
            return 0;
        }
        char cond[SN_CERT_TEXT];
        sn_objective_condition(cond, sizeof cond, &th->objectives[j]);
        if (strcmp(cond, c->obj[k].condition) != 0) {
            snprintf(r->reason, sizeof r->reason, "objective '%s': condition '%s' is not %s's '%s'",
                     c->obj[k].key, c->obj[k].condition, th->name, cond);
            return 0;
        }
        r->index[j] = k;
    }
    for (size_t j = 0; j < th->nobjectives; j++)
        if (!seen[j]) {
            snprintf(r->reason, sizeof r->reason, "objective '%s' of %s is missing",
                     th->objectives[j].key, th->name);
            return 0;
        }
    return 1;
}

int sn_certificate_check(sn_cert_check *r, const sn_certificate *c, long prec)
{
    memset(r, 0, sizeof *r);
    for (int j = 0; j < SN_MAX_OBJECTIVES; j++) r->verdict[j] = -2;
    r->theorem = sn_theorem_find(c->statement);
    if (!r->theorem) {
        snprintf(r->reason, sizeof r->reason, "unknown statement '%s'", c->statement);
        return GSL_SUCCESS;
    }
    sn_box root;
    sn_selu_exact probe;
    if (sn_domain_outer_box(&root, &c->domain) != GSL_SUCCESS) {
        snprintf(r->reason, sizeof r->reason, "invalid domain (each lo <= hi; nu, tau > 0)");
        return GSL_SUCCESS;
    }
    if (!c->constants.is01 && sn_selu_exact_set(&probe, c->constants.alpha, c->constants.lambda)) {
        snprintf(r->reason, sizeof r->reason, "alpha and lambda must be positive decimals");
        return GSL_SUCCESS;
    }
    sn_domain paper;
    sn_theorem_domain(&paper, r->theorem);
    r->paper_statement = !r->theorem->ours && c->constants.is01 && sn_domain_equal(&paper, &c->domain);
    if (!match_objectives(r, c)) return GSL_SUCCESS;
    fmpq *dq = domain_fmpq(&c->domain);
    int verified = 1;
    for (size_t j = 0; j < r->theorem->nobjectives; j++) {
        const sn_cert_objective *co = &c->obj[r->index[j]];
        const sn_objective *obj = &r->theorem->objectives[j];
        char why[256] = "";
        if (check_objective(co, obj, &root, dq, &c->constants, prec, why, sizeof why)) {
            r->verdict[j] = sn_certified_verdict(obj, co->lo, co->hi, &c->domain);
        } else {
            verified = 0;
            if (!r->reason[0]) snprintf(r->reason, sizeof r->reason, "%s", why);
        }
    }
    _fmpq_vec_clear(dq, 8);
    r->verified = verified;
    r->holds = verified;
    for (size_t j = 0; j < r->theorem->nobjectives && verified; j++) {
        r->holds &= r->verdict[j] == 1;
        r->fails |= r->verdict[j] == 0;
    }
    return GSL_SUCCESS;
}

/* Outward padding of a claim [lo, hi]: a box's bound is not a smooth function of the
 * precision (Arb picks its algorithms by precision; a wide box's bound at 64, 96 or 256 bits
 * was seen 7e−10 above its bound at 128), so claims get room in proportion to the
 * enclosure's width, and 2^−40 relative where the enclosure is a point value. */
static double pad_out(double x, double width, int up)
{
    if (!isfinite(x)) return x;
    double d = fmax(ldexp(fmax(1, fabs(x)), -40), isfinite(width) ? width / 64 : 0);
    return up ? x + d : x - d;
}

void sn_certificate_claim(double *lo, double *hi, const sn_objective *obj, const sn_enclosure *e)
{
    int max = obj->sense == SN_MAX;
    double w = e->hi - e->lo;
    *lo = pad_out(e->lo, max ? 0 : w, 0);
    *hi = pad_out(e->hi, max ? w : 0, 1);
}

void sn_certificate_build(sn_certificate *cert, const sn_theorem *th, const sn_domain *dom,
                          const sn_selu_exact *c, const sn_enclosure *enc, sn_leaf *const *leaves,
                          const size_t *nleaves, int pad)
{
    memset(cert, 0, sizeof *cert);
    cert->constants = *c;
    cert->domain = *dom;
    cert->nobjectives = th->nobjectives;
    snprintf(cert->statement, sizeof cert->statement, "%s", th->name);
    for (size_t k = 0; k < th->nobjectives; k++) {
        const sn_enclosure *e = &enc[k];
        sn_cert_objective *o = &cert->obj[k];
        /* the end that boxes bound gets room in proportion to the width; the witness's end
         * only the point evaluation's (2^−40 relative), so that padding never turns a
         * decided verdict into an undecided one */
        if (pad) sn_certificate_claim(&o->lo, &o->hi, &th->objectives[k], e);
        else o->lo = e->lo, o->hi = e->hi;
        o->nboxes = nleaves[k];
        o->boxes = leaves[k];
        snprintf(o->key, sizeof o->key, "%s", th->objectives[k].key);
        sn_objective_condition(o->condition, sizeof o->condition, &th->objectives[k]);
        for (int a = 0; a < 4; a++) {
            if (e->at_end[a]) snprintf(o->point[a], sizeof o->point[a], "%s",
                                       e->at_end[a] < 0 ? dom->lo[a] : dom->hi[a]);
            else snprintf(o->point[a], sizeof o->point[a], "%a", e->at[a]);
        }
    }
}
