"""Tests of the selfnorm Python package against independent references: SciPy quadrature of
the defining integrals, finite differences, and published figures (source beside each)."""
import ctypes
import decimal
import math

import numpy as np
import pytest
from scipy import integrate

import selfnorm
from selfnorm import _lib


def selu(x, alpha, lam):
    return lam * x if x > 0 else lam * alpha * math.expm1(x)


def map_by_quadrature(mu, omega, nu, tau, alpha=selfnorm.ALPHA01, lam=selfnorm.LAMBDA01):
    """E[selu(z)], Var[selu(z)] for z ~ N(mu omega, nu tau), by SciPy's QUADPACK."""
    m, s = mu * omega, math.sqrt(nu * tau)
    pdf = lambda z: math.exp(-0.5 * ((z - m) / s) ** 2) / (s * math.sqrt(2 * math.pi))
    lo, hi = m - 40 * s, m + 40 * s
    # each branch of SELU separately (the integrand's kink at 0; at mean 0 the two parts
    # cancel, and each is integrated to its own relative accuracy)
    pieces = [(lo, min(hi, 0.0)), (max(lo, 0.0), hi)]

    def quad(f):
        return sum(integrate.quad(f, a, b, limit=200, epsabs=0, epsrel=1e-12)[0]
                   for a, b in pieces if a < b)

    mean = quad(lambda z: selu(z, alpha, lam) * pdf(z))
    var = quad(lambda z: (selu(z, alpha, lam) - mean) ** 2 * pdf(z))
    return mean, var


POINTS = [(0.0, 0.0, 1.0, 1.0), (0.05, -0.1, 1.2, 1.0), (-0.1, 0.1, 0.8, 0.95),
          (1.0, 1.0, 2.0, 1.0), (-2.0, 1.0, 0.5, 1.5), (0.3, 0.7, 3.0, 0.9)]


@pytest.mark.parametrize("pt", POINTS)
def test_map_matches_quadrature(pt):
    # quadrature to 1e-12 relative; the closed form is within 1e-13 / 1e-12 (moments.h)
    mean, var = selfnorm.map(*pt)
    ref_mean, ref_var = map_by_quadrature(*pt)
    assert abs(mean - ref_mean) <= 1e-10 * max(1.0, abs(ref_mean))
    assert abs(var - ref_var) <= 1e-10 * ref_var


def test_map_vectorized_equals_pointwise_and_broadcasts():
    rng = np.random.default_rng(1)
    mu = rng.uniform(-1, 1, 1000)
    nu = rng.uniform(0.5, 2, 1000)
    m, v = selfnorm.map(mu, 0.3, nu, 1.1)
    assert m.shape == v.shape == (1000,)
    for i in (0, 17, 999):
        mi, vi = selfnorm.map(float(mu[i]), 0.3, float(nu[i]), 1.1)
        assert isinstance(mi, float)
        # the array path may take the AVX2 kernel, the scalar one not: both are within the
        # closed form's bounds 1e-13 max(1, |mean|) and 1e-12 var of the exact value
        assert mi == pytest.approx(m[i], abs=2e-13)
        assert vi == pytest.approx(v[i], rel=2e-12)
    m2, v2 = selfnorm.map(mu.reshape(10, 100), 0.3, nu.reshape(10, 100), 1.1)
    assert m2.shape == (10, 100) and np.array_equal(v2.ravel(), v)


def test_map_custom_parameters():
    mean, var = selfnorm.map(0.2, 1.0, 1.5, 1.0, alpha=1.9, lambda_=1.1)
    ref = map_by_quadrature(0.2, 1.0, 1.5, 1.0, 1.9, 1.1)
    assert mean == pytest.approx(ref[0], rel=1e-10) and var == pytest.approx(ref[1], rel=1e-10)


def test_jacobian_published_and_finite_differences():
    # the paper (arXiv:1706.02515v5, "Stable and attracting fixed point (0, 1)"): H at (0, 1)
    # = [[0, 0.088834], [0, 0.782648]], spectral norm 0.7877; 0.088834 is the value truncated
    # (0.08883476; the authors' notebook SELU_calculations.nb shows 0.0888348): one unit of
    # the last digit, truncated or rounded
    h, norm = selfnorm.jacobian(0.0, 0.0, 1.0, 1.0)
    assert h.shape == (2, 2)
    np.testing.assert_allclose(h, [[0, 0.088834], [0, 0.782648]], atol=1e-6)
    assert abs(h[0, 1] - 0.0888348) <= 5e-8
    assert abs(norm - 0.7877) <= 5e-5
    # central differences of map, step 1e-5: truncation ~1e-10, rounding ~1e-11
    for pt in POINTS[1:]:
        mu, omega, nu, tau = pt
        h, norm = selfnorm.jacobian(*pt)
        e = 1e-5
        fd = np.empty((2, 2))
        for col, (dm, dn) in enumerate(((e, 0), (0, e))):
            plus = selfnorm.map(mu + dm, omega, nu + dn, tau)
            minus = selfnorm.map(mu - dm, omega, nu - dn, tau)
            fd[:, col] = (np.array(plus) - np.array(minus)) / (2 * e)
        np.testing.assert_allclose(h, fd, atol=1e-8)
        assert norm == pytest.approx(np.linalg.norm(h, 2), rel=1e-12)


