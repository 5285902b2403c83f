//: # Lesson 06 · GPT-2 in llm.c's formats
//:
//: karpathy's llm.c trains GPT-2 in plain C, and its files (a model, a tokenizer, token
//: streams, a "debug state" for checking) are what people who train GPT-2 on a CPU already
//: have. This lesson reads and writes all of them. It looks inside a model file, checks this
//: lab's GPT against PyTorch the way llm.c's `test_gpt2` does, trains a GPT-2-shaped model,
//: writes it out in llm.c's format, and samples from the file it wrote.
//:
//: `swift run 06-gpt2` runs this tour on files that ship with the lab. Four commands do the same
//: steps on your own files:
//:
//:     06-gpt2 verify  --model M.bin --state S.bin [--expected-losses F.json]   (llm.c's test_gpt2)
//:     06-gpt2 train   --model M.bin --train T.bin --val V.bin [--tokenizer tok.bin]   (fine-tune)
//:     06-gpt2 train   --init random --preset gpt2-124m --batch-size 4 --seq-len 64      (no files)
//:     06-gpt2 prepare --text FILE --encoder encoder.json --bpe vocab.bpe            (token files)
//:     06-gpt2 sample  --model M.bin --tokenizer tok.bin --prompt "..."
//:
//: Each takes `--help`. How fast a GPT-2 124M step runs here is in [benchmarks.md](benchmarks.md).

import Foundation
import LLMLab

let lessonName = "06-gpt2"
let fixture = "Tests/SharedTests/Fixtures/gpt2-mini"
let (command, arguments) = subcommand(of: lessonName, Array(CommandLine.arguments.dropFirst()), commands: [
    ("tour", TourOptions.abstract), ("verify", VerifyOptions.abstract), ("train", TrainOptions.abstract), ("prepare", PrepareOptions.abstract),
    ("sample", SampleOptions.abstract)], default: "tour")

//: ## Inside an llm.c model file
//: A model file is a header of 256 int32 and then every weight as float32 (version 3) or
//: bfloat16 (version 5), nothing else: no names, no shapes. The header's numbers say how big
//: everything is, and the order is fixed: the 16 tensors below, each holding all layers at
//: once (every layer's `ln1w`, then every layer's `ln1b`, …). Weights are stored (out, in),
//: as this lab's `Linear` stores them, so loading is a copy.
//:
//: The vocabulary is padded. GPT-2 has 50257 tokens; llm.c stores 50304 rows of the token
//: table (the next multiple of 64, which keeps matrix products on aligned sizes). The extra
//: rows are zero in a file written from PyTorch and are never predicted: the loss and the
//: sampler only look at the first 50257 columns of the logits, so those rows get no gradient
//: and stay what they are.

/// Prints the header and the tensor table of an llm.c model file (already read into `model`).
func describe(_ path: String, _ model: GPT) {
    Narrative.section()
    let c = model.config
    let header = must(try Files.read(path)).prefix(32).withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) }
    Narrative.facts([
        ("file", path),
        ("header", "magic \(header[0]), version \(header[1]) (\(header[1] == 3 ? "float32" : "bfloat16"))"),
        ("shape", "max_seq_len \(c.blockSize), vocab \(c.vocabSize) (padded to \(c.paddedVocabSize)), \(c.layers) layers, \(c.heads) heads, \(c.channels) channels"),
    ])
    var offset = 1024
    let bytesPer = header[1] == 3 ? 4 : 2
    let rows = LLMC.layout(c).map { name, shape, _ -> [String] in
        let n = shape.reduce(1, *)
        defer { offset += bytesPer * n }
        return [name, "(" + shape.map(String.init).joined(separator: ", ") + ")", "\(n)", "\(offset)"]
    }
    Narrative.table(["tensor", "shape", "numbers", "byte offset"], rows, align: [.left, .left, .right, .right])
    let padded = (c.vocabSize..<c.paddedVocabSize).map { row in
        (0..<c.channels).reduce(Float(0)) { max($0, abs(model.wte.table.value.pointer[row * c.channels + $1])) }
    }.max() ?? 0
    Narrative.say("  \(model.parameterCount) parameters in \(offset) bytes; the \(c.paddedVocabSize - c.vocabSize) padding rows of wte have largest |value| \(padded)")
}

