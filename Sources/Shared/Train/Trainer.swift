import Foundation
import LabBase
import LabText
import LabNN
import LabOptim
import LabFormats
import LabReport

/// The pretraining loop: batches, forward, backward, clipping, AdamW, schedule, evaluation,
/// samples, checkpoints, early stopping, and a CSV row per step.
///
/// Everything random comes from two streams derived from the seed: `rng` (initialisation, the
/// order of batches, dropout) and `sampleRNG` (the text samples), so changing how often you
/// sample never changes what the model learns. Validation uses a fixed set of batches drawn
/// once from a third stream. Both live streams are saved in each checkpoint; a resumed run
/// therefore computes exactly what the uninterrupted run would have.
public final class Trainer {
    public let config: TrainConfig
    public let data: TokenizedCorpus
    public let model: GPT
    public let optimizer: any Optimizer
    public let runDir: String
    public let checkpointDir: String
    public private(set) var step = 0
    public private(set) var bestValLoss: Float = .infinity
    public private(set) var bestStep = 0
    public private(set) var lastValLoss: Float = .nan
    public private(set) var resumedFrom: String?
    /// Steps taken by this process (fewer than `step` after a resume).
    public private(set) var stepsThisSession = 0
    private var evalsSinceBest = 0
    /// Step of the last evaluation that beat the best by at least `min-delta`.
    private var lastImprovementStep = 0
    /// Set when patience ran out (also when resuming a run that had stopped).
    public private(set) var stoppedEarly = false
    /// For tests: replaces the validation loss at a given step (to script improvements).
    public var validationLossOverride: ((Int) -> Float)?
    private var rng: RNG
    private var sampleRNG: RNG
    private let valBatches: [(inputs: [Int32], targets: [Int32])]
    private let examples: (train: [Batches.Example], val: [Batches.Example])?
    /// The parameters the optimizer updates (all but attention's with --freeze-attn; with
    /// --lora-rank the adapters' A and B, and the token table unless --no-lora-embeddings).
    public let trainable: [Parameter]
    /// The tokens samples start from (default: `--sample-prompt`, or the start of the
    /// validation text) and the tokens that end them.
    public var sampleStart: [Int32]?
    public var sampleStop: Set<Int32> = []
    private let schedule: Schedule
    /// `threads` replicas of the model, one per worker thread (see `DataParallel`).
    public let parallel: DataParallel
    /// Forward, backward, clip and update: one step (`TrainingStep`).
    public let trainingStep: TrainingStep
    private var bestCheckpoints: [(loss: Float, step: Int, path: String)] = []

    /// Called with what happened, for monitors.
    public var onEvent: ((Event) -> Void)?
    /// For tests: stop abruptly (as a kill would) after completing this step, saving nothing more.
    public var interruptAfterStep: Int?

    public enum Event {
        case step(StepStats)
        case evaluation(step: Int, valLoss: Float, improved: Bool, sample: String)
        case sample(step: Int, text: String)
        case checkpoint(path: String)
        case earlyStop(step: Int, lastImprovement: Int, bestStep: Int, bestValLoss: Float)
    }

    public struct StepStats {
        public let step: Int, steps: Int
        public let trainLoss: Float, lr: Float, gradNorm: Float
        public let tokensPerSecond: Double
        public let elapsed: Double
        public let lastValLoss: Float
        public let stepsThisSession: Int
    }

    /// Where the time went, in seconds, over the whole run.
    public private(set) var timing = Timing()
    public struct Timing {
        public var data = 0.0, forward = 0.0, backward = 0.0, optimizer = 0.0, evaluation = 0.0, checkpoints = 0.0
        public var total: Double { data + forward + backward + optimizer + evaluation + checkpoints }
    }

    public struct Summary {
        public let steps: Int
        public let tokensSeen: Int
        public let seconds: Double
        public let bestValLoss: Float, bestStep: Int, finalValLoss: Float
        public let stoppedEarly: Bool
        public let modelPath: String
    }

