/* certify.h - rigorous enclosures of the theorems' extremes with ball arithmetic (Arb).
 *
 * For an objective (a quantity of g and max or min) on a box of (μ, ω, ν, τ), a best-first
 * branch-and-bound returns an enclosure [lo, hi] of the extreme that is guaranteed: every
 * number is an Arb ball containing the exact value, α and λ are balls containing the exact
 * constants, and the decimal domain bounds (such as −0.1) are enclosed outward.
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
#include <arb.h>
#include "selfnorm/theorems.h"
#include "selfnorm/certificate.h"

typedef struct {
    double lo, hi;            /* the extreme lies in [lo, hi] (outward-rounded doubles) */
    double at[4];             /* where the lower bound (of a max) was attained */
    long boxes;               /* boxes evaluated */
    int complete;             /* the width target was met within the box budget */
} sn_enclosure;

/* Certified enclosure of obj's extreme over the box (decimal bounds given as text, e.g.
 * "-0.1", so that they are enclosed exactly), for SELU parameters given as balls.
 * start: a point near the extreme (e.g. sn_box_extremes's) or NULL. width: the target
 * hi − lo. max_boxes: budget. Returns GSL_SUCCESS (see complete), or GSL_EDOM. */
int sn_certify_extreme(sn_enclosure *out, const sn_objective *obj, const char *const lo_text[4],
                       const char *const hi_text[4], const arb_t alpha, const arb_t lambda,
                       const double *start, double width, long max_boxes, slong prec);

/* The same, also returning the leaves of the search (malloc'd; a bisection of the domain) for
 * a certificate. */
int sn_certify_extreme_leaves(sn_enclosure *out, sn_leaf **leaves, size_t *nleaves,
                              const sn_objective *obj, const char *const lo_text[4],
                              const char *const hi_text[4], const arb_t alpha,
                              const arb_t lambda, const double *start, double width,
                              long max_boxes, slong prec);

/* The objective's condition, decided rigorously from the enclosure: 1 certified to hold,
 * 0 certified to fail, −1 undecided (the enclosure straddles the bound). */
int sn_certified_verdict(const sn_objective *obj, const sn_enclosure *e,
                         const char *const lo_text[4], const char *const hi_text[4]);

#endif
