# Rendered by LLM Lab. Re-render from this folder with: gnuplot grad-accumulation.gp
set terminal pngcairo noenhanced size 900,540 font 'Sans,11'
set output 'grad-accumulation.png'
set title 'grad-accumulation: validation loss (mean over seeds, min–max band)'
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
step,batch-16_mean,batch-16_min,batch-16_max,batch-4-accum-4_mean,batch-4-accum-4_min,batch-4-accum-4_max
25,3.561942666666667,3.5364783,3.5981302,3.561942666666667,3.5364783,3.5981302
50,3.0790322,3.0573297,3.0935059,3.0790322,3.0573297,3.0935059
75,2.692676533333333,2.6845527,2.6982229,2.692676533333333,2.6845527,2.6982229
100,2.4876123,2.461888,2.5202787,2.4876123,2.461888,2.5202787
125,2.3902395,2.374852,2.411485,2.3902395999999997,2.374852,2.411485
150,2.361041933333333,2.3401508,2.3737464,2.3610418666666666,2.3401508,2.3737462
EOD
plot $data using 'step':'batch-16_min':'batch-16_max' with filledcurves lc rgb '#1f77b4' notitle, \
     $data using 'step':'batch-16_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#1f77b4' title 'batch-16', \
     $data using 'step':'batch-4-accum-4_min':'batch-4-accum-4_max' with filledcurves lc rgb '#d62728' notitle, \
     $data using 'step':'batch-4-accum-4_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#d62728' title 'batch-4-accum-4'
