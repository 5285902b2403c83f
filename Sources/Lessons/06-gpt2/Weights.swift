import Foundation
import LLMLab

// The inputs of the tour's section "GPT-2's own weights" (main.swift): GPT-2 from --model with
// its tokenizer and its tokens, or, without --model, random weights in GPT-2 124M's shape on
// the tokens of the tour's own tokenizer. Not part of the chapter.

/// What the section works on, read and checked before the tour writes anything.
final class GPT2Inputs {
    /// The weights read from --model; nil: random weights, made when the section runs (so
    /// they take no memory before).
    var model: GPT?
    /// No --model: random weights.
    let isRandom: Bool
    /// Where the weights come from, as the section says it.
    let weights: String
    let tokenizer: any Tokenizer
    /// Which tokenizer, and how it encoded the text.
    let tokenization: String
    let train: [Int32], val: [Int32]
    /// Where the tokens come from.
    let data: String
    /// Rows and tokens per row of a batch (the context is cut to the model's, if shorter).
    let batch: Int, length: Int

    init(model: GPT?, weights: String, tokenizer: any Tokenizer, tokenization: String, train: [Int32], val: [Int32], data: String,
         batch: Int, length: Int) {
        self.model = model; self.isRandom = model == nil; self.weights = weights; self.tokenizer = tokenizer; self.tokenization = tokenization
        self.train = train; self.val = val; self.data = data
        self.batch = batch; self.length = min(length, model?.config.blockSize ?? length)
        // one validation batch and one training window at least
        if val.count <= batch * self.length { fail("\(data): its validation part has \(val.count) tokens; the section needs more than \(batch) × \(self.length)") }
        if train.count <= self.length { fail("\(data): its training part has \(train.count) tokens; the section needs more than \(self.length)") }
    }

    /// The model to work on: the one read, or random weights in GPT-2 124M's shape (with
    /// `--quick`, a 2-layer model of width 64 with GPT-2's vocabulary, so CI stays fast).
    func takeModel(seed: UInt64, quick: Bool) -> GPT {
        if let model { self.model = nil; return model }
        let shape = quick ? GPTConfig(vocabSize: 50257, paddedVocabSize: GPTConfig.padded(50257), blockSize: 64, layers: 2, heads: 2, channels: 64)
                          : GPTConfig.Preset.gpt2_124m.config
        var rng = RNG(seed: seed)
        let model = GPT(shape)
        model.initialize(&rng)
        return model
    }

    /// Ids as text; ids beyond the tokenizer's vocabulary (random weights pick any of GPT-2's
    /// 50257, the tour's tokenizer knows far fewer) show as `<id>`, newlines as ⏎.
    func show(_ ids: [Int32]) -> String {
        var out = "", known: [Int32] = []
        for id in ids {
            if Int(id) < tokenizer.vocabSize { known.append(id); continue }
            out += tokenizer.decode(known) + "<\(id)>"
            known = []
        }
        out += tokenizer.decode(known)
        return out.replacingOccurrences(of: "\n", with: " ⏎ ")
    }
}

/// The text the section measures on: --text, else tiny Shakespeare where `scripts/setup` put
/// it, else the built-in corpus.
func gpt2Text(_ tour: TourOptions) -> Corpus {
    if let path = tour.text { return must(try Corpus.load(path)) }
    if FileManager.default.fileExists(atPath: TourOptions.defaultText) { return must(try Corpus.load(TourOptions.defaultText)) }
    return Corpus.builtin(tour.train.train.lang)
}

