"""selfnorm: the theory of self-normalizing (SELU) networks, from Python.

A thin layer over libselfnorm (ctypes): the computations are the C library's, NumPy arrays go
in and out without Python loops. Notation as in Klambauer et al., "Self-Normalizing Neural
Networks" (NeurIPS 2017, arXiv:1706.02515): inputs of a unit have mean ``mu`` and variance
``nu``; its weights sum to ``omega`` and their squares to ``tau``; SELU has parameters
``alpha`` and ``lambda_`` (default alpha01, lambda01).

Functions:
    map(mu, omega, nu, tau)          the moment map g, vectorized: (mu_new, nu_new)
    jacobian(mu, omega, nu, tau)     its Jacobian H (..., 2, 2) and spectral norm, vectorized
    activations()                    the activation table (map, jacobian, fixedpoint, mlp and
                                     train take activation="gelu", "leaky_relu:0.2", ...)
    selu_parameters(mu, nu, ...)     alpha, lambda for a target fixed point, as floats
    constants(mu, nu, ..., digits)   the same with every digit proven, as strings / Decimal
    dropout(rate, ...)               alpha-dropout parameters a, b, alpha'
    fixedpoint(omega, tau, ...)      the fixed point of g and its stability
    init(name, ...)                  what a PyTorch/Keras initializer does to a deep network
    mlp(depth, width, batch, ...)    an empirical deep network's per-layer statistics
    train(X, y, test_X, test_y, ...) SGD training; loss curves and per-layer statistics
    statements()                     the names of the paper's statements
    verify(name, rigorous=False)     a statement checked numerically or proven (Arb)

Errors raise ``selfnorm.Error`` with the library's message; bad input raises ``ValueError``
(``selfnorm.InputError`` derives from both).
"""
import decimal
import math
import os
import re
import signal
import threading
import warnings
from collections import namedtuple

import numpy as np

from . import _lib
from ._lib import ctypes

# `map` is not exported by `from selfnorm import *`: it would shadow Python's built-in map
__all__ = ["jacobian", "activations", "selu_parameters", "constants", "dropout",
           "fixedpoint", "init", "mlp", "statements", "verify", "train",
           "Error", "InputError", "ALPHA01", "LAMBDA01", "version"]

_SELU01 = _lib.sn_selu_default()
ALPHA01 = _SELU01.alpha     # alpha01 rounded to the nearest double
LAMBDA01 = _SELU01.lambda_  # lambda01 rounded to the nearest double

# status codes (selfnorm/status.h) that mean the input was wrong
_EDOM, _ERANGE, _EINVAL, _ENOMEM = 1, 2, 4, 8
_INPUT_ERRORS = (_EDOM, _ERANGE, _EINVAL)


class Error(Exception):
    """A libselfnorm failure; ``status`` is its status code (selfnorm/status.h)."""

    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


class InputError(Error, ValueError):
    """Bad input: the library said SN_EDOM, SN_ERANGE or SN_EINVAL."""


def version():
    """The version of the loaded libselfnorm."""
    return _lib.sn_version().decode()


def _raise(status, what):
    message = "%s: %s" % (what, _lib.sn_strerror(status).decode())
    raise (InputError if status in _INPUT_ERRORS else Error)(message, status)


def _selu(alpha, lambda_):
    a, l = _float_args(alpha=ALPHA01 if alpha is None else alpha,
                       lambda_=LAMBDA01 if lambda_ is None else lambda_)
    p = _lib.Selu(a, l)
    status = _lib.sn_selu_check(p)
    if status:
        _raise(status, "SELU parameters alpha=%r, lambda=%r" % (p.alpha, p.lambda_))
    return p


def _inputs(mu, omega, nu, tau):
    """The four inputs broadcast together, as (arrays, pointers, strides, shape): each is
    passed to C without copying when it is a float64 array already laid out contiguously or
    a broadcast scalar (stride 0); otherwise as a contiguous copy."""
    arrays = [_real_array(name, v) for name, v in zip(("mu", "omega", "nu", "tau"),
                                                       (mu, omega, nu, tau))]
    try:
        shape = np.broadcast_shapes(*[a.shape for a in arrays])
    except ValueError as e:
        raise InputError("mu, omega, nu, tau: %s" % e, _EINVAL) from None
    _check_memory(int(np.prod(shape, dtype=object)) * 8 * 8)
    keep, ptrs, strides = [], (ctypes.c_void_p * 4)(), (ctypes.c_size_t * 4)()
    for k, a in enumerate(arrays):
        if a.size == 1:
            a = np.ascontiguousarray(a.reshape(1))
            strides[k] = 0
        else:
            a = np.ascontiguousarray(np.broadcast_to(a, shape)).reshape(-1)
            strides[k] = 1
        keep.append(a)
        ptrs[k] = a.ctypes.data
    return keep, ptrs, strides, shape


def _real_array(name, v):
    """v as a float64 array, if it holds real numbers: ints and floats of any width, not bools,
    complex numbers, strings, dates, objects or masked arrays (whose mask would be ignored)."""
    if isinstance(v, np.ma.MaskedArray):
        raise InputError("%s: masked arrays are not supported (fill or compress them first)"
                         % name, _EINVAL)
    try:
        a = np.asarray(v)
    except (TypeError, ValueError, OverflowError) as e:
        raise InputError("%s: %s" % (name, e), _EINVAL) from None
    if a.dtype.kind == "O":   # Python ints beyond int64, None, mixed lists
        try:
            a = np.asarray(v, dtype=np.float64)
        except (TypeError, ValueError, OverflowError):
            raise InputError("%s: %r is not an array of real numbers" % (name, v),
                             _EINVAL) from None
    if a.dtype.kind not in "iuf":
        raise InputError("%s: %s values are not real numbers" % (name, a.dtype), _EINVAL)
    return a.astype(np.float64, copy=False)


