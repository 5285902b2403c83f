# Rendered by LLM Lab. Re-render from this folder with: gnuplot sampling.gp
set terminal pngcairo noenhanced size 802,1302 font 'Sans,11'
set output 'sampling.png'
set title ''
set style fill solid 0.7 border rgb '#333333'
set boxwidth 0.75
set grid ytics lc rgb '#dddddd'
set tics scale 0.5 font ',11'
set xrange [0.4:12.6]
set xtics rotate by 90 right
set yrange [0.0:1.05]
set ytics 0.5
set ylabel 'probability'
set label 1001 'token' at screen 0.5312, screen 0.0092 center font ',12'
$p0 << EOD
1 0.586787
2 0.31734765
3 0.08246138
4 0.013191568
5 9.421773e-05
6 5.1913015e-05
7 1.8963792e-05
8 9.456597e-06
9 8.678986e-06
10 5.836055e-06
11 4.302999e-06
12 2.7611197e-06
EOD
$p1 << EOD
1 0.42991686
2 0.3161636
3 0.16116455
4 0.064460315
5 0.0054476666
6 0.004043732
7 0.0024440314
8 0.0017258842
9 0.001653403
10 0.0013558259
11 0.0011642061
12 0.0009325816
EOD
$p2 << EOD
1 0.32372898
2 0.26375446
3 0.16830806
4 0.09136648
5 0.017595392
6 0.014424921
7 0.010311688
8 0.008177108
9 0.007946534
10 0.0069619017
11 0.006289437
12 0.0054247933
EOD
$p3 << EOD
1 0.4399688
2 0.3235559
3 0.16493277
4 0.06596747
5 0.0055750394
6 0.0
7 0.0
8 0.0
9 0.0
10 0.0
11 0.0
12 0.0
EOD
$p4 << EOD
1 0.4738707
2 0.34848756
3 0.1776417
4 0.0
5 0.0
6 0.0
7 0.0
8 0.0
9 0.0
10 0.0
11 0.0
12 0.0
EOD
set multiplot layout 5,1 title 'The next-token distribution, five ways (the 12 likeliest tokens at temperature 1)' font ',13' margins 0.2319, 0.8304, 0.1090, 0.9401 spacing 0, 0.1118
set title 'temperature 0.5' font ',12'
set xtics ('Y' 1, 'G' 2, 'S' 3, 'H' 4, 'W' 5, 'F' 6, 'D' 7, 'M' 8, '<unk>' 9, '<|endoftext|>' 10, 'c' 11, 'C' 12)
plot $p0 using 1:2 with boxes lc rgb '#1f77b4' notitle
unset label 1001
set title 'temperature 1' font ',12'
set xtics ('Y' 1, 'G' 2, 'S' 3, 'H' 4, 'W' 5, 'F' 6, 'D' 7, 'M' 8, '<unk>' 9, '<|endoftext|>' 10, 'c' 11, 'C' 12)
plot $p1 using 1:2 with boxes lc rgb '#1f77b4' notitle
set title 'temperature 1.5' font ',12'
set xtics ('Y' 1, 'G' 2, 'S' 3, 'H' 4, 'W' 5, 'F' 6, 'D' 7, 'M' 8, '<unk>' 9, '<|endoftext|>' 10, 'c' 11, 'C' 12)
plot $p2 using 1:2 with boxes lc rgb '#1f77b4' notitle
set title 'top-k 5' font ',12'
set xtics ('Y' 1, 'G' 2, 'S' 3, 'H' 4, 'W' 5, 'F' 6, 'D' 7, 'M' 8, '<unk>' 9, '<|endoftext|>' 10, 'c' 11, 'C' 12)
plot $p3 using 1:2 with boxes lc rgb '#1f77b4' notitle
set title 'top-p 0.9' font ',12'
set xtics ('Y' 1, 'G' 2, 'S' 3, 'H' 4, 'W' 5, 'F' 6, 'D' 7, 'M' 8, '<unk>' 9, '<|endoftext|>' 10, 'c' 11, 'C' 12)
plot $p4 using 1:2 with boxes lc rgb '#1f77b4' notitle
unset multiplot
