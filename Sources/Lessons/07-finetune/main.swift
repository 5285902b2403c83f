//: # Lesson 07 · Instruction tuning: from a text continuer to an assistant
//:
//: A pretrained model (lesson 05) continues text. An assistant answers: given what a user
//: said, it writes a reply and stops. The difference is taught by fine-tuning on
//: conversations, in a format the model can see: role markers that open each turn and an
//: end-of-turn token that closes it. The loss counts only the assistant's words, so the model
//: learns to answer, not to imitate the user.
//:
//: `swift run 07-finetune` fine-tunes the model `swift run 05-pretrain` left in
//: `runs/05-pretrain/` on the built-in English dialogues; `--lang zh` on the Chinese ones (after
//: `swift run 05-pretrain --lang zh`). `--data PATH` reads any dialogues written as
//: `User: … Assistant: …` or `用户：…助手：…` (several turns allowed), `--model PATH` another
//: pretrained model. Then `swift run 08-chat` talks to the result.

import Foundation
import LLMLab

let (options, explicit) = Options.parseOrExit()
let config = options.train, modelPath = options.modelPath

//: ## The pretrained model
//: The starting point is lesson 05's final model, with the tokenizer it was trained with
//: (saved inside the model file). Fine-tuning keeps every weight and adds to them.

guard FileManager.default.fileExists(atPath: modelPath) else {
    fail("no pretrained model at \(modelPath): make one with `swift run 05-pretrain\(config.lang == .zh ? " --lang zh" : "")` (or give --model PATH)")
}
// a lab model or checkpoint, or a Hugging Face GPT-2 directory with its vocab.json and merges.txt
let input = must(try ModelInput.read(modelPath))
let pretrained = input.model
guard let base = input.tokenizer else {
    fail("\(modelPath): \(input.kind.rawValue) carries no tokenizer (give a lab model, or a Hugging Face directory with vocab.json and merges.txt)")
}

Narrative.title()
Narrative.section()
Narrative.facts([
    ("from", modelPath),
    ("model", "\(pretrained.config.layers) layers, width \(pretrained.config.channels), context \(pretrained.config.blockSize), \(pretrained.parameterCount) parameters"),
    ("tokenizer", "\(base.kind), \(base.vocabSize) tokens"),
])

//: ## The dialogues
//: Each dialogue becomes one training sequence:
//:
//:     <|user|> question <|end|> <|assistant|> answer <|end|> (<|user|> … more turns)
//:
//: The last tenth of the dialogues is held out: the validation loss is measured on them, and
//: early stopping keeps the weights that answered them best.

var dialogueCorpus = Dialogue.builtin(config.lang)
if let path = config.data { dialogueCorpus = must(try Corpus.load(path)) }
let dialogues = must(try Dialogue.parse(dialogueCorpus))
guard dialogues.count >= 2 else { fail("\(dialogueCorpus.source): need at least 2 dialogues (one to train on, one to hold out)") }
let heldOut = max(1, dialogues.count / 10)
let (trainDialogues, valDialogues) = (Array(dialogues.dropLast(heldOut)), Array(dialogues.suffix(heldOut)))

let chat = ChatTokenizer(base: base)
let learnAll = config.lossOn == .all
let trainExamples = trainDialogues.map { chat.example($0, learnAll: learnAll) }
let valExamples = valDialogues.map { chat.example($0, learnAll: learnAll) }
let longest = (trainExamples + valExamples).map { $0.tokens.count }.max()!
let tooLong = (trainExamples + valExamples).filter { $0.tokens.count - 1 > pretrained.config.blockSize }.count
// <unk> (id 0 in the char and words tokenizers; byte-level BPE and GPT-2's have none)
let unknown = !(base is CharTokenizer || base is WordTokenizer) ? 0 : (trainExamples + valExamples).reduce(0) { $0 + $1.tokens.filter { $0 == CharTokenizer.unknown }.count }

