//: # Lesson 01 · Tokenizers: how text becomes numbers
//:
//: A language model never sees letters. It reads and writes *integers*, one per **token**, and a
//: tokenizer is the two-way dictionary between text and those integers. Its choices decide how
//: long every sequence is, what the model can spell, and how much each step of training costs.
//:
//: We build three tokenizers in stages, each fixing the previous one's weakness:
//:
//: 1. **characters**: one token per character; simple, but every unseen character is a problem;
//: 2. **bytes**: one token per UTF-8 byte; nothing is ever unknown, but sequences get long
//:    (a Chinese character is three bytes);
//: 3. **byte-level BPE**: start from bytes and *learn* to merge frequent neighbours into new
//:    tokens, as GPT-2 does; short sequences and nothing unknown.
//:
//: Run it with `swift run 01-tokenizer` (the built-in English and Chinese corpora) or point it at
//: any text with `--data FILE`. `--help` lists every option.

import Foundation
import LLMLab

let options = Options.parseOrExit().options
let vocabSize = options.vocabSize
let corpus = must(try Corpus.load(options.data, orBuiltin: .both))
let (trainText, heldOutText) = must(try corpus.split(trainFraction: options.trainFraction))
let run = must(try LessonRun(lesson: "01-tokenizer", common: options.common, config: [
    "data": .string(corpus.source), "vocab_size": .int(vocabSize), "train_fraction": .double(options.trainFraction),
    "english": .string(options.english), "chinese": .string(options.chinese),
]))

Narrative.title()

//: ## The corpus
//: Everything a tokenizer knows comes from the text it was built on. We keep the last tenth of
//: the corpus aside (split by position, at a line break) to see how well what was learned on
//: the first nine tenths carries over to text it has not seen.

Narrative.section()
Narrative.facts([
    ("source", corpus.source),
    ("documents", "\(corpus.documents.count)"),
    ("characters", "\(trainText.unicodeScalars.count + heldOutText.unicodeScalars.count)"),
    ("UTF-8 bytes", "\(trainText.utf8.count + heldOutText.utf8.count)"),
    ("training part", "\(trainText.utf8.count) bytes"),
    ("held-out part", "\(heldOutText.utf8.count) bytes"),
])
let firstLines = corpus.documents.prefix(2).map { String($0.prefix(60)) }
Narrative.say("  first documents: " + firstLines.map { "“\($0)”" }.joined(separator: "  "))

//: ## Stage 1: characters
//: The simplest tokenizer gives each distinct character of the training text its own id. Here
//: a character is a Unicode scalar, so `é` written as `e` + a combining accent is two.
//: Two ids are reserved: 0 is `<unk>`, for any character training never showed (the model
//: cannot tell them apart, and they decode as `�`), and 1 is `<|endoftext|>`, which later
//: lessons put between documents. The first weakness is plain: one unseen emoji and
//: information is lost.

Narrative.section()
let chars = CharTokenizer(corpus: trainText)
Narrative.say("  vocabulary: \(chars.vocabSize) tokens (2 reserved + \(chars.characters.count) characters)")
let showChars = chars.characters.prefix(48).map { TokenDisplay.visible(String($0)) }.joined(separator: " ")
Narrative.say("  the first of them, in code-point order: \(showChars) …")
let englishIDs = chars.encode(options.english)
Narrative.say("  “\(options.english)”")
Narrative.say("    → \(englishIDs.count) tokens: \(englishIDs.prefix(20).map(String.init).joined(separator: " "))\(englishIDs.count > 20 ? " …" : "")")
let strange = "Zebras 🦓 love naïve jazz!"
Narrative.say("  “\(strange)” has \(chars.unknownCount(strange)) character(s) never seen in training;")
Narrative.say("    decoded back it reads “\(chars.decode(chars.encode(strange)))”")

