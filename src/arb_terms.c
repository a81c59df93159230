/* arb_terms.c - Gaussian expectations in Arb balls (see arb_terms.h). */
#include <arb_hypgeom.h>
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
        arb_mul_si(u, g->s, k, prec);
        arb_add(u, u, g->t, prec);
        arb_neg(u, u);
        normal_cdf(a, u, prec);
        arb_mul_si(u, S, k * k, prec);
        arb_mul_2exp_si(u, u, -1);
        arb_addmul_si(u, m, k, prec);
        arb_exp(u, u, prec);
        arb_mul(a, a, u, prec);
    }
    arb_mul(g->pos1, m, g->cdf, prec);
    arb_addmul(g->pos1, g->s, g->pdf, prec);
    arb_clear(u);
}
