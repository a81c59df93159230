/* moments_simd.c - the moment map for four points at once (AVX2 + glibc's libmvec).
 *
 * Only for the regular region, where the direct expectations need no rearrangement:
 *     ν > 0, τ > 0, s = √(ντ) ≥ 0.125, |a| ≤ 2.5 (a = −μω/s), 2s − a ≤ 10.
 * There p and q exceed 0.006, and no erfc argument exceeds 7.1, so the rounding of its
 * argument costs at most ~100 ulp (2u² ulp), and only in E₂ for s ≳ 3, where E₂ ≫ E₁² and
 * nothing cancels. The conditional variance of e^z, E₂ − E₁² ≈ E₁²·s²v(b),
 * cancels by up to 1/(s²v(b)): ~10³ at s = 0.125, where it is the dominant term of ν̃ only
 * for b < 0 (v(b) > 0.36, loss < 200 ulp ≈ 4e−14); for b > 0 its weight q·α²v(b)/v(a) is
 * below 2e−3. Everything stays well inside the 1e−12 budget (tests/test_moments.c checks the
 * region's boundaries against MPFR). With E₁q = E[e^z; z ≤ 0] =
 * e^{m+s²/2} Q(s − a) and E₂q = E[e^{2z}; z ≤ 0] = e^{2m+2s²} Q(2s − a), the same total-variance
 * formula as moments.c gives μ̃ and ν̃, and the same Stein identities its Jacobian. Lanes
 * outside the region are left to the scalar code, which the caller runs for every lane whose
 * mask bit is clear.
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

static inline v4d lane_select(__m256d mask, v4d yes, v4d no)
{
    return (v4d)_mm256_blendv_pd((__m256d)no, (__m256d)yes, mask);
}

/* σ_max of [[a, b], [c, d]] = (hypot(a + d, b − c) + hypot(a − d, b + c))/2; entries are O(1)
 * here, so the plain square roots cannot overflow. */
static inline v4d spectral_norm(v4d a, v4d b, v4d c, v4d d)
{
    return 0.5 * (vsqrt((a + d) * (a + d) + (b - c) * (b - c))
                  + vsqrt((a - d) * (a - d) + (b + c) * (b + c)));
}

/* Entries first, ..., first + 3 of column k: one load when they are adjacent. */
static inline v4d load_column(const sn_point_cols *x, int k, size_t first)
{
    size_t stride = x->stride[k];
    const double *c = x->col[k] + first * stride;
    if (stride == 1) return (v4d)_mm256_loadu_pd(c);
    return (v4d){ c[0], c[stride], c[2 * stride], c[3 * stride] };
}

int sn_map4_avx2(double mu_new[4], double nu_new[4], sn_jacobian *jac, const sn_point_cols *x,
                 size_t first, sn_selu prm)
{
    v4d mu = load_column(x, 0, first), omega = load_column(x, 1, first);
    v4d nu = load_column(x, 2, first), tau = load_column(x, 3, first);
    v4d m = mu * omega, s2 = nu * tau;
    v4d s = vsqrt(s2);
    v4d a = -m / s;
    /* the region; NaN fails every comparison */
    v4d zero = splat(0), one = splat(1);
    __m256d inside = _mm256_and_pd(
        _mm256_and_pd(_mm256_cmp_pd((__m256d)nu, (__m256d)zero, _CMP_GT_OQ),
                      _mm256_cmp_pd((__m256d)tau, (__m256d)zero, _CMP_GT_OQ)),
        _mm256_and_pd(
            _mm256_and_pd(_mm256_cmp_pd((__m256d)s, (__m256d)splat(0.125), _CMP_GE_OQ),
                          _mm256_cmp_pd((__m256d)(a * a), (__m256d)splat(6.25), _CMP_LE_OQ)),
            _mm256_cmp_pd((__m256d)(2 * s - a), (__m256d)splat(10.0), _CMP_LE_OQ)));
    int mask = _mm256_movemask_pd(inside);
    if (mask == 0) return 0;
    /* outside lanes get harmless values so that no lane raises spurious NaNs */
    m = lane_select(inside, m, zero);
    s = lane_select(inside, s, one);
    s2 = s * s;
    a = lane_select(inside, a, zero);   /* −m/s as before in the inside lanes */

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
    if (!jac) return mask;

    /* the Jacobian, as in moments.c (Stein's identity, heat equation, total covariance) */
    v4d dmu_dm = la * (p + al * q * e1);
    v4d dmu_ds2 = 0.5 * la * (al * q * e1 + (1 - al) * pdf / s);
    v4d cov = al * al * q * neg_var + p * q * gap * (1 - al * e1);
    v4d dnu_dm = 2 * la * la * cov;
    v4d dnu_ds2 = la * la * (p + al * al * q * (2 * e2 - e1)) - 2 * mu_v * dmu_ds2;
    v4d h00 = omega * dmu_dm, h01 = tau * dmu_ds2, h10 = omega * dnu_dm, h11 = tau * dnu_ds2;
    v4d norm = spectral_norm(h00, h01, h10, h11);
    for (int i = 0; i < 4; i++)
        if (mask & (1 << i))
            jac[i] = (sn_jacobian){ .h = { { h00[i], h01[i] }, { h10[i], h11[i] } },
                                    .spectral_norm = norm[i] };
    return mask;
}

#else

int sn_map4_avx2(double mu_new[4], double nu_new[4], sn_jacobian *jac, const sn_point_cols *x,
                 size_t first, sn_selu prm)
{
    (void)mu_new; (void)nu_new; (void)jac; (void)x; (void)first; (void)prm;
    return 0;
}

#endif
