# The mean-field correlation map c -> c' for a few activations, with the diagonal c' = c.
# Variables from `selfnorm plot corrmap`: grid, q_NAME, tau_NAME, slope1_NAME (the slope at c = 1: chi1 where q = q*); datafile: index 0.
set title "Correlation of two inputs after one random layer (mean field)"
set xlabel "correlation c of the inputs"
set ylabel "correlation c' of the outputs"
set xrange [-1:1]
set yrange [-1:1]
set grid
set size square
set key left top box opaque samplen 2
plot x w l dt 2 lc rgb "#808080" t "c' = c", \
     datafile index 0 u 1:2 w l lw 2 lc rgb "#d01010" t sprintf("SELU, τ = 1 (slope at 1: χ_1 = %.4f)", slope1_selu), \
     '' index 0 u 1:3 w l lw 2 lc rgb "#1060d0" t sprintf("ReLU, τ = 2 (slope at 1: %.4f)", slope1_relu), \
     '' index 0 u 1:4 w l lw 2 lc rgb "#10a040" t sprintf("tanh, τ = 1, q = %.3g (slope at 1: %.4f)", q_tanh, slope1_tanh), \
     '' index 0 u 1:5 w l lw 2 lc rgb "#a040c0" t sprintf("GELU, τ = 1, q = %.3g (slope at 1: %.4f)", q_gelu, slope1_gelu), \
     '' index 0 u 1:6 w l lw 1 lc rgb "#404040" t "linear"
