/* activation_internal.h - the row type of the activation table and the quadrature that rows
 * without closed-form moments use. Not installed. */
#ifndef SELFNORM_ACTIVATION_INTERNAL_H
#define SELFNORM_ACTIVATION_INTERNAL_H

#include "selfnorm/activation.h"

/* Everything the moment map and its Jacobian need, for z ~ N(m, s²). */
typedef struct {
    double mean, var;          /* E f, Var f */
    double dsecond;            /* E f′² */
    double dmean_dm, dmean_ds2, dvar_dm, dvar_ds2;  /* ∂/∂m and ∂/∂s² of the two */
    double mean_err, var_err, dsecond_err;          /* absolute error estimates */
    double jac_rel_err;        /* relative accuracy of the four derivatives */
} sn_act_stats;

/* f(x), f′(x) and the regular part of f″(x) (kinks contribute point masses that the
 * closed forms carry themselves), for the parameters p. */
typedef void sn_act_eval_fn(double x, const double *p, double out[3]);

/* Closed-form moments of z ~ N(m, s²), s > 0, m and s² finite. */
typedef int sn_act_closed_fn(sn_act_stats *st, double m, double s, const double *p);

/* The row's elementwise kernels (activation_kernels.c), vectorized and branch-free: f over an
 * array, y[i] = f(x[i]), and f with f′, d[i] = f′(x[i]), in double and float; p are the
 * row's parameters. */
typedef void sn_act_array_fn(double *restrict y, const double *restrict x, size_t n,
                             const double *restrict p);
typedef struct {
    sn_act_array_fn *f_d;
    void (*fd_d)(double *restrict y, double *restrict d, const double *restrict x, size_t n,
                 const double *restrict p);
    void (*f_f)(float *restrict y, const float *restrict x, size_t n, const double *restrict p);
    void (*fd_f)(float *restrict y, float *restrict d, const float *restrict x, size_t n,
                 const double *restrict p);
} sn_act_kernels;
extern const sn_act_kernels SN_ACT_KERNELS_SELU, SN_ACT_KERNELS_ELU, SN_ACT_KERNELS_RELU,
    SN_ACT_KERNELS_LEAKY_RELU, SN_ACT_KERNELS_LINEAR, SN_ACT_KERNELS_TANH, SN_ACT_KERNELS_GELU,
    SN_ACT_KERNELS_GELU_TANH, SN_ACT_KERNELS_SILU, SN_ACT_KERNELS_SOFTPLUS,
    SN_ACT_KERNELS_SIGMOID;

typedef struct {
    const char *name;          /* "alpha" */
    double lo, hi;             /* range ... */
    int lo_open, hi_open;      /* ... with open (1) or closed (0) ends */
    double def;                /* default */
} sn_act_param;

/* One side of an activation far from its feature: for z beyond x_far (z ≥ x_far on the
 * positive side, z ≤ −x_far on the negative one) f(z) = A + Bz + C e^{−Kz} up to terms below
 * ε/8 relatively in f, f′ and the moments (checked per row in activation.c). */
typedef struct {
    double x_far, A, B, C, K;
} sn_act_far;

struct sn_act_def {
    const char *name;          /* "gelu" */
    const char *variant;       /* "tanh" for "gelu:tanh", else NULL */
    const char *description;
    size_t nparams;
    sn_act_param param[SN_ACT_MAX_PARAMS];
    sn_act_eval_fn *eval;
    sn_act_closed_fn *closed;  /* NULL: moments by quadrature (activation_quad.c) */
    int is_selu;               /* the SELU row: the map is moments.c's sn_map itself */
    const sn_act_kernels *kernels;  /* vectorized f, f′ (activation_kernels.c) */
    const sn_act_far *far;     /* [positive side, negative side], or NULL (closed forms) */
};

/* The moments of f(z), z ~ N(m, s²), by composite Gauss–Kronrod quadrature (see
 * activation_quad.c for the rule and its accuracy). */
int sn_act_quad_stats(sn_act_stats *st, sn_act_eval_fn *eval, const double *p, double m,
                      double s);

/* E f and Var f alone (the map g), by the panels and rule of sn_act_quad_stats with f and the
 * weights at all nodes from the vectorized kernels; absolute error estimates as there. */
int sn_act_quad_map(double *mean, double *var, double *mean_err, double *var_err,
                    const sn_act_kernels *kernels, const double *p, double m, double s);
/* phi[i] = φ(Z[i]), the standard normal density, vectorized (activation_kernels.c); within
 * PDF_VECTOR_ULP ulp for |Z| < PDF_VECTOR_BELOW: Z² is rounded, which moves the exponent
 * Z²/2 ≤ 50 by ≤ 50·ε/2 = 25 ulp relatively, plus exp's 4 ulp and the product's ½. The
 * caller recomputes nodes beyond with sn_normal_pdf (exact split of Z²). */
#define PDF_VECTOR_BELOW 10.0
#define PDF_VECTOR_ULP 32.0
void sn_act_gauss_pdf(double *restrict phi, const double *restrict Z, size_t n);

#endif
