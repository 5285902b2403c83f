# Rendered by LLM Lab. Re-render from this folder with: gnuplot pre-vs-post-ln-rates.gp
set terminal pngcairo noenhanced size 900,540 font 'Sans,11'
set output 'pre-vs-post-ln-rates.png'
set title 'pre-vs-post-ln: each variant against the peak learning rate (mean over seeds, min–max band)'
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
lr,post_mean,post_min,post_max,pre_mean,pre_min,pre_max
0.001,3.3941753697162786,3.3703560477440213,3.448578228905349,3.201962330839418,3.1905333957589805,3.2266855248315496
0.003,4.317304562180206,4.311541767515095,4.323046374961912,3.1382456480032817,3.109945421252384,3.1611161072941987
0.01,4.317861579589821,4.312030198243545,4.323487338478724,3.527755257744267,3.4940662641973548,3.5697248719649215
EOD
plot $data using 'lr':'post_min':'post_max' with filledcurves lc rgb '#1f77b4' notitle, \
     $data using 'lr':'post_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#1f77b4' title 'post', \
     $data using 'lr':'pre_min':'pre_max' with filledcurves lc rgb '#d62728' notitle, \
     $data using 'lr':'pre_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#d62728' title 'pre'
