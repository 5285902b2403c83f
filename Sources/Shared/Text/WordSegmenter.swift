import Foundation
import LabBase

/// Chinese word segmentation with jieba's algorithm (`jieba.cut(text, HMM=False)`), from
/// jieba's own dictionary.
///
/// Chinese is written without spaces, so "words" have to be found. jieba's answer:
/// 1. A dictionary of words with their frequencies (`dict.txt`: 349,046 words).
/// 2. For a run of Chinese characters, the DAG of every dictionary word that starts at each
///    position (a character on its own is always allowed).
/// 3. Dynamic programming from the end for the path through the DAG whose words have the
///    largest product of probabilities (freq / total; unknown words count as frequency 1).
///
/// Runs of Chinese characters and ASCII letters, digits and `+#&._%-` are cut this way; a
/// single letter or digit the path leaves on its own joins its neighbours (`abc123` stays
/// one word); everything else (punctuation, other scripts) is one word per character, and
/// whitespace is kept as words of its own. jieba's HMM for unknown words is not implemented.
public final class WordSegmenter: Sendable {
    /// The dictionary as a trie over Unicode scalars: `children[(node << 21) | scalar]`.
    private let children: [UInt64: Int32]
    /// Frequency of the word ending at each node (0: only a prefix of words).
    private let frequency: [Int]
    private let logTotal: Double
    public let source: String
    public let words: Int

    /// Where Debian's `python3-jieba` puts jieba's dictionary.
    public static let debianDictionary = "/usr/lib/python3/dist-packages/jieba/dict.txt"

    /// Reads a jieba dictionary (`word frequency [tag]` per line). With no path, Debian's.
    public static func load(_ path: String? = nil) throws -> WordSegmenter {
        let file = path ?? debianDictionary
        guard FileManager.default.fileExists(atPath: file) else {
            if path == nil {
                throw LabError("jieba's dictionary is not at \(debianDictionary) (install it with `apt-get install python3-jieba`, or give --dict PATH)")
            }
            throw LabError("\(file): no such dictionary file (or install python3-jieba for \(debianDictionary))")
        }
        return try WordSegmenter(data: try Files.read(file), source: file)
    }

    init(data: Data, source: String) throws {
        self.source = source
        var total = 0, count = 0
        var lineNumber = 0
        var children: [UInt64: Int32] = [:]
        children.reserveCapacity(600_000)
        var frequency: [Int] = [0]
        frequency.reserveCapacity(600_000)
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 10 { end += 1 }
                lineNumber += 1
                defer { start = end + 1 }
                var lineEnd = end
                if lineEnd > start && bytes[lineEnd - 1] == 13 { lineEnd -= 1 }
                guard lineEnd > start else { continue }
                // word, space, frequency (a tag may follow)
                var space = start
                while space < lineEnd && bytes[space] != 32 { space += 1 }
                var digits = space + 1, freq = 0
                while digits < lineEnd && bytes[digits] >= 48 && bytes[digits] <= 57 {
                    // frequencies up to 2^50, so the sum of a whole dictionary cannot overflow
                    guard freq < 1 << 46 else { throw LabError("\(source):\(lineNumber): frequency too large (at most \(1 << 50))") }
                    freq = freq * 10 + Int(bytes[digits] - 48)
                    digits += 1
                }
                guard space > start, space < lineEnd, digits > space + 1, digits == lineEnd || bytes[digits] == 32,
                      let word = String(bytes: UnsafeBufferPointer(rebasing: bytes[start..<space]), encoding: .utf8) else {
                    throw LabError("\(source):\(lineNumber): not 'word frequency [tag]'")
                }
                var node: Int32 = 0
                for scalar in word.unicodeScalars {
                    let key = UInt64(node) << 21 | UInt64(scalar.value)
                    if let next = children[key] { node = next } else {
                        frequency.append(0)
                        node = Int32(frequency.count - 1)
                        children[key] = node
                    }
                }
                // a word listed twice keeps its last frequency, as jieba's dict does
                let (sum, overflow) = total.addingReportingOverflow(freq - frequency[Int(node)])
                guard !overflow else { throw LabError("\(source):\(lineNumber): the frequencies add up to more than \(Int.max)") }
                total = sum
                frequency[Int(node)] = freq
                count += 1
            }
        }
        guard count > 0, total > 0 else { throw LabError("\(source): the dictionary has no words") }
        self.children = children
        self.frequency = frequency
        logTotal = log(Double(total))
        words = count
    }

    /// jieba's blocks: Chinese characters and ASCII letters, digits and `+#&._%-`.
    @inline(__always)
    static func inBlock(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x4E00...0x9FD5, 0x61...0x7A, 0x41...0x5A, 0x30...0x39: return true
        case 0x2B, 0x23, 0x26, 0x2E, 0x5F, 0x25, 0x2D: return true          // + # & . _ % -
        default: return false
        }
    }

    @inline(__always)
    static func isASCIIAlphanumeric(_ s: Unicode.Scalar) -> Bool {
        switch s.value { case 0x61...0x7A, 0x41...0x5A, 0x30...0x39: return true; default: return false }
    }

    /// The words of `text`, in order; joined they give `text` back.
    public func segment(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var out: [String] = []
        var i = 0
        while i < scalars.count {
            if WordSegmenter.inBlock(scalars[i]) {
                var j = i
                while j < scalars.count && WordSegmenter.inBlock(scalars[j]) { j += 1 }
                cutBlock(scalars[i..<j], into: &out)
                i = j
            } else if scalars[i] == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n" {
                out.append("\r\n")
                i += 2
            } else {
                out.append(String(Character(scalars[i])))
                i += 1
            }
        }
        return out
    }

    /// The best path through the DAG of dictionary words of one block.
    func cutBlock(_ block: ArraySlice<Unicode.Scalar>, into out: inout [String]) {
        let s = Array(block), n = s.count
        // route[k] = (best log-probability of s[k...], end of the first word)
        var best = [Double](repeating: 0, count: n + 1)
        var next = [Int](repeating: 0, count: n + 1)
        var ends: [(end: Int, freq: Int)] = []
        for k in stride(from: n - 1, through: 0, by: -1) {
            // the DAG at k: every dictionary word s[k...e]; the single character when there is none
            ends.removeAll(keepingCapacity: true)
            var node: Int32 = 0, e = k
            while e < n, let child = children[UInt64(node) << 21 | UInt64(s[e].value)] {
                node = child
                if frequency[Int(node)] > 0 { ends.append((e, frequency[Int(node)])) }
                e += 1
            }
            if ends.isEmpty { ends.append((k, 1)) }        // not a word: frequency 1 (jieba's `or 1`)
            var bestScore = -Double.infinity, bestEnd = k
            for (end, f) in ends {
                let score = (log(Double(f)) - logTotal) + best[end + 1]
                // ties go to the longer word, as Python's max over (score, end) does
                if score > bestScore || (score == bestScore && end > bestEnd) { bestScore = score; bestEnd = end }
            }
            best[k] = bestScore
            next[k] = bestEnd
        }
        var k = 0, buffer = ""
        while k < n {
            let end = next[k]
            let word = String(String.UnicodeScalarView(s[k...end]))
            if end == k && WordSegmenter.isASCIIAlphanumeric(s[k]) {
                buffer += word                       // lone letters and digits run together
            } else {
                if !buffer.isEmpty { out.append(buffer); buffer = "" }
                out.append(word)
            }
            k = end + 1
        }
        if !buffer.isEmpty { out.append(buffer) }
    }
}
