import Foundation

/// This machine's memory, for refusing a configuration that cannot fit before it starts.
public enum MachineMemory {
    /// Bytes of memory in all.
    public static var total: Double { Double(ProcessInfo.processInfo.physicalMemory) }

    /// Bytes available to a new allocation now: Linux's `MemAvailable` (free memory plus what
    /// the page cache would give back), or the total where that is not known.
    public static var available: Double {
        guard let info = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
              let kB = Double(line.split(separator: " ").dropFirst().first ?? "") else { return total }
        return kB * 1024
    }

    /// "12.3 GB"
    public static func describe(_ bytes: Double) -> String {
        bytes >= 1e9 ? String(format: "%.1f GB", bytes / 1e9) : String(format: "%.0f MB", bytes / 1e6)
    }
}
