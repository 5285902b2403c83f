import Foundation

// The lab's one option system. A command's options are a plain struct with defaults and a
// table of fields; the same table reads the command line, a `--config` JSON file, a `:set`
// typed at a prompt, writes `run.json` and checkpoints, and prints `--help`, so these cannot
// drift apart. Choices are enums (`OptionChoice`), never strings compared here and there.
//
//     struct Options: CommandOptions {
//         static let command = "02-attention", abstract = "Attention, learned on a copy task."
//         var steps = 500
//         var norm = GPTConfig.Norm.pre
//         static let fields: [OptionField<Options>] = [
//             .init("steps", "training steps", \.steps),
//             .init("norm", "LayerNorm placement", \.norm),
//         ]
//     }
//     let options = Options.parseOrExit().options

/// A value picked from a fixed set: an enum whose raw values are what the user types
/// (`--norm pre`). Adding a choice is adding a case.
public protocol OptionChoice: RawRepresentable, CaseIterable, Sendable where RawValue == String {}

/// A struct of options: defaults in `init()`, and the table of its fields.
public protocol OptionTable: Sendable {
    init()
    static var fields: [OptionField<Self>] { get }
    /// `--quick`: a tiny configuration (applied before the config file and the flags).
    mutating func applyQuick()
    /// Ranges and combinations that cannot work, as one-line errors.
    func validate() throws
}

/// The options of one command (a lesson, a tool, a subcommand).
public protocol CommandOptions: OptionTable {
    /// How the user runs it, for help and errors: `05-pretrain`, `06-gpt2 verify`.
    static var command: String { get }
    static var abstract: String { get }
}

extension OptionTable {
    public mutating func applyQuick() {}
    public func validate() throws {}
}

/// What an option holds.
public enum OptionKind: Sendable {
    case int, uint, float, double, string, path, bool, list
    case choice([String])

    var typeName: String {
        switch self {
        case .int, .uint: return "int"
        case .float, .double: return "number"
        case .string: return "string"
        case .path: return "path"
        case .bool: return "bool"
        case .list: return "value ..."
        case .choice(let names): return names.joined(separator: "|")
        }
    }
}

/// Where an option's value comes from on a command line.
public enum OptionPlacement: Sendable {
    /// `--name value` (`--name` / `--no-name` for a bool)
    case named
    /// a bare argument, in the order the positional fields are listed
    case positional
    /// everything after `--`
    case rest
}


/// One option: its name (the flag without `--`; in JSON `batch-size` or `batch_size`), what it
/// does, and where its value lives.
public struct OptionField<Root>: Sendable {
    public typealias Kind = OptionKind
    public typealias Placement = OptionPlacement

    public let name: String
    public let help: String
    public let kind: Kind
    public var placement: Placement = .named
    /// Other names the flag answers to (llm.c's `--seq-len` for `--block-size`).
    public var aliases: [String] = []
    /// Must be given (no default makes sense).
    public var required = false
    /// Only concerns how a run is carried out (where files go, threads, resuming): a resumed
    /// run may change it; every other field must match the checkpoint it resumes.
    public var operational = false
    public let get: @Sendable (Root) -> JSONValue
    public let set: @Sendable (inout Root, JSONValue) -> Bool

    public init(name: String, help: String, kind: Kind, get: @escaping @Sendable (Root) -> JSONValue,
                set: @escaping @Sendable (inout Root, JSONValue) -> Bool) {
        self.name = name
        self.help = help
        self.kind = kind
        self.get = get
        self.set = set
    }

    /// This field, with `placement`, `aliases`, `required` or `operational` changed.
    public func with(placement: Placement? = nil, aliases: [String]? = nil, required: Bool? = nil, operational: Bool? = nil) -> Self {
        var f = self
        if let placement { f.placement = placement }
        if let aliases { f.aliases = aliases }
        if let required { f.required = required }
        if let operational { f.operational = operational }
        return f
    }

    /// The same option on a struct that holds `Root` at `path` (a lesson's options holding
    /// the common ones, or the training configuration).
    public func within<Outer>(_ path: WritableKeyPath<Outer, Root> & Sendable) -> OptionField<Outer> {
        let get = self.get, set = self.set
        var f = OptionField<Outer>(name: name, help: help, kind: kind, get: { get($0[keyPath: path]) },
                                   set: { outer, v in set(&outer[keyPath: path], v) })
        f.placement = placement
        f.aliases = aliases
        f.required = required
        f.operational = operational
        return f
    }

