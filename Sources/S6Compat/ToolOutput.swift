import SuperviseSystem

/// Where a tool writes: its name (the prefix of every diagnostic), stdout and stderr.
/// Every message is written with a single `write(2)`, as skalibs does.
public struct ToolOutput: Sendable {
    /// The program name printed before `: warning:`, `: fatal:` and `: usage:`.
    public let program: String
    /// The usage text printed after `<program>: usage: `.
    public let usage: String

    /// Creates the output of `program`, whose usage line is `usage`.
    public init(program: String, usage: String) {
        self.program = program
        self.usage = usage
    }

    /// Writes `text` to stdout (errors such as a closed stdout are ignored, as there is
    /// nowhere left to report them).
    public func standardOutput(_ text: String) {
        try? FileDescriptor.standardOutput.writeAll(Array(text.utf8))
    }

    /// Prints `<program>: warning: <message>`.
    public func warn(_ message: String) {
        writeToStandardError("\(program): warning: \(message)\n")
    }

    /// Prints `failure` the way the real tool does and returns its exit code.
    public func report(_ failure: ToolFailure) -> Int32 {
        switch failure.kind {
        case .usage: writeToStandardError("\(program): usage: \(usage)\n")
        case .fatal: writeToStandardError("\(program): fatal: \(failure.message)\n")
        }
        return failure.exitCode
    }
}
