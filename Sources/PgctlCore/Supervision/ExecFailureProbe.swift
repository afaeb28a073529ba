import SuperviseSystem

/// Finds, in a service's `logs/current`, the supervisor's report that it could not spawn
/// `run` (an exec failure such as `#!/nonexistent/interp`, or a `notification-fd` it cannot
/// use), so that `pgctl start` fails at once with that reason instead of waiting for the
/// whole `timeout-ready`: the supervisor only retries such a spawn 10 seconds later, and no
/// event or status change announces the failure.
///
/// Our supervisor logs, stamped, `s6-supervise <svc> (child): fatal: <reason>` (or
/// `s6-supervise <svc>: warning: <reason>`) followed by `s6-supervise <svc>: warning: unable
/// to spawn ./run - waiting 10 seconds`, the moment the spawn fails. Only lines appended
/// after the probe was created count.
struct ExecFailureProbe {
    /// The log file read.
    let logFile: String
    /// Where the lines of interest start: the size of the log when the probe was created.
    private let startOffset: Int
    /// At most this much of the newest log is read per look.
    static let window = 64 * 1024
    /// The line that follows every spawn failure.
    static let spawnFailedText = ": warning: unable to spawn ./run - waiting 10 seconds"

    /// A probe for spawn failures logged in `logFile` from now on.
    init(logFile: String) {
        self.logFile = logFile
        startOffset = FileSystem.inodeAndSize(of: logFile).map { Int($0.size) } ?? 0
    }

    /// The reason of the newest spawn failure logged since the probe was created (e.g.
    /// `unable to exec run: No such file or directory`), or nil.
    func failure() -> String? {
        guard let fd = try? FileDescriptor.open(logFile, [.readOnly, .nonBlocking, .closeOnExec]) else { return nil }
        defer { fd.close() }
        guard let size = try? Int(fd.metadata().size) else { return nil }
        guard size != startOffset else { return nil }
        // Smaller than when we started: rotated meanwhile; read the new file from its start.
        let start = size > startOffset ? max(startOffset, size - Self.window) : max(0, size - Self.window)
        guard let bytes = try? fd.read(upTo: size - start, at: start), !bytes.isEmpty else { return nil }
        return Self.newestFailure(in: bytes[...])
    }

    /// The reason of the newest spawn failure among complete log lines of `bytes`.
    static func newestFailure(in bytes: ArraySlice<UInt8>) -> String? {
        var previous: String?
        var found: String?
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        lines.removeLast() // the piece after the last newline is not a complete line
        for raw in lines {
            guard let text = messageText(raw) else {
                previous = nil
                continue
            }
            if text.hasSuffix(spawnFailedText) {
                found = previous.flatMap(reason(in:)) ?? "unable to spawn ./run"
            }
            previous = text
        }
        return found
    }

    /// A supervisor message of a stamped log line (`<stamp>  s6-supervise …`), or nil.
    private static func messageText(_ line: ArraySlice<UInt8>) -> String? {
        // The stamp (`YYYY-MM-DD HH:MM:SS.nnnnnnnnn`) has single spaces; two end it.
        guard let end = line.indices.first(where: { $0 + 1 < line.endIndex && line[$0] == 0x20 && line[$0 + 1] == 0x20 }) else { return nil }
        let text = String(decoding: line[(end + 2)...], as: UTF8.self)
        return text.hasPrefix("s6-supervise ") ? text : nil
    }

    /// `<reason>` of `s6-supervise <svc> (child): fatal: <reason>` or `… warning: <reason>`.
    private static func reason(in text: String) -> String? {
        for marker in [" (child): fatal: ", ": warning: "] {
            if let end = text.firstRange(of: marker)?.upperBound {
                let reason = String(text[end...])
                return reason.hasPrefix("unable to spawn ./run") ? nil : reason
            }
        }
        return nil
    }
}
