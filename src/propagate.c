/* propagate.c - the layer map mixed over units, its iteration with depth, and the mean-field
 * correlation map (see propagate.h for the definitions). */
#include <math.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_roots.h>
#include "selfnorm/dropout.h"
#include "selfnorm/propagate.h"

/* Dropout after the activation, as `mlp` applies it (src/mlp.c, dropout_moments): alpha dropout
 * for SELU, x' = a·d + b with d = x kept with probability q, else α' = −λα, and a, b chosen for
 * the fixed point (0, 1) (paper Eq. for alpha dropout; dropout.h); standard (inverted) dropout
 * x' = d/q otherwise. Updates the mean and the second moment; returns the factor on E f'². */
static int apply_dropout(double *mean, double *second, double *factor, const sn_act *act,
                         double rate)
{
    *factor = 1;
    if (rate == 0) return GSL_SUCCESS;
    double q = 1 - rate, m = *mean, e2 = *second;
    if (strcmp(sn_act_name(act), "selu") == 0) {
        sn_dropout d;
        int st = sn_dropout_params(&d, rate, (sn_selu){ .alpha = act->p[0], .lambda = act->p[1] }, 0, 1);
        if (st) return st;
        double em = q * m + (1 - q) * d.alpha_prime;
        double ee = q * e2 + (1 - q) * d.alpha_prime * d.alpha_prime;
        *mean = d.a * em + d.b;
        *second = d.a * d.a * (ee - em * em) + *mean * *mean;
        *factor = d.a * d.a * q;
        return GSL_SUCCESS;
    }
    *second = e2 / q;   /* E (d/q)² = q·E x²/q² */
    *factor = 1 / q;
    return GSL_SUCCESS;
}

int sn_layer_map(sn_layer_out *out, const sn_layer_model *m, double mu, double nu)
{
    if (!m->act || !(m->tau_mean > 0) || !isfinite(m->tau_mean) || !(m->omega_var >= 0)
        || !isfinite(m->omega_var) || !isfinite(m->omega_mean) || !(m->dropout >= 0)
        || !(m->dropout < 1) || !isfinite(mu) || !(nu >= 0) || !isfinite(nu))
        return GSL_EDOM;
    /* z ~ N(μ E ω, μ² Var ω + ν E τ): the mixture over units (propagate.h) */
    double zmean = mu * m->omega_mean, zvar = mu * mu * m->omega_var + nu * m->tau_mean;
    if (!isfinite(zmean) || !isfinite(zvar)) return GSL_EOVRFLW;
    if (!(zvar > 0)) return GSL_EUNDRFLW;   /* ν underflowed to 0 */
    sn_act_moments am;
    int st = sn_act_moments_eval(&am, m->act, zmean, zvar);
    if (st) return st;
    double mean = am.mean, second = am.second, dfac;
    if ((st = apply_dropout(&mean, &second, &dfac, m->act, m->dropout))) return st;
    out->mu = mean;
    out->nu = fmax(0, second - mean * mean);
    out->chi = m->tau_mean * am.dsecond * dfac;
    out->err = am.err * (1 + 2 * fabs(mean));
    if (!isfinite(out->mu) || !isfinite(out->nu)) return GSL_EOVRFLW;
    return GSL_SUCCESS;
}

/* Whether a layer's output is inside the range the prediction is carried on (propagate.h). */
static int range_status(const sn_layer_out *o)
{
    if (!(o->nu <= SN_PROP_NU_MAX) || !(fabs(o->mu) <= SN_PROP_MU_MAX)) return GSL_EOVRFLW;
    if (!(o->nu >= SN_PROP_NU_MIN)) return GSL_EUNDRFLW;
    return GSL_SUCCESS;
}

