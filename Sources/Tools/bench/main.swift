// bench — speed measurements that print their numbers with the machine they ran on.
//
//     swift run -c release bench tokenizer --data tinyshakespeare.txt
//     swift run -c release bench sgemm
//
// Benchmarks, not tests: they report, they do not assert. Numbers in the docs come from here.
import Foundation
import LLMLab

struct TokenizerBench: CommandOptions {
    static let command = "bench tokenizer"
    static let abstract = "BPE training time and encoding throughput."

    var data: String?
    var vocabSize = 1024
    var repeats = 5
    static let fields: [OptionField<TokenizerBench>] = [
        .init("data", "text file to train on and encode (default: the built-in corpora)", \.data),
        .init("vocab-size", "vocabulary size to train", \.vocabSize),
        .init("repeats", "repetitions; the median is reported", \.repeats),
    ]
    func validate() throws {
        guard (258...65_536).contains(vocabSize), (1...1000).contains(repeats) else { throw LabError("need 258 ≤ --vocab-size ≤ 65536 and 1 ≤ --repeats ≤ 1000") }
    }

    func run() throws {
        let corpus = try Corpus.load(data, orBuiltin: .both)
        let text = corpus.text
        let mb = Double(text.utf8.count) / 1e6
        print("machine: \(Machine.summary)")
        print("corpus:  \(corpus.source), \(text.utf8.count) bytes")
        var trainTimes: [Double] = [], encodeTimes: [Double] = []
        var tokens = 0
        var bpe: BPETokenizer!
        for _ in 0..<repeats {
            var clock = Stopwatch()
            bpe = try BPETokenizer.train(text, vocabSize: vocabSize)
            trainTimes.append(clock.seconds)
            clock.reset()
            tokens = bpe.encode(text).count
            encodeTimes.append(clock.seconds)
        }
        let train = median(trainTimes), encode = median(encodeTimes)
        print("train BPE to \(bpe.vocabSize) tokens: \(Narrative.fixed(train, 3)) s (median of \(repeats))")
        print("encode: \(Narrative.fixed(encode, 3)) s = \(Narrative.fixed(mb / encode, 1)) MB/s, \(tokens) tokens, \(Narrative.fixed(Double(text.utf8.count) / Double(tokens), 2)) bytes/token")
    }
}

struct GPT2TokenizerBench: CommandOptions {
    static let command = "bench gpt2-tokenizer"
    static let abstract = "GPT-2 encoding throughput on one thread and on several (the ids must agree)."

    var tokenizer: String?
    var data: String?
    var threads = [1, 2]
    var repeats = 5
    static let fields: [OptionField<GPT2TokenizerBench>] = [
        .init("tokenizer", "a directory with GPT-2's encoder.json and vocab.bpe (or vocab.json and merges.txt)", \.tokenizer),
        .init("data", "text file to encode (default: the built-in corpora)", \.data),
        .init("threads", "thread counts to time", \.threads),
        .init("repeats", "repetitions; the median is reported", \.repeats),
    ]
    func validate() throws {
        guard tokenizer != nil else { throw LabError("give --tokenizer DIR (GPT-2's encoder.json and vocab.bpe)") }
        guard (1...1000).contains(repeats), threads.allSatisfy({ (1...64).contains($0) }), !threads.isEmpty else {
            throw LabError("need 1 ≤ --repeats ≤ 1000 and thread counts in 1...64")
        }
    }

