// The numbers a chapter's prose states, held against the numbers its run printed.
//
// The rules are in weave's header (main.swift); this file is the reading of Markdown and of
// numbers that implements them. Everything here is a pure function of the chapter's text.
import Foundation

/// A unit a number can carry: its family (time, memory, ...) and its size in the family's base.
struct NumberUnit: Equatable {
    let name: String
    let family: String
    let factor: Double

    /// Units a number can carry, as written after it (with or without a space).
    static let known: [String: NumberUnit] = {
        var table: [String: NumberUnit] = [:]
        func add(_ family: String, _ factor: Double, _ names: String...) {
            for n in names { table[n] = NumberUnit(name: names[0], family: family, factor: factor) }
        }
        add("time", 1e-9, "ns")
        add("time", 1e-6, "µs", "us", "μs")
        add("time", 1e-3, "ms")
        add("time", 1, "s", "sec", "second", "seconds")
        add("time", 60, "min", "minute", "minutes")
        add("time", 3600, "h", "hour", "hours")
        add("memory", 1e3, "KB", "kB")
        add("memory", 1e6, "MB")
        add("memory", 1e9, "GB")
        add("memory", 1e12, "TB")
        add("memory", 1024, "KiB")
        add("memory", 1024 * 1024, "MiB")
        add("memory", 1024 * 1024 * 1024, "GiB")
        add("rate", 1, "tok/s", "tokens/s")
        add("rate", 1e9, "GFLOP/s", "GFLOPS")
        add("operations", 1e9, "GFLOP")
        add("operations", 1e12, "TFLOP")
        add("percent", 1, "%")
        add("times", 1, "×", "x")
        return table
    }()

    /// Units that may be written against the number ("58.0%", "1.5×", "78ms"); the others need a space.
    static func attached(_ name: String) -> NumberUnit? {
        name == "x" || name == "×" || name == "%" || ["s", "ms", "µs", "us", "ns", "min", "h", "KB", "MB", "GB", "TB", "GiB", "MiB", "KiB"].contains(name)
            ? known[name] : nil
    }

