//: # Lesson 03 · Backpropagation: the chain rule, all the way down
//:
//: Training a network means asking, for every one of its numbers, "if I nudged you, how would
//: the loss change?": the gradient. Backpropagation answers for all of them at once, in one
//: backward sweep, by the chain rule: if `y = f(x)` and the loss depends on `y`, then
//: `∂L/∂x = ∂L/∂y · ∂y/∂x`. Each operation only needs its own local derivative; the sweep
//: multiplies them together from the loss back to the inputs.
//:
//: We start with single numbers, where every step can be checked by hand, then derive the
//: backward pass of each layer a GPT needs and check each one against the definition of a
//: derivative. Finally we train a small character-level model with nothing but these backward
//: passes and plain gradient descent.
//:
//: Run it with `swift run 03-backprop`. `--help` lists every option.

import Foundation
import LLMLab

let options = Options.parseOrExit().options
let steps = options.steps
let corpus = must(try Corpus.load(options.data, orBuiltin: .en))
let (trainText, valText) = must(try corpus.split(trainFraction: 0.9))
let chars = CharTokenizer(corpus: trainText)                  // used at the end of the lesson
let trainIDs = chars.encode(trainText), valIDs = chars.encode(valText)
guard trainIDs.count > options.context && valIDs.count > options.context else {
    fail("\(corpus.source): too short for a context of \(options.context) characters (\(trainIDs.count) for training, \(valIDs.count) held out)")
}
let run = must(try LessonRun(lesson: "03-backprop", common: options.common, config: [
    "data": .string(corpus.source), "steps": .int(steps), "batch_size": .int(options.batchSize), "lr": .double(Double(options.lr)),
    "context": .int(options.context), "embedding": .int(options.embedding), "hidden": .int(options.hidden),
]))
var rng = RNG(seed: run.seed)
var checks: [[String]] = []            // the gradient-check table, filled as we go

Narrative.title()

//: ## A scalar that remembers
//: `Value` wraps one number and records the operation that made it. Take
//: `L = tanh(a·b + c) · d`. Going forward we compute it; going backward, each operation passes
//: the gradient it received to its inputs, times its local derivative: for `*` the other
//: input, for `+` one, for `tanh` `1 − tanh²`. `backward()` runs those steps from `L` back to
//: `a`, `b`, `c`, `d`. Here is the whole of it, the heart of micrograd in Swift: each
//: operation stores a closure that adds its inputs' share of the gradient, and `backward()`
//: orders the graph so every value is finished before its inputs are visited:
//:
//: <<< Sources/Shared/NN/Value.swift: public final class Value
//:
//: To check it we use the definition of a derivative: `(L(x + h) − L(x − h)) / 2h` for a
//: small h, one input at a time.

Narrative.section()
func expression(_ a: Double, _ b: Double, _ c: Double, _ d: Double) -> (Value, [Value]) {
    let (va, vb, vc, vd) = (Value(a), Value(b), Value(c), Value(d))
    return ((va * vb + vc).tanh() * vd, [va, vb, vc, vd])
}
let point = [0.7, -1.3, 0.4, 2.0]
let (loss0, inputs0) = expression(point[0], point[1], point[2], point[3])
loss0.backward()
Narrative.say("  L = tanh(a·b + c)·d at a=0.7, b=−1.3, c=0.4, d=2: L = \(Narrative.fixed(loss0.data, 6))")
var scalarRows: [[String]] = []
for (i, name) in ["a", "b", "c", "d"].enumerated() {
    let h = 1e-6
    var up = point, down = point
    up[i] += h
    down[i] -= h
    let numeric = (expression(up[0], up[1], up[2], up[3]).0.data - expression(down[0], down[1], down[2], down[3]).0.data) / (2 * h)
    scalarRows.append(["∂L/∂\(name)", Narrative.fixed(inputs0[i].grad, 8), Narrative.fixed(numeric, 8),
                       String(format: "%.1e", abs(inputs0[i].grad - numeric))])
}
Narrative.table(["gradient", "backward()", "finite difference", "difference"], scalarRows, align: [.left, .right, .right, .right])
Narrative.say("  In Double precision with h = 1e-6 they agree to about 1e-10: backward() is right.")

