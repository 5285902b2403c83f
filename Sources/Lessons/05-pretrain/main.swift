//: # Lesson 05 · Pretraining: a whole GPT, trained for real
//:
//: Everything so far comes together: a tokenizer (lesson 01), attention (02), backward passes
//: (03) and AdamW with a schedule (04) make a GPT that learns to continue text. This lesson
//: trains one from scratch on the CPU, shows what happens while it trains, and leaves a loss
//: curve, attention maps, samples and checkpoints behind. Stop it at any moment (Ctrl-C, or
//: even `kill -9`) and `--resume` continues exactly where the last checkpoint left it.
//:
//: `swift run 05-pretrain` trains on the built-in English corpus; `--lang zh` on the Chinese
//: one, `--data FILE` on anything, and `--config FILE` reads options from JSON.
//: `swift run 05-pretrain --help` lists every option with its default. The command that
//: reproduces nanoGPT's CPU benchmark on tiny Shakespeare, and what it measured, are in
//: [benchmarks.md](benchmarks.md).

import Foundation
import LLMLab

let (options, explicit) = Options.parseOrExit()
let config = options.train
let runDir = config.out ?? "runs/05-pretrain"
// Resuming takes the run's settings (data and tokenizer included) from its checkpoint.
let effective = must(try Trainer.resolveResume(config, explicit: explicit, runDir: runDir))?.0 ?? config
let common = effective.common
let data = must(try TokenizedCorpus.prepare(effective, cacheDir: "runs/cache"))

//: ## The data
//: A GPT learns from examples, and a small one trained for a minute needs a few hundred
//: thousand characters of them: on a corpus of a few pages it learns the pages by heart and
//: does no better on new text than the simple models of lesson 03. The built-in English corpus
//: is therefore mostly generated: short stories told by a seeded program (`BuiltinStories`)
//: about twelve children in a small world whose facts never change (who has which pet, who
//: lives where), with the lab's hand-written statements about the sun, animals and daily life
//: spread among them. The stories repeat a few hundred words in endless new combinations, so
//: the held-out part is new text in a familiar language.
//:
//: The corpus is split by position, the first part for training and the rest for validation,
//: and turned into token ids. Tokenizing is cached under `runs/cache/`, keyed by the text and
//: the tokenizer settings, so a rerun or a resume skips it, and an edited corpus is tokenized
//: afresh. Training batches are random windows of `block-size` tokens, drawn with the run's
//: seeded RNG; each position's target is the token after it.

let trainer = must(try Trainer(config: config, explicit: explicit, data: data, runDir: runDir))
let run = must(try LessonRun(lesson: "05-pretrain", common: common, config: [:]))
let c = trainer.config                 // the resolved configuration (from the checkpoint when resuming)
Narrative.title()
Narrative.section()
Narrative.facts([
    ("corpus", "\(data.source)\(effective.data == nil ? ", \(Corpus.builtin(effective.lang).text.count) characters" : "")"),
    ("tokenizer", "\(data.tokenizer.kind), \(data.tokenizer.vocabSize) tokens\(data.fromCache ? " (from the cache)" : "")"),
    ("split", "the first \(Narrative.fixed(100 * c.trainFraction, 0))% for training, the rest for validation"),
    ("training tokens", "\(data.train.count)"),
    ("validation tokens", "\(data.val.count)\(data.unknownInVal > 0 ? " (\(data.unknownInVal) character\(data.unknownInVal == 1 ? "" : "s") unseen in training, as <unk>)" : "")"),
    ("one batch", "\(c.batchSize) × \(c.blockSize) tokens\(c.gradAccum > 1 ? " × \(c.gradAccum) accumulated" : "")"),
])

