# render.gp - called at the end of every figure script: the current plot as PNG and SVG.
# Expects `outbase` (path without extension); the script's plot command is in `plotcmd`.
set terminal pngcairo size 1100,750 enhanced font "DejaVu Sans,12"
set output outbase.".png"
eval plotcmd
set terminal svg size 1100,750 enhanced font "DejaVu Sans,12" background rgb "white"
set output outbase.".svg"
eval plotcmd
unset output
