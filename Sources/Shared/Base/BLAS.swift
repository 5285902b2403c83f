import Foundation
import COpenBLAS

/// Matrix multiplication through OpenBLAS, row-major throughout.
///
/// Every matmul in the lab goes through `BLAS.sgemm`:
///
///     C (m×n) = alpha · op(A) (m×k) · op(B) (k×n) + beta · C
///
/// where `op(X)` is `X` or its transpose. `beta: 0` overwrites `C` (its old contents are never
/// read, so it may hold garbage); `beta: 1` accumulates, which is how backward passes add
/// into parameter gradients. Leading dimensions default to the dense row length of each
/// matrix *as stored* (so `lda` is `k` for `A` stored m×k, and `m` for `A` stored k×m
/// when `transA` is set).
public enum BLAS {
    public static func sgemm(
        transA: Bool = false, transB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int? = nil,
        b: UnsafePointer<Float>, ldb: Int? = nil,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int? = nil
    ) {
        guard m > 0, n > 0 else { return }
        let lda = lda ?? (transA ? m : k)
        let ldb = ldb ?? (transB ? k : n)
        let ldc = ldc ?? n
        guard k > 0 else {
            // op(A)·op(B) is the zero matrix; BLAS would still scale C by beta.
            scale(c, rows: m, cols: n, ld: ldc, by: beta)
            return
        }
        if m == 1 && !transA {
            // One row of A (decoding one token): a matrix-vector product. OpenBLAS's sgemm packs
            // all of B first, reading a weight matrix twice; sgemv streams it once (measured: a
            // hand-written SIMD matvec was slower here). c = op(B)ᵀ a, with B stored (n × k)
            // when transposed, else (k × n).
            cblas_sgemv(CblasRowMajor, transB ? CblasNoTrans : CblasTrans,
                        Int32(transB ? n : k), Int32(transB ? k : n), alpha, b, Int32(ldb), a, 1, beta, c, 1)
            return
        }
        cblas_sgemm(CblasRowMajor,
                    transA ? CblasTrans : CblasNoTrans,
                    transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k),
                    alpha, a, Int32(lda), b, Int32(ldb),
                    beta, c, Int32(ldc))
    }

    /// `sgemm` with the rows of C shared out among `workers` threads, each running
    /// single-threaded BLAS on its own rows. For the shapes OpenBLAS's own threading splits
    /// badly: GPT-2's tied output head in backward (a 50304-long inner dimension, or 50304 rows
    /// of C from 256-long products) runs at one core's speed on two threads otherwise.
    /// With `workers` ≤ 1 it is `sgemm`.
    public static func sgemmByRows(
        workers: Int, transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int? = nil, b: UnsafePointer<Float>, ldb: Int? = nil,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int? = nil
    ) {
        let parts = max(1, min(workers, m))
        let lda = lda ?? (transA ? m : k), ldc = ldc ?? n
        guard parts > 1 else {
            return sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        }
        let saved = threads
        threads = 1
        nonisolated(unsafe) let (a, c) = (a, c)
        Parallel.run(parts) { w in
            let lo = w * m / parts, hi = (w + 1) * m / parts
            // row i of op(A): A's row i, or (transposed) A's column i
            sgemm(transA: transA, transB: transB, m: hi - lo, n: n, k: k, alpha: alpha,
                  a: transA ? a + lo : a + lo * lda, lda: lda, b: b, ldb: ldb, beta: beta, c: c + lo * ldc, ldc: ldc)
        }
        threads = saved
    }

    /// The same contract as `sgemm`, as a plain triple loop with a Double accumulator.
    /// Slow and obviously right: the tests hold `sgemm` against it.
    public static func naiveSgemm(
        transA: Bool = false, transB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int? = nil,
        b: UnsafePointer<Float>, ldb: Int? = nil,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int? = nil
    ) {
        let lda = lda ?? (transA ? m : k)
        let ldb = ldb ?? (transB ? k : n)
        let ldc = ldc ?? n
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let aip = transA ? a[p * lda + i] : a[i * lda + p]
                    let bpj = transB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += Double(aip) * Double(bpj)
                }
                let old = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
                c[i * ldc + j] = Float(Double(alpha) * sum + old)
            }
        }
    }

    private static func scale(_ c: UnsafeMutablePointer<Float>, rows: Int, cols: Int, ld: Int, by beta: Float) {
        for i in 0..<rows {
            for j in 0..<cols { c[i * ld + j] = beta == 0 ? 0 : beta * c[i * ld + j] }
        }
    }

    /// Threads OpenBLAS uses for one call. Set it explicitly (runs record it in `run.json`):
    /// results are reproducible for a fixed thread count.
    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }

    /// The library's own description, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64".
    public static var version: String {
        guard let config = openblas_get_config() else { return "OpenBLAS (unknown)" }
        return String(cString: config).trimmingCharacters(in: .whitespaces)
    }

    /// The CPU kernel OpenBLAS picked at run time, e.g. "Zen" or "Haswell".
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }
}
