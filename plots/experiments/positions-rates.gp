# Rendered by LLM Lab. Re-render from this folder with: gnuplot positions-rates.gp
set terminal pngcairo noenhanced size 900,540 font 'Sans,11'
set output 'positions-rates.png'
set title 'positions: each variant against the peak learning rate (mean over seeds, min–max band)'
set datafile separator comma
set datafile missing ''
set xlabel 'peak learning rate (log scale)'
set ylabel 'validation loss (bits per byte)'
set grid lc rgb '#dddddd'
set bmargin 5.1500
set key at screen 0.5, screen 0.0111 center bottom horizontal maxcols 2 maxrows 1 reverse Left box opaque samplen 3 spacing 1.15 width 2
set logscale x
set autoscale yfix
set offsets 0, 0, graph 0.04, graph 0.04
set style fill transparent solid 0.2 noborder
$data << EOD
lr,learned_mean,learned_min,learned_max,sinusoidal_mean,sinusoidal_min,sinusoidal_max
0.001,3.217519262298924,3.1957007864868046,3.234789691305507,4.315639150982311,4.309719783311854,4.320692620402204
0.003,3.1020279591442033,3.0673002591791403,3.1477833242687105,4.31522047641705,4.308142702403442,4.320659599733237
0.01,3.0306910690136375,2.969657797082384,3.0892136006214757,4.010364304669877,3.856999876451933,4.082929357306784
EOD
plot $data using 'lr':'learned_min':'learned_max' with filledcurves lc rgb '#1f77b4' notitle, \
     $data using 'lr':'learned_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#1f77b4' title 'learned', \
     $data using 'lr':'sinusoidal_min':'sinusoidal_max' with filledcurves lc rgb '#d62728' notitle, \
     $data using 'lr':'sinusoidal_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#d62728' title 'sinusoidal'
