# Rendered by LLM Lab. Re-render from this folder with: gnuplot positions.gp
set terminal pngcairo noenhanced size 900,540 font 'Sans,11'
set output 'positions.png'
set title 'positions: validation (mean over seeds, min–max band)'
set datafile separator comma
set datafile missing ''
set xlabel 'step'
set ylabel 'validation loss (bits per byte)'
set grid lc rgb '#dddddd'
set bmargin 5.1500
set key at screen 0.5, screen 0.0111 center bottom horizontal maxcols 2 maxrows 1 reverse Left box opaque samplen 3 spacing 1.15 width 2
set autoscale yfix
set offsets 0, 0, graph 0.04, graph 0.04
set style fill transparent solid 0.2 noborder
$data << EOD
step,learned_mean,learned_min,learned_max,sinusoidal_mean,sinusoidal_min,sinusoidal_max
0,5.7790182701183035,5.75909084674201,5.800560679379258,5.7813265524651225,5.730107986453308,5.85575335169415
50,3.4389135335938263,3.3874883514684306,3.497559923769087,4.336876329168051,4.322258077396739,4.358574174044013
100,3.3250438357668246,3.2826765567478478,3.3869988450410573,4.321316228366245,4.312522482721812,4.333692156943306
150,3.2805639318377713,3.2601705141099795,3.2997527280603216,4.308376985083521,4.27675259041702,4.327816204311269
200,3.184752332421972,3.123161228544853,3.302682553149359,4.21324134600218,4.074495690393641,4.3269867989322615
250,3.0756284087858745,3.012655116497881,3.1448877830521287,4.062318709462721,3.901849817545499,4.231103122472219
300,3.030691083967158,2.969657899116251,3.0892136043462073,4.010364317942425,3.85699989119236,4.082929397063669
EOD
plot $data using 'step':'learned_min':'learned_max' with filledcurves lc rgb '#1f77b4' notitle, \
     $data using 'step':'learned_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#1f77b4' title 'learned', \
     $data using 'step':'sinusoidal_min':'sinusoidal_max' with filledcurves lc rgb '#d62728' notitle, \
     $data using 'step':'sinusoidal_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#d62728' title 'sinusoidal'
