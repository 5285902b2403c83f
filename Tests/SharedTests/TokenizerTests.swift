import Foundation
import Testing
@testable import LLMLab

struct PreTokenizerTests {
    /// The hand-written scanner cuts every string of the matrix exactly where GPT-2's regular
    /// expression does (Python `regex`, scripts/fixtures/make_text_fixtures.py).
    @Test func matchesGPT2Regex() throws {
        for case let item in try Fixture.json("text_fixtures.json")["chunks"]!.arrayValue! {
            let text = item["text"]!.stringValue!
            let expected = item["chunks"]!.arrayValue!.map { $0.stringValue! }
            #expect(PreTokenizer.chunks(text) == expected, "text: \(text.debugDescription)")
        }
    }
}

struct BPETests {
    /// Wikipedia's example: "aaabdaaabac" with three merges. After `a a → 256` the pairs
    /// `(256, a)` and `(a, b)` tie at two; the smaller pair wins, so "aaab" is built as aa + ab
    /// (Wikipedia builds it as aaa + b) and the encoding is the same.
    @Test func wikipediaExample() throws {
        let bpe = try BPETokenizer.train("aaabdaaabac", vocabSize: 256 + 3 + 1)
        #expect(bpe.merges.map { [$0.0, $0.1] } == [[97, 97], [97, 98], [256, 257]])
        #expect(bpe.encode("aaabdaaabac") == [258, 100, 258, 97, 99])
        #expect(bpe.piece(258) == "aaab")
        #expect(bpe.decode([258, 100, 258, 97, 99]) == "aaabdaaabac")
    }

    /// Merges equal a plain-Python trainer's built from the same spec, including tie-breaks,
    /// the pair counts, overlapping pairs ("aaaa", "abab") and the UTF-8 bytes of Chinese; and
    /// encodings equal a plain-Python encoder's (scripts/fixtures/make_text_fixtures.py).
    @Test func trainingAndEncodingMatchPythonReference() throws {
        for case let fx in try Fixture.json("text_fixtures.json")["bpe"]!.arrayValue! {
            let expected = fx["merges"]!.arrayValue!.map { $0.arrayValue!.map { $0.intValue! } }
            var counts: [Int] = []
            let bpe = try BPETokenizer.train(fx["text"]!.stringValue!, vocabSize: fx["vocab_size"]!.intValue!) { counts.append($0.count) }
            #expect(bpe.merges.map { [Int($0.0), Int($0.1)] } == expected.map { [$0[0], $0[1]] })
            #expect(counts == expected.map { $0[2] })
            for case let e in fx["encoded"]!.arrayValue! {
                let text = e["text"]!.stringValue!
                #expect(bpe.encode(text).map(Int.init) == e["ids"]!.arrayValue!.map { $0.intValue! }, "\(text)")
            }
        }
    }

    /// Encoding the training text replays training: the token count reported after each merge
    /// is the length of the encoding with that many merges.
    @Test func encodingReplaysTraining() throws {
        let text = Corpus.builtin(.both).text
        var tokensAfter: [Int] = []
        let bpe = try BPETokenizer.train(text, vocabSize: 600) { tokensAfter.append($0.tokens) }
        for m in [1, 50, 200, bpe.merges.count] {
            #expect(bpe.truncated(to: m).encode(text).count == tokensAfter[m - 1], "after \(m) merges")
        }
        #expect(bpe.decode(bpe.encode(text)) == text)
    }

    /// Training stays fast on text with no spaces (one huge pre-split chunk): only the
    /// neighbours of each merge site are recounted. (A wrong implementation takes minutes here;
    /// the bound is generous for a debug test build on a busy machine.)
    @Test func longChunksTrainQuickly() throws {
        var rng = RNG(seed: 4)
        let letters = Array("abcdefghij")
        let text = String((0..<100_000).map { _ in letters[rng.int(below: 10)] })
        let clock = Stopwatch()
        let bpe = try BPETokenizer.train(text, vocabSize: 512)
        #expect(bpe.merges.count == 255)
        #expect(clock.seconds < 10, "training took \(clock.seconds) s")
        #expect(bpe.decode(bpe.encode(text)) == text)
    }

    static let roundTrip: [String] = [
        "", " ", "a", "hello world", "Hello, World! It's 2026.",
        "🙂", "👩‍👩‍👧 family 👍🏽", "我来到北京清华大学。", "混合 mixed 文本 with 数字 2024 年",
        "한국어 텍스트", "Ελληνικά и русский", "\t\t\n\n   \n", String(repeating: " ", count: 300),
        String(repeating: "ab", count: 500), "line1\r\nline2\n", "\u{0}\u{1}\u{7F}", "e\u{301} café",
        String(repeating: "语言模型", count: 200), "<|endoftext|>", "'s 'll 've' '",
    ]

