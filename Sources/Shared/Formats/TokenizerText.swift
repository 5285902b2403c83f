import LabBase
import LabText

/// Reading a tokenizer back from `Tokenizer.serialized`.
public enum TokenizerText {
    public static func load(kind: String, text: String, source: String) throws -> any Tokenizer {
        switch kind {
        case "char": return try CharTokenizer(serialized: text, source: source)
        case "bpe": return try BPETokenizer.parse(text, source: source)
        case "llmc": return try LLMCTokenizer.parse(base64: text, source: source)
        case "words": return try WordTokenizer.parse(text, source: source)
        case "chat": return try ChatTokenizer.parse(text, source: source, loadBase: load)
        default: throw LabError("\(source): unknown tokenizer kind '\(kind)'")
        }
    }
}
