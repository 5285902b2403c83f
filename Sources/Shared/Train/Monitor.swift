import Foundation
import LabReport

/// Shows a training run as it happens. On a terminal: one line that updates in place
/// (step, losses, perplexity, learning rate, gradient norm, tokens/s, elapsed, ETA). When the
/// output is a file or a pipe: the same numbers as a plain line every `logInterval` steps.
/// Evaluations print on their own lines, with the sample the model wrote.
public final class TrainingMonitor {
    let logInterval: Int
    let terminal: Bool
    let showSamples: Bool
    private var lastDraw = -1.0

    public init(logInterval: Int, terminal: Bool = Narrative.isTerminal, showSamples: Bool = true) {
        self.logInterval = logInterval
        self.terminal = terminal
        self.showSamples = showSamples
    }

    public func handle(_ event: Trainer.Event) {
        switch event {
        case .step(let s):
            let line = TrainingMonitor.line(s)
            if terminal {
                guard s.elapsed - lastDraw >= 0.1 || s.step == s.steps else { return }
                lastDraw = s.elapsed
                FileHandle.standardOutput.write(Data(("\r  " + line + "\u{1B}[K").utf8))
            } else if s.step % logInterval == 0 || s.step == s.steps || s.step == 1 {
                print("  " + line)
            }
        case .evaluation(let step, let valLoss, let improved, let sample):
            clearLine()
            print("  ▸ step \(step): validation loss \(Narrative.fixed(Double(valLoss), 4)) (perplexity \(Narrative.fixed(exp(Double(valLoss)), 2)))\(improved ? ", best so far" : "")")
            if showSamples && !sample.isEmpty {
                print("    sample: “" + sample.replacingOccurrences(of: "\n", with: " ⏎ ") + "”")
            }
        case .sample(let step, let text):
            clearLine()
            if showSamples { print("  ▸ step \(step) sample: “" + text.replacingOccurrences(of: "\n", with: " ⏎ ") + "”") }
        case .checkpoint:
            break
        case .earlyStop(let step, let lastImprovement, let bestStep, let best):
            clearLine()
            print("  ■ early stop at step \(step): no improvement by --min-delta since step \(lastImprovement); restoring the best weights (step \(bestStep), validation \(Narrative.fixed(Double(best), 4)))")
        }
    }

    private func clearLine() {
        if terminal { FileHandle.standardOutput.write(Data("\r\u{1B}[K".utf8)) }
    }

    /// `step 250/2000 │ train 1.9021 │ val 1.9876 (ppl 7.30) │ lr 9.7e-04 │ |g| 0.42 │ 25.3k tok/s │ 0:12 ETA 1:24`
    public static func line(_ s: Trainer.StepStats) -> String {
        let eta = s.elapsed / Double(max(s.stepsThisSession, 1)) * Double(s.steps - s.step)
        let val = s.lastValLoss.isNaN ? "val –" : "val \(Narrative.fixed(Double(s.lastValLoss), 4)) (ppl \(Narrative.fixed(exp(Double(s.lastValLoss)), 2)))"
        return "step \(s.step)/\(s.steps) │ train \(Narrative.fixed(Double(s.trainLoss), 4)) │ \(val) │ lr \(String(format: "%.1e", s.lr)) │ |g| \(Narrative.fixed(Double(s.gradNorm), 2)) │ \(Narrative.fixed(s.tokensPerSecond / 1000, 1))k tok/s │ \(clock(s.elapsed)) ETA \(clock(eta))"
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s % 3600 / 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
