import Foundation

/// Where a training step's time goes, by kind of work: each layer's forward and backward report
/// their own time (a layer inside another counts for itself, not for its parent). Off unless
/// `enabled`; then it costs two clock reads per layer call. It keeps one stack, so turn it on
/// only for a single model running on the calling thread (`--parallel blas`, or one worker).
public enum Profiler {
    nonisolated(unsafe) public static var enabled = false
    nonisolated(unsafe) private static var totals: [String: UInt64] = [:]
    nonisolated(unsafe) private static var order: [String] = []
    nonisolated(unsafe) private static var stack: [(name: String, start: UInt64, children: UInt64)] = []

    @inline(__always)
    public static func begin(_ name: String) {
        guard enabled else { return }
        stack.append((name, DispatchTime.now().uptimeNanoseconds, 0))
    }

    @inline(__always)
    public static func end() {
        guard enabled, let top = stack.popLast() else { return }
        let elapsed = DispatchTime.now().uptimeNanoseconds - top.start
        if totals[top.name] == nil { order.append(top.name) }
        totals[top.name, default: 0] += elapsed - min(top.children, elapsed)
        if !stack.isEmpty { stack[stack.count - 1].children += elapsed }
    }

    /// Times `body` under `name`.
    public static func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        begin(name)
        defer { end() }
        return try body()
    }

    public static func reset() { totals = [:]; order = []; stack = [] }

    /// Seconds per kind of work since the last `reset`, in the order first seen.
    public static var report: [(name: String, seconds: Double)] { order.map { ($0, Double(totals[$0]!) / 1e9) } }
}
