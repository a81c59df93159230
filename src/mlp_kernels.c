/* mlp_kernels.c - the MLP's elementwise kernels and GEMM calls, for float and double.
 *
 * The activation itself is the table's row kernels (activation_kernels.c, vectorized through
 * libmvec). Compiled with -O3 -ffast-math (Makefile); nothing here depends on IEEE corner
 * cases: inputs are finite activations, and statistics are accumulated in double.
 * target_clones adds AVX2 versions of the hot loops, chosen at load time.
 */
#include <math.h>
#include <omp.h>
#include <gsl/gsl_cblas.h>   /* declarations; the symbols come from OpenBLAS, linked instead of gslcblas */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "mlp_internal.h"

/* OpenBLAS's thread control (cblas.h of OpenBLAS; not in GSL's CBLAS header) */
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);


uint64_t sn_mlp_seed(uint64_t seed, uint64_t purpose, uint64_t layer, uint64_t block)
{
    /* SplitMix64 over the combined key: well-mixed, distinct seeds for distinct keys */
    uint64_t z = seed * 0x9E3779B97F4A7C15ULL + purpose * 0xBF58476D1CE4E5B9ULL
               + layer * 0x94D049BB133111EBULL + block + 1;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return (z ^ (z >> 31)) & 0xFFFFFFFFUL;   /* gsl_rng_set takes an unsigned long; mt19937 uses 32 bits */
}

#define REAL float
#define SFX(name) name##_f
#define GEMM cblas_sgemm
#define ACT_F f_f
#define ACT_FD fd_f
#define OPS_NAME SN_MLP_FLOAT
#include "mlp_kernels_impl.h"
#undef REAL
#undef SFX
#undef GEMM
#undef ACT_F
#undef ACT_FD
#undef OPS_NAME

#define REAL double
#define SFX(name) name##_d
#define GEMM cblas_dgemm
#define ACT_F f_d
#define ACT_FD fd_d
#define OPS_NAME SN_MLP_DOUBLE
#include "mlp_kernels_impl.h"
