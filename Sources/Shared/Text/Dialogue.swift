import Foundation
import LabBase

/// A conversation: turns of a user and an assistant, as written in the data
/// (`用户：…助手：…` or `User: … Assistant: …`, several turns allowed; a trailing `</s>` is dropped).
public struct Dialogue: Equatable, Sendable {
    public enum Role: String, Sendable { case user, assistant }
    public struct Turn: Equatable, Sendable {
        public let role: Role
        public let text: String
        public init(_ role: Role, _ text: String) { self.role = role; self.text = text }
    }
    public let turns: [Turn]

    public init(turns: [Turn]) { self.turns = turns }

    static let markers: [(String, Role)] = [("用户：", .user), ("用户:", .user), ("助手：", .assistant), ("助手:", .assistant),
                                            ("User:", .user), ("Assistant:", .assistant)]

    /// Reads one dialogue; `source` names it in errors. It must start with the user and have at
    /// least one assistant reply.
    public static func parse(_ raw: String, source: String) throws -> Dialogue {
        let text = raw.replacingOccurrences(of: "</s>", with: "")
        var turns: [Turn] = []
        var rest = text[...]
        var current: Role?
        var start = rest.startIndex
        func nextMarker(in s: Substring) -> (Range<Substring.Index>, Role)? {
            var best: (Range<Substring.Index>, Role)?
            for (m, role) in markers {
                if let r = s.range(of: m), best == nil || r.lowerBound < best!.0.lowerBound { best = (r, role) }
            }
            return best
        }
        while let (range, role) = nextMarker(in: rest) {
            if let current {
                turns.append(Turn(current, String(rest[start..<range.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)))
            } else if !rest[..<range.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw LabError("\(source): text before the first 'User:' / '用户：' marker")
            }
            current = role
            rest = rest[range.upperBound...]
            start = rest.startIndex
        }
        guard let current else { throw LabError("\(source): no 'User:' / '用户：' marker: not a dialogue") }
        turns.append(Turn(current, String(rest[start...]).trimmingCharacters(in: .whitespacesAndNewlines)))
        guard turns.first?.role == .user else { throw LabError("\(source): a dialogue starts with the user") }
        guard turns.contains(where: { $0.role == .assistant && !$0.text.isEmpty }) else {
            throw LabError("\(source): no assistant reply")
        }
        return Dialogue(turns: turns)
    }

    /// Every dialogue of a corpus (one per document, or one per line of a text file).
    public static func parse(_ corpus: Corpus) throws -> [Dialogue] {
        var out: [Dialogue] = []
        for (i, doc) in corpus.documents.enumerated() {
            let pieces = corpus.documents.count == 1 ? doc.split(separator: "\n").map(String.init) : [doc]
            for (j, piece) in pieces.enumerated() where !piece.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                out.append(try parse(piece, source: "\(corpus.source): dialogue \(corpus.documents.count == 1 ? j + 1 : i + 1)"))
            }
        }
        guard !out.isEmpty else { throw LabError("\(corpus.source): no dialogues") }
        return out
    }

    /// The built-in sets: Chinese for `zh`, English otherwise (`both` pretrains on both
    /// corpora but fine-tunes on the English dialogues).
    public static func builtin(_ lang: Corpus.Builtin) -> Corpus {
        lang == .zh ? Corpus(documents: lines(BuiltinDialogues.chinese), source: "built-in Chinese dialogues")
                    : Corpus(documents: lines(BuiltinDialogues.english), source: "built-in English dialogues")
    }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// A pretrained tokenizer plus three special tokens for conversations: `<|user|>` and
/// `<|assistant|>` open a turn, `<|end|>` closes it. They take the ids after the base
/// vocabulary, and text can never produce them (only code that means to inserts them).
/// Decoding never shows them.
public final class ChatTokenizer: Tokenizer {
    public let base: any Tokenizer
    public var user: Int32 { Int32(base.vocabSize) }
    public var assistant: Int32 { Int32(base.vocabSize + 1) }
    public var end: Int32 { Int32(base.vocabSize + 2) }

    public init(base: any Tokenizer) { self.base = base }

    public var vocabSize: Int { base.vocabSize + 3 }
    public var kind: String { "chat" }
    public func encode(_ text: String) -> [Int32] { base.encode(text) }
    public func decode(_ ids: [Int32]) -> String { base.decode(ids.filter { $0 < user }) }
    public func piece(_ id: Int32) -> String {
        switch id { case user: return "<|user|>"; case assistant: return "<|assistant|>"; case end: return "<|end|>"; default: return base.piece(id) }
    }

    public var serialized: String {
        (try? JSONValue.object(["base_kind": .string(base.kind), "base": .string(base.serialized)]).jsonText()) ?? "{}"
    }

    /// Reads `serialized` back; `loadBase` reads the wrapped tokenizer by its kind (the loader
    /// of every kind sits above this layer: `TokenizerText.load`).
    public static func parse(_ text: String, source: String,
                             loadBase: (_ kind: String, _ text: String, _ source: String) throws -> any Tokenizer) throws -> ChatTokenizer {
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .object(let o) = json,
              let kind = o["base_kind"]?.stringValue, let base = o["base"]?.stringValue else {
            throw LabError("\(source): not a chat tokenizer")
        }
        return ChatTokenizer(base: try loadBase(kind, base, source))
    }

    /// The tokens of a conversation, and which to learn: by default the assistant's words and
    /// the `<|end|>` that closes them (the model must learn when to stop); with `all`, every
    /// token after the first.
    public func example(_ d: Dialogue, learnAll: Bool = false) -> Batches.Example {
        var tokens: [Int32] = [], learn: [Bool] = []
        for turn in d.turns {
            let isAssistant = turn.role == .assistant
            tokens.append(isAssistant ? assistant : user); learn.append(learnAll)
            let body = encode(turn.text)
            tokens += body; learn += Array(repeating: isAssistant || learnAll, count: body.count)
            tokens.append(end); learn.append(isAssistant || learnAll)
        }
        return Batches.Example(tokens: tokens, learn: learn)
    }

    /// The prompt that asks for a reply to `message` after the conversation so far.
    public func prompt(history: [Int32], message: String) -> [Int32] {
        history + [user] + encode(message) + [end, assistant]
    }
}