    /// The value as the user would write it on a command line, parsed to the JSON value the
    /// field takes; a wrong form is a one-line error.
    func parse(_ text: String) throws -> JSONValue {
        switch kind {
        case .int:
            guard let i = Int(text) else { throw LabError("--\(name) needs a whole number, got '\(text)'") }
            return .int(i)
        case .uint:
            guard UInt64(text) != nil else { throw LabError("--\(name) needs a non-negative whole number, got '\(text)'") }
            return .string(text)
        case .float, .double:
            guard let d = Double(text), d.isFinite else { throw LabError("--\(name) needs a number, got '\(text)'") }
            return .double(d)
        case .bool:
            guard let b = Bool(text) else { throw LabError("--\(name) is true or false, got '\(text)'") }
            return .bool(b)
        case .choice(let names):
            guard names.contains(text) else { throw LabError("--\(name) must be one of \(names.joined(separator: ", ")), got '\(text)'") }
            return .string(text)
        case .string, .path:
            return .string(text)
        case .list:
            return .array([.string(text)])
        }
    }
}

// MARK: Fields by the type of their value

extension OptionField {
    public init(_ name: String, _ help: String, _ path: WritableKeyPath<Root, Int> & Sendable) {
        self.init(name: name, help: help, kind: .int, get: { .int($0[keyPath: path]) },
                  set: { r, v in guard case .int(let i) = v else { return false }; r[keyPath: path] = i; return true })
    }

    public init(_ name: String, _ help: String, _ path: WritableKeyPath<Root, UInt64> & Sendable) {
        // as a string in JSON: a 64-bit seed does not survive a double
        self.init(name: name, help: help, kind: .uint, get: { .string(String($0[keyPath: path])) },
                  set: { r, v in
                      switch v {
                      case .int(let i) where i >= 0: r[keyPath: path] = UInt64(i); return true
                      case .string(let s): guard let u = UInt64(s) else { return false }; r[keyPath: path] = u; return true
                      default: return false
                      }
                  })
    }

    public init(_ name: String, _ help: String, _ path: WritableKeyPath<Root, Float> & Sendable) {
        // through the shortest decimal form, so 1e-3 as a Float is recorded as 0.001
        self.init(name: name, help: help, kind: .float, get: { .double(Double("\($0[keyPath: path])")!) },
                  set: { r, v in
                      switch v {
                      case .double(let d) where d.isFinite: r[keyPath: path] = Float(d); return true
                      case .int(let i): r[keyPath: path] = Float(i); return true
                      default: return false
                      }
                  })
    }

    public init(_ name: String, _ help: String, _ path: WritableKeyPath<Root, Double> & Sendable) {
        self.init(name: name, help: help, kind: .double, get: { .double($0[keyPath: path]) },
                  set: { r, v in
                      switch v {
                      case .double(let d) where d.isFinite: r[keyPath: path] = d; return true
                      case .int(let i): r[keyPath: path] = Double(i); return true
                      default: return false
                      }
                  })
    }

    public init(_ name: String, _ help: String, _ path: WritableKeyPath<Root, String> & Sendable) {
        self.init(name: name, help: help, kind: .string, get: { .string($0[keyPath: path]) },
                  set: { r, v in guard case .string(let s) = v else { return false }; r[keyPath: path] = s; return true })
    }

    /// A file or directory, or none.
    public init(_ name: String, _ help: String, _ path: WritableKeyPath<Root, String?> & Sendable) {
        self.init(name: name, help: help, kind: .path, get: { $0[keyPath: path].map(JSONValue.string) ?? .null },
                  set: { r, v in
                      switch v {
                      case .string(let s) where !s.isEmpty: r[keyPath: path] = s; return true
                      case .null: r[keyPath: path] = nil; return true
                      default: return false
                      }
                  })
    }

    public init(_ name: String, _ help: String, _ path: WritableKeyPath<Root, Bool> & Sendable) {
        self.init(name: name, help: help, kind: .bool, get: { .bool($0[keyPath: path]) },
                  set: { r, v in guard case .bool(let b) = v else { return false }; r[keyPath: path] = b; return true })
    }

