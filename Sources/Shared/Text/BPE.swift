import Foundation
import LabBase

/// Byte-level byte-pair encoding, GPT-2 style.
///
/// Tokens 0–255 are the bytes themselves, so every string can be encoded and nothing is ever
/// unknown. Training repeatedly finds the most frequent adjacent pair of tokens in the
/// (pre-split) corpus and makes it a new token: merge `r` creates token `256 + r`. Encoding
/// replays the merges in the order they were learned. Special tokens (e.g. `<|endoftext|>`)
/// come after the merges and are never produced from ordinary text.
///
/// Worked example (Wikipedia's): training "aaabdaaabac" with three merges learns
/// `a a → 256` ("aa"), `a b → 257` ("ab"), `256 257 → 258` ("aaab"), and the text encodes as
/// `[258, 100, 258, 97, 99]`. (Wikipedia builds "aaab" as "aaa" + "b": after the first merge
/// the pairs `aa a` and `a b` tie, and here ties go to the smaller pair.)
public final class BPETokenizer: Tokenizer {
    /// The learned merges, in order: merge `r` joins `merges[r].0` and `.1` into token `256 + r`.
    public private(set) var merges: [(Int32, Int32)]
    /// Special tokens by name; their ids follow the merges.
    public let specials: [String]
    /// The bytes each token stands for.
    public private(set) var tokenBytes: [[UInt8]]
    /// Merge rank of each pair, keyed `a << 32 | b`.
    private var rank: [UInt64: Int32]

    public var vocabSize: Int { 256 + merges.count + specials.count }
    public var specialIDs: [String: Int32] {
        Dictionary(uniqueKeysWithValues: specials.enumerated().map { ($1, Int32(256 + merges.count + $0)) })
    }
    public static let endOfText = "<|endoftext|>"

    public init(merges: [(Int32, Int32)], specials: [String] = [BPETokenizer.endOfText]) {
        self.merges = merges
        self.specials = specials
        tokenBytes = (0..<256).map { [UInt8($0)] }
        rank = [:]
        rank.reserveCapacity(merges.count)
        for (r, (a, b)) in merges.enumerated() {
            tokenBytes.append(tokenBytes[Int(a)] + tokenBytes[Int(b)])
            rank[BPETokenizer.key(a, b)] = Int32(r)
        }
        for s in specials { tokenBytes.append(Array(s.utf8)) }
    }

    /// The same tokenizer with only its first `count` merges (to see compression grow).
    public func truncated(to count: Int) -> BPETokenizer {
        BPETokenizer(merges: Array(merges.prefix(count)), specials: specials)
    }