def test_jacobian_vectorized_shape():
    h, norm = selfnorm.jacobian(np.linspace(-0.1, 0.1, 7)[:, None], [-0.1, 0.1], 1.0, 1.0)
    assert h.shape == (7, 2, 2, 2) and norm.shape == (7, 2)


def test_selu_parameters_are_correctly_rounded():
    # α01, λ01 to 32 digits: bioinf-jku/SNNs selu.py
    alpha, lam = selfnorm.selu_parameters()
    assert alpha == float(decimal.Decimal("1.6732632423543772848170429916717"))
    assert lam == float(decimal.Decimal("1.0507009873554804934193349852946"))
    # bioinf-jku/SNNs getSELUparameters.ipynb: (M, V) = (-0.1, 2), ω = τ = 1, printed from a
    # double-precision solver: α ≈ 1.97690219542420, λ ≈ 1.07385123961605
    alpha, lam = selfnorm.selu_parameters(-0.1, 2.0, 1.0, 1.0)
    assert abs(alpha - 1.97690219542420) <= 1e-13 and abs(lam - 1.07385123961605) <= 1e-13


def test_constants_proven_digits():
    c = selfnorm.constants(digits=32)
    # selu.py's 32 significant digits (bioinf-jku/SNNs)
    assert c.alpha == "1.6732632423543772848170429916717"
    assert c.lambda_ == "1.0507009873554804934193349852946"
    assert c.decimal() == (decimal.Decimal(c.alpha), decimal.Decimal(c.lambda_))
    assert len(c.solutions) == 1
    # α02 = 1.97126, λ02 = 1.06071: the paper's appendix A5
    c2 = selfnorm.constants(0, 2, digits=6)
    assert (c2.alpha, c2.lambda_) == ("1.97126", "1.06071")


def test_constants_inputs_are_exact_decimals():
    # 0.1 means 1/10 whether given as float, str or Decimal; the binary double nearest 0.1,
    # given exactly, is another target and (at 40 digits) gives other digits
    a = selfnorm.constants(0.1, 1, 0.2, 1, digits=40)
    assert a == selfnorm.constants("0.1", "1", "0.2", "1", digits=40)
    assert a == selfnorm.constants(decimal.Decimal("0.1"), 1, decimal.Decimal("0.2"), 1, digits=40)
    exact_double = selfnorm.constants(decimal.Decimal(0.1), 1, decimal.Decimal(0.2), 1, digits=40)
    assert exact_double.alpha != a.alpha


def test_dropout_against_closed_form():
    # (0, 1): a = (q + α′² q (1 − q))^(−1/2), b = −a (1 − q) α′, α′ = −λα (paper; selu.py)
    for rate in (0.0, 0.05, 0.1, 0.5):
        d = selfnorm.dropout(rate)
        q = 1 - rate
        ap = -selfnorm.LAMBDA01 * selfnorm.ALPHA01
        a = (q + ap * ap * q * (1 - q)) ** -0.5
        assert d.alpha_prime == pytest.approx(ap, rel=1e-15)
        assert d.a == pytest.approx(a, rel=1e-14)
        assert d.b == pytest.approx(-a * (1 - q) * ap, rel=1e-14, abs=1e-300)


def test_dropout_custom_target_keeps_moments():
    # x ~ the fixed point's (mean, var): after dropout and a x + b, mean and var are kept
    d = selfnorm.dropout(0.2, mu=0.1, nu=1.5, omega=0.0, tau=1.0)
    q, m, v = 0.8, 0.1, 1.5
    mean = d.a * (q * m + (1 - q) * d.alpha_prime) + d.b
    second = q * (v + m * m) + (1 - q) * d.alpha_prime ** 2
    var = d.a ** 2 * (second - (q * m + (1 - q) * d.alpha_prime) ** 2)
    assert mean == pytest.approx(m, rel=1e-13) and var == pytest.approx(v, rel=1e-13)


