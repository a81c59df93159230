# The moment map g as a vector field (Klambauer et al. 2017, Figure 2), for any ω, τ, α, λ.
# Variables from `selfnorm plot vectorfield`: omega tau alpha lambda activation mu_lo mu_hi nu_lo nu_hi
# grid trajectories theorem1_domain fixed_point_found fixed_point_mu fixed_point_nu
# fixed_point_kind attracting spectral_radius aspect; datafile: index 0 the field (arrows
# drawn from columns 6, 7, equal on screen for the plot's height/width `aspect`), index 1
# the trajectories.
num(x) = abs(x) < 5e-5 ? "0" : sprintf("%.4g", x)
fp = fixed_point_found ? sprintf("fixed point (%s, %s): %s, spectral radius %.3f", num(fixed_point_mu), num(fixed_point_nu), fixed_point_kind, spectral_radius) : "no fixed point found from (0, 1)"
note = omega == 0 ? "\nω = 0: the new mean μ̃ does not depend on μ (g sees μ only through μω)" : ""
unit = activation[1:5] eq "selu:" ? sprintf("a SELU unit, (μ, ν) ↦ (μ̃, ν̃), for ω = %g, τ = %g, α = %.6g, λ = %.6g", omega, tau, alpha, lambda) : sprintf("%s %s unit, (μ, ν) ↦ (μ̃, ν̃), for ω = %g, τ = %g", strstrt("aeiou", activation[1:1]) > 0 ? "an" : "a", activation, omega, tau)
set title sprintf("Moment map g of %s\n%s%s", unit, fp, note)
set size ratio aspect
set xlabel "mean μ of the unit's inputs"
set ylabel "variance ν of the unit's inputs"
set xrange [mu_lo:mu_hi]
set yrange [nu_lo:nu_hi]
set palette defined (0 "#2c7bb6", 0.5 "#7fbf7b", 0.75 "#fdae61", 1 "#d7191c")
set cblabel "log_{10} of the step |g(μ, ν) − (μ, ν)|"
set key outside right bottom vertical Left reverse box samplen 2
if (theorem1_domain) {
  set object 1 rect from -0.1,0.8 to 0.1,1.5 fc rgb "#e8eefc" fs solid 1.0 border lc rgb "#3060c0" lw 1.5 behind
}
plotcmd = "plot datafile index 0 u ($1-$6/2):($2-$7/2):6:7:(log10($5)) w vectors head filled size graph 0.012,25,60 lw 1.6 lc palette t 'one step'"
if (theorem1_domain) { plotcmd = plotcmd . ", NaN w boxes fs solid 1.0 fc rgb '#e8eefc' t \"Theorem 1's domain\"" }
if (trajectories) { plotcmd = plotcmd . ", datafile index 1 u 3:4 w lp lw 1.5 pt 7 ps 0.6 lc rgb '#303030' t 'iterates of g'" }
if (fixed_point_found) { plotcmd = plotcmd . sprintf(", '+' every ::0::0 u (fixed_point_mu):(fixed_point_nu) w p pt %d ps 3 lw 3 lc rgb '#b00000' t '%s'", attracting == 1 ? 7 : 6, attracting == 1 ? "attracting" : fixed_point_kind) }
eval plotcmd
