// segment — Chinese word segmentation of any file, one output line per input line, words
// separated by a space, so it can be compared with jieba itself:
//
//     swift run -c release segment FILE [--dict PATH]
//     python3 scripts/jieba/compare.py FILE          (runs both and counts the lines that agree)
//
// FILE is UTF-8 text, a JSON array of strings, or a directory of JSON files (as --data takes);
// each string is split at its line breaks.
import Foundation
import LLMLab

struct Segment: CommandOptions {
    static let command = "segment"
    static let abstract = "Print jieba-style word segmentation (HMM off) of a text, one line per input line."
    var file = ""
    var dict: String?
    static let fields: [OptionField<Segment>] = [
        OptionField("file", "UTF-8 text, JSON array of strings, or directory of JSON files", \.file).with(placement: .positional, required: true),
        .init("dict", "jieba's dict.txt (default: Debian's python3-jieba copy)", \.dict),
    ]

    func run() {
        let segmenter = must(try WordSegmenter.load(dict))
        let corpus = must(try Corpus.load(file))
        var out = ""
        for document in corpus.documents {
            // split at "\n" scalars ("\r\n" is one Character in Swift; Python splits it)
            for line in document.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
                out += segmenter.segment(String(String.UnicodeScalarView(line))).joined(separator: " ") + "\n"
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}

Segment.parseOrExit().options.run()
