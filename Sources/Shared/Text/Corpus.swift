import Foundation
import LabBase

/// Text to learn from: the built-in corpora, a UTF-8 text file, a JSON array of strings, or a
/// directory of such JSON files (read in natural order: `dataset2_…` before `dataset10_…`).
public struct Corpus {
    /// The documents (lines of the built-in corpora, strings of a JSON array, or one text file).
    public let documents: [String]
    /// Where it came from, for messages and `run.json`.
    public let source: String

    public init(documents: [String], source: String) {
        self.documents = documents
        self.source = source
    }

    /// All documents joined by newlines.
    public var text: String { documents.joined(separator: "\n") }

    /// The corpora that ship with the lab, all written or generated for it:
    /// - `en`: the built-in English corpus, the generated stories (`BuiltinStories`) with the
    ///   hand-written statements (`BuiltinCorpus.english`) spread among them, one statement after
    ///   every four stories, so both sides of a split by position hold both kinds (about 435 KB);
    /// - `statements`: the hand-written English statements alone (16 KB);
    /// - `zh`: the hand-written Chinese statements;
    /// - `both`: the English statements and the Chinese ones, interleaved (tokenizer lessons).
    public enum Builtin: String, OptionChoice {
        case en, zh, both, statements
    }

    public static func builtin(_ which: Builtin) -> Corpus {
        let lines: (String) -> [String] = { $0.split(separator: "\n").map(String.init) }
        switch which {
        case .en:
            let statements = lines(BuiltinCorpus.english)
            var docs: [String] = [], next = 0
            for (i, story) in BuiltinStories.stories.enumerated() {
                docs.append(story)
                if i % 4 == 3 && next < statements.count { docs.append(statements[next]); next += 1 }
            }
            docs += statements[next...]
            return Corpus(documents: docs, source: "built-in English corpus")
        case .statements: return Corpus(documents: lines(BuiltinCorpus.english), source: "built-in English statements")
        case .zh: return Corpus(documents: lines(BuiltinCorpus.chinese), source: "built-in Chinese corpus")
        case .both:
            // Interleave, so that a split by position gives both languages to both sides.
            let en = lines(BuiltinCorpus.english), zh = lines(BuiltinCorpus.chinese)
            var docs: [String] = []
            for i in 0..<max(en.count, zh.count) {
                if i < en.count { docs.append(en[i]) }
                if i < zh.count { docs.append(zh[i]) }
            }
            return Corpus(documents: docs, source: "built-in English statements and Chinese corpus")
        }
    }

    /// The text at `path` (`--data`), or when there is none the built-in corpus `builtin`.
    public static func load(_ path: String?, orBuiltin builtin: Builtin) throws -> Corpus {
        guard let path else { return Corpus.builtin(builtin) }
        return try load(path)
    }

    /// Loads a corpus from a path, with one-line errors for every way it can be wrong.
    public static func load(_ path: String) throws -> Corpus {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LabError("\(path): no such file or directory")
        }
        let corpus: Corpus
        if isDirectory.boolValue {
            let docs = try jsonDocuments(inDirectory: path)
            guard !docs.isEmpty else { throw LabError("\(path): directory holds no .json files") }
            corpus = Corpus(documents: docs, source: path)
        } else if path.hasSuffix(".json") {
            corpus = Corpus(documents: try jsonStrings(path), source: path)
        } else {
            corpus = Corpus(documents: [try Files.readUTF8(path)], source: path)
        }
        guard corpus.documents.contains(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            throw LabError("\(path): the corpus is empty")
        }
        return corpus
    }

    /// The strings of a directory's JSON files, then of its subdirectories' (`chat/`,
    /// `pretraining/`), each level in the natural order of the numbers in the names.
    static func jsonDocuments(inDirectory path: String) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: path)
            .sorted { $0.compare($1, options: [.numeric]) == .orderedAscending }
        var docs: [String] = []
        for name in names where name.hasSuffix(".json") { docs += try jsonStrings(path + "/" + name) }
        for name in names where !name.hasPrefix(".") {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory), isDirectory.boolValue {
                docs += try jsonDocuments(inDirectory: path + "/" + name)
            }
        }
        return docs
    }

    static func jsonStrings(_ path: String) throws -> [String] {
        let text = try Files.readUTF8(path)
        let value: Any
        do { value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) } catch {
            throw LabError("\(path): not valid JSON (\((error as NSError).userInfo["NSDebugDescription"] ?? "parse error"))")
        }
        guard let array = value as? [Any] else { throw LabError("\(path): expected a JSON array of strings") }
        return try array.enumerated().map { i, item in
            guard let s = item as? String else { throw LabError("\(path): element \(i) is not a string") }
            return s
        }
    }

    /// Splits the text by position: the first `fraction` of the characters for training, the
    /// rest for validation. The cut moves to the next line break after that point (or else the
    /// last one before it) so no line is torn in two; text without line breaks is cut at the
    /// character. A part that would be empty is an error: nothing could be learned or measured.
    public func split(trainFraction fraction: Double) throws -> (train: String, val: String) {
        let all = text
        let scalars = all.unicodeScalars
        let target = scalars.index(scalars.startIndex, offsetBy: Int(Double(scalars.count) * fraction))
        var cut = target
        if let nl = scalars[target...].firstIndex(of: "\n"), nl != scalars.index(before: scalars.endIndex) {
            cut = scalars.index(after: nl)
        } else if let nl = scalars[..<target].lastIndex(of: "\n") {
            cut = scalars.index(after: nl)
        }
        let train = String(scalars[..<cut]), val = String(scalars[cut...])
        guard !train.isEmpty, !val.isEmpty else {
            throw LabError("\(source): too short to split into a training and a held-out part (\(scalars.count) characters)")
        }
        return (train, val)
    }
}