//: ## Linear: y = x Wᵀ + b
//: Now whole tensors. A linear layer maps each row x (width `in`) to y = x Wᵀ + b (width
//: `out`). Every output y_j = Σ_i x_i W_ji + b_j depends on x_i through W_ji, so
//:
//:     ∂L/∂x = ∂L/∂y · W          (N, out)(out, in)
//:     ∂L/∂W = (∂L/∂y)ᵀ · x       (out, N)(N, in)   summed over all N rows of the batch
//:     ∂L/∂b = Σ_rows ∂L/∂y
//:
//: Three matrix products, one `sgemm` each, the same BLAS call as the forward pass:
//:
//: <<< Sources/Shared/NN/Linear.swift: public func backward
//:
//: To check a
//: layer we make up a loss, L = Σ w ⊙ y with a fixed random w, so ∂L/∂y = w, run backward,
//: and compare every gradient with finite differences of the layer's own forward pass. These
//: are Float32 tensors with about 7 significant digits, so the step must be large (`h = 0.01`),
//: and we judge each gradient as a whole: the relative size of the difference vector,
//: ‖a − n‖ / (‖a‖ + ‖n‖), is around 1e-5 for a correct backward pass and 1e-1 or worse for a
//: wrong one. (The test suite checks every layer far more strictly, element by element,
//: against a separate Float64 implementation.)

Narrative.section()
/// Runs a layer's backward with ∂L/∂y = w, then compares the gradients it produced with
/// finite differences of L = Σ w ⊙ forward(x). Adds one row per gradient to the table.
@MainActor func check(_ layer: String, input x: Tensor, parameters: [Parameter], forward: @escaping (Tensor) -> Tensor,
                      backward: (Tensor) -> Tensor) {
    let y = forward(x)
    let w = Tensor(shape: y.shape)
    w.fillNormal(&rng, std: 1)
    for p in parameters { p.zeroGrad() }
    let dx = backward(w).values
    let loss = { GradientCheck.weightedSum(forward(x), w) }
    var targets: [(String, Tensor, [Float])] = [("input", x, dx)]
    for p in parameters { targets.append((p.name, p.value, p.grad.values)) }
    for (name, tensor, analytic) in targets {
        let result = GradientCheck.compare(analytic: analytic, numeric: GradientCheck.numeric(tensor, loss: loss))
        checks.append([layer, name, "\(tensor.shape)", String(format: "%.1e", result.maxRelative), String(format: "%.1e", result.normRelative)])
        Narrative.say("  \(Narrative.pad(layer, 12)) ∂L/∂\(Narrative.pad(name, 12)) relative error \(String(format: "%.1e", result.normRelative))")
    }
}
let linear = Linear(6, 4, name: "")
for p in linear.parameters { p.value.fillNormal(&rng, std: 0.5) }
let xLinear = Tensor(shape: [2, 3, 6])
xLinear.fillNormal(&rng, std: 1)
check("Linear", input: xLinear, parameters: linear.parameters, forward: linear.forward, backward: linear.backward)

//: ## LayerNorm: three paths to every input
//: LayerNorm centres and scales each row: x̂ = (x − μ) r with r = 1/√(σ² + ε), then y = γ x̂ + β.
//: Nudging one x_i moves x̂_i directly, but also moves the mean μ (which every x̂ uses) and the
//: spread σ (which rescales every x̂). With ĝ = γ ⊙ ∂L/∂y, the gradient has exactly those three
//: terms (the code calls γ `gain`; the checks below call it `weight`, PyTorch's name):
//:
//:     ∂L/∂x = r · ( ĝ  −  mean(ĝ)  −  x̂ · mean(ĝ ⊙ x̂) )
//:                   direct   via μ        via σ
//:
//: Forget one term and the check below fails by a factor, not a rounding error. In the lab's
//: code the three terms are the last line of the inner loop:
//:
//: <<< Sources/Shared/NN/LayerNorm.swift: public func backward

