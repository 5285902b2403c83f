import Foundation
import Testing
@testable import LLMLab

struct SafeTensorsTests {
    @Test func roundTripKeepsEveryNumberAndTheMetadata() throws {
        let dir = try temporaryDirectory()
        var rng = RNG(seed: 1)
        let a = Tensor(shape: [3, 4]); a.fillNormal(&rng, std: 1)
        let b = Tensor(shape: [5]); b.fillNormal(&rng, std: 1)
        try SafeTensors.write([("a", a), ("b", b)], metadata: ["k": "v"], to: dir + "/x.safetensors")
        let file = try SafeTensors.read(dir + "/x.safetensors")
        #expect(file.metadata["k"] == "v")
        #expect(file.order == ["a", "b"])
        #expect(file.tensors["a"]!.shape == [3, 4] && file.tensors["a"]!.values == a.values)
        #expect(file.tensors["b"]!.values == b.values)
        // the layout safetensors readers expect: u64 header length, JSON, 8-byte aligned data
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/x.safetensors"))
        let n = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(n % 8 == 0 && data.count == 8 + n + 4 * 17)
        #expect(String(decoding: data[8..<(8 + n)], as: UTF8.self).contains(#""data_offsets" : ["#))
    }

    @Test func damagedFilesGiveOneLineErrors() throws {
        let dir = try temporaryDirectory()
        let t = Tensor(shape: [10])
        try SafeTensors.write([("t", t)], metadata: [:], to: dir + "/ok.safetensors")
        let good = try Data(contentsOf: URL(fileURLWithPath: dir + "/ok.safetensors"))
        let cases: [(Data, String)] = [
            (Data(), "file is 0 bytes"),
            (good.prefix(good.count - 4), "truncated"),                          // data cut short
            (Data([255, 255, 255, 255, 0, 0, 0, 0]) + good.dropFirst(8), "header of"),
            (Data([4, 0, 0, 0, 0, 0, 0, 0]) + Data("[1,2".utf8), "not a JSON object"),
        ]
        for (i, (bytes, message)) in cases.enumerated() {
            let path = dir + "/bad\(i).safetensors"
            try bytes.write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: LabError.self) { try SafeTensors.read(path) }
            #expect(error?.message.contains(message) == true && error?.message.contains(path) == true, "\(error?.message ?? "")")
        }
        #expect(throws: LabError.self) { try SafeTensors.read(dir + "/missing.safetensors") }
    }
}

struct ModelFileTests {
    static let config = GPTConfig(vocabSize: 9, blockSize: 6, layers: 2, heads: 2, channels: 8, bias: false, norm: .post,
                                  positions: .sinusoidal, tiedEmbeddings: false)

    @Test func savedModelLoadsAndPredictsIdentically() throws {
        let dir = try temporaryDirectory()
        var rng = RNG(seed: 3)
        let model = GPT(Self.config)
        model.initialize(&rng)
        try model.save(to: dir + "/m.safetensors", extra: ["note": "hello"])
        let (loaded, meta) = try GPT.load(from: dir + "/m.safetensors")
        #expect(loaded.config == Self.config)
        #expect(meta["note"] == "hello")
        let ids: [Int32] = [1, 2, 3, 4, 5, 6]
        #expect(model.forward(ids, batch: 1, length: 6, rng: &rng).values == loaded.forward(ids, batch: 1, length: 6, rng: &rng).values)
    }

    @Test func mismatchedFilesAreRefused() throws {
        let dir = try temporaryDirectory()
        let model = GPT(Self.config)
        // a tensor missing
        try SafeTensors.write(model.parameters.dropLast().map { ($0.name, $0.value) },
                              metadata: ["config": try Self.config.json.jsonText()], to: dir + "/a.safetensors")
        #expect((try? GPT.load(from: dir + "/a.safetensors")) == nil)
        // a wrong shape
        var tensors = model.parameters.map { ($0.name, $0.value) }
        tensors[0] = (tensors[0].0, Tensor(shape: [3, 3]))
        try SafeTensors.write(tensors, metadata: ["config": try Self.config.json.jsonText()], to: dir + "/b.safetensors")
        do { _ = try GPT.load(from: dir + "/b.safetensors"); Issue.record("loaded a wrong shape") } catch {
            #expect("\(error)".contains("has shape [3, 3]"))
        }
        // no config
        try SafeTensors.write(tensors, metadata: [:], to: dir + "/c.safetensors")
        do { _ = try GPT.load(from: dir + "/c.safetensors"); Issue.record("loaded without a config") } catch {
            #expect("\(error)".contains("no config"))
        }
    }
}

struct CopyTaskTests {
    @Test func batchesRepeatAndScoreOnlyTheSecondHalf() throws {
        let task = CopyTask(symbols: 5, length: 4)
        var rng = RNG(seed: 2)
        let (inputs, targets) = task.batch(3, &rng)
        #expect(inputs.count == 3 * 8 && targets.count == 3 * 8)
        for b in 0..<3 {
            let x = Array(inputs[(b * 8)..<(b * 8 + 8)]), y = Array(targets[(b * 8)..<(b * 8 + 8)])
            #expect(x[4] == task.separator)
            #expect(Array(x[5..<8]) == Array(x[0..<3]))                         // the repeat
            #expect(Array(y[0..<4]).allSatisfy { $0 == Batches.ignore })    // first half not scored
            #expect(Array(y[4..<8]) == Array(x[0..<4]))                          // predict the repeat
        }
        #expect(try task.parse("AB|A") == [0, 1, 5, 0])
        #expect(throws: LabError.self) { try task.parse("AZ") }
        #expect(throws: LabError.self) { try task.parse(String(repeating: "A", count: 9)) }
    }

    @Test func accuracyCountsOnlyScoredPositions() {
        let logits = Tensor(shape: [3, 3], values: [0, 1, 0,   5, 0, 0,   0, 0, 9])
        #expect(accuracy(logits, targets: [1, 1, Batches.ignore]) == 0.5)
        #expect(accuracy(logits, targets: [1, 0, 2], columns: 2) == 2.0 / 3)   // column 2 is not a candidate
    }
}
