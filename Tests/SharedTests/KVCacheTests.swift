import Foundation
import Testing
@testable import LLMLab

/// Incremental decoding with the KV cache gives the logits of a full forward pass, position by
/// position, whether the tokens come one at a time or in chunks.
struct KVCacheTests {
    static let configs = [
        GPTConfig(vocabSize: 23, paddedVocabSize: 32, blockSize: 16, layers: 3, heads: 2, channels: 16),
        GPTConfig(vocabSize: 23, blockSize: 16, layers: 2, heads: 4, channels: 16, bias: false, norm: .post,
                  positions: .sinusoidal, tiedEmbeddings: false),
    ]

    @Test(arguments: configs)
    func cachedLogitsEqualAFullForwardPass(config: GPTConfig) {
        var rng = RNG(seed: 21)
        let model = GPT(config)
        model.initialize(&rng)
        for p in model.parameters { p.value.fillNormal(&rng, mean: p.name.contains("ln") && p.name.hasSuffix("weight") ? 1 : 0, std: 0.3) }
        let ids: [Int32] = (0..<14).map { _ in Int32(rng.int(below: 23)) }
        let full = model.forward(ids, batch: 1, length: ids.count, rng: &rng).values
        let vp = config.paddedVocabSize
        // rounding scales with the logits: a one-row product (decoding) sums in another order
        // than the many-row product of the full pass
        let scale = max(1, full.map(abs).max()!)
        for chunks in [[5, 1, 1, 1, 1, 1, 1, 1, 1, 1], [1, 13], [14], [3, 4, 7]] {
            let cache = KVCache(model)
            var at = 0, worst: Float = 0
            for n in chunks {
                let logits = model.forward(Array(ids[at..<(at + n)]), cache: cache)
                for i in 0..<n {
                    for j in 0..<config.vocabSize {
                        worst = max(worst, abs(logits.pointer[i * vp + j] - full[(at + i) * vp + j]))
                    }
                }
                at += n
            }
            #expect(cache.count == 14)
            #expect(worst < 1e-6 * scale, "chunks \(chunks): max abs diff \(worst), logits up to \(scale)")
            cache.reset()
            #expect(cache.count == 0)
        }
    }

    /// Greedy generation through the cache picks what full forward passes pick, also across a
    /// context overflow (where the cache is rebuilt from the newest half).
    @Test func greedyGenerationMatchesFullPasses() {
        var rng = RNG(seed: 5)
        let config = GPTConfig(vocabSize: 17, blockSize: 8, layers: 2, heads: 2, channels: 16)
        let model = GPT(config)
        model.initialize(&rng)
        for p in model.parameters { p.value.fillNormal(&rng, mean: p.name.contains("ln") && p.name.hasSuffix("weight") ? 1 : 0, std: 0.5) }
        let prompt: [Int32] = [3, 1, 4]
        let fast = Sampler.generate(model, prompt: prompt, count: 12, options: .greedy, rng: &rng)
        // the same rule without a cache: the context after an overflow is the newest half + 1
        var tokens = prompt, window = prompt, slow: [Int32] = []
        for _ in 0..<12 {
            let logits = model.forward(window, batch: 1, length: window.count, rng: &rng)
            let row = logits.pointer + (window.count - 1) * config.paddedVocabSize
            let next = Int32((0..<config.vocabSize).max { row[$0] < row[$1] }!)
            slow.append(next); tokens.append(next)
            window = window.count == config.blockSize ? Array(tokens.suffix(config.blockSize / 2 + 1)) : window + [next]
        }
        #expect(fast == slow)
    }
}
