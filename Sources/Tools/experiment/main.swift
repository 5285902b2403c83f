// experiment — runs an ablation declared in a file, every variant × seed, and summarises it.
//
//     swift run -c release experiment Experiments/pre-vs-post-ln.json               # every run, then the summary
//     swift run -c release experiment Experiments/pre-vs-post-ln.json --dry-run     # what it would run
//     swift run -c release experiment FILE --shard 0/4      # the first of four disjoint slices (one machine each)
//     swift run -c release experiment FILE --list           # one command per run, for parallel, xargs or a scheduler
//     swift run -c release experiment FILE --only 7         # run 7 of the plan
//     swift run -c release experiment FILE --summarize      # tables and plot from the runs complete so far
//
// Each run goes to runs/experiments/<name>/<variant>/seed-<n>/ (metrics.csv, run.json, the
// model). A run whose run.json says "finished" with exactly the file's configuration and seed
// is reused; one from an older version of the file is done again. At the end (and with
// --summarize): runs/experiments/<name>/results.csv, results.md (per variant mean ± sd and a
// 95% interval; against the baseline the difference, t, df and p) and
// plots/experiments/<name>.png (the metric's mean curve per variant, min–max band over seeds).
import Foundation
import LLMLab

struct Run: CommandOptions {
    static let command = "experiment"
    static let abstract = "Run every variant × seed of an experiment file (or a shard of them), reuse finished runs, and summarise."
    var file = ""
    var dryRun = false
    var root: String?
    var plots = "plots/experiments"
    var shard: String?
    var list = false
    var only: String?
    var summarize = false
    static let fields: [OptionField<Run>] = [
        OptionField("file", "the experiment file (JSON)", \.file).with(placement: .positional, required: true),
        .init("dry-run", "list the runs and their configurations without running anything", \.dryRun),
        .init("root", "where runs go (default: runs/experiments/<name>)", \.root),
        .init("plots", "where the plot goes", \.plots),
        .init("shard", "run only slice I of N (I/N, 0 ≤ I < N): N shards on a shared directory cover every run once", \.shard),
        .init("list", "print one self-contained command per run, and run nothing", \.list),
        .init("only", "run only run K of the plan (as --list numbers them)", \.only),
        .init("summarize", "build the tables and plot from the runs complete so far, and name the missing ones", \.summarize),
    ]

    func validate() throws {
        if let shard { _ = try Experiment.Shard(parsing: shard) }
        if let only, (Int(only) ?? -1) < 0 { throw LabError("--only must be a run number ≥ 0, got '\(only)'") }
        if [shard != nil, only != nil, list, summarize].filter({ $0 }).count > 1 {
            throw LabError("give at most one of --shard, --only, --list and --summarize")
        }
    }

    func run() {
        let exp = must(try Experiment.load(file))
        let root = self.root ?? "runs/experiments/\(exp.name)"
        let runs = must(try exp.runs(root: root))
        if list {
            for r in runs {
                print("swift run -c release experiment \(file) --only \(r.index)\(self.root.map { " --root \($0)" } ?? "")   # \(r.variant), seed \(r.seed)")
            }
            return
        }
        let only = self.only.flatMap { Int($0) }
        if let only, only >= runs.count { fail("--only \(only): the plan has runs 0 to \(runs.count - 1)") }
        print("experiment \(exp.name): \(exp.variants.count) variant(s) × \(exp.seeds.count) seed(s), metric \(exp.metric), baseline \(exp.baseline)")
        if !exp.question.isEmpty { print("  question: \(exp.question)") }
        if summarize { summarise(exp, runs: runs, root: root); return }
        let shard: Experiment.Shard? = self.shard == nil ? nil : must(try Experiment.Shard(parsing: self.shard!))
        let mine = runs.filter { r in (only == nil || r.index == only) && (shard?.holds(r) ?? true) }
        var pending: [PlannedRun] = []
        for r in mine {
            let done = Experiment.isCurrent(r)
            print("  \(done ? "done" : "todo")  #\(r.index) \(r.variant) seed \(r.seed) → \(r.directory)")
            if !done { pending.append(r) }
        }
        if dryRun { return }
        for (i, r) in pending.enumerated() {
            print("── run \(i + 1)/\(pending.count): #\(r.index) \(r.variant), seed \(r.seed)")
            train(r.config, baselines: exp.baselines)
        }
        // a shard or a single run summarises only when it completed the plan
        if runs.allSatisfy(Experiment.isCurrent) { summarise(exp, runs: runs, root: root) }
        else { print("\(runs.filter { !Experiment.isCurrent($0) }.count) run(s) of the plan still to do; `--summarize` builds the tables from those complete") }
    }