int sn_propagate(sn_layer_out *out, size_t depth, const sn_layer_model *m, double mu0,
                 double nu0, size_t *done)
{
    out[0] = (sn_layer_out){ .mu = mu0, .nu = nu0, .chi = NAN, .err = 0 };
    if (done) *done = 1;
    for (size_t l = 1; l <= depth; l++) {
        int st = sn_layer_map(&out[l], m, out[l - 1].mu, out[l - 1].nu);
        if (!st) st = range_status(&out[l]);
        if (st) return st;
        if (done) *done = l + 1;
    }
    return GSL_SUCCESS;
}

int sn_propagate_verdict(sn_prop_verdict *v, const sn_layer_model *m, double mu0, double nu0,
                         long max_layers)
{
    if (max_layers < 2 || !(nu0 > 0)) return GSL_EDOM;
    double mu = mu0, nu = nu0, prev_dist = INFINITY, rate = NAN, chi = NAN;
    long near = -1;
    *v = (sn_prop_verdict){ .kind = SN_PROP_UNDECIDED, .mu = mu, .nu = nu, .rate = NAN,
                            .chi = NAN, .layers = max_layers };
    /* collapse and explosion are judged against the start and against 1 (the scale of
     * standardized data), whichever is farther */
    double lo_ref = fmin(nu0, 1), hi_ref = fmax(nu0, 1), prev_ratio = 1;
    for (long l = 1; l <= max_layers; l++) {
        sn_layer_out o;
        int st = sn_layer_map(&o, m, mu, nu);
        if (!st) st = range_status(&o);
        if (st == GSL_EUNDRFLW || st == GSL_EOVRFLW) {
            /* ν leaves the range of the prediction: toward 0 or toward infinity (the rate stays
             * that of the last layer computed, NAN at the first) */
            v->kind = st == GSL_EUNDRFLW ? SN_PROP_COLLAPSE : SN_PROP_EXPLODE;
            v->layers = l;
            return GSL_SUCCESS;
        }
        if (st) return st;
        double ratio = o.nu / nu;
        double dist = hypot(o.mu - mu, o.nu - nu), scale = fabs(o.mu) + o.nu;
        mu = o.mu;
        nu = o.nu;
        chi = o.chi;
        *v = (sn_prop_verdict){ .kind = SN_PROP_UNDECIDED, .mu = mu, .nu = nu, .rate = ratio,
                                .chi = chi, .layers = l };
        /* geometric collapse or explosion: ν far below (above) both its start and 1, and
         * moving away for two layers in a row (a start far from the fixed point, --nu 1e-20
         * or --mu 1e8, jumps once and then converges) */
        if (nu < 1e-12 * lo_ref && ratio < 1 && prev_ratio < 1) { v->kind = SN_PROP_COLLAPSE; return GSL_SUCCESS; }
        if (nu > 1e12 * hi_ref && ratio > 1 && prev_ratio > 1) { v->kind = SN_PROP_EXPLODE; return GSL_SUCCESS; }
        prev_ratio = ratio;
        /* the distance ratio while the distance is well above rounding: the rate */
        if (dist > 1e-9 * scale && isfinite(prev_dist) && prev_dist > 0) rate = dist / prev_dist;
        if (near < 0 && dist <= 1e-6 * scale) near = l;
        /* converged: to 1e-13, or stagnant at rounding level */
        if (dist <= 1e-13 * scale || (dist <= 1e-9 * scale && dist >= prev_dist)) {
            if (!(nu > 1e-12 * lo_ref)) { v->kind = SN_PROP_COLLAPSE; return GSL_SUCCESS; }
            v->kind = SN_PROP_NORMALIZING;
            v->layers = near;
            /* the rate: spectral radius of the layer map's Jacobian at the limit, by central
             * differences (h = 1e−6 of the scale: truncation ~1e−12, rounding ~1e−10) */
            double h[2][2], step[2] = { 1e-6 * scale, 1e-6 * nu };
            for (int k = 0; k < 2; k++) {
                sn_layer_out a, b;
                int sa = sn_layer_map(&a, m, mu + (k == 0) * step[0], nu + (k == 1) * step[1]);
                int sb = sn_layer_map(&b, m, mu - (k == 0) * step[0], nu - (k == 1) * step[1]);
                if (sa || sb) { v->rate = rate; return GSL_SUCCESS; }
                h[0][k] = (a.mu - b.mu) / (2 * step[k]);
                h[1][k] = (a.nu - b.nu) / (2 * step[k]);
            }
            sn_stability s;
            v->rate = sn_stability_2x2(&s, (const double(*)[2])h, 1e-9) ? rate : s.spectral_radius;
            /* rate 1: the variance is neither pulled back nor pushed away (h's differences are
             * good to ~1e-10, so within 1e-6 of 1 is 1) */
            if (v->rate >= 1 - 1e-6) v->kind = SN_PROP_NEUTRAL;
            return GSL_SUCCESS;
        }
        prev_dist = dist;
    }
    /* still moving after max_layers: a steady decrease far below the start is a collapse, if
     * a slow one (tanh at τ = 1: ν ~ 1/l); a steady increase far above it, an explosion */
    if (v->rate < 1 && v->nu < 1e-2 * lo_ref) v->kind = SN_PROP_COLLAPSE;
    if (v->rate > 1 && v->nu > 1e2 * hi_ref) v->kind = SN_PROP_EXPLODE;
    (void)chi;
    return GSL_SUCCESS;
}

