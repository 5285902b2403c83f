import Foundation
import LabBase
import LabText
import LabFormats

/// A corpus split into training and validation tokens, with the tokenizer that made them.
///
/// Tokenizing is cached on disk: the key is a hash of the corpus text, the split and the
/// tokenizer settings (and the tokenizer file's content, when one is given), so a rerun or a
/// resume does not tokenize again, and a changed corpus or setting never meets a stale cache.
public struct TokenizedCorpus {
    public let tokenizer: any Tokenizer
    public let train: [Int32], val: [Int32]
    public let source: String
    /// Identifies the corpus and tokenization; a checkpoint records it so a resume on other
    /// data is refused.
    public let key: String
    public let fromCache: Bool
    /// Validation characters the tokenizer could not represent (`<unk>`, char tokenizer only).
    public let unknownInVal: Int

    public init(tokenizer: any Tokenizer, train: [Int32], val: [Int32], source: String, key: String, fromCache: Bool = false,
                unknownInVal: Int = 0) {
        self.tokenizer = tokenizer
        self.train = train
        self.val = val
        self.source = source
        self.key = key
        self.fromCache = fromCache
        self.unknownInVal = unknownInVal
    }

    /// Already tokenized data from llm.c token files (`06-gpt2 prepare`, or llm.c's own data
    /// scripts), keyed by the files' contents.
    public static func tokenFiles(train: String, val: String, tokenizer: any Tokenizer) throws -> TokenizedCorpus {
        let trainTokens = try TokenFile.read(train), valTokens = try TokenFile.read(val)
        let key = contentHash(data: [try Files.read(train), try Files.read(val)])
        return TokenizedCorpus(tokenizer: tokenizer, train: trainTokens, val: valTokens, source: "\(train) + \(val)", key: key)
    }

    /// The corpus split, tokenized (or read from the cache), and with `train-tokens` cut to the
    /// first N training tokens (the tokenizer and the validation part stay those of the whole).
    public static func prepare(_ config: TrainConfig, cacheDir: String) throws -> TokenizedCorpus {
        let whole = try prepareWhole(config, cacheDir: cacheDir)
        guard config.trainTokens > 0, config.trainTokens < whole.train.count else { return whole }
        return TokenizedCorpus(tokenizer: whole.tokenizer, train: Array(whole.train.prefix(config.trainTokens)), val: whole.val,
                               source: whole.source + " (first \(config.trainTokens) training tokens)",
                               key: whole.key + "-first\(config.trainTokens)", fromCache: whole.fromCache, unknownInVal: whole.unknownInVal)
    }

    static func prepareWhole(_ config: TrainConfig, cacheDir: String) throws -> TokenizedCorpus {
        let corpus = try Corpus.load(config.data, orBuiltin: config.lang)
        let (trainText, valText) = try corpus.split(trainFraction: config.trainFraction)
        var spec = [config.tokenizer.rawValue, String(config.trainFraction)]
        if config.tokenizer == .bpe {
            if let file = config.tokenizerFile { spec.append(try Files.readUTF8(file)) } else { spec.append(String(config.vocabSize)) }
        }
        var segmenter: WordSegmenter?
        if config.tokenizer == .words {
            let s = try WordSegmenter.load(config.dict)
            segmenter = s
            spec += [s.source, String(s.words)]
        }
        let key = contentHash([trainText, valText] + spec)
        let base = cacheDir + "/" + key
        // A cache hit needs all three files intact; anything else tokenizes afresh.
        if let kindAndText = try? Files.readUTF8(base + ".tokenizer"),
           let newline = kindAndText.firstIndex(of: "\n"),
           let tokenizer = try? TokenizerText.load(kind: String(kindAndText[..<newline]), text: String(kindAndText[kindAndText.index(after: newline)...]), source: base),
           let train = try? TokenFile.read(base + ".train.bin"), let val = try? TokenFile.read(base + ".val.bin") {
            return TokenizedCorpus(tokenizer: tokenizer, train: train, val: val, source: corpus.source, key: key, fromCache: true,
                                   unknownInVal: (tokenizer as? CharTokenizer)?.unknownCount(valText) ?? 0)
        }
        let tokenizer = try config.tokenizer.make(training: trainText, vocabSize: config.vocabSize, bpeFile: config.tokenizerFile, segmenter: segmenter)
        let train = tokenizer.encode(trainText), val = tokenizer.encode(valText)
        if tokenizer.vocabSize <= 65_536 {       // the token format holds 16-bit ids
            try TokenFile.write(train, to: base + ".train.bin")
            try TokenFile.write(val, to: base + ".val.bin")
            try Files.writeAtomically(tokenizer.kind + "\n" + tokenizer.serialized, to: base + ".tokenizer")
        }
        return TokenizedCorpus(tokenizer: tokenizer, train: train, val: val, source: corpus.source, key: key, fromCache: false,
                               unknownInVal: (tokenizer as? CharTokenizer)?.unknownCount(valText) ?? 0)
    }
}