    func run() throws {
        let dir = tokenizer!
        let names = FileManager.default.fileExists(atPath: dir + "/encoder.json") ? ("encoder.json", "vocab.bpe") : ("vocab.json", "merges.txt")
        let t = try GPT2Tokenizer.load(encoder: dir + "/" + names.0, merges: dir + "/" + names.1)
        let text = try Corpus.load(data, orBuiltin: .both).text
        let mb = Double(text.utf8.count) / 1e6
        print("machine: \(Machine.summary)")
        print("text:    \(data ?? "built-in corpora"), \(text.utf8.count) bytes")
        let reference = t.encode(text)
        for n in threads {
            var times: [Double] = []
            for _ in 0..<repeats {
                var clock = Stopwatch()
                let ids = t.encode(text, workers: n)
                times.append(clock.seconds)
                guard ids == reference else { throw LabError("\(n) threads gave other ids than one: a bug") }
            }
            let m = median(times)
            print("encode, \(n) thread\(n == 1 ? "" : "s"): \(Narrative.fixed(m * 1000, 1)) ms = \(Narrative.fixed(mb / m, 1)) MB/s, \(reference.count) tokens (median of \(repeats))")
        }
    }
}

struct GenerateBench: CommandOptions {
    static let command = "bench generate"
    static let abstract = "Greedy decoding with the KV cache: tokens/s against the memory-bandwidth limit of reading every weight once per token."

    var model: String?
    var promptTokens = 11
    var newTokens = 128
    var threads = 2
    var repeats = 3
    var profile = false
    static let fields: [OptionField<GenerateBench>] = [
        .init("model", "any model the lab reads (default: GPT-2 124M's shape with random weights, seed 1)", \.model),
        .init("prompt-tokens", "length of the prompt (token ids 0, 1, 2, …)", \.promptTokens),
        .init("new-tokens", "tokens generated after it", \.newTokens),
        .init("threads", "BLAS threads", \.threads),
        .init("repeats", "repetitions; the median is reported", \.repeats),
        .init("profile", "also time each kind of work per generated token", \.profile),
    ]
    func validate() throws {
        guard (1...4096).contains(promptTokens), (1...4096).contains(newTokens), (1...256).contains(threads), (1...100).contains(repeats) else {
            throw LabError("need --prompt-tokens and --new-tokens in 1…4096, --threads 1…256, --repeats 1…100")
        }
    }

    func run() throws {
        BLAS.threads = threads
        let gpt: GPT
        if let model { gpt = try ModelInput.read(model).model } else {
            gpt = GPT(GPTConfig.Preset.gpt2_124m.config)
            var rng = RNG(seed: 1)
            gpt.initialize(&rng)
        }
        guard promptTokens + newTokens <= gpt.config.blockSize else { throw LabError("the prompt and the new tokens exceed the context of \(gpt.config.blockSize)") }
        let prompt = (0..<promptTokens).map { Int32($0 % gpt.config.vocabSize) }
        var rng = RNG(seed: 0)
        _ = Sampler.generate(gpt, prompt: prompt, count: 4, options: .greedy, rng: &rng)        // warm up
        var times: [Double] = []
        var tokens: [Int32] = []
        for _ in 0..<repeats {
            var clock = Stopwatch()
            tokens = Sampler.generate(gpt, prompt: prompt, count: newTokens, options: .greedy, rng: &rng)
            times.append(clock.seconds)
        }
        let seconds = median(times)
        let weightBytes = Double(gpt.parameters.reduce(0) { $0 + $1.count } * 4)
        let bandwidth = Self.bandwidth(threads: threads)
        print("machine: \(Machine.summary)")
        print("model:   \(model ?? "GPT-2 124M shape, random weights"), \(gpt.parameterCount) parameters, \(Narrative.fixed(weightBytes / 1e6, 0)) MB of fp32 weights")
        print("memory:  \(Narrative.fixed(bandwidth / 1e9, 1)) GB/s (a \(threads)-thread sum over 512 MB), so at most \(Narrative.fixed(bandwidth / weightBytes, 1)) tokens/s if each token reads every weight once")
        print("greedy:  \(tokens.count) tokens after a \(promptTokens)-token prompt in \(Narrative.fixed(seconds, 3)) s = \(Narrative.fixed(Double(tokens.count) / seconds, 1)) tokens/s (median of \(repeats), \(threads) threads), \(Narrative.fixed(100 * Double(tokens.count) / seconds / (bandwidth / weightBytes), 0))% of that limit")
        print("ids: \(tokens.prefix(16).map(String.init).joined(separator: " ")) …")
        if profile {
            let cache = KVCache(gpt)
            _ = gpt.forward(prompt, cache: cache)
            var next: Int32 = 0
            let (perToken, rows) = Profiler.profile(steps: min(newTokens, gpt.config.blockSize - promptTokens - 2), warmUp: 1) {
                let logits = gpt.forward([next], cache: cache)
                next = Sampler.pick(logits.pointer, vocab: gpt.config.vocabSize, options: .greedy, rng: &rng)
            }
            print("per token: \(Narrative.fixed(perToken * 1000, 2)) ms")
            for r in rows { print("  \(Narrative.pad(r.name, 40)) \(Narrative.fixed(r.seconds * 1000, 2)) ms") }
        }
    }

