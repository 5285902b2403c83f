import Foundation
import LabBase

/// Everything that decides a GPT's shape.
public struct GPTConfig: Equatable, Sendable {
    public enum Norm: String, OptionChoice {
        /// x + f(LN(x)): GPT-2's placement; trains stably without warmup tricks.
        case pre
        /// LN(x + f(x)): the original Transformer's; for comparison.
        case post
    }

    public var vocabSize: Int
    /// Rows of the token table and output head. llm.c pads GPT-2's 50257 to 50304; the extra
    /// rows are never predicted. Equal to `vocabSize` unless a file says otherwise.
    public var paddedVocabSize: Int
    public var blockSize: Int          // the context: longest sequence the model reads
    public var layers: Int
    public var heads: Int
    public var channels: Int           // embedding width C
    public var dropout: Float
    /// Biases in the Linear layers and LayerNorms (nanoGPT's `bias`; GPT-2 has them).
    public var bias: Bool
    public var norm: Norm
    public var positions: PositionEncoding.Kind
    public var tiedEmbeddings: Bool

    public init(vocabSize: Int, paddedVocabSize: Int? = nil, blockSize: Int, layers: Int, heads: Int, channels: Int,
                dropout: Float = 0, bias: Bool = true, norm: Norm = .pre, positions: PositionEncoding.Kind = .learned,
                tiedEmbeddings: Bool = true) {
        self.vocabSize = vocabSize
        self.paddedVocabSize = paddedVocabSize ?? vocabSize
        self.blockSize = blockSize
        self.layers = layers
        self.heads = heads
        self.channels = channels
        self.dropout = dropout
        self.bias = bias
        self.norm = norm
        self.positions = positions
        self.tiedEmbeddings = tiedEmbeddings
    }

    /// One-line errors for shapes that cannot work.
    public func validate() throws {
        func check(_ ok: Bool, _ message: String) throws { if !ok { throw LabError(message) } }
        try check(vocabSize > 0 && paddedVocabSize >= vocabSize, "vocabulary \(vocabSize) (padded \(paddedVocabSize)) is invalid")
        try check(blockSize > 0, "block size must be positive, got \(blockSize)")
        try check(layers > 0, "layers must be positive, got \(layers)")
        try check(heads > 0 && channels > 0 && channels % heads == 0, "\(channels) channels do not split into \(heads) heads")
        try check(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got \(dropout)")
        try check(paddedVocabSize <= 1 << 21 && blockSize <= 1 << 20 && layers <= 1024 && channels <= 1 << 16,
                  "model too large: vocabulary ≤ 2097152, block size ≤ 1048576, layers ≤ 1024, width ≤ 65536")
        let bytes = 4.0 * 2 * Double(parameterEstimate)          // weights and gradients
        try check(bytes < MachineMemory.total, "the model needs \(MachineMemory.describe(bytes)) for its weights and gradients, more than this machine's \(MachineMemory.describe(MachineMemory.total))")
    }

    /// Parameters the model will have (embeddings, blocks, final norm, untied head).
    public var parameterEstimate: Int {
        let c = channels, perBlock = 12 * c * c + (bias ? 13 * c : 2 * c)
        return paddedVocabSize * c + (positions == .learned ? blockSize * c : 0) + layers * perBlock + (bias ? 2 : 1) * c + (tiedEmbeddings ? 0 : paddedVocabSize * c)
    }
}

extension GPTConfig {
    /// Shapes known by name (`--preset`).
    public enum Preset: String, OptionChoice {
        /// GPT-2 small: 12 layers, 12 heads, width 768, context 1024, GPT-2's 50257 tokens
        /// (padded to 50304 rows, as llm.c stores them): 124M parameters.
        case gpt2_124m = "gpt2-124m"

        public var config: GPTConfig {
            switch self {
            case .gpt2_124m: GPTConfig(vocabSize: 50257, paddedVocabSize: GPTConfig.padded(50257), blockSize: 1024, layers: 12, heads: 12, channels: 768)
            }
        }
    }

