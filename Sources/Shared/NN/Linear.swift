import LabBase
/// A fully connected layer: `y = x · Wᵀ + b`, over the last dimension.
///
///     x: (…, in)   W: (out, in)   b: (out)   y: (…, out)
///
/// The weight is stored (out, in), as PyTorch and llm.c store it, so a GPT-2 checkpoint loads
/// without transposing. All three products are one `sgemm` each over all N = B·T rows.
///
/// With an `adapter` (LoRA, `LoRA.swift`) the layer adds a trainable low-rank update to its
/// output and its parameters include the adapter's A and B.
public final class Linear: HasParameters {
    public let weight: Parameter
    public let bias: Parameter?
    public let inFeatures: Int, outFeatures: Int
    /// A LoRA adapter: y = x · Wᵀ + b + (α/r) · (x · A) · B. Attach it with `GPT.addAdapters`.
    public internal(set) var adapter: LoRA?
    /// Weight and bias get no gradient: backward computes only dx (and the adapter's
    /// gradients). For weights no optimizer updates (LoRA's base, `--freeze-attn`).
    public var frozen = false

    private var input: Tensor?          // x, kept for the weight gradient
    private var output: Tensor?
    var inputGrad = BufferSlot()          // dx, shareable between blocks

    /// The weight starts as N(0, std²) (GPT-2's 0.02 unless given), the bias at zero.
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, std: Float = 0.02, name: String = "") {
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        weight = Parameter(name + "weight", shape: [outFeatures, inFeatures], initializer: .normal(std: std))
        self.bias = bias ? Parameter(name + "bias", shape: [outFeatures], initializer: .zeros) : nil
    }

    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) + (adapter?.parameters ?? []) }

    public func forward(_ x: Tensor) -> Tensor {
        Profiler.begin("matrix products (Linear layers)")
        defer { Profiler.end() }
        precondition(x.shape.last == inFeatures, "Linear(\(inFeatures)→\(outFeatures)) got input \(x.shape)")
        let n = x.count / inFeatures
        let y = buffer(&output, Array(x.shape.dropLast()) + [outFeatures])
        if let bias {                       // y = b, then y += x · Wᵀ
            let b = bias.value.pointer, yp = y.pointer
            for row in 0..<n { (yp + row * outFeatures).update(from: b, count: outFeatures) }
        }
        BLAS.sgemm(transB: true, m: n, n: outFeatures, k: inFeatures,
                   a: x.pointer, b: weight.value.pointer, beta: bias == nil ? 0 : 1, c: y.pointer)
        adapter?.forward(x, into: y)
        input = x
        return y
    }

    /// Given dL/dy, accumulates dL/dW and dL/db and returns dL/dx.
    ///
    ///     dx = dy · W        (N, out)(out, in)
    ///     dW += dyᵀ · x      (out, N)(N, in)
    ///     db += Σ_rows dy
    ///
    /// A LoRA adapter (lesson 07) adds its share of dx and accumulates its own gradients; a
    /// `frozen` layer stops after dx.
    public func backward(_ dy: Tensor) -> Tensor {
        Profiler.begin("matrix products (Linear layers)")
        defer { Profiler.end() }
        guard let x = input else { preconditionFailure("Linear.backward before forward") }
        let n = x.count / inFeatures
        let dx = buffer(&inputGrad.tensor, x.shape)
        BLAS.sgemm(m: n, n: inFeatures, k: outFeatures, a: dy.pointer, b: weight.value.pointer, c: dx.pointer)
        adapter?.backward(dy, input: x, into: dx)
        if frozen { return dx }
        BLAS.sgemm(transA: true, m: outFeatures, n: inFeatures, k: n,
                   a: dy.pointer, b: x.pointer, beta: 1, c: weight.grad.pointer)
        if let bias {
            let db = bias.grad.pointer, g = dy.pointer
            for row in 0..<n {
                let r = g + row * outFeatures
                for j in 0..<outFeatures { db[j] += r[j] }
            }
        }
        return dx
    }
}
