// weave — turns a lesson's source into its docs chapter.
//
//     swift run weave 01-tokenizer              # run the lesson, write docs/01-tokenizer.md
//     swift run weave 01-tokenizer -- --data F  # pass options to the lesson
//     swift run weave --check                   # every chapter's prose and code still match its source,
//                                               # and its prose's numbers are the ones its run printed
//
// A lesson's `main.swift` is its notebook: `//:` lines are Markdown prose, everything else is
// Swift. The chapter is that source, prose as prose and code as Swift blocks, with the output of
// a real run placed under the section that printed it: the lesson prints `── Title ───` (via
// `Narrative.section`) and the output up to the next such line goes at the end of the
// `//: ## Title` section. Lines `plot: path.png` in the output become images. Plots are written
// by the lesson to plots/<lesson>/, which the chapter links to.
//
// A prose line `//: <<< Sources/Shared/NN/LayerNorm.swift: public func backward` brings in
// that function of the core (from its doc comment to its closing brace), so a chapter can show
// the code its prose explains; `--check` notices when that code changes.
//
// Every number the prose states must be one the run printed. `--check` (and, as a warning,
// weaving itself) reads each `## ` section of each chapter and takes the numbers in its prose:
// not in code blocks (fenced or indented), output blocks, `code spans`, link targets, image
// lines, the `> Woven by` line or an included function. Of those, the claims are decimals
// (1.961, 3e-3), percentages (58.0%), multipliers (1.5×), integers of three or more digits or
// with thousands separators (808,448), and numbers with a unit (78 ms, 2.4 GB); not claims are
// smaller integers (lesson 04, 12 layers), years (2003), integers with a scale letter, which
// name model sizes (124M), and numbers inside words or formulas (GPT-2, 01-tokenizer, 1/√d,
// 2·layers, 0.95^t, 2026-11-21, 0.42.1). Signs are ignored. A claim holds when the output or
// the code (its constants) of its own section has it, rounded to the claim's precision:
// "1.96" is 1.9610, "90%" is 90.0% (or a constant 0.9), "808,448" is 808448, "1.15 s" is
// 1148 ms, "2.2M" is 2203456; a printed number less precise than the claim ("8" for "8.0")
// does not hold it, a constant in code does. Failing that, the output or code of any section
// of the chapter, so a summary may cite an earlier section; there the number must also carry
// the claim's unit and scale (a table in the claim's own section may name its unit in a
// header instead), so "1.5 GB" is not any 1.52 the run printed. A number that honestly comes
// from elsewhere (a measurement made with a documented command, on another corpus) is listed
// in an HTML comment anywhere in its section's prose, invisible in the rendered chapter:
//
//     //: <!-- measured elsewhere: 3.9 236 8.0 12 -->
//
// (the numbers as the prose writes them, without units; listing one the section's prose does
// not state is an error too). The rules are implemented in ProseNumbers.swift.
import Foundation
import LLMLab

struct Weave: CommandOptions {
    static let command = "weave"
    static let abstract = "Build docs/<lesson>.md from a lesson's literate source and a real run of it."

    var lesson: String?
    var check = false
    var lessonArguments: [String] = []

    static let fields: [OptionField<Weave>] = [
        OptionField("lesson", "the lesson, e.g. 01-tokenizer (a folder of Sources/Lessons)", \.lesson).with(placement: .positional),
        .init("check", "check, without running anything, that every chapter's prose and code equal its lesson's source and every number its prose states is one its run printed", \.check),
        OptionField("lesson-options", "options passed to the lesson", \.lessonArguments).with(placement: .rest),
    ]

    func validate() throws {
        if !check && lesson == nil { throw LabError("name a lesson (e.g. weave 01-tokenizer) or pass --check") }
        if lessonArguments.contains(where: { $0 == "--out" || $0.hasPrefix("--out=") }) {
            throw LabError("do not pass --out: the chapter shows the plots the lesson writes to plots/<lesson>/")
        }
    }

    func run() throws {
        try goToPackageRoot()
        if check {
            try checkAll()
            return
        }
        let lesson = lesson!
        let sourcePath = "Sources/Lessons/\(lesson)/main.swift"
        let source = try Files.readUTF8(sourcePath)
        let output = try runLesson(lesson, arguments: lessonArguments)
        let chapter = weave(source: source, lesson: lesson, output: output)
        if let missing = missingInclude(chapter) { throw LabError("\(sourcePath): \(missing)") }
        let unprinted = proseNumberProblems(chapter, path: "docs/\(lesson).md")
        try Files.writeAtomically(chapter, to: "docs/\(lesson).md")
        print("wrote docs/\(lesson).md (\(chapter.split(separator: "\n").count) lines) from \(sourcePath) and a real run")
        if !unprinted.isEmpty {
            warn("the prose states \(unprinted.count) number\(unprinted.count == 1 ? "" : "s") this run did not print " +
                 "(weave --check will fail until the prose or the lesson changes):\n" + unprinted.joined(separator: "\n"))
        }
    }