//: ## Stage 2: bytes
//: Every string is a sequence of UTF-8 bytes, and there are only 256 byte values. A tokenizer
//: whose vocabulary is the 256 bytes can encode anything, and decoding is exact. The price is
//: length: an English letter is one byte, a Chinese character three, an emoji four. Longer
//: sequences mean more work per sentence and less text in the model's context window.

Narrative.section()
var byteRows: [[String]] = []
for sample in [options.english, options.chinese, strange] {
    let scalars = sample.unicodeScalars.count, bytes = sample.utf8.count
    byteRows.append([String(sample.prefix(24)) + (sample.count > 24 ? "…" : ""), "\(scalars)", "\(bytes)",
                     Narrative.fixed(Double(bytes) / Double(scalars), 2)])
}
Narrative.table(["text", "characters", "bytes", "bytes/char"], byteRows, align: [.left, .right, .right, .right])
let han = options.chinese.unicodeScalars.first.map { String($0) } ?? "语"
Narrative.say("  “\(han)” is the bytes \(han.utf8.map { TokenDisplay.hex($0) }.joined(separator: " ")): a byte tokenizer spends three tokens on it.")

//: ## Pre-splitting
//: BPE will merge frequent neighbours, but some merges are harmful: `dog.` and `dog!` and
//: `dog?` should not become three unrelated tokens. GPT-2 therefore first cuts text into
//: chunks with a regular expression (letters, digits, other symbols, each optionally led by
//: one space; whitespace; English contractions) and never merges across a chunk boundary.
//: `PreTokenizer` is that expression written as a scanner; the tests hold it against Python's
//: `regex`. A run of Chinese characters is one chunk: Han characters are letters.

Narrative.section()
let splitExample = "Hello world's  end!! 我们学习语言。 It costs 42 dollars."
Narrative.say("  “\(splitExample)”")
Narrative.say("    → " + PreTokenizer.chunks(splitExample).map { "[\(TokenDisplay.visible($0))]" }.joined())

//: ## Stage 3: training byte-level BPE
//: Byte-pair encoding starts from the 256 byte tokens. Count every adjacent pair of tokens in
//: the (pre-split) training text, make the most frequent pair a new token, replace it
//: everywhere, and repeat until the vocabulary is full. Merge `r` creates token `256 + r`.
//:
//: Counting all pairs again after every merge would be slow. Instead we count once, keep the
//: counts in a table, and after each merge revisit only the distinct words that contained the
//: merged pair, subtracting their old pairs and adding their new ones; a heap hands us the
//: next most frequent pair. Ties go to the smaller pair, so training is deterministic.

Narrative.section()
let trainBytes = trainText.utf8.count
let progress = ProgressBar("training BPE", total: vocabSize - 257)
var steps: [BPETokenizer.MergeStep] = []
let bpe = must(try BPETokenizer.train(trainText, vocabSize: vocabSize) { step in
    steps.append(step)
    progress.update(step.rank + 1)
})
progress.finish(done: bpe.merges.count, note: "vocabulary \(bpe.vocabSize)")
if bpe.merges.count < vocabSize - 257 {
    Narrative.say("  (stopped early: no pair occurs twice any more, so the vocabulary has \(bpe.vocabSize) tokens, not \(vocabSize))")
}
let mergesCSV = must(try run.csv("merges.csv", columns: ["merge", "token_id", "left_id", "right_id", "token", "count", "train_tokens"]))
for step in steps {
    let id = Int32(256 + step.rank)
    must(try mergesCSV.row(["merge": step.rank, "token_id": Int(id), "left_id": Int(step.pair.0), "right_id": Int(step.pair.1),
                            "token": bpe.piece(id), "count": step.count, "train_tokens": step.tokens]))
}
Narrative.say("  the first merges, and the strings they create:")
var mergeRows: [[String]] = []
for (r, (a, b)) in bpe.merges.prefix(15).enumerated() {
    let id = Int32(256 + r)
    mergeRows.append(["\(r)", "\(id)", "[\(bpe.piece(a))] + [\(bpe.piece(b))]", "[\(bpe.piece(id))]"])
}
Narrative.table(["merge", "id", "pair", "new token"], mergeRows, align: [.right, .right, .left, .left])
let longest = (256..<(256 + bpe.merges.count)).map { Int32($0) }.max { bpe.tokenBytes[Int($0)].count < bpe.tokenBytes[Int($1)].count }
if let longest { Narrative.say("  longest token learned: [\(bpe.piece(longest))] (\(bpe.tokenBytes[Int(longest)].count) bytes)") }

