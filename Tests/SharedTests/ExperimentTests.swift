import Foundation
import Testing
@testable import LLMLab

/// The experiment file: fields checked by name, variants and grids expanded, runs placed and
/// skipped when finished, and the summary statistics.
struct ExperimentTests {
    static func parse(_ text: String) throws -> Experiment {
        guard case .object(let o) = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else { throw LabError("not an object") }
        return try Experiment(name: "x", object: o, source: "x.json")
    }

    @Test func variantsAndGridsExpand() throws {
        let v = try Self.parse(#"{"base": {"steps": 10}, "variants": {"b": {"norm": "post"}, "a": {"norm": "pre"}}, "seeds": [1, 2]}"#)
        #expect(v.variants.map(\.name) == ["a", "b"] && v.baseline == "a" && v.seeds == [1, 2] && v.metric == "val_bits_per_byte")
        let c = try v.config(variant: "b", seed: 2, root: "r")
        #expect(c.norm == .post && c.steps == 10 && c.seed == 2 && c.out == "r/b/seed-2")
        let g = try Self.parse(#"{"grid": {"dropout": [0, 0.1], "n-head": [1, 2]}, "seeds": [3], "baseline": "dropout=0,n-head=1"}"#)
        #expect(g.variants.map(\.name) == ["dropout=0,n-head=1", "dropout=0,n-head=2", "dropout=0.1,n-head=1", "dropout=0.1,n-head=2"])
        #expect(try g.config(variant: "dropout=0.1,n-head=2", seed: 3, root: "r").out == "r/dropout_0.1_n-head_2/seed-3")
    }

    @Test func badFilesNameTheField() throws {
        for (text, message) in [
            (#"{"variants": {"a": {}}, "seeds": [1], "colour": 1}"#, "unknown field 'colour'"),
            (#"{"variants": {"a": {"lrr": 1}}, "seeds": [1]}"#, "variant a: unknown option 'lrr'"),
            (#"{"variants": {"a": {"norm": "mid"}}, "seeds": [1]}"#, "'norm' must be one of"),
            (#"{"base": {"steps": "ten"}, "variants": {"a": {}}, "seeds": [1]}"#, "base: 'steps' must be a int"),
            (#"{"variants": {"a": {}}, "seeds": []}"#, "'seeds'"),
            (#"{"variants": {"a": {}}, "seeds": [1, 1]}"#, "'seeds'"),
            (#"{"seeds": [1]}"#, "needs 'variants' or 'grid'"),
            (#"{"variants": {"a": {}}, "grid": {"lr": [1]}, "seeds": [1]}"#, "not both"),
            (#"{"grid": {"lr": []}, "seeds": [1]}"#, "grid.lr"),
            (#"{"variants": {"a": {}}, "seeds": [1], "metric": "accuracy"}"#, "'metric'"),
            (#"{"variants": {"a": {}}, "seeds": [1], "baseline": "b"}"#, "'baseline' b"),
            (#"{"variants": {"a": {"steps": 0}}, "seeds": [1]}"#, "--steps"),
            (#"{"variants": {"a": {}}, "seeds": [1], "baselines": "yes"}"#, "'baselines'"),
            (#"{"variants": {"a": {"train-tokens": -1}}, "seeds": [1]}"#, "--train-tokens"),
        ] {
            let e = #expect(throws: LabError.self) { try Self.parse(text) }
            #expect(e?.message.contains(message) == true, "\(text): \(e?.message ?? "")")
        }
    }

    @Test func finishedRunsAreRecognised() throws {
        let dir = try temporaryDirectory()
        #expect(!Experiment.isFinished(dir))
        var m = RunManifest(path: dir + "/run.json", lesson: "experiment", config: [:], seed: 1, threads: 1)
        try m.write()
        #expect(!Experiment.isFinished(dir))                 // started, not finished: run again
        try m.finish(results: [:])
        #expect(Experiment.isFinished(dir))
    }

    /// N shards are disjoint and together hold every run once; the plan is the same every time.
    @Test func shardsCoverTheRunsOnce() throws {
        let e = try Self.parse(#"{"grid": {"dropout": [0, 0.1, 0.2]}, "seeds": [1, 2, 3, 4, 5]}"#)
        let runs = try e.runs(root: "r")
        #expect(runs.count == 15 && runs.map(\.index) == Array(0..<15) && runs[6].variant == "dropout=0.1" && runs[6].seed == 2)
        for n in [1, 2, 3, 4, 7, 15, 20] {
            let slices = try (0..<n).map { i in try runs.filter(Experiment.Shard(index: i, count: n).holds).map(\.index) }
            #expect(slices.flatMap { $0 }.sorted() == Array(0..<15), "N = \(n)")
            #expect(Set(slices.flatMap { $0 }).count == 15)
        }
        #expect(try Experiment.Shard(parsing: "1/4") == Experiment.Shard(index: 1, count: 4))
        for bad in ["4/4", "-1/2", "1", "a/b", "1/0"] { #expect(throws: LabError.self) { _ = try Experiment.Shard(parsing: bad) } }
        #expect(try e.runs(root: "r").map(\.directory) == runs.map(\.directory))
    }

    /// An `lr` grid runs every variant at each rate, `min-lr` keeping its ratio to `lr`.
    @Test func learningRateGridsApplyToEveryVariant() throws {
        let e = try Self.parse(#"{"base": {"lr": 0.001, "min-lr": 0.0001}, "variants": {"a": {}, "b": {"optimizer": "momentum"}}, "lr": [0.003, 0.03], "seeds": [1, 2]}"#)
        let runs = try e.runs(root: "r")
        #expect(runs.count == 8 && e.rates == [0.003, 0.03])
        #expect(runs.map { "\($0.variant) \($0.rate!) \($0.seed)" }.prefix(4) == ["a 0.003 1", "a 0.003 2", "a 0.03 1", "a 0.03 2"])
        #expect(runs[2].config.lr == 0.03 && abs(runs[2].config.minLR - 0.003) < 1e-9 && runs[2].directory == "r/a/lr-0.03/seed-1")
        for bad in [#""lr": []"#, #""lr": [0]"#, #""lr": [0.1, 0.1]"#, #""lr": "fast""#] {
            #expect(throws: LabError.self) { _ = try Self.parse(#"{"variants": {"a": {}}, "seeds": [1], "# + bad + "}") }
        }
    }

    /// A finished run is reused only when its recorded configuration is the file's.
    @Test func staleRunsAreDoneAgain() throws {
        let dir = try temporaryDirectory()
        let e = try Self.parse(#"{"base": {"steps": 10}, "variants": {"a": {}}, "seeds": [1]}"#)
        let run = try #require(try e.runs(root: dir).first)
        #expect(!Experiment.isCurrent(run))
        try Files.createDirectory(run.directory)
        var m = RunManifest(path: run.directory + "/run.json", lesson: "experiment", config: [:], seed: 1, threads: 2)
        m.fields["config"] = run.config.json
        try m.write()
        #expect(!Experiment.isCurrent(run))                          // started, not finished
        try m.finish(results: [:])
        #expect(Experiment.isCurrent(run))
        let changed = try #require(try Self.parse(#"{"base": {"steps": 12}, "variants": {"a": {}}, "seeds": [1]}"#).runs(root: dir).first)
        #expect(changed.directory == run.directory && !Experiment.isCurrent(changed))   // the file changed: stale
    }
}