def test_fixedpoint_is_fixed_and_stable():
    fp = selfnorm.fixedpoint(omega=0.05, tau=1.05, start=(0.5, 1.5))
    assert selfnorm.map(fp.mu, 0.05, fp.nu, 1.05) == pytest.approx((fp.mu, fp.nu), abs=1e-12)
    h, norm = selfnorm.jacobian(fp.mu, 0.05, fp.nu, 1.05)
    assert fp.spectral_norm == pytest.approx(norm, rel=1e-14)
    assert fp.spectral_radius == pytest.approx(max(abs(np.linalg.eigvals(h))), rel=1e-12)
    assert fp.attracting is True and fp.contraction is True
    # the notebook's (-0.1, 2) target is a fixed point under its α, λ but repels
    alpha, lam = selfnorm.selu_parameters(-0.1, 2, 1, 1)
    fp = selfnorm.fixedpoint(1, 1, alpha, lam, start=(-0.1, 2))
    assert (fp.mu, fp.nu) == pytest.approx((-0.1, 2), abs=1e-12)
    assert fp.attracting is False and fp.spectral_radius > 1


def test_mlp_statistics_as_arrays():
    depth = 20
    s = selfnorm.mlp(depth, 256, 256, seed=3, gradients=True)
    for key in ("layer", "mean", "var", "predicted_mean", "predicted_var", "grad_norm"):
        assert s[key].shape == (depth + 1,)
    assert list(s["layer"]) == list(range(depth + 1))
    # SELU + LeCun: the variance stays near the fixed point's 1 (sampling error of a
    # 256 x 256 batch is a few percent; 0.25 leaves room for 20 layers of drift)
    assert np.all(np.abs(s["var"][1:] - 1) < 0.25)
    r = selfnorm.mlp(20, 256, 256, activation="relu", seed=3)
    assert r["var"][-1] < 0.01   # ReLU with LeCun weights halves the second moment per layer
    # any row of the activation table, with its parameters: GELU's first layer from N(0, 1)
    # is predicted by E[z Phi(z)] = 1/(2 sqrt(pi)) and measured within sampling error
    g = selfnorm.mlp(3, 256, 256, activation="gelu", seed=3)
    assert abs(g["predicted_mean"][1] - 0.5 / np.sqrt(np.pi)) < 1e-3
    assert abs(g["mean"][1] - g["predicted_mean"][1]) < 0.05
    e = selfnorm.mlp(2, 64, 64, activation="elu:0.5")
    assert np.all(np.isfinite(e["var"]))


@pytest.mark.parametrize("call", [
    lambda: selfnorm.map(0, 0, -1, 1),
    lambda: selfnorm.map(float("nan"), 0, 1, 1),
    lambda: selfnorm.map([0, 0], 0, [1, float("inf")], 1),
    lambda: selfnorm.map("x", 0, 1, 1),
    lambda: selfnorm.map([0, 0, 0], 0, [1, 1], 1),
    lambda: selfnorm.map(0, 0, 1, 1, alpha=-1),
    lambda: selfnorm.jacobian(0, 0, 1, 0),
    lambda: selfnorm.selu_parameters(0, 0),
    lambda: selfnorm.selu_parameters("one"),
    lambda: selfnorm.constants(0, -1),
    lambda: selfnorm.constants("1e", 1),
    lambda: selfnorm.constants(float("nan"), 1),
    lambda: selfnorm.constants(digits=0),
    lambda: selfnorm.constants(digits=10**7),
    lambda: selfnorm.constants(None),
    lambda: selfnorm.dropout(1.0),
    lambda: selfnorm.dropout(-0.1),
    lambda: selfnorm.fixedpoint(tau=-1),
    lambda: selfnorm.mlp(0, 10, 10),
    lambda: selfnorm.mlp(2, 10, 10, activation="swish"),
    lambda: selfnorm.mlp(2, 10, 10, dropout=1.5),
    lambda: selfnorm.map(0, 1, 1, 1, activation="geluu"),
    lambda: selfnorm.map(0, 1, 1, 1, activation="leaky_relu:2"),
    lambda: selfnorm.map(0, 1, 1, 1, activation="relu", alpha=1.5),
    lambda: selfnorm.map(0, 1, 1, 1, activation="selu:1.5,1.1", alpha=1.5),
    lambda: selfnorm.map(0, 1, [1, -1], 1, activation="gelu"),
    lambda: selfnorm.jacobian(0, 1, float("nan"), 1, activation="tanh"),
    lambda: selfnorm.fixedpoint(0, 1, activation=None, start=(0, -1)),
    lambda: selfnorm.fixedpoint(0, 1, activation="silu:1"),
])
def test_bad_input_raises_value_error_with_message(call):
    with pytest.raises(ValueError) as e:
        call()
    assert str(e.value)
    assert isinstance(e.value, selfnorm.Error)


