/// e^x for Float, written so loops over it vectorise (no libm call, no branch): split
/// x = k·ln 2 + r with |r| ≤ ln 2 / 2, take e^r from its Taylor series to r⁷ (relative error
/// below 2e-7, the size of Float rounding), and multiply by 2^k built from the exponent bits.
/// Inputs are clamped to [−87, 88], where e^x stays a normal Float.
@inlinable @inline(__always)
public func fastExp(_ x: Float) -> Float {
    let clamped = min(max(x, -87), 88)
    // round(x / ln 2) by adding and subtracting 1.5·2²³ (plain arithmetic, unlike rintf)
    let shifted = clamped * 1.442_695_04 + 12_582_912
    let k = shifted - 12_582_912
    let r = clamped - k * 0.693_145_75 - k * 1.428_606_8e-6             // ln 2 in two parts
    var p: Float = 1.0 / 5040
    p = p * r + 1.0 / 720
    p = p * r + 1.0 / 120
    p = p * r + 1.0 / 24
    p = p * r + 1.0 / 6
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    // 2^k from k's bits, which sit at the bottom of `shifted` (0x4B400000 + k): no
    // float-to-integer conversion, so no range check to stop the loop from vectorising
    return p * Float(bitPattern: (shifted.bitPattern &- 0x4B40_0000 &+ 127) &<< 23)
}

/// `fastExp` on eight Floats at once: the same operations lane by lane, so each lane equals the
/// scalar version exactly. For reductions (a softmax's sum), which the compiler will not
/// vectorise by itself because reordering a sum changes it.
@inline(__always)
public func fastExp(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let clamped = lanewiseMin(lanewiseMax(x, SIMD8(repeating: -87)), SIMD8(repeating: 88))
    let shifted = clamped * 1.442_695_04 + 12_582_912          // 1.5·2²³ + k, exactly
    let k = shifted - 12_582_912
    let r = clamped - k * 0.693_145_75 - k * 1.428_606_8e-6
    var p = SIMD8<Float>(repeating: 1.0 / 5040)
    p = p * r + 1.0 / 720
    p = p * r + 1.0 / 120
    p = p * r + 1.0 / 24
    p = p * r + 1.0 / 6
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    // k as an integer is in the low bits of `shifted` (whose bit pattern is 0x4B400000 + k)
    let exponent = (unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127) &<< 23
    return p * unsafeBitCast(exponent, to: SIMD8<Float>.self)
}

/// The larger of a and b in each lane, as one compare-and-select (it becomes `maxps`). The
/// standard library's `pointwiseMax` goes lane by lane through `Float.maximum`, with branches for
/// NaN: measured as a separate call costing 1.6% of a training step. Where either lane is NaN
/// the result is `a`'s lane, so `fastExp` passes a NaN input through (as its scalar twin does,
/// and a diverged run still ends with its NaN-loss error) and `maximum` skips NaNs.
@inline(__always)
public func lanewiseMax(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> { a.replacing(with: b, where: a .< b) }

/// The smaller of a and b in each lane (see `lanewiseMax`).
@inline(__always)
public func lanewiseMin(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> { a.replacing(with: b, where: b .< a) }

/// Σ e^(x[j] − shift) for j < n, eight lanes at a time (a fixed order: the same input gives
/// the same sum every time, on any thread).
@inline(__always)
public func sumOfExp(_ x: UnsafePointer<Float>, count n: Int, shift: Float) -> Float {
    var lanes = SIMD8<Float>(repeating: 0)
    var j = 0
    while j + 8 <= n {
        lanes += fastExp(UnsafeRawPointer(x + j).loadUnaligned(as: SIMD8<Float>.self) - shift)
        j += 8
    }
    var sum = lanes.sum()
    while j < n { sum += fastExp(x[j] - shift); j += 1 }
    return sum
}

/// The largest of x[0..<n] (−∞ for n = 0).
@inline(__always)
public func maximum(_ x: UnsafePointer<Float>, count n: Int) -> Float {
    var lanes = SIMD8<Float>(repeating: -.infinity)
    var j = 0
    while j + 8 <= n {
        lanes = lanewiseMax(lanes, UnsafeRawPointer(x + j).loadUnaligned(as: SIMD8<Float>.self))
        j += 8
    }
    var m = lanes.max()
    while j < n { m = max(m, x[j]); j += 1 }
    return m
}

/// Loops that call `fastExp`, kept in this file: in a debug build (not whole-module) only code in
/// the same file can inline it, and a loop that calls it instead of inlining it does not vectorise
/// (measured 5x slower).
public enum FastMath {
    /// GELU's forward pass: σ = σ(k · (x + 0.044715 x³)) with k = −2√(2/π), y = x · σ.
    public static func gelu(_ x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, sigma: UnsafeMutablePointer<Float>, count n: Int, k: Float) {
        for i in 0..<n {
            let v = x[i]
            let s = 1 / (1 + fastExp(k * (v + 0.044715 * v * v * v)))
            sigma[i] = s
            y[i] = v * s
        }
    }

    /// out[j] = e^(x[j] − shift) · inverseSum · scale: softmax probabilities, scaled (the loss's gradient).
    public static func softmaxScaled(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count n: Int,
                                     shift: Float, inverseSum: Float, scale: Float) {
        for j in 0..<n { out[j] = fastExp(x[j] - shift) * inverseSum * scale }
    }

    /// x[j] = e^(x[j] − shift) in place; returns their sum (eight lanes at a time, a fixed order).
    public static func expInPlace(_ x: UnsafeMutablePointer<Float>, count n: Int, shift: Float) -> Float {
        var lanes = SIMD8<Float>(repeating: 0)
        var j = 0
        while j + 8 <= n {
            let e = fastExp(UnsafeRawPointer(x + j).loadUnaligned(as: SIMD8<Float>.self) - shift)
            UnsafeMutableRawPointer(x + j).storeBytes(of: e, as: SIMD8<Float>.self)
            lanes += e
            j += 8
        }
        var sum = lanes.sum()
        while j < n { let e = fastExp(x[j] - shift); x[j] = e; sum += e; j += 1 }
        return sum
    }
}