Narrative.section()
let norm = LayerNorm(5, name: "")
norm.gain.value.fillNormal(&rng, mean: 1, std: 0.3)
norm.bias!.value.fillNormal(&rng, std: 0.3)
let xNorm = Tensor(shape: [2, 3, 5])
xNorm.fillNormal(&rng, std: 2)
check("LayerNorm", input: xNorm, parameters: norm.parameters, forward: norm.forward, backward: norm.backward)

//: ## GELU: a smooth gate
//: GELU lets positive inputs through and squashes negative ones smoothly:
//: y = ½ x (1 + tanh(u)) with u = √(2/π)(x + 0.044715 x³). It acts element by element, so its
//: backward is the local slope times the incoming gradient:
//: ∂y/∂x = ½(1 + tanh u) + ½ x (1 − tanh² u) u′. The lab computes ½(1 + tanh u) as σ(2u),
//: the same number for one `expf` instead of a slower `tanhf`:
//:
//: <<< Sources/Shared/NN/Activations.swift: public func backward(_ dy: Tensor) -> Tensor {
//:
//: (the first `backward` in that file, GELU's).

Narrative.section()
let gelu = GELU()
let xGelu = Tensor(shape: [4, 5])
xGelu.fillNormal(&rng, std: 2)
check("GELU", input: xGelu, parameters: [], forward: gelu.forward, backward: gelu.backward)

//: ## Softmax and cross-entropy: p − y
//: The model's last step turns scores (logits) into probabilities p = softmax(z) and the loss
//: is L = −log p_target. The softmax couples all outputs, so its own Jacobian is a full matrix,
//: yet combined with the log it collapses to the simplest gradient in deep learning:
//:
//:     ∂L/∂z_j = p_j − [j = target]
//:
//: The model is pushed up on the right answer by (1 − p) and down on every wrong one by its
//: probability. Averaged over a batch, each row is divided by the number of rows that count:
//:
//: <<< Sources/Shared/NN/CrossEntropy.swift: public func backward

Narrative.section()
let ce = CrossEntropy()
let logits = Tensor(shape: [6, 7])
logits.fillNormal(&rng, std: 2)
let ceTargets: [Int32] = [3, 0, 6, 6, 2, 1]
let ceLoss = ce.forward(logits, targets: ceTargets)
let dlogits = ce.backward()
let ceNumeric = GradientCheck.numeric(logits) { Double(ce.forward(logits, targets: ceTargets)) }
let ceResult = GradientCheck.compare(analytic: dlogits.values, numeric: ceNumeric)
checks.append(["CrossEntropy", "logits", "\(logits.shape)", String(format: "%.1e", ceResult.maxRelative), String(format: "%.1e", ceResult.normRelative)])
Narrative.say("  loss \(Narrative.fixed(Double(ceLoss), 4)); row 0 of ∂L/∂z: " + (0..<7).map { Narrative.fixed(Double(dlogits[0, $0]), 3) }.joined(separator: " "))
Narrative.say("  (target 3: the only negative entry; the row sums to \(Narrative.fixed(Double((0..<7).reduce(Float(0)) { $0 + dlogits[0, $1] }), 6)))")
Narrative.say("  CrossEntropy ∂L/∂logits       relative error \(String(format: "%.1e", ceResult.normRelative))")

