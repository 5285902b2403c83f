import Foundation
import LabBase
import LabTrain

/// An ablation declared in a file: a base configuration (any lesson-05 option), variants that
/// each change a few options (or a grid over some), the seeds, and the metric to compare.
///
///     {
///       "question": "Does Post-LN train as well as Pre-LN at a high learning rate?",
///       "base": {"steps": 300, "lr": 0.003, "quick": false},
///       "variants": {"pre": {"norm": "pre"}, "post": {"norm": "post"}},   (or "grid": {"dropout": [0, 0.1]})
///       "seeds": [1, 2, 3, 4, 5],
///       "lr": [0.001, 0.003, 0.01],                                      (optional: every variant at each rate)
///       "metric": "val_bits_per_byte",                                   (the default; or another of `metrics`)
///       "baseline": "pre"
///     }
///
/// Every error names the file and the field.
public struct Experiment: Sendable {
    public let name: String
    public let question: String
    public let base: TrainConfig
    /// Runs one experiment may ask for (variants × seeds): far more than a day of this lab's
    /// runs, and few enough to list and check at once.
    public static let maxRuns = 1000

    /// Variant names and their overrides, in the file's order (a grid: in the grid's order).
    public let variants: [(name: String, overrides: JSONValue)]
    public let seeds: [UInt64]
    /// Learning rates every variant is run at (empty: each variant's own `lr`). With rates, each
    /// variant is judged at the rate that serves it best, and `min-lr` keeps its ratio to `lr`.
    public let rates: [Float]
    /// With `"baselines": true`, every run also measures lesson 03's bigram counts and MLP on
    /// its own data (in the metric's unit), as bars the transformer should clear.
    public let baselines: Bool
    public let metric: String
    public let baseline: String

    /// `val_bits_per_byte` (the default) is the final validation loss in bits per UTF-8 byte of
    /// the validation text (nats per token × tokens ÷ bytes ÷ ln 2, as nanochat reports it): a
    /// measure that does not depend on how long the tokens are, so it compares tokenizers and
    /// corpora. `best_val_bits_per_byte` is the best evaluation's; `val_bits_per_char` counts
    /// characters instead of bytes.
    public static let metrics = ["val_bits_per_byte", "best_val_bits_per_byte", "final_val_loss", "best_val_loss",
                                 "final_train_loss", "val_bits_per_char"]

