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
let input = must(try ModelInput.read(options.model))          // any model file (ModelInput)
let model = input.model
guard let tokenizer = input.tokenizer as? ChatTokenizer else {
    fail("\(options.model): not a chat model (a \(input.kind.rawValue) with \(input.tokenizer.map { "a \($0.kind) tokenizer" } ?? "no tokenizer")): fine-tune it with 07-finetune --model \(options.model) first")
}
var decoding = options.seededDecoding
let session = ChatSession(model: model, tokenizer: tokenizer, options: decoding)
let run = must(try LessonRun(lesson: "08-chat", common: options.common, config: [
    "model": .string(options.model), "prompt": options.prompt.map(JSONValue.string) ?? .null,
    "temperature": .double(Double(decoding.temperature)), "top_k": .int(decoding.topK), "top_p": .double(Double(decoding.topP)),
    "beam": .int(decoding.beam), "length_penalty": .double(Double(decoding.lengthPenalty)),
    "repetition_penalty": .double(Double(decoding.repetitionPenalty)), "max_new_tokens": .int(decoding.maxNewTokens),
]))
Narrative.title()
Narrative.section()
Narrative.facts([
    ("model", "\(options.model): \(model.config.layers) layers, width \(model.config.channels), context \(model.config.blockSize) tokens"),
    ("tokenizer", "\(tokenizer.base.kind), \(tokenizer.vocabSize) tokens with <|user|>, <|assistant|>, <|end|>"),
    ("decoding", decoding.summary),
])

//: ## Choosing the next token
//: The model gives a score (logit) to every token of its vocabulary; the sampler turns the
//: scores of the last position into one token. Greedy decoding takes the highest. Otherwise
//: the scores are divided by the temperature (below 1 the likely tokens get likelier, above 1
//: the distribution flattens), turned into probabilities by softmax, cut to the `top-k` most
//: likely and then to the smallest set whose probabilities add up to `top-p`, and one token
//: is drawn from what is left with the run's seeded generator. (Two more options act before
//: this: a repetition penalty lowers the scores of tokens already in the context (a positive
//: score is divided by it, a negative one multiplied: CTRL's rule), so the model repeats
//: itself less; beam search, with `beam` above 1, keeps the few most probable
//: continuations instead of one, and the length penalty decides how much a longer one may
//: lose in probability.)
//:
//: <<< Sources/Shared/NN/Sampler.swift: public static func pick(
//:
//: <<< Sources/Shared/NN/Sampler.swift: static func candidates(

//: ## One distribution, five ways to sample
//: What those options do is easiest to see on one distribution. The model is sure of most
//: tokens of a reply, so we ask it for a story (or what `--prompt` asks; the small model of
//: lesson 07 does not know how to tell one, as its reply shows), take the place in
//: its greedy reply where it was least sure (the highest entropy), and show the next-token
//: distribution there, the most likely tokens as bars, computed five ways: at temperatures
//: 0.5, 1 and 1.5, and at temperature 1 cut by top-k and by top-p. A low temperature piles the probability onto the top tokens (at
//: 0 it would all be on one: greedy); a high one spreads it out, toward tokens the model
//: thinks unlikely. Top-k keeps a fixed number of tokens however the probability is spread;
//: top-p keeps as many as it takes to cover that share of it, few when the model is sure, many
//: when it is not. Both then share out the probability of the tokens they removed.

// the greedy reply to a question, then the position in it where the model was least sure
let demoQuestion = options.prompt ?? "Tell me a story."
let firstQuestion = tokenizer.prompt(history: [], message: demoQuestion)
var lookRNG = RNG(seed: 0)
let greedyReply = Sampler.generate(model, prompt: firstQuestion, count: max(1, min(48, model.config.blockSize - firstQuestion.count)),
                                   options: .greedy, stop: [tokenizer.end, tokenizer.user, tokenizer.assistant], rng: &lookRNG)