    /// Bytes per second that `threads` threads read summing a 512 MB buffer (best of three).
    static func bandwidth(threads: Int) -> Double {
        let count = 128 << 20                                   // floats: 512 MB
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: count)
        defer { buffer.deallocate() }
        for i in 0..<count { buffer[i] = Float(i & 7) }
        var best = 0.0
        for _ in 0..<3 {
            var sums = [Float](repeating: 0, count: threads)
            var clock = Stopwatch()
            sums.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let out = out
                Parallel.run(threads) { t in
                    let lo = count * t / threads, hi = count * (t + 1) / threads
                    var acc = SIMD16<Float>()
                    var i = lo
                    while i + 16 <= hi { acc += UnsafeRawPointer(buffer + i).loadUnaligned(as: SIMD16<Float>.self); i += 16 }
                    out[t] = acc.sum()
                }
            }
            let s = clock.seconds
            if sums.reduce(0, +) >= 0 { best = max(best, Double(count * 4) / s) }
        }
        return best
    }
}

struct SgemmBench: CommandOptions {
    static let command = "bench sgemm"
    static let abstract = "Measured sgemm GFLOP/s (the peak that model-FLOP utilisation is taken against)."

    var sizes = [256, 512, 1024, 2048]
    var threads = [1, 2]
    var shapes: [String] = []
    static let fields: [OptionField<SgemmBench>] = [
        .init("sizes", "square sizes to time", \.sizes),
        .init("threads", "thread counts to time", \.threads),
        .init("shapes", "rectangular shapes MxNxK (C is M × N, the sum runs over K), timed in all four transpose cases instead of the square sizes; e.g. 384x384x128, the shape of one worker's qkv product in the baby config", \.shapes),
    ]
    func validate() throws {
        guard sizes.allSatisfy({ (1...16_384).contains($0) }), threads.allSatisfy({ (1...256).contains($0) }) else {
            throw LabError("--sizes must be 1…16384 and --threads 1…256")
        }
        _ = try parsedShapes()
    }

    /// `--shapes` as [M, N, K], each 1…16384.
    func parsedShapes() throws -> [[Int]] {
        try shapes.map { text -> [Int] in
            let dims = text.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
            guard dims.count == 3, dims.allSatisfy({ (1...16_384).contains($0) }) else {
                throw LabError("--shapes: '\(text)' is not MxNxK with each of M, N, K in 1…16384, e.g. 384x384x128")
            }
            return dims
        }
    }

    func run() throws {
        let parsed = try parsedShapes()
        print("machine: \(Machine.summary)")
        for t in threads {
            BLAS.threads = t
            if parsed.isEmpty {
                for n in sizes {
                    print("threads \(t)  n \(n)  \(Narrative.fixed(Peak.sgemmGFLOPS(n: n), 1)) GFLOP/s")
                }
            }
            for d in parsed {
                let cases = [(false, false), (false, true), (true, false), (true, true)].map { ta, tb in
                    "\(ta ? "T" : "N")\(tb ? "T" : "N") \(Narrative.fixed(SgemmBench.gflops(m: d[0], n: d[1], k: d[2], transA: ta, transB: tb), 0))"
                }
                print("threads \(t)  \(d[0])x\(d[1])x\(d[2])  " + cases.joined(separator: "  ") + " GFLOP/s (best of repeated timings, caches warm)")
            }
        }
    }

