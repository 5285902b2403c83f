import Foundation
import LabBase
import LabNN
import LabOptim
import LabFormats

/// A lab training run handed to llm.c's CUDA trainer (`train_gpt2cu`), which resumes from a
/// directory holding, for step N:
///
///     model_0000000N.bin        the model, llm.c's format version 3 (fp32), vocabulary padded to a multiple of 128
///     state_0000000N_00000.bin  the optimizer state of process 0 (llm.c's `save_state`)
///     DONE_0000000N             empty: the checkpoint is complete
///
/// The state file is 256 int32 of header, then AdamW's m, then v, then the fp32 master weights,
/// each over every parameter in llm.c's order (the padded vocabulary rows included, zeros):
///
///     [0] 20240527 magic   [1] 1 version   [2] 1 process   [3] rank 0   [4] 1 master weights
///     [5] 0 no shuffling   [10] step       u64 [20] RNG state, u64 [22] its last value
///     size_t [30] data shard, size_t [32] sample position
///
/// llm.c's update draws from its RNG only for stochastic rounding to bf16; the lab has no such
/// state, so both RNG fields hold llm.c's own starting value, 13371337. The data loader starts
/// at shard 0, sample 0: the lab's batches are not llm.c's. The learning-rate schedule is not
/// in the file: llm.c recomputes it from its flags and the step.
public enum LLMCRun {
    public static let stateMagic: Int32 = 20240527
    public static let rngStart: UInt64 = 13371337

    /// GPT-2's shape with the vocabulary padded to a multiple of 128, as `train_gpt2cu` pads it.
    public static func cudaConfig(_ c: GPTConfig) -> GPTConfig {
        var padded = c
        padded.paddedVocabSize = (c.vocabSize + 127) / 128 * 128
        return padded
    }

    /// The three file names for `step`.
    public static func fileNames(step: Int) -> (model: String, state: String, done: String) {
        (String(format: "model_%08d.bin", step), String(format: "state_%08d_00000.bin", step), String(format: "DONE_%08d", step))
    }