/* ---- the correlation map ------------------------------------------------------------------ */

#define QUAD_LIMIT 1000
#define TAIL 40.0   /* φ(40) ≈ 1e−348: beyond, the Gaussian weight underflows */

typedef struct {
    const sn_act *act;
    int deriv;                 /* integrate f' instead of f */
    double s, c, r;            /* u_a = s z1, u_b = s (c z1 + r z2) */
    double scale;              /* √E h², for absolute tolerances */
    double z1;                 /* the outer variable, for the inner integrand */
    gsl_integration_workspace *inner;
    double max_inner_err;
    int status;
} corr_ctx;

static double fval(const corr_ctx *k, double u)
{
    return k->deriv ? sn_act_df(k->act, u) : sn_act_f(k->act, u);
}

static double gauss(double z) { return exp(-z * z / 2) / sqrt(2 * M_PI); }

static double inner_integrand(double z2, void *p)
{
    corr_ctx *k = p;
    return gauss(z2) * fval(k, k->s * (k->c * k->z1 + k->r * z2));
}

/* ∫ over [−TAIL, TAIL] with the break point bp (a kink of the integrand) when inside. GSL's
 * "roundoff error" status means the tolerance could not be met because of rounding: the
 * result and its error estimate stand (the estimate is what callers report and test). */
static int qagp(double *result, double *abserr, gsl_function *F, double bp,
                gsl_integration_workspace *w, double epsabs, double epsrel)
{
    double pts[3] = { -TAIL, bp, TAIL }, ends[2] = { -TAIL, TAIL };
    int inside = bp > -TAIL && bp < TAIL;
    int st = gsl_integration_qagp(F, inside ? pts : ends, inside ? 3 : 2, epsabs, epsrel,
                                  QUAD_LIMIT, w, result, abserr);
    return st == GSL_EROUND ? GSL_SUCCESS : st;
}

static double outer_integrand(double z1, void *p)
{
    corr_ctx *k = p;
    k->z1 = z1;
    gsl_function F = { inner_integrand, k };
    double res, err;
    /* u_b = 0 at z2 = −c z1 / r: the kink of the table's activations is at 0 */
    int st = qagp(&res, &err, &F, -k->c * z1 / k->r, k->inner, 1e-15 * k->scale, 1e-12);
    if (st && !k->status) k->status = st;
    k->max_inner_err = fmax(k->max_inner_err, err);
    return gauss(z1) * fval(k, k->s * z1) * res;
}