//: ## Attention: through the softmax
//: Attention chains everything above: a linear layer makes q, k, v; scores S = q kᵀ / √d; weights
//: A = softmax(S) per row; output Y = A v; another linear layer. Backward runs it in reverse:
//:
//:     ∂L/∂A = ∂L/∂Y · vᵀ,    ∂L/∂v = Aᵀ · ∂L/∂Y
//:     ∂L/∂S = A ⊙ (∂L/∂A − rowsum(A ⊙ ∂L/∂A))      each row of A sums to one
//:     ∂L/∂q = ∂L/∂S · k / √d,   ∂L/∂k = (∂L/∂S)ᵀ · q / √d
//:
//: The softmax line is the one to understand: raising one weight must lower the others, so
//: each gradient is measured relative to the row's weighted average. Masked (future) positions
//: have A = 0 and so receive no gradient, as they should. Here is the lab's version, one set
//: of `sgemm` calls per (batch, head), reading q, k and v in place from the fused buffer:
//:
//: <<< Sources/Shared/NN/Attention.swift: public func backward

Narrative.section()
let attention = CausalSelfAttention(channels: 8, heads: 2, name: "")
for p in attention.parameters { p.value.fillNormal(&rng, std: 0.4) }
let xAtt = Tensor(shape: [2, 4, 8])
xAtt.fillNormal(&rng, std: 1)
check("Attention", input: xAtt, parameters: attention.parameters, forward: { attention.forward($0) }, backward: attention.backward)

//: ## The gradient-check table
//: Every gradient above, side by side. "norm relative" compares the whole tensor at once, as
//: above. "max relative" is the worst single element, |a − n| / (|a| + |n|), with elements a
//: thousand times smaller than the largest compared on that scale instead. It is the stricter
//: view, and in Float32 its worst cases are rounding: the cross-entropy gradient of a token
//: with probability 0.001 is a difference of nearly equal losses, where 7 digits run out.
//: That is why the test suite does this in Float64. A mistake in a backward pass (try deleting
//: one of LayerNorm's three terms) moves *both* columns to 1e-1 or worse.

Narrative.section()
Narrative.table(["layer", "gradient", "shape", "max relative", "norm relative"], checks, align: [.left, .left, .left, .right, .right])
let worst = checks.compactMap { Double($0[4]) }.max() ?? 0
guard worst < 1e-3 else { fail("a backward pass disagrees with its forward pass (norm-relative error \(String(format: "%.1e", worst)))") }
Narrative.say("  worst norm-relative error: \(String(format: "%.1e", worst)): every backward pass agrees with its forward pass")

//: ## Counting pairs: the bigram table
//: Before any network, the simplest language model there is: count, in the training text,
//: how often each character follows each other one. Row *a* of the table, divided by its sum,
//: is a guess at P(next | a). That is the "bigram counts" baseline below, and every model
//: after it must do better, which means using more than one character of memory. The
//: heatmap shows the counts of the most frequent characters (on a log scale, as a handful of
//: pairs are far more common than the rest): a row is the current character, a column the
//: next one; the darker, the more often. Look for the dark column under `␣` (most words end
//: before a space), the dark row of `␣` (every word starts after one) and the white squares of pairs English
//: never writes.

