import LLMLab

// What `06-gpt2` and its commands take (each lists it with --help).

/// `--init random`: start from random weights instead of a file.
enum Initialization: String, OptionChoice { case random }

/// Training a GPT-2-shaped model (the tour, and `06-gpt2 train`): lesson 05's training fields
/// and the files of llm.c. `--tokenizer` names an llm.c tokenizer file here, or, as in lesson
/// 05, the kind of tokenizer to train on the text (char, bpe, words). From a file the defaults are llm.c `train_gpt2`'s (`fineTuning`); from random
/// weights, a small model trained like lesson 05's.
struct TrainOptions: CommandOptions {
    static let command = "06-gpt2 train"
    static let abstract = "Lesson 06: train a GPT-2-shaped model (from an llm.c file or random weights) and write it in llm.c's format."

    var model: String?
    var initialization: Initialization?
    var preset: GPTConfig.Preset?
    var trainTokens: String?
    var valTokens: String?
    var tokenizer: String?
    var train = TrainConfig()

    init() {
        train.tokenizer = .bpe; train.vocabSize = 500; train.dropout = 0.1; train.sampleTokens = 48
        train.steps = 400; train.evalInterval = 50; train.batchSize = 16; train.blockSize = 64; train.patience = 3
    }

    /// llm.c `train_gpt2`'s settings: B 4, T 64, 40 steps at a constant 1e-4, no weight decay
    /// or clipping, a validation loss every 10 steps on 5 batches, a sample every 20.
    static var fineTuning: TrainOptions {
        var o = TrainOptions()
        o.train.batchSize = 4; o.train.blockSize = 64; o.train.steps = 40; o.train.lr = 1e-4; o.train.minLR = 1e-4
        o.train.schedule = .constant; o.train.warmup = 0; o.train.weightDecay = 0; o.train.gradClip = 0
        o.train.evalInterval = 10; o.train.evalBatches = 5; o.train.sampleEvery = 20; o.train.logInterval = 1
        o.train.keepBest = 0; o.train.patience = 0
        return o
    }

    static let fields: [OptionField<TrainOptions>] = [
        .init("model", "a model to start from (fine-tuning): llm.c model file, Hugging Face GPT-2 directory, or lab model", \.model),
        .init("init", "start from random weights instead of --model", \.initialization),
        .init("preset", "with --init random: a named shape (gpt2-124m: 12 layers, 12 heads, width 768, vocab 50257)", \.preset),
        .init("train", "llm.c token file to train on, with --val (default: --data or the built-in corpus, tokenized here)", \.trainTokens),
        .init("val", "llm.c token file to validate on, with --train", \.valTokens),
        OptionField(name: "tokenizer", help: "an llm.c tokenizer file, to decode samples (and encode --data with --model); or char, bpe or words: the tokenizer to train on the text",
                    kind: .path, get: { o in .string(o.tokenizer ?? o.train.tokenizer.rawValue) },
                    set: { o, v in
                        guard case .string(let s) = v, !s.isEmpty else { return false }
                        if let kind = TokenizerChoice(rawValue: s) { o.train.tokenizer = kind; o.tokenizer = nil } else { o.tokenizer = s }
                        return true
                    }),
    ] + TrainConfig.fields.filter { $0.name != "tokenizer" }.map { f in
        (f.name == "block-size" ? f.with(aliases: ["seq-len"]) : f).within(\TrainOptions.train)     // llm.c's name for it
    }

    mutating func applyQuick() { train.applyQuick() }

    func validate() throws {
        try train.validate()
        guard model == nil || initialization == nil else { throw LabError("--model and --init random exclude each other") }
        guard preset == nil || initialization != nil else { throw LabError("--preset goes with --init random") }
        guard (trainTokens == nil) == (valTokens == nil) else { throw LabError("--train and --val go together") }
    }
}

/// The tour: what `train` takes, under the lesson's own name, except that the tour always
/// trains its own small model from random weights: `--model` (with `--tokenizer FILE`, `--train`
/// and `--val`) names GPT-2's weights for the section "GPT-2's own weights", which measures and
/// fine-tunes them on `--text`.
struct TourOptions: CommandOptions {
    static let command = "06-gpt2"
    static let abstract = "Lesson 06: GPT-2 in llm.c's formats. Without a command: the tour (verify the lab's fixture, train, write llm.c files, sample, GPT-2's own weights, profile GPT-2 124M). Commands: verify, train, prepare, sample (each takes --help)."
    var train = TrainOptions()
    var text: String?
    var finetuneSteps = 40

    /// The options whose meaning in the tour differs from `train`'s.
    static let tourHelp: [String: String] = [
        "init": "random, with --preset: the shape of the tour's own model (which always starts from random weights)",
        "model": "GPT-2's weights for the section \"GPT-2's own weights\": llm.c's gpt2_124M.bin, a Hugging Face GPT-2 directory, or any GPT-2-shaped model the lab reads (default: random weights in GPT-2 124M's shape)",
        "tokenizer": "with --model: an llm.c tokenizer file (llm.c's gpt2_tokenizer.bin) when the model carries none; otherwise char, bpe or words, the tokenizer the tour trains on its text",
        "train": "with --model: llm.c token file to fine-tune on (llm.c's tiny_shakespeare_train.bin), with --val, instead of --text",
        "val": "with --model: llm.c token file to measure on (llm.c's tiny_shakespeare_val.bin), with --train",
    ]
    static let fields = TrainOptions.fields.map { f in
        tourHelp[f.name].map { f.retold($0) } ?? f
    }.map { $0.within(\TourOptions.train) } + [
        OptionField("text", "the text GPT-2's weights are measured and fine-tuned on (default: \(defaultText) when scripts/setup has fetched it, else the built-in corpus)", \TourOptions.text),
        OptionField("finetune-steps", "AdamW steps of the GPT-2 section's fine-tuning (llm.c's train_gpt2: 40)", \TourOptions.finetuneSteps),
    ]
    /// Where `scripts/setup` puts tiny Shakespeare.
    static let defaultText = "runs/data/tinyshakespeare.txt"

