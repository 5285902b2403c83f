import Foundation
import Testing
@testable import LLMLab

/// LoRA: the adapter's backward pass against central differences of a Float64 reference, alone
/// and inside a whole GPT; a new adapter changes nothing; merging keeps the logits; the trainer
/// trains only A and B, leaves the base weights alone, saves merged weights and resumes exactly.
struct LoRATests {
    typealias V = [Double]

    /// W + s · (A · B)ᵀ in Float64: the weight (out, in) the adapted layer behaves as.
    static func effective(_ w: V, _ a: V, _ b: V, inF: Int, outF: Int, rank: Int, scale: Double) -> V {
        var e = w
        for o in 0..<outF {
            for i in 0..<inF {
                var s = 0.0
                for k in 0..<rank { s += a[i * rank + k] * b[k * outF + o] }
                e[o * inF + i] += scale * s
            }
        }
        return e
    }

    /// y = x · Wᵀ + b + s · (x · A) · B as written (not through the merged weight).
    static func adapted(_ x: V, _ w: V, _ bias: V?, _ a: V, _ b: V, inF: Int, outF: Int, rank: Int, scale: Double) -> V {
        var y = Ref.linear(x, w, bias, inF: inF, outF: outF)
        let n = x.count / inF
        for r in 0..<n {
            var h = V(repeating: 0, count: rank)
            for k in 0..<rank { for i in 0..<inF { h[k] += x[r * inF + i] * a[i * rank + k] } }
            for o in 0..<outF { for k in 0..<rank { y[r * outF + o] += scale * h[k] * b[k * outF + o] } }
        }
        return y
    }

    static func d(_ t: Tensor) -> V { t.values.map(Double.init) }

    /// A model of `config` with GPT-2's initialisation from `seed`.
    static func model(_ config: GPTConfig, seed: UInt64 = 3) -> GPT {
        var rng = RNG(seed: seed)
        let m = GPT(config)
        m.initialize(&rng)
        return m
    }

    /// A copy of `model`'s weights in a new model.
    static func copy(_ model: GPT) -> GPT {
        let c = GPT(model.config)
        for (p, q) in zip(c.parameters, model.parameters) { p.value.copy(from: q.value) }
        return c
    }

