import Foundation
import Testing
@testable import LLMLab

/// The optimizers, clipping and schedules against PyTorch (scripts/fixtures/make_optim_fixtures.py).
struct OptimizerTests {
    static func fixture() throws -> JSONValue { try Fixture.json("optim_fixtures.json") }

    static func floats(_ v: JSONValue) -> [Float] {
        v.arrayValue!.map { x -> Float in
            switch x { case .double(let d): return Float(d); case .int(let i): return Float(i); default: return .nan }
        }
    }

    /// Two parameters as in the fixture: a 3×4 matrix (decayed) and a 4-vector (not decayed).
    static func parameters(_ fx: JSONValue) -> [Parameter] {
        let init_ = fx["init"]!.arrayValue!
        let p1 = Parameter("w", shape: [3, 4], initializer: .zeros), p2 = Parameter("b", shape: [4], initializer: .zeros)
        p1.value.buffer.update(fromContentsOf: floats(init_[0]))
        p2.value.buffer.update(fromContentsOf: floats(init_[1]))
        #expect(p1.decay && !p2.decay)                        // the default: decay matrices only
        return [p1, p2]
    }

    @Test(arguments: ["sgd", "sgd_momentum", "adam", "adamw"])
    func matchesPyTorch(_ name: String) throws {
        let fx = try Self.fixture()
        let params = Self.parameters(fx)
        let wd: Float = { if case .double(let d) = fx["weight_decay"]![name]! { return Float(d) }; return 0 }()
        let (opt, lr): (any Optimizer, Float) = switch name {
        case "sgd": (SGD(params, weightDecay: wd), 0.1)
        case "sgd_momentum": (SGD(params, momentum: 0.9, weightDecay: wd), 0.1)
        case "adam": (Adam(params, decoupled: false, weightDecay: wd), 0.01)
        default: (Adam(params, decoupled: true, beta2: 0.95, weightDecay: wd), 0.01)
        }
        let grads = fx["grads"]!.arrayValue!, expected = fx["optimizers"]![name]!.arrayValue!
        for step in 0..<3 {
            for (p, g) in zip(params, grads[step].arrayValue!) { p.grad.buffer.update(fromContentsOf: Self.floats(g)) }
            opt.update(lr: lr)
            for (p, e) in zip(params, expected[step].arrayValue!) {
                let worst = zip(p.value.values, Self.floats(e)).map { abs($0 - $1) / max(1, abs($1)) }.max()!
                #expect(worst < 2e-6, "\(name) step \(step + 1) \(p.name): \(worst)")
            }
        }
        #expect(opt.step == 3)
    }

    @Test func stateIsNamedPerParameter() {
        let params = [Parameter("a", shape: [2, 2], initializer: .zeros), Parameter("b", shape: [2], initializer: .zeros)]
        #expect(Adam(params, decoupled: true).state.map(\.0) == ["m.a", "m.b", "v.a", "v.b"])
        #expect(SGD(params, momentum: 0.9).state.map(\.0) == ["momentum.a", "momentum.b"])
        #expect(SGD(params).state.isEmpty)
    }

    /// Clipping folded into the update (`gradScale`) gives exactly the weights of clipping the
    /// gradients first, for every optimizer.
    @Test func foldedClippingEqualsScalingFirst() throws {
        let fx = try Self.fixture()
        let grads = fx["grads"]!.arrayValue![0].arrayValue!
        for make in [{ SGD($0, momentum: 0.9, weightDecay: 0.1) as any Optimizer }, { Adam($0, decoupled: true, weightDecay: 0.1) as any Optimizer },
                     { Adam($0, decoupled: false, weightDecay: 0.1) as any Optimizer }] {
            let a = Self.parameters(fx), b = Self.parameters(fx)
            let oa = make(a), ob = make(b)
            oa.workers = 2
            for _ in 0..<3 {
                for (p, g) in zip(a, grads) { p.grad.buffer.update(fromContentsOf: Self.floats(g).map { $0 * 3 }) }
                for (p, g) in zip(b, grads) { p.grad.buffer.update(fromContentsOf: Self.floats(g).map { $0 * 3 }) }
                let norm = gradientNorm(a)
                clipGradientNorm(b, maxNorm: 1)
                oa.update(lr: 0.01, gradScale: clipScale(norm: norm, maxNorm: 1))
                ob.update(lr: 0.01)
            }
            #expect(a.flatMap { $0.value.values } == b.flatMap { $0.value.values }, "\(oa.name)")
            #expect(clipScale(norm: 0.5, maxNorm: 1) == 1)
        }
    }