//: ## Compression
//: What did the merges buy? *Bytes per token*: how much text one token carries on average.
//: Bytes alone give exactly 1.0; every merge raises it. On the training text the numbers come
//: straight out of training, and encoding the training text gives exactly the same count (the
//: tests check it). On the held-out text we encode with the first *n* merges only. A gap between
//: the two curves is the tokenizer fitting its training text: merges of whole phrases that
//: never come back. Some of that is wanted, too much is memorising.

Narrative.section()
let compression = must(try run.csv("compression.csv", columns: ["vocab_size", "merges", "train_bytes_per_token", "heldout_bytes_per_token"]))
let heldOutEvery = max(1, bpe.merges.count / 32)
var compressionRows: [[String]] = []
for m in 0...bpe.merges.count {
    let trainTokens = m == 0 ? trainBytes : steps[m - 1].tokens
    var row: [String: any CSVValue] = ["vocab_size": 257 + m, "merges": m, "train_bytes_per_token": Double(trainBytes) / Double(trainTokens)]
    let inTable = [0, 64, 128, 256, 512, 1024, 2048, 4096].contains(m) || m == bpe.merges.count
    if (m % heldOutEvery == 0 || inTable), !heldOutText.isEmpty {
        let heldOutTokens = bpe.truncated(to: m).encode(heldOutText).count
        row["heldout_bytes_per_token"] = Double(heldOutText.utf8.count) / Double(heldOutTokens)
        if inTable {
            compressionRows.append(["\(257 + m)", Narrative.fixed(Double(trainBytes) / Double(trainTokens), 2),
                                    Narrative.fixed(Double(heldOutText.utf8.count) / Double(heldOutTokens), 2)])
        }
    }
    must(try compression.row(row))
}
Narrative.table(["vocabulary", "train bytes/token", "held-out bytes/token"], compressionRows, align: [.right, .right, .right])
let compressionPlot = run.plotPath("compression.png")
let plotted = must(try run.plotter.lines(csv: compression.path, x: "vocab_size",
                              series: [.init("train_bytes_per_token", title: "training text"),
                                       .init("heldout_bytes_per_token", title: "held-out text", style: .linespoints)],
                              to: compressionPlot, title: "Compression as the BPE vocabulary grows",
                              xlabel: "vocabulary size (tokens)", ylabel: "UTF-8 bytes per token"))
if plotted { Narrative.say("  plot: \(compressionPlot)") }

//: ## Encoding sentences
//: Now the learned vocabulary at work. Each `[piece]` is one token; `␣` marks a space, which
//: GPT-2-style tokens carry at their *front* (` the`, not `the `). In Chinese, frequent
//: characters and words become single tokens, while rare characters fall back to their
//: bytes (`<e8>` and friends): nothing is ever unknown. Decoding the ids gives back the exact
//: input, byte for byte.

Narrative.section()
for sentence in [options.english, options.chinese] {
    let ids = bpe.encode(sentence)
    Narrative.say("  “\(sentence)”")
    Narrative.say("    → \(ids.count) tokens (\(sentence.utf8.count) bytes, \(sentence.unicodeScalars.count) characters): " + ids.map { "[\(bpe.piece($0))]" }.joined())
    Narrative.say("    ids: " + ids.map(String.init).joined(separator: " "))
    Narrative.say("    decode(encode(s)) == s: \(bpe.decode(ids) == sentence ? "yes" : "NO")")
}

