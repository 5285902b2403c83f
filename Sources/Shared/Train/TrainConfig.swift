import Foundation
import LabBase
import LabNN
import LabOptim

/// Every knob of a pretraining run, in one place (nanoGPT's `train.py` block). Defaults are
/// nanoGPT-like, scaled to a CPU; a JSON file (`--config FILE`) overrides them, and flags
/// override the file. The same table of fields drives the command line, the config file,
/// `--help`, `run.json`, checkpoints and experiment files, so they cannot drift apart.
public struct TrainConfig: Equatable, Sendable {
    // data
    public var data: String? = nil
    public var lang = "en"
    public var tokenizer = "char"
    public var tokenizerFile: String? = nil
    public var dict: String? = nil
    public var vocabSize = 512
    public var trainFraction = 0.9
    // model
    public var nLayer = 4
    public var nHead = 4
    public var nEmbd = 128
    public var blockSize = 64
    public var dropout: Float = 0.1
    public var bias = true
    public var norm = "pre"
    public var positions = "learned"
    public var tied = true
    // optimisation
    public var optimizer = "adamw"
    public var batchSize = 16
    public var gradAccum = 1
    public var steps = 1000
    public var lr: Float = 1e-3
    public var minLR: Float = 1e-4
    public var schedule = "cosine"
    public var warmup = 100
    public var beta1: Float = 0.9
    public var beta2: Float = 0.99
    public var weightDecay: Float = 0.1
    public var gradClip: Float = 1.0
    public var freezeAttn = false
    public var lossOn = "assistant"
    // evaluation and output
    public var evalInterval = 250
    public var evalBatches = 20
    public var logInterval = 50
    public var sampleTokens = 120
    public var sampleEvery = 0
    public var samplePrompt = ""
    public var temperature: Float = 0.8
    // checkpoints and stopping
    public var checkpointDir: String? = nil
    public var keepBest = 1
    public var keepLast = true
    public var saveEvery = 0
    public var patience = 0
    public var minDelta: Float = 0
    public var resume = false
    public var resumeFrom: String? = nil
    // the run
    public var out: String? = nil
    public var seed: UInt64 = 1337
    /// Worker threads: all cores by default (recorded in run.json; runs are bit-identical for
    /// the same count).
    public var threads = min(ProcessInfo.processInfo.activeProcessorCount, 64)
    public var parallel = "data"
    public var quick = false

    public init() {}

    /// A configuration small enough to train in seconds (`--quick`).
    public mutating func applyQuick() {
        nLayer = 2; nHead = 2; nEmbd = 32; blockSize = 32; batchSize = 8; steps = 60
        evalInterval = 20; evalBatches = 4; logInterval = 10; sampleTokens = 40; warmup = 5; dropout = 0
    }

    // MARK: The table of fields

    public enum Kind: Sendable { case int, uint, float, double, string, bool, path
        var typeName: String {
            switch self { case .int, .uint: return "int"; case .float, .double: return "number"; case .string: return "string"
                          case .bool: return "bool"; case .path: return "path" }
        }
    }

    /// One knob: its name (the flag without `--`; in JSON either `batch-size` or `batch_size`),
    /// what it does, and where it lives.
    public struct Field: Sendable {
        public let name: String
        public let help: String
        public let kind: Kind
        public let choices: [String]
        /// Fields that only concern how the run is carried out (where files go, threads,
        /// resuming): a resumed run may change them; every other field must match the checkpoint.
        public let operational: Bool
        let get: @Sendable (TrainConfig) -> JSONValue
        let set: @Sendable (inout TrainConfig, JSONValue) -> Bool
    }

