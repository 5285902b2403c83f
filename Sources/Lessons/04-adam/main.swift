//: # Lesson 04 · Optimizers: why Adam trains transformers
//:
//: Backpropagation tells every weight which way is downhill. The optimizer decides how far
//: to step, and that decision matters as much as the model. This lesson watches three
//: optimizers walk a curved valley, then trains one small language model (same seed, same
//: data, same number of steps) with SGD, SGD with momentum, Adam and AdamW, each at a few
//: learning rates, measures why Adam's normalised steps help, and finally draws the learning-rate
//: schedules that go with them.
//:
//: Run it with `swift run 04-adam`. `--help` lists every option.

import Foundation
import LLMLab

let options = Options.parseOrExit().options
let steps = options.steps
let corpus = must(try Corpus.load(options.data, orBuiltin: .en))
let (trainText, valText) = must(try corpus.split(trainFraction: 0.9))
let run = must(try LessonRun(lesson: "04-adam", common: options.common, config: [
    "data": .string(corpus.source), "steps": .int(steps), "valley_steps": .int(options.valleySteps),
]))
var rng = RNG(seed: run.seed)

Narrative.title()

//: ## A valley
//: The Rosenbrock function f(x, y) = (1 − x)² + 20 (y − x²)² has its minimum at (1, 1), at the
//: bottom of a long curved valley: steep across, nearly flat along. That is the shape that
//: troubles gradient descent, and a network's loss surface is full of such valleys, in millions
//: of dimensions.
//:
//: - **SGD** steps along the negative gradient: θ ← θ − lr · g. The gradient points mostly
//:   *across* the valley, so a step size large enough to make progress along it makes the
//:   walk bounce between the walls; a small one crawls. We give it its best shot: 0.009, the
//:   largest rate that does not blow up here (the output shows what 0.0095 does).
//: - **Momentum** keeps a running sum of past gradients, b ← 0.9 b + g, and steps along it: the
//:   back-and-forth across the valley cancels out, the steady pull along it adds up.
//: - **Adam** keeps running averages of each coordinate's gradient (m) and squared gradient
//:   (v) and steps by m̂ / √v̂: roughly a fixed distance per coordinate, whatever the
//:   gradient's scale, so steep and flat directions move at similar speeds.
//:
//: All three are the lab's real optimizers, acting on a `Parameter` of two numbers whose
//: gradient we fill in by hand: the same code that trains the transformers below.

