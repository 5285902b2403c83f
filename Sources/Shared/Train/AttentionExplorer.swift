import Foundation
import LabBase
import LabText
import LabNN
import LabFormats
import LabReport

/// A model's attention on a sequence, read out of one forward pass and drawn as the
/// interactive page of `AttentionPage` (the `attention` tool's, and what a lesson writes
/// beside its heatmaps in one line):
///
///     try AttentionExplorer.write(model: model, tokens: ids, labels: ids.map(tokenizer.piece), to: dir + "/attention.html")
public enum AttentionExplorer {
    /// Every layer's and head's attention weights with `model` reading `tokens` (one sequence,
    /// dropout off), labelled `labels`. Checks what a forward pass would trap on: no tokens,
    /// more than the context, an id outside the vocabulary.
    public static func maps(model: GPT, tokens: [Int32], labels: [String]) throws -> AttentionMaps {
        let c = model.config, t = tokens.count
        guard t > 0 else { throw LabError("no tokens to read") }
        guard t <= c.blockSize else { throw LabError("\(t) tokens, more than the model's context of \(c.blockSize)") }
        if let bad = tokens.first(where: { $0 < 0 || Int($0) >= c.vocabSize }) {
            throw LabError("token id \(bad) is outside the model's vocabulary of \(c.vocabSize)")
        }
        guard labels.count == t else { throw LabError("\(labels.count) labels for \(t) tokens") }
        var rng = RNG(seed: 0)                    // unused: dropout is off outside training
        _ = model.forward(tokens, batch: 1, length: t, training: false, rng: &rng)
        var weights: [Float] = []
        weights.reserveCapacity(c.layers * c.heads * t * t)
        for block in model.blocks {
            guard let att = block.attn.weights, att.count == c.heads * t * t else {
                preconditionFailure("attention weights of the last forward pass have the wrong shape")
            }
            weights += att.buffer
        }
        return AttentionMaps(layers: c.layers, heads: c.heads, tokens: labels, weights: weights)
    }

    /// The page for `model` reading `tokens`: `AttentionPage.html` of `maps`.
    public static func html(model: GPT, tokens: [Int32], labels: [String], title: String = "Attention",
                            subtitle: String = "", decimals: Int = 6) throws -> String {
        let m = try maps(model: model, tokens: tokens, labels: labels)
        return AttentionPage.html(m, title: title, subtitle: subtitle, decimals: decimals)
    }

    /// Writes the page to `path` (atomically: the old file or the new one, never half of it).
    public static func write(model: GPT, tokens: [Int32], labels: [String], to path: String, title: String = "Attention",
                             subtitle: String = "", decimals: Int = 6) throws {
        let page = try html(model: model, tokens: tokens, labels: labels, title: title, subtitle: subtitle, decimals: decimals)
        try Files.writeAtomically(page, to: path)
    }

    /// The tokenizer for a model that carries none (an llm.c model file): an llm.c tokenizer
    /// file, or a directory with GPT-2's vocab.json and merges.txt (Hugging Face) or
    /// encoder.json and vocab.bpe (OpenAI's), refused unless its vocabulary is the model's.
    public static func tokenizer(_ path: String, for model: GPTConfig) throws -> any Tokenizer {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw LabError("\(path): no such file or directory") }
        let tokenizer: any Tokenizer
        if isDirectory.boolValue {
            if let t = try HuggingFace.readTokenizer(path) {
                tokenizer = t
            } else if FileManager.default.fileExists(atPath: path + "/encoder.json"), FileManager.default.fileExists(atPath: path + "/vocab.bpe") {
                tokenizer = try GPT2Tokenizer.load(encoder: path + "/encoder.json", merges: path + "/vocab.bpe")
            } else {
                throw LabError("\(path): a directory without GPT-2's vocab.json and merges.txt (or encoder.json and vocab.bpe)")
            }
        } else {
            tokenizer = try LLMCTokenizer.read(path)
        }
        guard tokenizer.vocabSize == model.vocabSize else {
            throw LabError("\(path): the tokenizer has \(tokenizer.vocabSize) tokens but the model's vocabulary is \(model.vocabSize)")
        }
        return tokenizer
    }
}
