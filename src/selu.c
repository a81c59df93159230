/* selu.c - the SELU activation (Klambauer et al. 2017, Eq. 2). */
#include <math.h>
#include <gsl/gsl_errno.h>
#include "selfnorm/selu.h"

sn_selu sn_selu_default(void)
{
    return (sn_selu){ .alpha = SN_ALPHA01, .lambda = SN_LAMBDA01 };
}

int sn_selu_check(sn_selu p)
{
    int ok = isfinite(p.alpha) && isfinite(p.lambda) && p.alpha > 0 && p.lambda > 0;
    return ok ? GSL_SUCCESS : GSL_EDOM;
}

double sn_selu_eval(double x, sn_selu p)
{
    /* expm1 keeps full relative accuracy for small negative x */
    return x > 0 ? p.lambda * x : p.lambda * p.alpha * expm1(x);
}

double sn_selu_deriv(double x, sn_selu p)
{
    return x > 0 ? p.lambda : p.lambda * p.alpha * exp(x);
}
