import Foundation
import LabBase

/// How the next token is chosen from the model's scores.
///
/// Greedy takes the highest score. Otherwise the scores are divided by the temperature (below
/// 1: sharper, above 1: flatter), turned into probabilities, cut to the `topK` most likely
/// and then to the smallest set whose probability reaches `topP` (both filters compose), and
/// one token is drawn with the run's RNG.
public struct SamplingOptions: Equatable, Sendable {
    public var temperature: Float = 1          // 0 means greedy
    public var topK: Int = 0                   // 0: no limit
    public var topP: Float = 1                 // 1: no limit

    public init(temperature: Float = 1, topK: Int = 0, topP: Float = 1) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
    }

    public static let greedy = SamplingOptions(temperature: 0)
}

public enum Sampler {
    /// Picks a token from one row of logits (the first `vocab` entries count).
    public static func pick(_ logits: UnsafePointer<Float>, vocab: Int, options: SamplingOptions, rng: inout RNG) -> Int32 {
        if options.temperature <= 0 {
            var best = 0
            for j in 1..<vocab where logits[j] > logits[best] { best = j }
            return Int32(best)
        }
        let (probs, total) = candidates(logits, vocab: vocab, options: options)
        // scores that are not finite (a damaged model) leave no distribution to draw from: then
        // the highest finite score wins, as greedy decoding would choose
        guard total.isFinite, total > 0, probs.allSatisfy({ $0.1.isFinite }) else {
            var best: Int32 = 0, top = -Float.infinity
            for j in 0..<vocab where logits[j].isFinite && logits[j] > top { best = Int32(j); top = logits[j] }
            return best
        }
        let chosen = rng.categorical(probs.map(\.1))
        return probs[chosen].0
    }

    /// The tokens a non-greedy pick draws from, with their weights: e^(score / temperature)
    /// relative to the top score. With top-k, the `topK` most likely, most likely first; then,
    /// with top-p, the fewest of those (or of all, most likely first) whose share of the
    /// weight reaches `topP`. `total` is the weight after top-k, before top-p. Plain sampling
    /// keeps every token, in id order.
    ///
    /// Nothing sorts the whole vocabulary: top-k selects its k with a small heap, and top-p
    /// alone selects a most-likely-first prefix that grows until it holds the share it needs.
    static func candidates(_ logits: UnsafePointer<Float>, vocab: Int, options: SamplingOptions) -> (probs: [(Int32, Float)], total: Float) {
        var m = -Float.infinity
        for j in 0..<vocab { m = max(m, logits[j]) }
        var weights = [Float](repeating: 0, count: vocab)
        for j in 0..<vocab { weights[j] = expf((logits[j] - m) / options.temperature) }
        let topK = options.topK > 0 && options.topK < vocab ? options.topK : vocab
        if topK == vocab && options.topP >= 1 {
            return (weights.enumerated().map { (Int32($0.offset), $0.element) }, weights.reduce(0, +))
        }
        if topK < vocab {
            var probs = weights.withUnsafeBufferPointer { largest($0.baseAddress!, count: vocab, k: topK) }.map { (Int32($0), weights[$0]) }
            let total = probs.reduce(Float(0)) { $0 + $1.1 }
            if options.topP < 1 { probs.removeLast(probs.count - nucleus(probs, total: total, share: options.topP)) }
            return (probs, total)
        }
        // top-p alone: a prefix of the most likely, grown until it covers the share
        let total = weights.reduce(0, +)
        var k = min(vocab, 256)
        while true {
            let probs = weights.withUnsafeBufferPointer { largest($0.baseAddress!, count: vocab, k: k) }.map { (Int32($0), weights[$0]) }
            let keep = nucleus(probs, total: total, share: options.topP)
            if keep < probs.count || k == vocab { return (Array(probs.prefix(keep)), total) }
            k = min(vocab, k * 4)
        }
    }

    /// How many of `probs` (most likely first) top-p keeps: the fewest whose share of `total`
    /// reaches `share` (all of them if they never do).
    static func nucleus(_ probs: [(Int32, Float)], total: Float, share: Float) -> Int {
        var cumulative: Float = 0, keep = 0
        for (_, p) in probs {
            cumulative += p / total
            keep += 1
            if cumulative >= share { return keep }
        }
        return keep
    }