def _check_memory(nbytes):
    """Error SN_ENOMEM (8) before allocating more than 80% of this machine's memory, as mlp and
    train do in C; never the out-of-memory killer."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return
    if nbytes > 0.8 * total:
        raise Error("this call needs about %.3g GB, more than 80%% of this machine's memory "
                    "(%.3g GB)" % (nbytes / 1e9, total / 1e9), _ENOMEM)


def _ptr(a):
    return a.ctypes.data_as(ctypes.c_void_p)


def _bad_point(status, arrays, strides, bad, what):
    mu, omega, nu, tau = (float(a[bad * s]) for a, s in zip(arrays, strides))
    _raise(status, "%s at index %d (mu=%r, omega=%r, nu=%r, tau=%r)"
           % (what, bad, mu, omega, nu, tau))


def _shaped(a, shape):
    a = a.reshape(shape + a.shape[1:])
    return a[()] if a.ndim == 0 else a


def _rows(arrays, strides, shape):
    """The broadcast inputs as an (n, 4) array of sn_point rows (mu, omega, nu, tau)."""
    n = int(np.prod(shape))
    rows = np.empty((n, 4))
    for k, (a, st) in enumerate(zip(arrays, strides)):
        rows[:, k] = a[0] if st == 0 else a
    return rows


def _selu_or_act(activation, alpha, lambda_):
    """(sn_selu, None) for SELU, whose closed form runs on columns; (None, sn_act) otherwise."""
    if activation is None:
        return _selu(alpha, lambda_), None
    act = _act(activation, alpha, lambda_)
    if _lib.sn_act_is_selu(ctypes.byref(act)):
        return _selu(act.p[0], act.p[1]), None
    return None, act


def map(mu, omega, nu, tau, alpha=None, lambda_=None, activation=None):
    """The moment map g(mu, nu) = (mu_new, nu_new) of a unit (paper Eq. 3-5): z ~ N(mu omega,
    nu tau), mu_new = E f(z), nu_new = Var f(z).

    f is SELU (alpha, lambda_; default alpha01, lambda01) unless `activation` names another
    row of the table ("gelu", "leaky_relu:0.2", ...; see activations()). Arguments broadcast
    like NumPy's; libselfnorm runs over all points in parallel (OpenMP). SELU: the closed
    form, vectorized (AVX2 where the CPU has it): mean within 1e-13 max(1, |mean|) (absolute
    below 1, so a mean far in a tail, 1e-200, has no correct digits), variance within 1e-12
    relative. Other rows: closed forms (ELU, ReLU, leaky ReLU, linear) or Gauss-Kronrod
    quadrature (tanh, GELU, SiLU, softplus, sigmoid; within 2.2e-13 of MPFR in the tests,
    absolute for means below 1). Inputs: real numbers (ints or floats; not bools, complex
    numbers, strings or masked arrays).
    Returns (mu_new, nu_new): arrays of the broadcast shape, or floats for scalar inputs.
    Raises InputError (a ValueError) for a point outside the domain (non-finite, nu <= 0,
    tau <= 0) or a bad activation, naming the first such point.

    >>> round(map(0.0, 0.0, 1.0, 1.0)[1], 12)
    1.0
    >>> round(map(0.0, 1.0, 1.0, 1.0, activation="relu")[0], 12)   # E max(z, 0) = 1/sqrt(2 pi)
    0.398942280401
    """
    p, act = _selu_or_act(activation, alpha, lambda_)
    arrays, ptrs, strides, shape = _inputs(mu, omega, nu, tau)
    n = int(np.prod(shape))
    mu_new = np.empty(n)
    nu_new = np.empty(n)
    bad = ctypes.c_size_t(0)
    if act is None:
        status = _lib.sn_map_strided(_ptr(mu_new), _ptr(nu_new), None, None, ptrs, strides, n,
                                     p, ctypes.byref(bad))
    else:
        status = _lib.sn_map_array_act(_ptr(mu_new), _ptr(nu_new),
                                       _ptr(_rows(arrays, strides, shape)), n, ctypes.byref(act),
                                       ctypes.byref(bad))
    if status:
        _bad_point(status, arrays, strides, bad.value, "map")
    return _shaped(mu_new, shape), _shaped(nu_new, shape)


def jacobian(mu, omega, nu, tau, alpha=None, lambda_=None, activation=None):
    """The Jacobian H = d(mu_new, nu_new)/d(mu, nu) of g, and its spectral norm.

    Arguments and `activation` as for map(); computed in C over all points in parallel
    (SELU: the closed form; other rows: Stein's identities on their closed form or
    quadrature). Returns (h, spectral_norm): h has shape (..., 2, 2) with h[..., 0, :] =
    (dmu_new/dmu, dmu_new/dnu); spectral_norm is the largest singular value, of the broadcast
    shape.
    """
    p, act = _selu_or_act(activation, alpha, lambda_)
    arrays, ptrs, strides, shape = _inputs(mu, omega, nu, tau)
    n = int(np.prod(shape))
    h = np.empty((n, 2, 2))
    norm = np.empty(n)
    bad = ctypes.c_size_t(0)
    if act is None:
        status = _lib.sn_map_strided(None, None, _ptr(h), _ptr(norm), ptrs, strides, n, p,
                                     ctypes.byref(bad))
    else:
        status = _lib.sn_map_jacobian_array_act(_ptr(h), _ptr(norm),
                                                _ptr(_rows(arrays, strides, shape)), n,
                                                ctypes.byref(act), ctypes.byref(bad))
    if status:
        _bad_point(status, arrays, strides, bad.value, "jacobian")
    return _shaped(h, shape), _shaped(norm, shape)


Activation = namedtuple("Activation", "spec description params closed_form")
Activation.__doc__ = """A row of the activation table.

