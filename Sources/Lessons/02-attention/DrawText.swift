import Foundation
import LLMLab

// `02-attention --text "…"`: draws a trained model's attention for an input of your own, one
// heatmap per layer and head (into runs/02-attention/text/ unless --out says otherwise, so the
// training run's files stay). Not part of the chapter: the lesson's end shows the same drawing.

extension Options {
    /// The lesson's options; with `--text`, draws and exits instead.
    static func parseOrDrawText() -> Options {
        let options = parseOrExit().options
        if let text = options.text { drawAttention(of: text, options: options) }
        return options
    }
}

/// Loads the model a previous run saved, draws its attention for `text`, and exits.
func drawAttention(of text: String, options: Options) -> Never {
    let path = options.model ?? "runs/02-attention/model.safetensors"
    guard FileManager.default.fileExists(atPath: path) else {
        fail("\(path): no trained model yet; run `swift run 02-attention` first (or pass --model PATH)")
    }
    let (model, meta) = must(try GPT.load(from: path))
    let ids: [Int32], show: (Int32) -> String
    if meta["task"] == "induction" {                     // the model of "Matching by content"
        let bounds = (meta["stretch_lengths"] ?? "").split(separator: "-").compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] <= bounds[1] else { fail("\(path): its metadata does not give the stretch lengths") }
        let task = must(try InductionTask(symbols: model.config.vocabSize, context: model.config.blockSize, lengths: bounds[0]...bounds[1]))
        ids = must(try task.parse(text))
        show = task.show
    } else {
        guard let length = Int(meta["copy_length"] ?? ""), (3...27).contains(model.config.vocabSize),
              (2...64).contains(length), 2 * length <= model.config.blockSize else {
            fail("\(path): not a copy-task model from this lesson (its metadata or shape does not fit the task)")
        }
        let task = CopyTask(symbols: model.config.vocabSize - 1, length: length)
        ids = must(try task.parse(text))
        show = task.show
    }
    var common = options.common
    common.out = common.out ?? "runs/02-attention/text"
    let run = must(try LessonRun(lesson: "02-attention", common: common, config: ["text": .string(text), "model": .string(path)]))
    var rng = RNG(seed: run.seed)
    Narrative.title("Lesson 02 · the attention of \(path)")
    let logits = model.forward(ids, batch: 1, length: ids.count, rng: &rng)
    let guesses = (0..<ids.count).map { i -> String in
        let row = logits.pointer + i * model.config.paddedVocabSize
        return show(Int32((0..<model.config.vocabSize).max { row[$0] < row[$1] }!))
    }
    Narrative.say("  input:        " + ids.map(show).joined(separator: " "))
    Narrative.say("  next guesses: " + guesses.joined(separator: " "))
    let labels = ids.map(show)
    for (l, block) in model.blocks.enumerated() {
        let att = block.attn.weights!
        let t = ids.count
        for h in 0..<model.config.heads {
            let png = run.plotPath("text-l\(l)-h\(h).png")
            let weights = Array(att.buffer[(h * t * t)..<((h + 1) * t * t)])
            if must(try run.plotter.heatmap(weights, rows: t, cols: t, rowLabels: labels, colLabels: labels, to: png,
                                            title: "layer \(l) head \(h): attention of \"\(text)\"", xlabel: "key (attended to)",
                                            ylabel: "query", range: (0, 1), colorLabel: "attention weight")) {
                Narrative.say("  plot: \(png)")
            }
        }
    }
    must(try run.finish(results: ["tokens": .int(ids.count)]))
    exit(0)
}
