/// Measures what sgemm reaches on this machine right now, for model-FLOP utilisation.
public enum Peak {
    /// GFLOP/s of an n×n×n sgemm with the current BLAS thread count: the best of several
    /// timed repetitions after a warm-up.
    public static func sgemmGFLOPS(n: Int, seconds: Double = 0.5) -> Double {
        var rng = RNG(seed: 0)
        let a = Tensor(shape: [n, n]), b = Tensor(shape: [n, n]), c = Tensor(shape: [n, n])
        a.fillNormal(&rng, std: 1); b.fillNormal(&rng, std: 1)
        BLAS.sgemm(m: n, n: n, k: n, a: a.pointer, b: b.pointer, c: c.pointer)   // warm-up
        var best = Double.infinity
        let total = Stopwatch()
        repeat {
            let clock = Stopwatch()
            BLAS.sgemm(m: n, n: n, k: n, a: a.pointer, b: b.pointer, c: c.pointer)
            best = min(best, clock.seconds)
        } while total.seconds < seconds
        return 2 * Double(n) * Double(n) * Double(n) / best / 1e9
    }
}
