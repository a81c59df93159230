/* verify.h - one statement of the paper checked in one call, with flat results: numerically
 * (a grid of grid⁴ points and Nelder-Mead, sn_box_extremes) and, if asked, rigorously (each
 * extreme enclosed in Arb ball arithmetic and narrowed until the verdict is decided,
 * sn_certify_decided), over the statement's own domain with α01, λ01 exactly. This is what
 * `selfnorm verify NAME [--rigorous]` computes, without the certificate; for bindings. */
#ifndef SELFNORM_VERIFY_H
#define SELFNORM_VERIFY_H

#include <stddef.h>
#include "selfnorm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const char *key;        /* the quantity, e.g. "max_spectral_norm" (static string) */
    char condition[96];     /* what it must satisfy, e.g. "max spectral_norm < 1" */
    double value;           /* the numeric extreme */
    double at[4];           /* where it is attained: (μ, ω, ν, τ) */
    int holds;              /* numerically: the condition holds at `value` */
    int rigorous;           /* lo, hi, certified below are set */
    double lo, hi;          /* certified enclosure of the exact extreme (outward-rounded) */
    int certified;          /* 1 certified to hold, 0 certified to fail, −1 undecided */
} sn_verify_result;

/* The number of statements, and the name of statement i (NULL when i is out of range). */
size_t sn_statement_count(void);
const char *sn_statement_name(size_t i);

/* Checks statement `name`; out needs room for SN_VERIFY_MAX results; *n is the number of its
 * quantities. grid: 2..200 points per axis; width: the target width of enclosures (1e−12..1);
 * max_boxes: the box budget per quantity (≤ 2e7). SN_SUCCESS, SN_EINVAL for an unknown name,
 * SN_EDOM for grid, width or max_boxes out of range, SN_ENOMEM. */
#define SN_VERIFY_MAX 6
int sn_verify(sn_verify_result *out, size_t *n, const char *name, int rigorous, int grid,
              double width, long max_boxes);

#ifdef __cplusplus
}
#endif

#endif
