//: # Lesson 06 · GPT-2 in llm.c's formats
//:
//: karpathy's llm.c trains GPT-2 in plain C, and its files (a model, a tokenizer, token
//: streams, a "debug state" for checking) are what people who train GPT-2 on a CPU already
//: have. This lesson reads and writes all of them. It looks inside a model file, checks this
//: lab's GPT against PyTorch the way llm.c's `test_gpt2` does, trains a GPT-2-shaped model,
//: writes it out in llm.c's format, and samples from the file it wrote.
//:
//: `swift run 06-gpt2` runs this tour on files that ship with the lab; with `--model`, it also
//: measures, fine-tunes and samples GPT-2's own weights, which you download (the section
//: "GPT-2's own weights" says how). Four commands do the tour's steps on your own files:
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
// `06-gpt2 verify|train|prepare|sample` do one step on your files (Commands.swift) and exit;
// with no command, the lesson runs the tour below on files that ship with the lab.
let (tour, explicit) = tourOptionsOrRunCommand()

// The tour's inputs, read and checked before anything is written: the lab's PyTorch fixture
// (a 2-layer GPT-2 with a padded vocabulary), the training text and the run's settings.
let setup = tour.train, config = setup.train
let runDir = config.out ?? "runs/\(lessonName)"
let (reference, state, expected) = readCheck(model: fixture + "/model.bin", state: fixture + "/debug_state.bin", expected: fixture + "/reference.json")
// the tour trains its own model from random weights; --model is GPT-2 for its own section
var ownModel = setup
(ownModel.model, ownModel.trainTokens, ownModel.valTokens, ownModel.tokenizer) = (nil, nil, nil, nil)
let trainer = makeTrainer(ownModel, explicit: explicit, runDir: runDir)
// GPT-2's weights (random ones without --model), its tokenizer and tokens, in llm.c's
// batches of 4 × 64 tokens
let gpt2 = readGPT2Inputs(tour, tourTokenizer: trainer.data.tokenizer, batch: 4, length: 64)
// the tour's plots go where the docs show them
let run = lessonRun(trainer.config, runDir: runDir, plots: config.out == nil ? "plots/\(lessonName)" : nil)
var results: [String: JSONValue] = [:]
Narrative.title()

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

describe(fixture + "/model.bin", reference)

//: ## Checking the model against PyTorch
//: llm.c proves its C code right with a "debug state" written by PyTorch: one batch of
//: inputs and targets, the logits and loss PyTorch computed for it, and the gradient of
//: every weight. This lab's GPT reads the same model, runs the same batch, and every number
//: is compared: the logits, the loss, then each of the 16 gradient tensors by name. Then ten
//: AdamW steps on the batch (llm.c's update: lr `1e-4`, weight decay `0.01` on every weight) must
//: give the reference's ten losses. llm.c accepts differences up to `1e-2`; this check uses `1e-4`
//: (`--tolerance`), and on small models the differences (the "max abs diff" column) are the size of float32
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

let verification = verify(reference, state: state, statePath: fixture + "/debug_state.bin", expected: expected, tolerance: 1e-4, run: run)
results["verification_passed"] = .bool(verification.passed)
if !verification.passed { fail("the model does not match the PyTorch reference") }

//: ## Training
//: Training is lesson 05's loop (batches, AdamW, evaluation, samples, checkpoints, resume,
//: early stopping, the monitor) on a GPT-2-shaped model: biases everywhere, Pre-LN, learned
//: positions, the head tied to the token table, the vocabulary padded to a multiple of 64.
//: The weights come from a file (`06-gpt2 train --model`, fine-tuning, as llm.c's
//: `train_gpt2` does) or start random (`--init random`, with `--preset gpt2-124m` for GPT-2
//: small's shape, or the `--n-layer`/`--n-head`/`--n-embd` options). The tokens come from
//: llm.c token files (`--train`, `--val`) or from a text (`--data`, or the built-in corpus)
//: with a byte-level BPE of lesson 01. The tour trains a small model from random weights on
//: the built-in English text (the tour's own `--model` is for GPT-2's weights, in a section
//: below). A model the size of GPT-2 runs as one model with every matrix product on all
//: threads (`--parallel blas`), which needs half the memory of one replica per thread.