    /// Builds the lesson and runs it from the package root, capturing what it prints.
    func runLesson(_ lesson: String, arguments: [String]) throws -> String {
        guard shell(["swift", "build", "--product", lesson]) != nil else { throw LabError("could not build \(lesson)") }
        guard let bin = shell(["swift", "build", "--show-bin-path"]) else { throw LabError("could not find the build directory") }
        print("running \(lesson) \(arguments.joined(separator: " "))")
        guard let out = shell([bin + "/" + lesson] + arguments, direct: true) else { throw LabError("\(lesson) failed") }
        return out
    }

    /// Every docs/NN-name.md whose lesson exists must have the prose and code of the source.
    func checkAll() throws {
        let lessons = try FileManager.default.contentsOfDirectory(atPath: "Sources/Lessons").sorted()
        var stale: [String] = []
        var unprinted: [String] = []
        for lesson in lessons {
            let docPath = "docs/\(lesson).md"
            guard let doc = try? Files.readUTF8(docPath) else { stale.append("\(docPath) is missing"); continue }
            unprinted += proseNumberProblems(doc, path: docPath)
            let expected = weave(source: try Files.readUTF8("Sources/Lessons/\(lesson)/main.swift"), lesson: lesson, output: "")
            if let missing = missingInclude(expected) { stale.append("Sources/Lessons/\(lesson)/main.swift: \(missing)"); continue }
            if strip(doc) != strip(expected) { stale.append("\(docPath) does not match Sources/Lessons/\(lesson)/main.swift") }
        }
        // one line per prose number, then the one-line error
        fflush(nil)                 // what stdout holds comes first
        for problem in unprinted { FileHandle.standardError.write(Data((problem + "\n").utf8)) }
        var failures = stale.isEmpty ? [] : [stale.joined(separator: "; ") + " (re-run: swift run weave <lesson>)"]
        if !unprinted.isEmpty {
            failures.append("the prose disagrees with the run's output in \(unprinted.count) place\(unprinted.count == 1 ? "" : "s") (listed above: " +
                            "make the lesson print it, correct the prose and re-weave, or list it in a " +
                            "<!-- \(exemptionMarker) ... --> line of its section)")
        }
        guard failures.isEmpty else { throw LabError(failures.joined(separator: "; ")) }
        print("docs are current: \(lessons.joined(separator: ", "))")
    }
}

/// Moves to the nearest directory at or above the current one that holds Package.swift, so
/// `weave` works from anywhere inside the checkout.
func goToPackageRoot() throws {
    var dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
        guard dir.pathComponents.count > 1 else { throw LabError("not inside the LLM Lab package (no Package.swift above \(FileManager.default.currentDirectoryPath))") }
        dir.deleteLastPathComponent()
    }
    guard FileManager.default.changeCurrentDirectoryPath(dir.path) else { throw LabError("cannot change to \(dir.path)") }
}

/// One piece of a notebook: prose or code.
enum Cell { case prose(String), code(String) }

/// Splits a lesson's source into prose (`//:` lines) and code cells.
func cells(_ source: String) -> [Cell] {
    var result: [Cell] = []
    var prose: [String] = [], code: [String] = []
    func flushCode() {
        while code.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { code.removeFirst() }
        while code.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { code.removeLast() }
        if !code.isEmpty { result.append(.code(code.joined(separator: "\n"))) }
        code = []
    }
    func flushProse() {
        if !prose.isEmpty { result.append(.prose(prose.joined(separator: "\n"))) }
        prose = []
    }
    for line in source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("//:") {
            flushCode()
            var text = String(trimmed.dropFirst(3))
            if text.hasPrefix(" ") { text.removeFirst() }
            prose.append(text)
        } else {
            flushProse()
            code.append(line)
        }
    }
    flushCode()
    flushProse()
    return result
}

/// The lesson's output cut at its section rules: (title or nil for the preamble, text).
func outputSections(_ output: String) -> [(String?, [String])] {
    var sections: [(String?, [String])] = [(nil, [])]
    for line in output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        if line.hasPrefix("── "), line.hasSuffix("─"), let title = sectionTitle(line) {
            sections.append((title, []))
        } else {
            sections[sections.count - 1].1.append(line)
        }
    }
    return sections
}

func sectionTitle(_ rule: String) -> String? {
    let body = rule.dropFirst(3)
    guard let end = body.range(of: " ─", options: .backwards) else { return nil }
    var title = String(body[..<end.lowerBound])
    while title.hasSuffix("─") { title.removeLast() }
    return title.trimmingCharacters(in: .whitespaces)
}

