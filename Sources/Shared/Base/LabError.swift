/// An error meant for a person: one line saying what went wrong and where.
///
/// Lessons let it propagate to `main`, which prints `error: <message>` and exits non-zero —
/// never a stack trace or a trap.
public struct LabError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
