import LabBase
import LabText
import LabNN

/// Reading a tokenizer back from `Tokenizer.serialized`.
public enum TokenizerText {
    public static func load(kind: String, text: String, source: String) throws -> any Tokenizer {
        switch kind {
        case "char": return try CharTokenizer(serialized: text, source: source)
        case "bpe": return try BPETokenizer.parse(text, source: source)
        case "llmc": return try LLMCTokenizer.parse(base64: text, source: source)
        case "words": return try WordTokenizer.parse(text, source: source)
        case "gpt2": return try GPT2Tokenizer.parse(text, source: source)
        case "chat": return try ChatTokenizer.parse(text, source: source, loadBase: load)
        default: throw LabError("\(source): unknown tokenizer kind '\(kind)'")
        }
    }
}

extension TokenizerText {
    /// The tokenizer a model file or checkpoint carries in its metadata (`tokenizer_kind` and
    /// `tokenizer`), refused unless it has exactly the model's vocabulary: a tokenizer cut short
    /// or from another model would feed the model ids it has no rows for, or leave rows no text
    /// can reach.
    public static func load(metadata: [String: String], model: GPTConfig, source: String) throws -> any Tokenizer {
        guard let kind = metadata["tokenizer_kind"], let text = metadata["tokenizer"] else {
            throw LabError("\(source): has no tokenizer in its metadata")
        }
        let tokenizer = try load(kind: kind, text: text, source: source)
        guard tokenizer.vocabSize == model.vocabSize else {
            throw LabError("\(source): its tokenizer has \(tokenizer.vocabSize) tokens but the model's vocabulary is \(model.vocabSize)")
        }
        return tokenizer
    }
}
