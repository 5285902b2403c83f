//: # Lesson 02 · Attention: how a token looks back
//:
//: In a GPT, attention is the only place where positions talk to each other. Every token asks a
//: question (its *query*), every earlier token offers a label (its *key*) and a message (its
//: *value*), and each token receives a weighted average of the messages whose labels match its
//: question. This lesson computes that by hand on a tiny example, then lets a small model
//: *learn* where to look on a task that is impossible without looking back, and draws what it
//: learned.
//:
//: Run it with `swift run 02-attention`; after a run, `swift run 02-attention --text "CAFEBABE|CAFEBAB"`
//: draws the trained model's attention for an input of your own (n letters, `|`, and their
//: repeat: the task's shape). `--help` lists every option.

import Foundation
import LLMLab

// with --text, draws a saved model's attention for your input and exits (DrawText.swift)
let options = Options.parseOrDrawText()

let steps = options.steps
let task = CopyTask(symbols: 15, length: options.length)
let config = GPTConfig(vocabSize: task.vocabSize, blockSize: task.contextLength, layers: options.layers,
                       heads: options.heads, channels: options.channels)
let run = must(try LessonRun(lesson: "02-attention", common: options.common, config: [
    "steps": .int(steps), "batch_size": .int(options.batchSize), "lr": .double(Double(options.lr)),
    "model": config.json, "copy_length": .int(task.length), "copy_symbols": .int(task.symbols),
]))
var rng = RNG(seed: run.seed)

Narrative.title()

//: ## Scaled dot-product attention, by hand
//: Four tokens, each already turned into a query, a key and a value of width d = 3 (in a model
//: these come from learned projections of the token vectors; here they are random). Token *i*
//: scores every token *j* by the dot product of its query with *j*'s key, divided by √d so the
//: scores do not grow with the width:
//:
//:     S = Q Kᵀ / √d            (T, d)(d, T) → (T, T)
//:
//: A GPT predicts the *next* token, so a token must not see the ones after it: the scores above
//: the diagonal are set to −∞ (the causal mask). A softmax turns each row into weights that are
//: positive and sum to one (e^−∞ = 0, so masked tokens get nothing), and each token's output is
//: the weighted average of the values:
//:
//:     A = softmax(mask(S)),   Y = A V            (T, T)(T, d) → (T, d)

Narrative.section()
let (t0, d0) = (4, 3)
let names = ["the", "cat", "sat", "down"]
let q = Tensor(shape: [t0, d0]), k = Tensor(shape: [t0, d0]), v = Tensor(shape: [t0, d0])
for x in [q, k, v] { x.fillNormal(&rng, std: 1) }
let scores = Tensor(shape: [t0, t0])
BLAS.sgemm(transB: true, m: t0, n: t0, k: d0, alpha: 1 / Float(d0).squareRoot(), a: q.pointer, b: k.pointer, c: scores.pointer)
Narrative.say("  scores S = Q Kᵀ / √3 (row: the query's token, column: the key's):")
Narrative.matrix(scores.values, rows: t0, cols: t0, rowLabels: names, colLabels: names)
let masked = scores.values.enumerated().map { i, s in i % t0 > i / t0 ? -Float.infinity : s }
Narrative.say("  after the causal mask (a token sees itself and what came before):")
Narrative.matrix(masked, rows: t0, cols: t0, rowLabels: names, colLabels: names)
var weights = masked
for r in 0..<t0 {
    let row = weights[(r * t0)..<(r * t0 + t0)]
    let m = row.max()!
    let e = row.map { expf($0 - m) }
    let z = e.reduce(0, +)
    for j in 0..<t0 { weights[r * t0 + j] = e[j] / z }
}
Narrative.say("  after the softmax: each row is a set of weights summing to 1:")
Narrative.matrix(weights, rows: t0, cols: t0, rowLabels: names, colLabels: names, decimals: 3, dotZeros: true)
Narrative.say("  “the” can only look at itself (weight 1); “down” spreads its attention over all four.")

//: ## Many heads at once
//: One attention pattern is one question. Multi-head attention asks several in parallel: the
//: width C is cut into NH heads of size hs = C / NH, each head has its own queries, keys and
//: values (cut from one fused projection, `qkv`: C → 3C), attends on its own, and the heads'
//: outputs are joined back to width C and mixed by an output projection. `CausalSelfAttention`
//: does exactly the computation above for every (batch, head) pair, with one `sgemm` per
//: product, reading Q, K and V in place from the fused buffer, and keeps the weights
//: `(B, NH, T, T)` for its backward pass and for us.

