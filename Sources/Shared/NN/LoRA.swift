import LabBase

/// Which weight matrices of a GPT get LoRA adapters (`--lora-targets`).
public enum LoRATargets: String, OptionChoice {
    /// Attention's qkv and output projection in every block (what the LoRA paper adapted).
    case attn
    /// The MLP's fc and output projection in every block.
    case mlp
    /// Both: every Linear of every block (never the embeddings or the output head).
    case all
}

/// LoRA (Hu et al. 2021, "Low-Rank Adaptation of Large Language Models"): a frozen `Linear`
/// plus a trainable update of low rank r,
///
///     y = x · Wᵀ + b + s · (x · A) · B,       s = α / r
///     x: (N, in)   W: (out, in), frozen   A: (in, r)   B: (r, out)
///
/// so the layer behaves as if its weight were W + s · (A · B)ᵀ. That update is an (out, in)
/// matrix described by r · (in + out) numbers instead of in · out, and of rank at most r.
/// A starts as small noise and B at zero: the update is zero, so the adapted model starts
/// exactly as the base model. (Were both zero, neither would ever move: dA needs B ≠ 0 and dB
/// needs x · A ≠ 0.) The first steps move B; A follows once B is not zero.
///
/// s = α / r keeps the size of the update from growing with r, so changing the rank does not
/// mean retuning the learning rate; with Adam, α acts much like the learning rate of the adapters.
/// `merge(into:)` folds s · (A · B)ᵀ into W: the merged layer is an ordinary Linear again.
public final class LoRA: HasParameters {
    /// (in, r): starts N(0, 1/(3·in)), the variance of PEFT's default (Kaiming-uniform) init.
    public let a: Parameter
    /// (r, out): starts at zero.
    public let b: Parameter
    public let inFeatures: Int, outFeatures: Int, rank: Int
    public let alpha: Float
    /// α / r, the factor of the update.
    public let scale: Float

    private var hidden: Tensor?          // h = x · A (N, r), kept for the backward pass
    private var hiddenGrad: Tensor?      // dh = s · dy · Bᵀ (N, r)

    /// An adapter for a Linear(in → out); `name` is the layer's prefix (`h.0.attn.qkv.`), so
    /// its parameters are `h.0.attn.qkv.lora_A` and `….lora_B`.
    public init(_ inFeatures: Int, _ outFeatures: Int, rank: Int, alpha: Float, name: String = "") {
        precondition(rank >= 1 && rank <= min(inFeatures, outFeatures), "LoRA rank \(rank) for a \(outFeatures)×\(inFeatures) matrix")
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.rank = rank
        self.alpha = alpha
        scale = alpha / Float(rank)
        a = Parameter(name + "lora_A", shape: [inFeatures, rank], initializer: .normal(std: 1 / (3 * Float(inFeatures)).squareRoot()))
        b = Parameter(name + "lora_B", shape: [rank, outFeatures], initializer: .zeros)
    }

    public var parameters: [Parameter] { [a, b] }

    /// y += s · (x · A) · B, for x (…, in) and the layer's output y (…, out): two thin products.
    public func forward(_ x: Tensor, into y: Tensor) {
        Profiler.begin("LoRA adapters")
        defer { Profiler.end() }
        let n = x.count / inFeatures
        let h = buffer(&hidden, [n, rank])
        BLAS.sgemm(m: n, n: rank, k: inFeatures, a: x.pointer, b: a.value.pointer, c: h.pointer)
        BLAS.sgemm(m: n, n: outFeatures, k: rank, alpha: scale, a: h.pointer, b: b.value.pointer, beta: 1, c: y.pointer)
    }

    /// Given dL/dy and the x of the last forward, accumulates dL/dA and dL/dB and adds this
    /// branch's share of dL/dx into `dx`:
    ///
    ///     dB += s · hᵀ · dy      (r, N)(N, out)
    ///     dh  = s · dy · Bᵀ      (N, out)(out, r)
    ///     dA += xᵀ · dh          (in, N)(N, r)
    ///     dx += dh · Aᵀ          (N, r)(r, in)
    public func backward(_ dy: Tensor, input x: Tensor, into dx: Tensor) {
        Profiler.begin("LoRA adapters")
        defer { Profiler.end() }
        guard let h = hidden else { preconditionFailure("LoRA.backward before forward") }
        let n = x.count / inFeatures
        precondition(h.count == n * rank, "LoRA.backward: the input is not the last forward's")
        let dh = buffer(&hiddenGrad, [n, rank])
        BLAS.sgemm(transA: true, m: rank, n: outFeatures, k: n, alpha: scale, a: h.pointer, b: dy.pointer, beta: 1, c: b.grad.pointer)
        BLAS.sgemm(transB: true, m: n, n: rank, k: outFeatures, alpha: scale, a: dy.pointer, b: b.value.pointer, c: dh.pointer)
        BLAS.sgemm(transA: true, m: inFeatures, n: rank, k: n, a: x.pointer, b: dh.pointer, beta: 1, c: a.grad.pointer)
        BLAS.sgemm(transB: true, m: n, n: inFeatures, k: rank, a: dh.pointer, b: a.value.pointer, beta: 1, c: dx.pointer)
    }

