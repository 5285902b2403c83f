# Rendered by LLM Lab. Re-render from this folder with: gnuplot embeddings.gp
set terminal pngcairo noenhanced size 900,700 font 'Sans,11'
set output 'embeddings.png'
set title 'The MLP''s character embeddings, projected on their two main directions'
set xlabel 'first principal component'
set ylabel 'second principal component'
set offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05
set bmargin 6.3000
set key at screen 0.5, screen 0.0086 center bottom horizontal maxcols 2 maxrows 2 reverse Left box opaque samplen 3 spacing 1.15 width 2
set label 1 '␣' at 0.025395546,0.17810515 center front font ',13' tc rgb '#9467bd'
set label 2 '"' at 1.8089432,-2.2779567 center front font ',13' tc rgb '#9467bd'
set label 3 "'" at 0.9426795,-2.4663815 center front font ',13' tc rgb '#9467bd'
set label 4 ',' at -2.435459,-2.0663471 center front font ',13' tc rgb '#9467bd'
set label 5 '.' at 1.7000422,-2.681583 center front font ',13' tc rgb '#9467bd'
set label 6 'T' at -1.5186697,-0.7671716 center front font ',13' tc rgb '#2ca02c'
set label 7 'a' at 1.4042554,-0.14738102 center front font ',13' tc rgb '#1f77b4'
set label 8 'b' at 0.039283708,0.48381814 center front font ',13' tc rgb '#d62728'
set label 9 'c' at -0.39355677,1.6381906 center front font ',13' tc rgb '#d62728'
set label 10 'd' at -0.64521873,0.111367315 center front font ',13' tc rgb '#d62728'
set label 11 'e' at 0.1949593,0.33627182 center front font ',13' tc rgb '#1f77b4'
set label 12 'f' at -1.509359,-0.55125976 center front font ',13' tc rgb '#d62728'
set label 13 'g' at -0.12744011,-1.8884746 center front font ',13' tc rgb '#d62728'
set label 14 'h' at -1.6946461,-1.683345 center front font ',13' tc rgb '#d62728'
set label 15 'i' at -0.13311183,1.7373785 center front font ',13' tc rgb '#1f77b4'
set label 16 'k' at -0.9015519,1.1675746 center front font ',13' tc rgb '#d62728'
set label 17 'l' at -1.9022417,1.9179065 center front font ',13' tc rgb '#d62728'
set label 18 'm' at 0.60390985,0.9803713 center front font ',13' tc rgb '#d62728'
set label 19 'n' at 0.51510006,0.3891874 center front font ',13' tc rgb '#d62728'
set label 20 'o' at 1.5378641,1.231171 center front font ',13' tc rgb '#1f77b4'
set label 21 'p' at -0.100483924,1.009657 center front font ',13' tc rgb '#d62728'
set label 22 'r' at -1.4976001,-0.14372447 center front font ',13' tc rgb '#d62728'
set label 23 's' at 0.20593537,2.4985144 center front font ',13' tc rgb '#d62728'
set label 24 't' at 1.6661419,0.069415614 center front font ',13' tc rgb '#d62728'
set label 25 'u' at 4.165966,0.7092837 center front font ',13' tc rgb '#1f77b4'
set label 26 'v' at -2.2533293,0.019151276 center front font ',13' tc rgb '#d62728'
set label 27 'w' at -0.3410967,-0.18323262 center front font ',13' tc rgb '#d62728'
set label 28 'y' at 0.64328873,0.379493 center front font ',13' tc rgb '#d62728'
$group0 << EOD
1.4042554 -0.14738102
0.1949593 0.33627182
-0.13311183 1.7373785
1.5378641 1.231171
4.165966 0.7092837
EOD
$group1 << EOD
0.039283708 0.48381814
-0.39355677 1.6381906
-0.64521873 0.111367315
-1.509359 -0.55125976
-0.12744011 -1.8884746
-1.6946461 -1.683345
-0.9015519 1.1675746
-1.9022417 1.9179065
0.60390985 0.9803713
0.51510006 0.3891874
-0.100483924 1.009657
-1.4976001 -0.14372447
0.20593537 2.4985144
1.6661419 0.069415614
-2.2533293 0.019151276
-0.3410967 -0.18323262
0.64328873 0.379493
EOD
$group2 << EOD
-1.5186697 -0.7671716
EOD
$group4 << EOD
0.025395546 0.17810515
1.8089432 -2.2779567
0.9426795 -2.4663815
-2.435459 -2.0663471
1.7000422 -2.681583
EOD
plot $group0 using 1:2 with dots lc rgb 'white' notitle, \
     keyentry with points pt 7 ps 1.2 lc rgb '#1f77b4' title 'vowels', \
     $group1 using 1:2 with dots lc rgb 'white' notitle, \
     keyentry with points pt 7 ps 1.2 lc rgb '#d62728' title 'other lower-case letters', \
     $group2 using 1:2 with dots lc rgb 'white' notitle, \
     keyentry with points pt 7 ps 1.2 lc rgb '#2ca02c' title 'capitals', \
     $group4 using 1:2 with dots lc rgb 'white' notitle, \
     keyentry with points pt 7 ps 1.2 lc rgb '#9467bd' title 'spaces and punctuation'
