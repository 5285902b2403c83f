import Foundation
import LabBase

/// One token per character, where a character is a Unicode scalar (so "é" written as e +
/// combining accent is two, and 👍🏽 is two).
///
/// The vocabulary is every distinct character of a corpus, sorted by code point, after two
/// reserved ids: 0 is `<unk>`, for characters the corpus never showed (it decodes as "�"), and
/// 1 is `<|endoftext|>`. Nothing else is guessed: `unknownCount` tells how often `<unk>` was
/// needed, so a lesson can say so rather than hide it.
public final class CharTokenizer: Tokenizer {
    public static let unknown: Int32 = 0
    public static let endOfText: Int32 = 1
    public let characters: [Unicode.Scalar]
    private let ids: [Unicode.Scalar: Int32]

    public init(corpus: String) {
        characters = Set(corpus.unicodeScalars).sorted { $0.value < $1.value }
        ids = Dictionary(uniqueKeysWithValues: characters.enumerated().map { ($1, Int32($0 + 2)) })
    }

    public init(characters: [Unicode.Scalar]) {
        self.characters = characters
        ids = Dictionary(characters.enumerated().map { ($1, Int32($0 + 2)) }, uniquingKeysWith: { a, _ in a })
    }

    public var vocabSize: Int { characters.count + 2 }
    public var kind: String { "char" }

    /// The vocabulary as a JSON array of code points.
    public var serialized: String { "[" + characters.map { String($0.value) }.joined(separator: ",") + "]" }

    public convenience init(serialized text: String, source: String) throws {
        let values = text.trimmingCharacters(in: CharacterSet(charactersIn: "[] \n")).split(separator: ",")
        var scalars: [Unicode.Scalar] = []
        for v in values {
            guard let n = UInt32(v.trimmingCharacters(in: .whitespaces)), let s = Unicode.Scalar(n) else {
                throw LabError("\(source): character tokenizer has a bad code point '\(v)'")
            }
            scalars.append(s)
        }
        guard Set(scalars).count == scalars.count else { throw LabError("\(source): character tokenizer lists a character twice") }
        self.init(characters: scalars)
    }

    public func encode(_ text: String) -> [Int32] {
        text.unicodeScalars.map { ids[$0] ?? CharTokenizer.unknown }
    }

    /// How many characters of `text` are outside the vocabulary.
    public func unknownCount(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (ids[$1] == nil ? 1 : 0) }
    }

    public func decode(_ ids: [Int32]) -> String {
        var s = String.UnicodeScalarView()
        for id in ids {
            if id >= 2 && Int(id) - 2 < characters.count { s.append(characters[Int(id) - 2]) }
            else if id != CharTokenizer.endOfText { s.append("\u{FFFD}") }
        }
        return String(s)
    }

    public func piece(_ id: Int32) -> String {
        if id == CharTokenizer.unknown { return "<unk>" }
        if id == CharTokenizer.endOfText { return "<|endoftext|>" }
        guard id >= 2 && Int(id) - 2 < characters.count else { return "<?\(id)>" }
        return TokenDisplay.visible(String(characters[Int(id) - 2]))
    }
}
