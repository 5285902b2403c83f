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

    /// Runs `step` `warmUp` times untimed (the first steps allocate buffers and moments), then
    /// `steps` times with profiling on: the seconds per step, and each kind of work's seconds
    /// per step, largest first.
    public static func profile(steps: Int, warmUp: Int = 1, _ step: () -> Void) -> (perStep: Double, rows: [(name: String, seconds: Double)]) {
        for _ in 0..<warmUp { step() }
        reset()
        enabled = true
        let clock = Stopwatch()
        for _ in 0..<steps { step() }
        let total = clock.seconds
        enabled = false
        let rows = report.map { (name: $0.name, seconds: $0.seconds / Double(steps)) }.sorted { $0.seconds > $1.seconds }
        return (total / Double(steps), rows)
    }

    /// Seconds per kind of work since the last `reset`, in the order first seen.
    public static var report: [(name: String, seconds: Double)] { order.map { ($0, Double(totals[$0]!) / 1e9) } }
}
