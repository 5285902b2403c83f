import LLMLab

/// What `04-adam` takes (`--help` lists it).
struct Options: CommandOptions {
    static let command = "04-adam"
    static let abstract = "Lesson 04: SGD, momentum, Adam and AdamW on a valley and on a language model; learning-rate schedules."

    var common = CommonOptions()
    var data: String?
    var steps = 600
    var valleySteps = 300

    static let fields: [OptionField<Options>] = CommonOptions.fields(\.common) + [
        .init("data", "a UTF-8 text file, a JSON array of strings, or a directory of JSON files for the language model (default: the built-in English corpus)", \.data),
        .init("steps", "training steps of each language-model run (60 with --quick)", \.steps),
        .init("valley-steps", "steps on the 2-D valley", \.valleySteps),
    ]

    mutating func applyQuick() { steps = 60 }

    func validate() throws {
        try common.validate()
        guard (1...1_000_000).contains(steps) else { throw LabError("--steps must be between 1 and 1000000, got \(steps)") }
        guard (1...100_000).contains(valleySteps) else { throw LabError("--valley-steps must be between 1 and 100000, got \(valleySteps)") }
    }
}
