/* status.h - the status codes every selfnorm function returns, and their messages.
 *
 * They are GSL's codes under selfnorm's prefix (SN_EDOM == SN_EDOM, ...: src/status.c checks
 * each pair at compile time), so that a program can test results without including GSL's
 * headers, and codes that GSL routines return inside selfnorm pass through unchanged. Codes
 * from 1001 on are selfnorm's own.
 */
#ifndef SELFNORM_STATUS_H
#define SELFNORM_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

enum {
    SN_SUCCESS  = 0,
    SN_FAILURE  = -1,
    SN_CONTINUE = -2,  /* iteration has not converged */
    SN_EDOM     = 1,   /* input domain error, e.g. a variance <= 0 */
    SN_ERANGE   = 2,   /* output range error, e.g. exp(1e100) */
    SN_EFAULT   = 3,   /* invalid pointer */
    SN_EINVAL   = 4,   /* invalid argument supplied by user */
    SN_EFAILED  = 5,   /* generic failure */
    SN_EFACTOR  = 6,   /* factorization failed */
    SN_ESANITY  = 7,   /* sanity check failed - shouldn't happen */
    SN_ENOMEM   = 8,   /* malloc failed */
    SN_EBADFUNC = 9,   /* problem with user-supplied function */
    SN_ERUNAWAY = 10,  /* iterative process is out of control */
    SN_EMAXITER = 11,  /* exceeded max number of iterations */
    SN_EZERODIV = 12,  /* tried to divide by zero */
    SN_EBADTOL  = 13,  /* user specified an invalid tolerance */
    SN_ETOL     = 14,  /* failed to reach the specified tolerance */
    SN_EUNDRFLW = 15,  /* underflow */
    SN_EOVRFLW  = 16,  /* overflow */
    SN_ELOSS    = 17,  /* loss of accuracy */
    SN_EROUND   = 18,  /* failed because of roundoff error */
    SN_EBADLEN  = 19,  /* matrix, vector lengths are not conformant */
    SN_ENOTSQR  = 20,  /* matrix not square */
    SN_ESING    = 21,  /* apparent singularity detected */
    SN_EDIVERGE = 22,  /* integral or series is divergent */
    SN_EUNSUP   = 23,  /* requested feature is not supported by the hardware */
    SN_EUNIMPL  = 24,  /* requested feature not (yet) implemented */
    SN_ECACHE   = 25,  /* cache limit exceeded */
    SN_ETABLE   = 26,  /* table limit exceeded */
    SN_ENOPROG  = 27,  /* iteration is not making progress towards solution */
    SN_ENOPROGJ = 28,  /* jacobian evaluations are not improving the solution */
    SN_ETOLF    = 29,  /* cannot reach the specified tolerance in F */
    SN_ETOLX    = 30,  /* cannot reach the specified tolerance in X */
    SN_ETOLG    = 31,  /* cannot reach the specified tolerance in gradient */
    SN_EOF      = 32,  /* end of file */

    /* selfnorm's own */
    SN_ENOSOLUTION = 1001,  /* no α > 0, λ > 0 make the target a fixed point (constants.h) */
    SN_EUNDECIDED  = 1002,  /* working precision ran out before a sign was certified */
    SN_ESTOPPED    = 1003   /* training stopped by the caller's callback (train.h) */
};

/* A short English description of a status code, as gsl_strerror gives for GSL's codes; never
 * NULL (unknown codes give "unknown status"). The string is static: do not free it. */
const char *sn_strerror(int status);

#ifdef __cplusplus
}
#endif

#endif
