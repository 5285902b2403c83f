import Foundation
import LabBase
import LabNN

extension GPTConfig {
    /// The config as JSON, with nanoGPT's key names.
    public var json: JSONValue {
        ["vocab_size": .int(vocabSize), "padded_vocab_size": .int(paddedVocabSize), "block_size": .int(blockSize),
         "n_layer": .int(layers), "n_head": .int(heads), "n_embd": .int(channels), "dropout": .double(Double(dropout)),
         "bias": .bool(bias), "norm": .string(norm.rawValue), "positions": .string(positions.rawValue),
         "tied_embeddings": .bool(tiedEmbeddings)]
    }

    public init(json: JSONValue, source: String) throws {
        func field<T>(_ key: String, _ extract: (JSONValue) -> T?) throws -> T {
            guard let v = json[key], let x = extract(v) else { throw LabError("\(source): model config has no valid '\(key)'") }
            return x
        }
        let int: (JSONValue) -> Int? = { if case .int(let i) = $0 { return i }; return nil }
        let bool: (JSONValue) -> Bool? = { if case .bool(let b) = $0 { return b }; return nil }
        let double: (JSONValue) -> Double? = {
            if case .double(let d) = $0 { return d }
            if case .int(let i) = $0 { return Double(i) }
            return nil
        }
        let string: (JSONValue) -> String? = { if case .string(let s) = $0 { return s }; return nil }
        let normName = try field("norm", string), positionName = try field("positions", string)
        guard let norm = Norm(rawValue: normName) else { throw LabError("\(source): unknown norm '\(normName)'") }
        guard let positions = PositionEncoding.Kind(rawValue: positionName) else { throw LabError("\(source): unknown positions '\(positionName)'") }
        self.init(vocabSize: try field("vocab_size", int), paddedVocabSize: try field("padded_vocab_size", int),
                  blockSize: try field("block_size", int), layers: try field("n_layer", int), heads: try field("n_head", int),
                  channels: try field("n_embd", int), dropout: Float(try field("dropout", double)), bias: try field("bias", bool),
                  norm: norm, positions: positions, tiedEmbeddings: try field("tied_embeddings", bool))
        try validate()
    }
}

extension GPT {
    /// Saves the weights (safetensors, one tensor per parameter name) with the config and any
    /// `extra` metadata (a tokenizer, say) in the header. Atomic: a crash leaves the old file.
    public func save(to path: String, extra: [String: String] = [:]) throws {
        var metadata = extra
        metadata["config"] = try config.json.jsonText()
        metadata["format"] = "llmlab-gpt 1"
        try SafeTensors.write(parameters.map { ($0.name, $0.value) }, metadata: metadata, to: path)
    }

    /// Loads a model saved by `save`; returns it with the file's metadata. A missing tensor, a
    /// wrong shape or an unknown config is a one-line error naming the file.
    public static func load(from path: String) throws -> (GPT, [String: String]) {
        let file = try SafeTensors.read(path)
        guard let configText = file.metadata["config"] else { throw LabError("\(path): not an LLM Lab model (no config in its metadata)") }
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(configText.utf8)) else {
            throw LabError("\(path): its config is not valid JSON")
        }
        let config = try GPTConfig(json: json, source: path)    // validated, sizes bounded
        let model = GPT(config)
        for p in model.parameters {
            guard let t = file.tensors[p.name] else { throw LabError("\(path): missing tensor \(p.name)") }
            guard t.shape == p.value.shape else { throw LabError("\(path): tensor \(p.name) has shape \(t.shape), the config needs \(p.value.shape)") }
            p.value.copy(from: t)
        }
        return (model, file.metadata)
    }
}