    @Test(arguments: [true, false])
    func layerMatchesFiniteDifferences(bias: Bool) {
        var rng = RNG(seed: 11)
        let (n, i, o, r) = (2 * 3, 6, 5, 2)
        let layer = Linear(i, o, bias: bias)
        layer.weight.value.fillNormal(&rng, std: 0.5)
        layer.bias?.value.fillNormal(&rng, std: 0.5)
        let adapter = LoRA(i, o, rank: r, alpha: 3)
        layer.attach(adapter)
        adapter.a.value.fillNormal(&rng, std: 0.5)
        adapter.b.value.fillNormal(&rng, std: 0.5)          // B ≠ 0, so A gets a gradient too
        #expect(layer.parameters.map(\.name) == ["weight"] + (bias ? ["bias"] : []) + ["lora_A", "lora_B"])
        let x = Tensor(shape: [2, 3, i], values: GradCheck.randomArray(n * i, &rng))
        let w = GradCheck.randomArray(n * o, &rng)
        let s = Double(adapter.scale)
        #expect(s == 1.5)
        let W = Self.d(layer.weight.value), B = layer.bias.map { Self.d($0.value) }, X = Self.d(x)
        let LA = Self.d(adapter.a.value), LB = Self.d(adapter.b.value)
        let y = layer.forward(x)
        let ref = Self.adapted(X, W, B, LA, LB, inF: i, outF: o, rank: r, scale: s)
        #expect(zip(y.values, ref).allSatisfy { abs(Double($0) - $1) < 1e-5 })
        let dx = layer.backward(Tensor(shape: [2, 3, o], values: w))
        GradientCheckTests.expectClose("dx", analytic: dx, at: x.values) {
            GradientCheckTests.weightedSum(Self.adapted($0, W, B, LA, LB, inF: i, outF: o, rank: r, scale: s), w)
        }
        GradientCheckTests.expectClose("dA", analytic: adapter.a.grad, at: adapter.a.value.values) {
            GradientCheckTests.weightedSum(Self.adapted(X, W, B, $0, LB, inF: i, outF: o, rank: r, scale: s), w)
        }
        GradientCheckTests.expectClose("dB", analytic: adapter.b.grad, at: adapter.b.value.values) {
            GradientCheckTests.weightedSum(Self.adapted(X, W, B, LA, $0, inF: i, outF: o, rank: r, scale: s), w)
        }
        // the frozen base gets no gradient
        #expect(layer.weight.grad.values.allSatisfy { $0 == 0 })
        #expect(layer.bias?.grad.values.allSatisfy { $0 == 0 } ?? true)
        // a second backward adds (accumulation), as every layer's does
        let (ga, gb) = (adapter.a.grad.values, adapter.b.grad.values)
        _ = layer.backward(Tensor(shape: [2, 3, o], values: w))
        #expect(zip(adapter.a.grad.values, ga).allSatisfy { abs($0 - 2 * $1) <= 1e-5 * max(1, abs($1)) })
        #expect(zip(adapter.b.grad.values, gb).allSatisfy { abs($0 - 2 * $1) <= 1e-5 * max(1, abs($1)) })
        // merging gives the reference's effective weight
        layer.mergeAdapter()
        let merged = Self.effective(W, LA, LB, inF: i, outF: o, rank: r, scale: s)
        #expect(layer.adapter == nil && layer.parameters.count == (bias ? 2 : 1))
        #expect(zip(layer.weight.value.values, merged).allSatisfy { abs(Double($0) - $1) < 1e-6 })
    }

    static let configs: [GPTConfig] = [
        GPTConfig(vocabSize: 11, blockSize: 6, layers: 2, heads: 2, channels: 8),
        GPTConfig(vocabSize: 11, paddedVocabSize: 13, blockSize: 6, layers: 2, heads: 2, channels: 8,
                  bias: false, norm: .post, positions: .sinusoidal, tiedEmbeddings: false),
    ]