    @inline(__always) static func key(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(a)) << 32 | UInt64(UInt32(b)) }

    // MARK: Training

    /// What training reports after each merge, for the compression curve.
    public struct MergeStep {
        public let rank: Int
        public let pair: (Int32, Int32)
        /// How many times the pair occurred in the training text when it was merged.
        public let count: Int
        /// Tokens the training text takes after this merge.
        public let tokens: Int
    }

    /// Learns merges from `text` until the vocabulary (bytes + merges + specials) has
    /// `vocabSize` tokens, or no pair occurs twice any more.
    ///
    /// Pair counts are kept up to date incrementally: a merge only revisits the distinct
    /// pre-split words that contain the merged pair, and a max-heap (with stale entries
    /// skipped on pop) finds the next best pair. Ties go to the smallest pair `(a, b)`, so
    /// training is deterministic.
    public static func train(_ text: String, vocabSize: Int, specials: [String] = [BPETokenizer.endOfText],
                             onMerge: ((MergeStep) throws -> Void)? = nil) throws -> BPETokenizer {
        let targetMerges = vocabSize - 256 - specials.count
        guard targetMerges >= 0 else {
            throw LabError("vocabulary size \(vocabSize) is too small: byte-level BPE needs 256 byte tokens + \(specials.count) special token(s)")
        }
        // 1. Distinct words (pre-split chunks) with their frequencies.
        var wordIndex: [ArraySlice<UInt8>: Int] = [:]
        var words: [[Int32]] = []
        var freq: [Int] = []
        var utf8 = Array(text.utf8)
        utf8.withUnsafeMutableBufferPointer { buf in
            PreTokenizer.split(UnsafeBufferPointer(buf)) { r in
                let key = ArraySlice(buf[r])
                if let w = wordIndex[key] { freq[w] += 1 } else {
                    wordIndex[key] = words.count
                    words.append(key.map { Int32($0) })
                    freq.append(1)
                }
            }
        }
        wordIndex = [:]
        // 2. Initial pair counts, and which words hold each pair.
        var pairCount: [UInt64: Int] = [:]
        var pairWords: [UInt64: [Int32]] = [:]
        var tokens = 0
        for (w, word) in words.enumerated() {
            tokens += word.count * freq[w]
            guard word.count > 1 else { continue }
            var seen = Set<UInt64>()
            for i in 0..<(word.count - 1) {
                let k = key(word[i], word[i + 1])
                pairCount[k, default: 0] += freq[w]
                if seen.insert(k).inserted { pairWords[k, default: []].append(Int32(w)) }
            }
        }
        var heap = MinHeap<PairCount>()
        for (k, c) in pairCount { heap.push(PairCount(count: c, key: k)) }

        // 3. Merge, best pair first. Each merge site (… p a b n …) → (… p X n …) changes only
        //    the counts of its neighbouring pairs: (p,a) (a,b) (b,n) go down, (p,X) (X,n) go up.
        var merges: [(Int32, Int32)] = []
        var lastVisit = [Int](repeating: -1, count: words.count)
        var changed = Set<UInt64>()          // pairs whose count moved during this merge
        var created = Set<UInt64>()          // pairs with X that one word gained
        while merges.count < targetMerges {
            // entries whose count no longer matches their pair's are stale: skip them
            var best: PairCount?
            while let top = heap.pop() { if pairCount[top.key] == top.count { best = top; break } }
            guard let (count, k) = best.map({ ($0.count, $0.key) }), count >= 2 else { break }
            let a = Int32(truncatingIfNeeded: k >> 32), b = Int32(truncatingIfNeeded: k & 0xFFFF_FFFF)
            let r = merges.count
            let newID = Int32(256 + r)
            merges.append((a, b))
            changed.removeAll(keepingCapacity: true)
            func bump(_ pk: UInt64, _ by: Int) {
                pairCount[pk, default: 0] += by
                changed.insert(pk)
            }
            for w32 in pairWords.removeValue(forKey: k) ?? [] {
                let w = Int(w32)
                guard lastVisit[w] != r else { continue }
                lastVisit[w] = r
                let f = freq[w]
                var word: [Int32] = []
                swap(&word, &words[w])      // take it out, so merging in place does not copy
                created.removeAll(keepingCapacity: true)
                var out = 0, i = 0
                let n = word.count
                while i < n {
                    if i + 1 < n && word[i] == a && word[i + 1] == b {
                        // word[out - 1] is the already-rewritten left neighbour (maybe an X)
                        if out > 0 {
                            let p = word[out - 1]
                            bump(key(p, a), -f)
                            bump(key(p, newID), f)
                            created.insert(key(p, newID))
                        }
                        if i + 2 < n {
                            let nx = word[i + 2]
                            bump(key(b, nx), -f)
                            bump(key(newID, nx), f)
                            created.insert(key(newID, nx))
                        }
                        bump(k, -f)
                        word[out] = newID
                        i += 2
                    } else {
                        word[out] = word[i]
                        i += 1
                    }
                    out += 1
                }
                tokens -= (n - out) * f
                word.removeLast(n - out)
                words[w] = word
                for pk in created { pairWords[pk, default: []].append(w32) }
            }
            pairCount[k] = nil
            for pk in changed { if let c = pairCount[pk], c > 0 { heap.push(PairCount(count: c, key: pk)) } }
            try onMerge?(MergeStep(rank: r, pair: (a, b), count: count, tokens: tokens))
        }
        return BPETokenizer(merges: merges, specials: specials)
    }

    // MARK: Encoding

    /// Encodes ordinary text. Text that spells a special token ("<|endoftext|>") is encoded as
    /// ordinary bytes: special tokens are only produced by `encode(_:allowingSpecials:)` or
    /// appended by the caller.
    public func encode(_ text: String) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(text.utf8.count / 3)
        var scratch = MergeScratch()
        var utf8 = Array(text.utf8)
        utf8.withUnsafeMutableBufferPointer { buf in
            let b = UnsafeBufferPointer(buf)
            PreTokenizer.split(b) { r in encodeChunk(UnsafeBufferPointer(rebasing: b[r]), &scratch, into: &out) }
        }
        return out
    }

    /// Encodes text in which special-token names stand for the special tokens themselves.
    /// Matching is on UTF-8 bytes, so a name followed by, say, a combining accent still counts.
    public func encode(_ text: String, allowingSpecials: Bool) -> [Int32] {
        guard allowingSpecials, !specials.isEmpty else { return encode(text) }
        let bytes = Array(text.utf8)
        let names = specials.map { Array($0.utf8) }
        var out: [Int32] = []
        var start = 0, i = 0
        while i < bytes.count {
            if let s = names.firstIndex(where: { !$0.isEmpty && bytes[i...].starts(with: $0) }) {
                out += encode(String(decoding: bytes[start..<i], as: UTF8.self))
                out.append(Int32(256 + merges.count + s))
                i += names[s].count
                start = i
            } else {
                i += 1
            }
        }
        out += encode(String(decoding: bytes[start...], as: UTF8.self))
        return out
    }

    private func encodeChunk(_ bytes: UnsafeBufferPointer<UInt8>, _ s: inout MergeScratch, into out: inout [Int32]) {
        s.merge(bytes.count, initial: { Int32(bytes[$0]) }, rank: { a, b in rank[BPETokenizer.key(a, b)] },
                merged: { 256 + $0 }, into: &out)
    }

    // MARK: Decoding

    /// The text of a token sequence. Token boundaries can split a character's UTF-8 bytes;
    /// only the whole sequence needs to be valid. Invalid bytes decode as U+FFFD.
    public func decode(_ ids: [Int32]) -> String {
        String(decoding: bytes(ids), as: UTF8.self)
    }

    public func bytes(_ ids: [Int32]) -> [UInt8] {
        var out: [UInt8] = []
        for id in ids where id >= 0 && Int(id) < tokenBytes.count { out += tokenBytes[Int(id)] }
        return out
    }

    /// A token shown for people: text where its bytes are valid UTF-8, `<e6>` for stray bytes,
    /// `␣` for a space and `↵` for a newline, special tokens by name.
    public func piece(_ id: Int32) -> String {
        guard id >= 0 && Int(id) < tokenBytes.count else { return "<?\(id)>" }
        if Int(id) >= 256 + merges.count { return specials[Int(id) - 256 - merges.count] }
        return TokenDisplay.show(tokenBytes[Int(id)])
    }
}