    /// C (M × N) += op(A) op(B) in a tight loop: the best rate over half a second.
    static func gflops(m: Int, n: Int, k: Int, transA: Bool, transB: Bool) -> Double {
        var rng = RNG(seed: 0)
        let a = Tensor(shape: [m * k]), b = Tensor(shape: [k * n]), c = Tensor(shape: [m * n])
        a.fillNormal(&rng, std: 1); b.fillNormal(&rng, std: 1)
        let flops = 2 * Double(m) * Double(n) * Double(k)
        let calls = max(1, Int(2e7 / flops))              // about 20 MFLOP per timing
        func run() {
            for _ in 0..<calls {
                BLAS.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, a: a.pointer, b: b.pointer, beta: 1, c: c.pointer)
            }
        }
        run()
        var best = Double.infinity
        let total = Stopwatch()
        repeat {
            let clock = Stopwatch()
            run()
            best = min(best, clock.seconds / Double(calls))
        } while total.seconds < 0.5
        return flops / best / 1e9
    }
}

struct AttentionBench: CommandOptions {
    static let command = "bench attention"
    static let abstract = "Causal self-attention forward + backward at several sequence lengths."

    var lengths = [64, 256, 1024]
    var batch = 4
    var channels = 384
    var heads = 6
    var threads = 1
    var repeats = 5
    static let fields: [OptionField<AttentionBench>] = [
        .init("lengths", "sequence lengths", \.lengths),
        .init("batch", "batch size", \.batch),
        .init("channels", "width C", \.channels),
        .init("heads", "heads", \.heads),
        .init("threads", "BLAS threads", \.threads),
        .init("repeats", "repetitions; the median is reported", \.repeats),
    ]
    func validate() throws {
        guard lengths.allSatisfy({ (1...8192).contains($0) }), (1...1024).contains(batch), (1...8192).contains(channels),
              (1...256).contains(heads), channels % heads == 0, (1...256).contains(threads), (1...1000).contains(repeats) else {
            throw LabError("need lengths 1…8192, --batch 1…1024, --channels 1…8192 split evenly into --heads, --threads 1…256, --repeats 1…1000")
        }
    }

    func run() {
        BLAS.threads = threads
        print("machine: \(Machine.summary), \(threads) BLAS thread(s)")
        print("B=\(batch) C=\(channels) heads=\(heads): time of one CausalSelfAttention (qkv and output projections included)")
        var rng = RNG(seed: 0)
        let peak = Peak.sgemmGFLOPS(n: 1024)
        for t in lengths {
            let layer = CausalSelfAttention(channels: channels, heads: heads)
            for p in layer.parameters { p.value.fillNormal(&rng, std: 0.02) }
            let x = Tensor(shape: [batch, t, channels]); x.fillNormal(&rng, std: 1)
            let dy = Tensor(shape: [batch, t, channels]); dy.fillNormal(&rng, std: 1)
            _ = layer.forward(x); _ = layer.backward(dy)            // warm-up, allocates the buffers
            var fwd: [Double] = [], bwd: [Double] = []
            for _ in 0..<repeats {
                var clock = Stopwatch()
                _ = layer.forward(x)
                fwd.append(clock.seconds)
                clock.reset()
                _ = layer.backward(dy)
                bwd.append(clock.seconds)
            }
            // FLOPs actually needed: projections 2·N·C·4C forward; scores and weighted sum over the
            // causal triangle only, 2·2·B·C·T(T+1)/2 (the blocked code skips most of the rest)
            let n = Double(batch * t), c = Double(channels)
            let flopsForward = 2 * n * c * 4 * c + 2 * Double(batch) * c * Double(t) * Double(t + 1)
            let total = median(fwd) + median(bwd)
            let utilisation = 3 * flopsForward / total / 1e9 / peak
            print("T \(Narrative.padLeft("\(t)", 5))  forward \(Narrative.fixed(1000 * median(fwd), 2)) ms  backward \(Narrative.fixed(1000 * median(bwd), 2)) ms  \(Narrative.fixed(n / total / 1000, 1))k tokens/s  \(Narrative.fixed(100 * utilisation, 0))% of sgemm peak (\(Narrative.fixed(peak, 0)) GFLOP/s)")
        }
    }
}

