import Foundation
import Testing
@testable import LLMLab

/// Picking the next token: greedy takes the best score, top-k and top-p keep exactly the
/// tokens they should, and plain sampling follows the softmax.
struct SamplerTests {
    static func pick(_ logits: [Float], _ options: SamplingOptions, _ rng: inout RNG) -> Int32 {
        logits.withUnsafeBufferPointer { Sampler.pick($0.baseAddress!, vocab: $0.count, options: options, rng: &rng) }
    }

    @Test func filtersKeepOnlyWhatTheyShould() {
        var rng = RNG(seed: 32)
        let logits: [Float] = [0, 3, 1, 2.5, -1, 2.9]             // most likely first: 1, 5, 3, 2, 0, 4
        let greedy = SamplerTests.pick(logits, .greedy, &rng)
        #expect(greedy == 1)
        var seen = Set<Int32>()
        for _ in 0..<300 { seen.insert(SamplerTests.pick(logits, SamplingOptions(temperature: 1, topK: 1), &rng)) }
        #expect(seen == [1])                                          // top-1 is greedy
        seen = []
        for _ in 0..<300 { seen.insert(SamplerTests.pick(logits, SamplingOptions(temperature: 1, topK: 3), &rng)) }
        #expect(seen == [1, 5, 3])
        seen = []
        for _ in 0..<300 { seen.insert(SamplerTests.pick(logits, SamplingOptions(temperature: 1, topP: 0.01), &rng)) }
        #expect(seen == [1])                                          // the first token already reaches p
        // the top one carries 0.368 of the mass, the top two 0.702, the top three 0.925
        seen = []
        for _ in 0..<600 { seen.insert(SamplerTests.pick(logits, SamplingOptions(temperature: 1, topP: 0.5), &rng)) }
        #expect(seen == [1, 5])
        seen = []
        for _ in 0..<600 { seen.insert(SamplerTests.pick(logits, SamplingOptions(temperature: 1, topP: 0.75), &rng)) }
        #expect(seen == [1, 5, 3])
    }

    @Test func frequenciesFollowTheSoftmax() {
        var rng = RNG(seed: 33)
        let logits: [Float] = [0, 1, 2, 0.5]
        let weights = logits.map { exp(Double($0)) }, z = weights.reduce(0, +)
        var counts = [Int](repeating: 0, count: 4)
        let n = 20000
        for _ in 0..<n { counts[Int(SamplerTests.pick(logits, SamplingOptions(temperature: 1), &rng))] += 1 }
        for j in 0..<4 {
            let expected = weights[j] / z, observed = Double(counts[j]) / Double(n)
            // four standard deviations of a binomial proportion
            #expect(abs(observed - expected) < 4 * (expected * (1 - expected) / Double(n)).squareRoot(), "token \(j)")
        }
    }

    /// What `distribution` reports is what `pick` draws from: softmax at the temperature, cut by
    /// top-k, then top-p, renormalised; greedy is one-hot.
    @Test func distributionIsWhatPickDrawsFrom() {
        let logits: [Float] = [2, 1, 0, -1]
        logits.withUnsafeBufferPointer { l in
            let plain = Sampler.distribution(l.baseAddress!, vocab: 4, options: SamplingOptions(temperature: 1))
            let z = logits.map { expf($0) }.reduce(0, +)
            for j in 0..<4 { #expect(abs(plain[j] - expf(logits[j]) / z) < 1e-6) }
            let cool = Sampler.distribution(l.baseAddress!, vocab: 4, options: SamplingOptions(temperature: 0.5))
            #expect(cool[0] > plain[0] && cool[3] < plain[3])
            let topK = Sampler.distribution(l.baseAddress!, vocab: 4, options: SamplingOptions(temperature: 1, topK: 2))
            #expect(topK[2] == 0 && topK[3] == 0)
            #expect(abs(topK[0] / topK[1] - expf(1)) < 1e-4 && abs(topK[0] + topK[1] - 1) < 1e-6)
            // the top token alone has 0.644 of the mass: top-p 0.5 keeps it only, 0.7 keeps two
            #expect(Sampler.distribution(l.baseAddress!, vocab: 4, options: SamplingOptions(temperature: 1, topP: 0.5)) == [1, 0, 0, 0])
            #expect(Sampler.distribution(l.baseAddress!, vocab: 4, options: SamplingOptions(temperature: 1, topP: 0.7)).filter { $0 > 0 }.count == 2)
            #expect(Sampler.distribution(l.baseAddress!, vocab: 4, options: .greedy) == [1, 0, 0, 0])
        }
    }

    /// Partial selection gives what a full sort would: the k largest, largest first, ties to
    /// the smaller id; and top-p alone keeps the same tokens as cutting the fully sorted list.
    @Test func partialSelectionMatchesAFullSort() {
        var rng = RNG(seed: 5)
        for trial in 0..<40 {
            let n = 1 + Int(rng.next() % 3000)
            // few distinct values, so ties are common
            let values = (0..<n).map { _ in Float(Int(rng.next() % 50)) / 7 }
            let sorted = (0..<n).sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }
            for k in [1, 2, 40, 300, n] {
                let picked = values.withUnsafeBufferPointer { Sampler.largest($0.baseAddress!, count: n, k: k) }
                #expect(picked == Array(sorted.prefix(k)), "trial \(trial), n \(n), k \(k)")
            }
            // top-p alone, against the fully sorted list
            let logits = values
            let weights = logits.map { expf($0 - logits.max()!) }
            let total = weights.reduce(0, +)
            for share: Float in [0.3, 0.9, 0.999] {
                var cumulative: Float = 0, keep = 0
                for id in sorted { cumulative += weights[id] / total; keep += 1; if cumulative >= share { break } }
                let kept = logits.withUnsafeBufferPointer {
                    Sampler.distribution($0.baseAddress!, vocab: n, options: SamplingOptions(temperature: 1, topP: share))
                }
                #expect(Set(kept.indices.filter { kept[$0] > 0 }) == Set(sorted.prefix(keep)), "trial \(trial), top-p \(share)")
            }
        }
    }
}