    /// Adapters inside a whole GPT: logits and the loss equal the Float64 reference model with
    /// each adapted weight replaced by W + s·(A·B)ᵀ, and every A and B gradient equals central
    /// differences of that reference's loss. The adapted Linears' weights get no gradient.
    @Test(arguments: configs, [LoRATargets.attn, .mlp, .all])
    func gptAdaptersMatchFiniteDifferences(config: GPTConfig, targets: LoRATargets) throws {
        var rng = RNG(seed: 12)
        let model = GPT(config)
        model.initialize(&rng)
        for p in model.parameters { p.value.fillNormal(&rng, mean: p.name.contains("ln") && p.name.hasSuffix("weight") ? 1 : 0, std: 0.3) }
        let adapters = try model.addAdapters(targets, rank: 2, alpha: 4, rng: &rng)
        #expect(adapters.count == config.layers * (targets == .all ? 4 : 2))
        for a in adapters { a.a.value.fillNormal(&rng, std: 0.3); a.b.value.fillNormal(&rng, std: 0.3) }
        let (b, t) = (2, 5)
        let ids: [Int32] = (0..<(b * t)).map { _ in Int32(rng.int(below: config.vocabSize)) }
        var targetsIDs: [Int32] = (0..<(b * t)).map { _ in Int32(rng.int(below: config.vocabSize)) }
        targetsIDs[3] = Batches.ignore
        let logits = model.forward(ids, batch: b, length: t, rng: &rng).values
        let loss = model.forward(ids, targets: targetsIDs, batch: b, length: t, rng: &rng)
        model.zeroGrad()
        model.backward()

        // the reference's parameters: the base ones, and each adapter's A and B
        var base: [String: V] = [:]
        for p in model.parameters { base[p.name] = Self.d(p.value) }
        let layers = model.linears(targets)
        func referenceLoss(_ p: [String: V]) -> (V, Double) {
            var q = p
            for l in layers {
                let prefix = String(l.weight.name.dropLast("weight".count)), a = l.adapter!
                q[l.weight.name] = Self.effective(p[l.weight.name]!, p[prefix + "lora_A"]!, p[prefix + "lora_B"]!,
                                                  inF: a.inFeatures, outF: a.outFeatures, rank: a.rank, scale: Double(a.scale))
            }
            let l = Ref.gpt(q, config: config, ids: ids, b: b, t: t)
            return (l, Ref.crossEntropy(l, targetsIDs, vp: config.paddedVocabSize, v: config.vocabSize))
        }
        let (refLogits, refLoss) = referenceLoss(base)
        #expect(zip(logits, refLogits).allSatisfy { abs(Double($0) - $1) < 1e-5 }, "logits differ from the reference")
        #expect(abs(Double(loss) - refLoss) < 1e-5)
        for p in adapters.flatMap(\.parameters) {
            let numeric = GradCheck.numeric(base[p.name]!) { perturbed in
                var q = base
                q[p.name] = perturbed
                return referenceLoss(q).1
            }
            let err = GradCheck.relativeError(analytic: p.grad.values, numeric: numeric)
            #expect(err < GradientCheckTests.bound, "\(p.name): relative error \(err)")
        }
        for l in layers {
            #expect(l.frozen && l.weight.grad.values.allSatisfy { $0 == 0 }, "\(l.weight.name) has a gradient")
        }
    }

    /// B starts at zero, so a model with new adapters computes exactly what its base computes.
    @Test(arguments: [LoRATargets.attn, .mlp, .all])
    func newAdaptersChangeNothing(targets: LoRATargets) throws {
        let config = GPTConfig(vocabSize: 13, blockSize: 8, layers: 2, heads: 2, channels: 16)
        let model = Self.model(config)
        let ids: [Int32] = [1, 5, 2, 9, 12, 0, 3, 3]
        var rng = RNG(seed: 0)
        let before = model.forward(ids, batch: 1, length: 8, rng: &rng).values
        var loraRNG = RNG(seed: 1)
        let adapters = try model.addAdapters(targets, rank: 4, alpha: 8, rng: &loraRNG)
        #expect(adapters.allSatisfy { $0.b.value.values.allSatisfy { $0 == 0 } && $0.a.value.values.contains { $0 != 0 } })
        let after = model.forward(ids, batch: 1, length: 8, rng: &rng).values
        #expect(before == after)
    }

    /// Merged weights give the adapted model's logits (to float rounding), and save as an
    /// ordinary model file that loads without any adapter.
    @Test func mergedModelGivesTheAdaptedLogits() throws {
        let config = GPTConfig(vocabSize: 13, blockSize: 8, layers: 2, heads: 2, channels: 16)
        let model = Self.model(config)
        var rng = RNG(seed: 4)
        let adapters = try model.addAdapters(.all, rank: 3, alpha: 6, rng: &rng)
        for a in adapters { a.b.value.fillNormal(&rng, std: 0.05) }
        let ids: [Int32] = [1, 5, 2, 9, 12, 0, 3, 3, 7, 7, 1, 2]
        let adapted = model.forward(ids, batch: 2, length: 6, rng: &rng).values
        model.mergeAdapters()
        #expect(model.adapters.isEmpty && model.parameters.allSatisfy { !$0.name.contains("lora") })
        let merged = model.forward(ids, batch: 2, length: 6, rng: &rng).values
        let scale = adapted.map(abs).max()!
        let worst = zip(adapted, merged).map { abs($0 - $1) }.max()!
        #expect(worst < 1e-5 * max(scale, 1), "merged logits differ by \(worst)")
        #expect(adapted != Self.model(config).forward(ids, batch: 2, length: 6, rng: &rng).values)    // the adapters did something

        let dir = try temporaryDirectory()
        try model.save(to: dir + "/m.safetensors")
        let file = try SafeTensors.read(dir + "/m.safetensors")
        #expect(!file.tensors.keys.contains { $0.contains("lora") })
        let (loaded, _) = try GPT.load(from: dir + "/m.safetensors")
        #expect(loaded.forward(ids, batch: 2, length: 6, rng: &rng).values == merged)
    }

