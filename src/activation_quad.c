/* activation_quad.c - Gaussian moments of a smooth activation by composite Gauss–Kronrod
 * quadrature, for the rows of the table without a closed form (tanh, GELU, SiLU, ...).
 *
 * Every quantity is E h(z) = ∫ h(m + sZ) φ(Z) dZ over the standard normal Z, truncated to
 * |Z| ≤ TRUNC and to TRUNC beyond Z = a = −m/s (the mass beyond is Q(8.5) < 1e−17 on each
 * side; activations grow at most linearly and vary only near z = 0, so the truncation costs
 * less than 1e−15 of Var f also when the variance lives in the tail across z = 0). The
 * integrands are analytic with their nearest singularities (tanh, sigmoid, softplus, SiLU:
 * poles at z = iπ/2, iπ) or their fastest variation (GELU's erf) near z = 0, i.e. at
 * Z = a = −m/s, at a distance of order 1/s.
 * So the panels are graded geometrically away from a: the first has width FEATURE/s, each next
 * one twice its neighbour up to PANEL_MAX (beyond which the Gaussian factor itself would need
 * more nodes). A 15-point Kronrod rule on a panel whose nearest singularity is at least its
 * own width away converges like 4.6^(−2·15) ≈ 1e−20 relatively; the embedded 7-point Gauss
 * rule gives the error estimate as GSL's QK15 does (|K15 − G7| transformed by
 * (200·|K15 − G7|/resasc)^1.5, which is realistic for analytic integrands), plus rounding.
 * tests/test_activation.c checks the results and the estimates against MPFR quadrature at 128
 * bits: observed errors are below 2.1e−13 relative (E f absolute below 1), for m from −9 to
 * 2.5 and s from 1e−3 to 15. For s > 1e9 the first panel is wider than the feature
 * (MIN_FIRST) and accuracy degrades gracefully (the activations are then almost piecewise linear).
 *
 * All seven integrals (E f, Var f, E f′², and the Jacobian's E f′, E f″, E[(f − c)f′],
 * E[(f − c)f″]) share one evaluation of f, f′, f″ per node. Centring at c = f(m) keeps
 * Var f = E(f − c)² − (E f − c)² free of cancellation when s is small (f − c ~ sZ f′(m)).
 */
#include <float.h>
#include <math.h>
#include <gsl/gsl_errno.h>
#include "activation_internal.h"
#include "selfnorm/normal.h"

#define TRUNC 8.5        /* |Z| ≤ TRUNC, and TRUNC beyond Z = a */
#define FAR 38.0         /* φ(38) < 1e−313: nothing beyond counts */
#define FEATURE 1.0      /* the activations' features lie within |z| ≲ 1 of 0 */
#define PANEL_MAX 2.0    /* widest panel in Z: K15 integrates φ on it to < 1e−17 absolutely */
#define MAX_PANELS 128   /* each side: ≤ 31 doublings from MIN_FIRST + (FAR + TRUNC)/PANEL_MAX */
#define MIN_FIRST 0x1p-30
#define INV_SQRT_2PI 0.398942280401432677939946059934

/* Gauss–Kronrod 7/15 (the abscissae and weights of GSL's qk15.c, Piessens et al. QUADPACK):
 * XGK[1], XGK[3], XGK[5], XGK[7] = 0 are the Gauss nodes. */
static const double XGK[8] = {
    0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
    0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
    0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
    0.207784955007898467600689403773245, 0.000000000000000000000000000000000 };

#define EVAL_ULP 4.0   /* the rows' f (activation.c) through libm, for exact arguments */
#define NQ 9   /* the integrals, in this order (the last two bound f's evaluation error): */
enum { Q_F, Q_F2, Q_DF2, Q_DF, Q_D2F, Q_FDF, Q_FD2F, Q_FERR, Q_FERR2 };

/* The panels' end points, increasing; returns their number + 1. The domain is |Z| ≤ TRUNC
 * widened to TRUNC beyond a: when the mean is far out (|a| large) the variance comes from
 * the tail across z = 0, which must not be cut where it starts. */
