import SuperviseSystem

/// Messages in s6's format, `<program>: warning: <text>` and `<program>: fatal: <text>`,
/// each written to stderr in a single write.
public struct Diagnostics: Sendable {
    /// The prefix, e.g. `s6-supervise svc` or `s6-svc`.
    public let program: String

    /// Creates a reporter for `program`.
    public init(program: String) { self.program = program }

    /// Prints `<program>: warning: <message>`.
    public func warn(_ message: String) {
        writeToStandardError("\(program): warning: \(message)\n")
    }

    /// Prints `<program>: fatal: <message>` and exits with `exitCode`.
    public func fatal(_ message: String, exitCode: Int32) -> Never {
        writeToStandardError("\(program): fatal: \(message)\n")
        ProcessControl.exitImmediately(exitCode)
    }

    /// Prints `<program>: fatal: <message>: <errno text>` and exits with `exitCode`.
    public func fatal(_ message: String, _ error: Errno, exitCode: Int32) -> Never {
        fatal("\(message): \(error)", exitCode: exitCode)
    }
}
