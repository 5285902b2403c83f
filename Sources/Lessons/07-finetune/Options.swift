import Foundation
import LLMLab

/// What `07-finetune` takes: the pretrained model and the training configuration's fields,
/// with fine-tuning's defaults (`--help` lists them).
struct Options: CommandOptions {
    static let command = "07-finetune"
    static let abstract = "Lesson 07: instruction-tune a pretrained GPT on dialogues (role tokens, loss on the assistant's words only)."

    var model: String?
    var compare = true
    var train = TrainConfig()

    init() {
        train.steps = 400; train.lr = 1e-3; train.minLR = 1e-4; train.warmup = 20; train.batchSize = 16
        train.evalInterval = 25; train.patience = 0; train.sampleTokens = 40; train.logInterval = 25
    }

    static let fields: [OptionField<Options>] = [
        .init("model", "the pretrained model (default: runs/05-pretrain/model.safetensors, what 05-pretrain writes, else its newest checkpoint)", \.model),
        .init("compare", "also fine-tune three ways (every weight, --freeze-attn, LoRA) for the same steps and compare them (--no-compare: skip)", \.compare),
    ] + TrainConfig.fields.map { $0.within(\.train) }

    mutating func applyQuick() { train.applyQuick() }
    func validate() throws { try train.validate() }

    /// The model to start from: --model, else 05-pretrain's final model, else (a run stopped
    /// early) its newest checkpoint.
    var modelPath: String {
        if let model { return model }
        let final = "runs/05-pretrain/model.safetensors"
        if !FileManager.default.fileExists(atPath: final), let newest = try? Checkpoint.latest(in: "runs/05-pretrain/checkpoints") {
            return newest
        }
        return final
    }
}
