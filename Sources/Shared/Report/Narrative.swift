import Foundation
import LabBase

/// Printing helpers that make a lesson's output read like a notebook.
///
/// `section()` prints a rule with the title of the `//: ## Title` heading above it in the
/// lesson's source (`── Title ─────`); `weave` uses these lines to place each piece of output
/// under that heading of the chapter.
public enum Narrative {
    public static let isTerminal = isatty(STDOUT_FILENO) != 0

    /// The lesson's title banner: the text of the `//: # Title` line of the calling source file.
    public static func title(file: String = #filePath) {
        title(heading(in: file, level: "# ", before: Int.max) ?? "Lesson")
    }

    /// A banner with the given text.
    public static func title(_ text: String) {
        let rule = String(repeating: "═", count: max(8, displayWidth(text) + 4))
        print(rule)
        print("  " + text)
        print(rule)
    }

    /// A section heading. Its title is the nearest `//: ## Title` line above the call in the
    /// lesson's source, so a title is written once, as the notebook's heading; `weave` puts the
    /// output that follows under that heading of the chapter.
    public static func section(file: String = #filePath, line: Int = #line) {
        section(heading(in: file, level: "## ", before: line) ?? "\(URL(fileURLWithPath: file).lastPathComponent):\(line)")
    }

    /// A section heading with the given title.
    public static func section(_ text: String) {
        let fill = String(repeating: "─", count: max(3, 72 - displayWidth(text) - 4))
        print("")
        print(bold("── \(text) \(fill)"))
    }

    nonisolated(unsafe) private static var sources: [String: [Substring]] = [:]

    /// The text of the last `//: <level>` line before line `before` (1-based) of `file`, or nil
    /// when the source is not there (a binary run away from its checkout).
    static func heading(in file: String, level: String, before: Int) -> String? {
        if sources[file] == nil {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
            sources[file] = text.split(separator: "\n", omittingEmptySubsequences: false)
        }
        let lines = sources[file]!
        for i in stride(from: min(before - 1, lines.count) - 1, through: 0, by: -1) {
            let t = lines[i].trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("//: " + level) { return String(t.dropFirst(4 + level.count)).trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }

    public static func say(_ text: String) { print(text) }

    /// `key: value` lines with the values aligned.
    public static func facts(_ pairs: [(String, String)]) {
        let width = pairs.map { displayWidth($0.0) }.max() ?? 0
        for (k, v) in pairs { print("  " + pad(k + ":", width + 1) + " " + v) }
    }

    public enum Align { case left, right }

    /// An aligned table with a header rule. Numbers usually want `.right`.
    public static func table(_ headers: [String], _ rows: [[String]], align: [Align]? = nil) {
        let columns = headers.count
        var widths = headers.map(displayWidth)
        for row in rows { for (i, cell) in row.prefix(columns).enumerated() { widths[i] = max(widths[i], displayWidth(cell)) } }
        let aligns = align ?? Array(repeating: .left, count: columns)
        func line(_ cells: [String]) -> String {
            cells.prefix(columns).enumerated().map { i, cell in
                aligns[i] == .right ? padLeft(cell, widths[i]) : pad(cell, widths[i])
            }.joined(separator: "  ").trailingSpacesRemoved
        }
        print("  " + line(headers))
        print("  " + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        for row in rows { print("  " + line(row)) }
    }

    /// A small matrix with row and column labels, numbers to `decimals` places; `-inf` shows as
    /// `-∞` (a masked score) and exact zeros of masked cells as `·` when `dotZeros` is set.
    public static func matrix(_ values: [Float], rows: Int, cols: Int, rowLabels: [String], colLabels: [String],
                              decimals: Int = 2, dotZeros: Bool = false) {
        let cells = values.map { v -> String in
            if v == -.infinity { return "-∞" }
            if dotZeros && v == 0 { return "·" }
            return fixed(Double(v), decimals)
        }
        var table: [[String]] = []
        for r in 0..<rows { table.append([rowLabels[r]] + Array(cells[(r * cols)..<(r * cols + cols)])) }
        Narrative.table([""] + colLabels, table, align: [.left] + Array(repeating: .right, count: cols))
    }

    static func bold(_ s: String) -> String { isTerminal ? "\u{1B}[1m\(s)\u{1B}[0m" : s }

    /// Terminal columns a string takes: East Asian wide characters and emoji take two.
    public static func displayWidth(_ s: String) -> Int {
        var w = 0
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || (0x7F..<0xA0).contains(v) { continue }
            if scalar.properties.generalCategory == .nonspacingMark || v == 0x200D || (0xFE00...0xFE0F).contains(v) { continue }
            w += isWide(v) ? 2 : 1
        }
        return w
    }

    static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    public static func pad(_ s: String, _ width: Int) -> String {
        s + String(repeating: " ", count: max(0, width - displayWidth(s)))
    }

    public static func padLeft(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - displayWidth(s))) + s
    }

    /// A number with a fixed count of decimals, e.g. `fixed(3.14159, 2)` → "3.14".
    public static func fixed(_ x: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", x) }
}

/// A progress bar for long loops: one updating line on a terminal; when output goes to a file
/// or a pipe, a single line at the end (so captured output stays readable).
public final class ProgressBar {
    private let total: Int
    private let label: String
    private var clock = Stopwatch()
    private var lastDraw = -1.0

    public init(_ label: String, total: Int) {
        self.label = label
        self.total = max(total, 1)
    }

    public func update(_ done: Int, note: String = "") {
        guard Narrative.isTerminal else { return }
        let t = clock.seconds
        guard done >= total || t - lastDraw >= 0.1 else { return }
        lastDraw = t
        let width = 30
        let filled = min(width, width * done / total)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = "  \(label) \(bar) \(done)/\(total) \(note)"
        FileHandle.standardOutput.write(Data(("\r" + line + "\u{1B}[K").utf8))
    }

    /// Ends the bar with a summary line, e.g. "training BPE: 768/768 done in 0.41 s"; `done`
    /// says how far the loop got when it stopped early ("700/768").
    public func finish(done: Int? = nil, note: String = "") {
        if Narrative.isTerminal { FileHandle.standardOutput.write(Data("\r\u{1B}[K".utf8)) }
        print("  \(label): \(done ?? total)/\(total) done in \(Narrative.fixed(clock.seconds, 2)) s\(note.isEmpty ? "" : ", " + note)")
    }
}

extension String {
    /// Without the spaces at its end.
    var trailingSpacesRemoved: String {
        var s = Substring(self)
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
