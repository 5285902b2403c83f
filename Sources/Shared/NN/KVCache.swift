import Foundation
import LabBase

/// Incremental decoding: each layer keeps the keys and values of every position it has seen,
/// so producing one more token costs one position's work instead of a forward pass over the
/// whole context.
///
///     cache = KVCache(model)
///     var logits = model.forward(prompt, cache: cache)      // (n, Vp): all prompt positions
///     logits = model.forward([next], cache: cache)          // (1, Vp): only the new position
///
/// The logits equal a full forward pass over the same tokens (up to float rounding; a test holds
/// them to 1e-5). One sequence at a time (batch 1), up to the model's context length.
public final class KVCache {
    /// Per layer: the q|k|v rows of every cached position, (T_max, 3C) (the queries are kept too,
    /// so the rows have the layout the attention code already reads).
    let layers: [Tensor]
    public let capacity: Int
    /// Positions cached so far.
    public private(set) var count = 0
    // scratch for the positions being added, allocated once per shape and reused
    var scores = BufferSlot(), heads = BufferSlot(), mid = BufferSlot(), logits = BufferSlot()
    var streams = [BufferSlot(), BufferSlot()]           // block outputs, alternating

    public init(_ model: GPT) {
        capacity = model.config.blockSize
        layers = model.blocks.map { _ in Tensor(shape: [model.config.blockSize, 3 * model.config.channels]) }
    }

    /// Forgets everything (a new conversation, or a context rebuilt after an overflow).
    public func reset() { count = 0 }

    func advance(by n: Int) { count += n }
}

extension CausalSelfAttention {
    /// Attention for `n` new positions (x: (1, n, C)) at positions `start`…, over every cached
    /// position before them and causally among themselves. Writes their q|k|v into `cache`.
    func forward(_ x: Tensor, cache: Tensor, start: Int, scratch kv: KVCache) -> Tensor {
        let n = x.shape[1], c = channels, hs = headSize, total = start + n
        let q = qkv.forward(x)                                   // (1, n, 3C)
        (cache.pointer + start * 3 * c).update(from: q.pointer, count: n * 3 * c)
        let out = buffer(&kv.heads.tensor, [1, n, c])
        let s = buffer(&kv.scores.tensor, [n, total])
        let scale = 1 / Float(hs).squareRoot()
        for h in 0..<heads {
            let qp = cache.pointer + start * 3 * c + h * hs, kp = cache.pointer + c + h * hs, vp = cache.pointer + 2 * c + h * hs
            // S = Q_new K_allᵀ / √hs     (n, hs)(hs, total)
            BLAS.sgemm(transB: true, m: n, n: total, k: hs, alpha: scale, a: qp, lda: 3 * c, b: kp, ldb: 3 * c, c: s.pointer, ldc: total)
            for i in 0..<n {                                      // new row i sees positions 0…start+i
                let row = s.pointer + i * total, seen = start + i + 1
                let inv = 1 / FastMath.expInPlace(row, count: seen, shift: maximum(row, count: seen))
                for j in 0..<seen { row[j] *= inv }
                for j in seen..<total { row[j] = 0 }
            }
            // Y_h = S V_all               (n, total)(total, hs)
            BLAS.sgemm(m: n, n: hs, k: total, a: s.pointer, lda: total, b: vp, ldb: 3 * c, c: out.pointer + h * hs, ldc: c)
        }
        return proj.forward(out)
    }
}

extension Block {
    func forward(_ x: Tensor, cache: Tensor, start: Int, scratch kv: KVCache, output: BufferSlot) -> Tensor {
        forward(x, attend: { attn.forward($0, cache: cache, start: start, scratch: kv) }, drop: { t, _ in t },
                mid: buffer(&kv.mid.tensor, x.shape), out: buffer(&output.tensor, x.shape))
    }
}

extension GPT {
    /// Logits (n, Vp) for `ids` placed after the positions already in `cache`, which then
    /// holds them too. Dropout is off. The cache must have room: `cache.count + ids.count ≤
    /// blockSize` (reset it, or start a new one, to go on past the context).
    public func forward(_ ids: [Int32], cache: KVCache) -> Tensor {
        let n = ids.count, c = config.channels, start = cache.count
        precondition(n > 0 && start + n <= cache.capacity, "KV cache: \(start) + \(n) positions do not fit the context of \(cache.capacity)")
        var h = buffer(&cache.streams[1].tensor, [1, n, c])
        let tokens = wte.forward(ids, shape: [1, n])
        for i in 0..<(n * c) { h.pointer[i] = tokens.pointer[i] + wpe.table.value.pointer[start * c + i] }
        for (l, (block, layer)) in zip(blocks, cache.layers).enumerated() {
            h = block.forward(h, cache: layer, start: start, scratch: cache, output: cache.streams[l % 2])
        }
        cache.advance(by: n)
        let hf = lnf.forward(h)
        if let lmHead { return lmHead.forward(hf) }
        let out = buffer(&cache.logits.tensor, [n, config.paddedVocabSize])
        BLAS.sgemm(transB: true, m: n, n: config.paddedVocabSize, k: c, a: hf.pointer, b: wte.table.value.pointer, c: out.pointer)
        return out
    }
}
