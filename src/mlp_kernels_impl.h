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

/* C = α·op(A)·op(B) + β·C with C M×N and op(A) M×K, row-major: one block of C's rows per
 * OpenMP thread, each a single-threaded GEMM. OpenBLAS's own threads wait for each other by
 * spinning; beside two busy processes on the 2 cores that made the MLP's forward pass 3.7x
 * slower than when quiet, against 2.0-2.2x with OpenMP threads that wait passively
 * (OMP_WAIT_POLICY=passive, main.c). Quiet, both run at the same speed. */
static void SFX(gemm)(void *C, const void *A, const void *B, int M, int N, int K, int trans_a,
                      int trans_b, double alpha, double beta)
{
    int nthreads = omp_get_max_threads(), rows = (M + nthreads - 1) / nthreads;
    int saved = openblas_get_num_threads();
    openblas_set_num_threads(1);
    #pragma omp parallel for schedule(static, 1)
    for (int b = 0; b < nthreads; b++) {
        int r0 = b * rows, nr = M - r0 < rows ? M - r0 : rows;
        if (nr <= 0) continue;
        /* rows r0.. of op(A): rows of A, or columns of A when transposed */
        const REAL *a = trans_a ? (const REAL *)A + r0 : (const REAL *)A + (size_t)r0 * (size_t)K;
        GEMM(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
             nr, N, K, (REAL)alpha, a, trans_a ? M : K, B, trans_b ? K : N, (REAL)beta,
             (REAL *)C + (size_t)r0 * (size_t)N, N);
    }
    openblas_set_num_threads(saved);
}

/* Z = X W (or X Wᵀ), all N×N but the B rows of X */
static void SFX(matmul)(void *Z, const void *X, const void *W, int B, int N, int transpose_w)
{
    SFX(gemm)(Z, X, W, B, N, N, 0, transpose_w, 1, 0);
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
    sums[0] = sums[1] = 0;
    for (size_t i = 0; i < n; i += CHUNK) {
        size_t m = n - i < CHUNK ? n - i : CHUNK;
        REAL *y = (REAL *)Y + i;
        /* the row's vectorized kernels (activation_kernels.c), one call per chunk */
        if (deriv) ap->k->ACT_FD(y, (REAL *)deriv + i, (const REAL *)Z + i, m, ap->p);
        else ap->k->ACT_F(y, (const REAL *)Z + i, m, ap->p);
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

static void SFX(column_sums)(double *omega, double *tau, const void *W_, int K, int N)
{
    const REAL *W = W_;
    for (int j = 0; j < N; j++) omega[j] = tau[j] = 0;
    for (int i = 0; i < K; i++)
        for (int j = 0; j < N; j++) {
            double w = W[(size_t)i * N + j];
            omega[j] += w;
            tau[j] += w * w;
        }
}

/* ---- training (src/train.c) ------------------------------------------------------------ */

/* Z[i][j] += b[j] */
static void SFX(add_bias)(void *Z_, const void *b_, int rows, int cols)
{
    REAL *Z = Z_;
    const REAL *b = b_;
    for (int i = 0; i < rows; i++) {
        REAL *z = Z + (size_t)i * cols;
        #pragma omp simd
        for (int j = 0; j < cols; j++) z[j] += b[j];
    }
}

/* out[j] = Σᵢ G[i][j] (a bias's gradient) */
static void SFX(sum_rows)(void *out_, const void *G_, int rows, int cols)
{
    REAL *out = out_;
    const REAL *G = G_;
    for (int j = 0; j < cols; j++) out[j] = 0;
    for (int i = 0; i < rows; i++) {
        const REAL *g = G + (size_t)i * cols;
        #pragma omp simd
        for (int j = 0; j < cols; j++) out[j] += g[j];
    }
}

/* Batch normalization in training mode (Ioffe and Szegedy 2015, Algorithm 1), per column
 * over the batch: x̂ = (x − mean)/√(var + eps), y = γx̂ + β; the batch's mean and (biased)
 * variance are returned for the running averages. Statistics in double. */
static void SFX(batchnorm)(void *Y_, void *xhat_, double *mean, double *var, double *invstd,
                           const void *X_, const void *gamma_, const void *beta_, int rows,
                           int cols, double eps)
{
    REAL *Y = Y_, *xhat = xhat_;
    const REAL *X = X_, *gamma = gamma_, *beta = beta_;
    for (int j = 0; j < cols; j++) mean[j] = var[j] = 0;
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) mean[j] += X[(size_t)i * cols + j];
    for (int j = 0; j < cols; j++) mean[j] /= rows;
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) {
            double d = X[(size_t)i * cols + j] - mean[j];
            var[j] += d * d;
        }
    for (int j = 0; j < cols; j++) {
        var[j] /= rows;
        invstd[j] = 1 / sqrt(var[j] + eps);
    }
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) {
            size_t k = (size_t)i * cols + j;
            REAL h = (REAL)((X[k] - mean[j]) * invstd[j]);
            xhat[k] = h;
            Y[k] = gamma[j] * h + beta[j];
        }
}

