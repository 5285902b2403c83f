import Foundation
import LabBase
import LabText
import LabNN

/// How a reply is decoded. Temperature 0 is greedy; beam > 1 is beam search (which ignores
/// temperature, top-k and top-p: it looks for the most probable reply, not a random one).
public struct DecodingOptions: OptionTable, Equatable {
    public var temperature: Float = 0.7
    public var topK = 40
    public var topP: Float = 0.95
    public var beam = 1
    /// Beam scores are log-probabilities divided by length^lengthPenalty (0: raw sums, which
    /// favour short replies; 1: per-token averages).
    public var lengthPenalty: Float = 1
    /// Scores of tokens already in the context are divided by this (if positive; multiplied if
    /// negative), so the model repeats itself less (1: off).
    public var repetitionPenalty: Float = 1.1
    public var maxNewTokens = 128
    public var seed: UInt64 = 1337

    public init() {}

    public static let fields: [OptionField<DecodingOptions>] = [
        .init("temperature", "sampling temperature (0: greedy, always the most likely token)", \.temperature),
        .init("top-k", "keep only the k most likely tokens (0: all)", \.topK),
        .init("top-p", "keep the smallest set of tokens whose probability reaches p (1: all); composes with --top-k", \.topP),
        .init("beam", "beam search with this many beams (1: sample instead)", \.beam),
        .init("length-penalty", "beam scores are log-probabilities / length^this (0: raw sums)", \.lengthPenalty),
        .init("repetition-penalty", "divide the scores of tokens already in the context by this (1: off)", \.repetitionPenalty),
        .init("max-new-tokens", "longest reply, in tokens", \.maxNewTokens),
        .init("seed", "seed of the sampler's random generator", \.seed),
    ]

    public func validate() throws {
        guard temperature >= 0, topK >= 0, topP > 0 && topP <= 1, (1...16).contains(beam), lengthPenalty >= 0,
              repetitionPenalty > 0, (1...4096).contains(maxNewTokens) else {
            throw LabError("need temperature ≥ 0, top-k ≥ 0, 0 < top-p ≤ 1, beam 1–16, length-penalty ≥ 0, repetition-penalty > 0, max-new-tokens 1–4096")
        }
    }

    public var summary: String {
        beam > 1 ? "beam \(beam), length-penalty \(lengthPenalty), repetition-penalty \(repetitionPenalty), max-new-tokens \(maxNewTokens)"
                 : "\(temperature == 0 ? "greedy" : "temperature \(temperature), top-k \(topK), top-p \(topP)"), repetition-penalty \(repetitionPenalty), max-new-tokens \(maxNewTokens), seed \(seed)"
    }
}

/// A conversation with a fine-tuned model: it keeps every message so far (as tokens) and drops
/// the oldest messages, one at a time, only when the context would overflow.
public final class ChatSession {
    public let model: GPT
    public let tokenizer: ChatTokenizer
    public var options: DecodingOptions {
        didSet { if options.seed != oldValue.seed { rng = RNG(seed: options.seed) } }
    }
    /// Earlier turns, each `<|user|> … <|end|>` or `<|assistant|> … <|end|>`.
    public private(set) var history: [[Int32]] = []
    private var rng: RNG

    public init(model: GPT, tokenizer: ChatTokenizer, options: DecodingOptions) {
        self.model = model
        self.tokenizer = tokenizer
        self.options = options
        rng = RNG(seed: options.seed)
    }

    public func clear() { history = [] }

    /// What one reply produced: its text, its tokens, the probability the model gave each
    /// chosen token, and the turns dropped to make room.
    public struct Reply {
        public let text: String
        public let tokens: [Int32]
        public let probabilities: [Float]
        public let droppedTurns: Int
    }

    /// Replies to `message`, calling `stream` with each new piece of text as it is decoded
    /// (never a special token; with beam search, the whole reply at the end).
    public func reply(to message: String, stream: (String) -> Void = { _ in }) -> Reply {
        let context = model.config.blockSize
        let question = [tokenizer.user] + tokenizer.encode(message) + [tokenizer.end]
        // room for the reply: drop the oldest turns first, then cut the message from the left
        let reserve = min(options.maxNewTokens, context / 2)
        var dropped = 0
        while !history.isEmpty && history.joined().count + question.count + 1 + reserve > context {
            history.removeFirst()
            dropped += 1
        }
        var prompt = Array((history.joined() + question + [tokenizer.assistant]).suffix(max(context - reserve, 1)))
        if prompt.isEmpty { prompt = [tokenizer.assistant] }
        let (tokens, probabilities) = options.beam > 1 ? beamSearch(prompt) : sample(prompt, stream: stream)
        let text = tokenizer.decode(tokens)
        if options.beam > 1 { stream(text) }
        history.append(question)
        history.append([tokenizer.assistant] + tokens + [tokenizer.end])
        return Reply(text: text, tokens: tokens, probabilities: probabilities, droppedTurns: dropped)
    }

    /// Scores after the repetition penalty on the tokens of `context` (CTRL's rule).
    func penalise(_ logits: UnsafeMutablePointer<Float>, seen context: [Int32]) {
        guard options.repetitionPenalty != 1 else { return }
        for id in Set(context) where Int(id) < tokenizer.vocabSize && id != tokenizer.end {
            let v = logits[Int(id)]
            logits[Int(id)] = v > 0 ? v / options.repetitionPenalty : v * options.repetitionPenalty
        }
    }