Narrative.section()
Narrative.facts([
    ("source", dialogueCorpus.source),
    ("dialogues", "\(trainDialogues.count) for training, \(valDialogues.count) held out; \(dialogues.filter { $0.turns.count > 2 }.count) with several turns"),
    ("loss on", learnAll ? "every token (--loss-on all)" : "the assistant's words and its <|end|> (the default)"),
    ("longest", "\(longest) tokens; context \(pretrained.config.blockSize)\(tooLong > 0 ? ", \(tooLong) dialogue(s) cut to fit" : "")"),
])
if unknown > 0 {
    Narrative.say("  note: \(unknown) character(s) of these dialogues are unknown to the pretrained tokenizer (as <unk>): pretrain on the same language (`swift run 05-pretrain --lang \(config.lang)`)")
}
let shown = trainExamples[0]
Narrative.say("  one example: " + shown.tokens.map { chat.piece($0) }.joined())
Narrative.say("  learned:     " + zip(shown.tokens, shown.learn).map { $1 ? chat.piece($0) : String(repeating: "·", count: Narrative.displayWidth(chat.piece($0))) }.joined())

//: ## New tokens for the roles
//: `<|user|>`, `<|assistant|>` and `<|end|>` are new to the model. They get ids after its
//: vocabulary, and the token table grows by three rows, each set to the average of the
//: existing rows. The head shares that table, so a new token's score (logit) is the average
//: of the old tokens' scores: it starts neither likely nor impossible. The old tokens keep
//: their scores, up to float rounding (a wider matrix product may add in another order), but
//: not their probabilities: softmax now shares the probability among more tokens, so every
//: old token's probability is multiplied by the same factor, below 1, and their ratios stay
//: as they were. Text can never produce these tokens: they exist only where the program puts
//: them.

let model = must(try pretrained.extendingVocabulary(to: chat.vocabSize))
var checkRNG = RNG(seed: 0)
let probe = Array(trainExamples[0].tokens.filter { $0 < chat.user }.prefix(8))
let before = pretrained.forward(probe, batch: 1, length: probe.count, rng: &checkRNG).values
let after = model.forward(probe, batch: 1, length: probe.count, rng: &checkRNG).values
// the largest change of an old token's logit, and the factor its probability was scaled by
var logitChange: Float = 0, factors: [Double] = []
for i in 0..<probe.count {
    let old = Array(before[(i * pretrained.config.paddedVocabSize)...].prefix(base.vocabSize))
    let new = Array(after[(i * model.config.paddedVocabSize)...].prefix(chat.vocabSize))
    for j in 0..<base.vocabSize { logitChange = max(logitChange, abs(old[j] - new[j])) }
    let top = Double(new.max()!)
    let oldSum = old.reduce(0.0) { $0 + exp(Double($1) - top) }, newSum = new.reduce(0.0) { $0 + exp(Double($1) - top) }
    factors.append(oldSum / newSum)
}
Narrative.section()
Narrative.facts([
    ("vocabulary", "\(base.vocabSize) → \(chat.vocabSize): <|user|> = \(chat.user), <|assistant|> = \(chat.assistant), <|end|> = \(chat.end)"),
    ("old tokens' logits", logitChange == 0 ? "unchanged, bit for bit, at \(probe.count) probe positions"
                                           : "changed by at most \(String(format: "%.1e", Double(logitChange))) at \(probe.count) probe positions (float rounding)"),
    ("old tokens' probabilities", "each multiplied by the same factor at a position, " +
        "from \(Narrative.fixed(factors.min()!, 5)) to \(Narrative.fixed(factors.max()!, 5)): the three new tokens take " +
        "\(String(format: "%.2g", 100 * (1 - factors.max()!)))% to \(String(format: "%.2g", 100 * (1 - factors.min()!)))% of the probability"),
])

var fineTune = config
fineTune.blockSize = min(model.config.blockSize, longest - 1)
let data = TokenizedCorpus(tokenizer: chat, train: [], val: [], source: dialogueCorpus.source,
                           key: contentHash(dialogues.map { $0.turns.map { $0.role.rawValue + ":" + $0.text }.joined(separator: "\u{1}") } + [chat.serialized, config.lossOn.rawValue]))
let runDir = config.out ?? "runs/07-finetune"
let trainer = must(try Trainer(config: fineTune, explicit: explicit, data: data, runDir: runDir, weights: model,
                               examples: (trainExamples, valExamples)))
