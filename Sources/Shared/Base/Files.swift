import Foundation

/// File helpers that never leave a half-written file behind.
public enum Files {
    /// Writes `data` to `path` atomically: a temporary file in the same directory, flushed,
    /// then renamed over the target. An interrupted run leaves either the old file or the new one.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        try writeAtomically(to: path) { write in try write(data) }
    }

    /// The same, with the contents handed over in pieces (`write` each one), so a large file
    /// (a checkpoint of GPT-2: 1.5 GB) is never built in memory first.
    public static func writeAtomically(to path: String, _ body: ((Data) throws -> Void) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        try createDirectory(url.deletingLastPathComponent().path)
        let tmp = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: tmp.path, contents: nil) else {
            throw LabError("cannot write \(tmp.path): permission denied or no such directory")
        }
        do {
            let handle = try FileHandle(forWritingTo: tmp)
            try body { try handle.write(contentsOf: $0) }
            try handle.synchronize()
            try handle.close()
            guard rename(tmp.path, url.path) == 0 else {
                throw LabError("cannot rename \(tmp.path) to \(url.path): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            if let e = error as? LabError { throw e }
            throw LabError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// A tensor's floats as bytes, without copying them (for `writeAtomically(to:_:)`).
    public static func bytes(of t: Tensor) -> Data {
        Data(bytesNoCopy: UnsafeMutableRawPointer(t.pointer), count: 4 * t.count, deallocator: .none)
    }

    public static func writeAtomically(_ text: String, to path: String) throws {
        try writeAtomically(Data(text.utf8), to: path)
    }

    /// `mkdir -p`, with a one-line error naming the directory.
    public static func createDirectory(_ path: String) throws {
        guard !path.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw LabError("cannot create directory \(path): \(error.localizedDescription)")
        }
    }

    /// Reads a whole file, with a one-line error naming it when it is missing or unreadable.
    public static func read(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LabError("\(path): no such file")
        }
        guard !isDirectory.boolValue else { throw LabError("\(path): is a directory, expected a file") }
        // mapped, not copied: a 500 MB model file costs no memory of its own
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
            throw LabError("\(path): cannot be read (permission denied?)")
        }
        return data
    }

    /// Reads a file that must be UTF-8 text; names the byte offset of the first invalid byte.
    public static func readUTF8(_ path: String) throws -> String {
        let data = try read(path)
        return try decodeUTF8(data, source: path)
    }

    /// Decodes UTF-8 strictly: invalid input is an error naming `source` and the byte offset.
    public static func decodeUTF8(_ data: Data, source: String) throws -> String {
        if let s = String(data: data, encoding: .utf8) { return s }
        // Find where it goes wrong, for the message.
        var offset = 0
        var decoder = UTF8()
        var iterator = data.makeIterator()
        var consumed = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset = consumed
                consumed += UTF8.width(scalar)
            case .emptyInput: break loop
            case .error:
                offset = consumed
                break loop
            }
        }
        throw LabError("\(source): not valid UTF-8 (first bad byte near offset \(offset))")
    }
}
