# Rendered by LLM Lab. Re-render from this folder with: gnuplot optimizers.gp
set terminal pngcairo noenhanced size 900,540 font 'Sans,11'
set output 'optimizers.png'
set title 'Held-out loss of the same model under four optimizers'
set datafile separator comma
set datafile missing ''
set xlabel 'step'
set ylabel 'cross-entropy (nats per character)'
set grid lc rgb '#dddddd'
set bmargin 6.3000
set key at screen 0.5, screen 0.0111 center bottom horizontal maxcols 3 maxrows 2 reverse Left box opaque samplen 3 spacing 1.15 width 2
set autoscale yfix
set offsets 0, 0, graph 0.04, graph 0.04
$data << EOD
step,sgd_val_loss,momentum_val_loss,adam_val_loss,adamw_val_loss
1,4.0280766,4.0650334,4.0473366,4.047336
25,3.1808167,3.1692548,3.0135627,3.0140843
50,3.0484385,3.1039398,2.5358884,2.5357313
75,2.7175837,3.0584862,2.3902974,2.3920357
100,2.5974474,2.7766032,2.3260548,2.3285594
125,2.5731256,2.5123668,2.3003771,2.302269
150,2.4550443,2.454123,2.1916256,2.196262
175,2.448669,2.421724,2.1195893,2.1222582
200,2.3806121,2.371232,2.0341027,2.0383716
225,2.3872383,2.34609,1.9472488,1.956711
250,2.3461976,2.3249335,1.8901805,1.8986176
275,2.3421657,2.3075798,1.8363853,1.844696
300,2.345719,2.3004177,1.7811933,1.7923851
325,2.2980769,2.2988932,1.7330871,1.7454921
350,2.2813647,2.261447,1.6590097,1.6700364
375,2.2728844,2.2463975,1.6251152,1.6317534
400,2.2612805,2.2371771,1.6056716,1.6146774
425,2.2577558,2.2221308,1.5789406,1.5849798
450,2.2388358,2.2118726,1.5319941,1.5392824
475,2.2308517,2.200697,1.5167619,1.522313
500,2.2311776,2.2017624,1.492394,1.4989041
525,2.2218657,2.1977053,1.4871976,1.4931852
550,2.2191072,2.1821642,1.4531779,1.4580851
575,2.21651,2.1760936,1.4459263,1.4511039
600,2.2094529,2.1691391,1.4372295,1.4426819
EOD
plot $data using 'step':'sgd_val_loss' with lines lw 2 lc rgb '#1f77b4' title 'SGD', \
     $data using 'step':'momentum_val_loss' with lines lw 2 lc rgb '#d62728' title 'SGD + momentum', \
     $data using 'step':'adam_val_loss' with lines lw 2 lc rgb '#2ca02c' title 'Adam', \
     $data using 'step':'adamw_val_loss' with lines lw 2 lc rgb '#ff7f0e' title 'AdamW'
