import Foundation
import Testing
@testable import LLMLab
@testable import LabText

/// GPT-2's tokenizer against tiktoken, id for id, on texts that stress it: tiny Shakespeare,
/// the lab's Chinese corpus, mixed scripts, emoji, whitespace runs, contractions, digits and
/// 150 random strings (scripts/fixtures/make_gpt2_tokenizer_fixture.py; GPT-2's vocabulary is
/// cut there to the merges these texts touch, which encodes them exactly as the whole does).
@Suite struct GPT2TokenizerParityTests {
    static func load() throws -> (GPT2Tokenizer, [(String, [Int32])]) {
        let text = try String(contentsOf: Fixture.directory.appendingPathComponent("gpt2_tokenizer_fixture.json"), encoding: .utf8)
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let tokenizer = object["tokenizer"], let cases = object["cases"] as? [[String: Any]] else {
            throw LabError("gpt2_tokenizer_fixture.json: unreadable")
        }
        let serialized = String(decoding: try JSONSerialization.data(withJSONObject: tokenizer), as: UTF8.self)
        let t = try GPT2Tokenizer.parse(serialized, source: "gpt2_tokenizer_fixture.json")
        return (t, cases.map { ($0["text"] as! String, ($0["ids"] as! [NSNumber]).map { $0.int32Value }) })
    }

    @Test func encodesLikeTiktoken() throws {
        let (t, cases) = try Self.load()
        #expect(cases.count > 100)
        for (text, ids) in cases {
            let mine = t.encode(text)
            #expect(mine == ids, "\(text.prefix(40).debugDescription)")
            #expect(t.decode(mine) == text)
        }
    }

    /// The parallel path changes nothing: the whole fixture joined into one text (three times
    /// over) encodes the same on 2, 3 and 8 workers, each with a cache of its own, as on one.
    /// (The cache is exercised by every text above: tiny Shakespeare repeats its words.)
    @Test func workersGiveTheSameIds() throws {
        let (t, cases) = try Self.load()
        let joined = String(repeating: cases.map(\.0).joined(separator: "\n"), count: 3)
        let one = t.encode(joined, workers: 1)
        for w in [2, 3, 8] { #expect(t.encode(joined, workers: w, minimumPart: 1000) == one, "workers \(w)") }
        // the cuts fall where a chunk starts: after a newline, before a letter
        var bytes = Array(joined.utf8)
        let cuts = bytes.withUnsafeMutableBufferPointer { GPT2Tokenizer.cutPoints(UnsafeBufferPointer($0), parts: 8, minimumPart: 1000) }
        #expect(cuts.count == 9 && cuts.first == 0 && cuts.last == bytes.count)
        for c in cuts.dropFirst().dropLast() { #expect(bytes[c - 1] == 0x0A && Character(Unicode.Scalar(bytes[c])).isLetter) }
        // and a text too short to split gives the same on many workers
        #expect(t.encode("Hello world", workers: 8) == t.encode("Hello world"))
    }
}
