/* constants.h - the SELU parameters α, λ that make (M, V) a fixed point of g, rigorously.
 *
 * With z ~ N(Mω, Vτ) and f the SELU shape (z for z > 0, α(eᶻ − 1) otherwise), (M, V) is a
 * fixed point of g exactly when
 *     λ (A + αB) = M,      λ² (C + α²D) = V + M²,                                   (FP)
 * where A = E[z; z>0], B = E[eᶻ − 1; z≤0], C = E[z²; z>0], D = E[(eᶻ − 1)²; z≤0] depend on
 * the target and the weights only. (FP) is polynomial in (α, λ): for M = 0, α = −A/B; else,
 * eliminating λ leaves the quadratic
 *     (M²D − KB²) α² − 2KAB α + (M²C − KA²) = 0,     K = V + M²,    λ = M/(A + αB),
 * whose roots are all the solutions (each root solves λ(A + αB) = ±M; only those with α > 0
 * and λ > 0 are kept). This replaces the Newton iteration once planned: it is exact, finds
 * every solution and proves when none exists.
 *
 * Everything is evaluated in Arb ball arithmetic, so each result is an interval guaranteed to
 * contain the exact value. For the paper's target (0, 1) with ω = 0, τ = 1 the closed forms
 *     α01 = √(2/π) / (1 − e^{1/2} erfc(1/√2)),
 *     λ01 = (1/2 + α01² (e² Φ(−2) − 2 e^{1/2} Φ(−1) + 1/2))^{−1/2}
 * are evaluated with erf(x) = (2x/√π) e^{−x²} ₁F₁(1; 3/2; x²), whose series at the exact
 * dyadic x² ∈ {1/2, 2} Arb sums by binary splitting: a million digits in about a second.
 */
#ifndef SELFNORM_CONSTANTS_H
#define SELFNORM_CONSTANTS_H

#include "selfnorm/arb.h"
#include <mpfr.h>
#include "selfnorm/decimal.h"
#include "selfnorm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes beyond GSL's (status.h): SN_ENOSOLUTION, no α > 0, λ > 0 solve (FP);
 * SN_EUNDECIDED, the working precision ran out before the signs deciding the solutions
 * could be certified. */

#define SN_DIGITS_MAX 1000000

/* α01 and λ01 as balls at working precision prec. */
void sn_constants01_arb(arb_t alpha, arb_t lambda, slong prec);

/* α and λ exactly: α01, λ01 themselves (their closed forms), or exact decimals (1.7 is
 * 17/10). Whoever encloses them — a prover, a checker — encloses the same exact numbers at
 * whatever precision it works. */
typedef struct {
    int is01;
    char alpha[SN_DECIMAL_MAX + 1], lambda[SN_DECIMAL_MAX + 1];   /* when !is01 */
} sn_selu_exact;

/* α01, λ01. */
sn_selu_exact sn_selu_exact01(void);
/* Exact decimals: SN_SUCCESS, or SN_EINVAL unless both are valid decimals > 0. No decimal
 * is α01: those are named only by sn_selu_exact01. */
int sn_selu_exact_set(sn_selu_exact *c, const char *alpha, const char *lambda);
/* Balls containing the exact α, λ at precision prec. */
void sn_selu_exact_arb(arb_t alpha, arb_t lambda, const sn_selu_exact *c, slong prec);
/* The nearest doubles, for numeric work. */
void sn_selu_exact_doubles(double *alpha, double *lambda, const sn_selu_exact *c);

/* All solutions of (FP) with α > 0, λ > 0, at most two, in increasing α; *count is their
 * number. Inputs are balls (V > 0, τ > 0 required: SN_EDOM otherwise). Returns
 * SN_SUCCESS, SN_ENOSOLUTION, SN_EUNDECIDED (balls too wide at this prec: retry higher). */
int sn_constants_arb(arb_t alpha[2], arb_t lambda[2], int *count, const arb_t mean,
                     const arb_t var, const arb_t omega, const arb_t tau, slong prec);

/* α, λ for the target, correctly rounded to nearest at the precision of the outputs (MPFR's
 * convention); the inputs are exact binary numbers. The first solution if there are two. */
int sn_constants_mpfr(mpfr_t alpha, mpfr_t lambda, const mpfr_t mean, const mpfr_t var,
                      const mpfr_t omega, const mpfr_t tau);

/* The `digits` significant decimal digits of x, correctly rounded, if x's ball proves them:
 * both ends of the ball round to the same decimal. Returns a malloc'd string (plain notation
 * for exponents in [−6, 20], else d.ddde±X), or NULL when the ball is too wide. */
char *sn_arb_digits(const arb_t x, long digits);

/* Proven digits of several quantities at once. f computes *n ≤ cap balls at precision prec into
 * out and returns SN_SUCCESS, SN_EUNDECIDED to ask for more precision, or a failure status.
 * sn_prove_digits calls it at increasing precisions (from digits·log2(10) + 64 bits up to 8
 * times that + 4096) until every ball determines `digits` correctly rounded significant
 * digits. Returns SN_SUCCESS with out[0..*n) malloc'd strings (sn_arb_digits), or f's failure,
 * or SN_EUNDECIDED when the precision limit was reached first (*n = 0 then). */
typedef int (*sn_ball_fn)(arb_ptr out, size_t *n, void *ctx, slong prec);
int sn_prove_digits(char **out, size_t *n, size_t cap, sn_ball_fn f, void *ctx, long digits);

/* sn_constants_arb for a target given as decimal strings { mean, var, omega, tau }, each
 * the exact decimal ("0.1" is 1/10, not the double nearest to it), enclosed afresh at prec.
 * SN_EINVAL when a string is not a decimal number, SN_EDOM unless var > 0 and tau > 0. */
int sn_constants_decimal_arb(arb_t alpha[2], arb_t lambda[2], int *count,
                             const char *const target[4], slong prec);

/* sn_constants_decimal_arb as an sn_ball_fn: ctx is the target (const char *const [4]); out
 * receives α, λ of each solution, in that order (*n = 2 or 4; cap 4). */
int sn_constants_decimal_balls(arb_ptr out, size_t *n, void *ctx, slong prec);

/* The proven `digits` (1..SN_DIGITS_MAX) significant digits of every solution (α, λ) for the
 * decimal target { mean, var, omega, tau }: alpha[k], lambda[k] for k < *count (1 or 2, in
 * increasing α) are malloc'd strings, the others NULL. Status as sn_constants_decimal_arb and
 * sn_prove_digits; SN_EDOM for digits out of range. */
int sn_constants_digits(char *alpha[2], char *lambda[2], int *count,
                        const char *const target[4], long digits);

/* Double precision: α, λ for the target (mean, var) with weights (omega, tau), each the
 * double nearest to the exact value (via sn_constants_mpfr at 53 bits); the first solution
 * if there are two. SN_EDOM for non-finite inputs, var ≤ 0 or tau ≤ 0; SN_ENOSOLUTION. */
int sn_constants_d(double *alpha, double *lambda, double mean, double var, double omega,
                   double tau);

#ifdef __cplusplus
}
#endif

#endif
