/// An error meant for a person: one line saying what went wrong and where.
///
/// Lessons let it propagate to `main`, which prints `error: <message>` and exits non-zero —
/// never a stack trace or a trap.
public struct LabError: Error, CustomStringConvertible, Equatable {
    public let message: String
    /// Line breaks in the message (a file's own text quoted in it) are shown as `\n` and `\r`,
    /// so an error is always one line.
    public init(_ message: String) {
        self.message = message.contains(where: \.isNewline)
            ? message.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
            : message
    }
    public var description: String { message }
}
