# ν̃ − ν against ν: Theorem 2's maximum (left) and Theorem 3's minima (right).
# Variables from `selfnorm plot varincrease`: alpha lambda; for s in theorem2, theorem3a,
# theorem3b: s_mu_lo ... s_tau_hi (the boxes) and s_edge (where the extreme crosses 0).
set multiplot layout 1,2 title sprintf("Variance change ν̃ − ν of a SELU unit (α = %.6g, λ = %.6g): large variances shrink, small ones grow", alpha, lambda)
set grid
set key bottom left box opaque
set xlabel "variance ν of the inputs (log scale)"
set ylabel "max of ν̃ − ν over μ, ω, τ (< 0: ν shrinks)"
set logscale x
set xrange [1:16]
set object 1 rect from theorem2_nu_lo,graph 0 to theorem2_nu_hi,graph 1 fc rgb "#ffe0d8" fs solid 1.0 behind
set label 1 sprintf("Theorem 2: ν in [%g, %g],\nμ in [%g, %g], ω in [%g, %g],\nτ in [%g, %g]", theorem2_nu_lo, theorem2_nu_hi, theorem2_mu_lo, theorem2_mu_hi, theorem2_omega_lo, theorem2_omega_hi, theorem2_tau_lo, theorem2_tau_hi) at graph 0.42,0.93
if (theorem2_edge == theorem2_edge) {
  set arrow 1 from theorem2_edge,graph 0 to theorem2_edge,graph 1 nohead dt 2 lw 2 lc rgb "#b00000"
  set label 2 sprintf("numerical edge ν ≈ %.4f", theorem2_edge) at theorem2_edge,graph 0.3 left offset 0.5,0 tc rgb "#b00000"
}
plot datafile index 0 u 1:2 w l lw 3 lc rgb "#b00000" t "max ν̃ − ν", 0 w l lc rgb "black" dt 3 notitle
unset object 1
unset label
unset arrow
unset logscale x
set xlabel "variance ν of the inputs"
set ylabel "min of ν̃ − ν over μ, ω, τ (> 0: ν grows)"
set title "dashed: where the minimum crosses 0 (numerically)" font ",10"
set xrange [0.01:0.8]
set key at graph 0.02,0.45 left top Left reverse box opaque
# the two statements' ν ranges as bars along the bottom
set object 2 rect from theorem3a_nu_lo,graph 0.03 to theorem3a_nu_hi,graph 0.07 fc rgb "#107010" fs solid 0.5 border lc rgb "#107010" front
set object 3 rect from theorem3b_nu_lo,graph 0.09 to theorem3b_nu_hi,graph 0.13 fc rgb "#1050b0" fs solid 0.5 border lc rgb "#1050b0" front
set label 3 "3a's ν range" at theorem3a_nu_hi,graph 0.05 offset 0.5,0 tc rgb "#107010"
set label 4 "3b's ν range" at theorem3b_nu_hi,graph 0.11 offset 0.5,0 tc rgb "#1050b0"
if (theorem3a_edge == theorem3a_edge) {
  set arrow 2 from theorem3a_edge,graph 0.15 to theorem3a_edge,graph 1 nohead dt 2 lw 2 lc rgb "#107010"
  set label 5 sprintf("≈ %.4f", theorem3a_edge) at theorem3a_edge,graph 0.96 right offset -0.3,0 tc rgb "#107010"
}
if (theorem3b_edge == theorem3b_edge) {
  set arrow 3 from theorem3b_edge,graph 0.15 to theorem3b_edge,graph 1 nohead dt 2 lw 2 lc rgb "#1050b0"
  set label 6 sprintf("≈ %.4f", theorem3b_edge) at theorem3b_edge,graph 0.96 right offset -0.3,0 tc rgb "#1050b0"
}
dash3b = theorem3a_tau_lo == theorem3b_tau_lo ? 2 : 1   # dashed when 3b would hide 3a
plot datafile index 1 u 1:2 w l lw 3 lc rgb "#107010" t sprintf("3a: τ in [%g, %g]", theorem3a_tau_lo, theorem3a_tau_hi), '' index 1 u 1:3 w l lw 3 lc rgb "#1050b0" dt dash3b t sprintf("3b: τ in [%g, %g]", theorem3b_tau_lo, theorem3b_tau_hi), 0 w l lc rgb "black" dt 3 notitle
unset multiplot
