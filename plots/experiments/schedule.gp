# Rendered by LLM Lab. Re-render from this folder with: gnuplot schedule.gp
set terminal pngcairo noenhanced size 900,540 font 'Sans,11'
set output 'schedule.png'
set title 'schedule: validation loss (mean over seeds, min–max band)'
set datafile separator comma
set datafile missing ''
set xlabel 'step'
set ylabel 'validation loss (nats per token)'
set grid lc rgb '#dddddd'
set bmargin 6.3000
set key at screen 0.5, screen 0.0111 center bottom horizontal maxcols 2 maxrows 2 reverse Left box opaque samplen 3 spacing 1.15 width 2
set autoscale yfix
set offsets 0, 0, graph 0.04, graph 0.04
set style fill transparent solid 0.2 noborder
$data << EOD
step,schedule_constant_warmup_0_mean,schedule_constant_warmup_0_min,schedule_constant_warmup_0_max,schedule_constant_warmup_50_mean,schedule_constant_warmup_50_min,schedule_constant_warmup_50_max,schedule_cosine_warmup_0_mean,schedule_cosine_warmup_0_min,schedule_cosine_warmup_0_max,schedule_cosine_warmup_50_mean,schedule_cosine_warmup_50_min,schedule_cosine_warmup_50_max
50,2.571787333333333,2.4494517,2.6512773,2.388128066666667,2.3607428,2.4028614,2.633108466666666,2.4550319,2.7853,2.388128066666667,2.3607428,2.4028614
100,2.4042467,2.3331609,2.474377,2.3033828,2.2866237,2.322877,2.4209249333333336,2.3378015,2.4956813,2.3017945333333336,2.285937,2.3172584
150,2.3361121666666667,2.2823088,2.4168713,2.2749661333333333,2.2554388,2.293486,2.3393054333333336,2.2605836,2.4213147,2.252860866666667,2.2456274,2.2619138
200,2.2735372333333337,2.2243724,2.3563862,2.1984675,2.186556,2.2149265,2.276930933333333,2.219751,2.3675585,2.1877071666666668,2.1726012,2.2084405
250,2.2304549666666666,2.1876118,2.3024046,2.1574204,2.1311977,2.1948733,2.2458749,2.1822877,2.3467336,2.1327497,2.111453,2.1506
300,2.2026040666666664,2.1650136,2.2620792,2.1132450666666664,2.1090488,2.1191878,2.2201665333333334,2.1411352,2.3334332,2.1041011333333333,2.088688,2.1154516
EOD
plot $data using 'step':'schedule_constant_warmup_0_min':'schedule_constant_warmup_0_max' with filledcurves lc rgb '#1f77b4' notitle, \
     $data using 'step':'schedule_constant_warmup_0_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#1f77b4' title 'schedule=constant,warmup=0', \
     $data using 'step':'schedule_constant_warmup_50_min':'schedule_constant_warmup_50_max' with filledcurves lc rgb '#d62728' notitle, \
     $data using 'step':'schedule_constant_warmup_50_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#d62728' title 'schedule=constant,warmup=50', \
     $data using 'step':'schedule_cosine_warmup_0_min':'schedule_cosine_warmup_0_max' with filledcurves lc rgb '#2ca02c' notitle, \
     $data using 'step':'schedule_cosine_warmup_0_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#2ca02c' title 'schedule=cosine,warmup=0', \
     $data using 'step':'schedule_cosine_warmup_50_min':'schedule_cosine_warmup_50_max' with filledcurves lc rgb '#ff7f0e' notitle, \
     $data using 'step':'schedule_cosine_warmup_50_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#ff7f0e' title 'schedule=cosine,warmup=50'
