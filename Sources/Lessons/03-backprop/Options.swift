import LLMLab

/// What `03-backprop` takes (`--help` lists it).
struct Options: CommandOptions {
    static let command = "03-backprop"
    static let abstract = "Lesson 03: backpropagation from a scalar autograd to every layer's backward pass, checked by finite differences."

    var common = CommonOptions()
    var data: String?
    var steps = 3000
    var batchSize = 64
    var lr: Float = 0.3
    var context = 5
    var embedding = 12
    var hidden = 96

    static let fields: [OptionField<Options>] = CommonOptions.fields(\.common) + [
        .init("data", "a UTF-8 text file, a JSON array of strings, or a directory of JSON files to train the character model on (default: the built-in English corpus)", \.data),
        .init("steps", "training steps of the character model (200 with --quick)", \.steps),
        .init("batch-size", "examples per batch", \.batchSize),
        .init("lr", "learning rate of plain gradient descent (divided by 10 for the last quarter of training)", \.lr),
        .init("context", "characters of context the model sees", \.context),
        .init("embedding", "width of each character's embedding", \.embedding),
        .init("hidden", "width of the hidden layer", \.hidden),
    ]

    mutating func applyQuick() { steps = 200 }

    func validate() throws {
        try common.validate()
        guard (1...10_000_000).contains(steps) else { throw LabError("--steps must be between 1 and 10000000, got \(steps)") }
        guard (1...65_536).contains(batchSize) else { throw LabError("--batch-size must be between 1 and 65536, got \(batchSize)") }
        guard lr > 0 && lr <= 10 else { throw LabError("--lr must be in (0, 10], got \(lr)") }
        guard (1...64).contains(context) else { throw LabError("--context must be between 1 and 64, got \(context)") }
        guard (1...1024).contains(embedding) && (1...4096).contains(hidden) else {
            throw LabError("--embedding must be 1…1024 and --hidden 1…4096 (got \(embedding), \(hidden))")
        }
    }
}
