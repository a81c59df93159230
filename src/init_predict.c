/* init_predict.c - the initialization what-if as one call (init.h, sn_init_predict): shared by
 * `selfnorm init` and the Python package, so that both answer with the same computation. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <gsl/gsl_errno.h>
#include "selfnorm/init.h"

int sn_init_predict(sn_init_prediction *r, sn_layer_out *layers, const sn_init_spec *spec,
                    const sn_act *act, long width, long depth, double mu0, double nu0,
                    double dropout, char *err, size_t errlen)
{
    if (err && errlen) err[0] = '\0';
    if (!r || !spec || !act) return GSL_EINVAL;
    if (width < 1 || depth < 1 || !isfinite(mu0) || !(nu0 >= DBL_MIN) || !isfinite(nu0)
        || !(dropout >= 0 && dropout < 1))
        return GSL_EDOM;
    *r = (sn_init_prediction){ .chi_depth = 1, .mean_field_status = GSL_EINVAL };
    if (spec->fan_out != width) {   /* a layer's weight matrix is width x fan_in */
        if (err && errlen) snprintf(err, errlen, "fan_out %ld differs from width %ld: a layer's "
                                    "fan_out is its number of units", spec->fan_out, width);
        return GSL_EINVAL;
    }
    int st = sn_init_resolve(&r->weights, spec, &r->gain, &r->mode, err, errlen);
    if (st) return st;
    if ((st = sn_act_check(act))) {
        if (err && errlen) snprintf(err, errlen, "activation parameters out of range");
        return st;
    }
    if ((st = sn_init_unit_stats(&r->units, &r->weights, spec->fan_in, width))) {
        if (err && errlen) snprintf(err, errlen, "invalid shape (fan_in %ld, width %ld)",
                                    spec->fan_in, width);
        return st;
    }
    sn_layer_model model = { .act = act, .omega_mean = r->units.omega_mean,
                             .omega_var = r->units.omega_sd * r->units.omega_sd,
                             .tau_mean = r->units.tau_mean, .dropout = dropout };
    if (layers) {
        /* past the range of doubles the prediction stops; the verdict says why */
        r->stop_status = sn_propagate(layers, (size_t)depth, &model, mu0, nu0, &r->layers_done);
        for (size_t l = r->layers_done; l <= (size_t)depth; l++)
            layers[l] = (sn_layer_out){ NAN, NAN, NAN, NAN };
        /* over the layers predicted (all of them unless ν left [SN_PROP_NU_MIN, _MAX]) */
        for (size_t l = 1; l < r->layers_done; l++) r->chi_depth *= layers[l].chi;
    } else {
        r->chi_depth = NAN;
    }
    if ((st = sn_propagate_verdict(&r->verdict, &model, mu0, nu0, SN_INIT_VERDICT_LAYERS)))
        return st;
    /* the typical unit's fixed point: from (0, 1), else from the layer map's limit */
    double w = r->units.omega_mean, t = r->units.tau_mean;
    r->typical_found = sn_fixed_point_solve_act(&r->typical, w, t, act, 0, 1) == GSL_SUCCESS;
    if (!r->typical_found && r->verdict.kind == SN_PROP_NORMALIZING)
        r->typical_found = sn_fixed_point_solve_act(&r->typical, w, t, act, r->verdict.mu,
                                                    r->verdict.nu) == GSL_SUCCESS;
    if (r->typical_found && !(r->typical.nu > 1e-12)) r->typical_found = 0;
    /* Poole et al.'s mean field assumes zero-mean weights and no dropout (propagate.h) */
    if (w == 0 && dropout == 0)
        r->mean_field_status = sn_mean_field_eval(&r->mean_field, act, t, mu0 * mu0 + nu0);
    return GSL_SUCCESS;
}
