import Foundation
import LabBase
import LabText
import LabNN
import LabOptim

/// Every knob of a pretraining run, in one place (nanoGPT's `train.py` block). Defaults are
/// nanoGPT-like, scaled to a CPU; a JSON file (`--config FILE`) overrides them, and flags
/// override the file. The same table of fields drives the command line, the config file,
/// `--help`, `run.json`, checkpoints and experiment files, so they cannot drift apart.
public struct TrainConfig: OptionTable, Equatable {
    // data
    public var data: String? = nil
    public var lang = Corpus.Builtin.en
    public var tokenizer = TokenizerChoice.char
    public var tokenizerFile: String? = nil
    public var dict: String? = nil
    public var vocabSize = 512
    public var trainFraction = 0.9
    public var trainTokens = 0
    // model
    public var nLayer = 4
    public var nHead = 4
    public var nEmbd = 128
    public var blockSize = 64
    public var dropout: Float = 0.1
    public var bias = true
    public var norm = GPTConfig.Norm.pre
    public var positions = PositionEncoding.Kind.learned
    public var tied = true
    // optimisation
    public var optimizer = OptimizerChoice.adamw
    public var batchSize = 16
    public var gradAccum = 1
    public var steps = 1000
    public var lr: Float = 1e-3
    public var minLR: Float = 1e-4
    public var schedule = ScheduleChoice.cosine
    public var warmup = 100
    public var beta1: Float = 0.9
    public var beta2: Float = 0.99
    public var weightDecay: Float = 0.1
    public var gradClip: Float = 1.0
    public var freezeAttn = false
    /// LoRA (fine-tuning): adapters of this rank on `loraTargets`, every base weight frozen (0: off).
    public var loraRank = 0
    /// LoRA: the update is scaled by α / r. A constant, as in the LoRA paper, so changing the
    /// rank keeps the update's size; 8 is PEFT's default (and 2 · r at the lesson's rank 4).
    public var loraAlpha: Float = 8
    public var loraTargets = LoRATargets.attn
    /// LoRA: also train the token embedding table (and an untied output head). Tokens added for
    /// fine-tuning need it: frozen at the average of the old rows, the three chat tokens would
    /// keep one and the same vector, and no new token could ever be the most likely one.
    public var loraEmbeddings = true
    public var lossOn = LossMask.assistant
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
    public var parallel = Parallelism.data
    public var quick = false

    public init() {}

    /// A configuration small enough to train in seconds (`--quick`).
    public mutating func applyQuick() {
        nLayer = 2; nHead = 2; nEmbd = 32; blockSize = 32; batchSize = 8; steps = 60
        evalInterval = 20; evalBatches = 4; logInterval = 10; sampleTokens = 40; warmup = 5; dropout = 0
    }

    // MARK: The table of fields