//: ## Checking the model against PyTorch
//: llm.c proves its C code right with a "debug state" written by PyTorch: one batch of
//: inputs and targets, the logits and loss PyTorch computed for it, and the gradient of
//: every weight. This lab's GPT reads the same model, runs the same batch, and every number
//: is compared: the logits, the loss, then each of the 16 gradient tensors by name. Then ten
//: AdamW steps on the batch (llm.c's update: lr 1e-4, weight decay 0.01 on every weight) must
//: give the reference's ten losses. llm.c accepts differences up to 1e-2; this check uses 1e-4
//: (`--tolerance`), and on small models the differences are around 1e-6, the size of float32
//: rounding. Agreeing to that precision on every gradient means the forward pass computes
//: GPT-2 exactly (GELU's tanh form, LayerNorm's ε, the causal mask, the tied head) and the
//: backward pass is its true derivative: there is no other way to match a reference this closely
//: on every number.

/// The three files of a check, read (and every header checked) before anything is written.
func readCheck(model path: String, state: String, expected: String?) -> (GPT, LLMC.DebugState, [Float]?) {
    let model = must(try LLMC.readModel(path))
    let s = must(try LLMC.readDebugState(state, config: model.config))
    var losses: [Float]?
    if let expected { losses = must(try LLMCVerification.readExpectedLosses(expected)) }
    return (model, s, losses)
}

/// Compares a model with a debug state; prints and records the differences; returns the result.
func verify(_ model: GPT, state: LLMC.DebugState, statePath: String, expected: [Float]?, tolerance: Float, run: LessonRun) -> LLMCVerification {
    Narrative.section()
    let v = LLMCVerification.run(model: model, state: state, expectedLosses: expected, tolerance: tolerance)
    let mark = { (d: Float) in d <= tolerance ? "ok" : "FAIL" }
    Narrative.say("  batch \(state.b) × \(state.t) from \(statePath); tolerance \(tolerance) (max |ours − reference|)")
    var rows = [["logits", "\(v.logits.count)", String(format: "%.2e", v.logits.maxAbsDiff), mark(v.logits.maxAbsDiff)],
                ["loss", "1", String(format: "%.2e", v.lossDiff), mark(v.lossDiff)]]
    rows += v.gradients.map { ["d" + $0.name, "\($0.count)", String(format: "%.2e", $0.maxAbsDiff), mark($0.maxAbsDiff)] }
    Narrative.table(["what", "numbers", "max abs diff", ""], rows, align: [.left, .right, .right, .left])
    let csv = must(try run.csv("verify.csv", columns: ["what", "count", "max_abs_diff"]))
    must(try csv.row(["what": "logits", "count": v.logits.count, "max_abs_diff": v.logits.maxAbsDiff]))
    must(try csv.row(["what": "loss", "count": 1, "max_abs_diff": v.lossDiff]))
    for g in v.gradients { must(try csv.row(["what": "d" + g.name, "count": g.count, "max_abs_diff": g.maxAbsDiff])) }
    Narrative.say("")
    Narrative.table(["AdamW step", "our loss", "reference", "diff"], v.steps.enumerated().map { i, s in
        ["\(i)", Narrative.fixed(Double(s.ours), 6), s.reference.map { Narrative.fixed(Double($0), 6) } ?? "–",
         s.reference.map { String(format: "%.1e", abs(s.ours - $0)) } ?? "–"]
    }, align: [.right, .right, .right, .right])
    let steps = must(try run.csv("verify_steps.csv", columns: ["step", "loss", "reference"]))
    for (i, s) in v.steps.enumerated() { must(try steps.row(["step": i, "loss": s.ours, "reference": s.reference.map { Double($0) } ?? .nan])) }
    if expected == nil { Narrative.say("  (no --expected-losses: the ten losses are shown, not compared)") }
    Narrative.say(v.passed ? "  PASS: every number agrees with the reference within \(tolerance)"
                           : "  FAIL: some numbers differ from the reference by more than \(tolerance)")
    return v
}