//: ## Three tokenizers on one Chinese sentence
//: Chinese has no spaces, so "words" are not given. A third kind of tokenizer finds them:
//: jieba's algorithm looks up every dictionary word that could start at each character and
//: picks the split whose words are, together, most probable (`swift run 05-pretrain --lang zh
//: --tokenizer words` trains on its words). Side by side on the same sentence, with vocabularies built from this
//: run's training text: characters give one token per character and no way to spell an
//: unseen one; BPE learns pieces from frequency alone, mixing whole words with byte
//: fragments; words follow the language's own units, but need a dictionary and a vocabulary
//: entry per word, and spell rare words out character by character.

Narrative.section()
var words: WordTokenizer?
do { words = WordTokenizer(training: trainText, segmenter: try WordSegmenter.load(options.dict)) } catch {
    Narrative.say("  (word tokenizer skipped: \(error))")      // the dictionary is not installed
}
let sentence = options.chinese
var shown: [(String, any Tokenizer)] = [("characters", chars), ("byte-level BPE", bpe)]
if let words { shown.append(("words (jieba)", words)) }
for (name, tok) in shown {
    let ids = tok.encode(sentence)
    Narrative.say("  \(name.padding(toLength: 15, withPad: " ", startingAt: 0)) \(ids.count) tokens of \(tok.vocabSize): " + ids.map { "[\(tok.piece($0))]" }.joined())
}

//: ## What tokens do to text
//: The model sees ids, never letters, and that has consequences you can read off the merges.
//:
//: - **Numbers.** The pre-splitter keeps a run of digits together, and inside it BPE merges
//:   digits only as often as the training text repeats them. This corpus has few numbers, so
//:   (see the count under the table) no merge joins two digits: a number costs one token per
//:   digit, plus one for a leading space. A tokenizer trained on web text, like GPT-2's, does merge frequent digit groups,
//:   and then numbers split into pieces of uneven size, different for each number, which is
//:   one reason small models are bad at arithmetic.
//: - **Spaces and case.** ` Hello`, `Hello`, `hello` and ` hello` are four different id
//:   sequences (compare the ids): the capitalised ones are built from other pieces than the
//:   lower-case ones, and a leading space changes the pieces again (or, here, adds a token of
//:   its own). Whatever the model learns about one spelling it must learn again for the others.
//: - **Spelling.** A word that is one token reaches the model as one number. How many letters
//:   it has, and which, is not in the input; the model can only know it from what the
//:   training text happened to say about that number.

Narrative.section()
let probes = [" 7", " 42", " 100", " 1234", "1234", " 2024", " 12345", " Hello", "Hello", "hello", " hello", " HELLO", " learns", " learnt"]
var probeRows: [[String]] = []
for probe in probes {
    let ids = bpe.encode(probe)
    probeRows.append(["“\(TokenDisplay.visible(probe))”", "\(ids.count)", ids.map { "[\(bpe.piece($0))]" }.joined(), ids.map(String.init).joined(separator: " ")])
}
Narrative.table(["text", "tokens", "pieces", "ids"], probeRows, align: [.left, .right, .left, .left])
let wholeWords = bpe.encode(options.english).filter { bpe.tokenBytes[Int($0)].count >= 4 && bpe.tokenBytes[Int($0)].allSatisfy { $0 == 32 || (65...122).contains($0) } }
if let word = wholeWords.max(by: { bpe.tokenBytes[Int($0)].count < bpe.tokenBytes[Int($1)].count }) {
    let letters = bpe.tokenBytes[Int(word)].filter { $0 != 32 }.count
    Narrative.say("  [\(bpe.piece(word))] is one token, id \(word): its \(letters) letters are not in the input at all")
}
let isDigit = { (b: UInt8) in (48...57).contains(b) }
let digitMerges = bpe.merges.indices.filter { bpe.tokenBytes[256 + $0].filter(isDigit).count >= 2 }.count
let digitShare = Double(trainText.utf8.filter(isDigit).count) / Double(max(1, trainBytes))
Narrative.say("  merges that join two digits: \(digitMerges) of \(bpe.merges.count) (digits are \(String(format: "%.2f%%", 100 * digitShare)) of the training bytes)")

