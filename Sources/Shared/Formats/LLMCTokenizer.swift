import Foundation
import LabBase
import LabText

/// llm.c's tokenizer file, for decoding what a GPT-2 model writes: a header of 256 uint32
/// (magic 20240328; version 1, or 2 which adds the end-of-text id; vocabulary size), then each
/// token as a uint8 length and its bytes.
///
/// The file has no merge ranks, so it cannot reproduce GPT-2's BPE; `encode` (for prompts)
/// takes the longest token that matches at each position instead, which always decodes back
/// to the same text but may split words differently from GPT-2. Give `encoder.json` and
/// `vocab.bpe` (`GPT2Tokenizer`) where the exact tokens matter, as in `06-gpt2 prepare`.
public final class LLMCTokenizer: Tokenizer {
    public static let magic: UInt32 = 20240328
    public let tokens: [[UInt8]]
    public let endOfText: Int32?

    private lazy var lookup: [[UInt8]: Int32] = {
        var d: [[UInt8]: Int32] = [:]
        for (i, t) in tokens.enumerated() where Int32(i) != endOfText && d[t] == nil { d[t] = Int32(i) }
        return d
    }()
    private lazy var longest = tokens.map(\.count).max() ?? 1

    public init(tokens: [[UInt8]], endOfText: Int32?) {
        self.tokens = tokens
        self.endOfText = endOfText
    }

    public var kind: String { "llmc" }

    /// The file itself, base64-encoded, so a checkpoint carries it.
    public var serialized: String {
        var data = Data()
        var h = [UInt32](repeating: 0, count: 256)
        (h[0], h[1], h[2], h[3]) = (LLMCTokenizer.magic, endOfText == nil ? 1 : 2, UInt32(tokens.count), endOfText.map { UInt32($0) } ?? 0)
        h.withUnsafeBytes { data.append(contentsOf: $0) }
        for t in tokens { data.append(UInt8(min(t.count, 255))); data.append(contentsOf: t.prefix(255)) }
        return data.base64EncodedString()
    }

    /// Reads `serialized` back.
    public static func parse(base64 text: String, source: String) throws -> LLMCTokenizer {
        guard let data = Data(base64Encoded: text) else { throw LabError("\(source): the llm.c tokenizer is not valid base64") }
        return try parse(data, source: source)
    }

    /// Longest match at each position (bytes no token covers are dropped).
    public func encode(_ text: String) -> [Int32] {
        let bytes = Array(text.utf8)
        var out: [Int32] = []
        var i = 0
        while i < bytes.count {
            var n = min(longest, bytes.count - i)
            while n > 0 {
                if let id = lookup[Array(bytes[i..<(i + n)])] { out.append(id); break }
                n -= 1
            }
            i += max(n, 1)
        }
        return out
    }

    public static func read(_ path: String) throws -> LLMCTokenizer {
        try parse(try Files.read(path), source: path)
    }

    static func parse(_ data: Data, source path: String) throws -> LLMCTokenizer {
        guard data.count >= 1024 else { throw LabError("\(path): \(data.count) bytes, too short for an llm.c tokenizer header (1024)") }
        let h = data.prefix(1024).withUnsafeBytes { Array($0.bindMemory(to: UInt32.self)) }.map { UInt32(littleEndian: $0) }
        guard h[0] == magic else { throw LabError("\(path): not an llm.c tokenizer file (magic \(h[0]), expected \(magic))") }
        guard h[1] == 1 || h[1] == 2 else { throw LabError("\(path): tokenizer version \(h[1]); versions 1 and 2 are supported") }
        let count = Int(h[2])
        guard count > 0 && count <= 1 << 21 else { throw LabError("\(path): vocabulary size \(count) is not plausible") }
        let eot: Int32? = h[1] == 2 ? Int32(bitPattern: h[3]) : nil
        if let eot, eot < 0 || Int(eot) >= count { throw LabError("\(path): end-of-text id \(eot) outside the vocabulary of \(count)") }
        var tokens: [[UInt8]] = []
        tokens.reserveCapacity(count)
        var i = 1024
        let bytes = [UInt8](data)
        for t in 0..<count {
            guard i < bytes.count else { throw LabError("\(path): ends after \(t) of \(count) tokens (truncated)") }
            let n = Int(bytes[i])
            guard n > 0, i + 1 + n <= bytes.count else { throw LabError("\(path): token \(t) has a bad length or runs past the end (truncated)") }
            tokens.append(Array(bytes[(i + 1)..<(i + 1 + n)]))
            i += 1 + n
        }
        guard i == bytes.count else { throw LabError("\(path): \(bytes.count - i) unexpected bytes after the last token") }
        return LLMCTokenizer(tokens: tokens, endOfText: eot)
    }

    /// Writes version 2 (with the end-of-text id when there is one, else version 1).
    public func write(to path: String) throws {
        var h = [UInt32](repeating: 0, count: 256)
        h[0] = LLMCTokenizer.magic
        h[1] = endOfText == nil ? 1 : 2
        h[2] = UInt32(tokens.count)
        h[3] = endOfText.map { UInt32($0) } ?? 0
        var data = Data()
        h.withUnsafeBytes { data.append(contentsOf: $0) }
        for t in tokens {
            guard (1...255).contains(t.count) else { throw LabError("\(path): a token of \(t.count) bytes cannot be written (1–255)") }
            data.append(UInt8(t.count))
            data.append(contentsOf: t)
        }
        try Files.writeAtomically(data, to: path)
    }

    /// The vocabulary of a byte-level BPE tokenizer, in llm.c's form.
    public convenience init(_ bpe: BPETokenizer) {
        self.init(tokens: bpe.tokenBytes, endOfText: bpe.specialIDs[BPETokenizer.endOfText])
    }

    public var vocabSize: Int { tokens.count }

    /// The text of a token sequence (the file has no merges, so it decodes only; encoding
    /// GPT-2 text needs `encoder.json` and `vocab.bpe`).
    public func decode(_ ids: [Int32]) -> String {
        var out: [UInt8] = []
        for id in ids where id >= 0 && Int(id) < tokens.count && id != endOfText { out += tokens[Int(id)] }
        return String(decoding: out, as: UTF8.self)
    }

    public func piece(_ id: Int32) -> String {
        guard id >= 0 && Int(id) < tokens.count else { return "<?\(id)>" }
        return id == endOfText ? "<|endoftext|>" : TokenDisplay.show(tokens[Int(id)])
    }
}