//: ## Training
//: Training is lesson 05's loop (batches, AdamW, evaluation, samples, checkpoints, resume,
//: early stopping, the monitor) on a GPT-2-shaped model: biases everywhere, Pre-LN, learned
//: positions, the head tied to the token table, the vocabulary padded to a multiple of 64.
//: The weights come from a file (`--model`, fine-tuning, as llm.c's `train_gpt2` does) or
//: start random (`--init random`, with `--preset gpt2-124m` for GPT-2 small's shape, or the
//: `--n-layer`/`--n-head`/`--n-embd` options). The tokens come from llm.c token files
//: (`--train`, `--val`) or from a text (`--data`, or the built-in corpus) with a byte-level
//: BPE of lesson 01. The tour trains a small model from random weights on the built-in
//: English text. A model the size of GPT-2 runs as one model with every matrix product on all
//: threads (`--parallel blas`), which needs half the memory of one replica per thread.

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
    if let path = setup.model { weights = must(try LLMC.readModel(path)) }
    if let t = setup.trainTokens, let v = setup.valTokens {
        // without a tokenizer file the samples show token ids
        var tokenizer: any Tokenizer = LLMCTokenizer(tokens: (0..<(weights?.config.vocabSize ?? 50257)).map { Array("<\($0)>".utf8) }, endOfText: nil)
        if let path = setup.tokenizer { tokenizer = must(try LLMCTokenizer.read(path)) }
        return (must(try TokenizedCorpus.tokenFiles(train: t, val: v, tokenizer: tokenizer)), weights)
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

/// Trains (from a file or random weights); returns the trained model.
func train(_ trainer: Trainer, setup: TrainOptions) -> GPT {
    let model = trainer.model, c = trainer.config, data = trainer.data
    Narrative.facts([
        ("weights", setup.model ?? "random (\(setup.preset?.rawValue ?? "--n-layer \(c.nLayer) --n-head \(c.nHead) --n-embd \(c.nEmbd)"), seed \(c.seed))"),
        ("model", "\(model.config.layers) layers, \(model.config.heads) heads, width \(model.config.channels), context \(model.config.blockSize), vocab \(model.config.vocabSize) padded to \(model.config.paddedVocabSize): \(model.parameterCount) parameters"),
        ("tokens", "\(data.source): \(data.train.count) for training, \(data.val.count) for validation (\(data.tokenizer.kind) tokenizer, \(data.tokenizer.vocabSize) tokens)"),
        ("steps", "\(c.steps) of \(c.batchSize) × \(c.blockSize) tokens, lr \(c.lr) (\(c.schedule)), \(c.threads) thread(s), parallel: \(c.parallel)"),
    ])
    if let from = trainer.resumedFrom { Narrative.say("  resuming from \(from) at step \(trainer.step)") }
    trainer.onEvent = TrainingMonitor(logInterval: c.logInterval).handle
    let summary = must(try trainer.run())
    let t = trainer.timing
    let perStep = (t.forward + t.backward + t.optimizer + t.data) / Double(max(trainer.stepsThisSession, 1))
    Narrative.say("  \(summary.steps) steps in \(Narrative.fixed(summary.seconds, 1)) s, \(Narrative.fixed(1000 * perStep, 1)) ms per step; best validation loss \(Narrative.fixed(Double(summary.bestValLoss), 4)) at step \(summary.bestStep)")
    return model
}

//: ## Writing llm.c's files
//: The trained model goes out as an llm.c model file (version 3, float32), with its tokenizer
//: as an llm.c tokenizer file and its token streams as llm.c token files, so llm.c's
//: `train_gpt2` or this lesson's `train --model` can pick them up. Reading the model back must
//: give every weight bit for bit: the format has no room for anything to drift.

func export(_ model: GPT, tokenizer: any Tokenizer, runDir: String) -> String {
    Narrative.section()
    let modelPath = runDir + "/model.bin", tokPath = runDir + "/tokenizer.bin"
    must(try LLMC.writeModel(model, to: modelPath))
    let llmcTokenizer = tokenizer as? LLMCTokenizer ?? (tokenizer as? BPETokenizer).map(LLMCTokenizer.init)
        ?? LLMCTokenizer(tokens: (0..<tokenizer.vocabSize).map { id in
            let text = tokenizer.decode([Int32(id)])
            return Array((text.isEmpty ? tokenizer.piece(Int32(id)) : text).utf8)
        }, endOfText: nil)
    must(try llmcTokenizer.write(to: tokPath))
    let back = must(try LLMC.readModel(modelPath))
    let same = back.config == model.config && zip(back.parameters, model.parameters).allSatisfy { $0.value.values == $1.value.values }
    Narrative.facts([
        ("model", "\(modelPath) (\(must(try Files.read(modelPath)).count) bytes)"),
        ("tokenizer", "\(tokPath) (\(llmcTokenizer.vocabSize) tokens)"),
        ("read back", same ? "every weight identical, bit for bit" : "DIFFERENT"),
    ])
    if !same { fail("\(modelPath) did not read back as written") }
    return modelPath
}

//: ## Sampling
//: The model writes by predicting one token at a time from the tokens so far (the prompt
//: first), drawing each from its probabilities with the run's seeded generator, and feeding
//: it back in. `--temperature` sharpens or flattens the probabilities, `--top-k` keeps only the
//: k most likely tokens.

func sample(_ model: GPT, tokenizer: any Tokenizer, prompt: String, tokens: Int, options: SamplingOptions, seed: UInt64) -> String {
    Narrative.section()
    var rng = RNG(seed: seed)
    let ids = tokenizer.encode(prompt)
    let start = ids.isEmpty ? [Int32(0)] : Array(ids.suffix(model.config.blockSize))
    let out = Sampler.generate(model, prompt: start, count: tokens, options: options, rng: &rng)
    let text = "«" + tokenizer.decode(start) + "»" + tokenizer.decode(out)
    Narrative.say("  “" + text.replacingOccurrences(of: "\n", with: " ⏎ ") + "”")
    return text
}

//: ## Where the time goes in GPT-2 124M
//: The same code at GPT-2 small's real size: 12 layers, 12 heads, width 768, the 50257-token
//: vocabulary padded to 50304, 124M parameters; a batch of 4 × 64 tokens as in llm.c's
//: `train_gpt2`, random weights and tokens (speed does not depend on them). One step is
//: forward, loss, backward, the gradient norm and AdamW: about 192 billion floating-point
//: operations, nearly all in matrix products. Each layer times itself (`Profiler`), so the
//: table shows what is left to the matrix products and what goes elsewhere: the AdamW update
//: has to read and write 1.5 GB of weights, gradients and moments every step, so it is bound by
//: memory speed, not arithmetic. `--quick` skips this section (it needs 2.4 GB of memory);
//: `swift run -c release bench train --preset gpt2-124m` times many steps.

func profileGPT2(seed: UInt64, threads: Int, run: LessonRun) {
    Narrative.section()
    let config = GPTConfig.Preset.gpt2_124m.config
    var rng = RNG(seed: seed)
    let model = GPT(config)
    model.initialize(&rng)
    model.workers = threads
    BLAS.threads = threads
    let optimizer = Adam(model.parameters, decoupled: true, weightDecay: 0.1)
    optimizer.workers = threads
    let step = TrainingStep(DataParallel(model, workers: 1), optimizer: optimizer, gradClip: 1, workers: threads)
    let (b, t) = (4, 64)
    let ids = (0..<(b * t + 1)).map { _ in Int32(rng.int(below: config.vocabSize)) }
    let batch = (inputs: Array(ids.dropLast()), targets: Array(ids.dropFirst()))
    let steps = 3
    // after one untimed step, which allocates every buffer
    let (total, rows) = Profiler.profile(steps: steps) { _ = step([batch], batch: b, length: t, lr: 1e-4, seeds: [1]) }
    let csv = must(try run.csv("gpt2_124m_profile.csv", columns: ["component", "ms_per_step", "share"]))
    for r in rows { must(try csv.row(["component": r.name, "ms_per_step": 1000 * r.seconds, "share": r.seconds / total])) }
    Narrative.table(["component", "ms per step", "share"], rows.map { r in
        [r.name, Narrative.fixed(1000 * r.seconds, 1), Narrative.fixed(100 * r.seconds / total, 1) + "%"]
    }, align: [.left, .right, .right])
    let flops = Double(b * t) * config.trainingFLOPsPerToken(context: t)
    Narrative.say("  \(Narrative.fixed(1000 * total, 0)) ms per step (mean of \(steps), \(threads) thread(s), \(Machine.cpuModel)): \(Narrative.fixed(flops / 1e9, 0)) GFLOP, \(Narrative.fixed(flops / total / 1e9, 0)) GFLOP/s")
}

//: ## The commands
//: What runs: the tour (no command) reads and checks the lab's PyTorch fixture, trains, writes
//: llm.c's files, samples from them and profiles GPT-2 124M; `verify`, `train`, `prepare` and
//: `sample` do one step each on the files you name. Options that can fail (a missing file, a bad
//: header, a token outside the vocabulary) are all read and checked before the run writes
//: anything.

func lessonRun(_ config: TrainConfig, runDir: String, plots: String?) -> LessonRun {
    var common = config.common
    common.out = runDir
    let run = must(try LessonRun(lesson: lessonName, common: common, config: [:], plotDir: plots))
    must(try run.record(config: config.json))
    return run
}

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
    let train = tokenizer.encode(trainText), val = tokenizer.encode(valText)
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
                     ("speed", "\(Narrative.fixed(Double(trainText.utf8.count + valText.utf8.count) / max(seconds, 1e-9) / 1e6, 1)) MB/s"),
                     ("written to", run.runDir)])
    must(try run.finish(results: ["train_tokens": .int(train.count), "val_tokens": .int(val.count)]))