static size_t panel_edges(double *edge, double a, double s)
{
    double lo = fmax(-FAR, -TRUNC + fmin(a, 0.0)), hi = fmin(FAR, TRUNC + fmax(a, 0.0));
    double c = fmin(hi, fmax(lo, a));
    /* at least MIN_FIRST, so that the doubling reaches PANEL_MAX within the panel budget;
     * for s > FEATURE/MIN_FIRST ≈ 1e9 the feature is narrower than the first panel */
    double first = fmax(MIN_FIRST, fmin(PANEL_MAX, FEATURE / s + fabs(a - c)));
    double left[MAX_PANELS / 2 + 1], right[MAX_PANELS / 2 + 1];
    size_t nl = 0, nr = 0;
    for (double x = c, w = first; x > lo && nl < MAX_PANELS / 2; w = fmin(2 * w, PANEL_MAX))
        left[nl++] = x = fmax(lo, x - w);
    for (double x = c, w = first; x < hi && nr < MAX_PANELS / 2; w = fmin(2 * w, PANEL_MAX))
        right[nr++] = x = fmin(hi, x + w);
    size_t n = 0;
    for (size_t k = nl; k-- > 0;) edge[n++] = left[k];
    edge[n++] = c;
    for (size_t k = 0; k < nr; k++) edge[n++] = right[k];
    return n;
}

/* GSL's QK error transformation for one panel's |K15 − G7| = diff. */
static double qk_error(double diff, double resabs, double resasc)
{
    double err = diff;
    if (resasc != 0 && err != 0) {
        double r = 200 * err / resasc;                 /* r^1.5, without pow's cost */
        err = resasc * fmin(1.0, r * sqrt(r));
    }
    if (resabs > DBL_MIN / (50 * DBL_EPSILON)) err = fmax(50 * DBL_EPSILON * resabs, err);
    return err;
}

/* The Kronrod weights (GSL's qk15.c wgk) and Gauss weights (wg) in the order of the nodes of
 * a panel (−XGK[0..7], then +XGK[6..0]); the Gauss weight is 0 at the Kronrod-only nodes.
 * Fixed-length loops over them vectorize. Written out: C (clang) does not take one const
 * array's elements as another's initializers. */
static const double WK15[15] = {
    0.022935322010529224963732008058970,
    0.063092092629978553290700663189204,
    0.104790010322250183839876322541518,
    0.140653259715525918745189590510238,
    0.169004726639267902826583426598550,
    0.190350578064785409913256402421014,
    0.204432940075298892414161999234649,
    0.209482141084727828012999174891714,
    0.204432940075298892414161999234649,
    0.190350578064785409913256402421014,
    0.169004726639267902826583426598550,
    0.140653259715525918745189590510238,
    0.104790010322250183839876322541518,
    0.063092092629978553290700663189204,
    0.022935322010529224963732008058970 };
static const double WG15[15] = {   /* WG at the odd indices of WGK, 0 elsewhere */
    0,
    0.129484966168869693270611432679082,
    0,
    0.279705391489276667901467771423780,
    0,
    0.381830050505118944950369775488975,
    0,
    0.417959183673469387755102040816327,
    0,
    0.381830050505118944950369775488975,
    0,
    0.279705391489276667901467771423780,
    0,
    0.129484966168869693270611432679082,
    0 };

/* K15 of one panel of half-width half from the integrand at its 15 nodes (in the order of
 * WK15); with err, adds the panel's QK error (|K15 − G7| as qk_error transforms it). */
static double kronrod_panel(const double h[15], double half, double *err)
{
    double kr = 0, ga = 0;
    for (int i = 0; i < 15; i++) {
        kr += WK15[i] * h[i];
        ga += WG15[i] * h[i];
    }
    if (err) {
        double mean = kr / 2, absk = 0, asc = 0;
        for (int i = 0; i < 15; i++) {
            absk += WK15[i] * fabs(h[i]);
            asc += WK15[i] * fabs(h[i] - mean);
        }
        *err += qk_error(fabs(half * (kr - ga)), half * absk, half * asc);
    }
    return half * kr;
}

