/// One optimizer step's gradients from several micro-batches, equal to the gradients of one
/// batch holding them all.
///
/// The loss is a mean over counted positions, so each micro-batch's gradient is weighted by its
/// share of them: with k equal micro-batches that is 1/k each; with ignored targets (padding,
/// prompts) the shares differ, and the result is still exactly the big batch's mean. Memory is
/// that of one micro-batch: activations are reused, only gradients add up.
///
/// Starts from zero gradients and returns the mean loss over all counted positions.
public func accumulateGradients(_ model: GPT, _ microBatches: [(inputs: [Int32], targets: [Int32])],
                                batch b: Int, length t: Int, training: Bool, rng: inout RNG) -> Float {
    let counts = microBatches.map { $0.targets.reduce(0) { $0 + ($1 == CrossEntropy.ignore ? 0 : 1) } }
    let total = counts.reduce(0, +)
    model.zeroGrad()
    var loss = 0.0
    for (micro, count) in zip(microBatches, counts) where count > 0 {
        let l = model.forward(micro.inputs, targets: micro.targets, batch: b, length: t, training: training, rng: &rng)
        let share = Float(count) / Float(total)
        model.backward(scale: share)
        loss += Double(l) * Double(share)
    }
    return total == 0 ? .nan : Float(loss)
}
