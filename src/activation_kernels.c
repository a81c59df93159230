/* activation_kernels.c - each row's f over an array, branch-free so that GCC vectorizes it.
 *
 * The kernels are a template (activation_kernels_impl.h) instantiated for float (the MLP) and
 * double (the MLP in double, and the quadrature's vectorized map). Compiled with -O3
 * -ffast-math (Makefile) so that exp, erfc, tanh, log1p go through glibc's libmvec
 * (≤ 4 ulp), as mlp_kernels.c does; target_clones adds an AVX2 version chosen at load
 * time. Inputs are finite; exponents are clamped so that no intermediate is infinite (fast
 * math assumes none is). The fast map of activation_quad.c evaluates f at all the nodes of
 * its Gauss–Kronrod panels with one call; its results are checked against MPFR
 * (tests/test_activation.c).
 */
#include <math.h>
#include "activation_internal.h"

#define SQRT_2_OVER_PI 0.797884560802865355879892119869  /* √(2/π) */
#define GELU_TANH_CUBIC 0.044715                          /* Hendrycks & Gimpel 2016 */
#define INV_SQRT_2PI 0.398942280401432677939946059934     /* 1/√(2π) */

#define REAL float
#define SFX(name) name##_f
#define EXP expf
#define TANH tanhf
#define ERFC erfcf
#define LOG1P log1pf
#define EXP_LIMIT 88.0f   /* e^88 < FLT_MAX */
#include "activation_kernels_impl.h"
#undef REAL
#undef SFX
#undef EXP
#undef TANH
#undef ERFC
#undef LOG1P
#undef EXP_LIMIT

#define REAL double
#define SFX(name) name##_d
#define EXP exp
#define TANH tanh
#define ERFC erfc
#define LOG1P log1p
#define EXP_LIMIT 709.0   /* e^709 < DBL_MAX: σ(t) ≥ 1.2e−308, see activation_quad.c */
#include "activation_kernels_impl.h"

/* φ(Z) = e^{−Z²/2}/√(2π); for |Z| < PDF_VECTOR_BELOW within PDF_VECTOR_ULP ulp
 * (activation_internal.h; the caller recomputes the rare nodes beyond exactly). */
__attribute__((target_clones("avx2", "default")))
static void gauss_pdf(double *restrict phi, const double *restrict Z, size_t n)
{
    #pragma omp simd
    for (size_t i = 0; i < n; i++) phi[i] = INV_SQRT_2PI * exp(-0.5 * Z[i] * Z[i]);
}

/* (a plain wrapper: clang does not export a target_clones function under its own name) */
void sn_act_gauss_pdf(double *restrict phi, const double *restrict Z, size_t n)
{
    gauss_pdf(phi, Z, n);
}

#define ROW_KERNELS(row, name)                                                               \
    const sn_act_kernels SN_ACT_KERNELS_##row = { f_##name##_d, fd_##name##_d, f_##name##_f,  \
                                                  fd_##name##_f }
ROW_KERNELS(SELU, selu);
ROW_KERNELS(ELU, elu);
ROW_KERNELS(RELU, relu);
ROW_KERNELS(LEAKY_RELU, leaky);
ROW_KERNELS(LINEAR, linear);
ROW_KERNELS(TANH, tanh);
ROW_KERNELS(GELU, gelu);
ROW_KERNELS(GELU_TANH, gelu_tanh);
ROW_KERNELS(SILU, silu);
ROW_KERNELS(SOFTPLUS, softplus);
ROW_KERNELS(SIGMOID, sigmoid);
