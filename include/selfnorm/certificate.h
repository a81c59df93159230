/* certificate.h - proofs as files: what `verify --rigorous --certificate FILE` writes and
 * `selfnorm check-certificate FILE` re-verifies.
 *
 * Format (text, one record a line, numbers of boxes and points as C99 hex floats so that
 * they are exact; decimal bounds as given):
 *     selfnorm-certificate 1
 *     constants alpha01 lambda01          (or: constants ALPHA LAMBDA, decimals)
 *     statement theorem1
 *     domain MU_LO MU_HI OMEGA_LO OMEGA_HI NU_LO NU_HI TAU_LO TAU_HI
 *     objective KEY                       (a key of the statement's objectives)
 *     enclosure LO HI                     (the claim: the extreme lies in [LO, HI])
 *     point X0 X1 X2 X3                   (where the objective reaches LO (max) / HI (min))
 *     boxes N                             (then N lines of 8 numbers: lo and hi per axis)
 *     ...                                 (further objective records)
 *     end
 * The boxes of an objective must be the leaves of a bisection of the domain (each split at
 * the midpoint of a side); the checker rebuilds that tree, re-bounds every box at its own
 * precision, and evaluates the point: nothing is searched.
 */
#ifndef SELFNORM_CERTIFICATE_H
#define SELFNORM_CERTIFICATE_H

#include <stddef.h>
#include <stdio.h>

#define SN_CERT_MAX_BOXES 20000000
#define SN_CERT_TEXT 64

typedef struct {
    double lo[4], hi[4];
    double bound;   /* the prover's bound of the extreme on this box (not in the file) */
} sn_leaf;

typedef struct {
    char key[SN_CERT_TEXT];
    double lo, hi;          /* claimed enclosure */
    double point[4];
    size_t nboxes;
    sn_leaf *boxes;
} sn_cert_objective;

typedef struct {
    int exact_constants;    /* α01, λ01 themselves */
    char alpha[SN_CERT_TEXT], lambda[SN_CERT_TEXT];
    char statement[SN_CERT_TEXT];
    char lo_text[4][SN_CERT_TEXT], hi_text[4][SN_CERT_TEXT];
    size_t nobjectives;
    sn_cert_objective obj[5];
} sn_certificate;

/* Parses text[0..len) strictly. GSL_SUCCESS, or GSL_EINVAL with a message naming the line in
 * err; never reads past len, never allocates more than the boxes it has read. */
int sn_certificate_parse(sn_certificate *c, const char *text, size_t len, char *err, size_t errlen);
void sn_certificate_free(sn_certificate *c);
int sn_certificate_write(FILE *f, const sn_certificate *c);

/* Verifies every objective: the boxes tile the domain, each box's bound (recomputed at prec)
 * is within the claim, the point reaches the other end. verdicts[k] as sn_certified_verdict
 * for a verified objective, −2 for one that does not verify (why in err). Returns
 * GSL_SUCCESS, or GSL_EINVAL when the certificate names an unknown statement or objective. */
int sn_certificate_check(int *verdicts, const sn_certificate *c, long prec, char *err,
                         size_t errlen);

#endif
