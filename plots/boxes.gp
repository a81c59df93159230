# A rigorous proof's boxes on a (μ, ν) grid: worst bound per cell, and boxes per cell.
# Variables from `selfnorm plot boxes`: statement objective sense mu_lo ... tau_hi boxes
# enclosure_lo enclosure_hi; datafile: index 0 (mu nu worst_bound boxes), one block per μ.
set multiplot layout 1,2 title sprintf("Rigorous proof of %s, %s: %d boxes over ω in [%g, %g], τ in [%g, %g]\nthe %s lies in [%.6g, %.6g]", statement, objective, boxes, omega_lo, omega_hi, tau_lo, tau_hi, sense eq "max" ? "maximum" : "minimum", enclosure_lo, enclosure_hi) noenhanced
set xlabel "mean μ"
set ylabel "variance ν"
set xrange [mu_lo:mu_hi]
set yrange [nu_lo:nu_hi]
set view map
xstep = (mu_hi - mu_lo)/4
set xtics xstep
set mxtics 2
set lmargin 9
set rmargin 11
set key off
set palette defined (0 "#1a2a6c", 0.5 "#2a9d8f", 0.8 "#e9c46a", 1 "#e76f51")
set cblabel sprintf("%s bound on the cell", sense eq "max" ? "largest upper" : "smallest lower")
set title "worst bound per cell\n(over ω, τ and the boxes meeting it)"
plot datafile index 0 u 1:2:3 w image
set palette defined (0 "#fff5eb", 0.4 "#fd8d3c", 1 "#7f2704")
set logscale cb
set cbrange [1:max_boxes_per_cell > 1 ? max_boxes_per_cell : 2]
set cblabel "boxes meeting the cell (log)"
set title "where the proof worked hardest\n "
plot datafile index 0 u 1:2:4 w image
unset multiplot
