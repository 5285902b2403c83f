# Rendered by LLM Lab. Re-render from this folder with: gnuplot heads.gp
set terminal pngcairo noenhanced size 900,540 font 'Sans,11'
set output 'heads.png'
set title 'heads: validation (mean over seeds, min–max band)'
set datafile separator comma
set datafile missing ''
set xlabel 'step'
set ylabel 'validation loss (bits per byte)'
set grid lc rgb '#dddddd'
set bmargin 5.1500
set key at screen 0.5, screen 0.0111 center bottom horizontal maxcols 4 maxrows 1 reverse Left box opaque samplen 3 spacing 1.15 width 2
set autoscale yfix
set offsets 0, 0, graph 0.04, graph 0.04
set style fill transparent solid 0.2 noborder
$data << EOD
step,n-head_1_mean,n-head_1_min,n-head_1_max,n-head_2_mean,n-head_2_min,n-head_2_max,n-head_4_mean,n-head_4_min,n-head_4_max,n-head_8_mean,n-head_8_min,n-head_8_max
50,3.805025244233691,3.7897855948543673,3.813811949526324,3.805274426521153,3.789704082584557,3.8150233805521583,3.8057499676605304,3.7900092125857054,3.8163672509827467,3.805798240236599,3.7900092125857054,3.81632079620243
100,3.424225109135727,3.3975334042296286,3.446155978114693,3.423012004583645,3.393716465959949,3.4591943345467273,3.424948851529939,3.3970955462847185,3.456030792861066,3.4257560971131182,3.397727735251636,3.457007497403748
150,3.3291474375411285,3.318434186144793,3.3484230551512395,3.322935221548962,3.3125381800516878,3.336377849985354,3.3243661153444157,3.3150439970682077,3.339540381784486,3.326452685182054,3.3151035803733966,3.336720778596573
200,3.2703799763980372,3.2551138679916645,3.29006387670472,3.268781470292732,3.247937902858282,3.2929168061480776,3.2692833550435565,3.254281432953071,3.29148897086611,3.2710253804515297,3.2560504656122093,3.2941498775995255
250,3.2326752569200066,3.2188929892170894,3.2625167690549777,3.228769188950701,3.2077563933879554,3.260643429544383,3.230257559716585,3.211865477403415,3.2645187969632192,3.2296820975186753,3.2070826548038602,3.2645037929347938
300,3.221781091565544,3.2072596734853773,3.2405367330290176,3.216296195851291,3.1947828139632573,3.2371751093142422,3.2175192838530555,3.195700800817775,3.2347897573336364,3.221355207989474,3.2048272896464387,3.2368530997811162
EOD
plot $data using 'step':'n-head_1_min':'n-head_1_max' with filledcurves lc rgb '#1f77b4' notitle, \
     $data using 'step':'n-head_1_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#1f77b4' title 'n-head=1', \
     $data using 'step':'n-head_2_min':'n-head_2_max' with filledcurves lc rgb '#d62728' notitle, \
     $data using 'step':'n-head_2_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#d62728' title 'n-head=2', \
     $data using 'step':'n-head_4_min':'n-head_4_max' with filledcurves lc rgb '#2ca02c' notitle, \
     $data using 'step':'n-head_4_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#2ca02c' title 'n-head=4', \
     $data using 'step':'n-head_8_min':'n-head_8_max' with filledcurves lc rgb '#ff7f0e' notitle, \
     $data using 'step':'n-head_8_mean' with linespoints lw 2 pt 7 ps 0.6 lc rgb '#ff7f0e' title 'n-head=8'