ACT = {"relu": lambda x: max(x, 0.0), "elu:0.5": lambda x: x if x > 0 else 0.5 * math.expm1(x),
       "tanh": math.tanh, "gelu": lambda x: 0.5 * x * math.erfc(-x / math.sqrt(2)),
       "softplus": lambda x: max(x, 0.0) + math.log1p(math.exp(-abs(x))),
       "selu": lambda x: selu(x, selfnorm.ALPHA01, selfnorm.LAMBDA01)}


def act_map_by_quadrature(f, m, s):
    """E f(z), Var f(z) for z ~ N(m, s^2) by SciPy's QUADPACK, split at the kink 0."""
    pdf = lambda z: math.exp(-0.5 * ((z - m) / s) ** 2) / (s * math.sqrt(2 * math.pi))
    pieces = [(a, b) for a, b in ((m - 40 * s, min(m + 40 * s, 0.0)),
                                  (max(m - 40 * s, 0.0), m + 40 * s)) if a < b]

    def quad(h):
        return sum(integrate.quad(h, a, b, limit=200, epsabs=0, epsrel=1e-12)[0]
                   for a, b in pieces)

    mean = quad(lambda z: f(z) * pdf(z))
    return mean, quad(lambda z: (f(z) - mean) ** 2 * pdf(z))


@pytest.mark.parametrize("spec", sorted(ACT))
def test_activation_map_jacobian_against_quadrature(spec):
    # QUADPACK to 1e-12 relative; the library is within 2.2e-13 of MPFR (test_activation.c):
    # 1e-10 leaves room for QUADPACK's own error. The Jacobian against central differences
    # of the map with step 1e-5: truncation O(h^2) ~ 1e-10, rounding 1e-16/h ~ 1e-11.
    mu = np.array([0.0, 0.3, -1.2])
    nu = np.array([1.0, 0.5, 2.0])
    omega, tau = 0.9, 1.1
    m, v = selfnorm.map(mu, omega, nu, tau, activation=spec)
    assert m.shape == v.shape == (3,)
    for i in range(3):
        rm, rv = act_map_by_quadrature(ACT[spec], mu[i] * omega, math.sqrt(nu[i] * tau))
        assert abs(m[i] - rm) <= 1e-10 * max(1.0, abs(rm)), (spec, i, m[i], rm)
        assert abs(v[i] - rv) <= 1e-10 * max(rv, 1e-3), (spec, i, v[i], rv)
    h, norm = selfnorm.jacobian(mu, omega, nu, tau, activation=spec)
    assert h.shape == (3, 2, 2) and norm.shape == (3,)
    d = 1e-5
    for i in range(3):
        up, dn = (selfnorm.map(mu[i] + d, omega, nu[i], tau, activation=spec),
                  selfnorm.map(mu[i] - d, omega, nu[i], tau, activation=spec))
        uq, dq = (selfnorm.map(mu[i], omega, nu[i] + d, tau, activation=spec),
                  selfnorm.map(mu[i], omega, nu[i] - d, tau, activation=spec))
        fd = np.array([[(up[0] - dn[0]) / (2 * d), (uq[0] - dq[0]) / (2 * d)],
                       [(up[1] - dn[1]) / (2 * d), (uq[1] - dq[1]) / (2 * d)]])
        assert np.max(np.abs(h[i] - fd)) <= 1e-8, (spec, i, h[i], fd)
        assert abs(norm[i] - np.linalg.norm(h[i], 2)) <= 1e-12 * norm[i]


def test_activation_selu_spec_is_the_selu_path_and_table_lists_rows():
    pts = (np.linspace(-1, 1, 7), 0.2, np.linspace(0.5, 2, 7), 1.05)
    a = selfnorm.map(*pts)
    b = selfnorm.map(*pts, activation="selu")
    c = selfnorm.map(*pts, activation="selu:%r,%r" % (selfnorm.ALPHA01, selfnorm.LAMBDA01))
    assert all(np.array_equal(x, y) for x, y in zip(a + a, b + c))
    rows = selfnorm.activations()
    specs = [r.spec for r in rows]
    for want in ("selu", "elu", "relu", "leaky_relu", "tanh", "gelu", "gelu:tanh", "silu",
                 "softplus", "sigmoid", "linear"):
        assert want in specs
    leaky = rows[specs.index("leaky_relu")]
    assert leaky.params == (("slope", 0.01, "[0, 1]"),) and leaky.closed_form
    assert not rows[specs.index("gelu")].closed_form
    # every row's spec is accepted as it is listed
    for r in rows:
        selfnorm.map(0.0, 1.0, 1.0, 1.0, activation=r.spec)