    static func field(_ name: String, _ help: String, _ path: WritableKeyPath<TrainConfig, Int> & Sendable, operational: Bool = false) -> Field {
        Field(name: name, help: help, kind: .int, choices: [], operational: operational, get: { .int($0[keyPath: path]) },
              set: { c, v in guard case .int(let i) = v else { return false }; c[keyPath: path] = i; return true })
    }
    static func field(_ name: String, _ help: String, _ path: WritableKeyPath<TrainConfig, UInt64> & Sendable, operational: Bool = false) -> Field {
        Field(name: name, help: help, kind: .uint, choices: [], operational: operational, get: { .string(String($0[keyPath: path])) },
              set: { c, v in
                  switch v {
                  case .int(let i) where i >= 0: c[keyPath: path] = UInt64(i); return true
                  case .string(let s): guard let u = UInt64(s) else { return false }; c[keyPath: path] = u; return true
                  default: return false
                  }
              })
    }
    static func field(_ name: String, _ help: String, _ path: WritableKeyPath<TrainConfig, Float> & Sendable, operational: Bool = false) -> Field {
        // through the shortest decimal form, so 1e-3 as a Float is recorded as 0.001
        Field(name: name, help: help, kind: .float, choices: [], operational: operational, get: { .double(Double("\($0[keyPath: path])")!) },
              set: { c, v in
                  switch v { case .double(let d): c[keyPath: path] = Float(d); return true
                             case .int(let i): c[keyPath: path] = Float(i); return true
                             default: return false }
              })
    }
    static func field(_ name: String, _ help: String, _ path: WritableKeyPath<TrainConfig, Double> & Sendable, operational: Bool = false) -> Field {
        Field(name: name, help: help, kind: .double, choices: [], operational: operational, get: { .double($0[keyPath: path]) },
              set: { c, v in
                  switch v { case .double(let d): c[keyPath: path] = d; return true
                             case .int(let i): c[keyPath: path] = Double(i); return true
                             default: return false }
              })
    }
    static func field(_ name: String, _ help: String, _ path: WritableKeyPath<TrainConfig, String> & Sendable, choices: [String] = [], operational: Bool = false) -> Field {
        Field(name: name, help: help, kind: .string, choices: choices, operational: operational, get: { .string($0[keyPath: path]) },
              set: { c, v in
                  guard case .string(let s) = v, choices.isEmpty || choices.contains(s) else { return false }
                  c[keyPath: path] = s; return true
              })
    }
    static func field(_ name: String, _ help: String, _ path: WritableKeyPath<TrainConfig, String?> & Sendable, operational: Bool = false) -> Field {
        Field(name: name, help: help, kind: .path, choices: [], operational: operational, get: { $0[keyPath: path].map(JSONValue.string) ?? .null },
              set: { c, v in
                  switch v { case .string(let s): c[keyPath: path] = s; return true
                             case .null: c[keyPath: path] = nil; return true
                             default: return false }
              })
    }
    static func field(_ name: String, _ help: String, _ path: WritableKeyPath<TrainConfig, Bool> & Sendable, operational: Bool = false) -> Field {
        Field(name: name, help: help, kind: .bool, choices: [], operational: operational, get: { .bool($0[keyPath: path]) },
              set: { c, v in guard case .bool(let b) = v else { return false }; c[keyPath: path] = b; return true })
    }

