// convert — a GPT-2 from one file format to another:
//
//     swift run -c release convert IN OUT --to hf        Hugging Face GPT-2 directory (transformers loads it)
//     swift run -c release convert IN OUT --to llmc      llm.c model file (version 3, fp32)
//     swift run -c release convert IN OUT --to lab       lab model (.safetensors, with its tokenizer)
//     swift run -c release convert CHECKPOINT DIR --to llmc-run   a run llm.c's train_gpt2cu resumes (-o DIR -y 1)
//
// IN is recognised by what it holds: a Hugging Face GPT-2 directory, an llm.c model file, a lab
// model or a lab training checkpoint. Everything is read and checked before anything is written,
// and OUT is written atomically: a failure leaves nothing behind.
import Foundation
import LLMLab

enum Target: String, OptionChoice {
    case hf, llmc, lab
    case llmcRun = "llmc-run"
}

struct Convert: CommandOptions {
    static let command = "convert"
    static let abstract = "Convert a GPT-2 between Hugging Face, llm.c and lab formats, or hand a lab checkpoint to llm.c's CUDA trainer."
    var input = ""
    var output = ""
    var to = Target.hf
    var weightsOnly = false
    static let fields: [OptionField<Convert>] = [
        OptionField("in", "a Hugging Face GPT-2 directory, an llm.c model file, a lab model or checkpoint", \.input).with(placement: .positional, required: true),
        OptionField("out", "where to write (a directory for hf and llmc-run, a file otherwise)", \.output).with(placement: .positional, required: true),
        .init("to", "the format to write", \.to),
        .init("weights-only", "write a model whose tokenizer is not GPT-2's to hf without tokenizer files", \.weightsOnly),
    ]

    func run() throws {
        if to == .llmcRun {
            let (step, files) = try LLMCRun.write(checkpoint: input, to: output)
            print("wrote an llm.c run at step \(step): " + files.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", "))
            print("continue it on a GPU with llm.c:  ./train_gpt2cu -o \(output) -y 1 -e \(output)/\(LLMCRun.fileNames(step: step).model) (plus your data and schedule flags)")
            return
        }
        let read = try ModelInput.read(input)
        let model = read.model
        switch to {
        case .hf:
            var note = ""
            if read.gpt2Files == nil {
                if let t = read.tokenizer, !weightsOnly {
                    throw LabError("\(input): the model's tokenizer is \(t.kind), not GPT-2's; Hugging Face's GPT-2 needs GPT-2's (add --weights-only to write the weights without tokenizer files)")
                }
                note = " (no tokenizer files: \(read.kind == .llmc ? "an llm.c model file carries none" : "the model's tokenizer is not GPT-2's"))"
            }
            try HuggingFace.writeModel(model, to: output, tokenizerFrom: read.gpt2Files)
            print("wrote \(output): config.json, model.safetensors\(read.gpt2Files == nil ? "" : ", vocab.json, merges.txt")\(note)")
        case .llmc:
            if let difference = HuggingFace.gpt2Difference(model.config) { throw LabError("\(input): llm.c's format holds GPT-2 only; the model has \(difference)") }
            try LLMC.writeModel(model, to: output)
            print("wrote \(output): llm.c model file, version 3 (fp32), vocabulary \(model.config.vocabSize) padded to \(model.config.paddedVocabSize)")
        case .lab:
            var extra: [String: String] = [:]
            if let t = read.tokenizer {          // GPT-2's too: the model file carries it whole
                (extra["tokenizer_kind"], extra["tokenizer"]) = (t.kind, t.serialized)
            }
            try model.save(to: output, extra: extra)
            print("wrote \(output): lab model, \(model.parameterCount) parameters\(extra.isEmpty ? "" : ", with its tokenizer")")
        case .llmcRun:
            break
        }
    }
}

do { try Convert.parseOrExit().options.run() } catch { fail(String(describing: error)) }
