// attention — explore what a model attends to on a text of your own:
//
//     swift run -c release attention --model PATH --text "Tom lives in the red house" [--out DIR]
//
// MODEL is any model the lab reads (a lab model or checkpoint, an llm.c model file or run
// directory, a Hugging Face GPT-2 directory); `--tokenizer` gives the tokenizer of one that
// carries none (an llm.c file). Writes to DIR (default runs/attention/):
//
//     attention.html   one self-contained page: the head view (lines from each query to the
//                      keys it attends to, one colour per head) and the model view (every
//                      layer × head as a heatmap; click one to open it large)
//     attention.csv    layer, head, query, key, weight: every key ≤ query (the masked ones, all 0, left out)
//     attention.png    every layer × head as a gnuplot heatmap, over the first --plot-tokens tokens, with its .gp
//
// Everything is read and checked (the model, the tokenizer, the text against the context)
// before anything is written.
import Foundation
import LLMLab

struct Attention: CommandOptions {
    static let command = "attention"
    static let abstract = "Draw a model's attention on a text: an interactive page (attention.html), a CSV of every weight and a PNG grid."
    var model = ""
    var text = ""
    var tokenizer: String?
    var out = "runs/attention"
    var decimals = 6
    var plotTokens = 16
    static let fields: [OptionField<Attention>] = [
        OptionField("model", "a lab model or checkpoint, an llm.c model file or run directory, or a Hugging Face GPT-2 directory", \.model)
            .with(required: true),
        OptionField("text", "the text the model reads (at most its context, in tokens)", \.text).with(required: true),
        .init("tokenizer", "for a model that carries no tokenizer (an llm.c file): an llm.c tokenizer file, or a directory with GPT-2's vocab.json and merges.txt", \.tokenizer),
        .init("out", "directory for attention.html, attention.csv and attention.png", \.out),
        .init("decimals", "decimals of each weight in the page (1-9; 6 keeps every weight within 5e-7, 4 makes the page a fifth smaller)", \.decimals),
        .init("plot-tokens", "tokens the PNG grid shows, from the first (0: no PNG)", \.plotTokens),
    ]

    func validate() throws {
        guard (1...9).contains(decimals) else { throw LabError("--decimals must be between 1 and 9, got \(decimals)") }
        guard (0...48).contains(plotTokens) else { throw LabError("--plot-tokens must be between 0 and 48, got \(plotTokens)") }
        guard !out.isEmpty else { throw LabError("--out is empty") }
    }

    func run() throws {
        guard !text.isEmpty else { throw LabError("--text is empty: give the text the model should read") }
        let read = try ModelInput.read(model)
        let config = read.model.config
        let tokenizer: any Tokenizer
        switch (read.tokenizer, self.tokenizer) {
        case (let own?, nil): tokenizer = own
        case (nil, let path?): tokenizer = try AttentionExplorer.tokenizer(path, for: config)
        case (.some, .some): throw LabError("\(model): the \(read.kind.rawValue) carries its own tokenizer; --tokenizer is for a model without one")
        case (nil, nil):
            throw LabError("\(model): the \(read.kind.rawValue) carries no tokenizer; give --tokenizer (an llm.c tokenizer file, or a directory with GPT-2's vocab.json and merges.txt)")
        }
        let ids = tokenizer.encode(text)
        guard !ids.isEmpty else { throw LabError("--text gives no tokens with this tokenizer") }
        guard ids.count <= config.blockSize else {
            throw LabError("--text is \(ids.count) tokens, longer than the model's context of \(config.blockSize); shorten it")
        }
        let labels = ids.map { tokenizer.piece($0) }
        let maps = try AttentionExplorer.maps(model: read.model, tokens: ids, labels: labels)
        let shape = "\(config.layers) layers × \(config.heads) heads, context \(config.blockSize)"
        let page = AttentionPage.html(maps, title: "Attention of \(model)",
                                      subtitle: "«\(text)»: \(tokens(ids.count)) · \(read.kind.rawValue), \(shape)", decimals: decimals)
        let csv = maps.csv

        // everything is checked: write
        let html = out + "/attention.html", table = out + "/attention.csv", png = out + "/attention.png"
        try Files.writeAtomically(page, to: html)
        try Files.writeAtomically(csv, to: table)
        print("read \(model): \(read.kind.rawValue), \(shape)")
        print("text: \(tokens(ids.count)): " + labels.joined(separator: " "))
        print("wrote \(html) (\(size(page.utf8.count))): open it in a browser")
        print("wrote \(table) (\(maps.layers * maps.heads * ids.count * (ids.count + 1) / 2) rows: layer, head, query, key, weight for every key ≤ query)")
        guard plotTokens > 0 else { return }
        let n = min(plotTokens, ids.count)
        let first = Array(labels.prefix(n))
        if try Plotter().heatmapGrid(maps.panels(first: n), gridRows: config.layers, gridCols: config.heads, rows: n, cols: n,
                                     rowLabels: first, colLabels: first, to: png,
                                     title: "Attention of \(model)" + (n < ids.count ? ", the first \(n) of \(ids.count) tokens" : "") + " (query down, key across)",
                                     colorLabel: "attention weight", xlabel: "key (attended to)", ylabel: "query") {
            print("plot: \(png)" + (n < ids.count ? " (the first \(n) tokens; --plot-tokens for more)" : ""))
        }
    }

    func tokens(_ n: Int) -> String { n == 1 ? "1 token" : "\(n) tokens" }

    func size(_ bytes: Int) -> String {
        bytes < 10_000 ? "\(bytes) bytes" : bytes < 10_000_000 ? "\(bytes / 1000) KB" : String(format: "%.1f MB", Double(bytes) / 1e6)
    }
}

do { try Attention.parseOrExit().options.run() } catch { fail(String(describing: error)) }
