/* abi.h - the sizes of the public structs, for bindings that mirror them (python/selfnorm
 * checks each of its ctypes mirrors against these at import: a changed struct fails loudly
 * instead of corrupting memory). */
#ifndef SELFNORM_ABI_H
#define SELFNORM_ABI_H

#include <stddef.h>
#include "selfnorm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* sizeof the struct named by its typedef ("sn_point", "sn_mlp_layer", ...); 0 if unknown. */
size_t sn_struct_size(const char *name);

/* The library's version, SELFNORM_VERSION of the headers it was built from. */
const char *sn_version(void);

#ifdef __cplusplus
}
#endif

#endif
