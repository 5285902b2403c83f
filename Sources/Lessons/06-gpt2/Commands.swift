import Foundation
import LLMLab

// Lesson 06's commands: `verify`, `train`, `prepare` and `sample` do one step of the tour
// (main.swift) on files you name, with the same functions. Not part of the chapter.

/// A named shape (GPT-2 small: its rows, 50304, hold any tokenizer's vocabulary up to that
/// size), or the options' shape with a padded vocabulary. The vocabulary is the tokenizer's.
func gpt2Shape(_ preset: GPTConfig.Preset?, config c: TrainConfig, vocab: Int) -> GPTConfig {
    if let preset {
        var shape = preset.config
        shape.vocabSize = vocab
        shape.paddedVocabSize = max(shape.paddedVocabSize, GPTConfig.padded(vocab))
        return shape
    }
    return LLMC.config(vocab: vocab, paddedVocab: GPTConfig.padded(vocab), maxT: c.blockSize, layers: c.nLayer, heads: c.nHead, channels: c.nEmbd)
}

/// The tokens and the starting weights, read and checked before anything is written.
func prepare(_ setup: TrainOptions, config: TrainConfig) -> (TokenizedCorpus, GPT?) {
    var weights: GPT?
    var gpt2: GPT2Tokenizer?
    if let path = setup.model {
        // an llm.c file, a Hugging Face GPT-2 directory or a lab model
        let read = must(try ModelInput.read(path))
        if let difference = HuggingFace.gpt2Difference(read.model.config) { fail("\(path): lesson 06 trains GPT-2; the model has \(difference)") }
        weights = read.model
        gpt2 = read.tokenizer as? GPT2Tokenizer
    }
    if let t = setup.trainTokens, let v = setup.valTokens {
        // without a tokenizer file the samples show token ids
        var tokenizer: any Tokenizer = LLMCTokenizer(tokens: (0..<(weights?.config.vocabSize ?? 50257)).map { Array("<\($0)>".utf8) }, endOfText: nil)
        if let path = setup.tokenizer { tokenizer = must(try LLMCTokenizer.read(path)) }
        return (must(try TokenizedCorpus.tokenFiles(train: t, val: v, tokenizer: tokenizer)), weights)
    }
    if setup.tokenizer == nil, let gpt2 {
        // a Hugging Face directory's own tokenizer (GPT-2's) encodes the text, and goes into
        // the checkpoints with the weights
        let corpus = must(try Corpus.load(config.data, orBuiltin: config.lang))
        let (a, b) = must(try corpus.split(trainFraction: config.trainFraction))
        return (TokenizedCorpus(tokenizer: gpt2, train: gpt2.encode(a), val: gpt2.encode(b), source: corpus.source,
                                key: contentHash([a, b, gpt2.serialized])), weights)
    }
    guard let path = setup.tokenizer else {
        if weights != nil { fail("--model needs --train and --val token files (06-gpt2 prepare makes them), or --tokenizer to encode a text") }
        return (must(try TokenizedCorpus.prepare(config, cacheDir: "runs/cache")), nil)
    }
    // a text encoded with the model's own tokenizer file
    let tok = must(try LLMCTokenizer.read(path))
    let corpus = must(try Corpus.load(config.data, orBuiltin: config.lang))
    let (a, b) = must(try corpus.split(trainFraction: config.trainFraction))
    return (TokenizedCorpus(tokenizer: tok, train: tok.encode(a), val: tok.encode(b), source: corpus.source,
                            key: contentHash([a, b, tok.serialized])), weights)
}

/// The trainer for the tour or `train`: data, starting weights and shape resolved.
func makeTrainer(_ setup: TrainOptions, explicit: Set<String>, runDir: String) -> Trainer {
    let config = setup.train
    let effective = must(try Trainer.resolveResume(config, explicit: explicit, runDir: runDir))?.0 ?? config
    let (data, weights) = prepare(setup, config: effective)
    let shape = weights == nil ? gpt2Shape(setup.preset, config: effective, vocab: data.tokenizer.vocabSize) : nil
    return must(try Trainer(config: config, explicit: explicit, data: data, runDir: runDir, shape: shape, weights: weights))
}

func lessonRun(_ config: TrainConfig, runDir: String, plots: String?) -> LessonRun {
    var common = config.common
    common.out = runDir
    let run = must(try LessonRun(lesson: lessonName, common: common, config: [:], plotDir: plots))
    must(try run.record(config: config.json))
    return run
}

