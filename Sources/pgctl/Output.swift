import SuperviseSystem

/// pgctl's own output: results on stdout, `[pgctl] ...` lines on stderr.
enum Output {
    /// Writes `text` to stdout and flushes (so nothing is lost if a command later execs).
    static func standardOutput(_ text: String) {
        try? FileDescriptor.standardOutput.writeAll(Array(text.utf8))
    }

    /// Writes `text` to stderr.
    static func standardError(_ text: String) {
        try? FileDescriptor.standardError.writeAll(Array(text.utf8))
    }

    /// `[pgctl] <line>` on stderr.
    static func message(_ line: String) { standardError("[pgctl] \(line)\n") }

    /// `[pgctl] WARNING: <line>` on stderr.
    static func warning(_ line: String) { message("WARNING: \(line)") }

    /// `[pgctl] ERROR: <line>` on stderr.
    static func error(_ line: String) { message("ERROR: \(line)") }
}
