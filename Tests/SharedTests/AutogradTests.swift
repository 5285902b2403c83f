import Foundation
import Testing
@testable import LLMLab

struct ValueTests {
    /// Every operation's backward against central differences in Double, on an expression that
    /// reuses a value (its gradient must collect both uses).
    @Test func gradientsMatchFiniteDifferences() {
        func f(_ x: [Double]) -> (Value, [Value]) {
            let v = x.map { Value($0) }
            let (a, b, c) = (v[0], v[1], v[2])
            let y = ((a * b + c).tanh() * a - (b.pow(2) / c).exp() + (a * a).relu() + (c + 3).log()) * 0.5
            return (y, v)
        }
        let x = [0.8, -0.6, 1.7]
        let (y, inputs) = f(x)
        y.backward()
        for i in 0..<3 {
            var up = x, down = x
            up[i] += 1e-6; down[i] -= 1e-6
            let numeric = (f(up).0.data - f(down).0.data) / 2e-6
            #expect(abs(inputs[i].grad - numeric) < 1e-8 * max(1, abs(numeric)), "input \(i): \(inputs[i].grad) vs \(numeric)")
        }
    }

    @Test func knownValues() {
        let a = Value(2), b = Value(-3)
        let y = a * b + a                // −4
        y.backward()
        #expect(y.data == -4 && a.grad == -2 && b.grad == 2)   // ∂y/∂a = b + 1, ∂y/∂b = a
        y.backward()                                        // a second call starts from zero
        #expect(a.grad == -2)
    }
}

struct GradientCheckUtilityTests {
    @Test func correctBackwardPassesAndAWrongOneFails() {
        var rng = RNG(seed: 12)
        let layer = Linear(4, 3)
        for p in layer.parameters { p.value.fillNormal(&rng, std: 0.5) }
        let x = Tensor(shape: [5, 4]); x.fillNormal(&rng, std: 1)
        let w = Tensor(shape: [5, 3]); w.fillNormal(&rng, std: 1)
        _ = layer.forward(x)
        let dx = layer.backward(w)
        let numeric = GradientCheck.numeric(x) { GradientCheck.weightedSum(layer.forward(x), w) }
        #expect(GradientCheck.compare(analytic: dx.values, numeric: numeric).normRelative < 1e-4)
        let wrong = dx.values.map { $0 * 1.1 }
        #expect(GradientCheck.compare(analytic: wrong, numeric: numeric).normRelative > 1e-2)
    }
}

struct TensorViewTests {
    @Test func reshapedSharesStorage() {
        let t = Tensor(shape: [2, 3, 4])
        let v = t.reshaped([2, 12])
        v[1, 5] = 7
        #expect(t[1, 1, 1] == 7)
        var view: Tensor? = t.reshaped([24])
        view = nil                                   // a view going away frees nothing
        #expect(view == nil && t[1, 1, 1] == 7)
    }
}

struct BatchTests {
    @Test func windowsAndNextTokenExamplesComeFromTheStream() {
        let tokens = (0..<100).map { Int32($0) }
        var rng = RNG(seed: 1)
        let (x, y) = Batches.windows(tokens, length: 8, count: 4, &rng)
        #expect(x.count == 32 && y.count == 32)
        for i in 0..<32 { #expect(y[i] == x[i] + 1) }                       // shifted by one
        for b in 0..<4 { #expect(x[b * 8 + 7] == x[b * 8] + 7) }           // contiguous windows
        let (xi, yi) = Batches.nextToken(tokens, context: 3, count: 5, &rng)
        for b in 0..<5 { #expect(yi[b] == xi[b * 3 + 2] + 1) }
    }

    @Test func bigramBaselineLearnsADeterministicChain() {
        // 0 → 1 → 2 → 0 …: after training on it, every next token is nearly certain
        let chain = (0..<3000).map { Int32($0 % 3) }
        let loss = bigramLoss(train: chain, evaluate: chain, vocabSize: 3)
        #expect(loss < 0.01)
        #expect(abs(bigramLoss(train: [], evaluate: chain, vocabSize: 3) - log(3)) < 1e-12)   // no data: uniform
    }
}