    public static let fields: [OptionField<TrainConfig>] = [
        OptionField("data", "UTF-8 text file, JSON array of strings, or directory of JSON files (default: a built-in corpus)", \.data),
        OptionField("lang", "built-in corpus when --data is not given", \.lang),
        OptionField("tokenizer", "char: one token per character; bpe: byte-level BPE (lesson 01); words: Chinese words (jieba's algorithm), other text by character", \.tokenizer),
        OptionField("tokenizer-file", "a BPE file to use instead of training one (from lesson 01: runs/01-tokenizer/tokenizer.bpe)", \.tokenizerFile),
        OptionField("dict", "jieba's dict.txt for --tokenizer words (default: python3-jieba's, /usr/lib/python3/dist-packages/jieba/dict.txt)", \.dict),
        OptionField("vocab-size", "BPE vocabulary size when training one", \.vocabSize),
        OptionField("train-fraction", "fraction of the corpus for training; the rest is validation (split by position)", \.trainFraction),
        OptionField("train-tokens", "train on only the first N tokens of the training part (0: all of it); validation is unchanged", \.trainTokens),
        OptionField("n-layer", "transformer blocks", \.nLayer),
        OptionField("n-head", "attention heads per block", \.nHead),
        OptionField("n-embd", "embedding width C", \.nEmbd),
        OptionField("block-size", "context length T (tokens the model reads)", \.blockSize),
        OptionField("dropout", "dropout probability during training", \.dropout),
        OptionField("bias", "biases in Linear layers (--no-bias turns them off)", \.bias),
        OptionField("norm", "LayerNorm placement", \.norm),
        OptionField("positions", "position encoding", \.positions),
        OptionField("tied", "share the token embedding with the output head (--no-tied: separate)", \.tied),
        OptionField("optimizer", "update rule", \.optimizer),
        OptionField("batch-size", "sequences per micro-batch", \.batchSize),
        OptionField("grad-accum", "micro-batches per optimizer step (gradient accumulation)", \.gradAccum),
        OptionField("steps", "optimizer steps (the schedule decays over them)", \.steps),
        OptionField("lr", "peak learning rate", \.lr),
        OptionField("min-lr", "learning rate at the end of the cosine decay", \.minLR),
        OptionField("schedule", "learning-rate schedule: warmup then cosine decay, or warmup then constant", \.schedule),
        OptionField("warmup", "linear warmup steps", \.warmup),
        OptionField("beta1", "Adam β₁", \.beta1),
        OptionField("beta2", "Adam β₂", \.beta2),
        OptionField("weight-decay", "decoupled weight decay on matrices and embeddings", \.weightDecay),
        OptionField("grad-clip", "clip the global gradient norm to this (0: off)", \.gradClip),
        OptionField("freeze-attn", "keep every attention weight fixed while fine-tuning", \.freezeAttn),
        OptionField("lora-rank", "fine-tuning: train LoRA adapters of this rank instead of the weights, which stay frozen (0: off)", \.loraRank),
        OptionField("lora-alpha", "LoRA: the adapters' update is scaled by alpha / rank", \.loraAlpha),
        OptionField("lora-targets", "LoRA: the matrices that get adapters: attn (qkv and proj), mlp (fc and proj), all (both)", \.loraTargets),
        OptionField("lora-embeddings", "LoRA: also train the token embedding table (and an untied head), which new tokens need (--no-lora-embeddings: the adapters alone)", \.loraEmbeddings),
        OptionField("loss-on", "fine-tuning on dialogues: learn only the assistant's tokens, or all of them", \.lossOn),
        OptionField("eval-interval", "steps between evaluations (and checkpoints)", \.evalInterval),
        OptionField("eval-batches", "validation batches per evaluation", \.evalBatches),
        OptionField("log-interval", "steps between monitor lines when output is not a terminal", \.logInterval).with(operational: true),
        OptionField("sample-tokens", "tokens of text sampled at each evaluation and at the end", \.sampleTokens).with(operational: true),
        OptionField("sample-every", "also print a sample every N steps between evaluations (0: only at evaluations)", \.sampleEvery).with(operational: true),
        OptionField("sample-prompt", "text the samples start from (default: the start of the validation text)", \.samplePrompt).with(operational: true),
        OptionField("temperature", "sampling temperature", \.temperature).with(operational: true),
        OptionField("checkpoint-dir", "where checkpoints go (default: <out>/checkpoints)", \.checkpointDir).with(operational: true),
        OptionField("keep-best", "keep the K checkpoints with the lowest validation loss (0: none)", \.keepBest).with(operational: true),
        OptionField("keep-last", "keep a checkpoint of the latest evaluation (--no-keep-last: don't)", \.keepLast).with(operational: true),
        OptionField("save-every", "also keep a checkpoint every N steps (0: off)", \.saveEvery).with(operational: true),
        OptionField("patience", "stop after N evaluations without improvement and restore the best weights (0: off)", \.patience).with(operational: true),
        OptionField("min-delta", "smallest drop in validation loss that counts as an improvement", \.minDelta).with(operational: true),
        OptionField("resume", "continue from the latest checkpoint in --checkpoint-dir", \.resume).with(operational: true),
        OptionField("resume-from", "continue from this checkpoint", \.resumeFrom).with(operational: true),
        OptionField("out", "directory for everything the run writes (default: runs/<lesson>, plots in plots/<lesson>)", \.out).with(operational: true),
        OptionField("seed", "seed of the run's random generator", \.seed),
        OptionField("threads", "worker threads, each training a slice of the batch (default: this machine's cores; results are bit-identical for a fixed count)", \.threads).with(operational: true),
        OptionField("parallel", "data: one model replica per thread (fast for small models); blas: one model, every matrix product on all threads (half the memory, for large models)", \.parallel).with(operational: true),
        OptionField("quick", "a tiny configuration that trains in seconds", \.quick).with(operational: true),
    ]

