import LabBase
import LabNN
import LabOptim

/// One optimizer step, the heart of every training loop in the lab (the trainer, `bench`,
/// lesson 06's profile and the llm.c verification all take it):
///
///     batch → forward → loss → backward → gradient norm → clip → update
///
/// The gradient is the mean over every counted target of the micro-batches (gradient
/// accumulation), computed by the workers of a `DataParallel`; clipping is folded into the
/// update (the same numbers as scaling the gradients first, without a pass of its own).
public final class TrainingStep {
    public let parallel: DataParallel
    public let optimizer: any Optimizer
    /// Clip the global gradient norm to this before the update (0: no clipping).
    public let gradClip: Float
    /// Threads for the gradient norm (the optimizer has its own `workers`).
    public let workers: Int

    public struct Result {
        /// Mean loss over the counted targets of the micro-batches, before the update.
        public let loss: Float
        /// Global norm of the gradient of the parameters the optimizer updates, before clipping.
        public let gradNorm: Float
        /// Seconds: forward (the slowest worker's), backward (with the gradient sum), and the
        /// norm plus the update.
        public let forward: Double, backward: Double, update: Double
        /// False when the loss was not finite: then no update was made.
        public var updated: Bool { loss.isFinite }
    }

    public init(_ parallel: DataParallel, optimizer: any Optimizer, gradClip: Float, workers: Int) {
        self.parallel = parallel
        self.optimizer = optimizer
        self.gradClip = gradClip
        self.workers = workers
    }

    /// A step at learning rate `lr` over micro-batches of `b` sequences of `t` tokens. `seeds`
    /// give each worker's dropout stream (one per replica).
    public func callAsFunction(_ micro: [(inputs: [Int32], targets: [Int32])], batch b: Int, length t: Int, lr: Float,
                               seeds: [UInt64], training: Bool = true) -> Result {
        var clock = Stopwatch()
        var times = (forward: 0.0, backward: 0.0)
        let loss = parallel.forwardBackward(micro, batch: b, length: t, training: training, seeds: seeds, timing: &times)
        let backward = clock.seconds - times.forward
        guard loss.isFinite else { return Result(loss: loss, gradNorm: .nan, forward: times.forward, backward: backward, update: 0) }
        clock.reset()
        let norm = Profiler.measure("gradient norm") { gradientNorm(optimizer.parameters, workers: workers) }
        Profiler.measure("\(optimizer.name) update (clipping folded in)") {
            optimizer.update(lr: lr, gradScale: gradClip > 0 ? clipScale(norm: norm, maxNorm: gradClip) : 1)
        }
        return Result(loss: loss, gradNorm: norm, forward: times.forward, backward: backward, update: clock.seconds)
    }
}
