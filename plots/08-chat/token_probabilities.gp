# Rendered by LLM Lab. Re-render from this folder with: gnuplot token_probabilities.gp
set terminal pngcairo noenhanced size 734,1236 font 'Sans,11'
set output 'token_probabilities.png'
set title ''
set style fill solid 0.7 border rgb '#333333'
set boxwidth 0.75
set grid ytics lc rgb '#dddddd'
set tics scale 0.5 font ',11'
set xrange [0.4:23.6]
set xtics norotate
set yrange [0.0:1.05]
set ytics 0.5
set ylabel 'probability'
set label 1001 'token chosen, in order' at screen 0.5341, screen 0.0097 center font ',12'
$p0 << EOD
1 0.9726857
2 0.8149692
3 0.990171
4 0.99182546
EOD
$p1 << EOD
1 0.9332285
2 0.9927235
3 0.99896705
4 0.98942417
5 0.9957235
6 0.9981305
7 0.9879367
8 0.9862904
9 0.998389
10 0.9965575
11 0.9969754
12 0.9996001
13 0.99674547
EOD
$p2 << EOD
1 0.99274206
2 0.9956268
3 0.9967321
4 0.99830365
5 0.99506027
6 0.99756706
7 0.99727815
8 0.9970419
9 0.9977858
10 0.995054
11 0.99708706
12 0.99751437
13 0.99573946
14 0.996384
15 0.99764794
16 0.9941764
17 0.999686
18 0.996888
EOD
$p3 << EOD
1 0.9833704
2 0.9955759
3 0.99661106
4 0.99294996
5 0.9981628
6 0.99617743
7 0.99590695
8 0.9969459
9 0.99813974
10 0.9983804
11 0.9997304
12 0.9964887
EOD
$p4 << EOD
1 0.14042632
2 0.6439283
3 0.9908289
4 0.96652687
5 0.9282207
6 0.9979764
7 0.9830619
8 0.9917572
9 0.9974122
10 0.93398714
11 0.9924735
12 0.9231728
13 0.9825024
14 0.98816586
15 0.9988915
16 0.9979698
17 0.1614266
18 0.78255683
19 0.9360523
20 0.8532344
21 0.9948568
22 0.98550344
23 0.99705464
EOD
$p5 << EOD
1 0.046396777
2 0.21381547
3 0.31375247
4 0.77976775
5 0.03417819
6 0.94503695
7 0.4473849
EOD
$p6 << EOD
1 0.985759
2 0.99459815
3 0.9966002
4 0.9988341
5 0.99669695
6 0.9992067
7 0.99940073
8 0.99794286
9 0.9986827
10 0.9975617
11 0.99877614
12 0.9983632
13 0.9985984
14 0.99685234
15 0.99096066
16 0.9990706
17 0.99636984
EOD
set multiplot layout 7,1 title 'Probability of each chosen token, one panel per reply' font ',13' margins 0.1092, 0.9590, 0.0502, 0.9369 spacing 0, 0.0534
set title 'reply 1' font ',12'
set xtics ('H' 1, 'i' 2, '!' 3, 'end' 4)
plot $p0 using 1:2 with boxes lc rgb '#1f77b4' notitle
unset label 1001
set title 'reply 2' font ',12'
set xtics ('I' 1, 'n' 2, '␣' 3, 't' 4, 'h' 5, 'e' 6, '␣' 7, 'e' 8, 'a' 9, 's' 10, 't' 11, '.' 12, 'end' 13)
plot $p1 using 1:2 with boxes lc rgb '#1f77b4' notitle
set title 'reply 3' font ',12'
set xtics ('A' 1, '␣' 2, 'c' 3, 'o' 4, 'a' 5, 't' 6, '␣' 7, 'a' 8, 'n' 9, 'd' 10, '␣' 11, 'a' 12, '␣' 13, 'h' 14, 'a' 15, 't' 16, '.' 17, 'end' 18)
plot $p2 using 1:2 with boxes lc rgb '#1f77b4' notitle
set title 'reply 4' font ',12'
set xtics ('S' 1, 'e' 2, 'v' 3, 'e' 4, 'n' 5, '␣' 6, 'd' 7, 'a' 8, 'y' 9, 's' 10, '.' 11, 'end' 12)
plot $p3 using 1:2 with boxes lc rgb '#1f77b4' notitle
set title 'reply 5' font ',12'
set xtics ('L' 1, 'i' 2, 'g' 3, 'h' 4, 't' 5, '␣' 6, 'i' 7, 's' 8, '␣' 9, 'f' 10, 'a' 11, 's' 12, 't' 13, 'e' 14, 'r' 15, '␣' 16, 'p' 17, 'a' 18, 'i' 19, 'c' 20, 'e' 21, '.' 22, 'end' 23)
plot $p4 using 1:2 with boxes lc rgb '#1f77b4' notitle
set title 'reply 6' font ',12'
set xtics ('M' 1, 'i' 2, 'l' 3, 'l' 4, 'o' 5, '!' 6, 'end' 7)
plot $p5 using 1:2 with boxes lc rgb '#1f77b4' notitle
set title 'reply 7' font ',12'
set xtics ('Y' 1, 'o' 2, 'u' 3, '␣' 4, 'a' 5, 'r' 6, 'e' 7, '␣' 8, 'w' 9, 'e' 10, 'l' 11, 'c' 12, 'o' 13, 'm' 14, 'e' 15, '.' 16, 'end' 17)
plot $p6 using 1:2 with boxes lc rgb '#1f77b4' notitle
unset multiplot
