import Foundation
import LabBase

/// One token per Chinese word (`--tokenizer words`): text is cut into words with jieba's
/// algorithm (`WordSegmenter`); every word with a Chinese character that the training text
/// used at least `minCount` times gets a token, and everything else (Latin words, digits,
/// punctuation, spaces, rare words) is spelled out one character at a time, as the char
/// tokenizer does. So only a character never seen in training becomes `<unk>`.
///
/// Ids: 0 `<unk>` (decodes as "�"), 1 `<|endoftext|>`, then the characters by code point,
/// then the words by code points. Decoding concatenates: words carry no spaces between them,
/// so Chinese comes back exactly as it was written.
public final class WordTokenizer: Tokenizer {
    public let segmenter: WordSegmenter
    public let characters: [Unicode.Scalar]
    public let words: [String]
    private let ids: [String: Int32]
    private let charIDs: [Unicode.Scalar: Int32]

    public init(segmenter: WordSegmenter, characters: [Unicode.Scalar], words: [String]) {
        self.segmenter = segmenter
        self.characters = characters
        self.words = words
        charIDs = Dictionary(characters.enumerated().map { ($1, Int32($0 + 2)) }, uniquingKeysWith: { a, _ in a })
        ids = Dictionary(words.enumerated().map { ($1, Int32($0 + 2 + characters.count)) }, uniquingKeysWith: { a, _ in a })
    }

    /// The vocabulary of a training text: its characters, and its Chinese words used at least
    /// `minCount` times (at most `maxWords` of them, the most frequent first).
    public convenience init(training text: String, segmenter: WordSegmenter, minCount: Int = 2, maxWords: Int = 60_000) {
        var counts: [String: Int] = [:]
        for word in segmenter.segment(text) where WordTokenizer.hasChinese(word) && word.unicodeScalars.count > 1 {
            counts[word, default: 0] += 1
        }
        let kept = counts.filter { $0.value >= minCount }.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            .prefix(maxWords).map(\.key).sorted { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
        self.init(segmenter: segmenter, characters: Set(text.unicodeScalars).sorted { $0.value < $1.value }, words: kept)
    }

    static func hasChinese(_ word: String) -> Bool { word.unicodeScalars.contains { (0x4E00...0x9FD5).contains($0.value) } }

    public var vocabSize: Int { 2 + characters.count + words.count }
    public var kind: String { "words" }

    public func encode(_ text: String) -> [Int32] {
        var out: [Int32] = []
        for word in segmenter.segment(text) {
            if let id = ids[word] { out.append(id); continue }
            for s in word.unicodeScalars { out.append(charIDs[s] ?? CharTokenizer.unknown) }
        }
        return out
    }

    public func decode(_ ids: [Int32]) -> String {
        var s = ""
        for id in ids {
            if let p = text(of: id) { s += p } else if id != CharTokenizer.endOfText { s += "\u{FFFD}" }
        }
        return s
    }

    /// The text of a token (nil for `<unk>`, `<|endoftext|>` and ids outside the vocabulary).
    func text(of id: Int32) -> String? {
        let i = Int(id) - 2
        if i >= 0 && i < characters.count { return String(Character(characters[i])) }
        if i >= characters.count && i - characters.count < words.count { return words[i - characters.count] }
        return nil
    }

    public func piece(_ id: Int32) -> String {
        if id == CharTokenizer.unknown { return "<unk>" }
        if id == CharTokenizer.endOfText { return "<|endoftext|>" }
        return text(of: id).map { TokenDisplay.show(Array($0.utf8)) } ?? "<?\(id)>"
    }

    /// JSON: the dictionary it segments with, the characters (code points) and the words.
    public var serialized: String {
        let object: JSONValue = .object(["dict": .string(segmenter.source),
                                         "characters": .array(characters.map { .int(Int($0.value)) }),
                                         "words": .array(words.map(JSONValue.string))])
        return (try? object.jsonText()) ?? "{}"
    }

    /// Reads `serialized` back; the dictionary must still be where it was (or at Debian's path).
    public static func parse(_ text: String, source: String) throws -> WordTokenizer {
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .object(let o) = json,
              let chars = o["characters"]?.arrayValue, let words = o["words"]?.arrayValue else {
            throw LabError("\(source): not a words tokenizer")
        }
        let dictPath = o["dict"]?.stringValue
        let segmenter = try WordSegmenter.load(dictPath.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil })
        let scalars = try chars.map { v -> Unicode.Scalar in
            guard let n = v.intValue, (0...0x10FFFF).contains(n), let s = Unicode.Scalar(UInt32(n)) else { throw LabError("\(source): bad character \(v)") }
            return s
        }
        return WordTokenizer(segmenter: segmenter, characters: scalars, words: try words.map {
            guard let w = $0.stringValue else { throw LabError("\(source): bad word \($0)") }
            return w
        })
    }
}
