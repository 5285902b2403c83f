import Foundation

/// Monotonic wall-clock time, for timing steps (never for randomness).
public struct Stopwatch {
    private var start = DispatchTime.now().uptimeNanoseconds
    public init() {}
    public var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    public mutating func reset() { start = DispatchTime.now().uptimeNanoseconds }
}