``spec``: the name that selects it ("gelu:tanh" for GELU's tanh form); ``params``: a tuple
of (name, default, allowed range as text); ``closed_form``: whether its Gaussian moments are
in closed form (else by quadrature)."""


def activations():
    """The activation table, as a list of Activation rows; any row's spec, with parameters
    "NAME:P1[,P2]" or without (defaults), is what `activation=` takes in map, jacobian,
    fixedpoint, mlp and train.

    >>> [a.spec for a in activations()][:3]
    ['selu', 'elu', 'relu']
    """
    rows = []
    for i in range(_lib.sn_act_count()):
        a = _lib.Act()
        _lib.sn_act_at(ctypes.byref(a), i)
        r = ctypes.byref(a)
        params = tuple((_lib.sn_act_param_name(r, k).decode(), a.p[k],
                        _lib.sn_act_param_range(r, k).decode())
                       for k in range(_lib.sn_act_nparams(r)))
        rows.append(Activation(_lib.sn_act_row_spec(r).decode(),
                               _lib.sn_act_description(r).decode(), params,
                               bool(_lib.sn_act_closed_form(r))))
    return rows


def _float_args(**kw):
    """Real numbers, by name: not bools, complex numbers, strings or None."""
    out = []
    for name, v in kw.items():
        if isinstance(v, (bool, np.bool_, str, bytes, complex, np.complexfloating)) or v is None:
            raise InputError("%s: %r is not a real number" % (name, v), _EINVAL)
        try:
            out.append(float(v))
        except (TypeError, ValueError, OverflowError):
            raise InputError("%s: %r is not a number" % (name, v), _EINVAL) from None
    return out


def _choice(name, v, table):
    """v must be one of the table's keys (strings)."""
    if not isinstance(v, str) or v not in table:
        raise InputError("%s: %r is not one of %s" % (name, v, sorted(table)), _EINVAL)


def _bool_arg(name, v):
    """True or False (or NumPy's): not a string such as "no", which bool() calls True."""
    if not isinstance(v, (bool, np.bool_)):
        raise InputError("%s: %r is not True or False" % (name, v), _EINVAL)
    return int(bool(v))


def _int_arg(name, v, lo, hi):
    """An integer from lo to hi: an int, or a float that is one (2.0), never a truncated 1.5."""
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)):
        raise InputError("%s: %r is not an integer" % (name, v), _EINVAL)
    if isinstance(v, (float, np.floating)) and not (np.isfinite(v) and float(v).is_integer()):
        raise InputError("%s: %r is not an integer" % (name, v), _EINVAL)
    v = int(v)
    if not lo <= v <= hi:
        raise InputError("%s: %d is not between %d and %d" % (name, v, lo, hi), _EDOM)
    return v


def selu_parameters(mu=0.0, nu=1.0, omega=0.0, tau=1.0):
    """(alpha, lambda) that make (mu, nu) a fixed point of g for weights (omega, tau).

    Each is the double nearest to the exact value (libselfnorm solves the fixed-point
    equations in ball arithmetic and rounds correctly). The inputs are the given doubles
    exactly. If two solutions exist, the one with smaller alpha. Raises InputError for
    nu <= 0, tau <= 0 or non-finite input, Error (status SN_ENOSOLUTION) when no
    alpha > 0, lambda > 0 exist.

    >>> selu_parameters(0, 1, 0, 1) == (ALPHA01, LAMBDA01)
    True
    """
    m, v, w, t = _float_args(mu=mu, nu=nu, omega=omega, tau=tau)
    alpha = ctypes.c_double()
    lam = ctypes.c_double()
    status = _lib.sn_constants_d(ctypes.byref(alpha), ctypes.byref(lam), m, v, w, t)
    if status:
        _raise(status, "selu_parameters(mu=%r, nu=%r, omega=%r, tau=%r)" % (m, v, w, t))
    return alpha.value, lam.value


Constants = namedtuple("Constants", "alpha lambda_ solutions")
Constants.__doc__ = """Proven digits of alpha and lambda: strings, as libselfnorm printed them.

``alpha``, ``lambda_``: the first solution (smallest alpha); ``solutions``: every solution as
(alpha, lambda_) string pairs (one or two). ``decimal()`` gives the first as decimal.Decimal."""
Constants.decimal = lambda self: (decimal.Decimal(self.alpha), decimal.Decimal(self.lambda_))


def _decimal_text(name, v):
    """The exact decimal a user means: a string or Decimal as written, a float by its repr
    (0.1 is 1/10, as typed, not the binary double nearest to it), an int as is."""
    if isinstance(v, (str, decimal.Decimal)):
        text = str(v)
        if any(ord(ch) < 0x20 or ord(ch) == 0x7f for ch in text):
            raise InputError("%s: %r holds control characters" % (name, v), _EINVAL)
    elif isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
        text = repr(float(v)) if isinstance(v, (float, np.floating)) else str(int(v))
    else:
        raise InputError("%s: %r is not a number" % (name, v), _EINVAL)
    return text.strip()


def constants(mu=0, nu=1, omega=0, tau=1, digits=30):
    """alpha, lambda that make (mu, nu) a fixed point, with `digits` proven digits.

    Each input is an exact decimal: a string or decimal.Decimal as written, a float by its
    shortest repr (0.1 means 1/10). Every returned digit is proven by ball arithmetic
    (correctly rounded to `digits` significant digits, 1..1000000). Returns a Constants
    tuple of strings; ``.decimal()`` converts. Raises InputError for bad input, Error
    when no solution exists or the digits could not be proven.

    >>> constants(digits=20).alpha
    '1.6732632423543772848'
    """
    texts = [_decimal_text(n, v) for n, v in (("mu", mu), ("nu", nu), ("omega", omega),
                                              ("tau", tau))]
    digits = _int_arg("digits", digits, 1, 1000000)
    target = (ctypes.c_char_p * 4)(*[t.encode() for t in texts])
    alpha = (ctypes.c_void_p * 2)()
    lam = (ctypes.c_void_p * 2)()
    count = ctypes.c_int(0)
    status = _lib.sn_constants_digits(alpha, lam, ctypes.byref(count), target, digits)
    try:
        if status:
            _raise(status, "constants(mu=%s, nu=%s, omega=%s, tau=%s, digits=%d)"
                   % (*texts, digits))
        sols = [(ctypes.string_at(alpha[k]).decode(), ctypes.string_at(lam[k]).decode())
                for k in range(count.value)]
    finally:
        for ptr in list(alpha) + list(lam):
            if ptr:
                _lib.libc_free(ptr)
    return Constants(sols[0][0], sols[0][1], sols)


DropoutParameters = namedtuple("DropoutParameters", "a b alpha_prime")
DropoutParameters.__doc__ = """Alpha dropout: a dropped unit is set to alpha_prime (= -lambda
alpha), then x -> a x + b restores the mean and variance of the fixed point."""


