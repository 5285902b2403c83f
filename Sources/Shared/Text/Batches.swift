import Foundation
import LabBase

/// Random training examples cut from a token stream, drawn with the run's RNG.
public enum Batches {
    /// The target of a position the loss skips (padding, or a prompt token): −1.
    public static let ignore: Int32 = -1

    /// nanoGPT's `get_batch`: B windows of T tokens at random offsets; the targets are the same
    /// windows shifted by one (every position predicts its next token).
    ///
    ///     inputs (B·T), targets (B·T):  targets[b, t] = tokens[start_b + t + 1]
    public static func windows(_ tokens: [Int32], length t: Int, count b: Int, _ rng: inout RNG) -> (inputs: [Int32], targets: [Int32]) {
        precondition(tokens.count > t, "need more than \(t) tokens, have \(tokens.count)")
        var inputs = [Int32](), targets = [Int32]()
        inputs.reserveCapacity(b * t)
        targets.reserveCapacity(b * t)
        for _ in 0..<b {
            let start = rng.int(below: tokens.count - t)
            inputs += tokens[start..<(start + t)]
            targets += tokens[(start + 1)..<(start + t + 1)]
        }
        return (inputs, targets)
    }

    /// B examples drawn at random from whole sequences (dialogues, say), each cut to its first
    /// t + 1 tokens and padded to t: `learn[i]` says whether token i is a target the loss
    /// counts (an assistant's reply, not the user's words); everything else, padding
    /// included, gets the target `Batches.ignore`.
    public static func sequences(_ examples: [Example], length t: Int, count b: Int, _ rng: inout RNG) -> (inputs: [Int32], targets: [Int32]) {
        let picked = (0..<b).map { _ in examples[rng.int(below: examples.count)] }
        return pack(picked, length: t, rows: b)
    }

    /// `rows` rows from the given examples, in order (empty rows count nothing): the fixed
    /// batches of a validation set.
    public static func pack(_ examples: [Example], length t: Int, rows b: Int) -> (inputs: [Int32], targets: [Int32]) {
        var inputs = [Int32](repeating: 0, count: b * t), targets = [Int32](repeating: Batches.ignore, count: b * t)
        for (row, e) in examples.prefix(b).enumerated() {
            let n = min(e.tokens.count - 1, t)
            for i in 0..<max(n, 0) {
                inputs[row * t + i] = e.tokens[i]
                if e.learn[i + 1] { targets[row * t + i] = e.tokens[i + 1] }
            }
        }
        return (inputs, targets)
    }

    /// A token sequence and which of its tokens are learned.
    public struct Example: Sendable, Equatable {
        public let tokens: [Int32]
        public let learn: [Bool]
        public init(tokens: [Int32], learn: [Bool]) {
            precondition(tokens.count == learn.count, "Example: \(tokens.count) tokens, \(learn.count) flags")
            self.tokens = tokens
            self.learn = learn
        }
    }

    /// B examples of "k tokens → the next one", for models with a fixed context (an MLP).
    public static func nextToken(_ tokens: [Int32], context k: Int, count b: Int, _ rng: inout RNG) -> (inputs: [Int32], targets: [Int32]) {
        precondition(tokens.count > k, "need more than \(k) tokens, have \(tokens.count)")
        var inputs = [Int32](), targets = [Int32]()
        inputs.reserveCapacity(b * k)
        targets.reserveCapacity(b)
        for _ in 0..<b {
            let start = rng.int(below: tokens.count - k)
            inputs += tokens[start..<(start + k)]
            targets.append(tokens[start + k])
        }
        return (inputs, targets)
    }
}

/// The loss of the simplest language model: count which token follows which in `train`, and
/// predict with those frequencies (add-one smoothed: P(b | a) = (count(a, b) + 1) / (count(a) + V)).
/// A baseline any learned model should beat. The counts are kept sparse, so a vocabulary of
/// 50k tokens costs memory for the pairs that occur, not V².
public func bigramLoss(train: [Int32], evaluate: [Int32], vocabSize v: Int) -> Double {
    var pairs: [Int: Int] = [:]
    var firsts = [Int](repeating: 0, count: v)
    for (a, b) in zip(train, train.dropFirst()) {
        pairs[Int(a) * v + Int(b), default: 0] += 1
        firsts[Int(a)] += 1
    }
    var total = 0.0
    for (a, b) in zip(evaluate, evaluate.dropFirst()) {
        total -= log(Double(pairs[Int(a) * v + Int(b), default: 0] + 1) / Double(firsts[Int(a)] + v))
    }
    return total / Double(max(evaluate.count - 1, 1))
}