    /// A vocabulary rounded up to a multiple of 64, as llm.c pads GPT-2's (50257 → 50304), so
    /// the output head's matrix has a round number of rows.
    public static func padded(_ vocab: Int) -> Int { (vocab + 63) / 64 * 64 }

    /// Bytes of the activations and gradient buffers one forward and backward pass over `b`
    /// sequences of `t` tokens keeps (fp32), counted from the buffers each layer holds: per
    /// block about 18 vectors of width C per token forward (LayerNorm and residual outputs,
    /// q|k|v, the MLP's 4C twice, dropout masks) plus the (NH, T, T) attention weights; backward
    /// buffers for two blocks (blocks two apart share them); the logits and their gradient.
    public func activationBytes(batch b: Int, context t: Int) -> Double {
        let bt = Double(b) * Double(t), c = Double(channels), tt = Double(t) * Double(t)
        let dropoutVectors: Double = dropout > 0 ? 4 : 0
        let perBlock = bt * (18 + dropoutVectors) * c + Double(b) * Double(heads) * tt + 4 * bt
        let backward = Double(min(layers, 2)) * (bt * 19 * c + tt)
        let model = bt * 6 * c + 2 * bt * Double(paddedVocabSize)
        return 4 * (Double(layers) * perBlock + backward + model)
    }

    /// Floating-point operations to train on one token, forward and backward, at context `t`:
    /// 6 per parameter (2 in the forward pass, 4 in the backward) plus 12 · layers · T · C for
    /// attention's scores and weighted sums (PaLM's estimate, as nanoGPT and llm.c use it).
    public func trainingFLOPsPerToken(context t: Int) -> Double {
        6 * Double(parameterEstimate) + 12 * Double(layers * t * channels)
    }
}

/// One transformer block: attention then an MLP, each inside a residual connection.
///
///     Pre-LN:   x = x + Drop(Attn(LN₁(x)));   x = x + Drop(MLP(LN₂(x)))
///     Post-LN:  x = LN₁(x + Drop(Attn(x)));   x = LN₂(x + Drop(MLP(x)))
///     MLP(x) = W₂ · GELU(W₁ x + b₁) + b₂,  W₁: (4C, C), W₂: (C, 4C)
public final class Block: HasParameters {
    public let ln1: LayerNorm, attn: CausalSelfAttention, ln2: LayerNorm
    public let fc: Linear, gelu = GELU(), fcProj: Linear
    let drop1: Dropout, drop2: Dropout
    let norm: GPTConfig.Norm
    private var mid: Tensor?, out: Tensor?
    var dmid = BufferSlot(), dx = BufferSlot()

    public init(_ config: GPTConfig, name: String) {
        let c = config.channels
        norm = config.norm
        // GPT-2's initialisation, as nanoGPT does it: weights N(0, 0.02²), biases 0, LayerNorm
        // gains 1; the two projections that write into the residual stream (attention's and the
        // MLP's output) get std 0.02/√(2·layers), so the stream's variance does not grow with depth.
        let residualStd = 0.02 / Float(2 * config.layers).squareRoot()
        ln1 = LayerNorm(c, bias: config.bias, name: name + "ln_1.")
        attn = CausalSelfAttention(channels: c, heads: config.heads, bias: config.bias, projectionStd: residualStd, name: name + "attn.")
        ln2 = LayerNorm(c, bias: config.bias, name: name + "ln_2.")
        fc = Linear(c, 4 * c, bias: config.bias, name: name + "mlp.fc.")
        fcProj = Linear(4 * c, c, bias: config.bias, std: residualStd, name: name + "mlp.proj.")
        drop1 = Dropout(config.dropout)
        drop2 = Dropout(config.dropout)
    }

    public var parameters: [Parameter] { ln1.parameters + attn.parameters + ln2.parameters + fc.parameters + fcProj.parameters }

