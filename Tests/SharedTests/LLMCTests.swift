import Foundation
import Testing
import LLMLab
@testable import LabFormats

/// GPT-2 in llm.c's formats, checked the way llm.c's `test_gpt2` does it: logits, loss, all
/// 16 gradient tensors by name, and the losses of 10 AdamW steps (llm.c's update: weight decay
/// on every parameter). Two references: our own fixture, written by PyTorch with
/// `scripts/fixtures/make_gpt2_fixture.py` (committed, always checked), and
/// a second fixture written independently of this project, checked when the environment
/// variable `LLMLAB_GPT2_REFERENCE` names its directory (model.bin, debug_state.bin,
/// reference.json, tokenizer.bin).
struct LLMCReferenceTests {
    static let mini = Fixture.directory.appendingPathComponent("gpt2-mini").path
    static let shared = ProcessInfo.processInfo.environment["LLMLAB_GPT2_REFERENCE"] ?? ""
    static var sharedPresent: Bool { !shared.isEmpty && FileManager.default.fileExists(atPath: shared + "/model.bin") }

    @Test func matchesOurPyTorchFixture() throws { try Self.verify(Self.mini) }

    @Test(.enabled(if: sharedPresent, "LLMLAB_GPT2_REFERENCE does not name a fixture"))
    func matchesTheSharedReference() throws {
        let model = try LLMC.readModel(Self.shared + "/model.bin")
        #expect(model.config.vocabSize == 300 && model.config.paddedVocabSize == 384 && model.config.layers == 2)
        try Self.verify(Self.shared)
    }

