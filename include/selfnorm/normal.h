/* normal.h - tails of the standard normal distribution, accurate in relative terms.
 *
 * The moment map needs, for Z ~ N(0, 1) and a threshold x, the excess X = Z − x given Z > x:
 * its mean r(x) and variance v(x). Textbook formulas (r = φ/Q − x, v = 1 − r(r + x)) cancel
 * catastrophically for large x, where r ~ 1/x and v ~ 1/x²; these functions do not.
 * All are accurate to a few units in the last place for every finite x (tests/test_normal.c
 * compares them with MPFR at 256 bits).
 */
#ifndef SELFNORM_NORMAL_H
#define SELFNORM_NORMAL_H

#include "selfnorm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* φ(x) = exp(−x²/2)/√(2π), the standard normal density. */
double sn_normal_pdf(double x);

/* Q(x) = P(Z > x) = erfc(x/√2)/2, the upper tail. */
double sn_normal_upper(double x);

/* R(x) = Q(x)/φ(x), Mills' ratio (overflows to +inf for x below about −37.5). */
double sn_mills_ratio(double x);

/* The mean r(x) = E[Z − x | Z > x] and the variance v(x) = Var[Z | Z > x] of the excess over x.
 * Either pointer may be NULL. */
void sn_normal_excess(double x, double *mean, double *var);

#ifdef __cplusplus
}
#endif

#endif
