import LabBase
/// A task that cannot be solved without looking back: a random sequence, a separator, and the
/// same sequence again. Predicting the second half means finding, for each token, where it
/// stood before and copying what came after it (an *induction* pattern).
///
///     symbols A…O (ids 0…14), separator | (id 15), n = 8:
///     sequence  C K A O B B E J | C K A O B B E J      (2n + 1 tokens)
///     input     C K A O B B E J | C K A O B B E        (the first 2n)
///     target    K A O B B E J | C K A O B B E J        (the next token at each position)
///     scored                    ^ ^ ^ ^ ^ ^ ^ ^        only from the separator on: the first half is noise
public struct CopyTask: Sendable {
    public let symbols: Int
    public let length: Int          // n, the length of the random part
    public var separator: Int32 { Int32(symbols) }
    public var vocabSize: Int { symbols + 1 }
    /// Model input length: 2n.
    public var contextLength: Int { 2 * length }

    public init(symbols: Int = 15, length: Int = 8) {
        precondition(symbols >= 2 && symbols <= 26 && length >= 1, "copy task: 2…26 symbols, length ≥ 1")
        self.symbols = symbols
        self.length = length
    }

    /// One sequence of 2n + 1 tokens.
    public func sequence(_ rng: inout RNG) -> [Int32] {
        let part = (0..<length).map { _ in Int32(rng.int(below: symbols)) }
        return part + [separator] + part
    }

    /// A batch: inputs (B·2n) and targets (B·2n), targets before the separator ignored.
    public func batch(_ size: Int, _ rng: inout RNG) -> (inputs: [Int32], targets: [Int32]) {
        var inputs: [Int32] = [], targets: [Int32] = []
        inputs.reserveCapacity(size * contextLength)
        targets.reserveCapacity(size * contextLength)
        for _ in 0..<size {
            let s = sequence(&rng)
            inputs += s[0..<contextLength]
            for i in 0..<contextLength { targets.append(i >= length ? s[i + 1] : Batches.ignore) }
        }
        return (inputs, targets)
    }

    /// Tokens as letters, the separator as `|`.
    public func show(_ id: Int32) -> String {
        id == separator ? "|" : String(Character(Unicode.Scalar(UInt8(65 + Int(id)))))
    }

    /// Parses letters and `|` back into ids (spaces ignored); anything else is an error.
    public func parse(_ text: String) throws -> [Int32] {
        try letterIDs(text, symbols: symbols, separator: separator, contextLength: contextLength, task: "copy task")
    }
}

/// The ids of a letter task's text (A = 0, B = 1, …; `|` is `separator` when there is one;
/// spaces ignored), for the tasks of lesson 02. Anything else, no symbols or more than
/// `contextLength` is a one-line error naming `task`.
func letterIDs(_ text: String, symbols: Int, separator: Int32?, contextLength: Int, task: String) throws -> [Int32] {
    var ids: [Int32] = []
    for ch in text.unicodeScalars where ch != " " {
        if ch == "|", let separator { ids.append(separator); continue }
        let v = Int(ch.value) - 65
        guard v >= 0 && v < symbols else {
            let last = Character(Unicode.Scalar(UInt8(64 + symbols)))
            throw LabError("'\(ch)' is not a symbol of the \(task) (use A–\(last)\(separator == nil ? "" : " and |"))")
        }
        ids.append(Int32(v))
    }
    guard !ids.isEmpty else { throw LabError("--text is empty") }
    guard ids.count <= contextLength else { throw LabError("--text has \(ids.count) symbols; the model reads at most \(contextLength)") }
    return ids
}
