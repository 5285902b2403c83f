import Foundation
import Testing
import LLMLab
@testable import LabChat

/// Dialogues, the chat tokenizer's loss mask, the vocabulary extension, and the chat session's
/// context management and decoding settings.
struct ChatTests {
    @Test func dialoguesParseInBothLanguagesWithSeveralTurns() throws {
        let zh = try Dialogue.parse("用户：你好！助手：你好，有什么可以帮你？用户：谢谢。助手：不客气。", source: "t")
        #expect(zh.turns == [.init(.user, "你好！"), .init(.assistant, "你好，有什么可以帮你？"), .init(.user, "谢谢。"), .init(.assistant, "不客气。")])
        let en = try Dialogue.parse("User: Hi there. Assistant: Hello! </s>", source: "t")
        #expect(en.turns == [.init(.user, "Hi there."), .init(.assistant, "Hello!")])
        for (bad, message) in [("just text", "no 'User:'"), ("Assistant: hi", "starts with the user"), ("User: hi", "no assistant reply"),
                               ("hello User: a Assistant: b", "text before")] {
            let e = #expect(throws: LabError.self) { try Dialogue.parse(bad, source: "t") }
            #expect(e?.message.contains(message) == true, "\(bad): \(e?.message ?? "")")
        }
        #expect(try Dialogue.parse(Dialogue.builtin(.en)).count >= 40)
        #expect(try Dialogue.parse(Dialogue.builtin(.zh)).count >= 40)
    }

    /// Only the assistant's words and its <|end|> are learned by default; everything with `all`.
    @Test func chatExamplesMarkWhatIsLearned() throws {
        let chat = ChatTokenizer(base: CharTokenizer(corpus: "abcxyz"))
        let d = try Dialogue.parse("User: ab Assistant: xyz", source: "t")
        let e = chat.example(d)
        #expect(e.tokens.count == 2 + 2 + 3 + 2)          // <u> a b <e> <a> x y z <e>
        #expect(e.tokens.first == chat.user && e.tokens[3] == chat.end && e.tokens[4] == chat.assistant && e.tokens.last == chat.end)
        #expect(e.learn == [false, false, false, false, false, true, true, true, true])
        #expect(chat.example(d, learnAll: true).learn.dropFirst().allSatisfy { $0 })
        // in a batch: the targets of the user's part and the padding are ignored
        let (inputs, targets) = Batches.pack([e], length: 12, rows: 2)
        #expect(inputs.count == 24 && targets.count == 24)
        #expect(Array(targets[0..<4]) == [-1, -1, -1, -1] && targets[4] == e.tokens[5] && targets[7] == chat.end)
        #expect(targets[8...].allSatisfy { $0 == Batches.ignore })
        // special tokens never come out of text, nor go back into it
        #expect(!chat.encode("<|end|>").contains(chat.end) && chat.decode(e.tokens) == "abxyz")
        let back = try TokenizerText.load(kind: chat.kind, text: chat.serialized, source: "t")
        #expect(back.vocabSize == chat.vocabSize && back.encode("xyz") == chat.encode("xyz"))
    }

