import LLMLab

/// For every layer and head of `model` (indexed [layer][head]), what its scored positions attend
/// to on `examples` of `task`: the earlier occurrence of their own letter, the position right
/// after it (the induction score) and the previous position, each averaged over all scored
/// positions. The model reads the examples in batches of `batchSize` (a whole number of them;
/// any remainder is left out), so no buffer of a model trained at that size changes shape.
func measureHeads(_ model: GPT, _ task: InductionTask, _ examples: [InductionTask.Example], batchSize: Int,
                  rng: inout RNG) -> [[(match: Double, induction: Double, previous: Double)]] {
    var sums = [[(match: Double, induction: Double, previous: Double)]](
        repeating: Array(repeating: (0, 0, 0), count: model.config.heads), count: model.config.layers)
    var total = 0.0
    for start in stride(from: 0, to: examples.count - batchSize + 1, by: batchSize) {
        let chunk = Array(examples[start..<(start + batchSize)])
        _ = model.forward(task.batch(chunk).inputs, batch: chunk.count, length: task.contextLength, rng: &rng)
        let n = Double(chunk.map { $0.scored.count }.reduce(0, +))       // each chunk weighs as many positions as it scores
        for (l, block) in model.blocks.enumerated() {
            for (h, score) in task.headScores(block.attn.weights!.pointer, heads: model.config.heads, examples: chunk).enumerated() {
                sums[l][h].match += n * score.match
                sums[l][h].induction += n * score.induction
                sums[l][h].previous += n * score.previous
            }
        }
        total += n
    }
    return sums.map { $0.map { ($0.match / total, $0.induction / total, $0.previous / total) } }
}
