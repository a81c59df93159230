# The paper's Figure 1 on Fashion-MNIST: training loss against iterations, SNN (solid)
# against ReLU + batch normalization (dashed), one colour per depth.
# Variables from `selfnorm plot figure1`: subset epochs learning_rate runs width batch
# runK_label runK_depth runK_snn; datafile: index 0 the steps (one block per run), index 1
# the epochs (one block per run).
colours = "#1b9e77 #d95f02 #7570b3 #e7298a #66a61e #e6ab02"
label(k) = value(sprintf("run%d_label", k))
snn(k) = value(sprintf("run%d_snn", k))
set title sprintf("Figure 1 on Fashion-MNIST: %d examples, %d epochs, SGD (rate %g, batch %d), width %d\nlines: every minibatch's loss; points: the training set's loss after each epoch", subset, epochs, learning_rate, batch, width)
set xlabel "iteration"
set ylabel "training loss (cross-entropy, log scale)"
set logscale y
set grid
set key outside right top vertical Left reverse samplen 3
# runs alternate: SNN (odd), ReLU + batch normalization (even), one depth after another
plot for [k=1:runs:2] datafile index 0 every :::(k-1)::(k-1) u 2:3 w l lw 1.2 dt 1 lc rgb word(colours, (k+1)/2) t label(k), \
     for [k=2:runs:2] datafile index 0 every :::(k-1)::(k-1) u 2:3 w l lw 1.2 dt 2 lc rgb word(colours, (k+1)/2) t label(k), \
     for [k=1:runs:2] datafile index 1 every :::(k-1)::(k-1) u 3:4 w p pt 7 ps 1.5 lc rgb word(colours, (k+1)/2) notitle, \
     for [k=2:runs:2] datafile index 1 every :::(k-1)::(k-1) u 3:4 w p pt 6 ps 1.5 lc rgb word(colours, (k+1)/2) notitle
