/* mlp_kernels_impl.h - template of the MLP kernels, included by mlp_kernels.c once per
 * element type with REAL, SFX(name) and GEMM defined. */

#define BLOCK 65536   /* elements per RNG block: the unit of reproducible parallel generation */

static void SFX(gaussian_fill)(void *a_, size_t n, double mean, double sd, uint64_t seed)
{
    REAL *a = a_;
    long nblocks = (long)((n + BLOCK - 1) / BLOCK);
    #pragma omp parallel
    {
        gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
        #pragma omp for schedule(static)
        for (long b = 0; b < nblocks; b++) {
            gsl_rng_set(r, sn_mlp_seed(seed, 1, 0, (uint64_t)b));
            size_t end = ((size_t)b + 1) * BLOCK < n ? ((size_t)b + 1) * BLOCK : n;
            for (size_t i = (size_t)b * BLOCK; i < end; i++)
                a[i] = (REAL)(mean + sd * gsl_ran_gaussian_ziggurat(r, 1.0));
        }
        gsl_rng_free(r);
    }
}

/* Z = X W (or X Wᵀ): one block of rows per OpenMP thread, each a single-threaded GEMM.
 * OpenBLAS's own threads wait for each other by spinning; beside two busy processes on the
 * 2 cores that made the forward pass 3.7x slower than when quiet, against 2.0-2.2x with
 * OpenMP threads that wait passively (OMP_WAIT_POLICY=passive, main.c). Quiet, both run at
 * the same speed. */
static void SFX(matmul)(void *Z, const void *X, const void *W, int B, int N, int transpose_w)
{
    int nthreads = omp_get_max_threads(), rows = (B + nthreads - 1) / nthreads;
    int saved = openblas_get_num_threads();
    openblas_set_num_threads(1);
    #pragma omp parallel for schedule(static, 1)
    for (int b = 0; b < nthreads; b++) {
        int r0 = b * rows, nr = B - r0 < rows ? B - r0 : rows;
        if (nr <= 0) continue;
        GEMM(CblasRowMajor, CblasNoTrans, transpose_w ? CblasTrans : CblasNoTrans, nr, N, N, 1,
             (const REAL *)X + (size_t)r0 * (size_t)N, N, W, N, 0, (REAL *)Z + (size_t)r0 * (size_t)N, N);
    }
    openblas_set_num_threads(saved);
}

/* The activation over a chunk, vectorized by the compiler (libmvec's expf/exp,
 * tanhf/tanh); each loop is kept branch-free so that it vectorizes. */
__attribute__((target_clones("avx2", "default")))
static void SFX(activate_chunk)(REAL *restrict y, const REAL *restrict z, size_t n,
                                act_kind kind, REAL la, REAL lal)
{
    if (kind == KIND_SELU_FAMILY) {
        #pragma omp simd
        for (size_t i = 0; i < n; i++) {
            REAL x = z[i];
            y[i] = x > 0 ? la * x : lal * (EXP(x < 0 ? x : 0) - 1);
        }
    } else if (kind == KIND_TANH) {
        #pragma omp simd
        for (size_t i = 0; i < n; i++) y[i] = TANH(z[i]);
    } else {
        #pragma omp simd
        for (size_t i = 0; i < n; i++) y[i] = z[i];
    }
}

/* The same, with the derivative f'(z) into d. */
__attribute__((target_clones("avx2", "default")))
static void SFX(activate_deriv_chunk)(REAL *restrict y, REAL *restrict d, const REAL *restrict z,
                                      size_t n, act_kind kind, REAL la, REAL lal)
{
    if (kind == KIND_SELU_FAMILY) {
        #pragma omp simd
        for (size_t i = 0; i < n; i++) {
            REAL x = z[i], e = EXP(x < 0 ? x : 0);
            y[i] = x > 0 ? la * x : lal * (e - 1);
            d[i] = x > 0 ? la : lal * e;
        }
    } else if (kind == KIND_TANH) {
        #pragma omp simd
        for (size_t i = 0; i < n; i++) {
            REAL v = TANH(z[i]);
            y[i] = v;
            d[i] = 1 - v * v;
        }
    } else {
        #pragma omp simd
        for (size_t i = 0; i < n; i++) {
            y[i] = z[i];
            d[i] = 1;
        }
    }
}

/* Σ(y − c) and Σ(y − c)² of a chunk still in cache; with c near the mean, the variance
 * Σ(y − c)²/n − (Σ(y − c)/n)² does not cancel. */
__attribute__((target_clones("avx2", "default")))
static void SFX(sums_chunk)(double sums[2], const REAL *restrict y, size_t n, double c)
{
    double s1 = 0, s2 = 0;
    #pragma omp simd reduction(+:s1, s2)
    for (size_t i = 0; i < n; i++) {
        double d = (double)y[i] - c;
        s1 += d;
        s2 += d * d;
    }
    sums[0] += s1;
    sums[1] += s2;
}

