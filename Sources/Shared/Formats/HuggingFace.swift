import Foundation
import LabBase
import LabText
import LabNN

/// Hugging Face's GPT-2 directory, read and written: the format GPT-2, distilgpt2 and
/// gpt2-medium have in every Hugging Face cache, and what `GPT2LMHeadModel.from_pretrained`
/// loads.
///
///     config.json          model_type "gpt2", n_embd, n_layer, n_head, n_positions, vocab_size, …
///     model.safetensors    transformer.wte.weight (V, C), transformer.wpe.weight (T, C),
///                          transformer.h.{l}.ln_1 / attn.c_attn / attn.c_proj / ln_2 / mlp.c_fc /
///                          mlp.c_proj (.weight, .bias), transformer.ln_f; F32, F16 or BF16
///     vocab.json, merges.txt   GPT-2's tokenizer (llm.c's encoder.json and vocab.bpe, renamed)
///
/// GPT-2's linear layers are `Conv1D`s, which store their weights as (in, out): the transpose
/// of this lab's `Linear` (out, in), so they are transposed on the way in and out. The head is
/// tied to `transformer.wte` and is usually not stored; the attention masks `attn.bias` and
/// `attn.masked_bias` are buffers, not weights, and may be there or not. The lab pads the
/// vocabulary to a multiple of 64 (`GPTConfig.padded`); the padding rows are zeros and are
/// dropped on the way out.
public enum HuggingFace {
    /// True when `path` is a directory holding a `config.json`.
    public static func isModelDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            && FileManager.default.fileExists(atPath: path + "/config.json")
    }

    /// The lab's configuration for the GPT-2 that `dir/config.json` describes. Anything the
    /// lab's GPT does not compute the same way (another model type or activation, another
    /// LayerNorm ε, scaled or reordered attention, an untied head) is a one-line error.
    public static func readConfig(_ dir: String) throws -> GPTConfig {
        let path = dir + "/config.json"
        guard FileManager.default.fileExists(atPath: path) else { throw LabError("\(dir): no config.json (not a Hugging Face model directory)") }
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: try Files.read(path)), case .object = json else {
            throw LabError("\(path): not a JSON object")
        }
        let type = json["model_type"]?.stringValue ?? "none"
        guard type == "gpt2" else { throw LabError("\(path): model_type '\(type)'; only GPT-2 (gpt2) is read") }
        func int(_ key: String, or other: String? = nil) throws -> Int {
            if let v = json[key]?.intValue { return v }
            if let other, let v = json[other]?.intValue { return v }
            throw LabError("\(path): no integer '\(key)'")
        }
        let activation = json["activation_function"]?.stringValue ?? "gelu_new"
        guard ["gelu_new", "gelu_pytorch_tanh", "gelu_fast"].contains(activation) else {
            throw LabError("\(path): activation_function '\(activation)'; the lab's GELU is GPT-2's tanh form (gelu_new)")
        }
        if let eps = json["layer_norm_epsilon"].flatMap({ v -> Double? in
            if case .double(let d) = v { return d }
            return v.intValue.map(Double.init)
        }), abs(eps - 1e-5) > 1e-12 {
            throw LabError("\(path): layer_norm_epsilon \(eps); the lab's LayerNorm uses GPT-2's 1e-5")
        }
        for flag in ["scale_attn_by_inverse_layer_idx", "reorder_and_upcast_attn", "add_cross_attention"] where json[flag] == .bool(true) {
            throw LabError("\(path): \(flag) is true; the lab's attention is GPT-2's plain form")
        }
        if json["scale_attn_weights"] == .bool(false) { throw LabError("\(path): scale_attn_weights is false; GPT-2 scales by 1/√d") }
        if json["tie_word_embeddings"] == .bool(false) { throw LabError("\(path): tie_word_embeddings is false; GPT-2's head is tied to wte") }
        if let inner = json["n_inner"]?.intValue, inner != 4 * (try int("n_embd")) {
            throw LabError("\(path): n_inner \(inner); the lab's MLP is 4 × n_embd wide")
        }
        let vocab = try int("vocab_size")
        let config = GPTConfig(vocabSize: vocab, paddedVocabSize: GPTConfig.padded(vocab), blockSize: try int("n_positions", or: "n_ctx"),
                               layers: try int("n_layer"), heads: try int("n_head"), channels: try int("n_embd"))
        do { try config.validate() } catch { throw LabError("\(path): \(error)") }
        return config
    }

    /// The Hugging Face name of a lab parameter, and whether the stored matrix is transposed.
    static func name(of ours: String) -> (String, transposed: Bool) {
        let conv1D: [(String, String)] = [("attn.qkv.", "attn.c_attn."), ("attn.proj.", "attn.c_proj."),
                                         ("mlp.fc.", "mlp.c_fc."), ("mlp.proj.", "mlp.c_proj.")]
        for (lab, hf) in conv1D where ours.contains(lab) {
            return ("transformer." + ours.replacingOccurrences(of: lab, with: hf), ours.hasSuffix(".weight"))
        }
        return ("transformer." + ours, false)
    }

    /// Reads `dir`'s weights into a lab GPT. Every tensor is checked against the config; a
    /// missing, misshapen or unexpected one is a one-line error naming it.
    public static func readModel(_ dir: String) throws -> GPT {
        let config = try readConfig(dir)
        let path = dir + "/model.safetensors"
        guard FileManager.default.fileExists(atPath: path) else {
            throw LabError("\(dir): no model.safetensors (a pytorch_model.bin can be converted with transformers' save_pretrained(safe_serialization=True))")
        }
        let file = try SafeTensors.read(path)
        // a GPT2Model (no head) stores its names without the "transformer." prefix
        var tensors: [String: Tensor] = [:]
        for (name, t) in file.tensors { tensors[name.hasPrefix("transformer.") || name.hasPrefix("lm_head.") ? name : "transformer." + name] = t }
        let model = GPT(config)
        var used = Set<String>()
        for p in model.parameters {
            let (hfName, transposed) = name(of: p.name)
            guard let t = tensors[hfName] else { throw LabError("\(path): missing tensor \(hfName)") }
            used.insert(hfName)
            if p.name == "wte.weight" {
                guard t.shape == [config.vocabSize, config.channels] else {
                    throw LabError("\(path): \(hfName) has shape \(t.shape), config.json needs \([config.vocabSize, config.channels])")
                }
                p.value.zero()                                           // the padding rows stay zero
                p.value.pointer.update(from: t.pointer, count: t.count)
                continue
            }
            let expected = transposed ? [p.value.shape[1], p.value.shape[0]] : p.value.shape
            guard t.shape == expected else { throw LabError("\(path): \(hfName) has shape \(t.shape), config.json needs \(expected)") }
            if transposed { transpose(t.pointer, rows: expected[0], cols: expected[1], into: p.value.pointer) } else { p.value.copy(from: t) }
        }
        for (name, t) in tensors where !used.contains(name) {
            if name.hasSuffix(".attn.bias") || name.hasSuffix(".attn.masked_bias") { continue }     // masks, not weights
            if name == "lm_head.weight" {
                let wte = tensors["transformer.wte.weight"]!
                guard t.shape == wte.shape, t.values == wte.values else {
                    throw LabError("\(path): lm_head.weight differs from transformer.wte.weight (an untied head; GPT-2's is tied)")
                }
                continue
            }
            throw LabError("\(path): unexpected tensor \(name) (not part of GPT-2)")
        }
        return model
    }

    /// GPT-2's tokenizer from `dir`'s vocab.json and merges.txt, or nil when they are not there.
    public static func readTokenizer(_ dir: String) throws -> GPT2Tokenizer? {
        let (vocab, merges) = (dir + "/vocab.json", dir + "/merges.txt")
        guard FileManager.default.fileExists(atPath: vocab), FileManager.default.fileExists(atPath: merges) else { return nil }
        return try GPT2Tokenizer.load(encoder: vocab, merges: merges)
    }

    /// What keeps a model from being GPT-2 as Hugging Face (and llm.c) define it, or nil.
    public static func gpt2Difference(_ c: GPTConfig) -> String? {
        var differences: [String] = []
        if c.norm != .pre { differences.append("\(c.norm)-LN (GPT-2 is pre-LN)") }
        if c.positions != .learned { differences.append("\(c.positions) positions (GPT-2 learns them)") }
        if !c.tiedEmbeddings { differences.append("an untied head (GPT-2 ties it to wte)") }
        if !c.bias { differences.append("no biases (GPT-2 has them)") }
        return differences.isEmpty ? nil : differences.joined(separator: ", ")
    }

    /// Writes `model` as a Hugging Face GPT-2 directory at `dir`, which must not exist yet. It is
    /// assembled in a temporary directory beside it and renamed into place, so a failure leaves
    /// nothing behind. `tokenizer` names a directory (or files) whose vocab.json and merges.txt
    /// are copied in.
    public static func writeModel(_ model: GPT, to dir: String, tokenizerFrom tokenizer: (vocab: String, merges: String)? = nil) throws {
        let c = model.config
        if let difference = gpt2Difference(c) { throw LabError("\(dir): cannot be written as GPT-2: the model has \(difference)") }
        guard !FileManager.default.fileExists(atPath: dir) else { throw LabError("\(dir): already exists (choose a new directory, or remove it)") }
        var config: [String: JSONValue] = [
            "model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": .int(c.vocabSize),
            "n_positions": .int(c.blockSize), "n_ctx": .int(c.blockSize), "n_embd": .int(c.channels), "n_layer": .int(c.layers),
            "n_head": .int(c.heads), "n_inner": .null, "activation_function": "gelu_new", "layer_norm_epsilon": .double(1e-5),
            "resid_pdrop": .double(0), "embd_pdrop": .double(0), "attn_pdrop": .double(0), "initializer_range": .double(0.02),
            "tie_word_embeddings": true, "scale_attn_weights": true,
        ]
        // GPT-2's <|endoftext|> begins and ends text; another vocabulary has no known one
        let endOfText: JSONValue = c.vocabSize == 50257 ? .int(50256) : .null
        (config["bos_token_id"], config["eos_token_id"]) = (endOfText, endOfText)
        var tensors: [(String, Tensor)] = []
        for p in model.parameters {
            let (hfName, transposed) = name(of: p.name)
            if p.name == "wte.weight" {
                let t = Tensor(shape: [c.vocabSize, c.channels])
                t.pointer.update(from: p.value.pointer, count: t.count)
                tensors.append((hfName, t))
            } else if transposed {
                let (rows, cols) = (p.value.shape[0], p.value.shape[1])
                let t = Tensor(shape: [cols, rows])
                transpose(p.value.pointer, rows: rows, cols: cols, into: t.pointer)
                tensors.append((hfName, t))
            } else {
                tensors.append((hfName, p.value))
            }
        }
        let parent = URL(fileURLWithPath: dir).deletingLastPathComponent().path
        try Files.createDirectory(parent)
        let staging = parent + "/." + URL(fileURLWithPath: dir).lastPathComponent + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.removeItem(atPath: staging)
        do {
            try Files.createDirectory(staging)
            try Files.writeAtomically(try JSONValue.object(config).jsonText() + "\n", to: staging + "/config.json")
            try SafeTensors.write(tensors, metadata: ["format": "pt"], to: staging + "/model.safetensors")
            if let tokenizer {
                for (from, to) in [(tokenizer.vocab, "vocab.json"), (tokenizer.merges, "merges.txt")] {
                    try Files.writeAtomically(try Files.read(from), to: staging + "/" + to)
                }
            }
            do { try FileManager.default.moveItem(atPath: staging, toPath: dir) } catch {
                throw LabError("\(dir): cannot be written (\(error.localizedDescription))")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }

    /// out (cols, rows) = inᵀ for a row-major `rows` × `cols` matrix.
    static func transpose(_ from: UnsafePointer<Float>, rows: Int, cols: Int, into out: UnsafeMutablePointer<Float>) {
        for r in 0..<rows { for k in 0..<cols { out[k * rows + r] = from[r * cols + k] } }
    }
}