//: ## The model
//: A GPT in the shape of GPT-2, scaled down. Token ids become vectors (a row of the token
//: table plus a row of the position table), `n-layer` blocks refine them, a final LayerNorm
//: evens them out, and the output head scores every token of the vocabulary for the next
//: position, sharing its weights with the token table. This is the whole forward pass (B
//: sequences of T tokens, C channels; Vp is the vocabulary padded to a multiple of 64 for
//: faster matrix products, whose extra rows are never predicted):
//:
//: <<< Sources/Shared/NN/GPT.swift: public func forward(_ ids: [Int32], batch b: Int
//:
//: Each block reads from and writes into the residual stream: it normalises a copy of the
//: stream, lets attention (lesson 02) mix information across positions, and adds the result
//: back; then the same with a two-layer MLP that works on each position alone. The additions
//: are why gradients reach the first layers undiminished: the stream passes them through:
//:
//: <<< Sources/Shared/NN/GPT.swift: public func forward(_ x: Tensor, training: Bool, rng: inout RNG, cached
//:
//: Weights start as GPT-2's do: normal with std `0.02`, and the two projections that write into
//: the residual stream scaled down by 1/√(2·layers), so the stream does not grow with depth.

Narrative.section()
let model = trainer.model
Narrative.say("  \(c.nLayer) layers, \(c.nHead) heads, width \(c.nEmbd), context \(c.blockSize), \(c.norm)-LN, \(c.positions) positions, dropout \(c.dropout)")
Narrative.table(["component", "parameters"], model.parameterBreakdown.map { [$0.0, "\($0.1)"] } + [["total", "\(model.parameterCount)"]],
                align: [.left, .right])

//: ## Two baselines to beat
//: A GPT is worth its cost only if it beats the simpler models met so far, on the same
//: validation text: lesson 03's bigram counts (which token follows which) and lesson 03's MLP
//: (five tokens of context, trained by plain gradient descent with that lesson's settings, on
//: this lesson's tokens and with its own random draws, so its loss differs a little from
//: lesson 03's). Both take a second. The baselines are measured on every position of the validation text;
//: the GPT, during training, on `eval-batches` fixed batches of windows from it.

var baselineRNG = RNG(seed: c.seed)
let vocab = data.tokenizer.vocabSize
let bigramVal = bigramLoss(train: data.train, evaluate: data.val, vocabSize: vocab)
var mlpVal: Double? = nil
if vocab <= 4096 {                              // its output layer is hidden × vocab
    let mlp = CharMLP(vocab: vocab, context: 5, embedding: 12, hidden: 96, rng: &baselineRNG)
    if mlp.train(data.train, steps: c.quick ? 200 : 3000, batchSize: 64, lr: 0.3, rng: &baselineRNG) == nil {
        mlpVal = mlp.loss(over: data.val)
    }
}
Narrative.section()
Narrative.facts([
    ("uniform guess", "\(Narrative.fixed(log(Double(vocab)), 3)) nats per token (log of \(vocab))"),
    ("bigram counts", "\(Narrative.fixed(bigramVal, 3)) nats per token"),
    ("lesson 03's MLP", mlpVal.map { "\(Narrative.fixed($0, 3)) nats per token (\(c.quick ? 200 : 3000) steps)" } ?? "skipped (a vocabulary of \(vocab) tokens is too large for a quick baseline)"),
])

//: ## One training step
//: Training repeats one step: draw a batch, run forward to the loss, backward to the
//: gradients, measure their global norm and clip it to `grad-clip`, and let AdamW move every
//: weight at the rate the schedule gives for this step. The trainer's step, which also splits
//: the batch across worker threads and sums their gradients, is:
//:
//: <<< Sources/Shared/Train/TrainingStep.swift: public func callAsFunction(
//:
//: Written out for one model on one thread, the same step is the code below. It runs on a
//: copy of the freshly initialised model (so the training that follows is not disturbed), on
//: a batch of its own (so its loss is not the monitor's step 1 below), and
//: is checked against the trainer's step on another copy: the same loss and, afterwards, the
//: same weights, bit for bit.

