import Foundation
@testable import LLMLab

/// An independent Float64 implementation of every forward pass, as plain loops over arrays
/// (no BLAS, no shared code with the layers). The gradient checks differentiate it numerically,
/// and the forward checks compare against it.
enum Ref {
    typealias V = [Double]

    /// y[n, o] = Σ_i x[n, i] W[o, i] + b[o]
    static func linear(_ x: V, _ w: V, _ b: V?, inF: Int, outF: Int) -> V {
        let n = x.count / inF
        var y = V(repeating: 0, count: n * outF)
        for r in 0..<n {
            for o in 0..<outF {
                var s = b?[o] ?? 0
                for i in 0..<inF { s += x[r * inF + i] * w[o * inF + i] }
                y[r * outF + o] = s
            }
        }
        return y
    }

    static func layerNorm(_ x: V, _ g: V, _ b: V, c: Int, eps: Double = 1e-5) -> V {
        var y = x
        for r in 0..<(x.count / c) {
            let row = x[(r * c)..<(r * c + c)]
            let mean = row.reduce(0, +) / Double(c)
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(c)
            for i in 0..<c { y[r * c + i] = (x[r * c + i] - mean) / (variance + eps).squareRoot() * g[i] + b[i] }
        }
        return y
    }

    static func gelu(_ x: V) -> V {
        x.map { 0.5 * $0 * (1 + tanh((2 / Double.pi).squareRoot() * ($0 + 0.044715 * pow($0, 3)))) }
    }

    static func relu(_ x: V) -> V { x.map { max(0, $0) } }

    /// Causal attention core on a fused qkv (B, T, 3C) → (B, T, C); also returns the weights.
    static func attention(_ qkv: V, b: Int, t: Int, c: Int, heads: Int) -> (V, V) {
        let hs = c / heads
        var y = V(repeating: 0, count: b * t * c)
        var att = V(repeating: 0, count: b * heads * t * t)
        for bi in 0..<b {
            for h in 0..<heads {
                for i in 0..<t {
                    func q(_ pos: Int, _ d: Int) -> Double { qkv[(bi * t + pos) * 3 * c + h * hs + d] }
                    func k(_ pos: Int, _ d: Int) -> Double { qkv[(bi * t + pos) * 3 * c + c + h * hs + d] }
                    func v(_ pos: Int, _ d: Int) -> Double { qkv[(bi * t + pos) * 3 * c + 2 * c + h * hs + d] }
                    var scores = (0...i).map { j in (0..<hs).reduce(0.0) { $0 + q(i, $1) * k(j, $1) } / Double(hs).squareRoot() }
                    let m = scores.max()!
                    scores = scores.map { exp($0 - m) }
                    let z = scores.reduce(0, +)
                    for j in 0...i {
                        let p = scores[j] / z
                        att[((bi * heads + h) * t + i) * t + j] = p
                        for d in 0..<hs { y[(bi * t + i) * c + h * hs + d] += p * v(j, d) }
                    }
                }
            }
        }
        return (y, att)
    }

    /// Mean −log softmax(logits)[target] over targets ≠ −1, using the first `v` columns.
    static func crossEntropy(_ logits: V, _ targets: [Int32], vp: Int, v: Int) -> Double {
        var total = 0.0, n = 0
        for (r, target) in targets.enumerated() where target >= 0 {
            let row = logits[(r * vp)..<(r * vp + v)]
            let m = row.max()!
            let lse = m + log(row.map { exp($0 - m) }.reduce(0, +))
            total += lse - logits[r * vp + Int(target)]
            n += 1
        }
        return total / Double(n)
    }

    static func add(_ a: V, _ b: V) -> V { zip(a, b).map(+) }

    /// The whole GPT, from its named parameters.
    static func gpt(_ p: [String: V], config: GPTConfig, ids: [Int32], b: Int, t: Int) -> V {
        let c = config.channels, vp = config.paddedVocabSize
        var x = V(repeating: 0, count: b * t * c)
        let wpe: V = p["wpe.weight"] ?? sinusoid(config.blockSize, c)
        for bi in 0..<b {
            for ti in 0..<t {
                let id = Int(ids[bi * t + ti])
                for i in 0..<c { x[(bi * t + ti) * c + i] = p["wte.weight"]![id * c + i] + wpe[ti * c + i] }
            }
        }
        for l in 0..<config.layers {
            let n = "h.\(l)."
            func ln(_ which: String, _ v: V) -> V { layerNorm(v, p[n + which + ".weight"]!, p[n + which + ".bias"] ?? V(repeating: 0, count: c), c: c) }
            func attn(_ v: V) -> V {
                let qkv = linear(v, p[n + "attn.qkv.weight"]!, p[n + "attn.qkv.bias"], inF: c, outF: 3 * c)
                let (y, _) = attention(qkv, b: b, t: t, c: c, heads: config.heads)
                return linear(y, p[n + "attn.proj.weight"]!, p[n + "attn.proj.bias"], inF: c, outF: c)
            }
            func mlp(_ v: V) -> V {
                let hidden = gelu(linear(v, p[n + "mlp.fc.weight"]!, p[n + "mlp.fc.bias"], inF: c, outF: 4 * c))
                return linear(hidden, p[n + "mlp.proj.weight"]!, p[n + "mlp.proj.bias"], inF: 4 * c, outF: c)
            }
            switch config.norm {
            case .pre:
                x = add(x, attn(ln("ln_1", x)))
                x = add(x, mlp(ln("ln_2", x)))
            case .post:
                x = ln("ln_1", add(x, attn(x)))
                x = ln("ln_2", add(x, mlp(x)))
            }
        }
        x = layerNorm(x, p["ln_f.weight"]!, p["ln_f.bias"] ?? V(repeating: 0, count: c), c: c)
        return linear(x, p[config.tiedEmbeddings ? "wte.weight" : "lm_head.weight"]!, nil, inF: c, outF: vp)
    }

    static func sinusoid(_ tMax: Int, _ c: Int) -> V {
        var pe = V(repeating: 0, count: tMax * c)
        for pos in 0..<tMax {
            for i in 0..<c {
                let angle = Double(pos) / pow(10_000, Double(i - i % 2) / Double(c))
                pe[pos * c + i] = i % 2 == 0 ? sin(angle) : cos(angle)
            }
        }
        return pe
    }
}

/// Gradient checking: analytic gradients (Float32, from the layers' backward passes) against
/// central differences of the Float64 reference.
enum GradCheck {
    /// Central differences of `f` with respect to every element of `x` (or the elements at `only`).
    static func numeric(_ x: [Double], only: [Int]? = nil, h: Double = 1e-6, _ f: ([Double]) -> Double) -> [Int: Double] {
        var out: [Int: Double] = [:]
        var xp = x
        for i in only ?? Array(x.indices) {
            xp[i] = x[i] + h
            let up = f(xp)
            xp[i] = x[i] - h
            let down = f(xp)
            xp[i] = x[i]
            out[i] = (up - down) / (2 * h)
        }
        return out
    }

    /// Worst relative error |a − n| / max(|a| + |n|, floor) over the checked elements
    /// (`GradientCheck.compare`; the tests bound it by 1e-3).
    static func relativeError(analytic: [Float], numeric: [Int: Double]) -> Double {
        GradientCheck.compare(analytic: analytic, numeric: numeric).maxRelative
    }

    static func randomArray(_ n: Int, _ rng: inout RNG, std: Float = 1) -> [Float] {
        (0..<n).map { _ in std * rng.normal() }
    }
}
