# Rendered by LLM Lab. Re-render from this folder with: gnuplot positions.gp
set terminal pngcairo noenhanced size 900,540 font 'Sans,11'
set output 'positions.png'
set title 'positions: validation loss (mean over seeds, min–max band)'
set datafile separator comma
set datafile missing ''
set xlabel 'step'
set ylabel 'validation loss (nats per token)'
set grid lc rgb '#dddddd'
set bmargin 5.1500
set key at screen 0.5, screen 0.0111 center bottom horizontal maxcols 2 maxrows 1 reverse Left box opaque samplen 3 spacing 1.15 width 2
set autoscale yfix
set offsets 0, 0, graph 0.04, graph 0.04
set style fill transparent solid 0.2 noborder
$data << EOD
step,learned_mean,learned_min,learned_max,sinusoidal_mean,sinusoidal_min,sinusoidal_max
50,2.6374591333333335,2.6270342,2.6453042,3.0301634333333336,3.027672,3.033819
100,2.376622,2.3546872,2.395538,2.9964965666666665,2.9945917,2.999142
150,2.2993883333333334,2.2978134,2.3010373,2.993768766666667,2.9897783,3.0003204
200,2.264430133333333,2.2603402,2.2712302,2.990778066666666,2.9855986,2.9955323
250,2.2341977666666666,2.2262955,2.2426667,2.9912281000000003,2.988642,2.996113
300,2.2286706,2.215091,2.2412822,2.9901363333333335,2.98727,2.994876
EOD
plot $data using 'step':'learned_min':'learned_max' with filledcurves lc rgb '#1f77b4' notitle, \
     $data using 'step':'learned_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#1f77b4' title 'learned', \
     $data using 'step':'sinusoidal_min':'sinusoidal_max' with filledcurves lc rgb '#d62728' notitle, \
     $data using 'step':'sinusoidal_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#d62728' title 'sinusoidal'
