"""Loading libselfnorm.so and mirroring its structs with ctypes (internal).

The library is looked for, in order: $SELFNORM_LIB (a path); libselfnorm.so.0 beside this
package (where ``make python`` puts it); the system's (``ctypes.util.find_library``).
Each ctypes mirror of a C struct is checked against the library's own sizeof at import
(``sn_struct_size``): a changed struct fails loudly instead of corrupting memory.
"""
import ctypes
import ctypes.util
import os

_HERE = os.path.dirname(os.path.abspath(__file__))


def _load():
    candidates = []
    if os.environ.get("SELFNORM_LIB"):
        candidates.append(os.environ["SELFNORM_LIB"])
    candidates.append(os.path.join(_HERE, "libselfnorm.so.0"))
    found = ctypes.util.find_library("selfnorm")
    if found:
        candidates.append(found)
    errors = []
    for path in candidates:
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            errors.append("%s: %s" % (path, e))
    raise ImportError("selfnorm: libselfnorm.so not found (run `make python` and put "
                      "build/python on PYTHONPATH, or set SELFNORM_LIB): " + "; ".join(errors))


lib = _load()

c_double = ctypes.c_double
c_int = ctypes.c_int
c_size_t = ctypes.c_size_t
P = ctypes.POINTER


class Selu(ctypes.Structure):
    _fields_ = [("alpha", c_double), ("lambda_", c_double)]


class Point(ctypes.Structure):
    _fields_ = [("mu", c_double), ("omega", c_double), ("nu", c_double), ("tau", c_double)]


class Moments(ctypes.Structure):
    _fields_ = [("mu_new", c_double), ("nu_new", c_double), ("mu_err", c_double),
                ("nu_err", c_double)]


class Jacobian(ctypes.Structure):
    _fields_ = [("h", c_double * 4), ("spectral_norm", c_double)]


class Dropout(ctypes.Structure):
    _fields_ = [("a", c_double), ("b", c_double), ("alpha_prime", c_double)]


class Stability(ctypes.Structure):
    _fields_ = [("re", c_double * 2), ("im", c_double * 2), ("complex_pair", c_int),
                ("spectral_radius", c_double), ("spectral_norm", c_double),
                ("radius_err", c_double), ("norm_err", c_double),
                ("attracting", c_int), ("contraction", c_int)]


class FixedPoint(ctypes.Structure):
    _fields_ = [("mu", c_double), ("nu", c_double), ("spectral_norm", c_double),
                ("stability", Stability), ("solver_iterations", c_int)]


class Weights(ctypes.Structure):
    _fields_ = [("dist", c_int), ("mean", c_double), ("sd", c_double), ("low", c_double),
                ("high", c_double), ("cut", c_double), ("gain", c_double)]


class InitSpec(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("nonlinearity", ctypes.c_char_p),
                ("gain", c_double), ("std", c_double), ("low", c_double), ("high", c_double),
                ("mode", ctypes.c_char_p), ("distribution", ctypes.c_char_p),
                ("cut", c_double), ("fan_in", ctypes.c_long), ("fan_out", ctypes.c_long)]


class UnitStats(ctypes.Structure):
    _fields_ = [("omega_mean", c_double), ("omega_sd", c_double), ("tau_mean", c_double),
                ("tau_sd", c_double), ("weight_var", c_double)]


class LayerOut(ctypes.Structure):
    _fields_ = [("mu", c_double), ("nu", c_double), ("chi", c_double), ("err", c_double)]


class PropVerdict(ctypes.Structure):
    _fields_ = [("kind", c_int), ("mu", c_double), ("nu", c_double), ("rate", c_double),
                ("chi", c_double), ("layers", ctypes.c_long)]


class MeanField(ctypes.Structure):
    _fields_ = [("q_star", c_double), ("chi1", c_double), ("c_star", c_double),
                ("chi_c", c_double), ("xi_c", c_double), ("xi_q", c_double),
                ("dq_slope", c_double)]


class LayerModel(ctypes.Structure):
    _fields_ = [("act", ctypes.c_void_p), ("omega_mean", c_double), ("omega_var", c_double),
                ("tau_mean", c_double), ("dropout", c_double)]


class InitPrediction(ctypes.Structure):
    _fields_ = [("weights", Weights), ("gain", c_double), ("mode", c_int),
                ("units", UnitStats), ("layers_done", c_size_t), ("stop_status", c_int),
                ("chi_depth", c_double),
                ("verdict", PropVerdict), ("typical_found", c_int), ("typical", FixedPoint),
                ("mean_field_status", c_int), ("mean_field", MeanField)]


class Act(ctypes.Structure):
    """sn_act: a row of the activation table (opaque pointer) and its parameters."""
    _fields_ = [("row", ctypes.c_void_p), ("p", c_double * 2)]