int sn_act_quad_stats(sn_act_stats *st, sn_act_eval_fn *eval, const double *p, double m,
                      double s)
{
    double edge[MAX_PANELS + 2];
    size_t ne = panel_edges(edge, -m / s, s);
    double a = -m / s;
    if (!(edge[0] <= fmax(-FAR, -TRUNC + fmin(a, 0.0)))
        || !(edge[ne - 1] >= fmin(FAR, TRUNC + fmax(a, 0.0))))
        return GSL_ESANITY;   /* the panels must cover the domain (they do, see MAX_PANELS) */
    double centre[3];
    eval(m, p, centre);
    double c = centre[0];
    double sum[NQ] = { 0 }, err[3] = { 0 };
    for (size_t k = 0; k + 1 < ne; k++) {
        double half = 0.5 * (edge[k + 1] - edge[k]), mid = 0.5 * (edge[k + 1] + edge[k]);
        double h[15][NQ];
        for (int i = 0; i < 15; i++) {
            double Z = i < 8 ? mid - half * XGK[i] : mid + half * XGK[14 - i];
            double v[3];
            eval(m + s * Z, p, v);
            /* φ(Z): below PDF_VECTOR_BELOW the rounding of Z² costs ≤ PDF_VECTOR_ULP·ε
             * relatively in a weight; beyond (tails that carry a far-out mean's variance) the
             * exact split of Z² */
            double phi = fabs(Z) < PDF_VECTOR_BELOW ? INV_SQRT_2PI * exp(-0.5 * Z * Z)
                                                    : sn_normal_pdf(Z),
                   fc = v[0] - c;
            h[i][Q_F] = fc * phi;
            h[i][Q_F2] = fc * fc * phi;
            h[i][Q_DF2] = v[1] * v[1] * phi;
            h[i][Q_DF] = v[1] * phi;
            h[i][Q_D2F] = v[2] * phi;
            h[i][Q_FDF] = fc * v[1] * phi;
            h[i][Q_FD2F] = fc * v[2] * phi;
            /* f(x) as evaluated is within ε(EVAL_ULP|f| + 2|x f′|) of f at the node: libm's
             * ulps, and the roundings of x = m + sZ and of the argument inside f, each ε|x|
             * relative, amplified by x f′/f (GELU at x = −8: 64) */
            double x = m + s * Z, ferr = EVAL_ULP * fabs(v[0]) + 2 * fabs(x * v[1]);
            h[i][Q_FERR] = ferr * phi;
            h[i][Q_FERR2] = ferr * ferr * phi;
        }
        for (int q = 0; q < NQ; q++) {
            double v[15];
            for (int i = 0; i < 15; i++) v[i] = h[i][q];
            sum[q] += kronrod_panel(v, half, q < 3 ? &err[q] : NULL);
        }
    }
    double d1 = sum[Q_F];                              /* E f − c */
    st->mean = c + d1;
    st->var = sum[Q_F2] - d1 * d1;
    st->dsecond = sum[Q_DF2];
    st->dmean_dm = sum[Q_DF];                          /* E f′ */
    st->dmean_ds2 = 0.5 * sum[Q_D2F];                  /* ½ E f″ */
    st->dvar_dm = 2 * (sum[Q_FDF] - d1 * sum[Q_DF]);   /* 2 Cov(f, f′) */
    /* ½ E[(f − c)²]″ − (E f − c) E f″ = E[f′² + (f − c) f″] − (E f − c) E f″ */
    st->dvar_ds2 = sum[Q_DF2] + sum[Q_FD2F] - d1 * sum[Q_D2F];
    /* and the evaluation of f at the nodes (Q_FERR), which the QK estimate does not see
     * (GELU at m = −8, s = 1e−7: 6.6x the estimate without it): it moves E f by ≤ ε E ferr
     * and Var f by ≤ 2 √Var · ε √(E ferr²) (Cauchy–Schwarz; an error in c cancels) */
    double feval = DBL_EPSILON * sum[Q_FERR], feval2 = DBL_EPSILON * sqrt(fmax(sum[Q_FERR2], 0));
    st->mean_err = err[Q_F] + feval + 2 * DBL_EPSILON * fabs(st->mean);
    /* and the rounding of f − c at each node, ε(|f| + |c|), which perturbs E(f − c)² by about
     * 2ε|c|·E|f − c| ≤ 2ε|c|√Var (doubled for margin): it dominates when the spread is tiny
     * against the value, as for tanh far from 0 with small s (moments_quad.c does the same) */
    double spread = sqrt(fmax(st->var, 0.0));
    st->var_err = err[Q_F2] + 2 * fabs(d1) * err[Q_F] + 2 * spread * feval2 + feval * feval
                + 4 * DBL_EPSILON * sum[Q_F2]
                + 4 * DBL_EPSILON * (fabs(c) + fabs(d1)) * spread + pow(2 * DBL_EPSILON * c, 2);
    st->dsecond_err = err[Q_DF2] + 2 * DBL_EPSILON * st->dsecond;
    st->jac_rel_err = 1e-11;
    if (!(st->var >= 0)) st->var = 0.0;
    return GSL_SUCCESS;
}