/// Training-step speed of named model shapes (random tokens: speed does not depend on the text).
struct TrainBench: CommandOptions {
    static let command = "bench train"
    static let abstract = "ms per training step (forward + backward + clip + AdamW), tokens/s and model-FLOP utilisation."

    /// How the step's work is shared: as 06-gpt2 trains (one model above 20M parameters), or forced.
    enum Strategy: String, OptionChoice { case auto, data, blas }

    struct Preset {
        let name: String, layers: Int, heads: Int, channels: Int, context: Int, batch: Int, vocab: Int, bias: Bool
        let note: String
    }
    static let presets: [Preset] = [
        Preset(name: "shakespeare-baby", layers: 4, heads: 4, channels: 128, context: 64, batch: 12, vocab: 65, bias: false,
               note: "nanoGPT's CPU baby config on tiny Shakespeare (nanoGPT, PyTorch 2.15, 2 threads: 45.9 ms/step)"),
        Preset(name: "shakespeare-6x384", layers: 6, heads: 6, channels: 384, context: 256, batch: 64, vocab: 65, bias: false,
               note: "6 layers, 6 heads, width 384, context 256, batch 64 (nanoGPT: 8.2 s/step)"),
        Preset(gpt2: .gpt2_124m, context: 64, batch: 4,
               note: "GPT-2 124M at B=4, T=64 (llm.c train_gpt2: 5.77 s/step; PyTorch 2.15: 1.74–2.04 s)"),
        Preset(gpt2: .gpt2_124m, suffix: "-t256", context: 256, batch: 4,
               note: "GPT-2 124M at B=4, T=256 (PyTorch 2.15: 5.5–6.7 s/step)"),
        Preset(name: "builtin-default", layers: 4, heads: 4, channels: 128, context: 64, batch: 16, vocab: 52, bias: true,
               note: "05-pretrain's default on the built-in English corpus"),
    ]

    var preset = ["shakespeare-baby"]
    var threads = 2
    var strategy = Strategy.auto
    var steps = 30
    var profile = false
    static let fields: [OptionField<TrainBench>] = [
        .init("preset", "presets to run: \(TrainBench.presets.map(\.name).joined(separator: ", "))", \.preset),
        .init("threads", "worker threads (data-parallel replicas, one BLAS thread each)", \.threads),
        .init("strategy", "blas: one model, BLAS on all threads; data: one replica per thread, one BLAS thread each; auto: blas above 20M parameters (as 06-gpt2 trains)", \.strategy),
        .init("steps", "timed steps (after 3 warm-up steps); the median is reported", \.steps),
        .init("profile", "also time each kind of layer work in one worker's share of the batch, on one thread", \.profile),
    ]

    func validate() throws {
        guard (1...100_000).contains(steps) && (1...256).contains(threads) else { throw LabError("--steps must be 1…100000 and --threads 1…256") }
        for name in preset where !TrainBench.presets.contains(where: { $0.name == name }) {
            throw LabError("unknown preset '\(name)' (have: \(TrainBench.presets.map(\.name).joined(separator: ", ")))")
        }
    }

