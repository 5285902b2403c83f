import LLMLab

/// What `02-attention` takes (`--help` lists it).
struct Options: CommandOptions {
    static let command = "02-attention"
    static let abstract = "Lesson 02: scaled dot-product and multi-head attention, learned on a copy task and drawn as heatmaps."

    var common = CommonOptions()
    var steps = 500
    var batchSize = 32
    var lr: Float = 3e-3
    var layers = 2
    var heads = 4
    var channels = 64
    var length = 8
    var inductionSteps = 1500
    var inductionLR: Float = 5e-4
    var text: String?
    var model: String?

    static let fields: [OptionField<Options>] = CommonOptions.fields(\.common) + [
        .init("steps", "training steps (120 with --quick)", \.steps),
        .init("batch-size", "sequences per batch", \.batchSize),
        .init("lr", "learning rate (AdamW)", \.lr),
        .init("layers", "transformer layers", \.layers),
        .init("heads", "attention heads per layer", \.heads),
        .init("channels", "embedding width", \.channels),
        .init("length", "length of the random part of each copy-task sequence", \.length),
        .init("induction-steps", "training steps of the model that copies from random distances (150 with --quick)", \.inductionSteps),
        .init("induction-lr", "learning rate (AdamW) of the model that copies from random distances", \.inductionLR),
        .init("text", "draw the trained model's attention for this input (letters A–O, and | for the fixed-offset copy model) instead of training", \.text),
        .init("model", "the model --text reads (default: runs/02-attention/model.safetensors; runs/02-attention/induction.safetensors is the one that copies from random distances)", \.model),
    ]

    mutating func applyQuick() { steps = 120; inductionSteps = 150 }

    func validate() throws {
        try common.validate()
        guard (1...1_000_000).contains(steps) else { throw LabError("--steps must be between 1 and 1000000, got \(steps)") }
        guard (1...4096).contains(batchSize) else { throw LabError("--batch-size must be between 1 and 4096, got \(batchSize)") }
        guard lr > 0 && lr < 1 else { throw LabError("--lr must be in (0, 1), got \(lr)") }
        guard (1...64).contains(layers), (1...64).contains(heads), channels <= 4096, channels >= heads, channels % heads == 0 else {
            throw LabError("--channels (\(channels)) must split evenly into --heads (\(heads)), with 1 ≤ --layers ≤ 64 and --channels ≤ 4096")
        }
        guard (1...1_000_000).contains(inductionSteps) else { throw LabError("--induction-steps must be between 1 and 1000000, got \(inductionSteps)") }
        guard inductionLR > 0 && inductionLR < 1 else { throw LabError("--induction-lr must be in (0, 1), got \(inductionLR)") }
        guard (2...64).contains(length) else { throw LabError("--length must be between 2 and 64, got \(length)") }
    }
}
