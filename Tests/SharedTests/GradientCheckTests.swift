import Foundation
import Testing
@testable import LLMLab

/// Every layer's backward pass against central differences of the Float64 reference, with a
/// relative-error bound of 1e-3 (see `GradCheck.relativeError`).
struct GradientCheckTests {
    static let bound = 1e-3

    /// L = Σ w ⊙ y for a fixed random w, so dL/dy = w.
    static func weightedSum(_ y: [Double], _ w: [Float]) -> Double {
        zip(y, w).reduce(0) { $0 + $1.0 * Double($1.1) }
    }

    static func d(_ x: [Float]) -> [Double] { x.map(Double.init) }

    /// Checks one gradient; returns its error so a test can report all of them.
    @discardableResult
    static func expectClose(_ name: String, analytic: Tensor, at x: [Float], _ f: ([Double]) -> Double,
                            sourceLocation: SourceLocation = #_sourceLocation) -> Double {
        let numeric = GradCheck.numeric(d(x), f)
        let err = GradCheck.relativeError(analytic: analytic.values, numeric: numeric)
        #expect(err < bound, "\(name): relative error \(err)", sourceLocation: sourceLocation)
        return err
    }

    @Test(arguments: [true, false])
    func linear(bias: Bool) {
        var rng = RNG(seed: 1)
        let (n, i, o) = (2 * 3, 5, 4)
        let layer = Linear(i, o, bias: bias)
        layer.weight.value.fillNormal(&rng, std: 0.5)
        layer.bias?.value.fillNormal(&rng, std: 0.5)
        let x = Tensor(shape: [2, 3, i], values: GradCheck.randomArray(n * i, &rng))
        let w = GradCheck.randomArray(n * o, &rng)
        let y = layer.forward(x)
        let ref = Ref.linear(Self.d(x.values), Self.d(layer.weight.value.values), layer.bias.map { Self.d($0.value.values) }, inF: i, outF: o)
        #expect(zip(y.values, ref).allSatisfy { abs(Double($0) - $1) < 1e-5 })
        let dx = layer.backward(Tensor(shape: [2, 3, o], values: w))
        let W = Self.d(layer.weight.value.values), B = layer.bias.map { Self.d($0.value.values) }, X = Self.d(x.values)
        Self.expectClose("dx", analytic: dx, at: x.values) { Self.weightedSum(Ref.linear($0, W, B, inF: i, outF: o), w) }
        Self.expectClose("dW", analytic: layer.weight.grad, at: layer.weight.value.values) { Self.weightedSum(Ref.linear(X, $0, B, inF: i, outF: o), w) }
        if let bias = layer.bias {
            Self.expectClose("db", analytic: bias.grad, at: bias.value.values) { Self.weightedSum(Ref.linear(X, W, $0, inF: i, outF: o), w) }
        }
    }

    /// 7 channels run only the scalar loops; 20 run two eight-lane blocks and a scalar tail.
    @Test(arguments: [7, 20]) func layerNorm(c: Int) {
        var rng = RNG(seed: 2)
        let layer = LayerNorm(c)
        layer.gain.value.fillNormal(&rng, mean: 1, std: 0.3)
        layer.bias!.value.fillNormal(&rng, std: 0.3)
        let x = Tensor(shape: [2, 3, c], values: GradCheck.randomArray(6 * c, &rng, std: 2))
        let w = GradCheck.randomArray(6 * c, &rng)
        let y = layer.forward(x)
        let G = Self.d(layer.gain.value.values), B = Self.d(layer.bias!.value.values), X = Self.d(x.values)
        #expect(zip(y.values, Ref.layerNorm(X, G, B, c: c)).allSatisfy { abs(Double($0) - $1) < 1e-5 })
        let dx = layer.backward(Tensor(shape: x.shape, values: w))
        Self.expectClose("dx", analytic: dx, at: x.values) { Self.weightedSum(Ref.layerNorm($0, G, B, c: c), w) }
        Self.expectClose("dgain", analytic: layer.gain.grad, at: layer.gain.value.values) { Self.weightedSum(Ref.layerNorm(X, $0, B, c: c), w) }
        Self.expectClose("dbias", analytic: layer.bias!.grad, at: layer.bias!.value.values) { Self.weightedSum(Ref.layerNorm(X, G, $0, c: c), w) }
    }

