# The Jacobian's spectral norm as a heat map, with its contour 1 (g contracts inside it).
# Variables from `selfnorm plot spectral`: omega tau alpha lambda mu_lo mu_hi nu_lo nu_hi
# theorem1_domain max_norm; datafile: index 0, one block per μ.
set title sprintf("Spectral norm of the Jacobian of g (ω = %g, τ = %g, α = %.6g, λ = %.6g)", omega, tau, alpha, lambda)
set xlabel "mean μ"
set ylabel "variance ν"
set cblabel "‖H‖_2: g contracts where it is below 1 (dashed)"
set xrange [mu_lo:mu_hi]
set yrange [nu_lo:nu_hi]
set cbrange [0:2]
# blue below 1, warm above: the contour value sits at the colour change
set palette defined (0 "#08306b", 0.7 "#4292c6", 0.999 "#c6dbef", 1.0 "#fee391", 1.4 "#fb6a4a", 2 "#67000d")
# the contour ‖H‖₂ = 1, when the window holds it
$contour << EOD
EOD
if (min_norm < 1 && max_norm > 1) {
  set contour base
  set cntrparam levels discrete 1.0
  unset surface
  set view map
  set table $contour
  splot datafile index 0 u 1:2:3 w l
  unset table
  unset contour
  set surface
}
if (theorem1_domain) { set object 1 rect from -0.1,0.8 to 0.1,1.5 fs empty border lc rgb "#006000" lw 3 front }
set key at screen 0.45,0.01 center bottom horizontal maxcols 2 samplen 2 box
set bmargin 5.5
plotcmd = "plot datafile index 0 u 1:2:3 w image notitle"
# the contour may lie outside the window: then there is nothing to draw (and no warning)
if (|$contour| > 0) { plotcmd = plotcmd . ", $contour u 1:2 w l lw 3 dt 2 lc rgb 'black' t 'spectral norm = 1'" }
if (theorem1_domain) { plotcmd = plotcmd . ", NaN w l lw 3 lc rgb '#006000' t \"Theorem 1's (μ, ν) domain\"" }
eval plotcmd
