import Testing
import Foundation
@testable import LLMLab

@Suite struct PCATests {
    /// Points spread 3 times wider along a direction 30° above the x axis than across it:
    /// the first component must be that direction, explaining 9/(9+1) of the variance.
    @Test func findsTheWidestDirection() {
        let angle = Double.pi / 6
        let (u, w) = ((cos(angle), sin(angle)), (-sin(angle), cos(angle)))
        var rows: [[Double]] = []
        for a in [-3.0, 3.0] { for b in [-1.0, 1.0] { rows.append([5 + a * u.0 + b * w.0, -2 + a * u.1 + b * w.1]) } }
        let (projections, explained) = principalComponents(rows, count: 2)
        #expect(explained.count == 2)
        #expect(abs(explained[0] - 0.9) < 1e-9)
        #expect(abs(explained[1] - 0.1) < 1e-9)
        // each point's coordinates are its (a, b) up to sign: the centre is removed
        for (row, p) in zip(rows, projections) {
            let a = (row[0] - 5) * u.0 + (row[1] + 2) * u.1
            #expect(abs(abs(p[0]) - abs(a)) < 1e-9)
            #expect(abs(abs(p[1]) - 1) < 1e-9)
        }
    }

    @Test func emptyInputGivesNothing() {
        let (p, e) = principalComponents([], count: 2)
        #expect(p.isEmpty && e.isEmpty)
    }
}