    // MARK: Training with adapters

    static func config(_ dir: String, rank: Int = 2, targets: LoRATargets = .attn, embeddings: Bool = true) -> TrainConfig {
        var c = TrainerTests.tinyConfig(dir)
        c.loraRank = rank
        c.loraAlpha = 4
        c.loraTargets = targets
        c.loraEmbeddings = embeddings
        c.lr = 3e-3
        return c
    }

    /// The base a LoRA run adapts: a small "pretrained" model (here: initialised) for `c`'s data.
    static func base(_ c: TrainConfig, _ data: TokenizedCorpus) -> GPT {
        model(c.model(vocab: data.tokenizer.vocabSize), seed: 21)
    }

    /// With --no-lora-embeddings the optimizer holds A and B only: r·(in + out) numbers per
    /// adapted matrix, and Adam's m and v for each of them.
    @Test(arguments: [LoRATargets.attn, .mlp, .all])
    func onlyTheAdaptersAreTrained(targets: LoRATargets) throws {
        let dir = try temporaryDirectory()
        let c = Self.config(dir, rank: 3, targets: targets, embeddings: false)
        let data = try TrainerTests.prepare(c, dir)
        let trainer = try Trainer(config: c, data: data, runDir: dir, weights: Self.base(c, data))
        let layers = trainer.model.linears(targets)
        let expected = layers.reduce(0) { $0 + 3 * ($1.inFeatures + $1.outFeatures) }
        #expect(trainer.trainable.reduce(0) { $0 + $1.count } == expected)
        #expect(trainer.model.adapters.reduce(0) { $0 + $1.parameterCount } == expected)
        #expect(trainer.trainable.allSatisfy { $0.name.contains(".lora_") })
        #expect(trainer.optimizer.state.count == 2 * trainer.trainable.count)
        #expect(trainer.optimizer.state.reduce(0) { $0 + $1.1.count } == 2 * expected)
        #expect(trainer.model.linears.allSatisfy { $0.frozen })
        // every worker's replica has its adapters, sharing A and B with the model
        for r in trainer.parallel.replicas {
            #expect(r.adapters.count == layers.count)
            #expect(zip(r.adapters, trainer.model.adapters).allSatisfy { $0.a.value === $1.a.value && $0.b.value === $1.b.value })
        }
    }

    /// By default the token table is trained too (new tokens need it), and with an untied head
    /// the head as well: the adapters' count plus theirs.
    @Test(arguments: [true, false])
    func theTokenTableIsTrainedByDefault(tied: Bool) throws {
        let dir = try temporaryDirectory()
        var c = Self.config(dir)
        c.tied = tied
        #expect(TrainConfig().loraEmbeddings)
        let data = try TrainerTests.prepare(c, dir)
        let trainer = try Trainer(config: c, data: data, runDir: dir, weights: Self.base(c, data))
        let adapters = trainer.model.linears(.attn).reduce(0) { $0 + 2 * ($1.inFeatures + $1.outFeatures) }
        let table = trainer.model.wte.parameterCount + (trainer.model.lmHead?.parameterCount ?? 0)
        #expect(trainer.trainable.reduce(0) { $0 + $1.count } == adapters + table)
        #expect(trainer.model.lmHead.map { !$0.frozen } ?? true)
        #expect(trainer.model.linears(.mlp).allSatisfy { $0.frozen })
    }

