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

    /// A line chart of columns of a CSV file against one x column, picked by header name.
    /// Empty cells are gaps (a validation loss logged every N steps, say).
    @discardableResult
    public func lines(csv: String, x: String, series: [Series], to png: String, title: String,
                      xlabel: String? = nil, ylabel: String, logX: Bool = false, logY: Bool = false,
                      key: String = "top right", size: (Int, Int) = (900, 540)) throws -> Bool {
        let data = try Files.readUTF8(csv)
        let header = data.prefix { $0 != "\n" }.split(separator: ",").map(String.init)
        for name in [x] + series.map(\.column) where !header.contains(name) {
            throw LabError("\(csv): no column '\(name)' to plot (columns: \(header.joined(separator: ", ")))")
        }
        var s = preamble(png: png, size: size, title: title)
        s += "set datafile separator comma\n"
        s += "set datafile missing ''\n"
        s += "set xlabel \(quote(xlabel ?? x))\nset ylabel \(quote(ylabel))\n"
        s += "set grid lc rgb '#dddddd'\nset key \(key) box opaque\n"
        if logX { s += "set logscale x\n" }
        if logY { s += "set logscale y\n" }
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
                        range: (Float, Float)? = nil, pixelsPerCell: Int = 28) throws -> Bool {
        precondition(values.count == rows * cols && rowLabels.count == rows && colLabels.count == cols,
                     "heatmap: \(values.count) values, \(rowLabels.count)×\(colLabels.count) labels for \(rows)×\(cols)")
        let w = max(480, 160 + cols * pixelsPerCell), h = max(400, 140 + rows * pixelsPerCell)
        var s = preamble(png: png, size: (w, h), title: title)
        s += "set xlabel \(quote(xlabel))\nset ylabel \(quote(ylabel))\n"
        s += "set xrange [-0.5:\(Double(cols) - 0.5)]\nset yrange [\(Double(rows) - 0.5):-0.5]\n"
        s += "set tics scale 0\nset xtics rotate by 90 right\n"
        s += "set xtics (" + colLabels.enumerated().map { "\(quote($1)) \($0)" }.joined(separator: ", ") + ")\n"
        s += "set ytics (" + rowLabels.enumerated().map { "\(quote($1)) \($0)" }.joined(separator: ", ") + ")\n"
        s += "set palette defined (0 '#ffffff', 0.5 '#6baed6', 1 '#08306b')\n"
        if let (lo, hi) = range { s += "set cbrange [\(lo):\(hi)]\n" }
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
    /// attention head of a model in one image: `panels` are (title, row-major values).
    @discardableResult
    public func heatmapGrid(_ panels: [(String, [Float])], gridRows: Int, gridCols: Int, rows: Int, cols: Int,
                            rowLabels: [String], colLabels: [String], to png: String, title: String,
                            range: (Float, Float) = (0, 1)) throws -> Bool {
        precondition(panels.count <= gridRows * gridCols && panels.allSatisfy { $0.1.count == rows * cols }, "heatmapGrid: panels do not fit")
        let cell = max(8, min(24, 360 / max(rows, cols)))
        let w = gridCols * (150 + cols * cell), h = gridRows * (130 + rows * cell) + 40
        var s = preamble(png: png, size: (w, h), title: "")
        s += "set palette defined (0 '#ffffff', 0.5 '#6baed6', 1 '#08306b')\nset cbrange [\(range.0):\(range.1)]\nunset colorbox\n"
        s += "set tics scale 0 font ',8'\nset xtics rotate by 90 right\nset size ratio -1\n"
        s += "set xrange [-0.5:\(Double(cols) - 0.5)]\nset yrange [\(Double(rows) - 0.5):-0.5]\n"
        s += "set xtics (" + colLabels.enumerated().map { "\(quote($1)) \($0)" }.joined(separator: ", ") + ")\n"
        s += "set ytics (" + rowLabels.enumerated().map { "\(quote($1)) \($0)" }.joined(separator: ", ") + ")\n"
        for (i, (_, values)) in panels.enumerated() {
            var matrix = ""
            for r in 0..<rows { matrix += (0..<cols).map { "\(values[r * cols + $0])" }.joined(separator: " ") + "\n" }
            s += datablock("m\(i)", matrix)
        }
        s += "set multiplot layout \(gridRows),\(gridCols) title \(quote(title))\n"
        for (i, (panelTitle, _)) in panels.enumerated() {
            s += "set title \(quote(panelTitle))\nplot $m\(i) matrix with image notitle\n"
        }
        s += "unset multiplot\n"
        return try render(s, png: png)
    }

    /// Contour lines of a function sampled on a grid, with paths drawn over them (e.g. where
    /// each optimizer walked). `grid` is `ys.count` rows of `xs.count` values.
    @discardableResult
    public func contour(grid: [Float], xs: [Float], ys: [Float], levels: [Float], paths: [(String, [(Float, Float)])],
                        to png: String, title: String, xlabel: String = "x", ylabel: String = "y",
                        marks: [(String, Float, Float)] = []) throws -> Bool {
        precondition(grid.count == xs.count * ys.count, "contour: grid does not match the axes")
        var s = preamble(png: png, size: (900, 640), title: title)
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
        s += "set xlabel \(quote(xlabel))\nset ylabel \(quote(ylabel))\nset key bottom right box opaque\n"
        for (label, x, y) in marks { s += "set label \(quote(label)) at \(x),\(y) front offset 0.6,0.6\nset object circle at \(x),\(y) size char 0.4 front fc rgb 'black' fs solid\n" }
        var parts = ["$contours using 1:2 with lines lc rgb '#c8c8c8' notitle"]
        for (i, (name, _)) in paths.enumerated() {
            parts.append("$path\(i) using 1:2 with linespoints pt 7 ps 0.35 lw 2 lc rgb \(quote(Plotter.palette[i % Plotter.palette.count])) title \(quote(name))")
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
    public func bands(csv: String, x: String, bands: [Band], to png: String, title: String, ylabel: String,
                      size: (Int, Int) = (900, 540)) throws -> Bool {
        let data = try Files.readUTF8(csv)
        let header = data.prefix { $0 != "\n" }.split(separator: ",").map(String.init)
        for name in [x] + bands.flatMap({ [$0.mean, $0.low, $0.high] }) where !header.contains(name) {
            throw LabError("\(csv): no column '\(name)' to plot (columns: \(header.joined(separator: ", ")))")
        }
        var s = preamble(png: png, size: size, title: title)
        s += "set datafile separator comma\nset datafile missing ''\n"
        s += "set xlabel \(quote(x))\nset ylabel \(quote(ylabel))\nset grid lc rgb '#dddddd'\nset key top right box opaque\n"
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
        return "'" + out + "'"
    }
}