class MlpConfig(ctypes.Structure):
    _fields_ = [("depth", c_int), ("width", c_int), ("batch", c_int), ("activation", Act),
                ("input_mean", c_double), ("input_var", c_double),
                ("init", c_int), ("weight_omega", c_double), ("weight_tau", c_double),
                ("weights", Weights), ("dropout", c_double), ("gradients", c_int),
                ("pairs", c_int), ("pair_corr", c_double), ("use_double", c_int),
                ("seed", ctypes.c_ulong)]


class MlpLayer(ctypes.Structure):
    _fields_ = [("layer", c_int), ("mean", c_double), ("var", c_double),
                ("predicted_mean", c_double), ("predicted_var", c_double),
                ("omega_mean", c_double), ("omega_sd", c_double), ("tau_mean", c_double),
                ("grad_norm", c_double), ("grad_factor", c_double),
                ("predicted_grad_factor", c_double), ("corr", c_double),
                ("predicted_corr", c_double)]


class Box(ctypes.Structure):
    _fields_ = [("lo", c_double * 4), ("hi", c_double * 4)]


class Extreme(ctypes.Structure):
    _fields_ = [("value", c_double), ("at", c_double * 4)]


class VerifyResult(ctypes.Structure):
    _fields_ = [("key", ctypes.c_char_p), ("condition", ctypes.c_char * 96),
                ("value", c_double), ("at", c_double * 4), ("holds", c_int),
                ("rigorous", c_int), ("lo", c_double), ("hi", c_double), ("certified", c_int)]


class TrainConfig(ctypes.Structure):
    _fields_ = [("depth", c_int), ("width", c_int), ("activation", Act), ("init", c_int),
                ("normalization", c_int), ("dropout", c_double),
                ("input_dropout", c_double), ("learning_rate", c_double),
                ("momentum", c_double), ("batch", c_int), ("seed", ctypes.c_ulong),
                ("use_double", c_int)]


class LayerStats(ctypes.Structure):
    _fields_ = [("layer", c_int), ("in_mean", c_double), ("in_var", c_double),
                ("mean", c_double), ("var", c_double), ("omega_mean", c_double),
                ("omega_sd", c_double), ("tau_mean", c_double), ("tau_sd", c_double),
                ("in_theorem1_box", c_double), ("in_wide_box", c_double),
                ("inputs_in_theorem1_domain", c_int), ("grad_norm", c_double)]


ON_STEP = ctypes.CFUNCTYPE(c_int, ctypes.c_void_p, ctypes.c_long, c_double)
ON_EPOCH = ctypes.CFUNCTYPE(c_int, ctypes.c_void_p, c_int, ctypes.c_long, c_double, c_double,
                            c_double, c_double)
ON_PROBE = ctypes.CFUNCTYPE(c_int, ctypes.c_void_p, ctypes.c_long, P(LayerStats), c_int)


class TrainHooks(ctypes.Structure):
    _fields_ = [("epochs", c_int), ("probe_every", ctypes.c_long), ("probe_rows", c_int),
                ("ctx", ctypes.c_void_p), ("on_step", ON_STEP), ("on_epoch", ON_EPOCH),
                ("on_probe", ON_PROBE)]