    public init(_ name: String, _ help: String, _ path: WritableKeyPath<Root, [String]> & Sendable) {
        self.init(name: name, help: help, kind: .list, get: { .array($0[keyPath: path].map(JSONValue.string)) },
                  set: { r, v in
                      guard let items = v.arrayValue else { return false }
                      let strings = items.compactMap(\.stringValue)
                      guard strings.count == items.count else { return false }
                      r[keyPath: path] = strings
                      return true
                  })
    }

    /// Whole numbers, given one after another (`--sizes 256 512 1024`).
    public init(_ name: String, _ help: String, _ path: WritableKeyPath<Root, [Int]> & Sendable) {
        self.init(name: name, help: help, kind: .list, get: { .array($0[keyPath: path].map(JSONValue.int)) },
                  set: { r, v in
                      guard let items = v.arrayValue else { return false }
                      let ints = items.compactMap { item -> Int? in
                          switch item { case .int(let i): return i; case .string(let s): return Int(s); default: return nil }
                      }
                      guard ints.count == items.count else { return false }
                      r[keyPath: path] = ints
                      return true
                  })
    }

    public init<C: OptionChoice>(_ name: String, _ help: String, _ path: WritableKeyPath<Root, C> & Sendable) {
        self.init(name: name, help: help, kind: .choice(C.allCases.map(\.rawValue)), get: { .string($0[keyPath: path].rawValue) },
                  set: { r, v in
                      guard case .string(let s) = v, let c = C(rawValue: s) else { return false }
                      r[keyPath: path] = c
                      return true
                  })
    }

    /// A choice that may be left unset (`null` in JSON).
    public init<C: OptionChoice>(_ name: String, _ help: String, _ path: WritableKeyPath<Root, C?> & Sendable) {
        self.init(name: name, help: help, kind: .choice(C.allCases.map(\.rawValue)), get: { $0[keyPath: path].map { .string($0.rawValue) } ?? .null },
                  set: { r, v in
                      switch v {
                      case .null: r[keyPath: path] = nil; return true
                      case .string(let s): guard let c = C(rawValue: s) else { return false }; r[keyPath: path] = c; return true
                      default: return false
                      }
                  })
    }
}

// MARK: Reading and writing options

/// What a command line asked for.
public enum ParsedOptions<Options: CommandOptions> {
    /// The options, and the names of the fields the config file or the flags set (a resumed
    /// run checks those against its checkpoint).
    case options(Options, explicit: Set<String>)
    /// `--help` or `-h`: the text to print.
    case help(String)
}

extension OptionTable {
    public static func field(named name: String) -> OptionField<Self>? {
        let n = name.replacingOccurrences(of: "_", with: "-")
        return fields.first { $0.name == n || $0.aliases.contains(n) }
    }

    /// Every field and its value, as JSON with the flags' names (`run.json`, checkpoints).
    public var json: JSONValue {
        .object(Dictionary(Self.fields.map { ($0.name, $0.get(self)) }, uniquingKeysWith: { a, _ in a }))
    }

    /// Sets one field from a JSON value; an unknown name or a wrong value is a one-line error
    /// naming `source` (a file, a flag, a `:set`).
    public mutating func set(_ name: String, _ value: JSONValue, source: String) throws {
        guard let f = Self.field(named: name) else {
            let close = Self.fields.map(\.name).filter { $0.hasPrefix(String(name.prefix(3))) }
            throw LabError("\(source): unknown option '\(name)'\(close.isEmpty ? "" : " (did you mean \(close.joined(separator: ", "))?)")")
        }
        guard f.set(&self, value) else {
            let allowed: String
            switch f.kind {
            case .choice(let names): allowed = "one of \(names.joined(separator: ", "))"
            case .list: allowed = "a list of values of the right kind"
            case .path: allowed = "a non-empty path"
            default: allowed = "a \(f.kind.typeName)"
            }
            throw LabError("\(source): '\(f.name)' must be \(allowed), got \(value)")
        }
    }

    /// Sets one field from text as typed (`:set temperature 0.5`).
    public mutating func set(_ name: String, text: String, source: String) throws {
        guard let f = Self.field(named: name) else { try set(name, .null, source: source); return }
        try set(f.name, try f.parse(text), source: source)
    }

    /// Applies every key of a JSON object (a `--config` file, an experiment's overrides).
    public mutating func apply(_ object: JSONValue, source: String) throws {
        guard case .object(let o) = object else { throw LabError("\(source): expected a JSON object of options") }
        for key in o.keys.sorted() { try set(key, o[key]!, source: source) }
    }