if model.parameterCount <= 20_000_000 {         // two copies of the model and its moments
    let learner = GPT(model.config)             // a copy of the initial weights
    for (p, q) in zip(learner.parameters, model.parameters) { p.value.copy(from: q.value) }
    let adamw = Adam(learner.parameters, decoupled: true, beta1: c.beta1, beta2: c.beta2, weightDecay: c.weightDecay)
    let schedule = c.schedule.make(lr: c.lr, minLR: c.minLR, warmup: c.warmup, steps: c.steps)
    var batchRNG = RNG(seed: c.seed)
    // 1. a batch: B windows of T tokens, and as targets the token after each position
    let batch = Batches.windows(data.train, length: c.blockSize, count: c.batchSize, &batchRNG)
    // 2. forward to the logits and 3. their cross-entropy against the targets (dropout on)
    var dropoutRNG = RNG(seed: 1)
    learner.zeroGrad()
    let lossBefore = learner.forward(batch.inputs, targets: batch.targets, batch: c.batchSize, length: c.blockSize,
                                     training: true, rng: &dropoutRNG)
    // 4. backward: ∂loss/∂θ for every weight
    learner.backward()
    // 5. the gradient's global norm, and the factor that clips it to grad-clip
    let norm = gradientNorm(learner.parameters)
    let clip = c.gradClip > 0 ? clipScale(norm: norm, maxNorm: c.gradClip) : 1
    // 6. AdamW at the schedule's rate for the first step (steps count from 0 inside the schedule)
    let lr = schedule.lr(at: 0)
    adamw.update(lr: lr, gradScale: clip)
    var noDropout = RNG(seed: 0)
    let lossAfter = learner.forward(batch.inputs, targets: batch.targets, batch: c.batchSize, length: c.blockSize, rng: &noDropout)

    // the trainer's step, on another copy
    let other = GPT(model.config)
    for (p, q) in zip(other.parameters, model.parameters) { p.value.copy(from: q.value) }
    let otherAdamW = Adam(other.parameters, decoupled: true, beta1: c.beta1, beta2: c.beta2, weightDecay: c.weightDecay)
    let trainerStep = TrainingStep(DataParallel(other, workers: 1), optimizer: otherAdamW, gradClip: c.gradClip, workers: 1)
    let result = trainerStep([batch], batch: c.batchSize, length: c.blockSize, lr: lr, seeds: [1])
    let same = result.loss == lossBefore && zip(learner.parameters, other.parameters).allSatisfy { $0.value.values == $1.value.values }
    Narrative.section()
    Narrative.facts([
        ("batch", "\(c.batchSize) × \(c.blockSize) tokens"),
        ("loss", "\(Narrative.fixed(Double(lossBefore), 4)) nats per token (a uniform guess: \(Narrative.fixed(log(Double(vocab)), 4)))"),
        ("gradient norm", "\(Narrative.fixed(Double(norm), 3)), scaled by \(Narrative.fixed(Double(clip), 3)) to clip it at \(c.gradClip)"),
        ("learning rate", String(format: "%.2e", Double(lr)) + " (the first step of the warmup)"),
        ("after the step", "\(Narrative.fixed(Double(lossAfter), 4)) on the same batch (dropout off)"),
        ("the trainer's step", same ? "the same loss and the same weights, bit for bit" : "DIFFERENT"),
    ])
}

//: ## The configuration
//: Every option of the run, resolved: the defaults, then `--quick`, then `--config FILE`, then
//: the flags. It is saved in `run.json` and inside every checkpoint, so a run can always be
//: repeated, and a resumed run refuses settings that would not continue the same run. Some
//: options apply only to other choices: `vocab-size` to a BPE tokenizer, `loss-on` to
//: dialogues (lesson 07). `norm=pre` is GPT-2's pre-LN arrangement, the LayerNorm before each
//: branch as in the block above.

Narrative.section()
let resolved = c.json
var line = " "
for f in TrainConfig.fields {
    let item = " \(f.name)=\(resolved[f.name]!)"
    if line.count + item.count > 100 { Narrative.say(line); line = " " }
    line += item
}
Narrative.say(line)
must(try run.record(config: resolved))
if let from = trainer.resumedFrom { Narrative.say("  resuming from \(from) at step \(trainer.step)") }