Narrative.section()
let steep: Float = 20                          // the valley's 20
func valley(_ x: Float, _ y: Float) -> Float { (1 - x) * (1 - x) + steep * (y - x * x) * (y - x * x) }
let start: (Float, Float) = (-1.6, 2.2)
var walks: [(String, [(Float, Float)])] = []
var valleyRows: [[String]] = []
let walkers: [(String, Float, (Parameter) -> any Optimizer)] = [
    ("SGD, lr 0.009", 0.009, { SGD([$0]) }),
    ("momentum 0.9, lr 0.002", 0.002, { SGD([$0], momentum: 0.9) }),
    ("Adam, lr 0.05", 0.05, { Adam([$0], decoupled: false) }),
]
let valleyCSV = must(try run.csv("valley.csv", columns: ["optimizer", "step", "x", "y", "f"]))
for (label, lr, make) in walkers {
    let p = Parameter("xy", shape: [2], initializer: .zeros)
    p.value.pointer[0] = start.0
    p.value.pointer[1] = start.1
    let optimizer = make(p)
    var path = [start]
    for step in 1...options.valleySteps {
        let (x, y) = (p.value.pointer[0], p.value.pointer[1])
        p.grad.pointer[0] = -2 * (1 - x) - 4 * steep * x * (y - x * x)      // ∂f/∂x
        p.grad.pointer[1] = 2 * steep * (y - x * x)                          // ∂f/∂y
        optimizer.update(lr: lr)
        let (nx, ny) = (p.value.pointer[0], p.value.pointer[1])
        guard nx.isFinite && ny.isFinite else { fail("\(label) diverged on the valley at step \(step)") }
        path.append((nx, ny))
        must(try valleyCSV.row(["optimizer": label, "step": step, "x": nx, "y": ny, "f": valley(nx, ny)]))
    }
    let (fx, fy) = path.last!
    valleyRows.append([label, "(\(Narrative.fixed(Double(fx), 3)), \(Narrative.fixed(Double(fy), 3)))", String(format: "%.2e", valley(fx, fy))])
    walks.append((label, path))
}
Narrative.say("  from (\(start.0), \(start.1)), \(options.valleySteps) steps each; the minimum is f(1, 1) = 0:")
Narrative.table(["optimizer", "where it ended", "f there"], valleyRows, align: [.left, .left, .right])
let xs = stride(from: Float(-2), through: 2, by: 0.04).map { $0 }, ys = stride(from: Float(-1), through: 3, by: 0.04).map { $0 }
let grid = ys.flatMap { y in xs.map { x in valley(x, y) } }
let valleyPlot = run.plotPath("valley.png")
if must(try run.plotter.contour(grid: grid, xs: xs, ys: ys, levels: [0.1, 0.5, 2, 5, 10, 20, 40, 80, 150],
                                paths: walks, to: valleyPlot, title: "Three optimizers in the valley of (1 − x)² + 20 (y − x²)²",
                                marks: [("minimum", 1, 1)])) {
    Narrative.say("  plot: \(valleyPlot)")
}
// one step of rate further: SGD at 0.0095 from the same start
let tooFast = Parameter("xy", shape: [2], initializer: .zeros)
(tooFast.value.pointer[0], tooFast.value.pointer[1]) = start
let tooFastSGD = SGD([tooFast])
var divergedAt: Int? = nil
for step in 1...options.valleySteps where divergedAt == nil {
    let (x, y) = (tooFast.value.pointer[0], tooFast.value.pointer[1])
    tooFast.grad.pointer[0] = -2 * (1 - x) - 4 * steep * x * (y - x * x)
    tooFast.grad.pointer[1] = 2 * steep * (y - x * x)
    tooFastSGD.update(lr: 0.0095)
    if !valley(tooFast.value.pointer[0], tooFast.value.pointer[1]).isFinite || abs(tooFast.value.pointer[0]) > 1e6 { divergedAt = step }
}
Narrative.say("  SGD at lr 0.0095 from the same start: " + (divergedAt.map { "diverges (|x| passes a million) at step \($0)" } ?? "does not diverge in \(options.valleySteps) steps"))
let ranked = zip(walkers.map(\.0), walks.map { valley($0.1.last!.0, $0.1.last!.1) }).sorted { $0.1 < $1.1 }
Narrative.say("  closest to the minimum after \(options.valleySteps) steps: \(ranked[0].0) (f = \(String(format: "%.1e", ranked[0].1)))")
// the longest single step of each walk: how far one update can throw it
func longestStep(_ path: [(Float, Float)]) -> Float {
    var best: Float = 0
    for (a, b) in zip(path, path.dropFirst()) {
        let dx = b.0 - a.0, dy = b.1 - a.1
        best = max(best, (dx * dx + dy * dy).squareRoot())
    }
    return best
}
let longest = walks.map { ($0.0, longestStep($0.1)) }
Narrative.say("  longest single step: " + longest.map { "\($0.0.prefix { $0 != "," && $0 != " " }) \(Narrative.fixed(Double($0.1), 2))" }.joined(separator: ", "))
if ranked[0].0.hasPrefix("SGD") {
    Narrative.say("  On a smooth valley in two dimensions, SGD at its best learning rate is hard to beat:")
    Narrative.say("  there are only two numbers, and one rate can suit both of them.")
}
Narrative.say("  The paths show each one's character: SGD's first steps leap from wall to wall across the")
Narrative.say("  whole picture (the gradient across the steep walls is large) until one lands beside the")
Narrative.say("  minimum, and it zig-zags into it from the side, never travelling along the valley;")
Narrative.say("  momentum overshoots and swings; Adam wiggles while its averages fill, then moves along")
Narrative.say("  the valley at a steady pace set by its learning rate. What Adam buys shows when millions of weights with gradients of very")
Narrative.say("  different sizes must share one learning rate: the language model below.")

