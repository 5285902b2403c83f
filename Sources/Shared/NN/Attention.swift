import Foundation
import LabBase

/// Causal multi-head self-attention, GPT-2's: one fused projection makes queries, keys and
/// values for all heads; each head attends over the positions up to its own; an output
/// projection mixes the heads.
///
///     x (B, T, C) → qkv (B, T, 3C) = x · W_qkvᵀ + b          [q | k | v], head h at h·hs, hs = C / NH
///     for each (b, h):  S = softmax_causal(Q Kᵀ / √hs)       (T, T), row t sees keys 0…t
///                       Y_h = S · V                          (T, hs)
///     y (B, T, C) = concat_h(Y_h) · W_projᵀ + b
///
/// Q, K and V are never copied out of the qkv buffer: each product is an `sgemm` per
/// (batch, head) whose leading dimension 3C steps over the other heads. The causal mask is used
/// to skip work on long sequences: queries are taken in blocks of `rowBlock(T)` rows, and a block only multiplies
/// the keys it can see (0 up to its last row), which saves most of the masked half of the T²
/// products. The attention weights S are kept for the backward pass and can be read afterwards
/// (`weights`, (B, NH, T, T), zero above the diagonal) to draw heatmaps.
public final class CausalSelfAttention: HasParameters {
    public let qkv: Linear, proj: Linear
    public let channels: Int, heads: Int
    public var headSize: Int { channels / heads }

    private var qkvOut: Tensor?
    private var att: Tensor?                       // (B, NH, T, T) softmax weights
    private var y: Tensor?                         // (B, T, C) heads joined, before the projection
    var dqkv = BufferSlot()                        // (B, T, 3C)
    var scratch = BufferSlot()                     // (T, T) gradient of one head's weights
    private var shape = (b: 0, t: 0)

    /// `projectionStd` starts the output projection, which writes into the residual stream
    /// (GPT-2 scales it down with depth: see `Block`).
    public init(channels: Int, heads: Int, bias: Bool = true, projectionStd: Float = 0.02, name: String = "") {
        precondition(channels % heads == 0, "\(channels) channels do not split into \(heads) heads")
        self.channels = channels
        self.heads = heads
        qkv = Linear(channels, 3 * channels, bias: bias, name: name + "qkv.")
        proj = Linear(channels, channels, bias: bias, std: projectionStd, name: name + "proj.")
    }

    public var parameters: [Parameter] { qkv.parameters + proj.parameters }

    /// Query rows per block in the causal products: the whole sequence up to T = 128 (there,
    /// the extra `sgemm` calls of blocking cost more than the masked half they would skip;
    /// measured with `bench attention`), blocks of 64 beyond.
    @inline(__always)
    func rowBlock(_ t: Int) -> Int { rowBlockOverride ?? (t <= 128 ? t : 64) }

    /// For tests: force a block size on this layer (nil: the rule above).
    public var rowBlockOverride: Int?

    /// The attention weights of the last forward pass, (B, NH, T, T): row t of head h is how
    /// much position t drew from each position 0…t.
    public var weights: Tensor? { att }

    /// Attention over a batch of sequences, or, when decoding with a `KVCache`, over the
    /// positions seen before and the new ones. `cached` is then this layer's q|k|v rows
    /// (T_max, 3C) with `start` positions filled: the new rows are written after them, and each
    /// new position attends to every cached one and causally among the new (batch 1).
    ///
    /// Either way a query block r0..<r1 multiplies only the keys it can see, 0..<start + r1.
    public func forward(_ x: Tensor, cached: Tensor? = nil, start: Int = 0) -> Tensor {
        Profiler.begin("attention (scores, softmax, weighted sum)")
        defer { Profiler.end() }
        let b = x.shape[0], n = x.shape[1], c = channels, hs = headSize, nh = heads
        let q = qkv.forward(x)                                  // (B, n, 3C)
        qkvOut = q
        // the q|k|v rows of positions 0..<total: this batch's own, or the cache's with the new ones added
        let total = start + n
        let rows: Tensor
        if let cached {
            (cached.pointer + start * 3 * c).update(from: q.pointer, count: n * 3 * c)
            rows = cached
        } else {
            rows = q
        }
        let a = buffer(&att, [b, nh, n, total])
        let out = buffer(&y, [b, n, c])
        let scale = 1 / Float(hs).squareRoot()
        for bi in 0..<b {
            for h in 0..<nh {
                let base = rows.pointer + bi * total * 3 * c + h * hs
                let qp = base + start * 3 * c, kp = base + c, vp = base + 2 * c
                let s = a.pointer + (bi * nh + h) * n * total
                let y = out.pointer + bi * n * c + h * hs
                for r0 in stride(from: 0, to: n, by: rowBlock(n)) {
                    let r1 = min(r0 + rowBlock(n), n), count = r1 - r0, keys = start + r1
                    // S[r0..<r1, 0..<keys] = Q[r0..<r1] K[0..<keys]ᵀ / √hs      (count, hs)(hs, keys)
                    BLAS.sgemm(transB: true, m: count, n: keys, k: hs, alpha: scale, a: qp + r0 * 3 * c, lda: 3 * c,
                               b: kp, ldb: 3 * c, c: s + r0 * total, ldc: total)
                    CausalSelfAttention.causalSoftmax(s, total, rows: r0..<r1, offset: start)
                    // Y[r0..<r1] = S[r0..<r1, 0..<keys] V[0..<keys]                (count, keys)(keys, hs)
                    BLAS.sgemm(m: count, n: hs, k: keys, a: s + r0 * total, lda: total, b: vp, ldb: 3 * c, c: y + r0 * c, ldc: c)
                }
            }
        }
        shape = (b, n)
        return proj.forward(out)
    }