def test_activation_fixedpoint():
    # tanh with tau = 2: nu* solves nu = E tanh(sqrt(2 nu) Z)^2, checked by the map itself
    fp = selfnorm.fixedpoint(0.0, 2.0, activation="tanh")
    m, v = selfnorm.map(fp.mu, 0.0, fp.nu, 2.0, activation="tanh")
    assert abs(m - fp.mu) <= 1e-12 and abs(v - fp.nu) <= 1e-12 * fp.nu
    assert fp.attracting is True and 0.25 < fp.nu < 0.35
    # tanh with tau = 1: the variance collapses toward 0, there is no fixed point with nu > 0
    with pytest.raises(selfnorm.Error):
        selfnorm.fixedpoint(0.0, 1.0, activation="tanh")
    # SiLU at tau = 4: the variance explodes; a point near (0, 0) where g moves the mean by
    # 20% is not a fixed point
    with pytest.raises(selfnorm.Error) as e:
        selfnorm.fixedpoint(0.0, 4.0, activation="silu")
    assert e.value.kind == "explode" and "variance explodes" in str(e.value)
    # ReLU at tau = 1: Var max(z, 0) = (1/2 - 1/(2 pi)) tau nu, a collapse by 0.340845 per step
    with pytest.raises(selfnorm.Error, match="collapses toward 0 .factor 0.340845") as e:
        selfnorm.fixedpoint(0.0, 1.0, activation="relu")
    assert e.value.kind == "collapse"
    # SELU by spec is the SELU solver's result
    a, b = selfnorm.fixedpoint(0.0, 1.0), selfnorm.fixedpoint(0.0, 1.0, activation="selu")
    assert (a.mu, a.nu) == (b.mu, b.nu)


def test_init_pytorch_and_keras():
    # PyTorch: calculate_gain('selu') = 3/4 (torch.nn.init docs), kaiming_normal std =
    # gain/sqrt(fan_in), so tau = fan_in std^2 = 9/16 exactly up to rounding
    p = selfnorm.init("kaiming_normal", nonlinearity="selu", width=256, depth=40)
    assert p.gain == 0.75 and p.mode == "fan_in" and p.weights.distribution == "normal"
    assert abs(p.tau_mean - 9 / 16) <= 4e-16 and p.omega_mean == 0
    assert p.verdict.kind == "self-normalizing" and 0.035 < p.verdict.nu < 0.045
    assert p.layers.mu.shape == (41,) and p.layers.nu[0] == 1.0 and np.isnan(p.layers.chi[0])
    # each predicted layer is g of the mixture z ~ N(mu E omega, mu^2 Var omega + nu E tau):
    # with E omega = 0 that is map(0, 0, s^2, 1) (the SELU closed form, another code path)
    for l in range(5):
        s2 = p.layers.mu[l] ** 2 * p.omega_sd ** 2 + p.layers.nu[l] * p.tau_mean
        m, v = selfnorm.map(0.0, 0.0, s2, 1.0)
        assert abs(p.layers.mu[l + 1] - m) <= 1e-12 and abs(p.layers.nu[l + 1] - v) <= 1e-12
    assert abs(p.chi_depth - np.prod(p.layers.chi[1:])) <= 1e-12 * p.chi_depth
    # Keras lecun_normal: truncated at 2 sd and rescaled, E tau = 1; the fixed point (0, 1)
    k = selfnorm.init("lecun_normal", width=256)
    assert k.weights.distribution == "truncated_normal" and k.weights.truncation == 2.0
    assert abs(k.tau_mean - 1) <= 1e-14 and k.verdict.kind == "self-normalizing"
    assert abs(k.verdict.nu - 1) <= 1e-9 and k.typical.attracting is True
    assert abs(k.mean_field.chi1 - 1.0715749924558) <= 1e-12   # SELU chi_1 (propagate.h)
    # tanh under LeCun weights: the variance collapses; dropout and other activations run
    assert selfnorm.init("lecun_normal", activation="tanh", width=64).verdict.kind == "collapse"
    g = selfnorm.init("kaiming_uniform", nonlinearity="relu", activation="relu", dropout=0.1,
                      width=64, depth=8)
    assert g.weights.distribution == "uniform" and g.mean_field is None


