/* abi.c - the public structs' sizes by name, for bindings (see abi.h). */
#include <string.h>
#include "selfnorm/selfnorm.h"

#define ROW(type) { #type, sizeof(type) }
static const struct {
    const char *name;
    size_t size;
} struct_sizes[] = {
    ROW(sn_selu), ROW(sn_point), ROW(sn_moments), ROW(sn_jacobian), ROW(sn_dropout),
    ROW(sn_stability), ROW(sn_fixed_point), ROW(sn_mlp_config), ROW(sn_mlp_layer),
    ROW(sn_box), ROW(sn_extreme), ROW(sn_verify_result),
    ROW(sn_train_config), ROW(sn_layer_stats), ROW(sn_train_hooks), ROW(sn_act),
    ROW(sn_init_spec), ROW(sn_weights), ROW(sn_unit_stats), ROW(sn_layer_out),
    ROW(sn_prop_verdict), ROW(sn_mean_field), ROW(sn_init_prediction), ROW(sn_layer_model),
};

size_t sn_struct_size(const char *name)
{
    for (size_t i = 0; name && i < sizeof struct_sizes / sizeof struct_sizes[0]; i++)
        if (strcmp(struct_sizes[i].name, name) == 0) return struct_sizes[i].size;
    return 0;
}

const char *sn_version(void)
{
    return SELFNORM_VERSION;
}