/* ---- the fast path: E f and Var f only, vectorized ---------------------------------------------
 *
 * The map g needs only f (not f′, f″): the same panels and rule as sn_act_quad_stats, with f
 * and the Gaussian weights at all nodes of all panels computed by one call each of the row's
 * vectorized kernel and sn_act_gauss_pdf (activation_kernels.c, libmvec, ≤ 4 ulp), so the
 * accuracy is the adaptive rule's and the error estimate its QK estimate, plus the kernels'
 * ulps, which perturb f − c by ≤ KERNEL_ULP·ε(|f| + |c|) at each node, and the weights'
 * rounding (WEIGHT_ULP, see sn_act_gauss_pdf). The K15 sums of all panels are one weighted sum
 * over all nodes (weight half-width × Kronrod weight × φ); the error estimate (which decides
 * in sn_map_array_act whether the result is one) is the panels' QK estimate from the same
 * node values. tests/test_activation.c checks both against MPFR as the rest. */
#define KERNEL_ULP 8.0
#define WEIGHT_ULP (PDF_VECTOR_ULP + 4.0)   /* φ's, and the product half·WK15·φ */
#define NODES_MAX ((MAX_PANELS + 1) * 15 + 1)
#define SUBNORMAL_FLOOR (64 * DBL_MIN)

/* The QK error estimates (e1, e2) of the panels for h1 = (f − c)φ and h2 = (f − c)²φ, from
 * fc = f − c and φ at the nodes (node i of panel k at i·np + k): one pass for the K15 and G7
 * sums of both, one for resasc; the loops run across panels, so they vectorize. */
__attribute__((target_clones("avx2", "default")))
static void kronrod_panels_errors(double *e1, double *e2, const double *fc, const double *phi,
                                  const double *half, size_t np)
{
    double kr1[MAX_PANELS + 1], ga1[MAX_PANELS + 1], abs1[MAX_PANELS + 1], asc1[MAX_PANELS + 1];
    double kr2[MAX_PANELS + 1], ga2[MAX_PANELS + 1], asc2[MAX_PANELS + 1];
    for (size_t k = 0; k < np; k++)
        kr1[k] = ga1[k] = abs1[k] = asc1[k] = kr2[k] = ga2[k] = asc2[k] = 0.0;
    for (int i = 0; i < 15; i++)
        for (size_t k = 0; k < np; k++) {
            double h1 = fc[i * np + k] * phi[i * np + k], h2 = h1 * fc[i * np + k];
            kr1[k] += WK15[i] * h1;
            ga1[k] += WG15[i] * h1;
            abs1[k] += WK15[i] * fabs(h1);
            kr2[k] += WK15[i] * h2;                    /* h2 ≥ 0: its resabs is kr2 */
            ga2[k] += WG15[i] * h2;
        }
    for (int i = 0; i < 15; i++)
        for (size_t k = 0; k < np; k++) {
            double h1 = fc[i * np + k] * phi[i * np + k], h2 = h1 * fc[i * np + k];
            asc1[k] += WK15[i] * fabs(h1 - kr1[k] / 2);
            asc2[k] += WK15[i] * fabs(h2 - kr2[k] / 2);
        }
    *e1 = *e2 = 0;
    for (size_t k = 0; k < np; k++) {
        *e1 += qk_error(fabs(half[k] * (kr1[k] - ga1[k])), half[k] * abs1[k], half[k] * asc1[k]);
        *e2 += qk_error(fabs(half[k] * (kr2[k] - ga2[k])), half[k] * kr2[k], half[k] * asc2[k]);
    }
}