    /// Sampling (or greedy) through the KV cache, streaming decoded text.
    func sample(_ prompt: [Int32], stream: (String) -> Void) -> ([Int32], [Float]) {
        let vocab = tokenizer.vocabSize
        let stops: Set<Int32> = [tokenizer.end, tokenizer.user, tokenizer.assistant]
        var probabilities: [Float] = [], out: [Int32] = [], shown = ""
        let sampling = SamplingOptions(temperature: options.temperature, topK: options.topK, topP: options.topP)
        _ = Sampler.generate(model, prompt: prompt, count: options.maxNewTokens, options: sampling, stop: stops, rng: &rng,
                             adjust: { scores, window in penalise(scores, seen: window) },
                             onToken: { next, scores in
            probabilities.append(ChatSession.probability(of: next, in: scores, vocab: vocab))
            guard !stops.contains(next) else { return }
            out.append(next)
            // stream what decodes cleanly (a byte-level token can end inside a character)
            let text = tokenizer.decode(out)
            if !text.hasSuffix("\u{FFFD}") && text.count > shown.count && text.hasPrefix(shown) {
                stream(String(text.dropFirst(shown.count)))
                shown = text
            }
        })
        let text = tokenizer.decode(out)
        if text.count > shown.count && text.hasPrefix(shown) { stream(String(text.dropFirst(shown.count))) }
        return (out, probabilities)
    }

    static func probability(of id: Int32, in scores: UnsafePointer<Float>, vocab: Int) -> Float {
        let m = maximum(scores, count: vocab)
        return fastExp(scores[Int(id)] - m) / sumOfExp(scores, count: vocab, shift: m)
    }

    /// Beam search: keeps the `beam` most probable partial replies, extends each by its most
    /// probable next tokens, and returns the finished reply with the best length-normalised
    /// log-probability. Each live reply keeps its own KV cache, so extending it costs one
    /// position of work: a chosen continuation starts from a copy of its parent's cache. (Once
    /// a reply fills the context, its cache is rebuilt from the last `context` tokens at each
    /// step, which is what a full forward pass over that window reads.)
    func beamSearch(_ prompt: [Int32]) -> ([Int32], [Float]) {
        struct Hypothesis { var tokens: [Int32]; var logp: Float; var probs: [Float]; var parent: Int }
        let vocab = tokenizer.vocabSize, vp = model.config.paddedVocabSize, context = model.config.blockSize
        let width = options.beam
        func window(_ h: Hypothesis) -> [Int32] { Array((prompt + h.tokens).suffix(context)) }
        /// A live reply's cache and the scores for its next token.
        final class Beam {
            let cache: KVCache
            var scores: [Float]
            init(_ model: GPT, vp: Int) { cache = KVCache(model); scores = [Float](repeating: 0, count: vp) }
        }
        func read(_ tokens: [Int32], into beam: Beam) {
            let logits = model.forward(tokens, cache: beam.cache)
            beam.scores.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: logits.pointer + (tokens.count - 1) * vp, count: vp) }
        }
        var live = [Hypothesis(tokens: [], logp: 0, probs: [], parent: 0)], finished: [Hypothesis] = []
        var beams = [Beam(model, vp: vp)]
        read(window(live[0]), into: beams[0])
        var spare: [Beam] = []                  // caches no longer live, for reuse
        func score(_ h: Hypothesis) -> Float { h.logp / pow(Float(max(h.tokens.count, 1)), options.lengthPenalty) }
        for _ in 0..<options.maxNewTokens {
            var candidates: [Hypothesis] = []
            for (i, h) in live.enumerated() {
                var scores = beams[i].scores
                scores.withUnsafeMutableBufferPointer { buf in
                    let p = buf.baseAddress!
                    penalise(p, seen: window(h))
                    let m = maximum(p, count: vocab)
                    let logZ = log(sumOfExp(p, count: vocab, shift: m)) + m
                    for id in Sampler.largest(p, count: vocab, k: width) {
                        let lp = p[id] - logZ
                        candidates.append(Hypothesis(tokens: h.tokens + [Int32(id)], logp: h.logp + lp, probs: h.probs + [exp(lp)], parent: i))
                    }
                }
            }
            candidates.sort { $0.logp > $1.logp }
            var next: [Hypothesis] = []
            for c in candidates {
                let last = c.tokens.last!
                if last == tokenizer.end || last == tokenizer.user || last == tokenizer.assistant {
                    finished.append(Hypothesis(tokens: Array(c.tokens.dropLast()), logp: c.logp, probs: c.probs, parent: c.parent))
                } else if next.count < width {
                    next.append(c)
                }
                if next.count == width { break }
            }
            // each chosen reply continues from its parent's cache, extended by its new token
            var nextBeams: [Beam] = []
            for c in next {
                let beam = spare.popLast() ?? Beam(model, vp: vp)
                let parent = beams[c.parent]
                if parent.cache.count < context {
                    beam.cache.copy(from: parent.cache)
                    read([c.tokens.last!], into: beam)
                } else {
                    beam.cache.reset()
                    read(window(c), into: beam)
                }
                nextBeams.append(beam)
            }
            spare += beams
            beams = nextBeams
            live = next
            // stop when no live beam can still beat the best finished one
            if let best = finished.map(score).max(), live.allSatisfy({ score($0) < best }) { break }
            if live.isEmpty { break }
        }
        let all = finished + live
        let best = all.max { score($0) < score($1) }!
        return (best.tokens, best.probs)
    }
}
