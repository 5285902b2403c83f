import Foundation
import Testing
@testable import LLMLab

/// Hugging Face GPT-2 directories, read and written, against fixtures that transformers wrote
/// (scripts/fixtures/check-hf): the same logits and greedy tokens, the same file back out.
struct HuggingFaceTests {
    static func fixture(_ name: String) -> String { Fixture.directory.appendingPathComponent(name).path }

    /// float32, float16 and bfloat16 checkpoints give transformers' logits (computed in float32
    /// from the stored weights) within 1e-4, and its greedy tokens.
    @Test(arguments: ["hf-gpt2-tiny", "hf-gpt2-tiny-f16", "hf-gpt2-tiny-bf16"])
    func readsWhatTransformersWrote(_ name: String) throws {
        let dir = Self.fixture(name)
        let read = try ModelInput.read(dir)
        #expect(read.kind == .huggingFace)
        let model = read.model, c = model.config
        let reference = try Fixture.json(name + "/reference.json")
        let ids = reference["ids"]!.arrayValue!.map { Int32($0.intValue!) }
        var rng = RNG(seed: 0)
        let logits = model.forward(ids, batch: 1, length: ids.count, rng: &rng)
        var worst: Float = 0
        for (t, row) in reference["logits"]!.arrayValue!.enumerated() {
            for (j, x) in row.arrayValue!.enumerated() {
                let expected: Float
                switch x { case .double(let d): expected = Float(d); case .int(let i): expected = Float(i); default: expected = .nan }
                worst = max(worst, abs(logits.pointer[t * c.paddedVocabSize + j] - expected))
            }
        }
        #expect(worst < 1e-4, "max |logit difference| \(worst)")
        let prompt = reference["greedy_prompt"]!.arrayValue!.map { Int32($0.intValue!) }
        let greedy = Sampler.generate(model, prompt: prompt, count: 16, options: .greedy, rng: &rng)
        #expect(greedy == reference["greedy"]!.arrayValue!.map { Int32($0.intValue!) })
    }

    /// Written back out, the directory has GPT-2's config and exactly the tensors transformers
    /// wrote, number for number; read again, the same model.
    @Test func writesWhatTransformersReads() throws {
        let source = Self.fixture("hf-gpt2-tiny")
        let model = try HuggingFace.readModel(source)
        let out = try temporaryDirectory() + "/gpt2"
        try HuggingFace.writeModel(model, to: out)
        let config = try JSONDecoder().decode(JSONValue.self, from: try Data(contentsOf: URL(fileURLWithPath: out + "/config.json")))
        #expect(config["model_type"] == "gpt2" && config["architectures"] == ["GPT2LMHeadModel"])
        #expect(config["activation_function"] == "gelu_new" && config["layer_norm_epsilon"] == .double(1e-5))
        #expect(config["n_embd"] == .int(32) && config["n_layer"] == .int(2) && config["n_head"] == .int(4))
        #expect(config["n_positions"] == .int(32) && config["vocab_size"] == .int(96))
        for key in ["resid_pdrop", "embd_pdrop", "attn_pdrop"] { #expect([.double(0), .int(0)].contains(config[key]), "\(key)") }
        let theirs = try SafeTensors.read(source + "/model.safetensors"), ours = try SafeTensors.read(out + "/model.safetensors")
        #expect(ours.metadata["format"] == "pt")
        let weights = Set(theirs.tensors.keys.filter { !$0.hasSuffix(".attn.bias") && !$0.hasSuffix(".attn.masked_bias") && $0 != "lm_head.weight" })
        #expect(Set(ours.tensors.keys) == weights)
        for name in weights {
            #expect(ours.tensors[name]!.shape == theirs.tensors[name]!.shape, "\(name)")
            #expect(ours.tensors[name]!.values == theirs.tensors[name]!.values, "\(name)")
        }
        let back = try HuggingFace.readModel(out)
        #expect(back.config == model.config)
        for (p, q) in zip(back.parameters, model.parameters) { #expect(p.value.values == q.value.values, "\(p.name)") }
    }

    /// Models GPT-2 cannot hold are refused in one line that names the difference, and nothing
    /// is written; so is a directory that exists already.
    @Test func refusesWhatIsNotGPT2() throws {
        let dir = try temporaryDirectory()
        var c = GPTConfig(vocabSize: 20, paddedVocabSize: 64, blockSize: 8, layers: 1, heads: 2, channels: 8)
        c.norm = .post
        c.positions = .sinusoidal
        let error = #expect(throws: LabError.self) { try HuggingFace.writeModel(GPT(c), to: dir + "/out") }
        #expect(error?.description.contains("post-LN") == true && error?.description.contains("sinusoidal") == true)
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
        let existing = #expect(throws: LabError.self) { try HuggingFace.writeModel(try HuggingFace.readModel(Self.fixture("hf-gpt2-tiny")), to: dir) }
        #expect(existing?.description.contains("already exists") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    /// Damaged directories: one line naming the file and what is wrong.
    @Test func damagedDirectoriesGiveOneLineErrors() throws {
        let source = Self.fixture("hf-gpt2-tiny")
        func damaged(_ change: (String) throws -> Void) throws -> String {
            let dir = try temporaryDirectory() + "/model"
            try FileManager.default.copyItem(atPath: source, toPath: dir)
            try change(dir)
            let error = #expect(throws: LabError.self) { _ = try ModelInput.read(dir) }
            let text = error?.description ?? ""
            #expect(!text.contains("\n"))
            return text
        }
        func editConfig(_ dir: String, _ key: String, _ value: Any) throws {
            let path = dir + "/config.json"
            var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
            json[key] = value
            try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        }
        #expect(try damaged { try FileManager.default.removeItem(atPath: $0 + "/config.json") }.contains("without config.json"))
        #expect(try damaged { try editConfig($0, "model_type", "bert") }.contains("model_type 'bert'"))
        #expect(try damaged { try editConfig($0, "activation_function", "relu") }.contains("activation_function 'relu'"))
        #expect(try damaged { try editConfig($0, "n_embd", 48) }.contains("has shape"))
        #expect(try damaged { try editConfig($0, "n_layer", 3) }.contains("missing tensor transformer.h.2."))
        #expect(try damaged { dir in
            let path = dir + "/model.safetensors"
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
        }.contains("truncated"))
        #expect(try damaged { dir in
            // a tensor stored as 64-bit integers
            let path = dir + "/model.safetensors"
            var data = try Data(contentsOf: URL(fileURLWithPath: path))
            let header = String(decoding: data[8..<(8 + Int(data[0]) + Int(data[1]) << 8)], as: UTF8.self)
            let changed = header.replacingOccurrences(of: "\"F32\"", with: "\"I64\"")
            data.replaceSubrange(8..<(8 + header.utf8.count), with: Data(changed.utf8))
            try data.write(to: URL(fileURLWithPath: path))
        }.contains("I64"))
        #expect(try damaged { try FileManager.default.removeItem(atPath: $0 + "/model.safetensors") }.contains("no model.safetensors"))
    }
}

