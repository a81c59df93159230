# The moment map g as a vector field (Klambauer et al. 2017, Figure 2).
set title "Moment map g of a SELU unit (ω = 0, τ = 1): arrows from (μ, ν) toward g(μ, ν)"
set xlabel "mean μ of the inputs"
set ylabel "variance ν of the inputs"
set xrange [-0.45:0.45]
set yrange [0.45:2.05]
set object 1 rect from -0.1,0.8 to 0.1,1.5 fc rgb "#cfe0ff" fs solid 0.6 border lc rgb "#3060c0" behind
set key top left box opaque
plotcmd = "plot datafile u 1:2:($3*0.6):($4*0.6) w vectors head filled size 0.012,20 lc rgb '#303030' t 'g(μ, ν) − (μ, ν), scaled by 0.6', NaN w boxes fs solid 0.6 fc rgb '#cfe0ff' t 'Theorem 1 domain', '+' every ::0::0 u (0):(1) w p pt 7 ps 2.5 lc rgb '#d01010' t 'stable fixed point (0, 1)'"
load "plots/render.gp"
