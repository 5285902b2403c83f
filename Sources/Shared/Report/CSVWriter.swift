import Foundation
import LabBase

/// Metrics as CSV: the header once, then one row per call, each flushed to disk at once so a
/// killed run keeps every row it logged.
///
///     let csv = try CSVWriter(path: "runs/x/metrics.csv", columns: ["step", "train_loss", "val_loss"])
///     try csv.row(["step": 10, "train_loss": 2.31])          // val_loss left empty
///
/// Numbers are written in Swift's shortest round-trip form, so equal values give equal bytes
/// and a reader gets back exactly the Float or Double that was logged.
public final class CSVWriter {
    public let path: String
    public let columns: [String]
    private let handle: FileHandle

    /// Creates (or, with `append`, continues) a CSV file. Appending to a file whose header
    /// differs is an error: the columns would no longer line up.
    public init(path: String, columns: [String], append: Bool = false) throws {
        precondition(!columns.isEmpty, "a CSV needs at least one column")
        self.path = path
        self.columns = columns
        let url = URL(fileURLWithPath: path)
        try Files.createDirectory(url.deletingLastPathComponent().path)
        let header = columns.map(CSVWriter.escape).joined(separator: ",") + "\n"
        let exists = FileManager.default.fileExists(atPath: path)
        if append && exists {
            let text = try Files.readUTF8(path)
            let firstLine = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard firstLine + "\n" == header else {
                throw LabError("\(path): cannot append, its header is '\(firstLine)', expected '\(header.dropLast())'")
            }
        } else {
            guard FileManager.default.createFile(atPath: path, contents: Data(header.utf8)) else {
                throw LabError("cannot create \(path)")
            }
        }
        guard let h = FileHandle(forWritingAtPath: path) else { throw LabError("cannot open \(path) for writing") }
        handle = h
        handle.seekToEndOfFile()
    }

    deinit { try? handle.close() }

    /// Writes one row; columns missing from `values` are left empty.
    /// Unknown column names are a programming error and trap in debug lessons' tests.
    public func row(_ values: [String: any CSVValue]) throws {
        for key in values.keys where !columns.contains(key) {
            throw LabError("\(path): no column '\(key)' (columns: \(columns.joined(separator: ", ")))")
        }
        let line = columns.map { values[$0]?.csvText ?? "" }.joined(separator: ",") + "\n"
        do {
            try handle.write(contentsOf: Data(line.utf8))
        } catch {
            throw LabError("cannot write to \(path): \(error.localizedDescription)")
        }
    }

    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Something that can stand in a CSV cell.
public protocol CSVValue { var csvText: String { get } }
extension Int: CSVValue { public var csvText: String { String(self) } }
extension Float: CSVValue { public var csvText: String { isFinite ? "\(self)" : (isNaN ? "nan" : (self > 0 ? "inf" : "-inf")) } }
extension Double: CSVValue { public var csvText: String { isFinite ? "\(self)" : (isNaN ? "nan" : (self > 0 ? "inf" : "-inf")) } }
extension String: CSVValue { public var csvText: String { CSVWriter.escape(self) } }

/// Reads back what `CSVWriter` writes (RFC 4180): fields separated by commas, a field in
/// double quotes may hold commas, newlines and doubled quotes.
public enum CSVReader {
    /// Every record of `text`, the header included, as its fields.
    public static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, afterQuote = false
        var it = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? { if let p = pending { pending = nil; return p }; return it.next() }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let d = it.next() {
                        if d == "\"" { field.unicodeScalars.append(d) } else { quoted = false; afterQuote = true; pending = d }
                    } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !afterQuote: quoted = true
            case ",": row.append(field); field = ""; afterQuote = false
            case "\n":
                row.append(field); rows.append(row); row = []; field = ""; afterQuote = false
            case "\r": continue
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