def dropout(rate, mu=0.0, nu=1.0, omega=0.0, tau=1.0, alpha=None, lambda_=None):
    """Alpha-dropout parameters (a, b, alpha') for drop probability `rate` (as in PyTorch).

    The SELU parameters are (alpha, lambda_) if given, else those that make (mu, nu) a fixed
    point for weights (omega, tau) (selu_parameters). The dropout keeps mean mu and
    variance nu. Raises InputError unless 0 <= rate < 1 and nu > 0.
    """
    r, m, v, w, t = _float_args(rate=rate, mu=mu, nu=nu, omega=omega, tau=tau)
    if not 0 <= r < 1:
        raise InputError("dropout: rate %r is not in [0, 1)" % (r,), _EDOM)
    if alpha is None and lambda_ is None:
        alpha, lambda_ = selu_parameters(m, v, w, t)
    p = _selu(alpha, lambda_)
    d = _lib.Dropout()
    status = _lib.sn_dropout_params(ctypes.byref(d), r, p, m, v)
    if status:
        _raise(status, "dropout(rate=%r, mu=%r, nu=%r)" % (r, m, v))
    if not all(np.isfinite((d.a, d.b, d.alpha_prime))):
        raise Error("dropout(rate=%r, alpha=%r, lambda=%r): the parameters overflow a double"
                    % (r, p.alpha, p.lambda_), _ERANGE)
    return DropoutParameters(d.a, d.b, d.alpha_prime)


FixedPoint = namedtuple("FixedPoint", "mu nu spectral_norm spectral_radius eigenvalues "
                                      "attracting contraction iterations")
FixedPoint.__doc__ = """A fixed point of g and its stability (double precision).

``eigenvalues``: complex array of H's eigenvalues by decreasing modulus; ``attracting``:
spectral radius < 1 and ``contraction``: spectral norm < 1, each True, False or None when
too close to 1 to decide in floating point; ``iterations``: of the root solver."""

_VERDICTS = {0: False, 1: True, 2: None}


def fixedpoint(omega=0.0, tau=1.0, alpha=None, lambda_=None, start=(0.0, 1.0),
               activation=None):
    """The fixed point (mu, nu) of g for weights (omega, tau), and its stability.

    f is SELU (alpha, lambda_) unless `activation` names another row of the table (see
    map()). Found by GSL's hybrid root solver from `start` = (mu0, nu0). Raises InputError
    for bad input, Error when no fixed point with nu > 0 is found from there: its message says
    what iterating g does to the variance, and its `kind` is "collapse", "explode",
    "neutral", "self-normalizing" or "undecided" (as `selfnorm fixedpoint --json`'s
    verdict_kind, which says "converges" for the fourth).

    >>> fp = fixedpoint(0.0, 1.0)
    >>> (round(fp.mu, 9), round(fp.nu, 9), fp.attracting)
    (0.0, 1.0, True)
    """
    try:
        if not isinstance(start, (tuple, list, np.ndarray)):
            raise TypeError
        mu0, nu0 = start
    except (TypeError, ValueError):
        raise InputError("fixedpoint: start must be a pair (mu0, nu0), not %r" % (start,),
                         _EINVAL) from None
    w, t, m0, v0 = _float_args(omega=omega, tau=tau, mu0=mu0, nu0=nu0)
    p, act = _selu_or_act(activation, alpha, lambda_)
    fp = _lib.FixedPoint()
    if act is None:
        status = _lib.sn_fixed_point_solve(ctypes.byref(fp), w, t, p, m0, v0)
    else:
        status = _lib.sn_fixed_point_solve_act(ctypes.byref(fp), w, t, ctypes.byref(act), m0,
                                               v0)
    if status:
        what = "" if act is None else ", activation=%r" % (activation,)
        call = "fixedpoint(omega=%r, tau=%r, start=(%r, %r)%s)" % (w, t, m0, v0, what)
        if status in _INPUT_ERRORS:
            _raise(status, call)
        # why, as `selfnorm fixedpoint` says it: what iterating g does to the variance
        a = act if act is not None else _lib.sn_act_selu(p.alpha, p.lambda_)
        kind, reason = _variance_dynamics(a, w, t, m0, v0)
        e = Error("%s: no fixed point with nu > 0 found: %s (solver: %s)"
                  % (call, reason, _lib.sn_strerror(status).decode()), status)
        e.kind = kind
        raise e
    s = fp.stability
    eig = np.array([complex(s.re[0], s.im[0]), complex(s.re[1], s.im[1])])
    return FixedPoint(fp.mu, fp.nu, s.spectral_norm, s.spectral_radius, eig,
                      _VERDICTS[s.attracting], _VERDICTS[s.contraction], fp.solver_iterations)


def _variance_dynamics(act, omega, tau, mu0, nu0, steps=20000):
    """(kind, words): what iterating g from (mu0, nu0) does to the variance (propagate.h)."""
    model = _lib.LayerModel(ctypes.cast(ctypes.pointer(act), ctypes.c_void_p), omega, 0.0, tau,
                            0.0)
    v = _lib.PropVerdict()
    if _lib.sn_propagate_verdict(ctypes.byref(v), ctypes.byref(model), mu0, nu0, steps):
        return "undecided", "g cannot be iterated from the start"
    kind = _KINDS[v.kind] if 0 <= v.kind < len(_KINDS) else "undecided"
    factor = "" if math.isnan(v.rate) else " (factor %.6g per step)" % v.rate
    words = {"collapse": "iterating g, the variance collapses toward 0" + factor,
             "explode": "iterating g, the variance explodes" + factor,
             "neutral": "iterating g, the variance neither converges nor diverges (rate 1)",
             "self-normalizing": "iterating g settles near (%.6g, %.6g), but the solver could not "
                                 "confirm a fixed point there" % (v.mu, v.nu)}
    return kind, words.get(kind, "iterating g, the variance neither settles nor collapses nor "
                                 "explodes within %d steps" % steps)


