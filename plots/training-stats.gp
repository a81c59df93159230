# Does training keep an SNN where the theorems hold? Self-normalization during Figure 1's runs.
# Variables from `selfnorm plot training-stats`: runs runK_label runK_snn; datafile: index 3
# the per-probe summary over layers (run step in_theorem1_box in_wide_box
# layers_in_theorem1_domain min_in_nu max_in_nu max_abs_in_mu).
colours = "#1b9e77 #d95f02 #7570b3 #e7298a #66a61e #e6ab02"
label(k) = value(sprintf("run%d_label", k))
snn(k) = value(sprintf("run%d_snn", k))
set multiplot layout 2,2 title "Does training keep a self-normalizing network where the theorems hold? (SNN runs of Figure 1)"
set grid
set xlabel "iteration"
set key top right
set ylabel "share of units"
set yrange [0:1.05]   # a share of 1 stays visible above the frame
set title "units with (ω, τ) in Theorem 1's box [−0.1, 0.1] × [0.95, 1.1]" font ",10"
plot for [k=1:runs] datafile index 3 every :::(k-1)::(k-1) u (snn(k) ? $2 : NaN):3 w lp pt 7 ps 0.5 lc rgb word(colours, (k+1)/2) t (snn(k) ? label(k) : "")
set title "units with ω in [−0.1, 0.1] and τ in [0.8, 1.25] (Theorems 2, 3)" font ",10"
plot for [k=1:runs] datafile index 3 every :::(k-1)::(k-1) u (snn(k) ? $2 : NaN):4 w lp pt 7 ps 0.5 lc rgb word(colours, (k+1)/2) t (snn(k) ? label(k) : "")
set title "layers 2…L whose inputs' (μ, ν) lie in Theorem 1's domain" font ",10"
set ylabel "share of layers"
set key at graph 0.98, 0.85 right top   # between the layers at 1 and those that leave the domain
plot for [k=1:runs] datafile index 3 every :::(k-1)::(k-1) u (snn(k) ? $2 : NaN):5 w lp pt 7 ps 0.5 lc rgb word(colours, (k+1)/2) t (snn(k) ? label(k) : "")
set key default
set key top right
set offsets graph 0, 0, 0.3, 0   # headroom above the largest variances for the key
set title "range of the layers' input variance ν (Theorem 1: [0.8, 1.5])" font ",10"
set ylabel "ν"
set yrange [*<0.7:1.6<*]
set object 1 rect from graph 0, first 0.8 to graph 1, first 1.5 fc rgb "#e8eefc" fs solid 1.0 behind
plot for [k=1:runs] datafile index 3 every :::(k-1)::(k-1) u (snn(k) ? $2 : NaN):6 w l lw 1.5 lc rgb word(colours, (k+1)/2) notitle, \
     for [k=1:runs] datafile index 3 every :::(k-1)::(k-1) u (snn(k) ? $2 : NaN):7 w l lw 1.5 dt 2 lc rgb word(colours, (k+1)/2) t (snn(k) ? label(k)." (min, max)" : "")
unset multiplot
