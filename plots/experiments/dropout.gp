# Rendered by LLM Lab. Re-render from this folder with: gnuplot dropout.gp
set terminal pngcairo noenhanced size 900,540 font 'Sans,11'
set output 'dropout.png'
set title 'dropout: validation loss (mean over seeds, min–max band)'
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
step,dropout_0_mean,dropout_0_min,dropout_0_max,dropout_0.1_mean,dropout_0.1_min,dropout_0.1_max,dropout_0.2_mean,dropout_0.2_min,dropout_0.2_max
50,2.3764521666666667,2.3595247,2.3910248,2.383239,2.3694956,2.39138,2.3981326666666667,2.3926983,2.4016547
100,2.2844406999999998,2.2676873,2.2955163,2.285102,2.279519,2.2940993,2.3008878,2.2889261,2.3145835
150,2.2417625666666665,2.2256827,2.264433,2.2384419333333336,2.2175238,2.258371,2.2576643,2.2375014,2.2801447
200,2.1963019999999998,2.1796412,2.2081478,2.210649566666667,2.1781366,2.235806,2.2344884666666665,2.205481,2.2607858
250,2.1513245333333333,2.14181,2.1561744,2.1599959666666666,2.1468046,2.170285,2.1945419000000004,2.182425,2.2015467
300,2.1255289333333334,2.1088676,2.1341326,2.1400137,2.1113896,2.1583803,2.1699509666666668,2.1455343,2.1844501
350,2.0957899999999996,2.0764506,2.1147943,2.1214732,2.1019673,2.1326005,2.1492834333333333,2.1353345,2.1591442
400,2.0766959000000003,2.0672626,2.0834706,2.0987618666666665,2.0768151,2.1198328,2.1314389,2.1197143,2.1422536
450,2.058254,2.022643,2.081477,2.0840884,2.0564623,2.1020505,2.1187647333333333,2.10435,2.1282642
500,2.0523773999999997,2.023304,2.0688548,2.0802096333333333,2.0570793,2.099215,2.1138480333333334,2.0994866,2.1241615
EOD
plot $data using 'step':'dropout_0_min':'dropout_0_max' with filledcurves lc rgb '#1f77b4' notitle, \
     $data using 'step':'dropout_0_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#1f77b4' title 'dropout=0', \
     $data using 'step':'dropout_0.1_min':'dropout_0.1_max' with filledcurves lc rgb '#d62728' notitle, \
     $data using 'step':'dropout_0.1_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#d62728' title 'dropout=0.1', \
     $data using 'step':'dropout_0.2_min':'dropout_0.2_max' with filledcurves lc rgb '#2ca02c' notitle, \
     $data using 'step':'dropout_0.2_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#2ca02c' title 'dropout=0.2'
