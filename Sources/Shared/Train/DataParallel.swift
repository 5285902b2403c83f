import Foundation
import LabBase
import LabText
import LabNN

/// Data-parallel training on one machine: `workers` replicas of a model share its weights,
/// each runs forward and backward on its own rows of the batch (with single-threaded BLAS),
/// and their gradients are summed, always in the same order, into the model's.
public final class DataParallel {
    public let replicas: [GPT]
    public var model: GPT { replicas[0] }

    public init(_ model: GPT, workers: Int) {
        replicas = [model] + (1..<max(workers, 1)).map { _ in model.replica() }
    }

    /// Rows of a batch of `b` sequences for each worker: as equal as possible, in order.
    func shards(_ b: Int) -> [Range<Int>] {
        let n = min(replicas.count, b)
        return (0..<n).map { r in (r * b / n)..<((r + 1) * b / n) }
    }

    /// Mean loss and the model's gradients (zeroed first) over micro-batches of `b` sequences
    /// of `t` tokens, every counted token weighing the same: each worker's share of a
    /// micro-batch is weighted by how many of its targets count (not `Batches.ignore`), so
    /// the result equals one big batch even when prompts or padding are masked out.
    /// `seeds` give each worker's dropout stream.
    public func forwardBackward(_ micro: [(inputs: [Int32], targets: [Int32])], batch b: Int, length t: Int,
                                training: Bool, seeds: [UInt64], timing: inout (forward: Double, backward: Double)) -> Float {
        let parts = shards(b)
        // counted targets of each (micro-batch, worker) pair
        let counts = micro.map { batch in
            parts.map { rows in batch.targets[(rows.lowerBound * t)..<(rows.upperBound * t)].reduce(0) { $0 + ($1 == Batches.ignore ? 0 : 1) } }
        }
        let total = Float(max(counts.joined().reduce(0, +), 1))
        var losses = [Double](repeating: 0, count: parts.count)
        var forwardTimes = [Double](repeating: 0, count: parts.count), backwardTimes = forwardTimes
        losses.withUnsafeMutableBufferPointer { lossBuf in
            forwardTimes.withUnsafeMutableBufferPointer { fBuf in
                backwardTimes.withUnsafeMutableBufferPointer { bBuf in
                    Parallel.run(parts.count) { r in
                        let replica = replicas[r], rows = parts[r]
                        var rng = RNG(seed: seeds[r])
                        Profiler.measure("zeroing gradients") {
                            if replicas.count == 1 { replica.zeroGrad(workers: replica.workers) } else { replica.zeroGrad() }
                        }
                        for (m, batch) in micro.enumerated() where counts[m][r] > 0 {
                            let ids = Array(batch.inputs[(rows.lowerBound * t)..<(rows.upperBound * t)])
                            let targets = Array(batch.targets[(rows.lowerBound * t)..<(rows.upperBound * t)])
                            var clock = Stopwatch()
                            let loss = replica.forward(ids, targets: targets, batch: rows.count, length: t, training: training, rng: &rng)
                            fBuf[r] += clock.seconds
                            clock.reset()
                            let share = Float(counts[m][r]) / total
                            replica.backward(scale: share)
                            bBuf[r] += clock.seconds
                            lossBuf[r] += Double(loss) * Double(share)
                        }
                    }
                }
            }
        }
        reduceGradients(workers: parts.count)
        timing.forward += forwardTimes.max() ?? 0
        timing.backward += backwardTimes.max() ?? 0
        return Float(losses.reduce(0, +))
    }

    /// Mean loss over validation batches, the rows shared out among the workers. Each batch's
    /// loss is the mean over its counted targets (rows that count nothing weigh nothing).
    public func loss(_ batches: [(inputs: [Int32], targets: [Int32])], batch b: Int, length t: Int) -> Float {
        let parts = shards(b)
        // (sum of losses, counted targets) per (worker, batch)
        var sums = [Double](repeating: 0, count: parts.count * batches.count), counts = [Int](repeating: 0, count: parts.count * batches.count)
        sums.withUnsafeMutableBufferPointer { sumBuf in
            counts.withUnsafeMutableBufferPointer { countBuf in
                Parallel.run(parts.count) { r in
                    let replica = replicas[r], rows = parts[r]
                    var rng = RNG(seed: 0)                       // no dropout at evaluation
                    for (k, batch) in batches.enumerated() {
                        let targets = Array(batch.targets[(rows.lowerBound * t)..<(rows.upperBound * t)])
                        let n = targets.reduce(0) { $0 + ($1 == Batches.ignore ? 0 : 1) }
                        guard n > 0 else { continue }
                        let ids = Array(batch.inputs[(rows.lowerBound * t)..<(rows.upperBound * t)])
                        let loss = replica.forward(ids, targets: targets, batch: rows.count, length: t, rng: &rng)
                        sumBuf[r * batches.count + k] = Double(loss) * Double(n)
                        countBuf[r * batches.count + k] = n
                    }
                }
            }
        }
        var total = 0.0
        for k in batches.indices {
            let n = parts.indices.reduce(0) { $0 + counts[$1 * batches.count + k] }
            if n > 0 { total += parts.indices.reduce(0.0) { $0 + sums[$1 * batches.count + k] } / Double(n) }
        }
        return Float(total / Double(batches.count))
    }

    /// model.grad += replica[1].grad + replica[2].grad + …, split across the workers by
    /// element ranges (each element is summed in the same order whatever the thread timing).
    func reduceGradients(workers: Int) {
        guard workers > 1 else { return }
        let params = replicas.map(\.parameters)
        Parallel.run(replicas.count) { chunk in
            for (i, p) in params[0].enumerated() {
                let n = p.count, lo = chunk * n / replicas.count, hi = (chunk + 1) * n / replicas.count
                let g = p.grad.pointer
                for r in 1..<workers {
                    let other = params[r][i].grad.pointer
                    for j in lo..<hi { g[j] += other[j] }
                }
            }
        }
    }
}