    /// Letters written against a number that scale it: 2.2M, 120k, 1.5B.
    static let scales: [String: Double] = ["k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9]
    /// Words after a number that scale it: 2.6 billion.
    static let scaleWords: [String: Double] = ["thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12]
}

/// A number as written in a text.
struct WrittenNumber {
    /// The digits as written, without thousands separators or unit: "808448", "1.961", "1e-4".
    var text: String
    /// The number before any exponent: 1.961, and 1 for 1e-4.
    var mantissa: Double
    /// Digits after the decimal point of the mantissa: its precision.
    var decimals: Int
    /// The exponent of e-notation (1e-4: -4), else 0.
    var exponent = 0
    /// Written with thousands separators (808,448).
    var separated = false
    /// A scale written against it or after it (2.2M, 2.6 billion).
    var scale: Double = 1
    /// The scale is a letter against the number (124M), not a word after it.
    var scaledByLetter = false
    var unit: NumberUnit?
    /// A constant written in code: exactly its value, however few its digits.
    var exact = false

    var written: Double { mantissa * pow(10, Double(exponent)) }
    var value: Double { written * scale * (unit?.factor ?? 1) }
    var hasENotation: Bool { text.contains("e") || text.contains("E") }

    /// How the prose wrote it, for messages: "58.0%", "1.148 s", "808,448".
    var shown = ""
}

/// Reads the number at the start of `s`: digits with optional thousands separators, a decimal
/// part and an exponent. Returns it and what follows it.
func scanNumber(_ s: Substring) -> (WrittenNumber, Substring)? {
    var i = s.startIndex
    func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
    func digits(from start: String.Index) -> String.Index {
        var j = start
        while j < s.endIndex, isDigit(s[j]) { j = s.index(after: j) }
        return j
    }
    guard i < s.endIndex, isDigit(s[i]) else { return nil }
    var end = digits(from: i)
    var integer = String(s[i..<end])
    var separated = false
    // thousands separators: the first group has 1–3 digits, each later one exactly 3
    if integer.count <= 3 {
        var j = end
        while j < s.endIndex, s[j] == "," {
            let groupStart = s.index(after: j)
            let groupEnd = digits(from: groupStart)
            guard s.distance(from: groupStart, to: groupEnd) == 3 else { break }
            integer += s[groupStart..<groupEnd]
            separated = true
            j = groupEnd
        }
        end = j
    }
    i = end
    var fraction = ""
    if i < s.endIndex, s[i] == "." {
        let after = s.index(after: i)
        let fractionEnd = digits(from: after)
        if fractionEnd > after {
            fraction = String(s[after..<fractionEnd])
            i = fractionEnd
        }
    }
    var exponent = 0
    var eText = ""
    if i < s.endIndex, s[i] == "e" || s[i] == "E" {
        var j = s.index(after: i)
        var sign = 1
        if j < s.endIndex, s[j] == "-" || s[j] == "−" || s[j] == "+" {
            sign = s[j] == "+" ? 1 : -1
            j = s.index(after: j)
        }
        let expEnd = digits(from: j)
        if expEnd > j, let e = Int(s[j..<expEnd]) {
            exponent = sign * e
            eText = "e\(sign < 0 ? "-" : "")\(e)"
            i = expEnd
        }
    }
    let text = integer + (fraction.isEmpty ? "" : "." + fraction) + eText
    guard let mantissa = Double(integer + (fraction.isEmpty ? "" : "." + fraction)) else { return nil }
    let number = WrittenNumber(text: text, mantissa: mantissa, decimals: fraction.count, exponent: exponent,
                               separated: separated, shown: String(s[s.startIndex..<i]))
    return (number, s[i...])
}

// MARK: - Numbers in prose

/// Characters that may open or close a word around a number: brackets, quotes, emphasis,
/// punctuation, approximation and sign marks.
private let openers: Set<Character> = ["(", "[", "{", "\"", "'", "«", "“", "‘", "*", "_", "~", "≈", "±", "-", "−", "+", "<", ">", "≤", "≥"]
private let closers: Set<Character> = [")", "]", "}", "\"", "'", "»", "”", "’", ".", ",", ";", ":", "!", "?", "*", "_", "…"]

/// The numbers a line of prose states, each with whether it is a claim. A claim is a decimal
/// (1.961), a number in e-notation (3e-3), a percentage, a multiplier (1.5×), an integer
/// written with thousands separators (808,448) or of three or more digits, or a number with a
/// unit (78 ms). Not numbers at all: anything inside a word that does not start with a digit
/// (GPT-2, v1.2, #14, x²), formulas (1/√d, 2·layers, 0.95^t), dates and versions (2026-11-21,
/// 0.42.1). Not claims: other integers (lesson numbers, counts like 12 layers), years (a bare
/// four-digit integer from 1900 to 2099), and integers with a scale letter (124M, 7B), which
/// name model sizes.
func proseNumbers(_ line: String) -> [(number: WrittenNumber, claim: Bool)] {
    let words = line.split(whereSeparator: { $0.isWhitespace || $0 == "=" })
    var found: [(WrittenNumber, Bool)] = []
    for (index, word) in words.enumerated() {
        if word.contains("://") { continue }
        var core = Substring(word)
        while let c = core.first, openers.contains(c) { core = core.dropFirst() }
        var closed = false
        while let c = core.last, closers.contains(c) { core = core.dropLast(); closed = true }
        guard let first = core.first, first.isASCII, first.isNumber else { continue }
        // a range: 1.27–1.38 s, 10–20%
        let parts = core.split(separator: "–", omittingEmptySubsequences: false)
        var numbers = parts.compactMap(numberWord)
        guard numbers.count == parts.count, !numbers.isEmpty else { continue }
        if numbers.count > 1, let unit = numbers.last!.unit {
            for k in numbers.indices where numbers[k].unit == nil && !numbers[k].scaledByLetter {
                numbers[k].unit = unit
                numbers[k].shown += unit.family == "percent" || unit.family == "times" ? unit.name : " " + unit.name
            }
        }
        // a unit or scale word after it: 1.148 s, 2.6 billion
        if !closed, index + 1 < words.count, numbers.last!.unit == nil, !numbers.last!.scaledByLetter {
            var next = Substring(words[index + 1])
            while let c = next.last, closers.contains(c) { next = next.dropLast() }
            if let unit = NumberUnit.known[String(next)], unit.family != "times" {
                for k in numbers.indices where numbers[k].unit == nil { numbers[k].unit = unit; numbers[k].shown += " " + next }
            } else if let scale = NumberUnit.scaleWords[String(next)] {
                for k in numbers.indices { numbers[k].scale = scale; numbers[k].shown += " " + next }
            }
        }
        for n in numbers { found.append((n, isClaim(n))) }
    }
    return found
}

/// One number word: the number, then optionally a unit or scale letter written against it,
/// then optionally a hyphen and a word (a 2.2M-parameter model, a 50257-token vocabulary).
private func numberWord(_ s: Substring) -> WrittenNumber? {
    guard var (number, rest) = scanNumber(s) else { return nil }
    if let hyphen = rest.firstIndex(of: "-") {
        let tail = rest[rest.index(after: hyphen)...]
        if let first = tail.first, first.isLetter, tail.allSatisfy({ $0.isLetter || $0 == "-" }) { rest = rest[..<hyphen] }
    }
    if rest.isEmpty { return number }
    if let unit = NumberUnit.attached(String(rest)) {
        number.unit = unit
        number.shown += rest
        return number
    }
    if let scale = NumberUnit.scales[String(rest)] {
        number.scale = scale
        number.scaledByLetter = true
        number.shown += rest
        return number
    }
    return nil
}

private func isClaim(_ n: WrittenNumber) -> Bool {
    if n.decimals > 0 || n.hasENotation || n.separated || n.unit != nil { return true }
    if n.scaledByLetter { return false }                                  // 124M, 7B: model sizes
    let digits = n.text.count
    if digits == 4, n.scale == 1, (1900...2099).contains(Int(n.mantissa)) { return false }   // a year
    return digits >= 3
}

// MARK: - Numbers in output and code

/// Every number in a run's output or in code, leniently: wherever digits stand, with a unit
/// or scale written against them or after one space. Digits in Swift literals may be grouped
/// with underscores (120_000).
func printedNumbers(_ text: String, exact: Bool = false) -> [WrittenNumber] {
    var chars = Array(text)
    // 120_000 → 120000
    var k = 1
    while k + 1 < chars.count {
        if chars[k] == "_", chars[k - 1].isASCII, chars[k - 1].isNumber, chars[k + 1].isASCII, chars[k + 1].isNumber { chars.remove(at: k) } else { k += 1 }
    }
    let s = String(chars)
    var numbers: [WrittenNumber] = []
    var i = s.startIndex
    var previous: Character? = nil
    while i < s.endIndex {
        let c = s[i]
        let startsNumber = c.isASCII && c.isNumber && !(previous.map { $0.isASCII && $0.isNumber } ?? false)
        guard startsNumber, let (number, rest) = scanNumber(s[i...]) else {
            previous = c
            i = s.index(after: i)
            continue
        }
        var n = number
        n.exact = exact
        // what follows: a unit or scale, against the number or after one space
        let word = rest.prefix { !$0.isWhitespace && !",;()[]{}|=\"'".contains($0) }
        var trimmed = word
        while let last = trimmed.last, ".:!?".contains(last) { trimmed = trimmed.dropLast() }
        if let unit = NumberUnit.attached(String(trimmed)) {
            n.unit = unit
        } else if let scale = NumberUnit.scales[String(trimmed)] {
            n.scale = scale
        } else if word.isEmpty, rest.first == " " {
            var next = rest.dropFirst().prefix { !$0.isWhitespace && !",;()[]{}|=\"'".contains($0) }
            while let last = next.last, ".:!?".contains(last) { next = next.dropLast() }
            if let unit = NumberUnit.known[String(next)], unit.family != "times" { n.unit = unit }
            else if let scale = NumberUnit.scaleWords[String(next)] { n.scale = scale }
        }
        numbers.append(n)
        // 1,234 may also be a list "1,234": keep its groups as numbers too
        if number.separated {
            for group in number.shown.split(separator: ",") {
                if let (g, _) = scanNumber(group) { numbers.append(g) }
            }
        }
        previous = rest.startIndex > s.startIndex ? s[s.index(before: rest.startIndex)] : nil
        i = rest.startIndex
    }
    return numbers
}

/// Whether a printed number, rounded to the claim's precision, is the claim: "1.96" is
/// 1.9610, "90%" is 90.0% (or the fraction 0.90), "808,448" is 808448, "1.5 s" is 1500 ms,
/// "2.2M" is 2203456. The printed number must be at least as precise as the claim ("8.0" is
/// not "8"), unless it is a constant in code, which is exact ("90%" is `0.9`, but "0.1" is
/// not `0.05`). In the claim's own section (`nearby`) the printed number may lack the claim's
/// unit or scale, as in a table whose header names it; elsewhere it must carry them too (or
/// a unit of the same kind, converted), so that "1.5 GB" is not any 1.52 of the chapter.
func agrees(_ claim: WrittenNumber, _ printed: WrittenNumber, nearby: Bool) -> Bool {
    func resolution(_ n: WrittenNumber) -> Double { pow(10, Double(n.exponent - n.decimals)) }
    let precision = pow(10, Double(claim.decimals))
    // a printed number halfway between two roundings was itself rounded: either side may be right
    let halfway = printed.exact ? 0.5 * (1 - 1e-9) : 0.5 * (1 + 1e-9) + 1e-9
    func close(_ v: Double) -> Bool { abs(v * precision - claim.mantissa * precision) <= halfway }
    func fine(_ printedResolution: Double, _ claimResolution: Double) -> Bool {
        printed.exact || printedResolution <= claimResolution * (1 + 1e-9)
    }
    let claimExponent = pow(10, Double(claim.exponent))
    let plainClaim = claim.unit == nil && claim.scale == 1
    let plainPrinted = printed.unit == nil && printed.scale == 1
    // as written, when unit and scale are the same (or not written on one side)
    if plainClaim || (claim.unit == printed.unit && claim.scale == printed.scale) || (nearby && plainPrinted) {
        if fine(resolution(printed), resolution(claim)), close(printed.written / claimExponent) { return true }
    }
    // converted, when both units are of one kind (or neither has one): 1.5 s and 1500 ms, 2.2M and 2203456
    if claim.unit?.family == printed.unit?.family {
        let claimScale = claimExponent * claim.scale * (claim.unit?.factor ?? 1)
        let printedScale = printed.scale * (printed.unit?.factor ?? 1)
        if fine(resolution(printed) * printedScale, resolution(claim) * claim.scale * (claim.unit?.factor ?? 1)),
           close(printed.value / claimScale) { return true }
    }
    // a percentage printed as a fraction: 90% and 0.90
    if claim.unit?.family == "percent", plainPrinted, printed.decimals > 0, printed.written <= 1 {
        if fine(resolution(printed) * 100, resolution(claim)), close(printed.written * 100 / claimExponent) { return true }
    }
    return false
}

// MARK: - A chapter, section by section

/// A `## Title` section of a chapter (the part before the first is named by the `# ` title):
/// its prose lines with code spans, link targets and comments removed, the exemptions its
/// comments list, and the text of its output and code blocks.
struct ChapterSection {
    var title: String
    var prose: [String] = []
    var exempt: [String] = []
    var output = ""
    var code = ""
}

/// The exemption comment: `<!-- measured elsewhere: 3.9 236 8.0 12 -->`.
let exemptionMarker = "measured elsewhere:"

/// Cuts a chapter into sections. Prose is what is left outside fenced blocks (```output is the
/// run's output, any other fence is code), indented code blocks (code too), images, the
/// `> Woven by` line and the `From [...]` line that opens an included function.
func chapterSections(_ doc: String) -> [ChapterSection] {
    var sections = [ChapterSection(title: "")]
    var fence: String? = nil                 // the open fence's info string
    var previousBlank = true, inIndentedCode = false, inList = false
    var rawProse: [[String]] = [[]]
    for line in doc.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        let last = sections.count - 1
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if let info = fence {
            if trimmed.hasPrefix("```") && trimmed.allSatisfy({ $0 == "`" }) { fence = nil }
            else if info == "output" { sections[last].output += line + "\n" }
            else { sections[last].code += line + "\n" }
            continue
        }
        if trimmed.hasPrefix("```") {
            fence = String(trimmed.drop { $0 == "`" }).trimmingCharacters(in: .whitespaces)
            previousBlank = false
            continue
        }
        let blank = trimmed.isEmpty
        let indented = line.hasPrefix("    ") || line.hasPrefix("\t")
        if indented && !blank && !inList && (previousBlank || inIndentedCode) {
            inIndentedCode = true
            sections[last].code += line + "\n"
            previousBlank = false
            continue
        }
        if !blank { inIndentedCode = false }
        if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ") || line.range(of: #"^\d+[.)] "#, options: .regularExpression) != nil {
            inList = true
        } else if !blank && !line.hasPrefix(" ") {
            inList = false
        }
        previousBlank = blank
        if line.hasPrefix("## ") {
            sections.append(ChapterSection(title: String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)))
            rawProse.append([])
        } else if line.hasPrefix("# "), sections.count == 1, sections[0].title.isEmpty {
            sections[0].title = String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces)
        }
        if line.hasPrefix("![") || line.hasPrefix("> Woven by") || (line.hasPrefix("From [`") && line.contains("](")) { continue }
        if line.range(of: #"^\s*\[[^\]]+\]:\s"#, options: .regularExpression) != nil { continue }   // [name]: url
        rawProse[rawProse.count - 1].append(line)
    }
    for i in sections.indices {
        let (text, comments) = removingComments(rawProse[i].joined(separator: "\n"))
        for comment in comments {
            let body = comment.trimmingCharacters(in: .whitespacesAndNewlines)
            guard body.hasPrefix(exemptionMarker) else { continue }
            sections[i].exempt += proseNumbers(String(body.dropFirst(exemptionMarker.count))).map(\.number.text)
        }
        sections[i].prose = text.split(separator: "\n", omittingEmptySubsequences: false).map { removingLinkTargets(removingCodeSpans(String($0))) }
    }
    return sections
}

