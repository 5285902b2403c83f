import Foundation
import LabBase
import LabText

/// Bengio et al.'s 2003 neural language model at character level, the model of lesson 03:
/// look up a learned vector for each of the last k tokens, join them, pass them through a
/// hidden layer with GELU, and score every possible next token.
///
///     ids (B, k) → embeddings (B, k, d) → view as (B, k·d) → Linear → GELU → Linear → logits (B, V)
///
/// It trains by plain gradient descent (`train`). Lesson 05 trains one on its own data as a
/// baseline its GPT has to beat.
public final class CharMLP: HasParameters {
    public let context: Int, embedding: Int, hidden: Int, vocab: Int
    public let embed: Embedding, layer1: Linear, act = GELU(), layer2: Linear
    public let loss = CrossEntropy()

    /// Weights drawn from `rng`: embeddings N(0, 1), the hidden layer scaled by 1/√(k·d), the
    /// output layer small so training starts near a uniform guess.
    public init(vocab: Int, context k: Int, embedding d: Int, hidden: Int, rng: inout RNG) {
        (self.vocab, context, embedding, self.hidden) = (vocab, k, d, hidden)
        embed = Embedding(vocab, d, name: "embed.")
        layer1 = Linear(k * d, hidden, name: "hidden.")
        layer2 = Linear(hidden, vocab, name: "out.")
        embed.table.value.fillNormal(&rng, std: 1)
        layer1.weight.value.fillNormal(&rng, std: 1 / Float(k * d).squareRoot())
        layer2.weight.value.fillNormal(&rng, std: 0.1 / Float(hidden).squareRoot())
    }

    public var parameters: [Parameter] { embed.parameters + layer1.parameters + layer2.parameters }

    /// The mean cross-entropy of predicting `targets` (B) from `ids` (B·k).
    public func forward(_ ids: [Int32], _ targets: [Int32], batch b: Int) -> Float {
        let e = embed.forward(ids, shape: [b, context])                           // (B, k, d)
        let z = layer2.forward(act.forward(layer1.forward(e.reshaped([b, context * embedding]))))
        return loss.forward(z, targets: targets)
    }

    /// Every parameter's gradient of the last `forward`'s loss (they are overwritten, not added).
    public func backward(batch b: Int) {
        for p in parameters { p.zeroGrad() }
        let de = layer1.backward(act.backward(layer2.backward(loss.backward())))
        embed.backward(de.reshaped([b, context, embedding]))
    }

    /// Plain gradient descent: `steps` batches of `batchSize` examples drawn from `tokens` with
    /// `rng`; each step moves every number against its gradient, θ ← θ − lr · ∂L/∂θ, with the
    /// rate divided by 10 for the last quarter. `onStep(step, lr, loss)` sees every step.
    /// Returns nil, or the step whose loss was not finite (the rate is too large).
    public func train(_ tokens: [Int32], steps: Int, batchSize: Int, lr: Float, rng: inout RNG,
                      onStep: (Int, Float, Float) -> Void = { _, _, _ in }) -> Int? {
        for step in 1...max(steps, 1) {
            let rate = step <= steps * 3 / 4 ? lr : lr / 10
            let batch = Batches.nextToken(tokens, context: context, count: batchSize, &rng)
            let trainLoss = forward(batch.inputs, batch.targets, batch: batchSize)
            guard trainLoss.isFinite else { return step }
            backward(batch: batchSize)
            for p in parameters {
                let w = p.value.pointer, g = p.grad.pointer
                for i in 0..<p.count { w[i] -= rate * g[i] }
            }
            onStep(step, rate, trainLoss)
        }
        return nil
    }

    /// The mean loss over every position of `tokens` that has k tokens before it, in Double.
    public func loss(over tokens: [Int32], batch: Int = 512) -> Double {
        let k = context
        guard tokens.count > k else { return .nan }
        var total = 0.0, start = 0
        let n = tokens.count - k
        while start < n {
            let b = min(batch, n - start)
            var ids = [Int32](), targets = [Int32]()
            ids.reserveCapacity(b * k)
            for i in start..<(start + b) {
                ids += tokens[i..<(i + k)]
                targets.append(tokens[i + k])
            }
            total += Double(forward(ids, targets, batch: b)) * Double(b)
            start += b
        }
        return total / Double(n)
    }
}
