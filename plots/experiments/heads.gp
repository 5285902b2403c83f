# Rendered by LLM Lab. Re-render from this folder with: gnuplot heads.gp
set terminal pngcairo noenhanced size 900,540 font 'Sans,11'
set output 'heads.png'
set title 'heads: validation loss (mean over seeds, min–max band)'
set datafile separator comma
set datafile missing ''
set xlabel 'step'
set ylabel 'validation loss (nats per token)'
set grid lc rgb '#dddddd'
set bmargin 5.1500
set key at screen 0.5, screen 0.0111 center bottom horizontal maxcols 4 maxrows 1 reverse Left box opaque samplen 3 spacing 1.15 width 2
set autoscale yfix
set offsets 0, 0, graph 0.04, graph 0.04
set style fill transparent solid 0.2 noborder
$data << EOD
step,n-head_1_mean,n-head_1_min,n-head_1_max,n-head_2_mean,n-head_2_min,n-head_2_max,n-head_4_mean,n-head_4_min,n-head_4_max,n-head_8_mean,n-head_8_min,n-head_8_max
50,2.6367832,2.6268792,2.643533,2.637034566666667,2.6268227,2.6443727,2.6374591333333335,2.6270342,2.6453042,2.6374793000000003,2.6270342,2.645272
100,2.3764768333333333,2.3549907,2.3886933,2.375536933333333,2.352345,2.3977308,2.376622,2.3546872,2.395538,2.3772862000000003,2.3551254,2.396215
150,2.3030362,2.3001633,2.306826,2.2990665333333333,2.2960765,2.3021061,2.2993883333333334,2.2978134,2.3010373,2.3022187666666665,2.2978547,2.3060966
200,2.2641430666666666,2.256273,2.2710779,2.2649861000000002,2.2618463,2.2710483,2.264430133333333,2.2603402,2.2712302,2.2644420000000003,2.2569222,2.273626
250,2.2361518,2.2311666,2.243795,2.2335928333333332,2.2234473,2.244459,2.2341977666666666,2.2262955,2.2426667,2.233400766666667,2.2229803,2.2421093
300,2.232190166666667,2.225762,2.244245,2.228462133333333,2.2144547,2.2436137,2.2286706,2.215091,2.2412822,2.2312635333333333,2.221417,2.2403486
EOD
plot $data using 'step':'n-head_1_min':'n-head_1_max' with filledcurves lc rgb '#1f77b4' notitle, \
     $data using 'step':'n-head_1_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#1f77b4' title 'n-head=1', \
     $data using 'step':'n-head_2_min':'n-head_2_max' with filledcurves lc rgb '#d62728' notitle, \
     $data using 'step':'n-head_2_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#d62728' title 'n-head=2', \
     $data using 'step':'n-head_4_min':'n-head_4_max' with filledcurves lc rgb '#2ca02c' notitle, \
     $data using 'step':'n-head_4_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#2ca02c' title 'n-head=4', \
     $data using 'step':'n-head_8_min':'n-head_8_max' with filledcurves lc rgb '#ff7f0e' notitle, \
     $data using 'step':'n-head_8_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#ff7f0e' title 'n-head=8'