int sn_act_quad_map(double *mean, double *var, double *mean_err, double *var_err,
                    const sn_act_kernels *kernels, const double *p, double m, double s)
{
    double edge[MAX_PANELS + 2];
    double a = -m / s;
    size_t ne = panel_edges(edge, a, s);
    if (!(edge[0] <= fmax(-FAR, -TRUNC + fmin(a, 0.0)))
        || !(edge[ne - 1] >= fmin(FAR, TRUNC + fmax(a, 0.0))))
        return GSL_ESANITY;
    size_t np = ne - 1, n = np * 15;
    double half[MAX_PANELS + 1], mid[MAX_PANELS + 1];
    double Z[NODES_MAX], W[NODES_MAX], x[NODES_MAX], y[NODES_MAX], phi[NODES_MAX];
    for (size_t k = 0; k < np; k++) {
        half[k] = 0.5 * (edge[k + 1] - edge[k]);
        mid[k] = 0.5 * (edge[k + 1] + edge[k]);
    }
    for (int i = 0; i < 15; i++)       /* node i of panel k at i·np + k */
        for (size_t k = 0; k < np; k++) {
            Z[i * np + k] = i < 8 ? mid[k] - half[k] * XGK[i] : mid[k] + half[k] * XGK[14 - i];
            W[i * np + k] = half[k] * WK15[i];
        }
    for (size_t j = 0; j < n; j++) x[j] = m + s * Z[j];
    x[n] = m;                                         /* the centre c = f(m) */
    kernels->f_d(y, x, n + 1, p);
    sn_act_gauss_pdf(phi, Z, n);
    if (!(fmax(-edge[0], edge[ne - 1]) < PDF_VECTOR_BELOW))   /* (nodes lie inside the edges) */
        for (size_t j = 0; j < n; j++)    /* tails that carry a far-out mean's variance */
            if (!(fabs(Z[j]) < PDF_VECTOR_BELOW)) phi[j] = sn_normal_pdf(Z[j]);
    double c = y[n], fmaxabs = fabs(c), d1 = 0, d2 = 0;
    #pragma omp simd reduction(+:d1, d2) reduction(max:fmaxabs)
    for (size_t j = 0; j < n; j++) {
        double fc = y[j] - c, w = W[j] * phi[j];
        d1 += w * fc;                                 /* Σ panels K15(f − c) = E f − c */
        d2 += w * fc * fc;                            /* E (f − c)² */
        double size = phi[j] > 1e-300 ? fabs(y[j]) : 0.0;
        fmaxabs = size > fmaxabs ? size : fmaxabs;
    }
    *mean = c + d1;
    *var = d2 - d1 * d1;
    if (!(*var >= 0)) *var = 0.0;
    for (size_t j = 0; j < n; j++) y[j] -= c;          /* y is f − c from here on */
    double e1, e2;
    kronrod_panels_errors(&e1, &e2, y, phi, half, np);
    double spread = sqrt(fmax(*var, 0.0));
    /* f − c off by ≤ Kε(|f| + |c|) ≤ 2Kε·max|f| at each node; the weights by Wε relatively,
     * which moves E(f − c) by ≤ Wε·E|f − c| ≤ Wε·√E(f − c)² (Cauchy–Schwarz) */
    double node = 2 * KERNEL_ULP * DBL_EPSILON * fmaxabs;
    /* and an absolute floor: libmvec is not accurate for subnormal results, and σ(t) is
     * clamped at ≥ 1.2e−308 (activation_kernels.c), costing ≤ |x|·1.2e−308 in x σ(x) */
    double floor_abs = SUBNORMAL_FLOOR * (1 + fabs(m) + FAR * s);
    *mean_err = e1 + node + WEIGHT_ULP * DBL_EPSILON * sqrt(d2) + 2 * DBL_EPSILON * fabs(*mean)
              + floor_abs;
    *var_err = e2 + 2 * fabs(d1) * e1 + 2 * node * (spread + fabs(d1)) + node * node
             + (WEIGHT_ULP + 4) * DBL_EPSILON * d2
             + 4 * DBL_EPSILON * (fabs(c) + fabs(d1)) * spread + floor_abs;
    return GSL_SUCCESS;
}
