#!/bin/sh
# `make tour`: a guided run of the commands, from the moment map at the fixed point (0, 1)
# to the proofs and a deep network.
set -eu
BIN=${1:-build}/selfnorm
step() { printf '\n$ selfnorm %s\n' "$*"; "$BIN" "$@"; }
echo "selfnorm: the moment map g of a SELU unit at the fixed point (mu, nu) = (0, 1),"
echo "with normalized weights (omega = 0, tau = 1) and the default alpha01, lambda01."
step map --mu 0 --omega 0 --nu 1 --tau 1
step map --mu 0 --omega 0 --nu 1 --tau 1 --method quad
step map --mu 0 --omega 0 --nu 1 --tau 1 --method mpfr --precision 200
step jacobian --mu 0 --omega 0 --nu 1 --tau 1
echo
echo "g maps (0, 1) to itself; its Jacobian there has eigenvalues 0.7826 and 0, so the fixed"
echo "point attracts, and spectral norm 0.7877 < 1, so g is even a contraction near it"
echo "(Klambauer et al. 2017 publish 0.782648 and 0.787673)."
step map --mu 0.5 --omega 1 --nu 3 --tau 1
echo
echo "Where do alpha01 and lambda01 come from? They make (0, 1) the fixed point; every digit"
echo "printed is proven by ball arithmetic:"
step constants --digits 40
echo
echo "The authors' notebook target (-0.1, 2) is a fixed point of its alpha, lambda, but one"
echo "that repels (a warning on stderr says so):"
step constants --mu -0.1 --nu 2 --omega 1 --tau 1 --digits 20
step dropout --rate 0.05
echo
echo "A deep SELU network iterates g layer by layer; from (0.5, 3) it walks to (0, 1):"
step fixedpoint --from 0.5,3
echo
echo "The paper's theorems, checked numerically over their whole 4-D domains:"
step verify all
echo
echo "And proven, with ball arithmetic over the whole domains:"
step verify all --rigorous
echo
echo "An actual deep SELU network (random LeCun weights) started from (0.5, 3), beside the"
echo "theory's layer-by-layer prediction:"
step mlp --depth 12 --width 512 --batch 256 --input-mean 0.5 --input-var 3 --gradients
step bench map --points 2000000 --repeat 3
step bench constants --digits 10000
