#!/usr/bin/env python3
"""Baselines for `make bench`: the textbook closed form of g (Klambauer et al. 2017, Eq. 4-5)
vectorized with NumPy/SciPy, as a user of those libraries would write it.

  bench_numpy.py map N          evals per second over N points of the Theorem 1 domain
  bench_numpy.py stdin IN OUT   numpy.loadtxt + formula + numpy.savetxt, seconds
"""
import sys
import time

import numpy as np
from scipy.special import erfc

LAMBDA01 = 1.0507009873554804934193349852946
ALPHA01 = 1.6732632423543772848170429916717


def g(mu, omega, nu, tau, lam=LAMBDA01, al=ALPHA01):
    m = mu * omega
    s2 = nu * tau
    s = np.sqrt(s2)
    r2s = np.sqrt(2.0) * s
    cdf = 0.5 * erfc(-m / r2s)                 # Phi(m/s)
    ccdf = 0.5 * erfc(m / r2s)                 # Phi(-m/s)
    pdf = np.exp(-m * m / (2 * s2)) / np.sqrt(2 * np.pi)
    a1 = np.exp(m + s2 / 2) * 0.5 * erfc((m + s2) / r2s)
    a2 = np.exp(2 * m + 2 * s2) * 0.5 * erfc((m + 2 * s2) / r2s)
    mean = lam * (m * cdf + s * pdf + al * (a1 - ccdf))
    second = lam**2 * ((m * m + s2) * cdf + m * s * pdf + al**2 * (a2 - 2 * a1 + ccdf))
    return mean, second - mean**2


def theorem1_points(n, seed=1):
    rng = np.random.default_rng(seed)
    return (rng.uniform(-0.1, 0.1, n), rng.uniform(-0.1, 0.1, n),
            rng.uniform(0.8, 1.5, n), rng.uniform(0.95, 1.1, n))


def bench_map(n):
    pts = theorem1_points(n)
    g(*(p[:1000] for p in pts))
    best = min(_timed(lambda: g(*pts)) for _ in range(5))
    print(f'{{"benchmark":"numpy_map","points":{n},"seconds":{best:.6f},'
          f'"evals_per_second":{n / best:.6g}}}')


def bench_stdin(src, dst):
    def job():
        x = np.loadtxt(src)
        mu_new, nu_new = g(x[:, 0], x[:, 1], x[:, 2], x[:, 3])
        np.savetxt(dst, np.column_stack([x, mu_new, nu_new]), fmt="%.17g")
    print(f'{{"benchmark":"numpy_stdin","seconds":{_timed(job):.6f}}}')


def _timed(f):
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


if __name__ == "__main__":
    if sys.argv[1] == "map":
        bench_map(int(sys.argv[2]))
    else:
        bench_stdin(sys.argv[2], sys.argv[3])