/// A lab checkpoint handed to llm.c's CUDA trainer: the state file read back field by field.
struct LLMCRunTests {
    @Test func stateHoldsTheCheckpointsAdamWMomentsAndWeights() throws {
        let dir = try temporaryDirectory()
        var c = TrainerTests.tinyConfig(dir)
        c.steps = 6
        c.evalInterval = 3
        c.dropout = 0
        let trainer = try Trainer(config: c, data: try TrainerTests.prepare(c, dir), runDir: dir)
        _ = try trainer.run()
        let checkpoint = try #require(try Checkpoint.latest(in: dir + "/checkpoints"))
        let loaded = try Checkpoint.load(checkpoint)
        let (step, files) = try LLMCRun.write(checkpoint: checkpoint, to: dir + "/llmc")
        #expect(step == 6)
        #expect(files.map { URL(fileURLWithPath: $0).lastPathComponent } == ["model_00000006.bin", "state_00000006_00000.bin", "DONE_00000006"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: files[2])).isEmpty)

        let lab = loaded.model.config, cuda = LLMCRun.cudaConfig(lab)
        #expect(cuda.paddedVocabSize % 128 == 0 && cuda.paddedVocabSize >= lab.vocabSize)
        let state = try LLMCRun.readState(files[1], config: cuda)
        #expect(Array(state.header[0...5]) == [20240527, 1, 1, 0, 1, 0])
        #expect(state.step == 6 && state.rngState == 13371337 && state.rngLast == 13371337 && state.shard == 0 && state.sample == 0)
        // walk llm.c's order by hand: each tensor, each layer; the token table's padding rows are zero
        var at = 0
        for (name, shape, ours) in LLMC.layout(cuda) {
            let perLayer = LLMC.isPerLayer(name)
            for layer in 0..<(perLayer ? shape[0] : 1) {
                let lab = ours(perLayer ? layer : nil)
                let size = shape.reduce(1, *) / (perLayer ? shape[0] : 1)
                for (array, tensor) in [(state.m, loaded.file.tensors["m." + lab]!), (state.v, loaded.file.tensors["v." + lab]!),
                                        (state.master, loaded.file.tensors[lab]!)] {
                    let real = name == "wte" ? loaded.model.config.vocabSize * loaded.model.config.channels : size
                    #expect(Array(array[at..<(at + real)]) == Array(tensor.values.prefix(real)), "\(name) layer \(layer)")
                    #expect(array[(at + real)..<(at + size)].allSatisfy { $0 == 0 }, "\(name) padding")
                }
                at += size
            }
        }
        #expect(at == state.m.count)
        // the model file: the same weights, the vocabulary padded to a multiple of 128
        let model = try LLMC.readModel(files[0])
        #expect(model.config.paddedVocabSize == cuda.paddedVocabSize)
        #expect(LLMC.flatten(model) == state.master)
    }

