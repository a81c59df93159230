/* arb_terms.h - the Gaussian expectations every formula of g is built from, in Arb balls.
 * Shared by constants.c and certify.c. Not installed.
 *
 * For z ~ N(m, S), s = √S, t = m/s:
 *   cdf = Φ(t) = P(z > 0),  ccdf = Φ(−t),  pdf = φ(t),
 *   a1 = E[e^z; z ≤ 0] = e^{m + S/2} Φ(−t − s),  a2 = E[e^{2z}; z ≤ 0] = e^{2m + 2S} Φ(−t − 2s),
 *   pos1 = E[z; z > 0] = mΦ(t) + sφ(t).
 */
#ifndef SELFNORM_ARB_TERMS_H
#define SELFNORM_ARB_TERMS_H

#include "selfnorm/arb.h"

typedef struct {
    arb_t s, t, cdf, ccdf, pdf, a1, a2, pos1;
} sn_arb_terms;

void sn_arb_terms_init(sn_arb_terms *g);
void sn_arb_terms_clear(sn_arb_terms *g);
void sn_arb_terms_eval(sn_arb_terms *g, const arb_t m, const arb_t S, slong prec);

#endif
