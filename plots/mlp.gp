# Per-layer statistics of deep networks from (0.5, 3): points measured, lines predicted.
# Columns (selfnorm plot mlp): layer, then mean, var, predicted mean, predicted var for
# SELU (2-5), ReLU (6-9) and tanh (10-13) with LeCun weights, and ReLU with He weights (14-17).
do for [fmt in "png svg"] {
  if (fmt eq "png") { set terminal pngcairo size 1200,950 enhanced font "DejaVu Sans,12" } \
  else { set terminal svg size 1200,950 enhanced font "DejaVu Sans,12" background rgb "white" }
  set output outbase.".".fmt
  set multiplot layout 2,1 title "Deep networks (width 512, inputs N(0.5, 3)): measured (points) vs theory (lines)\nLeCun weights N(0, 1/N) (τ = 1); ReLU also with its own He weights N(0, 2/N) (τ = 2)"
  set xlabel "layer"
  set grid
  set key outside right
  unset logscale y
  set ylabel "mean of the activations"
  set yrange [-0.1:1.3]
  plot datafile u 1:2 w p pt 7 lc rgb "#d01010" t "SELU, LeCun", '' u 1:4 w l lc rgb "#d01010" t "SELU, LeCun, theory", \
       '' u 1:6 w p pt 5 lc rgb "#1060d0" t "ReLU, LeCun", '' u 1:8 w l lc rgb "#1060d0" t "ReLU, LeCun, theory", \
       '' u 1:14 w p pt 4 lc rgb "#10a040" t "ReLU, He", '' u 1:16 w l lc rgb "#10a040" t "ReLU, He, theory", \
       '' u 1:10 w p pt 9 lc rgb "#a040c0" t "tanh, LeCun", '' u 1:12 w l lc rgb "#a040c0" t "tanh, LeCun, theory"
  set ylabel "variance (log scale)"
  set logscale y
  set yrange [1e-10:10]
  plot datafile u 1:3 w p pt 7 lc rgb "#d01010" t "SELU, LeCun", '' u 1:5 w l lc rgb "#d01010" t "SELU, LeCun, theory", \
       '' u 1:7 w p pt 5 lc rgb "#1060d0" t "ReLU, LeCun", '' u 1:9 w l lc rgb "#1060d0" t "ReLU, LeCun, theory", \
       '' u 1:15 w p pt 4 lc rgb "#10a040" t "ReLU, He", '' u 1:17 w l lc rgb "#10a040" t "ReLU, He, theory", \
       '' u 1:11 w p pt 9 lc rgb "#a040c0" t "tanh, LeCun", '' u 1:13 w l lc rgb "#a040c0" t "tanh, LeCun, theory"
  unset multiplot
  unset output
}
