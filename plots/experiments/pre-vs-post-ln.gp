# Rendered by LLM Lab. Re-render from this folder with: gnuplot pre-vs-post-ln.gp
set terminal pngcairo noenhanced size 900,540 font 'Sans,11'
set output 'pre-vs-post-ln.png'
set title 'pre-vs-post-ln: validation loss (mean over seeds, min–max band)'
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
step,post_mean,post_min,post_max,pre_mean,pre_min,pre_max
50,2.9968370000000006,2.99294,2.9990165,2.9727388,2.920282,3.0057545
100,2.997040066666667,2.9930565,3.003137,2.8291457333333336,2.786085,2.89568
150,2.992430666666667,2.9855537,2.9958875,2.5941727333333335,2.5330777,2.6599982
200,2.995391533333333,2.9919193,3.0011878,2.5242313333333333,2.4505975,2.6233718
250,2.9931295666666666,2.9898176,2.9990344,2.5049639999999997,2.424811,2.61995
300,2.9924565333333333,2.9888716,2.9968133,2.4884389000000002,2.4098737,2.595552
EOD
plot $data using 'step':'post_min':'post_max' with filledcurves lc rgb '#1f77b4' notitle, \
     $data using 'step':'post_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#1f77b4' title 'post', \
     $data using 'step':'pre_min':'pre_max' with filledcurves lc rgb '#d62728' notitle, \
     $data using 'step':'pre_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#d62728' title 'pre'