/// Reads --model with its tokenizer and tokens (every problem a one-line error); without
/// --model, the tour's tokenizer on the text.
func readGPT2Inputs(_ tour: TourOptions, tourTokenizer: any Tokenizer, batch: Int, length: Int) -> GPT2Inputs {
    let setup = tour.train
    guard let path = setup.model else {
        let corpus = gpt2Text(tour)
        let (a, b) = must(try corpus.split(trainFraction: setup.train.trainFraction))
        return GPT2Inputs(model: nil, weights: "random (seed \(setup.train.seed)), not GPT-2's: no --model given",
                          tokenizer: tourTokenizer,
                          tokenization: "the tour's \(tourTokenizer.kind) tokenizer (\(tourTokenizer.vocabSize) tokens): the lab has no copy of GPT-2's",
                          train: tourTokenizer.encode(a), val: tourTokenizer.encode(b), data: corpus.source, batch: batch, length: length)
    }
    // an llm.c file, a Hugging Face GPT-2 directory, or any model the lab reads
    let read = must(try ModelInput.read(path))
    let model = read.model
    if let difference = HuggingFace.gpt2Difference(model.config) { fail("\(path): not GPT-2's architecture: the model has \(difference)") }
    let tokenizer: any Tokenizer
    var how: String
    if let file = setup.tokenizer {
        tokenizer = must(try LLMCTokenizer.read(file))
        how = "\(file) (llm.c tokenizer file, \(tokenizer.vocabSize) tokens)"
    } else if let own = read.tokenizer {
        tokenizer = own
        how = "the model's own (\(own.kind), \(own.vocabSize) tokens)"
    } else {
        fail("\(path) (\(read.kind.rawValue)) carries no tokenizer; give --tokenizer FILE (llm.c's gpt2_tokenizer.bin)", code: 64)
    }
    guard tokenizer.vocabSize == model.config.vocabSize else {
        fail("the tokenizer has \(tokenizer.vocabSize) tokens but \(path) has a vocabulary of \(model.config.vocabSize): they must be the same", code: 64)
    }
    if let t = setup.trainTokens, let v = setup.valTokens {
        let train = must(try TokenFile.read(t)), val = must(try TokenFile.read(v))
        for (file, tokens) in [(t, train), (v, val)] {
            if let bad = tokens.first(where: { Int($0) >= model.config.vocabSize }) {
                fail("\(file): token id \(bad) is outside the model's vocabulary (\(model.config.vocabSize))")
            }
        }
        return GPT2Inputs(model: model, weights: "\(path) (\(read.kind.rawValue))", tokenizer: tokenizer, tokenization: how + ", to decode",
                          train: train, val: val, data: "\(t) + \(v)", batch: batch, length: length)
    }
    if tokenizer is LLMCTokenizer { how += ", encoding by longest match (not GPT-2's merges: give --train and --val for GPT-2's own tokens)" }
    let corpus = gpt2Text(tour)
    let (a, b) = must(try corpus.split(trainFraction: setup.train.trainFraction))
    return GPT2Inputs(model: model, weights: "\(path) (\(read.kind.rawValue))", tokenizer: tokenizer, tokenization: how,
                      train: tokenizer.encode(a), val: tokenizer.encode(b), data: corpus.source, batch: batch, length: length)
}

/// llm.c's validation batches: `count` batches of `b` rows of `t` tokens, one after another
/// from the start of `tokens` (each batch's targets are its inputs shifted by one), as many as
/// the tokens hold.
func firstBatches(_ tokens: [Int32], count: Int, batch b: Int, length t: Int) -> [(inputs: [Int32], targets: [Int32])] {
    let n = min(count, (tokens.count - 1) / (b * t))
    return (0..<max(n, 0)).map { k in
        let start = k * b * t
        return (Array(tokens[start..<(start + b * t)]), Array(tokens[(start + 1)...(start + b * t)]))
    }
}

extension GPT2Inputs {
    /// The share of the model's probability, averaged over the positions of `batch`, that
    /// falls on ids the tokenizer never produces (nil when it produces all the model's ids).
    func unusedShare(_ model: GPT, _ batch: (inputs: [Int32], targets: [Int32])) -> Double? {
        let v = model.config.vocabSize, vp = model.config.paddedVocabSize, used = tokenizer.vocabSize
        guard used < v else { return nil }
        var rng = RNG(seed: 0)
        let logits = model.forward(batch.inputs, batch: batch.inputs.count / length, length: length, rng: &rng)
        var share = 0.0
        for row in 0..<batch.inputs.count {
            let p = logits.pointer + row * vp
            var top = -Float.infinity
            for j in 0..<v { top = max(top, p[j]) }
            var all = 0.0, unused = 0.0
            for j in 0..<v {
                let e = Double(expf(p[j] - top))
                all += e
                if j >= used { unused += e }
            }
            share += unused / all
        }
        return share / Double(batch.inputs.count)
    }
}