Narrative.section()
let v = chars.vocabSize
var pairCounts = [Int](repeating: 0, count: v * v), frequency = [Int](repeating: 0, count: v)
for (a, b) in zip(trainIDs, trainIDs.dropFirst()) { pairCounts[Int(a) * v + Int(b)] += 1 }
for id in trainIDs { frequency[Int(id)] += 1 }
let commonest = (0..<v).sorted { frequency[$0] != frequency[$1] ? frequency[$0] > frequency[$1] : $0 < $1 }.prefix(28).sorted()
let covered = commonest.reduce(0) { $0 + frequency[$1] }
Narrative.say("  \(v) symbols; the \(commonest.count) shown are \(String(format: "%.1f%%", 100 * Double(covered) / Double(trainIDs.count))) of the training text")
let label = { (id: Int) in TokenDisplay.visible(chars.decode([Int32(id)])) }
let topPairs = (0..<(v * v)).filter { pairCounts[$0] > 0 }.sorted { pairCounts[$0] != pairCounts[$1] ? pairCounts[$0] > pairCounts[$1] : $0 < $1 }.prefix(6)
Narrative.table(["pair", "count", "P(next | first)"], topPairs.map { i in
    ["\(label(i / v))\(label(i % v))", "\(pairCounts[i])", Narrative.fixed(Double(pairCounts[i]) / Double(frequency[i / v]), 3)]
}, align: [.left, .right, .right])
let logCounts = commonest.flatMap { a in commonest.map { b in Float(log10(1 + Double(pairCounts[a * v + b]))) } }
let bigramPlot = run.plotPath("bigram-counts.png")
if must(try run.plotter.heatmap(logCounts, rows: commonest.count, cols: commonest.count, rowLabels: commonest.map(label),
                                colLabels: commonest.map(label), to: bigramPlot,
                                title: "How often each character follows another (training text)",
                                xlabel: "next character", ylabel: "current character", pixelsPerCell: 22, colorLabel: "log₁₀(1 + count)")) {
    Narrative.say("  plot: \(bigramPlot)")
}

//: ## Learning with nothing but gradients
//: Now we put the backward passes to work. Bengio's 2003 neural language model, at character
//: level: look up a learned vector for each of the last k characters, join them, pass them
//: through a hidden layer with GELU, and score every possible next character. Its forward and
//: backward passes are the layers above, chained:
//:
//: <<< Sources/Shared/NN/CharMLP.swift: public func forward(
//: <<< Sources/Shared/NN/CharMLP.swift: public func backward(
//:
//: Training is the loop every later lesson refines: forward to get the loss, backward to get
//: the gradients, and move each number against its gradient, θ ← θ − lr · ∂L/∂θ (plain
//: gradient descent; lesson 04 does better):
//:
//: <<< Sources/Shared/NN/CharMLP.swift: public func train(
//:
//: We compare with two baselines: guessing uniformly (loss log V) and counting which
//: character follows which (a bigram table). Lesson 05 trains this same model on its data, as
//: a bar its GPT must clear.

Narrative.section()
let mlp = CharMLP(vocab: v, context: options.context, embedding: options.embedding, hidden: options.hidden, rng: &rng)
let uniform = log(Double(v)), bigram = bigramLoss(train: trainIDs, evaluate: valIDs, vocabSize: v)
Narrative.facts([
    ("corpus", "\(corpus.source): \(trainIDs.count) training and \(valIDs.count) held-out characters, \(v) symbols"),
    ("model", "context \(mlp.context), embedding \(mlp.embedding), hidden \(mlp.hidden): \(mlp.parameterCount) parameters"),
    ("baselines", "uniform \(Narrative.fixed(uniform, 3)) nats, bigram counts \(Narrative.fixed(bigram, 3)) nats (held-out)"),
    ("unseen", "\(chars.unknownCount(valText)) held-out characters never appear in training (they become <unk>)"),
])
let metrics = must(try run.csv("metrics.csv", columns: ["step", "lr", "train_loss", "val_loss"]))
let valBatches = 20
let valSet = (0..<valBatches).map { _ in Batches.nextToken(valIDs, context: mlp.context, count: options.batchSize, &rng) }
@MainActor func validationLoss() -> Float {
    valSet.reduce(Float(0)) { $0 + mlp.forward($1.inputs, $1.targets, batch: options.batchSize) } / Float(valBatches)
}
@MainActor func writeRow(_ row: [String: any CSVValue]) { must(try metrics.row(row)) }
let progress = ProgressBar("training", total: steps)
var lastVal: Float = .nan
let diverged = mlp.train(trainIDs, steps: steps, batchSize: options.batchSize, lr: options.lr, rng: &rng) { (step: Int, lr: Float, trainLoss: Float) -> Void in
    var row: [String: any CSVValue] = ["step": step, "lr": lr, "train_loss": trainLoss]
    if step % 100 == 0 || step == 1 || step == steps {
        lastVal = validationLoss()
        row["val_loss"] = lastVal
        if step == 1 || step % (steps / 5 > 0 ? steps / 5 : 1) == 0 || step == steps {
            Narrative.say("  step \(Narrative.padLeft("\(step)", 5))  lr \(String(format: "%.3g", lr))  train \(Narrative.fixed(Double(trainLoss), 3))  held-out \(Narrative.fixed(Double(lastVal), 3))")
        }
    }
    writeRow(row)
    progress.update(step)
}
if let step = diverged { fail("the loss stopped being a number at step \(step); try a smaller --lr") }
progress.finish()
let curve = run.plotPath("loss.png")
if must(try run.plotter.lines(csv: metrics.path, x: "step",
                              series: [.init("train_loss", title: "train (one batch)"), .init("val_loss", title: "held-out", style: .linespoints)],
                              to: curve, title: "Character MLP trained by plain gradient descent", ylabel: "cross-entropy (nats per character)")) {
    Narrative.say("  plot: \(curve)")
}
let heldOut = mlp.loss(over: valIDs)
Narrative.say("  held-out loss over all \(valIDs.count - mlp.context) held-out positions: \(Narrative.fixed(heldOut, 3)), against \(Narrative.fixed(bigram, 3)) for bigram counts and \(Narrative.fixed(uniform, 3)) for guessing")