/// The commands that pick up the files a run wrote.
func continueHint(modelPath: String, runDir: String) {
    Narrative.say("")
    Narrative.say("  Continue from these files:  swift run 06-gpt2 train --model \(modelPath) --tokenizer \(runDir)/tokenizer.bin --data FILE")
    Narrative.say("  or sample from them:        swift run 06-gpt2 sample --model \(modelPath) --tokenizer \(runDir)/tokenizer.bin --prompt \"...\"")
}

/// The tour's options; or, when the command line names a command, runs it and exits.
func tourOptionsOrRunCommand() -> (TourOptions, explicit: Set<String>) {
    let (command, arguments) = subcommand(of: lessonName, Array(CommandLine.arguments.dropFirst()), commands: [
        ("tour", TourOptions.abstract), ("verify", VerifyOptions.abstract), ("train", TrainOptions.abstract),
        ("prepare", PrepareOptions.abstract), ("sample", SampleOptions.abstract)], default: "tour")
    if command != "tour" { runCommand(command, arguments) }
    let parsed = TourOptions.parseOrExit(arguments)
    return (parsed.options, parsed.explicit)
}

/// Runs one command and exits.
func runCommand(_ command: String, _ arguments: [String]) -> Never {
    switch command {
    case "verify":
        let o = VerifyOptions.parseOrExit(arguments).options
        var common = o.common
        common.out = common.out ?? "runs/\(lessonName)/verify"
        let (model, state, expected) = readCheck(model: o.model, state: o.state, expected: o.expectedLosses)
        let run = must(try LessonRun(lesson: lessonName, common: common, config: ["model": .string(o.model), "state": .string(o.state),
            "expected_losses": o.expectedLosses.map(JSONValue.string) ?? .null, "tolerance": .double(Double(o.tolerance))]))
        Narrative.title("Lesson 06 · verify: \(o.model)")
        describe(o.model, model)
        let v = verify(model, state: state, statePath: o.state, expected: expected, tolerance: o.tolerance, run: run)
        must(try run.finish(results: ["passed": .bool(v.passed), "worst_gradient_diff": .double(Double(v.gradients.map(\.maxAbsDiff).max() ?? .nan))]))
        if !v.passed { exit(1) }
    case "prepare":
        let o = PrepareOptions.parseOrExit(arguments).options
        var common = o.common
        common.out = common.out ?? "runs/\(lessonName)/data"
        let tokenizer = must(try GPT2Tokenizer.load(encoder: o.encoder, merges: o.bpe))
        let corpus = must(try Corpus.load(o.text))
        let run = must(try LessonRun(lesson: lessonName, common: common, config: ["text": .string(o.text), "encoder": .string(o.encoder),
                                                                                  "bpe": .string(o.bpe), "val_fraction": .double(o.valFraction)]))
        Narrative.title("Lesson 06 · prepare: \(o.text)")
        let (trainText, valText) = must(try corpus.split(trainFraction: 1 - o.valFraction))
        var clock = Stopwatch()
        // large texts are encoded on --threads threads (the same ids as one)
        let train = tokenizer.encode(trainText, workers: run.threads), val = tokenizer.encode(valText, workers: run.threads)
        let seconds = clock.seconds
        must(try TokenFile.write(train, to: run.path("train.bin")))
        must(try TokenFile.write(val, to: run.path("val.bin")))
        must(try LLMCTokenizer(tokens: tokenizer.tokenBytes, endOfText: tokenizer.endOfText).write(to: run.path("tokenizer.bin")))
        let csv = must(try run.csv("tokens.csv", columns: ["split", "bytes", "tokens"]))
        must(try csv.row(["split": "train", "bytes": trainText.utf8.count, "tokens": train.count]))
        must(try csv.row(["split": "val", "bytes": valText.utf8.count, "tokens": val.count]))
        clock.reset()
        Narrative.facts([("train.bin", "\(train.count) tokens from \(trainText.utf8.count) bytes"), ("val.bin", "\(val.count) tokens from \(valText.utf8.count) bytes"),
                         ("tokenizer.bin", "\(tokenizer.vocabSize) tokens, end of text \(tokenizer.endOfText.map(String.init) ?? "none")"),
                         ("speed", "\(Narrative.fixed(Double(trainText.utf8.count + valText.utf8.count) / max(seconds, 1e-9) / 1e6, 1)) MB/s on \(run.threads) thread\(run.threads == 1 ? "" : "s")"),
                         ("written to", run.runDir)])
        must(try run.finish(results: ["train_tokens": .int(train.count), "val_tokens": .int(val.count)]))
    case "sample":
        let o = SampleOptions.parseOrExit(arguments).options
        var common = o.common
        common.out = common.out ?? "runs/\(lessonName)/sample"
        // an llm.c file, a Hugging Face GPT-2 directory (with its vocab.json and merges.txt),
        // or a lab model
        let read = must(try ModelInput.read(o.model))
        let model = read.model
        let decoder: any Tokenizer
        if let path = o.tokenizer { decoder = must(try LLMCTokenizer.read(path)) }
        else if let own = read.tokenizer { decoder = own }
        else { fail("\(o.model): \(read.kind.rawValue) carries no tokenizer; give --tokenizer (an llm.c tokenizer file)", code: 64) }
        var encoder: any Tokenizer = decoder
        if let e = o.encoder, let b = o.bpe { encoder = must(try GPT2Tokenizer.load(encoder: e, merges: b)) }
        // every id the tokenizers can produce or must show needs a row in the model
        for (what, t) in [("the tokenizer", decoder as any Tokenizer), ("--encoder", encoder)] where t.vocabSize > model.config.vocabSize {
            fail("\(what) has \(t.vocabSize) tokens but the model's vocabulary is \(model.config.vocabSize)")
        }
        BLAS.threads = common.threads
        let run = must(try LessonRun(lesson: lessonName, common: common, config: ["model": .string(o.model), "prompt": .string(o.prompt),
            "tokens": .int(o.tokens), "temperature": .double(Double(o.temperature)), "top_k": .int(o.topK), "top_p": .double(Double(o.topP))]))
        Narrative.title("Lesson 06 · sample: \(o.model)")
        var rng = RNG(seed: common.seed)
        let prompt = encoder.encode(o.prompt)
        let endOfText = (decoder as? LLMCTokenizer)?.endOfText ?? (decoder as? GPT2Tokenizer)?.endOfText
        let start = prompt.isEmpty ? [endOfText ?? 0] : Array(prompt.suffix(model.config.blockSize))
        let out = Sampler.generate(model, prompt: start, count: o.tokens, options: SamplingOptions(temperature: o.temperature, topK: o.topK, topP: o.topP), rng: &rng)
        let text = decoder.decode(out)
        print(o.prompt + text)
        must(try Files.writeAtomically(o.prompt + text + "\n", to: run.path("sample.txt")))
        must(try run.finish(results: ["tokens": .int(out.count), "prompt_ids": .array(start.map { .int(Int($0)) }),
                                      "ids": .array(out.map { .int(Int($0)) })]))
    default:   // "train"
        var (setup, explicit) = trainingOptions(arguments)
        if setup.model == nil && setup.initialization == nil {
            fail("train needs --model FILE or --init random (see 06-gpt2 train --help)", code: 64)
        }
        // GPT-2 small as one model, every matrix product on all threads: half the memory
        if setup.model == nil && setup.preset == .gpt2_124m && !explicit.contains("parallel") { setup.train.parallel = .blas }
        let config = setup.train
        let runDir = config.out ?? "runs/\(lessonName)/train"
        let trainer = makeTrainer(setup, explicit: explicit, runDir: runDir)
        let run = lessonRun(trainer.config, runDir: runDir, plots: nil)
        Narrative.title("Lesson 06 · train")
        let model = train(trainer, setup: setup, run: run)
        let modelPath = export(model, tokenizer: trainer.data.tokenizer, runDir: runDir)
        let reread = must(try LLMC.readModel(modelPath))
        reread.workers = model.workers
        let text = sample(reread, tokenizer: must(try LLMCTokenizer.read(runDir + "/tokenizer.bin")), prompt: config.samplePrompt.isEmpty ? "The " : config.samplePrompt,
                          tokens: max(config.sampleTokens, 32), options: SamplingOptions(temperature: config.temperature, topK: 40), seed: config.seed)
        continueHint(modelPath: modelPath, runDir: runDir)
        must(try run.finish(results: ["sample": .string(text), "model": .string(modelPath)]))
    }
    exit(0)
}
