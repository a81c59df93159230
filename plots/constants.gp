# α and λ making (M, V) a fixed point, against V, for up to six means M.
# Variables from `selfnorm plot constants`: omega tau nmeans mean1 ... alpha_at_0_1
# lambda_at_0_1; datafile: index 0 (nu, then alphaK lambdaK).
set multiplot layout 1,2 title sprintf("SELU parameters that make (M, V) a fixed point of g (ω = %g, τ = %g)", omega, tau)
set grid
set xlabel "target variance V"
set key outside bottom center horizontal box
set bmargin 7
colours = "#1060d0 #d01010 #10a040 #a040c0 #e08000 #404040"
mean(k) = value(sprintf("mean%d", k))
set ylabel "α"
set label 1 sprintf("α = %.6f at (0, 1)", alpha_at_0_1) at 1,alpha_at_0_1 offset 1,-1
plot for [k=1:nmeans] datafile index 0 u 1:(column(2*k)) w l lw (mean(k) == 0 ? 3 : 2) lc rgb word(colours,k) t sprintf("M = %g", mean(k)), \
     '+' every ::0::0 u (1):(alpha_at_0_1) w p pt 7 ps 1.8 lc rgb 'black' t (omega == 0 && tau == 1 ? 'α01 (M = 0, V = 1)' : 'M = 0, V = 1')
unset label 1
set ylabel "λ"
set label 2 sprintf("λ = %.6f at (0, 1)", lambda_at_0_1) at 1,lambda_at_0_1 offset 1,1
plot for [k=1:nmeans] datafile index 0 u 1:(column(2*k+1)) w l lw (mean(k) == 0 ? 3 : 2) lc rgb word(colours,k) t sprintf("M = %g", mean(k)), \
     '+' every ::0::0 u (1):(lambda_at_0_1) w p pt 7 ps 1.8 lc rgb 'black' t (omega == 0 && tau == 1 ? 'λ01 (M = 0, V = 1)' : 'M = 0, V = 1')
unset multiplot
