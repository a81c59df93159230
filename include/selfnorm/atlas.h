/* atlas.h - an atlas of provable parameters: a statement of the theorems table proven (or
 * refuted) cell by cell over a grid of two parameters.
 *
 * A parameter is α, λ, or a bound of the statement's domain: μ, ν, τ lo/hi, or ω by its
 * centre and half-width. Grid values are exact decimals: value_k = lo + k (hi − lo)/(n − 1),
 * k = 0..n−1, written with D fraction digits (D = the digits of lo and hi plus those of n − 1,
 * plus 2), rounded to nearest when the quotient does not terminate there; the decimal printed
 * for a cell is the exact parameter of its proof (0.1 is 1/10).
 *
 * A cell is the statement's conditions, each decided by certify.h's branch-and-bound on the
 * cell's exact domain with the cell's exact constants: certified (every condition holds),
 * refuted (one is certified to fail) or undecided (within the box budget). Each cell carries
 * its own certificate (certificate.h), which `check-certificate` re-verifies.
 *
 * The bundle is the atlas's journal and its proof at once: a header record (the atlas's
 * specification) and one record per finished cell (its result and its certificate), each
 * with its length and CRC-32, appended and flushed as cells finish. A run that is killed
 * leaves at worst a truncated last record, which a resumed run cuts off; it then computes
 * only the cells the bundle lacks.
 */
#ifndef SELFNORM_ATLAS_H
#define SELFNORM_ATLAS_H

#include <stddef.h>
#include <stdio.h>
#include "selfnorm/theorems.h"
#include "selfnorm/constants.h"
#include "selfnorm/certificate.h"
#include "selfnorm/fixedpoint.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The parameters a grid can run over (the order of SN_ATLAS_PARAMS). */
typedef enum {
    SN_ATLAS_ALPHA, SN_ATLAS_LAMBDA, SN_ATLAS_OMEGA_CENTER, SN_ATLAS_OMEGA_HALFWIDTH,
    SN_ATLAS_MU_LO, SN_ATLAS_MU_HI, SN_ATLAS_NU_LO, SN_ATLAS_NU_HI, SN_ATLAS_TAU_LO,
    SN_ATLAS_TAU_HI, SN_ATLAS_NPARAMS
} sn_atlas_param;

typedef struct {
    const char *name;       /* option and column name: "alpha", "omega-center", "nu-hi" */
    const char *meaning;
} sn_atlas_param_info;
extern const sn_atlas_param_info SN_ATLAS_PARAMS[SN_ATLAS_NPARAMS];

/* The parameter called name, or −1. */
int sn_atlas_param_find(const char *name);

#define SN_ATLAS_MAX_AXIS 4096          /* grid points per axis */
#define SN_ATLAS_MAX_CELLS (1L << 22)   /* 4 194 304 cells: 2048 x 2048 */

/* What an atlas is: everything that fixes its cells' results. */
typedef struct {
    const sn_theorem *theorem;
    sn_domain domain;                  /* the statement's domain with the fixed parameters */
    int is01;                          /* α, λ are α01, λ01 (neither gridded nor given) */
    char alpha[SN_DECIMAL_MAX + 1], lambda[SN_DECIMAL_MAX + 1];   /* else: exact decimals
                                          (the gridded one's text is unused) */
    int axis[2];                       /* the gridded parameters (sn_atlas_param) */
    char lo[2][SN_DECIMAL_MAX + 1], hi[2][SN_DECIMAL_MAX + 1];
    long n[2];                         /* grid points per axis, ≥ 2 */
    double width;                      /* target width of enclosures (narrowed while needed) */
    long max_boxes;                    /* box budget per condition and cell */
} sn_atlas_spec;

/* Checks a specification and every cell's problem (exact: the domains of the four corner
 * cells — each bound is affine in a parameter — must be valid). GSL_SUCCESS, or GSL_EINVAL
 * with the reason in err. */
int sn_atlas_spec_check(const sn_atlas_spec *s, char *err, size_t errlen);

/* The spec as canonical text (the bundle's header) and back. Parse: GSL_SUCCESS or
 * GSL_EINVAL (message in err). */
int sn_atlas_spec_write(FILE *f, const sn_atlas_spec *s);
/* The same text in memory (malloc'd, *len bytes; free it), or NULL without memory. */
char *sn_atlas_spec_text(const sn_atlas_spec *s, size_t *len);
int sn_atlas_spec_parse(sn_atlas_spec *s, const char *text, size_t len, char *err, size_t errlen);
/* Do two specs describe the same atlas (same text)? */
int sn_atlas_spec_equal(const sn_atlas_spec *a, const sn_atlas_spec *b);

/* Fixes a parameter that is not gridded to an exact decimal (α, λ: the constants, which
 * then are no longer α01, λ01; a bound: the domain). GSL_SUCCESS or GSL_EINVAL. */
int sn_atlas_fix(sn_atlas_spec *s, int param, const char *value);

/* The exact value of grid point k of axis a, as a decimal (see above). */
int sn_atlas_value(char *buf, size_t n, const sn_atlas_spec *s, int a, long k);

