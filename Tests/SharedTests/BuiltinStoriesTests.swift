import Foundation
import Testing
@testable import LLMLab

struct BuiltinStoriesTests {
    static let stories = BuiltinStories.stories
    static let text = stories.joined(separator: "\n")

    /// The same seed gives the same stories; another seed gives other stories.
    @Test func generationIsDeterministic() {
        let a = BuiltinStories.generate(count: 200, seed: 7)
        #expect(a == BuiltinStories.generate(count: 200, seed: 7))
        #expect(a != BuiltinStories.generate(count: 200, seed: 8))
        #expect(Array(Self.stories.prefix(200)) == BuiltinStories.generate(count: 200, seed: BuiltinStories.defaultSeed))
    }

    /// Sentences end at . ! or ? before a space or the end, or at a closing quote after one of
    /// them before the end or a new sentence: `"Good dog!" said Mia.` is one sentence.
    static func sentenceCount(_ story: String) -> Int {
        let c = Array(story)
        var n = 0
        for i in c.indices where ".!?".contains(c[i]) {
            if i + 1 == c.count || c[i + 1] == " " { n += 1 }
            else if c[i + 1] == "\"" && (i + 2 == c.count || (c[i + 2] == " " && i + 3 < c.count && (c[i + 3] == "\"" || c[i + 3].isUppercase))) { n += 1 }
        }
        return n
    }

    /// About 400 KB, one story per line, each of four to nine sentences.
    @Test func sizeAndShape() {
        let size = Self.text.utf8.count
        #expect(size > 350_000 && size < 450_000, "\(size) bytes")
        #expect(Self.stories.count == BuiltinStories.defaultCount)
        for story in Self.stories {
            #expect(!story.contains("\n") && !story.contains("  ") && story.first!.isUppercase, "\(story)")
            #expect((4...9).contains(Self.sentenceCount(story)), "\(Self.sentenceCount(story)) sentences: \(story)")
            #expect(story.hasSuffix(".") || story.hasSuffix("!") || story.hasSuffix("\""), "\(story)")
        }
    }

    /// Plain ASCII: letters, digits, space and . , ! ? ' " - only.
    @Test func plainASCII() {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,!?'\"-".unicodeScalars)
        let used = Set(Self.text.unicodeScalars).subtracting(["\n"])
        #expect(used.isSubset(of: allowed), "\(used.subtracting(allowed))")
        #expect(used.count < 62, "\(used.count) characters")
    }

    /// Every fact's prompt occurs at least 20 times, always followed by a space and its answer.
    @Test func factsHoldEverywhere() {
        #expect(BuiltinStories.facts.count >= 20)
        let bytes = Array(Self.text.utf8) + [0]
        for (prompt, answer) in BuiltinStories.facts {
            // Every place the prompt occurs (C's strstr: a plain byte search, fast in a debug build).
            var after: [String] = []
            bytes.withUnsafeBufferPointer { buffer in
                let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                var hit = strstr(base, prompt)
                while let h = hit {
                    let start = UnsafePointer(h) - base + prompt.utf8.count
                    let end = min(start + answer.utf8.count + 1, bytes.count - 1)
                    after.append(String(decoding: bytes[start..<end], as: UTF8.self))
                    hit = strstr(base + start, prompt)
                }
            }
            for continuation in after {
                #expect(continuation == " " + answer, "\(prompt) → \(continuation)")
            }
            #expect(after.count >= 20, "\(prompt): \(after.count) times")
        }
    }

    static let numbers = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]

    /// The number words of a sentence, in order.
    static func numbersIn(_ sentence: Substring) -> [Int] {
        sentence.split(whereSeparator: { !$0.isLetter }).compactMap { numbers.firstIndex(of: $0.lowercased()) }
    }

    /// Sums are right. "Now Mia had three apples." follows a sentence that gives Mia a number
    /// of things, and sentences that each add ("… more") or take away one number. A teacher's
    /// "What is a and b?" (or "a take away b") is answered with the right number.
    @Test func arithmeticIsRight() {
        var checkedStories = 0, checkedQuestions = 0
        for story in Self.stories {
            // Sentences, cut after . ! ? when a space and a capital letter or a quote follow.
            var sentences: [Substring] = []
            var start = story.startIndex
            var i = story.startIndex
            while i < story.endIndex {
                let next = story.index(after: i)
                if ".!?".contains(story[i]), next == story.endIndex || story[next] == " " {
                    sentences.append(story[start...i])
                    start = next == story.endIndex ? next : story.index(after: next)
                }
                i = next
            }
            for (k, sentence) in sentences.enumerated() {
                if sentence.hasPrefix("Now ") {
                    let words = sentence.split(separator: " ")
                    let name = String(words[1])
                    guard let j = sentences[..<k].lastIndex(where: { $0.hasPrefix(name + " ") && !Self.numbersIn($0).isEmpty }) else {
                        Issue.record("no start for: \(sentence) in \(story)")
                        continue
                    }
                    var have = Self.numbersIn(sentences[j])[0]
                    for step in sentences[(j + 1)..<k] {
                        let m = Self.numbersIn(step)
                        #expect(m.count == 1, "\(step)")
                        have += step.contains(" more") ? m[0] : -m[0]
                    }
                    #expect(Self.numbersIn(sentence) == [have], "\(story)")
                    checkedStories += 1
                }
                if sentence.hasPrefix("\"What is "), k + 1 < sentences.count {
                    let q = Self.numbersIn(sentence)
                    let answer = sentence.contains("take away") ? q[0] - q[1] : q[0] + q[1]
                    let reply = sentences[(k + 1)...].first { $0.hasPrefix("\"") && $0.contains("!\" said") }!
                    #expect(Self.numbersIn(reply) == [answer], "\(sentence) \(reply)")
                    checkedQuestions += 1
                }
            }
        }
        #expect(checkedStories > 100 && checkedQuestions > 50, "\(checkedStories) sums, \(checkedQuestions) questions")
    }

    /// The held-out last tenth is not a copy of the rest: fewer than 5% of its stories occur
    /// verbatim in the first 90%.
    @Test func lastTenthIsNew() {
        let cut = Self.stories.count * 9 / 10
        let seen = Set(Self.stories[..<cut])
        let copies = Self.stories[cut...].filter { seen.contains($0) }.count
        #expect(copies * 20 < Self.stories.count - cut, "\(copies) of \(Self.stories.count - cut)")
    }

    @Test func englishCorpusHoldsStoriesAndStatements() {
        let corpus = Corpus.builtin(.en), statements = Corpus.builtin(.statements).documents
        #expect(corpus.documents.count == BuiltinStories.stories.count + statements.count)
        #expect(corpus.documents.filter { statements.contains($0) }.count >= statements.count)
        #expect(corpus.documents.filter { BuiltinStories.stories.contains($0) }.count == BuiltinStories.stories.count)
        // both sides of the lessons' 90/10 split hold both kinds
        let (train, val) = try! corpus.split(trainFraction: 0.9)
        for part in [train, val] {
            #expect(statements.contains { part.contains($0) })
            #expect(BuiltinStories.stories.contains { part.contains($0) })
        }
    }
}
