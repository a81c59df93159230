#!/usr/bin/env python3
"""sweep_quadrature.py - `selfnorm map --activation ROW` over extreme inputs (issue 14).

For each quadrature row (tanh, gelu, gelu:tanh, silu, softplus, sigmoid) and each
(mu, nu) on a grid from 1e-300 to 1e300 (omega = tau = 1), the program must either print a
result whose error estimate is small against it (exit 0) and that agrees with an mpmath
reference (quadrature at 50 digits, 120 for tanh and sigmoid, centred at f(m), split at the feature Z = -m/s on
a geometric ladder of break points) within its error estimate + 1e-12 relative, or refuse
(exit 1 "accuracy not reached", exit 2 inputs not representable). Anything else (NaN, inf,
a result the reference contradicts, a crash) is a failure. Usage:
    python3 scripts/sweep_quadrature.py build/selfnorm [--no-reference] [--row NAME]
"""
import subprocess, sys
import mpmath as mp

mp.mp.dps = 50    # 120 for tanh and sigmoid, whose variance far out is ~e^{-4|m|} below f(m)²
ROWS = ["tanh", "gelu", "gelu:tanh", "silu", "softplus", "sigmoid"]
MUS = [0.0] + [sg * v for v in (1e-300, 1e-10, 1.0, 30.0, 1e3, 1e17, 1e155, 1e300) for sg in (1, -1)]
NUS = [1e-300, 1e-100, 1e-10, 1.0, 1e10, 1e100, 1e300]


def f_mp(row, x):
    if row == "tanh": return mp.tanh(x)
    if row == "gelu": return x * mp.ncdf(x)
    if row == "gelu:tanh":
        u = mp.sqrt(2 / mp.pi) * (x + mp.mpf("0.044715") * x**3)
        return x / 2 * (1 + mp.tanh(u))
    if row == "silu": return x / (1 + mp.exp(-x))
    if row == "softplus": return mp.log1p(mp.exp(x)) if x < 0 else x + mp.log1p(mp.exp(-x))
    if row == "sigmoid": return 1 / (1 + mp.exp(-x))


def reference(row, m, s):
    m, s = mp.mpf(m), mp.mpf(s)
    a = -m / s
    c = f_mp(row, m)
    lo, hi = -40 + min(a, 0), 40 + max(a, 0)
    pts = {lo, hi, mp.mpf(0)}
    for k in range(-3, 4):                # the feature's scale 1/s and a ladder around it
        for d in (mp.mpf(10) ** k / s, 2 * mp.mpf(10) ** k / s):
            for p in (a - d, a + d):
                if lo < p < hi: pts.add(p)
    if lo < a < hi: pts.add(a)
    pts = sorted(pts)
    phi = lambda z: mp.exp(-z * z / 2) / mp.sqrt(2 * mp.pi)
    e1 = mp.quad(lambda z: (f_mp(row, m + s * z) - c) * phi(z), pts)
    e2 = mp.quad(lambda z: (f_mp(row, m + s * z) - c) ** 2 * phi(z), pts)
    return c + e1, e2 - e1 * e1


def run(exe, row, mu, nu):
    args = [exe, "map", "--mu", repr(mu), "--omega", "1", "--nu", repr(nu), "--tau", "1",
            "--activation", row, "--json"]
    p = subprocess.run(args, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def main():
    import json
    exe = sys.argv[1]
    use_ref = "--no-reference" not in sys.argv
    rows = [r for r in ROWS if "--row" not in sys.argv or r == sys.argv[sys.argv.index("--row") + 1]]
    counts, failures = {}, []
    for row in rows:
        mp.mp.dps = 120 if row in ("tanh", "sigmoid") else 50
        for mu in MUS:
            for nu in NUS:
                rc, out, err = run(exe, row, mu, nu)
                key = (row, rc)
                counts[key] = counts.get(key, 0) + 1
                where = f"{row} mu={mu:g} nu={nu:g}"
                if rc == 0:
                    d = json.loads(out)
                    vals = [d["mu_new"], d["nu_new"], d["mu_err"], d["nu_err"]]
                    if any(not isinstance(v, (int, float)) or v != v or abs(v) == float("inf")
                           for v in vals):
                        failures.append(f"{where}: non-finite output {vals}")
                        continue
                    mn, vn, me, ve = vals
                    if not (me <= 1e-4 * max(abs(mn), vn ** 0.5) or me <= 1e-300) \
                            or not (ve <= 1e-4 * vn or ve <= 1e-300):
                        failures.append(f"{where}: printed with a large error estimate {vals}")
                    if use_ref:
                        try:
                            rm, rv = reference(row, mu, mp.sqrt(nu))
                        except (OverflowError, ValueError):   # mpmath's erfc for huge x
                            counts[(row, "noref")] = counts.get((row, "noref"), 0) + 1
                            continue
                        dm, dv = abs(mn - rm), abs(vn - rv)
                        if dm > me + 1e-12 * max(1, abs(rm)) or dv > ve + 1e-12 * abs(rv):
                            failures.append(f"{where}: ({mn!r}, {vn!r}) +- ({me:.2g}, {ve:.2g}), "
                                            f"reference ({mp.nstr(rm, 17)}, {mp.nstr(rv, 17)})")
                elif rc in (1, 2):
                    if not err.strip():
                        failures.append(f"{where}: exit {rc} without a message")
                else:
                    failures.append(f"{where}: exit {rc}: {err.strip()}")
    for row in rows:
        print(f"{row:10s} " + "  ".join(f"exit {rc}: {counts.get((row, rc), 0):3d}"
                                        for rc in (0, 1, 2))
              + (f"  (no mpmath reference: {counts.get((row, 'noref'), 0)})" if use_ref else ""),
              flush=True)
    print(f"{len(failures)} failure(s)")
    for f in failures: print("  " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
