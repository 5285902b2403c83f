# Rendered by LLM Lab. Re-render from this folder with: gnuplot token_probabilities.gp
set terminal pngcairo noenhanced size 900,540 font 'Sans,11'
set output 'token_probabilities.png'
set title 'Probability of each chosen token (all replies)'
set datafile separator comma
set datafile missing ''
set xlabel 'position'
set ylabel 'probability'
set grid lc rgb '#dddddd'
set key top right box opaque
$data << EOD
turn,position,probability
1,1,0.99405515
1,2,0.9967784
1,3,0.99912304
1,4,0.99449486
1,5,0.9975478
1,6,0.99851507
1,7,0.9975401
1,8,0.99744785
1,9,0.9974232
1,10,0.99743
1,11,0.99686927
1,12,0.9997266
1,13,0.9973374
EOD
plot $data using 'position':'probability' with lines lw 2 lc rgb '#1f77b4' title 'chosen token'
