/// A failure reported to the user as `[pgctl] ERROR: <message>` on stderr.
public struct PgctlError: Error, Equatable, CustomStringConvertible {
    /// The text after `[pgctl] ERROR: `.
    public var message: String
    /// The process exit code (1 unless stated).
    public var exitCode: Int32

    /// Creates an error.
    public init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    /// The message, as printed after `[pgctl] ERROR: `.
    public var description: String { message }
}
