# An atlas: each cell of the grid coloured by its verdict, (alpha01, lambda01) marked.
# Variables from `selfnorm plot atlas`: statement x_name y_name x_lo x_hi y_lo y_hi cells
# finished certified refuted undecided mark01 mark_x mark_y; datafile: index 0
# (x y verdict margin), one block per x.
set title sprintf("Atlas of %s: %d certified, %d refuted, %d undecided (%d of %d cells)", statement, certified, refuted, undecided, finished, cells) noenhanced
set xlabel x_name noenhanced
set ylabel y_name noenhanced
set xrange [x_lo:x_hi]
set yrange [y_lo:y_hi]
set cbrange [-0.5:2.5]
# piecewise constant: each verdict one colour, none blended
set palette defined (-0.5 "#1b7837", 0.5 "#1b7837", 0.5 "#b2182b", 1.5 "#b2182b", 1.5 "#bdbdbd", 2.5 "#bdbdbd")
unset colorbox
set key outside right top box
set rmargin 26
plot datafile index 0 u 1:2:3 w image notitle, \
     NaN w boxes fs solid lc rgb "#1b7837" t "certified", \
     NaN w boxes fs solid lc rgb "#b2182b" t "refuted", \
     NaN w boxes fs solid lc rgb "#bdbdbd" t "undecided", \
     (mark01 ? "+" : NaN) u (mark_x):(mark_y) every ::0::0 w p pt 7 ps 2 lc rgb "black" t "(α01, λ01)"
