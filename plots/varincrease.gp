# ν̃ − ν against ν at the domains' extreme corners; Theorems 2 and 3 shaded.
set title "Variance change ν̃ − ν: large variances shrink (Theorem 2), small ones grow (Theorem 3)"
set xlabel "variance ν of the inputs (log scale)"
set ylabel "ν̃ − ν"
set logscale x
set xrange [0.01:20]
set yrange [-3:0.6]
set grid
set object 1 rect from 3,graph 0 to 16,graph 1 fc rgb "#ffd8d0" fs solid 0.5 behind
set object 2 rect from 0.02,graph 0 to 0.24,graph 1 fc rgb "#d0f0d0" fs solid 0.5 behind
set label 1 "Theorem 2: ν̃ < ν" at 4,0.4
set label 2 "Theorem 3: ν̃ > ν" at 0.021,-2.7
set key bottom left box opaque
plotcmd = "plot datafile u 1:2 w l lw 2 t '(μ, ω, τ) = (−1, −0.1, 1.25)', '' u 1:3 w l lw 2 t '(1, 0.1, 0.8)', '' u 1:4 w l lw 2 t '(−0.1, −0.1, 0.8)', '' u 1:5 w l lw 2 t '(0.1, 0.1, 1.25)', 0 w l lc rgb 'black' dt 3 notitle"
load "plots/render.gp"