    public static func load(_ path: String) throws -> Experiment {
        let text = try Files.readUTF8(path)
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .object(let o) = json else {
            throw LabError("\(path): not a JSON object")
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try Experiment(name: name, object: o, source: path)
    }

    public init(name: String, object o: [String: JSONValue], source: String) throws {
        let known: Set = ["question", "base", "variants", "grid", "seeds", "metric", "baseline", "lr", "baselines"]
        if let extra = o.keys.sorted().first(where: { !known.contains($0) }) {
            throw LabError("\(source): unknown field '\(extra)' (fields: \(known.sorted().joined(separator: ", ")))")
        }
        self.name = name
        question = o["question"]?.stringValue ?? ""
        var base = TrainConfig()
        base.threads = 2
        if let b = o["base"] {
            guard case .object = b else { throw LabError("\(source): 'base' must be an object of options") }
            try base.apply(b, source: "\(source): base")
        }
        // variants: named overrides, or a grid
        var variants: [(String, JSONValue)] = []
        switch (o["variants"], o["grid"]) {
        case (.some, .some): throw LabError("\(source): give 'variants' or 'grid', not both")
        case (.some(.object(let v)), nil):
            guard !v.isEmpty else { throw LabError("\(source): 'variants' is empty") }
            // JSON objects have no order: variants run in name order
            for key in v.keys.sorted() {
                guard case .object = v[key]! else { throw LabError("\(source): variants.\(key) must be an object of options") }
                variants.append((key, v[key]!))
            }
        case (nil, .some(.object(let g))):
            var combos: [[(String, JSONValue)]] = [[]]
            for key in g.keys.sorted() {
                guard let values = g[key]!.arrayValue, !values.isEmpty else { throw LabError("\(source): grid.\(key) must be a non-empty array") }
                // counted before it is built: a grid of a few long lists multiplies fast
                guard combos.count * values.count <= Experiment.maxRuns else {
                    throw LabError("\(source): the grid has more than \(Experiment.maxRuns) variants; split the experiment")
                }
                combos = combos.flatMap { c in values.map { c + [(key, $0)] } }
            }
            guard !combos.isEmpty, !(combos.count == 1 && combos[0].isEmpty) else { throw LabError("\(source): 'grid' is empty") }
            for c in combos {
                let label = c.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
                variants.append((label, .object(Dictionary(uniqueKeysWithValues: c))))
            }
        case (.some, nil): throw LabError("\(source): 'variants' must be an object of named overrides")
        case (nil, .some): throw LabError("\(source): 'grid' must be an object of option → array of values")
        case (nil, nil): throw LabError("\(source): needs 'variants' or 'grid'")
        }
        self.base = base
        // every variant must make a valid configuration
        for (vname, overrides) in variants {
            var c = base
            try c.apply(overrides, source: "\(source): variant \(vname)")
            try c.validate()
        }
        self.variants = variants
        guard let seeds = o["seeds"]?.arrayValue?.compactMap({ $0.intValue }), !seeds.isEmpty, seeds.allSatisfy({ $0 >= 0 }),
              seeds.count == o["seeds"]?.arrayValue?.count, Set(seeds).count == seeds.count else {
            throw LabError("\(source): 'seeds' must be a non-empty array of distinct non-negative integers")
        }
        var rates: [Float] = []
        if let r = o["lr"] {
            let values = r.arrayValue?.compactMap { v -> Float? in
                if case .double(let d) = v { return Float(d) }
                return v.intValue.map(Float.init)
            }
            guard let values, !values.isEmpty, values.count == r.arrayValue?.count, values.allSatisfy({ $0 > 0 && $0 <= 10 }),
                  Set(values).count == values.count else {
                throw LabError("\(source): 'lr' must be a non-empty array of distinct learning rates in (0, 10]")
            }
            rates = values
        }
        self.rates = rates
        if let b = o["baselines"], b != .bool(true), b != .bool(false) { throw LabError("\(source): 'baselines' must be true or false") }
        baselines = o["baselines"] == .bool(true)
        guard variants.count * max(rates.count, 1) * seeds.count <= Experiment.maxRuns else {
            throw LabError("\(source): \(variants.count) variants × \(max(rates.count, 1)) rates × \(seeds.count) seeds is more than \(Experiment.maxRuns) runs; split the experiment")
        }
        self.seeds = seeds.map(UInt64.init)
        metric = o["metric"]?.stringValue ?? "val_bits_per_byte"
        guard Experiment.metrics.contains(metric) else {
            throw LabError("\(source): 'metric' must be one of \(Experiment.metrics.joined(separator: ", ")), got '\(metric)'")
        }
        baseline = o["baseline"]?.stringValue ?? variants[0].0
        guard variants.contains(where: { $0.0 == baseline }) else {
            throw LabError("\(source): 'baseline' \(baseline) is not a variant (\(variants.map(\.0).joined(separator: ", ")))")
        }
    }

    /// The configuration of one run, and where it goes (with a rate: `<variant>/lr-<rate>/seed-<n>`).
    public func config(variant: String, seed: UInt64, root: String, rate: Float? = nil) throws -> TrainConfig {
        guard let v = variants.first(where: { $0.name == variant }) else { throw LabError("no variant \(variant)") }
        var c = base
        try c.apply(v.overrides, source: "variant \(variant)")
        c.seed = seed
        if let rate {
            c.minLR = c.minLR / c.lr * rate                     // the schedule keeps its shape
            c.lr = rate
            c.out = "\(root)/\(Experiment.directoryName(variant))/lr-\(rate)/seed-\(seed)"
        } else {
            c.out = "\(root)/\(Experiment.directoryName(variant))/seed-\(seed)"
        }
        return c
    }

    /// Whether the run in `dir` finished (its run.json says so): such runs are skipped.
    public static func isFinished(_ dir: String) -> Bool {
        guard let text = try? Files.readUTF8(dir + "/run.json"),
              let json = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .object(let o) = json else { return false }
        return o["status"] == .string("finished")
    }

    /// A variant's name as a directory name (grid labels carry `=` and `,`).
    public static func directoryName(_ variant: String) -> String {
        String(variant.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
    }
}

/// One run of an experiment: its place in the plan, its variant and seed, and its configuration.
public struct PlannedRun: Sendable {
    public let index: Int
    public let variant: String
    /// The learning rate of the experiment's `lr` grid, if it has one.
    public let rate: Float?
    public let seed: UInt64
    public let config: TrainConfig
    public var directory: String { config.out! }
}

extension Experiment {
    /// Every run, variant by variant and seed by seed, numbered from 0: the same list on every
    /// machine, so shards and `--only` agree on what run K is.
    public func runs(root: String) throws -> [PlannedRun] {
        var out: [PlannedRun] = []
        for v in variants {
            for rate in rates.isEmpty ? [nil] : rates.map(Optional.some) {
                for seed in seeds {
                    out.append(PlannedRun(index: out.count, variant: v.name, rate: rate, seed: seed,
                                          config: try config(variant: v.name, seed: seed, root: root, rate: rate)))
                }
            }
        }
        return out
    }

    /// A slice "I/N" of the runs: those whose index is I modulo N (I from 0 to N − 1, as
    /// `$SLURM_ARRAY_TASK_ID` counts with `--array=0-(N-1)`). N slices are disjoint and together
    /// hold every run once.
    public struct Shard: Equatable, Sendable {
        public let index: Int, count: Int
        public init(index: Int, count: Int) throws {
            guard count >= 1, count <= Experiment.maxRuns, index >= 0, index < count else {
                throw LabError("--shard I/N needs 1 ≤ N ≤ \(Experiment.maxRuns) and 0 ≤ I < N, got \(index)/\(count)")
            }
            (self.index, self.count) = (index, count)
        }
        public init(parsing text: String) throws {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { throw LabError("--shard must be I/N (e.g. 0/4), got '\(text)'") }
            try self.init(index: i, count: n)
        }
        public func holds(_ run: PlannedRun) -> Bool { run.index % count == index }
    }

    /// Whether `run` finished with exactly this configuration and seed: a run made from an older
    /// version of the file (another option, another seed) is stale and is done again.
    public static func isCurrent(_ run: PlannedRun) -> Bool {
        guard let text = try? Files.readUTF8(run.directory + "/run.json"),
              let json = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .object(let o) = json,
              o["status"] == .string("finished"), let recorded = o["config"] else { return false }
        // read back through the option table, so 0 and 0.0 (JSON does not tell them apart) compare equal
        var saved = TrainConfig()
        guard (try? saved.apply(recorded, source: run.directory + "/run.json")) != nil else { return false }
        return saved == run.config
    }
}
