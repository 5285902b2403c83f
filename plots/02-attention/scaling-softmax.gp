# Rendered by LLM Lab. Re-render from this folder with: gnuplot scaling-softmax.gp
set terminal pngcairo noenhanced size 900,540 font 'Sans,11'
set output 'scaling-softmax.png'
set title 'Softmax over 16 random scores: how peaked, how much gradient'
set datafile separator comma
set datafile missing ''
set xlabel 'head width d (log scale)'
set ylabel 'average over rows'
set grid lc rgb '#dddddd'
set bmargin 6.3000
set key at screen 0.5, screen 0.0111 center bottom horizontal maxcols 2 maxrows 2 reverse Left box opaque samplen 3 spacing 1.15 width 2
set logscale x
set yrange [0.0:1.05]
$data << EOD
d,sd_unscaled,sd_scaled,peak_unscaled,peak_scaled,gradient_unscaled,gradient_scaled
4,2.062038040326773,1.0310190201633864,0.4299654977203332,0.23710880824021688,0.32140410107718886,0.2972222172434746
8,2.8144998017098737,0.9950759477186224,0.5660682347618321,0.24338276218099114,0.31103288302365323,0.29989079506773353
16,3.9704263865704212,0.9926065966426053,0.6803789852476293,0.23883173802457858,0.2818133881600798,0.301819318819117
32,5.627279531464872,0.9947718790827671,0.7712577717573021,0.24417514695874493,0.22939671187875793,0.3037764377820359
64,8.023075534411056,1.002884441801382,0.8399966470309912,0.24585679508155883,0.17934595798655328,0.30473448125145697
128,11.208490317564697,0.9906999388017196,0.8910953304190834,0.24245680121106764,0.13329532427127447,0.30428798132727414
256,16.08569841532383,1.0053561509577393,0.9249508299879001,0.24730239232108164,0.09650612155989537,0.3057939978305207
512,22.462140221721445,0.9926957294213958,0.9407580950273421,0.24446974537171523,0.07766697543451609,0.30523183899364736
EOD
plot $data using 'd':'peak_unscaled' with linespoints pt 7 ps 0.6 lw 2 lc rgb '#1f77b4' title 'largest weight, q·k', \
     $data using 'd':'peak_scaled' with linespoints pt 7 ps 0.6 lw 2 lc rgb '#d62728' title 'largest weight, q·k / √d', \
     $data using 'd':'gradient_unscaled' with lines lw 2 lc rgb '#1f77b4' title 'gradient size, q·k', \
     $data using 'd':'gradient_scaled' with lines lw 2 lc rgb '#d62728' title 'gradient size, q·k / √d'
