import LLMLab

/// What `05-pretrain` takes: the training configuration's fields (`--help` lists them).
struct Options: CommandOptions {
    static let command = "05-pretrain"
    static let abstract = "Lesson 05: pretrain a GPT from scratch, with a live monitor, checkpoints, resume and early stopping."

    var train = Options.lessonDefaults
    static let fields = TrainConfig.fields.map { $0.within(\Options.train) }

    /// The lab's shared defaults, with a model and a schedule sized for the lesson's first run:
    /// the built-in English corpus in about a minute on two cores. A width of 96 (0.46M
    /// parameters) takes more steps in that minute than 128 and ends lower; the corpus is large
    /// enough for the run not to need dropout; a warm-up of 50 steps then 3e-3 learns faster
    /// than 1e-3 without instability.
    static var lessonDefaults: TrainConfig {
        var c = TrainConfig()
        c.nEmbd = 96
        c.dropout = 0
        c.lr = 3e-3
        c.warmup = 50
        c.steps = 2000
        return c
    }

    mutating func applyQuick() { train.applyQuick() }
    func validate() throws { try train.validate() }
}