def _act(spec, alpha=None, lambda_=None):
    """The library's sn_act for an activation spec "NAME[:PARAMS]" (selfnorm activations);
    alpha, lambda_ set SELU's parameters."""
    if not isinstance(spec, str):
        raise InputError("activation: %r is not a string NAME[:PARAMS]" % (spec,), _EINVAL)
    a = _lib.Act()
    err = ctypes.create_string_buffer(512)
    if _lib.sn_act_parse(ctypes.byref(a), _text_arg("activation", spec), err, len(err)):
        raise InputError("activation: %s" % err.value.decode(), _EINVAL)
    if alpha is not None or lambda_ is not None:
        if not _lib.sn_act_is_selu(ctypes.byref(a)):
            raise InputError("alpha, lambda_ apply to activation='selu'", _EINVAL)
        if ":" in spec:
            raise InputError("activation=%r gives alpha and lambda already; alpha, lambda_ "
                             "apply to activation='selu'" % spec, _EINVAL)
        p = _selu(alpha, lambda_)
        a = _lib.sn_act_selu(p.alpha, p.lambda_)
    return a


Weights = namedtuple("Weights", "distribution mean sd low high truncation gain")
Weights.__doc__ = """A weight distribution: normal N(mean, sd^2), uniform U(low, high),
truncated_normal (N(0, sd^2) cut at +-truncation sd: mean 0, sd before truncation) or
orthogonal (rows of an orthogonal matrix times gain: this gain is the matrix's factor; the
prediction's `gain` is the initializer's argument); the fields that do not apply are NaN."""
Layers = namedtuple("Layers", "mu nu chi err")
Layers.__doc__ = """The layer map's prediction by layer (index 0 is the input): mean, variance,
gradient factor chi (NaN at 0) and the error estimate of mu, nu; NaN past the layer where the
variance left the range of doubles."""
Verdict = namedtuple("Verdict", "kind mu nu rate chi layers")
Verdict.__doc__ = """What the layer map does with depth: kind is "self-normalizing" (to the
limit (mu, nu), at `rate` per layer, within 1e-6 after `layers` layers), "neutral" (it
settles at rate 1: neither attracted nor repelled), "collapse", "explode" or "undecided"
(then mu, nu, rate are at the last layer tried); the names of `selfnorm init --json`'s
verdict_kind."""
MeanField = namedtuple("MeanField", "q_star chi1 c_star chi_c xi_c xi_q dq_slope")
MeanField.__doc__ = """Poole et al. (2016) / Schoenholz et al. (2017) mean field (propagate.h):
the fixed point q* of the raw second moment, chi1 = tau E f'(u)^2 there, the stable fixed
point c* of the correlation map and its slope chi_c, the depth scales xi_c and xi_q, and the
slope of q's map at q*."""
InitPrediction = namedtuple("InitPrediction", "weights gain mode omega_mean omega_sd tau_mean "
                            "tau_sd weight_var layers predicted_layers chi_depth verdict "
                            "typical mean_field")
InitPrediction.__doc__ = """What an initializer does to a deep network (see init()): the
weight distribution, the gain (or Keras scale) and fan mode used, each unit's omega = sum w
and tau = sum w^2 (mean and sd), the weights' variance, the layer-by-layer prediction
(Layers; predicted up to layer predicted_layers, where the variance leaves [1e-300, 1e300],
NaN after), the product of chi over the predicted layers, the Verdict, the typical unit's FixedPoint
(omega = E omega, tau = E tau; None if there is none with nu > 0) and the MeanField (None
unless the weights have mean 0 and there is no dropout)."""

_DISTRIBUTIONS = ("normal", "uniform", "truncated_normal", "orthogonal")
# the fields of sn_weights each distribution uses (the others are NaN in Weights)
_WEIGHT_FIELDS = {"normal": ("mean", "sd"), "uniform": ("low", "high"),
                  "truncated_normal": ("mean", "sd", "cut"), "orthogonal": ("gain",)}
_DBL_MIN = 2.2250738585072014e-308
_MODES = ("fan_in", "fan_out", "fan_avg")
_KINDS = ("self-normalizing", "collapse", "explode", "undecided", "neutral")   # selfnorm init's


def _text_arg(name, v):
    """A string for C: None stays None; no NUL (C would cut it there), encodable."""
    if v is None:
        return None
    if not isinstance(v, str):
        raise InputError("%s: %r is not a string" % (name, v), _EINVAL)
    if "\0" in v:
        raise InputError("%s: %r contains a NUL character" % (name, v[:80]), _EINVAL)
    try:
        return v.encode()
    except UnicodeEncodeError:
        raise InputError("%s: %r is not valid text" % (name, v[:80]), _EINVAL) from None


