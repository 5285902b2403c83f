// swift-tools-version:6.0
import PackageDescription
import Foundation

// The numerical core is compiled with optimisation even in a plain (debug) `swift run`:
// measured on the development machine, a layer-norm loop runs 14x faster this way.
// Lessons stay debug builds so they compile fast and read like notebooks.
// Debug builds (swift run, swift test) use -O, which keeps every precondition; release builds
// (benchmarks, `swift run -c release`) use -Ounchecked, measured 10–20% faster on attention and
// training steps. User input is validated with thrown errors, never by preconditions.
let optimised: [SwiftSetting] = [
    .unsafeFlags(["-O"], .when(configuration: .debug)),
    .unsafeFlags(["-Ounchecked"], .when(configuration: .release)),
] + vectorUnits

// SIMD8<Float> and the loops the compiler vectorises use 4-wide SSE unless the build targets a
// newer x86 CPU. On a Linux x86-64 machine whose processor has every extension Haswell added
// (AVX2, FMA, BMI1/2, LZCNT, MOVBE, F16C), the core is compiled for Haswell, as llm.c's Makefile
// uses -march=native: 8-wide vectors. The arithmetic is unchanged (Swift never fuses a multiply
// and an add by itself), so results are the same bit for bit. Like -march=native, the binaries
// then need such a CPU: build on the machine that runs them. On Linux x86-64,
// LLMLAB_TARGET_CPU=generic turns this off and any other value names the CPU
// (`swiftc -target-cpu help` lists them); other platforms keep the compiler's default.
var vectorUnits: [SwiftSetting] {
    #if arch(x86_64) && os(Linux)
    let requested = ProcessInfo.processInfo.environment["LLMLAB_TARGET_CPU"]
    if requested == "generic" { return [] }
    if let cpu = requested, !cpu.isEmpty { return [.unsafeFlags(["-target-cpu", cpu])] }
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
    else { return [] }
    let flags = Set(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init))
    let haswell: Set = ["avx", "avx2", "fma", "bmi1", "bmi2", "abm", "movbe", "f16c"]
    return haswell.isSubset(of: flags) ? [.unsafeFlags(["-target-cpu", "haswell"])] : []
    #else
    return []
    #endif
}

/// A lesson: product `NN-name` over target `LessonNNName` in `Sources/Lessons/NN-name`.
func lesson(_ product: String, _ target: String) -> (Product, Target) {
    (.executable(name: product, targets: [target]),
     .executableTarget(name: target, dependencies: ["LLMLab"], path: "Sources/Lessons/\(product)"))
}

/// A layer of the core: target `name` in `Sources/Shared/<directory>`.
func layer(_ name: String, _ directory: String, _ dependencies: [Target.Dependency]) -> Target {
    .target(name: name, dependencies: dependencies, path: "Sources/Shared/\(directory)", swiftSettings: optimised)
}

let lessons = [
    lesson("01-tokenizer", "Lesson01Tokenizer"),
    lesson("02-attention", "Lesson02Attention"),
    lesson("03-backprop", "Lesson03Backprop"),
    lesson("04-adam", "Lesson04Adam"),
    lesson("05-pretrain", "Lesson05Pretrain"),
    lesson("06-gpt2", "Lesson06GPT2"),
    lesson("07-finetune", "Lesson07Finetune"),
    lesson("08-chat", "Lesson08Chat"),
]

let package = Package(
    name: "LLMLab",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "LLMLab", targets: ["LLMLab"]),
        .executable(name: "weave", targets: ["Weave"]),
        .executable(name: "bench", targets: ["Bench"]),
        .executable(name: "segment", targets: ["Segment"]),
        .executable(name: "experiment", targets: ["ExperimentRunner"]),
        .executable(name: "convert", targets: ["Convert"]),
        .executable(name: "attention", targets: ["AttentionTool"]),
    ] + lessons.map(\.0),
    dependencies: [],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // The core, in layers under Sources/Shared/: each target depends only on layers listed
        // before it, so a backward dependency does not compile (docs/architecture.md).
        layer("LabBase", "Base", ["COpenBLAS"]),
        layer("LabText", "Text", ["LabBase"]),
        layer("LabNN", "NN", ["LabBase", "LabText"]),
        layer("LabOptim", "Optim", ["LabBase", "LabNN"]),
        layer("LabFormats", "Formats", ["LabBase", "LabText", "LabNN"]),
        layer("LabReport", "Report", ["LabBase"]),
        layer("LabTrain", "Train", ["LabBase", "LabText", "LabNN", "LabOptim", "LabFormats", "LabReport"]),
        layer("LabChat", "Chat", ["LabBase", "LabText", "LabNN"]),
        layer("LabExperiments", "Experiments", ["LabBase", "LabTrain"]),
        // What lessons and tools import: every layer, plus the lesson harness (common options,
        // the run directory, one-line failures).
        layer("LLMLab", "LLMLab", ["LabBase", "LabText", "LabNN", "LabOptim", "LabFormats", "LabReport", "LabTrain",
                                   "LabChat", "LabExperiments"]),
        .executableTarget(name: "Weave", dependencies: ["LLMLab"], path: "Sources/Tools/weave"),
        .executableTarget(name: "Segment", dependencies: ["LLMLab"], path: "Sources/Tools/segment"),
        .executableTarget(name: "Convert", dependencies: ["LLMLab"], path: "Sources/Tools/convert"),
        .executableTarget(name: "AttentionTool", dependencies: ["LLMLab"], path: "Sources/Tools/attention"),
        .executableTarget(name: "ExperimentRunner", dependencies: ["LLMLab"], path: "Sources/Tools/experiment"),
        .executableTarget(name: "Bench", dependencies: ["LLMLab"], path: "Sources/Tools/bench",
                          swiftSettings: optimised),
        .testTarget(name: "SharedTests", dependencies: ["LLMLab"], exclude: ["Fixtures"]),
    ] + lessons.map(\.1)
)