    /// Reads a `--config` file: a JSON object of options.
    public static func loadConfig(_ path: String) throws -> JSONValue {
        let text = try Files.readUTF8(path)
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else {
            throw LabError("\(path): not valid JSON")
        }
        return json
    }
}

extension CommandOptions {
    /// Parses a command line. Precedence: `defaults`, then `--quick`, then `--config FILE`,
    /// then the flags (in order; a later flag wins). Every value is checked by its field, then
    /// the whole by `validate()` (unless `validate` is false: a first look that only needs one
    /// option, to choose the defaults of the real parse).
    public static func parse(_ arguments: [String], defaults: Self = Self(), validate: Bool = true) throws -> ParsedOptions<Self> {
        let see = " (see \(command) --help)"
        let asksForHelp = { (a: String) in a == "--help" || a == "-h" }
        var arguments = arguments
        if arguments.prefix(while: { $0 != "--" }).contains(where: asksForHelp) {
            if validate { return .help(help(defaults: defaults)) }
            arguments.removeAll(where: asksForHelp)
        }
        var pairs: [(field: OptionField<Self>, value: JSONValue)] = []
        var configFile: String?
        var positional = fields.filter { $0.placement == .positional }[...]
        var i = 0
        func take(_ what: String) throws -> String {
            guard i + 1 < arguments.count, !arguments[i + 1].hasPrefix("--") else {
                throw LabError("\(what) needs a value\(see)")
            }
            i += 1
            return arguments[i]
        }
        while i < arguments.count {
            let arg = arguments[i]
            if arg == "--" {
                guard let rest = fields.first(where: { $0.placement == .rest }) else { throw LabError("unexpected '--'\(see)") }
                pairs.append((rest, .array(arguments[(i + 1)...].map(JSONValue.string))))
                break
            }
            guard arg.hasPrefix("--"), arg.count > 2 else {
                guard let f = positional.popFirst() else { throw LabError("unexpected argument '\(arg)' (options start with --\(see.dropFirst()))") }
                pairs.append((f, try f.parse(arg)))
                i += 1
                continue
            }
            var name = String(arg.dropFirst(2)), inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if name == "config" {
                configFile = try inline ?? take("--config")
                i += 1
                continue
            }
            let negated = name.hasPrefix("no-") && field(named: String(name.dropFirst(3)))?.kind.isBool == true
            guard let f = field(named: negated ? String(name.dropFirst(3)) : name), f.placement != .rest else {
                throw LabError("unknown option '--\(name)'\(see)")
            }
            if negated && inline != nil { throw LabError("--\(name) takes no value\(see)") }
            switch f.kind {
            case .bool:
                pairs.append((f, try f.parse(inline ?? (negated ? "false" : "true"))))
            case .list:
                var items = inline.map { [$0] } ?? []
                while inline == nil, i + 1 < arguments.count, !arguments[i + 1].hasPrefix("--") {
                    i += 1
                    items.append(arguments[i])
                }
                guard !items.isEmpty else { throw LabError("--\(f.name) needs at least one value\(see)") }
                pairs.append((f, .array(items.map(JSONValue.string))))
            default:
                pairs.append((f, try f.parse(try inline ?? take("--\(f.name)"))))
            }
            i += 1
        }
        var options = defaults
        var explicit = Set<String>()
        let fileObject = try configFile.map(loadConfig)
        // --quick applies before the file and the flags, if its final value (the last flag,
        // else the file, else the default) is true
        let quickValues = [defaults.json["quick"], fileObject?["quick"]] + pairs.filter { $0.field.name == "quick" }.map { Optional($0.value) }
        if quickValues.compactMap({ $0 }).last == .bool(true) { options.applyQuick() }
        if let configFile, let object = fileObject {
            try options.apply(object, source: configFile)
            if case .object(let o) = object { explicit.formUnion(o.keys.compactMap { field(named: $0)?.name }) }
        }
        for (f, value) in pairs {
            try options.set(f.name, value, source: f.placement == .named ? "--\(f.name)" : f.name)
            explicit.insert(f.name)
        }
        for f in fields where f.required && !explicit.contains(f.name) {
            throw LabError(f.placement == .named ? "--\(f.name) is required\(see)" : "give \(f.name.uppercased())\(see)")
        }
        if validate { try options.validate() }
        return .options(options, explicit: explicit)
    }

