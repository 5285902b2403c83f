# Rendered by LLM Lab. Re-render from this folder with: gnuplot schedule.gp
set terminal pngcairo noenhanced size 900,540 font 'Sans,11'
set output 'schedule.png'
set title 'schedule: validation (mean over seeds, min–max band)'
set datafile separator comma
set datafile missing ''
set xlabel 'step'
set ylabel 'validation loss (bits per byte)'
set grid lc rgb '#dddddd'
set bmargin 6.3000
set key at screen 0.5, screen 0.0111 center bottom horizontal maxcols 2 maxrows 2 reverse Left box opaque samplen 3 spacing 1.15 width 2
set autoscale yfix
set offsets 0, 0, graph 0.04, graph 0.04
set style fill transparent solid 0.2 noborder
$data << EOD
step,schedule_constant_warmup_0_mean,schedule_constant_warmup_0_min,schedule_constant_warmup_0_max,schedule_constant_warmup_50_mean,schedule_constant_warmup_50_min,schedule_constant_warmup_50_max,schedule_cosine_warmup_0_mean,schedule_cosine_warmup_0_min,schedule_cosine_warmup_0_max,schedule_cosine_warmup_50_mean,schedule_cosine_warmup_50_min,schedule_cosine_warmup_50_max
0,5.7790182701183035,5.75909084674201,5.800560679379258,5.7790182701183035,5.75909084674201,5.800560679379258,5.7790182701183035,5.75909084674201,5.800560679379258,5.7790182701183035,5.75909084674201,5.800560679379258
50,3.766706311768953,3.6106034478539746,3.830405539347621,3.4525310166691745,3.405831930374326,3.472064472736993,3.7672563248263415,3.5593801276186996,3.8549932466599874,3.4525310166691745,3.405831930374326,3.472064472736993
100,3.4799600830106714,3.377063004294455,3.5976122675497777,3.3183820471460153,3.2989006723691725,3.351207168041147,3.4989155377373082,3.3946148321619103,3.6132127061049264,3.3152835421527973,3.2979099736845945,3.343093739670196
150,3.3953412291149974,3.3209930943388177,3.5057297615161374,3.2872602008700573,3.2539100832495467,3.308870127910228,3.3852109419307843,3.264733758524312,3.539287713784239,3.257542587385199,3.239758254784954,3.2897072424906124
200,3.3023755764985587,3.209505516855529,3.4381684970208113,3.197845684388965,3.1651601009581882,3.2540029928101797,3.2852406009362185,3.208609170426625,3.435659217536193,3.173341566827268,3.1344109316651934,3.2336959059536348
250,3.2010262210222082,3.125811170795958,3.3373082440172226,3.1144260851729815,3.0746576770006624,3.1776656701116215,3.208117586518392,3.12738168861747,3.366208888154327,3.076024140035591,3.0461813294750835,3.1026567810067145
300,3.14658531574504,3.0762671475882777,3.2699793976929836,3.0404409901768905,3.0116941373311454,3.0701069840331856,3.1748615614684477,3.0909767219556774,3.343334092664008,3.0367749289545864,3.013340396642304,3.058230285648076
EOD
plot $data using 'step':'schedule_constant_warmup_0_min':'schedule_constant_warmup_0_max' with filledcurves lc rgb '#1f77b4' notitle, \
     $data using 'step':'schedule_constant_warmup_0_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#1f77b4' title 'schedule=constant,warmup=0', \
     $data using 'step':'schedule_constant_warmup_50_min':'schedule_constant_warmup_50_max' with filledcurves lc rgb '#d62728' notitle, \
     $data using 'step':'schedule_constant_warmup_50_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#d62728' title 'schedule=constant,warmup=50', \
     $data using 'step':'schedule_cosine_warmup_0_min':'schedule_cosine_warmup_0_max' with filledcurves lc rgb '#2ca02c' notitle, \
     $data using 'step':'schedule_cosine_warmup_0_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#2ca02c' title 'schedule=cosine,warmup=0', \
     $data using 'step':'schedule_cosine_warmup_50_min':'schedule_cosine_warmup_50_max' with filledcurves lc rgb '#ff7f0e' notitle, \
     $data using 'step':'schedule_cosine_warmup_50_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#ff7f0e' title 'schedule=cosine,warmup=50'
