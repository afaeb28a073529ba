import Foundation

/// pgctl's two output streams, written with unbuffered `write(2)` calls so that lines from
/// pgctl and from the children it runs (hooks, `start-msg`) interleave in the real order.
struct Console {
    /// Debug tracing level from `PGCTL_VERBOSE` (0 = off; a non-number means 1).
    var debugLevel: Int

    /// Reads the tracing level from `environment`.
    init(environment: [String: String]) {
        if let raw = environment["PGCTL_VERBOSE"], !raw.isEmpty {
            debugLevel = Int(raw) ?? 1
        } else {
            debugLevel = 0
        }
    }

    /// `[pgctl] <message>` on stderr (`[pgctl]` alone for an empty message).
    func say(_ message: String) {
        writeError(message.isEmpty ? "[pgctl]\n" : "[pgctl] \(message)\n")
    }

    /// `[pgctl] DEBUG: <message>` on stderr when the tracing level is at least `level`.
    func debug(_ message: @autoclosure () -> String, level: Int = 1) {
        if debugLevel >= level { writeError("[pgctl] DEBUG: \(message())\n") }
    }

    /// Raw text on stderr.
    func writeError(_ text: String) { Self.write(text, to: 2) }

    /// Raw text on stdout.
    func writeOutput(_ text: String) { Self.write(text, to: 1) }

    /// Raw bytes on stdout.
    func writeOutput(_ bytes: [UInt8]) { Self.write(bytes, to: 1) }

    /// Raw bytes on stderr.
    func writeError(_ bytes: [UInt8]) { Self.write(bytes, to: 2) }

    private static func write(_ text: String, to fd: Int32) {
        write(Array(text.utf8), to: fd)
    }

    private static func write(_ bytes: [UInt8], to fd: Int32) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += n
        }
    }
}
