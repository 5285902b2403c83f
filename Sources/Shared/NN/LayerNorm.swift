import Foundation
import LabBase

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
        gain = Parameter(name + "weight", shape: [channels], initializer: .ones, decay: false)
        self.bias = bias ? Parameter(name + "bias", shape: [channels], initializer: .zeros, decay: false) : nil
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
            let m = LayerNorm.sum(xr, c) / Float(c)
            let v = LayerNorm.sumOfSquares(xr, c, minus: m) / Float(c)
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
            let (sumG, sumGX) = LayerNorm.gradientSums(g, dyr, xr, c, mean: m, rstd: r)   // Σ ĝ, Σ ĝ ⊙ x̂
            let meanG = sumG / Float(c), meanGX = sumGX / Float(c)
            for i in 0..<c {
                let xhat = (xr[i] - m) * r
                dg[i] += dyr[i] * xhat
                dxr[i] = r * (g[i] * dyr[i] - meanG - xhat * meanGX)
            }
            if let db { for i in 0..<c { db[i] += dyr[i] } }
        }
        return dx
    }

    // Row sums, eight lanes at a time in a fixed order (the same on every machine and thread):
    // the compiler does not vectorise a Float sum by itself, since reordering it changes it.
    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    /// Σ x[i] for i < c.
    @inline(__always) static func sum(_ x: UnsafePointer<Float>, _ c: Int) -> Float {
        var lanes = SIMD8<Float>(), i = 0
        while i + 8 <= c { lanes += load(x + i); i += 8 }
        var total = lanes.sum()
        while i < c { total += x[i]; i += 1 }
        return total
    }

    /// Σ ĝ[i] and Σ ĝ[i] x̂[i] for i < c, with ĝ = γ ⊙ dy and x̂ = (x − m) r.
    @inline(__always) static func gradientSums(_ g: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>,
                                               _ c: Int, mean m: Float, rstd r: Float) -> (Float, Float) {
        var sumG = SIMD8<Float>(), sumGX = SIMD8<Float>(), i = 0
        while i + 8 <= c {
            let gh = load(g + i) * load(dy + i)
            sumG += gh
            sumGX += gh * ((load(x + i) - m) * r)
            i += 8
        }
        var totalG = sumG.sum(), totalGX = sumGX.sum()
        while i < c {
            let gh = g[i] * dy[i]
            totalG += gh
            totalGX += gh * ((x[i] - m) * r)
            i += 1
        }
        return (totalG, totalGX)
    }

    /// Σ (x[i] − m)² for i < c.
    @inline(__always) static func sumOfSquares(_ x: UnsafePointer<Float>, _ c: Int, minus m: Float) -> Float {
        var lanes = SIMD8<Float>(), i = 0
        while i + 8 <= c { let d = load(x + i) - m; lanes += d * d; i += 8 }
        var total = lanes.sum()
        while i < c { let d = x[i] - m; total += d * d; i += 1 }
        return total
    }
}
