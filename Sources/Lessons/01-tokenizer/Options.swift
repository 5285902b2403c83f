import LLMLab

/// What `01-tokenizer` takes (`--help` lists it).
struct Options: CommandOptions {
    static let command = "01-tokenizer"
    static let abstract = "Lesson 01: characters, bytes and byte-level BPE: how text becomes numbers."

    var common = CommonOptions()
    var data: String?
    var vocabSize = 1024
    var trainFraction = 0.9
    var english = "The cat sleeps on the warm mat, and the model learns to read."
    var chinese = "语言模型从大量文本中学习下一个词。"
    var dict: String?

    static let fields: [OptionField<Options>] = CommonOptions.fields(\.common) + [
        .init("data", "a UTF-8 text file, a JSON array of strings, or a directory of JSON files (default: the built-in English and Chinese corpora)", \.data),
        .init("vocab-size", "BPE vocabulary size: 256 byte tokens + learned merges + 1 special token (320 with --quick)", \.vocabSize),
        .init("train-fraction", "fraction of the corpus to train on; the rest measures compression on text the tokenizer never saw", \.trainFraction),
        .init("english", "an English sentence to tokenize", \.english),
        .init("chinese", "a Chinese sentence to tokenize", \.chinese),
        .init("dict", "jieba's dict.txt for the word tokenizer (default: python3-jieba's)", \.dict),
    ]

    mutating func applyQuick() { vocabSize = 320 }

    func validate() throws {
        try common.validate()
        guard (258...65_536).contains(vocabSize) else { throw LabError("--vocab-size must be between 258 and 65536, got \(vocabSize)") }
        guard trainFraction > 0 && trainFraction < 1 else {
            throw LabError("--train-fraction must be between 0 and 1 (exclusive), got \(trainFraction)")
        }
    }
}