//: ## Training
//: Each step draws a batch, runs forward to the loss, backward to the gradients, clips their
//: global norm to `grad-clip`, and lets AdamW update every weight at the learning rate the
//: schedule gives for this step (a linear warmup, then a cosine decay to `min-lr`). Every
//: `eval-interval` steps the model is measured on fixed validation batches, writes a short
//: sample, and a checkpoint is saved. The monitor line shows the step, the training loss (one
//: batch: noisy), the last validation loss and its perplexity (e^loss: "as unsure as choosing
//: among this many tokens"), the learning rate, the gradient norm before clipping, the speed,
//: and the time left. The same numbers go to `metrics.csv`, one row per step.

Narrative.section()
let monitor = TrainingMonitor(logInterval: c.logInterval)
trainer.onEvent = monitor.handle
let summary = must(try trainer.run())

//: ## Where the time went
//: Forward and backward are mostly matrix products (BLAS). In arithmetic the backward pass
//: does twice the forward's work (two products for every one), but the clock also counts the
//: loops between them (softmax, GELU, LayerNorm, the loss), which are a larger share of the
//: forward pass in a model this small, so the backward pass takes less than twice as long. "data" is cutting
//: batches from the token array, "optimizer" the AdamW update and gradient clipping,
//: "evaluation" the validation batches and samples.

Narrative.section()
let t = trainer.timing
let phases = [("data", t.data), ("forward", t.forward), ("backward", t.backward), ("optimizer", t.optimizer),
              ("evaluation + samples", t.evaluation), ("checkpoints", t.checkpoints)]
Narrative.table(["phase", "seconds", "share"], phases.map { [$0.0, Narrative.fixed($0.1, 2), Narrative.fixed(100 * $0.1 / max(t.total, 1e-9), 1) + "%"] },
                align: [.left, .right, .right])
let perStep = (t.data + t.forward + t.backward + t.optimizer) / Double(max(trainer.stepsThisSession, 1))
Narrative.say("  \(Narrative.fixed(1000 * perStep, 1)) ms per training step on \(Machine.cpuModel), \(c.threads) worker thread(s) (data-parallel, one BLAS thread each)")

//: ## The loss curve
//: Training loss falls fast at first (common tokens, spaces, frequent words) and then slowly;
//: the flat lines are the two baselines, which the GPT passes on its way down.
//: The validation loss is the honest number: when it stops falling while the training loss
//: keeps going, the model has started to memorise its training text. `--patience N` stops the
//: run after N evaluations without improvement and restores the best weights.

// the curves of metrics.csv beside the two baselines, as flat lines
let metricRows = CSVReader.rows(must(try Files.readUTF8(runDir + "/metrics.csv")))
let withBaselines = must(try run.csv("loss_vs_baselines.csv", columns: ["step", "train_loss", "val_loss", "bigram", "mlp"]))
if let header = metricRows.first, let stepColumn = header.firstIndex(of: "step"),
   let trainColumn = header.firstIndex(of: "train_loss"), let valColumn = header.firstIndex(of: "val_loss") {
    for row in metricRows.dropFirst() where row.count == header.count {
        must(try withBaselines.row(["step": row[stepColumn], "train_loss": row[trainColumn], "val_loss": row[valColumn],
                                    "bigram": bigramVal, "mlp": mlpVal.map { "\($0)" } ?? ""]))
    }
}
Narrative.section()
let curve = run.plotPath("loss.png")
if must(try run.plotter.lines(csv: withBaselines.path, x: "step",
                              series: [.init("train_loss", title: "GPT, training (one batch)"), .init("val_loss", title: "GPT, validation", style: .linespoints),
                                       .init("bigram", title: "bigram counts (validation)", color: "#7f7f7f")]
                                       + (mlpVal == nil ? [] : [.init("mlp", title: "lesson 03's MLP (validation)", color: "#2ca02c")]),
                              to: curve, title: "Pretraining: loss, and the two baselines", ylabel: "cross-entropy (nats per token)")) {
    Narrative.say("  plot: \(curve)")
}

