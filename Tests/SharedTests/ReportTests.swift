import Foundation
import Testing
import LLMLab
@testable import LabReport

struct CSVTests {
    @Test func headerOnceRowsFlushedEmptyCellsForMissing() throws {
        let path = try temporaryDirectory() + "/m.csv"
        let csv = try CSVWriter(path: path, columns: ["step", "loss", "note"])
        try csv.row(["step": 1, "loss": Float(2.5)])
        // flushed: readable before the writer is closed
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "step,loss,note\n1,2.5,\n")
        try csv.row(["step": 2, "loss": Float(0.1), "note": "a, \"quoted\" note"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) ==
                "step,loss,note\n1,2.5,\n2,0.1,\"a, \"\"quoted\"\" note\"\n")
        #expect(throws: LabError.self) { try csv.row(["nope": 1]) }
    }

    @Test func readerReadsBackWhatTheWriterWrote() throws {
        let path = try temporaryDirectory() + "/r.csv"
        let csv = try CSVWriter(path: path, columns: ["turn", "token", "p"])
        let tokens = ["a, b", "\"", "line\nbreak", "你好", ""]
        for (i, t) in tokens.enumerated() { try csv.row(["turn": i, "token": t, "p": 0.5]) }
        let rows = CSVReader.rows(try String(contentsOfFile: path, encoding: .utf8))
        #expect(rows.first == ["turn", "token", "p"])
        #expect(rows.dropFirst().map { $0[1] } == tokens)
        #expect(rows.dropFirst().allSatisfy { $0.count == 3 && $0[2] == "0.5" })
    }

    @Test func appendKeepsTheHeaderAndRefusesAnotherOne() throws {
        let path = try temporaryDirectory() + "/m.csv"
        try CSVWriter(path: path, columns: ["a", "b"]).row(["a": 1, "b": 2])
        try CSVWriter(path: path, columns: ["a", "b"], append: true).row(["a": 3])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a,b\n1,2\n3,\n")
        #expect(throws: LabError.self) { try CSVWriter(path: path, columns: ["a", "c"], append: true) }
    }

    @Test func numbersRoundTripExactly() {
        let x: Float = 0.1 + 0.2
        #expect(Float(x.csvText) == x)
        #expect(Double.nan.csvText == "nan")
    }
}

struct ManifestTests {
    @Test func runJSONRecordsWhatARunWas() throws {
        let dir = try temporaryDirectory()
        var m = RunManifest(path: dir + "/run.json", lesson: "test", config: ["vocab_size": 512], seed: 42, threads: 2)
        try m.write()
        var json = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/run.json")))
        #expect(json["status"] == "running")
        #expect(json["seed"] == "42")
        #expect(json["threads"] == 2)
        #expect(json["config"]?["vocab_size"] == 512)
        #expect(json["versions"]?["openblas"]?.stringValue?.contains("OpenBLAS") == true)
        #expect(json["finished"] == .null)
        try m.finish(results: ["loss": 1.5])
        json = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/run.json")))
        #expect(json["status"] == "finished")
        #expect(json["results"]?["loss"] == 1.5)
        #expect(json["finished"]?.stringValue != nil)
        // no temporary files left behind
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["run.json"])
    }

    /// A NaN loss must not cost the run its manifest: JSON has no NaN, so it is written as "nan".
    @Test func nonFiniteResultsAreWrittenAsStrings() throws {
        let dir = try temporaryDirectory()
        var m = RunManifest(path: dir + "/run.json", lesson: "test", config: [:], seed: 1, threads: 1)
        try m.finish(results: ["loss": .double(.nan), "best": .double(.infinity)], status: "failed")
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/run.json")))
        #expect(json["results"]?["loss"] == "nan")
        #expect(json["results"]?["best"] == "inf")
        #expect(json["status"] == "failed")
    }
}

struct GnuplotTests {
    /// CI installs gnuplot, so there a missing PNG is a failure, not a skip.
    static let mustRender = ProcessInfo.processInfo.environment["CI"] != nil

