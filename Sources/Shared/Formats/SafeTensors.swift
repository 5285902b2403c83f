import Foundation
import LabBase

/// The safetensors format: an 8-byte little-endian header length, a JSON header naming each
/// tensor's dtype, shape and byte range, then the raw little-endian data. Python opens it with
/// `safetensors.numpy.load_file` (or `torch`), so a checkpoint is never a black box.
///
///     {"__metadata__": {"config": "{…}"}, "wte.weight": {"dtype": "F32", "shape": [V, C], "data_offsets": [0, 4·V·C]}, …}
///
/// Tensors are written as F32; F32, F16 and BF16 tensors are read (the half-precision ones
/// widened to F32, as Hugging Face checkpoints often store them). Every field is checked on
/// reading, and a problem is a one-line error naming the file.
public enum SafeTensors {
    public static func write(_ tensors: [(String, Tensor)], metadata: [String: String], to path: String) throws {
        var header: [String: JSONValue] = ["__metadata__": .object(metadata.mapValues(JSONValue.string))]
        var offset = 0
        for (name, t) in tensors {
            header[name] = ["dtype": "F32", "shape": .array(t.shape.map(JSONValue.int)),
                            "data_offsets": [.int(offset), .int(offset + 4 * t.count)]]
            offset += 4 * t.count
        }
        var json = Data(try JSONValue.object(header).jsonText().utf8)
        while json.count % 8 != 0 { json.append(0x20) }          // pad so the data is aligned
        var head = Data(capacity: 8 + json.count)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { head.append(contentsOf: $0) }
        head.append(json)
        try Files.writeAtomically(to: path) { write in
            try write(head)
            for (_, t) in tensors { try write(Files.bytes(of: t)) }       // straight from the tensors
        }
    }

    public struct File {
        public let metadata: [String: String]
        public let tensors: [String: Tensor]
        public let order: [String]            // names in file order
    }

    /// Only the metadata, reading just the header (cheap even for a large checkpoint).
    public static func readMetadata(_ path: String) throws -> [String: String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw LabError("\(path): cannot be read") }
        defer { try? handle.close() }
        let prefix = handle.readData(ofLength: 8)
        guard prefix.count == 8 else { throw LabError("\(path): not a valid safetensors checkpoint (file is \(prefix.count) bytes)") }
        let length = prefix.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard length < 100_000_000 else { throw LabError("\(path): not a valid safetensors checkpoint (header of \(length) bytes)") }
        let header = handle.readData(ofLength: Int(length))
        guard header.count == Int(length), let json = try? JSONDecoder().decode([String: JSONValue].self, from: header) else {
            throw LabError("\(path): not a valid safetensors checkpoint (header is not a JSON object)")
        }
        var metadata: [String: String] = [:]
        if case .object(let meta)? = json["__metadata__"] { for (k, v) in meta { if case .string(let s) = v { metadata[k] = s } } }
        return metadata
    }

    public static func read(_ path: String) throws -> File {
        let data = try Files.read(path)
        func bad(_ what: String) -> LabError { LabError("\(path): not a valid safetensors checkpoint (\(what))") }
        guard data.count >= 8 else { throw bad("file is \(data.count) bytes") }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(data.count - 8) else { throw bad("header of \(headerLength) bytes in a \(data.count)-byte file") }
        let headerData = data.subdata(in: 8..<(8 + Int(headerLength)))
        guard let header = try? JSONDecoder().decode([String: JSONValue].self, from: headerData) else { throw bad("header is not a JSON object") }
        let body = data.subdata(in: (8 + Int(headerLength))..<data.count)
        var metadata: [String: String] = [:]
        if case .object(let meta)? = header["__metadata__"] {
            for (k, v) in meta { if case .string(let s) = v { metadata[k] = s } }
        }
        var tensors: [String: Tensor] = [:]
        var entries: [(Int, String)] = []
        for (name, info) in header where name != "__metadata__" {
            guard case .string(let dtype)? = info["dtype"] else { throw bad("tensor \(name) has no dtype") }
            let width: Int
            switch dtype {
            case "F32": width = 4
            case "F16", "BF16": width = 2
            default: throw bad("tensor \(name) is \(dtype); F32, F16 and BF16 are supported")
            }
            guard case .array(let dims)? = info["shape"], case .array(let offs)? = info["data_offsets"], offs.count == 2,
                  case .int(let begin) = offs[0], case .int(let end) = offs[1] else { throw bad("tensor \(name) has no shape or offsets") }
            let shape = try dims.map { d -> Int in
                guard case .int(let n) = d, n >= 0 else { throw bad("tensor \(name) has a bad shape") }
                return n
            }
            // the element count, refusing shapes too large to count
            var count = 1
            for n in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: n)
                guard !overflow, product <= Int.max / 8 else { throw bad("tensor \(name): shape \(shape) has too many elements") }
                count = product
            }
            guard begin >= 0, begin <= body.count, end == begin + width * count, end <= body.count else {
                throw bad("tensor \(name): bytes \(begin)..<\(end) for shape \(shape) in a \(body.count)-byte body (truncated?)")
            }
            let t = Tensor(shape: shape)
            if count > 0 {
                body.withUnsafeBytes { raw in
                    switch dtype {
                    case "F32": UnsafeMutableRawPointer(t.pointer).copyMemory(from: raw.baseAddress! + begin, byteCount: 4 * count)
                    case "BF16":
                        for i in 0..<count {
                            t.pointer[i] = Float(bitPattern: UInt32(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: begin + 2 * i, as: UInt16.self))) << 16)
                        }
                    default:
                        for i in 0..<count {
                            t.pointer[i] = floatFromHalf(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: begin + 2 * i, as: UInt16.self)))
                        }
                    }
                }
            }
            tensors[name] = t
            entries.append((begin, name))
        }
        return File(metadata: metadata, tensors: tensors, order: entries.sorted { $0.0 < $1.0 }.map(\.1))
    }
}

/// IEEE 754 half precision (binary16) to Float: sign, 5 exponent bits, 10 fraction bits;
/// subnormals, infinities and NaN included.
public func floatFromHalf(_ h: UInt16) -> Float {
    let sign = UInt32(h >> 15) << 31, exponent = UInt32((h >> 10) & 0x1F), fraction = UInt32(h & 0x3FF)
    if exponent == 0 {
        // zero or subnormal: fraction · 2^-24
        let magnitude = Float(fraction) * Float(sign: .plus, exponent: -24, significand: 1)
        return sign == 0 ? magnitude : -magnitude
    }
    if exponent == 31 { return Float(bitPattern: sign | 0x7F80_0000 | (fraction << 13)) }
    return Float(bitPattern: sign | ((exponent + 112) << 23) | (fraction << 13))
}
