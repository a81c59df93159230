# The Jacobian's spectral norm as a heat map at the worst corner of Theorem 1, contour 1.
set title "Spectral norm of the Jacobian of g (ω = −0.1, τ = 1.1); white: the contour 1"
set xlabel "mean μ"
set ylabel "variance ν"
set cblabel "‖H‖₂"
set xrange [-3:3]
set yrange [0.1:3]
set palette defined (0 "#1a2a6c", 0.5 "#2a9d8f", 0.9 "#e9c46a", 1.3 "#e76f51", 2 "#9b2226")
set contour base
set cntrparam levels discrete 1.0
unset surface
set view map
set table $contour
splot datafile u 1:2:3 w l
unset table
unset contour
set surface
set object 1 rect from -0.1,0.8 to 0.1,1.5 fs empty border lc rgb "black" lw 2 front
set key top left box opaque fc rgb "#9aa0a8"
plotcmd = "plot datafile u 1:2:3 w image notitle, $contour u 1:2 w l lw 3 lc rgb 'white' t 'spectral norm = 1', NaN w l lw 2 lc rgb 'black' t 'Theorem 1 domain'"
load "plots/render.gp"
