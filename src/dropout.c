/* dropout.c - alpha-dropout parameters (formulas in dropout.h). */
#include <math.h>
#include <gsl/gsl_errno.h>
#include "selfnorm/dropout.h"

int sn_dropout_params(sn_dropout *d, double rate, sn_selu p, double mean, double var)
{
    if (!(rate >= 0 && rate < 1) || !(var > 0) || !isfinite(var) || !isfinite(mean)
        || sn_selu_check(p) != GSL_SUCCESS)
        return GSL_EDOM;
    double q = 1 - rate, ap = -p.lambda * p.alpha, dev = ap - mean;
    d->alpha_prime = ap;
    d->a = sqrt(var / (q * ((1 - q) * dev * dev + var)));
    d->b = mean - d->a * (q * mean + (1 - q) * ap);
    return GSL_SUCCESS;
}

int sn_dropout_arb(arb_t a, arb_t b, arb_t alpha_prime, const arb_t rate, const arb_t alpha,
                   const arb_t lambda, const arb_t mean, const arb_t var, slong prec)
{
    arb_t q, keep_drop, t;
    if (!arb_is_nonnegative(rate) || !arb_is_finite(rate) || !arb_is_positive(var)
        || !arb_is_finite(var) || !arb_is_positive(alpha) || !arb_is_positive(lambda)
        || !arb_is_finite(mean))
        return GSL_EDOM;
    arb_init(q); arb_init(keep_drop); arb_init(t);
    arb_sub_ui(q, rate, 1, prec);
    arb_neg(q, q);                               /* q = 1 − P */
    int status = arb_is_positive(q) ? GSL_SUCCESS : GSL_EDOM;
    if (status == GSL_SUCCESS) {
        arb_mul(alpha_prime, lambda, alpha, prec);
        arb_neg(alpha_prime, alpha_prime);       /* α′ = −λα */
        arb_set(keep_drop, rate);                /* 1 − q = P */
        arb_sub(t, alpha_prime, mean, prec);
        arb_sqr(t, t, prec);
        arb_mul(t, t, keep_drop, prec);
        arb_add(t, t, var, prec);
        arb_mul(t, t, q, prec);
        arb_div(t, var, t, prec);
        arb_sqrt(a, t, prec);                    /* a = √(V/(q((1−q)(α′−M)² + V))) */
        arb_mul(t, q, mean, prec);
        arb_addmul(t, keep_drop, alpha_prime, prec);
        arb_mul(t, t, a, prec);
        arb_sub(b, mean, t, prec);               /* b = M − a(qM + (1−q)α′) */
    }
    arb_clear(q); arb_clear(keep_drop); arb_clear(t);
    return status;
}
