/* arb_hypgeom_compat.h - Arb's hypergeometric functions and arf, from FLINT 3 or the separate
 * Arb (see include/selfnorm/arb.h). */
#ifndef SELFNORM_ARB_HYPGEOM_COMPAT_H
#define SELFNORM_ARB_HYPGEOM_COMPAT_H

#include "selfnorm/arb.h"

#if SN_HAVE_FLINT3
#include <flint/arb_hypgeom.h>
#include <flint/arf.h>
#else
#include <arb_hypgeom.h>
#include <arf.h>
#endif

#endif