case "sample":
    let o = SampleOptions.parseOrExit(arguments).options
    var common = o.common
    common.out = common.out ?? "runs/\(lessonName)/sample"
    let model = must(try LLMC.readModel(o.model))
    let decoder = must(try LLMCTokenizer.read(o.tokenizer))
    var encoder: any Tokenizer = decoder
    if let e = o.encoder, let b = o.bpe { encoder = must(try GPT2Tokenizer.load(encoder: e, merges: b)) }
    // every id the tokenizers can produce or must show needs a row in the model
    for (what, t) in [("--tokenizer", decoder as any Tokenizer), ("--encoder", encoder)] where t.vocabSize > model.config.vocabSize {
        fail("\(what) has \(t.vocabSize) tokens but the model's vocabulary is \(model.config.vocabSize)")
    }
    BLAS.threads = common.threads
    let run = must(try LessonRun(lesson: lessonName, common: common, config: ["model": .string(o.model), "prompt": .string(o.prompt),
        "tokens": .int(o.tokens), "temperature": .double(Double(o.temperature)), "top_k": .int(o.topK), "top_p": .double(Double(o.topP))]))
    Narrative.title("Lesson 06 · sample: \(o.model)")
    var rng = RNG(seed: common.seed)
    let prompt = encoder.encode(o.prompt)
    let start = prompt.isEmpty ? [decoder.endOfText ?? 0] : Array(prompt.suffix(model.config.blockSize))
    let out = Sampler.generate(model, prompt: start, count: o.tokens, options: SamplingOptions(temperature: o.temperature, topK: o.topK, topP: o.topP), rng: &rng)
    let text = decoder.decode(out)
    print(o.prompt + text)
    must(try Files.writeAtomically(o.prompt + text + "\n", to: run.path("sample.txt")))
    must(try run.finish(results: ["tokens": .int(out.count)]))

