import Foundation
import Testing
import LLMLab

/// A command with one field of every kind the option system reads.
struct Sample: CommandOptions {
    enum Colour: String, OptionChoice { case red, green }
    static let command = "sample", abstract = "a test command"
    var file = ""
    var count = 3
    var shift = 0.5
    var colour = Colour.red
    var loud = true
    var quick = false
    var sizes = [1, 2]
    var names: [String] = []
    var rest: [String] = []
    var note: String?
    static let fields: [OptionField<Sample>] = [
        OptionField("file", "the input", \.file).with(placement: .positional, required: true),
        OptionField("count", "how many", \.count).with(aliases: ["n"]),
        .init("shift", "an offset", \.shift),
        .init("colour", "a choice", \.colour),
        .init("loud", "a switch", \.loud),
        .init("quick", "small", \.quick),
        .init("sizes", "numbers", \.sizes),
        .init("names", "words", \.names),
        .init("note", "a path", \.note),
        OptionField("rest", "passed on", \.rest).with(placement: .rest),
    ]
    mutating func applyQuick() { count = 1 }
    func validate() throws { guard count >= 0 else { throw LabError("--count must be ≥ 0") } }
}

struct OptionsTests {
    func parse(_ args: [String]) throws -> (Sample, Set<String>) {
        guard case .options(let o, let explicit) = try Sample.parse(args) else { throw LabError("help") }
        return (o, explicit)
    }

    @Test func everyKindOfField() throws {
        let (o, explicit) = try parse(["in.txt", "--n", "7", "--shift=-2.5", "--colour", "green", "--no-loud",
                                       "--sizes", "4", "5", "6", "--names", "a", "b", "--note", "x.txt", "--", "--raw", "y"])
        #expect(o.file == "in.txt" && o.count == 7 && o.shift == -2.5 && o.colour == .green && !o.loud)
        #expect(o.sizes == [4, 5, 6] && o.names == ["a", "b"] && o.note == "x.txt" && o.rest == ["--raw", "y"])
        #expect(explicit == ["file", "count", "shift", "colour", "loud", "sizes", "names", "note", "rest"])
        #expect(try parse(["f", "--shift", "-3"]).0.shift == -3)            // a negative number is a value
    }

    @Test func quickAppliesWhenItsFinalValueIsTrue() throws {
        #expect(try parse(["f", "--quick"]).0.count == 1)
        #expect(try parse(["f", "--quick", "--count", "5"]).0.count == 5)      // flags win over --quick
        #expect(try parse(["f", "--quick", "--no-quick"]).0.count == 3)
        let dir = try temporaryDirectory()
        try #"{"quick": true, "colour": "green"}"#.write(toFile: dir + "/c.json", atomically: true, encoding: .utf8)
        let (o, explicit) = try parse(["f", "--config", dir + "/c.json"])
        #expect(o.count == 1 && o.colour == .green && explicit.contains("colour"))
        #expect(try parse(["f", "--config", dir + "/c.json", "--no-quick"]).0.count == 3)
    }

    @Test(arguments: [
        ([] as [String], "give FILE"),
        (["f", "g"], "unexpected argument 'g'"),
        (["f", "--count"], "--count needs a value"),
        (["f", "--count", "many"], "--count needs a whole number"),
        (["f", "--colour", "blue"], "--colour must be one of red, green"),
        (["f", "--no-loud=true"], "--no-loud takes no value"),
        (["f", "--sizes", "x"], "'sizes' must be"),
        (["f", "--sizes"], "--sizes needs at least one value"),
        (["f", "--bogus"], "unknown option '--bogus'"),
        (["f", "--count", "-1"], "--count must be ≥ 0"),
        (["f", "--shift", "inf"], "--shift needs a number"),
    ])
    func badCommandLinesAreOneLine(args: [String], message: String) {
        do { _ = try parse(args); Issue.record("accepted \(args)") } catch {
            #expect("\(error)".contains(message), "\(error)")
            #expect(!"\(error)".contains("\n"))
        }
    }

    @Test func helpListsEveryOptionWithItsDefault() throws {
        guard case .help(let text) = try Sample.parse(["--help"]) else { Issue.record("no help"); return }
        for f in Sample.fields where f.placement == .named { #expect(text.contains("--\(f.name)")) }
        #expect(text.contains("USAGE: sample FILE [--<option> <value> ...] [-- REST ...]"))
        #expect(text.contains("the input (required)") && text.contains("(also --n)") && text.contains("numbers (default: 1 2)"))
        #expect(text.contains("--colour <red|green>") && text.contains("--loud / --no-loud"))
        #expect(text.contains("(default: 0.5)"))
    }

    @Test func jsonRoundTripsAndSetTakesText() throws {
        var o = Sample()
        o.count = 9; o.colour = .green; o.names = ["q"]; o.note = "n"
        var back = Sample()
        try back.apply(o.json, source: "test")
        #expect(back.count == 9 && back.colour == .green && back.names == ["q"] && back.note == "n")
        try back.set("shift", text: "0.25", source: ":set")
        #expect(back.shift == 0.25)
        #expect(throws: LabError.self) { try back.set("colour", text: "blue", source: ":set") }
    }
}