let readBack = Array((firstQuestion + greedyReply.filter { $0 != tokenizer.end }).prefix(model.config.blockSize))
let replyLogits = model.forward(readBack, batch: 1, length: readBack.count, rng: &lookRNG)
func entropyBits(_ p: [Float]) -> Double { p.reduce(0.0) { $1 > 0 ? $0 - Double($1) * log2(Double($1)) : $0 } }
let positions = Array(firstQuestion.count - 1..<readBack.count)
let entropies = positions.map {
    entropyBits(Sampler.distribution(replyLogits.pointer + $0 * model.config.paddedVocabSize, vocab: model.config.vocabSize, options: SamplingOptions()))
}
let unsure = positions[entropies.indices.max { entropies[$0] < entropies[$1] }!]
let lastRow = replyLogits.pointer + unsure * model.config.paddedVocabSize
let settings: [(String, SamplingOptions)] = [
    ("temperature 0.5", SamplingOptions(temperature: 0.5)), ("temperature 1", SamplingOptions(temperature: 1)),
    ("temperature 1.5", SamplingOptions(temperature: 1.5)), ("top-k 5", SamplingOptions(temperature: 1, topK: 5)),
    ("top-p 0.9", SamplingOptions(temperature: 1, topP: 0.9)),
]
let distributions = settings.map { Sampler.distribution(lastRow, vocab: model.config.vocabSize, options: $0.1) }
let shownTokens = distributions[1].indices.sorted { distributions[1][$0] > distributions[1][$1] }.prefix(12)
Narrative.section()
Narrative.say("  the question: “\(demoQuestion)”; the greedy reply: “\(tokenizer.decode(Array(readBack[firstQuestion.count...])))”")
Narrative.say("  the model was least sure of " + (unsure < firstQuestion.count ? "the reply's first token" : "the token after “\(tokenizer.decode(Array(readBack[firstQuestion.count...unsure])))”") + "; its distribution, five ways:")
let samplingCSV = must(try run.csv("sampling.csv", columns: ["setting", "token", "probability"]))
var samplingRows: [[String]] = []
for ((name, _), probs) in zip(settings, distributions) {
    for id in shownTokens { must(try samplingCSV.row(["setting": name, "token": TokenDisplay.visible(tokenizer.piece(Int32(id))), "probability": probs[id]])) }
    let entropy = entropyBits(probs)
    samplingRows.append([name, "\(probs.filter { $0 > 0 }.count)", Narrative.fixed(Double(probs.max() ?? 0), 3),
                         Narrative.fixed(Double(shownTokens.reduce(Float(0)) { $0 + probs[$1] }), 3), Narrative.fixed(entropy, 2)])
}
Narrative.table(["setting", "tokens it can pick", "top token", "the 12 shown", "entropy (bits)"], samplingRows,
                align: [.left, .right, .right, .right, .right])
let samplingPlot = run.plotPath("sampling.png")
if must(try run.plotter.barPanels(csv: samplingCSV.path, group: "setting", label: "token", value: "probability", to: samplingPlot,
                                  title: "The next-token distribution, five ways (the 12 likeliest tokens at temperature 1)",
                                  xlabel: "token", ylabel: "probability", yrange: (0, 1.05))) {
    Narrative.say("  plot: \(samplingPlot)")
}

//: ## The KV cache
//: Writing a reply token by token, the model would read the whole conversation again for
//: every new token: position after position, the same keys and values computed over and over.
//: A key-value cache keeps each layer's keys and values of every position already read, so a
//: new token costs the work of one position: its own query, key and value, and its attention
//: over the cached keys. It is only state; the forward pass is the same one training uses:
//:
//: <<< Sources/Shared/NN/KVCache.swift: public final class KVCache
//:
//: The generation loop reads the prompt once, then feeds one token at a time:
//:
//: <<< Sources/Shared/NN/Sampler.swift: public static func generate(
//:
//: The same greedy reply, written both ways, measured on this machine: without the cache each
//: token reruns the model over everything so far. The tokens must be the same.

let cacheQuestion = tokenizer.prompt(history: [], message: oneShot ?? "Hello!")
let length = max(1, min(64, model.config.blockSize - cacheQuestion.count))
var recomputed = cacheQuestion, noRNG = RNG(seed: 0)
var clock = Stopwatch()
for _ in 0..<length {                       // without a cache: a full forward pass per token
    let logits = model.forward(recomputed, batch: 1, length: recomputed.count, rng: &noRNG)
    recomputed.append(Sampler.pick(logits.pointer + (recomputed.count - 1) * model.config.paddedVocabSize,
                                   vocab: model.config.vocabSize, options: .greedy, rng: &noRNG))
}
let slow = clock.seconds
clock.reset()
let cached = Sampler.generate(model, prompt: cacheQuestion, count: length, options: .greedy, rng: &noRNG)
let fast = clock.seconds
Narrative.section()
Narrative.table(["decoding", "tokens", "seconds", "tokens/s"], [
    ["recomputed", "\(length)", Narrative.fixed(slow, 3), Narrative.fixed(Double(length) / slow, 0)],
    ["KV cache", "\(length)", Narrative.fixed(fast, 3), Narrative.fixed(Double(length) / fast, 0)],
], align: [.left, .right, .right, .right])
Narrative.say("  same tokens: \(Array(recomputed.dropFirst(cacheQuestion.count)) == cached ? "yes" : "NO")" +
              "; the cache is \(Narrative.fixed(slow / fast, 1))× faster after a \(cacheQuestion.count)-token prompt")

