import Foundation
import LabBase
import LabText

/// Softmax followed by the negative log-likelihood of the target, averaged over the positions
/// that count.
///
///     logits (N, V), targets (N)  →  loss = mean over counted n of  −log softmax(logits_n)[target_n]
///
/// A target of `Batches.ignore` (−1) does not count: padding, or the prompt tokens of an
/// instruction-tuning example, where only the answer should be learned. The gradient is the
/// famous `p − y`: the predicted distribution minus the one-hot target, divided by the number
/// of counted positions.
///
/// Forward keeps only each row's maximum and softmax denominator (two numbers per row), not the
/// probabilities: for GPT-2 those would be another N × 50304 floats. Backward recomputes each
/// probability from the logits, which the model keeps anyway, with exactly the same arithmetic.
public final class CrossEntropy {
    private var logits: Tensor?, logitGrad: Tensor?
    private var rowMax: [Float] = [], rowSum: [Float] = [], rowLoss: [Double] = []
    private var targets: [Int32] = []
    private var columns = 0
    private var counted = 0
    /// Threads that share the rows (each row is computed the same way by whichever thread).
    public var workers = 1

    public init() {}

    /// Positions counted in the last loss (those whose target is not `ignore`).
    public var countedPositions: Int { counted }

    /// `columns` can be less than the logits' last dimension: only the first `columns` of each
    /// row take part (llm.c pads GPT-2's vocabulary to a round number; the padding is never
    /// predicted). Returns the mean loss, or NaN if no position counts.
    public func forward(_ logits: Tensor, targets: [Int32], columns: Int? = nil) -> Float {
        Profiler.begin("loss (softmax + cross-entropy)")
        defer { Profiler.end() }
        let vp = logits.shape.last!, n = logits.count / vp, v = columns ?? vp
        precondition(targets.count == n, "CrossEntropy: \(targets.count) targets for \(n) rows")
        precondition(targets.allSatisfy { $0 == Batches.ignore || ($0 >= 0 && Int($0) < v) }, "CrossEntropy: a target is outside 0..<\(v)")
        let k = max(1, min(workers, n))
        if rowMax.count != n {
            rowMax = [Float](repeating: 0, count: n); rowSum = rowMax
            rowLoss = [Double](repeating: 0, count: n)
        }
        rowMax.withUnsafeMutableBufferPointer { maxes in
            rowSum.withUnsafeMutableBufferPointer { sums in
                rowLoss.withUnsafeMutableBufferPointer { losses in
                    targets.withUnsafeBufferPointer { targets in
                        Parallel.run(k) { w in
                            for row in (w * n / k)..<((w + 1) * n / k) {
                                let l = logits.pointer + row * vp
                                let m = maximum(l, count: v)
                                let sum = sumOfExp(l, count: v, shift: m)
                                maxes[row] = m
                                sums[row] = sum
                                let target = targets[row]
                                // −log p = log Σ e^(l−m) − (l_t − m)
                                losses[row] = target == Batches.ignore ? 0 : Double(m - l[Int(target)]) + log(Double(sum))
                            }
                        }
                    }
                }
            }
        }
        counted = targets.reduce(0) { $0 + ($1 == Batches.ignore ? 0 : 1) }
        self.logits = logits
        self.targets = targets
        self.columns = v
        return counted == 0 ? .nan : Float(rowLoss.reduce(0, +) / Double(counted))
    }

    /// The probabilities of the last forward pass, (N, V) (a new tensor, for lessons and tests).
    public var probabilities: Tensor? {
        guard let logits else { return nil }
        let vp = logits.shape.last!, n = logits.count / vp
        let p = Tensor(shape: [n, vp])
        for row in 0..<n {
            let inv = 1 / rowSum[row]
            for j in 0..<columns { p.pointer[row * vp + j] = fastExp(logits.pointer[row * vp + j] - rowMax[row]) * inv }
        }
        return p
    }

    /// dL/dlogits = scale · (p − onehot(target)) / counted, and 0 on ignored rows and padded
    /// columns. `scale` weights this batch in gradient accumulation (see `DataParallel.forwardBackward`).
    public func backward(scale lossScale: Float = 1) -> Tensor {
        Profiler.begin("loss (softmax + cross-entropy)")
        defer { Profiler.end() }
        guard let logits else { preconditionFailure("CrossEntropy.backward before forward") }
        let d = buffer(&logitGrad, logits.shape)
        let vp = logits.shape.last!, n = logits.count / vp, v = columns
        let scale = counted == 0 ? 0 : lossScale / Float(counted)
        let k = max(1, min(workers, n))
        rowMax.withUnsafeBufferPointer { maxes in
            rowSum.withUnsafeBufferPointer { sums in
                targets.withUnsafeBufferPointer { targets in
                    Parallel.run(k) { w in
                        for row in (w * n / k)..<((w + 1) * n / k) {
                            let l = logits.pointer + row * vp, dr = d.pointer + row * vp
                            let target = targets[row]
                            if target == Batches.ignore {
                                dr.update(repeating: 0, count: vp)
                                continue
                            }
                            let m = maxes[row], inv = 1 / sums[row]
                            FastMath.softmaxScaled(l, into: dr, count: v, shift: m, inverseSum: inv, scale: scale)
                            for j in v..<vp { dr[j] = 0 }
                            dr[Int(target)] -= scale
                        }
                    }
                }
            }
        }
        return d
    }
}

/// Fraction of counted positions (target ≠ ignore) where the highest logit is the target.
/// `logits` is (N, Vp); only the first `columns` are candidates.
public func accuracy(_ logits: Tensor, targets: [Int32], columns: Int? = nil) -> Double {
    let vp = logits.shape.last!, v = columns ?? vp
    var right = 0, counted = 0
    for (row, target) in targets.enumerated() where target != Batches.ignore {
        let l = logits.pointer + row * vp
        var best = 0
        for j in 1..<v where l[j] > l[best] { best = j }
        right += best == Int(target) ? 1 : 0
        counted += 1
    }
    return counted == 0 ? .nan : Double(right) / Double(counted)
}
