/// e^x for Float, written so loops over it vectorise (no libm call, no branch): split
/// x = k·ln 2 + r with |r| ≤ ln 2 / 2, take e^r from its Taylor series to r⁷ (relative error
/// below 2e-7, the size of Float rounding), and multiply by 2^k built from the exponent bits.
/// Inputs are clamped to [−87, 88], where e^x stays a normal Float.
@inline(__always)
public func fastExp(_ x: Float) -> Float {
    let clamped = min(max(x, -87), 88)
    // round(x / ln 2) by adding and subtracting 1.5·2²³ (plain arithmetic, unlike rintf)
    let k = (clamped * 1.442_695_04 + 12_582_912) - 12_582_912
    let r = clamped - k * 0.693_145_75 - k * 1.428_606_8e-6             // ln 2 in two parts
    var p: Float = 1.0 / 5040
    p = p * r + 1.0 / 720
    p = p * r + 1.0 / 120
    p = p * r + 1.0 / 24
    p = p * r + 1.0 / 6
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    return p * Float(bitPattern: UInt32(bitPattern: Int32(k) + 127) << 23)
}
