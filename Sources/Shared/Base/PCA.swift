import Foundation

/// Principal component analysis of a few hundred points in a few dozen dimensions, the size of
/// a learned embedding table: the directions along which the points spread most, found by
/// power iteration on the covariance matrix, each found direction removed before the next.
///
/// Returns each point's coordinates along the first `count` directions and the fraction of
/// the total variance each direction explains. Deterministic (a fixed start vector), in
/// Float64. Rows must all have the same length.
public func principalComponents(_ rows: [[Double]], count: Int, iterations: Int = 1000)
    -> (projections: [[Double]], explained: [Double]) {
    guard let d = rows.first?.count, d > 0, !rows.isEmpty else { return ([], []) }
    let n = Double(rows.count)
    var mean = [Double](repeating: 0, count: d)
    for row in rows { for j in 0..<d { mean[j] += row[j] / n } }
    let centred = rows.map { row in (0..<d).map { row[$0] - mean[$0] } }
    var cov = [Double](repeating: 0, count: d * d)
    for row in centred {
        for i in 0..<d { for j in 0..<d { cov[i * d + j] += row[i] * row[j] / n } }
    }
    let total = (0..<d).reduce(0.0) { $0 + cov[$1 * d + $1] }
    var directions: [[Double]] = [], explained: [Double] = []
    for c in 0..<min(count, d) {
        var v = (0..<d).map { 1.0 + Double(($0 + c) % 7) / 10 }
        var eigenvalue = 0.0
        for _ in 0..<iterations {
            var w = [Double](repeating: 0, count: d)
            for i in 0..<d { for j in 0..<d { w[i] += cov[i * d + j] * v[j] } }
            let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { break }
            eigenvalue = norm
            v = w.map { $0 / norm }
        }
        // the largest component's sign is positive, so the picture does not flip between versions
        if let big = v.indices.max(by: { abs(v[$0]) < abs(v[$1]) }), v[big] < 0 { v = v.map { -$0 } }
        directions.append(v)
        explained.append(total > 0 ? eigenvalue / total : 0)
        for i in 0..<d { for j in 0..<d { cov[i * d + j] -= eigenvalue * v[i] * v[j] } }   // deflate
    }
    let projections = centred.map { row in directions.map { dir in zip(row, dir).reduce(0) { $0 + $1.0 * $1.1 } } }
    return (projections, explained)
}