    static let csvColumns = ["step", "train_loss", "val_loss", "lr", "grad_norm", "tokens_per_s",
                             "data_ms", "forward_ms", "backward_ms", "optimizer_ms", "eval_ms", "elapsed_s"]

    /// The checkpoint a run resumes from, and the configuration it continues with: the
    /// checkpoint's own settings (its data and tokenizer too), except the operational options
    /// (where files go, threads, patience, …) the user gave explicitly. A setting that changes
    /// what is learned and differs from the checkpoint's is an error. Call it before preparing
    /// the data, so a plain `--resume` needs no other flag.
    public static func resolveResume(_ requested: TrainConfig, explicit: Set<String>, runDir: String) throws -> (TrainConfig, String)? {
        guard requested.resume || requested.resumeFrom != nil else { return nil }
        let dir = requested.checkpointDir ?? runDir + "/checkpoints"
        guard let path = try requested.resumeFrom ?? Checkpoint.latest(in: dir) else {
            throw LabError("--resume: no checkpoint in \(dir) (start a run without --resume first)")
        }
        let meta = try SafeTensors.readMetadata(path)
        guard meta["format"] == Checkpoint.format else {
            throw LabError("\(path): not an LLM Lab training checkpoint (format '\(meta["format"] ?? "none")', expected '\(Checkpoint.format)')")
        }
        guard let text = meta["train_config"], let json = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else {
            throw LabError("\(path): checkpoint has no readable train_config")
        }
        var saved = TrainConfig()
        try saved.apply(json, source: path)
        for f in TrainConfig.fields where !f.operational && explicit.contains(f.name) && f.get(saved) != f.get(requested) {
            throw LabError("\(path): was trained with --\(f.name) \(f.get(saved)); resuming with \(f.get(requested)) would not continue the same run")
        }
        for f in TrainConfig.fields where f.operational && explicit.contains(f.name) { _ = f.set(&saved, f.get(requested)) }
        saved.resume = requested.resume
        saved.resumeFrom = requested.resumeFrom
        saved.out = requested.out
        return (saved, path)
    }