/// Trains (from a file or random weights); returns the trained model.
func train(_ trainer: Trainer, setup: TrainOptions, run: LessonRun) -> GPT {
    Narrative.section()
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
    let curve = run.plotPath("loss.png")
    if must(try run.plotter.lines(csv: trainer.runDir + "/metrics.csv", x: "step",
                                  series: [.init("train_loss", title: "training (one batch)"), .init("val_loss", title: "validation", style: .linespoints)],
                                  to: curve, title: "GPT-2 (llm.c format): loss", ylabel: "cross-entropy (nats per token)")) {
        Narrative.say("  plot: \(curve)")
    }
    return model
}

let model = train(trainer, setup: ownModel, run: run)

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

let modelPath = export(model, tokenizer: trainer.data.tokenizer, runDir: runDir)
results["model"] = .string(modelPath)

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

// from the files just written, as another program would read them
let reread = must(try LLMC.readModel(modelPath))
reread.workers = model.workers
let text = sample(reread, tokenizer: must(try LLMCTokenizer.read(runDir + "/tokenizer.bin")), prompt: config.samplePrompt.isEmpty ? "The " : config.samplePrompt,
                  tokens: max(config.sampleTokens, 32), options: SamplingOptions(temperature: config.temperature, topK: 40), seed: config.seed)
results["sample"] = .string(text)
continueHint(modelPath: modelPath, runDir: runDir)

//: ## Bridges: Hugging Face, and llm.c on a GPU
//: Two more formats take a model past this machine. A Hugging Face GPT-2 directory
//: (`config.json`, `model.safetensors`, `vocab.json` and `merges.txt`) is how GPT-2, distilgpt2
//: and gpt2-medium sit in every Hugging Face cache, and what `transformers` loads. GPT-2's
//: linear layers there are `Conv1D`s, which store each matrix as (in, out), the transpose of
//: this lab's `Linear`; the head is tied to `transformer.wte` and not stored; float16 and
//: bfloat16 files are widened to float32 on reading. Every command that reads a model reads
//: such a directory, and `convert` moves a GPT-2 between the formats:
//:
//:     swift run -c release convert HF_DIR gpt2.bin --to llmc           # for llm.c
//:     swift run -c release convert gpt2.bin HF_DIR --to hf             # for transformers
//:     swift run 06-gpt2 sample --model HF_DIR --prompt "Hello"         # GPT-2's own tokenizer
//:     swift run 07-finetune --model HF_DIR                             # instruction-tune GPT-2
//:
//: A model that is not GPT-2's shape (post-LN, sinusoidal positions, an untied head, no
//: biases) cannot go to either format; one line says what differs. `scripts/fixtures/check-hf`
//: (with `torch` and `transformers` installed) checks the bridge both ways: a GPT-2 saved by
//: `transformers` gives the same greedy tokens here as there, and a model trained here loads
//: in `transformers` with no missing or unexpected keys.
//:
//: A training run can also move to a GPU mid-way. `convert CHECKPOINT DIR --to llmc-run`
//: writes what llm.c's CUDA trainer resumes from: the model (vocabulary padded to a multiple
//: of 128, as `train_gpt2cu` pads it), AdamW's m and v with the float32 master weights in
//: llm.c's state file, and an empty `DONE_` file that marks the step complete. llm.c continues
//: with
//:
//:     ./train_gpt2cu -i "TRAIN_*.bin" -j "VAL_*.bin" -o DIR -y 1 -b 4 -t 64 -l 3e-3 -u 100 -q 0.033 -c 0.1 -x 2000
//:
//: The file holds the step, but not the schedule: llm.c recomputes the learning rate at every
//: step from its flags (`-l` peak rate, `-u` warmup, `-q` final fraction, `-k` the schedule's
//: kind, `-x` the last step), so give it the run's own (`run.json` lists them). Its batches
//: come from llm.c token files (`06-gpt2 prepare` writes them) and start again at the first
//: shard; its random state, which only rounds weights to bfloat16, starts at llm.c's own seed.
//: The way back works too: every command that reads a model reads an llm.c run directory (the
//: newest complete step's float32 master weights), and `LLMCRun.restore` puts its m, v and
//: step into a lab AdamW, so a run can return from the GPU and go on here.
//: The tour converts its trained model to a Hugging Face directory and its last checkpoint to
//: an llm.c run, and reads both back:

