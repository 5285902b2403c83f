import Foundation
import LabBase

/// Renders plots with gnuplot, driven through a pipe.
///
/// Every PNG gets its `.gp` script beside it. The script carries its data inline (a gnuplot
/// datablock), so `cd plots/01-tokenizer && gnuplot compression.gp` re-renders it anywhere,
/// and editing the script is the way to restyle a plot. When gnuplot is not installed the
/// scripts are still written, one line says plots were skipped and how to get gnuplot, and
/// the run goes on.
public final class Plotter {
    /// Path of the gnuplot executable, if one is on PATH.
    public let gnuplot: String?
    private var warned = false

    /// Finds gnuplot on `searchPath` (default: `$PATH`).
    public init(searchPath: String? = nil) {
        let paths = (searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        gnuplot = paths.map { "\($0)/gnuplot" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public var available: Bool { gnuplot != nil }

    /// Where `lines`, `bands` and `contour` put their legend by default: under the plot area,
    /// outside the data, in as many columns as fit. Any other `key` is passed to gnuplot's
    /// `set key` as it is (a placement inside the plot: check the PNG that it covers no data);
    /// `Plotter.noKey` draws none.
    public static let keyBelow = "below"
    public static let noKey = "off"

    /// A line chart of columns of a CSV file against one x column, picked by header name.
    /// Empty cells are gaps (a validation loss logged every N steps, say).
    ///
    /// The y axis is autoscaled with a little headroom above and below, so a curve that sits
    /// on its extreme (a constant learning rate, a loss of exactly 4) is not hidden by the
    /// border; `yrange` fixes it instead. Use `logY` for a loss that falls over decades.
    @discardableResult
    public func lines(csv: String, x: String, series: [Series], to png: String, title: String,
                      xlabel: String? = nil, ylabel: String, logX: Bool = false, logY: Bool = false,
                      key: String = Plotter.keyBelow, size: (Int, Int) = (900, 540),
                      yrange: (Double, Double)? = nil) throws -> Bool {
        let data = try Files.readUTF8(csv)
        let header = data.prefix { $0 != "\n" }.split(separator: ",").map(String.init)
        for name in [x] + series.map(\.column) where !header.contains(name) {
            throw LabError("\(csv): no column '\(name)' to plot (columns: \(header.joined(separator: ", ")))")
        }
        var s = preamble(png: png, size: size, title: title)
        s += "set datafile separator comma\n"
        s += "set datafile missing ''\n"
        s += "set xlabel \(quote(xlabel ?? x))\nset ylabel \(quote(ylabel))\n"
        s += "set grid lc rgb '#dddddd'\n"
        s += keySettings(key, titles: series.map { $0.title ?? $0.column }, size: size)
        if logX { s += "set logscale x\n" }
        if logY { s += "set logscale y\nset mytics 10\n" + (yrange == nil ? logTics(data, columns: series.map(\.column)) : "") }
        s += yRangeSettings(yrange)
        s += datablock("data", data)
        let parts = series.enumerated().map { i, ser in
            "$data using \(quote(x)):\(quote(ser.column)) with \(ser.style.gnuplot) lw 2 lc rgb \(quote(ser.color ?? Plotter.palette[i % Plotter.palette.count])) title \(quote(ser.title ?? ser.column))"
        }
        s += "plot " + parts.joined(separator: ", \\\n     ") + "\n"
        return try render(s, png: png)
    }

    /// A heatmap of a rows×cols matrix (row-major), row 0 at the top, with a label on every
    /// row and column (any script, Chinese included).
    @discardableResult
    public func heatmap(_ values: [Float], rows: Int, cols: Int, rowLabels: [String], colLabels: [String],
                        to png: String, title: String, xlabel: String, ylabel: String,
                        range: (Float, Float)? = nil, pixelsPerCell: Int = 28, colorLabel: String? = nil) throws -> Bool {
        precondition(values.count == rows * cols && rowLabels.count == rows && colLabels.count == cols,
                     "heatmap: \(values.count) values, \(rowLabels.count)×\(colLabels.count) labels for \(rows)×\(cols)")
        let w = max(480, (colorLabel == nil ? 160 : 190) + cols * pixelsPerCell), h = max(400, 140 + rows * pixelsPerCell)
        var s = preamble(png: png, size: (w, h), title: title)
        s += "set xlabel \(quote(xlabel))\nset ylabel \(quote(ylabel))\n"
        s += "set xrange [-0.5:\(Double(cols) - 0.5)]\nset yrange [\(Double(rows) - 0.5):-0.5]\n"
        let upright = colLabels.allSatisfy { Plotter.textWidth($0, font: 11) <= Double(pixelsPerCell) - 6 }
        s += "set tics scale 0\n" + (upright ? "set xtics norotate\n" : "set xtics rotate by 90 right\n")
        s += "set xtics (" + colLabels.enumerated().map { "\(quote($1)) \($0)" }.joined(separator: ", ") + ")\n"
        s += "set ytics (" + rowLabels.enumerated().map { "\(quote($1)) \($0)" }.joined(separator: ", ") + ")\n"
        s += "set palette defined (0 '#ffffff', 0.5 '#6baed6', 1 '#08306b')\n"
        if let (lo, hi) = range { s += "set cbrange [\(lo):\(hi)]\n" }
        if let colorLabel { s += "set cblabel \(quote(colorLabel))\n" }
        s += "set size ratio -1\n"
        var matrix = ""
        for r in 0..<rows {
            matrix += (0..<cols).map { "\(values[r * cols + $0])" }.joined(separator: " ") + "\n"
        }
        s += datablock("matrix", matrix)
        s += "plot $matrix matrix with image notitle\n"
        return try render(s, png: png)
    }

    /// Several heatmaps with the same labels side by side (gnuplot's multiplot), e.g. every
    /// attention head of a model in one image: `panels` are (title, row-major values), laid
    /// out `gridRows` × `gridCols`, with one colour scale for all of them on the right
    /// (`colorLabel` names what the colours measure).
    ///
    /// The image is sized so that it stays legible when shown whole (about a megapixel for a
    /// 4 × 4 grid of 16 tokens): cells of 16 to 28 pixels, labels at 11 points. Past about 24
    /// tokens a label per cell no longer fits; plot fewer tokens.
    @discardableResult
    public func heatmapGrid(_ panels: [(String, [Float])], gridRows: Int, gridCols: Int, rows: Int, cols: Int,
                            rowLabels: [String], colLabels: [String], to png: String, title: String,
                            range: (Float, Float) = (0, 1), colorLabel: String? = nil,
                            xlabel: String? = nil, ylabel: String? = nil) throws -> Bool {
        precondition(panels.count <= gridRows * gridCols && panels.allSatisfy { $0.1.count == rows * cols }, "heatmapGrid: panels do not fit")
        precondition(rowLabels.count == rows && colLabels.count == cols, "heatmapGrid: \(rowLabels.count)×\(colLabels.count) labels for \(rows)×\(cols)")
        // Layout in pixels; gnuplot gets it as fractions of the canvas (multiplot margins).
        let font = 11.0
        let cell = Double(max(16, min(28, 260 / max(rows, cols))))
        let plotW = Double(cols) * cell, plotH = Double(rows) * cell
        let rowLabelW = (rowLabels.map { Plotter.textWidth($0, font: font) }.max() ?? 0) + 12
        // labels that fit under their cell (a character, a CJK character) stand upright, longer
        // ones are turned to read upwards
        let widestCol = colLabels.map { Plotter.textWidth($0, font: font) }.max() ?? 0
        let upright = widestCol <= cell - 4
        let colLabelH = (upright ? font + 4 : widestCol) + 14
        let panelTitleH = 30.0, gapX = 18.0, gapY = 12.0
        let topH = 40.0, leftPad = ylabel == nil ? 8.0 : 30.0, bottomPad = xlabel == nil ? 8.0 : 30.0
        let colorBoxW = 20.0 + 16 + 8 * 4 + (colorLabel == nil ? 10 : 40)   // gap, box, tic labels, label
        let spaceX = gapX + rowLabelW, spaceY = colLabelH + gapY + panelTitleH
        let gridW = Double(gridCols) * plotW + Double(gridCols - 1) * spaceX
        let gridH = Double(gridRows) * plotH + Double(gridRows - 1) * spaceY
        let natural = leftPad + rowLabelW + gridW + colorBoxW + 10
        let w = max(natural, Plotter.textWidth(title, font: 13) * 1.1 + 60).rounded(.up)             // room for the title
        let h = (topH + panelTitleH + gridH + colLabelH + bottomPad).rounded(.up)
        func fx(_ px: Double) -> String { Plotter.fraction(px / w) }
        func fy(_ px: Double) -> String { Plotter.fraction(px / h) }
        let left = (w - natural) / 2 + leftPad + rowLabelW, gridTop = h - topH - panelTitleH, gridBottom = gridTop - gridH
        var s = preamble(png: png, size: (Int(w), Int(h)), title: "")
        s += "set palette defined (0 '#ffffff', 0.5 '#6baed6', 1 '#08306b')\nset cbrange [\(range.0):\(range.1)]\n"
        s += "set tics scale 0 font ',\(Int(font))'\n" + (upright ? "set xtics norotate\n" : "set xtics rotate by 90 right\n")
        s += "set xrange [-0.5:\(Double(cols) - 0.5)]\nset yrange [\(Double(rows) - 0.5):-0.5]\n"
        s += "set xtics (" + colLabels.enumerated().map { "\(quote($1)) \($0)" }.joined(separator: ", ") + ")\n"
        s += "set ytics (" + rowLabels.enumerated().map { "\(quote($1)) \($0)" }.joined(separator: ", ") + ")\n"
        // one colour scale, beside the grid, drawn with the first panel
        s += "set colorbox user origin \(fx(left + gridW + 20)), \(fy(gridBottom)) size \(fx(16)), \(fy(gridH))\n"
        s += "set cbtics font ',\(Int(font))'\n"
        if let colorLabel { s += "set cblabel \(quote(colorLabel)) font ',\(Int(font) + 1)'\n" }
        if let xlabel { s += "set label 1001 \(quote(xlabel)) at screen \(fx(left + gridW / 2)), screen \(fy(10)) center font ',\(Int(font) + 1)'\n" }
        if let ylabel { s += "set label 1002 \(quote(ylabel)) at screen \(fx(left - rowLabelW - 18)), screen \(fy(gridBottom + gridH / 2)) center rotate by 90 font ',\(Int(font) + 1)'\n" }
        for (i, (_, values)) in panels.enumerated() {
            var matrix = ""
            for r in 0..<rows { matrix += (0..<cols).map { "\(values[r * cols + $0])" }.joined(separator: " ") + "\n" }
            s += datablock("m\(i)", matrix)
        }
        s += "set multiplot layout \(gridRows),\(gridCols) title \(quote(title)) font ',13' "
        s += "margins \(fx(left)), \(fx(left + gridW)), \(fy(gridBottom)), \(fy(gridTop)) spacing \(fx(spaceX)), \(fy(spaceY))\n"
        for (i, (panelTitle, _)) in panels.enumerated() {
            if i == 1 { s += "unset colorbox\nunset label 1001\nunset label 1002\n" }
            s += "set title \(quote(panelTitle)) font ',12'\nplot $m\(i) matrix with image notitle\n"
        }
        s += "unset multiplot\n"
        return try render(s, png: png)
    }

    /// One small bar chart per group of rows of a CSV file, stacked top to bottom: a bar per
    /// row with height `value`, its x tic labelled by the row's `label` text (any script;
    /// control characters made visible). E.g. one panel per chat reply, a bar per token with
    /// the probability the model gave it. Groups keep the order of their first row, rows
    /// their order in the file; every panel has the same x scale, so lengths compare.
    /// `panelTitle` turns a group's value into its panel's title, `ticLabel` a label into the
    /// text under its bar (a short name for a long special token keeps a character-level
    /// reply's labels upright).
    @discardableResult
    public func barPanels(csv: String, group: String, label: String, value: String, to png: String, title: String,
                          panelTitle: (String) -> String = { $0 }, ticLabel: (String) -> String = { $0 },
                          xlabel: String, ylabel: String, yrange: (Double, Double)? = nil, color: String? = nil) throws -> Bool {
        let records = CSVReader.rows(try Files.readUTF8(csv))
        guard let header = records.first else { throw LabError("\(csv): empty, nothing to plot") }
        var index: [String: Int] = [:]
        for name in [group, label, value] {
            guard let i = header.firstIndex(of: name) else {
                throw LabError("\(csv): no column '\(name)' to plot (columns: \(header.joined(separator: ", ")))")
            }
            index[name] = i
        }
        var order: [String] = [], bars: [String: [(String, String)]] = [:]
        for record in records.dropFirst() where record.count == header.count {
            let g = record[index[group]!]
            if bars[g] == nil { order.append(g); bars[g] = [] }
            bars[g]!.append((ticLabel(record[index[label]!]), record[index[value]!]))
        }
        guard !order.isEmpty else { throw LabError("\(csv): no rows to plot") }
        // Layout in pixels. Short labels (a character, a CJK character) stand upright under
        // their bar; longer ones are turned to read upwards.
        let font = 11.0
        let longest = max(1, order.map { bars[$0]!.count }.max()!)
        let widest = bars.values.flatMap { $0.map { Plotter.textWidth($0.0, font: font) } }.max() ?? 0
        let upright = widest <= 24
        var pitch = max(upright ? max(18, widest + 6) : 18, min(48, 480 / Double(longest)))   // short replies: wider bars
        var every = 1                                               // label every n-th bar
        if Double(longest) * pitch > 2400 { pitch = max(6, 2400 / Double(longest)); every = Int((18 / pitch).rounded(.up)) }
        let ticH = upright ? 26.0 : widest + 14
        let plotW = Double(longest) * pitch, plotH = 100.0
        let panelTitleH = 30.0, gapY = 10.0, topH = 48.0, xlabelH = 36.0
        let w = max(400, 80 + plotW + 30, Plotter.textWidth(title, font: 13) * 1.1 + 60).rounded(.up)
        let left = 80 + (w - 80 - plotW - 30) / 2                  // centred when the title is the widest
        let n = Double(order.count)
        let gridH = n * plotH + (n - 1) * (ticH + gapY + panelTitleH)
        let h = (topH + panelTitleH + gridH + ticH + xlabelH).rounded(.up)
        func fx(_ px: Double) -> String { Plotter.fraction(px / w) }
        func fy(_ px: Double) -> String { Plotter.fraction(px / h) }
        let gridTop = h - topH - panelTitleH, gridBottom = gridTop - gridH
        var s = preamble(png: png, size: (Int(w), Int(h)), title: "")
        s += "set style fill solid 0.7 border rgb '#333333'\nset boxwidth 0.75\n"
        s += "set grid ytics lc rgb '#dddddd'\nset tics scale 0.5 font ',\(Int(font))'\n"
        s += "set xrange [0.4:\(Double(longest) + 0.6)]\n" + (upright ? "set xtics norotate\n" : "set xtics rotate by 90 right\n")
        if let (lo, hi) = yrange {
            // two or three tics on a short panel: a step of 1, 2 or 5 times a power of ten
            let rough = (hi - lo) / 2, unit = pow(10, (log10(rough)).rounded(.down))
            let step = [5.0, 2, 1].map { $0 * unit }.first { $0 <= rough } ?? unit
            s += "set yrange [\(lo):\(hi)]\nset ytics \(step)\n"
        } else {
            s += "set offsets 0, 0, graph 0.04, 0\n"
        }
        s += "set ylabel \(quote(ylabel))\n"
        s += "set label 1001 \(quote(xlabel)) at screen \(fx(left + plotW / 2)), screen \(fy(12)) center font ',\(Int(font) + 1)'\n"
        for (i, g) in order.enumerated() {
            s += datablock("p\(i)", bars[g]!.enumerated().map { "\($0 + 1) \($1.1.isEmpty ? "NaN" : $1.1)" }.joined(separator: "\n"))
        }
        s += "set multiplot layout \(order.count),1 title \(quote(title)) font ',13' "
        s += "margins \(fx(left)), \(fx(left + plotW)), \(fy(gridBottom)), \(fy(gridTop)) spacing 0, \(fy(ticH + gapY + panelTitleH))\n"
        let fill = quote(color ?? Plotter.palette[0])
        for (i, g) in order.enumerated() {
            let tics = bars[g]!.enumerated().filter { $0.offset % every == 0 }.map { "\(quote($1.0)) \($0 + 1)" }
            s += "set title \(quote(panelTitle(g))) font ',12'\n"
            s += "set xtics (" + tics.joined(separator: ", ") + ")\n"
            s += "plot $p\(i) using 1:2 with boxes lc rgb \(fill) notitle\n"
            if i == 0 { s += "unset label 1001\n" }
        }
        s += "unset multiplot\n"
        return try render(s, png: png)
    }

    /// Contour lines of a function sampled on a grid, with paths drawn over them (e.g. where
    /// each optimizer walked). `grid` is `ys.count` rows of `xs.count` values.
    @discardableResult
    public func contour(grid: [Float], xs: [Float], ys: [Float], levels: [Float], paths: [(String, [(Float, Float)])],
                        to png: String, title: String, xlabel: String = "x", ylabel: String = "y",
                        marks: [(String, Float, Float)] = [], key: String = Plotter.keyBelow) throws -> Bool {
        precondition(grid.count == xs.count * ys.count, "contour: grid does not match the axes")
        let size = (900, 640)
        var s = preamble(png: png, size: size, title: title)
        var table = ""
        for (r, y) in ys.enumerated() {
            for (c, x) in xs.enumerated() { table += "\(x) \(y) \(grid[r * xs.count + c])\n" }
            table += "\n"
        }
        s += datablock("grid", table)
        s += "set contour base\nunset surface\nset view map\nset cntrparam levels discrete " + levels.map { "\($0)" }.joined(separator: ",") + "\n"
        s += "set table $contours\nsplot $grid using 1:2:3 with lines\nunset table\nunset contour\n"
        for (i, (_, points)) in paths.enumerated() {
            s += datablock("path\(i)", points.map { "\($0.0) \($0.1)" }.joined(separator: "\n"))
        }
        s += "set xrange [\(xs.first!):\(xs.last!)]\nset yrange [\(ys.first!):\(ys.last!)]\n"
        s += "set xlabel \(quote(xlabel))\nset ylabel \(quote(ylabel))\n"
        s += keySettings(key, titles: paths.map(\.0), size: size)
        s += "set style textbox opaque noborder\n"
        for (label, x, y) in marks { s += "set label \(quote(label)) at \(x),\(y) front boxed offset 0.8,-0.9\nset object circle at \(x),\(y) size char 0.4 front fc rgb 'black' fs solid\n" }
        var parts = ["$contours using 1:2 with lines lc rgb '#c8c8c8' notitle"]
        for (i, (name, _)) in paths.enumerated() {
            parts.append("$path\(i) using 1:2 with linespoints pt 7 ps 0.35 lw 2 lc rgb \(quote(Plotter.palette[i % Plotter.palette.count])) title \(quote(name))")
        }
        s += "plot " + parts.joined(separator: ", \\\n     ") + "\n"
        return try render(s, png: png)
    }

    /// Points in the plane, each drawn as its label (a character, a word) in its group's
    /// colour, e.g. learned embeddings projected to two dimensions. `groups` names the groups
    /// in the legend; a point's `group` indexes it.
    @discardableResult
    public func labelledPoints(_ points: [(label: String, x: Float, y: Float, group: Int)], groups: [String],
                               to png: String, title: String, xlabel: String, ylabel: String,
                               size: (Int, Int) = (900, 700), key: String = Plotter.keyBelow) throws -> Bool {
        var s = preamble(png: png, size: size, title: title)
        s += "set xlabel \(quote(xlabel))\nset ylabel \(quote(ylabel))\nset offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05\n"
        s += keySettings(key, titles: groups.indices.filter { g in points.contains { $0.group == g } }.map { groups[$0] }, size: size)
        for (i, point) in points.enumerated() where point.x.isFinite && point.y.isFinite {
            let colour = Plotter.palette[max(0, point.group) % Plotter.palette.count]
            s += "set label \(i + 1) \(quote(point.label)) at \(point.x),\(point.y) center front font ',13' tc rgb \(quote(colour))\n"
        }
        var parts: [String] = []
        for (g, name) in groups.enumerated() {
            let rows = points.filter { $0.group == g && $0.x.isFinite && $0.y.isFinite }.map { "\($0.x) \($0.y)" }
            if rows.isEmpty { continue }                    // an empty group gets no key entry
            s += datablock("group\(g)", rows.joined(separator: "\n"))
            // the points are invisible (their labels are the marks); the key shows each group's colour
            parts.append("$group\(g) using 1:2 with dots lc rgb 'white' notitle")
            parts.append("keyentry with points pt 7 ps 1.2 lc rgb \(quote(Plotter.palette[g % Plotter.palette.count])) title \(quote(name))")
        }
        s += "plot " + parts.joined(separator: ", \\\n     ") + "\n"
        return try render(s, png: png)
    }

    /// A mean curve with a shaded band between two other columns (min and max over seeds).
    public struct Band {
        public let mean: String, low: String, high: String, title: String
        public init(mean: String, low: String, high: String, title: String) {
            self.mean = mean; self.low = low; self.high = high; self.title = title
        }
    }

    /// One line per band's mean, over a translucent band from its low to its high column.
    @discardableResult
    public func bands(csv: String, x: String, bands: [Band], to png: String, title: String, ylabel: String,
                      size: (Int, Int) = (900, 540), xlabel: String? = nil, logX: Bool = false, logY: Bool = false,
                      key: String = Plotter.keyBelow) throws -> Bool {
        let data = try Files.readUTF8(csv)
        let header = data.prefix { $0 != "\n" }.split(separator: ",").map(String.init)
        for name in [x] + bands.flatMap({ [$0.mean, $0.low, $0.high] }) where !header.contains(name) {
            throw LabError("\(csv): no column '\(name)' to plot (columns: \(header.joined(separator: ", ")))")
        }
        var s = preamble(png: png, size: size, title: title)
        s += "set datafile separator comma\nset datafile missing ''\n"
        s += "set xlabel \(quote(xlabel ?? x))\nset ylabel \(quote(ylabel))\nset grid lc rgb '#dddddd'\n"
        s += keySettings(key, titles: bands.map(\.title), size: size)
        if logY { s += "set logscale y\nset mytics 10\n" + logTics(data, columns: bands.flatMap { [$0.mean, $0.low, $0.high] }) }
        if logX { s += "set logscale x\n" }
        s += yRangeSettings(nil)
        s += "set style fill transparent solid 0.2 noborder\n"
        s += datablock("data", data)
        var parts: [String] = []
        for (i, b) in bands.enumerated() {
            let color = quote(Plotter.palette[i % Plotter.palette.count])
            parts.append("$data using \(quote(x)):\(quote(b.low)):\(quote(b.high)) with filledcurves lc rgb \(color) notitle")
            parts.append("$data using \(quote(x)):\(quote(b.mean)) with linespoints lw 2 pt 7 ps 0.6 lc rgb \(color) title \(quote(b.title))")
        }
        s += "plot " + parts.joined(separator: ", \\\n     ") + "\n"
        return try render(s, png: png)
    }

    public struct Series {
        public enum Style { case lines, points, linespoints
            var gnuplot: String { self == .lines ? "lines" : self == .points ? "points pt 7 ps 0.8" : "linespoints pt 7 ps 0.6" }
        }
        public let column: String
        public let title: String?
        public let style: Style
        public let color: String?
        public init(_ column: String, title: String? = nil, style: Style = .lines, color: String? = nil) {
            self.column = column; self.title = title; self.style = style; self.color = color
        }
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    /// Writes `script` beside `png` (same name, `.gp`) and runs gnuplot on it from the PNG's
    /// directory. Returns false (after one notice per run) when gnuplot is missing.
    @discardableResult
    public func render(_ script: String, png: String) throws -> Bool {
        let pngURL = URL(fileURLWithPath: png)
        let gpPath = pngURL.deletingPathExtension().path + ".gp"
        try Files.writeAtomically(script, to: gpPath)
        guard let gnuplot else {
            if !warned {
                warned = true
                print("  plots skipped: gnuplot is not installed (Debian/Ubuntu: sudo apt-get install gnuplot-nox); the .gp scripts are written, render them later with gnuplot")
            }
            return false
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gnuplot)
        process.currentDirectoryURL = pngURL.deletingLastPathComponent()
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let last = message.split(separator: "\n").last.map(String.init) ?? "exit \(process.terminationStatus)"
            throw LabError("gnuplot failed on \(gpPath): \(last)")
        }
        return true
    }

    /// `set key` for a plot of `size` whose legend lists `titles`. Below the plot area (the
    /// default) the bottom margin is made room for the tic labels, the x label and the rows of
    /// the legend, and the legend is placed there by hand: gnuplot's own `set key below` lets
    /// the legend's box overlap the x label.
    func keySettings(_ key: String, titles: [String], size: (Int, Int)) -> String {
        if key == Plotter.noKey || key == "off" || key == "none" || titles.isEmpty { return "unset key\n" }
        guard key == Plotter.keyBelow else { return "set key \(key) box opaque\n" }
        // gnuplot sizes a legend column by its own estimate of the longest title (about 9.5 px
        // a character at 11 points, a wide one counted twice) plus the sample and gaps; we
        // estimate no fewer columns than it, so the rows below are the rows it draws
        let longest = titles.map { $0.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) } }.max() ?? 0
        let entry = Double(longest + 10) * 9.5
        let columns = max(1, min(titles.count, Int((Double(size.0) - 40) / entry)))
        let rows = (titles.count + columns - 1) / columns
        // in character heights (about 17 px): tic labels and x label, a gap, the legend's
        // rows (about 20 px each) and its box
        let margin = 4.0 + 1.15 * Double(rows)
        return "set bmargin \(Plotter.fraction(margin))\n"
            + "set key at screen 0.5, screen \(Plotter.fraction(6 / Double(size.1))) center bottom horizontal maxcols \(columns) maxrows \(rows) reverse Left box opaque samplen 3 spacing 1.15 width 2\n"
    }

    /// A fixed y range, or autoscaling with headroom: the data's range and 4% of the plot's
    /// height above and below it (not extended to the next tics), so a curve at its extreme
    /// (a constant learning rate, an accuracy of 1) does not run along the border.
    func yRangeSettings(_ range: (Double, Double)?) -> String {
        if let (lo, hi) = range { return "set yrange [\(lo):\(hi)]\n" }
        return "set autoscale yfix\nset offsets 0, 0, graph 0.04, graph 0.04\n"
    }

    /// Labelled tics for a log axis whose data (the `columns` of CSV `data`) spans less than
    /// about a decade and a half: 1, 2 and 5 times the powers of ten in range, where gnuplot
    /// would label one decade or none.
    func logTics(_ data: String, columns: [String]) -> String {
        let lines = data.split(separator: "\n")
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else { return "" }
        let wanted = Set(columns.compactMap { header.firstIndex(of: $0) })
        var lo = Double.infinity, hi = 0.0
        for line in lines.dropFirst() {
            for (i, cell) in line.split(separator: ",", omittingEmptySubsequences: false).enumerated() where wanted.contains(i) {
                if let v = Double(cell), v > 0, v.isFinite { lo = min(lo, v); hi = max(hi, v) }
            }
        }
        guard lo < hi, hi / lo < 30 else { return "" }
        var tics: [Double] = []
        if hi / lo >= 8 {
            var decade = pow(10, log10(lo).rounded(.down))
            while decade <= hi {
                for m in [1.0, 2, 5] where decade * m >= lo / 1.2 && decade * m <= hi * 1.2 { tics.append(decade * m) }
                decade *= 10
            }
        } else {
            // under a decade: evenly spaced round values, a step of 1, 2 or 5 times a power of ten
            let rough = (hi - lo) / 4, unit = pow(10, log10(rough).rounded(.down))
            let step = [5.0, 2, 1].map { $0 * unit }.first { $0 <= rough } ?? unit
            var t = (lo / step).rounded(.down) * step
            while t <= hi + step / 2 { if t > 0 { tics.append(t) }; t += step }
        }
        return "set ytics add (" + tics.map { String(format: "'%g' %.10g", $0, $0) }.joined(separator: ", ") + ")\n"
    }

    /// Roughly how wide `text` is in pixels at `font` points with pngcairo (1 pt is 1 px):
    /// DejaVu Sans averages under 0.64 em a character; CJK and other wide characters 1 em.
    static func textWidth(_ text: String, font: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 1.0 : 0.64) } * font
    }

    /// A fraction for a gnuplot script: four decimals, no exponent.
    static func fraction(_ x: Double) -> String { String(format: "%.4f", x) }

    private func preamble(png: String, size: (Int, Int), title: String) -> String {
        let name = URL(fileURLWithPath: png).lastPathComponent
        return """
        # Rendered by LLM Lab. Re-render from this folder with: gnuplot \(URL(fileURLWithPath: png).deletingPathExtension().lastPathComponent).gp
        set terminal pngcairo noenhanced size \(size.0),\(size.1) font 'Sans,11'
        set output \(quote(name))
        set title \(quote(title))

        """
    }

    private func datablock(_ name: String, _ text: String) -> String {
        let body = text.hasSuffix("\n") ? text : text + "\n"
        return "$\(name) << EOD\n\(body)EOD\n"
    }

    /// A gnuplot single-quoted string: no escapes inside, a quote is doubled; control
    /// characters (which would break the script) become visible symbols.
    func quote(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "'": out += "''"
            case "\n": out += "↵"
            case "\t": out += "⇥"
            case "\r": out += "␍"
            default: out += ch.value < 0x20 || ch.value == 0x7F ? "�" : String(ch)
            }
        }
        // gnuplot misreads a single-quoted string that starts with an apostrophe (a lone one, or
        // one before "s"): those go in double quotes, where a backslash escapes
        if s.hasPrefix("'") {
            return "\"" + out.replacingOccurrences(of: "''", with: "'").replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return "'" + out + "'"
    }
}