    /// `cached` and `start`: this block's rows of a `KVCache` when decoding (see
    /// `CausalSelfAttention.forward`).
    public func forward(_ x: Tensor, training: Bool, rng: inout RNG, cached: Tensor? = nil, start: Int = 0) -> Tensor {
        Profiler.begin("residual adds and copies")
        defer { Profiler.end() }
        let m = buffer(&mid, x.shape), o = buffer(&out, x.shape)
        switch norm {
        case .pre:
            add(x, drop1.forward(attn.forward(ln1.forward(x), cached: cached, start: start), training: training, rng: &rng), into: m)
            add(m, drop2.forward(fcProj.forward(gelu.forward(fc.forward(ln2.forward(m)))), training: training, rng: &rng), into: o)
            return o
        case .post:
            add(x, drop1.forward(attn.forward(x, cached: cached, start: start), training: training, rng: &rng), into: m)
            let m2 = ln1.forward(m)
            add(m2, drop2.forward(fcProj.forward(gelu.forward(fc.forward(m2))), training: training, rng: &rng), into: o)
            return ln2.forward(o)
        }
    }

    /// Makes this block's backward pass use `other`'s buffers. Safe for any two blocks that are
    /// not neighbours: a block's buffers are dead once the block below has consumed its input
    /// gradient, except the one it returns, which the block below reads; so blocks of the same
    /// parity can share everything. For GPT-2 124M this saves about 160 MB.
    public func shareBackwardBuffers(with other: Block) {
        ln1.inputGrad = other.ln1.inputGrad
        ln2.inputGrad = other.ln2.inputGrad
        attn.qkv.inputGrad = other.attn.qkv.inputGrad
        attn.proj.inputGrad = other.attn.proj.inputGrad
        attn.dqkv = other.attn.dqkv
        attn.scratch = other.attn.scratch
        fc.inputGrad = other.fc.inputGrad
        gelu.inputGrad = other.gelu.inputGrad
        fcProj.inputGrad = other.fcProj.inputGrad
        drop1.inputGrad = other.drop1.inputGrad
        drop2.inputGrad = other.drop2.inputGrad
        dmid = other.dmid
        dx = other.dx
    }

    /// The residual stream passes gradients through unchanged and each branch adds its own.
    public func backward(_ dout: Tensor) -> Tensor {
        Profiler.begin("residual adds and copies")
        defer { Profiler.end() }
        let dm = buffer(&dmid.tensor, dout.shape), d = buffer(&dx.tensor, dout.shape)
        switch norm {
        case .pre:
            // o = m + mlp(ln2(m)):  dm = dout + ln2ᵀ(mlpᵀ(dout))
            dm.copy(from: dout)
            addInPlace(dm, ln2.backward(fc.backward(gelu.backward(fcProj.backward(drop2.backward(dout))))))
            // m = x + attn(ln1(x)): dx = dm + ln1ᵀ(attnᵀ(dm))
            d.copy(from: dm)
            addInPlace(d, ln1.backward(attn.backward(drop1.backward(dm))))
        case .post:
            let dO = ln2.backward(dout)                                  // o = m2 + mlp(m2)
            let dm2 = dm
            dm2.copy(from: dO)
            addInPlace(dm2, fc.backward(gelu.backward(fcProj.backward(drop2.backward(dO)))))
            let dM = ln1.backward(dm2)                                   // m2 = ln1(m), m = x + attn(x)
            d.copy(from: dM)
            addInPlace(d, attn.backward(drop1.backward(dM)))
        }
        return d
    }
}

/// A GPT: token and position embeddings, a stack of blocks, a final LayerNorm, and a head
/// that turns each position's vector into scores (logits) over the vocabulary.
///
///     ids (B, T) → x = wte[ids] + wpe[0..<T]    (B, T, C)
///               → blocks → LN_f                  (B, T, C)
///               → logits = x · Wᵀ                (B, T, Vp), W = wte when tied (GPT-2), else lm_head
public final class GPT: HasParameters {
    public let config: GPTConfig
    public let wte: Embedding
    public let wpe: PositionEncoding
    public let blocks: [Block]
    public let lnf: LayerNorm
    public let lmHead: Linear?                  // nil when tied to wte
    let drop: Dropout
    public let loss = CrossEntropy()