// the tour owns its run directory, so it replaces what an earlier tour wrote
let huggingFace = runDir + "/hf"
try? FileManager.default.removeItem(atPath: huggingFace)
must(try HuggingFace.writeModel(model, to: huggingFace))
let readBack = must(try ModelInput.read(huggingFace)).model
// (the token table's padding rows, never predicted, are not part of GPT-2: they read back as zeros)
let sameWeights = zip(readBack.parameters, model.parameters).allSatisfy { back, ours in
    let n = ours.name == "wte.weight" ? model.config.vocabSize * model.config.channels : ours.count
    return Array(back.value.values.prefix(n)) == Array(ours.value.values.prefix(n))
}
let lastCheckpoint = must(try Checkpoint.latest(in: trainer.checkpointDir))
Narrative.section()
Narrative.facts([
    ("Hugging Face", "\(huggingFace): config.json, model.safetensors (no tokenizer files: this model's tokenizer is the lesson's BPE, not GPT-2's)"),
    ("read back", sameWeights ? "every weight identical, bit for bit (the padding rows of wte excepted)" : "DIFFERENT"),
])
if let lastCheckpoint {
    let (step, files) = must(try LLMCRun.write(checkpoint: lastCheckpoint, to: runDir + "/llmc-run"))
    let state = must(try LLMCRun.readState(files[1], config: LLMCRun.cudaConfig(model.config)))
    Narrative.facts([
        ("llm.c run", "\(runDir)/llmc-run: " + files.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")),
        ("state", "step \(state.step), \(state.m.count) parameters (vocabulary padded to \(LLMCRun.cudaConfig(model.config).paddedVocabSize), a multiple of 128): m, v and master weights"),
    ])
    results["llmc_run_step"] = .int(step)
}
if !sameWeights { fail("\(huggingFace) did not read back as written") }

//: ## GPT-2's own weights
//: Everything so far ran on a 2-layer fixture and on a small model trained here from
//: scratch. The formats are for more than that: the weights OpenAI trained GPT-2 small with,
//: 124M parameters, can be downloaded in either of two formats, and this lab reads both. Give
//: them to the tour with `--model` and this section works on GPT-2 itself.
//:
//: llm.c's route: its starter pack, run in a checkout of llm.c, downloads the model
//: (`gpt2_124M.bin`), GPT-2's tokenizer (`gpt2_tokenizer.bin`) and tiny Shakespeare already cut
//: into GPT-2's tokens (the validation file holds its first 32,768 tokens, the training file
//: the rest). With LLMC standing for the directory llm.c was cloned into:
//:
//:     git clone https://github.com/karpathy/llm.c LLMC && (cd LLMC && ./dev/download_starter_pack.sh)
//:     swift run 06-gpt2 --model LLMC/gpt2_124M.bin --tokenizer LLMC/gpt2_tokenizer.bin \
//:         --train LLMC/dev/data/tinyshakespeare/tiny_shakespeare_train.bin \
//:         --val LLMC/dev/data/tinyshakespeare/tiny_shakespeare_val.bin
//:
//: An llm.c model file holds no tokenizer, hence `--tokenizer`. llm.c's tokenizer file has no
//: merge rules, so it decodes GPT-2's tokens exactly but can only approximate how GPT-2 cuts
//: text into tokens (it takes the longest token that fits); the token files carry GPT-2's own
//: cuts, so give them. Hugging Face's route downloads the same weights with GPT-2's whole
//: tokenizer (`vocab.json` and `merges.txt`), which encodes any text exactly as GPT-2 does; the
//: section then reads tiny Shakespeare from `runs/data/tinyshakespeare.txt`, where
//: `scripts/setup` puts it (`--text` names another text):
//:
//:     pip install huggingface_hub          # its command line tool is hf
//:     hf download openai-community/gpt2 config.json model.safetensors vocab.json merges.txt --local-dir gpt2
//:     swift run 06-gpt2 --model gpt2
//:
//: (Older versions of `huggingface_hub` call the tool `huggingface-cli`; the arguments are the
//: same.) The section follows llm.c's CPU demo `train_gpt2`: its batches, its learning rate,
//: its number of steps (its samples differ: llm.c samples 64 tokens from `<|endoftext|>`
//: without top-k, here from a prompt at temperature 0.8 and top-k 40). It
//: writes 40 tokens after a prompt ("ROMEO:" and a new line); measures the validation loss on 5
//: batches of 4 × 64 tokens taken in order from the start of the validation tokens, the batches
//: `train_gpt2` measures on; fine-tunes with AdamW at a learning rate of `1e-4`, without weight
//: decay, for 40 steps of 4 random windows of 64 training tokens (`--finetune-steps` changes
//: the count), measuring every 10 steps; and writes after the same prompt again, from the same
//: seed, so that only the weights differ between the two samples. llm.c's README shows its run
//: going from a validation loss of 5.25 to 4.11 in its 40 steps. With its files, expect the
//: same first number (the same weights on the same batches) and a last one near its last (the
//: training windows are drawn differently).
//: <!-- measured elsewhere: 32,768 5.25 4.11 -->
//:
//: The lab ships no copy of GPT-2, so this chapter's run, like any run without `--model`, does
//: the same on random weights in GPT-2 124M's exact shape, with the tour's own BPE in place of
//: GPT-2's tokenizer, which is not in the lab either. That is not GPT-2, and the output says
//: so. The first loss, 10.93, sits a little above ln 50257 = 10.825, the loss of a guess spread
//: evenly over all 50257 tokens: random weights give small random logits rather than equal
//: ones, and an uneven guess that knows nothing scores worse on average. 99.0% of the
//: probability lies on the 49757 ids the tour's tokenizer never produces, and the first sample
//: is made of them (shown as `<id>`). Forty steps bring the loss down to 5.68, below the 6.21
//: of a guess spread evenly over the 500 tokens the tokenizer does produce, although 53.8% of
//: the probability is still on ids that never occur: the model has learned roughly how often
//: each of the 500 comes, and the top of its guess is now theirs. The second sample is the
//: tokenizer's pieces, mostly new lines, and still no English. These losses are per token of
//: the tour's BPE, whose tokens are shorter than GPT-2's, so they cannot be set beside GPT-2's.
//: With `--quick` the random model has 2 layers of width `64` (GPT-2's vocabulary, the same
//: code) and fine-tunes for 8 steps.

/// GPT-2 (or random weights in its shape) before and after a short fine-tune: a sample, the
/// validation loss, the fine-tune's losses, the loss and the sample again.
func gpt2Weights(_ inputs: GPT2Inputs, steps: Int, seed: UInt64, threads: Int, quick: Bool, run: LessonRun) -> (before: Float, after: Float) {
    Narrative.section()
    let model = inputs.takeModel(seed: seed, quick: quick), c = model.config
    model.workers = threads
    BLAS.threads = threads
    let (b, t) = (inputs.batch, inputs.length)
    Narrative.facts([
        ("weights", inputs.weights),
        ("model", "\(c.layers) layers, \(c.heads) heads, width \(c.channels), context \(c.blockSize), vocabulary \(c.vocabSize): \(model.parameterCount) parameters"),
        ("tokenizer", inputs.tokenization),
        ("tokens", "\(inputs.data): \(inputs.train.count) for training, \(inputs.val.count) for validation"),
    ])
    // the same prompt and the same random draws before and after: only the weights differ
    let prompt = "ROMEO:\n", options = SamplingOptions(temperature: 0.8, topK: 40)
    func write() -> String {
        var rng = RNG(seed: seed)
        let ids = Sampler.generate(model, prompt: inputs.tokenizer.encode(prompt), count: 40, options: options, rng: &rng)
        return "«" + inputs.show(inputs.tokenizer.encode(prompt)) + "»" + inputs.show(ids)
    }
    let parallel = DataParallel(model, workers: 1)
    let valBatches = firstBatches(inputs.val, count: 5, batch: b, length: t)
    func validationLoss() -> Float { parallel.loss(valBatches, batch: b, length: t) }

    // random weights may pick ids the stand-in tokenizer never produces: how much of their guess goes there
    func unused() -> String {
        inputs.unusedShare(model, valBatches[0]).map { "; \(Narrative.fixed(100 * $0, 1))% of its probability on the \(c.vocabSize - inputs.tokenizer.vocabSize) ids the tokenizer never produces" } ?? ""
    }
    let before = validationLoss()
    Narrative.say("  before: validation loss \(Narrative.fixed(Double(before), 4)) on \(valBatches.count) batches of \(b) × \(t) tokens" + unused())
    Narrative.say("  sample: “" + write() + "”")

    // llm.c's train_gpt2: AdamW, lr 1e-4, β 0.9 and 0.999, ε 1e-8, no weight decay, no clipping
    let optimizer = Adam(model.parameters, decoupled: true, weightDecay: 0)
    optimizer.workers = threads
    let step = TrainingStep(parallel, optimizer: optimizer, gradClip: 0, workers: threads)
    let csv = must(try run.csv("gpt2_finetune.csv", columns: ["step", "train_loss", "val_loss", "step_ms"]))
    must(try csv.row(["step": 0, "val_loss": before]))
    var rng = RNG(seed: seed)
    var after = before, seconds = 0.0
    for i in 1...steps {
        let batch = Batches.windows(inputs.train, length: t, count: b, &rng)
        let result = step([batch], batch: b, length: t, lr: 1e-4, seeds: [rng.next()])
        if !result.updated { fail("the fine-tuning loss became \(result.loss) at step \(i)") }
        let stepSeconds = result.forward + result.backward + result.update
        seconds += stepSeconds
        var row: [String: any CSVValue] = ["step": i, "train_loss": result.loss, "step_ms": 1000 * stepSeconds]
        if i % 10 == 0 || i == steps {
            after = validationLoss()
            row["val_loss"] = after
            Narrative.say("  step \(i): training loss \(Narrative.fixed(Double(result.loss), 4)), validation loss \(Narrative.fixed(Double(after), 4))")
        }
        must(try csv.row(row))
    }
    Narrative.say("  \(steps) steps in \(Narrative.fixed(seconds, 1)) s (\(Narrative.fixed(1000 * seconds / Double(steps), 0)) ms per step, \(threads) thread(s))")
    Narrative.say("  after: validation loss \(Narrative.fixed(Double(after), 4))" + unused())
    Narrative.say("  sample: “" + write() + "”")
    Narrative.say("")
    let uniform = log(Double(c.vocabSize))
    var rows = [["a uniform guess over \(c.vocabSize) tokens", Narrative.fixed(uniform, 4), Narrative.fixed(Double(c.vocabSize), 0)]]
    let known = inputs.tokenizer.vocabSize
    if known < c.vocabSize { rows.append(["a uniform guess over the tokenizer's \(known)", Narrative.fixed(log(Double(known)), 4), "\(known)"]) }
    rows += [["before fine-tuning", Narrative.fixed(Double(before), 4), Narrative.fixed(exp(Double(before)), 1)],
             ["after \(steps) steps", Narrative.fixed(Double(after), 4), Narrative.fixed(exp(Double(after)), 1)]]
    Narrative.table(["", "validation loss", "perplexity"], rows, align: [.left, .right, .right])
    let curve = run.plotPath("gpt2_finetune.png")
    if must(try run.plotter.lines(csv: run.path("gpt2_finetune.csv"), x: "step",
                                  series: [.init("train_loss", title: "training (one batch)"), .init("val_loss", title: "validation", style: .linespoints)],
                                  to: curve, title: inputs.isRandom ? "Random weights in GPT-2's shape, fine-tuned: loss" : "GPT-2's weights, fine-tuned: loss",
                                  ylabel: "cross-entropy (nats per token)")) {
        Narrative.say("  plot: \(curve)")
    }
    return (before, after)
}

let (gpt2Before, gpt2After) = gpt2Weights(gpt2, steps: tour.finetuneSteps, seed: config.seed, threads: config.threads, quick: config.quick, run: run)
results["gpt2_val_loss_before"] = .double(Double(gpt2Before))
results["gpt2_val_loss_after"] = .double(Double(gpt2After))

//: ## Where the time goes in GPT-2 124M
//: The same code at GPT-2 small's real size: 12 layers, 12 heads, width `768`, the 50257-token
//: vocabulary padded to 50304, 124M parameters; a batch of 4 × 64 tokens as in llm.c's
//: `train_gpt2`, random weights and tokens (speed does not depend on them). One step is
//: forward, loss, backward, the gradient norm and AdamW: the billions of floating-point
//: operations the last line counts, nearly all in matrix products. Each layer times itself
//: (`Profiler`), so the table shows what is left to the matrix products and what goes
//: elsewhere: the AdamW update reads the weights, the gradients and both moments and writes
//: three of them back, gigabytes every step (the output says how many), so it is bound by
//: memory speed, not arithmetic. `--quick` skips this section (it needs the memory the output
//: reports); `swift run -c release bench train --preset gpt2-124m` times many steps.

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
    let tensorGB = Double(4 * model.parameterCount) / 1e9          // one float32 per parameter
    Narrative.say("  GPT-2 124M: \(config.layers) layers, \(config.heads) heads, width \(config.channels), vocabulary \(config.vocabSize) padded to \(config.paddedVocabSize)")
    Narrative.say("  \(model.parameterCount) parameters; the AdamW update reads \(Narrative.fixed(4 * tensorGB, 1)) GB (weights, gradients, two moments) and writes \(Narrative.fixed(3 * tensorGB, 1)) GB per step")
    if let memory = Machine.memory { Narrative.say("  peak memory of the process: \(Narrative.fixed(Double(memory.peak) / 1e9, 2)) GB") }
}

