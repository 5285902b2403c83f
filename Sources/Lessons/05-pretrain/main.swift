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
//: The corpus is split by position, the first 90% for training and the rest for validation,
//: and turned into token ids. Tokenizing is cached under `runs/cache/`, keyed by the text
//: and the tokenizer settings, so a rerun or a resume skips it, and an edited corpus is
//: tokenized afresh. Training batches are random windows of `block-size` tokens, drawn
//: with the run's seeded RNG; each position's target is the token after it.

let trainer = must(try Trainer(config: config, explicit: explicit, data: data, runDir: runDir))
let run = must(try LessonRun(lesson: "05-pretrain", common: common, config: [:]))
let c = trainer.config                 // the resolved configuration (from the checkpoint when resuming)
Narrative.title()
Narrative.section()
Narrative.facts([
    ("corpus", data.source),
    ("tokenizer", "\(data.tokenizer.kind), \(data.tokenizer.vocabSize) tokens\(data.fromCache ? " (from the cache)" : "")"),
    ("training tokens", "\(data.train.count)"),
    ("validation tokens", "\(data.val.count)\(data.unknownInVal > 0 ? " (\(data.unknownInVal) character\(data.unknownInVal == 1 ? "" : "s") unseen in training, as <unk>)" : "")"),
    ("one batch", "\(c.batchSize) × \(c.blockSize) tokens\(c.gradAccum > 1 ? " × \(c.gradAccum) accumulated" : "")"),
])

//: ## The model
//: A GPT in the shape of GPT-2, scaled down: token and position embeddings, `n-layer` blocks of
//: (LayerNorm → attention → residual, LayerNorm → MLP → residual), a final LayerNorm, and an
//: output head that shares its weights with the token embedding. Weights start as GPT-2's do:
//: normal with std 0.02, and the two projections that write into the residual stream scaled
//: down by 1/√(2·layers), so the stream does not grow with depth.

Narrative.section()
let model = trainer.model
Narrative.say("  \(c.nLayer) layers, \(c.nHead) heads, width \(c.nEmbd), context \(c.blockSize), \(c.norm)-LN, \(c.positions) positions, dropout \(c.dropout)")
Narrative.table(["component", "parameters"], model.parameterBreakdown.map { [$0.0, "\($0.1)"] } + [["total", "\(model.parameterCount)"]],
                align: [.left, .right])

//: ## The configuration
//: Every option of the run, resolved: the defaults, then `--quick`, then `--config FILE`, then
//: the flags. It is saved in `run.json` and inside every checkpoint, so a run can always be
//: repeated, and a resumed run refuses settings that would not continue the same run.

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
//: forward pass in a model this small, so the two can take similar times. "data" is cutting
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
//: Training loss falls fast at first (common tokens, spaces, frequent words) and then slowly.
//: The validation loss is the honest number: when it stops falling while the training loss
//: keeps going, the model has started to memorise its training text. `--patience N` stops the
//: run after N evaluations without improvement and restores the best weights.

Narrative.section()
let curve = run.plotPath("loss.png")
if must(try run.plotter.lines(csv: runDir + "/metrics.csv", x: "step",
                              series: [.init("train_loss", title: "training (one batch)"), .init("val_loss", title: "validation", style: .linespoints)],
                              to: curve, title: "Pretraining: loss", ylabel: "cross-entropy (nats per token)")) {
    Narrative.say("  plot: \(curve)")
}

//: ## What the model attends to
//: The trained model's attention on the start of the validation text: one panel per layer and
//: head, the query (the position predicting) down the side, the key (the position looked at)
//: along the bottom. Heads specialise: some look at the previous token, some at the start of
//: the word, some spread out over the context.

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

//: ## A sample
//: The model writes by predicting one token at a time, sampling it from its probabilities at
//: temperature `temperature` and feeding it back in. The prompt (the start of the validation
//: text) is shown in «guillemets». After a minute on a small corpus expect the corpus's words,
//: punctuation and sentence shapes, not its facts.

Narrative.section()
let sample = trainer.sample(tokens: max(c.sampleTokens, 200))
Narrative.say("  “" + sample.replacingOccurrences(of: "\n", with: " ⏎ ") + "”")

//: ## Summary
//: What the run did, in one paragraph, and where it left its files.

Narrative.section()
Narrative.say("  A \(model.parameterCount)-parameter GPT trained for \(summary.steps) steps on \(summary.tokensSeen) tokens of \(data.source) in \(Narrative.fixed(summary.seconds, 1)) s\(trainer.resumedFrom == nil ? "" : " (this session)").")
Narrative.say("  Best validation loss \(Narrative.fixed(Double(summary.bestValLoss), 4)) at step \(summary.bestStep) (perplexity \(Narrative.fixed(exp(Double(summary.bestValLoss)), 2)))\(summary.stoppedEarly ? "; stopped early and restored those weights" : "").")
Narrative.facts([
    ("metrics", runDir + "/metrics.csv"),
    ("final model", summary.modelPath),
    ("checkpoints", trainer.checkpointDir + "/ (resume with --resume)"),
    ("plots", run.plotDir + "/loss.png, attention.png"),
])
must(try run.finish(results: ["best_val_loss": .double(Double(summary.bestValLoss)), "best_step": .int(summary.bestStep),
                              "final_val_loss": .double(Double(summary.finalValLoss)), "steps": .int(summary.steps),
                              "tokens_seen": .int(summary.tokensSeen), "seconds": .double(summary.seconds),
                              "ms_per_step": .double(1000 * perStep), "parameters": .int(model.parameterCount),
                              "stopped_early": .bool(summary.stoppedEarly)]))
