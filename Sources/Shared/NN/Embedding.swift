import Foundation
import LabBase

/// A lookup table: token id → a learned vector of C numbers.
///
///     ids: (B, T) integers   table: (V, C)   out: (B, T, C)
///
/// The backward pass adds each output row's gradient into the row of the table it came from
/// (a token seen twice gets both contributions).
public final class Embedding: HasParameters {
    public let table: Parameter
    public let count: Int, channels: Int
    private var ids: [Int32] = []
    private var output: Tensor?

    public init(_ count: Int, _ channels: Int, name: String = "") {
        self.count = count
        self.channels = channels
        table = Parameter(name + "weight", shape: [count, channels], initializer: .normal(std: 0.02))
    }

    public var parameters: [Parameter] { [table] }

    /// `shape` is the shape of `ids` (e.g. [B, T]); every id must be in 0..<count.
    public func forward(_ ids: [Int32], shape: [Int]) -> Tensor {
        Profiler.begin("embeddings")
        defer { Profiler.end() }
        precondition(ids.count == shape.reduce(1, *), "Embedding: \(ids.count) ids for shape \(shape)")
        let out = buffer(&output, shape + [channels])
        let c = channels, w = table.value.pointer
        for (i, id) in ids.enumerated() {
            precondition(id >= 0 && Int(id) < count, "Embedding: id \(id) outside 0..<\(count)")
            (out.pointer + i * c).update(from: w + Int(id) * c, count: c)
        }
        self.ids = ids
        return out
    }

    public func backward(_ dout: Tensor) {
        Profiler.begin("embeddings")
        defer { Profiler.end() }
        let c = channels, g = table.grad.pointer
        for (i, id) in ids.enumerated() {
            let src = dout.pointer + i * c, dst = g + Int(id) * c
            for j in 0..<c { dst[j] += src[j] }
        }
    }
}

/// Where each token stands in its sequence, added to the token embeddings:
/// `learned` is a table of T_max × C trained like any weight (GPT-2); `sinusoidal` is the fixed
/// sin/cos pattern of "Attention Is All You Need", with no parameters.
public final class PositionEncoding: HasParameters {
    public enum Kind: String, OptionChoice { case learned, sinusoidal }
    public let kind: Kind
    public let maxLength: Int, channels: Int
    public let table: Parameter              // (T_max, C); frozen (never updated) when sinusoidal
    private var output: Tensor?
    private var shape: (b: Int, t: Int) = (0, 0)

    public init(_ kind: Kind, maxLength: Int, channels: Int, name: String = "") {
        self.kind = kind
        self.maxLength = maxLength
        self.channels = channels
        table = Parameter(name + "weight", shape: [maxLength, channels], initializer: kind == .learned ? .normal(std: 0.02) : .fixed)
        if kind == .sinusoidal {
            // PE[pos, 2i] = sin(pos / 10000^(2i/C)), PE[pos, 2i+1] = cos(pos / 10000^(2i/C))
            for pos in 0..<maxLength {
                for i in stride(from: 0, to: channels, by: 2) {
                    let angle = Double(pos) / pow(10_000, Double(i) / Double(channels))
                    table.value.pointer[pos * channels + i] = Float(sin(angle))
                    if i + 1 < channels { table.value.pointer[pos * channels + i + 1] = Float(cos(angle)) }
                }
            }
        }
    }

    /// Learned positions are parameters; sinusoidal ones are not.
    public var parameters: [Parameter] { kind == .learned ? [table] : [] }

    /// (B, T, C): the encoding of positions start..<start + T, repeated for each of the B
    /// sequences (`start` > 0 when decoding continues after cached positions).
    public func forward(batch b: Int, length t: Int, start: Int = 0) -> Tensor {
        precondition(start + t <= maxLength, "positions up to \(start + t) are beyond the context (\(maxLength))")
        let out = buffer(&output, [b, t, channels])
        for bi in 0..<b { (out.pointer + bi * t * channels).update(from: table.value.pointer + start * channels, count: t * channels) }
        shape = (b, t)
        return out
    }

    public func backward(_ dout: Tensor) {
        guard kind == .learned else { return }
        let n = shape.t * channels, g = table.grad.pointer
        for bi in 0..<shape.b {
            let src = dout.pointer + bi * n
            for j in 0..<n { g[j] += src[j] }
        }
    }
}