    public static let fields: [Field] = [
        field("data", "UTF-8 text file, JSON array of strings, or directory of JSON files (default: a built-in corpus)", \.data),
        field("lang", "built-in corpus when --data is not given", \.lang, choices: ["en", "zh", "both"]),
        field("tokenizer", "char: one token per character; bpe: byte-level BPE (lesson 01); words: Chinese words (jieba's algorithm), other text by character", \.tokenizer, choices: ["char", "bpe", "words"]),
        field("tokenizer-file", "a BPE file to use instead of training one (from lesson 01: runs/01-tokenizer/tokenizer.bpe)", \.tokenizerFile),
        field("dict", "jieba's dict.txt for --tokenizer words (default: python3-jieba's, /usr/lib/python3/dist-packages/jieba/dict.txt)", \.dict),
        field("vocab-size", "BPE vocabulary size when training one", \.vocabSize),
        field("train-fraction", "fraction of the corpus for training; the rest is validation (split by position)", \.trainFraction),
        field("n-layer", "transformer blocks", \.nLayer),
        field("n-head", "attention heads per block", \.nHead),
        field("n-embd", "embedding width C", \.nEmbd),
        field("block-size", "context length T (tokens the model reads)", \.blockSize),
        field("dropout", "dropout probability during training", \.dropout),
        field("bias", "biases in Linear layers (--no-bias turns them off)", \.bias),
        field("norm", "LayerNorm placement", \.norm, choices: ["pre", "post"]),
        field("positions", "position encoding", \.positions, choices: ["learned", "sinusoidal"]),
        field("tied", "share the token embedding with the output head (--no-tied: separate)", \.tied),
        field("optimizer", "update rule", \.optimizer, choices: ["adamw", "adam", "sgd", "momentum"]),
        field("batch-size", "sequences per micro-batch", \.batchSize),
        field("grad-accum", "micro-batches per optimizer step (gradient accumulation)", \.gradAccum),
        field("steps", "optimizer steps (the schedule decays over them)", \.steps),
        field("lr", "peak learning rate", \.lr),
        field("min-lr", "learning rate at the end of the cosine decay", \.minLR),
        field("schedule", "learning-rate schedule: warmup then cosine decay, or warmup then constant", \.schedule, choices: ["cosine", "constant"]),
        field("warmup", "linear warmup steps", \.warmup),
        field("beta1", "Adam β₁", \.beta1),
        field("beta2", "Adam β₂", \.beta2),
        field("weight-decay", "decoupled weight decay on matrices and embeddings", \.weightDecay),
        field("grad-clip", "clip the global gradient norm to this (0: off)", \.gradClip),
        field("freeze-attn", "keep every attention weight fixed while fine-tuning", \.freezeAttn),
        field("loss-on", "fine-tuning on dialogues: learn only the assistant's tokens, or all of them", \.lossOn, choices: ["assistant", "all"]),
        field("eval-interval", "steps between evaluations (and checkpoints)", \.evalInterval),
        field("eval-batches", "validation batches per evaluation", \.evalBatches),
        field("log-interval", "steps between monitor lines when output is not a terminal", \.logInterval, operational: true),
        field("sample-tokens", "tokens of text sampled at each evaluation and at the end", \.sampleTokens, operational: true),
        field("sample-every", "also print a sample every N steps between evaluations (0: only at evaluations)", \.sampleEvery, operational: true),
        field("sample-prompt", "text the samples start from (default: the start of the validation text)", \.samplePrompt, operational: true),
        field("temperature", "sampling temperature", \.temperature, operational: true),
        field("checkpoint-dir", "where checkpoints go (default: <out>/checkpoints)", \.checkpointDir, operational: true),
        field("keep-best", "keep the K checkpoints with the lowest validation loss (0: none)", \.keepBest, operational: true),
        field("keep-last", "keep a checkpoint of the latest evaluation (--no-keep-last: don't)", \.keepLast, operational: true),
        field("save-every", "also keep a checkpoint every N steps (0: off)", \.saveEvery, operational: true),
        field("patience", "stop after N evaluations without improvement and restore the best weights (0: off)", \.patience, operational: true),
        field("min-delta", "smallest drop in validation loss that counts as an improvement", \.minDelta, operational: true),
        field("resume", "continue from the latest checkpoint in --checkpoint-dir", \.resume, operational: true),
        field("resume-from", "continue from this checkpoint", \.resumeFrom, operational: true),
        field("out", "directory for everything the run writes (default: runs/05-pretrain, plots in plots/05-pretrain)", \.out, operational: true),
        field("seed", "seed of the run's random generator", \.seed),
        field("threads", "worker threads, each training a slice of the batch (default: this machine's cores; results are bit-identical for a fixed count)", \.threads, operational: true),
        field("parallel", "data: one model replica per thread (fast for small models); blas: one model, every matrix product on all threads (half the memory, for large models)", \.parallel, choices: ["data", "blas"], operational: true),
        field("quick", "a tiny configuration that trains in seconds", \.quick, operational: true),
    ]

