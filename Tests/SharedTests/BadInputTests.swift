import Foundation
import Testing
import LLMLab

/// Inputs that once escaped the one-line-error contract (found by mutating files and options).
struct BadInputTests {
    /// `05-pretrain --quick --batch-size 100000000` used to run on, growing towards the
    /// machine's memory; now the estimate refuses it before anything is allocated.
    @Test func aBatchTooLargeForMemoryIsRefusedAtOnce() throws {
        var config = TrainConfig()
        config.applyQuick()
        config.batchSize = 100_000_000
        let model = config.model(vocab: 60)
        let clock = Stopwatch()
        #expect {
            try config.checkMemory(model: model)
        } throws: { error in
            let text = "\(error)"
            return text.contains("needs about") && text.contains("--batch-size 100000000") && text.contains("available of")
        }
        #expect(clock.seconds < 1)
        config.batchSize = 8                                  // the quick run itself fits
        try config.checkMemory(model: model)
    }

    /// A model file whose tokenizer has fewer tokens than the model's vocabulary used to crash
    /// `07-finetune` (growing the vocabulary "shrank" it); now loading refuses it, naming both sizes.
    @Test func aTokenizerThatDoesNotMatchItsModelIsRefused() throws {
        let dir = try temporaryDirectory()
        let full = CharTokenizer(corpus: "abcdefgh")
        let short = CharTokenizer(corpus: "abc")
        let model = GPT(GPTConfig(vocabSize: full.vocabSize, blockSize: 8, layers: 1, heads: 1, channels: 4))
        let path = dir + "/model.safetensors"
        try model.save(to: path, extra: ["tokenizer_kind": short.kind, "tokenizer": short.serialized])
        let (loaded, meta) = try GPT.load(from: path)
        #expect {
            _ = try TokenizerText.load(metadata: meta, model: loaded.config, source: path)
        } throws: { error in
            "\(error)" == "\(path): its tokenizer has \(short.vocabSize) tokens but the model's vocabulary is \(full.vocabSize)"
        }
        // and the step that crashed is an error of its own
        #expect(throws: LabError.self) { _ = try loaded.extendingVocabulary(to: short.vocabSize) }
    }
}