Narrative.section()
let demo = CausalSelfAttention(channels: 8, heads: 2)
for p in demo.parameters { p.value.fillNormal(&rng, std: 0.5) }
let tokens = Tensor(shape: [1, t0, 8])
tokens.fillNormal(&rng, std: 1)
_ = demo.forward(tokens)
let demoWeights = demo.weights!                          // (1, 2, 4, 4)
Narrative.say("  x: \(tokens.shape) → qkv: [1, \(t0), \(3 * 8)] → weights: \(demoWeights.shape) → y: [1, \(t0), 8]")
for h in 0..<2 {
    Narrative.say("  head \(h):")
    Narrative.matrix(Array(demoWeights.buffer[(h * 16)..<((h + 1) * 16)]), rows: t0, cols: t0,
                     rowLabels: names, colLabels: names, decimals: 3, dotZeros: true)
}
Narrative.say("  the same tokens, two sets of random weights, two different patterns: after training, each head asks its own question.")

//: ## The task: copy what came before
//: To see attention *learn*, we need a task it is indispensable for. Each example is a random
//: sequence of n letters (8 by default, `--length`), a separator `|`, and the same letters again. The first half is
//: noise, unpredictable by construction, so the loss counts only the second half. There, no
//: rule about letters can help (they are random); the answer always stands earlier in the
//: same sequence, and the only way to get it is to attend to it. Held-out accuracy is measured
//: on about 512 sequences (whole batches) drawn before training starts; with n = 8 there are
//: 15⁸ (over two billion) possible sequences, so the training batches essentially never contain them.

Narrative.section()
let (exampleInputs, exampleTargets) = task.batch(1, &rng)
Narrative.say("  input:  " + exampleInputs.map(task.show).joined(separator: " "))
Narrative.say("  target: " + exampleTargets.map { $0 == Batches.ignore ? "·" : task.show($0) }.joined(separator: " ") + "   (· = not scored)")
let heldOut = task.batch((512 + options.batchSize - 1) / options.batchSize * options.batchSize, &rng)   // whole batches
let model = GPT(config)
model.initialize(&rng)
Narrative.say("  model: \(config.layers) layers, \(config.heads) heads, width \(config.channels), context \(config.blockSize): \(model.parameterCount) parameters")
Narrative.say("  chance accuracy: 1 in \(task.symbols) = \(Narrative.fixed(100.0 / Double(task.symbols), 1))%")

//: ## Training
//: A plain training loop: draw a batch, run the model forward to get the loss, clear the
//: gradients, run backward, and let AdamW move every weight a little (lesson 04 is about the
//: optimizer). We measure loss and accuracy on the held-out sequences every 5 steps for the
//: first 100 steps, where everything happens, then every 25 (no dropout, no gradient, in
//: batches of the training size so no buffer changes shape).

Narrative.section()
let metrics = must(try run.csv("metrics.csv", columns: ["step", "train_loss", "val_loss", "val_accuracy"]))
let optimizer = Adam(model.parameters, decoupled: true, weightDecay: 0)
var lastAccuracy = 0.0
let progress = ProgressBar("training", total: steps)
/// Loss and accuracy on the held-out set, in batches of the training size (so every buffer
/// keeps its shape and nothing is reallocated).
@MainActor func evaluate() -> (loss: Float, accuracy: Double) {
    let b = options.batchSize, span = b * task.contextLength
    var loss = 0.0, acc = 0.0, chunks = 0
    for start in stride(from: 0, to: heldOut.inputs.count - span + 1, by: span) {
        let ids = Array(heldOut.inputs[start..<(start + span)]), targets = Array(heldOut.targets[start..<(start + span)])
        loss += Double(model.forward(ids, targets: targets, batch: b, length: task.contextLength, rng: &rng))
        acc += accuracy(model.logits!, targets: targets, columns: config.vocabSize)
        chunks += 1
    }
    return (Float(loss / Double(chunks)), acc / Double(chunks))
}
for step in 1...steps {
    let batch = task.batch(options.batchSize, &rng)
    let loss = model.forward(batch.inputs, targets: batch.targets, batch: options.batchSize, length: task.contextLength,
                             training: true, rng: &rng)
    guard loss.isFinite else { fail("the loss became \(loss) at step \(step); try a smaller --lr") }
    model.zeroGrad()
    model.backward()
    optimizer.update(lr: options.lr)
    var row: [String: any CSVValue] = ["step": step, "train_loss": loss]
    if step % (step <= 100 ? 5 : 25) == 0 || step == steps || step == 1 {
        let (valLoss, acc) = evaluate()
        row["val_loss"] = valLoss
        row["val_accuracy"] = acc
        lastAccuracy = acc
        if step == 1 || step == 25 || step == 50 || step % 200 == 0 || step == steps {
            Narrative.say("  step \(Narrative.padLeft("\(step)", 4))  train loss \(Narrative.fixed(Double(loss), 3))  held-out loss \(Narrative.fixed(Double(valLoss), 3))  accuracy \(Narrative.fixed(100 * acc, 1))%")
        }
    }
    must(try metrics.row(row))
    progress.update(step, note: "accuracy \(Narrative.fixed(100 * lastAccuracy, 1))%")
}
progress.finish()
Narrative.say("  held-out accuracy: \(Narrative.fixed(100 * lastAccuracy, 1))% (chance: \(Narrative.fixed(100.0 / Double(task.symbols), 1))%)")
let curve = run.plotPath("accuracy.png")
if must(try run.plotter.lines(csv: metrics.path, x: "step", series: [.init("val_accuracy", title: "held-out accuracy", style: .linespoints)],
                              to: curve, title: "Copy task: accuracy on the second half", ylabel: "accuracy (fraction of letters right)", yrange: (0, 1.05))) {
    Narrative.say("  plot: \(curve)")
}
let lossCurve = run.plotPath("loss.png")
if must(try run.plotter.lines(csv: metrics.path, x: "step", series: [.init("train_loss", title: "train"), .init("val_loss", title: "held-out", style: .linespoints)],
                              to: lossCurve, title: "Copy task: loss on the second half", ylabel: "cross-entropy (nats per token, log scale)", logY: true)) {
    Narrative.say("  plot: \(lossCurve)")
}
let modelPath = run.path("model.safetensors")
must(try model.save(to: modelPath, extra: ["copy_length": String(task.length)]))
Narrative.say("  saved \(modelPath); draw it for any input with --text")