    @Test func gelu() {
        var rng = RNG(seed: 3)
        let x = Tensor(shape: [4, 6], values: GradCheck.randomArray(24, &rng, std: 2))
        let w = GradCheck.randomArray(24, &rng)
        let layer = GELU()
        let y = layer.forward(x)
        #expect(zip(y.values, Ref.gelu(Self.d(x.values))).allSatisfy { abs(Double($0) - $1) < 1e-6 })
        let dx = layer.backward(Tensor(shape: x.shape, values: w))
        Self.expectClose("dx", analytic: dx, at: x.values) { Self.weightedSum(Ref.gelu($0), w) }
    }

    @Test func relu() {
        var rng = RNG(seed: 4)
        // keep inputs away from the kink at 0, where the derivative is undefined
        let xs = GradCheck.randomArray(24, &rng).map { $0 >= 0 ? $0 + 0.1 : $0 - 0.1 }
        let x = Tensor(shape: [24], values: xs)
        let w = GradCheck.randomArray(24, &rng)
        let layer = ReLU()
        _ = layer.forward(x)
        let dx = layer.backward(Tensor(shape: x.shape, values: w))
        Self.expectClose("dx", analytic: dx, at: x.values) { Self.weightedSum(Ref.relu($0), w) }
    }

    @Test(arguments: [(1, 5), (2, 5), (4, 5), (2, 24)])
    func attention(heads: Int, t: Int) {
        var rng = RNG(seed: 5)
        let (b, c) = (2, 8)
        let layer = CausalSelfAttention(channels: c, heads: heads)
        for p in layer.parameters { p.value.fillNormal(&rng, std: 0.4) }
        let x = Tensor(shape: [b, t, c], values: GradCheck.randomArray(b * t * c, &rng))
        let w = GradCheck.randomArray(b * t * c, &rng)
        func ref(_ x: [Double], _ wq: [Double], _ bq: [Double], _ wp: [Double], _ bp: [Double]) -> [Double] {
            let qkv = Ref.linear(x, wq, bq, inF: c, outF: 3 * c)
            return Ref.linear(Ref.attention(qkv, b: b, t: t, c: c, heads: heads).0, wp, bp, inF: c, outF: c)
        }
        let X = Self.d(x.values)
        let WQ = Self.d(layer.qkv.weight.value.values), BQ = Self.d(layer.qkv.bias!.value.values)
        let WP = Self.d(layer.proj.weight.value.values), BP = Self.d(layer.proj.bias!.value.values)
        let y = layer.forward(x)
        #expect(zip(y.values, ref(X, WQ, BQ, WP, BP)).allSatisfy { abs(Double($0) - $1) < 1e-5 })
        // the weights handed back are the reference's, and causal (zero above the diagonal)
        let qkv = Ref.linear(X, WQ, BQ, inF: c, outF: 3 * c)
        let refAtt = Ref.attention(qkv, b: b, t: t, c: c, heads: heads).1
        #expect(zip(layer.weights!.values, refAtt).allSatisfy { abs(Double($0) - $1) < 1e-6 })
        let dx = layer.backward(Tensor(shape: x.shape, values: w))
        Self.expectClose("dx", analytic: dx, at: x.values) { Self.weightedSum(ref($0, WQ, BQ, WP, BP), w) }
        Self.expectClose("dWqkv", analytic: layer.qkv.weight.grad, at: layer.qkv.weight.value.values) { Self.weightedSum(ref(X, $0, BQ, WP, BP), w) }
        Self.expectClose("dbqkv", analytic: layer.qkv.bias!.grad, at: layer.qkv.bias!.value.values) { Self.weightedSum(ref(X, WQ, $0, WP, BP), w) }
        Self.expectClose("dWproj", analytic: layer.proj.weight.grad, at: layer.proj.weight.value.values) { Self.weightedSum(ref(X, WQ, BQ, $0, BP), w) }
        Self.expectClose("dbproj", analytic: layer.proj.bias!.grad, at: layer.proj.bias!.value.values) { Self.weightedSum(ref(X, WQ, BQ, WP, $0), w) }
    }

