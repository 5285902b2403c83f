import Foundation
import LabBase

/// llm.c's token file: a header of 256 int32 (magic 20240520, version 1, token count), then
/// the tokens as uint16. Written by llm.c's data scripts (`dev/data/*.py`), read by its
/// dataloader, and used here for cached tokenized corpora.
public enum TokenFile {
    public static let magic: Int32 = 20240520

    public static func write(_ tokens: [Int32], to path: String) throws {
        guard tokens.allSatisfy({ $0 >= 0 && $0 <= Int32(UInt16.max) }) else {
            throw LabError("\(path): token ids must fit in 16 bits for the llm.c token format")
        }
        var header = [Int32](repeating: 0, count: 256)
        header[0] = magic
        header[1] = 1
        header[2] = Int32(tokens.count)
        var data = Data(capacity: 1024 + 2 * tokens.count)
        header.withUnsafeBytes { data.append(contentsOf: $0) }
        tokens.map { UInt16($0).littleEndian }.withUnsafeBytes { data.append(contentsOf: $0) }
        try Files.writeAtomically(data, to: path)
    }

    public static func read(_ path: String) throws -> [Int32] {
        let data = try Files.read(path)
        guard data.count >= 1024 else { throw LabError("\(path): \(data.count) bytes, too short for an llm.c token file header (1024)") }
        let header = data.prefix(1024).withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) }.map { Int32(littleEndian: $0) }
        guard header[0] == magic else { throw LabError("\(path): not an llm.c token file (magic \(header[0]), expected \(magic))") }
        guard header[1] == 1 else { throw LabError("\(path): token file version \(header[1]), only version 1 is supported") }
        let count = Int(header[2])
        guard count >= 0, data.count == 1024 + 2 * count else {
            throw LabError("\(path): header says \(count) tokens but the file holds \((data.count - 1024) / 2) (truncated or corrupt)")
        }
        return data.dropFirst(1024).withUnsafeBytes { Array($0.bindMemory(to: UInt16.self)) }.map { Int32(UInt16(littleEndian: $0)) }
    }
}

/// 64-bit FNV-1a of some bytes, as 16 hex digits: a content key for caches (not a security hash).
public func contentHash(_ parts: [String]) -> String {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for part in parts {
        for byte in part.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        h = (h ^ 0xFF) &* 0x0000_0100_0000_01B3          // separator, so ["ab","c"] ≠ ["a","bc"]
    }
    return String(h, radix: 16).leftPadded(to: 16)
}

/// The same hash over raw bytes (files).
public func contentHash(data parts: [Data]) -> String {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for part in parts {
        for byte in part { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        h = (h ^ 0xFF) &* 0x0000_0100_0000_01B3
    }
    return String(h, radix: 16).leftPadded(to: 16)
}

extension String {
    public func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
