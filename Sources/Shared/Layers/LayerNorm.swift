import Foundation

/// Layer normalisation over the last dimension, with a learnable gain and bias:
///
///     μ = mean(x),  σ² = mean((x − μ)²),  x̂ = (x − μ) / √(σ² + ε),  y = γ ⊙ x̂ + β
///
/// Shapes: x, y (…, C); γ, β (C). ε = 1e-5, as in GPT-2. The forward pass keeps μ and
/// r = 1/√(σ² + ε) for every row, which is all the backward pass needs besides x. Without
/// `bias` (nanoGPT's `bias=False`) there is no β.
public final class LayerNorm: HasParameters {
    public let gain: Parameter
    public let bias: Parameter?
    public let channels: Int
    public let eps: Float

    private var input: Tensor?
    private var output: Tensor?
    var inputGrad = BufferSlot()
    private var mean: Tensor?, rstd: Tensor?            // (N)

    public init(_ channels: Int, eps: Float = 1e-5, bias: Bool = true, name: String = "") {
        self.channels = channels
        self.eps = eps
        gain = Parameter(name + "weight", shape: [channels], decay: false)
        self.bias = bias ? Parameter(name + "bias", shape: [channels], decay: false) : nil
        gain.value.fill(1)
    }

    public var parameters: [Parameter] { [gain] + (bias.map { [$0] } ?? []) }

    public func forward(_ x: Tensor) -> Tensor {
        Profiler.begin("LayerNorm")
        defer { Profiler.end() }
        precondition(x.shape.last == channels, "LayerNorm(\(channels)) got input \(x.shape)")
        let c = channels, n = x.count / c
        let y = buffer(&output, x.shape)
        let mu = buffer(&mean, [n]), rs = buffer(&rstd, [n])
        let xp = x.pointer, yp = y.pointer, g = gain.value.pointer, b = bias?.value.pointer
        for row in 0..<n {
            let xr = xp + row * c, yr = yp + row * c
            var m: Float = 0
            for i in 0..<c { m += xr[i] }
            m /= Float(c)
            var v: Float = 0
            for i in 0..<c { let d = xr[i] - m; v += d * d }
            v /= Float(c)
            let r = 1 / (v + eps).squareRoot()
            if let b {
                for i in 0..<c { yr[i] = (xr[i] - m) * r * g[i] + b[i] }
            } else {
                for i in 0..<c { yr[i] = (xr[i] - m) * r * g[i] }
            }
            mu.pointer[row] = m
            rs.pointer[row] = r
        }
        input = x
        return y
    }

    /// With ĝ = γ ⊙ dy (the gradient reaching x̂), the gradient of x has three terms:
    ///
    ///     dx = r · ( ĝ                      the direct path through x̂
    ///               − mean(ĝ)               through μ (every x̂ shifts when μ moves)
    ///               − x̂ · mean(ĝ ⊙ x̂) )     through σ (every x̂ rescales when σ moves)
    ///
    /// and dγ += Σ_rows dy ⊙ x̂, dβ += Σ_rows dy.
    public func backward(_ dy: Tensor) -> Tensor {
        Profiler.begin("LayerNorm")
        defer { Profiler.end() }
        guard let x = input, let mu = mean, let rs = rstd else { preconditionFailure("LayerNorm.backward before forward") }
        let c = channels, n = x.count / c
        let dx = buffer(&inputGrad.tensor, x.shape)
        let xp = x.pointer, dyp = dy.pointer, dxp = dx.pointer
        let g = gain.value.pointer, dg = gain.grad.pointer, db = bias?.grad.pointer
        for row in 0..<n {
            let xr = xp + row * c, dyr = dyp + row * c, dxr = dxp + row * c
            let m = mu.pointer[row], r = rs.pointer[row]
            var meanG: Float = 0, meanGX: Float = 0
            for i in 0..<c {
                let xhat = (xr[i] - m) * r
                let gh = g[i] * dyr[i]
                meanG += gh
                meanGX += gh * xhat
            }
            meanG /= Float(c)
            meanGX /= Float(c)
            for i in 0..<c {
                let xhat = (xr[i] - m) * r
                dg[i] += dyr[i] * xhat
                db?[i] += dyr[i]
                dxr[i] = r * (g[i] * dyr[i] - meanG - xhat * meanGX)
            }
        }
        return dx
    }
}
