import Foundation
import Testing
import LLMLab
@testable import LabText

/// jieba's algorithm (HMM off): a hand-made dictionary checks the DAG and the route always;
/// jieba's own dictionary (python3-jieba, which scripts/setup installs) checks known
/// segmentations. `scripts/jieba/compare.py` holds the whole algorithm against jieba itself.
struct WordSegmenterTests {
    static var debianPresent: Bool { FileManager.default.fileExists(atPath: WordSegmenter.debianDictionary) }

    static func tiny(_ lines: [String]) throws -> WordSegmenter {
        try WordSegmenter(data: Data((lines.joined(separator: "\n") + "\n").utf8), source: "tiny")
    }

    /// The route maximises the product of word probabilities; unknown characters stand alone.
    @Test func routeMaximisesTheProbabilityOfTheWords() throws {
        // 北京 and 大学 are likelier together than 北京大 + 学; 清华大学 beats 清华 + 大学
        let s = try Self.tiny(["北京 100", "北京大 1", "大学 100", "学 10", "清华 50", "清华大学 80", "我 500", "来到 60", "来 40", "到 40"])
        #expect(s.segment("我来到北京清华大学") == ["我", "来到", "北京", "清华大学"])
        #expect(s.segment("北京大学") == ["北京", "大学"])
        #expect(s.segment("我在北京") == ["我", "在", "北京"])              // 在 is not in the dictionary
        #expect(s.words == 10)
    }

    /// Letters and digits run together; punctuation and other scripts are one word per
    /// character; whitespace is kept; joining the words gives the text back.
    @Test func mixedTextKeepsEveryCharacter() throws {
        let s = try Self.tiny(["模型 10", "参数 10"])
        let text = "GPT2模型有15亿参数，abc123 def！\t中文 Ünï 😀\r\nend"
        let words = s.segment(text)
        #expect(words.joined() == text)
        #expect(words.contains("GPT2") && words.contains("abc123") && words.contains("模型") && words.contains("\r\n"))
        #expect(words.contains("，") && words.contains("\t") && words.contains("Ü") && words.contains("😀"))
        #expect(s.segment("") == [])
    }

    @Test func badDictionariesAreClearErrors() throws {
        let missing = #expect(throws: LabError.self) { try WordSegmenter.load("/no/such/dict.txt") }
        #expect(missing?.message.contains("/no/such/dict.txt") == true && missing?.message.contains("python3-jieba") == true)
        let bad = #expect(throws: LabError.self) { try Self.tiny(["好 1", "坏"]) }
        #expect(bad?.message.contains("tiny:2") == true, "\(bad?.message ?? "")")
        #expect(throws: LabError.self) { try Self.tiny([""]) }
    }

    @Test(.enabled(if: debianPresent, "python3-jieba's dict.txt is not installed (scripts/setup installs it)"))
    func jiebasKnownSegmentations() throws {
        let s = try WordSegmenter.load()
        #expect(s.segment("我来到北京清华大学") == ["我", "来到", "北京", "清华大学"])
        #expect(s.segment("他来到了网易杭研大厦") == ["他", "来到", "了", "网易", "杭", "研", "大厦"])
        // what jieba.cut(…, HMM=False) gives (with its HMM on, 小明 would be found as a name)
        #expect(s.segment("小明硕士毕业于中国科学院计算所") == ["小", "明", "硕士", "毕业", "于", "中国科学院", "计算所"])
        #expect(s.segment("我用Swift写了3个GPT模型。") == ["我", "用", "Swift", "写", "了", "3", "个", "GPT", "模型", "。"])
    }

    /// Encode and decode are inverse; only words and characters outside the vocabulary cost
    /// anything, and only characters never seen become <unk>.
    @Test func wordTokenizerRoundTripsAndSpellsOutWhatItDoesNotKnow() throws {
        let s = try Self.tiny(["我们 100", "学习 100", "模型 100", "语言 100"])
        let tok = WordTokenizer(training: "我们学习语言模型。我们学习模型。Hello", segmenter: s, minCount: 2)
        #expect(tok.words == ["学习", "我们", "模型"])                // 语言 appears once: spelled out
        let ids = tok.encode("我们学习语言模型。")
        #expect(ids.count == 6 && !ids.contains(CharTokenizer.unknown))  // 我们 学习 语 言 模型 。
        #expect(tok.decode(ids) == "我们学习语言模型。")
        let unseen = tok.encode("我们吃饭")                                 // 吃 and 饭 never seen
        #expect(unseen.filter { $0 == CharTokenizer.unknown }.count == 2 && tok.decode(unseen) == "我们��")
        let back = try WordTokenizer.parse(tok.serialized, source: "test")
        #expect(back.words == tok.words && back.characters == tok.characters)
        #expect(tok.encode("") == [] && tok.piece(CharTokenizer.unknown) == "<unk>")
    }
}
