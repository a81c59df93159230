/* dropout.h - alpha dropout (Klambauer et al. 2017, Section "New Dropout Technique").
 *
 * A dropped activation is set to α′ = −λα, SELU's saturation value, and the result is
 * mapped by x ↦ a·x + b so that mean M and variance V are kept. With keep probability
 * q = 1 − P (P the drop rate, PyTorch's convention):
 *     a = √(V / (q ((1 − q)(α′ − M)² + V))),    b = M − a (q M + (1 − q) α′).
 * For (M, V) = (0, 1): a = (q + α′² q (1 − q))^{−1/2}, b = −a (1 − q) α′.
 */
#ifndef SELFNORM_DROPOUT_H
#define SELFNORM_DROPOUT_H

#include "selfnorm/arb.h"
#include "selfnorm/selu.h"
#include "selfnorm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    double a, b, alpha_prime;
} sn_dropout;

/* Double precision. SN_EDOM unless 0 ≤ rate < 1, var > 0 and p valid. */
int sn_dropout_params(sn_dropout *d, double rate, sn_selu p, double mean, double var);

/* Ball arithmetic, for any precision; the same conditions. */
int sn_dropout_arb(arb_t a, arb_t b, arb_t alpha_prime, const arb_t rate, const arb_t alpha,
                   const arb_t lambda, const arb_t mean, const arb_t var, slong prec);

#ifdef __cplusplus
}
#endif

#endif