/* Its gradient: dβ = Σ dY, dγ = Σ dY·x̂, dX = γ/(B√(var + eps)) · (B·dY − dβ − x̂·dγ). */
static void SFX(batchnorm_backward)(void *dX_, void *dgamma_, void *dbeta_, const void *dY_,
                                    const void *xhat_, const void *gamma_, const double *invstd,
                                    int rows, int cols)
{
    REAL *dX = dX_, *dgamma = dgamma_, *dbeta = dbeta_;
    const REAL *dY = dY_, *xhat = xhat_, *gamma = gamma_;
    for (int j = 0; j < cols; j++) dgamma[j] = dbeta[j] = 0;
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) {
            size_t k = (size_t)i * cols + j;
            dbeta[j] += dY[k];
            dgamma[j] += dY[k] * xhat[k];
        }
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) {
            size_t k = (size_t)i * cols + j;
            dX[k] = (REAL)(gamma[j] * invstd[j] / rows * (rows * (double)dY[k] - dbeta[j] - xhat[k] * (double)dgamma[j]));
        }
}

/* y = x·scale[j] + shift[j]: batch normalization at evaluation, with the running averages */
static void SFX(affine_columns)(void *Y_, const void *X_, const double *scale, const double *shift,
                                int rows, int cols)
{
    REAL *Y = Y_;
    const REAL *X = X_;
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) {
            size_t k = (size_t)i * cols + j;
            Y[k] = (REAL)(X[k] * scale[j] + shift[j]);
        }
}

/* Softmax cross-entropy of the logits (rows × classes) against labels: returns Σ −log p_y
 * (in double, from the log-sum-exp with the row's maximum subtracted) and counts the rows
 * whose largest logit is the label; L (the logits) becomes ∂(mean loss)/∂L = (p − onehot)/rows
 * when grad is set. */
static double SFX(softmax_xent)(void *L_, long *correct, const uint8_t *labels, int rows,
                                int classes, int grad)
{
    REAL *L = L_;
    double loss = 0;
    long right = 0;
    for (int i = 0; i < rows; i++) {
        REAL *l = L + (size_t)i * classes;
        int best = 0;
        for (int c = 1; c < classes; c++)
            if (l[c] > l[best]) best = c;
        double m = l[best], sum = 0;
        for (int c = 0; c < classes; c++) sum += exp(l[c] - m);
        loss += log(sum) + m - l[labels[i]];
        right += best == labels[i];
        if (grad)
            for (int c = 0; c < classes; c++)
                l[c] = (REAL)((exp(l[c] - m) / sum - (c == labels[i])) / rows);
    }
    *correct = right;
    return loss;
}

/* V = m·V − lr·G, W += V (plain SGD when m = 0: V is then −lr·G) */
static void SFX(sgd)(void *W_, void *V_, const void *G_, size_t n, double lr, double momentum)
{
    REAL *W = W_, *V = V_;
    const REAL *G = G_;
    REAL l = (REAL)lr, m = (REAL)momentum;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) {
        V[i] = m * V[i] - l * G[i];
        W[i] += V[i];
    }
}

/* X[r] = src[idx[r]] (rows of dim floats): a minibatch, gathered and converted */
static void SFX(gather_rows)(void *X_, const float *src, const size_t *idx, int rows, int dim)
{
    REAL *X = X_;
    for (int r = 0; r < rows; r++) {
        const float *s = src + idx[r] * (size_t)dim;
        REAL *x = X + (size_t)r * dim;
        for (int j = 0; j < dim; j++) x[j] = (REAL)s[j];
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

static void SFX(from_double)(void *dst_, const double *src, size_t n)
{
    REAL *dst = dst_;
    for (size_t i = 0; i < n; i++) dst[i] = (REAL)src[i];
}

static void SFX(fill)(void *a_, size_t n, double v)
{
    REAL *a = a_;
    for (size_t i = 0; i < n; i++) a[i] = (REAL)v;
}

static void SFX(to_double)(double *dst, const void *src_, size_t n)
{
    const REAL *src = src_;
    for (size_t i = 0; i < n; i++) dst[i] = src[i];
}

const mlp_ops OPS_NAME = {
    sizeof(REAL), SFX(gaussian_fill), SFX(gemm), SFX(matmul), SFX(activate), SFX(dropout),
    SFX(centred_sumsq), SFX(hadamard), SFX(column_sums), SFX(normalize_columns),
    SFX(add_bias), SFX(sum_rows), SFX(batchnorm), SFX(batchnorm_backward), SFX(affine_columns),
    SFX(softmax_xent), SFX(sgd), SFX(gather_rows), SFX(from_double), SFX(fill), SFX(to_double),
};

#undef BLOCK
#undef CHUNK
