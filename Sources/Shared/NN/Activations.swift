import Foundation
import LabBase

/// GELU in GPT-2's tanh form: `y = ½ x (1 + tanh(u))`, `u = √(2/π) (x + 0.044715 x³)`.
///
/// Computed as `y = x · σ(2u)` (the same function: ½(1 + tanh u) = σ(2u)), which costs one
/// `expf` instead of a much slower `tanhf`; σ is kept for the backward pass.
public final class GELU {
    private var input: Tensor?, output: Tensor?
    var inputGrad = BufferSlot()
    private var sigma: Tensor?                  // σ(2u) per element
    static let s = Float((2 / Double.pi).squareRoot())

    public init() {}

    public func forward(_ x: Tensor) -> Tensor {
        Profiler.begin("GELU")
        defer { Profiler.end() }
        let y = buffer(&output, x.shape), sg = buffer(&sigma, x.shape)
        FastMath.gelu(x.pointer, y: y.pointer, sigma: sg.pointer, count: x.count, k: -2 * GELU.s)
        input = x
        return y
    }

    /// dy/dx = σ + x · σ (1 − σ) · 2u′,  u′ = √(2/π) (1 + 3 · 0.044715 x²)
    /// (the same as ½(1 + t) + ½ x (1 − t²) u′ with t = tanh u).
    public func backward(_ dy: Tensor) -> Tensor {
        Profiler.begin("GELU")
        defer { Profiler.end() }
        guard let x = input, let sg = sigma else { preconditionFailure("GELU.backward before forward") }
        let dx = buffer(&inputGrad.tensor, x.shape)
        let xp = x.pointer, dyp = dy.pointer, dxp = dx.pointer, sp = sg.pointer, c = GELU.s
        for i in 0..<x.count {
            let v = xp[i], s = sp[i]
            let du = c * (1 + 3 * 0.044715 * v * v)
            dxp[i] = dyp[i] * (s + v * s * (1 - s) * 2 * du)
        }
        return dx
    }
}

/// `y = max(0, x)`; the gradient passes where x > 0.
public final class ReLU {
    private var input: Tensor?, output: Tensor?, inputGrad: Tensor?
    public init() {}

    public func forward(_ x: Tensor) -> Tensor {
        let y = buffer(&output, x.shape)
        for i in 0..<x.count { y.pointer[i] = max(0, x.pointer[i]) }
        input = x
        return y
    }

    public func backward(_ dy: Tensor) -> Tensor {
        guard let x = input else { preconditionFailure("ReLU.backward before forward") }
        let dx = buffer(&inputGrad, x.shape)
        for i in 0..<x.count { dx.pointer[i] = x.pointer[i] > 0 ? dy.pointer[i] : 0 }
        return dx
    }
}

/// Inverted dropout: in training, each element is zeroed with probability p and the survivors
/// are scaled by 1/(1−p), so the expected value is unchanged and evaluation needs no rescaling.
/// The mask comes from the run's RNG, so a seed fixes it. With `training: false` (or p = 0) it
/// is the identity.
public final class Dropout {
    public let p: Float
    private var mask: Tensor?, output: Tensor?
    var inputGrad = BufferSlot()
    private var active = false

    public init(_ p: Float) {
        precondition(p >= 0 && p < 1, "dropout probability must be in [0, 1), got \(p)")
        self.p = p
    }

    public func forward(_ x: Tensor, training: Bool, rng: inout RNG) -> Tensor {
        active = training && p > 0
        guard active else { return x }
        let m = buffer(&mask, x.shape), y = buffer(&output, x.shape)
        let scale = 1 / (1 - p)
        for i in 0..<x.count {
            let keep: Float = rng.uniform() >= p ? scale : 0
            m.pointer[i] = keep
            y.pointer[i] = x.pointer[i] * keep
        }
        return y
    }

    public func backward(_ dy: Tensor) -> Tensor {
        guard active, let m = mask else { return dy }
        let dx = buffer(&inputGrad.tensor, dy.shape)
        for i in 0..<dy.count { dx.pointer[i] = dy.pointer[i] * m.pointer[i] }
        return dx
    }
}

/// `out = a + b`, elementwise (the residual connection). Its backward is the identity to both
/// inputs: the gradient flows unchanged down the residual stream.
public func add(_ a: Tensor, _ b: Tensor, into out: Tensor) {
    precondition(a.count == b.count && a.count == out.count, "add: \(a.shape) + \(b.shape) into \(out.shape)")
    for i in 0..<a.count { out.pointer[i] = a.pointer[i] + b.pointer[i] }
}

/// `a += b`, elementwise (gradients meeting where two paths join).
public func addInPlace(_ a: Tensor, _ b: Tensor) {
    precondition(a.count == b.count, "addInPlace: \(a.shape) += \(b.shape)")
    for i in 0..<a.count { a.pointer[i] += b.pointer[i] }
}
