# Rendered by LLM Lab. Re-render from this folder with: gnuplot token_probabilities.gp
set terminal pngcairo noenhanced size 978,1236 font 'Sans,11'
set output 'token_probabilities.png'
set title ''
set style fill solid 0.7 border rgb '#333333'
set boxwidth 0.75
set grid ytics lc rgb '#dddddd'
set tics scale 0.5 font ',11'
set xrange [0.4:32.6]
set xtics norotate
set yrange [0.0:1.05]
set ytics 0.5
set ylabel 'probability'
set label 1001 'token chosen, in order' at screen 0.5256, screen 0.0097 center font ',12'
$p0 << EOD
1 0.9961798
2 0.7968423
3 0.9949191
4 0.9955279
EOD
$p1 << EOD
1 0.9876199
2 0.999711
3 0.99987245
4 0.99905974
5 0.99955016
6 0.99909306
7 0.98613006
8 0.9989893
9 0.9992549
10 0.99898106
11 0.9990515
12 0.99986136
13 0.99803513
EOD
$p2 << EOD
1 0.9989134
2 0.99987674
3 0.99864036
4 0.999308
5 0.9981419
6 0.9998235
7 0.9996538
8 0.9992238
9 0.9991097
10 0.99947494
11 0.99970466
12 0.9997706
13 0.99953854
14 0.9993801
15 0.99981755
16 0.9994363
17 0.99984074
18 0.99816495
EOD
$p3 << EOD
1 0.9977556
2 0.9977168
3 0.9991068
4 0.9995609
5 0.9990671
6 0.99983203
7 0.9978248
8 0.9995022
9 0.9991918
10 0.999376
11 0.9998857
12 0.9979547
EOD
$p4 << EOD
1 0.977314
2 0.99851435
3 0.9963655
4 0.94399685
5 0.98400176
6 0.99737895
7 0.80948186
8 0.9995719
9 0.9984115
10 0.99957854
11 0.8781414
12 0.9836227
13 0.9965869
14 0.9988343
15 0.9990639
16 0.99974734
17 0.99926597
18 0.7826688
19 0.9979498
EOD
$p5 << EOD
1 0.16118556
2 0.9625467
3 0.74607736
4 0.9126981
5 0.9996049
6 0.9991953
7 0.9990528
8 0.97646546
9 0.95066863
10 0.98026675
11 0.9987612
12 0.9912662
13 0.96087843
14 0.905657
15 0.99537235
16 0.9998727
17 0.9888242
18 0.6368187
19 0.9886551
20 0.9925142
21 0.99868566
22 0.9995789
23 0.99804485
24 0.99895334
25 0.97300524
26 0.99671954
27 0.99962306
28 0.99908376
29 0.9980568
30 0.98225486
31 0.93726575
32 0.9981067
EOD
$p6 << EOD
1 0.9979365
2 0.9996463
3 0.9990414
4 0.9998807
5 0.99975795
6 0.99980015
7 0.9998747
8 0.9999337
9 0.9997725
10 0.99926347
11 0.99959236
12 0.99960953
13 0.9997768
14 0.9998561
15 0.99899834
16 0.9994436
17 0.99801105
EOD
set multiplot layout 7,1 title 'Probability of each chosen token, one panel per reply' font ',13' margins 0.0819, 0.9692, 0.0502, 0.9369 spacing 0, 0.0534
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
set xtics ('A' 1, '␣' 2, 's' 3, 't' 4, 'a' 5, 'r' 6, '␣' 7, 't' 8, 'h' 9, 'a' 10, 't' 11, '␣' 12, 'g' 13, 'i' 14, 'v' 15, 'e' 16, 's' 17, '.' 18, 'end' 19)
plot $p4 using 1:2 with boxes lc rgb '#1f77b4' notitle
set title 'reply 6' font ',12'
set xtics ('S' 1, 'p' 2, 'r' 3, 'i' 4, 'n' 5, 'g' 6, ',' 7, '␣' 8, 's' 9, 'u' 10, 'm' 11, 'm' 12, 'e' 13, 'r' 14, ',' 15, '␣' 16, 'a' 17, 'u' 18, 't' 19, 'u' 20, 'm' 21, 'n' 22, ',' 23, '␣' 24, 'w' 25, 'i' 26, 'n' 27, 't' 28, 'e' 29, 'r' 30, '.' 31, 'end' 32)
plot $p5 using 1:2 with boxes lc rgb '#1f77b4' notitle
set title 'reply 7' font ',12'
set xtics ('Y' 1, 'o' 2, 'u' 3, '␣' 4, 'a' 5, 'r' 6, 'e' 7, '␣' 8, 'w' 9, 'e' 10, 'l' 11, 'c' 12, 'o' 13, 'm' 14, 'e' 15, '.' 16, 'end' 17)
plot $p6 using 1:2 with boxes lc rgb '#1f77b4' notitle
unset multiplot
