#!/usr/bin/env python3
"""Baseline for `make bench`: alpha01 and lambda01 from their closed forms with mpmath at
N digits (Klambauer et al. 2017), as a Python user would compute them.

  bench_mpmath.py N
"""
import sys
import time

from mpmath import mp, mpf, erfc, exp, sqrt, pi, nstr


def constants01():
    e1, e2, eh = erfc(1 / sqrt(2)), erfc(sqrt(2)), exp(mpf(1) / 2)
    alpha = sqrt(2 / pi) / (1 - eh * e1)
    lam = 1 / sqrt(mpf(1) / 2 + alpha**2 * (exp(2) * e2 / 2 - eh * e1 + mpf(1) / 2))
    return alpha, lam


def main(digits):
    mp.dps = digits + 10
    t = time.perf_counter()
    alpha, lam = constants01()
    text = nstr(alpha, digits), nstr(lam, digits)
    dt = time.perf_counter() - t
    print(f'{{"benchmark":"mpmath_constants","digits":{digits},"seconds":{dt:.6f},'
          f'"alpha_prefix":"{text[0][:20]}"}}')


if __name__ == "__main__":
    main(int(sys.argv[1]))