//: ## What the model attends to
//: The trained model's attention on the first 16 tokens of the validation text: one panel per
//: layer and head, the query (the position predicting) down the side, the key (the position
//: looked at) along the bottom, darker for more weight (each row sums to 1). Heads specialise: some look at the previous token, some at the start of
//: the word, some spread out over the context. The lesson also writes
//: [`attention.html`](../plots/05-pretrain/attention.html), the same model on a longer stretch
//: of the validation text as a page for any browser: pick a layer, switch heads on and off,
//: hover a token to see where it looks, click a head to see it large.

Narrative.section()
let promptIDs = Array(data.val.prefix(min(16, c.blockSize)))
var attentionRNG = RNG(seed: c.seed)
_ = model.forward(promptIDs, batch: 1, length: promptIDs.count, rng: &attentionRNG)
let labels = promptIDs.map { data.tokenizer.piece($0) }
var panels: [(String, [Float])] = []
for (l, block) in model.blocks.enumerated() {
    for h in 0..<c.nHead {
        let n = promptIDs.count
        panels.append(("layer \(l) head \(h)", Array(block.attn.weights!.buffer[(h * n * n)..<((h + 1) * n * n)])))
    }
}
let heatmap = run.plotPath("attention.png")
if must(try run.plotter.heatmapGrid(panels, gridRows: c.nLayer, gridCols: c.nHead, rows: promptIDs.count, cols: promptIDs.count,
                                    rowLabels: labels, colLabels: labels, to: heatmap, title: "Attention of the trained model (query down, key across)",
                                    colorLabel: "attention weight", xlabel: "key (attended to)", ylabel: "query")) {
    Narrative.say("  plot: \(heatmap)")
}
// the same, for a longer stretch, as a page to explore in a browser
let pageIDs = Array(data.val.prefix(min(64, c.blockSize)))
let page = run.plotPath("attention.html")
must(try AttentionExplorer.write(model: model, tokens: pageIDs, labels: pageIDs.map { data.tokenizer.piece($0) }, to: page,
                                 title: "Lesson 05: the pretrained model", subtitle: "the first \(pageIDs.count) tokens of the validation text"))
Narrative.say("  explore every head on the first \(pageIDs.count) validation tokens in a browser: \(page)")

//: ## A sample
//: The model writes by predicting one token at a time, sampling it from its probabilities at
//: temperature `temperature` and feeding it back in. The prompt (the start of the validation
//: text) is shown in «guillemets». After a minute expect the corpus's words, punctuation and
//: sentence shapes, with a slip here and there, and stories that wander: the model sees only
//: `block-size` tokens back, and has learned some of the world's facts but not all (the next
//: section counts them).

Narrative.section()
let sample = trainer.sample(tokens: max(c.sampleTokens, 200))
Narrative.say("  “" + sample.replacingOccurrences(of: "\n", with: " ⏎ ") + "”")

//: ## What the model knows
//: The stories of the built-in corpus happen in a small world whose facts never change: each
//: child has one pet with one name, one home, one favourite food. A model that has learned
//: them completes «Mia has a dog called» with the pet's name. Each prompt below is completed
//: greedily (always the likeliest next token), and the completion is right when it starts with
//: the answer the corpus always gives, up to the end of the sentence. Facts stated with the
//: same words for several children (two children have dogs) are harder than facts a name
//: alone decides, and a model that gives one answer to every prompt of a kind (the same food
//: for everyone) is right once by chance: read the whole column, not only the count.

var known = 0
var factRows: [[String]] = []
if effective.data == nil && effective.lang == .en {
    var greedyRNG = RNG(seed: 0)
    for fact in BuiltinStories.facts {
        let prompt = data.tokenizer.encode(fact.prompt)
        let out = Sampler.generate(model, prompt: prompt, count: fact.answer.count + 4, options: .greedy, rng: &greedyRNG)
        var completion = data.tokenizer.decode(out)
        if let end = completion.firstIndex(where: { $0 == "." || $0 == "\n" }) { completion = String(completion[..<end]) }
        let right = completion == " " + fact.answer
        if right { known += 1 }
        factRows.append([fact.prompt, "…" + completion, fact.answer, right ? "✓" : "✗"])
    }
}
Narrative.section()
if factRows.isEmpty {
    Narrative.say("  (only for the built-in English corpus)")
} else {
    Narrative.table(["prompt", "the model's completion", "the corpus says", ""], factRows)
    Narrative.say("  \(known) of \(factRows.count) facts right")
}