    /// Softmax of each row over the keys its query may see; the masked columns become exactly 0.
    /// Row `row` of `s` (rows `width` long) is the query at position `offset + row`, which sees
    /// keys 0…offset + row.
    @inline(__always)
    static func causalSoftmax(_ s: UnsafeMutablePointer<Float>, _ width: Int, rows: Range<Int>, offset: Int = 0) {
        for row in rows {
            let r = s + row * width, seen = offset + row + 1
            let m = maximum(r, count: seen)
            let inv = 1 / FastMath.expInPlace(r, count: seen, shift: m)      // r[j] = e^(r[j] − m), returns Σ
            for j in 0..<seen { r[j] *= inv }
            for j in seen..<width { r[j] = 0 }
        }
    }

    /// Backward through the projection, the weighted sum, the softmax and the scores, with
    /// S = Q Kᵀ / √hs the scores and A = softmax(S) the weights, per head:
    ///
    ///     dA = dY_h Vᵀ,   dV = Aᵀ dY_h
    ///     dS = A ⊙ (dA − rowsum(A ⊙ dA))      softmax: each row's weights sum to one
    ///     dQ = dS K / √hs,   dK = dSᵀ Q / √hs
    public func backward(_ dout: Tensor) -> Tensor {
        Profiler.begin("attention (scores, softmax, weighted sum)")
        defer { Profiler.end() }
        guard let q = qkvOut, let a = att else { preconditionFailure("CausalSelfAttention.backward before forward") }
        let (b, t) = shape
        let c = channels, hs = headSize, nh = heads
        let dyHeads = proj.backward(dout)                        // (B, T, C)
        let dq = buffer(&dqkv.tensor, [b, t, 3 * c])
        let ds = buffer(&scratch.tensor, [t, t])
        let scale = 1 / Float(hs).squareRoot()
        for bi in 0..<b {
            for h in 0..<nh {
                let qp = q.pointer + bi * t * 3 * c + h * hs, kp = qp + c, vp = qp + 2 * c
                let dqp = dq.pointer + bi * t * 3 * c + h * hs, dkp = dqp + c, dvp = dqp + 2 * c
                let w = a.pointer + (bi * nh + h) * t * t         // A, the weights
                let dyh = dyHeads.pointer + bi * t * c + h * hs
                let d = ds.pointer                                // dA, then (in place) dS
                // row blocks: dA, dS and dQ for queries r0..<r1 need keys 0..<r1 only
                for r0 in stride(from: 0, to: t, by: rowBlock(t)) {
                    let r1 = min(r0 + rowBlock(t), t), rows = r1 - r0
                    BLAS.sgemm(transB: true, m: rows, n: r1, k: hs, a: dyh + r0 * c, lda: c, b: vp, ldb: 3 * c, c: d + r0 * t, ldc: t)
                    for row in r0..<r1 {
                        let wr = w + row * t, dr = d + row * t
                        var dot: Float = 0
                        for j in 0...row { dot += wr[j] * dr[j] }
                        for j in 0...row { dr[j] = wr[j] * (dr[j] - dot) }
                        for j in (row + 1)..<t { dr[j] = 0 }
                    }
                    BLAS.sgemm(m: rows, n: hs, k: r1, alpha: scale, a: d + r0 * t, lda: t, b: kp, ldb: 3 * c, c: dqp + r0 * 3 * c, ldc: 3 * c)
                }
                // column blocks: dV and dK for keys c0..<c1 get contributions from queries c0..<T only
                for c0 in stride(from: 0, to: t, by: rowBlock(t)) {
                    let c1 = min(c0 + rowBlock(t), t), cols = c1 - c0, rows = t - c0
                    BLAS.sgemm(transA: true, m: cols, n: hs, k: rows, a: w + c0 * t + c0, lda: t, b: dyh + c0 * c, ldb: c,
                               c: dvp + c0 * 3 * c, ldc: 3 * c)
                    BLAS.sgemm(transA: true, m: cols, n: hs, k: rows, alpha: scale, a: d + c0 * t + c0, lda: t, b: qp + c0 * 3 * c,
                               ldb: 3 * c, c: dkp + c0 * 3 * c, ldc: 3 * c)
                }
            }
        }
        return qkv.backward(dq)
    }
}
