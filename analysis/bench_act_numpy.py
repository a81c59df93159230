#!/usr/bin/env python3
"""Peer for `selfnorm bench map --activation gelu`: the GELU moment map
g(mu, nu) = (E f(z), Var f(z)), z ~ N(mu*omega, nu*tau), f(x) = x Phi(x), vectorized with
NumPy/SciPy as a user would write it: a fixed 96-point Gauss-Legendre rule in Z on
[-8.5, 8.5] (z = m + sZ), the points in chunks against all nodes.

  bench_act_numpy.py map N     evals per second over N points of the Theorem 1 domain
"""
import sys
import time

import numpy as np
from scipy.special import erfc

from bench_numpy import theorem1_points  # noqa: E402  (this directory: the same points)

NODES, HALF = np.polynomial.legendre.leggauss(96)
Z = 8.5 * NODES
W = 8.5 * HALF * np.exp(-Z * Z / 2) / np.sqrt(2 * np.pi)


def gelu(x):
    return x * 0.5 * erfc(-x / np.sqrt(2.0))


def g(mu, omega, nu, tau, chunk=8192):
    m = mu * omega
    s = np.sqrt(nu * tau)
    mean = np.empty_like(m)
    var = np.empty_like(m)
    for i in range(0, len(m), chunk):
        f = gelu(m[i:i + chunk, None] + s[i:i + chunk, None] * Z[None, :])
        c = f @ W
        mean[i:i + chunk] = c
        var[i:i + chunk] = ((f - c[:, None]) ** 2) @ W
    return mean, var


def bench_map(n):
    pts = theorem1_points(n)
    g(*(p[:1000] for p in pts))
    best = min(_timed(lambda: g(*pts)) for _ in range(3))
    print(f'{{"benchmark":"numpy_gelu_map","points":{n},"seconds":{best:.6f},'
          f'"evals_per_second":{n / best:.6g}}}')


def _timed(f):
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "map":
        bench_map(int(sys.argv[2]))
    else:
        sys.exit(__doc__)
