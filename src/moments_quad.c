/* moments_quad.c - the moment map and its Jacobian by adaptive quadrature (GSL QAGS/QAGI).
 *
 * An independent check on the closed form: nothing here shares its algebra. Every quantity is
 * an expectation E[h(z)] = ∫ h(m + sZ) φ(Z) dZ over the standard normal Z, with h piecewise at
 * z = 0, i.e. at Z = a = −m/s. The integral is split at a and at the Gaussian's centre 0
 * (breakpoints clamped to ±CLAMP, beyond which φ < 1e−347), so that each piece is smooth.
 * Variances are integrated as E[(f − c)²] with c = E f from a first pass: no cancellation.
 */
#include <float.h>
#include <math.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include "selfnorm/moments.h"
#include "selfnorm/normal.h"

#define EPSREL 1e-11
#define LIMIT 200
#define CLAMP 40.0

/* The integrands, as functions of z on each side of 0. c is the centring constant. */
typedef enum {
    H_F,            /* f(z)                        → E f */
    H_F_CENTRED2,   /* (f(z) − c)²                 → Var f */
    H_FPRIME,       /* f'(z)                       → ∂μ̃/∂m / λ */
    H_EXP_NEG,      /* eᶻ for z ≤ 0, 0 for z > 0   → E[eᶻ; z ≤ 0] */
    H_COV,          /* (f − c) f'                  → Cov(f, f') */
    H_DVAR_S        /* f'² + (f − c) f''_regular   → ∂Var f/∂s² without the jump term */
} integrand_kind;

typedef struct {
    double m, s, a, alpha, c;
    integrand_kind kind;
} integrand;

static double f_neg(double z, double al) { return al * expm1(z); }

static double eval_h(double z, int negative, const integrand *in)
{
    double al = in->alpha;
    double f = negative ? f_neg(z, al) : z;
    double fp = negative ? al * exp(z) : 1.0;
    switch (in->kind) {
    case H_F: return f;
    case H_F_CENTRED2: return (f - in->c) * (f - in->c);
    case H_FPRIME: return fp;
    case H_EXP_NEG: return negative ? exp(z) : 0.0;
    case H_COV: return (f - in->c) * fp;
    case H_DVAR_S: return fp * fp + (negative ? (f - in->c) * al * exp(z) : 0.0);
    }
    return NAN;
}

static double weighted(double Z, void *params)
{
    const integrand *in = params;
    double z = in->m + in->s * Z;
    return eval_h(z, Z <= in->a, in) * sn_normal_pdf(Z);
}

/* ∫ h(m + sZ) φ(Z) dZ over the real line, in three or four smooth pieces. */
static int expectation(double *value, double *abserr, const integrand *in,
                       gsl_integration_workspace *ws)
{
    double lo = fmax(-CLAMP, fmin(in->a, 0.0)), hi = fmin(CLAMP, fmax(in->a, 0.0));
    gsl_function F = { .function = weighted, .params = (void *)in };
    double v[3] = { 0 }, e[3] = { 0 };
    int st[3] = { GSL_SUCCESS, GSL_SUCCESS, GSL_SUCCESS };
    st[0] = gsl_integration_qagil(&F, lo, 0.0, EPSREL, LIMIT, ws, &v[0], &e[0]);
    if (hi > lo)
        st[1] = gsl_integration_qags(&F, lo, hi, 0.0, EPSREL, LIMIT, ws, &v[1], &e[1]);
    st[2] = gsl_integration_qagiu(&F, hi, 0.0, EPSREL, LIMIT, ws, &v[2], &e[2]);
    *value = v[0] + v[1] + v[2];
    *abserr = e[0] + e[1] + e[2];
    for (int i = 0; i < 3; i++)
        if (st[i]) return st[i];
    return GSL_SUCCESS;
}

typedef struct {
    gsl_integration_workspace *ws;
    integrand in;
} quad_ctx;

