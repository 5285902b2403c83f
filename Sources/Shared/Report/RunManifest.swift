import Foundation
import LabBase

/// `run.json`: what a run was, so anyone can repeat it. Written when the run starts and again
/// when it ends (atomically both times), beside the run's CSV files.
public struct RunManifest {
    public let path: String
    public var fields: [String: JSONValue]

    public init(path: String, lesson: String, config: [String: JSONValue], seed: UInt64, threads: Int) {
        self.path = path
        fields = [
            "lesson": .string(lesson),
            "command": .string(CommandLine.arguments.map(Machine.shellQuote).joined(separator: " ")),
            "config": .object(config),
            "seed": .string(String(seed)),   // a UInt64 can exceed a JSON number's exact range
            "threads": .int(threads),
            "git_commit": Machine.gitCommit().map(JSONValue.string) ?? .null,
            "versions": [
                "swift_compiler": .string(Machine.swiftCompilerVersion),
                "openblas": .string(BLAS.version),
                "openblas_core": .string(BLAS.coreName),
            ],
            "machine": [
                "cpu": .string(Machine.cpuModel),
                "cores": .int(ProcessInfo.processInfo.activeProcessorCount),
                "os": .string(ProcessInfo.processInfo.operatingSystemVersionString),
            ],
            "started": .string(Machine.timestamp()),
            "finished": .null,
            "status": "running",
        ]
    }

    public func write() throws { try Files.writeAtomically(try JSONValue.object(fields).jsonText(), to: path) }

    /// Marks the run finished, with its headline results, and writes the file again.
    public mutating func finish(results: [String: JSONValue] = [:], status: String = "finished") throws {
        fields["finished"] = .string(Machine.timestamp())
        fields["status"] = .string(status)
        fields["results"] = .object(results)
        try write()
    }
}

/// Facts about the machine and build, for manifests and honest benchmark reports.
public enum Machine {
    /// `HEAD` of the git checkout in the current directory, with `-dirty` when files changed;
    /// nil outside a checkout or without git.
    public static func gitCommit() -> String? {
        guard let head = run(["git", "rev-parse", "HEAD"]), !head.isEmpty else { return nil }
        let dirty = (run(["git", "status", "--porcelain", "--untracked-files=no"]) ?? "").isEmpty ? "" : "-dirty"
        return head + dirty
    }

    /// Runs a command through `env`, returning its trimmed standard output, or nil on failure.
    public static func run(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public static var swiftCompilerVersion: String {
        #if compiler(>=6.4)
        return ">=6.4"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }

    /// The CPU's model name from /proc/cpuinfo (Linux), or "unknown".
    public static var cpuModel: String {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in info.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return "unknown"
    }

    /// One line describing this machine, for output that reports speed.
    public static var summary: String {
        "\(cpuModel), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(BLAS.version)"
    }

    /// Memory now (`VmRSS`) and at its peak so far (`VmHWM`), in bytes, from /proc/self/status
    /// (Linux); nil where that file does not exist.
    public static var memory: (now: Int, peak: Int)? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        func kB(_ key: String) -> Int? {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }) else { return nil }
            return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { $0 * 1024 }
        }
        guard let now = kB("VmRSS"), let peak = kB("VmHWM") else { return nil }
        return (now, peak)
    }

    public static func timestamp() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date())
    }

    /// Quotes an argument for a shell when it needs it, so the recorded command can be pasted.
    public static func shellQuote(_ s: String) -> String {
        let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
        if !s.isEmpty && s.unicodeScalars.allSatisfy({ safe.contains($0) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