/* E[h(u_a) h(u_b)] for h = f or f', |c| < 1 */
static int pair_expectation(double *result, double *abserr, const sn_act *act, int deriv,
                            double s, double c, double scale)
{
    gsl_integration_workspace *wo = gsl_integration_workspace_alloc(QUAD_LIMIT);
    gsl_integration_workspace *wi = gsl_integration_workspace_alloc(QUAD_LIMIT);
    if (!wo || !wi) {
        if (wo) gsl_integration_workspace_free(wo);
        if (wi) gsl_integration_workspace_free(wi);
        return GSL_ENOMEM;
    }
    corr_ctx k = { .act = act, .deriv = deriv, .s = s, .c = c, .r = sqrt((1 - c) * (1 + c)),
                   .scale = scale, .inner = wi, .max_inner_err = 0, .status = 0 };
    gsl_function F = { outer_integrand, &k };
    double err;
    int st = qagp(result, &err, &F, 0, wo, 1e-15 * scale * scale, 1e-11);
    if (!st) st = k.status;
    /* the outer estimate plus the inner errors carried through ∫φ|h| ≤ √(E h²) ≤ max of the two */
    *abserr = err + k.max_inner_err * (1 + fabs(*result));
    gsl_integration_workspace_free(wo);
    gsl_integration_workspace_free(wi);
    return st;
}

int sn_corr_map(sn_corr *r, const sn_act *act, double tau, double q, double c)
{
    if (!act || !(tau > 0) || !isfinite(tau) || !(q > 0) || !isfinite(q) || !(c >= -1)
        || !(c <= 1))
        return GSL_EDOM;
    double var = tau * q, s = sqrt(var);
    sn_act_moments am;
    int st = sn_act_moments_eval(&am, act, 0, var);
    if (st) return st;
    double ff, fferr, dd, dderr;
    if (c == 1) {
        ff = am.second; fferr = am.err; dd = am.dsecond; dderr = am.err;
    } else if (c == -1 || fabs(c) < 1) {
        if ((st = pair_expectation(&ff, &fferr, act, 0, s, c, sqrt(am.second)))) return st;
        if ((st = pair_expectation(&dd, &dderr, act, 1, s, c, sqrt(am.dsecond)))) return st;
    } else {
        return GSL_EDOM;
    }
    double fvar = am.second - am.mean * am.mean;
    r->c_new = ff / am.second;
    r->pearson = (ff - am.mean * am.mean) / fvar;
    /* Price's theorem: ∂/∂c E[f(u_a) f(u_b)] = s² E[f'(u_a) f'(u_b)] */
    r->slope = var * dd / am.second;
    r->err = (fferr + am.err * fabs(r->c_new)) / am.second;
    return GSL_SUCCESS;
}

/* q ↦ E f(u)², u ~ N(0, τq) */
static int q_map(double *q_new, double *dsecond, const sn_act *act, double tau, double q)
{
    sn_act_moments am;
    int st = sn_act_moments_eval(&am, act, 0, tau * q);
    if (st) return st;
    *q_new = am.second;
    if (dsecond) *dsecond = am.dsecond;
    return GSL_SUCCESS;
}

typedef struct {
    const sn_act *act;
    double tau, q;
    int status;
} cstar_ctx;

static double corr_fixed_residual(double c, void *p)
{
    cstar_ctx *k = p;
    sn_corr r;
    int st = sn_corr_map(&r, k->act, k->tau, k->q, c);
    if (st && !k->status) k->status = st;
    return st ? NAN : r.c_new - c;
}