static int quad_begin(quad_ctx *q, sn_point x, sn_selu p)
{
    int status = sn_point_check(x, p);
    if (status) return status;
    double m = x.mu * x.omega, s = sqrt(x.nu * x.tau);
    q->in = (integrand){ .m = m, .s = s, .a = -m / s, .alpha = p.alpha, .c = 0.0 };
    q->ws = gsl_integration_workspace_alloc(LIMIT);
    return q->ws ? GSL_SUCCESS : GSL_ENOMEM;
}

static int quad_moment(quad_ctx *q, integrand_kind kind, double *value, double *err)
{
    q->in.kind = kind;
    return expectation(value, err, &q->in, q->ws);
}

int sn_map_quad(sn_moments *g, sn_point x, sn_selu p)
{
    quad_ctx q;
    int status = quad_begin(&q, x, p);
    if (status) return status;
    double mean, mean_err, var, var_err, la = p.lambda;
    int s1 = quad_moment(&q, H_F, &mean, &mean_err);
    q.in.c = mean;
    int s2 = quad_moment(&q, H_F_CENTRED2, &var, &var_err);
    gsl_integration_workspace_free(q.ws);
    /* GSL estimates truncation error only. Forming f − c rounds by ε(|f| + |c|), which
     * perturbs E[(f − c)²] by about 2ε|c|·E|f − c| ≤ 2ε|c|√var (doubled for margin); it
     * dominates when the variance is tiny against the mean. */
    /* and the rounding of f − c itself, (2ε|c|)², which is all that is left when the mean is
     * so large against the spread that every f − c rounds to 0 */
    var_err += 4 * DBL_EPSILON * fabs(mean) * sqrt(var) + pow(2 * DBL_EPSILON * mean, 2);
    *g = (sn_moments){ .mu_new = la * mean, .nu_new = la * la * var,
                       .mu_err = la * mean_err, .nu_err = la * la * var_err };
    if (s1 || s2) return s1 ? s1 : s2;
    /* an error bound beyond the value itself is no result: say so rather than print it */
    if (!isfinite(g->nu_err) || !(g->nu_err < fabs(g->nu_new)) || !isfinite(g->mu_new))
        return GSL_ELOSS;
    return GSL_SUCCESS;
}

/* Jacobian from (see moments.c for the identities)
 *   ∂μ̃/∂m = λ E f',  ∂μ̃/∂s² = λ/2 (α E[eᶻ; z≤0] + (1 − α) φ(a)/s),
 *   ∂ν̃/∂m = 2λ² E[(f − c) f'],
 *   ∂ν̃/∂s² = λ² (E[f'² + (f − c) f''] − (1 − α) c φ(a)/s),  c = E f. */
int sn_map_jacobian_quad(sn_jacobian *jac, sn_point x, sn_selu p)
{
    quad_ctx q;
    int status = quad_begin(&q, x, p);
    if (status) return status;
    double al = p.alpha, la = p.lambda, err;
    double mean, fprime, expneg, cov, dvar;
    int st[5];
    st[0] = quad_moment(&q, H_F, &mean, &err);
    q.in.c = mean;
    st[1] = quad_moment(&q, H_FPRIME, &fprime, &err);
    st[2] = quad_moment(&q, H_EXP_NEG, &expneg, &err);
    st[3] = quad_moment(&q, H_COV, &cov, &err);
    st[4] = quad_moment(&q, H_DVAR_S, &dvar, &err);
    gsl_integration_workspace_free(q.ws);

    double dens0 = sn_normal_pdf(q.in.a) / q.in.s;
    jac->h[0][0] = x.omega * la * fprime;
    jac->h[0][1] = x.tau * 0.5 * la * (al * expneg + (1 - al) * dens0);
    jac->h[1][0] = x.omega * 2 * la * la * cov;
    jac->h[1][1] = x.tau * la * la * (dvar - (1 - al) * mean * dens0);
    jac->spectral_norm = sn_spectral_norm_2x2(jac->h[0][0], jac->h[0][1], jac->h[1][0], jac->h[1][1]);
    for (int i = 0; i < 5; i++)
        if (st[i]) return st[i];
    return GSL_SUCCESS;
}
