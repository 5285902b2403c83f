import LLMLab

/// What `08-chat` takes (`--help` lists it). The decoding settings are the ones `:set` changes.
struct Options: CommandOptions {
    static let command = "08-chat"
    static let abstract = "Lesson 08: chat with the model lesson 07 fine-tuned (REPL, or one --prompt)."

    var common = CommonOptions()
    var model = "runs/07-finetune/model.safetensors"
    var prompt: String?
    var script: String?
    var decoding = DecodingOptions()

    static let fields: [OptionField<Options>] = CommonOptions.fields(\.common) + [
        .init("model", "the fine-tuned model, as 07-finetune writes it", \.model),
        .init("prompt", "ask one question, print the reply and exit", \.prompt),
        .init("script", "read the conversation (messages and :commands, one per line) from this file instead of the keyboard", \.script),
    ] + DecodingOptions.fields.filter { $0.name != "seed" }.map { $0.within(\.decoding) }      // --seed is the run's

    func validate() throws {
        try common.validate()
        try decoding.validate()
    }
}

extension Options {
    /// The decoding settings, seeded with the run's seed; --quick keeps replies to 24 tokens.
    var seededDecoding: DecodingOptions {
        var d = decoding
        d.seed = common.seed
        if common.quick { d.maxNewTokens = min(d.maxNewTokens, 24) }
        return d
    }
}