    /// A new run, or (with `config.resume` / `config.resumeFrom`) the continuation of one.
    /// `explicit` names the options the user set; on resume they must agree with the checkpoint.
    /// The model is the config's (`n-layer`, …) unless `shape` gives another (initialised here,
    /// from the run's seed) or `weights` gives a model to start from (fine-tuning).
    /// With `examples` (whole sequences with the tokens to learn marked: dialogues), batches
    /// are drawn from them instead of from windows of `data`, and validation uses all of
    /// `examples.val`.
    public init(config requested: TrainConfig, explicit: Set<String> = [], data: TokenizedCorpus, runDir: String,
                shape: GPTConfig? = nil, weights: GPT? = nil,
                examples: (train: [Batches.Example], val: [Batches.Example])? = nil) throws {
        self.examples = examples
        self.runDir = runDir
        checkpointDir = requested.checkpointDir ?? runDir + "/checkpoints"
        self.data = data
        var config = requested
        var loaded: Checkpoint.Loaded?
        if let (resolved, path) = try Trainer.resolveResume(requested, explicit: explicit, runDir: runDir) {
            let l = try Checkpoint.load(path)
            guard l.checkpoint.dataKey == data.key else {
                throw LabError("\(path): was trained on different data or tokenization (key \(l.checkpoint.dataKey), now \(data.key))")
            }
            if resolved.threads != l.checkpoint.trainConfig["threads"].flatMap({ if case .int(let i) = $0 { return i }; return nil }) ?? resolved.threads {
                print("  note: this checkpoint was written with a different --threads; the run continues, but its numbers will not match the original bit for bit")
            }
            config = resolved
            loaded = l
        }
        self.config = config
        try config.validate()
        let modelConfig = weights?.config ?? shape ?? config.model(vocab: data.tokenizer.vocabSize)
        try modelConfig.validate()
        try config.checkMemory(model: modelConfig)
        // the model files and checkpoints carry the tokenizer, and reading them back checks this
        guard data.tokenizer.vocabSize == modelConfig.vocabSize else {
            throw LabError("\(data.source): the tokenizer has \(data.tokenizer.vocabSize) tokens but the model's vocabulary is \(modelConfig.vocabSize); they must be the same")
        }
        guard config.blockSize <= modelConfig.blockSize else {
            throw LabError("--block-size \(config.blockSize) is longer than the model's context of \(modelConfig.blockSize) positions")
        }
        for (name, tokens) in [("training", data.train), ("validation", data.val)] {
            if let top = tokens.max(), Int(top) >= modelConfig.vocabSize || tokens.min()! < 0 {
                throw LabError("\(data.source): the \(name) tokens go up to \(top), outside the model's vocabulary of \(modelConfig.vocabSize)")
            }
        }
        var rng = RNG(seed: config.seed)
        if let loaded {
            guard loaded.model.config == modelConfig else { throw LabError("\(loaded.path): its model does not match the configuration") }
            model = loaded.model
        } else if let weights {
            model = weights
        } else {
            model = GPT(modelConfig)
            model.initialize(&rng)
        }
        // --lora-rank: adapters on the chosen matrices, A drawn from a stream of its own (the
        // batches stay those of a run without LoRA); a resumed run takes A and B from its checkpoint
        if config.loraRank > 0 {
            guard weights != nil || loaded != nil else {
                throw LabError("--lora-rank adapts a pretrained model (fine-tuning, lesson 07); this run starts from random weights")
            }
            var loraRNG = RNG(seed: config.seed ^ 0x10_4A_AD_A7_E5)
            let adapters = try model.addAdapters(config.loraTargets, rank: config.loraRank, alpha: config.loraAlpha, rng: &loraRNG)
            if let loaded {
                for p in adapters.flatMap(\.parameters) {
                    guard let t = loaded.file.tensors[p.name], t.shape == p.value.shape else {
                        throw LabError("\(loaded.path): has no LoRA tensor \(p.name) of shape \(p.value.shape), so this LoRA run cannot resume from it")
                    }
                    p.value.copy(from: t)
                }
            }
        }
        // --freeze-attn: attention's weights get no updates (the rest of the model adapts around them)
        // --lora-rank: the adapters' A and B, and unless --no-lora-embeddings the token table
        let trainable = config.loraRank > 0 ? model.adapters.flatMap(\.parameters) + (config.loraEmbeddings ? model.wte.parameters + (model.lmHead?.parameters ?? []) : [])
            : config.freezeAttn ? model.parameters.filter { !$0.name.contains(".attn.") } : model.parameters
        self.trainable = trainable
        // a Linear whose weight is not trained computes no weight gradient (the same numbers, sooner)
        let trained = Set(trainable.map(ObjectIdentifier.init))
        for l in model.linears { l.frozen = !trained.contains(ObjectIdentifier(l.weight)) }
        // "data": one replica per thread; "blas": one model, BLAS and the loss on all threads
        // (half the memory: what a model the size of GPT-2 needs)
        parallel = DataParallel(model, workers: config.parallel == .blas ? 1 : config.threads)
        if config.parallel == .blas { model.workers = config.threads }
        let optimizer = config.optimizer.make(trainable, beta1: config.beta1, beta2: config.beta2, weightDecay: config.weightDecay)
        optimizer.workers = config.threads
        self.optimizer = optimizer
        trainingStep = TrainingStep(parallel, optimizer: optimizer, gradClip: config.gradClip, workers: config.threads)
        schedule = config.schedule.make(lr: config.lr, minLR: config.minLR, warmup: config.warmup, steps: config.steps)
        var evalRNG = RNG(seed: config.seed ^ 0x5EED_0F_E7A1)
        if let examples {
            guard !examples.train.isEmpty, !examples.val.isEmpty else {
                throw LabError("\(data.source): need examples for both training (\(examples.train.count)) and validation (\(examples.val.count))")
            }
            for e in examples.train + examples.val {
                if let top = e.tokens.max(), Int(top) >= modelConfig.vocabSize || e.tokens.min()! < 0 {
                    throw LabError("\(data.source): an example has token \(top), outside the model's vocabulary of \(modelConfig.vocabSize)")
                }
            }
            valBatches = stride(from: 0, to: examples.val.count, by: config.batchSize).map {
                Batches.pack(Array(examples.val[$0...].prefix(config.batchSize)), length: config.blockSize, rows: config.batchSize)
            }
        } else {
            guard data.val.count > config.blockSize else {
                throw LabError("the validation part has \(data.val.count) tokens; it needs more than --block-size \(config.blockSize) (use more data or a smaller --block-size)")
            }
            guard data.train.count > config.blockSize else {
                throw LabError("the training part has \(data.train.count) tokens; it needs more than --block-size \(config.blockSize)")
            }
            valBatches = (0..<config.evalBatches).map { _ in Batches.windows(data.val, length: config.blockSize, count: config.batchSize, &evalRNG) }
        }
        sampleRNG = RNG(seed: config.seed ^ 0x5A3D_1E5A_3D1E)
        if let loaded {
            try loaded.restore(optimizer)
            let c = loaded.checkpoint
            step = c.step
            bestValLoss = c.bestValLoss
            bestStep = c.bestStep
            evalsSinceBest = c.evalsSinceBest
            lastValLoss = c.valLoss
            rng = c.rng
            sampleRNG = c.sampleRNG
            resumedFrom = loaded.path
            lastImprovementStep = c.bestStep
            stoppedEarly = config.patience > 0 && evalsSinceBest >= config.patience
            // best files from steps after this checkpoint belong to an abandoned future
            let current = c.step
            bestCheckpoints = Trainer.bestCheckpoints(in: checkpointDir).filter { $0.step <= current }
        }
        self.rng = rng
    }

