# SELU against ReLU, ELU and tanh, with their derivatives (dashed).
set title "Activation functions (solid) and their derivatives (dashed)"
set xlabel "x"
set ylabel "f(x), f'(x)"
set xrange [-4:3]
set yrange [-2:3]
set grid
set key top left box opaque
plotcmd = "plot datafile u 1:2 w l lw 3 lc rgb '#d01010' t 'SELU (α01, λ01)', '' u 1:3 w l lw 2 lc rgb '#1060d0' t 'ReLU', '' u 1:4 w l lw 2 lc rgb '#10a040' t 'ELU', '' u 1:5 w l lw 2 lc rgb '#a040c0' t 'tanh', '' u 1:6 w l lw 2 dt 2 lc rgb '#d01010' t 'SELU′', '' u 1:7 w l lw 1.5 dt 2 lc rgb '#1060d0' t 'ReLU′', '' u 1:8 w l lw 1.5 dt 2 lc rgb '#10a040' t 'ELU′', '' u 1:9 w l lw 1.5 dt 2 lc rgb '#a040c0' t 'tanh′'"
load "plots/render.gp"
