import Foundation
import LabBase

/// The attention weights of every layer and head of a model on one sequence, with a label
/// per position: what `AttentionPage` draws, `csv` lists and `panels` hands to
/// `Plotter.heatmapGrid`.
///
/// `weights` is (layers, heads, T, T) row-major: row q of a head is how much the query at
/// position q drew from each key 0…T−1. Attention is causal, so the entries above the
/// diagonal (key > query) are 0 and each row sums to 1.
public struct AttentionMaps: Sendable {
    public let layers: Int
    public let heads: Int
    /// One label per position, as people read it (`Tokenizer.piece`: `␣the`, `<e8>`).
    public let tokens: [String]
    public let weights: [Float]
    public var length: Int { tokens.count }

    public init(layers: Int, heads: Int, tokens: [String], weights: [Float]) {
        precondition(layers > 0 && heads > 0 && !tokens.isEmpty && weights.count == layers * heads * tokens.count * tokens.count,
                     "AttentionMaps: \(weights.count) weights for \(layers) layers × \(heads) heads × \(tokens.count)² positions")
        self.layers = layers
        self.heads = heads
        self.tokens = tokens
        self.weights = weights
    }

    public func weight(layer: Int, head: Int, query: Int, key: Int) -> Float {
        weights[((layer * heads + head) * length + query) * length + key]
    }

    /// One head's T × T matrix, row-major (query down, key across).
    public func head(layer: Int, head: Int) -> [Float] {
        let n = length * length, start = (layer * heads + head) * n
        return Array(weights[start..<(start + n)])
    }

    /// A panel per layer and head, titled `layer l head h`, over the first `count` positions
    /// (attention is causal, so these rows are exactly the model's on that prefix), for
    /// `Plotter.heatmapGrid`.
    public func panels(first count: Int) -> [(String, [Float])] {
        let n = min(max(count, 1), length)
        var out: [(String, [Float])] = []
        for l in 0..<layers {
            for h in 0..<heads {
                var values: [Float] = []
                values.reserveCapacity(n * n)
                for q in 0..<n { for k in 0..<n { values.append(weight(layer: l, head: h, query: q, key: k)) } }
                out.append(("layer \(l) head \(h)", values))
            }
        }
        return out
    }

    /// Every weight a query may give, as CSV: `layer,head,query,key,weight`, one row per key
    /// ≤ query (the masked keys above the diagonal, all 0, are left out), in Swift's shortest
    /// round-trip form (the exact Float).
    public var csv: String {
        var out = "layer,head,query,key,weight\n"
        out.reserveCapacity(layers * heads * length * (length + 1) / 2 * 24)
        for l in 0..<layers {
            for h in 0..<heads {
                let prefix = "\(l),\(h),"
                for q in 0..<length {
                    for k in 0...q { out += prefix + "\(q),\(k)," + weight(layer: l, head: h, query: q, key: k).csvText + "\n" }
                }
            }
        }
        return out
    }
}

/// An interactive page of a model's attention: one self-contained HTML file (data, script and
/// styles inline; nothing fetched), which any browser opens from disk.
///
/// - **Head view**: the tokens in two columns, queries on the left and keys on the right, and
///   a line from each query to each key it attends to, as opaque as the weight, one colour per
///   head. A layer selector; heads switched on and off by their colour swatches. Hovering a
///   token shows only its lines, with the weights as numbers; clicking keeps them.
/// - **Model view**: every layer × head as a small heatmap; clicking one opens it large, with
///   the tokens along both axes and the weight under the pointer.
///
/// The URL fragment picks what the page shows first: `#head` (the default) or `#model`, and
/// `&layer=L`, `&heads=0,3`, `&query=Q` or `&key=K` (kept as if clicked), `&open=L,H` (a head
/// opened large). So `attention.html#model&open=0,2` can be screenshotted headless.
///
/// The weights are embedded as JSON in a `<script type="application/json">` (every `<`, `>`
/// and `&` written as `\u003c` and so on, so no token can end the script), causal rows only:
/// `weights[l][h][q]` holds keys 0…q, each rounded to `decimals` decimals (trailing zeros
/// dropped; a NaN as null). Six decimals keep every weight within 5e-7 of the model's; four
/// make the page about a fifth smaller (GPT-2 124M's shape, 12 × 12 heads, with random weights
/// on 64 tokens: 2.7 MB and 2.1 MB).
public enum AttentionPage {
    /// The page for `maps`. `title` heads it; `subtitle` (the text read, the model) goes under
    /// the title.
    public static func html(_ maps: AttentionMaps, title: String, subtitle: String = "", decimals: Int = 6) -> String {
        precondition((1...9).contains(decimals), "AttentionPage: \(decimals) decimals (1 to 9)")
        return template
            .replacingOccurrences(of: "{{DATA}}", with: json(maps, title: title, subtitle: subtitle, decimals: decimals))
    }

    /// The JSON the page embeds (also what tests read back).
    static func json(_ maps: AttentionMaps, title: String, subtitle: String, decimals: Int) -> String {
        let t = maps.length
        var out = "{\"title\":" + jsonString(title) + ",\"subtitle\":" + jsonString(subtitle)
        out += ",\"layers\":\(maps.layers),\"heads\":\(maps.heads),\"decimals\":\(decimals),\"tokens\":["
        out += maps.tokens.map(jsonString).joined(separator: ",") + "],\"weights\":["
        out.reserveCapacity(out.utf8.count + maps.layers * maps.heads * t * (t + 1) / 2 * (decimals + 3))
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        maps.weights.withUnsafeBufferPointer { w in
            for l in 0..<maps.layers {
                out += l == 0 ? "[" : ",["
                for h in 0..<maps.heads {
                    out += h == 0 ? "[" : ",["
                    for q in 0..<t {
                        out += q == 0 ? "[" : ",["
                        let row = ((l * maps.heads + h) * t + q) * t
                        for k in 0...q {
                            if k > 0 { out += "," }
                            out += fixed(w[row + k], scale: scale, decimals: decimals)
                        }
                        out += "]"
                    }
                    out += "]"
                }
                out += "]"
            }
        }
        return out + "]}"
    }

    /// `x` with `decimals` decimals, trailing zeros (and a bare point) dropped: 0.25, 1, 0.000731.
    /// NaN and infinities, which JSON cannot hold, are null.
    static func fixed(_ x: Float, scale: Double, decimals: Int) -> String {
        let v = (Double(x) * scale).rounded()
        guard v.isFinite, abs(v) < 9e17 else { return "null" }
        let n = Int64(abs(v)), p = Int64(scale)
        var whole = String(n / p)
        if v < 0 { whole = "-" + whole }
        var fraction = n % p
        guard fraction != 0 else { return whole }
        var digits = decimals
        while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        let text = String(fraction)
        return whole + "." + String(repeating: "0", count: digits - text.count) + text
    }

    /// A JSON string literal that is also safe inside an HTML `<script>` element: `<`, `>`,
    /// `&` and the line separators U+2028/9 as `\u` escapes, control characters escaped.
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}": out += unicodeEscape(u.value)
            default:
                if u.value < 0x20 || u.value == 0x7F { out += unicodeEscape(u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    private static func unicodeEscape(_ v: UInt32) -> String {
        let hex = String(v, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The id of the `<script type="application/json">` element that holds the data.
    public static let dataElementID = "attention-data"
}
