import Foundation
import LabBase
import LabText
import LabNN
import LabOptim
import LabFormats

/// A training checkpoint: everything needed to continue a run exactly.
///
/// One safetensors file (open it from Python with `safetensors.numpy.load_file`):
/// - tensors: every parameter by name (`h.0.attn.qkv.weight`, …) and the optimizer's state
///   (`m.<name>`, `v.<name>` for Adam; `momentum.<name>` for SGD with momentum);
/// - metadata (strings): `format`, the model `config` and the full `train_config` (JSON), the
///   `tokenizer` and its kind, the `data_key` of the tokenized corpus, `step`, the two RNG
///   streams (data/dropout and sampling), early-stopping state, and the validation loss.
public struct Checkpoint {
    public static let format = "llmlab-checkpoint 1"

    public var step: Int
    public var valLoss: Float
    public var bestValLoss: Float
    public var bestStep: Int
    public var evalsSinceBest: Int
    public var rng: RNG
    public var sampleRNG: RNG
    public var trainConfig: JSONValue
    public var dataKey: String

    public func save(model: GPT, optimizer: any Optimizer, tokenizer: any Tokenizer, to path: String) throws {
        let metadata: [String: String] = [
            "format": Checkpoint.format,
            "config": try model.config.json.jsonText(),
            "train_config": try trainConfig.jsonText(),
            "tokenizer_kind": tokenizer.kind,
            "tokenizer": tokenizer.serialized,
            "data_key": dataKey,
            "optimizer": optimizer.name,
            "optimizer_step": String(optimizer.step),
            "step": String(step),
            "val_loss": String(valLoss),
            "best_val_loss": String(bestValLoss),
            "best_step": String(bestStep),
            "evals_since_best": String(evalsSinceBest),
            "rng": rng.state.map(String.init).joined(separator: " "),
            "sample_rng": sampleRNG.state.map(String.init).joined(separator: " "),
        ]
        let tensors = model.parameters.map { ($0.name, $0.value) } + optimizer.state
        try SafeTensors.write(tensors, metadata: metadata, to: path)
    }

    /// A checkpoint's file, read and checked: the model it holds (weights loaded), its
    /// tokenizer, and the training state. The optimizer state is applied by `restore`.
    public struct Loaded {
        public let checkpoint: Checkpoint
        public let model: GPT
        public let tokenizer: any Tokenizer
        public let file: SafeTensors.File
        public let path: String

        /// Copies the saved optimizer state into `optimizer` (which must be of the saved kind,
        /// over this model's parameters).
        public func restore(_ optimizer: any Optimizer) throws {
            guard file.metadata["optimizer"] == optimizer.name else {
                throw LabError("\(path): saved with optimizer \(file.metadata["optimizer"] ?? "?"), this run uses \(optimizer.name)")
            }
            for (name, tensor) in optimizer.state {
                guard let saved = file.tensors[name], saved.shape == tensor.shape else {
                    throw LabError("\(path): optimizer state \(name) is missing or has the wrong shape")
                }
                tensor.copy(from: saved)
            }
            optimizer.restore(step: Int(file.metadata["optimizer_step"] ?? "") ?? checkpoint.step)
        }
    }

    /// The model a checkpoint stands for, as an ordinary model: its weights, with a LoRA run's
    /// adapters (its A and B, at the rank, alpha and targets of its training options) folded
    /// in. What a reader of the checkpoint that is not resuming it (08-chat, `convert`) wants.
    public static func mergedModel(_ loaded: Loaded) throws -> GPT {
        guard case .object(let options) = loaded.checkpoint.trainConfig, let rankValue = options["lora-rank"],
              case .int(let rank) = rankValue, rank > 0 else { return loaded.model }
        var c = TrainConfig()
        for key in ["lora-rank", "lora-alpha", "lora-targets"] {
            guard let v = options[key] else { throw LabError("\(loaded.path): a LoRA checkpoint without '\(key)' in its training options") }
            try c.set(key, v, source: loaded.path)
        }
        var unused = RNG(seed: 0)                       // A and B come from the file
        let adapters = try loaded.model.addAdapters(c.loraTargets, rank: c.loraRank, alpha: c.loraAlpha, rng: &unused)
        for p in adapters.flatMap(\.parameters) {
            guard let t = loaded.file.tensors[p.name], t.shape == p.value.shape else {
                throw LabError("\(loaded.path): a LoRA checkpoint without its tensor \(p.name) of shape \(p.value.shape)")
            }
            p.value.copy(from: t)
        }
        loaded.model.mergeAdapters()
        for l in loaded.model.linears { l.frozen = false }      // an ordinary model, as one read from a file
        return loaded.model
    }

    public static func load(_ path: String) throws -> Loaded {
        let file = try SafeTensors.read(path)
        let meta = file.metadata
        guard meta["format"] == format else {
            throw LabError("\(path): not an LLM Lab training checkpoint (format '\(meta["format"] ?? "none")', expected '\(format)')")
        }
        func field(_ key: String) throws -> String {
            guard let v = meta[key] else { throw LabError("\(path): checkpoint metadata has no '\(key)'") }
            return v
        }
        func number<T: LosslessStringConvertible>(_ key: String, _ type: T.Type) throws -> T {
            guard let v = T(try field(key)) else { throw LabError("\(path): checkpoint metadata '\(key)' is not a number") }
            return v
        }
        func rngState(_ key: String) throws -> RNG {
            let words = try field(key).split(separator: " ").compactMap { UInt64($0) }
            do { return try RNG(state: words) } catch { throw LabError("\(path): checkpoint metadata '\(key)' is not an RNG state") }
        }
        guard let configJSON = try? JSONDecoder().decode(JSONValue.self, from: Data(try field("config").utf8)),
              let trainJSON = try? JSONDecoder().decode(JSONValue.self, from: Data(try field("train_config").utf8)) else {
            throw LabError("\(path): checkpoint config is not valid JSON")
        }
        let model = GPT(try GPTConfig(json: configJSON, source: path))
        for p in model.parameters {
            guard let t = file.tensors[p.name] else { throw LabError("\(path): missing tensor \(p.name)") }
            guard t.shape == p.value.shape else { throw LabError("\(path): tensor \(p.name) has shape \(t.shape), the config needs \(p.value.shape)") }
            p.value.copy(from: t)
        }
        let tokenizer = try TokenizerText.load(metadata: file.metadata, model: model.config, source: path)
        let checkpoint = Checkpoint(step: try number("step", Int.self), valLoss: try number("val_loss", Float.self),
                                    bestValLoss: try number("best_val_loss", Float.self), bestStep: try number("best_step", Int.self),
                                    evalsSinceBest: try number("evals_since_best", Int.self), rng: try rngState("rng"),
                                    sampleRNG: try rngState("sample_rng"), trainConfig: trainJSON, dataKey: try field("data_key"))
        return Loaded(checkpoint: checkpoint, model: model, tokenizer: tokenizer, file: file, path: path)
    }

    /// The checkpoint in `dir` with the highest step (by reading headers only), or nil.
    public static func latest(in dir: String) throws -> String? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return nil }
        var best: (Int, String)?
        for name in names where name.hasSuffix(".safetensors") {
            let path = dir + "/" + name
            guard let meta = try? SafeTensors.readMetadata(path), meta["format"] == format, let step = Int(meta["step"] ?? "") else { continue }
            if best == nil || step > best!.0 || (step == best!.0 && name == "last.safetensors") { best = (step, path) }
        }
        return best?.1
    }
}
