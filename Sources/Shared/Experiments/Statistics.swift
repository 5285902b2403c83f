import Foundation

/// The statistics an experiment reports: mean, sample standard deviation and a 95% confidence
/// interval per variant, and, against the baseline, the difference with its interval, t, the
/// degrees of freedom and a two-sided p.
///
/// Variants of an experiment share their seeds, and a seed fixes the initial weights and the
/// order of the batches, so the runs come in pairs: the paired t-test (on the per-seed
/// differences) removes what the seed contributes to both sides and is the test used when the
/// two sides have the same seeds. Otherwise Welch's test (unequal variances) is used.
/// "Differs beyond noise" means p < 0.05.
public enum Statistics {
    public static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(max(xs.count, 1)) }

    /// Sample standard deviation (n − 1); 0 for fewer than two values.
    public static func sd(_ xs: [Double]) -> Double {
        guard xs.count > 1 else { return 0 }
        let m = mean(xs)
        return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)).squareRoot()
    }

    /// The 95% confidence interval of the mean (Student's t with n − 1 degrees of freedom);
    /// nil for fewer than two values.
    public static func interval95(_ xs: [Double]) -> (low: Double, high: Double)? {
        guard xs.count > 1 else { return nil }
        let half = tQuantile(0.975, df: Double(xs.count - 1)) * sd(xs) / Double(xs.count).squareRoot()
        return (mean(xs) - half, mean(xs) + half)
    }

    public struct Comparison: Equatable {
        public let test: String            // "paired" or "Welch"
        public let difference: Double      // mean(a) − mean(b)
        public let low: Double, high: Double  // its 95% interval
        public let t: Double, df: Double, p: Double
        public var beyondNoise: Bool { p < 0.05 }
    }

    /// `a` against `b`. Paired when both have the same number of values and `paired` is true
    /// (the values in seed order); Welch otherwise. Nil when either side has fewer than two.
    public static func compare(_ a: [Double], _ b: [Double], paired: Bool) -> Comparison? {
        guard a.count > 1, b.count > 1 else { return nil }
        let difference = mean(a) - mean(b)
        let se: Double, df: Double, test: String
        if paired && a.count == b.count {
            let d = zip(a, b).map { $0 - $1 }
            se = sd(d) / Double(d.count).squareRoot()
            df = Double(d.count - 1)
            test = "paired"
        } else {
            let va = sd(a) * sd(a) / Double(a.count), vb = sd(b) * sd(b) / Double(b.count)
            se = (va + vb).squareRoot()
            // Welch–Satterthwaite
            df = se > 0 ? (va + vb) * (va + vb) / (va * va / Double(a.count - 1) + vb * vb / Double(b.count - 1)) : Double(a.count + b.count - 2)
            test = "Welch"
        }
        guard se > 0 else {
            let same = difference == 0
            return Comparison(test: test, difference: difference, low: difference, high: difference,
                              t: same ? 0 : (difference > 0 ? .infinity : -.infinity), df: df, p: same ? 1 : 0)
        }
        let t = difference / se
        let half = tQuantile(0.975, df: df) * se
        return Comparison(test: test, difference: difference, low: difference - half, high: difference + half,
                          t: t, df: df, p: twoSidedP(t: t, df: df))
    }

    /// P(|T| ≥ |t|) for Student's t with `df` degrees of freedom: I_{df/(df+t²)}(df/2, 1/2).
    public static func twoSidedP(t: Double, df: Double) -> Double {
        guard t.isFinite else { return t.isNaN ? .nan : 0 }
        return regularizedBeta(df / (df + t * t), df / 2, 0.5)
    }

    /// The q-quantile of Student's t (q in (0, 1)), by bisection on its distribution function.
    public static func tQuantile(_ q: Double, df: Double) -> Double {
        func cdf(_ x: Double) -> Double { let tail = twoSidedP(t: x, df: df) / 2; return x >= 0 ? 1 - tail : tail }
        var (lo, hi) = (-1e3, 1e3)
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if cdf(mid) < q { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// The regularized incomplete beta function I_x(a, b), by its continued fraction (modified
    /// Lentz), using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where it converges faster.
    public static func regularizedBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logGammas + logPowers)
        if x < (a + 1) / (a + b + 2) { return front * betaFraction(x, a, b) / a }
        return 1 - front * betaFraction(1 - x, b, a) / b
    }

    static func betaFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            var numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return h
    }
}