def test_init_shape_scale_warning_and_messages():
    # orthogonal_ on a (fan_out, fan_in) = (100, 300) weight: rows orthonormal, tau = 1 per
    # unit (torch.nn.init.orthogonal_); (300, 100): columns orthonormal, tau = 100/300
    assert abs(selfnorm.init("orthogonal", gain=1.0, fan_in=300, fan_out=100).tau_mean - 1) < 1e-12
    assert abs(selfnorm.init("orthogonal", gain=1.0, fan_in=100, fan_out=300).tau_mean - 1 / 3) < 1e-12
    with pytest.raises(selfnorm.InputError, match="fan_out"):
        selfnorm.init("orthogonal", fan_out=100, width=200)
    a = selfnorm.init("variance_scaling", scale=2.0, width=64)
    b = selfnorm.init("variance_scaling", gain=2.0, width=64)
    assert a.tau_mean == b.tau_mean and a.gain == 2.0
    with pytest.raises(selfnorm.InputError):
        selfnorm.init("variance_scaling", scale=2.0, gain=2.0)
    with pytest.warns(UserWarning, match="E w"):
        selfnorm.init("uniform", depth=3, width=64)
    with pytest.raises(selfnorm.InputError) as e:   # the library says --std; Python std=
        selfnorm.init("normal", std=-1)
    assert "std=" in str(e.value) and "--std" not in str(e.value)


@pytest.mark.parametrize("kw", [
    dict(name="kaiming_normall"), dict(name=3), dict(name="normal", std=-1),
    dict(name="xavier_normal", gain=0), dict(name="kaiming_normal", fan_in=0),
    dict(name="uniform", low=1, high=0), dict(name="lecun_normal", truncation=0),
    dict(name="lecun_normal", dropout=1), dict(name="lecun_normal", nu=0),
    dict(name="lecun_normal", mu=float("inf")), dict(name="lecun_normal", activation="foo"),
    dict(name="lecun_normal", width=0), dict(name="lecun_normal", depth=10**9),
    dict(name="kaiming_normal", nonlinearity="selu", gain=1.0),
    dict(name="kaiming_normal", mode="fan_sideways"), dict(name="normal", std="x"),
])
def test_init_bad_input(kw):
    name = kw.pop("name")
    with pytest.raises(ValueError) as e:
        selfnorm.init(name, **kw)
    assert len(str(e.value)) > 10 and isinstance(e.value, selfnorm.Error)


@pytest.mark.parametrize("call", [
    lambda: selfnorm.map(np.array([0.5 + 3j]), 1, 1, 1),
    lambda: selfnorm.map(np.ma.masked_array([0.1, 1e6], mask=[0, 1]), 1, 1, 1),
    lambda: selfnorm.map(np.datetime64("1970-01-03"), 1, 1, 1),
    lambda: selfnorm.map("2", 1, 1, 1),
    lambda: selfnorm.map(True, 1, 1, 1),
    lambda: selfnorm.map(None, 1, 1, 1),
    lambda: selfnorm.map(10**400, 0, 1, 1),
    lambda: selfnorm.jacobian([1, None], 0, 1, 1),
    lambda: selfnorm.map(0, 0, 1, 1, activation="leaky_relu:0\x000.5"),
    lambda: selfnorm.map(0, 0, 1, 1, activation="\ud800"),
    lambda: selfnorm.init("lecun_normal\x00junk"),
    lambda: selfnorm.init("\ud800"),
    lambda: selfnorm.init("kaiming_normal", gain=float("nan")),
    lambda: selfnorm.init("normal", std=float("nan")),
    lambda: selfnorm.init("uniform", low=float("nan"), high=0.1),
    lambda: selfnorm.init("lecun_normal", truncation=float("nan")),
    lambda: selfnorm.init("lecun_normal", nu=1e-310),
    lambda: selfnorm.mlp(8, 64, 64, init=["lecun"]),
    lambda: selfnorm.mlp(8, 64, 64, gradients="no"),
    lambda: selfnorm.mlp(8, 64, 64, pair_corr=2),
    lambda: selfnorm.verify("theorem1", rigorous="no"),
    lambda: selfnorm.verify("theorem1", max_boxes=1.9),
    lambda: selfnorm.fixedpoint(start={1: 2, 3: 4}),
])
def test_hostile_arguments_are_value_errors(call):
    with pytest.raises(ValueError) as e:
        call()
    assert isinstance(e.value, selfnorm.InputError) and len(str(e.value)) > 10


def test_memory_is_checked_before_allocating():
    # 1e12 points by broadcasting: 64 TB of inputs and outputs as float64, refused before any
    # allocation (the out-of-memory killer took the interpreter at 9e8 points before)
    with pytest.raises(selfnorm.Error) as e:
        selfnorm.map(np.zeros((10**6, 1)), np.zeros((1, 10**6)), 1, 1)
    assert e.value.status == 8 and "memory" in str(e.value)


@pytest.mark.parametrize("kw, word", [
    (dict(input_mean=float("nan")), "input_mean"), (dict(input_var=0), "input_var"),
    (dict(dropout=1.0), "dropout"), (dict(width=1, batch=1), "width * batch"),
    (dict(input_mean=1e19), "double=True"),
])
def test_mlp_messages_name_the_parameter(kw, word):
    args = dict(depth=2, width=8, batch=8)
    args.update(kw)
    with pytest.raises(selfnorm.InputError, match=word.replace("*", "\\*")):
        selfnorm.mlp(**args)


