/* certify_internal.h - a window on certify.c's evaluation, for the tests. Not installed. */
#ifndef SELFNORM_CERTIFY_INTERNAL_H
#define SELFNORM_CERTIFY_INTERNAL_H

#include "selfnorm/arb.h"

/* At the point x = (μ, ω, ν, τ): μ̃, ν̃, their first derivatives in (m, S) — μ̃ₘ, μ̃_S, ν̃ₘ,
 * ν̃_S — and second — μ̃ₘₘ, μ̃ₘ_S, μ̃_SS, ν̃ₘₘ, ν̃ₘ_S, ν̃_SS — as the midpoints of their balls. */
void sn_certify_point_jet(double out[12], const double x[4], const arb_t alpha,
                          const arb_t lambda, slong prec);

#endif