    /// The blocked causal products (long sequences) give what the plain ones give: forward,
    /// weights and every gradient, at T = 150 in blocks of 64 (64 + 64 + 22) and of 7.
    @Test(arguments: [64, 7])
    func blockedAttentionEqualsPlain(block: Int) {
        var rng = RNG(seed: 17)
        let (b, t, c) = (2, 150, 16)
        let x = Tensor(shape: [b, t, c]); x.fillNormal(&rng, std: 1)
        let dy = Tensor(shape: [b, t, c]); dy.fillNormal(&rng, std: 1)
        func run(_ override: Int?) -> ([Float], [Float], [Float], [[Float]]) {
            var init_ = RNG(seed: 3)
            let layer = CausalSelfAttention(channels: c, heads: 4)
            for p in layer.parameters { p.value.fillNormal(&init_, std: 0.3) }
            layer.rowBlockOverride = override
            let y = layer.forward(x).values, w = layer.weights!.values
            let dx = layer.backward(dy).values
            return (y, w, dx, layer.parameters.map { $0.grad.values })
        }
        let plain = run(t), blocked = run(block)
        func close(_ a: [Float], _ b: [Float]) -> Bool {
            let scale = a.map(abs).max() ?? 1
            return zip(a, b).allSatisfy { abs($0 - $1) <= 1e-5 * max(scale, 1) }
        }
        #expect(close(plain.0, blocked.0), "output")
        #expect(close(plain.1, blocked.1), "weights")
        #expect(close(plain.2, blocked.2), "input gradient")
        for (g1, g2) in zip(plain.3, blocked.3) { #expect(close(g1, g2), "parameter gradient") }
    }

    @Test func embeddingAndPositions() {
        var rng = RNG(seed: 6)
        let (vocab, c, b, t) = (5, 3, 2, 4)
        let emb = Embedding(vocab, c)
        emb.table.value.fillNormal(&rng, std: 1)
        let ids: [Int32] = [0, 3, 3, 1, 4, 4, 4, 0]       // repeats: their gradients must add up
        let out = emb.forward(ids, shape: [b, t])
        #expect(out.shape == [b, t, c])
        #expect(out[1, 0, 2] == emb.table.value[4, 2])
        let w = GradCheck.randomArray(b * t * c, &rng)
        emb.backward(Tensor(shape: [b, t, c], values: w))
        func ref(_ table: [Double]) -> Double {
            var s = 0.0
            for (i, id) in ids.enumerated() { for j in 0..<c { s += table[Int(id) * c + j] * Double(w[i * c + j]) } }
            return s
        }
        Self.expectClose("dtable", analytic: emb.table.grad, at: emb.table.value.values, ref)

        let pos = PositionEncoding(.learned, maxLength: 6, channels: c)
        pos.table.value.fillNormal(&rng, std: 1)
        _ = pos.forward(batch: b, length: t)
        pos.backward(Tensor(shape: [b, t, c], values: w))
        func posRef(_ table: [Double]) -> Double {
            var s = 0.0
            for bi in 0..<b { for ti in 0..<t { for j in 0..<c { s += table[ti * c + j] * Double(w[(bi * t + ti) * c + j]) } } }
            return s
        }
        Self.expectClose("dpositions", analytic: pos.table.grad, at: pos.table.value.values, posRef)

        let sin = PositionEncoding(.sinusoidal, maxLength: 6, channels: 4)
        #expect(sin.parameters.isEmpty)
        #expect(zip(sin.forward(batch: 1, length: 6).values, Ref.sinusoid(6, 4)).allSatisfy { abs(Double($0) - $1) < 1e-6 })
    }

    @Test func crossEntropy() {
        var rng = RNG(seed: 7)
        let (n, vp, v) = (6, 7, 5)                       // two padded columns that never count
        let logits = Tensor(shape: [n, vp], values: GradCheck.randomArray(n * vp, &rng, std: 2))
        let targets: [Int32] = [0, 4, Batches.ignore, 2, 2, Batches.ignore]
        let ce = CrossEntropy()
        let loss = ce.forward(logits, targets: targets, columns: v)
        #expect(ce.countedPositions == 4)
        #expect(abs(Double(loss) - Ref.crossEntropy(Self.d(logits.values), targets, vp: vp, v: v)) < 1e-6)
        let dlogits = ce.backward()
        Self.expectClose("dlogits", analytic: dlogits, at: logits.values) { Ref.crossEntropy($0, targets, vp: vp, v: v) }
        #expect((0..<vp).allSatisfy { dlogits[2, $0] == 0 })   // ignored rows get no gradient
        #expect(dlogits[0, 5] == 0 && dlogits[0, 6] == 0)       // nor do the padded columns
        // uniform logits: loss is log(V)
        let flat = Tensor(shape: [1, v])
        #expect(abs(ce.forward(flat, targets: [3]) - Float(log(Double(v)))) < 1e-6)
    }

    @Test func dropout() {
        var rng = RNG(seed: 8)
        let x = Tensor(shape: [10_000], values: [Float](repeating: 1, count: 10_000))
        let layer = Dropout(0.25)
        let y = layer.forward(x, training: true, rng: &rng)
        let zeros = y.values.filter { $0 == 0 }.count
        #expect(abs(Double(zeros) / 10_000 - 0.25) < 0.02)                     // ≈ p dropped
        #expect(y.values.allSatisfy { $0 == 0 || abs($0 - 4.0 / 3) < 1e-6 })   // survivors scaled by 1/(1−p)
        let dy = Tensor(shape: [10_000], values: GradCheck.randomArray(10_000, &rng))
        let dx = layer.backward(dy)
        #expect((0..<10_000).allSatisfy { dx.pointer[$0] == dy.pointer[$0] * y.pointer[$0] })  // same mask
        #expect(layer.forward(x, training: false, rng: &rng) === x)                            // identity at eval
        var a = RNG(seed: 9), b2 = RNG(seed: 9)
        #expect(Dropout(0.5).forward(x, training: true, rng: &a).values == Dropout(0.5).forward(x, training: true, rng: &b2).values)
    }
}

/// The whole model: logits against the reference, and every parameter's gradient against
/// central differences of the reference model's loss.
struct ModelGradientCheckTests {
    static let configs: [GPTConfig] = [
        GPTConfig(vocabSize: 11, blockSize: 6, layers: 2, heads: 2, channels: 8),
        GPTConfig(vocabSize: 11, paddedVocabSize: 13, blockSize: 6, layers: 2, heads: 2, channels: 8,
                  bias: false, norm: .post, positions: .sinusoidal, tiedEmbeddings: false),
        // four blocks: 0 and 2, 1 and 3 share their backward buffers
        GPTConfig(vocabSize: 11, paddedVocabSize: 16, blockSize: 6, layers: 4, heads: 2, channels: 8),
        GPTConfig(vocabSize: 11, blockSize: 6, layers: 3, heads: 2, channels: 8, norm: .post),
    ]

