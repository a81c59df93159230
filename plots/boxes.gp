# The boxes of the rigorous proof of Theorem 2, projected on (μ, ν), coloured by their bound.
set title "Rigorous proof of Theorem 2: boxes of the branch-and-bound (projected on μ, ν), coloured by their bound on ν̃ − ν"
set xlabel "mean μ"
set ylabel "variance ν"
set cblabel "upper bound of ν̃ − ν on the box"
set xrange [-1:1]
set yrange [3:16]
set palette defined (0 "#1a2a6c", 0.5 "#2a9d8f", 0.8 "#e9c46a", 1 "#e76f51")
set key off
plotcmd = "plot datafile u (($1+$2)/2):(($3+$4)/2):(($2-$1)/2):(($4-$3)/2):5 w boxxyerror fs solid 0.7 border lc rgb '#00000030' lc palette"
load "plots/render.gp"
