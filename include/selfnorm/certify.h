/* certify.h - rigorous enclosures of the theorems' extremes with ball arithmetic (Arb).
 *
 * For an objective (a quantity of g and max or min) on a box of (μ, ω, ν, τ), a best-first
 * branch-and-bound returns an enclosure [lo, hi] of the extreme that is guaranteed: every
 * number is an Arb ball containing the exact value, α and λ are balls containing the exact
 * constants, the boxes cover the exact decimal domain (bounds such as −0.1 are rounded
 * outward to doubles), and the witness of the other end lies inside the exact domain (a
 * coordinate at a decimal end is evaluated at that decimal, as a ball).
 *   upper bounds on a box: the natural interval extension of g's formulas, intersected with
 *     the mean-value form f(c) + Σₖ ∂ₖf(X)(Xₖ − cₖ) (analytic first derivatives of g);
 *   monotonicity: where ∂ₖf has one sign on the whole box, the extreme lies on a face, and the
 *     box is reduced to it;
 *   lower bounds (for a max): balls at points, starting from the numeric optimum;
 *   splitting: the widest side relative to the domain, OpenMP over the leading boxes.
 * The spectral norm uses the natural extension of the Jacobian's entries.
 */
#ifndef SELFNORM_CERTIFY_H
#define SELFNORM_CERTIFY_H

#include <stddef.h>
#include "selfnorm/arb.h"
#include "selfnorm/theorems.h"
#include "selfnorm/certificate.h"
#include "selfnorm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    double lo, hi;            /* the extreme lies in [lo, hi] (outward-rounded doubles) */
    double at[4];             /* the witness: the point that attains the end lo (of a max) or
                                 hi (of a min); the nearest doubles, for display */
    int at_end[4];            /* −1: that coordinate is exactly the domain's lower end, +1 its
                                 upper end (decimals such as 0.1 are no doubles); 0: at[k] */
    long boxes;               /* boxes evaluated */
    int complete;             /* the width target was met within the box budget */
    int stuck;                /* a box could not be halved (it is a point, or its sides are
                                 one ulp): the target width cannot be reached */
} sn_enclosure;

/* Certified enclosure of obj's extreme over the exact domain, for exact α, λ. start: a
 * point near the extreme (e.g. sn_box_extremes's) or NULL. width: the target hi − lo.
 * max_boxes: budget. Returns SN_SUCCESS (see complete and stuck), SN_EDOM for an invalid
 * domain or constants, SN_ENOMEM. */
int sn_certify_extreme(sn_enclosure *out, const sn_objective *obj, const sn_domain *dom,
                       const sn_selu_exact *c, const double *start, double width,
                       long max_boxes, slong prec);

/* The same, also returning the leaves of the search (malloc'd; a bisection of the domain's
 * outward double box) for a certificate. */
int sn_certify_extreme_leaves(sn_enclosure *out, sn_leaf **leaves, size_t *nleaves,
                              const sn_objective *obj, const sn_domain *dom,
                              const sn_selu_exact *c, const double *start, double width,
                              long max_boxes, slong prec);

/* The same, narrowing the width by 100 at a time (down to 1e−12) while the enclosure
 * straddles the bound, or the limit of looseness of a stated bound (sn_bound_needs_narrowing):
 * the verdict does not depend on the width reached. */
int sn_certify_decided(sn_enclosure *out, sn_leaf **leaves, size_t *nleaves,
                       const sn_objective *obj, const sn_domain *dom, const sn_selu_exact *c,
                       const double *start, double width, long max_boxes, slong prec);

/* The objective's condition, decided exactly from the enclosure (its ends are compared with
 * the exact bound, e.g. the decimal −0.1): 1 certified to hold, 0 certified to fail, −1
 * undecided (the enclosure straddles the bound). */
int sn_certified_verdict(const sn_objective *obj, double lo, double hi, const sn_domain *dom);

/* A certificate for the proofs of th's objectives on dom with constants c: enc[k] and the
 * leaves of its search (the certificate takes them over; sn_certificate_free frees them).
 * pad: claims padded outward — the end that the boxes bound by 1/64 of the enclosure's width,
 * the witness's end by 2^−40 relative (absolute below 1) — still true, and robust to a
 * checker whose precision bounds a box a little less tightly than the prover's did; 0 writes
 * the prover's tight claims. */
void sn_certificate_build(sn_certificate *cert, const sn_theorem *th, const sn_domain *dom,
                          const sn_selu_exact *c, const sn_enclosure *enc, sn_leaf *const *leaves,
                          const size_t *nleaves, int pad);

/* The padded claim [*lo, *hi] that sn_certificate_build(..., pad = 1) writes for e: what a
 * certificate proves, and so what a verdict read from it may rest on. */
void sn_certificate_claim(double *lo, double *hi, const sn_objective *obj, const sn_enclosure *e);

#ifdef __cplusplus
}
#endif

#endif
