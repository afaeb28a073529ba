/// The exit codes of the s6 client tools (s6 2.11).
public enum S6ExitCode {
    /// Success.
    public static let success: Int32 = 0
    /// `s6-svok`: no supervisor; `s6-svstat`: "s6-supervise not running".
    public static let notRunning: Int32 = 1
    /// `s6-svwait`, `s6-svlisten1`, `s6-svc -w`: the deadline passed.
    public static let timedOut: Int32 = 99
    /// Bad usage, and some "this directory is not in a usable state" errors.
    public static let usage: Int32 = 100
    /// A system call failed.
    public static let systemCallFailed: Int32 = 111
}

/// Why a tool stops: its exit code and the text it prints on stderr.
///
/// ``message`` is the text after `<program>: fatal: ` exactly as the real s6 2.11.3.2 tools
/// print it, including skalibs 2.13.1.1's doubled colon in "unable to …" messages that carry
/// no errno text (`: unable to control svc: supervisor not listening`). A usage failure prints
/// `<program>: usage: <usage text>` instead.
public struct ToolFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// How the failure is reported.
    public enum Kind: Equatable, Sendable {
        /// `<program>: usage: …`, exit 100.
        case usage
        /// `<program>: fatal: <message>`.
        case fatal
    }

    /// How the failure is reported.
    public var kind: Kind
    /// The process exit code.
    public var exitCode: Int32
    /// The text after `fatal: ` (empty for a usage failure: the tool supplies its usage).
    public var message: String

    /// A usage error (exit 100).
    public static let usage = ToolFailure(kind: .usage, exitCode: S6ExitCode.usage, message: "")

    /// A fatal error with an explicit exit code.
    public static func fatal(_ message: String, exitCode: Int32) -> ToolFailure {
        ToolFailure(kind: .fatal, exitCode: exitCode, message: message)
    }

    public var description: String { kind == .usage ? "usage" : message }
}

/// The text s6 prints for "unable to <what>" failures that have no errno part. skalibs 2.13.1.1
/// (Debian 12) prints an empty first field there, hence the leading `: `; see docs/s6-compat.md.
func unableWithoutErrno(_ what: String) -> String {
    ": unable to \(what)"
}
