import Foundation
import LabBase

/// A learning rate as a pure function of the step (0-based): the same step always gives the
/// same rate, so a resumed run continues exactly where it stopped.
public enum Schedule: Equatable, Sendable {
    /// The same rate throughout, after a linear warmup over `warmup` steps (as `warmupCosine`'s).
    case constant(Float, warmup: Int = 0)
    /// nanoGPT's: linear warmup to `max` over `warmup` steps, cosine decay to `min` at
    /// `decaySteps`, then `min`.
    case warmupCosine(max: Float, min: Float, warmup: Int, decaySteps: Int)
    /// SGDR (Loshchilov & Hutter): cosine from `max` to `min` over `period` steps, then restart,
    /// each period `multiplier` times longer than the last.
    case cosineRestarts(max: Float, min: Float, period: Int, multiplier: Int)
    /// `lr · decay^(step / every)`: the schedule of the Rust project this lab grew from
    /// (0.95 every 10 epochs, where its steps were epochs).
    case exponential(Float, decay: Float, every: Double)

    public func lr(at step: Int) -> Float {
        switch self {
        case .constant(let lr, let warmup):
            return step < warmup ? lr * Float(step + 1) / Float(warmup + 1) : lr
        case .warmupCosine(let hi, let lo, let warmup, let decaySteps):
            if step < warmup { return hi * Float(step + 1) / Float(warmup + 1) }
            if step > decaySteps { return lo }
            let ratio = Double(step - warmup) / Double(max(decaySteps - warmup, 1))
            return lo + Float(0.5 * (1 + cos(Double.pi * ratio))) * (hi - lo)
        case .cosineRestarts(let hi, let lo, let period, let multiplier):
            var length = max(period, 1), position = step
            while position >= length {
                position -= length
                length *= max(multiplier, 1)
            }
            return lo + (hi - lo) * Float(0.5 * (1 + cos(Double.pi * Double(position) / Double(length))))
        case .exponential(let lr, let decay, let every):
            return lr * Float(pow(Double(decay), Double(step) / every))
        }
    }

    /// A short description for tables and legends.
    public var label: String {
        switch self {
        case .constant(let lr, let warmup): return warmup > 0 ? "warmup \(warmup) + constant \(lr)" : "constant \(lr)"
        case .warmupCosine(let hi, let lo, let w, let d): return "warmup \(w) + cosine \(hi)→\(lo) by \(d)"
        case .cosineRestarts(let hi, let lo, let p, let m): return "cosine restarts \(hi)→\(lo), period \(p)×\(m)"
        case .exponential(let lr, let decay, let every): return "exponential \(lr)·\(decay)^(step/\(Int(every)))"
        }
    }
}

/// The schedules a run can choose (`--schedule`); each builds its `Schedule`.
public enum ScheduleChoice: String, OptionChoice {
    /// Warmup, then cosine decay to the minimum rate at the last step (nanoGPT's).
    case cosine
    /// Warmup, then the peak rate throughout.
    case constant

    public func make(lr: Float, minLR: Float, warmup: Int, steps: Int) -> Schedule {
        switch self {
        case .cosine: .warmupCosine(max: lr, min: minLR, warmup: warmup, decaySteps: steps)
        case .constant: .constant(lr, warmup: warmup)
        }
    }
}