    /// The best-K checkpoints already on disk (after a resume).
    static func bestCheckpoints(in dir: String) -> [(loss: Float, step: Int, path: String)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasPrefix("best-step") && $0.hasSuffix(".safetensors") }.compactMap { name in
            let path = dir + "/" + name
            guard let meta = try? SafeTensors.readMetadata(path), let loss = Float(meta["val_loss"] ?? ""), let step = Int(meta["step"] ?? "") else { return nil }
            return (loss, step, path)
        }.sorted { $0.loss < $1.loss }
    }

    /// Trains from the current step to `config.steps` (or until early stopping).
    public func run() throws -> Summary {
        try Files.createDirectory(checkpointDir)
        let metricsPath = runDir + "/metrics.csv"
        if resumedFrom != nil {
            try Trainer.truncateMetrics(metricsPath, after: step)
        }
        let metrics = try CSVWriter(path: metricsPath, columns: Trainer.csvColumns, append: resumedFrom != nil)
        let c = config
        // data-parallel: the workers are the threads, BLAS runs inside each on one thread
        BLAS.threads = c.parallel == .blas ? c.threads : 1
        let tokensPerStep = c.batchSize * c.blockSize * c.gradAccum
        let wall = Stopwatch()
        // stale temporary files of a run that was killed while writing
        for name in (try? FileManager.default.contentsOfDirectory(atPath: checkpointDir)) ?? [] where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            try? FileManager.default.removeItem(atPath: checkpointDir + "/" + name)
        }
        while step < c.steps && !stoppedEarly {
            var clock = Stopwatch()
            let micro = (0..<c.gradAccum).map { _ in
                examples.map { Batches.sequences($0.train, length: c.blockSize, count: c.batchSize, &rng) }
                    ?? Batches.windows(data.train, length: c.blockSize, count: c.batchSize, &rng)
            }
            let tData = clock.seconds
            // one draw per step, whatever the number of workers, so the batches do not depend on it
            let stepSeed = rng.next()
            let seeds = parallel.replicas.indices.map { stepSeed &+ UInt64($0) &* 0x9E37_79B9_7F4A_7C15 }
            // forward, backward, clip and update, the micro-batches split among the workers
            let lr = schedule.lr(at: step)
            let result = trainingStep(micro, batch: c.batchSize, length: c.blockSize, lr: lr, seeds: seeds)
            let loss = Double(result.loss), norm = result.gradNorm
            guard result.updated else {
                throw LabError("the training loss became \(loss) at step \(step + 1): lower --lr (now \(c.lr)) or raise --warmup")
            }
            let (tForward, tBackward, tOptimizer) = (result.forward, result.backward, result.update)
            step += 1
            stepsThisSession += 1
            timing.data += tData; timing.forward += tForward; timing.backward += tBackward; timing.optimizer += tOptimizer
            let stepSeconds = tData + tForward + tBackward + tOptimizer
            var row: [String: any CSVValue] = [
                "step": step, "train_loss": Float(loss), "lr": lr, "grad_norm": norm,
                "tokens_per_s": Double(tokensPerStep) / stepSeconds,
                "data_ms": 1000 * tData, "forward_ms": 1000 * tForward, "backward_ms": 1000 * tBackward, "optimizer_ms": 1000 * tOptimizer,
            ]
            var evaluated = false
            if step % c.evalInterval == 0 || step == c.steps {
                clock.reset()
                lastValLoss = validationLossOverride?(step) ?? evaluate()
                let improved = lastValLoss < bestValLoss - c.minDelta
                if lastValLoss < bestValLoss { bestValLoss = lastValLoss; bestStep = step }
                if improved { lastImprovementStep = step }
                evalsSinceBest = improved ? 0 : evalsSinceBest + 1
                let sample = c.sampleTokens > 0 ? self.sample(tokens: c.sampleTokens) : ""
                let tEval = clock.seconds
                timing.evaluation += tEval
                row["val_loss"] = lastValLoss
                row["eval_ms"] = 1000 * tEval
                onEvent?(.evaluation(step: step, valLoss: lastValLoss, improved: improved, sample: sample))
                evaluated = true
            }
            if !evaluated && c.sampleEvery > 0 && step % c.sampleEvery == 0 && c.sampleTokens > 0 {
                clock.reset()
                let text = sample(tokens: c.sampleTokens)
                timing.evaluation += clock.seconds
                onEvent?(.sample(step: step, text: text))
            }
            row["elapsed_s"] = wall.seconds
            try metrics.row(row)
            onEvent?(.step(StepStats(step: step, steps: c.steps, trainLoss: Float(loss), lr: lr, gradNorm: norm,
                                     tokensPerSecond: Double(tokensPerStep) / stepSeconds, elapsed: wall.seconds, lastValLoss: lastValLoss,
                                     stepsThisSession: stepsThisSession)))
            if evaluated || (c.saveEvery > 0 && step % c.saveEvery == 0) {
                clock.reset()
                try saveCheckpoints(evaluated: evaluated)
                timing.checkpoints += clock.seconds
            }
            if let stop = interruptAfterStep, step >= stop { throw Interrupted() }
            if evaluated && c.patience > 0 && evalsSinceBest >= c.patience {
                stoppedEarly = true
                onEvent?(.earlyStop(step: step, lastImprovement: lastImprovementStep, bestStep: bestStep, bestValLoss: bestValLoss))
            }
        }
        if stoppedEarly {
            guard let best = bestCheckpoints.first(where: { $0.step == bestStep }) else {
                throw LabError("early stopping: the best checkpoint (step \(bestStep)) is not in \(checkpointDir), so its weights cannot be restored")
            }
            let l = try Checkpoint.load(best.path)        // the best weights (and adapters) come back
            for p in model.parameters {
                guard let t = l.file.tensors[p.name], t.shape == p.value.shape else { throw LabError("\(best.path): has no tensor \(p.name)") }
                p.value.copy(from: t)
            }
        }
        // LoRA: the adapters are folded into the weights, so the model saved is an ordinary one
        if !model.adapters.isEmpty {
            model.mergeAdapters()
            for r in parallel.replicas.dropFirst() { r.removeAdapters() }       // they share the merged weights
        }
        let modelPath = runDir + "/model.safetensors"
        try model.save(to: modelPath, extra: ["tokenizer_kind": data.tokenizer.kind, "tokenizer": data.tokenizer.serialized,
                                              "step": String(stoppedEarly ? bestStep : step)])
        return Summary(steps: step, tokensSeen: step * tokensPerStep, seconds: wall.seconds, bestValLoss: bestValLoss,
                       bestStep: bestStep, finalValLoss: lastValLoss, stoppedEarly: stoppedEarly, modelPath: modelPath)
    }

    /// Thrown by `interruptAfterStep`: the test stand-in for `kill -9`.
    public struct Interrupted: Error {}

    /// Mean loss over the fixed validation batches (dropout off).
    public func evaluate() -> Float {
        parallel.loss(valBatches, batch: config.batchSize, length: config.blockSize)
    }

    /// Text sampled from the model, starting at `--sample-prompt` (or the start of the
    /// validation text), drawn from the sampling stream.
    public func sample(tokens: Int) -> String {
        let prompt = sampleStart ?? (config.samplePrompt.isEmpty ? Array(data.val.prefix(min(8, config.blockSize))) : data.tokenizer.encode(config.samplePrompt))
        let start = prompt.isEmpty ? [Int32(0)] : prompt
        let out = Sampler.generate(model, prompt: start, count: tokens,
                                   options: SamplingOptions(temperature: config.temperature, topK: 0, topP: 1), stop: sampleStop, rng: &sampleRNG)
        return "«" + data.tokenizer.decode(start) + "»" + data.tokenizer.decode(out)
    }

    func saveCheckpoints(evaluated: Bool) throws {
        let c = config
        let state = Checkpoint(step: step, valLoss: lastValLoss, bestValLoss: bestValLoss, bestStep: bestStep,
                               evalsSinceBest: evalsSinceBest, rng: rng, sampleRNG: sampleRNG, trainConfig: c.json, dataKey: data.key)
        func save(_ name: String) throws -> String {
            let path = checkpointDir + "/" + name
            try state.save(model: model, optimizer: optimizer, tokenizer: data.tokenizer, to: path)
            onEvent?(.checkpoint(path: path))
            return path
        }
        let stepName = String(step).leftPadded(to: 6)
        if c.saveEvery > 0 && step % c.saveEvery == 0 { _ = try save("step-\(stepName).safetensors") }
        if evaluated && c.keepBest > 0 && (bestCheckpoints.count < c.keepBest || lastValLoss < bestCheckpoints.last!.loss) {
            let path = try save("best-step\(stepName).safetensors")
            bestCheckpoints.append((lastValLoss, step, path))
            bestCheckpoints.sort { $0.loss < $1.loss }
            while bestCheckpoints.count > c.keepBest {
                try? FileManager.default.removeItem(atPath: bestCheckpoints.removeLast().path)
            }
        }
        // The last checkpoint is written last, so it is always the newest file to resume from.
        if c.keepLast || c.patience > 0 { _ = try save("last.safetensors") }
    }

    /// Drops the rows after `step` from a metrics file (a resumed run rewrites them).
    static func truncateMetrics(_ path: String, after step: Int) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let text = try Files.readUTF8(path)
        var kept: [Substring] = []
        for (i, line) in text.split(separator: "\n").enumerated() {
            if i == 0 { kept.append(line); continue }
            guard let first = line.split(separator: ",", maxSplits: 1).first, let s = Int(first) else { continue }
            if s <= step { kept.append(line) }
        }
        try Files.writeAtomically(kept.joined(separator: "\n") + "\n", to: path)
    }
}
