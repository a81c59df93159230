/* theorems.h - the paper's Theorems 1–3 as data, and their numeric check over a box.
 *
 * Each statement is a list of objectives (a quantity of g over a 4-D box of (μ, ω, ν, τ) and
 * whether its maximum or minimum matters) with a condition on each extreme:
 *   theorem1   g maps Ω = [μ_lo, μ_hi] × [ν_lo, ν_hi] into itself and contracts there:
 *              max ‖H‖₂ < 1, μ̃ ∈ [μ_lo, μ_hi], ν̃ ∈ [ν_lo, ν_hi]      (Klambauer et al., Thm 1)
 *   theorem2   large variances decrease: max (ν̃ − ν) < 0                      (Thm 2)
 *   theorem3a, theorem3b   small variances increase: min (ν̃ − ν) > 0         (Thm 3)
 * The numeric check (sn_box_extremes) searches a grid and refines the best points with a
 * local optimizer; it finds extremes, it does not prove them (that is certify.h's job).
 */
#ifndef SELFNORM_THEOREMS_H
#define SELFNORM_THEOREMS_H

#include <stddef.h>
#include "selfnorm/selu.h"
#include "selfnorm/decimal.h"
#include "selfnorm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { SN_MU, SN_OMEGA, SN_NU, SN_TAU };   /* axes of a box */

typedef struct {
    double lo[4], hi[4];   /* (μ, ω, ν, τ) */
} sn_box;

/* Quantities of g at a point (μ, ω, ν, τ), with ξ̃ = ν̃ + μ̃² the second moment:
 * ‖H‖₂, μ̃, ν̃, ν̃ − ν, ξ̃, ξ̃ − ν, ν̃/ν, ∂ξ̃/∂ν, and the spectral norm of the Jacobian of
 * (μ̃, ξ̃) with respect to (μ, ν), the matrix the paper's Lemma 12 bounds. */
typedef enum {
    SN_Q_SPECTRAL_NORM, SN_Q_MEAN, SN_Q_VAR, SN_Q_VAR_INCREASE, SN_Q_SECOND_MOMENT,
    SN_Q_XI_INCREASE, SN_Q_VAR_RATIO, SN_Q_DXI_DNU, SN_Q_SPECTRAL_NORM_XI
} sn_quantity;
typedef enum { SN_MIN, SN_MAX } sn_sense;

/* What an extreme must satisfy: < c, > c, ≥ the box's lower bound on an axis, ≤ its upper. */
typedef enum { SN_BELOW, SN_ABOVE, SN_AT_LEAST_LO, SN_AT_MOST_HI } sn_condition;

#define SN_MAX_OBJECTIVES 6

typedef struct {
    const char *key;        /* JSON key, e.g. "max_spectral_norm" */
    sn_quantity quantity;
    sn_sense sense;
    sn_condition condition;
    const char *bound;      /* for SN_BELOW / SN_ABOVE: an exact decimal ("1", "-0.03106") */
    int axis;               /* for SN_AT_LEAST_LO / SN_AT_MOST_HI */
    const char *published;  /* a published value of this extreme on the statement's domain, as
                               printed (its last digit sets the tolerance); NULL if none */
    const char *published_source;   /* where that value is printed */
    int stated;             /* the bound is a number the paper states (rounded to its digits):
                               a bound that holds by more than a unit of its last digit is loose */
} sn_objective;

typedef struct {
    const char *name;       /* "theorem1" */
    const char *statement;  /* one line */
    const char *source;     /* where the paper states it */
    const char *note;       /* how it relates to the paper's text, or NULL */
    const char *lo[4], *hi[4];   /* its domain of (μ, ω, ν, τ), exact decimals */
    size_t nobjectives;
    sn_objective objectives[SN_MAX_OBJECTIVES];
    int ours;               /* selfnorm's own step in an argument, not a statement of the paper */
} sn_theorem;

#define SN_NTHEOREMS 18
extern const sn_theorem SN_THEOREMS[SN_NTHEOREMS];

/* The theorem called name, or NULL. */
const sn_theorem *sn_theorem_find(const char *name);

/* A domain as exact decimals (the paper's or a user's): 0.1 means 1/10. */
typedef struct {
    char lo[4][SN_DECIMAL_MAX + 1], hi[4][SN_DECIMAL_MAX + 1];
} sn_domain;

