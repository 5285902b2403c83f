import Foundation

/// This machine's memory, for refusing a configuration that cannot fit before it starts.
public enum MachineMemory {
    /// Bytes of memory in all.
    public static var total: Double { Double(ProcessInfo.processInfo.physicalMemory) }

    /// Bytes available to a new allocation now: Linux's `MemAvailable` (free memory plus what
    /// the page cache would give back), or the total where that is not known; less if the
    /// process's address space is capped (`ulimit -v`).
    public static var available: Double {
        var limit = rlimit()
        // RLIM_INFINITY is all ones; anything above 2^62 bytes is no cap in practice
        let cap = getrlimit(RLIMIT_AS_VALUE, &limit) == 0 && limit.rlim_cur < 1 << 62 ? Double(limit.rlim_cur) : .infinity
        guard let info = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
              let kB = Double(line.split(separator: " ").dropFirst().first ?? "") else { return min(total, cap) }
        return min(kB * 1024, cap)
    }

    /// "12.3 GB"
    public static func describe(_ bytes: Double) -> String {
        bytes >= 1e9 ? String(format: "%.1f GB", bytes / 1e9) : String(format: bytes >= 1e7 ? "%.0f MB" : "%.1f MB", bytes / 1e6)
    }
}

#if os(Linux)
private let RLIMIT_AS_VALUE = Int32(RLIMIT_AS.rawValue)
#else
private let RLIMIT_AS_VALUE = RLIMIT_AS
#endif