//: ## Summary
//: What the run did, in one paragraph, and where it left its files.

Narrative.section()
Narrative.say("  A \(model.parameterCount)-parameter GPT trained for \(summary.steps) steps on \(summary.tokensSeen) tokens of \(data.source) in \(Narrative.fixed(summary.seconds, 1)) s\(trainer.resumedFrom == nil ? "" : " (this session)").")
Narrative.say("  Best validation loss \(Narrative.fixed(Double(summary.bestValLoss), 4)) at step \(summary.bestStep) (perplexity \(Narrative.fixed(exp(Double(summary.bestValLoss)), 2)))\(summary.stoppedEarly ? "; stopped early and restored those weights" : "").")
let beats = Double(summary.bestValLoss) < bigramVal && Double(summary.bestValLoss) < (mlpVal ?? .infinity)
Narrative.say("  Baselines on the same validation text: bigram counts \(Narrative.fixed(bigramVal, 4)), lesson 03's MLP \(mlpVal.map { Narrative.fixed($0, 4) } ?? "–"): " +
              (beats ? "the GPT beats both."
               : summary.bestStep < summary.steps
                 ? "the GPT does NOT beat them: its validation loss stopped improving at step \(summary.bestStep) while training went on, the sign of a corpus too small for the model (give it more text with --data)."
                 : "the GPT does NOT beat them yet: train longer (--steps)."))
Narrative.facts([
    ("metrics", runDir + "/metrics.csv"),
    ("final model", summary.modelPath),
    ("checkpoints", trainer.checkpointDir + "/ (resume with --resume)"),
    ("plots", run.plotDir + "/loss.png, attention.png, attention.html"),
])
must(try run.finish(results: ["best_val_loss": .double(Double(summary.bestValLoss)), "best_step": .int(summary.bestStep),
                              "final_val_loss": .double(Double(summary.finalValLoss)), "steps": .int(summary.steps),
                              "tokens_seen": .int(summary.tokensSeen), "seconds": .double(summary.seconds),
                              "ms_per_step": .double(1000 * perStep), "parameters": .int(model.parameterCount),
                              "stopped_early": .bool(summary.stoppedEarly),
                              "bigram_val_loss": .double(bigramVal), "mlp_val_loss": mlpVal.map(JSONValue.double) ?? .null,
                              "facts_right": factRows.isEmpty ? .null : .int(known), "facts_tested": .int(factRows.count)]))

//: ## Exercises
//: 1. **When does a transformer pay off?** Run
//:    `swift run -c release experiment Experiments/data-width.json` (about half an hour on two
//:    cores; `--only` runs one variant). Check the claim of `Experiments/data-width/README.md`:
//:    at `600` steps the widths `32` and `64` lose to lesson 03's MLP at every amount of data and
//:    width `128` beats it at every amount, so this chapter's width of `96` and `2000` steps
//:    sit where the transformer has just begun to win.
//: 2. **Kill it and resume.** Start `swift run 05-pretrain --steps 3000 --out runs/05-resume`,
//:    stop it with Ctrl-C (or `kill -9`) after the first checkpoint, and run the same command
//:    with `--resume`. The run continues from its last checkpoint, and the best validation loss
//:    in `runs/05-resume/run.json` is identical, to the last digit, to an uninterrupted run's
//:    with the same options (`scripts/check-resume` does this automatically).
//: 3. **More heads?** Run `swift run -c release experiment Experiments/heads.json`. At width
//:    `64`, one, two, four and eight heads should reach the same validation loss within seed
//:    noise (every p above `0.05`); only the speed differs. Then try
//:    `swift run 05-pretrain --n-head 1 --out runs/05-one-head` and compare its attention plot
//:    and page with this chapter's.