    /// The model's helpers on several threads (loss rows, the head's row-split sgemm, zeroing)
    /// give the same loss and gradients as on one.
    @Test func workersDoNotChangeTheResult() {
        let config = GPTConfig(vocabSize: 37, paddedVocabSize: 40, blockSize: 6, layers: 3, heads: 2, channels: 8)
        var results: [[Float]] = []
        for workers in [1, 2, 3] {
            var rng = RNG(seed: 5)
            let model = GPT(config)
            model.initialize(&rng)
            model.workers = workers
            let ids: [Int32] = (0..<18).map { _ in Int32(rng.int(below: 37)) }
            var targets: [Int32] = (0..<18).map { _ in Int32(rng.int(below: 37)) }
            targets[4] = Batches.ignore
            let loss = model.forward(ids, targets: targets, batch: 3, length: 6, rng: &rng)
            for p in model.parameters { p.grad.fill(7) }
            model.zeroGrad(workers: workers)
            model.backward()
            results.append([loss] + model.parameters.flatMap { $0.grad.values })
        }
        for r in results.dropFirst() {
            #expect(r[0] == results[0][0])
            let worst = zip(r, results[0]).map { abs($0 - $1) }.max()!
            #expect(worst < 1e-6, "gradients differ by \(worst)")
        }
    }