    /// decode(encode(s)) == s for a matrix of strings, through a tokenizer trained on text
    /// that has none of their rarer characters.
    @Test(arguments: roundTrip)
    func roundTrips(_ s: String) throws {
        let bpe = try BPETests.trained()
        #expect(bpe.decode(bpe.encode(s)) == s)
        #expect(bpe.decode(bpe.encode(s, allowingSpecials: true)) == s)
    }

    nonisolated(unsafe) static var cached: BPETokenizer?
    static func trained() throws -> BPETokenizer {
        if let cached { return cached }
        let t = try BPETokenizer.train(Corpus.builtin(.both).text, vocabSize: 512)
        cached = t
        return t
    }

    @Test func specialTokensOnlyWhenAsked() throws {
        let bpe = try BPETests.trained()
        let eot = bpe.specialIDs[BPETokenizer.endOfText]!
        #expect(eot == Int32(bpe.vocabSize - 1))
        let text = "one<|endoftext|>two"
        #expect(!bpe.encode(text).contains(eot))
        let withSpecial = bpe.encode(text, allowingSpecials: true)
        #expect(withSpecial == bpe.encode("one") + [eot] + bpe.encode("two"))
        #expect(bpe.decode(withSpecial) == text)
        #expect(bpe.piece(eot) == "<|endoftext|>")
        // matched on bytes: a combining mark after the name does not hide it
        let accented = "a<|endoftext|>\u{301}b"
        #expect(bpe.encode(accented, allowingSpecials: true).contains(eot))
        #expect(bpe.decode(bpe.encode(accented, allowingSpecials: true)) == accented)
    }

    @Test func saveAndLoadGiveTheSameTokenizer() throws {
        let bpe = try BPETests.trained()
        let dir = try temporaryDirectory()
        try bpe.save(to: dir + "/tok.bpe")
        let loaded = try BPETokenizer.load(from: dir + "/tok.bpe")
        #expect(loaded.merges.map { [$0.0, $0.1] } == bpe.merges.map { [$0.0, $0.1] })
        #expect(loaded.specials == bpe.specials)
        let sample = "The cat sleeps. 猫在睡觉。"
        #expect(loaded.encode(sample) == bpe.encode(sample))
        let vocab = try String(contentsOfFile: dir + "/tok.vocab", encoding: .utf8)
        #expect(vocab.contains("256\t[") && vocab.contains("special"))
    }

    @Test(arguments: [
        ("", "ends early"),
        ("gpt2 merges\n", "not an LLM Lab BPE file"),
        ("llmlab-bpe 1\nsplit words\n", "unknown pre-split"),
        ("llmlab-bpe 1\nsplit gpt2\nspecials 0\nmerges 2\n97 97\n", "ends early"),
        ("llmlab-bpe 1\nsplit gpt2\nspecials 0\nmerges 1\n97 256\n", "only tokens below 256"),
        ("llmlab-bpe 1\nsplit gpt2\nspecials 0\nmerges 1\n97 x\n", "expected two token ids"),
        ("llmlab-bpe 1\nsplit gpt2\nspecials 0\nmerges 0\nextra\n", "unexpected extra content"),
        ("llmlab-bpe 1\nsplit gpt2\nspecials 0\nmerges 999999999999999\n97 97\n", "ends early"),
        ("llmlab-bpe 1\nsplit gpt2\nspecials 2\n<|x|>\n<|x|>\nmerges 0\n", "listed twice"),
        ("llmlab-bpe 1\nsplit gpt2\nspecials 0\nmerges 2\n97 97\n97 97\n", "already joined"),
    ])
    func badFilesGiveClearErrors(content: String, message: String) throws {
        let path = try temporaryDirectory() + "/bad.bpe"
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: LabError.self) { try BPETokenizer.load(from: path) }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(path) == true)
    }

    @Test func tooSmallVocabularyIsAnError() {
        #expect(throws: LabError.self) { try BPETokenizer.train("abc", vocabSize: 100) }
    }

    @Test func piecesShowBytesAndWhitespace() throws {
        let bpe = BPETokenizer(merges: [])
        #expect(bpe.piece(32) == "␣")
        #expect(bpe.piece(10) == "↵")
        #expect(bpe.piece(0xE6) == "<e6>")
        #expect(TokenDisplay.show(Array("我".utf8)) == "我")
        #expect(TokenDisplay.show(Array(" the".utf8)) == "␣the")
    }
}