    func train(_ c: TrainConfig, baselines: Bool) {
        let dir = c.out!
        // a run interrupted before it finished starts again from scratch
        try? FileManager.default.removeItem(atPath: dir)
        let data = must(try TokenizedCorpus.prepare(c, cacheDir: "runs/cache"))
        let trainer = must(try Trainer(config: c, data: data, runDir: dir))
        var manifest = RunManifest(path: dir + "/run.json", lesson: "experiment", config: [:], seed: c.seed, threads: c.threads)
        manifest.fields["config"] = c.json
        must(try Files.createDirectory(dir))
        must(try manifest.write())
        trainer.onEvent = TrainingMonitor(logInterval: c.logInterval, terminal: false, showSamples: false).handle
        // the validation loss before the first step (the curves' step-0 point): it draws no
        // random numbers, so the run is the same with or without it
        let initial = trainer.evaluate()
        let s = must(try trainer.run())
        let t = trainer.timing
        let finalTrain = (try? lastValue(dir + "/metrics.csv", column: "train_loss")) ?? .nan
        // bits per UTF-8 byte (and per character) of the validation text: nats per token ×
        // tokens ÷ bytes ÷ ln 2, which does not depend on how long the tokens are
        let corpus = must(try Corpus.load(c.data, orBuiltin: c.lang))
        let valText = must(try corpus.split(trainFraction: c.trainFraction)).val
        let perByte = Double(data.val.count) / Double(max(valText.utf8.count, 1)) / log(2.0)
        let perChar = Double(data.val.count) / Double(max(valText.unicodeScalars.count, 1)) / log(2.0)
        must(try manifest.finish(results: [
            "final_val_loss": .double(Double(s.finalValLoss)), "best_val_loss": .double(Double(s.bestValLoss)),
            "final_train_loss": .double(finalTrain), "val_bits_per_char": .double(Double(s.finalValLoss) * perChar),
            "val_bits_per_byte": .double(Double(s.finalValLoss) * perByte), "best_val_bits_per_byte": .double(Double(s.bestValLoss) * perByte),
            "bits_per_byte_per_nat": .double(perByte), "initial_val_loss": .double(Double(initial)),
            "parameters": .int(trainer.model.parameterCount),
            "tokens_per_s": .double(Double(s.tokensSeen) / max(t.data + t.forward + t.backward + t.optimizer, 1e-9)),
        ].merging(baselines ? baselineResults(c, data: data, perByte: perByte) : [:]) { ours, _ in ours }))
    }

    /// Lesson 03's two models on this run's data, in bits per byte: bigram counts, and the MLP
    /// (five tokens of context, 3000 steps of plain gradient descent, seeded by the run).
    func baselineResults(_ c: TrainConfig, data: TokenizedCorpus, perByte: Double) -> [String: JSONValue] {
        let vocab = data.tokenizer.vocabSize
        var out: [String: JSONValue] = ["bigram_val_bits_per_byte": .double(bigramLoss(train: data.train, evaluate: data.val, vocabSize: vocab) * perByte)]
        guard vocab <= 4096, data.train.count > 5 else { return out }
        var rng = RNG(seed: c.seed)
        let mlp = CharMLP(vocab: vocab, context: 5, embedding: 12, hidden: 96, rng: &rng)
        if mlp.train(data.train, steps: 3000, batchSize: 64, lr: 0.3, rng: &rng) == nil {
            out["mlp_val_bits_per_byte"] = .double(mlp.loss(over: data.val) * perByte)
        }
        return out
    }

    func lastValue(_ csv: String, column: String) throws -> Double {
        let rows = try Files.readUTF8(csv).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        guard let i = rows.first?.firstIndex(where: { $0 == column }) else { return .nan }
        return rows.dropFirst().reversed().compactMap { $0.count > i ? Double($0[i]) : nil }.first ?? .nan
    }

