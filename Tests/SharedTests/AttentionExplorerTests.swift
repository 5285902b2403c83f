import Foundation
import Testing
@testable import LLMLab
@testable import LabReport

/// The attention explorer: the page's embedded weights are the model's, its tokens survive any
/// text, and the `attention` tool refuses bad input before writing anything.
struct AttentionExplorerTests {
    /// What the page embeds, as JSON.
    struct PageData: Decodable {
        let title: String
        let subtitle: String
        let layers: Int
        let heads: Int
        let decimals: Int
        let tokens: [String]
        let weights: [[[[Double?]]]]
    }

    /// The JSON inside `<script type="application/json" id="attention-data">…</script>`.
    static func embedded(_ html: String) throws -> PageData {
        let open = "<script type=\"application/json\" id=\"\(AttentionPage.dataElementID)\">"
        let start = try #require(html.range(of: open), "no data element in the page")
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let json = String(html[start.upperBound..<end.lowerBound])
        return try JSONDecoder().decode(PageData.self, from: Data(json.utf8))
    }

    static let text = "Tom has a cat. 猫!"

    /// A tiny model with weights spread wide (std 0.4, not GPT-2's 0.02), so its attention is
    /// far from uniform and a weight read from the wrong place shows; with a character tokenizer
    /// of `text`.
    static func tinyModel(blockSize: Int = 24) -> (GPT, CharTokenizer) {
        let tokenizer = CharTokenizer(corpus: text)
        let model = GPT(GPTConfig(vocabSize: tokenizer.vocabSize, blockSize: blockSize, layers: 2, heads: 3, channels: 12))
        var rng = RNG(seed: 11)
        for p in model.parameters { p.value.fillNormal(&rng, std: 0.4) }
        return (model, tokenizer)
    }

    /// The weights in the page are the model's (every layer, head, query and key, within 1e-6),
    /// rows hold keys 0…query and sum to 1; layer 0 is also recomputed here from the weights
    /// themselves, in Double, so the readout cannot agree with a wrong forward pass.
    @Test func embeddedWeightsAreTheModels() throws {
        let (model, tokenizer) = Self.tinyModel()
        let ids = tokenizer.encode(Self.text), t = ids.count
        let labels = ids.map { tokenizer.piece($0) }
        let html = try AttentionExplorer.html(model: model, tokens: ids, labels: labels, title: "tiny", subtitle: Self.text)
        let page = try Self.embedded(html)
        #expect(page.layers == 2 && page.heads == 3 && page.decimals == 6)
        #expect(page.tokens == labels && page.tokens.contains("␣") && page.tokens.contains("猫"))
        #expect(page.title == "tiny" && page.subtitle == Self.text)

        var rng = RNG(seed: 0)
        _ = model.forward(ids, batch: 1, length: t, rng: &rng)
        var worst = 0.0, worstSum = 0.0, spread = 0.0
        for (l, block) in model.blocks.enumerated() {
            let att = try #require(block.attn.weights)
            for h in 0..<3 {
                let rows = page.weights[l][h]
                #expect(rows.count == t)
                for q in 0..<t {
                    #expect(rows[q].count == q + 1, "layer \(l) head \(h) query \(q): \(rows[q].count) keys")
                    var sum = 0.0
                    for k in 0...q {
                        let w = try #require(rows[q][k])
                        worst = max(worst, abs(w - Double(att.pointer[(h * t + q) * t + k])))
                        sum += w
                        spread = max(spread, w)
                    }
                    worstSum = max(worstSum, abs(sum - 1))
                }
            }
        }
        #expect(worst <= 1e-6, "largest difference from the model's weights: \(worst)")
        #expect(worstSum <= 1e-5, "a row sums to 1 ± \(worstSum)")
        #expect(spread > 0.5, "the weights are nearly uniform (largest \(spread)): the test could not tell rows apart")

        // layer 0 from scratch: embeddings, LayerNorm, q and k, causal softmax of q·k/√hs
        let c = 12, hs = 4
        let wte = model.wte.table.value.values, wpe = model.wpe.table.value.values
        let ln = model.blocks[0].ln1, qkv = model.blocks[0].attn.qkv
        let g = ln.gain.value.values, b = ln.bias!.value.values
        let w = qkv.weight.value.values, bias = qkv.bias!.value.values
        var rowsQKV: [[Double]] = []
        for (pos, id) in ids.enumerated() {
            let x = (0..<c).map { Double(wte[Int(id) * c + $0]) + Double(wpe[pos * c + $0]) }
            let mean = x.reduce(0, +) / Double(c)
            let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(c)
            let y = (0..<c).map { (x[$0] - mean) / (variance + 1e-5).squareRoot() * Double(g[$0]) + Double(b[$0]) }
            rowsQKV.append((0..<(3 * c)).map { o in (0..<c).reduce(Double(bias[o])) { $0 + Double(w[o * c + $1]) * y[$1] } })
        }
        var worstScratch = 0.0
        for h in 0..<3 {
            for q in 0..<t {
                let scores = (0...q).map { k in (0..<hs).reduce(0.0) { $0 + rowsQKV[q][h * hs + $1] * rowsQKV[k][c + h * hs + $1] } / Double(hs).squareRoot() }
                let m = scores.max()!, e = scores.map { Foundation.exp($0 - m) }, z = e.reduce(0, +)
                for k in 0...q { worstScratch = max(worstScratch, abs(e[k] / z - page.weights[0][h][q][k]!)) }
            }
        }
        #expect(worstScratch <= 2e-6, "layer 0 recomputed differs by \(worstScratch)")
    }