    func run() throws {
        BLAS.threads = threads
        let peak = Peak.sgemmGFLOPS(n: 1024)
        BLAS.threads = 1
        print("machine: \(Machine.summary)")
        print("sgemm peak measured now with \(threads) thread(s): \(Narrative.fixed(peak, 0)) GFLOP/s")
        for name in preset {
            guard let p = TrainBench.presets.first(where: { $0.name == name }) else {
                throw LabError("unknown preset '\(name)' (have: \(TrainBench.presets.map(\.name).joined(separator: ", ")))")
            }
            let config = GPTConfig(vocabSize: p.vocab, paddedVocabSize: GPTConfig.padded(p.vocab), blockSize: p.context, layers: p.layers, heads: p.heads, channels: p.channels, bias: p.bias)
            var rng = RNG(seed: 1)
            let model = GPT(config)
            model.initialize(&rng)
            let data = strategy == .data || (strategy == .auto && config.parameterEstimate < 20_000_000)
            let workers = data ? threads : 1
            BLAS.threads = data ? 1 : threads
            print("\(p.name): \(data ? "data-parallel, \(workers) replicas" : "one model, \(threads) BLAS threads")")
            let parallel = DataParallel(model, workers: workers)
            if workers == 1 { model.workers = threads }
            let optimizer = Adam(model.parameters, decoupled: true, beta2: 0.99, weightDecay: 0.1)
            optimizer.workers = threads
            let step = TrainingStep(parallel, optimizer: optimizer, gradClip: 1, workers: threads)
            var times: [Double] = [], phases: [[Double]] = []
            for i in 0..<(steps + 3) {
                let ids = (0..<(p.batch * p.context + 1)).map { _ in Int32(rng.int(below: p.vocab)) }
                let batch = (inputs: Array(ids.dropLast()), targets: Array(ids.dropFirst()))
                let clock = Stopwatch()
                let r = step([batch], batch: p.batch, length: p.context, lr: 1e-4, seeds: [UInt64](repeating: 1, count: workers))
                if i >= 3 {
                    times.append(clock.seconds)
                    phases.append([r.forward, r.backward, r.update])
                }
            }
            let ms = 1000 * median(times)
            let tokens = Double(p.batch * p.context)
            // PaLM / nanoGPT estimate: 6 N per token for the weights, 12 · L · T · C for attention
            let flops = tokens * config.trainingFLOPsPerToken(context: p.context)
            print("\(p.name): \(Narrative.fixed(ms, 1)) ms/step (median of \(steps)), \(Narrative.fixed(tokens / ms, 1))k tokens/s, " +
                  "\(Narrative.fixed(flops / 1e9, 2)) GFLOP/step, MFU \(Narrative.fixed(100 * flops / (ms / 1000) / 1e9 / peak, 0))% of the measured peak")
            let names = ["forward", "backward", "gradient norm + AdamW (clipping folded in)"]
            print("  " + names.indices.map { k in "\(names[k]) \(Narrative.fixed(1000 * median(phases.map { $0[k] }), 1)) ms" }.joined(separator: ", "))
            if let m = Machine.memory { print("  peak memory of this process so far: \(m.peak / 1_000_000) MB") }
            print("  \(p.note)")
            if profile { profileWorker(model, batch: p.batch / workers, of: workers, context: p.context, vocab: p.vocab, rng: &rng) }
        }
    }
}

/// One worker's share of a step, on the calling thread with one BLAS thread, each layer timing
/// itself (`Profiler`): where a data-parallel step's time goes.
func profileWorker(_ model: GPT, batch b: Int, of workers: Int, context t: Int, vocab: Int, rng: inout RNG) {
    let blasThreads = BLAS.threads
    BLAS.threads = 1
    defer { BLAS.threads = blasThreads }
    let modelWorkers = model.workers
    model.workers = 1
    defer { model.workers = modelWorkers }
    let optimizer = Adam(model.parameters, decoupled: true, beta2: 0.99, weightDecay: 0.1)
    let step = TrainingStep(DataParallel(model, workers: 1), optimizer: optimizer, gradClip: 1, workers: 1)
    let ids = (0..<(b * t + 1)).map { _ in Int32(rng.int(below: vocab)) }
    let batch = (inputs: Array(ids.dropLast()), targets: Array(ids.dropFirst()))
    let steps = 20
    let (total, rows) = Profiler.profile(steps: steps, warmUp: 3) { _ = step([batch], batch: b, length: t, lr: 1e-4, seeds: [1]) }
    let share = workers > 1 ? "one worker's share (batch \(b) of \(b * workers))" : "the whole batch (\(b))"
    print("  \(share) on one thread: \(Narrative.fixed(1000 * total, 2)) ms per step (mean of \(steps))")
    for r in rows {
        print("    " + String(format: "%6.2f ms  %5.1f%%  ", 1000 * r.seconds, 100 * r.seconds / total) + r.name)
    }
}

