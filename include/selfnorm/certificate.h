/* certificate.h - proofs as files: what `verify --rigorous --certificate FILE` writes and
 * `selfnorm check-certificate FILE` re-verifies.
 *
 * A certificate says exactly what it proves. Format (text, one record a line; box corners
 * as C99 hex floats so that they are exact; decimals are exact rationals, 0.1 is 1/10):
 *     selfnorm-certificate 2
 *     constants alpha01 lambda01          (the exact α01, λ01; or: constants ALPHA LAMBDA,
 *                                          exact decimals)
 *     statement theorem1                  (a statement of the theorems table)
 *     domain MU_LO MU_HI OMEGA_LO OMEGA_HI NU_LO NU_HI TAU_LO TAU_HI   (exact decimals)
 *     objective KEY                       (each objective of the statement exactly once)
 *     condition max spectral_norm < 1     (what the statement requires of it; must match
 *                                          the table: see sn_objective_condition)
 *     enclosure LO HI                     (the claim: the extreme over the exact domain
 *                                          lies in [LO, HI])
 *     point X0 X1 X2 X3                   (a point of the exact domain where the quantity
 *                                          reaches LO (max) / HI (min); hex or decimal)
 *     boxes N                             (then N lines of 8 numbers: lo and hi per axis)
 *     ...                                 (further objective records)
 *     end
 * The boxes of an objective must be the leaves of a bisection of the domain's outward
 * double box (each split at the midpoint of a side); the checker rebuilds that tree,
 * re-bounds every box at its own precision, and evaluates the point: nothing is searched.
 */
#ifndef SELFNORM_CERTIFICATE_H
#define SELFNORM_CERTIFICATE_H

#include <stddef.h>
#include <stdio.h>
#include "selfnorm/theorems.h"
#include "selfnorm/constants.h"
#include "selfnorm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SN_CERT_VERSION 2
#define SN_CERT_MAX_BOXES 20000000
#define SN_CERT_TEXT 64

typedef struct {
    double lo[4], hi[4];
    double bound;   /* the prover's upper bound of sign·f on this box: of f for a maximum,
                       of −f for a minimum (not in the file) */
} sn_leaf;

typedef struct {
    char key[SN_CERT_TEXT];
    char condition[SN_CERT_TEXT];
    double lo, hi;                          /* claimed enclosure */
    char point[4][SN_DECIMAL_MAX + 1];      /* exact: hex floats or decimals */
    size_t nboxes;
    sn_leaf *boxes;
} sn_cert_objective;

typedef struct {
    sn_selu_exact constants;
    char statement[SN_CERT_TEXT];
    sn_domain domain;
    size_t nobjectives;
    sn_cert_objective obj[SN_MAX_OBJECTIVES];
} sn_certificate;

/* Parses text[0..len) strictly (syntax only: what it claims is sn_certificate_check's
 * business). SN_SUCCESS, or SN_EINVAL with a message naming the line in err; never reads
 * past len, never allocates more than the boxes it has read. */
int sn_certificate_parse(sn_certificate *c, const char *text, size_t len, char *err, size_t errlen);
void sn_certificate_free(sn_certificate *c);
int sn_certificate_write(FILE *f, const sn_certificate *c);

/* What a check found. */
typedef struct {
    const sn_theorem *theorem;   /* the statement named, or NULL if unknown */
    int verified;                /* every objective of the statement appears exactly once with
                                    its condition, nothing else does, and every box, bound and
                                    point checks out */
    int holds;                   /* verified, and every condition is certified to hold */
    int fails;                   /* verified, and some condition is certified to fail */
    int paper_statement;         /* the domain and constants are exactly the paper's for this
                                    statement (α01, λ01 and the table's domain) */
    int verdict[SN_MAX_OBJECTIVES];   /* by the statement's objectives (table order): 1 holds,
                                         0 fails, −1 undecided, −2 not verified */
    size_t index[SN_MAX_OBJECTIVES];  /* the certificate's record of each of them */
    char reason[256];            /* why not verified */
} sn_cert_check;

/* Verifies the certificate at precision prec (bits). SN_SUCCESS with the findings in *r
 * (a certificate that proves nothing is still a successful check), or SN_ENOMEM. */
int sn_certificate_check(sn_cert_check *r, const sn_certificate *c, long prec);

#ifdef __cplusplus
}
#endif

#endif
