import Foundation
import LabBase

/// Incremental decoding: each layer keeps the keys and values of every position it has seen,
/// so producing one more token costs one position's work instead of a forward pass over the
/// whole context.
///
///     cache = KVCache(model)
///     var logits = model.forward(prompt, cache: cache)      // (1, n, Vp): all prompt positions
///     logits = model.forward([next], cache: cache)          // (1, 1, Vp): only the new position
///
/// The cache is only state: `GPT.forward` does the work, the same forward pass as training.
/// The logits equal a full forward pass over the same tokens (up to float rounding; a test holds
/// them to 1e-6). One sequence at a time (batch 1), up to the model's context length.
public final class KVCache {
    /// Per layer: the q|k|v rows of every cached position, (T_max, 3C). The queries are kept
    /// too, so the rows have the layout attention reads in training (`CausalSelfAttention`).
    public let rows: [Tensor]
    public let capacity: Int
    /// Positions cached so far.
    public private(set) var count = 0

    public init(_ model: GPT) {
        capacity = model.config.blockSize
        rows = model.blocks.map { _ in Tensor(shape: [model.config.blockSize, 3 * model.config.channels]) }
    }

    /// Forgets everything (a new conversation, or a context rebuilt after an overflow).
    public func reset() { count = 0 }

    func advance(by n: Int) { count += n }

    /// Becomes a copy of `other` (a cache of the same model): beam search continues each
    /// chosen hypothesis from its parent's cache without reading the context again.
    public func copy(from other: KVCache) {
        precondition(rows.count == other.rows.count && capacity == other.capacity, "KVCache.copy: caches of different models")
        for (mine, theirs) in zip(rows, other.rows) {
            let width = mine.count / capacity
            mine.pointer.update(from: theirs.pointer, count: other.count * width)
        }
        count = other.count
    }
}
