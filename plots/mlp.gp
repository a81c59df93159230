# Deep random networks, per layer: mean, variance and gradient norm, measured (points) and
# predicted (lines). Variables from `selfnorm plot mlp`: mu nu width depth batch seed
# nnetworks network1 ... ; datafile: index 0 (layer, then 6 columns per network).
colours = "#d01010 #1060d0 #10a040 #a040c0 #e08000 #404040"
points = "7 5 9 11 13 4"
net(k) = value(sprintf("network%d", k))
col(k, j) = 1 + 6*(k-1) + j
set multiplot title sprintf("Deep random networks: width %d, depth %d, inputs N(%g, %g), batch %d, seed %d\nmeasured (points) against theory (lines)", width, depth, mu, nu, batch, seed)
set grid
set xlabel "layer"
set xrange [0:depth]
xstep = depth <= 10 ? 1 : depth <= 20 ? 2 : depth <= 50 ? 5 : depth <= 100 ? 10 : 50
set xtics xstep
# the legend once, in a strip at the bottom
set size 1,0.28
set origin 0,0.64
set lmargin 12
set rmargin 3
set key off
set ylabel "mean"
plot for [k=1:nnetworks] datafile index 0 u 1:(column(col(k,1))) w p pt (word(points,k)+0) ps 0.9 lc rgb word(colours,k) notitle, \
     for [k=1:nnetworks] '' index 0 u 1:(column(col(k,3))) w l lw 2 lc rgb word(colours,k) notitle
set origin 0,0.36
set logscale y
set format y "10^{%L}"
set ylabel "variance"
set ytics 100
plot for [k=1:nnetworks] datafile index 0 u 1:(column(col(k,2))) w p pt (word(points,k)+0) ps 0.9 lc rgb word(colours,k) notitle, \
     for [k=1:nnetworks] '' index 0 u 1:(column(col(k,4))) w l lw 2 lc rgb word(colours,k) notitle
set origin 0,0.06
set ylabel "gradient norm\n(output = 1)"
set ytics 100
set key at screen 0.5,0.03 center horizontal maxrows 1 samplen 2
plot for [k=1:nnetworks] datafile index 0 u 1:(column(col(k,5))) w p pt (word(points,k)+0) ps 0.9 lc rgb word(colours,k) t net(k), \
     for [k=1:nnetworks] '' index 0 u 1:(column(col(k,6))) w l lw 2 lc rgb word(colours,k) notitle
unset multiplot
