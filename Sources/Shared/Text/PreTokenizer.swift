/// GPT-2's pre-splitting: text is cut into chunks before BPE, so merges never cross them.
///
/// GPT-2 does it with this regular expression:
///
///     's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
///
/// Here it is a hand-written scanner with the same result (tests hold it against Python's
/// `regex` module): English contractions; a run of letters, of digits, or of other symbols, each
/// with at most one leading space; then whitespace. For "Hello world's  end!!" it gives
/// `Hello` ` world` `'s` ` ` ` end` `!!`. A run of Chinese characters is one chunk (Han
/// characters are letters), which BPE then cuts into learned pieces.
///
/// It works on UTF-8 bytes and reports byte ranges, allocating nothing.
public enum PreTokenizer {
    enum Class: UInt8 { case letter, number, space, other }

    /// Character classes of the ASCII range, looked up without touching Unicode tables.
    static let asciiClass: [Class] = (0..<128).map { v in
        let s = Unicode.Scalar(UInt8(v))
        if s.properties.isWhitespace { return .space }
        if (65...90).contains(v) || (97...122).contains(v) { return .letter }
        if (48...57).contains(v) { return .number }
        return .other
    }

    @inline(__always)
    static func classify(_ value: UInt32) -> Class {
        if value < 128 { return asciiClass[Int(value)] }
        guard let scalar = Unicode.Scalar(value) else { return .other }
        let p = scalar.properties
        if p.isWhitespace { return .space }
        switch p.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .letter
        case .decimalNumber, .letterNumber, .otherNumber: return .number
        default: return .other
        }
    }

    /// Decodes the scalar starting at `i` of valid UTF-8; returns its value and byte length.
    @inline(__always)
    static func decode(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let b0 = UInt32(b[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 { return ((b0 & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F), 3) }
        return ((b0 & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6 | UInt32(b[i + 3] & 0x3F), 4)
    }

    /// Calls `chunk` with the byte range of every chunk of `bytes`, in order. The bytes must be
    /// valid UTF-8 (they come from a `String`), which is why this is not public.
    static func split(_ bytes: UnsafeBufferPointer<UInt8>, _ chunk: (Range<Int>) -> Void) {
        let n = bytes.count
        var i = 0
        // End of the run of scalars of class `c` starting at byte `from`.
        func run(_ c: Class, from: Int) -> Int {
            var j = from
            while j < n {
                let (v, len) = decode(bytes, j)
                if classify(v) != c { break }
                j += len
            }
            return j
        }
        func otherRun(from: Int) -> Int {
            var j = from
            while j < n {
                let (v, len) = decode(bytes, j)
                if classify(v) != .other { break }
                j += len
            }
            return j
        }
        while i < n {
            // 's 't 're 've 'm 'll 'd
            if bytes[i] == 0x27, i + 1 < n {
                let c1 = bytes[i + 1]
                if c1 == 0x73 || c1 == 0x74 || c1 == 0x6D || c1 == 0x64 { chunk(i..<(i + 2)); i += 2; continue }   // s t m d
                if i + 2 < n {
                    let c2 = bytes[i + 2]
                    if (c1 == 0x72 && c2 == 0x65) || (c1 == 0x76 && c2 == 0x65) || (c1 == 0x6C && c2 == 0x6C) {  // re ve ll
                        chunk(i..<(i + 3)); i += 3; continue
                    }
                }
            }
            // ' ?' followed by a letter, number or symbol run
            let start = i
            let j = bytes[i] == 0x20 && i + 1 < n ? i + 1 : i
            let (v, _) = decode(bytes, j)
            let c = classify(v)
            if j == i || c != .space {
                switch c {
                case .letter, .number:
                    let end = run(c, from: j); chunk(start..<end); i = end; continue
                case .other:
                    let end = otherRun(from: j); chunk(start..<end); i = end; continue
                case .space:
                    break
                }
            }
            // Whitespace: a run keeps back its last character when a non-space follows it,
            // so that character can lead the next word (\s+(?!\S) then \s+).
            let end = run(.space, from: i)
            if end < n {
                // find the start of the last scalar of the run
                var last = end - 1
                while bytes[last] & 0xC0 == 0x80 { last -= 1 }
                if last > i { chunk(i..<last); i = last; continue }
            }
            chunk(i..<end)
            i = end
        }
    }

    /// The chunks of a string, as strings (for lessons and tests).
    public static func chunks(_ text: String) -> [String] {
        var out: [String] = []
        var utf8 = Array(text.utf8)
        utf8.withUnsafeMutableBufferPointer { buf in
            let b = UnsafeBufferPointer(buf)
            split(b) { r in out.append(String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self)) }
        }
        return out
    }
}
