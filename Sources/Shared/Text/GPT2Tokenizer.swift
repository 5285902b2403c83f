import Foundation
import LabBase

/// GPT-2's own tokenizer, from OpenAI's `encoder.json` (token → id) and `vocab.bpe` (the
/// merges, most important first), for encoding text the way GPT-2 was trained on it.
///
/// GPT-2 works on bytes but writes its tokens as printable text: each byte is shown as a
/// character (`bytes_to_unicode`: the printable bytes as themselves, the other 68 as U+0100
/// onwards, so a space is `Ġ` and a newline `Ċ`). Encoding pre-splits with GPT-2's pattern
/// (`PreTokenizer`), starts every chunk from its bytes and applies the merges by rank, the same
/// procedure as the lab's own BPE with GPT-2's ids.
public final class GPT2Tokenizer: Tokenizer {
    public let tokenBytes: [[UInt8]]
    public let endOfText: Int32?
    private let byteToken: [Int32]                        // byte value → id of its one-byte token
    /// The merges in rank order: `a` and `b` join into `merged`.
    private let merges: [(a: Int32, b: Int32, merged: Int32)]
    private let mergedByRank: [Int32]                     // merges' `merged`, for the encoder
    let pairTable: PairTable                              // (a, b) → rank, for the encoder

    /// GPT-2's byte → character table.
    public static let byteToUnicode: [Unicode.Scalar] = {
        var printable = Array(33...126) + Array(161...172) + Array(174...255)
        var chars = printable.map { Unicode.Scalar(UInt8($0)) }
        var extra: UInt32 = 0
        for b in 0..<256 where !printable.contains(b) {
            printable.append(b)
            chars.append(Unicode.Scalar(256 + extra)!)
            extra += 1
        }
        var table = [Unicode.Scalar](repeating: "\0", count: 256)
        for (b, c) in zip(printable, chars) { table[b] = c }
        return table
    }()

