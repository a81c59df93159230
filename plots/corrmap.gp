# The mean-field correlation map c -> c' for a few activations, with the diagonal c' = c.
# Variables from `selfnorm plot corrmap`: grid, q_NAME, tau_NAME, fixed_NAME (1: q is the fixed
# point q*), slope1_NAME (the slope at c = 1: chi1 where q = q*); datafile: index 0.
set title "Correlation of two inputs after one random layer (mean field)\nχ_1 = slope of c' at c = 1 where q = q*; each curve at its own τ"
set xlabel "correlation c of the inputs"
set ylabel "correlation c' of the outputs"
set xrange [-1:1]
set yrange [-1:1]
set grid
set size square
set key below Left reverse box samplen 2 spacing 1.3 font ",9" maxrows 3
set bmargin 8   # room for the key below the x label
# a curve's label: at the fixed point q* its slope at 1 is χ_1 (< 1 ordered, > 1 chaotic);
# elsewhere it is only a slope, and the label says so
lab(name, tau, q, fixed, slope) = fixed ? sprintf("%s, τ = %g, q = q* = %.3g: χ_1 = %.4f", name, tau, q, slope) : sprintf("%s, τ = %g, q = %.3g (no q* > 0): slope %.4f, not a χ_1", name, tau, q, slope)
plot datafile index 0 u 1:6 w l lw 7 lc rgb "#b0c8e8" t "linear: c' = c exactly (beneath the diagonal)", \
     x w l lw 1 dt 2 lc rgb "#000000" t "c' = c", \
     datafile index 0 u 1:2 w l lw 2 lc rgb "#d01010" t lab("SELU", tau_selu, q_selu, fixed_selu, slope1_selu), \
     '' index 0 u 1:3 w l lw 2 lc rgb "#1060d0" t lab("ReLU", tau_relu, q_relu, fixed_relu, slope1_relu), \
     '' index 0 u 1:4 w l lw 2 lc rgb "#10a040" t lab("tanh", tau_tanh, q_tanh, fixed_tanh, slope1_tanh), \
     '' index 0 u 1:5 w l lw 2 lc rgb "#a040c0" t lab("GELU", tau_gelu, q_gelu, fixed_gelu, slope1_gelu)