if config.quick { Narrative.section(); Narrative.say("  (skipped with --quick)") }
else { profileGPT2(seed: config.seed, threads: config.threads, run: run) }
must(try run.finish(results: results))

//: ## Exercises
//: 1. **GPT-2 itself.** Get the weights by llm.c's route and run the tour with them (the
//:    commands in "GPT-2's own weights"). Check that the section's first validation loss is
//:    the first `val loss` that llm.c's `./train_gpt2` prints for the same files (its README
//:    shows `5.252026`) to about three decimals: the same model on the same five batches. Then
//:    compare the two samples. GPT-2 writes English before any fine-tuning; does it write a
//:    play after it (a name in capitals, a colon, a line of verse)?
//: 2. **Longer fine-tuning.** With GPT-2's weights as a Hugging Face directory `gpt2` (for
//:    llm.c's files, add this exercise's options to the section's llm.c command), run
//:    `swift run 06-gpt2 --model gpt2 --finetune-steps 200 --out runs/06-long` (a step takes
//:    about as long as in the section's output, so this takes about ten minutes). In
//:    `runs/06-long/gpt2_finetune.png` the validation points should go on falling after step
//:    `40`; look for where they flatten. `200` steps of 4 × 64 tokens see about a sixth of
//:    the training tokens, so the training loss should not yet drop clearly below the
//:    validation loss, the first sign of a model memorising its training text.
//: 3. **The tour's own model on Shakespeare (no download).** After a run of the tour, copy the
//:    model it trained on the built-in stories, `cp runs/06-gpt2/model.safetensors stories.safetensors`
//:    (a lab model carries its BPE inside), and give it to the section:
//:    `swift run 06-gpt2 --model stories.safetensors --out runs/06-stories`, with tiny
//:    Shakespeare in `runs/data`. Predict, then check: does the first validation loss land
//:    between the model's own loss on the stories (`1.68`, the Training section's best) and
//:    `6.21`, a uniform guess over its `500` tokens? Does the first sample continue "ROMEO:"
//:    like one of the stories, and does the second, after `40` steps, look more like a play?
