import Foundation
import LabBase
import LabNN

/// Turns accumulated gradients into better weights. Kept apart from the layers (no layer ever
/// updates itself), so lessons can swap one optimizer for another and compare.
///
/// Weight decay applies to the parameters whose `decay` flag is set: by default matrices and
/// embeddings, never biases or LayerNorm gains (nanoGPT's choice). Set the flags to change it.
/// Each optimizer's running state (momentum, m, v) lives in named tensors, one per parameter,
/// so a checkpoint can save and restore it exactly.
public protocol Optimizer: AnyObject {
    var name: String { get }
    var parameters: [Parameter] { get }
    /// Updates taken so far.
    var step: Int { get }
    /// One update of every parameter from its gradient times `gradScale` (the clipping factor,
    /// applied on the fly instead of in a pass of its own), at learning rate `lr`.
    func update(lr: Float, gradScale: Float)
    /// The running state, e.g. `("m.h.0.attn.qkv.weight", tensor)`; empty for plain SGD.
    var state: [(String, Tensor)] { get }
    /// Sets the step count when resuming (the caller has filled `state` from a checkpoint).
    func restore(step: Int)
    /// Threads that share the update (each takes a slice of every parameter).
    var workers: Int { get set }
}

extension Optimizer {
    /// One update from the gradients as they are.
    public func update(lr: Float) { update(lr: lr, gradScale: 1) }
}

/// Stochastic gradient descent, with optional momentum (PyTorch's `SGD`):
///
///     g ← ∇θ + λ θ                  weight decay as an L2 penalty in the gradient
///     b ← μ b + g                   momentum: a running sum of past gradients (μ = 0: none)
///     θ ← θ − lr · b
public final class SGD: Optimizer {
    public let parameters: [Parameter]
    public var momentum: Float, weightDecay: Float
    public private(set) var step = 0
    public var workers = 1
    private let buffers: [Tensor]

    public init(_ parameters: [Parameter], momentum: Float = 0, weightDecay: Float = 0) {
        self.parameters = parameters
        self.momentum = momentum
        self.weightDecay = weightDecay
        buffers = momentum == 0 ? [] : parameters.map { Tensor(shape: $0.value.shape) }
    }

    public var name: String { momentum == 0 ? "SGD" : "SGD+momentum" }
    public var state: [(String, Tensor)] { zip(parameters, buffers).map { ("momentum." + $0.name, $1) } }
    public func restore(step: Int) { self.step = step }

    public func update(lr: Float, gradScale s: Float) {
        step += 1
        forEachSlice(parameters, workers: workers) { i, range in
            let p = parameters[i]
            let w = p.value.pointer, g = p.grad.pointer
            let wd = p.decay ? weightDecay : 0
            if momentum == 0 {
                for j in range { w[j] -= lr * (g[j] * s + wd * w[j]) }
            } else {
                let b = buffers[i].pointer
                for j in range {
                    b[j] = momentum * b[j] + g[j] * s + wd * w[j]
                    w[j] -= lr * b[j]
                }
            }
        }
    }
}

/// Adam (Kingma & Ba) and AdamW (Loshchilov & Hutter). Both keep running means of the
/// gradient and of its square, and step each weight by their ratio, so every weight gets its
/// own step size:
///
///     m ← β₁ m + (1 − β₁) g,    v ← β₂ v + (1 − β₂) g²
///     m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)          (both start at zero: correct for it)
///     θ ← θ − lr · m̂ / (√v̂ + ε)
///
/// They differ only in weight decay. Adam adds λθ to the gradient, so the decay is rescaled by
/// 1/√v̂ like everything else (weights with large gradients are barely decayed). AdamW
/// ("decoupled") subtracts lr · λ · θ directly: PyTorch's `AdamW`, and llm.c's `gpt2_update`.
public final class Adam: Optimizer {
    public let parameters: [Parameter]
    public let decoupled: Bool
    public var beta1: Float, beta2: Float, eps: Float, weightDecay: Float
    public private(set) var step = 0
    public var workers = 1
    /// m and v for each parameter, in `parameters` order.
    public let m: [Tensor], v: [Tensor]

    public init(_ parameters: [Parameter], decoupled: Bool, beta1: Float = 0.9, beta2: Float = 0.999,
                eps: Float = 1e-8, weightDecay: Float = 0) {
        self.parameters = parameters
        self.decoupled = decoupled
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weightDecay = weightDecay
        m = parameters.map { Tensor(shape: $0.value.shape) }
        v = parameters.map { Tensor(shape: $0.value.shape) }
    }

    public var name: String { decoupled ? "AdamW" : "Adam" }
    public var state: [(String, Tensor)] {
        zip(parameters, m).map { ("m." + $0.name, $1) } + zip(parameters, v).map { ("v." + $0.name, $1) }
    }
    public func restore(step: Int) { self.step = step }