    @Test(arguments: configs)
    func tinyGPT(config: GPTConfig) {
        var rng = RNG(seed: 10)
        let model = GPT(config)
        model.initialize(&rng)
        // larger than GPT-2's init, so every path carries a gradient worth checking
        for p in model.parameters { p.value.fillNormal(&rng, mean: p.name.contains("ln") && p.name.hasSuffix("weight") ? 1 : 0, std: 0.3) }
        let (b, t) = (2, 5)
        let ids: [Int32] = (0..<(b * t)).map { _ in Int32(rng.int(below: config.vocabSize)) }
        var targets: [Int32] = (0..<(b * t)).map { _ in Int32(rng.int(below: config.vocabSize)) }
        targets[3] = Batches.ignore
        let loss = model.forward(ids, targets: targets, batch: b, length: t, rng: &rng)
        let logits = model.forward(ids, batch: b, length: t, rng: &rng)
        _ = model.forward(ids, targets: targets, batch: b, length: t, rng: &rng)
        model.zeroGrad()
        model.backward()

        var params: [String: [Double]] = [:]
        for p in model.parameters { params[p.name] = p.value.values.map(Double.init) }
        let refLogits = Ref.gpt(params, config: config, ids: ids, b: b, t: t)
        #expect(zip(logits.values, refLogits).allSatisfy { abs(Double($0) - $1) < 1e-5 }, "logits differ from the reference")
        let refLoss = Ref.crossEntropy(refLogits, targets, vp: config.paddedVocabSize, v: config.vocabSize)
        #expect(abs(Double(loss) - refLoss) < 1e-5)

        for p in model.parameters {
            let numeric = GradCheck.numeric(params[p.name]!) { perturbed in
                var q = params
                q[p.name] = perturbed
                return Ref.crossEntropy(Ref.gpt(q, config: config, ids: ids, b: b, t: t), targets,
                                        vp: config.paddedVocabSize, v: config.vocabSize)
            }
            let err = GradCheck.relativeError(analytic: p.grad.values, numeric: numeric)
            #expect(err < GradientCheckTests.bound, "\(p.name): relative error \(err)")
        }
    }
}

extension GPTConfig: CustomTestStringConvertible {
    public var testDescription: String { "\(norm)-LN, \(positions) positions, bias \(bias), tied \(tiedEmbeddings)" }
}

/// Paths the Float64 reference does not cover: dropout in training mode, accumulation across
/// backward calls, and stale state between forwards.
struct ModelBackwardPathTests {
    static func model(_ config: GPTConfig, seed: UInt64 = 31) -> GPT {
        var rng = RNG(seed: seed)
        let m = GPT(config)
        m.initialize(&rng)
        for p in m.parameters { p.value.fillNormal(&rng, mean: p.name.contains("ln") && p.name.hasSuffix("weight") ? 1 : 0, std: 0.3) }
        return m
    }