def init(name, fan_in=None, fan_out=None, width=None, depth=64, activation="selu", dropout=0.0,
         mu=0.0, nu=1.0, nonlinearity=None, gain=None, std=None, low=None, high=None,
         mode=None, distribution=None, truncation=None, scale=None):
    """What a framework's weight initializer does to a deep network (`selfnorm init`).

    name: a PyTorch initializer (kaiming_normal, kaiming_uniform, xavier_normal,
    xavier_uniform, normal, uniform, orthogonal; a trailing underscore is accepted) with
    nonlinearity= (calculate_gain's argument, e.g. "selu", "leaky_relu:0.2") or gain=, std=,
    low=, high=, mode=; or a Keras one (lecun_normal, lecun_uniform, glorot_normal,
    glorot_uniform, he_normal, he_uniform, variance_scaling with scale= (or gain=), mode=,
    distribution=, truncation= for the truncated normal's cut, default 2 sd). Every layer has
    fan_in inputs per unit (default width) and width units (fan_out is the same number: give
    either; default 1024); the inputs have mean mu and
    variance nu; activation: any row of activations(); dropout: alpha dropout after SELU,
    standard dropout otherwise. Returns an InitPrediction (see its fields with
    help(selfnorm.InitPrediction)): the same numbers `selfnorm init` prints, from the same
    library call (sn_init_predict). With E w != 0 (e.g. "uniform" on [0, 1]) it warns
    (UserWarning), as `selfnorm init` does: the prediction assumes zero-mean weights beyond
    layer 1.

    >>> p = init("kaiming_normal", nonlinearity="selu", width=256)   # PyTorch: gain 3/4
    >>> (p.gain, p.tau_mean, p.verdict.kind, round(p.verdict.nu, 4))
    (0.75, 0.5625, 'self-normalizing', 0.0398)
    """
    if scale is not None:
        if gain is not None:
            raise InputError("init: give gain= or scale= (Keras' name for it), not both",
                             _EINVAL)
        gain = scale
    if width is not None and fan_out is not None and width != fan_out:
        raise InputError("init: fan_out=%r differs from width=%r: a layer's fan_out is its "
                         "number of units (give one of them)" % (fan_out, width), _EINVAL)
    width = fan_out if fan_out is not None else 1024 if width is None else width
    spec = _lib.sn_init_spec_default()
    spec.name = _text_arg("init: the initializer name", name)
    spec.nonlinearity = _text_arg("nonlinearity", nonlinearity)
    spec.mode = _text_arg("mode", mode)
    spec.distribution = _text_arg("distribution", distribution)
    for field, v in (("gain", gain), ("std", std), ("low", low), ("high", high),
                     ("cut", truncation)):
        if v is not None:   # None: the initializer's default; NaN is not a default
            label = "truncation" if field == "cut" else field
            x = _float_args(**{label: v})[0]
            if not math.isfinite(x):
                raise InputError("init: %s must be a finite number, not %r" % (label, x), _EDOM)
            setattr(spec, field, x)
    width = _int_arg("width", width, 1, 1000000)
    depth = _int_arg("depth", depth, 1, 100000)
    spec.fan_in = width if fan_in is None else _int_arg("fan_in", fan_in, 1, 10**9)
    spec.fan_out = width
    m0, v0, rate = _float_args(mu=mu, nu=nu, dropout=dropout)
    if not (v0 >= _DBL_MIN and math.isfinite(v0)) or not math.isfinite(m0):
        raise InputError("init: mu must be finite and nu finite and at least %r (a normal "
                         "double; mu=%r, nu=%r)" % (_DBL_MIN, m0, v0), _EDOM)
    if not 0 <= rate < 1:
        raise InputError("init: dropout must be in [0, 1), not %r" % rate, _EDOM)
    act = _act(activation)
    layers = (_lib.LayerOut * (depth + 1))()
    r = _lib.InitPrediction()
    err = ctypes.create_string_buffer(512)
    status = _lib.sn_init_predict(ctypes.byref(r), layers, ctypes.byref(spec), ctypes.byref(act),
                                  width, depth, m0, v0, rate, err, len(err))
    if status:
        message = err.value.decode() or _lib.sn_strerror(status).decode()
        # the library's messages name the command line's options: --fan-in is fan_in= here
        message = re.sub(r"--([a-z]+(?:-[a-z]+)*)",
                         lambda m: m.group(1).replace("-", "_") + "=", message)
        raise (InputError if status in _INPUT_ERRORS else Error)("init: %s" % message, status)
    table = np.ctypeslib.as_array(layers).view(np.float64).reshape(depth + 1, 4)
    w = r.weights
    dist = _DISTRIBUTIONS[w.dist]
    used = {f: (getattr(w, f) if f in _WEIGHT_FIELDS[dist] else math.nan)
            for f in ("mean", "sd", "low", "high", "cut", "gain")}
    weights = Weights(dist, used["mean"], used["sd"], used["low"], used["high"], used["cut"],
                      used["gain"])
    v = r.verdict
    verdict = Verdict(_KINDS[v.kind] if 0 <= v.kind < len(_KINDS) else str(v.kind), v.mu, v.nu,
                      v.rate, v.chi, v.layers)
    typical = None
    if r.typical_found:
        fp, s = r.typical, r.typical.stability
        eig = np.array([complex(s.re[0], s.im[0]), complex(s.re[1], s.im[1])])
        typical = FixedPoint(fp.mu, fp.nu, s.spectral_norm, s.spectral_radius, eig,
                             _VERDICTS[s.attracting], _VERDICTS[s.contraction],
                             fp.solver_iterations)
    mf = MeanField(*(getattr(r.mean_field, f) for f in MeanField._fields)) \
        if r.mean_field_status == 0 else None
    u = r.units
    if u.omega_mean != 0:
        warnings.warn("init: E w = %.6g != 0 (E omega = %.6g): the prediction assumes zero-mean "
                      "weights beyond layer 1; every unit of a layer shares the term E w sum x_i, "
                      "which it leaves out, so from layer 2 on the prediction and the verdict do "
                      "not apply" % (u.omega_mean / spec.fan_in, u.omega_mean), stacklevel=2)
    return InitPrediction(weights, r.gain, _MODES[r.mode], u.omega_mean, u.omega_sd,
                          u.tau_mean, u.tau_sd, u.weight_var,
                          Layers(*(table[:, k].copy() for k in range(4))),
                          int(r.layers_done) - 1, r.chi_depth,
                          verdict, typical, mf)


_INITS = {"lecun": 0, "he": 1, "normalized": 2}
_LAYER_FIELDS = [f for f, _ in _lib.MlpLayer._fields_]


