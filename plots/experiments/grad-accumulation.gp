# Rendered by LLM Lab. Re-render from this folder with: gnuplot grad-accumulation.gp
set terminal pngcairo noenhanced size 900,540 font 'Sans,11'
set output 'grad-accumulation.png'
set title 'grad-accumulation: validation (mean over seeds, min–max band)'
set datafile separator comma
set datafile missing ''
set xlabel 'step'
set ylabel 'loss (nats per token)'
set grid lc rgb '#dddddd'
set bmargin 5.1500
set key at screen 0.5, screen 0.0111 center bottom horizontal maxcols 2 maxrows 1 reverse Left box opaque samplen 3 spacing 1.15 width 2
set autoscale yfix
set offsets 0, 0, graph 0.04, graph 0.04
set style fill transparent solid 0.2 noborder
$data << EOD
step,batch-16_mean,batch-16_min,batch-16_max,batch-4-accum-4_mean,batch-4-accum-4_min,batch-4-accum-4_max
0,4.00358738899231,3.9893264770507812,4.020472049713135,4.003587436676026,3.9893264770507812,4.020472049713135
25,3.5689328600000003,3.5364783,3.5981302,3.5689328600000003,3.5364783,3.5981302
50,3.0870809599999993,3.0573297,3.1025696,3.0870809599999993,3.0573297,3.1025696
75,2.6946057,2.6845527,2.6990569,2.6946057,2.6845527,2.6990569
100,2.4865098,2.461888,2.5202787,2.4865098,2.461888,2.5202787
125,2.39754102,2.374852,2.42624,2.39754108,2.374852,2.42624
150,2.36516348,2.3401508,2.3742905,2.36516342,2.3401508,2.3742905
EOD
plot $data using 'step':'batch-16_min':'batch-16_max' with filledcurves lc rgb '#1f77b4' notitle, \
     $data using 'step':'batch-16_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#1f77b4' title 'batch-16', \
     $data using 'step':'batch-4-accum-4_min':'batch-4-accum-4_max' with filledcurves lc rgb '#d62728' notitle, \
     $data using 'step':'batch-4-accum-4_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#d62728' title 'batch-4-accum-4'