//: ## One language model, four optimizers
//: Now a real network: a two-layer GPT reading 32 characters of the built-in English text.
//: Every run starts from identical weights (the same seed) and sees identical batches (a
//: copy of the same data RNG); only the update rule and its rate differ. No optimizer is judged at a
//: rate chosen for it in advance: each gets four peak learning rates (momentum five), a
//: factor of about three apart, around the rate usually quoted for it (SGD needs large rates, since its
//: steps are raw gradients; Adam's steps are normalised, so around 3e-3 is typical), and
//: we keep its best by held-out loss. A best rate at the edge of its grid says a rate beyond
//: it might do better still; the table marks it. Weight decay pulls every weight a little
//: toward zero at each step. Adam adds 0.1 · θ to the gradient (an L2 penalty), and its own
//: normalisation then makes that pull uneven: for a weight whose gradient is large the penalty
//: is a small part of what gets normalised, but for one whose gradient is small the penalty
//: *is* most of it, and Adam moves it toward zero at nearly a full step each time. AdamW
//: (`decoupled: true`) subtracts lr · 0.1 · θ from each matrix directly, after Adam's step:
//: the same gentle pull for every weight. Every run clips the gradient's global norm at 1
//: before its update, as lesson 05's training does, so one bad batch cannot throw a run
//: away; for SGD this also caps the length of a step at lr.
//:
//: Why should Adam's way of stepping win here? In a transformer, the embedding of a rare character gets a
//: gradient only when that character appears, LayerNorm gains see gradients of a different
//: scale than attention weights, and the output layer sees larger gradients than the first
//: layer. SGD uses one step size for all of them. Adam gives each weight a step size of its
//: own, from its own gradient history. Adam and AdamW both decay by 0.1 here and differ only
//: in how; the output says which way of decaying did better in this run.

