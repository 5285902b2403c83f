import Foundation
import LabBase

extension TrainConfig {
    public enum Parsed { case config(TrainConfig, explicit: Set<String>), help(String) }

    /// Parses a command line against the table of fields. Order of precedence: the defaults,
    /// then `--quick`, then `--config FILE`, then the flags. `explicit` names the fields the
    /// file or the flags set (a resumed run checks them against its checkpoint).
    /// `defaults` lets a lesson start from its own defaults (06-gpt2 fine-tunes like llm.c's
    /// `train_gpt2`); `--quick` still applies on top of them.
    public static func parse(_ arguments: [String], command: String, abstract: String, defaults: TrainConfig = TrainConfig(),
                             extraHelp: [(String, String)] = []) throws -> Parsed {
        if arguments.contains("--help") || arguments.contains("-h") {
            return .help(help(command: command, abstract: abstract, defaults: defaults, extra: extraHelp))
        }
        var pairs: [(String, String?)] = []             // (name, value) in order; nil value = bare flag
        var configFile: String?
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            guard arg.hasPrefix("--"), arg.count > 2 else { throw LabError("unexpected argument '\(arg)' (options start with --; see \(command) --help)") }
            var name = String(arg.dropFirst(2)), value: String?
            if let eq = name.firstIndex(of: "=") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if name == "config" {
                if value == nil {
                    guard i + 1 < arguments.count else { throw LabError("--config needs a file (see \(command) --help)") }
                    i += 1
                    value = arguments[i]
                }
                configFile = value
                i += 1
                continue
            }
            let negated = name.hasPrefix("no-") && field(named: String(name.dropFirst(3)))?.kind == .bool
            guard let f = field(named: negated ? String(name.dropFirst(3)) : name) else {
                throw LabError("unknown option '--\(name)' (see \(command) --help)")
            }
            if f.kind == .bool {
                pairs.append((f.name, value ?? (negated ? "false" : "true")))
            } else {
                if value == nil {
                    guard i + 1 < arguments.count, !arguments[i + 1].hasPrefix("--") else { throw LabError("--\(f.name) needs a value (see \(command) --help)") }
                    i += 1
                    value = arguments[i]
                }
                pairs.append((f.name, value))
            }
            i += 1
        }
        var config = defaults
        var explicit = Set<String>()
        let fileObject = try configFile.map(load)
        let quickInFile = fileObject?["quick"] == .bool(true)
        if quickInFile || pairs.contains(where: { $0.0 == "quick" && $0.1 == "true" }) { config.applyQuick() }
        if let configFile, let object = fileObject {
            try config.apply(object, source: configFile)
            if case .object(let o) = object { explicit.formUnion(o.keys.map { $0.replacingOccurrences(of: "_", with: "-") }) }
        }
        for (name, raw) in pairs {
            try config.set(name, try value(raw ?? "", for: field(named: name)!), source: "--\(name)")
            explicit.insert(name)
        }
        try config.validate()
        return .config(config, explicit: explicit)
    }

    /// A command-line string as the JSON value its field expects.
    static func value(_ text: String, for f: Field) throws -> JSONValue {
        switch f.kind {
        case .int:
            guard let i = Int(text) else { throw LabError("--\(f.name) needs a whole number, got '\(text)'") }
            return .int(i)
        case .uint:
            guard UInt64(text) != nil else { throw LabError("--\(f.name) needs a non-negative whole number, got '\(text)'") }
            return .string(text)
        case .float, .double:
            guard let d = Double(text), d.isFinite else { throw LabError("--\(f.name) needs a number, got '\(text)'") }
            return .double(d)
        case .bool:
            guard let b = Bool(text) else { throw LabError("--\(f.name) is true or false, got '\(text)'") }
            return .bool(b)
        case .string, .path:
            guard !text.isEmpty || f.name == "sample-prompt" else { throw LabError("--\(f.name) needs a value") }
            return .string(text)
        }
    }

    /// `--help`: every option with its default.
    public static func help(command: String, abstract: String, defaults: TrainConfig = TrainConfig(), extra: [(String, String)] = []) -> String {
        var lines = ["OVERVIEW: \(abstract)", "", "USAGE: \(command) [--config FILE] [--<option> <value> ...]", "",
                     "Options (a --config JSON file may set any of them, with the same names; flags win over the file):"]
        let rows: [(String, String)] = extra + [("--config <file>", "read options from a JSON object")] + fields.map { f in
            let flag: String
            switch f.kind {
            case .bool: flag = "--\(f.name) / --no-\(f.name)"
            default: flag = "--\(f.name) <\(f.choices.isEmpty ? f.kind.typeName : f.choices.joined(separator: "|"))>"
            }
            let d = f.get(defaults)
            let shown: String = switch d {
            case .null: "none"
            case .string(let s) where s.isEmpty: "\"\""
            case .double(let x): String(format: "%g", x)
            default: d.description
            }
            return (flag, "\(f.help) (default: \(shown))")
        } + [("-h, --help", "show this help")]
        let width = min(34, rows.map { $0.0.count }.max() ?? 0)
        for (flag, text) in rows {
            lines.append(flag.count > width ? "  \(flag)\n  \(String(repeating: " ", count: width))  \(text)" : "  \(flag.padding(toLength: width, withPad: " ", startingAt: 0))  \(text)")
        }
        return lines.joined(separator: "\n")
    }
}
