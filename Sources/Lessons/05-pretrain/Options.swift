import LLMLab

/// What `05-pretrain` takes: the training configuration's fields (`--help` lists them).
struct Options: CommandOptions {
    static let command = "05-pretrain"
    static let abstract = "Lesson 05: pretrain a GPT from scratch, with a live monitor, checkpoints, resume and early stopping."

    var train = TrainConfig()
    static let fields = TrainConfig.fields.map { $0.within(\Options.train) }

    mutating func applyQuick() { train.applyQuick() }
    func validate() throws { try train.validate() }
}