def _proto(name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


sn_struct_size = _proto("sn_struct_size", c_size_t, ctypes.c_char_p)
sn_version = _proto("sn_version", ctypes.c_char_p)
sn_strerror = _proto("sn_strerror", ctypes.c_char_p, c_int)
sn_selu_default = _proto("sn_selu_default", Selu)
sn_selu_check = _proto("sn_selu_check", c_int, Selu)
sn_map_array = _proto("sn_map_array", c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
                      c_size_t, Selu, P(c_size_t))
sn_map_strided = _proto("sn_map_strided", c_int, ctypes.c_void_p, ctypes.c_void_p,
                        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p * 4, c_size_t * 4,
                        c_size_t, Selu, P(c_size_t))
sn_map_jacobian_array = _proto("sn_map_jacobian_array", c_int, ctypes.c_void_p,
                               ctypes.c_void_p, ctypes.c_void_p, c_size_t, Selu, P(c_size_t))
sn_constants_d = _proto("sn_constants_d", c_int, P(c_double), P(c_double), c_double, c_double,
                        c_double, c_double)
sn_constants_digits = _proto("sn_constants_digits", c_int, P(ctypes.c_void_p),
                             P(ctypes.c_void_p), P(c_int), P(ctypes.c_char_p), ctypes.c_long)
sn_dropout_params = _proto("sn_dropout_params", c_int, P(Dropout), c_double, Selu, c_double,
                           c_double)
sn_fixed_point_solve = _proto("sn_fixed_point_solve", c_int, P(FixedPoint), c_double,
                              c_double, Selu, c_double, c_double)
sn_act_parse = _proto("sn_act_parse", c_int, P(Act), ctypes.c_char_p, ctypes.c_char_p, c_size_t)
sn_act_selu = _proto("sn_act_selu", Act, c_double, c_double)
sn_act_is_selu = _proto("sn_act_is_selu", c_int, P(Act))
sn_act_count = _proto("sn_act_count", c_size_t)
sn_act_at = _proto("sn_act_at", c_int, P(Act), c_size_t)
sn_act_row_spec = _proto("sn_act_row_spec", ctypes.c_char_p, P(Act))
sn_act_format = _proto("sn_act_format", c_int, ctypes.c_char_p, c_size_t, P(Act))
sn_act_description = _proto("sn_act_description", ctypes.c_char_p, P(Act))
sn_act_nparams = _proto("sn_act_nparams", c_size_t, P(Act))
sn_act_param_name = _proto("sn_act_param_name", ctypes.c_char_p, P(Act), c_size_t)
sn_act_param_range = _proto("sn_act_param_range", ctypes.c_char_p, P(Act), c_size_t)
sn_act_closed_form = _proto("sn_act_closed_form", c_int, P(Act))
sn_map_array_act = _proto("sn_map_array_act", c_int, ctypes.c_void_p, ctypes.c_void_p,
                          ctypes.c_void_p, c_size_t, P(Act), P(c_size_t))
sn_map_jacobian_array_act = _proto("sn_map_jacobian_array_act", c_int, ctypes.c_void_p,
                                   ctypes.c_void_p, ctypes.c_void_p, c_size_t, P(Act),
                                   P(c_size_t))
sn_fixed_point_solve_act = _proto("sn_fixed_point_solve_act", c_int, P(FixedPoint), c_double,
                                  c_double, P(Act), c_double, c_double)
sn_propagate_verdict = _proto("sn_propagate_verdict", c_int, P(PropVerdict), P(LayerModel),
                              c_double, c_double, ctypes.c_long)
sn_init_spec_default = _proto("sn_init_spec_default", InitSpec)
sn_init_predict = _proto("sn_init_predict", c_int, P(InitPrediction), ctypes.c_void_p,
                         P(InitSpec), P(Act), ctypes.c_long, ctypes.c_long, c_double, c_double,
                         c_double, ctypes.c_char_p, c_size_t)
sn_mlp_defaults = _proto("sn_mlp_defaults", MlpConfig, c_int, c_int, c_int)
sn_mlp_check = _proto("sn_mlp_check", c_int, P(MlpConfig))
sn_mlp_run = _proto("sn_mlp_run", c_int, P(MlpLayer), P(MlpConfig))
sn_statement_count = _proto("sn_statement_count", c_size_t)
sn_statement_name = _proto("sn_statement_name", ctypes.c_char_p, c_size_t)
sn_verify = _proto("sn_verify", c_int, P(VerifyResult), P(c_size_t), ctypes.c_char_p, c_int,
                   c_int, c_double, ctypes.c_long)
VERIFY_MAX = 6
sn_train_defaults = _proto("sn_train_defaults", TrainConfig, c_int, c_int)
sn_net_alloc = _proto("sn_net_alloc", c_int, P(ctypes.c_void_p), P(TrainConfig), c_int, c_int,
                      ctypes.c_char_p, c_size_t)
sn_net_free = _proto("sn_net_free", None, ctypes.c_void_p)
sn_train = _proto("sn_train", c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
                  c_size_t, ctypes.c_void_p, ctypes.c_void_p, c_size_t, P(TrainHooks))
libc_free = ctypes.CDLL(None).free
libc_free.argtypes = [ctypes.c_void_p]
libc_free.restype = None

MIRRORS = {"sn_selu": Selu, "sn_point": Point, "sn_moments": Moments, "sn_jacobian": Jacobian,
           "sn_dropout": Dropout, "sn_stability": Stability, "sn_fixed_point": FixedPoint,
           "sn_mlp_config": MlpConfig, "sn_mlp_layer": MlpLayer, "sn_box": Box,
           "sn_extreme": Extreme, "sn_verify_result": VerifyResult,
           "sn_train_config": TrainConfig, "sn_layer_stats": LayerStats,
           "sn_train_hooks": TrainHooks, "sn_act": Act, "sn_init_spec": InitSpec,
           "sn_weights": Weights, "sn_unit_stats": UnitStats, "sn_layer_out": LayerOut,
           "sn_prop_verdict": PropVerdict, "sn_mean_field": MeanField,
           "sn_init_prediction": InitPrediction, "sn_layer_model": LayerModel}


def check_mirrors():
    """Raise ImportError unless every mirror has the size of the library's struct."""
    for name, mirror in MIRRORS.items():
        size = sn_struct_size(name.encode())
        if size != ctypes.sizeof(mirror):
            raise ImportError("selfnorm: struct %s is %d bytes in libselfnorm but %d in the "
                              "Python mirror: the package and the library do not match"
                              % (name, size, ctypes.sizeof(mirror)))


check_mirrors()
# GSL's default error handler aborts the process on an error that libselfnorm reports as a
# status (a quadrature that cannot reach its tolerance, ...): turn it off, as the selfnorm
# command does and as GSL advises for programs that check status codes. (Process-wide: GSL
# has one handler.)
_gsl_off = lib.gsl_set_error_handler_off
_gsl_off.restype = ctypes.c_void_p
_gsl_off.argtypes = []
_gsl_off()
