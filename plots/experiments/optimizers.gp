# Rendered by LLM Lab. Re-render from this folder with: gnuplot optimizers.gp
set terminal pngcairo noenhanced size 900,540 font 'Sans,11'
set output 'optimizers.png'
set title 'optimizers: validation (mean over seeds, min–max band)'
set datafile separator comma
set datafile missing ''
set xlabel 'step'
set ylabel 'validation loss (bits per byte)'
set grid lc rgb '#dddddd'
set bmargin 5.1500
set key at screen 0.5, screen 0.0111 center bottom horizontal maxcols 3 maxrows 1 reverse Left box opaque samplen 3 spacing 1.15 width 2
set autoscale yfix
set offsets 0, 0, graph 0.04, graph 0.04
set style fill transparent solid 0.2 noborder
$data << EOD
step,adam_mean,adam_min,adam_max,adamw_mean,adamw_min,adamw_max,sgd-momentum_mean,sgd-momentum_min,sgd-momentum_max
0,5.7790182701183035,5.75909084674201,5.800560679379258,5.7790182701183035,5.75909084674201,5.800560679379258,5.7790182701183035,5.75909084674201,5.800560679379258
50,3.7411723407792676,3.67865017923056,3.7987021715545817,3.4389135335938263,3.3874883514684306,3.497559923769087,4.356995750253677,4.350029956933852,4.3652721743103475
100,3.6115362079057105,3.572739339427827,3.6445284217404788,3.3250438357668246,3.2826765567478478,3.3869988450410573,4.33966326974024,4.3288053160313025,4.355548698273765
150,3.5583725494021428,3.5454553793535437,3.581437636368355,3.2805639318377713,3.2601705141099795,3.2997527280603216,4.2569978537838296,4.174857492260601,4.328537407562209
200,3.4914276619360862,3.4498071507241748,3.512807190578226,3.184752332421972,3.123161228544853,3.302682553149359,4.156778965287619,4.119894995018351,4.209524732745643
250,3.4525911193445777,3.437434742323015,3.470632597908911,3.0756284087858745,3.012655116497881,3.1448877830521287,4.120132664599387,4.0877592515215575,4.16267696229988
300,3.4402774574854833,3.4283021941751795,3.462482380814417,3.030691083967158,2.969657899116251,3.0892136043462073,4.096459972189754,4.040075583569104,4.145504274689171
EOD
plot $data using 'step':'adam_min':'adam_max' with filledcurves lc rgb '#1f77b4' notitle, \
     $data using 'step':'adam_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#1f77b4' title 'adam', \
     $data using 'step':'adamw_min':'adamw_max' with filledcurves lc rgb '#d62728' notitle, \
     $data using 'step':'adamw_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#d62728' title 'adamw', \
     $data using 'step':'sgd-momentum_min':'sgd-momentum_max' with filledcurves lc rgb '#2ca02c' notitle, \
     $data using 'step':'sgd-momentum_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#2ca02c' title 'sgd-momentum'
