#!/usr/bin/env python3
"""`make bench`: the selfnorm Python package (ctypes over libselfnorm.so) against the SciPy
closed form, side by side in one run, over the same N points of Theorem 1's domain.

  bench_python.py [N]      (default 1000000; needs PYTHONPATH=build/python, `make python`)

Peer: the textbook closed form of g (Eq. 4-5) vectorized with NumPy/SciPy (bench_numpy.g),
and its Jacobian from the same expectations (below). selfnorm: selfnorm.map and
selfnorm.jacobian on NumPy arrays, including the conversion of the inputs into the C
library's point array. Each timing is the best of 5; the results are checked to agree first.
"""
import json
import os
import sys
import time

import numpy as np
from scipy.special import erfc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_numpy import ALPHA01, LAMBDA01, g, theorem1_points  # noqa: E402

import selfnorm  # noqa: E402


def jacobian_scipy(mu, omega, nu, tau, lam=LAMBDA01, al=ALPHA01):
    """H = d(mean, var)/d(mu, nu) of the textbook closed form, vectorized. With m = mu omega,
    S = nu tau and z ~ N(m, S): dE[f]/dm = E[f'], dE[f]/dS = E[f'']/2 (Gaussian identities);
    f' of SELU jumps by lam(1 - alpha) at 0, which contributes that times the density at 0."""
    m, S = mu * omega, nu * tau
    s = np.sqrt(S)
    r2s = np.sqrt(2.0) * s
    cdf = 0.5 * erfc(-m / r2s)
    ccdf = 0.5 * erfc(m / r2s)
    pdf = np.exp(-m * m / (2 * S)) / np.sqrt(2 * np.pi)
    a1 = np.exp(m + S / 2) * 0.5 * erfc((m + S) / r2s)           # E[e^z; z<=0]
    a2 = np.exp(2 * m + 2 * S) * 0.5 * erfc((m + 2 * S) / r2s)   # E[e^2z; z<=0]
    A = m * cdf + s * pdf
    mean = lam * (A + al * (a1 - ccdf))
    dmean_dm = lam * (cdf + al * a1)
    dmean_dS = 0.5 * (lam * al * a1 + lam * (1 - al) * pdf / s)
    dxi_dm = 2 * lam**2 * (A + al**2 * (a2 - a1))
    dxi_dS = lam**2 * (cdf + al**2 * (2 * a2 - a1))
    dvar_dm = dxi_dm - 2 * mean * dmean_dm
    dvar_dS = dxi_dS - 2 * mean * dmean_dS
    h = np.empty(mu.shape + (2, 2))
    h[..., 0, 0] = omega * dmean_dm
    h[..., 0, 1] = tau * dmean_dS
    h[..., 1, 0] = omega * dvar_dm
    h[..., 1, 1] = tau * dvar_dS
    a, b, c, d = h[..., 0, 0], h[..., 0, 1], h[..., 1, 0], h[..., 1, 1]
    norm = 0.5 * (np.hypot(a + d, b - c) + np.hypot(a - d, b + c))
    return h, norm


def best_of(f, repeat=5):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    pts = theorem1_points(n)
    # the same numbers first: map to 1e-12 relative (the textbook form is accurate here),
    # the Jacobian to 1e-9 absolute
    ours, theirs = selfnorm.map(*pts), g(*pts)
    map_diff = max(float(np.max(np.abs(o - t) / np.maximum(1, np.abs(t))))
                   for o, t in zip(ours, theirs))
    h, norm = selfnorm.jacobian(*pts)
    h_ref, norm_ref = jacobian_scipy(*pts)
    jac_diff = float(max(np.max(np.abs(h - h_ref)), np.max(np.abs(norm - norm_ref))))
    assert map_diff < 1e-12 and jac_diff < 1e-9, (map_diff, jac_diff)
    for name, ours_f, peer_f in (("map", lambda: selfnorm.map(*pts), lambda: g(*pts)),
                                 ("jacobian", lambda: selfnorm.jacobian(*pts),
                                  lambda: jacobian_scipy(*pts))):
        t_ours, t_peer = best_of(ours_f), best_of(peer_f)
        print(json.dumps({"benchmark": "python_" + name, "points": n,
                          "selfnorm_seconds": round(t_ours, 6), "scipy_seconds": round(t_peer, 6),
                          "speedup": round(t_peer / t_ours, 2),
                          "max_difference": map_diff if name == "map" else jac_diff}))


if __name__ == "__main__":
    main()
