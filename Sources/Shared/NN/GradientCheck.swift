import LabBase
/// Checking a backward pass against the forward pass: nudge one number up and down, see how
/// the loss moves, and compare with what backward claims.
///
///     ∂L/∂x_i ≈ (L(x + h e_i) − L(x − h e_i)) / 2h        (central difference, error O(h²))
///
/// This version perturbs the Float32 tensors of a real layer, so it can check any layer as it
/// is used. Float32 carries about 7 digits, which limits how small h can be: the error of a
/// check here is about 1e-3 for a correct backward pass. The test suite checks every layer
/// more strictly (to 1e-3 *relative error per element*) against a separate Float64
/// implementation.
public enum GradientCheck {
    public struct Result {
        /// Worst |a − n| / max(|a| + |n|, 1e-3 · max|n|) over the elements.
        public let maxRelative: Double
        /// ‖a − n‖ / (‖a‖ + ‖n‖) over the whole tensor.
        public let normRelative: Double
    }

    /// Central differences of `loss` with respect to each element of `tensor` (restored after).
    public static func numeric(_ tensor: Tensor, h: Float = 1e-2, loss: () -> Double) -> [Double] {
        var out = [Double](repeating: 0, count: tensor.count)
        for i in 0..<tensor.count {
            let x = tensor.pointer[i]
            tensor.pointer[i] = x + h
            let up = loss()
            tensor.pointer[i] = x - h
            let down = loss()
            tensor.pointer[i] = x
            out[i] = (up - down) / Double(2 * h)
        }
        return out
    }

    public static func compare(analytic: [Float], numeric: [Double]) -> Result {
        compare(analytic: analytic, numeric: Dictionary(uniqueKeysWithValues: numeric.enumerated().map { ($0, $1) }))
    }

    /// The same over some of the elements: `numeric[i]` for each checked index i.
    ///
    /// The floor of the relative error is 1e-3 of the largest numeric gradient: an element whose
    /// true gradient is a thousand times smaller than its neighbours' is compared absolutely at
    /// that scale, because Float32 rounding (≈1e-7 of the terms summed) can dominate it.
    /// Everywhere else the comparison is relative, and a wrong backward pass (a missing term)
    /// makes errors of order 1.
    public static func compare(analytic: [Float], numeric: [Int: Double]) -> Result {
        let scale = numeric.values.map(abs).max() ?? 0
        let floor = max(1e-3 * scale, 1e-12)
        var worst = 0.0, diff = 0.0, na = 0.0, nn = 0.0
        for (i, n) in numeric.sorted(by: { $0.key < $1.key }) {
            let a = Double(analytic[i])
            worst = max(worst, abs(a - n) / max(abs(a) + abs(n), floor))
            diff += (a - n) * (a - n); na += a * a; nn += n * n
        }
        return Result(maxRelative: worst, normRelative: diff.squareRoot() / max(na.squareRoot() + nn.squareRoot(), 1e-30))
    }

    /// L = Σ w ⊙ y in Double: a loss whose gradient with respect to y is exactly w.
    public static func weightedSum(_ y: Tensor, _ w: Tensor) -> Double {
        var s = 0.0
        for i in 0..<y.count { s += Double(y.pointer[i]) * Double(w.pointer[i]) }
        return s
    }
}
