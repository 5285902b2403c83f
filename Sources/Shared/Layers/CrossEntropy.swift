import Foundation

/// Softmax followed by the negative log-likelihood of the target, averaged over the positions
/// that count.
///
///     logits (N, V), targets (N)  →  loss = mean over counted n of  −log softmax(logits_n)[target_n]
///
/// A target of `CrossEntropy.ignore` (−1) does not count: padding, or the prompt tokens of an
/// instruction-tuning example, where only the answer should be learned. The gradient is the
/// famous `p − y`: the predicted distribution minus the one-hot target, divided by the number
/// of counted positions.
public final class CrossEntropy {
    public static let ignore: Int32 = -1
    private var probs: Tensor?, logitGrad: Tensor?
    private var targets: [Int32] = []
    private var counted = 0

    public init() {}

    /// Positions counted in the last loss (those whose target is not `ignore`).
    public var countedPositions: Int { counted }

    /// `columns` can be less than the logits' last dimension: only the first `columns` of each
    /// row take part (llm.c pads GPT-2's vocabulary to a round number; the padding is never
    /// predicted). Returns the mean loss, or NaN if no position counts.
    public func forward(_ logits: Tensor, targets: [Int32], columns: Int? = nil) -> Float {
        let vp = logits.shape.last!, n = logits.count / vp, v = columns ?? vp
        precondition(targets.count == n, "CrossEntropy: \(targets.count) targets for \(n) rows")
        let p = buffer(&probs, [n, vp])
        var total = 0.0
        counted = 0
        for row in 0..<n {
            let l = logits.pointer + row * vp, pr = p.pointer + row * vp
            var m = -Float.infinity
            for j in 0..<v { m = max(m, l[j]) }
            var sum: Float = 0
            for j in 0..<v { let e = fastExp(l[j] - m); pr[j] = e; sum += e }
            let inv = 1 / sum
            for j in 0..<v { pr[j] *= inv }
            for j in v..<vp { pr[j] = 0 }
            let target = targets[row]
            guard target != CrossEntropy.ignore else { continue }
            precondition(target >= 0 && Int(target) < v, "CrossEntropy: target \(target) outside 0..<\(v)")
            total += Double(m - l[Int(target)]) + log(Double(sum))     // −log p = log Σ e^(l−m) − (l_t − m)
            counted += 1
        }
        self.targets = targets
        return counted == 0 ? .nan : Float(total / Double(counted))
    }

    /// The probabilities of the last forward pass, (N, V).
    public var probabilities: Tensor? { probs }

    /// dL/dlogits = scale · (p − onehot(target)) / counted, and 0 on ignored rows. `scale`
    /// weights this batch in gradient accumulation (see `DataParallel.forwardBackward`).
    public func backward(scale lossScale: Float = 1) -> Tensor {
        guard let p = probs else { preconditionFailure("CrossEntropy.backward before forward") }
        let d = buffer(&logitGrad, p.shape)
        let vp = p.shape.last!, n = p.count / vp
        let scale = counted == 0 ? 0 : lossScale / Float(counted)
        for row in 0..<n {
            let pr = p.pointer + row * vp, dr = d.pointer + row * vp
            let target = targets[row]
            if target == CrossEntropy.ignore {
                for j in 0..<vp { dr[j] = 0 }
                continue
            }
            for j in 0..<vp { dr[j] = pr[j] * scale }
            dr[Int(target)] -= scale
        }
        return d
    }
}