    /// New token rows do not change any old token's score; the new rows are the mean row.
    @Test(arguments: [true, false])
    func extendingTheVocabularyKeepsOldScores(tied: Bool) throws {
        var rng = RNG(seed: 8)
        let model = GPT(GPTConfig(vocabSize: 10, blockSize: 8, layers: 1, heads: 2, channels: 8, tiedEmbeddings: tied))
        model.initialize(&rng)
        let bigger = try model.extendingVocabulary(to: 13)
        #expect(bigger.config.vocabSize == 13 && bigger.config.paddedVocabSize == 13)
        let ids: [Int32] = [1, 5, 9, 2]
        let a = model.forward(ids, batch: 1, length: 4, rng: &rng).values
        let b = bigger.forward(ids, batch: 1, length: 4, rng: &rng).values
        for i in 0..<4 { for j in 0..<10 { #expect(a[i * 10 + j] == b[i * 13 + j]) } }
        let table = bigger.wte.table.value
        let mean = (0..<8).map { j in (0..<10).reduce(Float(0)) { $0 + model.wte.table.value[$1, j] / 10 } }
        #expect((0..<8).allSatisfy { abs(table[11, $0] - mean[$0]) < 1e-6 })
    }

    @Test func decodingSettingsAreCheckedOneByOne() throws {
        var d = DecodingOptions()
        try d.set("temperature", text: "0", source: ":set")
        try d.set("top_k", text: "5", source: ":set")
        #expect(d.temperature == 0 && d.topK == 5 && d.summary.hasPrefix("greedy"))
        #expect(throws: LabError.self) { try d.set("beam", text: "x", source: ":set") }
        #expect(throws: LabError.self) { var e = d; try e.set("top-p", text: "2", source: ":set"); try e.validate() }
        #expect(throws: LabError.self) { try d.set("colour", text: "red", source: ":set") }
    }

    /// A session keeps earlier turns, drops the oldest whole turns when the context would
    /// overflow, and never lets a special token into a reply; greedy and a one-beam search agree.
    @Test func sessionsKeepTurnsAndDropTheOldest() throws {
        var rng = RNG(seed: 9)
        let chat = ChatTokenizer(base: CharTokenizer(corpus: "abcdefgh ?"))
        let model = GPT(GPTConfig(vocabSize: chat.vocabSize, blockSize: 24, layers: 1, heads: 2, channels: 16))
        model.initialize(&rng)
        var o = DecodingOptions()
        o.temperature = 0; o.maxNewTokens = 6
        let session = ChatSession(model: model, tokenizer: chat, options: o)
        var streamed = ""
        let first = session.reply(to: "abc?") { streamed += $0 }
        #expect(streamed == first.text && first.tokens.count <= 6 && first.droppedTurns == 0)
        #expect(!first.tokens.contains { $0 >= chat.user })
        #expect(session.history.count == 2 && session.history[0].first == chat.user && session.history[1].last == chat.end)
        _ = session.reply(to: "defgh")
        let third = session.reply(to: "hgfedcba")        // 2 + 8 + 2 + 6 reserved: the old turns must go
        #expect(third.droppedTurns > 0 && session.history.joined().count <= 24 + 8)
        session.clear()
        #expect(session.history.isEmpty)
        // a beam of one keeps the single most likely token at each step: exactly greedy decoding
        let greedy = session.reply(to: "abc?")
        let prompt = chat.prompt(history: [], message: "abc?")
        session.options.beam = 1
        #expect(session.beamSearch(prompt).0 == greedy.tokens)
        var wide = o
        wide.beam = 3
        let beam = ChatSession(model: model, tokenizer: chat, options: wide).reply(to: "abc?")
        #expect(!beam.tokens.contains { $0 >= chat.user } && beam.tokens.count <= 6)
    }
}

/// Fine-tuning on dialogues through the Trainer: the same numbers twice, and the loss counts
/// only the assistant's tokens (a run that learns everything sees more targets and a different loss).
struct DialogueTrainingTests {
    static func run(_ dir: String, learnAll: Bool = false) throws -> [String] {
        let chat = ChatTokenizer(base: CharTokenizer(corpus: BuiltinDialogues.english))
        let dialogues = try Dialogue.parse(Dialogue.builtin(.en))
        let examples = dialogues.map { chat.example($0, learnAll: learnAll) }
        var c = TrainerTests.tinyConfig(dir)
        c.blockSize = 63; c.steps = 8; c.evalInterval = 4; c.sampleTokens = 5
        var rng = RNG(seed: 1)
        let model = GPT(GPTConfig(vocabSize: chat.vocabSize, blockSize: 64, layers: 1, heads: 2, channels: 16))
        model.initialize(&rng)
        let data = TokenizedCorpus(tokenizer: chat, train: [], val: [], source: "dialogues", key: "k")
        let trainer = try Trainer(config: c, data: data, runDir: dir, weights: model,
                                  examples: (Array(examples.dropLast(5)), Array(examples.suffix(5))))
        trainer.sampleStart = chat.prompt(history: [], message: "Hello!")
        trainer.sampleStop = [chat.end]
        _ = try trainer.run()
        return try TrainerTests.metrics(dir)
    }

    @Test func dialogueFineTuningIsReproducibleAndMasked() throws {
        let a = try Self.run(try temporaryDirectory()), b = try Self.run(try temporaryDirectory())
        #expect(a == b && a.count == 9)
        let all = try Self.run(try temporaryDirectory(), learnAll: true)
        #expect(all != a)
        let last = a.last!.split(separator: ",")
        #expect(Float(last[2])!.isFinite)                 // the held-out loss
    }

    /// Beam search through per-beam KV caches finds what beam search over full forward passes
    /// finds (a plain reference written here), also once the replies outgrow the context.
    @Test func beamSearchWithCachesMatchesFullPasses() throws {
        var rng = RNG(seed: 4)
        let chat = ChatTokenizer(base: CharTokenizer(corpus: "abcdefgh ?"))
        let model = GPT(GPTConfig(vocabSize: chat.vocabSize, blockSize: 16, layers: 2, heads: 2, channels: 16))
        model.initialize(&rng)
        for p in model.parameters { p.value.fillNormal(&rng, std: 0.4) }      // opinions strong enough to rank clearly
        for width in [2, 3] {
            var o = DecodingOptions()
            o.beam = width; o.maxNewTokens = 14; o.repetitionPenalty = 1.3; o.lengthPenalty = 0.5
            let session = ChatSession(model: model, tokenizer: chat, options: o)
            let prompt = chat.prompt(history: [], message: "ab?")
            let (tokens, probs) = session.beamSearch(prompt)
            // the reference: every hypothesis re-read in full at every step
            struct H { var tokens: [Int32]; var logp: Float; var probs: [Float] }
            let vocab = chat.vocabSize, vp = model.config.paddedVocabSize
            var live = [H(tokens: [], logp: 0, probs: [])], finished: [H] = []
            func score(_ h: H) -> Float { h.logp / pow(Float(max(h.tokens.count, 1)), o.lengthPenalty) }
            for _ in 0..<o.maxNewTokens {
                var candidates: [H] = []
                for h in live {
                    let window = Array((prompt + h.tokens).suffix(16))
                    var scratch = RNG(seed: 0)
                    let logits = model.forward(window, batch: 1, length: window.count, rng: &scratch)
                    var scores = Array(UnsafeBufferPointer(start: logits.pointer + (window.count - 1) * vp, count: vocab))
                    for id in Set(window) where Int(id) < vocab && id != chat.end {
                        scores[Int(id)] = scores[Int(id)] > 0 ? scores[Int(id)] / o.repetitionPenalty : scores[Int(id)] * o.repetitionPenalty
                    }
                    let m = scores.max()!
                    let logZ = log(scores.reduce(Float(0)) { $0 + exp($1 - m) }) + m
                    for id in (0..<vocab).sorted(by: { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }).prefix(width) {
                        candidates.append(H(tokens: h.tokens + [Int32(id)], logp: h.logp + scores[id] - logZ, probs: h.probs + [exp(scores[id] - logZ)]))
                    }
                }
                candidates.sort { $0.logp > $1.logp }
                live = []
                for c in candidates {
                    if [chat.end, chat.user, chat.assistant].contains(c.tokens.last!) {
                        finished.append(H(tokens: Array(c.tokens.dropLast()), logp: c.logp, probs: c.probs))
                    } else if live.count < width { live.append(c) }
                    if live.count == width { break }
                }
                if let best = finished.map(score).max(), live.allSatisfy({ score($0) < best }) { break }
                if live.isEmpty { break }
            }
            let best = (finished + live).max { score($0) < score($1) }!
            #expect(tokens == best.tokens, "beam \(width)")
            #expect(zip(probs, best.probs).allSatisfy { abs($0 - $1) < 1e-4 } && probs.count == best.probs.count)
            #expect(prompt.count + tokens.count > 16 || tokens.count < o.maxNewTokens, "the test should reach past the context")
        }
    }
}
