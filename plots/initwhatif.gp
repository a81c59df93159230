# Variance by layer of a SELU network under three framework initializations: predicted (lines)
# and measured (points). Variables from `selfnorm plot initwhatif`: width depth batch seed,
# tau_NAME, nu_limit_NAME; datafile: index 0.
set title sprintf("SELU network, width %d, inputs N(0, 1): variance by layer\npredicted (lines) and measured (points, batch %d, seed %d)", width, batch, seed)
set xlabel "layer"
set ylabel "variance of the activations"
set xrange [0:depth]
set logscale y
set grid
set key right top box opaque samplen 2
plot datafile index 0 u 1:2 w l lw 2 lc rgb "#d01010" t sprintf("PyTorch kaiming\\_normal, nonlinearity='selu' (τ = %.4g; limit ν* = %.3g)", tau_torch_selu, nu_limit_torch_selu), \
     '' index 0 u 1:3 w p pt 7 ps 0.8 lc rgb "#d01010" notitle, \
     '' index 0 u 1:4 w l lw 2 lc rgb "#1060d0" t sprintf("PyTorch kaiming\\_normal, nonlinearity='linear' (τ = %.4g)", tau_torch_linear), \
     '' index 0 u 1:5 w p pt 5 ps 0.8 lc rgb "#1060d0" notitle, \
     '' index 0 u 1:6 w l lw 2 dt 2 lc rgb "#10a040" t sprintf("Keras lecun\\_normal, truncated (τ = %.4g)", tau_keras_lecun), \
     '' index 0 u 1:7 w p pt 9 ps 0.8 lc rgb "#10a040" notitle
