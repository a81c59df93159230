/* activation_kernels_impl.h - template of the rows' elementwise kernels, included by
 * activation_kernels.c once per element type with REAL, SFX(name), EXP, TANH, ERFC, LOG1P and
 * EXP_LIMIT (the largest argument whose exponential is finite) defined.
 *
 * For each row: f over an array, and f with f′ (y = f(x), d = f′(x)); p are the row's
 * parameters. The loops are branch-free (selects, not jumps) so that they vectorize. */

#define KERNEL_F(name)                                                                       \
    __attribute__((target_clones("avx2", "default")))                                        \
    static void SFX(f_##name)(REAL *restrict y, const REAL *restrict x, size_t n,            \
                              const double *restrict p)
#define KERNEL_FD(name)                                                                      \
    __attribute__((target_clones("avx2", "default")))                                        \
    static void SFX(fd_##name)(REAL *restrict y, REAL *restrict d, const REAL *restrict x,   \
                               size_t n, const double *restrict p)

/* σ(t) = 1/(1 + e^{−t}): relatively accurate on both sides; the exponent clamped finite */
static inline REAL SFX(sigma)(REAL t)
{
    REAL u = -t < (REAL)EXP_LIMIT ? -t : (REAL)EXP_LIMIT;
    return 1 / (1 + EXP(u));
}

/* selu(x) = λx (x > 0), λα(eˣ − 1) (x ≤ 0), p = (α, λ); f′ = λ or λαeˣ */
KERNEL_F(selu)
{
    REAL la = (REAL)p[1], lal = (REAL)(p[1] * p[0]);
    #pragma omp simd
    for (size_t i = 0; i < n; i++) {
        REAL v = x[i];
        y[i] = v > 0 ? la * v : lal * (EXP(v > 0 ? 0 : v) - 1);
    }
}
KERNEL_FD(selu)
{
    REAL la = (REAL)p[1], lal = (REAL)(p[1] * p[0]);
    #pragma omp simd
    for (size_t i = 0; i < n; i++) {
        REAL v = x[i], e = EXP(v > 0 ? 0 : v);
        y[i] = v > 0 ? la * v : lal * (e - 1);
        d[i] = v > 0 ? la : lal * e;
    }
}

/* elu = SELU with λ = 1, p = (α) */
KERNEL_F(elu)
{
    double q[2] = { p[0], 1.0 };
    SFX(f_selu)(y, x, n, q);
}
KERNEL_FD(elu)
{
    double q[2] = { p[0], 1.0 };
    SFX(fd_selu)(y, d, x, n, q);
}

/* leaky_relu(x) = x (x > 0), kx (x ≤ 0), p = (k); ReLU is k = 0 */
KERNEL_F(leaky)
{
    REAL k = (REAL)p[0];
    #pragma omp simd
    for (size_t i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : k * x[i];
}
KERNEL_FD(leaky)
{
    REAL k = (REAL)p[0];
    #pragma omp simd
    for (size_t i = 0; i < n; i++) {
        y[i] = x[i] > 0 ? x[i] : k * x[i];
        d[i] = x[i] > 0 ? 1 : k;
    }
}
KERNEL_F(relu)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : 0;
}
KERNEL_FD(relu)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) {
        y[i] = x[i] > 0 ? x[i] : 0;
        d[i] = x[i] > 0 ? 1 : 0;
    }
}

KERNEL_F(linear)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) y[i] = x[i];
}
KERNEL_FD(linear)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) {
        y[i] = x[i];
        d[i] = 1;
    }
}

/* tanh′ = 1 − tanh² */
KERNEL_F(tanh)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) y[i] = TANH(x[i]);
}
KERNEL_FD(tanh)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) {
        REAL v = TANH(x[i]);
        y[i] = v;
        d[i] = 1 - v * v;
    }
}

/* gelu(x) = x Φ(x), Φ(x) = erfc(−x/√2)/2; f′ = Φ + xφ */
KERNEL_F(gelu)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) y[i] = (REAL)0.5 * x[i] * ERFC(-x[i] * (REAL)M_SQRT1_2);
}
KERNEL_FD(gelu)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) {
        REAL v = x[i], cdf = (REAL)0.5 * ERFC(-v * (REAL)M_SQRT1_2);
        REAL pdf = (REAL)INV_SQRT_2PI * EXP((REAL)-0.5 * v * v);
        y[i] = v * cdf;
        d[i] = cdf + v * pdf;
    }
}

/* gelu_tanh(x) = x/2 (1 + tanh u) = x σ(2u), u = √(2/π)(x + 0.044715x³);
 * f′ = σ + 2x σ(1 − σ) u′, u′ = √(2/π)(1 + 3·0.044715x²) */
KERNEL_F(gelu_tanh)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) {
        REAL v = x[i], u = (REAL)SQRT_2_OVER_PI * (v + (REAL)GELU_TANH_CUBIC * v * v * v);
        y[i] = v * SFX(sigma)(2 * u);
    }
}
KERNEL_FD(gelu_tanh)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) {
        REAL v = x[i], u = (REAL)SQRT_2_OVER_PI * (v + (REAL)GELU_TANH_CUBIC * v * v * v);
        REAL du = (REAL)SQRT_2_OVER_PI * (1 + 3 * (REAL)GELU_TANH_CUBIC * v * v);
        REAL s = SFX(sigma)(2 * u);
        y[i] = v * s;
        d[i] = s + 2 * v * s * (1 - s) * du;
    }
}

/* silu(x) = x σ(x); f′ = σ(1 + x(1 − σ)) */
KERNEL_F(silu)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) y[i] = x[i] * SFX(sigma)(x[i]);
}
KERNEL_FD(silu)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) {
        REAL s = SFX(sigma)(x[i]);
        y[i] = x[i] * s;
        d[i] = s * (1 + x[i] * (1 - s));
    }
}

/* softplus(x) = max(x, 0) + ln(1 + e^{−|x|}); f′ = σ */
KERNEL_F(softplus)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) {
        REAL v = x[i];
        y[i] = (v > 0 ? v : 0) + LOG1P(EXP(v > 0 ? -v : v));
    }
}
KERNEL_FD(softplus)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) {
        REAL v = x[i];
        y[i] = (v > 0 ? v : 0) + LOG1P(EXP(v > 0 ? -v : v));
        d[i] = SFX(sigma)(v);
    }
}

/* σ; f′ = σ(1 − σ) */
KERNEL_F(sigmoid)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) y[i] = SFX(sigma)(x[i]);
}
KERNEL_FD(sigmoid)
{
    (void)p;
    #pragma omp simd
    for (size_t i = 0; i < n; i++) {
        REAL s = SFX(sigma)(x[i]);
        y[i] = s;
        d[i] = s * (1 - s);
    }
}

#undef KERNEL_F
#undef KERNEL_FD