    /// Ranges and combinations that cannot work, as one-line errors.
    public func validate() throws {
        func check(_ ok: Bool, _ message: String) throws { if !ok { throw LabError(message) } }
        // whole numbers stay far from overflow in the products that size buffers and schedules
        for f in TrainConfig.fields {
            if case .int(let i) = f.get(self), i > 1 << 30 { throw LabError("--\(f.name) \(i) is too large (at most \(1 << 30))") }
        }
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
        try check(trainTokens >= 0 && trainTokens <= 1 << 30, "--train-tokens must be between 0 (all) and 2^30")
        try check(vocabSize >= 258 && vocabSize <= 65_536, "--vocab-size must be between 258 and 65536")
        try check(keepBest >= 0 && saveEvery >= 0 && patience >= 0 && minDelta >= 0, "--keep-best, --save-every, --patience and --min-delta must be ≥ 0")
        try check(patience == 0 || keepBest >= 1, "--patience needs --keep-best ≥ 1 (the best weights are restored from it)")
        try check(threads >= 1 && threads <= 256, "--threads must be between 1 and 256")
        try check(temperature > 0, "--temperature must be positive")
        try check((0...100_000).contains(sampleTokens) && sampleEvery >= 0, "--sample-tokens must be 0…100000 and --sample-every ≥ 0")
        try check(loraRank >= 0, "--lora-rank must be ≥ 0 (0: off), got \(loraRank)")
        try check(loraAlpha.isFinite && loraAlpha > 0 && loraAlpha <= 10_000, "--lora-alpha must be positive and at most 10000, got \(loraAlpha)")
        try check(loraRank == 0 || !freezeAttn, "--freeze-attn and --lora-rank do not combine: LoRA already keeps every weight of the model frozen (choose one)")
        try check(tokenizerFile == nil || tokenizer == .bpe, "--tokenizer-file is a BPE file; use it with --tokenizer bpe")
    }

    /// Memory a run of `model` with these settings needs, in bytes, estimated before anything
    /// is allocated: the weights, one gradient per worker and the optimizer's state; every
    /// worker's activations for its share of a batch; the token batches (training micro-batches
    /// and their per-worker copies, and the validation batches).
    public func memoryNeeded(model: GPTConfig) -> (weights: Double, activations: Double, batches: Double) {
        let workers = Double(parallel == .blas ? 1 : threads), n = 4 * Double(model.parameterEstimate)
        let moments = Double(optimizer.moments)
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
                       "token batches \(d(need.batches)) for --batch-size \(batchSize) × --block-size \(blockSize)); \(d(available)) " +
                       "are available to it (the machine has \(d(MachineMemory.total))): lower --batch-size or --block-size, or use a smaller model")
    }

    /// The model this config describes, for a vocabulary of `vocab` tokens.
    public func model(vocab: Int) -> GPTConfig {
        GPTConfig(vocabSize: vocab, blockSize: blockSize, layers: nLayer, heads: nHead, channels: nEmbd, dropout: dropout,
                  bias: bias, norm: norm, positions: positions,
                  tiedEmbeddings: tied)
    }
}

/// How the training work is shared among threads (`--parallel`).
public enum Parallelism: String, OptionChoice {
    /// One model replica per thread, each on its rows of the batch (fast for small models).
    case data
    /// One model, every matrix product on all threads (half the memory: for large models).
    case blas
}

/// Which tokens of a dialogue the loss learns (`--loss-on`, fine-tuning).
public enum LossMask: String, OptionChoice {
    /// The assistant's words and the end-of-turn token that closes them.
    case assistant
    /// Every token.
    case all
}