    /// Threads for the work BLAS does not do for us when the model runs alone (not as one of
    /// several data-parallel replicas): the loss over a large vocabulary, the output head's
    /// backward, zeroing gradients. Set it to `BLAS.threads`; results are the same for a given
    /// count.
    public var workers = 1 {
        didSet { loss.workers = workers }
    }

    private var embedded: Tensor?, finalNormed: Tensor?, logitsBuffer: Tensor?, dfinal: Tensor?
    /// The logits of the last forward pass, (B, T, Vp).
    public private(set) var logits: Tensor?
    private var shape = (b: 0, t: 0)

    public init(_ config: GPTConfig) {
        self.config = config
        wte = Embedding(config.paddedVocabSize, config.channels, name: "wte.")
        wpe = PositionEncoding(config.positions, maxLength: config.blockSize, channels: config.channels, name: "wpe.")
        blocks = (0..<config.layers).map { Block(config, name: "h.\($0).") }
        // blocks two apart share their backward buffers (neighbours must not: see the method)
        for i in blocks.indices.dropFirst(2) { blocks[i].shareBackwardBuffers(with: blocks[i % 2]) }
        lnf = LayerNorm(config.channels, bias: config.bias, name: "ln_f.")
        lmHead = config.tiedEmbeddings ? nil : Linear(config.channels, config.paddedVocabSize, bias: false, name: "lm_head.")
        drop = Dropout(config.dropout)
    }

    /// In reading order: embeddings, blocks, final norm, head (if not tied).
    public var parameters: [Parameter] {
        wte.parameters + wpe.parameters + blocks.flatMap(\.parameters) + lnf.parameters + (lmHead?.parameters ?? [])
    }

    /// A copy of the model that shares its weights but has its own gradients and activation
    /// buffers: what each worker thread runs in data-parallel training.
    public func replica() -> GPT {
        let r = GPT(config).withAdapters(of: self)       // LoRA adapters (LoRA.swift): the parameters line up
        for (p, q) in zip(r.parameters, parameters) { p.value = q.value }
        return r
    }

    /// Parameters by component, in reading order: where the model's size goes.
    public var parameterBreakdown: [(String, Int)] {
        let count = { (ps: [Parameter]) in ps.reduce(0) { $0 + $1.count } }
        var rows: [(String, Int)] = [("token embedding (wte)", count(wte.parameters))]
        if config.positions == .learned { rows.append(("position embedding (wpe)", count(wpe.parameters))) }
        rows.append(("attention (qkv + proj) × \(blocks.count)", blocks.reduce(0) { $0 + count($1.attn.parameters) }))
        rows.append(("MLP (fc + proj) × \(blocks.count)", blocks.reduce(0) { $0 + count($1.fc.parameters + $1.fcProj.parameters) }))
        rows.append(("LayerNorms", blocks.reduce(0) { $0 + count($1.ln1.parameters + $1.ln2.parameters) } + count(lnf.parameters)))
        rows.append((lmHead == nil ? "output head (tied to wte)" : "output head (lm_head)", count(lmHead?.parameters ?? [])))
        return rows
    }