/// Buffers for merging one pre-split chunk, reused across chunks, and the merge itself.
struct MergeScratch {
    var tok: [Int32] = [], next: [Int32] = [], prev: [Int32] = []
    var heap = MinHeap<UInt64>()     // rank << 32 | position

    /// Merges the `n` symbols `initial(0..<n)`, lowest rank first (left to right among
    /// equals), where `rank(a, b)` is the rank of merging a and b (nil: never) and
    /// `merged(rank)` the token it makes. Merging a pair only creates pairs of higher rank, so
    /// this replays training exactly. A heap of candidate pairs makes long chunks O(n log n).
    @inline(__always)
    mutating func merge(_ n: Int, initial: (Int) -> Int32, rank: (Int32, Int32) -> Int32?, merged: (Int32) -> Int32,
                        into out: inout [Int32]) {
        if n == 1 { out.append(initial(0)); return }
        guard n > 1 else { return }
        tok.removeAll(keepingCapacity: true); next.removeAll(keepingCapacity: true)
        prev.removeAll(keepingCapacity: true); heap.removeAll(keepingCapacity: true)
        for i in 0..<n {
            tok.append(initial(i)); next.append(Int32(i + 1)); prev.append(Int32(i - 1))
        }
        for i in 0..<(n - 1) {
            if let r = rank(tok[i], tok[i + 1]) { heap.push(UInt64(r) << 32 | UInt64(i)) }
        }
        while let top = heap.pop() {
            let r = Int32(top >> 32), i = Int(top & 0xFFFF_FFFF)
            let j = Int(next[i])
            // Stale entry? (symbol i was absorbed, or its pair changed since it was pushed)
            guard tok[i] >= 0, j < n, rank(tok[i], tok[j]) == r else { continue }
            tok[i] = merged(r)
            tok[j] = -1
            let k = Int(next[j])
            next[i] = Int32(k)
            if k < n { prev[k] = Int32(i) }
            let p = Int(prev[i])
            if p >= 0, let rp = rank(tok[p], tok[i]) { heap.push(UInt64(rp) << 32 | UInt64(p)) }
            if k < n, let rk = rank(tok[i], tok[k]) { heap.push(UInt64(rk) << 32 | UInt64(i)) }
        }
        var i = 0
        while i < n { out.append(tok[i]); i = Int(next[i]) }
    }
}

/// A pair's count in BPE training, ordered so the smallest is the best merge: the highest
/// count first, then the smallest pair.
struct PairCount: Comparable {
    let count: Int, key: UInt64
    static func < (x: PairCount, y: PairCount) -> Bool { x.count > y.count || (x.count == y.count && x.key < y.key) }
}

/// A binary min-heap, `pop` giving the smallest element: BPE training's best pair, encoding's
/// lowest-ranked merge.
struct MinHeap<Element: Comparable> {
    private var items: [Element] = []

    @inline(__always)
    mutating func push(_ x: Element) {
        items.append(x)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard items[i] < items[p] else { break }
            items.swapAt(i, p); i = p
        }
    }

    @inline(__always)
    mutating func pop() -> Element? {
        guard let last = items.popLast() else { return nil }
        guard !items.isEmpty else { return last }
        let top = items[0]
        items[0] = last
        var i = 0
        let n = items.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < n && items[l] < items[m] { m = l }
            if r < n && items[r] < items[m] { m = r }
            if m == i { break }
            items.swapAt(i, m); i = m
        }
        return top
    }

    mutating func removeAll(keepingCapacity keep: Bool = false) { items.removeAll(keepingCapacity: keep) }
}
