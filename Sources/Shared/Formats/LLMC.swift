import Foundation
import LabBase
import LabNN

/// karpathy/llm.c's file formats for GPT-2, read and written, so the files its users already
/// have just work.
///
/// Model file: a header of 256 int32 (magic 20240326; version 3 = fp32 weights, 5 = bf16;
/// max sequence length, vocabulary, layers, heads, channels, padded vocabulary), then 16
/// tensors in this order, each layer-major (all layers of `ln1w`, then all of `ln1b`, …):
///
///     wte (Vp, C)  wpe (maxT, C)  ln1w (L, C)  ln1b (L, C)  qkvw (L, 3C, C)  qkvb (L, 3C)
///     attprojw (L, C, C)  attprojb (L, C)  ln2w (L, C)  ln2b (L, C)  fcw (L, 4C, C)  fcb (L, 4C)
///     fcprojw (L, C, 4C)  fcprojb (L, C)  lnfw (C)  lnfb (C)
///
/// Weights are stored (out, in), as this lab's `Linear` stores them. The vocabulary is padded
/// (50257 → 50304 for GPT-2) so the output matrix has a round number of rows; the padded rows
/// are never predicted.
public enum LLMC {
    public static let modelMagic: Int32 = 20240326
    public static let debugMagic: Int32 = 20240327

    /// The 16 tensors: llm.c's name, shape, and the lab's parameter name for layer l (nil: the
    /// tensor is not per layer).
    public static func layout(_ c: GPTConfig) -> [(name: String, shape: [Int], ours: (Int?) -> String)] {
        let (v, t, l, ch) = (c.paddedVocabSize, c.blockSize, c.layers, c.channels)
        func perLayer(_ name: String, _ rest: [Int], _ ours: String) -> (String, [Int], (Int?) -> String) {
            (name, [l] + rest, { "h.\($0!)." + ours })
        }
        return [
            ("wte", [v, ch], { _ in "wte.weight" }), ("wpe", [t, ch], { _ in "wpe.weight" }),
            perLayer("ln1w", [ch], "ln_1.weight"), perLayer("ln1b", [ch], "ln_1.bias"),
            perLayer("qkvw", [3 * ch, ch], "attn.qkv.weight"), perLayer("qkvb", [3 * ch], "attn.qkv.bias"),
            perLayer("attprojw", [ch, ch], "attn.proj.weight"), perLayer("attprojb", [ch], "attn.proj.bias"),
            perLayer("ln2w", [ch], "ln_2.weight"), perLayer("ln2b", [ch], "ln_2.bias"),
            perLayer("fcw", [4 * ch, ch], "mlp.fc.weight"), perLayer("fcb", [4 * ch], "mlp.fc.bias"),
            perLayer("fcprojw", [ch, 4 * ch], "mlp.proj.weight"), perLayer("fcprojb", [ch], "mlp.proj.bias"),
            ("lnfw", [ch], { _ in "ln_f.weight" }), ("lnfb", [ch], { _ in "ln_f.bias" }),
        ]
    }

    /// Every tensor but the embeddings and the final LayerNorm has one slice per layer.
    public static func isPerLayer(_ name: String) -> Bool { !(name == "wte" || name == "wpe" || name.hasPrefix("lnf")) }

    /// GPT-2 as llm.c builds it: tanh GELU, Pre-LN, learned positions, tied head, biases.
    public static func config(vocab: Int, paddedVocab: Int, maxT: Int, layers: Int, heads: Int, channels: Int) -> GPTConfig {
        GPTConfig(vocabSize: vocab, paddedVocabSize: paddedVocab, blockSize: maxT, layers: layers, heads: heads, channels: channels)
    }