    public static func load(encoder encoderPath: String, merges mergesPath: String) throws -> GPT2Tokenizer {
        let text = try Files.readUTF8(encoderPath)
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw LabError("\(encoderPath): not a JSON object of token → id")
        }
        let unicodeToByte = Dictionary(uniqueKeysWithValues: byteToUnicode.enumerated().map { ($1, UInt8($0)) })
        var encoder: [String: Int32] = [:]
        var bytes = [[UInt8]?](repeating: nil, count: object.count)
        for (token, value) in object {
            guard let id = (value as? NSNumber)?.intValue, id >= 0, id < object.count else {
                throw LabError("\(encoderPath): token \(token.debugDescription) has id \(value), not in 0..<\(object.count)")
            }
            guard bytes[id] == nil else { throw LabError("\(encoderPath): id \(id) is used twice") }
            if token == "<|endoftext|>" { bytes[id] = Array(token.utf8) } else {
                var b: [UInt8] = []
                for scalar in token.unicodeScalars {
                    guard let byte = unicodeToByte[scalar] else {
                        throw LabError("\(encoderPath): token \(token.debugDescription) has a character outside GPT-2's byte table")
                    }
                    b.append(byte)
                }
                bytes[id] = b
            }
            encoder[token] = Int32(id)
        }
        var byteToken = [Int32](repeating: -1, count: 256)
        for b in 0..<256 {
            guard let id = encoder[String(byteToUnicode[b])] else {
                throw LabError("\(encoderPath): no token for the byte \(b) (\(String(byteToUnicode[b]).debugDescription))")
            }
            byteToken[b] = id
        }
        var merges: [(a: Int32, b: Int32, merged: Int32)] = [], seen = Set<UInt64>()
        let lines = try Files.readUTF8(mergesPath).split(separator: "\n", omittingEmptySubsequences: false)
        for (n, line) in lines.enumerated() where !line.isEmpty && !line.hasPrefix("#version") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let a = encoder[String(parts[0])], let b = encoder[String(parts[1])],
                  let merged = encoder[String(parts[0]) + String(parts[1])] else {
                throw LabError("\(mergesPath):\(n + 1): '\(line)' is not a merge of two tokens whose joint token is in \(encoderPath)")
            }
            guard seen.insert(BPETokenizer.key(a, b)).inserted else { throw LabError("\(mergesPath):\(n + 1): '\(line)' is listed twice") }
            merges.append((a, b, merged))
        }
        return GPT2Tokenizer(tokenBytes: bytes.map { $0 ?? [] }, byteToken: byteToken, merges: merges,
                             endOfText: encoder["<|endoftext|>"])
    }

    init(tokenBytes: [[UInt8]], byteToken: [Int32], merges: [(a: Int32, b: Int32, merged: Int32)], endOfText: Int32?) {
        self.tokenBytes = tokenBytes
        self.byteToken = byteToken
        self.merges = merges
        self.endOfText = endOfText
        mergedByRank = merges.map(\.merged)
        pairTable = PairTable(merges.map { BPETokenizer.key($0.a, $0.b) })
    }

    @inline(__always) func byteTokenOf(_ byte: UInt8) -> Int32 { byteToken.withUnsafeBufferPointer { $0[Int(byte)] } }
    @inline(__always) func mergedByRankOf(_ rank: Int32) -> Int32 { mergedByRank.withUnsafeBufferPointer { $0[Int(rank)] } }

    public var vocabSize: Int { tokenBytes.count }
    public var kind: String { "gpt2" }

    /// The whole tokenizer as JSON, so model files and checkpoints carry it (for GPT-2's
    /// vocabulary, about 1 MB): each token's bytes (base64), the merges in rank order as id
    /// triples (a, b, merged), and the end-of-text id.
    public var serialized: String {
        let triples = merges.map { "\($0.a),\($0.b),\($0.merged)" }.joined(separator: ",")
        let tokens = tokenBytes.map { "\"" + Data($0).base64EncodedString() + "\"" }.joined(separator: ",")
        return "{\"eot\":\(endOfText.map(String.init) ?? "null"),\"tokens\":[\(tokens)],\"merges\":[\(triples)]}"
    }

    /// A tokenizer from `serialized`; every id is checked.
    public static func parse(_ text: String, source: String) throws -> GPT2Tokenizer {
        func bad(_ what: String) -> LabError { LabError("\(source): GPT-2 tokenizer \(what)") }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let tokenList = object["tokens"] as? [String], let mergeList = object["merges"] as? [NSNumber] else { throw bad("is not readable") }
        let tokens = try tokenList.map { b64 -> [UInt8] in
            guard let data = Data(base64Encoded: b64) else { throw bad("has a token that is not base64") }
            return Array(data)
        }
        let n = Int32(tokens.count)
        var byteToken = [Int32](repeating: -1, count: 256)
        for (id, t) in tokens.enumerated() where t.count == 1 && byteToken[Int(t[0])] < 0 { byteToken[Int(t[0])] = Int32(id) }
        guard byteToken.allSatisfy({ $0 >= 0 }) else { throw bad("lacks a token for some single byte") }
        guard mergeList.count % 3 == 0 else { throw bad("has a merge list that is not triples") }
        var merges: [(a: Int32, b: Int32, merged: Int32)] = [], seen = Set<UInt64>()
        for r in 0..<(mergeList.count / 3) {
            let (a, b, merged) = (mergeList[3 * r].int32Value, mergeList[3 * r + 1].int32Value, mergeList[3 * r + 2].int32Value)
            guard [a, b, merged].allSatisfy({ $0 >= 0 && $0 < n }) else { throw bad("has a merge with ids outside 0..<\(n)") }
            guard seen.insert(BPETokenizer.key(a, b)).inserted else { throw bad("lists the merge \(a), \(b) twice") }
            merges.append((a, b, merged))
        }
        var eot: Int32? = nil
        if let e = object["eot"] as? NSNumber {
            guard e.int32Value >= 0 && e.int32Value < n else { throw bad("has an end-of-text id outside 0..<\(n)") }
            eot = e.int32Value
        }
        return GPT2Tokenizer(tokenBytes: tokens, byteToken: byteToken, merges: merges, endOfText: eot)
    }

    /// GPT-2's ids for `text`, on one thread (GPT2Encoding.swift has the fast path and
    /// `encode(_:workers:)`).
    public func encode(_ text: String) -> [Int32] { encode(text, workers: 1) }

    public func decode(_ ids: [Int32]) -> String {
        var out: [UInt8] = []
        for id in ids where id >= 0 && Int(id) < tokenBytes.count { out += tokenBytes[Int(id)] }
        return String(decoding: out, as: UTF8.self)
    }

    public func piece(_ id: Int32) -> String {
        guard id >= 0 && Int(id) < tokenBytes.count else { return "<?\(id)>" }
        return id == endOfText ? "<|endoftext|>" : TokenDisplay.show(tokenBytes[Int(id)])
    }
}
