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
/// after the probe was created count, and each look reads only what was appended since the
/// previous one (at most ``window`` bytes): a chatty service is not re-read at every check.
/// A log rotated (another file under the name) or truncated meanwhile is read from its start.
struct ExecFailureProbe {
    /// The log file read.
    let logFile: String
    /// The file looked at last (nil: none yet), and how much of it was read.
    private var file: FileIdentity?
    private(set) var offset: Int
    /// The end of the last read that was not a complete line yet.
    private var partialLine: [UInt8] = []
    /// Whether the next bytes read start in the middle of a line (after a skip): that piece is
    /// not a line and is dropped.
    private var startsMidLine = false
    /// The lines seen so far.
    private var scan = LineScan()
    /// At most this much of the newest log is read per look; a longer unfinished line is
    /// dropped.
    static let window = 64 * 1024
    /// The line that follows every spawn failure.
    static let spawnFailedText = ": warning: unable to spawn ./run - waiting 10 seconds"

    /// A probe for spawn failures logged in `logFile` from now on.
    init(logFile: String) {
        self.logFile = logFile
        offset = 0
        if let fd = try? FileDescriptor.open(logFile, [.readOnly, .nonBlocking, .closeOnExec]) {
            defer { fd.close() }
            if let identity = FileIdentity.of(fd)?.identity, let size = try? fd.metadata().size {
                file = identity
                offset = Int(size)
            }
        }
    }

    /// The reason of the newest spawn failure logged since the probe was created (e.g.
    /// `unable to exec run: No such file or directory`), or nil. Reads only the bytes
    /// appended since the previous look.
    mutating func failure() -> String? {
        guard let fd = try? FileDescriptor.open(logFile, [.readOnly, .nonBlocking, .closeOnExec]) else { return scan.newest }
        defer { fd.close() }
        guard let identity = FileIdentity.of(fd)?.identity, let size = try? Int(fd.metadata().size) else { return scan.newest }
        if identity != file || size < offset {
            // Rotated (another file under the name) or truncated: the new content from its start.
            file = identity
            offset = 0
            partialLine = []
            startsMidLine = false
            scan.previous = nil
        }
        guard size > offset else { return scan.newest }
        if size - offset > Self.window {
            // Too much at once: only the newest window, which starts inside a line.
            offset = size - Self.window
            partialLine = []
            startsMidLine = true
            scan.previous = nil
        }
        guard let bytes = try? fd.read(upTo: size - offset, at: offset), !bytes.isEmpty else { return scan.newest }
        offset += bytes.count
        take(bytes)
        return scan.newest
    }

    /// Feeds newly read bytes: complete lines to the scan, the unfinished end kept for later.
    private mutating func take(_ bytes: [UInt8]) {
        let data = partialLine + bytes
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let unfinished = lines.removeLast()
        if startsMidLine, !lines.isEmpty {
            lines.removeFirst()
            startsMidLine = false
        }
        for line in lines { scan.take(line) }
        if unfinished.count > Self.window {
            partialLine = []
            startsMidLine = true
        } else {
            partialLine = Array(unfinished)
        }
    }

    /// The reason of the newest spawn failure among complete log lines of `bytes`.
    static func newestFailure(in bytes: ArraySlice<UInt8>) -> String? {
        var scan = LineScan()
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        lines.removeLast() // the piece after the last newline is not a complete line
        for line in lines { scan.take(line) }
        return scan.newest
    }

    /// Reads complete log lines in order, remembering the newest spawn failure.
    struct LineScan {
        /// The supervisor message of the line before (nil: it was none).
        var previous: String?
        /// The reason of the newest spawn failure seen.
        var newest: String?

        mutating func take(_ line: ArraySlice<UInt8>) {
            guard let text = ExecFailureProbe.messageText(line) else {
                previous = nil
                return
            }
            if text.hasSuffix(ExecFailureProbe.spawnFailedText) {
                newest = previous.flatMap(ExecFailureProbe.reason(in:)) ?? "unable to spawn ./run"
            }
            previous = text
        }
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