    /// Training moves A and B (and the token table unless --no-lora-embeddings) and nothing
    /// else: the last checkpoint holds the other base weights bit for bit, and the final model
    /// is its weights with s·(A·B)ᵀ folded in, an ordinary model file (what 08-chat reads).
    @Test(arguments: [false, true])
    func trainingLeavesTheBaseWeightsUnchanged(embeddings: Bool) throws {
        let dir = try temporaryDirectory()
        let c = Self.config(dir, embeddings: embeddings)
        let data = try TrainerTests.prepare(c, dir)
        let base = Self.base(c, data)
        let trainer = try Trainer(config: c, data: data, runDir: dir, weights: Self.copy(base))
        let summary = try trainer.run()
        #expect(trainer.model.adapters.isEmpty && trainer.parallel.replicas.allSatisfy { $0.adapters.isEmpty })

        let last = try Checkpoint.load(dir + "/checkpoints/last.safetensors")
        #expect(last.checkpoint.step == c.steps)
        for (p, q) in zip(last.model.parameters, base.parameters) {
            #expect((p.value.values == q.value.values) == (p.name != "wte.weight" || !embeddings), "\(p.name)")
        }
        let adapted = Self.copy(last.model)
        var rng = RNG(seed: 0)
        let adapters = try adapted.addAdapters(.attn, rank: 2, alpha: 4, rng: &rng)
        for p in adapters.flatMap(\.parameters) { p.value.copy(from: last.file.tensors[p.name]!) }
        #expect(adapters.allSatisfy { $0.b.value.values.contains { $0 != 0 } })      // B has moved
        adapted.mergeAdapters()
        // a reader of the checkpoint (08-chat, convert) gets the adapters folded in too
        let fromCheckpoint = try ModelInput.read(dir + "/checkpoints/last.safetensors")
        #expect(fromCheckpoint.kind == .labCheckpoint && fromCheckpoint.model.adapters.isEmpty && !fromCheckpoint.model.linears.contains { $0.frozen })
        for (p, q) in zip(fromCheckpoint.model.parameters, adapted.parameters) { #expect(p.value.values == q.value.values, "checkpoint: \(p.name)") }

        let input = try ModelInput.read(summary.modelPath)
        #expect(input.kind == .labModel && input.tokenizer != nil)
        for (p, q) in zip(input.model.parameters, adapted.parameters) { #expect(p.value.values == q.value.values, "\(p.name)") }
        // only the adapted matrices (and the token table) differ from the base
        let changed = Set(zip(input.model.parameters, base.parameters).filter { $0.value.values != $1.value.values }.map { $0.0.name })
        #expect(changed == Set(base.linears(.attn).map(\.weight.name) + (embeddings ? ["wte.weight"] : [])))
    }

    /// An interrupted LoRA run, resumed, logs the same numbers and ends with the same weights as
    /// one that was never interrupted (A and B and their Adam state come from the checkpoint).
    @Test func killAndResumeGivesTheSameRun() throws {
        let a = try temporaryDirectory(), b = try temporaryDirectory()
        let data = try TrainerTests.prepare(Self.config(a), a)
        let base = Self.base(Self.config(a), data)
        let whole = try Trainer(config: Self.config(a), data: data, runDir: a, weights: Self.copy(base))
        _ = try whole.run()

        let first = try Trainer(config: Self.config(b), data: data, runDir: b, weights: Self.copy(base))
        first.interruptAfterStep = 13
        #expect(throws: Trainer.Interrupted.self) { _ = try first.run() }
        var resumeConfig = TrainConfig()
        resumeConfig.resume = true
        resumeConfig.out = b
        let second = try Trainer(config: resumeConfig, explicit: ["resume", "out"], data: data, runDir: b)
        #expect(second.step == 10 && second.config.loraRank == 2)
        _ = try second.run()
        let (ma, mb) = (try TrainerTests.metrics(a), try TrainerTests.metrics(b))
        #expect(ma.count == 31 && ma == mb)
        for (p, q) in zip(whole.model.parameters, second.model.parameters) { #expect(p.value.values == q.value.values, "\(p.name)") }

        // nor can it continue with another rank
        var other = Self.config(b)
        other.resume = true
        other.loraRank = 4
        #expect(throws: LabError.self) { _ = try Trainer(config: other, explicit: ["resume", "lora-rank"], data: data, runDir: b) }
    }

    /// Early stopping restores the best checkpoint's adapters, then merges them.
    @Test func earlyStoppingRestoresTheBestAdapters() throws {
        let dir = try temporaryDirectory()
        var c = Self.config(dir)
        c.patience = 2
        let data = try TrainerTests.prepare(c, dir)
        let base = Self.base(c, data)
        let losses: [Int: Float] = [5: 3.0, 10: 2.5, 15: 2.6, 20: 2.7]
        let trainer = try Trainer(config: c, data: data, runDir: dir, weights: Self.copy(base))
        trainer.validationLossOverride = { losses[$0] ?? 9 }
        let summary = try trainer.run()
        #expect(summary.stoppedEarly && summary.bestStep == 10)
        let best = try Checkpoint.load(dir + "/checkpoints/best-step000010.safetensors")
        let adapted = Self.copy(best.model)
        var rng = RNG(seed: 0)
        let adapters = try adapted.addAdapters(.attn, rank: 2, alpha: 4, rng: &rng)
        for p in adapters.flatMap(\.parameters) { p.value.copy(from: best.file.tensors[p.name]!) }
        adapted.mergeAdapters()
        let (final, _) = try GPT.load(from: summary.modelPath)
        for (p, q) in zip(final.parameters, adapted.parameters) { #expect(p.value.values == q.value.values, "\(p.name)") }
    }

    @Test(arguments: [
        (["--lora-rank", "-1"], "--lora-rank must be ≥ 0"),
        (["--lora-rank", "4", "--lora-alpha", "0"], "--lora-alpha must be positive"),
        (["--lora-alpha", "-2"], "--lora-alpha must be positive"),
        (["--lora-alpha", "inf"], "--lora-alpha needs a number"),
        (["--lora-rank", "4", "--lora-alpha", "3e38"], "--lora-alpha must be positive and at most 10000"),
        (["--lora-targets", "embeddings"], "one of attn, mlp, all"),
        (["--lora-rank", "4", "--freeze-attn"], "--freeze-attn and --lora-rank do not combine"),
    ])
    func badOptionsAreOneLineErrors(args: [String], message: String) {
        do {
            guard case .options(let c, _) = try TrainCommand.parse(args) else { Issue.record("help"); return }
            Issue.record("accepted \(args): \(c.train.loraRank)")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
            #expect(!"\(error)".contains("\n"))
        }
    }

    /// A rank above a matrix's smaller side, and LoRA with nothing pretrained to adapt, are refused.
    @Test func impossibleRunsAreRefused() throws {
        let dir = try temporaryDirectory()
        var c = Self.config(dir, rank: 17)          // the tiny model's width is 16
        let data = try TrainerTests.prepare(c, dir)
        do { _ = try Trainer(config: c, data: data, runDir: dir, weights: Self.base(c, data)); Issue.record("rank 17 accepted") } catch {
            #expect("\(error)".contains("--lora-rank 17 is larger than h.0.attn.qkv.weight allows"), "\(error)")
        }
        c.loraRank = 16                              // the smaller side of every attention matrix: allowed
        _ = try Trainer(config: c, data: data, runDir: dir, weights: Self.base(c, data))
        c.loraRank = 2
        do { _ = try Trainer(config: c, data: data, runDir: dir); Issue.record("LoRA on random weights accepted") } catch {
            #expect("\(error)".contains("adapts a pretrained model"), "\(error)")
        }
    }
}