//: ## What the heads learned
//: Now the reward: the attention weights of the trained model on one held-out example, one
//: heatmap per layer and head, with the query (the position doing the looking) down the side,
//: top to bottom, and the key (the position looked at) along the bottom.
//:
//: What to look for: from the separator on, the letter to predict stands exactly n positions
//: back. A head that has learned this draws a bright diagonal n columns left of the main one,
//: starting at the separator row. The table measures it for every head: the average weight
//: the second half puts exactly n back, and, for comparison, one back.
//:
//: Because the copy is always exactly n back, *position* alone tells where to look: the
//: learned position embeddings let a first-layer head attend "n back" directly. If the offset
//: varied, the model would have to match *content* instead: find where the current letter
//: appeared before and take the letter after it, which needs two steps (a head that copies
//: each position's predecessor, then a head that matches on it: the circuit called an
//: induction head). Try it: that change to `CopyTask` is a good first experiment.

Narrative.section()
let example = Array(heldOut.inputs[0..<task.contextLength])
_ = model.forward(example, batch: 1, length: task.contextLength, rng: &rng)
let labels = example.map(task.show)
let tc = task.contextLength
var panels: [(String, [Float])] = []
var scoreRows: [[String]] = []
for (l, block) in model.blocks.enumerated() {
    let att = block.attn.weights!                        // (1, NH, T, T)
    for h in 0..<config.heads {
        let w = Array(att.buffer[(h * tc * tc)..<((h + 1) * tc * tc)])
        panels.append(("layer \(l) head \(h)", w))
        var induction: Float = 0, previous: Float = 0
        for qi in task.length..<tc { induction += w[qi * tc + qi - task.length] }
        for qi in 1..<tc { previous += w[qi * tc + qi - 1] }
        scoreRows.append(["\(l)", "\(h)", Narrative.fixed(Double(induction) / Double(task.length), 2),
                          Narrative.fixed(Double(previous) / Double(tc - 1), 2)])
        let png = run.plotPath("attention-l\(l)-h\(h).png")
        if must(try run.plotter.heatmap(w, rows: tc, cols: tc, rowLabels: labels, colLabels: labels, to: png,
                                        title: "layer \(l), head \(h)", xlabel: "key (attended to)", ylabel: "query", range: (0, 1), colorLabel: "attention weight")) {
            Narrative.say("  wrote \(png)")
        }
    }
}
Narrative.table(["layer", "head", "weight n back (the copy)", "weight 1 back (previous token)"], scoreRows,
                align: [.right, .right, .right, .right])
let overview = run.plotPath("attention-all.png")
if must(try run.plotter.heatmapGrid(panels, gridRows: config.layers, gridCols: config.heads, rows: tc, cols: tc,
                                    rowLabels: labels, colLabels: labels, to: overview,
                                    title: "All heads on \"\(labels.joined())\" (query down, key across)", colorLabel: "attention weight",
                                    xlabel: "key (attended to)", ylabel: "query")) {
    Narrative.say("  plot: \(overview)")
}
must(try run.finish(results: ["val_accuracy": .double(lastAccuracy), "parameters": .int(model.parameterCount)]))
