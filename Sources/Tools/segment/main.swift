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

struct Segment: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "segment",
        abstract: "Print jieba-style word segmentation (HMM off) of a text, one line per input line.")
    @Argument(help: "UTF-8 text, JSON array of strings, or directory of JSON files.") var file: String
    @Option(help: "jieba's dict.txt (default: Debian's python3-jieba copy).") var dict: String?

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

Segment.parseOrFail().run()
