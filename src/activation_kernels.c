/* activation_kernels.c - each row's f over an array, branch-free so that GCC vectorizes it.
 *
 * Compiled with -O3 -ffast-math (Makefile) so that exp, erfc, tanh, log1p go through glibc's
 * libmvec (≤ 4 ulp), as mlp_kernels.c does; target_clones adds an AVX2 version chosen at load
 * time. Inputs are finite; exponents are clamped so that no intermediate is infinite (fast
 * math assumes none is). The fast Gauss–Hermite path of activation_quad.c evaluates f at all
 * of its nodes with one call; its results are checked against MPFR (tests/test_activation.c).
 */
#include <math.h>
#include "activation_internal.h"

#define EXP_MAX 709.0   /* e^709 < DBL_MAX: 1/(1 + e^t) stays finite, ≥ 1.2e−308 (sigma) */
#define SQRT_2_OVER_PI 0.797884560802865355879892119869  /* √(2/π) */
#define GELU_TANH_CUBIC 0.044715                          /* Hendrycks & Gimpel 2016 */
#define INV_SQRT_2PI 0.398942280401432677939946059934     /* 1/√(2π) */

#define KERNEL(name)                                                                         \
    __attribute__((target_clones("avx2", "default")))                                        \
    static void name(double *restrict y, const double *restrict x, size_t n,                 \
                     const double *restrict p)

/* σ(t) = 1/(1 + e^{−t}): relatively accurate on both sides (e^{−t} large or small) */
static inline double sigma(double t)
{
    return 1.0 / (1.0 + exp(fmin(-t, EXP_MAX)));
}

KERNEL(f_tanh)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) y[i] = tanh(x[i]);
}

/* x Φ(x) = x erfc(−x/√2)/2 */
KERNEL(f_gelu)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) y[i] = 0.5 * x[i] * erfc(-x[i] * M_SQRT1_2);
}

/* x/2 (1 + tanh u) = x σ(2u), u = √(2/π)(x + 0.044715x³) */
KERNEL(f_gelu_tanh)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) {
        double v = x[i], u = SQRT_2_OVER_PI * (v + GELU_TANH_CUBIC * v * v * v);
        y[i] = v * sigma(2 * u);
    }
}

KERNEL(f_silu)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) y[i] = x[i] * sigma(x[i]);
}

/* ln(1 + eˣ) = max(x, 0) + ln(1 + e^{−|x|}) */
KERNEL(f_softplus)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) y[i] = fmax(x[i], 0.0) + log1p(exp(-fabs(x[i])));
}

KERNEL(f_sigmoid)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) y[i] = sigma(x[i]);
}

/* φ(Z) = e^{−Z²/2}/√(2π); for |Z| < 8 the rounding of Z² costs ≤ 32 ulp·ε relatively (the
 * caller recomputes the rare nodes beyond with sn_normal_pdf's exact split of Z²). */
__attribute__((target_clones("avx2", "default")))
void sn_act_gauss_pdf(double *restrict phi, const double *restrict Z, size_t n)
{
    #pragma omp simd
    for (size_t i = 0; i < n; i++) phi[i] = INV_SQRT_2PI * exp(-0.5 * Z[i] * Z[i]);
}

const sn_act_kernels SN_ACT_KERNELS_TANH = { f_tanh };
const sn_act_kernels SN_ACT_KERNELS_GELU = { f_gelu };
const sn_act_kernels SN_ACT_KERNELS_GELU_TANH = { f_gelu_tanh };
const sn_act_kernels SN_ACT_KERNELS_SILU = { f_silu };
const sn_act_kernels SN_ACT_KERNELS_SOFTPLUS = { f_softplus };
const sn_act_kernels SN_ACT_KERNELS_SIGMOID = { f_sigmoid };