    /// W += s · (A · B)ᵀ = s · Bᵀ · Aᵀ, for the layer's weight W (out, in): the update folded in.
    public func merge(into weight: Tensor) {
        precondition(weight.shape == [outFeatures, inFeatures], "LoRA.merge into a weight of shape \(weight.shape)")
        BLAS.sgemm(transA: true, transB: true, m: outFeatures, n: inFeatures, k: rank, alpha: scale,
                   a: b.value.pointer, b: a.value.pointer, beta: 1, c: weight.pointer)
    }
}

extension Linear {
    /// Attaches `adapter` (made for this layer's shape) and freezes the weight and bias.
    public func attach(_ adapter: LoRA) {
        precondition(adapter.inFeatures == inFeatures && adapter.outFeatures == outFeatures, "a LoRA adapter of another shape")
        self.adapter = adapter
        frozen = true
    }

    /// Folds the adapter into the weight and removes it: an ordinary Linear again (still frozen).
    public func mergeAdapter() {
        guard let adapter else { return }
        adapter.merge(into: weight.value)
        self.adapter = nil
    }

    /// Removes the adapter without folding it in.
    public func removeAdapter() { adapter = nil }
}

extension GPT {
    /// Every Linear of the model, in reading order: per block attention's qkv and projection,
    /// the MLP's fc and projection; then the output head when it is not tied.
    public var linears: [Linear] {
        blocks.flatMap { [$0.attn.qkv, $0.attn.proj, $0.fc, $0.fcProj] } + (lmHead.map { [$0] } ?? [])
    }

    /// The Linears `targets` names.
    public func linears(_ targets: LoRATargets) -> [Linear] {
        blocks.flatMap { block -> [Linear] in
            switch targets {
            case .attn: [block.attn.qkv, block.attn.proj]
            case .mlp: [block.fc, block.fcProj]
            case .all: [block.attn.qkv, block.attn.proj, block.fc, block.fcProj]
            }
        }
    }

    /// The attached adapters, in reading order.
    public var adapters: [LoRA] { linears.compactMap(\.adapter) }

    /// Attaches a LoRA adapter of rank `rank` and scale α/r to each of the `targets`, A drawn
    /// from `rng`, and freezes those layers' weights. A rank above a matrix's smaller side is a
    /// one-line error (its update could not have that rank). Returns the adapters.
    @discardableResult
    public func addAdapters(_ targets: LoRATargets, rank: Int, alpha: Float, rng: inout RNG) throws -> [LoRA] {
        let layers = linears(targets)
        guard adapters.isEmpty else { throw LabError("this model already has LoRA adapters") }
        guard rank >= 1 else { throw LabError("--lora-rank must be at least 1 to add adapters, got \(rank)") }
        guard alpha.isFinite && alpha > 0 else { throw LabError("--lora-alpha must be a positive number, got \(alpha)") }
        for l in layers where rank > min(l.inFeatures, l.outFeatures) {
            let name = String(l.weight.name.dropLast("weight".count))
            throw LabError("--lora-rank \(rank) is larger than \(name)weight allows: it is \(l.outFeatures)×\(l.inFeatures), so an update of it has rank at most \(min(l.inFeatures, l.outFeatures))")
        }
        return layers.map { l in
            let adapter = LoRA(l.inFeatures, l.outFeatures, rank: rank, alpha: alpha, name: String(l.weight.name.dropLast("weight".count)))
            adapter.initialize(&rng)
            l.attach(adapter)
            return adapter
        }
    }

    /// Folds every adapter into its weight and removes it: the model is an ordinary GPT again,
    /// which saves and loads without any LoRA code.
    public func mergeAdapters() { for l in linears { l.mergeAdapter() } }

    /// Removes every adapter without folding it in (a replica whose shared weights another
    /// model already merged).
    public func removeAdapters() { for l in linears { l.removeAdapter() } }

    /// This model (a fresh replica), given adapters shaped like `other`'s and its frozen flags,
    /// so the two parameter lists line up; the caller shares the values.
    func withAdapters(of other: GPT) -> GPT {
        for (mine, theirs) in zip(linears, other.linears) {
            if let a = theirs.adapter {
                mine.attach(LoRA(a.inFeatures, a.outFeatures, rank: a.rank, alpha: a.alpha, name: String(a.a.name.dropLast("lora_A".count))))
            }
            mine.frozen = theirs.frozen
        }
        return self
    }
}