    /// With dropout on, re-seeding before every forward fixes the mask, so the loss is a
    /// deterministic function of the weights and finite differences (Float32, as in lesson 03)
    /// must agree with backward. Without dropout's backward in the model the error is ~0.3.
    @Test(arguments: [GPTConfig.Norm.pre, .post])
    func dropoutPathsMatchFiniteDifferences(norm: GPTConfig.Norm) {
        let config = GPTConfig(vocabSize: 9, blockSize: 5, layers: 2, heads: 2, channels: 8, dropout: 0.3, norm: norm)
        let model = Self.model(config)
        let ids: [Int32] = [1, 4, 2, 8, 0, 3, 3, 7, 5, 6], targets: [Int32] = [4, 2, 8, 0, 3, 3, 7, 5, 6, 1]
        func loss() -> Double {
            var rng = RNG(seed: 99)
            return Double(model.forward(ids, targets: targets, batch: 2, length: 5, training: true, rng: &rng))
        }
        _ = loss()
        model.zeroGrad()
        model.backward()
        for p in model.parameters where p.name.hasPrefix("h.0.") || p.name.hasPrefix("wte") {
            let analytic = p.grad.values
            let numeric = GradientCheck.numeric(p.value, h: 1e-2, loss: loss)
            let err = GradCheck.relativeError(analytic: analytic, numeric: Dictionary(uniqueKeysWithValues: numeric.enumerated().map { ($0, $1) }))
            let normErr = GradientCheck.compare(analytic: analytic, numeric: numeric).normRelative
            #expect(normErr < 3e-3, "\(norm)-LN, dropout 0.3, \(p.name): norm-relative error \(normErr) (elementwise \(err))")
        }
    }

    /// Backward adds into gradients: a second backward of the same forward doubles them all
    /// (a `beta: 0` in any sgemm that should accumulate would break this).
    @Test(arguments: [true, false])
    func secondBackwardDoublesEveryGradient(tied: Bool) {
        let config = GPTConfig(vocabSize: 9, blockSize: 5, layers: 2, heads: 2, channels: 8, tiedEmbeddings: tied)
        let model = Self.model(config)
        var rng = RNG(seed: 1)
        _ = model.forward([1, 2, 3, 4, 5], targets: [2, 3, 4, 5, 6], batch: 1, length: 5, rng: &rng)
        model.zeroGrad()
        model.backward()
        let once = model.parameters.map { $0.grad.values }
        model.backward()
        for (p, g) in zip(model.parameters, once) {
            let worst = zip(p.grad.values, g).map { abs($0 - 2 * $1) }.max()!
            #expect(worst <= 1e-6 * max(1, g.map(abs).max()!), "\(p.name)")
        }
    }

    /// Only the last forward counts: a forward on other ids (and another shape) in between
    /// leaves no trace in the next backward.
    @Test func anEarlierForwardLeavesNoTrace() {
        let config = GPTConfig(vocabSize: 9, blockSize: 6, layers: 2, heads: 2, channels: 8, norm: .post)   // Post-LN with biases
        let a = Self.model(config), b = Self.model(config)
        var rng = RNG(seed: 2)
        let ids: [Int32] = [1, 2, 3, 4, 5], targets: [Int32] = [2, 3, 4, 5, 6]
        _ = a.forward([8, 8, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1], targets: Array(repeating: 1, count: 12), batch: 2, length: 6, rng: &rng)
        _ = a.forward(ids, targets: targets, batch: 1, length: 5, rng: &rng)
        _ = b.forward(ids, targets: targets, batch: 1, length: 5, rng: &rng)
        a.zeroGrad(); a.backward()
        b.zeroGrad(); b.backward()
        for (p, q) in zip(a.parameters, b.parameters) { #expect(p.grad.values == q.grad.values, "\(p.name)") }
    }
}
