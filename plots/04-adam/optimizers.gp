# Rendered by LLM Lab. Re-render from this folder with: gnuplot optimizers.gp
set terminal pngcairo noenhanced size 900,540 font 'Sans,11'
set output 'optimizers.png'
set title 'Held-out loss of the same model under four optimizers, each at its best rate'
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
1,3.9891067,3.9891067,3.9962513,3.9962518
25,4.1731176,3.138179,2.8228629,2.9585423
50,3.1561751,3.1014514,2.5139847,2.524122
75,3.0313146,3.1428924,2.392866,2.4257147
100,3.0267189,3.1503944,2.3318603,2.341349
125,2.6589756,2.9433632,2.2570608,2.2658253
150,2.5991297,2.6056056,2.1520765,2.2060323
175,2.4641304,2.553626,2.1127033,2.1670966
200,2.4039102,2.5779643,1.9793847,2.100084
225,2.414078,2.4407392,1.8935853,2.029276
250,2.3777153,2.4028387,1.8434497,1.9696565
275,2.3560224,2.36601,1.7572907,1.9185146
300,2.3667836,2.304066,1.7301834,1.855016
325,2.310856,2.3237677,1.6682233,1.7633728
350,2.289988,2.2583854,1.6032397,1.7089074
375,2.2865765,2.2264078,1.5810387,1.6595323
400,2.2684097,2.1708465,1.5300894,1.6062349
425,2.272332,2.0855494,1.4666541,1.5596058
450,2.2415862,2.0260408,1.4393016,1.5174376
475,2.234329,1.9845974,1.4200528,1.4787594
500,2.2254999,1.9427581,1.3855712,1.4439727
525,2.2153425,1.9178778,1.3589685,1.4117999
550,2.2117474,1.8736693,1.3229549,1.3870881
575,2.2049627,1.852701,1.30511,1.358645
600,2.195788,1.8261869,1.2970767,1.350268
EOD
plot $data using 'step':'sgd_val_loss' with lines lw 2 lc rgb '#1f77b4' title 'SGD', \
     $data using 'step':'momentum_val_loss' with lines lw 2 lc rgb '#d62728' title 'SGD + momentum', \
     $data using 'step':'adam_val_loss' with lines lw 2 lc rgb '#2ca02c' title 'Adam', \
     $data using 'step':'adamw_val_loss' with lines lw 2 lc rgb '#ff7f0e' title 'AdamW'
