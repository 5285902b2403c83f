// experiment — runs an ablation declared in a file, every variant × seed, and summarises it.
//
//     swift run -c release experiment Experiments/pre-vs-post-ln.json
//     swift run -c release experiment Experiments/pre-vs-post-ln.json --dry-run
//
// Each run goes to runs/experiments/<name>/<variant>/seed-<n>/ (metrics.csv, run.json, the
// model); a run whose run.json says "finished" is skipped, so an interrupted experiment
// continues where it stopped. At the end: runs/experiments/<name>/results.csv, results.md
// (mean ± std per variant and whether it differs from the baseline beyond seed noise), and
// plots/experiments/<name>.png (mean validation curve per variant, min–max band over seeds).
import Foundation
import LLMLab

struct Run: CommandOptions {
    static let command = "experiment"
    static let abstract = "Run every variant × seed of an experiment file, skip finished runs, and summarise."
    var file = ""
    var dryRun = false
    var root: String?
    var plots = "plots/experiments"
    static let fields: [OptionField<Run>] = [
        OptionField("file", "the experiment file (JSON)", \.file).with(placement: .positional, required: true),
        .init("dry-run", "list the runs and their configurations without running anything", \.dryRun),
        .init("root", "where runs go (default: runs/experiments/<name>)", \.root),
        .init("plots", "where the plot goes", \.plots),
    ]

    func run() {
        let exp = must(try Experiment.load(file))
        let root = self.root ?? "runs/experiments/\(exp.name)"
        print("experiment \(exp.name): \(exp.variants.count) variant(s) × \(exp.seeds.count) seed(s), metric \(exp.metric), baseline \(exp.baseline)")
        if !exp.question.isEmpty { print("  question: \(exp.question)") }
        var pending: [(String, UInt64, TrainConfig)] = []
        for v in exp.variants {
            for seed in exp.seeds {
                let c = must(try exp.config(variant: v.name, seed: seed, root: root))
                let done = Experiment.isFinished(c.out!)
                print("  \(done ? "done" : "todo")  \(v.name) seed \(seed) → \(c.out!)  \(v.overrides)")
                if !done { pending.append((v.name, seed, c)) }
            }
        }
        if dryRun { return }
        for (i, (variant, seed, c)) in pending.enumerated() {
            print("── run \(i + 1)/\(pending.count): \(variant), seed \(seed)")
            train(c)
        }
        summarise(exp, root: root)
    }

    func train(_ c: TrainConfig) {
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
        let s = must(try trainer.run())
        let t = trainer.timing
        let finalTrain = (try? lastValue(dir + "/metrics.csv", column: "train_loss")) ?? .nan
        // tokens per character of the validation text, for bits per character
        let corpus = must(try Corpus.load(c.data, orBuiltin: c.lang))
        let valChars = must(try corpus.split(trainFraction: c.trainFraction)).val.unicodeScalars.count
        let bitsPerChar = Double(s.finalValLoss) * Double(data.val.count) / Double(max(valChars, 1)) / log(2.0)
        must(try manifest.finish(results: [
            "final_val_loss": .double(Double(s.finalValLoss)), "best_val_loss": .double(Double(s.bestValLoss)),
            "final_train_loss": .double(finalTrain), "val_bits_per_char": .double(bitsPerChar),
            "parameters": .int(trainer.model.parameterCount),
            "tokens_per_s": .double(Double(s.tokensSeen) / max(t.data + t.forward + t.backward + t.optimizer, 1e-9)),
        ]))
    }

    func lastValue(_ csv: String, column: String) throws -> Double {
        let rows = try Files.readUTF8(csv).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        guard let i = rows.first?.firstIndex(where: { $0 == column }) else { return .nan }
        return rows.dropFirst().reversed().compactMap { $0.count > i ? Double($0[i]) : nil }.first ?? .nan
    }

