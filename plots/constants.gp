# α and λ as functions of the fixed point's variance, for three means.
set title "SELU parameters that make (M, V) a fixed point (ω = 0, τ = 1)"
set xlabel "target variance V"
set ylabel "α"
set y2label "λ"
set ytics nomirror
set y2tics
set grid
set key top center box opaque
plotcmd = "plot datafile u 1:2 w l lw 2 lc rgb '#1060d0' t 'α, M = −0.1', '' u 1:4 w l lw 3 lc rgb '#d01010' t 'α, M = 0', '' u 1:6 w l lw 2 lc rgb '#10a040' t 'α, M = 0.1', '' u 1:3 axes x1y2 w l lw 2 dt 2 lc rgb '#1060d0' t 'λ, M = −0.1', '' u 1:5 axes x1y2 w l lw 3 dt 2 lc rgb '#d01010' t 'λ, M = 0', '' u 1:7 axes x1y2 w l lw 2 dt 2 lc rgb '#10a040' t 'λ, M = 0.1', '+' every ::0::0 u (1):(1.6732632423543772) w p pt 7 ps 2 lc rgb 'black' t '(α01 at V = 1)'"
load "plots/render.gp"