/* Cell (i, j)'s exact problem: its domain and constants, and its two parameter values. */
int sn_atlas_cell_problem(sn_domain *dom, sn_selu_exact *c, char value[2][SN_DECIMAL_MAX + 1],
                          const sn_atlas_spec *s, long i, long j);

typedef enum { SN_ATLAS_CERTIFIED, SN_ATLAS_REFUTED, SN_ATLAS_UNDECIDED } sn_atlas_verdict;
const char *sn_atlas_verdict_name(sn_atlas_verdict v);   /* "certified", "refuted", "undecided" */

typedef struct {
    long i, j;
    char value[2][SN_DECIMAL_MAX + 1];
    sn_atlas_verdict verdict;
    size_t deciding;            /* the objective that decides: the first certified to fail
                                   (refuted), the first undecided, or the one with the least
                                   certified margin (certified) */
    size_t nobjectives;
    double lo[SN_MAX_OBJECTIVES], hi[SN_MAX_OBJECTIVES];   /* the certificate's claims:
                                   each extreme lies in [lo, hi] (exact doubles) */
    int objective_verdict[SN_MAX_OBJECTIVES];              /* 1 holds, 0 fails, −1 undecided */
    double margin;              /* the deciding objective's margin, rounded toward what is
                                   certain: a certified or undecided cell's condition holds by
                                   at least margin (the lower end); a refuted cell's fails by
                                   at least −margin (the upper end, < 0) */
    /* the fixed point of g (numeric: a GSL root) at (ω, τ) = (0, 1) when the domain holds
     * it, else at the centre of the cell's ω and τ ranges */
    int fp_found;
    double fp_omega, fp_tau, fp_mu, fp_nu, fp_radius, fp_norm;
    sn_verdict fp_attracting;
    long boxes;
    double seconds;
} sn_atlas_cell;

/* Computes cell (i, j); with cert != NULL also its certificate (free with
 * sn_certificate_free). GSL_SUCCESS or GSL_ENOMEM / GSL_EDOM. Deterministic: the same result
 * (but seconds) whichever thread or process computes it. */
int sn_atlas_cell_compute(sn_atlas_cell *cell, sn_certificate *cert, const sn_atlas_spec *s,
                          long i, long j);

/* One cell as a line (no newline) of the bundle's result record, and back. */
int sn_atlas_cell_write(FILE *f, const sn_atlas_cell *cell);
int sn_atlas_cell_parse(sn_atlas_cell *cell, const char *line, size_t len);

/* --- the bundle: journal and proof ---------------------------------------------------- */

#define SN_ATLAS_MAGIC "selfnorm-atlas 1\n"

/* A record: "KIND LEN CRC32\n" then LEN bytes of payload (CRC-32 of the payload, hex).
 * Kinds: "spec" (first), then "cell". Appends one and flushes it to the kernel: a killed
 * process loses nothing written. */
int sn_atlas_record_append(FILE *f, const char *kind, const char *payload, size_t len);
/* Syncs the file to the disk (fdatasync): what a lost node needs. A sync costs milliseconds,
 * more than a master spends on a cell otherwise, so writers sync at most once a second
 * (SN_ATLAS_SYNC_SECONDS) and at the end: a lost node loses at most that second's cells,
 * which a resumed run recomputes. */
#define SN_ATLAS_SYNC_SECONDS 1.0
int sn_atlas_sync(FILE *f);

/* A cell's record payload: "result <cell line>\n" then the certificate's text. malloc'd. */
int sn_atlas_cell_payload(char **payload, size_t *len, const sn_atlas_cell *cell,
                          const sn_certificate *cert);

/* Reading a bundle. */
typedef struct {
    sn_atlas_spec spec;
    int have_spec;
    size_t ncells;
    sn_atlas_cell *cells;        /* in the bundle's order */
    size_t *cert_offset, *cert_len;   /* each cell's certificate text within text */
    size_t good_end;             /* bytes up to the end of the last intact record */
    int truncated;               /* a damaged or cut last record followed it */
} sn_atlas_bundle;

/* The cell's verdict, deciding objective and margin from its objectives' claims lo, hi and
 * verdicts on the domain dom: what sn_atlas_cell_compute records, and what a checker
 * recomputes to hold a recorded cell to. */
void sn_atlas_cell_decide(sn_atlas_cell *cell, const sn_theorem *th, const sn_domain *dom);

/* Reads text[0..len). Strict: a record that is damaged (CRC, syntax) and not the last one,
 * a cell outside the grid, a cell given twice, or a header of another kind is GSL_EINVAL
 * (message in err). A damaged or truncated LAST record is not an error when tolerate_tail:
 * good_end says where the intact part ends. */
int sn_atlas_bundle_read(sn_atlas_bundle *b, const char *text, size_t len, int tolerate_tail,
                         char *err, size_t errlen);
void sn_atlas_bundle_free(sn_atlas_bundle *b);

/* CRC-32 (zlib's) of a buffer. */
unsigned long sn_atlas_crc(const char *p, size_t len);

#ifdef __cplusplus
}
#endif

#endif