/* The statement's own domain. */
void sn_theorem_domain(sn_domain *d, const sn_theorem *th);
/* Replaces one axis: SN_SUCCESS, or SN_EINVAL (not decimals, lo > hi exactly, ν or τ not
 * positive on the whole range). */
int sn_domain_set(sn_domain *d, int axis, const char *lo, const char *hi);
/* Is every bound a valid decimal, lo ≤ hi, and ν, τ > 0 (exactly)? SN_SUCCESS or SN_EDOM. */
int sn_domain_check(const sn_domain *d);
/* Do two domains denote the same set (exact rational comparison: 0.10 = 0.1)? */
int sn_domain_equal(const sn_domain *a, const sn_domain *b);
/* The domain with each bound rounded to the nearest double, for the numeric search. */
int sn_domain_box(sn_box *box, const sn_domain *d);
/* The domain's double box rounded outward: it contains the exact domain. */
int sn_domain_outer_box(sn_box *box, const sn_domain *d);

/* How an extreme stands to its objective's bound. The margin is how far the extreme lies on
 * the right side of the bound (bound − max for "max < bound", min − bound for "min > bound";
 * negative on the wrong side). A bound holds when the margin is certainly positive (≥ 0 for
 * the domain-bound conditions ≥, ≤), is violated when it certainly is not, and a stated bound
 * (sn_objective.stated) that holds by more than one unit of its last printed digit is loose. */
typedef enum { SN_BOUND_HOLDS, SN_BOUND_LOOSE, SN_BOUND_VIOLATED, SN_BOUND_UNDECIDED } sn_bound_verdict;

/* From an enclosure [lo, hi] of the extreme (lo = hi for a numeric value): the verdict, and
 * the margin's enclosure [*margin_lo, *margin_hi] rounded outward (computed exactly from the
 * decimal bound). */
sn_bound_verdict sn_bound_check(double *margin_lo, double *margin_hi, const sn_objective *obj,
                                double lo, double hi, const sn_domain *dom);
/* Would a narrower enclosure change the verdict: it straddles the bound, or (for a stated
 * bound) the margin straddles one unit of the bound's last digit, so that "loose" is open? */
int sn_bound_needs_narrowing(const sn_objective *obj, double lo, double hi, const sn_domain *dom);
/* "holds", "holds_loose", "violated", "undecided" */
const char *sn_bound_verdict_name(sn_bound_verdict v);
/* Is the published value consistent with an enclosure [lo, hi] of the extreme: does its
 * rounding interval (± half a unit of its last printed digit) meet [lo, hi]? 1 or 0; −1 when
 * nothing is published. */
int sn_published_consistent(const sn_objective *obj, double lo, double hi);

/* How a published value stands to a certified enclosure [lo, hi] of the extreme: consistent
 * (to its last digit); not the extreme (a published maximum below lo, or minimum above hi: a
 * value that is attained, but not the extreme — a finding about the published figure); or in
 * disagreement with the proof. *gap: how far outside the enclosure it lies. */
typedef enum { SN_PUB_CONSISTENT, SN_PUB_NOT_EXTREME, SN_PUB_DISAGREES } sn_published_standing;
sn_published_standing sn_published_check(double *gap, const sn_objective *obj, double lo, double hi);

/* One unit of the last printed digit of a decimal (0.06773 → 1e−5, 1.5e-3 → 1e−4). */
double sn_decimal_unit(const char *text);

/* The condition an objective states, as one line ("max spectral_norm < 1",
 * "min mu_new >= mu_lo"): what certificates record and checkers compare. */
const char *sn_objective_condition(char *buf, size_t n, const sn_objective *obj);

/* SN_SUCCESS if every lo ≤ hi is finite and ν, τ are positive on the box, else SN_EDOM. */
int sn_box_check(const sn_box *box);

typedef struct {
    double value;
    double at[4];           /* where it is attained: (μ, ω, ν, τ) */
} sn_extreme;

/* The quantity at one point (GSL status as sn_map). */
int sn_quantity_eval(double *value, sn_quantity q, const double x[4], sn_selu p);

/* Extremes of the objectives over the box: a grid of `grid` points per axis (grid^4 in all,
 * in parallel), then Nelder–Mead from the best grid point, inside the box. */
int sn_box_extremes(sn_extreme *out, const sn_objective *obj, size_t nobj, const sn_box *box,
                    sn_selu p, int grid);

/* Does the (numeric) extreme satisfy its objective's condition on this box? */
int sn_objective_holds(const sn_objective *obj, const sn_box *box, double value);

#ifdef __cplusplus
}
#endif

#endif
