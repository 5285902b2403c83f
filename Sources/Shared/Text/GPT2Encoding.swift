import Foundation
import LabBase

/// The fast path of GPT-2's encoder: a merge table without Swift's hashing, a cache of chunks
/// already encoded, and encoding split across threads. The ids are exactly the plain
/// procedure's (tests hold both to tiktoken).
///
/// Most of a text's chunks are words it has used before (" the", " and", "\n"), so most
/// chunks are looked up, not merged: the first time a chunk is seen its tokens are stored,
/// keyed by its bytes, and every later time they are copied out.

/// Merge ranks keyed by the pair (a, b), open addressing with linear probing.
struct PairTable {
    private var keys: [UInt64]
    private var ranks: [Int32]
    private let mask: Int
    static let empty = UInt64.max                   // never a key: ids are below 2³¹

    /// The pairs in rank order (a pair listed twice keeps its later rank).
    init(_ pairs: [UInt64]) {
        var capacity = 16
        while capacity < pairs.count * 2 { capacity *= 2 }
        mask = capacity - 1
        keys = [UInt64](repeating: Self.empty, count: capacity)
        ranks = [Int32](repeating: 0, count: capacity)
        for (rank, key) in pairs.enumerated() {
            var i = Self.slot(key, mask)
            while keys[i] != Self.empty && keys[i] != key { i = (i + 1) & mask }
            keys[i] = key
            ranks[i] = Int32(rank)
        }
    }

    @inline(__always) static func slot(_ key: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask }

    /// The rank of merging (a, b), or nil.
    @inline(__always) func rank(_ a: Int32, _ b: Int32) -> Int32? {
        let key = UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b))
        return keys.withUnsafeBufferPointer { k in
            var i = Self.slot(key, mask)
            while true {
                let here = k[i]
                if here == key { return ranks.withUnsafeBufferPointer { $0[i] } }
                if here == Self.empty { return nil }
                i = (i + 1) & mask
            }
        }
    }
}

/// Chunks already encoded, keyed by their bytes: open addressing over (hash, where the bytes
/// are, where the tokens are). Grows by doubling up to `limit` entries, then stops adding.
struct ChunkCache {
    private struct Entry { var hash: UInt64 = 0, byteStart: Int32 = -1, byteCount: Int32 = 0, tokenStart: Int32 = 0, tokenCount: Int32 = 0 }
    private var entries: [Entry]
    private var mask: Int
    private var used = 0
    private var bytes: [UInt8] = []
    private(set) var tokens: [Int32] = []
    static let longest = 48                            // longer chunks are rare: merged every time
    static let limit = 1 << 18

    init() {
        entries = [Entry](repeating: Entry(), count: 1024)
        mask = 1023
    }

    @inline(__always) static func hash(_ chunk: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(chunk.count)
        var i = 0
        let n = chunk.count, base = chunk.baseAddress!
        while i + 8 <= n {
            h = (h ^ UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) &* 0x0000_0100_0000_01B3
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0, shift: UInt64 = 0
        while i < n { tail |= UInt64(base[i]) << shift; shift += 8; i += 1 }
        h = (h ^ tail) &* 0x0000_0100_0000_01B3
        h ^= h >> 32
        return h &* 0x9E37_79B9_7F4A_7C15
    }

    /// Where the tokens of `chunk` (hash `h`) are in `tokens`, if it was seen before.
    @inline(__always) func find(_ chunk: UnsafeBufferPointer<UInt8>, _ h: UInt64) -> Range<Int>? {
        entries.withUnsafeBufferPointer { e in
            var i = Int(truncatingIfNeeded: h >> 20) & mask
            while e[i].byteStart >= 0 {
                if e[i].hash == h && Int(e[i].byteCount) == chunk.count {
                    let start = Int(e[i].byteStart)
                    let same = bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, chunk.baseAddress!, chunk.count) == 0 }
                    if same { return Int(e[i].tokenStart)..<Int(e[i].tokenStart + e[i].tokenCount) }
                }
                i = (i + 1) & mask
            }
            return nil
        }
    }

    /// Remembers that `chunk` (hash `h`) encodes as `ids`.
    mutating func add(_ chunk: UnsafeBufferPointer<UInt8>, _ h: UInt64, _ ids: ArraySlice<Int32>) {
        guard used < Self.limit else { return }
        if (used + 1) * 4 > entries.count * 3 { grow() }
        let entry = Entry(hash: h, byteStart: Int32(bytes.count), byteCount: Int32(chunk.count),
                          tokenStart: Int32(tokens.count), tokenCount: Int32(ids.count))
        bytes.append(contentsOf: chunk)
        tokens.append(contentsOf: ids)
        insert(entry)
        used += 1
    }

    private mutating func insert(_ entry: Entry) {
        var i = Int(truncatingIfNeeded: entry.hash >> 20) & mask
        while entries[i].byteStart >= 0 { i = (i + 1) & mask }
        entries[i] = entry
    }

    private mutating func grow() {
        let old = entries
        entries = [Entry](repeating: Entry(), count: old.count * 2)
        mask = entries.count - 1
        for e in old where e.byteStart >= 0 { insert(e) }
    }
}

