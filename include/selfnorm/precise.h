/* precise.h - the moment map and its Jacobian in MPFR at any precision: the reference.
 *
 * These evaluate the textbook formulas (Klambauer et al., Eq. 4–5 and their derivatives),
 * deliberately not the rearranged ones of moments.c, so that the two are independent checks
 * of each other. Cancellation is handled by working precision: each result is computed at
 * increasing working precisions (Ziv's strategy) until two consecutive evaluations agree to
 * `prec` bits; the digits lost to cancellation are thereby recovered, whatever they are.
 *
 * Argument order follows MPFR/Arb: results first, then inputs, then the precision goal in
 * bits. Results are rounded to their own precision. Status codes as in moments.h, plus
 * SN_ERANGE outside |μω| ≤ 1e8, ντ ∈ [1e−300, 1e8] (MPFR's exponent range would be exceeded)
 * and SN_ETOL if the working precision needed exceeds 64·prec + 65536 bits.
 */
#ifndef SELFNORM_PRECISE_H
#define SELFNORM_PRECISE_H

#include <mpfr.h>
#include "selfnorm/moments.h"
#include "selfnorm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SN_MPFR_MIN_PREC 16
#define SN_MPFR_MAX_PREC 100000

/* The inputs (μ, ω, ν, τ) and SELU parameters (α, λ) as MPFR numbers. */
typedef struct {
    mpfr_t mu, omega, nu, tau, alpha, lambda;
} sn_mpfr_args;

void sn_mpfr_args_init(sn_mpfr_args *x, mpfr_prec_t prec);
void sn_mpfr_args_clear(sn_mpfr_args *x);
void sn_mpfr_args_set_d(sn_mpfr_args *x, sn_point pt, sn_selu p);

int sn_mpfr_map(mpfr_t mu_new, mpfr_t nu_new, const sn_mpfr_args *x, mpfr_prec_t prec);

/* h: four results, row-major as in sn_jacobian. Entries are accurate to prec bits relative to
 * max(1, |entry|): the derivatives of a variance that is flat in m (z almost surely positive)
 * are exponentially small, and resolving them relatively could take millions of bits. */
int sn_mpfr_jacobian(mpfr_t h[4], mpfr_t spectral_norm, const sn_mpfr_args *x,
                     mpfr_prec_t prec);

/* Largest singular value of the 2×2 matrix h, by the closed form of moments.h. */
void sn_mpfr_spectral_norm(mpfr_t result, mpfr_t h[4], mpfr_prec_t prec);

#ifdef __cplusplus
}
#endif

#endif