    mutating func applyQuick() { train.applyQuick(); finetuneSteps = 8 }
    func validate() throws {
        try train.validate()
        guard train.model != nil || (train.trainTokens == nil && train.tokenizer == nil) else {
            throw LabError("in the tour, --train, --val and a --tokenizer file go with --model (06-gpt2 train --init random trains on them)")
        }
        guard train.trainTokens == nil || text == nil else { throw LabError("--text and --train/--val exclude each other") }
        guard (1...100_000).contains(finetuneSteps) else { throw LabError("--finetune-steps must be between 1 and 100000") }
    }
}

extension OptionField {
    /// The same option with another help text.
    func retold(_ help: String) -> Self {
        var f = OptionField(name: name, help: help, kind: kind, get: get, set: set)
        f.placement = placement; f.aliases = aliases; f.required = required; f.operational = operational
        return f
    }
}

struct VerifyOptions: CommandOptions {
    static let command = "06-gpt2 verify"
    static let abstract = "llm.c's test_gpt2: compare a model with a PyTorch debug state (logits, loss, 16 gradients, 10 AdamW steps)."
    var common = CommonOptions()
    var model = ""
    var state = ""
    var expectedLosses: String?
    var tolerance: Float = 1e-4
    static let fields: [OptionField<VerifyOptions>] = [
        OptionField("model", "llm.c model file (version 3 or 5)", \.model).with(required: true),
        OptionField("state", "llm.c debug state written for that model", \.state).with(required: true),
        .init("expected-losses", "JSON with the reference's losses over 10 AdamW steps", \.expectedLosses),
        .init("tolerance", "largest accepted absolute difference (llm.c: 1e-2)", \.tolerance),
    ] + CommonOptions.fields(\.common)
    func validate() throws {
        try common.validate()
        guard tolerance > 0 else { throw LabError("--tolerance must be positive") }
    }
}

struct PrepareOptions: CommandOptions {
    static let command = "06-gpt2 prepare"
    static let abstract = "Tokenize a text with GPT-2's BPE into llm.c token files (train.bin, val.bin) and a tokenizer.bin."
    var common = CommonOptions()
    var text = ""
    var encoder = ""
    var bpe = ""
    var valFraction = 0.1
    static let fields: [OptionField<PrepareOptions>] = [
        OptionField("text", "UTF-8 text, JSON array of strings, or directory of JSON files", \.text).with(required: true),
        OptionField("encoder", "GPT-2's encoder.json", \.encoder).with(required: true),
        OptionField("bpe", "GPT-2's vocab.bpe (the merges)", \.bpe).with(required: true),
        .init("val-fraction", "fraction of the text, at its end, for validation", \.valFraction),
    ] + CommonOptions.fields(\.common)
    func validate() throws {
        try common.validate()
        guard valFraction > 0 && valFraction < 1 else { throw LabError("--val-fraction must be between 0 and 1") }
    }
}

struct SampleOptions: CommandOptions {
    static let command = "06-gpt2 sample"
    static let abstract = "Generate text from an llm.c model file, a Hugging Face GPT-2 directory or a lab model."
    var common = CommonOptions()
    var model = ""
    var tokenizer: String?
    var prompt = ""
    var encoder: String?
    var bpe: String?
    var tokens = 64
    var temperature: Float = 0.8
    var topK = 40
    var topP: Float = 1
    static let fields: [OptionField<SampleOptions>] = [
        OptionField("model", "llm.c model file, Hugging Face GPT-2 directory, or lab model", \.model).with(required: true),
        .init("tokenizer", "llm.c tokenizer file (decodes; encodes the prompt by longest match); default: the model's own (a Hugging Face directory's vocab.json + merges.txt)", \.tokenizer),
        .init("prompt", "text to continue", \.prompt),
        .init("encoder", "GPT-2's encoder.json, with --bpe, to encode the prompt exactly as GPT-2 does", \.encoder),
        .init("bpe", "GPT-2's vocab.bpe", \.bpe),
        .init("tokens", "tokens to generate", \.tokens),
        .init("temperature", "sampling temperature (0: greedy)", \.temperature),
        .init("top-k", "keep only the k most likely tokens (0: all)", \.topK),
        .init("top-p", "keep the smallest set of tokens with this much probability (1: all)", \.topP),
    ] + CommonOptions.fields(\.common)
    func validate() throws {
        try common.validate()
        guard (1...100_000).contains(tokens), temperature >= 0, topK >= 0, topP > 0 && topP <= 1 else {
            throw LabError("need 1 ≤ --tokens ≤ 100000, --temperature ≥ 0, --top-k ≥ 0 and 0 < --top-p ≤ 1")
        }
        guard (encoder == nil) == (bpe == nil) else { throw LabError("--encoder and --bpe go together") }
    }
}

/// `train`'s options, with the defaults that fit them: llm.c's when they name a --model.
func trainingOptions(_ arguments: [String]) -> (TrainOptions, explicit: Set<String>) {
    // a first look, unchecked, for --model (a bad command line is reported by the real parse)
    var startsFromFile = false
    if case .options(let o, _)? = try? TrainOptions.parse(arguments, validate: false) { startsFromFile = o.model != nil }
    let parsed = TrainOptions.parseOrExit(arguments, defaults: startsFromFile ? TrainOptions.fineTuning : TrainOptions())
    return (parsed.options, parsed.explicit)
}
