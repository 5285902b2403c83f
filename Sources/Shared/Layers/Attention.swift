import Foundation

/// Causal multi-head self-attention, GPT-2's: one fused projection makes queries, keys and
/// values for all heads; each head attends over the positions up to its own; an output
/// projection mixes the heads.
///
///     x (B, T, C) → qkv (B, T, 3C) = x · W_qkvᵀ + b          [q | k | v], head h at h·hs, hs = C / NH
///     for each (b, h):  S = softmax_causal(Q Kᵀ / √hs)       (T, T), row t sees keys 0…t
///                       Y_h = S · V                          (T, hs)
///     y (B, T, C) = concat_h(Y_h) · W_projᵀ + b
///
/// Q, K and V are never copied out of the qkv buffer: each product is one `sgemm` per
/// (batch, head) whose leading dimension 3C steps over the other heads. The attention weights
/// S are kept for the backward pass and can be read afterwards (`weights`, (B, NH, T, T)) to
/// draw heatmaps.
public final class CausalSelfAttention: HasParameters {
    public let qkv: Linear, proj: Linear
    public let channels: Int, heads: Int
    public var headSize: Int { channels / heads }

    private var qkvOut: Tensor?
    private var att: Tensor?                       // (B, NH, T, T) softmax weights
    private var y: Tensor?, dy: Tensor?            // (B, T, C) heads joined, before the projection
    private var dqkv: Tensor?                      // (B, T, 3C)
    private var scratch: Tensor?                   // (T, T) gradient of one head's weights
    private var shape = (b: 0, t: 0)

    public init(channels: Int, heads: Int, bias: Bool = true, name: String = "") {
        precondition(channels % heads == 0, "\(channels) channels do not split into \(heads) heads")
        self.channels = channels
        self.heads = heads
        qkv = Linear(channels, 3 * channels, bias: bias, name: name + "qkv.")
        proj = Linear(channels, channels, bias: bias, name: name + "proj.")
    }

    public var parameters: [Parameter] { qkv.parameters + proj.parameters }

    /// The attention weights of the last forward pass, (B, NH, T, T): row t of head h is how
    /// much position t drew from each position 0…t.
    public var weights: Tensor? { att }

    public func forward(_ x: Tensor) -> Tensor {
        let b = x.shape[0], t = x.shape[1], c = channels, hs = headSize, nh = heads
        let q = qkv.forward(x)                                  // (B, T, 3C)
        qkvOut = q
        let a = buffer(&att, [b, nh, t, t])
        let out = buffer(&y, [b, t, c])
        let scale = 1 / Float(hs).squareRoot()
        for bi in 0..<b {
            for h in 0..<nh {
                let qp = q.pointer + bi * t * 3 * c + h * hs, kp = qp + c, vp = qp + 2 * c
                let s = a.pointer + (bi * nh + h) * t * t
                // S = Q Kᵀ / √hs                                  (T, hs)(hs, T)
                BLAS.sgemm(transB: true, m: t, n: t, k: hs, alpha: scale, a: qp, lda: 3 * c, b: kp, ldb: 3 * c, c: s, ldc: t)
                CausalSelfAttention.causalSoftmax(s, t)
                // Y_h = S V                                       (T, T)(T, hs)
                BLAS.sgemm(m: t, n: hs, k: t, a: s, lda: t, b: vp, ldb: 3 * c, c: out.pointer + bi * t * c + h * hs, ldc: c)
            }
        }
        shape = (b, t)
        return proj.forward(out)
    }

    /// Softmax of each row t over columns 0…t; the masked columns t+1… become exactly 0.
    @inline(__always)
    static func causalSoftmax(_ s: UnsafeMutablePointer<Float>, _ t: Int) {
        for row in 0..<t {
            let r = s + row * t
            var m = -Float.infinity
            for j in 0...row { m = max(m, r[j]) }
            var sum: Float = 0
            for j in 0...row { let e = expf(r[j] - m); r[j] = e; sum += e }
            let inv = 1 / sum
            for j in 0...row { r[j] *= inv }
            for j in (row + 1)..<t { r[j] = 0 }
        }
    }

    /// Backward through the projection, the weighted sum, the softmax and the scores:
    ///
    ///     dS = dY_h Vᵀ,   dV = Sᵀ dY_h
    ///     dP = S ⊙ (dS − rowsum(S ⊙ dS))      softmax: each row's weights sum to one
    ///     dQ = dP K / √hs,   dK = dPᵀ Q / √hs
    public func backward(_ dout: Tensor) -> Tensor {
        guard let q = qkvOut, let a = att else { preconditionFailure("CausalSelfAttention.backward before forward") }
        let (b, t) = shape
        let c = channels, hs = headSize, nh = heads
        let dyHeads = proj.backward(dout)                        // (B, T, C)
        let dq = buffer(&dqkv, [b, t, 3 * c])
        let ds = buffer(&scratch, [t, t])
        let scale = 1 / Float(hs).squareRoot()
        for bi in 0..<b {
            for h in 0..<nh {
                let qp = q.pointer + bi * t * 3 * c + h * hs, kp = qp + c, vp = qp + 2 * c
                let dqp = dq.pointer + bi * t * 3 * c + h * hs, dkp = dqp + c, dvp = dqp + 2 * c
                let s = a.pointer + (bi * nh + h) * t * t
                let dyh = dyHeads.pointer + bi * t * c + h * hs
                BLAS.sgemm(transB: true, m: t, n: t, k: hs, a: dyh, lda: c, b: vp, ldb: 3 * c, c: ds.pointer, ldc: t)
                BLAS.sgemm(transA: true, m: t, n: hs, k: t, a: s, lda: t, b: dyh, ldb: c, c: dvp, ldc: 3 * c)
                for row in 0..<t {
                    let sr = s + row * t, dr = ds.pointer + row * t
                    var dot: Float = 0
                    for j in 0...row { dot += sr[j] * dr[j] }
                    for j in 0...row { dr[j] = sr[j] * (dr[j] - dot) }
                    for j in (row + 1)..<t { dr[j] = 0 }
                }
                BLAS.sgemm(m: t, n: hs, k: t, alpha: scale, a: ds.pointer, lda: t, b: kp, ldb: 3 * c, c: dqp, ldc: 3 * c)
                BLAS.sgemm(transA: true, m: t, n: hs, k: t, alpha: scale, a: ds.pointer, lda: t, b: qp, ldb: 3 * c, c: dkp, ldc: 3 * c)
            }
        }
        return qkv.backward(dq)
    }
}
