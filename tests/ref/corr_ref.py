# Reference for tests/test_init.c: E[selu(u_a) selu(u_b)], (u_a, u_b) ~ N(0, [[1, c], [c, 1]]),
# with mpmath at 40 digits: the inner expectation over u_b | u_a in closed form
# (E selu(N(m, s2)) = lambda*(m*Phi(m/s) + s*phi(m/s)) + lambda*alpha*(exp(m + s2/2)*Phi(-(m + s2)/s) - Phi(-m/s))),
# the outer one by mp.quad split at 0.
import mpmath as mp
mp.mp.dps = 40
al = mp.mpf('1.6732632423543772848170429916717'); la = mp.mpf('1.0507009873554804934193349852946')
def f(x): return la*x if x > 0 else la*al*(mp.exp(x)-1)
def inner(m, s2):
    s = mp.sqrt(s2)
    return la*(m*mp.ncdf(m/s) + s*mp.npdf(m/s)) + la*al*(mp.exp(m + s2/2)*mp.ncdf(-(m + s2)/s) - mp.ncdf(-m/s))
for c in ['0.5', '-0.5', '0.9']:
    c = mp.mpf(c); r2 = 1 - c*c
    g = lambda z: mp.npdf(z)*f(z)*inner(c*z, r2)
    print(c, mp.nstr(mp.quad(g, [-mp.inf, 0, mp.inf]), 25))