    static func header(_ data: Data, _ path: String, magic: Int32, what: String) throws -> [Int32] {
        guard data.count >= 1024 else { throw LabError("\(path): \(data.count) bytes, too short for an llm.c \(what) header (1024)") }
        let h = data.prefix(1024).withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) }.map { Int32(littleEndian: $0) }
        guard h[0] == magic else { throw LabError("\(path): not an llm.c \(what) file (magic \(h[0]), expected \(magic))") }
        return h
    }

    /// Reads a model file (version 3, fp32; or version 5, bf16) into a GPT.
    public static func readModel(_ path: String) throws -> GPT {
        let data = try Files.read(path)
        let h = try header(data, path, magic: modelMagic, what: "model")
        guard h[1] == 3 || h[1] == 5 else { throw LabError("\(path): model version \(h[1]); versions 3 (fp32) and 5 (bf16) are supported") }
        let (maxT, v, l, nh, c, vp) = (Int(h[2]), Int(h[3]), Int(h[4]), Int(h[5]), Int(h[6]), Int(h[7]))
        guard maxT > 0, v > 0, l > 0, nh > 0, c > 0, c % nh == 0, vp >= v else {
            throw LabError("\(path): header fields do not describe a GPT-2 (maxT \(maxT), vocab \(v), layers \(l), heads \(nh), channels \(c), padded vocab \(vp))")
        }
        let config = self.config(vocab: v, paddedVocab: vp, maxT: maxT, layers: l, heads: nh, channels: c)
        try config.validate()
        let bytesPer = h[1] == 3 ? 4 : 2
        let count = layout(config).reduce(0) { $0 + $1.shape.reduce(1, *) }
        guard data.count == 1024 + bytesPer * count else {
            throw LabError("\(path): \(data.count - 1024) bytes of weights, the header needs \(bytesPer * count) (truncated or mismatched)")
        }
        // straight from the file's bytes into the weights (no intermediate array: GPT-2 is 500 MB)
        let model = GPT(config)
        let byName = Dictionary(uniqueKeysWithValues: model.parameters.map { ($0.name, $0) })
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var at = 1024
            for (name, shape, ours) in layout(config) {
                let layers = isPerLayer(name) ? shape[0] : 1
                let size = shape.reduce(1, *) / layers
                for layer in 0..<layers {
                    let w = byName[ours(isPerLayer(name) ? layer : nil)]!.value.pointer
                    for i in 0..<size {
                        w[i] = bytesPer == 4
                            ? Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at + 4 * i, as: UInt32.self)))
                            : Float(bitPattern: UInt32(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: at + 2 * i, as: UInt16.self))) << 16)  // bf16
                    }
                    at += bytesPer * size
                }
            }
        }
        return model
    }

    /// Copies a flat array in llm.c order into the model's parameters (or, with `grads`, into
    /// their gradients).
    public static func load(_ flat: [Float], into model: GPT, grads: Bool = false, source: String) throws {
        let byName = Dictionary(uniqueKeysWithValues: model.parameters.map { ($0.name, $0) })
        var offset = 0
        for (name, shape, ours) in layout(model.config) {
            let layers = isPerLayer(name) ? shape[0] : 1
            let size = shape.reduce(1, *) / layers
            for layer in 0..<layers {
                guard let p = byName[ours(isPerLayer(name) ? layer : nil)], p.count == size else {
                    throw LabError("\(source): tensor \(name) does not fit the model")
                }
                let target = grads ? p.grad : p.value
                flat.withUnsafeBufferPointer { target.pointer.update(from: $0.baseAddress! + offset, count: size) }
                offset += size
            }
        }
        guard offset == flat.count else { throw LabError("\(source): \(flat.count) numbers for \(offset) parameters") }
    }

    /// The model's parameters (or gradients) as one flat array in llm.c order.
    public static func flatten(_ model: GPT, grads: Bool = false) -> [Float] {
        let byName = Dictionary(uniqueKeysWithValues: model.parameters.map { ($0.name, $0) })
        var out: [Float] = []
        for (name, shape, ours) in layout(model.config) {
            let layers = isPerLayer(name) ? shape[0] : 1
            for layer in 0..<layers {
                out += (grads ? byName[ours(isPerLayer(name) ? layer : nil)]!.grad : byName[ours(isPerLayer(name) ? layer : nil)]!.value).values
            }
        }
        return out
    }

    /// Writes a model file, version 3 (fp32), that llm.c reads.
    public static func writeModel(_ model: GPT, to path: String) throws {
        let c = model.config
        guard c.bias, c.norm == .pre, c.positions == .learned, c.tiedEmbeddings else {
            throw LabError("llm.c's format holds only GPT-2's shape: biases, Pre-LN, learned positions, tied head")
        }
        var h = [Int32](repeating: 0, count: 256)
        (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]) = (modelMagic, 3, Int32(c.blockSize), Int32(c.vocabSize), Int32(c.layers),
                                                            Int32(c.heads), Int32(c.channels), Int32(c.paddedVocabSize))
        let byName = Dictionary(uniqueKeysWithValues: model.parameters.map { ($0.name, $0) })
        try Files.writeAtomically(to: path) { write in
            try write(h.withUnsafeBytes { Data($0) })
            for (name, shape, ours) in layout(c) {                    // each tensor straight from the model
                for layer in 0..<(isPerLayer(name) ? shape[0] : 1) {
                    try write(Files.bytes(of: byName[ours(isPerLayer(name) ? layer : nil)]!.value))
                }
            }
        }
    }

    /// llm.c's debug state: a batch, the logits and loss PyTorch computed for it, and every
    /// gradient, for checking a GPT-2 implementation against the reference.
    public struct DebugState {
        public let b: Int, t: Int
        public let inputs: [Int32], targets: [Int32]
        public let logits: [Float]            // (B, T, V), unpadded
        public let loss: Float
        public let grads: [Float]             // llm.c order, padded like the weights
    }

    public static func readDebugState(_ path: String, config: GPTConfig) throws -> DebugState {
        let data = try Files.read(path)
        let h = try header(data, path, magic: debugMagic, what: "debug state")
        guard h[1] == 2 else { throw LabError("\(path): debug state version \(h[1]), only version 2 is supported") }
        let (b, t) = (Int(h[2]), Int(h[3]))
        guard b > 0, t > 0, t <= config.blockSize else { throw LabError("\(path): batch \(b) × \(t) does not fit a model of context \(config.blockSize)") }
        let params = layout(config).reduce(0) { $0 + $1.shape.reduce(1, *) }
        let expected = 1024 + 4 * (2 * b * t) + 4 * (b * t * config.vocabSize) + 4 + 4 * params
        guard data.count == expected else {
            throw LabError("\(path): \(data.count) bytes, expected \(expected) for B=\(b) T=\(t) with this model (truncated or mismatched)")
        }
        let body = data.dropFirst(1024).withUnsafeBytes { Array($0.bindMemory(to: UInt32.self)) }.map { UInt32(littleEndian: $0) }
        var i = 0
        func take(_ n: Int) -> ArraySlice<UInt32> { defer { i += n }; return body[i..<(i + n)] }
        let inputs = take(b * t).map { Int32(bitPattern: $0) }, targets = take(b * t).map { Int32(bitPattern: $0) }
        let logits = take(b * t * config.vocabSize).map { Float(bitPattern: $0) }
        let loss = Float(bitPattern: take(1).first!)
        let grads = take(params).map { Float(bitPattern: $0) }
        guard inputs.allSatisfy({ $0 >= 0 && Int($0) < config.vocabSize }), targets.allSatisfy({ $0 >= 0 && Int($0) < config.vocabSize }) else {
            throw LabError("\(path): token ids outside the vocabulary of \(config.vocabSize)")
        }
        return DebugState(b: b, t: t, inputs: inputs, targets: targets, logits: logits, loss: loss, grads: grads)
    }
}