Narrative.section()
let chars = CharTokenizer(corpus: trainText)
let trainIDs = chars.encode(trainText), valIDs = chars.encode(valText)
let config = GPTConfig(vocabSize: chars.vocabSize, blockSize: 32, layers: 2, heads: 4, channels: 64)
let (batchSize, contextLength) = (16, 32)
let valBatches = (0..<8).map { _ in Batches.windows(valIDs, length: contextLength, count: batchSize, &rng) }
let initRNG = rng                                   // every run starts from this state
// each optimizer's rates: a factor of about 3 apart, around the rate usually quoted for it (and one
// more for momentum, whose best rate was the largest of four)
let contenders: [(String, [Float], (GPT) -> any Optimizer)] = [
    ("sgd", [0.3, 1, 3, 10], { SGD($0.parameters) }),
    ("momentum", [0.03, 0.1, 0.3, 1, 3], { SGD($0.parameters, momentum: 0.9) }),
    ("adam", [1e-3, 3e-3, 1e-2, 3e-2], { Adam($0.parameters, decoupled: false, weightDecay: 0.1) }),
    ("adamw", [1e-3, 3e-3, 1e-2, 3e-2], { Adam($0.parameters, decoupled: true, weightDecay: 0.1) }),
]
// the parameter groups whose gradients the next section compares
let groups: [(String, (String) -> Bool)] = [
    ("token embeddings", { $0.hasPrefix("wte.") }), ("position embeddings", { $0.hasPrefix("wpe.") }),
    ("attention", { $0.contains(".attn.") }), ("MLP", { $0.contains(".mlp.") }), ("LayerNorm", { $0.contains("ln_") }),
]
func rms(_ tensors: [Tensor]) -> Double {
    var sum = 0.0, count = 0
    for t in tensors { for i in 0..<t.count { sum += Double(t.pointer[i]) * Double(t.pointer[i]) }; count += t.count }
    return count == 0 ? 0 : (sum / Double(count)).squareRoot()
}
/// One training run: the held-out loss every 25 steps, and every 10 steps each group's
/// gradient RMS (before clipping) and the RMS of the step the optimizer took, per unit of rate.
struct LMRun { var name = "", lr: Float = 0, diverged: Int? = nil, train: Float = .nan, val: Float = .nan, curve: [Int: Float] = [:], gradRMS: [(Int, [Double])] = [], stepRMS: [Double] = [] }
@MainActor func trainLM(_ name: String, lr: Float, _ make: (GPT) -> any Optimizer) -> LMRun {
    var runRNG = initRNG
    let model = GPT(config)
    model.initialize(&runRNG)
    let optimizer = make(model)
    let members = groups.map { g in model.parameters.filter { g.1($0.name) } }
    let csv = must(try run.csv("lm-\(name)-lr\(String(format: "%g", lr)).csv", columns: ["step", "lr", "train_loss", "val_loss", "grad_norm"] + groups.map { "grad_rms_" + $0.0.replacingOccurrences(of: " ", with: "_") }))
    let schedule = Schedule.warmupCosine(max: lr, min: lr / 10, warmup: steps / 20, decaySteps: steps)
    var result = LMRun(name: optimizer.name, lr: lr)
    var stepSums = [Double](repeating: 0, count: groups.count), logged = 0
    let progress = ProgressBar("\(optimizer.name) lr \(String(format: "%g", lr))", total: steps)
    for step in 0..<steps {
        let batch = Batches.windows(trainIDs, length: contextLength, count: batchSize, &runRNG)
        let loss = model.forward(batch.inputs, targets: batch.targets, batch: batchSize, length: contextLength, training: true, rng: &runRNG)
        guard loss.isFinite else {                          // too large a rate: the run is out of the race
            progress.finish(note: "diverged at step \(step + 1)")
            result.val = .infinity
            result.diverged = step + 1
            return result
        }
        model.zeroGrad()
        model.backward()
        let measure = step % 10 == 0 || step + 1 == steps
        var row: [String: any CSVValue] = ["step": step + 1, "train_loss": loss]
        var before: [[Float]] = []
        if measure {
            let g = members.map { rms($0.map(\.grad)) }
            result.gradRMS.append((step + 1, g))
            for (i, group) in groups.enumerated() { row["grad_rms_" + group.0.replacingOccurrences(of: " ", with: "_")] = g[i] }
            before = members.map { $0.flatMap(\.value.values) }
        }
        let norm = clipGradientNorm(model.parameters, maxNorm: 1)
        let rate = schedule.lr(at: step)
        optimizer.update(lr: rate)
        if measure {                                         // how far each group moved, per unit of rate
            for (i, ps) in members.enumerated() {
                let after = ps.flatMap(\.value.values)
                let moved = zip(after, before[i]).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
                stepSums[i] += (moved / Double(max(1, after.count))).squareRoot() / Double(rate)
            }
            logged += 1
        }
        result.train = loss
        row["lr"] = rate
        row["grad_norm"] = norm
        if (step + 1) % 25 == 0 || step == 0 || step + 1 == steps {
            result.val = valBatches.reduce(Float(0)) { $0 + model.forward($1.inputs, targets: $1.targets, batch: batchSize, length: contextLength, rng: &runRNG) } / Float(valBatches.count)
            row["val_loss"] = result.val
            result.curve[step + 1] = result.val
        }
        must(try csv.row(row))
        progress.update(step + 1)
    }
    progress.finish(note: "held-out loss \(Narrative.fixed(Double(result.val), 3))")
    result.stepRMS = stepSums.map { $0 / Double(max(1, logged)) }
    return result
}
Narrative.say("  model: \(config.layers) layers, \(config.heads) heads, width \(config.channels), context \(contextLength), batch \(batchSize), \(steps) steps per run")
var best: [String: LMRun] = [:]
var sweepRows: [[String]] = []
for (name, rates, make) in contenders {
    let runs = rates.map { trainLM(name, lr: $0, make) }
    guard let winner = runs.filter({ $0.val.isFinite }).min(by: { $0.val < $1.val }) else { fail("\(name) diverged at every rate tried") }
    best[name] = winner
    let edge = winner.lr == rates.first ? " (the smallest tried)" : winner.lr == rates.last ? " (the largest tried)" : ""
    for r in runs {
        sweepRows.append([r.lr == rates.first ? r.name : "", String(format: "%g", r.lr),
                          r.diverged.map { "diverged at step \($0)" } ?? Narrative.fixed(Double(r.val), 3), r.lr == winner.lr ? "◀ best" + edge : ""])
    }
}
Narrative.say("  held-out loss after \(steps) steps, at each peak rate:")
Narrative.table(["optimizer", "peak lr", "held-out loss", ""], sweepRows, align: [.left, .right, .right, .left])
let finals = contenders.map { best[$0.0]! }
Narrative.table(["optimizer", "best peak lr", "final train loss", "final held-out loss"],
                finals.map { [$0.name, String(format: "%g", $0.lr), Narrative.fixed(Double($0.train), 3), Narrative.fixed(Double($0.val), 3)] },
                align: [.left, .right, .right, .right])
