/* arb.h - Arb's ball arithmetic, wherever this system keeps it.
 *
 * FLINT 3 absorbed Arb: its header is <flint/arb.h> and its library -lflint. Before (Debian 12:
 * FLINT 2.9 with the separate Arb 2.x), the header is <arb.h> and the library -lflint-arb.
 * selfnorm/config.h, generated at build time by scripts/detect_arb.sh and installed beside
 * this header, says which one selfnorm was built against.
 */
#ifndef SELFNORM_ARB_H
#define SELFNORM_ARB_H

#include "selfnorm/config.h"

#if SN_HAVE_FLINT3
#include <flint/arb.h>
#else
#include <arb.h>
#endif

#endif
