import LabBase

/// A copy task where *position* cannot tell where the copy is, only *content* can: a stretch of
/// distinct letters at a random place, filler, and the same stretch again at a random later
/// place. The stretch's length and both places change from sequence to sequence, and the filler
/// never uses the stretch's letters, so inside the copy each letter appeared exactly once before;
/// the next letter is the one that followed it there. Finding it is the job of an *induction
/// head*: attend to the position right after the earlier occurrence of the current letter.
///
///     symbols A…O, context 16, a stretch of L = 4 at position 2, its copy at position 10:
///     sequence  M N C A H F K J N O C A H F G O N      (context + 1 tokens)
///                   └─────┘         └─────┘
///     scored                        ^ ^ ^              inputs C, A, H: predict A, H, F
public struct InductionTask: Sendable {
    public let symbols: Int
    public let contextLength: Int
    /// The lengths a stretch can have (each equally likely).
    public let lengths: ClosedRange<Int>
    public var vocabSize: Int { symbols }

    /// One sequence and where its stretch and the stretch's copy stand.
    public struct Example: Sendable, Equatable {
        public let tokens: [Int32]      // contextLength + 1: the input is the first contextLength
        public let original: Int        // where the stretch starts
        public let copy: Int            // where its copy starts (≥ original + length)
        public let length: Int

        public init(tokens: [Int32], original: Int, copy: Int, length: Int) {
            self.tokens = tokens; self.original = original; self.copy = copy; self.length = length
        }

        /// Input positions whose next token is scored: every letter of the copy but its last
        /// (the copy's first letter cannot be foreseen, so it is the first *input* scored).
        public var scored: Range<Int> { copy..<(copy + length - 1) }
        /// Where the letter at scored position `i` stood before.
        public func earlier(_ i: Int) -> Int { original + i - copy }
    }

    public init(symbols: Int = 15, context: Int = 24, lengths: ClosedRange<Int> = 3...8) throws {
        guard (2...26).contains(symbols) else { throw LabError("induction task: 2 to 26 symbols, got \(symbols)") }
        guard lengths.lowerBound >= 2, lengths.upperBound < symbols else {
            throw LabError("induction task: a stretch needs 2 to \(symbols - 1) distinct letters (one is left for the filler), got \(lengths)")
        }
        guard 2 * lengths.upperBound <= context else {
            throw LabError("induction task: a context of \(context) cannot hold two stretches of \(lengths.upperBound)")
        }
        self.symbols = symbols
        self.contextLength = context
        self.lengths = lengths
    }

    /// One random sequence.
    public func example(_ rng: inout RNG) -> Example {
        let length = lengths.lowerBound + rng.int(below: lengths.count)
        var letters = (0..<symbols).map(Int32.init)
        rng.shuffle(&letters)
        let stretch = letters[0..<length], filler = Array(letters[length...])
        let original = rng.int(below: contextLength - 2 * length + 1)                 // 0 … T − 2L
        let copy = original + length + rng.int(below: contextLength - original - 2 * length + 1)   // … T − L
        var tokens = (0...contextLength).map { _ in filler[rng.int(below: filler.count)] }
        tokens.replaceSubrange(original..<(original + length), with: stretch)
        tokens.replaceSubrange(copy..<(copy + length), with: stretch)
        return Example(tokens: tokens, original: original, copy: copy, length: length)
    }

    public func examples(_ count: Int, _ rng: inout RNG) -> [Example] { (0..<count).map { _ in example(&rng) } }

    /// Inputs and targets (each examples.count · contextLength), every target but the scored ignored.
    public func batch(_ examples: [Example]) -> (inputs: [Int32], targets: [Int32]) {
        var inputs: [Int32] = [], targets: [Int32] = []
        inputs.reserveCapacity(examples.count * contextLength)
        targets.reserveCapacity(examples.count * contextLength)
        for e in examples {
            inputs += e.tokens[0..<contextLength]
            for i in 0..<contextLength { targets.append(e.scored.contains(i) ? e.tokens[i + 1] : Batches.ignore) }
        }
        return (inputs, targets)
    }

    /// What each head looks at from the scored positions, averaged over them: the weight on the
    /// earlier occurrence of the query's own letter (`match`), on the position right after it,
    /// which holds the answer (`induction`), and on the position just before the query
    /// (`previous`). `weights` is attention as a model keeps it, (B, heads, T, T) with row =
    /// query, for B = examples.count sequences of this task.
    public func headScores(_ weights: UnsafePointer<Float>, heads: Int, examples: [Example])
        -> [(match: Double, induction: Double, previous: Double)] {
        let t = contextLength
        var sums = [(match: Double, induction: Double, previous: Double)](repeating: (0, 0, 0), count: heads)
        var count = 0
        for (b, e) in examples.enumerated() {
            for h in 0..<heads {
                let w = weights + (b * heads + h) * t * t
                for i in e.scored {
                    let j = e.earlier(i)
                    sums[h].match += Double(w[i * t + j])
                    sums[h].induction += Double(w[i * t + j + 1])
                    sums[h].previous += Double(w[i * t + i - 1])
                }
            }
            count += e.scored.count
        }
        let n = Double(max(count, 1))
        return sums.map { ($0.match / n, $0.induction / n, $0.previous / n) }
    }

    /// Tokens as letters.
    public func show(_ id: Int32) -> String { String(Character(Unicode.Scalar(UInt8(65 + Int(id))))) }

    /// Parses letters back into ids (spaces ignored); anything else is an error.
    public func parse(_ text: String) throws -> [Int32] {
        try letterIDs(text, symbols: symbols, separator: nil, contextLength: contextLength, task: "induction task")
    }
}
