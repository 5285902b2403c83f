// bench — speed measurements that print their numbers with the machine they ran on.
//
//     swift run -c release bench tokenizer --data ../shared/data/tinyshakespeare.txt
//     swift run -c release bench sgemm
//
// Benchmarks, not tests: they report, they do not assert. Numbers in the docs come from here.
import Foundation
import Shared

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Speed benchmarks: tokenizer training and encoding, sgemm peak.",
        subcommands: [TokenizerBench.self, SgemmBench.self, AttentionBench.self])
}

struct TokenizerBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tokenizer",
        abstract: "BPE training time and encoding throughput.")

    @Option(help: "Text file to train on and encode (default: the built-in corpora).")
    var data: String?
    @Option(help: "Vocabulary size to train.")
    var vocabSize = 1024
    @Option(help: "Repetitions; the median is reported.")
    var repeats = 5

    func run() throws {
        let corpus = try data.map(Corpus.load) ?? Corpus.builtin(.both)
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

struct SgemmBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sgemm",
        abstract: "Measured sgemm GFLOP/s (the peak that model-FLOP utilisation is taken against).")

    @Option(parsing: .upToNextOption, help: "Square sizes to time.")
    var sizes: [Int] = [256, 512, 1024, 2048]
    @Option(parsing: .upToNextOption, help: "Thread counts to time.")
    var threads: [Int] = [1, 2]

    func run() {
        print("machine: \(Machine.summary)")
        for t in threads {
            BLAS.threads = t
            for n in sizes {
                print("threads \(t)  n \(n)  \(Narrative.fixed(Peak.sgemmGFLOPS(n: n), 1)) GFLOP/s")
            }
        }
    }
}

struct AttentionBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "attention",
        abstract: "Causal self-attention forward + backward at several sequence lengths.")

    @Option(parsing: .upToNextOption, help: "Sequence lengths.")
    var lengths: [Int] = [64, 256, 1024]
    @Option(help: "Batch size.") var batch = 4
    @Option(help: "Width C.") var channels = 384
    @Option(help: "Heads.") var heads = 6
    @Option(help: "BLAS threads.") var threads = 1
    @Option(help: "Repetitions; the median is reported.") var repeats = 5

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
            // FLOPs: projections 2·N·C·4C forward; scores and weighted sum 2·2·B·T²·C (full T×T, as computed)
            let n = Double(batch * t), c = Double(channels)
            let flopsForward = 2 * n * c * 4 * c + 4 * Double(batch) * Double(t) * Double(t) * c
            let total = median(fwd) + median(bwd)
            let utilisation = 3 * flopsForward / total / 1e9 / peak
            print("T \(Narrative.padLeft("\(t)", 5))  forward \(Narrative.fixed(1000 * median(fwd), 2)) ms  backward \(Narrative.fixed(1000 * median(bwd), 2)) ms  \(Narrative.fixed(n / total / 1000, 1))k tokens/s  \(Narrative.fixed(100 * utilisation, 0))% of sgemm peak (\(Narrative.fixed(peak, 0)) GFLOP/s)")
        }
    }
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

Bench.main()
