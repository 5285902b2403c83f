import Foundation
import LabBase
import LabNN
import LabOptim
import LabFormats

/// llm.c's `test_gpt2`, as a library call: a model and a debug state written by a reference
/// implementation (PyTorch), compared number by number.
///
/// 1. Forward on the state's batch: every logit (the padded columns are not in the file) and
///    the loss.
/// 2. Backward: each of the 16 gradient tensors, by llm.c's name.
/// 3. Ten AdamW steps on the same batch with llm.c's update (lr 1e-4, β 0.9/0.999, ε 1e-8,
///    weight decay 0.01 on every parameter, biases and gains included), the loss before each
///    step compared with the reference's, when it gave them.
///
/// Every comparison is a maximum absolute difference against one tolerance. llm.c uses 1e-2;
/// the default here is 1e-4, which small models in fp32 meet with room to spare.
public struct LLMCVerification {
    public struct Check {
        public let name: String
        public let count: Int
        public let maxAbsDiff: Float
    }
    public let tolerance: Float
    public let logits: Check
    public let loss: (ours: Float, reference: Float)
    public let gradients: [Check]
    /// Our loss before each update, and the reference's when given.
    public let steps: [(ours: Float, reference: Float?)]

    public var lossDiff: Float { LLMCVerification.diff(loss.ours, loss.reference) }
    public var worstStepDiff: Float? {
        let diffs = steps.compactMap { s in s.reference.map { LLMCVerification.diff(s.ours, $0) } }
        return diffs.isEmpty ? nil : diffs.max()
    }
    /// Every number within the tolerance (NaN never is).
    public var passed: Bool {
        let within = { (d: Float) in d <= tolerance }
        return within(logits.maxAbsDiff) && within(lossDiff) && gradients.allSatisfy { within($0.maxAbsDiff) }
            && steps.allSatisfy { s in s.reference.map { within(LLMCVerification.diff(s.ours, $0)) } ?? s.ours.isFinite }
    }

    /// Runs the three checks on `model` (which the AdamW steps change).
    public static func run(model: GPT, state: LLMC.DebugState, expectedLosses: [Float]?, steps: Int = 10,
                           tolerance: Float = 1e-4) -> LLMCVerification {
        let c = model.config
        var rng = RNG(seed: 0)                 // no dropout in GPT-2; the generator is never drawn from
        let loss = model.forward(state.inputs, targets: state.targets, batch: state.b, length: state.t, rng: &rng)
        let logits = model.logits!
        var worstLogit: Float = 0
        for row in 0..<(state.b * state.t) {
            let ours = logits.pointer + row * c.paddedVocabSize
            for j in 0..<c.vocabSize { worstLogit = max(worstLogit, diff(ours[j], state.logits[row * c.vocabSize + j])) }
        }
        model.zeroGrad()
        model.backward()
        let ours = LLMC.flatten(model, grads: true)
        var gradients: [Check] = []
        var offset = 0
        for (name, shape, _) in LLMC.layout(c) {
            let n = shape.reduce(1, *)
            var worst: Float = 0
            for i in offset..<(offset + n) { worst = max(worst, diff(ours[i], state.grads[i])) }
            gradients.append(Check(name: name, count: n, maxAbsDiff: worst))
            offset += n
        }
        // llm.c's gpt2_update: AdamW with weight decay on every parameter
        for p in model.parameters { p.decay = true }
        let optimizer = Adam(model.parameters, decoupled: true, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01)
        let step = TrainingStep(DataParallel(model, workers: 1), optimizer: optimizer, gradClip: 0, workers: 1)
        var stepLosses: [(Float, Float?)] = []
        let count = expectedLosses.map { min($0.count, steps) } ?? steps
        for i in 0..<count {
            let l = step([(state.inputs, state.targets)], batch: state.b, length: state.t, lr: 1e-4, seeds: [0], training: false).loss
            stepLosses.append((l, expectedLosses?[i]))
        }
        return LLMCVerification(tolerance: tolerance, logits: Check(name: "logits", count: state.b * state.t * c.vocabSize, maxAbsDiff: worstLogit),
                                loss: (loss, state.loss), gradients: gradients, steps: stepLosses)
    }

    /// |a − b|, and infinity when either is NaN (so NaN never passes).
    static func diff(_ a: Float, _ b: Float) -> Float { a.isNaN || b.isNaN ? .infinity : abs(a - b) }

    /// Expected losses from a JSON file: an array of numbers, or an object with one array of
    /// numbers under a key containing "losses" (the form of llm.c fixtures' and this
    /// lab's `reference.json`).
    public static func readExpectedLosses(_ path: String) throws -> [Float] {
        let text = try Files.readUTF8(path)
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else { throw LabError("\(path): not valid JSON") }
        func numbers(_ v: JSONValue) -> [Float]? {
            guard let items = v.arrayValue, !items.isEmpty else { return nil }
            let xs = items.compactMap { item -> Float? in
                switch item { case .double(let d): return Float(d); case .int(let i): return Float(i); default: return nil }
            }
            return xs.count == items.count ? xs : nil
        }
        if let xs = numbers(json) { return xs }
        if case .object(let o) = json {
            let candidates = o.keys.sorted().filter { $0.contains("losses") }.compactMap { numbers(o[$0]!) }
            if candidates.count == 1 { return candidates[0] }
            if candidates.count > 1 { throw LabError("\(path): several arrays of losses; keep one") }
        }
        throw LabError("\(path): no expected losses (want an array of numbers, or an object with one \"…losses…\" array)")
    }
}