extension GPT2Tokenizer {
    /// Encodes `text` on `workers` threads (default: one). The text is cut only where a chunk
    /// must begin whatever came before (after a newline, before an ASCII letter), each part is
    /// encoded with its own cache, and the parts' ids are joined: the same ids as one thread.
    public func encode(_ text: String, workers: Int) -> [Int32] { encode(text, workers: workers, minimumPart: 65_536) }

    func encode(_ text: String, workers: Int, minimumPart: Int) -> [Int32] {
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { buf -> [Int32] in
            let b = UnsafeBufferPointer(buf)
            let cuts = Self.cutPoints(b, parts: max(1, workers), minimumPart: minimumPart)
            if cuts.count == 2 { return encodeBytes(b) }
            var pieces = [[Int32]](repeating: [], count: cuts.count - 1)
            pieces.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let out = out
                Parallel.run(cuts.count - 1) { p in
                    out[p] = encodeBytes(UnsafeBufferPointer(rebasing: b[cuts[p]..<cuts[p + 1]]))
                }
            }
            return Array(pieces.joined())
        }
    }

    /// Up to `parts` + 1 cut positions (first 0, last the end) at which the pre-splitter starts
    /// a chunk whatever came before: just after a newline and before an ASCII letter. (The
    /// newline ends any whitespace run there, a letter cannot continue a chunk that ends in a
    /// newline, and no leading space can be borrowed.) Parts shorter than `minimumPart` bytes
    /// (64 KB from the public entry) are not worth a thread.
    static func cutPoints(_ b: UnsafeBufferPointer<UInt8>, parts: Int, minimumPart: Int) -> [Int] {
        let n = b.count
        let count = min(parts, max(1, n / max(1, minimumPart)))
        var cuts = [0]
        for p in 1..<max(1, count) {
            var i = max(cuts.last! + 1, n * p / count)
            while i < n && !(b[i - 1] == 0x0A && ((b[i] | 0x20) >= 0x61 && (b[i] | 0x20) <= 0x7A)) { i += 1 }
            if i < n { cuts.append(i) }
        }
        cuts.append(n)
        return cuts
    }

    /// Encodes valid UTF-8 bytes: pre-split, then each chunk from the cache or by merging.
    func encodeBytes(_ b: UnsafeBufferPointer<UInt8>) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(b.count / 3)
        var scratch = MergeScratch()
        var cache = ChunkCache()
        var fresh: [Int32] = []
        let table = pairTable
        PreTokenizer.split(b) { r in
            let chunk = UnsafeBufferPointer(rebasing: b[r])
            if chunk.count == 1 { out.append(byteTokenOf(chunk[0])); return }
            let cacheable = chunk.count <= ChunkCache.longest
            let h = cacheable ? ChunkCache.hash(chunk) : 0
            if cacheable, let found = cache.find(chunk, h) {
                cache.tokens.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[found])) }
                return
            }
            fresh.removeAll(keepingCapacity: true)
            scratch.merge(chunk.count, initial: { byteTokenOf(chunk[$0]) }, rank: { a, c in table.rank(a, c) },
                          merged: { mergedByRankOf($0) }, into: &fresh)
            out.append(contentsOf: fresh)
            if cacheable { cache.add(chunk, h, fresh[...]) }
        }
        return out
    }
}