    @Test func lineChartScriptIsSelfContainedAndRenders() throws {
        let dir = try temporaryDirectory()
        let csv = try CSVWriter(path: dir + "/m.csv", columns: ["step", "train_loss", "val_loss"])
        for s in 0..<20 {
            var row: [String: any CSVValue] = ["step": s, "train_loss": 3.0 / Double(s + 1)]
            if s % 5 == 0 { row["val_loss"] = 3.2 / Double(s + 1) }
            try csv.row(row)
        }
        let plotter = Plotter()
        let rendered = try plotter.lines(csv: dir + "/m.csv", x: "step",
                                         series: [.init("train_loss"), .init("val_loss", style: .linespoints)],
                                         to: dir + "/loss.png", title: "loss", ylabel: "loss")
        let script = try String(contentsOfFile: dir + "/loss.gp", encoding: .utf8)
        #expect(script.contains("$data << EOD\nstep,train_loss,val_loss\n0,3.0,3.2\n1,1.5,\n"))
        #expect(script.contains("using 'step':'val_loss'"))
        #expect(script.contains("set output 'loss.png'"))
        #expect(rendered == plotter.available)
        #expect(plotter.available || !Self.mustRender, "gnuplot is missing on CI")
        if plotter.available { #expect(try pngSize(dir + "/loss.png") == (900, 540)) }
        #expect(throws: LabError.self) {
            try plotter.lines(csv: dir + "/m.csv", x: "step", series: [.init("nope")], to: dir + "/x.png", title: "", ylabel: "")
        }
    }

