# SELU against ReLU, ELU and tanh (left), and their derivatives (right).
# Variables from `selfnorm plot activations`: alpha lambda; datafile: index 0 the functions,
# index 1 the derivatives (two blocks: x ≤ 0 and x ≥ 0, so the jumps at 0 stay open).
set multiplot layout 1,2 title sprintf("SELU (α = %.6g, λ = %.6g) beside ReLU, ELU and tanh", alpha, lambda)
set grid
set xrange [-4:3]
set xlabel "x"
set key outside bottom center horizontal box
set bmargin 7
set ylabel "f(x)"
set yrange [-2.2:3.2]
set arrow 1 from -4,-lambda*alpha to 3,-lambda*alpha nohead dt 2 lw 1.5 lc rgb "#d01010"
set label 1 sprintf("−λα = %.4f: SELU's saturation", -lambda*alpha) at -3.9,-lambda*alpha-0.17 tc rgb "#d01010"
set label 2 sprintf("slope λ = %.4f %s for x > 0", lambda, lambda > 1 ? "> 1" : lambda < 1 ? "< 1" : "= 1") at -3.8,2.6 tc rgb "#d01010"
set arrow 2 from -1.2,2.5 to 1.6,1.75 lw 1.5 lc rgb "#d01010"
plot datafile index 0 u 1:2 w l lw 3 lc rgb '#d01010' t 'SELU', '' index 0 u 1:3 w l lw 2 lc rgb '#1060d0' t 'ReLU', \
     '' index 0 u 1:4 w l lw 2 lc rgb '#10a040' t 'ELU', '' index 0 u 1:5 w l lw 2 lc rgb '#a040c0' t 'tanh', \
     x w l dt 3 lc rgb '#808080' t 'slope 1'
unset arrow 1
unset label 1
unset label 2
unset arrow 2
set ylabel "f′(x)"
set yrange [-0.1:2.0]
set label 3 sprintf("λα = %.4f at 0−", lambda*alpha) at 0.08,lambda*alpha+(abs(lambda*alpha-lambda) < 0.15 ? 0.25 : 0) tc rgb "#d01010"
set label 4 sprintf("λ = %.4f", lambda) at 1.2,lambda+0.1 tc rgb "#d01010"
plot datafile index 1 u 1:2 w l lw 3 lc rgb '#d01010' t "SELU′", '' index 1 u 1:4 w l lw 2 lc rgb '#10a040' t "ELU′", \
     '' index 1 u 1:3 w l lw 2 dt 2 lc rgb '#1060d0' t "ReLU′ (dashed)", '' index 1 u 1:5 w l lw 2 lc rgb '#a040c0' t "tanh′"
unset multiplot
