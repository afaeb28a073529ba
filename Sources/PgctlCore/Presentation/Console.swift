import SuperviseSystem

/// pgctl's two output streams, written with unbuffered `write(2)` calls so that lines from
/// pgctl and from the children it runs (hooks, `start-msg`) interleave in the real order.
struct Console {
    /// Debug tracing level from `PGCTL_VERBOSE` (0 = off; a non-number means 1).
    var debugLevel: Int
    /// The embedded log viewer while it is on screen (shared by all copies of this console):
    /// stderr text is then printed above its box.
    let overlay = ConsoleOverlay()

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

    /// Raw text on stderr (above the log viewer's box when it is shown).
    func writeError(_ text: String) {
        if let viewer = overlay.viewer {
            viewer.printAbove(text)
        } else {
            Self.write(text, to: 2)
        }
    }

    /// Raw text on stdout.
    func writeOutput(_ text: String) { Self.write(text, to: 1) }

    /// Raw bytes on stdout.
    func writeOutput(_ bytes: [UInt8]) { Self.write(bytes, to: 1) }

    /// Raw bytes on stderr (above the log viewer's box when it is shown).
    func writeError(_ bytes: [UInt8]) {
        if overlay.viewer != nil {
            writeError(String(decoding: bytes, as: UTF8.self))
        } else {
            Self.write(bytes, to: 2)
        }
    }

    /// Raw text on stderr, bypassing the viewer (the viewer's own frames).
    func writeErrorDirectly(_ text: String) { Self.write(text, to: 2) }

    /// The width of the terminal on stderr, 0 when it is not a terminal.
    static func terminalColumns() -> Int {
        Terminal.columns(of: .standardError)
    }

    private static func write(_ text: String, to fd: Int32) {
        write(Array(text.utf8), to: fd)
    }

    private static func write(_ bytes: [UInt8], to fd: Int32) {
        try? FileDescriptor(rawValue: fd).writeAll(bytes)
    }
}

/// Holds the embedded log viewer while it is shown, so that every copy of a ``Console``
/// routes stderr through it.
final class ConsoleOverlay {
    /// The active viewer, nil when none is shown.
    var viewer: LiveLogViewer?
}