/// The text without `<!-- ... -->` comments (each replaced by a space), and the comments' contents.
func removingComments(_ text: String) -> (String, [String]) {
    var out = "", comments: [String] = []
    var rest = Substring(text)
    while let open = rest.range(of: "<!--") {
        out += rest[..<open.lowerBound]
        guard let close = rest[open.upperBound...].range(of: "-->") else {
            comments.append(String(rest[open.upperBound...]))
            return (out, comments)
        }
        comments.append(String(rest[open.upperBound..<close.lowerBound]))
        // keep the comment's line breaks so lines still line up
        out += String(repeating: "\n", count: rest[open.lowerBound..<close.upperBound].filter { $0 == "\n" }.count) + " "
        rest = rest[close.upperBound...]
    }
    return (out + rest, comments)
}

/// A line without its `code spans`.
func removingCodeSpans(_ line: String) -> String {
    var out = ""
    var i = line.startIndex
    while i < line.endIndex {
        guard line[i] == "`" else { out.append(line[i]); i = line.index(after: i); continue }
        let run = line[i...].prefix { $0 == "`" }
        let after = run.endIndex
        if let close = line[after...].range(of: String(run)) {
            out += " "
            i = close.upperBound
        } else {
            out += run
            i = after
        }
    }
    return out
}

