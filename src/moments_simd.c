/* moments_simd.c - the moment map for four points at once (AVX2 + glibc's libmvec).
 *
 * Only for the regular region, where the direct expectations need no rearrangement:
 *     ν > 0, τ > 0, s = √(ντ) ≥ 0.5, |a| ≤ 2.5 (a = −μω/s), 2s − a ≤ 6.
 * There p and q exceed 0.006, no erfc argument exceeds 4.3 (so the rounding of its argument
 * costs at most ~40 ulp), and the conditional variance of e^z, E₂ − E₁², loses at most a
 * factor ~60 to cancellation: all well inside the 1e−12 budget. With E₁q = E[e^z; z ≤ 0] =
 * e^{m+s²/2} Q(s − a) and E₂q = E[e^{2z}; z ≤ 0] = e^{2m+2s²} Q(2s − a), the same total-variance
 * formula as moments.c gives μ̃ and ν̃. Lanes outside the region are left to the scalar code,
 * which the caller runs for every lane whose mask bit is clear.
 *
 * This file is compiled with -mavx2 -mfma; the caller dispatches on the CPU at run time.
 */
#include <math.h>
#include "moments_internal.h"

#if defined(__x86_64__) && defined(__AVX2__)
#include <immintrin.h>

typedef double v4d __attribute__((vector_size(32)));

/* glibc's libmvec (x86_64 vector ABI names): 4-lane erfc and exp, within 4 ulp. */
extern __m256d _ZGVdN4v_erfc(__m256d);
extern __m256d _ZGVdN4v_exp(__m256d);
static inline v4d verfc(v4d x) { return (v4d)_ZGVdN4v_erfc((__m256d)x); }
static inline v4d vexp(v4d x) { return (v4d)_ZGVdN4v_exp((__m256d)x); }
static inline v4d vsqrt(v4d x) { return (v4d)_mm256_sqrt_pd((__m256d)x); }
static inline v4d splat(double x) { return (v4d){ x, x, x, x }; }

#define INV_SQRT_2PI 0.398942280401432677939946059934

int sn_map4_avx2(double mu_new[4], double nu_new[4], const sn_point x[4], sn_selu prm)
{
    v4d mu = { x[0].mu, x[1].mu, x[2].mu, x[3].mu };
    v4d omega = { x[0].omega, x[1].omega, x[2].omega, x[3].omega };
    v4d nu = { x[0].nu, x[1].nu, x[2].nu, x[3].nu };
    v4d tau = { x[0].tau, x[1].tau, x[2].tau, x[3].tau };
    v4d m = mu * omega, s2 = nu * tau;
    v4d s = vsqrt(s2);
    v4d a = -m / s;
    /* the region; NaN fails every comparison */
    v4d zero = splat(0);
    __m256d inside = _mm256_and_pd(
        _mm256_and_pd(_mm256_cmp_pd((__m256d)nu, (__m256d)zero, _CMP_GT_OQ),
                      _mm256_cmp_pd((__m256d)tau, (__m256d)zero, _CMP_GT_OQ)),
        _mm256_and_pd(
            _mm256_and_pd(_mm256_cmp_pd((__m256d)s, (__m256d)splat(0.5), _CMP_GE_OQ),
                          _mm256_cmp_pd((__m256d)(a * a), (__m256d)splat(6.25), _CMP_LE_OQ)),
            _mm256_cmp_pd((__m256d)(2 * s - a), (__m256d)splat(6.0), _CMP_LE_OQ)));
    int mask = _mm256_movemask_pd(inside);
    if (mask == 0) return 0;
    /* outside lanes get harmless values so that no lane raises spurious NaNs */
    v4d one = splat(1);
    m = (v4d)_mm256_blendv_pd((__m256d)zero, (__m256d)m, inside);
    s = (v4d)_mm256_blendv_pd((__m256d)one, (__m256d)s, inside);
    s2 = s * s;
    a = -m / s;

    v4d r2 = splat(M_SQRT1_2);
    v4d p = 0.5 * verfc(a * r2), q = 0.5 * verfc(-a * r2);
    v4d pdf = vexp(-0.5 * a * a) * INV_SQRT_2PI;
    v4d hazard = pdf / p;                               /* φ/Q */
    v4d r = hazard - a;                                 /* E[Z − a | Z > a] */
    v4d v = 1 - r * hazard;                             /* Var[Z | Z > a] */
    v4d pos_mean = s * r, pos_var = s2 * v;
    v4d e1 = vexp(m + 0.5 * s2) * 0.5 * verfc((s - a) * r2) / q;          /* E[e^z | z ≤ 0] */
    v4d e2 = vexp(2 * m + 2 * s2) * 0.5 * verfc((2 * s - a) * r2) / q;    /* E[e^{2z}| z≤0] */
    v4d al = splat(prm.alpha), la = splat(prm.lambda);
    v4d d1 = 1 - e1, neg_var = e2 - e1 * e1;
    v4d gap = pos_mean + al * d1;
    v4d mu_v = la * (p * pos_mean - q * al * d1);
    v4d nu_v = la * la * (p * pos_var + q * al * al * neg_var + p * q * gap * gap);
    for (int i = 0; i < 4; i++)
        if (mask & (1 << i)) {
            mu_new[i] = mu_v[i];
            nu_new[i] = nu_v[i];
        }
    return mask;
}

#else

int sn_map4_avx2(double mu_new[4], double nu_new[4], const sn_point x[4], sn_selu prm)
{
    (void)mu_new; (void)nu_new; (void)x; (void)prm;
    return 0;
}

#endif
