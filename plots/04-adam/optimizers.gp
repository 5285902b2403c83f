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
1,3.9891067,3.9891067,4.0117955,3.9962518
25,4.1731176,3.138179,2.9487839,2.9585423
50,3.1561751,3.1014514,2.7106848,2.524122
75,3.0313146,3.1428924,2.6410997,2.4257147
100,3.0267189,3.1503944,2.5778108,2.341349
125,2.6589756,2.9433632,2.5626326,2.2658253
150,2.5991297,2.6056056,2.5518713,2.2060323
175,2.4641304,2.553626,2.5546324,2.1670966
200,2.4039102,2.5779643,2.5318618,2.100084
225,2.414078,2.4407392,2.523707,2.029276
250,2.3777153,2.4028387,2.528867,1.9696565
275,2.3560224,2.36601,2.524817,1.9185146
300,2.3667836,2.304066,2.4948697,1.855016
325,2.310856,2.3237677,2.5111547,1.7633728
350,2.289988,2.2583854,2.4695945,1.7089074
375,2.2865765,2.2264078,2.475173,1.6595323
400,2.2684097,2.1708465,2.4664764,1.6062349
425,2.272332,2.0855494,2.465272,1.5596058
450,2.2415862,2.0260408,2.4504776,1.5174376
475,2.234329,1.9845974,2.4409251,1.4787594
500,2.2254999,1.9427581,2.4452536,1.4439727
525,2.2153425,1.9178778,2.4417243,1.4117999
550,2.2117474,1.8736693,2.4281156,1.3870881
575,2.2049627,1.852701,2.4369895,1.358645
600,2.195788,1.8261869,2.4263442,1.350268
EOD
plot $data using 'step':'sgd_val_loss' with lines lw 2 lc rgb '#1f77b4' title 'SGD', \
     $data using 'step':'momentum_val_loss' with lines lw 2 lc rgb '#d62728' title 'SGD + momentum', \
     $data using 'step':'adam_val_loss' with lines lw 2 lc rgb '#2ca02c' title 'Adam', \
     $data using 'step':'adamw_val_loss' with lines lw 2 lc rgb '#ff7f0e' title 'AdamW'