//: ## Chinese at this vocabulary size
//: On the Chinese sentence, BPE used no fewer tokens than the character tokenizer, although
//: about half of the training bytes are Chinese and the merges went where the bytes are. The
//: reason is arithmetic. A Chinese character is three bytes, so BPE needs one or two merges per
//: character just to get back to where the character tokenizer starts, and Chinese text uses
//: hundreds of distinct characters, each rarer than any English letter. Rebuilding every
//: character would take at least one merge each, about the whole budget; BPE spends it on
//: the commonest characters and a few frequent words, and leaves the rest as byte pieces,
//: which cost two or three tokens where the character tokenizer spends one. The table counts
//: where the merges went; the last line measures the held-out Chinese text both ways. A
//: vocabulary several times larger helps on text BPE was trained on, but on held-out Chinese
//: this small corpus only lets it draw level with characters (an exercise below).

Narrative.section()
let hanScalars = trainText.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) }
let distinctHan = Set(hanScalars.map { String($0) })
let hanAsOneToken = distinctHan.filter { bpe.encode($0).count == 1 }.count
let nonASCIIMerges = bpe.merges.indices.filter { bpe.tokenBytes[256 + $0].contains { $0 >= 0x80 } }
let wholeHanTokens = nonASCIIMerges.filter { r in
    let text = String(decoding: bpe.tokenBytes[256 + r], as: UTF8.self)
    return !text.contains("\u{FFFD}") && text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
}
let multiHan = wholeHanTokens.filter { String(decoding: bpe.tokenBytes[256 + $0], as: UTF8.self).unicodeScalars.count > 1 }
let nonASCIIBytes = trainText.utf8.filter { $0 >= 0x80 }.count
Narrative.table(["", "count"], [
    ["share of the training bytes outside ASCII (mostly Chinese)", String(format: "%.1f%%", 100 * Double(nonASCIIBytes) / Double(max(1, trainBytes)))],
    ["merges that make a token with non-ASCII bytes", "\(nonASCIIMerges.count) of \(bpe.merges.count)"],
    ["  of them, whole Chinese text (one character or more)", "\(wholeHanTokens.count)"],
    ["  of them, two characters or more (a word)", "\(multiHan.count)"],
    ["distinct Chinese characters in the training text", "\(distinctHan.count)"],
    ["  of them, one BPE token", "\(hanAsOneToken)"],
], align: [.left, .right])
let heldOutHan = heldOutText.split(separator: "\n").filter { $0.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }.joined(separator: "\n")
if !heldOutHan.isEmpty {
    let c = chars.encode(heldOutHan).count, b = bpe.encode(heldOutHan).count
    Narrative.say("  held-out Chinese lines: \(c) character tokens, \(b) BPE tokens (\(Narrative.fixed(Double(b) / Double(c), 2)) BPE tokens per character token)")
}

//: ## Special tokens
//: Some tokens are not text at all: `<|endoftext|>` marks where one document ends and the next
//: begins, and later lessons add role markers for chat. They get ids after the merges, and
//: ordinary text can never produce them: a user who *types* `<|endoftext|>` gets the bytes of
//: that string, not the control token. Only code that means it (`encode(_:allowingSpecials:)`,
//: or appending the id) can insert one.

Narrative.section()
let eot = bpe.specialIDs[BPETokenizer.endOfText]!
let typed = "end.<|endoftext|>Next"
let plain = bpe.encode(typed), special = bpe.encode(typed, allowingSpecials: true)
Narrative.say("  <|endoftext|> has id \(eot), the last of the \(bpe.vocabSize)")
Narrative.say("  typed as text:       " + plain.map { "[\(bpe.piece($0))]" }.joined() + "  (\(plain.contains(eot) ? "contains" : "no") special token)")
Narrative.say("  allowing specials:   " + special.map { "[\(bpe.piece($0))]" }.joined() + "  (\(special.contains(eot) ? "contains" : "no") special token)")