def mlp(depth, width, batch, activation="selu", input_mean=0.0, input_var=1.0, dropout=0.0,
        seed=1, init="lecun", alpha=None, lambda_=None, gradients=False, double=False,
        pair_corr=None):
    """Run a random deep network and return its per-layer statistics as NumPy arrays.

    A dict of arrays of length depth + 1 (index 0: the inputs): layer, mean, var (measured),
    predicted_mean, predicted_var (the moment map's prediction), omega_mean, omega_sd,
    tau_mean (the realized weights), grad_norm, grad_factor, predicted_grad_factor (with
    gradients=True; else NaN), corr, predicted_corr (with pair_corr=c in [-1, 1]: inputs 2k
    and 2k + 1 are correlated by c, and their raw correlation is measured layer by layer
    beside the mean-field prediction, as `selfnorm mlp --pairs`; else NaN). activation: any row of the activation table as
    "NAME[:PARAMS]" (selu, relu, tanh, elu, linear, gelu, gelu:tanh, silu, softplus, sigmoid,
    leaky_relu:0.2, ...; `selfnorm activations`); init: lecun, he, normalized. Raises
    InputError for bad settings, Error (SN_ENOMEM) when the network would not fit in 80% of
    memory.
    """
    act = _act(activation, alpha, lambda_)
    _choice("init", init, _INITS)
    depth, width, batch = (_int_arg(n, v, 1, 2**31 - 1)
                           for n, v in (("depth", depth), ("width", width), ("batch", batch)))
    seed = _int_arg("seed", seed, 0, 2**64 - 1)
    if not 0 <= seed < 2**64:
        raise InputError("seed: %d is out of range" % seed, _EDOM)
    c = _lib.sn_mlp_defaults(depth, width, batch)
    c.activation = act
    c.init = _INITS[init]
    c.input_mean, c.input_var, c.dropout = _float_args(input_mean=input_mean,
                                                       input_var=input_var, dropout=dropout)
    c.gradients = _bool_arg("gradients", gradients)
    c.use_double = _bool_arg("double", double)
    if pair_corr is not None:
        (pc,) = _float_args(pair_corr=pair_corr)
        if not -1 <= pc <= 1:
            raise InputError("mlp: pair_corr must be in [-1, 1], not %r" % pc, _EDOM)
        c.pairs, c.pair_corr = 1, pc
    c.seed = seed
    # the conditions of sn_mlp_check (mlp.c), each named
    for ok, why in ((math.isfinite(c.input_mean), "input_mean must be finite"),
                    (0 < c.input_var < math.inf, "input_var must be finite and > 0"),
                    (0 <= c.dropout < 1, "dropout must be in [0, 1)"),
                    (width * batch >= 2, "width * batch must be at least 2 (a variance needs "
                                         "two values)"),
                    (double or abs(c.input_mean) + 10 * math.sqrt(c.input_var) <= 1e18,
                     "|input_mean| + 10 sqrt(input_var) must be <= 1e18 in float (squares "
                     "overflow float past that; use double=True)")):
        if not ok:
            raise InputError("mlp: " + why, _EDOM)
    status = _lib.sn_mlp_check(ctypes.byref(c))
    if status:
        _raise(status, "mlp(depth=%d, width=%d, batch=%d)" % (depth, width, batch))
    layers = (_lib.MlpLayer * (depth + 1))()
    status = _lib.sn_mlp_run(layers, ctypes.byref(c))
    if status:
        _raise(status, "mlp")
    out = {f: np.array([getattr(l, f) for l in layers]) for f in _LAYER_FIELDS}
    out["layer"] = out["layer"].astype(int)
    unused = ([] if gradients else ["grad_norm", "grad_factor", "predicted_grad_factor"]) \
        + ([] if pair_corr is not None else ["corr", "predicted_corr"])
    for f in unused:   # not computed: NaN, not the struct's zeros (which read as vanished)
        out[f][:] = np.nan
    return out


def statements():
    """The names of the statements `verify` checks (theorem1, theorem2, theorem3a, ...)."""
    return [_lib.sn_statement_name(i).decode() for i in range(_lib.sn_statement_count())]


def _exact(x):
    """The exact decimal value of a double, as a string (every double has one)."""
    return str(decimal.Decimal(x))


def verify(name, rigorous=False, grid=40, width=1e-4, max_boxes=2000000):
    """Check one of the paper's statements over its own domain, with alpha01, lambda01.

    Numerically: the extreme of each quantity on a grid of grid**4 points refined by
    Nelder-Mead. With rigorous=True also proven: each extreme enclosed in Arb ball
    arithmetic to `width` and narrowed until the verdict is decided, as `selfnorm verify
    --rigorous`. Returns a dict: name, rigorous, holds (True, False, or None when a
    rigorous verdict is undecided) and quantities: {key: {condition, value, at, holds,
    and with rigorous: enclosure [lo, hi] as exact decimal strings of the outward-rounded
    doubles (the exact extreme lies within), certified (True/False/None)}}.
    Raises InputError for an unknown name or bad settings.
    """
    if not isinstance(name, str):
        raise InputError("verify: name must be a string, not %r" % (name,), _EINVAL)
    if name not in statements():
        raise InputError("verify: unknown statement %r (one of: %s)"
                         % (name, ", ".join(statements())), _EINVAL)
    out = (_lib.VerifyResult * _lib.VERIFY_MAX)()
    n = ctypes.c_size_t(0)
    grid_i = _int_arg("grid", grid, 2, 200)
    if not 2 <= grid_i <= 200:
        raise InputError("verify: grid must be between 2 and 200", _EDOM)
    (w,) = _float_args(width=width)
    rig = _bool_arg("rigorous", rigorous)
    boxes = _int_arg("max_boxes", max_boxes, 1, 2**62)
    status = _lib.sn_verify(out, ctypes.byref(n), name.encode(), rig, grid_i, w, boxes)
    if status:
        _raise(status, "verify(%r, grid=%r, width=%r, max_boxes=%r)"
               % (name, grid, width, max_boxes))
    quantities = {}
    verdicts = []
    for r in out[:n.value]:
        q = {"condition": r.condition.decode(), "value": r.value, "at": list(r.at),
             "holds": bool(r.holds)}
        if r.rigorous:
            q["enclosure"] = [_exact(r.lo), _exact(r.hi)]
            q["certified"] = _VERDICTS.get(r.certified, None) if r.certified >= 0 else None
            verdicts.append(q["certified"])
        else:
            verdicts.append(q["holds"])
        quantities[r.key.decode()] = q
    holds = (False if False in verdicts else None if None in verdicts else True)
    return {"name": name, "rigorous": bool(rigorous), "holds": holds, "quantities": quantities}


_NORMALIZATIONS = {"none": 0, "batch": 1}
_STATS_FIELDS = [f for f, _ in _lib.LayerStats._fields_]


def _matrix(name, X):
    X = np.ascontiguousarray(X, dtype=np.float32)
    if X.ndim != 2 or X.shape[0] < 1 or X.shape[1] < 1:
        raise InputError("%s: expected a non-empty 2-D array, got shape %s" % (name, X.shape),
                         _EINVAL)
    if not np.all(np.isfinite(X)):
        raise InputError("%s: not all finite" % name, _EDOM)
    return X


def _labels(name, y, n):
    y = np.asarray(y)
    if y.shape != (n,) or not np.issubdtype(y.dtype, np.integer):
        raise InputError("%s: expected %d integer labels" % (name, n), _EINVAL)
    if y.min() < 0 or y.max() > 255:
        raise InputError("%s: labels must be in 0..255" % name, _EDOM)
    return np.ascontiguousarray(y, dtype=np.uint8)


