import Foundation
import LabBase

/// Text in, token ids out, and back.
public protocol Tokenizer: AnyObject {
    var vocabSize: Int { get }
    func encode(_ text: String) -> [Int32]
    func decode(_ ids: [Int32]) -> String
    /// One token shown for people (whitespace made visible).
    func piece(_ id: Int32) -> String
    /// "char", "bpe", "words" (Chinese words), "llmc" (llm.c's tokenizer file) or "gpt2"
    /// (encoder.json + vocab.bpe).
    var kind: String { get }
    /// The whole tokenizer as text, so a checkpoint can carry it (`TokenizerText.load` reads it).
    var serialized: String { get }
}

/// Showing token pieces to people.
public enum TokenDisplay {
    /// Bytes as text: valid UTF-8 as itself, stray bytes as `<e6>`, space as `␣`, newline as
    /// `↵`, tab as `⇥`, other control characters as `<0x..>`.
    public static func show(_ bytes: [UInt8]) -> String {
        var out = ""
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i]
            let len = b0 < 0x80 ? 1 : b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 0
            if len > 0, i + len <= bytes.count, let s = String(bytes: bytes[i..<(i + len)], encoding: .utf8) {
                out += visible(s)
                i += len
            } else {
                out += "<" + hex(b0) + ">"
                i += 1
            }
        }
        return out
    }

    public static func visible(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case " ": out += "␣"
            case "\n": out += "↵"
            case "\t": out += "⇥"
            case "\r": out += "␍"
            default:
                if u.value < 0x20 || u.value == 0x7F { out += "<0x" + hex(UInt8(u.value)) + ">" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    public static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
    }
}

/// The tokenizers a run can learn from its training text (`--tokenizer`); each builds its own.
public enum TokenizerChoice: String, OptionChoice {
    /// One token per character seen in training (others become `<unk>`).
    case char
    /// Byte-level BPE (lesson 01), trained to `vocabSize` or read from a BPE file.
    case bpe
    /// Chinese words by jieba's algorithm; other text by character.
    case words

    /// The tokenizer for `text`. `bpeFile` (bpe only) is used instead of training one;
    /// `segmenter` (words only) cuts the text into words.
    public func make(training text: String, vocabSize: Int, bpeFile: String?, segmenter: WordSegmenter?) throws -> any Tokenizer {
        switch self {
        case .char: return CharTokenizer(corpus: text)
        case .bpe: return try bpeFile.map(BPETokenizer.load) ?? BPETokenizer.train(text, vocabSize: vocabSize)
        case .words:
            guard let segmenter else { throw LabError("--tokenizer words needs jieba's dictionary (--dict)") }
            return WordTokenizer(training: text, segmenter: segmenter)
        }
    }
}
