# Rendered by LLM Lab. Re-render from this folder with: gnuplot tokenizers.gp
set terminal pngcairo noenhanced size 900,540 font 'Sans,11'
set output 'tokenizers.png'
set title 'tokenizers: validation loss (mean over seeds, min–max band)'
set datafile separator comma
set datafile missing ''
set xlabel 'step'
set ylabel 'validation loss (nats per token)'
set grid lc rgb '#dddddd'
set bmargin 5.1500
set key at screen 0.5, screen 0.0111 center bottom horizontal maxcols 3 maxrows 1 reverse Left box opaque samplen 3 spacing 1.15 width 2
set autoscale yfix
set offsets 0, 0, graph 0.04, graph 0.04
set style fill transparent solid 0.2 noborder
$data << EOD
step,bpe_mean,bpe_min,bpe_max,char_mean,char_min,char_max,words_mean,words_min,words_max
50,5.2457918333333335,5.229515,5.2569885,5.670977000000001,5.647074,5.686763,5.941341433333334,5.910698,5.9707913
100,4.7843737666666675,4.739508,4.8412123,5.206573966666666,5.1842556,5.2306333,5.644034133333334,5.614811,5.695666
150,4.478008133333334,4.464311,4.499067,4.999972033333333,4.9921665,5.0053906,5.5713577,5.545215,5.5968285
200,4.3624514,4.344818,4.3771152,5.013598733333333,4.9743576,5.0354776,5.625856866666666,5.603255,5.665961
250,4.310917566666666,4.271488,4.3437047,5.026156233333333,4.9902797,5.047685,5.672288666666667,5.664617,5.679552
300,4.2848431,4.2458763,4.309466,5.0321994000000005,4.9858255,5.0850887,5.701667433333333,5.6738176,5.7519817
350,4.2728798333333335,4.2316375,4.302717,5.0446463,5.02346,5.0796776,5.759122099999999,5.727087,5.812225
400,4.259683333333333,4.227717,4.2798076,5.0545541,5.0247946,5.091915,5.7702918,5.7449617,5.8144317
EOD
plot $data using 'step':'bpe_min':'bpe_max' with filledcurves lc rgb '#1f77b4' notitle, \
     $data using 'step':'bpe_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#1f77b4' title 'bpe', \
     $data using 'step':'char_min':'char_max' with filledcurves lc rgb '#d62728' notitle, \
     $data using 'step':'char_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#d62728' title 'char', \
     $data using 'step':'words_min':'words_max' with filledcurves lc rgb '#2ca02c' notitle, \
     $data using 'step':'words_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#2ca02c' title 'words'
