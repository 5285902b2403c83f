import Foundation
import LabBase
import LabText
import LabNN
import LabFormats

/// Any model file the lab reads, told apart by what it holds, not by its name: a Hugging Face
/// GPT-2 directory (`config.json`), an llm.c run directory (`DONE_` files), an llm.c model
/// file (its magic number), a lab model or a lab training checkpoint (safetensors with the
/// lab's metadata).
public enum ModelInput {
    public enum Kind: String, Sendable {
        case huggingFace = "Hugging Face GPT-2 directory", llmc = "llm.c model file"
        case labModel = "lab model", labCheckpoint = "lab training checkpoint", llmcRun = "llm.c run directory"
    }

    public struct Read {
        public let model: GPT
        public let kind: Kind
        /// The tokenizer the file carries (a lab model or checkpoint, or GPT-2's from a Hugging
        /// Face directory's vocab.json and merges.txt); nil for an llm.c file.
        public let tokenizer: (any Tokenizer)?
        /// A Hugging Face directory's vocab.json and merges.txt, when it has them.
        public let gpt2Files: (vocab: String, merges: String)?
    }

    public static func read(_ path: String) throws -> Read {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw LabError("\(path): no such file or directory") }
        if isDirectory.boolValue {
            if LLMCRun.latestStep(in: path) != nil {
                return Read(model: try LLMCRun.readModel(path), kind: .llmcRun, tokenizer: nil, gpt2Files: nil)
            }
            guard HuggingFace.isModelDirectory(path) else {
                throw LabError("\(path): a directory without config.json (not a Hugging Face model directory)")
            }
            let model = try HuggingFace.readModel(path)
            let tokenizer = try HuggingFace.readTokenizer(path)
            if let tokenizer, tokenizer.vocabSize != model.config.vocabSize {
                throw LabError("\(path): vocab.json has \(tokenizer.vocabSize) tokens but config.json's vocab_size is \(model.config.vocabSize)")
            }
            return Read(model: model, kind: .huggingFace, tokenizer: tokenizer,
                        gpt2Files: tokenizer == nil ? nil : (path + "/vocab.json", path + "/merges.txt"))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw LabError("\(path): cannot be read") }
        let head = handle.readData(ofLength: 4)
        try? handle.close()
        if head.count == 4, head.withUnsafeBytes({ Int32(littleEndian: $0.loadUnaligned(as: Int32.self)) }) == LLMC.modelMagic {
            return Read(model: try LLMC.readModel(path), kind: .llmc, tokenizer: nil, gpt2Files: nil)
        }
        let meta: [String: String]
        do { meta = try SafeTensors.readMetadata(path) } catch {
            throw LabError("\(path): not a model the lab reads (a Hugging Face directory, an llm.c model file or run directory, or a lab .safetensors file)")
        }
        if meta["format"] == Checkpoint.format {
            let loaded = try Checkpoint.load(path)
            // a LoRA run's checkpoint: its adapters folded into the weights
            return Read(model: try Checkpoint.mergedModel(loaded), kind: .labCheckpoint, tokenizer: loaded.tokenizer, gpt2Files: nil)
        }
        let (model, metadata) = try GPT.load(from: path)
        let tokenizer = metadata["tokenizer_kind"] == nil ? nil : try TokenizerText.load(metadata: metadata, model: model.config, source: path)
        return Read(model: model, kind: .labModel, tokenizer: tokenizer, gpt2Files: nil)
    }
}
