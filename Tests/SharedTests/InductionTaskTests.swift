import Testing
@testable import LLMLab

struct InductionTaskTests {
    @Test func sequencesHoldOneStretchAndItsCopyAtRandomDistances() throws {
        let task = try InductionTask(symbols: 9, context: 16, lengths: 3...6)
        var rng = RNG(seed: 5)
        let examples = task.examples(400, &rng)
        var lengths = Set<Int>(), offsets = Set<Int>()
        for e in examples {
            #expect(e.tokens.count == 17)
            #expect(task.lengths.contains(e.length))
            #expect(e.original >= 0 && e.copy >= e.original + e.length && e.copy + e.length <= 16)
            let stretch = Array(e.tokens[e.original..<(e.original + e.length)])
            #expect(Set(stretch).count == e.length)                                          // distinct letters
            #expect(Array(e.tokens[e.copy..<(e.copy + e.length)]) == stretch)                // the copy
            for (i, t) in e.tokens.enumerated() where !(e.original..<(e.original + e.length)).contains(i)
                && !(e.copy..<(e.copy + e.length)).contains(i) {
                #expect(!stretch.contains(t))                                                // filler never uses them
            }
            for i in e.scored {                                                              // the one earlier occurrence
                #expect(e.tokens[0..<i].indices.filter { e.tokens[$0] == e.tokens[i] } == [e.earlier(i)])
                #expect(e.tokens[e.earlier(i) + 1] == e.tokens[i + 1])                       // its successor is the answer
            }
            lengths.insert(e.length)
            offsets.insert(e.copy - e.original)
        }
        #expect(lengths == Set(3...6))
        #expect(offsets.count >= 8)                   // position alone cannot say where the copy is

        let (inputs, targets) = task.batch(Array(examples.prefix(3)))
        #expect(inputs.count == 3 * 16 && targets.count == 3 * 16)
        for (b, e) in examples.prefix(3).enumerated() {
            #expect(Array(inputs[(b * 16)..<(b * 16 + 16)]) == Array(e.tokens[0..<16]))
            for i in 0..<16 {
                #expect(targets[b * 16 + i] == (e.scored.contains(i) ? e.tokens[i + 1] : Batches.ignore))
            }
            #expect(targets[(b * 16)..<(b * 16 + 16)].filter { $0 != Batches.ignore }.count == e.length - 1)
        }
    }

    @Test func sameSeedSameSequences() throws {
        let task = try InductionTask()
        var a = RNG(seed: 9), b = RNG(seed: 9)
        #expect(task.examples(20, &a) == task.examples(20, &b))
    }

    @Test func headScoresOfHandBuiltAttention() throws {
        let task = try InductionTask(symbols: 6, context: 8, lengths: 3...3)
        // A B C F F A B C | E: stretch at 0, copy at 5; scored queries 5 (A) and 6 (B)
        let e = InductionTask.Example(tokens: [0, 1, 2, 5, 5, 0, 1, 2, 4], original: 0, copy: 5, length: 3)
        #expect(e.scored == 5..<7 && e.earlier(5) == 0 && e.earlier(6) == 1)
        let t = 8, heads = 3
        var w = [Float](repeating: 0, count: heads * t * t)
        for i in 0..<t {
            w[0 * t * t + i * t + i] = 1                                   // head 0: every row on itself…
            w[1 * t * t + i * t + max(i - 1, 0)] = 1                       // head 1: on the previous position
            w[2 * t * t + i * t + i] = 1
        }
        for i in e.scored {
            w[0 * t * t + i * t + i] = 0                                   // …but the copy looks past the match
            w[0 * t * t + i * t + e.earlier(i) + 1] = 1
            w[2 * t * t + i * t + i] = 0                                   // head 2: half on the match, half after it
            w[2 * t * t + i * t + e.earlier(i)] = 0.5
            w[2 * t * t + i * t + e.earlier(i) + 1] = 0.5
        }
        let scores = w.withUnsafeBufferPointer { task.headScores($0.baseAddress!, heads: heads, examples: [e]) }
        #expect(scores.count == 3)
        #expect(scores[0] == (0, 1, 0))
        #expect(scores[1] == (0, 0, 1))
        #expect(scores[2] == (0.5, 0.5, 0))

        // two sequences: the averages are over all their scored positions together
        let both = (w + w.map { _ in Float(0) }).withUnsafeBufferPointer {
            task.headScores($0.baseAddress!, heads: heads, examples: [e, e])
        }
        #expect(both[0].induction == 0.5 && both[1].previous == 0.5)
    }

    @Test func badSettingsAndTextAreErrors() throws {
        #expect(throws: LabError.self) { try InductionTask(symbols: 8, context: 24, lengths: 3...8) }   // no letter left for filler
        #expect(throws: LabError.self) { try InductionTask(symbols: 15, context: 10, lengths: 3...6) }  // two stretches do not fit
        #expect(throws: LabError.self) { try InductionTask(symbols: 15, context: 24, lengths: 1...4) }
        let task = try InductionTask(symbols: 5, context: 8, lengths: 2...3)
        #expect(try task.parse("AB E") == [0, 1, 4])
        #expect(throws: LabError.self) { try task.parse("AF") }
        #expect(throws: LabError.self) { try task.parse("A|B") }
        #expect(throws: LabError.self) { try task.parse(String(repeating: "A", count: 9)) }
    }
}