    /// A token that would end the script or a string (`</script>`, `"`), Chinese, an emoji, a
    /// stray byte, a backslash and a line separator come back from the embedded JSON as they went in,
    /// and none of them is left raw in the page.
    @Test func anyTokenRoundTripsThroughThePage() throws {
        let tokens = ["</script><script>alert(1)</script>", "\"", "中", "😀", "<e8>", "a\\b", "\u{2028}", "&amp;", "<!--", "␣the"]
        let t = tokens.count
        var weights = [Float](repeating: 0, count: t * t)
        for q in 0..<t { for k in 0...q { weights[q * t + k] = 1 / Float(q + 1) } }
        let maps = AttentionMaps(layers: 1, heads: 1, tokens: tokens, weights: weights)
        let html = AttentionPage.html(maps, title: "a </script> \"title\"", subtitle: "<b>中</b>")
        let page = try Self.embedded(html)
        #expect(page.tokens == tokens)
        #expect(page.title == "a </script> \"title\"" && page.subtitle == "<b>中</b>")
        // the page's own two script elements end; nothing else does
        #expect(html.components(separatedBy: "</script").count - 1 == 2)
        #expect(!html.contains("<b>中") && !html.contains("<!--") && !html.contains("<e8>"))
        #expect(page.weights[0][0][t - 1][t - 1] == 0.1 && page.weights[0][0][2][0] == 0.333333)
    }

    /// Weights are written with the decimals asked for, trailing zeros dropped; NaN as null.
    @Test func weightsAreFixedDecimals() {
        let six = 1e6
        #expect(AttentionPage.fixed(0.25, scale: six, decimals: 6) == "0.25")
        #expect(AttentionPage.fixed(1, scale: six, decimals: 6) == "1")
        #expect(AttentionPage.fixed(0, scale: six, decimals: 6) == "0")
        #expect(AttentionPage.fixed(0.0000004, scale: six, decimals: 6) == "0")
        #expect(AttentionPage.fixed(0.000731, scale: six, decimals: 6) == "0.000731")
        #expect(AttentionPage.fixed(0.123456789, scale: 1e4, decimals: 4) == "0.1235")
        #expect(AttentionPage.fixed(.nan, scale: six, decimals: 6) == "null")
    }

    /// The CSV lists every key ≤ query of every head, with the exact Float.
    @Test func csvListsTheCausalWeights() throws {
        let (model, tokenizer) = Self.tinyModel()
        let ids = tokenizer.encode("Tom"), t = ids.count
        let maps = try AttentionExplorer.maps(model: model, tokens: ids, labels: ids.map { tokenizer.piece($0) })
        let rows = CSVReader.rows(maps.csv).filter { !$0.isEmpty && $0 != [""] }
        #expect(rows.first == ["layer", "head", "query", "key", "weight"])
        #expect(rows.count == 1 + 2 * 3 * t * (t + 1) / 2)
        for row in rows.dropFirst() {
            let (l, h, q, k) = (Int(row[0])!, Int(row[1])!, Int(row[2])!, Int(row[3])!)
            #expect(k <= q && Float(row[4]) == maps.weight(layer: l, head: h, query: q, key: k))
        }
        #expect(throws: LabError.self) { _ = try AttentionExplorer.maps(model: model, tokens: [], labels: []) }
        #expect(throws: LabError.self) { _ = try AttentionExplorer.maps(model: model, tokens: [Int32(tokenizer.vocabSize)], labels: ["?"]) }
    }
}

/// The `attention` command: one line on standard error, a non-zero exit and nothing written for
/// bad input; the page, the CSV and the plot script for good input.
struct AttentionCommandTests {
    func attention(_ arguments: [String]) throws -> (status: Int32, errors: String) {
        try runBinary(try #require(builtBinary("attention"), "build attention first: swift build"), arguments)
    }

    @Test func badInputWritesNothing() throws {
        let dir = try temporaryDirectory()
        let (model, tokenizer) = AttentionExplorerTests.tinyModel(blockSize: 8)
        let path = dir + "/model.safetensors"
        try model.save(to: path, extra: ["tokenizer_kind": tokenizer.kind, "tokenizer": tokenizer.serialized])
        try Data("not a model at all".utf8).write(to: URL(fileURLWithPath: dir + "/junk.bin"))
        try LLMC.writeModel(model, to: dir + "/model.bin")          // an llm.c file: no tokenizer
        let cases: [([String], String)] = [
            (["--model", dir + "/junk.bin", "--text", "Tom"], "not a model the lab reads"),
            (["--model", dir + "/missing.safetensors", "--text", "Tom"], "no such file"),
            (["--model", path, "--text", ""], "--text is empty"),
            (["--model", path, "--text", "Tom has a cat"], "longer than the model's context of 8"),
            (["--model", dir + "/model.bin", "--text", "Tom"], "carries no tokenizer"),
            (["--model", path, "--text", "Tom", "--tokenizer", dir + "/junk.bin"], "carries its own tokenizer"),
            (["--model", path, "--text", "Tom", "--decimals", "0"], "--decimals"),
        ]
        for (arguments, expected) in cases {
            let out = dir + "/out"
            let (status, errors) = try attention(arguments + ["--out", out])
            #expect(status != 0, "\(arguments)")
            #expect(errors.contains(expected) && errors.split(separator: "\n").count == 1, "\(arguments): \(errors)")
            #expect(!FileManager.default.fileExists(atPath: out), "\(arguments) wrote \(out)")
        }
        // good input, for contrast
        let out = dir + "/good"
        let (status, errors) = try attention(["--model", path, "--text", "Tom 猫", "--out", out])
        #expect(status == 0, "\(errors)")
        for name in ["attention.html", "attention.csv", "attention.gp"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name) missing")
        }
        let page = try AttentionExplorerTests.embedded(try String(contentsOfFile: out + "/attention.html", encoding: .utf8))
        #expect(page.tokens == ["T", "o", "m", "␣", "猫"])
    }
}