    @Test func clippingMatchesPyTorchAndKeepsTheDirection() throws {
        let fx = try Self.fixture()
        let params = Self.parameters(fx)
        let clip = fx["clip"]!
        let grads = fx["grads"]!.arrayValue![0].arrayValue!
        for (p, g) in zip(params, grads) { p.grad.buffer.update(fromContentsOf: Self.floats(g).map { $0 * 3 }) }
        let before = params.flatMap { $0.grad.values }
        let norm = clipGradientNorm(params, maxNorm: 1)
        guard case .double(let expectedNorm) = clip["norm"]! else { Issue.record("no norm in fixture"); return }
        #expect(abs(Double(norm) - expectedNorm) < 1e-5 * expectedNorm)
        for (p, e) in zip(params, clip["clipped"]!.arrayValue!) {
            #expect(zip(p.grad.values, Self.floats(e)).allSatisfy { abs($0 - $1) < 1e-6 })
        }
        let after = params.flatMap { $0.grad.values }
        #expect(abs(gradientNorm(params) - 1) < 1e-5)                       // at the bound
        let cosine = zip(before, after).reduce(0.0) { $0 + Double($1.0) * Double($1.1) } / (Double(norm) * Double(gradientNorm(params)))
        #expect(abs(cosine - 1) < 1e-6)                                        // same direction
        // below the bound nothing changes
        let small = params.flatMap { $0.grad.values }
        #expect(abs(clipGradientNorm(params, maxNorm: 10) - 1) < 1e-5)
        #expect(params.flatMap { $0.grad.values } == small)
    }
}

struct ScheduleTests {
    @Test func warmupCosineIsNanoGPTs() throws {
        let fx = try OptimizerTests.fixture()["warmup_cosine"]!
        let schedule = Schedule.warmupCosine(max: 6e-4, min: 6e-5, warmup: 100, decaySteps: 1000)
        for (step, lr) in zip(fx["steps"]!.arrayValue!, OptimizerTests.floats(fx["lrs"]!)) {
            #expect(abs(schedule.lr(at: step.intValue!) - lr) < 1e-9, "step \(step)")
        }
    }

    @Test func cosineRestartsIsPyTorchsSGDR() throws {
        let fx = try OptimizerTests.fixture()["sgdr"]!
        let schedule = Schedule.cosineRestarts(max: 0.1, min: 0.001, period: 10, multiplier: 2)
        for (step, lr) in OptimizerTests.floats(fx["lrs"]!).enumerated() {
            #expect(abs(schedule.lr(at: step) - lr) < 1e-7, "step \(step)")
        }
    }

    @Test func exponentialAndConstant() {
        let e = Schedule.exponential(0.01, decay: 0.95, every: 10)
        #expect(e.lr(at: 0) == 0.01)
        #expect(abs(e.lr(at: 10) - 0.0095) < 1e-9)
        #expect(abs(e.lr(at: 20) - 0.009025) < 1e-9)
        #expect(abs(e.lr(at: 5) - 0.01 * Float(pow(0.95, 0.5))) < 1e-9)
        #expect(Schedule.constant(3e-4).lr(at: 12345) == 3e-4)
    }
}