    /// Parses the process's arguments the lab's way: `--help` prints the help and exits 0; a
    /// bad or unknown option prints one line and exits with status 64 (EX_USAGE).
    public static func parseOrExit(_ arguments: [String] = Array(CommandLine.arguments.dropFirst()),
                                   defaults: Self = Self()) -> (options: Self, explicit: Set<String>) {
        do {
            switch try parse(arguments, defaults: defaults) {
            case .help(let text):
                print(text)
                exit(0)
            case .options(let o, let explicit):
                return (o, explicit)
            }
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(64)
        }
    }

    /// `--help`: what the command does, how to call it, and every option with its default.
    public static func help(defaults: Self = Self()) -> String {
        let positional = fields.filter { $0.placement == .positional }.map { $0.required ? $0.name.uppercased() : "[\($0.name.uppercased())]" }
        let rest = fields.first { $0.placement == .rest }.map { " [-- \($0.name.uppercased()) ...]" } ?? ""
        var lines = ["OVERVIEW: \(abstract)", "",
                     "USAGE: \(command) \((positional + ["[--<option> <value> ...]"]).joined(separator: " "))\(rest)", "",
                     "OPTIONS (a --config JSON file may set any of them, with the same names; flags win over the file):"]
        var rows: [(String, String)] = []
        for f in fields {
            let flag: String
            switch (f.placement, f.kind) {
            case (.positional, _), (.rest, _): flag = f.name.uppercased()
            case (_, .bool): flag = "--\(f.name) / --no-\(f.name)"
            default: flag = "--\(f.name) <\(f.kind.typeName)>"
            }
            let aliases = f.aliases.isEmpty ? "" : " (also --\(f.aliases.joined(separator: ", --")))"
            let d = f.get(defaults)
            let value: String = switch d {
            case .null: "none"
            case .string(let s) where s.isEmpty: "\"\""
            case .double(let x): String(format: "%g", x)
            case .array(let items): items.isEmpty ? "none" : items.map { $0.stringValue ?? $0.description }.joined(separator: " ")
            default: d.stringValue ?? d.description
            }
            let shown = f.required ? "required" : value
            // a help text that explains its own default keeps it
            rows.append((flag, f.help.contains("default") && !f.required ? "\(f.help)\(aliases)" : "\(f.help)\(aliases) (\(f.required ? "" : "default: ")\(shown))"))
        }
        rows += [("--config <file>", "read options from a JSON object"), ("-h, --help", "show this help")]
        let width = min(34, rows.map { $0.0.count }.max() ?? 0)
        for (flag, text) in rows {
            lines.append(flag.count > width ? "  \(flag)\n  \(String(repeating: " ", count: width))  \(text)"
                                            : "  \(flag.padding(toLength: width, withPad: " ", startingAt: 0))  \(text)")
        }
        return lines.joined(separator: "\n")
    }
}

extension OptionKind {
    var isBool: Bool { if case .bool = self { return true }; return false }
}

/// A command with subcommands (`06-gpt2 verify …`, `bench train …`): the first argument, when
/// it is not an option, names the subcommand. Returns its name and the remaining arguments; an
/// unknown name is a one-line error listing the known ones, and `--help` without one lists them.
public func subcommand(of command: String, _ arguments: [String], commands: [(name: String, abstract: String)],
                       default fallback: String? = nil) -> (String, [String]) {
    if let first = arguments.first, !first.hasPrefix("-") {
        guard commands.contains(where: { $0.name == first }) else {
            FileHandle.standardError.write(Data("error: unknown command '\(first)' (commands: \(commands.map(\.name).joined(separator: ", ")); see \(command) --help)\n".utf8))
            exit(64)
        }
        return (first, Array(arguments.dropFirst()))
    }
    if let fallback { return (fallback, arguments) }
    let width = commands.map(\.name.count).max() ?? 0
    let list = commands.map { "  \($0.name.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.abstract)" }.joined(separator: "\n")
    if arguments.contains("--help") || arguments.contains("-h") {
        print("USAGE: \(command) <command> [--<option> <value> ...]\n\nCOMMANDS (each takes --help):\n\(list)")
        exit(0)
    }
    FileHandle.standardError.write(Data("error: name a command: \(commands.map(\.name).joined(separator: ", ")) (see \(command) --help)\n".utf8))
    exit(64)
}