    /// Read back into a fresh model and AdamW, the run continues exactly as the checkpoint does:
    /// the same m, v and weights, and after one more update with the same gradient, the same
    /// weights again (the token table's padding rows, never predicted, aside).
    @Test func readsBackAndContinuesIdentically() throws {
        let dir = try temporaryDirectory()
        var c = TrainerTests.tinyConfig(dir)
        c.steps = 6
        c.evalInterval = 3
        _ = try Trainer(config: c, data: try TrainerTests.prepare(c, dir), runDir: dir).run()
        let checkpoint = try #require(try Checkpoint.latest(in: dir + "/checkpoints"))
        _ = try LLMCRun.write(checkpoint: checkpoint, to: dir + "/llmc")
        let loaded = try Checkpoint.load(checkpoint)
        let a = loaded.model
        let adamA = Adam(a.parameters, decoupled: true, beta1: c.beta1, beta2: c.beta2, weightDecay: c.weightDecay)
        try loaded.restore(adamA)
        let b = GPT(a.config)
        let adamB = Adam(b.parameters, decoupled: true, beta1: c.beta1, beta2: c.beta2, weightDecay: c.weightDecay)
        #expect(try LLMCRun.restore(from: dir + "/llmc", into: b, optimizer: adamB) == 6)
        #expect(adamB.step == adamA.step)
        let real = a.config.vocabSize * a.config.channels
        func same() -> Bool {
            zip(a.parameters.indices, a.parameters).allSatisfy { i, p in
                let n = p.name == "wte.weight" ? real : p.count
                return [(p.value, b.parameters[i].value), (adamA.m[i], adamB.m[i]), (adamA.v[i], adamB.v[i])].allSatisfy {
                    Array($0.0.values.prefix(n)) == Array($0.1.values.prefix(n))
                }
            }
        }
        #expect(same())
        var rng = RNG(seed: 9)
        for (p, q) in zip(a.parameters, b.parameters) {
            p.grad.fillNormal(&rng, std: 0.01)
            q.grad.copy(from: p.grad)
        }
        adamA.update(lr: 1e-3, gradScale: 1)
        adamB.update(lr: 1e-3, gradScale: 1)
        #expect(same())
        #expect(throws: LabError.self) { _ = try LLMCRun.restore(from: dir, into: b, optimizer: adamB) }
        // as a model file: the run directory reads as its master weights
        let read = try ModelInput.read(dir + "/llmc")
        #expect(read.kind == .llmcRun && read.model.config.paddedVocabSize % 128 == 0)
        let saved = loaded.file.tensors["wte.weight"]!
        #expect(Array(read.model.wte.table.value.values.prefix(real)) == Array(saved.values.prefix(real)), "the token table differs")
    }

    @Test func refusesWhatLLMCannotContinue() throws {
        let dir = try temporaryDirectory()
        var c = TrainerTests.tinyConfig(dir)
        c.steps = 3
        c.evalInterval = 3
        c.optimizer = .sgd
        _ = try Trainer(config: c, data: try TrainerTests.prepare(c, dir), runDir: dir).run()
        let checkpoint = try #require(try Checkpoint.latest(in: dir + "/checkpoints"))
        let error = #expect(throws: LabError.self) { _ = try LLMCRun.write(checkpoint: checkpoint, to: dir + "/llmc") }
        #expect(error?.description.contains("AdamW") == true)
        #expect(!FileManager.default.fileExists(atPath: dir + "/llmc"))
    }
}

/// The `convert` command on bad input: one line on standard error, a non-zero exit, and
/// nothing written where OUT was to go.
struct ConvertCommandTests {
    func convert(_ arguments: [String]) throws -> (status: Int32, errors: String) {
        try runBinary(try #require(builtBinary("convert"), "build convert first: swift build"), arguments)
    }

    @Test func badInputWritesNothing() throws {
        let dir = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true)
        try Data("not a model".utf8).write(to: URL(fileURLWithPath: dir + "/junk.bin"))
        let fixture = HuggingFaceTests.fixture("hf-gpt2-tiny")
        for (input, target, expected) in [(dir + "/empty", "llmc", "without config.json"), (dir + "/junk.bin", "hf", "not a model the lab reads"),
                                         (dir + "/missing", "lab", "no such file"), (fixture, "llmc-run", "training checkpoint"),
                                         (fixture, "hf", "already exists")] {
            let out = target == "hf" && expected == "already exists" ? dir + "/empty" : dir + "/out-" + target
            let (status, errors) = try convert([input, out, "--to", target])
            #expect(status != 0, "\(input) --to \(target)")
            #expect(errors.contains(expected) && errors.split(separator: "\n").count == 1, "\(errors)")
            if out != dir + "/empty" { #expect(!FileManager.default.fileExists(atPath: out), "\(out)") }
        }
        // a good conversion, for contrast: llm.c's file, read back as the same weights
        let (status, errors) = try convert([fixture, dir + "/tiny.bin", "--to", "llmc"])
        #expect(status == 0, "\(errors)")
        let back = try LLMC.readModel(dir + "/tiny.bin"), original = try HuggingFace.readModel(fixture)
        for (p, q) in zip(back.parameters, original.parameters) { #expect(p.value.values == q.value.values, "\(p.name)") }
    }
}