//: ## Where the characters landed
//: The model's first layer gives every character a vector of its own, learned: nothing told
//: it that `a` and `e` are both vowels. Characters that can stand in the same places (that
//: predict, and are predicted by, similar neighbours) get pushed toward similar vectors,
//: because the layers after them can then treat them alike. To look at vectors of a dozen
//: numbers we project them onto the two directions along which they spread most (principal
//: component analysis, `principalComponents` in the core), for the same common characters
//: as the bigram heatmap (rare characters get few updates, so their vectors say little). The table
//: gives a few characters' nearest neighbours in the full space (cosine similarity), and the
//: last line averages the similarity within and across groups.
//:
//: Read it with care: two directions keep only part of the spread (the output says how
//: much), and a model this small, trained this briefly, learns only a faint geometry: most
//: nearest neighbours in the table look arbitrary. What holds up (try other `--seed`s) is the
//: average on the last line: vowels sit closer to each other than to the other letters.

Narrative.section()
let table = mlp.embed.table.value
let rowsOfTable = (0..<v).map { r in (0..<mlp.embedding).map { Double(table.pointer[r * mlp.embedding + $0]) } }
let seen = commonest.filter { $0 >= 2 }           // the table's characters (never <unk>, <|endoftext|>)
let (projected, explained) = principalComponents(seen.map { rowsOfTable[$0] }, count: 2)
Narrative.say("  \(seen.count) characters; the two directions explain \(String(format: "%.1f%%", 100 * explained[0])) and \(String(format: "%.1f%%", 100 * explained[1])) of the spread")
@MainActor func kind(_ id: Int) -> Int {
    let c = chars.decode([Int32(id)]).unicodeScalars.first!
    if "aeiouAEIOU".unicodeScalars.contains(c) { return 0 }
    if CharacterSet.letters.contains(c) { return CharacterSet.uppercaseLetters.contains(c) ? 2 : 1 }
    if CharacterSet.decimalDigits.contains(c) { return 3 }
    return 4
}
let embeddingPlot = run.plotPath("embeddings.png")
if must(try run.plotter.labelledPoints(zip(seen, projected).map { (label($0.0), Float($0.1[0]), Float($0.1[1]), kind($0.0)) },
                                       groups: ["vowels", "other lower-case letters", "capitals", "digits", "spaces and punctuation"],
                                       to: embeddingPlot, title: "The MLP's character embeddings, projected on their two main directions",
                                       xlabel: "first principal component", ylabel: "second principal component")) {
    Narrative.say("  plot: \(embeddingPlot)")
}
func cosine(_ a: [Double], _ b: [Double]) -> Double {
    let dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    return dot / max(1e-12, (a.reduce(0) { $0 + $1 * $1 } * b.reduce(0) { $0 + $1 * $1 }).squareRoot())
}
var neighbourRows: [[String]] = []
for c in ["a", "e", "t", "s", "T", ".", "␣"] {
    guard let id = seen.first(where: { label($0) == c }) else { continue }
    let near = seen.filter { $0 != id }.sorted { cosine(rowsOfTable[id], rowsOfTable[$0]) > cosine(rowsOfTable[id], rowsOfTable[$1]) }.prefix(3)
    neighbourRows.append([c, near.map { "\(label($0)) (\(Narrative.fixed(cosine(rowsOfTable[id], rowsOfTable[$0]), 2)))" }.joined(separator: "  ")])
}
Narrative.table(["character", "nearest three (cosine)"], neighbourRows, align: [.left, .left])
let vowels = seen.filter { kind($0) == 0 }, consonants = seen.filter { kind($0) == 1 }
func meanCosine(_ xs: [Int], _ ys: [Int]) -> Double {
    let pairs = xs.flatMap { x in ys.filter { $0 != x }.map { (x, $0) } }
    return pairs.reduce(0) { $0 + cosine(rowsOfTable[$1.0], rowsOfTable[$1.1]) } / Double(max(1, pairs.count))
}
Narrative.say("  mean cosine similarity: vowel with vowel \(Narrative.fixed(meanCosine(vowels, vowels), 3)), vowel with other lower-case letter \(Narrative.fixed(meanCosine(vowels, consonants), 3)), other letter with other letter \(Narrative.fixed(meanCosine(consonants, consonants), 3))")