    func summarise(_ exp: Experiment, runs: [PlannedRun], root: String) {
        var complete: [PlannedRun] = [], missing: [PlannedRun] = []
        for r in runs { if Experiment.isCurrent(r) { complete.append(r) } else { missing.append(r) } }
        if !missing.isEmpty {
            print("missing \(missing.count) of \(runs.count) run(s): " + missing.map { "#\($0.index) \($0.variant) seed \($0.seed)" }.joined(separator: "; "))
        }
        guard !complete.isEmpty else { fail("\(root): no complete runs to summarise yet") }
        // every complete run's numeric results, read once
        var resultsOf: [Int: [String: Double]] = [:]
        for r in complete {
            let text = must(try Files.readUTF8(r.directory + "/run.json"))
            guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .object(let fields)? = json["results"] else {
                fail("\(r.directory)/run.json: no results")
            }
            var values: [String: Double] = [:]
            for (k, v) in fields {
                if case .double(let d) = v { values[k] = d } else if case .int(let i) = v { values[k] = Double(i) }
            }
            resultsOf[r.index] = values
        }
        func value(_ r: PlannedRun, _ key: String) -> Double { resultsOf[r.index]?[key] ?? .nan }
        // with an `lr` grid, each variant is judged at the rate whose mean over seeds is best
        let unitLabel = exp.metric == "val_bits_per_char" ? "validation loss (bits per character)"
            : exp.metric.contains("bits_per") ? "validation loss (bits per byte)" : "loss (nats per token)"
        var bestRate: [String: Float] = [:]
        var rateTable: [String] = []
        if !exp.rates.isEmpty {
            var header = ["lr"], rows: [[String]] = exp.rates.map { ["\($0)"] }
            var md = ["| variant | " + exp.rates.map { "lr \($0)" }.joined(separator: " | ") + " |", "|" + String(repeating: " --- |", count: exp.rates.count + 1)]
            for v in exp.variants {
                let n = Experiment.directoryName(v.name)
                header += ["\(n)_mean", "\(n)_min", "\(n)_max"]
                var means: [(Float, Double)] = []
                for (i, rate) in exp.rates.enumerated() {
                    let xs = complete.filter { $0.variant == v.name && $0.rate == rate }.map { value($0, exp.metric) }.filter { !$0.isNaN }
                    rows[i] += xs.isEmpty ? ["", "", ""] : [String(Statistics.mean(xs)), String(xs.min()!), String(xs.max()!)]
                    if !xs.isEmpty { means.append((rate, Statistics.mean(xs))) }
                }
                if let best = means.min(by: { $0.1 < $1.1 }) { bestRate[v.name] = best.0 }
                md.append("| \(v.name) | " + exp.rates.map { rate in
                    guard let m = means.first(where: { $0.0 == rate }) else { return "–" }
                    return String(format: "%.4f", m.1) + (rate == bestRate[v.name] ? " (best)" : "")
                }.joined(separator: " | ") + " |")
            }
            rateTable = md
            let ratePath = root + "/rates.csv"
            must(try Files.writeAtomically(([header.joined(separator: ",")] + rows.map { $0.joined(separator: ",") }).joined(separator: "\n") + "\n", to: ratePath))
            must(try Files.createDirectory(plots))
            let png = plots + "/\(exp.name)-rates.png"
            let bands = exp.variants.map { v -> Plotter.Band in
                let n = Experiment.directoryName(v.name)
                return Plotter.Band(mean: "\(n)_mean", low: "\(n)_min", high: "\(n)_max", title: v.name)
            }
            if must(try Plotter().bands(csv: ratePath, x: "lr", bands: bands, to: png, title: "\(exp.name): each variant against the peak learning rate (mean over seeds, min–max band)",
                                        ylabel: unitLabel, xlabel: "peak learning rate (log scale)", logX: true)) {
                print("plot: \(png)")
            }
        }
        let chosen = exp.rates.isEmpty ? complete : complete.filter { $0.rate == bestRate[$0.variant] }
        struct Result { let seed: UInt64; let values: [String: Double] }
        var results: [String: [Result]] = [:]
        var lines = ["variant,lr,seed,metric,val_bits_per_byte,best_val_bits_per_byte,final_val_loss,best_val_loss,final_train_loss,parameters,tokens_per_s"]
        var curves: [String: [Int: [Double]]] = [:]
        let metricIsBits = exp.metric.contains("bits_per")
        for r in chosen {
            func num(_ k: String) -> Double { value(r, k) }
            results[r.variant, default: []].append(Result(seed: r.seed, values: resultsOf[r.index] ?? [:]))
            // the validation curve, in the metric's unit: bits per character or byte, or nats per token
            let perNat = exp.metric == "val_bits_per_char" ? num("val_bits_per_char") / num("final_val_loss")
                : metricIsBits ? num("bits_per_byte_per_nat") : 1
            // the step-0 point: recorded by the run, or (a run from before it was recorded) measured
            // again on the same initial weights, which the seed fixes
            var initial = num("initial_val_loss")
            if initial.isNaN, let data = try? TokenizedCorpus.prepare(r.config, cacheDir: "runs/cache"),
               let fresh = try? Trainer(config: r.config, data: data, runDir: r.directory) {
                initial = Double(fresh.evaluate())
            }
            if !initial.isNaN { curves[r.variant, default: [:]][0, default: []].append(initial * perNat) }
            let rows = must(try Files.readUTF8(r.directory + "/metrics.csv")).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            if let si = rows.first?.firstIndex(of: "step"), let vi = rows.first?.firstIndex(of: "val_loss") {
                for row in rows.dropFirst() where row.count > vi {
                    if let step = Int(row[si]), let val = Double(row[vi]) { curves[r.variant, default: [:]][step, default: []].append(val * perNat) }
                }
            }
        }
        // results.csv: every complete run (at every rate), one row each
        for r in complete {
            let num = { (k: String) in value(r, k) }
            let parameters = num("parameters")
            lines.append([csvField(r.variant), r.rate.map { "\($0)" } ?? "", "\(r.seed)", "\(num(exp.metric))", "\(num("val_bits_per_byte"))",
                          "\(num("best_val_bits_per_byte"))", "\(num("final_val_loss"))", "\(num("best_val_loss"))", "\(num("final_train_loss"))",
                          parameters.isNaN ? "" : "\(Int(parameters))", "\(num("tokens_per_s"))"].joined(separator: ","))
        }
        must(try Files.writeAtomically(lines.joined(separator: "\n") + "\n", to: root + "/results.csv"))

        // the table: per variant, and against the baseline (paired by seed when the seeds match)
        func metric(_ v: String, _ key: String) -> [Double] { (results[v] ?? []).sorted { $0.seed < $1.seed }.map { $0.values[key] ?? .nan } }
        let f4 = { (x: Double) in String(format: "%.4f", x) }
        let base = metric(exp.baseline, exp.metric), baseSeeds = (results[exp.baseline] ?? []).map(\.seed).sorted()
        var md = ["# \(exp.name)", "", exp.question.isEmpty ? "" : "**Question.** \(exp.question)", "",
                  "Metric: `\(exp.metric)`, over seeds \(exp.seeds.map(String.init).joined(separator: ", ")): mean ± sample sd, and the mean's 95% interval (Student's t). " +
                  "Against the baseline `\(exp.baseline)`: the difference of the means with its 95% interval, t, its degrees of freedom and a two-sided p, " +
                  "from a paired t-test on the per-seed differences when both have the same seeds (a seed fixes the initial weights and the batches, so runs pair up), " +
                  "Welch's test otherwise. \"Beyond noise\": p < 0.05." + (missing.isEmpty ? "" : " **Incomplete: \(missing.count) run(s) missing.**"), "",
                  "| variant | seeds | \(exp.metric) | 95% interval | Δ vs baseline [95% interval] | t | df | p | beyond noise | best val (bits/byte) | final val (bits/byte) | final train loss | tokens/s | parameters |" +
                    (exp.baselines ? " bigram (bits/byte) | lesson 03's MLP (bits/byte) |" : ""),
                  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |" + (exp.baselines ? " --- | --- |" : "")]
        for v in exp.variants {
            let xs = metric(v.name, exp.metric)
            guard !xs.isEmpty else { md.append("| \(v.name) | 0 | – | – | – | – | – | – | – | – | – | – | – | – |"); continue }
            let ci = Statistics.interval95(xs).map { "[\(f4($0.low)), \(f4($0.high))]" } ?? "–"
            var against = "baseline | – | – | – | –"
            if v.name != exp.baseline {
                let seeds = (results[v.name] ?? []).map(\.seed).sorted()
                if let c = Statistics.compare(xs, base, paired: seeds == baseSeeds) {
                    against = "\(String(format: "%+.4f", c.difference)) [\(String(format: "%+.4f", c.low)), \(String(format: "%+.4f", c.high))] (\(c.test)) | " +
                              "\(String(format: "%.2f", c.t)) | \(String(format: "%.1f", c.df)) | \(String(format: c.p < 0.001 ? "%.1e" : "%.3f", c.p)) | \(c.beyondNoise ? "yes" : "no")"
                } else { against = "– | – | – | – | – (fewer than two seeds)" }
            }
            md.append("| \(v.name) | \(xs.count) | \(f4(Statistics.mean(xs))) ± \(f4(Statistics.sd(xs))) | \(ci) | \(against) | " +
                      "\(f4(Statistics.mean(metric(v.name, "best_val_bits_per_byte")))) | \(f4(Statistics.mean(metric(v.name, "val_bits_per_byte")))) | " +
                      "\(f4(Statistics.mean(metric(v.name, "final_train_loss")))) | \(String(format: "%.0f", Statistics.mean(metric(v.name, "tokens_per_s")))) | " +
                      "\(Int(metric(v.name, "parameters").first ?? 0)) |" +
                      (exp.baselines ? " \(f4(Statistics.mean(metric(v.name, "bigram_val_bits_per_byte")))) | \(f4(Statistics.mean(metric(v.name, "mlp_val_bits_per_byte")))) |" : ""))
        }
        if !rateTable.isEmpty {
            md += ["", "Each variant at each peak learning rate (mean of `\(exp.metric)` over seeds); the table above takes each variant at its best rate " +
                   "(`min-lr` keeps its ratio to `lr`):", ""] + rateTable
        }
        if !missing.isEmpty { md += ["", "Missing runs: " + missing.map { "#\($0.index) \($0.variant) seed \($0.seed)" }.joined(separator: "; ")] }
        must(try Files.writeAtomically(md.joined(separator: "\n") + "\n", to: root + "/results.md"))
        print(md.dropFirst(4).joined(separator: "\n"))

        // the metric's mean curve per variant, with its min–max band over seeds
        let steps = Set(curves.values.flatMap(\.keys)).sorted()
        var header = ["step"], table: [String] = []
        for v in exp.variants { let n = Experiment.directoryName(v.name); header += ["\(n)_mean", "\(n)_min", "\(n)_max"] }
        for step in steps {
            var row = [String(step)]
            for v in exp.variants {
                let xs = curves[v.name]?[step] ?? []
                row += xs.isEmpty ? ["", "", ""] : [String(Statistics.mean(xs)), String(xs.min()!), String(xs.max()!)]
            }
            table.append(row.joined(separator: ","))
        }
        let curvePath = root + "/curves.csv"
        must(try Files.writeAtomically(([header.joined(separator: ",")] + table).joined(separator: "\n") + "\n", to: curvePath))
        let png = plots + "/\(exp.name).png"
        must(try Files.createDirectory(plots))
        let bands = exp.variants.map { v -> Plotter.Band in
            let n = Experiment.directoryName(v.name)
            return Plotter.Band(mean: "\(n)_mean", low: "\(n)_min", high: "\(n)_max", title: v.name)
        }
        let unit = unitLabel
        if must(try Plotter().bands(csv: curvePath, x: "step", bands: bands, to: png, title: "\(exp.name): validation (mean over seeds, min–max band)",
                                    ylabel: unit)) {
            print("plot: \(png)")
        }
        print("results: \(root)/results.csv, \(root)/results.md")
    }

    func csvField(_ s: String) -> String { s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
}

Run.parseOrExit().options.run()