/// A line with `[text](target)` reduced to `[text]` and `<https://…>` removed.
func removingLinkTargets(_ line: String) -> String {
    var out = ""
    var i = line.startIndex
    while i < line.endIndex {
        if line[i...].hasPrefix("](") {
            out += "]"
            var depth = 0
            var j = line.index(i, offsetBy: 2)
            while j < line.endIndex {
                if line[j] == "(" { depth += 1 }
                if line[j] == ")" { if depth == 0 { break }; depth -= 1 }
                j = line.index(after: j)
            }
            i = j < line.endIndex ? line.index(after: j) : j
        } else if line[i] == "<", let close = line[i...].firstIndex(of: ">"), line[i..<close].contains("://") {
            out += " "
            i = line.index(after: close)
        } else {
            out.append(line[i])
            i = line.index(after: i)
        }
    }
    return out
}

// MARK: - The check

/// One line per number a chapter's prose states that its run did not print: a claim passes
/// when its section's output or code has it (rounded to the claim's precision), else when the
/// output or code anywhere in the chapter has it, else when its section's exemption comment
/// lists it. An exemption no claim of its section uses is reported too.
func proseNumberProblems(_ doc: String, path: String) -> [String] {
    let sections = chapterSections(doc)
    let chapterPrinted = sections.flatMap { printedNumbers($0.output) + printedNumbers($0.code, exact: true) }
    var problems: [String] = []
    for section in sections {
        let printed = printedNumbers(section.output) + printedNumbers(section.code, exact: true)
        var usedExemptions = Set<String>()
        var reported = Set<String>()
        for line in section.prose {
            for (number, claim) in proseNumbers(line) where claim {
                if section.exempt.contains(number.text) { usedExemptions.insert(number.text); continue }
                if printed.contains(where: { agrees(number, $0, nearby: true) }) { continue }
                if chapterPrinted.contains(where: { agrees(number, $0, nearby: false) }) { continue }
                guard reported.insert(number.shown).inserted else { continue }
                problems.append("\(path), section \"\(section.title)\": prose says \(number.shown) but the run printed no such number")
            }
        }
        for unused in section.exempt where !usedExemptions.contains(unused) {
            problems.append("\(path), section \"\(section.title)\": <!-- \(exemptionMarker) --> lists \(unused) but the prose states no such number")
        }
    }
    return problems
}
