import Foundation

/// Adam with decoupled weight decay (Loshchilov & Hutter), the update of llm.c's
/// `gpt2_update` and PyTorch's `AdamW`:
///
///     m ← β₁ m + (1 − β₁) g            running mean of the gradient
///     v ← β₂ v + (1 − β₂) g²           running mean of its square
///     m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)          bias correction for the zero start
///     θ ← θ − lr · ( m̂ / (√v̂ + ε) + λ θ )              λ only where `decay` is set
///
/// Each parameter's m and v live beside it (`state`), so a checkpoint can save and restore
/// them exactly.
public final class AdamW {
    public let parameters: [Parameter]
    public var beta1: Float, beta2: Float, eps: Float, weightDecay: Float
    public private(set) var step = 0
    /// m and v for each parameter, in `parameters` order.
    public let m: [Tensor], v: [Tensor]

    public init(_ parameters: [Parameter], beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8, weightDecay: Float = 0) {
        self.parameters = parameters
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weightDecay = weightDecay
        m = parameters.map { Tensor(shape: $0.value.shape) }
        v = parameters.map { Tensor(shape: $0.value.shape) }
    }

    /// One update of every parameter from its accumulated gradient.
    public func update(lr: Float) {
        step += 1
        let c1 = 1 - Float(pow(Double(beta1), Double(step))), c2 = 1 - Float(pow(Double(beta2), Double(step)))
        for (i, p) in parameters.enumerated() {
            let w = p.value.pointer, g = p.grad.pointer, mp = m[i].pointer, vp = v[i].pointer
            let wd = p.decay ? weightDecay : 0
            for j in 0..<p.count {
                let gj = g[j]
                mp[j] = beta1 * mp[j] + (1 - beta1) * gj
                vp[j] = beta2 * vp[j] + (1 - beta2) * gj * gj
                let mhat = mp[j] / c1, vhat = vp[j] / c2
                w[j] -= lr * (mhat / (vhat.squareRoot() + eps) + wd * w[j])
            }
        }
    }

    /// Restores the step count (with m and v filled by the caller), for resuming.
    public func restore(step: Int) { self.step = step }
}
