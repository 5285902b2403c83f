import Foundation
import LabBase
import LabReport
import LabTrain

/// The options every lesson takes (README, "What every lesson accepts"). A lesson's options
/// hold them and list their fields among its own:
///
///     struct Options: CommandOptions {
///         var common = CommonOptions()
///         var vocabSize = 512
///         static let fields = CommonOptions.fields(\Options.common) + [.init("vocab-size", "…", \.vocabSize)]
///     }
public struct CommonOptions: Equatable, Sendable {
    /// Directory for everything the run writes; default: runs/<lesson>/, plots in plots/<lesson>/.
    public var out: String?
    /// Seed of the run's one random generator.
    public var seed: UInt64 = 1337
    /// Threads for BLAS and worker loops (recorded in run.json).
    public var threads = 1
    /// A tiny configuration that finishes in seconds (used by CI).
    public var quick = false

    public init() {}

    /// The four fields, for options that hold these at `path`.
    public static func fields<Root>(_ path: WritableKeyPath<Root, CommonOptions> & Sendable) -> [OptionField<Root>] {
        let own: [OptionField<CommonOptions>] = [
            .init("out", "directory for everything the run writes (CSV, run.json, plots, checkpoints); default: runs/<lesson>/, plots in plots/<lesson>/", \.out),
            .init("seed", "seed of the run's one random generator", \.seed),
            .init("threads", "threads for BLAS and worker loops (recorded in run.json)", \.threads),
            .init("quick", "a tiny configuration that finishes in seconds (used by CI)", \.quick),
        ]
        return own.map { $0.within(path) }
    }

    public func validate() throws {
        guard (1...256).contains(threads) else { throw LabError("--threads must be between 1 and 256, got \(threads)") }
    }
}

extension TrainConfig {
    /// The options every lesson takes, as this configuration sets them.
    public var common: CommonOptions {
        var c = CommonOptions()
        c.out = out
        c.seed = seed
        c.threads = threads
        c.quick = quick
        return c
    }
}

/// Stops the program with a one-line message and a non-zero exit, never a trap or a trace.
/// A lesson run under way is marked failed in its `run.json`, with the message.
public func fail(_ message: String, code: Int32 = 1) -> Never {
    let line = LabError(message).message                  // line breaks shown as \n: one line
    LessonRun.current?.markFailed(line)
    FileHandle.standardError.write(Data("error: \(line)\n".utf8))
    exit(code)
}

/// Evaluates `body`; if it throws, prints `error: <what went wrong>` and exits with status 1.
/// Lessons are top-level notebooks, where an uncaught error would trap: they wrap each step
/// that can fail on bad input, e.g. `let corpus = must(try Corpus.load(path))`.
public func must<T>(_ body: @autoclosure () throws -> T) -> T {
    do { return try body() } catch { fail(String(describing: error)) }
}

/// Where a lesson's run writes, and its manifest.
///
/// With `--out DIR` everything goes to DIR; otherwise data (CSV, run.json, checkpoints) goes to
/// `runs/<lesson>/` and plots to `plots/<lesson>/`, which the docs show.
public final class LessonRun {
    public let lesson: String
    public let runDir: String
    public let plotDir: String
    public let seed: UInt64
    public let threads: Int
    public private(set) var manifest: RunManifest
    public let plotter: Plotter

    /// The run in progress, so `fail` can mark it failed.
    nonisolated(unsafe) public static var current: LessonRun?

    /// `plotDir` overrides where plots go (a lesson command with its own default run directory
    /// still draws into `plots/<lesson>/`).
    public init(lesson: String, common: CommonOptions, config: [String: JSONValue], plotDir: String? = nil) throws {
        self.lesson = lesson
        runDir = common.out ?? "runs/\(lesson)"
        self.plotDir = plotDir ?? common.out ?? "plots/\(lesson)"
        seed = common.seed
        BLAS.threads = common.threads
        threads = BLAS.threads          // what OpenBLAS accepted (it caps at its build's maximum)
        if threads != common.threads { print("  note: OpenBLAS runs at most \(threads) threads; using \(threads)") }
        var all = config
        all["out"] = common.out.map(JSONValue.string) ?? .null
        all["quick"] = .bool(common.quick)
        manifest = RunManifest(path: runDir + "/run.json", lesson: lesson, config: all, seed: seed, threads: threads)
        plotter = Plotter()
        try Files.createDirectory(runDir)
        try Files.createDirectory(self.plotDir)
        try manifest.write()
        LessonRun.current = self
    }

    func markFailed(_ message: String) {
        try? manifest.finish(results: ["error": .string(message)], status: "failed")
        LessonRun.current = nil
    }

    public func path(_ name: String) -> String { runDir + "/" + name }
    public func plotPath(_ name: String) -> String { plotDir + "/" + name }

    /// A metrics CSV in the run directory.
    public func csv(_ name: String, columns: [String]) throws -> CSVWriter {
        try CSVWriter(path: path(name), columns: columns)
    }

    /// Replaces the recorded configuration (when it is only known after the run is set up).
    public func record(config: JSONValue) throws {
        manifest.fields["config"] = config
        try manifest.write()
    }

    public func finish(results: [String: JSONValue]) throws {
        try manifest.finish(results: results)
        LessonRun.current = nil
    }
}
