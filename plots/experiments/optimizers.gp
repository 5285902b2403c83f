# Rendered by LLM Lab. Re-render from this folder with: gnuplot optimizers.gp
set terminal pngcairo noenhanced size 900,540 font 'Sans,11'
set output 'optimizers.png'
set title 'optimizers: validation loss (mean over seeds, min–max band)'
set datafile separator comma
set datafile missing ''
set xlabel 'step'
set ylabel 'validation loss (nats per token)'
set grid lc rgb '#dddddd'
set bmargin 5.1500
set key at screen 0.5, screen 0.0111 center bottom horizontal maxcols 3 maxrows 1 reverse Left box opaque samplen 3 spacing 1.15 width 2
set autoscale yfix
set offsets 0, 0, graph 0.04, graph 0.04
set style fill transparent solid 0.2 noborder
$data << EOD
step,adam_mean,adam_min,adam_max,adamw_mean,adamw_min,adamw_max,sgd-momentum_mean,sgd-momentum_min,sgd-momentum_max
50,2.7502719666666664,2.7413955,2.755378,2.6374591333333335,2.6270342,2.6453042,3.0465733333333334,3.0415726,3.0515382
100,2.581314566666667,2.5690212,2.5954328,2.376622,2.3546872,2.395538,3.0303706666666663,3.0201666,3.042173
150,2.5456088666666665,2.539929,2.5500784,2.2993883333333334,2.2978134,2.3010373,3.024228433333333,3.0192404,3.0284493
200,2.533205533333333,2.52607,2.5378184,2.264430133333333,2.2603402,2.2712302,3.0116414666666667,3.005829,3.0214157
250,2.5186485333333333,2.5121782,2.52376,2.2341977666666666,2.2262955,2.2426667,3.0121375666666665,2.9986415,3.025301
300,2.5123757333333336,2.5049229,2.5187058,2.2286706,2.215091,2.2412822,2.998563633333333,2.995078,3.0023987
EOD
plot $data using 'step':'adam_min':'adam_max' with filledcurves lc rgb '#1f77b4' notitle, \
     $data using 'step':'adam_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#1f77b4' title 'adam', \
     $data using 'step':'adamw_min':'adamw_max' with filledcurves lc rgb '#d62728' notitle, \
     $data using 'step':'adamw_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#d62728' title 'adamw', \
     $data using 'step':'sgd-momentum_min':'sgd-momentum_max' with filledcurves lc rgb '#2ca02c' notitle, \
     $data using 'step':'sgd-momentum_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#2ca02c' title 'sgd-momentum'
