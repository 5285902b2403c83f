//: # Lesson 08 · Chat: talking to the fine-tuned model
//:
//: Lesson 07 taught a model the shape of a conversation. Talking to it is a loop: wrap what
//: the user types in role tokens, append it to the conversation so far, let the model write
//: until it produces `<|end|>`, show the words as they come, and remember both turns for
//: the next question.
//:
//: `swift run 08-chat` opens a conversation with `runs/07-finetune/model.safetensors` (type,
//: press Enter; `:help` lists the commands). `--prompt "…"` asks one question and exits;
//: piped input works too (`echo "Hello!" | swift run 08-chat`), and `--script FILE` reads the
//: conversation from a file (this chapter's transcript is `docs/08-chat.script`).

import Foundation
import LLMLab

let options = Options.parseOrExit().options
var scripted: [String]?
if let script = options.script { scripted = must(try Files.readUTF8(script)).split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
// --quick (what CI runs) asks one question instead of waiting for input
let oneShot = options.prompt ?? (options.common.quick ? "Hello!" : nil)

//: ## The model
//: The model file carries its tokenizer: lesson 05's (characters, BPE or words) with the three
//: conversation tokens lesson 07 added. Decoding shows text only: the role and end tokens
//: never reach the screen, and Chinese comes back without spaces between its characters.

guard FileManager.default.fileExists(atPath: options.model) else {
    fail("no fine-tuned model at \(options.model): run `swift run 05-pretrain` and then `swift run 07-finetune` (add --lang zh to both for Chinese), or give --model PATH")
}
let (model, meta) = must(try GPT.load(from: options.model))
guard meta["tokenizer_kind"] == "chat" else {
    fail("\(options.model): not a chat model (its tokenizer is '\(meta["tokenizer_kind"] ?? "none")'): fine-tune it with 07-finetune first")
}
guard let tokenizer = must(try TokenizerText.load(metadata: meta, model: model.config, source: options.model)) as? ChatTokenizer else {
    fail("\(options.model): its tokenizer could not be read")
}
var decoding = options.seededDecoding
let session = ChatSession(model: model, tokenizer: tokenizer, options: decoding)
let run = must(try LessonRun(lesson: "08-chat", common: options.common, config: [
    "model": .string(options.model), "prompt": options.prompt.map(JSONValue.string) ?? .null,
    "temperature": .double(Double(decoding.temperature)), "top_k": .int(decoding.topK), "top_p": .double(Double(decoding.topP)),
    "beam": .int(decoding.beam), "length_penalty": .double(Double(decoding.lengthPenalty)),
    "repetition_penalty": .double(Double(decoding.repetitionPenalty)), "max_new_tokens": .int(decoding.maxNewTokens),
]))
let transcript = must(try run.csv("transcript.csv", columns: ["turn", "user", "reply", "tokens", "reply_ms", "dropped_turns"]))
let probabilities = must(try run.csv("token_probabilities.csv", columns: ["turn", "position", "token", "probability"]))

//: ## The conversation
//: Each reply is generated with a KV cache: the conversation so far is read once, then each
//: new token costs one position of work. The conversation is kept as tokens; when the next
//: question and room for a reply would not fit the model's context, the oldest turns are
//: dropped (whole turns, never half of one). Commands start with a colon:
//:
//:     :set temperature=0.5     (also top-k, top-p, beam, length-penalty, repetition-penalty,
//:                               max-new-tokens, seed)
//:     :clear                   forget the conversation
//:     :help                    this list
//:     :exit                    leave (so does end of input)

var turn = 0
/// Text without a newline, shown at once (stdout is flushed, so pieces appear as they come).
@MainActor func write(_ text: String) {
    print(text, terminator: "")
    fflush(nil)              // every output stream
}

@MainActor func answer(_ message: String) {
    turn += 1
    let clock = Stopwatch()
    if oneShot == nil { write("assistant> ") } else { Narrative.say("  user:      \(message)"); write("  assistant: ") }
    let reply = session.reply(to: message) { piece in write(piece) }    // streamed as it is decoded
    print("")
    if reply.droppedTurns > 0 { Narrative.say("  (dropped the \(reply.droppedTurns) oldest turn(s) to fit the context of \(model.config.blockSize) tokens)") }
    must(try transcript.row(["turn": turn, "user": message, "reply": reply.text, "tokens": reply.tokens.count,
                             "reply_ms": 1000 * clock.seconds, "dropped_turns": reply.droppedTurns]))
    for (i, p) in reply.probabilities.enumerated() { must(try probabilities.row(["turn": turn, "position": i + 1, "token": i < reply.tokens.count ? tokenizer.piece(reply.tokens[i]) : "<|end|>", "probability": p])) }
}

Narrative.title("Lesson 08 · Chat")
Narrative.section("The model")
Narrative.facts([
    ("model", "\(options.model): \(model.config.layers) layers, width \(model.config.channels), context \(model.config.blockSize) tokens"),
    ("tokenizer", "\(tokenizer.base.kind), \(tokenizer.vocabSize) tokens with <|user|>, <|assistant|>, <|end|>"),
    ("decoding", decoding.summary),
])
Narrative.section()
if let prompt = oneShot {
    answer(prompt)
} else {
    if Narrative.isTerminal && scripted == nil { Narrative.say("  Type a message and press Enter; :help for commands, :exit to leave.") }
    while true {
        let interactive = Narrative.isTerminal && scripted == nil
        if interactive { write("you> ") }
        let next: String?
        if scripted != nil { next = scripted!.isEmpty ? nil : scripted!.removeFirst() } else { next = readLine() }
        guard let line = next else { break }
        let input = line.trimmingCharacters(in: .whitespaces)
        if input.isEmpty { continue }
        if !interactive { Narrative.say("you> \(input)") }
        if input.hasPrefix(":") {
            let parts = input.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
            switch parts.first ?? "" {
            case "exit", "quit": break
            case "clear": session.clear(); Narrative.say("  (conversation cleared)"); continue
            case "help":
                Narrative.say("  :set key=value   \(DecodingOptions.fields.map(\.name).joined(separator: ", "))")
                Narrative.say("  :clear           forget the conversation    :exit   leave")
                Narrative.say("  now: \(session.options.summary)")
                continue
            case "set":
                let kv = (parts.count > 1 ? parts[1] : "").split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                var o = session.options
                do {
                    guard kv.count == 2 else { throw LabError(":set needs key=value, e.g. :set temperature=0.5") }
                    try o.set(kv[0], text: kv[1], source: ":set")
                    try o.validate()
                    session.options = o
                    Narrative.say("  (\(session.options.summary))")
                } catch { Narrative.say("  \(error)") }
                continue
            default:
                Narrative.say("  unknown command \(input) (:help lists them)")
                continue
            }
            break
        }
        answer(input)
    }
}

//: ## Chinese, on the RustGPT corpora
//: The same three lessons in Chinese, on the corpora of the Chinese Rust LLM that inspired
//: this lab (1,426 statements and 1,051 dialogues, as directories of JSON files; below, `ZH` is
//: the corpus directory and `ZH/chat` its dialogues), with a model small enough to train here in
//: about ten minutes (4 layers, width 192, context 128 characters, 2.2M parameters). It was
//: pretrained on both folders as plain text, so its character vocabulary covers the dialogues,
//: and then fine-tuned on the dialogues:
//:
//:     swift run -c release 05-pretrain --data ZH --tokenizer char \
//:       --n-layer 4 --n-head 4 --n-embd 192 --block-size 128 --batch-size 16 --steps 1000 \
//:       --lr 1e-3 --min-lr 1e-4 --warmup 100 --dropout 0 --eval-interval 250 --out runs/zh/pre
//:     swift run -c release 07-finetune --model runs/zh/pre/model.safetensors \
//:       --data ZH/chat --steps 2500 --batch-size 16 --lr 1e-3 \
//:       --min-lr 1e-4 --eval-interval 500 --out runs/zh/ft
//:     python3 scripts/chat/recall.py --data ZH/chat \
//:       --model runs/zh/ft/model.safetensors
//:
//: Measured on the development machine (AMD EPYC, 2 cores), 2026-11-21. Pretraining took
//: 3.9 min (236 s), with a best validation loss of 3.50 nats per character. Fine-tuning took
//: 8.0 min. Both ran while other builds shared the cores, so together they took 12 min.
//:
//: **Did it learn its dialogues?** `recall.py` draws 50 training dialogues with a fixed seed
//: and asks `08-chat --prompt` each one's first question, greedily. The first sentence of the
//: reply equals the first sentence of the trained answer for 45 of the 50 (90%). For example,
//: 你好！ gets 你好！有什么我能帮你的吗？, and 早上好！ gets 早上好！希望你今天有个愉快的一天。
//: The five misses are mostly questions that recur in the data with different answers. Every
//: question, answer and reply is in [08-chat-recall.json](08-chat-recall.json).
//:
//: **Held-out and unseen questions** get Chinese in the data's own style: its refusals (我无法获取实时…。建议…),
//: its numbered lists, its polite phrasing. There are no spaces between characters, and no
//: `</s>` or role tokens in the text. The content is often wrong or off the topic: 你喜欢什么颜色？
//: gets 我可以帮你规则：. A 2.2M-parameter model trained on 120,000 characters has learned the
//: form of the answers and its training answers themselves, not the knowledge to answer new
//: questions.

//: ## How sure the model was
//: The probability the model gave each token it chose, over the last reply: high and flat
//: where it recites something it learned, dipping where it had to choose.

Narrative.section()
let plotPath = run.plotPath("token_probabilities.png")
if turn > 0, must(try run.plotter.barPanels(csv: run.path("token_probabilities.csv"), group: "turn", label: "token", value: "probability",
                                            to: plotPath, title: "Probability of each chosen token, one panel per reply", panelTitle: { "reply \($0)" },
                                            ticLabel: { $0 == "<|end|>" ? "end" : $0 }, xlabel: "token chosen, in order", ylabel: "probability",
                                            yrange: (0, 1.05))) {
    Narrative.say("  plot: \(plotPath)")
}
Narrative.say("  \(turn) repl\(turn == 1 ? "y" : "ies"); transcript in \(run.path("transcript.csv"))")
must(try run.finish(results: ["turns": .int(turn)]))
