/* testutil.h - shared helpers for the cmocka tests: seeded sampling, the MPFR reference,
 * and error measures. Header-only so that each test binary stays self-contained. */
#ifndef SELFNORM_TESTUTIL_H
#define SELFNORM_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <cmocka.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include "selfnorm/selfnorm.h"

#define REF_PREC 256   /* bits of the MPFR reference: far beyond double's 53 */

/* A box of the four inputs, given as ranges of m = μω and s² = ντ (log-uniform when
 * log_s2 is set) plus ranges of α and λ. */
typedef struct {
    double m_lo, m_hi, s2_lo, s2_hi;
    int log_s2;
    double alpha_lo, alpha_hi, lambda_lo, lambda_hi;
} sample_box;

static inline gsl_rng *test_rng(unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    return r;
}

/* A random point: m and s² from the box, split into (μ, ω) and (ν, τ) with random ω, τ. */
static inline void sample_point(gsl_rng *r, const sample_box *b, sn_point *x, sn_selu *p)
{
    double m = b->m_lo + (b->m_hi - b->m_lo) * gsl_rng_uniform(r);
    double s2 = b->log_s2
        ? exp(log(b->s2_lo) + (log(b->s2_hi) - log(b->s2_lo)) * gsl_rng_uniform(r))
        : b->s2_lo + (b->s2_hi - b->s2_lo) * gsl_rng_uniform(r);
    double omega = (gsl_rng_uniform(r) < 0.5 ? -1 : 1) * (0.5 + 1.5 * gsl_rng_uniform(r));
    double tau = 0.5 + 1.5 * gsl_rng_uniform(r);
    *x = (sn_point){ .mu = m / omega, .omega = omega, .nu = s2 / tau, .tau = tau };
    p->alpha = b->alpha_lo + (b->alpha_hi - b->alpha_lo) * gsl_rng_uniform(r);
    p->lambda = b->lambda_lo + (b->lambda_hi - b->lambda_lo) * gsl_rng_uniform(r);
}

/* A point of a theorem's domain, sampled directly in (μ, ω, ν, τ). */
static inline void sample_domain(gsl_rng *r, const double lo[4], const double hi[4],
                                 sn_point *x)
{
    double v[4];
    for (int i = 0; i < 4; i++) v[i] = lo[i] + (hi[i] - lo[i]) * gsl_rng_uniform(r);
    *x = (sn_point){ .mu = v[0], .omega = v[1], .nu = v[2], .tau = v[3] };
}

/* MPFR reference of g at REF_PREC bits, rounded to double. */
static inline void reference_map(sn_moments *g, sn_point x, sn_selu p)
{
    sn_mpfr_args a;
    mpfr_t mu, nu;
    sn_mpfr_args_init(&a, 53);
    mpfr_inits2(REF_PREC, mu, nu, (mpfr_ptr)0);
    sn_mpfr_args_set_d(&a, x, p);
    int st = sn_mpfr_map(mu, nu, &a, REF_PREC);
    assert_int_equal(st, GSL_SUCCESS);
    g->mu_new = mpfr_get_d(mu, MPFR_RNDN);
    g->nu_new = mpfr_get_d(nu, MPFR_RNDN);
    g->mu_err = g->nu_err = 0;
    mpfr_clears(mu, nu, (mpfr_ptr)0);
    sn_mpfr_args_clear(&a);
}

static inline void reference_jacobian(sn_jacobian *j, sn_point x, sn_selu p)
{
    sn_mpfr_args a;
    mpfr_t h[4], sn;
    sn_mpfr_args_init(&a, 53);
    sn_mpfr_args_set_d(&a, x, p);
    for (int i = 0; i < 4; i++) mpfr_init2(h[i], REF_PREC);
    mpfr_init2(sn, REF_PREC);
    int st = sn_mpfr_jacobian(h, sn, &a, REF_PREC);
    assert_int_equal(st, GSL_SUCCESS);
    for (int i = 0; i < 4; i++) {
        j->h[i / 2][i % 2] = mpfr_get_d(h[i], MPFR_RNDN);
        mpfr_clear(h[i]);
    }
    j->spectral_norm = mpfr_get_d(sn, MPFR_RNDN);
    mpfr_clear(sn);
    sn_mpfr_args_clear(&a);
}

/* |got − want| / max(floor, |want|): relative error, absolute below `floor`. */
static inline double scaled_error(double got, double want, double floor)
{
    if (got == want) return 0.0;  /* also both zero, as after an honest underflow */
    return fabs(got - want) / fmax(floor, fabs(want));
}

#define POINT_FMT "(mu=%.17g omega=%.17g nu=%.17g tau=%.17g alpha=%.17g lambda=%.17g)"
#define POINT_ARGS(x, p) (x).mu, (x).omega, (x).nu, (x).tau, (p).alpha, (p).lambda

#endif