struct AccumulationTests {
    /// The trainer's own path: two workers, two accumulated micro-batches, equal to one model
    /// on the whole batch at once.
    @Test func dataParallelAccumulationEqualsOneBigBatch() {
        let config = GPTConfig(vocabSize: 13, blockSize: 8, layers: 2, heads: 2, channels: 16)
        var rng = RNG(seed: 5)
        let (b, t) = (3, 8)                                   // 3 rows over 2 workers: uneven shards
        let micro = (0..<2).map { _ in
            (inputs: (0..<(b * t)).map { _ in Int32(rng.int(below: 13)) }, targets: (0..<(b * t)).map { _ in Int32(rng.int(below: 13)) })
        }
        let big = GPT(config)
        big.initialize(&rng)
        let parallel = DataParallel(GPT(config), workers: 2)
        for (p, q) in zip(parallel.model.parameters, big.parameters) { p.value.copy(from: q.value) }
        var times = (forward: 0.0, backward: 0.0)
        let loss = parallel.forwardBackward(micro, batch: b, length: t, training: false, seeds: [1, 2], timing: &times)
        big.zeroGrad()
        let bigLoss = big.forward(micro[0].inputs + micro[1].inputs, targets: micro[0].targets + micro[1].targets, batch: 2 * b, length: t, rng: &rng)
        big.backward()
        #expect(abs(loss - bigLoss) < 1e-5)
        for (p, q) in zip(big.parameters, parallel.model.parameters) {
            let scale = p.grad.values.map(abs).max()!
            #expect(zip(p.grad.values, q.grad.values).allSatisfy { abs($0 - $1) <= 1e-5 * max(scale, 1e-3) }, "\(p.name)")
        }
    }

    /// k micro-batches through the trainer's data-parallel path (one and two workers) give
    /// the gradients of one batch k times larger, including when the micro-batches count
    /// different numbers of positions (ignored targets, as instruction tuning has).
    @Test(arguments: [(false, 1), (true, 1), (true, 2)])
    func microBatchesEqualOneBigBatch(withIgnored: Bool, workers: Int) {
        let config = GPTConfig(vocabSize: 13, blockSize: 8, layers: 2, heads: 2, channels: 16)
        var rng = RNG(seed: 21)
        let (k, b, t) = (4, 2, 8)
        let ids: [Int32] = (0..<(k * b * t)).map { _ in Int32(rng.int(below: 13)) }
        var targets: [Int32] = (0..<(k * b * t)).map { _ in Int32(rng.int(below: 13)) }
        if withIgnored { for i in 0..<(k * b * t) where i % 7 == 0 || (i < b * t && i % 2 == 0) { targets[i] = Batches.ignore } }

        let big = GPT(config)
        big.initialize(&rng)
        let parallel = DataParallel(GPT(config), workers: workers)
        for (p, q) in zip(parallel.model.parameters, big.parameters) { p.value.copy(from: q.value) }

        big.zeroGrad()
        let bigLoss = big.forward(ids, targets: targets, batch: k * b, length: t, rng: &rng)
        big.backward()
        let micro = (0..<k).map { i in (inputs: Array(ids[(i * b * t)..<((i + 1) * b * t)]), targets: Array(targets[(i * b * t)..<((i + 1) * b * t)])) }
        var times = (forward: 0.0, backward: 0.0)
        let smallLoss = parallel.forwardBackward(micro, batch: b, length: t, training: false, seeds: [UInt64](repeating: 1, count: workers), timing: &times)

        #expect(abs(bigLoss - smallLoss) < 1e-5)
        for (p, q) in zip(big.parameters, parallel.model.parameters) {
            let scale = p.grad.values.map(abs).max()!
            let worst = zip(p.grad.values, q.grad.values).map { abs($0 - $1) }.max()!
            #expect(worst <= 1e-5 * max(scale, 1e-3), "\(p.name): \(worst) (gradient scale \(scale))")
        }
    }
}
