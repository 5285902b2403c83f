import Foundation
import Testing

/// `weave --check`, run as CI runs it, on a one-lesson package made in a temporary directory:
/// it fails when a number in a chapter's prose is not what the run printed, and passes when
/// the prose agrees with the output (rounded), or lists the number as measured elsewhere.
struct WeaveCheckTests {
    /// The `weave` binary `swift build` put beside this test bundle (`swift test` builds it).
    static let weave: String? = builtBinary("weave")

    /// A package with one lesson, 01-demo, whose section "Counting" has the prose `prose`, and
    /// its chapter, in which the run printed `output` under that section.
    func package(prose: String, output: String) throws -> String {
        let root = try temporaryDirectory()
        let lessonDirectory = root + "/Sources/Lessons/01-demo"
        try FileManager.default.createDirectory(atPath: lessonDirectory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/docs", withIntermediateDirectories: true)
        try "// swift-tools-version:6.0\nimport PackageDescription\nlet package = Package(name: \"Demo\")\n"
            .write(toFile: root + "/Package.swift", atomically: true, encoding: .utf8)
        let proseLines = prose.split(separator: "\n").map { "//: " + $0 }.joined(separator: "\n")
        let source = """
            //: # Lesson 01 · Demo
            import LLMLab

            //: ## Counting
            \(proseLines)
            Narrative.section()
            countWords()

            """
        try source.write(toFile: lessonDirectory + "/main.swift", atomically: true, encoding: .utf8)
        let chapter = """
            # Lesson 01 · Demo

            > Woven by `swift run weave 01-demo` from a real run. Edit the lesson, not this file.

            ```swift
            import LLMLab
            ```

            ## Counting
            \(prose)

            ```swift
            Narrative.section()
            countWords()
            ```

            ```output
            \(output)
            ```

            """
        try chapter.write(toFile: root + "/docs/01-demo.md", atomically: true, encoding: .utf8)
        return root
    }

    /// Runs `weave --check` in `directory`: its exit status and standard error.
    func check(in directory: String) throws -> (status: Int32, errors: String) {
        try runBinary(try #require(Self.weave, "build weave first: swift build"), ["--check"], in: directory)
    }

    let output = "  words: 808448 (1.9610 per line)\n  short: 58.0% of them, counted in 1148 ms"

    @Test func failsOnAProseNumberTheRunDidNotPrint() throws {
        let root = try package(prose: "The run counts 808,448 words, 53% of them short.", output: output)
        let (status, errors) = try check(in: root)
        #expect(status != 0)
        #expect(errors.contains("docs/01-demo.md, section \"Counting\": prose says 53% but the run printed no such number"))
        #expect(!errors.contains("808,448"))
    }

    @Test func passesWhenTheProseAgreesWithTheOutputRounded() throws {
        let prose = """
            The run counts 808,448 words, 1.96 per line, and 58% of them are short
            (`wc -w` says `999`); counting took 1.15 s. Lesson 01, GPT-2 124M and 2026 are not claims.
            """
        let (status, errors) = try check(in: try package(prose: prose, output: output))
        #expect(status == 0, "\(errors)")
    }

    @Test func numbersMeasuredElsewhereAreListedInAComment() throws {
        let listed = try package(prose: "Elsewhere it took 3.9 min.\n<!-- measured elsewhere: 3.9 -->", output: output)
        let (status, errors) = try check(in: listed)
        #expect(status == 0, "\(errors)")
        // an exemption must name a number the section states
        let unused = try package(prose: "Elsewhere it took 3.9 min.\n<!-- measured elsewhere: 3.9 4.2 -->", output: output)
        let (unusedStatus, unusedErrors) = try check(in: unused)
        #expect(unusedStatus != 0)
        #expect(unusedErrors.contains("lists 4.2 but the prose states no such number"))
    }
}
