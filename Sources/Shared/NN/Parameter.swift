import LabBase
/// How a parameter starts. Each layer declares it for each of its parameters, so a new one
/// cannot start from an accidental zero; `initialize(_:)` draws them from the run's one RNG.
public enum Initializer: Equatable, Sendable {
    case zeros
    case ones
    /// Every element from N(0, std²).
    case normal(std: Float)
    /// Values the layer sets itself when it is built (the sinusoidal position table).
    case fixed
}

/// A learnable tensor and its gradient, with a name the optimizer, checkpoints and reports use
/// (e.g. `h.0.attn.qkv.weight`), and the way it starts.
///
/// Backward passes *add* into `grad` (`+=`), so gradients of a parameter used twice (a tied
/// embedding) or over several micro-batches sum up; `zeroGrad()` starts a new step.
public final class Parameter {
    public var name: String
    /// The weights. Replicas of a model (one per worker thread) point at the same tensor.
    public internal(set) var value: Tensor
    public let grad: Tensor
    /// Whether weight decay applies: by default only to matrices and embeddings (≥ 2-D),
    /// never to biases and LayerNorm gains, as in nanoGPT.
    public var decay: Bool
    public let initializer: Initializer

    public init(_ name: String, shape: [Int], initializer: Initializer, decay: Bool? = nil) {
        self.name = name
        value = Tensor(shape: shape)
        grad = Tensor(shape: shape)
        self.initializer = initializer
        self.decay = decay ?? (shape.count >= 2)
    }

    /// Sets the value as declared (a normal draw takes `count` numbers from `rng`).
    public func initialize(_ rng: inout RNG) {
        switch initializer {
        case .zeros: value.zero()
        case .ones: value.fill(1)
        case .normal(let std): value.fillNormal(&rng, std: std)
        case .fixed: break
        }
    }

    public var count: Int { value.count }
    public func zeroGrad() { grad.zero() }
}

/// Anything with parameters: a layer, a block, a model.
public protocol HasParameters {
    var parameters: [Parameter] { get }
}

extension HasParameters {
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }
    /// `zeroGrad()` with each gradient split among `workers` threads.
    public func zeroGrad(workers: Int) {
        let ps = parameters
        forEachSlice(ps, workers: workers) { i, range in
            (ps[i].grad.pointer + range.lowerBound).update(repeating: 0, count: range.count)
        }
    }

    /// Every parameter as it declares, in reading order (the order of the RNG's draws).
    public func initialize(_ rng: inout RNG) {
        for p in parameters { p.initialize(&rng) }
    }
}

/// A place for one buffer that several layers can share. Backward-pass buffers (a layer's
/// input gradient) live only until the layer below has used them, so the blocks of a deep
/// model can share them instead of each keeping its own (see `Block.shareBackwardBuffers`).
public final class BufferSlot {
    public var tensor: Tensor?
    public init() {}
}

/// Output and gradient buffers are allocated once per shape and reused every step; a new shape
/// (another batch size, say) allocates once more. `buffer(&slot, shape)` returns the tensor in
/// `slot`, replacing it only when the shape changed.
@inline(__always)
public func buffer(_ slot: inout Tensor?, _ shape: [Int]) -> Tensor {
    if let t = slot, t.shape == shape { return t }
    let t = Tensor(shape: shape)
    slot = t
    return t
}

/// Calls `body(parameterIndex, elementRange)` for every parameter, the elements split into
/// `workers` slices that run at once. Each element is updated by exactly one thread.
public func forEachSlice(_ parameters: [Parameter], workers: Int, _ body: (Int, Range<Int>) -> Void) {
    Parallel.run(max(workers, 1)) { w in
        for (i, p) in parameters.enumerated() {
            let n = p.count
            body(i, (w * n / max(workers, 1))..<((w + 1) * n / max(workers, 1)))
        }
    }
}