default:   // "tour" and "train"
    var (setup, explicit) = trainingOptions(command, arguments)
    if command == "train" && setup.model == nil && setup.initialization == nil {
        fail("train needs --model FILE or --init random (see 06-gpt2 train --help)", code: 64)
    }
    // GPT-2 small as one model, every matrix product on all threads: half the memory
    if setup.model == nil && setup.preset == .gpt2_124m && !explicit.contains("parallel") { setup.train.parallel = .blas }
    let config = setup.train
    // everything that can fail on bad input is read and checked before the run writes a file
    let runDir = config.out ?? (command == "train" ? "runs/\(lessonName)/train" : "runs/\(lessonName)")
    let effective = must(try Trainer.resolveResume(config, explicit: explicit, runDir: runDir))?.0 ?? config
    let (data, weights) = prepare(setup, config: effective)
    let shape = weights == nil ? gpt2Shape(setup.preset, config: effective, vocab: data.tokenizer.vocabSize) : nil
    let trainer = must(try Trainer(config: config, explicit: explicit, data: data, runDir: runDir, shape: shape, weights: weights))
    let check = command == "tour" ? readCheck(model: fixture + "/model.bin", state: fixture + "/debug_state.bin", expected: fixture + "/reference.json") : nil
    // the tour's plots go where the docs show them; a train command's stay in its run directory
    let run = lessonRun(trainer.config, runDir: runDir, plots: command == "tour" && config.out == nil ? "plots/\(lessonName)" : nil)
    Narrative.title(command == "train" ? "Lesson 06 · train" : "Lesson 06 · GPT-2 in llm.c's formats")
    var results: [String: JSONValue] = [:]
    if command == "tour" {
        // the lab's own PyTorch fixture: a 2-layer GPT-2 with a padded vocabulary
        let (reference, state, expected) = check!
        describe(fixture + "/model.bin", reference)
        let v = verify(reference, state: state, statePath: fixture + "/debug_state.bin", expected: expected, tolerance: 1e-4, run: run)
        results["verification_passed"] = .bool(v.passed)
        if !v.passed { fail("the model does not match the PyTorch reference") }
    }
    Narrative.section("Training")
    let model = train(trainer, setup: setup)
    let tokenizer = data.tokenizer
    let curve = run.plotPath("loss.png")
    if must(try run.plotter.lines(csv: runDir + "/metrics.csv", x: "step",
                                  series: [.init("train_loss", title: "training (one batch)"), .init("val_loss", title: "validation", style: .linespoints)],
                                  to: curve, title: "GPT-2 (llm.c format): loss", ylabel: "cross-entropy (nats per token)")) {
        Narrative.say("  plot: \(curve)")
    }
    let modelPath = export(model, tokenizer: tokenizer, runDir: runDir)
    let reread = must(try LLMC.readModel(modelPath))
    reread.workers = model.workers
    let text = sample(reread, tokenizer: must(try LLMCTokenizer.read(runDir + "/tokenizer.bin")), prompt: config.samplePrompt.isEmpty ? "The " : config.samplePrompt,
                      tokens: max(config.sampleTokens, 32), options: SamplingOptions(temperature: config.temperature, topK: 40), seed: config.seed)
    Narrative.say("")
    Narrative.say("  Continue from these files:  swift run 06-gpt2 train --model \(modelPath) --tokenizer \(runDir)/tokenizer.bin --data FILE")
    Narrative.say("  or sample from them:        swift run 06-gpt2 sample --model \(modelPath) --tokenizer \(runDir)/tokenizer.bin --prompt \"...\"")
    if command == "tour" {
        if config.quick { Narrative.section("Where the time goes in GPT-2 124M"); Narrative.say("  (skipped with --quick)") }
        else { profileGPT2(seed: config.seed, threads: config.threads, run: run) }
    }
    results["sample"] = .string(text)
    results["model"] = .string(modelPath)
    must(try run.finish(results: results))
}