let comparison = must(try run.csv("lm-comparison.csv", columns: ["step"] + contenders.map { $0.0 + "_val_loss" }))
for step in finals[0].curve.keys.sorted() {
    var row: [String: any CSVValue] = ["step": step]
    for (name, _, _) in contenders { if let v = best[name]?.curve[step] { row[name + "_val_loss"] = v } }
    must(try comparison.row(row))
}
let comparisonPlot = run.plotPath("optimizers.png")
if must(try run.plotter.lines(csv: comparison.path, x: "step",
                              series: [.init("sgd_val_loss", title: "SGD"), .init("momentum_val_loss", title: "SGD + momentum"),
                                       .init("adam_val_loss", title: "Adam"), .init("adamw_val_loss", title: "AdamW")],
                              to: comparisonPlot, title: "Held-out loss of the same model under four optimizers, each at its best rate",
                              ylabel: "cross-entropy (nats per character)")) {
    Narrative.say("  plot: \(comparisonPlot)")
}
let sgdFinal = finals[0].val, adamwFinal = finals[3].val
Narrative.say("  AdamW at its best rate ends \(Narrative.fixed(Double(abs(sgdFinal - adamwFinal)), 3)) nats \(adamwFinal < sgdFinal ? "below" : "above") SGD at its best, in the same \(steps) steps.")
let adamFinal = finals[2].val
Narrative.say("  weight decay 0.1 added to the gradient (Adam) against applied to the weights (AdamW): \(adamFinal < adamwFinal ? "Adam" : "AdamW") ends lower, by \(Narrative.fixed(Double(abs(adamFinal - adamwFinal)), 3)) nats (one seed; exercise 3 below runs five)")

//: ## Why Adam helps: gradients of many sizes
//: Here is the claim of the last section, measured. During the AdamW run above (at its best
//: rate), every ten steps we took the root-mean-square of the gradient over each group of
//: parameters, before clipping: the token embeddings, the position embeddings, attention's
//: matrices, the MLPs' matrices and the LayerNorms' gains and biases. The plot shows them
//: over training on a log scale. A rate that suits the group with the largest gradients is
//: about an order of magnitude too small for the group with the smallest, and SGD has only
//: one rate.
//:
//: The table sets the two rules against each other. SGD's step is the (clipped) gradient times the
//: rate, so its step per unit of rate spreads across the groups as the gradient column does.
//: Adam divides each weight's gradient by the root of its own running mean square, so its
//: step per unit of rate (the last column, measured in the same AdamW run) comes out about
//: the same for every group, whatever the group's gradient scale.

Narrative.section()
let adamwRun = best["adamw"]!
let scaleCSV = must(try run.csv("gradient-scales.csv", columns: ["step"] + groups.map { $0.0.replacingOccurrences(of: " ", with: "_") }))
for (step, values) in adamwRun.gradRMS {
    var row: [String: any CSVValue] = ["step": step]
    for (i, group) in groups.enumerated() { row[group.0.replacingOccurrences(of: " ", with: "_")] = values[i] }
    must(try scaleCSV.row(row))
}
let meanGrad = groups.indices.map { i in adamwRun.gradRMS.reduce(0.0) { $0 + $1.1[i] } / Double(max(1, adamwRun.gradRMS.count)) }
Narrative.table(["group", "gradient RMS (mean over the run)", "AdamW step / lr"],
                groups.indices.map { i in [groups[i].0, String(format: "%.2e", meanGrad[i]), String(format: "%.2f", adamwRun.stepRMS[i])] },
                align: [.left, .right, .right])
let spread = (meanGrad.max() ?? 1) / max(1e-30, meanGrad.filter { $0 > 0 }.min() ?? 1)
let adamSpread = (adamwRun.stepRMS.max() ?? 1) / max(1e-30, adamwRun.stepRMS.filter { $0 > 0 }.min() ?? 1)
Narrative.say("  the largest group's gradient RMS is \(String(format: "%.0f", spread))× the smallest's; AdamW's steps differ by \(String(format: "%.1f", adamSpread))× across the same groups")
let scalePlot = run.plotPath("gradient-scales.png")
if must(try run.plotter.lines(csv: scaleCSV.path, x: "step", series: groups.map { Plotter.Series($0.0.replacingOccurrences(of: " ", with: "_"), title: $0.0) },
                              to: scalePlot, title: "Gradient RMS per parameter group while AdamW trains (before clipping)",
                              ylabel: "root-mean-square gradient", logY: true)) {
    Narrative.say("  plot: \(scalePlot)")
}

