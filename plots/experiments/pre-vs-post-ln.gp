# Rendered by LLM Lab. Re-render from this folder with: gnuplot pre-vs-post-ln.gp
set terminal pngcairo noenhanced size 900,540 font 'Sans,11'
set output 'pre-vs-post-ln.png'
set title 'pre-vs-post-ln: validation (mean over seeds, min–max band)'
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
step,post_mean,post_min,post_max,pre_mean,pre_min,pre_max
0,5.7789860749660615,5.7650837541939755,5.797825467299935,5.7744367898854385,5.75212623731267,5.79304847718957
50,4.303050324161353,4.2022749016261685,4.335453831857735,3.5390567094542917,3.478033767738175,3.655387731582754
100,3.9366935284879423,3.7269830599514133,4.317782981649406,3.3673010083002795,3.315625258900182,3.437952381303686
150,3.590017516899927,3.490823692084168,3.856589588722731,3.304115351302267,3.2380384180267106,3.351118442296132
200,3.454898046422761,3.4169787693382503,3.550355637329427,3.226149081633042,3.1753068637197686,3.264934293134995
250,3.4092093660267495,3.380157729426666,3.473335919876529,3.162586852375457,3.1358412195287304,3.1815551759418588
300,3.3941753583985546,3.370356059318866,3.4485782630883457,3.1382456727916774,3.109945564892294,3.1611160824890723
EOD
plot $data using 'step':'post_min':'post_max' with filledcurves lc rgb '#1f77b4' notitle, \
     $data using 'step':'post_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#1f77b4' title 'post', \
     $data using 'step':'pre_min':'pre_max' with filledcurves lc rgb '#d62728' notitle, \
     $data using 'step':'pre_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#d62728' title 'pre'