    public func update(lr: Float, gradScale s: Float) {
        step += 1
        // bias corrections as reciprocals: multiplying is much cheaper than dividing
        let c1 = 1 / (1 - Float(pow(Double(beta1), Double(step)))), c2 = 1 / (1 - Float(pow(Double(beta2), Double(step))))
        let (beta1, beta2, eps) = (self.beta1, self.beta2, self.eps)
        forEachSlice(parameters, workers: workers) { i, range in
            let p = parameters[i]
            let w = p.value.pointer, g = p.grad.pointer, mp = m[i].pointer, vp = v[i].pointer
            let wd = p.decay ? weightDecay : 0
            let l2: Float = decoupled ? 0 : wd, decay: Float = decoupled ? wd : 0
            // eight weights at a time (the same arithmetic per element, so the same results)
            typealias V8 = SIMD8<Float>
            var j = range.lowerBound
            while j + 8 <= range.upperBound {
                let wj = UnsafeRawPointer(w + j).loadUnaligned(as: V8.self)
                let gj = UnsafeRawPointer(g + j).loadUnaligned(as: V8.self) * s + l2 * wj
                let mj = beta1 * UnsafeRawPointer(mp + j).loadUnaligned(as: V8.self) + (1 - beta1) * gj
                let vj = beta2 * UnsafeRawPointer(vp + j).loadUnaligned(as: V8.self) + (1 - beta2) * gj * gj
                let mhat = mj * c1, vhat = vj * c2
                let updated = wj - lr * (mhat / (vhat.squareRoot() + eps) + decay * wj)
                UnsafeMutableRawPointer(mp + j).storeBytes(of: mj, as: V8.self)
                UnsafeMutableRawPointer(vp + j).storeBytes(of: vj, as: V8.self)
                UnsafeMutableRawPointer(w + j).storeBytes(of: updated, as: V8.self)
                j += 8
            }
            for j in j..<range.upperBound {
                let gj = g[j] * s + l2 * w[j]
                mp[j] = beta1 * mp[j] + (1 - beta1) * gj
                vp[j] = beta2 * vp[j] + (1 - beta2) * gj * gj
                let mhat = mp[j] * c1, vhat = vp[j] * c2
                w[j] -= lr * (mhat / (vhat.squareRoot() + eps) + decay * w[j])
            }
        }
    }
}


/// Scales all gradients together so their global L2 norm (over every parameter at once) is at
/// most `maxNorm`, and returns the norm they had. The direction of the update is unchanged;
/// only a step that would be too long is shortened (PyTorch's `clip_grad_norm_`).
@discardableResult
public func clipGradientNorm(_ parameters: [Parameter], maxNorm: Float, workers: Int = 1) -> Float {
    let norm = gradientNorm(parameters, workers: workers)
    let scale = clipScale(norm: norm, maxNorm: maxNorm)
    if scale < 1 {
        forEachSlice(parameters, workers: workers) { i, range in
            let g = parameters[i].grad.pointer
            for j in range { g[j] *= scale }
        }
    }
    return norm
}

/// The factor `clipGradientNorm` scales gradients by: maxNorm / norm when the norm is above
/// `maxNorm` (PyTorch's 1e-6 guard included), else 1. Pass it to `Optimizer.update(lr:gradScale:)`
/// to clip without a separate pass over the gradients: the same numbers, one memory pass fewer.
public func clipScale(norm: Float, maxNorm: Float) -> Float {
    let scale = maxNorm / (norm + 1e-6)
    return scale < 1 ? scale : 1
}

/// √(Σ over every parameter of Σ g²): squares summed in Float over blocks of 4096, blocks
/// accumulated in Double (per worker slice, then the slices' sums in order, so the result does
/// not depend on thread timing).
public func gradientNorm(_ parameters: [Parameter], workers: Int = 1) -> Float {
    var sums = [Double](repeating: 0, count: max(workers, 1))
    sums.withUnsafeMutableBufferPointer { out in
        Parallel.run(max(workers, 1)) { w in
            var sum = 0.0
            for p in parameters {
                let n = p.count, g = p.grad.pointer
                var j = w * n / max(workers, 1)
                let end = (w + 1) * n / max(workers, 1)
                // blocks of 4096 squares summed in eight Float lanes, each block's sum added in Double
                while j < end {
                    let blockEnd = min(j + 4096, end)
                    var lanes = SIMD8<Float>(repeating: 0)
                    while j + 8 <= blockEnd {
                        let x = UnsafeRawPointer(g + j).loadUnaligned(as: SIMD8<Float>.self)
                        lanes += x * x
                        j += 8
                    }
                    var block = Double(lanes.sum())
                    while j < blockEnd { block += Double(g[j]) * Double(g[j]); j += 1 }
                    sum += block
                }
            }
            out[w] = sum
        }
    }
    return Float(sums.reduce(0, +).squareRoot())
}

/// The update rules a run can choose (`--optimizer`); each builds its optimizer.
public enum OptimizerChoice: String, OptionChoice {
    /// Adam with decoupled weight decay (PyTorch's `AdamW`): the default.
    case adamw
    /// Adam with weight decay as an L2 penalty in the gradient.
    case adam
    /// Plain stochastic gradient descent.
    case sgd
    /// SGD with momentum 0.9.
    case momentum

    public func make(_ parameters: [Parameter], beta1: Float, beta2: Float, weightDecay: Float) -> any Optimizer {
        switch self {
        case .adamw: Adam(parameters, decoupled: true, beta1: beta1, beta2: beta2, weightDecay: weightDecay)
        case .adam: Adam(parameters, decoupled: false, beta1: beta1, beta2: beta2, weightDecay: weightDecay)
        case .sgd: SGD(parameters, weightDecay: weightDecay)
        case .momentum: SGD(parameters, momentum: 0.9, weightDecay: weightDecay)
        }
    }

    /// Moment buffers per parameter (memory estimates).
    public var moments: Int {
        switch self { case .adamw, .adam: 2; case .momentum: 1; case .sgd: 0 }
    }
}