    /// `LLMCVerification` (what `06-gpt2 verify` runs), held to tighter bounds than its
    /// default tolerance: on these small models the logits agree to 1e-5 and gradients to 2e-6.
    static func verify(_ dir: String) throws {
        let model = try LLMC.readModel(dir + "/model.bin")
        let state = try LLMC.readDebugState(dir + "/debug_state.bin", config: model.config)
        let expected = try LLMCVerification.readExpectedLosses(dir + "/reference.json")
        #expect(expected.count == 10)
        let v = LLMCVerification.run(model: model, state: state, expectedLosses: expected)
        #expect(v.passed)
        #expect(v.logits.maxAbsDiff < 1e-5, "\(dir) logits: max abs diff \(v.logits.maxAbsDiff)")
        #expect(v.lossDiff < 1e-5, "\(dir) loss \(v.loss)")
        #expect(v.gradients.count == 16)
        for g in v.gradients { #expect(g.maxAbsDiff < 2e-6, "\(dir) gradient \(g.name): max abs diff \(g.maxAbsDiff)") }
        #expect(v.steps.count == 10 && (v.worstStepDiff ?? 1) < 1e-5, "\(dir) step losses: worst diff \(v.worstStepDiff ?? .nan)")
    }

    /// A wrong gradient, a NaN and a wrong expected loss each fail the verification.
    @Test func verificationFailsOnAnyMismatch() throws {
        let model = try LLMC.readModel(Self.mini + "/model.bin")
        let state = try LLMC.readDebugState(Self.mini + "/debug_state.bin", config: model.config)
        var expected = try LLMCVerification.readExpectedLosses(Self.mini + "/reference.json")
        expected[7] += 1e-3
        let v = LLMCVerification.run(model: model, state: state, expectedLosses: expected)
        #expect(!v.passed && v.logits.maxAbsDiff < 1e-5 && (v.worstStepDiff ?? 0) > 9e-4)
        var grads = state.grads
        grads[grads.count - 1] += 1e-3                                      // lnfb's last element
        let bad = LLMC.DebugState(b: state.b, t: state.t, inputs: state.inputs, targets: state.targets, logits: state.logits,
                                  loss: .nan, grads: grads)
        let v2 = LLMCVerification.run(model: try LLMC.readModel(Self.mini + "/model.bin"), state: bad, expectedLosses: nil, steps: 2)
        #expect(!v2.passed && v2.gradients.last!.name == "lnfb" && v2.gradients.last!.maxAbsDiff > 9e-4 && v2.lossDiff == .infinity)
        #expect(v2.gradients.dropLast().allSatisfy { $0.maxAbsDiff < 1e-5 } && v2.steps.count == 2)
    }

    @Test func expectedLossesReadFromEitherForm() throws {
        let dir = try temporaryDirectory()
        try "[1, 2.5]".write(toFile: dir + "/a.json", atomically: true, encoding: .utf8)
        #expect(try LLMCVerification.readExpectedLosses(dir + "/a.json") == [1, 2.5])
        try #"{"config": {}, "expected_losses": [3.0]}"#.write(toFile: dir + "/b.json", atomically: true, encoding: .utf8)
        #expect(try LLMCVerification.readExpectedLosses(dir + "/b.json") == [3])
        for (i, bad) in [#"{"x": 1}"#, "not json", #"["a"]"#].enumerated() {
            try bad.write(toFile: dir + "/c\(i).json", atomically: true, encoding: .utf8)
            #expect(throws: LabError.self) { try LLMCVerification.readExpectedLosses(dir + "/c\(i).json") }
        }
    }

    @Test func writtenModelsReadBack() throws {
        let dir = try temporaryDirectory()
        var rng = RNG(seed: 4)
        let model = GPT(LLMC.config(vocab: 11, paddedVocab: 16, maxT: 8, layers: 2, heads: 2, channels: 8))
        model.initialize(&rng)
        try LLMC.writeModel(model, to: dir + "/m.bin")
        let back = try LLMC.readModel(dir + "/m.bin")
        #expect(back.config == model.config)
        for (p, q) in zip(model.parameters, back.parameters) { #expect(p.value.values == q.value.values, "\(p.name)") }
        // bad headers and sizes
        let good = try Data(contentsOf: URL(fileURLWithPath: dir + "/m.bin"))
        var badMagic = good; badMagic[0] ^= 1
        var badVersion = good; badVersion[4] = 4
        var badHeads = good; badHeads[20] = 3                  // 8 channels do not split into 3 heads
        for (i, (data, message)) in [(badMagic, "not an llm.c model"), (badVersion, "model version 4"), (badHeads, "do not describe"),
                                     (good.prefix(good.count - 4), "truncated"), (good.prefix(10), "too short")].enumerated() {
            try data.write(to: URL(fileURLWithPath: dir + "/b\(i).bin"))
            let e = #expect(throws: LabError.self) { try LLMC.readModel(dir + "/b\(i).bin") }
            #expect(e?.message.contains(message) == true, "\(e?.message ?? "")")
        }
    }
}

struct LLMCTokenizerTests {
    @Test func writesAndReadsBothVersions() throws {
        let dir = try temporaryDirectory()
        let bpe = try BPETokenizer.train("the theme of the thesis is the theory", vocabSize: 270)
        let tok = LLMCTokenizer(bpe)
        try tok.write(to: dir + "/t2.bin")
        let back = try LLMCTokenizer.read(dir + "/t2.bin")
        #expect(back.tokens == bpe.tokenBytes && back.endOfText == bpe.specialIDs[BPETokenizer.endOfText])
        let ids = bpe.encode("the theory")
        #expect(back.decode(ids) == "the theory")
        let v1 = LLMCTokenizer(tokens: [[104], [105], [104, 105]], endOfText: nil)
        try v1.write(to: dir + "/t1.bin")
        let b1 = try LLMCTokenizer.read(dir + "/t1.bin")
        #expect(b1.endOfText == nil && b1.decode([2, 0]) == "hih")
    }

    @Test func damagedFilesGiveOneLineErrors() throws {
        let dir = try temporaryDirectory()
        try LLMCTokenizer(tokens: [[104], [105], [104, 105]], endOfText: 2).write(to: dir + "/t.bin")
        let good = try Data(contentsOf: URL(fileURLWithPath: dir + "/t.bin"))
        var badMagic = good; badMagic[0] ^= 1
        var badVersion = good; badVersion[4] = 3
        var badEOT = good; badEOT[12] = 9
        for (i, (data, message)) in [(badMagic, "not an llm.c tokenizer"), (badVersion, "version 3"), (badEOT, "end-of-text id 9"),
                                     (good.prefix(good.count - 1), "truncated"), (good + Data([7]), "unexpected bytes"),
                                     (good.prefix(100), "too short")].enumerated() {
            try data.write(to: URL(fileURLWithPath: dir + "/b\(i).bin"))
            let e = #expect(throws: LabError.self) { try LLMCTokenizer.read(dir + "/b\(i).bin") }
            #expect(e?.message.contains(message) == true, "\(e?.message ?? "")")
        }
    }

    /// The shared reference's tokenizer reads, with its end-of-text id.
    @Test(.enabled(if: LLMCReferenceTests.sharedPresent, "LLMLAB_GPT2_REFERENCE does not name a fixture"))
    func readsTheSharedReferenceTokenizer() throws {
        let t = try LLMCTokenizer.read(LLMCReferenceTests.shared + "/tokenizer.bin")
        #expect(t.vocabSize == 300 && t.endOfText == 299)
    }
}

struct GPT2TokenizerTests {
    /// A hand-made GPT-2 vocabulary: the 256 byte tokens (id = byte value) and seven merges.
    static func write(_ dir: String, merges: [String] = ["h e", "l l", "he ll", "hell o", "Ġ w", "o r", "Ġw or"],
                      extra: [String: Int] = [:]) throws {
        var encoder: [String: Int] = [:]
        for b in 0..<256 { encoder[String(GPT2Tokenizer.byteToUnicode[b])] = b }
        for (i, t) in ["he", "ll", "hell", "hello", "Ġw", "or", "Ġwor"].enumerated() { encoder[t] = 256 + i }
        encoder["<|endoftext|>"] = 263
        for (k, v) in extra { encoder[k] = v }
        try JSONSerialization.data(withJSONObject: encoder).write(to: URL(fileURLWithPath: dir + "/encoder.json"))
        try ("#version: 0.2\n" + merges.joined(separator: "\n") + "\n").write(toFile: dir + "/vocab.bpe", atomically: true, encoding: .utf8)
    }

    @Test func encodesByRankWithGPT2sByteTable() throws {
        let dir = try temporaryDirectory()
        try Self.write(dir)
        let t = try GPT2Tokenizer.load(encoder: dir + "/encoder.json", merges: dir + "/vocab.bpe")
        #expect(String(GPT2Tokenizer.byteToUnicode[32]) == "Ġ" && String(GPT2Tokenizer.byteToUnicode[10]) == "Ċ")
        #expect(GPT2Tokenizer.byteToUnicode[65] == "A")
        // "hello" → hello; " world" → Ġw + or → Ġwor, then l, d (bytes)
        #expect(t.encode("hello world") == [259, 262, 108, 100])
        #expect(t.decode([259, 262, 108, 100]) == "hello world")
        #expect(t.encode("hell") == [258] && t.encode("helo") == [256, 108, 111])
        #expect(t.endOfText == 263 && t.piece(263) == "<|endoftext|>" && t.piece(262) == "␣wor")
        for s in ["", "Ünïcödé 🙂 中文", "tabs\tand\nlines  "] { #expect(t.decode(t.encode(s)) == s) }
    }

    /// Serialized into a model file's metadata and parsed back, it encodes and decodes the same;
    /// a damaged text is a one-line error.
    @Test func serializedTokenizerReadsBack() throws {
        let dir = try temporaryDirectory()
        try Self.write(dir)
        let t = try GPT2Tokenizer.load(encoder: dir + "/encoder.json", merges: dir + "/vocab.bpe")
        let back = try TokenizerText.load(kind: t.kind, text: t.serialized, source: "test") as! GPT2Tokenizer
        #expect(back.vocabSize == t.vocabSize && back.endOfText == 263 && back.tokenBytes == t.tokenBytes)
        for s in ["hello world", "hell helo worlds", "Ünïcödé 🙂 中文", ""] { #expect(back.encode(s) == t.encode(s)) }
        #expect(throws: LabError.self) { _ = try GPT2Tokenizer.parse("{\"tokens\": [\"AA==\"], \"merges\": [0, 0, 7]}", source: "test") }
        #expect(throws: LabError.self) { _ = try GPT2Tokenizer.parse("not json", source: "test") }
        // its serialized merges, with the first one listed again at the end: refused
        let serialized = t.serialized
        let merges = serialized[serialized.range(of: "\"merges\":[")!.upperBound...].prefix { $0 != "]" }
        let first = merges.split(separator: ",").prefix(3).joined(separator: ",")
        let twice = serialized.replacingOccurrences(of: "[" + merges + "]", with: "[" + merges + "," + first + "]")
        #expect(twice != serialized)
        let e = #expect(throws: LabError.self) { _ = try GPT2Tokenizer.parse(twice, source: "test") }
        #expect(e?.message.contains("twice") == true)
    }

    @Test func badFilesGiveOneLineErrors() throws {
        let dir = try temporaryDirectory()
        try Self.write(dir, merges: ["h e", "x q"])
        let e1 = #expect(throws: LabError.self) { try GPT2Tokenizer.load(encoder: dir + "/encoder.json", merges: dir + "/vocab.bpe") }
        #expect(e1?.message.contains("vocab.bpe:3") == true, "\(e1?.message ?? "")")
        try Self.write(dir, merges: ["h e", "h e"])
        let e2 = #expect(throws: LabError.self) { try GPT2Tokenizer.load(encoder: dir + "/encoder.json", merges: dir + "/vocab.bpe") }
        #expect(e2?.message.contains("listed twice") == true)
        try "[1, 2]".write(toFile: dir + "/encoder.json", atomically: true, encoding: .utf8)
        #expect(throws: LabError.self) { try GPT2Tokenizer.load(encoder: dir + "/encoder.json", merges: dir + "/vocab.bpe") }
        try #"{"a": 0}"#.write(toFile: dir + "/encoder.json", atomically: true, encoding: .utf8)
        let e3 = #expect(throws: LabError.self) { try GPT2Tokenizer.load(encoder: dir + "/encoder.json", merges: dir + "/vocab.bpe") }
        #expect(e3?.message.contains("no token for the byte") == true, "\(e3?.message ?? "")")
        #expect(throws: LabError.self) { try GPT2Tokenizer.load(encoder: dir + "/missing.json", merges: dir + "/vocab.bpe") }
    }
}

/// A model the lab trained, written in llm.c's format: the bytes are where llm.c's reader
/// (`gpt2_build_from_checkpoint`) looks for them, and our reader gets every weight back.
struct LLMCRoundTripTests {
    @Test func trainedCheckpointRoundTripsThroughLLMCFormat() throws {
        let dir = try temporaryDirectory()
        var c = TrainerTests.tinyConfig(dir)
        c.steps = 6; c.evalInterval = 3; c.dropout = 0; c.tokenizer = .bpe; c.vocabSize = 300
        let data = try TokenizedCorpus.prepare(c, cacheDir: dir + "/cache")
        let shape = LLMC.config(vocab: data.tokenizer.vocabSize, paddedVocab: 320, maxT: 16, layers: 1, heads: 2, channels: 16)
        let trainer = try Trainer(config: c, data: data, runDir: dir, shape: shape)
        _ = try trainer.run()
        // from the lab's own checkpoint (safetensors) to llm.c's format
        let checkpoint = try Checkpoint.load(dir + "/checkpoints/last.safetensors")
        try LLMC.writeModel(checkpoint.model, to: dir + "/model.bin")
        // the header and the layout, read here without LLMC
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/model.bin"))
        let ints = bytes.prefix(32).withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) }
        #expect(ints == [20240326, 3, 16, Int32(data.tokenizer.vocabSize), 1, 2, 16, 320])
        let floats = bytes.dropFirst(1024).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        let m = checkpoint.model
        #expect(floats.count == m.parameterCount)
        #expect(Array(floats.prefix(320 * 16)) == m.wte.table.value.values)                     // wte first
        #expect(Array(floats[(320 * 16)..<(336 * 16)]) == m.wpe.parameters[0].value.values)   // then wpe (16 × 16)
        #expect(Array(floats.suffix(16)) == m.lnf.bias!.value.values)                           // lnfb last
        // and back: every weight, bit for bit, and the same predictions
        let back = try LLMC.readModel(dir + "/model.bin")
        #expect(back.config == m.config)
        for (p, q) in zip(back.parameters, m.parameters) { #expect(p.value.values == q.value.values, "\(p.name)") }
        var rng = RNG(seed: 1)
        let ids = Array(data.val.prefix(16)), targets = Array(data.val.dropFirst().prefix(16))
        #expect(back.forward(ids, targets: targets, batch: 1, length: 16, rng: &rng) == m.forward(ids, targets: targets, batch: 1, length: 16, rng: &rng))
        // the tokenizer as llm.c's tokenizer file decodes the same text
        let tok = LLMCTokenizer(data.tokenizer as! BPETokenizer)
        try tok.write(to: dir + "/tokenizer.bin")
        let tokBack = try LLMCTokenizer.read(dir + "/tokenizer.bin")
        #expect(tokBack.decode(Array(data.val.prefix(40))) == data.tokenizer.decode(Array(data.val.prefix(40))))
    }

    /// Longest-match encoding decodes back to the text; the tokenizer survives a checkpoint.
    @Test func llmcTokenizerEncodesAndRidesInCheckpoints() throws {
        let bpe = try BPETokenizer.train("the theme of the thesis is the theory of the thermos", vocabSize: 280)
        let tok = LLMCTokenizer(bpe)
        for text in ["the theory", "théâtre 中文 ✓", ""] { #expect(tok.decode(tok.encode(text)) == text) }
        #expect(tok.encode("the").count == 1)
        let back = try TokenizerText.load(kind: tok.kind, text: tok.serialized, source: "test")
        #expect((back as? LLMCTokenizer)?.tokens == tok.tokens && (back as? LLMCTokenizer)?.endOfText == tok.endOfText)
        #expect(throws: LabError.self) { try TokenizerText.load(kind: "llmc", text: "not base64!", source: "test") }
    }

    /// llm.c token files as training data; a token the model cannot embed is a clear error.
    @Test func tokenFilesTrainAndOutOfVocabularyIsAnError() throws {
        let dir = try temporaryDirectory()
        var rng = RNG(seed: 2)
        let tokens = (0..<400).map { _ in Int32(rng.int(below: 20)) }
        try TokenFile.write(Array(tokens.prefix(300)), to: dir + "/train.bin")
        try TokenFile.write(Array(tokens.suffix(100)), to: dir + "/val.bin")
        let tok = LLMCTokenizer(tokens: (0..<20).map { [UInt8(65 + $0)] }, endOfText: nil)
        let data = try TokenizedCorpus.tokenFiles(train: dir + "/train.bin", val: dir + "/val.bin", tokenizer: tok)
        var c = TrainerTests.tinyConfig(dir)
        c.steps = 4; c.evalInterval = 2; c.threads = 2; c.parallel = .blas
        let model = GPT(LLMC.config(vocab: 20, paddedVocab: 32, maxT: 16, layers: 1, heads: 2, channels: 8))
        var seeded = RNG(seed: 3)
        model.initialize(&seeded)
        let trainer = try Trainer(config: c, data: data, runDir: dir, weights: model)
        #expect(trainer.model === model && model.workers == 2)
        #expect(try trainer.run().bestValLoss.isFinite)
        let small = GPT(LLMC.config(vocab: 10, paddedVocab: 16, maxT: 16, layers: 1, heads: 2, channels: 8))
        let mismatch = #expect(throws: LabError.self) { try Trainer(config: c, data: data, runDir: dir, weights: small) }
        #expect(mismatch?.message.contains("the tokenizer has 20 tokens but the model's vocabulary is 10") == true, "\(mismatch?.message ?? "")")
        // a tokenizer that fits the model, over token files with ids it does not have
        let tenTokens = LLMCTokenizer(tokens: (0..<10).map { [UInt8(65 + $0)] }, endOfText: nil)
        let wrongIds = try TokenizedCorpus.tokenFiles(train: dir + "/train.bin", val: dir + "/val.bin", tokenizer: tenTokens)
        let e = #expect(throws: LabError.self) { try Trainer(config: c, data: wrongIds, runDir: dir, weights: small) }
        #expect(e?.message.contains("outside the model's vocabulary of 10") == true, "\(e?.message ?? "")")
        var long = c
        long.blockSize = 32
        let e2 = #expect(throws: LabError.self) { try Trainer(config: long, data: data, runDir: dir, weights: model) }
        #expect(e2?.message.contains("longer than the model's context") == true)
    }
}