let firstPrompt = valDialogues[0].turns[0].text
trainer.sampleStart = chat.prompt(history: [], message: firstPrompt)
trainer.sampleStop = [chat.end]
// every input is read and checked: now the run may write its files
let run = must(try LessonRun(lesson: "07-finetune", common: config.common, config: [:]))
must(try run.record(config: trainer.config.json))
Narrative.say("  trained: " + (trainer.config.freezeAttn ? "everything but attention (--freeze-attn): \(trainer.trainable.reduce(0) { $0 + $1.count }) of \(model.parameterCount) parameters" : "every parameter"))

//: ## Fine-tuning
//: The loop of lesson 05, on whole dialogues instead of windows of text: each batch holds
//: random dialogues padded to the longest allowed length, and the padding, like the user's
//: words, has no target. The sample shows the model's reply to the first held-out question as
//: it learns. With a few dozen dialogues the model soon knows its training answers by heart
//: while the held-out loss turns up: it memorises more than it generalises. The checkpoint
//: with the best held-out loss is kept (`checkpoints/best-…`); `--patience N` stops the run
//: there and keeps those weights as the final model instead of the last ones. Without it (the
//: default, `--patience 0`), the final model, the one lesson 08 talks to, is the last one:
//: it recites its training answers best, and answers new questions worst.

Narrative.section()
trainer.onEvent = TrainingMonitor(logInterval: trainer.config.logInterval).handle
let summary = must(try trainer.run())
Narrative.say("  \(summary.steps) steps in \(Narrative.fixed(summary.seconds, 1)) s; best held-out loss \(Narrative.fixed(Double(summary.bestValLoss), 4)) at step \(summary.bestStep)\(summary.stoppedEarly ? " (stopped early, best weights restored)" : "")")

//: ## The loss curve
//: The training loss is over the assistant's tokens of one batch; the held-out loss over the
//: replies to questions never trained on.

Narrative.section()
let curve = run.plotPath("loss.png")
if must(try run.plotter.lines(csv: runDir + "/metrics.csv", x: "step",
                              series: [.init("train_loss", title: "training (assistant tokens)"), .init("val_loss", title: "held-out dialogues", style: .linespoints)],
                              to: curve, title: "Instruction tuning: loss", ylabel: "cross-entropy (nats per token)")) {
    Narrative.say("  plot: \(curve)")
}

//: ## Answers
//: Greedy replies (always the most likely token, stopping at `<|end|>`) to questions from
//: training and from the held-out set, beside the answer the data gives. A small model on a
//: small set learns its training answers well; held-out questions show how far that carries.

Narrative.section()
var answerRNG = RNG(seed: config.seed)
var rows: [[String]] = []
for (set, d) in trainDialogues.prefix(3).map({ ("train", $0) }) + valDialogues.prefix(3).map({ ("held out", $0) }) {
    let question = d.turns[0].text, expected = d.turns[1].text
    let out = Sampler.generate(model, prompt: chat.prompt(history: [], message: question), count: 48, options: .greedy,
                               stop: [chat.end], rng: &answerRNG)
    rows.append([set, question, chat.decode(out).replacingOccurrences(of: "\n", with: " ⏎ "), expected.replacingOccurrences(of: "\n", with: " ⏎ ")])
}
Narrative.table(["set", "question", "model's reply", "data's answer"], rows)
let csv = must(try run.csv("answers.csv", columns: ["set", "question", "reply", "expected"]))
for r in rows { must(try csv.row(["set": r[0], "question": r[1], "reply": r[2], "expected": r[3]])) }

//: ## Summary

Narrative.section()
Narrative.facts([
    ("model", summary.modelPath + " (with its chat tokenizer; `swift run 08-chat` reads it)"),
    ("metrics", runDir + "/metrics.csv, answers.csv"),
    ("plots", run.plotDir + "/loss.png"),
])
must(try run.finish(results: ["best_val_loss": .double(Double(summary.bestValLoss)), "best_step": .int(summary.bestStep),
                              "steps": .int(summary.steps), "stopped_early": .bool(summary.stoppedEarly),
                              "model": .string(summary.modelPath)]))