def test_mlp_unused_statistics_are_nan_and_pairs_measured():
    out = selfnorm.mlp(4, 64, 64)
    assert np.all(np.isnan(out["grad_norm"])) and np.all(np.isnan(out["corr"]))
    out = selfnorm.mlp(4, 64, 64, gradients=True, pair_corr=0.5)
    assert np.all(np.isfinite(out["grad_norm"][1:])) and abs(out["corr"][0] - 0.5) < 0.2
    assert np.all(np.abs(out["corr"][1:] - out["predicted_corr"][1:]) < 0.1)


def test_train_stops_on_ctrl_c():
    # Ctrl-C (SIGINT) while sn_train runs stops the run at the next step and raises
    # KeyboardInterrupt in the caller; ctypes used to print and swallow it, and training went on
    import os
    import signal
    import threading
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            selfnorm.train(np.random.randn(6, 3), np.arange(6) % 2, np.zeros((5, 3)),
                           np.zeros(5, int), depth=1, width=4, epochs=10**6)
    finally:
        timer.cancel()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_failures_raise_error():
    with pytest.raises(selfnorm.Error, match="no alpha > 0, lambda > 0"):
        selfnorm.constants(1, 0.5, 0, 1)
    with pytest.raises(selfnorm.Error, match="no alpha > 0"):
        selfnorm.selu_parameters(2, 1, 0, 1)
    with pytest.raises(selfnorm.Error) as e:   # terabytes: refused, not attempted
        selfnorm.mlp(1000, 1000000, 1000000)
    assert e.value.status == 8  # SN_ENOMEM


def test_struct_mirrors_match_and_mismatch_fails(monkeypatch):
    _lib.check_mirrors()
    for name, mirror in _lib.MIRRORS.items():
        assert _lib.sn_struct_size(name.encode()) == ctypes.sizeof(mirror)

    class Shorter(ctypes.Structure):
        _fields_ = [("alpha", ctypes.c_double)]

    monkeypatch.setitem(_lib.MIRRORS, "sn_selu", Shorter)
    with pytest.raises(ImportError, match="sn_selu"):
        _lib.check_mirrors()


def test_docstrings():
    import doctest
    for name in selfnorm.__all__ + ["map"]:
        assert getattr(selfnorm, name).__doc__, name
    # the examples in the docstrings are true
    result = doctest.testmod(selfnorm)
    assert result.attempted >= 3 and result.failed == 0


def test_readme_python_example(tmp_path):
    """The README's PyTorch example runs and prints what the README says (needs torch)."""
    pytest.importorskip("torch")
    import os
    import re
    import subprocess
    import sys
    readme = open(os.path.join(os.path.dirname(__file__), "..", "..", "README.md")).read()
    section = readme[readme.index("\n## Python\n"):]
    section = section[:section.index("\n## ", 1)]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    expected = re.search(r"```text\n(.*?)```", section, re.S).group(1)
    script = tmp_path / "example.py"
    script.write_text(code)
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=600, env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    assert out.returncode == 0, out.stderr
    assert out.stdout == expected


def test_statements_and_numeric_verify():
    names = selfnorm.statements()
    assert {"theorem1", "theorem2", "theorem3a", "theorem3b"} <= set(names)
    v = selfnorm.verify("theorem1")
    assert v["holds"] is True and v["rigorous"] is False
    q = v["quantities"]["max_spectral_norm"]
    # bioinf-jku/SNNs Calculations/SELU_calculations.nb (Mathematica, 6 digits): max spectral
    # norm 0.897608 at (mu, omega, nu, tau) = (-0.1, -0.1, 0.8, 1.1)
    assert abs(q["value"] - 0.897608) <= 5e-7
    np.testing.assert_allclose(q["at"], [-0.1, -0.1, 0.8, 1.1], atol=1e-6)
    # theorem2: max(var_new - var) = -0.119744 (same notebook)
    t2 = selfnorm.verify("theorem2")
    assert abs(t2["quantities"]["max_var_increase"]["value"] - (-0.119744)) <= 5e-7


def test_rigorous_verify_encloses():
    v = selfnorm.verify("theorem1", rigorous=True)
    assert v["holds"] is True
    for key, q in v["quantities"].items():
        lo, hi = (decimal.Decimal(e) for e in q["enclosure"])
        # exact decimal strings of doubles: converting back is exact
        assert float(q["enclosure"][0]) == float(lo) and lo <= hi
        assert q["certified"] is True
        # the numeric extreme lies in the enclosure of the exact one (up to its own error)
        assert float(lo) - 1e-9 <= q["value"] <= float(hi) + 1e-9, key
    q = v["quantities"]["max_spectral_norm"]
    assert decimal.Decimal(q["enclosure"][0]) <= decimal.Decimal("0.8976085")
    assert decimal.Decimal(q["enclosure"][1]) >= decimal.Decimal("0.8976075")