/// The loss of a saved model on the validation part of a text, over every window (not a sample).
struct EvaluateBench: CommandOptions {
    static let command = "bench evaluate"
    static let abstract = "Validation loss of a 05-pretrain model over all non-overlapping windows of the validation split."

    var model = ""
    var data = ""
    var trainFraction = 0.9
    static let fields: [OptionField<EvaluateBench>] = [
        OptionField("model", "a model.safetensors written by 05-pretrain", \.model).with(required: true),
        OptionField("data", "the text it was trained on", \.data).with(required: true),
        .init("train-fraction", "training fraction used for the split", \.trainFraction),
    ]
    func validate() throws {
        guard trainFraction > 0 && trainFraction < 1 else { throw LabError("--train-fraction must be between 0 and 1") }
    }

    func run() throws {
        let (gpt, meta) = try GPT.load(from: model)
        let tokenizer = try TokenizerText.load(metadata: meta, model: gpt.config, source: model)
        let (_, valText) = try Corpus.load(data).split(trainFraction: trainFraction)
        let val = tokenizer.encode(valText)
        let t = gpt.config.blockSize
        var rng = RNG(seed: 0)
        var total = 0.0, windows = 0
        guard val.count > t else { throw LabError("\(data): the validation part has \(val.count) tokens, fewer than one window of \(t)") }
        for start in stride(from: 0, through: val.count - t - 1, by: t) {
            let loss = gpt.forward(Array(val[start..<(start + t)]), targets: Array(val[(start + 1)..<(start + t + 1)]), batch: 1, length: t, rng: &rng)
            total += Double(loss); windows += 1
        }
        print("\(model): validation loss \(Narrative.fixed(total / Double(windows), 4)) over all \(windows) windows of \(t) tokens (\(windows * t) tokens)")
    }
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }



extension TrainBench.Preset {
    /// A named model shape (`GPTConfig.Preset`) at a benchmark's context and batch.
    init(gpt2 shape: GPTConfig.Preset, suffix: String = "", context: Int, batch: Int, note: String) {
        let c = shape.config
        self.init(name: shape.rawValue + suffix, layers: c.layers, heads: c.heads, channels: c.channels, context: context, batch: batch,
                  vocab: c.vocabSize, bias: c.bias, note: note)
    }
}

let (command, arguments) = subcommand(of: "bench", Array(CommandLine.arguments.dropFirst()), commands: [
    ("train", TrainBench.abstract), ("evaluate", EvaluateBench.abstract), ("tokenizer", TokenizerBench.abstract),
    ("gpt2-tokenizer", GPT2TokenizerBench.abstract), ("generate", GenerateBench.abstract),
    ("sgemm", SgemmBench.abstract), ("attention", AttentionBench.abstract)])
do {
    switch command {
    case "train": try TrainBench.parseOrExit(arguments).options.run()
    case "evaluate": try EvaluateBench.parseOrExit(arguments).options.run()
    case "tokenizer": try TokenizerBench.parseOrExit(arguments).options.run()
    case "gpt2-tokenizer": try GPT2TokenizerBench.parseOrExit(arguments).options.run()
    case "generate": try GenerateBench.parseOrExit(arguments).options.run()
    case "sgemm": try SgemmBench.parseOrExit(arguments).options.run()
    default: AttentionBench.parseOrExit(arguments).options.run()
    }
} catch {
    fail(String(describing: error))
}
