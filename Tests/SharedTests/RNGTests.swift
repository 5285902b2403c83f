import Foundation
import Testing
@testable import LLMLab

struct RNGTests {
    /// The first outputs equal an independent Python implementation of xoshiro256**
    /// (scripts/fixtures/make_text_fixtures.py), so the stream is the published algorithm's.
    @Test func firstValuesArePinned() throws {
        let rng = try Fixture.json("text_fixtures.json")["rng"]!
        var a = RNG(seed: 1337)
        #expect(rng["first"]!.arrayValue!.map { UInt64($0.stringValue!)! } == (0..<8).map { _ in a.next() })
        var b = RNG(seed: 0)
        #expect(rng["seed0_first"]!.arrayValue!.map { UInt64($0.stringValue!)! } == (0..<4).map { _ in b.next() })
    }

    /// normal() and uniform() as well: the same Box–Muller and bit recipe computed in Python
    /// gives the same Float (normal() goes through libm's log and cos, so this also catches a
    /// platform whose libm disagrees).
    @Test func normalAndUniformArePinned() throws {
        var r = RNG(seed: 42)
        for case let pair in try Fixture.json("text_fixtures.json")["rng"]!["normal_uniform_seed42"]!.arrayValue! {
            guard case .double(let n) = pair.arrayValue![0], case .double(let u) = pair.arrayValue![1] else {
                Issue.record("fixture values are not numbers"); return
            }
            #expect(r.normal() == Float(n))
            #expect(r.uniform() == Float(u))
        }
    }

    @Test func sameSeedSameStream_differentSeedDifferentStream() {
        var a = RNG(seed: 42), b = RNG(seed: 42), c = RNG(seed: 43)
        let xa = (0..<100).map { _ in a.normal() }
        #expect(xa == (0..<100).map { _ in b.normal() })
        #expect(xa != (0..<100).map { _ in c.normal() })
    }

    @Test func stateRoundTrips() throws {
        var a = RNG(seed: 9)
        _ = (0..<10).map { _ in a.next() }
        var b = try RNG(state: a.state)
        #expect((0..<10).map { _ in a.next() } == (0..<10).map { _ in b.next() })
        #expect(throws: LabError.self) { try RNG(state: [0, 0, 0, 0]) }
        #expect(throws: LabError.self) { try RNG(state: [1, 2]) }
    }

    @Test func distributionsHaveTheRightMoments() {
        var rng = RNG(seed: 1)
        let n = 200_000
        var sum = 0.0, sumSq = 0.0, uSum = 0.0
        for _ in 0..<n {
            let x = Double(rng.normal()); sum += x; sumSq += x * x
            let u = rng.uniform(); #expect(u >= 0 && u < 1); uSum += Double(u)
        }
        // Standard errors: mean 1/sqrt(n) ≈ 0.0022, variance ≈ 0.0032, uniform mean ≈ 0.00065.
        #expect(abs(sum / Double(n)) < 0.01)
        #expect(abs(sumSq / Double(n) - 1) < 0.015)
        #expect(abs(uSum / Double(n) - 0.5) < 0.003)
    }

    @Test func intBelowIsUniformAndInRange() {
        var rng = RNG(seed: 3)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[rng.int(below: 7)] += 1 }
        // each bucket expects 10,000 ± 93 (one standard deviation)
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 }, "\(counts)")
    }

    @Test func shuffleIsAPermutationAndSeeded() {
        var a = RNG(seed: 5), b = RNG(seed: 5)
        var x = Array(0..<50), y = Array(0..<50)
        a.shuffle(&x); b.shuffle(&y)
        #expect(x == y)
        #expect(x != Array(0..<50))
        #expect(x.sorted() == Array(0..<50))
    }

    @Test func categoricalFollowsTheWeights() {
        var rng = RNG(seed: 11)
        let weights: [Float] = [0, 1, 3, 0, 6]
        var counts = [Int](repeating: 0, count: 5)
        for _ in 0..<100_000 { counts[rng.categorical(weights)] += 1 }
        #expect(counts[0] == 0 && counts[3] == 0)
        #expect(abs(Double(counts[1]) / 100_000 - 0.1) < 0.005)
        #expect(abs(Double(counts[2]) / 100_000 - 0.3) < 0.006)
        #expect(abs(Double(counts[4]) / 100_000 - 0.6) < 0.006)
    }
}

struct FastMathTests {
    /// fastExp against Double exp over the whole useful range: relative error below 3e-7.
    @Test func fastExpIsAccurate() {
        var worst = 0.0
        var x: Float = -87
        while x <= 88 {
            let exact = Foundation.exp(Double(x))
            worst = max(worst, abs(Double(fastExp(x)) - exact) / exact)
            x += 0.0137
        }
        #expect(worst < 3e-7, "worst relative error \(worst)")
        #expect(fastExp(0) == 1)
        #expect(fastExp(-1000) > 0 && fastExp(-1000) < 1e-37)       // clamped, never 0 or NaN
        #expect(fastExp(1000).isFinite)
    }

    /// The eight-lane version gives each lane exactly the scalar result; the reductions built
    /// on it match plain loops.
    @Test func vectorExpMatchesScalarLaneByLane() {
        var rng = RNG(seed: 3)
        let xs = (0..<203).map { _ in Float(rng.uniform() * 200 - 100) } + [-1000, 1000, 0, -87, 88]
        for start in stride(from: 0, to: xs.count - 8, by: 8) {
            let v = SIMD8<Float>(xs[start..<(start + 8)])
            let e = fastExp(v)
            for lane in 0..<8 { #expect(e[lane] == fastExp(xs[start + lane]), "x = \(xs[start + lane])") }
        }
        xs.withUnsafeBufferPointer { p in
            let m = maximum(p.baseAddress!, count: xs.count)
            #expect(m == xs.max()!)
            let plain = xs.reduce(0.0) { $0 + Double(fastExp($1 - m)) }
            #expect(abs(Double(sumOfExp(p.baseAddress!, count: xs.count, shift: m)) - plain) < 1e-5 * plain)
            #expect(maximum(p.baseAddress!, count: 0) == -.infinity && sumOfExp(p.baseAddress!, count: 3, shift: 0) == xs.prefix(3).reduce(0) { $0 + fastExp($1) })
        }
    }
}