    /// The indices of the `k` largest of `values[0..<count]`, largest first, ties to the
    /// smaller index: what sorting all of them and taking `k` would give, in O(count log k).
    /// NaN counts as smaller than any number.
    public static func largest(_ values: UnsafePointer<Float>, count: Int, k: Int) -> [Int] {
        let k = min(max(k, 0), count)
        guard k > 0 else { return [] }
        // `a` ranks below `b`: smaller value, or the same value and a larger index
        @inline(__always) func below(_ a: Int, _ b: Int) -> Bool {
            let x = values[a], y = values[b]
            if x.isNaN != y.isNaN { return x.isNaN }
            return x < y || (!(x > y) && a > b)
        }
        var heap: [Int] = []                        // a min-heap by `below`: its root is the weakest kept
        heap.reserveCapacity(k)
        func siftDown(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1, r = l + 1
                var weakest = i
                if l < heap.count && below(heap[l], heap[weakest]) { weakest = l }
                if r < heap.count && below(heap[r], heap[weakest]) { weakest = r }
                if weakest == i { return }
                heap.swapAt(i, weakest)
                i = weakest
            }
        }
        for j in 0..<count {
            if heap.count < k {
                heap.append(j)
                var i = heap.count - 1
                while i > 0 {
                    let p = (i - 1) / 2
                    guard below(heap[i], heap[p]) else { break }
                    heap.swapAt(i, p)
                    i = p
                }
            } else if below(heap[0], j) {
                heap[0] = j
                siftDown(0)
            }
        }
        return heap.sorted { below($1, $0) }
    }

    /// The probability `pick` gives each token under `options`, for every token of the
    /// vocabulary (0 for the ones temperature, top-k or top-p rule out). Greedy puts all of it
    /// on the highest score.
    public static func distribution(_ logits: UnsafePointer<Float>, vocab: Int, options: SamplingOptions) -> [Float] {
        var out = [Float](repeating: 0, count: vocab)
        if options.temperature <= 0 {
            var best = 0
            for j in 1..<vocab where logits[j] > logits[best] { best = j }
            out[best] = 1
            return out
        }
        let probs = candidates(logits, vocab: vocab, options: options).probs
        let kept = probs.reduce(Float(0)) { $0 + $1.1 }
        guard kept.isFinite, kept > 0 else { return out }
        for (id, p) in probs { out[Int(id)] = p / kept }
        return out
    }

    /// Continues `prompt` by `count` tokens with a KV cache (one position of work per token).
    /// When the context fills up, the cache is rebuilt from the most recent half of it, so the
    /// model always sees at least half a context of history. Stops early at `stop` tokens.
    /// `adjust` may change the scores before each pick (given the tokens in the context: a
    /// repetition penalty); `onToken` sees each picked token and its scores (the stop token too).
    public static func generate(_ model: GPT, prompt: [Int32], count: Int, options: SamplingOptions,
                                stop: Set<Int32> = [], rng: inout RNG,
                                adjust: (UnsafeMutablePointer<Float>, [Int32]) -> Void = { _, _ in },
                                onToken: (Int32, UnsafePointer<Float>) -> Void = { _, _ in }) -> [Int32] {
        guard count > 0, !prompt.isEmpty else { return [] }
        let context = model.config.blockSize, vp = model.config.paddedVocabSize
        let cache = KVCache(model)
        var tokens = Array(prompt.suffix(context))
        var logits = model.forward(tokens, cache: cache)
        var last = tokens.count - 1                       // the row of `logits` that predicts the next token
        var out: [Int32] = []
        for _ in 0..<count {
            let scores = logits.pointer + last * vp
            adjust(scores, tokens)
            let next = pick(scores, vocab: model.config.vocabSize, options: options, rng: &rng)
            onToken(next, scores)
            if stop.contains(next) { break }
            tokens.append(next)
            out.append(next)
            if cache.count == context {                    // full: keep the newest half
                cache.reset()
                tokens = Array(tokens.suffix(context / 2 + 1))
                logits = model.forward(tokens, cache: cache)
                last = tokens.count - 1
            } else {
                logits = model.forward([next], cache: cache)
                last = 0
            }
        }
        return out
    }
}
