import Foundation
import LabBase
import LabNN

extension GPT {
    /// This model with a larger vocabulary: the old weights unchanged, and a row for each new
    /// token in the token table (and the separate output head, if any) set to the mean of the
    /// existing rows, so the new tokens start as an "average token" rather than noise that
    /// would disturb what the model already predicts. The logits of the old tokens do not change.
    public func extendingVocabulary(to vocab: Int) throws -> GPT {
        var c = config
        guard vocab >= c.vocabSize else { throw LabError("cannot shrink the model's vocabulary of \(c.vocabSize) to \(vocab) tokens") }
        let oldVocab = c.vocabSize, channels = c.channels
        c.vocabSize = vocab
        c.paddedVocabSize = max(c.paddedVocabSize, vocab)
        let bigger = GPT(c)
        for (p, q) in zip(bigger.parameters, parameters) {
            guard p.name == "wte.weight" || p.name == "lm_head.weight" else { p.value.copy(from: q.value); continue }
            // a token table: copy the old rows, fill the new ones with the mean of the real ones
            p.value.pointer.update(from: q.value.pointer, count: min(q.count, p.count))
            var mean = [Float](repeating: 0, count: channels)
            for r in 0..<oldVocab { for j in 0..<channels { mean[j] += q.value.pointer[r * channels + j] / Float(oldVocab) } }
            for r in oldVocab..<vocab { for j in 0..<channels { p.value.pointer[r * channels + j] = mean[j] } }
        }
        bigger.workers = workers
        return bigger
    }
}