    /// Logits for a batch of token ids, (B, T, Vp). `training` turns dropout on.
    ///
    /// With a `cache` (decoding, batch 1), the ids are the next T positions after the
    /// `cache.count` already read: only they are computed, attending to the cached keys and
    /// values, and the cache then holds them too. The logits equal a forward pass over the
    /// whole sequence (up to float rounding).
    public func forward(_ ids: [Int32], batch b: Int, length t: Int, training: Bool = false, cache: KVCache? = nil,
                        rng: inout RNG) -> Tensor {
        Profiler.begin("other")
        defer { Profiler.end() }
        let start = cache?.count ?? 0
        precondition(start + t <= config.blockSize, "\(start) + \(t) positions do not fit the context of \(config.blockSize)")
        precondition(cache == nil || b == 1, "a KV cache holds one sequence")
        let c = config.channels
        let x = buffer(&embedded, [b, t, c])
        add(wte.forward(ids, shape: [b, t]), wpe.forward(batch: b, length: t, start: start), into: x)
        var h = drop.forward(x, training: training, rng: &rng)
        for (l, block) in blocks.enumerated() {
            h = block.forward(h, training: training, rng: &rng, cached: cache?.rows[l], start: start)
        }
        cache?.advance(by: t)
        let hf = lnf.forward(h)
        finalNormed = hf
        shape = (b, t)
        let out: Tensor
        if let lmHead {
            out = lmHead.forward(hf)
        } else {
            out = buffer(&logitsBuffer, [b, t, config.paddedVocabSize])
            Profiler.begin("output head (tied to wte)")
            BLAS.sgemm(transB: true, m: b * t, n: config.paddedVocabSize, k: c, a: hf.pointer, b: wte.table.value.pointer, c: out.pointer)
            Profiler.end()
        }
        logits = out
        return out
    }

    /// Decoding with a cache: logits (1, n, Vp) for `ids` placed after the positions already in
    /// `cache`. Dropout is off. The cache must have room: `cache.count + ids.count ≤ blockSize`
    /// (reset it, or start a new one, to go on past the context).
    public func forward(_ ids: [Int32], cache: KVCache) -> Tensor {
        var noDropout = RNG(seed: 0)
        return forward(ids, batch: 1, length: ids.count, cache: cache, rng: &noDropout)
    }

    /// Forward plus the mean cross-entropy against `targets` (B·T ids; −1 to ignore).
    public func forward(_ ids: [Int32], targets: [Int32], batch b: Int, length t: Int, training: Bool = false,
                        rng: inout RNG) -> Float {
        let logits = forward(ids, batch: b, length: t, training: training, rng: &rng)
        return loss.forward(logits, targets: targets, columns: config.vocabSize)
    }

    /// Backward from the loss of the last `forward(_:targets:…)`: accumulates every parameter's
    /// gradient (call `zeroGrad()` first to start a fresh step), times `scale`.
    public func backward(scale: Float = 1) {
        backward(loss.backward(scale: scale))
    }

    /// Backward from a given dL/dlogits (B, T, Vp).
    public func backward(_ dlogits: Tensor) {
        Profiler.begin("other")
        defer { Profiler.end() }
        guard let hf = finalNormed else { preconditionFailure("GPT.backward before forward") }
        let (b, t) = shape, c = config.channels, v = config.paddedVocabSize
        let dh: Tensor
        if let lmHead {
            dh = lmHead.backward(dlogits)
        } else {
            // logits = hf · Wteᵀ:  dhf = dlogits · Wte,  dWte += dlogitsᵀ · hf
            let d = buffer(&dfinal, [b, t, c])
            Profiler.begin("output head (tied to wte)")
            BLAS.sgemmByRows(workers: workers, m: b * t, n: c, k: v, a: dlogits.pointer, b: wte.table.value.pointer, c: d.pointer)
            BLAS.sgemmByRows(workers: workers, transA: true, m: v, n: c, k: b * t, a: dlogits.pointer, b: hf.pointer, beta: 1, c: wte.table.grad.pointer)
            Profiler.end()
            dh = d
        }
        var g = lnf.backward(dh)
        for block in blocks.reversed() { g = block.backward(g) }
        let dx = drop.backward(g)
        wte.backward(dx)
        wpe.backward(dx)
    }
}
