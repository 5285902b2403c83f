import Foundation
import Testing
import LLMLab

/// Each parameter declares how it starts; nothing is decided by its name.
struct InitializerTests {
    @Test func gptStartsAsGPT2Does() {
        let layers = 3
        let model = GPT(GPTConfig(vocabSize: 50, blockSize: 16, layers: layers, heads: 2, channels: 32))
        var rng = RNG(seed: 7)
        model.initialize(&rng)
        let residualStd = 0.02 / Float(2 * layers).squareRoot()
        func std(_ p: Parameter) -> Float {
            let x = (0..<p.count).map { Double(p.value.pointer[$0]) }
            let mean = x.reduce(0, +) / Double(x.count)
            return Float((x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(x.count)).squareRoot())
        }
        for block in model.blocks {
            #expect(block.attn.proj.weight.initializer == .normal(std: residualStd))
            #expect(block.fcProj.weight.initializer == .normal(std: residualStd))
            #expect(abs(std(block.fcProj.weight) - residualStd) < 0.1 * residualStd)
            #expect(abs(std(block.fc.weight) - 0.02) < 0.002)
            for gain in [block.ln1.gain, block.ln2.gain] {
                #expect((0..<gain.count).allSatisfy { gain.value.pointer[$0] == 1 })
            }
        }
        for p in model.parameters where p.value.rank == 1 && p.initializer == .zeros {
            #expect((0..<p.count).allSatisfy { p.value.pointer[$0] == 0 }, "\(p.name)")
        }
        #expect(model.lnf.gain.initializer == .ones)
        #expect(model.parameters.allSatisfy { $0.initializer != .fixed })
    }

    /// A layer renamed or added keeps its declared start: a LayerNorm under any name starts at gain 1.
    @Test func initialisationDoesNotDependOnNames() {
        let norm = LayerNorm(4, name: "any.other.name.")
        var rng = RNG(seed: 1)
        norm.gain.value.fill(5)
        norm.initialize(&rng)
        #expect((0..<4).allSatisfy { norm.gain.value.pointer[$0] == 1 && norm.bias!.value.pointer[$0] == 0 })
    }
}

struct GPTConfigTests {
    /// The estimate that sizes memory and FLOPs counts exactly the parameters a model gets.
    @Test(arguments: [(true, true, PositionEncoding.Kind.learned), (false, true, .sinusoidal), (true, false, .learned), (false, false, .sinusoidal)])
    func parameterEstimateIsExact(bias: Bool, tied: Bool, positions: PositionEncoding.Kind) {
        let c = GPTConfig(vocabSize: 61, paddedVocabSize: GPTConfig.padded(61), blockSize: 24, layers: 2, heads: 2, channels: 16,
                          bias: bias, positions: positions, tiedEmbeddings: tied)
        #expect(GPT(c).parameterCount == c.parameterEstimate)
    }

    @Test func gpt2SmallIs124M() {
        let c = GPTConfig.Preset.gpt2_124m.config
        #expect(c.paddedVocabSize == 50304 && c.layers == 12 && c.channels == 768)
        #expect(c.parameterEstimate == 124_475_904)          // llm.c's count, with the padded rows
        // 6 N + 12 L T C at T = 64, per token
        #expect(c.trainingFLOPsPerToken(context: 64) == 6 * 124_475_904 + 12 * 12 * 64 * 768)
    }
}
