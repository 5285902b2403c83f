import Foundation

/// A contiguous block of `Float`s with a shape, row-major (the last index varies fastest).
///
/// Storage is allocated once, when the tensor is made, and freed with it: layers allocate
/// their activations and gradients once per shape and reuse them every step. A `Tensor` is a
/// reference type on purpose — passing it around never copies the numbers. Hot loops take
/// `pointer` (or `buffer`) and run without bounds checks; `subscript` is for tests and
/// lessons, where clarity matters more than speed.
public final class Tensor: @unchecked Sendable {
    public let shape: [Int]
    public let count: Int
    public let pointer: UnsafeMutablePointer<Float>
    /// For a view (`reshaped`), the tensor that owns the memory; kept alive by this reference.
    private let owner: Tensor?

    /// A zero-filled tensor of the given shape, e.g. `Tensor(shape: [B, T, C])`.
    public init(shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        self.count = shape.reduce(1, *)
        // calloc: large blocks come as untouched zero pages, which cost memory only once written
        // (a model loaded for sampling never pays for the gradients it does not compute)
        guard let raw = calloc(max(count, 1), MemoryLayout<Float>.stride) else {
            // no memory left: a clean stop with one line, not a trap (the checks before a run
            // estimate what it needs; this is what remains when the estimate was not enough)
            let mb = Double(count) * 4 / 1e6
            FileHandle.standardError.write(Data("error: out of memory: a tensor of shape \(shape) (\(Int(mb.rounded())) MB) could not be allocated\n".utf8))
            exit(1)
        }
        self.pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        owner = nil
    }

    private init(viewOf base: Tensor, shape: [Int]) {
        self.shape = shape
        count = base.count
        pointer = base.pointer
        owner = base.owner ?? base
    }

    /// The same numbers under another shape with the same element count, e.g. (B, k, d) seen as
    /// (B, k·d). No copy: writing through one writes the other.
    public func reshaped(_ shape: [Int]) -> Tensor {
        precondition(shape.reduce(1, *) == count, "cannot view \(self.shape) as \(shape)")
        return Tensor(viewOf: self, shape: shape)
    }

    /// A tensor holding `values` (row-major), which must have `shape`'s element count.
    public convenience init(shape: [Int], values: [Float]) {
        self.init(shape: shape)
        precondition(values.count == count, "\(values.count) values for shape \(shape)")
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: count) }
    }

    deinit { if owner == nil { free(pointer) } }

    /// The numbers as a buffer (no copy).
    public var buffer: UnsafeMutableBufferPointer<Float> { .init(start: pointer, count: count) }

    /// A copy of the numbers as an array (for tests, printing and files; not for hot loops).
    public var values: [Float] { Array(buffer) }

    public var rank: Int { shape.count }

    public func zero() { pointer.update(repeating: 0, count: count) }

    public func fill(_ value: Float) { pointer.update(repeating: value, count: count) }

    /// Copies another tensor's numbers into this one (same element count).
    public func copy(from other: Tensor) {
        precondition(other.count == count, "copy from \(other.shape) into \(shape)")
        pointer.update(from: other.pointer, count: count)
    }

    /// Fills with samples of N(mean, std²) from `rng`.
    public func fillNormal(_ rng: inout RNG, mean: Float = 0, std: Float) {
        for i in 0..<count { pointer[i] = mean + std * rng.normal() }
    }

    /// Element at a multi-index, e.g. `t[b, t, c]`.
    public subscript(_ index: Int...) -> Float {
        get { pointer[offset(index)] }
        set { pointer[offset(index)] = newValue }
    }

    /// Row-major offset of a multi-index.
    public func offset(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) for shape \(shape)")
        var flat = 0
        for (i, dim) in zip(index, shape) {
            precondition(i >= 0 && i < dim, "index \(index) out of range for shape \(shape)")
            flat = flat * dim + i
        }
        return flat
    }
}
