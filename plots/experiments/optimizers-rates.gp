# Rendered by LLM Lab. Re-render from this folder with: gnuplot optimizers-rates.gp
set terminal pngcairo noenhanced size 900,540 font 'Sans,11'
set output 'optimizers-rates.png'
set title 'optimizers: each variant against the peak learning rate (mean over seeds, min–max band)'
set datafile separator comma
set datafile missing ''
set xlabel 'peak learning rate (log scale)'
set ylabel 'validation loss (bits per byte)'
set grid lc rgb '#dddddd'
set bmargin 5.1500
set key at screen 0.5, screen 0.0111 center bottom horizontal maxcols 3 maxrows 1 reverse Left box opaque samplen 3 spacing 1.15 width 2
set logscale x
set autoscale yfix
set offsets 0, 0, graph 0.04, graph 0.04
set style fill transparent solid 0.2 noborder
$data << EOD
lr,adam_mean,adam_min,adam_max,adamw_mean,adamw_min,adamw_max,sgd-momentum_mean,sgd-momentum_min,sgd-momentum_max
0.001,3.628779173929227,3.613839797772439,3.6400403227354827,3.217519262298924,3.1957007864868046,3.234789691305507,4.436672010320072,4.427254446738006,4.446121975433561
0.003,3.547040153936936,3.5319870628513974,3.557788932029741,3.1020279591442033,3.0673002591791403,3.1477833242687105,4.235402571427957,4.173929161496615,4.312056339606476
0.01,3.440277451864925,3.4283021622992274,3.4624823382970034,3.0306910690136375,2.969657797082384,3.0892136006214757,4.096459989173826,4.0400757522606945,4.145504212927312
0.03,4.1532199049895,3.4686265904817284,4.331611454940181,3.40232012409584,3.3455950175686993,3.481333356658076,4.252958078876611,4.187381300481802,4.324606257605237
0.1,4.327942170687493,4.312080417177597,4.337424468539344,3.724615130261321,3.5938475025402408,3.8427861982887253,4.329652159788492,4.320984302978067,4.33979163774582
EOD
plot $data using 'lr':'adam_min':'adam_max' with filledcurves lc rgb '#1f77b4' notitle, \
     $data using 'lr':'adam_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#1f77b4' title 'adam', \
     $data using 'lr':'adamw_min':'adamw_max' with filledcurves lc rgb '#d62728' notitle, \
     $data using 'lr':'adamw_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#d62728' title 'adamw', \
     $data using 'lr':'sgd-momentum_min':'sgd-momentum_max' with filledcurves lc rgb '#2ca02c' notitle, \
     $data using 'lr':'sgd-momentum_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#2ca02c' title 'sgd-momentum'