struct CharTokenizerTests {
    @Test func vocabularyAndUnknowns() {
        let t = CharTokenizer(corpus: "hello 你好")
        #expect(t.vocabSize == 2 + 7)          // <unk>, <|endoftext|>, " ehlo你好"
        #expect(t.decode(t.encode("hello")) == "hello")
        let ids = t.encode("hex!")
        #expect(ids.filter { $0 == CharTokenizer.unknown }.count == 2)
        #expect(t.unknownCount("hex!") == 2)
        #expect(t.decode(ids) == "he\u{FFFD}\u{FFFD}")
        #expect(t.piece(CharTokenizer.unknown) == "<unk>")
        // code-point order: space < e < h < l < o < 你 < 好
        #expect(t.characters.map { String($0) } == [" ", "e", "h", "l", "o", "你", "好"])
    }
}

struct CorpusTests {
    @Test func builtinCorporaAreThere() {
        #expect(Corpus.builtin(.en).documents.count >= 300)
        #expect(Corpus.builtin(.zh).documents.count >= 300)
        let both = Corpus.builtin(.both)
        #expect(both.documents.count == Corpus.builtin(.statements).documents.count + Corpus.builtin(.zh).documents.count)
    }

    @Test func splitIsByPositionAtALineBreak() throws {
        let c = Corpus(documents: (0..<10).map { "line \($0)" }, source: "test")
        let (train, val) = try c.split(trainFraction: 0.9)
        #expect(train + val == c.text)
        #expect(train.hasSuffix("\n"))
        #expect(val == "line 9")
        // no line break after the cut point: the last one before it
        let (t2, v2) = try Corpus(documents: ["first line", "a much longer second line"], source: "t").split(trainFraction: 0.9)
        #expect(t2 == "first line\n" && v2 == "a much longer second line")
        // one line: cut at the character
        let (t3, v3) = try Corpus(documents: ["abcdefghij"], source: "t").split(trainFraction: 0.9)
        #expect(t3 == "abcdefghi" && v3 == "j")
        #expect(throws: LabError.self) { try Corpus(documents: ["x"], source: "t").split(trainFraction: 0.9) }
    }

    @Test func loadsTextJSONAndDirectories() throws {
        let dir = try temporaryDirectory()
        try "plain text\nsecond line".write(toFile: dir + "/a.txt", atomically: true, encoding: .utf8)
        #expect(try Corpus.load(dir + "/a.txt").text == "plain text\nsecond line")
        try Files.createDirectory(dir + "/json")
        try #"["ten"]"#.write(toFile: dir + "/json/d10.json", atomically: true, encoding: .utf8)
        try #"["two", "二"]"#.write(toFile: dir + "/json/d2.json", atomically: true, encoding: .utf8)
        #expect(try Corpus.load(dir + "/json").documents == ["two", "二", "ten"])   // natural order
    }

    @Test func badInputGivesOneLineErrors() throws {
        let dir = try temporaryDirectory()
        func message(_ body: () throws -> Corpus) -> String {
            do { _ = try body(); return "no error" } catch { return String(describing: error) }
        }
        #expect(message { try Corpus.load(dir + "/missing.txt") }.contains("no such file"))
        _ = FileManager.default.createFile(atPath: dir + "/empty.txt", contents: Data())
        #expect(message { try Corpus.load(dir + "/empty.txt") }.contains("empty"))
        _ = FileManager.default.createFile(atPath: dir + "/bad.txt", contents: Data([0x61, 0x62, 0xFF, 0x63]))
        #expect(message { try Corpus.load(dir + "/bad.txt") } == "\(dir)/bad.txt: not valid UTF-8 (first bad byte near offset 2)")
        try #"{"a": 1}"#.write(toFile: dir + "/obj.json", atomically: true, encoding: .utf8)
        #expect(message { try Corpus.load(dir + "/obj.json") }.contains("expected a JSON array of strings"))
        try #"["a", 2]"#.write(toFile: dir + "/mixed.json", atomically: true, encoding: .utf8)
        #expect(message { try Corpus.load(dir + "/mixed.json") }.contains("element 1 is not a string"))
        try "[1,".write(toFile: dir + "/broken.json", atomically: true, encoding: .utf8)
        #expect(message { try Corpus.load(dir + "/broken.json") }.contains("not valid JSON"))
        try Files.createDirectory(dir + "/nojson")
        #expect(message { try Corpus.load(dir + "/nojson") }.contains("no .json files"))
    }
}