    func summarise(_ exp: Experiment, root: String) {
        var byVariant: [String: [Double]] = [:], speed: [String: [Double]] = [:], params: [String: Int] = [:], trainLoss: [String: [Double]] = [:]
        var lines = ["variant,seed,metric,final_val_loss,best_val_loss,final_train_loss,parameters,tokens_per_s"]
        var curves: [String: [Int: [Double]]] = [:]
        for v in exp.variants {
            for seed in exp.seeds {
                let dir = "\(root)/\(Experiment.directoryName(v.name))/seed-\(seed)"
                let text = must(try Files.readUTF8(dir + "/run.json"))
                guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .object(let o) = json,
                      case .object(let r)? = o["results"] else { fail("\(dir)/run.json: no results") }
                func num(_ k: String) -> Double { if case .double(let d)? = r[k] { return d }; if case .int(let i)? = r[k] { return Double(i) }; return .nan }
                byVariant[v.name, default: []].append(num(exp.metric))
                speed[v.name, default: []].append(num("tokens_per_s"))
                trainLoss[v.name, default: []].append(num("final_train_loss"))
                params[v.name] = Int(num("parameters"))
                lines.append("\(csvField(v.name)),\(seed),\(num(exp.metric)),\(num("final_val_loss")),\(num("best_val_loss")),\(num("final_train_loss")),\(Int(num("parameters"))),\(num("tokens_per_s"))")
                // the validation curve
                let rows = must(try Files.readUTF8(dir + "/metrics.csv")).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
                if let si = rows.first?.firstIndex(of: "step"), let vi = rows.first?.firstIndex(of: "val_loss") {
                    for row in rows.dropFirst() where row.count > vi {
                        if let step = Int(row[si]), let val = Double(row[vi]) { curves[v.name, default: [:]][step, default: []].append(val) }
                    }
                }
            }
        }
        must(try Files.writeAtomically(lines.joined(separator: "\n") + "\n", to: root + "/results.csv"))
        // the table
        let base = byVariant[exp.baseline]!
        var md = ["# \(exp.name)", "", exp.question.isEmpty ? "" : "**Question.** \(exp.question)", "",
                  "Metric: `\(exp.metric)` over seeds \(exp.seeds.map(String.init).joined(separator: ", ")) (mean ± sample std). \"Beyond noise\": Welch's |t| > 2 against the baseline `\(exp.baseline)`.", "",
                  "| variant | \(exp.metric) | Δ vs baseline | beyond noise | final train loss | tokens/s | parameters |", "| --- | --- | --- | --- | --- | --- | --- |"]
        for v in exp.variants {
            let xs = byVariant[v.name]!
            let (t, beyond) = SeedStatistics.differs(xs, from: base)
            let delta = SeedStatistics.mean(xs) - SeedStatistics.mean(base)
            md.append("| \(v.name) | \(String(format: "%.4f", SeedStatistics.mean(xs))) ± \(String(format: "%.4f", SeedStatistics.std(xs))) | " +
                      (v.name == exp.baseline ? "baseline | – " : "\(String(format: "%+.4f", delta)) | \(beyond ? "yes" : "no") (t = \(t.isNaN ? "–" : String(format: "%.1f", t)))") +
                      " | \(String(format: "%.4f", SeedStatistics.mean(trainLoss[v.name]!))) | \(String(format: "%.0f", SeedStatistics.mean(speed[v.name]!))) | \(params[v.name]!) |")
        }
        must(try Files.writeAtomically(md.joined(separator: "\n") + "\n", to: root + "/results.md"))
        print(md.dropFirst(4).joined(separator: "\n"))
        // mean validation curve per variant with its min–max band
        let steps = Set(curves.values.flatMap(\.keys)).sorted()
        var header = ["step"], table: [String] = []
        for v in exp.variants { let n = Experiment.directoryName(v.name); header += ["\(n)_mean", "\(n)_min", "\(n)_max"] }
        for step in steps {
            var row = [String(step)]
            for v in exp.variants {
                let xs = curves[v.name]?[step] ?? []
                row += xs.isEmpty ? ["", "", ""] : [String(SeedStatistics.mean(xs)), String(xs.min()!), String(xs.max()!)]
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
        if must(try Plotter().bands(csv: curvePath, x: "step", bands: bands, to: png, title: "\(exp.name): validation loss (mean over seeds, min–max band)",
                                    ylabel: "validation loss (nats per token)")) {
            print("plot: \(png)")
        }
        print("results: \(root)/results.csv, \(root)/results.md")
    }

    func csvField(_ s: String) -> String { s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
}

Run.parseOrExit().options.run()
