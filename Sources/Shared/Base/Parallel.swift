import Foundation

/// The lab's one door to threads: runs `body(0)`, …, `body(n − 1)` at once on `n` threads and
/// returns when all are done. Callers give each index its own data (a replica, a slice of a
/// buffer), so no two threads write the same memory and the result does not depend on timing.
/// Never call it from inside a BLAS call, nor with BLAS running several threads: two cores do
/// not gain from nested parallel loops.
public enum Parallel {
    public static func run(_ n: Int, _ body: (Int) -> Void) {
        guard n > 1 else { if n == 1 { body(0) }; return }
        withoutActuallyEscaping(body) { escapable in
            nonisolated(unsafe) let work = escapable
            DispatchQueue.concurrentPerform(iterations: n) { work($0) }
        }
    }
}
