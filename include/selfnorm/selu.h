/* selu.h - the SELU activation and its default constants.
 *
 *   selu(x) = λ x             for x > 0
 *           = λ α (eˣ − 1)    for x ≤ 0        (Klambauer et al. 2017, Eq. 2)
 */
#ifndef SELFNORM_SELU_H
#define SELFNORM_SELU_H

#include "selfnorm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* α01 and λ01 rounded to the nearest double. They are inputs, not results: the test suite
 * derives both from their closed forms in MPFR and checks that these are the correctly
 * rounded values (tests/test_precise.c). */
#define SN_ALPHA01  1.6732632423543772
#define SN_LAMBDA01 1.0507009873554805

typedef struct {
    double alpha;   /* α > 0: saturation value of the negative branch is −λα */
    double lambda;  /* λ > 0: scale */
} sn_selu;

/* (α01, λ01): the parameters whose moment map has the fixed point (0, 1) for ω = 0, τ = 1. */
sn_selu sn_selu_default(void);

/* SN_SUCCESS, or SN_EDOM when α or λ is not a finite positive number. */
int sn_selu_check(sn_selu p);

double sn_selu_eval(double x, sn_selu p);

/* The derivative; at x = 0 the left branch (λα), as the activation is defined by x ≤ 0 there. */
double sn_selu_deriv(double x, sn_selu p);

#ifdef __cplusplus
}
#endif

#endif