//: ## Learning-rate schedules
//: The learning rate rarely stays fixed. A **warmup** starts small while Adam's running
//: averages are still unreliable and the network is far from anything sensible; a **decay**
//: takes smaller steps at the end to settle into a minimum instead of bouncing around it.
//: The runs above used nanoGPT's schedule: linear warmup, then a cosine down to a tenth. Here
//: are the lab's four, each a pure function of the step (so a resumed run continues exactly):
//: constant; warmup + cosine (nanoGPT); cosine with warm restarts (SGDR), which periodically
//: jumps back up to escape a basin; and exponential decay, lr · 0.95^(step/10), a schedule
//: some small from-scratch trainers use.

Narrative.section()
let schedules: [(String, Schedule)] = [
    ("constant", .constant(1e-3)),
    ("warmup_cosine", .warmupCosine(max: 1e-3, min: 1e-4, warmup: 100, decaySteps: 1000)),
    ("cosine_restarts", .cosineRestarts(max: 1e-3, min: 1e-4, period: 150, multiplier: 2)),
    ("exponential", .exponential(1e-3, decay: 0.95, every: 10)),
]
let scheduleCSV = must(try run.csv("schedules.csv", columns: ["step"] + schedules.map(\.0)))
for step in 0...1200 {
    var row: [String: any CSVValue] = ["step": step]
    for (name, s) in schedules { row[name] = s.lr(at: step) }
    must(try scheduleCSV.row(row))
}
Narrative.table(["schedule", "step 0", "step 100", "step 500", "step 1000"],
                schedules.map { name, s in [s.label] + [0, 100, 500, 1000].map { String(format: "%.2e", s.lr(at: $0)) } },
                align: [.left, .right, .right, .right, .right])
let schedulePlot = run.plotPath("schedules.png")
if must(try run.plotter.lines(csv: scheduleCSV.path, x: "step", series: schedules.map { Plotter.Series($0.0, title: $0.1.label) },
                              to: schedulePlot, title: "Learning-rate schedules", ylabel: "learning rate")) {
    Narrative.say("  plot: \(schedulePlot)")
}
must(try run.finish(results: Dictionary(uniqueKeysWithValues: finals.flatMap { [($0.name.lowercased() + "_val_loss", JSONValue.double(Double($0.val))), ($0.name.lowercased() + "_best_lr", JSONValue.double(Double($0.lr)))] })))

//: ## Exercises
//: (Give each run its own `--out`, as below, so this chapter's plots stay as they are.)
//:
//: 1. **Given time, the valley is easy.** Run
//:    `swift run 04-adam --quick --valley-steps 3000 --out runs/04-valley`.
//:    All three optimizers should end within `1e-9` of the minimum: on two numbers, any of them
//:    gets there. The language model is where the difference lies.
//: 2. **Take the clipping away.** In `trainLM` (in `Sources/Lessons/04-adam/main.swift`), change `maxNorm: 1` to
//:    `maxNorm: .infinity` and run `swift run 04-adam --quick --out runs/04-no-clip`. SGD's larger rates should now
//:    diverge within a few dozen steps (the sweep table prints `diverged at step N`) and its
//:    best rate drop to the smallest tried; the Adam family, whose steps do not grow with the
//:    gradient, barely notices.
//: 3. **Five seeds, five rates.** Run `swift run -c release experiment Experiments/optimizers.json`
//:    (a few minutes). It trains the experiments' base model (not this chapter's) for 300 steps
//:    with AdamW, Adam (decay as an L2 penalty) and SGD with momentum, at five rates and five
//:    seeds each. Check that AdamW is best beyond noise and every best rate lies inside the
//:    grid, as `Experiments/optimizers/README.md` reports, and compare its Adam-against-AdamW
//:    answer with this chapter's single seed.