int sn_mean_field_eval(sn_mean_field *mf, const sn_act *act, double tau, double q0)
{
    if (!act || !(tau > 0) || !isfinite(tau) || !(q0 > 0) || !isfinite(q0)) return GSL_EDOM;
    double q = q0, ds;
    int st;
    for (int i = 0;; i++) {
        double qn;
        if ((st = q_map(&qn, NULL, act, tau, q))) return st;
        if (!(qn > 1e-200 * q0) || !(qn < 1e200 * q0)) return GSL_ENOPROG;   /* no q* > 0 */
        double d = fabs(qn - q);
        q = qn;
        if (d <= 1e-14 * q) break;
        if (i == 100000) return GSL_EMAXITER;
    }
    mf->q_star = q;
    if ((st = q_map(&q, &ds, act, tau, mf->q_star))) return st;
    mf->chi1 = tau * ds;
    /* dq'/dq by a central difference (h = 1e−5 q*: truncation ~1e−10, rounding ~1e−11) */
    double h = 1e-5 * mf->q_star, qp, qm;
    if ((st = q_map(&qp, NULL, act, tau, mf->q_star + h))) return st;
    if ((st = q_map(&qm, NULL, act, tau, mf->q_star - h))) return st;
    mf->dq_slope = (qp - qm) / (2 * h);
    /* the variance's depth scale: only where q* attracts; a slope within the difference's
     * accuracy of 1 (ReLU, linear: q' = τq/2, τq exactly) is marginal, ξ_q = ∞ */
    double ad = fabs(mf->dq_slope);
    mf->xi_q = fabs(ad - 1) <= 1e-8 ? INFINITY : ad < 1 ? -1 / log(ad) : NAN;
    if (mf->chi1 <= 1 + 1e-9) {
        /* c = 1 is stable: inputs become perfectly correlated, at rate χ₁ (χ₁ = 1 within the
         * moments' accuracy, as ReLU with τ = 2: marginally, c = 1 is then the only fixed point) */
        mf->c_star = 1;
        mf->chi_c = mf->chi1;
    } else {
        /* c = 1 repels: the stable c* < 1 solves c'(c) = c, bracketed in [lo, 1 − δ] */
        cstar_ctx k = { act, tau, mf->q_star, 0 };
        gsl_function F = { corr_fixed_residual, &k };
        double hi = 1 - 1e-4, lo = 0;
        if (!(corr_fixed_residual(hi, &k) < 0)) return k.status ? k.status : GSL_ENOPROG;
        double r0 = corr_fixed_residual(lo, &k);
        if (k.status) return k.status;
        if (fabs(r0) <= 1e-13) {
            /* c = 0 is a fixed point (an odd f: E f = 0, tanh): take it, not c = −1, which an
             * odd f also fixes and a bracket [−1, hi] would find */
            mf->c_star = 0;
            sn_corr r;
            if ((st = sn_corr_map(&r, act, tau, mf->q_star, 0))) return st;
            mf->chi_c = r.slope;
            double a0 = fabs(mf->chi_c);
            mf->xi_c = fabs(a0 - 1) <= 1e-12 ? INFINITY : a0 < 1 ? -1 / log(a0) : NAN;
            return GSL_SUCCESS;
        }
        if (!(r0 > 0)) lo = -1;
        if (!(corr_fixed_residual(lo, &k) >= 0)) return k.status ? k.status : GSL_ENOPROG;
        gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
        if (!s) return GSL_ENOMEM;
        gsl_root_fsolver_set(s, &F, lo, hi);
        st = GSL_CONTINUE;
        for (int i = 0; i < 200 && st == GSL_CONTINUE; i++) {
            if ((st = gsl_root_fsolver_iterate(s))) break;
            st = gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s),
                                        1e-11, 0);
        }
        mf->c_star = gsl_root_fsolver_root(s);
        gsl_root_fsolver_free(s);
        if (st) return st;
        if (k.status) return k.status;
        sn_corr r;
        if ((st = sn_corr_map(&r, act, tau, mf->q_star, mf->c_star))) return st;
        mf->chi_c = r.slope;
    }
    double ac = fabs(mf->chi_c);
    mf->xi_c = fabs(ac - 1) <= 1e-12 ? INFINITY : ac < 1 ? -1 / log(ac) : NAN;
    return GSL_SUCCESS;
}