    static let fieldsByName: [String: Field] = Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0) })

    public static func field(named name: String) -> Field? {
        fieldsByName[name.replacingOccurrences(of: "_", with: "-")]
    }

    /// The resolved configuration as JSON (kebab-case keys), for `run.json` and checkpoints.
    public var json: JSONValue { .object(Dictionary(uniqueKeysWithValues: TrainConfig.fields.map { ($0.name, $0.get(self)) })) }

    /// Sets one field from a JSON value; a wrong key or type is an error naming `source`.
    public mutating func set(_ name: String, _ value: JSONValue, source: String) throws {
        guard let f = TrainConfig.field(named: name) else {
            let close = TrainConfig.fields.map(\.name).filter { $0.hasPrefix(String(name.prefix(3))) }
            throw LabError("\(source): unknown option '\(name)'\(close.isEmpty ? "" : " (did you mean \(close.joined(separator: ", "))?)")")
        }
        guard f.set(&self, value) else {
            let allowed = f.choices.isEmpty ? "a \(f.kind.typeName)" : "one of \(f.choices.joined(separator: ", "))"
            throw LabError("\(source): '\(f.name)' must be \(allowed), got \(value)")
        }
    }

    /// Applies every key of a JSON object (a `--config` file or an experiment's overrides).
    public mutating func apply(_ object: JSONValue, source: String) throws {
        guard case .object(let o) = object else { throw LabError("\(source): expected a JSON object of options") }
        for key in o.keys.sorted() { try set(key, o[key]!, source: source) }
    }

    /// Reads a `--config` file.
    public static func load(_ path: String) throws -> JSONValue {
        let text = try Files.readUTF8(path)
        do { return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) } catch {
            throw LabError("\(path): not valid JSON")
        }
    }

    /// Ranges and combinations that cannot work, as one-line errors.
    public func validate() throws {
        func check(_ ok: Bool, _ message: String) throws { if !ok { throw LabError(message) } }
        try check(nLayer >= 1 && nHead >= 1 && nEmbd >= 1, "--n-layer, --n-head and --n-embd must be at least 1")
        try check(nEmbd % nHead == 0, "--n-embd \(nEmbd) does not split into --n-head \(nHead) heads")
        try check(blockSize >= 2, "--block-size must be at least 2, got \(blockSize)")
        try check(dropout >= 0 && dropout < 1, "--dropout must be in [0, 1), got \(dropout)")
        try check(batchSize >= 1 && gradAccum >= 1, "--batch-size and --grad-accum must be at least 1")
        try check(steps >= 1, "--steps must be at least 1, got \(steps)")
        try check(lr > 0 && minLR >= 0 && minLR <= lr, "need 0 < --lr and 0 ≤ --min-lr ≤ --lr (got \(lr), \(minLR))")
        try check(warmup >= 0, "--warmup must be ≥ 0")
        try check(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "--beta1 and --beta2 must be in [0, 1)")
        try check(weightDecay >= 0 && gradClip >= 0, "--weight-decay and --grad-clip must be ≥ 0")
        try check(evalInterval >= 1 && evalBatches >= 1 && logInterval >= 1, "--eval-interval, --eval-batches and --log-interval must be at least 1")
        try check(trainFraction > 0 && trainFraction < 1, "--train-fraction must be between 0 and 1")
        try check(vocabSize >= 258 && vocabSize <= 65_536, "--vocab-size must be between 258 and 65536")
        try check(keepBest >= 0 && saveEvery >= 0 && patience >= 0 && minDelta >= 0, "--keep-best, --save-every, --patience and --min-delta must be ≥ 0")
        try check(patience == 0 || keepBest >= 1, "--patience needs --keep-best ≥ 1 (the best weights are restored from it)")
        try check(threads >= 1 && threads <= 256, "--threads must be between 1 and 256")
        try check(temperature > 0, "--temperature must be positive")
        try check(sampleTokens >= 0 && sampleEvery >= 0, "--sample-tokens and --sample-every must be ≥ 0")
        try check(tokenizerFile == nil || tokenizer == "bpe", "--tokenizer-file is a BPE file; use it with --tokenizer bpe")
    }

    /// Memory a run of `model` with these settings needs, in bytes, estimated before anything
    /// is allocated: the weights, one gradient per worker and the optimizer's state; every
    /// worker's activations for its share of a batch; the token batches (training micro-batches
    /// and their per-worker copies, and the validation batches).
    public func memoryNeeded(model: GPTConfig) -> (weights: Double, activations: Double, batches: Double) {
        let workers = Double(parallel == "blas" ? 1 : threads), n = 4 * Double(model.parameterEstimate)
        let moments: Double = optimizer == "sgd" ? 0 : optimizer == "momentum" ? 1 : 2
        let tokens = Double(batchSize) * Double(blockSize)
        return (weights: n * (1 + workers + moments),
                activations: model.activationBytes(batch: batchSize, context: blockSize),
                batches: 4 * 2 * tokens * (2 * Double(gradAccum) + Double(evalBatches)))
    }

    /// A one-line error when the run cannot fit in this machine's memory.
    public func checkMemory(model: GPTConfig) throws {
        let need = memoryNeeded(model: model), total = need.weights + need.activations + need.batches
        let available = MachineMemory.available
        guard total > available else { return }
        let d = MachineMemory.describe
        throw LabError("this run needs about \(d(total)) (weights, gradients and optimizer state \(d(need.weights)), activations \(d(need.activations)), " +
                       "token batches \(d(need.batches)) for --batch-size \(batchSize) × --block-size \(blockSize)); this machine has \(d(available)) " +
                       "available of \(d(MachineMemory.total)): lower --batch-size or --block-size, or use a smaller model")
    }

    /// The model this config describes, for a vocabulary of `vocab` tokens.
    public func model(vocab: Int) -> GPTConfig {
        GPTConfig(vocabSize: vocab, blockSize: blockSize, layers: nLayer, heads: nHead, channels: nEmbd, dropout: dropout,
                  bias: bias, norm: norm == "post" ? .post : .pre, positions: positions == "sinusoidal" ? .sinusoidal : .learned,
                  tiedEmbeddings: tied)
    }
}