#define CHUNK 16384

/* Serial on purpose: a vectorized pass costs ~1/10 of the layer's GEMM, and an OpenMP region
 * between GEMMs leaves libgomp's workers spinning while OpenBLAS's own threads need the
 * cores (measured: the forward pass fell from 90% to 42% of GEMM speed). */
static void SFX(activate)(double sums[2], void *Y, void *deriv, const void *Z, size_t n,
                          const act_params *ap, double shift)
{
    REAL la = (REAL)ap->lambda, lal = (REAL)(ap->lambda * ap->alpha);
    sums[0] = sums[1] = 0;
    for (size_t i = 0; i < n; i += CHUNK) {
        size_t m = n - i < CHUNK ? n - i : CHUNK;
        REAL *y = (REAL *)Y + i;
        if (deriv) SFX(activate_deriv_chunk)(y, (REAL *)deriv + i, (const REAL *)Z + i, m, ap->kind, la, lal);
        else SFX(activate_chunk)(y, (const REAL *)Z + i, m, ap->kind, la, lal);
        SFX(sums_chunk)(sums, y, m, shift);
    }
}

static void SFX(dropout)(double sums[2], void *Y_, void *D_, size_t n, const dropout_params *dp,
                         uint64_t seed, double shift)
{
    REAL *Y = Y_, *D = D_;
    double s1 = 0, s2 = 0;
    long nblocks = (long)((n + BLOCK - 1) / BLOCK);
    REAL q = (REAL)(1 - dp->rate), a = (REAL)dp->a, b = (REAL)dp->b, ap = (REAL)dp->alpha_prime;
    #pragma omp parallel reduction(+:s1, s2)
    {
        gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
        #pragma omp for schedule(static)
        for (long blk = 0; blk < nblocks; blk++) {
            gsl_rng_set(r, sn_mlp_seed(seed, 2, 0, (uint64_t)blk));
            size_t end = ((size_t)blk + 1) * BLOCK < n ? ((size_t)blk + 1) * BLOCK : n;
            for (size_t i = (size_t)blk * BLOCK; i < end; i++) {
                int keep = gsl_rng_uniform(r) >= dp->rate;
                /* alpha: a·(kept ? y : α′) + b; standard: kept ? y/q : 0 */
                REAL v = dp->alpha ? a * (keep ? Y[i] : ap) + b : (keep ? Y[i] / q : 0);
                if (D) D[i] = keep ? D[i] * (dp->alpha ? a : 1 / q) : 0;
                Y[i] = v;
                s1 += v - shift;
                s2 += (v - shift) * (v - shift);
            }
        }
        gsl_rng_free(r);
    }
    sums[0] = s1;
    sums[1] = s2;
}

__attribute__((target_clones("avx2", "default")))
static double SFX(centred_sumsq)(const void *Y_, size_t n, double c)
{
    const REAL *Y = Y_;
    double ss = 0;
    #pragma omp simd reduction(+:ss)
    for (size_t i = 0; i < n; i++) {
        double d = (double)Y[i] - c;
        ss += d * d;
    }
    return ss;
}

static void SFX(hadamard)(void *T_, const void *G_, const void *D_, size_t n)
{
    REAL *T = T_;
    const REAL *G = G_, *D = D_;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) T[i] = G[i] * D[i];
}

static void SFX(column_sums)(double *omega, double *tau, const void *W_, int N)
{
    const REAL *W = W_;
    for (int j = 0; j < N; j++) omega[j] = tau[j] = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double w = W[(size_t)i * N + j];
            omega[j] += w;
            tau[j] += w * w;
        }
}

static void SFX(normalize_columns)(void *W_, int N, double omega, double tau)
{
    REAL *W = W_;
    for (int j = 0; j < N; j++) {
        double mean = 0, ss = 0;
        for (int i = 0; i < N; i++) mean += W[(size_t)i * N + j];
        mean /= N;
        for (int i = 0; i < N; i++) {
            double u = W[(size_t)i * N + j] - mean;
            ss += u * u;
        }
        /* w = ω/N + c·u with Σu = 0: Σw = ω and Σw² = ω²/N + c²Σu² = τ */
        double c = ss > 0 ? sqrt((tau - omega * omega / N) / ss) : 0;
        for (int i = 0; i < N; i++)
            W[(size_t)i * N + j] = (REAL)(omega / N + c * (W[(size_t)i * N + j] - mean));
    }
}

const mlp_ops OPS_NAME = {
    sizeof(REAL), SFX(gaussian_fill), SFX(matmul), SFX(activate), SFX(dropout),
    SFX(centred_sumsq), SFX(hadamard), SFX(column_sums), SFX(normalize_columns),
};

#undef BLOCK
#undef CHUNK
