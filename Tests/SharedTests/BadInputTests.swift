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
            return text.contains("needs about") && text.contains("--batch-size 100000000") && text.contains("are available to it")
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

/// Inputs the lab's fuzzer (`scripts/fuzz`) found crashing, each now a one-line error.
struct FuzzFindingsTests {
    @Test func hostileNumbersInFilesAreErrors() throws {
        let dir = try temporaryDirectory()
        // an llm.c tokenizer whose end-of-text id does not fit an Int32
        let tok = LLMCTokenizer(tokens: (0..<5).map { [UInt8(97 + $0)] }, endOfText: 4)
        try tok.write(to: dir + "/tok.bin")
        var raw = try Data(contentsOf: URL(fileURLWithPath: dir + "/tok.bin"))
        raw.replaceSubrange(12..<16, with: [0x00, 0xFC, 0xFF, 0xFF])          // eot := -1024 as a UInt32
        try raw.write(to: URL(fileURLWithPath: dir + "/tok.bin"))
        #expect(throws: LabError.self) { try LLMCTokenizer.read(dir + "/tok.bin") }
        // a jieba dictionary whose frequencies overflow
        try "一 9223372036854775807 m\n二 9223372036854775807 m\n".write(toFile: dir + "/dict.txt", atomically: true, encoding: .utf8)
        #expect(throws: LabError.self) { try WordSegmenter.load(dir + "/dict.txt") }
    }

    @Test func aHugeShapeInASafetensorsHeaderIsAnError() throws {
        let dir = try temporaryDirectory()
        let json = #"{"t":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,16]}}"#
        var header = Array(json.utf8)
        while header.count % 8 != 0 { header.append(32) }
        var data = Data((0..<8).map { UInt8((header.count >> (8 * $0)) & 255) })
        data += Data(header) + Data(count: 16)
        try data.write(to: URL(fileURLWithPath: dir + "/huge.safetensors"))
        let e = #expect(throws: LabError.self) { try SafeTensors.read(dir + "/huge.safetensors") }
        #expect(e?.message.contains("too many elements") == true, "\(e?.message ?? "")")
    }

    @Test func aGridTooLargeToRunIsRefusedBeforeItIsBuilt() throws {
        let values = "[" + (0..<100).map(String.init).joined(separator: ",") + "]"
        let json = #"{"grid": {"steps": \#(values), "warmup": \#(values)}, "seeds": [1]}"#
        let object = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        guard case .object(let o) = object else { Issue.record("not an object"); return }
        #expect(throws: LabError.self) { try Experiment(name: "big", object: o, source: "big.json") }
    }

    @Test func scoresThatAreNotFiniteStillPickAToken() {
        var rng = RNG(seed: 1)
        let scores: [Float] = [.nan, 1, .infinity, 3, -.infinity]
        let picked = scores.withUnsafeBufferPointer { Sampler.pick($0.baseAddress!, vocab: 5, options: SamplingOptions(temperature: 1), rng: &rng) }
        #expect(picked == 3)                                   // the highest finite score
    }

    @Test func anErrorIsAlwaysOneLine() {
        #expect(LabError("file: first line 'a\r\nb'").message == "file: first line 'a\\r\\nb'")
    }
}
