import Foundation
import LabBase

/// Saving and loading a BPE tokenizer.
///
/// The model file is plain text, so it can be read and diffed:
///
///     llmlab-bpe 1
///     split gpt2
///     specials 1
///     <|endoftext|>
///     merges 256
///     32 116
///     104 101
///     ...
///
/// Each merge line is the two token ids it joins; merge `r` (0-based) makes token `256 + r`.
/// `save` also writes a `.vocab` listing beside it for people: every token with its text and
/// the two pieces it was made from.
extension BPETokenizer {
    public static let fileMagic = "llmlab-bpe 1"

    public var kind: String { "bpe" }

    /// The model file's text.
    public var serialized: String {
        var s = "\(BPETokenizer.fileMagic)\nsplit gpt2\nspecials \(specials.count)\n"
        for sp in specials { s += sp + "\n" }
        s += "merges \(merges.count)\n"
        for (a, b) in merges { s += "\(a) \(b)\n" }
        return s
    }

    public func save(to path: String) throws {
        try Files.writeAtomically(serialized, to: path)
        try Files.writeAtomically(vocabListing(), to: URL(fileURLWithPath: path).deletingPathExtension().path + ".vocab")
    }

    /// `id  [piece]  = [left] + [right]`, one token per line.
    public func vocabListing() -> String {
        var s = "# \(vocabSize) tokens: 256 bytes, \(merges.count) merges, \(specials.count) special. ␣ is a space, ↵ a newline, <e6> a byte that is part of a character.\n"
        for id in 0..<Int32(vocabSize) {
            s += "\(id)\t[\(piece(id))]"
            if id >= 256 && Int(id) < 256 + merges.count {
                let (a, b) = merges[Int(id) - 256]
                s += "\t= [\(piece(a))] + [\(piece(b))]"
            } else if Int(id) >= 256 + merges.count {
                s += "\tspecial"
            }
            s += "\n"
        }
        return s
    }

    /// Loads a file written by `save`. Anything malformed is an error naming the file and line.
    public static func load(from path: String) throws -> BPETokenizer {
        try parse(try Files.readUTF8(path), source: path)
    }

    /// Reads the model file's text; `path` names it in errors.
    public static func parse(_ text: String, source path: String) throws -> BPETokenizer {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var n = 0
        func next(_ what: String) throws -> String {
            guard n < lines.count else { throw LabError("\(path): ends early, expected \(what) at line \(n + 1)") }
            n += 1
            return lines[n - 1]
        }
        func count(_ line: String, _ keyword: String) throws -> Int {
            let parts = line.split(separator: " ")
            guard parts.count == 2, parts[0] == keyword, let c = Int(parts[1]), c >= 0 else {
                throw LabError("\(path):\(n): expected '\(keyword) <count>', found '\(line)'")
            }
            return c
        }
        let magic = try next("the header")
        guard magic == fileMagic else {
            throw LabError("\(path): not an LLM Lab BPE file (first line '\(magic.prefix(40))', expected '\(fileMagic)')")
        }
        let split = try next("the split line")
        guard split == "split gpt2" else { throw LabError("\(path):\(n): unknown pre-split '\(split)', expected 'split gpt2'") }
        let specialCount = try count(try next("the specials line"), "specials")
        var specials: [String] = []
        for _ in 0..<specialCount {
            let sp = try next("a special token")
            guard !sp.isEmpty else { throw LabError("\(path):\(n): empty special token") }
            guard !specials.contains(sp) else { throw LabError("\(path):\(n): special token '\(sp)' listed twice") }
            specials.append(sp)
        }
        let mergeCount = try count(try next("the merges line"), "merges")
        var merges: [(Int32, Int32)] = []
        merges.reserveCapacity(min(mergeCount, lines.count))     // the count is not trusted
        var seen = Set<UInt64>()
        for r in 0..<mergeCount {
            let line = try next("merge \(r)")
            let parts = line.split(separator: " ")
            guard parts.count == 2, let a = Int32(parts[0]), let b = Int32(parts[1]) else {
                throw LabError("\(path):\(n): expected two token ids, found '\(line)'")
            }
            let limit = Int32(256 + r)
            guard (0..<limit).contains(a), (0..<limit).contains(b) else {
                throw LabError("\(path):\(n): merge \(r) joins \(a) and \(b), but only tokens below \(limit) exist yet")
            }
            guard seen.insert(BPETokenizer.key(a, b)).inserted else {
                throw LabError("\(path):\(n): merge \(r) joins \(a) and \(b), which an earlier merge already joined")
            }
            merges.append((a, b))
        }
        guard n == lines.count else { throw LabError("\(path):\(n + 1): unexpected extra content '\(lines[n].prefix(40))'") }
        return BPETokenizer(merges: merges, specials: specials)
    }
}