@pytest.mark.parametrize("call", [
    lambda: selfnorm.verify("theorem9"),
    lambda: selfnorm.verify(None),
    lambda: selfnorm.verify("theorem1", grid=1),
    lambda: selfnorm.verify("theorem1", rigorous=True, width=0),
    lambda: selfnorm.verify("theorem1", rigorous=True, max_boxes=0),
])
def test_verify_bad_input(call):
    with pytest.raises(ValueError):
        call()


def _separable(n=2000, features=20, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, features))
    y = (X @ rng.normal(size=features) > 0).astype(int)
    return X[: n * 3 // 4], y[: n * 3 // 4], X[n * 3 // 4:], y[n * 3 // 4:]


def test_train_curves_and_statistics():
    X, y, tX, ty = _separable()
    r = selfnorm.train(X, y, tX, ty, depth=4, width=64, epochs=3, learning_rate=0.05, batch=32)
    assert list(r["epoch"]) == [1, 2, 3]
    assert r["train_loss"][-1] < r["train_loss"][0]
    # a linear boundary in 20 dimensions: chance is 0.5, a small SNN gets well above 0.85
    assert r["test_accuracy"][-1] > 0.85
    # probes before the first step and after each epoch, one row per hidden layer
    assert list(r["probe_step"]) == [0, 47, 94, 141]
    assert r["layers"]["var"].shape == (4, 4)
    assert np.array_equal(r["layers"]["layer"][0], [1, 2, 3, 4])
    # before training, LeCun weights: τ near 1 (width 64, sd of the mean ~ 0.03 per layer)
    assert np.all(np.abs(r["layers"]["tau_mean"][0] - 1) < 0.2)


@pytest.mark.parametrize("change", [
    dict(X=np.full((10, 3), np.nan)), dict(y=np.arange(10) + 0.5), dict(y=np.full(10, 300)),
    dict(tX=np.zeros((5, 4))), dict(activation="gelo"), dict(activation="leaky_relu:2"),
    dict(depth=0), dict(dropout=1.0),
    dict(y=np.zeros(10, dtype=int), ty=np.zeros(5, dtype=int)),   # one class only
])
def test_train_bad_input(change):
    rng = np.random.default_rng(1)
    args = dict(X=rng.normal(size=(10, 3)), y=np.arange(10) % 2, tX=rng.normal(size=(5, 3)),
                ty=np.arange(5) % 2)
    args.update(change)
    kw = {k: v for k, v in args.items() if k not in ("X", "y", "tX", "ty")}
    with pytest.raises(ValueError):
        selfnorm.train(args["X"], args["y"], args["tX"], args["ty"], epochs=1, **kw)


# What an attacker tried: every one a clear InputError (a ValueError) or Error, never a
# truncated, cut or silently converted argument, never a NaN result.
@pytest.mark.parametrize("call, message", [
    (lambda: selfnorm.dropout(1.0), "rate 1.0 is not in [0, 1)"),
    (lambda: selfnorm.constants(mu="0\x00garbage"), "control characters"),
    (lambda: selfnorm.constants(digits=1.5), "digits: 1.5 is not an integer"),
    (lambda: selfnorm.constants(digits=True), "not an integer"),
    (lambda: selfnorm.mlp(2.7, 8, 8), "depth: 2.7 is not an integer"),
    (lambda: selfnorm.mlp(float("inf"), 8, 8), "depth: inf is not an integer"),
    (lambda: selfnorm.fixedpoint(start=(0,)), "start must be a pair"),
    (lambda: selfnorm.fixedpoint(start=None), "start must be a pair"),
    (lambda: selfnorm.verify("theorem1", grid=float("nan")), "grid: nan is not an integer"),
    (lambda: selfnorm.map(0, 0, 1, 1, alpha=np.array([1.6, 1.7])), "alpha"),
    (lambda: selfnorm.map(0, 0, 1, 1, alpha="x"), "alpha: 'x' is not a real number"),
    (lambda: selfnorm.selu_parameters(mu=1 + 5j), "not a real number"),
])
def test_hostile_arguments(call, message):
    with pytest.raises(ValueError, match=None) as e:
        call()
    assert message in str(e.value)


def test_dropout_overflow_is_an_error():
    with pytest.raises(selfnorm.Error, match="overflow"):
        selfnorm.dropout(0.5, alpha=1e200, lambda_=1e200)