/// The chapter: prose and code in source order; after the last cell of each `## Title` section,
/// that section's output (and its plots).
func weave(source: String, lesson: String, output: String) -> String {
    let outs = outputSections(output)
    var used = Set<Int>()
    func outputBlock(for title: String?) -> String {
        guard let i = outs.indices.first(where: { outs[$0].0 == title && !used.contains($0) }) else { return "" }
        used.insert(i)
        var lines = outs[i].1
        while lines.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeFirst() }
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        guard !lines.isEmpty else { return "" }
        var images: [String] = []
        for line in lines {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("plot: "), t.hasSuffix(".png") {
                let path = String(t.dropFirst(6))
                let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
                images.append("![\(name)](../\(path))")
            }
        }
        return "\n```output\n" + lines.joined(separator: "\n") + "\n```\n" + images.map { "\n" + $0 + "\n" }.joined()
    }

    var doc = ""
    var current: String? = nil
    var first = true
    for cell in cells(source) {
        switch cell {
        case .prose(let text):
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) where line.hasPrefix("## ") {
                doc += outputBlock(for: current)
                current = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
            }
            doc += "\n" + expandIncludes(text) + "\n"
            if first {
                doc += "\n" + provenance(lesson: lesson) + "\n"
                first = false
            }
        case .code(let text):
            doc += "\n```swift\n" + text + "\n```\n"
        }
    }
    doc += outputBlock(for: current)
    // Output under titles the source has no heading for, so nothing printed is lost.
    let leftover = outs.indices.filter { !used.contains($0) && !outs[$0].1.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
    if !leftover.isEmpty {
        doc += "\n## Output without a matching section\n"
        for i in leftover { doc += outputBlock(for: outs[i].0) }
    }
    return String(doc.drop { $0 == "\n" })
}

/// Replaces `<<< path: signature` lines with the named function's source as a Swift block.
func expandIncludes(_ prose: String) -> String {
    prose.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
        guard line.hasPrefix("<<< "), let colon = line.firstIndex(of: ":") else { return String(line) }
        let path = line[line.index(line.startIndex, offsetBy: 4)..<colon].trimmingCharacters(in: .whitespaces)
        let signature = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard let source = try? Files.readUTF8(path) else { return "**missing include: \(path)**" }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard var start = lines.firstIndex(where: { $0.contains(signature) }) else { return "**missing include: \(signature) in \(path)**" }
        let first = start
        while start > 0 && lines[start - 1].trimmingCharacters(in: .whitespaces).hasPrefix("///") { start -= 1 }
        // the body ends where the brace left open at the end of a line closes; braces that open
        // and close on one line (a default closure in the signature) do not end it, but a
        // declaration on one line ends with that line
        var depth = 0, end = first, opened = false
        for i in first..<lines.count {
            depth += lines[i].filter { $0 == "{" }.count - lines[i].filter { $0 == "}" }.count
            end = i
            if depth > 0 { opened = true }
            if opened && depth == 0 { break }
            if !opened && lines[i].trimmingCharacters(in: .whitespaces).hasSuffix("}") { break }
        }
        let body = Array(lines[start...end])
        let indent = body.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        return "From [`\(path)`](../\(path)) (line \(first + 1)):\n\n```swift\n" + body.map { String($0.dropFirst(min(indent, $0.prefix { $0 == " " }.count))) }.joined(separator: "\n") + "\n```"
    }.joined(separator: "\n")
}

/// The first include that names a file or function that is not there, if any.
func missingInclude(_ chapter: String) -> String? {
    chapter.split(separator: "\n").first { $0.hasPrefix("**missing include: ") }
        .map { String($0.dropFirst(2).dropLast(2)) }
}

/// Where the chapter came from; stripped by `--check`, like the output it describes.
func provenance(lesson: String) -> String {
    "> Woven by `swift run weave \(lesson)` from [`Sources/Lessons/\(lesson)/main.swift`](../Sources/Lessons/\(lesson)/main.swift) " +
    "and the output of a real run, on \(Machine.cpuModel) (\(ProcessInfo.processInfo.activeProcessorCount) cores), " +
    "\(Machine.timestamp().prefix(10)). Edit the lesson, not this file."
}

/// A chapter without its run-dependent parts (output blocks, images, provenance line).
func strip(_ doc: String) -> String {
    var out: [Substring] = []
    var inOutput = false
    for line in doc.split(separator: "\n", omittingEmptySubsequences: true) {
        if line == "```output" { inOutput = true; continue }
        if inOutput { if line == "```" { inOutput = false }; continue }
        if line.hasPrefix("![") || line.hasPrefix("> Woven by") || line == "## Output without a matching section" { continue }
        out.append(line)
    }
    return out.joined(separator: "\n")
}

/// Prints `warning: <message>` to standard error.
func warn(_ message: String) {
    fflush(nil)                 // what stdout holds comes first
    FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
}

/// Runs a command; returns its standard output, or nil if it failed. `direct` runs the program
/// itself rather than through `env` lookup.
func shell(_ arguments: [String], direct: Bool = false) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: direct ? arguments[0] : "/usr/bin/env")
    process.arguments = direct ? Array(arguments.dropFirst()) : arguments
    let out = Pipe()
    process.standardOutput = out
    do { try process.run() } catch { return nil }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
}

do { try Weave.parseOrExit().options.run() } catch { fail(String(describing: error)) }