//: ## What it learned
//: A model of "which character comes next" can write: feed it a start, sample the next
//: character from its probabilities (with the run's RNG), append it, and repeat. With five
//: characters of memory and three thousand small steps it will not say anything true, but the
//: words and spacing of the corpus should show through.

Narrative.section()
var text = Array(chars.encode(String(trainText.prefix(mlp.context))))
for _ in 0..<240 {
    let context = Array(text.suffix(mlp.context))
    _ = mlp.forward(context, [0], batch: 1)
    let probs = mlp.loss.probabilities!.values
    text.append(Int32(rng.categorical(probs)))
}
Narrative.say("  “" + chars.decode(text).replacingOccurrences(of: "\n", with: " ⏎ ") + "”")
must(try run.finish(results: ["val_loss": .double(heldOut), "bigram_val_loss": .double(bigram),
                              "worst_gradient_check": .double(worst), "parameters": .int(mlp.parameterCount)]))

//: ## Exercises
//: 1. **A check that fails.** Break a backward pass on purpose: in
//:    `Sources/Shared/NN/Linear.swift`, drop the bias gradient's accumulation (or scale the
//:    input gradient by `0.5`), run `swift run 03-backprop --quick --out runs/03-broken`, and
//:    watch the gradient-check table flag Linear (and Attention, whose projections are Linear
//:    layers) with a relative error far above the others, and the lesson stop. Undo the change.
//: 2. **More memory.** Train with `--context 8` and then `--context 3` (each with its own
//:    `--out`, e.g. `--out runs/03-context8`, so this chapter's plots stay as they are). The held-out loss
//:    should fall below this chapter's with eight characters of memory and rise with three,
//:    while the bigram baseline (one character) stays where it is.
//: 3. **Embeddings with room.** Run `--embedding 2` (two numbers per character: the plot is
//:    the whole table, no projection) and `--embedding 32`, each with its own `--out`. The held-out loss should get much
//:    worse with two (about `1.8`) and better with thirty-two (about `0.91`). Compare the
//:    vowel line of "Where the characters landed" in both: is a clearer picture the same
//:    thing as a better model?