    /// Writes the run directory for a lab checkpoint (AdamW, GPT-2-shaped). Everything is read
    /// and checked first; each file is written atomically, DONE last. Returns the step and the
    /// paths written.
    public static func write(checkpoint path: String, to dir: String) throws -> (step: Int, files: [String]) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw LabError("\(path): a directory; an llm.c run starts from a lab training checkpoint (a checkpoints/*.safetensors file), which holds AdamW's state")
        }
        let loaded = try Checkpoint.load(path)
        let model = loaded.model, c = model.config
        if let difference = HuggingFace.gpt2Difference(c) { throw LabError("\(path): llm.c trains GPT-2 only; this model has \(difference)") }
        guard loaded.file.metadata["optimizer"] == "AdamW" else {
            throw LabError("\(path): trained with \(loaded.file.metadata["optimizer"] ?? "an unknown optimizer"); llm.c continues AdamW runs only")
        }
        let step = loaded.checkpoint.step
        let cuda = cudaConfig(c)
        // the lab's tensors by name: weights, and AdamW's m and v ("m.<name>", "v.<name>")
        var weights: [String: Tensor] = [:]
        for p in model.parameters { weights[p.name] = p.value }
        for p in model.parameters {
            for prefix in ["m.", "v."] {
                guard let t = loaded.file.tensors[prefix + p.name], t.shape == p.value.shape else {
                    throw LabError("\(path): AdamW state \(prefix + p.name) is missing or has the wrong shape")
                }
            }
        }
        let m = flatten(cuda, from: c) { loaded.file.tensors["m." + $0]! }
        let v = flatten(cuda, from: c) { loaded.file.tensors["v." + $0]! }
        let master = flatten(cuda, from: c) { weights[$0]! }
        let padded = GPT(cuda)
        try LLMC.load(master, into: padded, source: path)

        var header = [Int32](repeating: 0, count: 256)
        (header[0], header[1], header[2], header[3], header[4], header[5], header[10]) = (stateMagic, 1, 1, 0, 1, 0, Int32(step))
        header.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: rngStart.littleEndian, toByteOffset: 20 * 4, as: UInt64.self)
            raw.storeBytes(of: rngStart.littleEndian, toByteOffset: 22 * 4, as: UInt64.self)
            raw.storeBytes(of: UInt64(0), toByteOffset: 30 * 4, as: UInt64.self)
            raw.storeBytes(of: UInt64(0), toByteOffset: 32 * 4, as: UInt64.self)
        }
        try Files.createDirectory(dir)
        let names = fileNames(step: step)
        let (modelPath, statePath, donePath) = (dir + "/" + names.model, dir + "/" + names.state, dir + "/" + names.done)
        try LLMC.writeModel(padded, to: modelPath)
        try Files.writeAtomically(to: statePath) { write in
            try write(header.withUnsafeBytes { Data($0) })
            for array in [m, v, master] { try write(array.withUnsafeBytes { Data($0) }) }
        }
        try Files.writeAtomically(Data(), to: donePath)
        return (step, [modelPath, statePath, donePath])
    }

    /// Every parameter of `cuda` in llm.c's order, taken from the lab's tensors (`tensor(name)`,
    /// shaped for `lab`); the token table's padding rows are zeros.
    static func flatten(_ cuda: GPTConfig, from lab: GPTConfig, _ tensor: (String) -> Tensor) -> [Float] {
        var out: [Float] = []
        out.reserveCapacity(LLMC.layout(cuda).reduce(0) { $0 + $1.shape.reduce(1, *) })
        for (name, shape, ours) in LLMC.layout(cuda) {
            let perLayer = LLMC.isPerLayer(name)
            for layer in 0..<(perLayer ? shape[0] : 1) {
                let t = tensor(ours(perLayer ? layer : nil))
                if name == "wte" {
                    let real = lab.vocabSize * lab.channels
                    out += UnsafeBufferPointer(start: t.pointer, count: real)
                    out += [Float](repeating: 0, count: (cuda.paddedVocabSize - lab.vocabSize) * lab.channels)
                } else {
                    out += UnsafeBufferPointer(start: t.pointer, count: t.count)
                }
            }
        }
        return out
    }

    /// A state file read back and checked against the model's shape.
    public struct State {
        public let header: [Int32]
        public let step: Int
        public let rngState: UInt64, rngLast: UInt64
        public let shard: UInt64, sample: UInt64
        public let m: [Float], v: [Float], master: [Float]
    }

    public static func readState(_ path: String, config: GPTConfig) throws -> State {
        let data = try Files.read(path)
        guard data.count >= 1024 else { throw LabError("\(path): \(data.count) bytes, too short for an llm.c state header (1024)") }
        let h = data.prefix(1024).withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) }.map { Int32(littleEndian: $0) }
        guard h[0] == stateMagic else { throw LabError("\(path): not an llm.c state file (magic \(h[0]), expected \(stateMagic))") }
        guard h[1] == 1 else { throw LabError("\(path): state version \(h[1]), only version 1 is read") }
        guard h[2] == 1, h[3] == 0 else { throw LabError("\(path): a state of process \(h[3]) of \(h[2]); one process is read") }
        guard h[5] == 0 else { throw LabError("\(path): a shuffling data loader's state is not read") }
        let count = LLMC.layout(config).reduce(0) { $0 + $1.shape.reduce(1, *) }
        let arrays = h[4] == 1 ? 3 : 2
        guard data.count == 1024 + 4 * arrays * count else {
            throw LabError("\(path): \(data.count) bytes, expected \(1024 + 4 * arrays * count) for this model (truncated or mismatched)")
        }
        func u64(_ at: Int) -> UInt64 { data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: at * 4, as: UInt64.self)) } }
        let body = data.dropFirst(1024).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        return State(header: h, step: Int(h[10]), rngState: u64(20), rngLast: u64(22), shard: u64(30), sample: u64(32),
                     m: Array(body[0..<count]), v: Array(body[count..<(2 * count)]), master: arrays == 3 ? Array(body[(2 * count)...]) : [])
    }

    /// The step of the newest complete checkpoint in an llm.c run directory (its highest
    /// `DONE_` file, as `train_gpt2cu` finds it), or nil.
    public static func latestStep(in dir: String) -> Int? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.compactMap { $0.hasPrefix("DONE_") ? Int($0.dropFirst(5)) : nil }.max()
    }

    /// Reads an llm.c run back into a lab model and AdamW: the newest complete step's model
    /// file for the shape, the state file's master weights, m and v (the padded vocabulary rows
    /// dropped to fit `model`), and the step, so training continues exactly where llm.c (or
    /// the lab) left it. `model` must have the run's shape; `optimizer` must be AdamW over
    /// `model.parameters`.
    public static func restore(from dir: String, into model: GPT, optimizer: Adam) throws -> Int {
        guard let step = latestStep(in: dir) else { throw LabError("\(dir): no DONE_ file (not an llm.c run directory, or no complete checkpoint)") }
        let names = fileNames(step: step)
        let fileModel = try LLMC.readModel(dir + "/" + names.model)
        var shape = fileModel.config
        shape.paddedVocabSize = model.config.paddedVocabSize
        shape.dropout = model.config.dropout                  // a training setting, not a shape
        guard shape == model.config else { throw LabError("\(dir)/\(names.model): its shape does not match the model") }
        let state = try readState(dir + "/" + names.state, config: fileModel.config)
        guard !state.master.isEmpty else { throw LabError("\(dir)/\(names.state): has no fp32 master weights (llm.c ran with -w 0)") }
        guard optimizer.decoupled, optimizer.parameters.map(\.name) == model.parameters.map(\.name) else {
            throw LabError("\(dir): restores into AdamW over the model's parameters only")
        }
        let index = Dictionary(uniqueKeysWithValues: model.parameters.enumerated().map { ($1.name, $0) })
        var at = 0
        for (name, shape, ours) in LLMC.layout(fileModel.config) {
            let perLayer = LLMC.isPerLayer(name)
            let size = shape.reduce(1, *) / (perLayer ? shape[0] : 1)
            for layer in 0..<(perLayer ? shape[0] : 1) {
                let i = index[ours(perLayer ? layer : nil)]!
                let count = name == "wte" ? model.config.vocabSize * model.config.channels : size
                for (array, target) in [(state.master, model.parameters[i].value), (state.m, optimizer.m[i]), (state.v, optimizer.v[i])] {
                    target.zero()
                    array.withUnsafeBufferPointer { target.pointer.update(from: $0.baseAddress! + at, count: count) }
                }
                at += size
            }
        }
        optimizer.restore(step: state.step)
        return state.step
    }

    /// The model of an llm.c run directory's newest complete step, with the state file's fp32
    /// master weights when it has them (llm.c's own model files may be bfloat16).
    public static func readModel(_ dir: String) throws -> GPT {
        guard let step = latestStep(in: dir) else { throw LabError("\(dir): no DONE_ file (not an llm.c run directory, or no complete checkpoint)") }
        let names = fileNames(step: step)
        let model = try LLMC.readModel(dir + "/" + names.model)
        let statePath = dir + "/" + names.state
        if FileManager.default.fileExists(atPath: statePath) {
            let state = try readState(statePath, config: model.config)
            if !state.master.isEmpty { try LLMC.load(state.master, into: model, source: statePath) }
        }
        return model
    }
}
