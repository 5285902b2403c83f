import Testing
@testable import LLMLab

/// `BLAS.sgemm` against the naive triple loop, for every transpose case, overwrite and
/// accumulate, on shapes that catch wrong leading dimensions (nothing square, nothing a
/// multiple of a SIMD width).
struct BLASTests {
    static let shapes = [(1, 1, 1), (3, 5, 7), (65, 129, 33), (7, 1, 9), (1, 13, 4)]

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func sgemmMatchesNaive(transA: Bool, transB: Bool) {
        var rng = RNG(seed: 7)
        for (m, n, k) in BLASTests.shapes {
            for (alpha, beta) in [(Float(1), Float(0)), (0.5, 1), (-2, 0.25)] {
                let a = Tensor(shape: transA ? [k, m] : [m, k]); a.fillNormal(&rng, std: 1)
                let b = Tensor(shape: transB ? [n, k] : [k, n]); b.fillNormal(&rng, std: 1)
                let c1 = Tensor(shape: [m, n]); c1.fillNormal(&rng, std: 1)
                let c2 = Tensor(shape: [m, n]); c2.copy(from: c1)
                BLAS.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                           a: a.pointer, b: b.pointer, beta: beta, c: c1.pointer)
                BLAS.naiveSgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                                a: a.pointer, b: b.pointer, beta: beta, c: c2.pointer)
                var worst: Float = 0
                for i in 0..<(m * n) {
                    // relative to the size of the terms summed, not of the result
                    worst = max(worst, abs(c1.pointer[i] - c2.pointer[i]) / (1 + abs(c2.pointer[i])))
                }
                #expect(worst < 1e-5, "m=\(m) n=\(n) k=\(k) transA=\(transA) transB=\(transB) alpha=\(alpha) beta=\(beta): \(worst)")
            }
        }
    }

    /// The row-split version agrees with the naive loop too, with more workers than rows.
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func sgemmByRowsMatchesNaive(transA: Bool, transB: Bool) {
        var rng = RNG(seed: 8)
        for (m, n, k) in BLASTests.shapes {
            for workers in [2, 3] {
                let a = Tensor(shape: transA ? [k, m] : [m, k]); a.fillNormal(&rng, std: 1)
                let b = Tensor(shape: transB ? [n, k] : [k, n]); b.fillNormal(&rng, std: 1)
                let c1 = Tensor(shape: [m, n]); c1.fillNormal(&rng, std: 1)
                let c2 = Tensor(shape: [m, n]); c2.copy(from: c1)
                BLAS.sgemmByRows(workers: workers, transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5,
                                 a: a.pointer, b: b.pointer, beta: 1, c: c1.pointer)
                BLAS.naiveSgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5,
                                a: a.pointer, b: b.pointer, beta: 1, c: c2.pointer)
                let worst = zip(c1.values, c2.values).map { abs($0 - $1) / (1 + abs($1)) }.max()!
                #expect(worst < 1e-5, "m=\(m) n=\(n) k=\(k) workers=\(workers): \(worst)")
            }
        }
        // Not asserted: that BLAS.threads is restored afterwards. The setting is process-wide,
        // and the other cases of this test, and trainer tests, change it while these run in
        // parallel (CI once saw 1 where 2 was saved).
    }

    @Test func knownProduct() {
        // [1 2 3; 4 5 6] · [7 8; 9 10; 11 12] = [58 64; 139 154]
        let a = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3, 2], values: [7, 8, 9, 10, 11, 12])
        let c = Tensor(shape: [2, 2])
        c.fill(.nan)    // beta 0 must never read C
        BLAS.sgemm(m: 2, n: 2, k: 3, a: a.pointer, b: b.pointer, c: c.pointer)
        #expect(c.values == [58, 64, 139, 154])
        BLAS.sgemm(m: 2, n: 2, k: 3, a: a.pointer, b: b.pointer, beta: 1, c: c.pointer)
        #expect(c.values == [116, 128, 278, 308])
    }

    @Test func submatrixWithLeadingDimension() {
        // The left 2×2 block of a 2×3 matrix times the identity, through lda = 3.
        let a = Tensor(shape: [2, 3], values: [1, 2, 99, 3, 4, 99])
        let eye = Tensor(shape: [2, 2], values: [1, 0, 0, 1])
        let c = Tensor(shape: [2, 2])
        BLAS.sgemm(m: 2, n: 2, k: 2, a: a.pointer, lda: 3, b: eye.pointer, c: c.pointer)
        #expect(c.values == [1, 2, 3, 4])
    }

    @Test func emptyInnerDimensionScalesC() {
        let c = Tensor(shape: [2, 2], values: [1, 2, 3, 4])
        let dummy = Tensor(shape: [1])
        BLAS.sgemm(m: 2, n: 2, k: 0, a: dummy.pointer, b: dummy.pointer, beta: 0.5, c: c.pointer)
        #expect(c.values == [0.5, 1, 1.5, 2])
    }

    @Test func threadCountIsSettable() {
        let before = BLAS.threads
        BLAS.threads = 2
        #expect(BLAS.threads == 2)
        BLAS.threads = 1
        #expect(BLAS.threads == 1)
        BLAS.threads = before
        #expect(BLAS.version.contains("OpenBLAS"))
    }
}
