/* verify.c - a statement checked in one call, flat results (see verify.h). */
#include <math.h>
#include <gsl/gsl_errno.h>
#include "selfnorm/verify.h"
#include "selfnorm/theorems.h"
#include "selfnorm/certify.h"
#include "selfnorm/constants.h"

_Static_assert(SN_VERIFY_MAX == SN_MAX_OBJECTIVES, "one result per objective");

#define CERTIFY_PREC 128   /* as `selfnorm verify --rigorous` */

size_t sn_statement_count(void)
{
    return SN_NTHEOREMS;
}

const char *sn_statement_name(size_t i)
{
    return i < SN_NTHEOREMS ? SN_THEOREMS[i].name : NULL;
}

int sn_verify(sn_verify_result *out, size_t *n, const char *name, int rigorous, int grid,
              double width, long max_boxes)
{
    *n = 0;
    const sn_theorem *th = name ? sn_theorem_find(name) : NULL;
    if (!th) return GSL_EINVAL;
    if (grid < 2 || grid > 200 || !(width >= 1e-12 && width <= 1) || max_boxes < 1
        || max_boxes > 20000000)
        return GSL_EDOM;
    sn_domain dom;
    sn_box box;
    sn_theorem_domain(&dom, th);
    int status = sn_domain_box(&box, &dom);
    if (status) return status;
    sn_extreme ext[SN_MAX_OBJECTIVES];
    status = sn_box_extremes(ext, th->objectives, th->nobjectives, &box, sn_selu_default(), grid);
    if (status) return status;
    sn_selu_exact c = sn_selu_exact01();
    for (size_t k = 0; k < th->nobjectives; k++) {
        const sn_objective *o = &th->objectives[k];
        sn_verify_result *r = &out[k];
        *r = (sn_verify_result){ .key = o->key, .value = ext[k].value, .certified = -1,
                                 .lo = NAN, .hi = NAN };
        sn_objective_condition(r->condition, sizeof r->condition, o);
        for (int i = 0; i < 4; i++) r->at[i] = ext[k].at[i];
        r->holds = sn_objective_holds(o, &box, ext[k].value);
        if (!rigorous) continue;
        sn_enclosure enc;
        size_t nleaves = 0;
        status = sn_certify_decided(&enc, NULL, &nleaves, o, &dom, &c, ext[k].at, width,
                                    max_boxes, CERTIFY_PREC);
        if (status) return status;
        r->rigorous = 1;
        r->lo = enc.lo;
        r->hi = enc.hi;
        r->certified = sn_certified_verdict(o, enc.lo, enc.hi, &dom);
    }
    *n = th->nobjectives;
    return GSL_SUCCESS;
}
