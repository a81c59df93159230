/* arb_terms.c - Gaussian expectations in Arb balls (see arb_terms.h). */
#include "arb_hypgeom_compat.h"
#include "arb_terms.h"

#define TERMS(g) { g->s, g->t, g->cdf, g->ccdf, g->pdf, g->a1, g->a2, g->pos1 }

void sn_arb_terms_init(sn_arb_terms *g)
{
    arb_ptr f[] = TERMS(g);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) arb_init(f[i]);
}

void sn_arb_terms_clear(sn_arb_terms *g)
{
    arb_ptr f[] = TERMS(g);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) arb_clear(f[i]);
}

/* Φ(x) = erfc(−x/√2)/2 */
static void normal_cdf(arb_t r, const arb_t x, slong prec)
{
    arb_t u;
    arb_init(u);
    arb_set_ui(u, 2);
    arb_rsqrt(u, u, prec);
    arb_mul(u, u, x, prec);
    arb_neg(u, u);
    arb_hypgeom_erfc(r, u, prec);
    arb_mul_2exp_si(r, r, -1);
    arb_clear(u);
}

/* The Mills ratio R(x) = Φ(−x)/φ(x) = √(π/2) e^{x²/2} erfc(x/√2) at a ball x. */
static void mills_ball(arb_t r, const arb_t x, slong prec)
{
    arb_t u, v;
    arb_init(u);
    arb_init(v);
    arb_sqr(u, x, prec);
    arb_mul_2exp_si(u, u, -1);
    arb_exp(u, u, prec);
    arb_set_ui(v, 2);
    arb_rsqrt(v, v, prec);
    arb_mul(v, v, x, prec);
    arb_hypgeom_erfc(r, v, prec);
    arb_mul(r, r, u, prec);
    arb_const_pi(u, prec);
    arb_mul_2exp_si(u, u, -1);
    arb_sqrt(u, u, prec);
    arb_mul(r, r, u, prec);
    arb_clear(u);
    arb_clear(v);
}

/* R over a ball x: R decreases on the whole line, so R(x) lies between its values at the
 * ends, evaluated as points (no dependency between e^{x²/2} and erfc across the ball). */
static void mills_range(arb_t r, const arb_t x, slong prec)
{
    arf_t lo, hi;
    arb_t a, b;
    arf_init(lo); arf_init(hi);
    arb_init(a); arb_init(b);
    arb_get_lbound_arf(lo, x, prec);
    arb_get_ubound_arf(hi, x, prec);
    arb_set_arf(a, lo);
    arb_set_arf(b, hi);
    mills_ball(a, a, prec);
    mills_ball(b, b, prec);
    arb_union(r, a, b, prec);
    arf_clear(lo); arf_clear(hi);
    arb_clear(a); arb_clear(b);
}

void sn_arb_terms_eval(sn_arb_terms *g, const arb_t m, const arb_t S, slong prec)
{
    arb_t u;
    arb_init(u);
    arb_sqrt(g->s, S, prec);
    arb_div(g->t, m, g->s, prec);
    normal_cdf(g->cdf, g->t, prec);
    arb_neg(u, g->t);
    normal_cdf(g->ccdf, u, prec);
    /* φ(t) = e^{−t²/2}/√(2π) */
    arb_sqr(g->pdf, g->t, prec);
    arb_mul_2exp_si(g->pdf, g->pdf, -1);
    arb_neg(g->pdf, g->pdf);
    arb_exp(g->pdf, g->pdf, prec);
    arb_const_sqrt_pi(u, prec);
    arb_div(g->pdf, g->pdf, u, prec);
    arb_sqrt_ui(u, 2, prec);
    arb_div(g->pdf, g->pdf, u, prec);
    for (int k = 1; k <= 2; k++) {   /* a_k = e^{km + k²S/2} Φ(−t − ks) */
        arb_ptr a = k == 1 ? g->a1 : g->a2;
        arb_t w, r;
        arb_init(w);
        arb_init(r);
        arb_mul_si(w, g->s, k, prec);
        arb_add(w, w, g->t, prec);                 /* t + ks */
        arb_neg(u, w);
        normal_cdf(a, u, prec);
        arb_mul_si(u, S, k * k, prec);
        arb_mul_2exp_si(u, u, -1);
        arb_addmul_si(u, m, k, prec);
        arb_exp(u, u, prec);
        arb_mul(a, a, u, prec);
        /* the same as φ(t) R(t + ks) (since (t + ks)²/2 − t²/2 = km + k²S/2): on a wide box
         * the exponential and Φ grow and shrink together, and the product of their ranges
         * is far wider than that of the Mills ratio, which is monotone */
        if (!arb_is_exact(w)) {
            mills_range(r, w, prec);
            arb_mul(r, r, g->pdf, prec);
            if (!arb_intersection(a, a, r, prec)) arb_set(a, r);
        }
        arb_clear(w);
        arb_clear(r);
    }
    arb_mul(g->pos1, m, g->cdf, prec);
    arb_addmul(g->pos1, g->s, g->pdf, prec);
    arb_clear(u);
}