//: ## Saving and loading
//: A tokenizer is part of a model: the same text must always give the same ids. We save the
//: merges to a small text file (one merge per line, ids only) and beside it a listing for
//: people: every token with its text and the two pieces it was made from. Loading it back
//: must give a tokenizer that encodes identically.

Narrative.section()
let tokenizerPath = run.path("tokenizer.bpe")
must(try bpe.save(to: tokenizerPath))
let loaded = must(try BPETokenizer.load(from: tokenizerPath))
let check = options.english + " " + options.chinese
Narrative.say("  saved \(tokenizerPath) and \(run.path("tokenizer.vocab"))")
Narrative.say("  loaded back: \(loaded.vocabSize) tokens; encodes the examples identically: \(loaded.encode(check) == bpe.encode(check) ? "yes" : "NO")")
Narrative.say("  the last lines of the listing:")
for line in bpe.vocabListing().split(separator: "\n").suffix(4) { Narrative.say("    " + line.replacingOccurrences(of: "\t", with: "  ")) }

//: ## What we made
//: The run leaves its evidence on disk: `merges.csv` (every merge, in order), `compression.csv`
//: (the curve above), the tokenizer files, the plot with its gnuplot script, and `run.json`
//: with the resolved options, seed and versions. The same options give byte-identical CSVs.

Narrative.section()
let heldOutFinal = heldOutText.isEmpty ? 0 : Double(heldOutText.utf8.count) / Double(bpe.encode(heldOutText).count)
let trainFinal = Double(trainBytes) / Double(steps.last?.tokens ?? trainBytes)
Narrative.facts([
    ("vocabulary", "\(bpe.vocabSize) tokens (256 bytes + \(bpe.merges.count) merges + 1 special)"),
    ("compression", "\(Narrative.fixed(trainFinal, 2)) bytes/token on training text, \(Narrative.fixed(heldOutFinal, 2)) held out"),
    ("run directory", run.runDir + "/ (merges.csv, compression.csv, tokenizer.bpe, tokenizer.vocab, run.json)"),
    ("plots", run.plotDir + (plotted ? "/ (compression.png + compression.gp)" : "/ (compression.gp; PNG skipped, gnuplot missing)")),
])
must(try run.finish(results: [
    "vocab_size": .int(bpe.vocabSize), "merges": .int(bpe.merges.count),
    "train_bytes_per_token": .double(trainFinal), "heldout_bytes_per_token": .double(heldOutFinal),
]))

//: ## Exercises
//: 1. **Numbers in pieces.** Make a corpus of numbers and train on it:
//:    `seq 1 20000 | tr '\n' ' ' > runs/numbers.txt`, then
//:    `swift run 01-tokenizer --data runs/numbers.txt --out runs/01-numbers`. Check in "What
//:    tokens do to text" that digits now merge (the count of digit merges goes from `0` to
//:    hundreds) and that numbers split into pieces of uneven size, each in its own way:
//:    ` 2024` as `␣2` + `024`, ` 12345` as `␣12` + `345`.
//: 2. **A bigger vocabulary for Chinese.** Run `swift run 01-tokenizer --vocab-size 4096 --out runs/01-4096`.
//:    Training stops early, at about `2,000` merges, when no pair occurs twice. The Chinese
//:    sentence should now take fewer BPE tokens than characters (about `10` instead of `17`),
//:    while the held-out Chinese ratio only falls to about `1.00`. Explain the difference: look
//:    at which pieces the sentence is cut into, and ask whether they are words.
//: 3. **Fitting the training text.** Run with `--train-fraction 0.5 --out runs/01-half` and compare the
//:    compression table with this chapter's. With half the text to learn from (and more
//:    held out), the training curve should climb higher and the held-out curve lower: at
//:    `1024` tokens the gap between them grows from about `0.2` to about `0.6` bytes per token.
//:    The merges are fitting the text they were trained on.
