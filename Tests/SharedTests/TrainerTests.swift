import Foundation
import Testing
@testable import LLMLab

/// The training loop's promises, on a tiny configuration with two workers and dropout on (so
/// every random stream matters).
struct TrainerTests {
    static func tinyConfig(_ dir: String) -> TrainConfig {
        var c = TrainConfig()
        c.nLayer = 1; c.nHead = 2; c.nEmbd = 16; c.blockSize = 16; c.batchSize = 4; c.steps = 30
        c.evalInterval = 5; c.evalBatches = 2; c.sampleTokens = 6; c.warmup = 3; c.dropout = 0.1; c.threads = 2
        c.out = dir
        return c
    }

    static func prepare(_ c: TrainConfig, _ dir: String) throws -> TokenizedCorpus {
        try TokenizedCorpus.prepare(c, cacheDir: dir + "/cache")
    }

    /// Rows of metrics.csv without the time columns.
    static func metrics(_ dir: String) throws -> [String] {
        let lines = try String(contentsOfFile: dir + "/metrics.csv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = lines[0].map(String.init)
        let keep = ["step", "train_loss", "val_loss", "lr", "grad_norm"].map { header.firstIndex(of: $0)! }
        return lines.map { row in keep.map { String(row[$0]) }.joined(separator: ",") }
    }

    /// An interrupted run, resumed from its last checkpoint, logs exactly the losses, learning
    /// rates and gradient norms of a run that was never interrupted, and ends with the same weights.
    @Test func killAndResumeGivesTheSameRun() throws {
        let a = try temporaryDirectory(), b = try temporaryDirectory()
        let data = try Self.prepare(Self.tinyConfig(a), a)
        let whole = try Trainer(config: Self.tinyConfig(a), data: data, runDir: a)
        _ = try whole.run()

        let first = try Trainer(config: Self.tinyConfig(b), data: data, runDir: b)
        first.interruptAfterStep = 13                       // dies between the checkpoints of steps 10 and 15
        #expect(throws: Trainer.Interrupted.self) { _ = try first.run() }
        #expect(try Self.metrics(b).count == 14)           // header + 13 rows were logged before the "kill"
        // only --resume (and where the run lives): everything else comes from the checkpoint
        var resumeConfig = TrainConfig()
        resumeConfig.resume = true
        resumeConfig.out = b
        let effective = try #require(try Trainer.resolveResume(resumeConfig, explicit: ["resume", "out"], runDir: b)).0
        #expect(effective.steps == 30 && effective.nEmbd == 16 && effective.threads == 2)
        let second = try Trainer(config: resumeConfig, explicit: ["resume", "out"], data: try Self.prepare(effective, b), runDir: b)
        #expect(second.step == 10)
        _ = try second.run()

        let ma = try Self.metrics(a), mb = try Self.metrics(b)
        #expect(ma.count == 31)
        #expect(ma == mb)
        for (p, q) in zip(whole.model.parameters, second.model.parameters) { #expect(p.value.values == q.value.values, "\(p.name)") }
    }

    /// Same configuration, same seed, same threads: the same numbers, twice.
    @Test func runsAreReproducible() throws {
        let a = try temporaryDirectory(), b = try temporaryDirectory()
        let data = try Self.prepare(Self.tinyConfig(a), a)
        _ = try Trainer(config: Self.tinyConfig(a), data: data, runDir: a).run()
        _ = try Trainer(config: Self.tinyConfig(b), data: data, runDir: b).run()
        #expect(try Self.metrics(a) == Self.metrics(b))
    }

    /// A scripted validation curve (best at step 10, worse at 15 and 20) with patience 2: the
    /// run stops at step 20 and its final model is step 10's weights, not the last ones. A
    /// resumed run that had stopped stays stopped.
    @Test func earlyStoppingRestoresTheBestWeights() throws {
        let dir = try temporaryDirectory()
        var c = Self.tinyConfig(dir)
        c.patience = 2
        let data = try Self.prepare(c, dir)
        let losses: [Int: Float] = [5: 3.0, 10: 2.5, 15: 2.6, 20: 2.7]
        let trainer = try Trainer(config: c, data: data, runDir: dir)
        trainer.validationLossOverride = { losses[$0] ?? 9 }
        let summary = try trainer.run()
        #expect(summary.stoppedEarly && summary.steps == 20 && summary.bestStep == 10)
        let best = try Checkpoint.load(dir + "/checkpoints/best-step000010.safetensors")
        let last = try Checkpoint.load(dir + "/checkpoints/last.safetensors")
        #expect(last.checkpoint.step == 20)
        let (final, meta) = try GPT.load(from: summary.modelPath)
        #expect(meta["step"] == "10")
        for (p, q) in zip(final.parameters, best.model.parameters) { #expect(p.value.values == q.value.values, "\(p.name)") }
        #expect(zip(final.parameters, last.model.parameters).contains { $0.value.values != $1.value.values })   // not the last weights

        var again = c
        again.resume = true
        let resumed = try Trainer(config: again, explicit: ["resume"], data: data, runDir: dir)
        #expect(resumed.stoppedEarly)
        let s2 = try resumed.run()
        #expect(s2.steps == 20 && s2.stoppedEarly)
        #expect(try Self.metrics(dir).count == 21)
    }

    /// The batches do not depend on the number of workers: with dropout off, one and two
    /// workers see the same data, so their losses agree to rounding.
    @Test func batchesDoNotDependOnThreads() throws {
        let a = try temporaryDirectory(), b = try temporaryDirectory()
        var c1 = Self.tinyConfig(a), c2 = Self.tinyConfig(b)
        c1.dropout = 0; c2.dropout = 0; c1.threads = 1; c2.threads = 2; c1.steps = 8; c2.steps = 8
        let data = try Self.prepare(c1, a)
        _ = try Trainer(config: c1, data: data, runDir: a).run()
        _ = try Trainer(config: c2, data: data, runDir: b).run()
        let l1 = try Self.metrics(a).dropFirst().map { Float($0.split(separator: ",")[1])! }
        let l2 = try Self.metrics(b).dropFirst().map { Float($0.split(separator: ",")[1])! }
        for (x, y) in zip(l1, l2) { #expect(abs(x - y) < 1e-4, "\(l1) vs \(l2)") }
    }

    @Test func keepBestKeepsTheKLowest() throws {
        let dir = try temporaryDirectory()
        var c = Self.tinyConfig(dir)
        c.keepBest = 2
        c.saveEvery = 10
        let data = try Self.prepare(c, dir)
        _ = try Trainer(config: c, data: data, runDir: dir).run()
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/checkpoints").sorted()
        #expect(files.filter { $0.hasPrefix("best-step") }.count == 2)
        #expect(files.contains("last.safetensors") && files.contains("step-000010.safetensors") && files.contains("step-000030.safetensors"))
        #expect(!files.contains { $0.hasSuffix(".tmp") })
    }

    @Test func damagedOrMismatchedCheckpointsAreRefused() throws {
        let dir = try temporaryDirectory()
        var c = Self.tinyConfig(dir)
        c.steps = 10
        let data = try Self.prepare(c, dir)
        _ = try Trainer(config: c, data: data, runDir: dir).run()
        let last = dir + "/checkpoints/last.safetensors"
        var resume = c
        resume.resume = true
        // a different learning rate asked for explicitly
        var other = resume
        other.lr = 0.5
        #expect(throws: LabError.self) { try Trainer(config: other, explicit: ["lr", "resume"], data: data, runDir: dir) }
        // other data
        var otherData = c
        otherData.lang = .zh
        let zh = try Self.prepare(otherData, dir)
        #expect(throws: LabError.self) { try Trainer(config: resume, explicit: ["resume"], data: zh, runDir: dir) }
        // truncated, then garbage
        let bytes = try Data(contentsOf: URL(fileURLWithPath: last))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: last))
        let truncated = #expect(throws: LabError.self) { try Trainer(config: resume, explicit: ["resume"], data: data, runDir: dir) }
        #expect(truncated?.message.contains("last.safetensors") == true, "\(truncated?.message ?? "")")
        try Data("not a checkpoint".utf8).write(to: URL(fileURLWithPath: last))
        var from = c
        from.resumeFrom = last
        let garbage = #expect(throws: LabError.self) { try Trainer(config: from, explicit: ["resume-from"], data: data, runDir: dir) }
        #expect(garbage?.message.contains("not a valid safetensors") == true, "\(garbage?.message ?? "")")
        // nothing to resume from
        let empty = try temporaryDirectory()
        var nothing = Self.tinyConfig(empty)
        nothing.resume = true
        #expect(throws: LabError.self) { try Trainer(config: nothing, explicit: ["resume"], data: data, runDir: empty) }
    }
}

/// A command whose options are the training configuration, as 05-pretrain's are.
struct TrainCommand: CommandOptions {
    static let command = "t", abstract = ""
    var train = TrainConfig()
    static let fields = TrainConfig.fields.map { $0.within(\TrainCommand.train) }
    mutating func applyQuick() { train.applyQuick() }
    func validate() throws { try train.validate() }
}

struct TrainConfigTests {
    func parse(_ args: [String]) throws -> TrainConfig {
        guard case .options(let c, _) = try TrainCommand.parse(args) else { throw LabError("help") }
        return c.train
    }

    @Test func flagsFileAndDefaults() throws {
        let dir = try temporaryDirectory()
        try #"{"n_layer": 2, "lr": 0.002, "bias": false, "seed": 7}"#.write(toFile: dir + "/c.json", atomically: true, encoding: .utf8)
        let c = try parse(["--config", dir + "/c.json", "--lr", "0.003", "--no-tied", "--norm=post"])
        #expect(c.nLayer == 2 && c.lr == 0.003 && !c.bias && !c.tied && c.norm == .post && c.seed == 7)   // flags win
        #expect(c.nHead == TrainConfig().nHead)
        let q = try parse(["--quick", "--steps", "7"])
        #expect(q.nLayer == 2 && q.steps == 7)                                    // --quick, then flags
        guard case .help(let text) = try TrainCommand.parse(["--help"]) else { Issue.record("no help"); return }
        for f in TrainConfig.fields { #expect(text.contains("--\(f.name)")) }
        #expect(text.contains("(default: 0.001)"))
    }

    @Test(arguments: [
        (["--no-such"], "unknown option '--no-such'"),
        (["--lr", "fast"], "--lr needs a number"),
        (["--n-embd", "30", "--n-head", "4"], "does not split"),
        (["--norm", "middle"], "one of pre, post"),
        (["--steps"], "needs a value"),
        (["stray"], "unexpected argument"),
        (["--dropout", "1.5"], "--dropout must be"),
        (["--tokenizer-file", "x.bpe"], "use it with --tokenizer bpe"),
    ])
    func badCommandLinesAreOneLineErrors(args: [String], message: String) {
        do { _ = try parse(args); Issue.record("accepted \(args)") } catch {
            #expect("\(error)".contains(message), "\(error)")
            #expect(!"\(error)".contains("\n"))
        }
    }

    @Test func badConfigFilesNameTheKey() throws {
        let dir = try temporaryDirectory()
        try #"{"n_layers": 2}"#.write(toFile: dir + "/a.json", atomically: true, encoding: .utf8)
        try #"{"lr": "fast"}"#.write(toFile: dir + "/b.json", atomically: true, encoding: .utf8)
        try "{".write(toFile: dir + "/c.json", atomically: true, encoding: .utf8)
        for (file, message) in [("a", "unknown option 'n_layers'"), ("b", "'lr' must be a number"), ("c", "not valid JSON")] {
            do { _ = try parse(["--config", dir + "/\(file).json"]); Issue.record("accepted \(file)") } catch {
                #expect("\(error)".contains(message) && "\(error)".contains("\(file).json"), "\(error)")
            }
        }
    }

    /// The JSON of a config reads back to the same config (checkpoints rely on it).
    @Test func jsonRoundTrips() throws {
        var c = TrainConfig()
        c.lr = 3e-4; c.seed = UInt64.max; c.data = "x.txt"; c.norm = .post
        var d = TrainConfig()
        try d.apply(c.json, source: "test")
        #expect(c == d)
    }
}

struct TokenizedCorpusTests {
    @Test func cachedUntilTheCorpusChanges() throws {
        let dir = try temporaryDirectory()
        try String(repeating: "the quick brown fox jumps over the lazy dog\n", count: 40).write(toFile: dir + "/a.txt", atomically: true, encoding: .utf8)
        var c = TrainConfig()
        c.data = dir + "/a.txt"
        let first = try TokenizedCorpus.prepare(c, cacheDir: dir + "/cache")
        let second = try TokenizedCorpus.prepare(c, cacheDir: dir + "/cache")
        #expect(!first.fromCache && second.fromCache)
        #expect(first.train == second.train && first.val == second.val && first.key == second.key)
        try (String(repeating: "the quick brown fox jumps over the lazy cat\n", count: 40)).write(toFile: dir + "/a.txt", atomically: true, encoding: .utf8)
        let changed = try TokenizedCorpus.prepare(c, cacheDir: dir + "/cache")
        #expect(!changed.fromCache && changed.key != first.key)
        c.tokenizer = .bpe; c.vocabSize = 300
        let bpe = try TokenizedCorpus.prepare(c, cacheDir: dir + "/cache")
        #expect(!bpe.fromCache && bpe.tokenizer.kind == "bpe")
        // a damaged cache file is rebuilt, not trusted
        let cacheFile = dir + "/cache/\(bpe.key).train.bin"
        try Data("junk".utf8).write(to: URL(fileURLWithPath: cacheFile))
        let rebuilt = try TokenizedCorpus.prepare(c, cacheDir: dir + "/cache")
        #expect(!rebuilt.fromCache && rebuilt.train == bpe.train)
    }
}

struct TokenFileTests {
    @Test func roundTripAndBadHeaders() throws {
        let dir = try temporaryDirectory()
        let tokens: [Int32] = [0, 1, 65535, 300, 7]
        try TokenFile.write(tokens, to: dir + "/t.bin")
        #expect(try TokenFile.read(dir + "/t.bin") == tokens)
        let good = try Data(contentsOf: URL(fileURLWithPath: dir + "/t.bin"))
        var badMagic = good; badMagic[0] = 1
        var badVersion = good; badVersion[4] = 2
        for (i, (data, message)) in [(badMagic, "not an llm.c token file"), (badVersion, "version 2"),
                                     (good.prefix(good.count - 2), "truncated"), (good.prefix(100), "too short")].enumerated() {
            try data.write(to: URL(fileURLWithPath: dir + "/b\(i).bin"))
            let e = #expect(throws: LabError.self) { try TokenFile.read(dir + "/b\(i).bin") }
            #expect(e?.message.contains(message) == true, "\(e?.message ?? "")")
        }
        #expect(throws: LabError.self) { try TokenFile.write([70000], to: dir + "/x.bin") }
    }
}
