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
1,3.9823642,4.0203867,4.002836,4.0028358
25,3.05528,3.0490437,2.8402274,2.841168
50,2.7713377,2.9746084,2.4623022,2.463344
75,2.633506,2.704725,2.3738787,2.3750315
100,2.616287,2.45109,2.3045654,2.305903
125,2.5092902,2.4565873,2.2446027,2.2472086
150,2.4387832,2.3719177,2.2814152,2.2748032
175,2.487834,2.341231,2.1902514,2.2287333
200,2.4052415,2.3376863,2.1516182,2.176556
225,2.3262084,2.3281364,2.1329875,2.1509156
250,2.323131,2.296843,2.094458,2.1079004
275,2.3387797,2.3280222,2.1064167,2.1131344
300,2.3023324,2.2755709,2.101806,2.0976899
325,2.3043203,2.2584076,2.0615675,2.0716243
350,2.2695045,2.267946,2.0275326,2.033926
375,2.2922587,2.2428336,2.025872,2.0378513
400,2.2772202,2.235595,2.0106769,2.005399
425,2.265833,2.2987945,2.022303,2.0276186
450,2.2468932,2.2500048,2.0065033,2.015987
475,2.2564685,2.2282085,1.9947356,1.9948885
500,2.241241,2.2261739,1.9890989,1.9858369
525,2.2356448,2.2148037,1.9776242,1.969322
550,2.2292457,2.212322,1.9532853,1.9532214
575,2.2279263,2.2209694,1.9525515,1.9562588
600,2.223741,2.2055786,1.9465843,1.9454353
EOD
plot $data using 'step':'sgd_val_loss' with lines lw 2 lc rgb '#1f77b4' title 'SGD', \
     $data using 'step':'momentum_val_loss' with lines lw 2 lc rgb '#d62728' title 'SGD + momentum', \
     $data using 'step':'adam_val_loss' with lines lw 2 lc rgb '#2ca02c' title 'Adam', \
     $data using 'step':'adamw_val_loss' with lines lw 2 lc rgb '#ff7f0e' title 'AdamW'