def train(X, y, test_X, test_y, depth=8, width=256, epochs=1, activation="selu", init="lecun",
          normalization="none", dropout=0.0, input_dropout=0.0, learning_rate=0.01,
          momentum=0.0, batch=128, seed=1, probe_every=0, probe_rows=512, double=False):
    """Train a fully connected classifier with SGD (libselfnorm's kernels) and return its
    curves and per-layer statistics as NumPy arrays.

    X, test_X: (n, features) arrays (converted to float32); y, test_y: integer labels
    0..classes-1. The network has `depth` hidden layers of `width` units (activation: any
    row of the table as "NAME[:PARAMS]", as for mlp; init: lecun, he; normalization: none, batch; dropout: alpha
    dropout for SELU, standard otherwise). Statistics are probed on the first probe_rows
    training rows before the first step and every probe_every steps (0: after each epoch).

    Returns a dict: "epoch" (1..epochs), "train_loss", "train_accuracy", "test_loss",
    "test_accuracy" (one entry per epoch); "probe_step" (one per probe) and "layers": a dict
    of arrays of shape (probes, depth), one per statistic (in_mean, in_var, mean, var,
    omega_mean, omega_sd, tau_mean, tau_sd, in_theorem1_box, in_wide_box,
    inputs_in_theorem1_domain, grad_norm). Raises InputError for bad data or settings,
    Error when training diverges (SN_ERANGE is reported as Error here: the loss stopped
    being finite).
    """
    X, test_X = _matrix("X", X), _matrix("test_X", test_X)
    if test_X.shape[1] != X.shape[1]:
        raise InputError("test_X has %d features, X has %d" % (test_X.shape[1], X.shape[1]),
                         _EINVAL)
    y, test_y = _labels("y", y, X.shape[0]), _labels("test_y", test_y, test_X.shape[0])
    classes = int(max(y.max(), test_y.max())) + 1
    act = _act(activation)
    for key, table, value in (("init", _INITS, init), ("normalization", _NORMALIZATIONS, normalization)):
        _choice(key, value, table)
    depth, width, epochs, batch, probe_rows = (
        _int_arg(n, v, 1, 10**6) for n, v in (("depth", depth), ("width", width),
                                              ("epochs", epochs), ("batch", batch),
                                              ("probe_rows", probe_rows)))
    probe_every = _int_arg("probe_every", probe_every, 0, 2**62)
    seed = _int_arg("seed", seed, 0, 2**64 - 1)
    for name, v, hi in (("depth", depth, 10**6), ("width", width, 10**6), ("epochs", epochs, 10**6),
                        ("batch", batch, 10**6), ("probe_rows", probe_rows, 10**6)):
        if not 1 <= v <= hi:
            raise InputError("%s: %d is out of range 1..%d" % (name, v, hi), _EDOM)
    if probe_every < 0 or not 0 <= seed < 2**64:
        raise InputError("probe_every and seed must be >= 0", _EDOM)
    c = _lib.sn_train_defaults(depth, width)
    c.activation, c.init = act, _INITS[init]
    c.normalization = _NORMALIZATIONS[normalization]
    c.dropout, c.input_dropout, c.learning_rate, c.momentum = _float_args(
        dropout=dropout, input_dropout=input_dropout, learning_rate=learning_rate,
        momentum=momentum)
    c.batch, c.seed, c.use_double = batch, seed, _bool_arg("double", double)
    net = ctypes.c_void_p()
    err = ctypes.create_string_buffer(256)
    status = _lib.sn_net_alloc(ctypes.byref(net), ctypes.byref(c), X.shape[1], classes, err,
                               len(err))
    if status:
        reason = err.value.decode() or _lib.sn_strerror(status).decode()
        raise (InputError if status in _INPUT_ERRORS else Error)("train: " + reason, status)
    epochs_out, probes, probe_steps, raised = [], [], [], []

    def guarded(hook):
        """A hook that stops the run (returns 1: SN_ESTOPPED) on an exception or after Ctrl-C,
        to raise it after sn_train returns: ctypes would print and swallow it."""
        def call(*args):
            try:
                hook(*args)
            except BaseException as e:   # noqa: B902 (re-raised below)
                raised.append(e)
            return 1 if raised else 0
        return call

    def on_sigint(signum, frame):
        # Python runs signal handlers between bytecodes, here inside a hook: an exception
        # raised there would escape the hook's try (ctypes swallows it), so record it instead
        raised.append(KeyboardInterrupt())

    def on_epoch(ctx, epoch, step, train_loss, train_acc, test_loss, test_acc):
        epochs_out.append((epoch, train_loss, train_acc, test_loss, test_acc))

    def on_probe(ctx, step, stats, n):
        probe_steps.append(step)
        probes.append([[getattr(stats[i], f) for f in _STATS_FIELDS] for i in range(n)])

    hooks = _lib.TrainHooks(epochs=epochs, probe_every=probe_every,
                            probe_rows=min(probe_rows, X.shape[0]), ctx=None,
                            on_step=_lib.ON_STEP(guarded(lambda ctx, step, loss: None)),
                            on_epoch=_lib.ON_EPOCH(guarded(on_epoch)),
                            on_probe=_lib.ON_PROBE(guarded(on_probe)))
    main = threading.current_thread() is threading.main_thread()   # (signals go there only)
    previous = signal.signal(signal.SIGINT, on_sigint) if main else None
    try:
        status = _lib.sn_train(net, _ptr(X), _ptr(y), X.shape[0], _ptr(test_X), _ptr(test_y),
                               test_X.shape[0], ctypes.byref(hooks))
    finally:
        _lib.sn_net_free(net)
        if main:   # (None: a handler not installed from Python; SIG_DFL is what it means)
            signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
    if raised:
        raise raised[0]
    if status == _ERANGE:
        raise Error("train: the loss stopped being finite (diverged)", status)
    if status:
        _raise(status, "train")
    e = np.array(epochs_out, dtype=float).reshape(-1, 5)
    p = np.array(probes, dtype=float).reshape(len(probes), depth, len(_STATS_FIELDS))
    return {"epoch": e[:, 0].astype(int), "train_loss": e[:, 1], "train_accuracy": e[:, 2],
            "test_loss": e[:, 3], "test_accuracy": e[:, 4],
            "probe_step": np.array(probe_steps, dtype=int),
            "layers": {f: p[:, :, k] for k, f in enumerate(_STATS_FIELDS)}}
