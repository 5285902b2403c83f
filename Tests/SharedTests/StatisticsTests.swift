import Foundation
import Testing
@testable import LLMLab

/// The experiment statistics against scipy (scripts/fixtures/make_stats_fixtures.py).
struct StatisticsTests {
    static func numbers(_ v: JSONValue?) -> [Double] {
        (v?.arrayValue ?? []).map { if case .double(let d) = $0 { return d }; return Double($0.intValue ?? 0) }
    }
    static func number(_ v: JSONValue?) -> Double { numbers(.array([v ?? .null])).first ?? .nan }

    @Test func meansIntervalsAndTestsMatchScipy() throws {
        let cases = try Fixture.json("stats_fixtures.json")["cases"]!.arrayValue!
        #expect(cases.count == 5)
        for c in cases {
            let a = Self.numbers(c["a"]), b = Self.numbers(c["b"])
            for (name, xs) in [("a", a), ("b", b)] {
                #expect(abs(Statistics.mean(xs) - Self.number(c[name + "_mean"])) < 1e-12)
                #expect(abs(Statistics.sd(xs) - Self.number(c[name + "_sd"])) < 1e-12)
                let ci = try #require(Statistics.interval95(xs)), expected = Self.numbers(c[name + "_ci"])
                #expect(abs(ci.low - expected[0]) < 1e-9 && abs(ci.high - expected[1]) < 1e-9, "\(ci) vs \(expected)")
            }
            for (kind, paired) in [("welch", false), ("paired", true)] {
                guard let reference = c[kind] else { continue }
                let r = try #require(Statistics.compare(a, b, paired: paired))
                #expect(r.test == (paired ? "paired" : "Welch"))
                #expect(abs(r.t - Self.number(reference["t"])) < 1e-9, "\(kind) t \(r.t)")
                #expect(abs(r.df - Self.number(reference["df"])) < 1e-9, "\(kind) df \(r.df)")
                #expect(abs(r.p - Self.number(reference["p"])) < 1e-9, "\(kind) p \(r.p) vs \(Self.number(reference["p"]))")
                #expect(abs(r.low - Self.number(reference["low"])) < 1e-9 && abs(r.high - Self.number(reference["high"])) < 1e-9)
            }
        }
    }

    @Test func edgeCases() {
        #expect(Statistics.compare([1], [1, 2], paired: false) == nil)
        #expect(Statistics.interval95([3]) == nil)
        let same = Statistics.compare([1, 1, 1], [1, 1, 1], paired: true)!
        #expect(same.p == 1 && !same.beyondNoise)
        let shifted = Statistics.compare([2, 2, 2], [1, 1, 1], paired: true)!
        #expect(shifted.p == 0 && shifted.beyondNoise)
        #expect(abs(Statistics.tQuantile(0.975, df: 1e6) - 1.959964) < 1e-5)
    }
}
