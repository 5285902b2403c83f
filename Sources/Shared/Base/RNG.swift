import Foundation

/// The lab's one source of randomness: xoshiro256** seeded through splitmix64.
///
/// Initialisation, data order, dropout and sampling all draw from an `RNG` passed explicitly;
/// nothing reads the clock or a global generator. The same seed gives the same numbers on every
/// run and every machine (the tests pin the first values against an independent Python
/// implementation). The whole state is four words, so checkpoints can save and restore it.
///
/// Reference: Blackman & Vigna, "Scrambled linear pseudorandom number generators" (2018).
public struct RNG: RandomNumberGenerator, Sendable, Equatable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// The four state words (save them; `init(state:)` restores them).
    public var state: [UInt64] { [s0, s1, s2, s3] }

    /// Seeds the four state words from splitmix64(seed), as the xoshiro authors recommend.
    public init(seed: UInt64) {
        var x = seed
        var words = [UInt64](repeating: 0, count: 4)
        for i in 0..<4 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            words[i] = z ^ (z >> 31)
        }
        (s0, s1, s2, s3) = (words[0], words[1], words[2], words[3])
    }

    /// Restores a saved state (from `state`).
    public init(state: [UInt64]) throws {
        guard state.count == 4, state.contains(where: { $0 != 0 }) else {
            throw LabError("RNG state must be four words, not all zero (got \(state))")
        }
        (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3])
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = RNG.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = RNG.rotl(s3, 45)
        return result
    }

    /// Uniform in [0, 1), with 24 random bits (every representable step of a Float in [0.5, 1)).
    public mutating func uniform() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// Uniform in [0, 1), with 53 random bits.
    public mutating func uniformDouble() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A standard normal sample (Box–Muller; one sample per call, so the state stays four words).
    public mutating func normal() -> Float {
        let u1 = Double((next() >> 11) + 1) * 0x1p-53          // (0, 1]: log is finite
        let u2 = uniformDouble()
        return Float((-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2))
    }

    /// Uniform integer in 0..<bound, without modulo bias (Lemire's multiply-and-reject).
    public mutating func int(below bound: Int) -> Int {
        precondition(bound > 0, "int(below:) needs a positive bound")
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// Fisher–Yates shuffle in place.
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, int(below: i + 1))
        }
    }

    /// An index drawn with probability proportional to `weights[i]` (non-negative, not all zero).
    public mutating func categorical(_ weights: UnsafeBufferPointer<Float>) -> Int {
        var total = 0.0
        for w in weights { total += Double(w) }
        precondition(total > 0, "categorical needs a positive total weight")
        let target = uniformDouble() * total
        var cumulative = 0.0
        for (i, w) in weights.enumerated() {
            cumulative += Double(w)
            if target < cumulative { return i }
        }
        // Rounding can leave `target` a hair above the last cumulative sum: take the last
        // index with non-zero weight.
        return weights.lastIndex(where: { $0 > 0 })!
    }

    public mutating func categorical(_ weights: [Float]) -> Int {
        weights.withUnsafeBufferPointer { categorical($0) }
    }
}
