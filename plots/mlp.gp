# Per-layer statistics of deep networks from (0.5, 3): points measured, lines predicted.
do for [fmt in "png svg"] {
  if (fmt eq "png") { set terminal pngcairo size 1100,900 enhanced font "DejaVu Sans,12" } \
  else { set terminal svg size 1100,900 enhanced font "DejaVu Sans,12" background rgb "white" }
  set output outbase.".".fmt
  set multiplot layout 2,1 title "Deep networks (width 512, LeCun weights, inputs N(0.5, 3)): measured (points) vs theory (lines)"
  set xlabel "layer"
  set grid
  set key outside right
  unset logscale y
  set ylabel "mean of the activations"
  set yrange [-0.1:0.9]
  plot datafile u 1:2 w p pt 7 lc rgb "#d01010" t "SELU", '' u 1:4 w l lc rgb "#d01010" t "SELU, theory", \
       '' u 1:6 w p pt 5 lc rgb "#1060d0" t "ReLU", '' u 1:8 w l lc rgb "#1060d0" t "ReLU, theory", \
       '' u 1:10 w p pt 9 lc rgb "#a040c0" t "tanh", '' u 1:12 w l lc rgb "#a040c0" t "tanh, theory"
  set ylabel "variance (log scale)"
  set logscale y
  set yrange [1e-10:10]
  plot datafile u 1:3 w p pt 7 lc rgb "#d01010" t "SELU", '' u 1:5 w l lc rgb "#d01010" t "SELU, theory", \
       '' u 1:7 w p pt 5 lc rgb "#1060d0" t "ReLU", '' u 1:9 w l lc rgb "#1060d0" t "ReLU, theory", \
       '' u 1:11 w p pt 9 lc rgb "#a040c0" t "tanh", '' u 1:13 w l lc rgb "#a040c0" t "tanh, theory"
  unset multiplot
  unset output
}