    @Test func heatmapTakesAnyLabels() throws {
        let dir = try temporaryDirectory()
        let plotter = Plotter()
        let labels = ["我", "来到", "it's", "\"q\"", "↵"]
        let values = (0..<25).map { Float($0 % 6) / 5 }
        try plotter.heatmap(values, rows: 5, cols: 5, rowLabels: labels, colLabels: labels,
                            to: dir + "/h.png", title: "注意力 attention", xlabel: "key", ylabel: "query")
        let script = try String(contentsOfFile: dir + "/h.gp", encoding: .utf8)
        #expect(script.contains("set yrange [4.5:-0.5]"))            // row 0 at the top
        #expect(script.contains("'it''s' 2"))                        // quotes escaped
        #expect(script.contains("'来到' 1"))
        if plotter.available { #expect(FileManager.default.fileExists(atPath: dir + "/h.png")) }
    }

    /// The default legend sits under the plot area, where it cannot cover a curve; any other
    /// placement is passed through.
    @Test func legendGoesBelowThePlotUnlessPlacedElsewhere() throws {
        let dir = try temporaryDirectory()
        try "step,a,b\n0,1,0.001\n1,2,0.0001\n".write(toFile: dir + "/d.csv", atomically: true, encoding: .utf8)
        let plotter = Plotter()
        try plotter.lines(csv: dir + "/d.csv", x: "step", series: [.init("a"), .init("b")], to: dir + "/below.png",
                          title: "t", ylabel: "y", logY: true)
        let below = try String(contentsOfFile: dir + "/below.gp", encoding: .utf8)
        #expect(below.contains("set bmargin "))
        #expect(below.contains("set key at screen 0.5, screen "))
        #expect(below.contains("set logscale y"))
        #expect(below.contains("set offsets 0, 0, graph 0.04, graph 0.04"))   // headroom: nothing on the border
        try plotter.lines(csv: dir + "/d.csv", x: "step", series: [.init("a")], to: dir + "/inside.png",
                          title: "t", ylabel: "y", key: "top left", yrange: (0, 3))
        let inside = try String(contentsOfFile: dir + "/inside.gp", encoding: .utf8)
        #expect(inside.contains("set key top left box opaque"))
        #expect(inside.contains("set yrange [0.0:3.0]"))
        #expect(!inside.contains("set bmargin"))
        if plotter.available { #expect(FileManager.default.fileExists(atPath: dir + "/below.png")) }
    }

    /// One panel per group, a bar per row labelled by its text: quoted CSV fields (commas,
    /// quotes) and Chinese come through.
    @Test func barPanelsLabelEachBarWithItsText() throws {
        let dir = try temporaryDirectory()
        let csv = try CSVWriter(path: dir + "/p.csv", columns: ["turn", "position", "token", "probability"])
        let replies: [[(String, Float)]] = [[("H", 0.9), ("i", 0.5), (",", 0.25), ("<|end|>", 0.99)],
                                            [("你", 0.8), ("好", 0.7), ("'", 0.1), ("\"", 0.3), ("␣", 0.6)]]
        for (t, reply) in replies.enumerated() {
            for (i, (token, p)) in reply.enumerated() { try csv.row(["turn": t + 1, "position": i + 1, "token": token, "probability": p]) }
        }
        let plotter = Plotter()
        let rendered = try plotter.barPanels(csv: dir + "/p.csv", group: "turn", label: "token", value: "probability",
                                             to: dir + "/p.png", title: "probabilities", panelTitle: { "reply \($0)" },
                                             xlabel: "token", ylabel: "probability", yrange: (0, 1.05))
        let script = try String(contentsOfFile: dir + "/p.gp", encoding: .utf8)
        #expect(script.contains("set multiplot layout 2,1"))
        #expect(script.contains("set title 'reply 2'"))
        #expect(script.contains("set xtics ('H' 1, 'i' 2, ',' 3, '<|end|>' 4)"))
        #expect(script.contains("set xtics ('你' 1, '好' 2, \"'\" 3, '\"' 4, '␣' 5)"))
        #expect(script.contains("$p1 << EOD\n1 0.8\n2 0.7\n3 0.1\n4 0.3\n5 0.6\nEOD"))
        #expect(rendered == plotter.available)
        if plotter.available { #expect(FileManager.default.fileExists(atPath: dir + "/p.png")) }
        #expect(throws: LabError.self) {
            try plotter.barPanels(csv: dir + "/p.csv", group: "turn", label: "nope", value: "probability",
                                  to: dir + "/x.png", title: "", xlabel: "", ylabel: "")
        }
    }

    @Test func heatmapGridHasOneColourScale() throws {
        let dir = try temporaryDirectory()
        let plotter = Plotter()
        let labels = ["a", "␣", "你", "↵"]
        let panels = (0..<4).map { h in ("head \(h)", (0..<16).map { Float(($0 + h) % 5) / 4 }) }
        try plotter.heatmapGrid(panels, gridRows: 2, gridCols: 2, rows: 4, cols: 4, rowLabels: labels, colLabels: labels,
                                to: dir + "/g.png", title: "grid", colorLabel: "attention weight", xlabel: "key", ylabel: "query")
        let script = try String(contentsOfFile: dir + "/g.gp", encoding: .utf8)
        #expect(script.contains("set colorbox user origin"))
        #expect(script.contains("set cblabel 'attention weight'"))
        #expect(script.components(separatedBy: "unset colorbox").count == 2)   // drawn with the first panel only
        #expect(script.contains("set xtics norotate"))                           // one character fits under its cell
        if plotter.available { #expect(FileManager.default.fileExists(atPath: dir + "/g.png")) }
    }

    /// Without gnuplot the script is still written, the call says it rendered nothing, and the
    /// run goes on (no error).
    @Test func missingGnuplotSkipsRenderingButKeepsTheScript() throws {
        let dir = try temporaryDirectory()
        try "x,y\n1,2\n2,3\n".write(toFile: dir + "/d.csv", atomically: true, encoding: .utf8)
        let plotter = Plotter(searchPath: dir + "/no-such-bin")
        #expect(!plotter.available)
        let rendered = try plotter.lines(csv: dir + "/d.csv", x: "x", series: [.init("y")], to: dir + "/p.png", title: "t", ylabel: "y")
        #expect(!rendered)
        #expect(FileManager.default.fileExists(atPath: dir + "/p.gp"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/p.png"))
    }

    @Test func quoteNeutralisesControlCharacters() {
        #expect(Plotter().quote("a'b\nc") == "'a''b↵c'")
    }

    func pngSize(_ path: String) throws -> (Int, Int) {
        let d = try Data(contentsOf: URL(fileURLWithPath: path))
        func be32(_ o: Int) -> Int { d[o..<(o + 4)].reduce(0) { $0 << 8 | Int($1) } }
        #expect(d.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        return (be32(16), be32(20))
    }
}

struct NarrativeTests {
    @Test func displayWidthCountsWideCharactersTwice() {
        #expect(Narrative.displayWidth("abc") == 3)
        #expect(Narrative.displayWidth("你好") == 4)
        #expect(Narrative.displayWidth("e\u{301}") == 1)
        #expect(Narrative.pad("你", 4) == "你  ")
    }
}