let transcript = must(try run.csv("transcript.csv", columns: ["turn", "user", "reply", "tokens", "reply_ms", "dropped_turns"]))
let probabilities = must(try run.csv("token_probabilities.csv", columns: ["turn", "position", "token", "probability"]))

//: ## The conversation
//: Each reply is generated with a KV cache: the conversation so far is read once, then each
//: new token costs one position of work. The conversation is kept as tokens; when the next
//: question and room for a reply would not fit the model's context, the oldest turns are
//: dropped, one message at a time, so a user's question may go while its reply stays; a single
//: message too long for the context is cut from the left. Commands start with a colon:
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
        if input.hasPrefix(":") {                 // :set, :clear, :help, :exit (Commands.swift)
            if command(input, session: session) == .exit { break }
            continue
        }
        answer(input)
    }
}

//: ## Chinese, on the RustGPT corpora
//: <!-- measured elsewhere: 1,426 1,051 2.2M 3.9 236 3.50 8.0 12 90 120,000 -->
//: The same three lessons in Chinese, on the corpora of the Chinese Rust LLM that inspired
//: this lab (1,426 statements and 1,051 dialogues, as directories of JSON files; below, `ZH` is
//: the corpus directory and `ZH/chat` its dialogues), with a model small enough to train here in
//: about twelve minutes (4 layers, width 192, context 128 characters, 2.2M parameters). It was
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
//: 8.0 min. Both ran while the machine was busy with other work, so together they took 12 min.
//:
//: **Did it learn its dialogues?** `recall.py` draws 50 training dialogues with a fixed seed
//: and asks `08-chat --prompt` each one's first question, greedily. The first sentence of the
//: reply equals the first sentence of the trained answer for 45 of the 50 (90%). For example,
//: 我想早起，但晚上总收不住。 gets 结论：早起先靠早点睡，不靠闹钟硬扛。, the first line of its
//: trained answer. The five counted as misses are not wrong replies but a limit of the script:
//: their answers are lists and tables whose first "sentence" (up to 。！？) runs over several
//: lines, while the script reads the first line of the reply; in all five the reply is the
//: answer's first line (自驾清单：, 月预算表：, …). So the first lines agree for all 50. Every
//: question, answer and reply is in [08-chat-recall.json](08-chat-recall.json).
//:
//: **Held-out and unseen questions** get Chinese in the data's own style: its refusals (我无法获取实时…。建议…),
//: its numbered lists, its polite phrasing. There are no spaces between characters, and no
//: `</s>` (the corpus's end-of-text marker) or role tokens in the text. The content is often
//: wrong or off the topic: 你喜欢什么颜色？ got 我可以帮你规则： in a session by hand. A 2.2M-parameter model trained on 120,000 characters has learned the
//: form of the answers and its training answers themselves, not the knowledge to answer new
//: questions.

//: ## How sure the model was
//: The probability the model gave each token it chose, one panel per reply, the tokens along
//: the bottom: high and flat where it recites something it learned, dipping where it had to
//: choose.

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

//: ## Exercises
//: (Give each run its own `--out`, e.g. `--out runs/08-try`, so this chapter's plots stay as
//: they are.)
//:
//: 1. **Greedy is top-k of one.** Ask the same question with `--temperature 0` and with
//:    `--top-k 1`: `swift run 08-chat --prompt "Hello!" --temperature 0 --out runs/08-try`, then
//:    the same with `--top-k 1`. The replies should be identical, token for token: keeping one
//:    candidate leaves nothing to draw. Then run `--top-k 1` with two different `--seed`s:
//:    still the same.
//: 2. **Hot and cold.** Ask with `--temperature 1.5` and three different `--seed`s, then with
//:    `--temperature 0.5`. The hot replies should differ from each other and drift from the
//:    dialogues' words; the cold ones should differ little. Compare with the entropy column of
//:    "One distribution, five ways to sample".
//: 3. **Beam search.** Ask with `--beam 4` (the length penalty defaults to `1`: scores are
//:    log-probabilities per token) and then with `--beam 4 --length-penalty 0` (raw sums,
//:    which favour short replies, since every token can only lower the sum). Check which
//:    gives the longer reply, and whether either matches the greedy one.
