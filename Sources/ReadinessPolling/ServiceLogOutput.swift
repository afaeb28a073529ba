import Glibc
import SuperviseLog
import SuperviseSystem

/// Where pgctl-poll-ready's messages, and the output of the `pgctl restart` it asks for, go.
///
/// First to standard error: under pgctl that is the supervisor's logging pipe, so the lines get
/// the supervisor's timestamps in `logs/current`, in order with the service's own output. But a
/// supervisor in logging mode exits when its service is stopped, and its pipe then has no
/// reader: a restart's `Stopped:`/`Starting:` lines, or the monitor's last words, would be lost
/// (or kill the writer with SIGPIPE). From the first `EPIPE` on, this output therefore appends
/// to the log file itself (`fallbackPath`, normally `<svc>/logs/current`), each line prefixed
/// with the same `s6-log T` timestamp the supervisor writes. The file is opened for each write,
/// so a rotation by the next supervisor is followed.
///
/// SIGPIPE must not kill the writer: ``init(fallbackPath:)`` neutralises it (a no-op handler,
/// which `exec` resets to the default for children, unlike `SIG_IGN`).
public final class ServiceLogOutput {
    /// The log file written to once standard error is a broken pipe.
    public let fallbackPath: String
    /// Whether standard error turned out to be a broken pipe.
    public private(set) var writesToFile = false
    private var atLineStart = true
    private var timestamp = LogTimestamp()

    /// An output with `fallbackPath` as the log file to use once standard error breaks.
    public init(fallbackPath: String) {
        self.fallbackPath = fallbackPath
        Signals.neutralize(SIGPIPE)
    }

    /// Writes one message line (a newline is added).
    public func say(_ line: String) {
        write(Array((line + "\n").utf8))
    }

    /// Writes `bytes` (any chunk of output, not necessarily whole lines).
    public func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        var rest = bytes[...]
        while !writesToFile && !rest.isEmpty {
            let written = rest.withUnsafeBytes { raw in Glibc.write(2, raw.baseAddress, raw.count) }
            if written > 0 {
                atLineStart = rest[rest.startIndex + written - 1] == UInt8(ascii: "\n")
                rest = rest.dropFirst(written)
                continue
            }
            let error = Errno.current
            if error == .interrupted { continue }
            guard error == .brokenPipe else { return } // anything else: the message is dropped
            writesToFile = true
        }
        if !rest.isEmpty { appendToFile(rest) }
    }

    /// Ends a last line that lacks its newline (at end of input).
    public func finish() {
        if !atLineStart { write([UInt8(ascii: "\n")]) }
    }

    /// Appends `bytes` to the log file, a timestamp in front of every line.
    private func appendToFile(_ bytes: ArraySlice<UInt8>) {
        var stamped: [UInt8] = []
        stamped.reserveCapacity(bytes.count + LogTimestamp.typicalLength)
        let now = WallClock.now()
        for byte in bytes {
            if atLineStart {
                timestamp.append(seconds: Int(now.seconds), nanoseconds: Int(now.nanoseconds), to: &stamped)
            }
            stamped.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
        guard let file = try? FileDescriptor.open(fallbackPath, [.writeOnly, .append, .create, .closeOnExec], mode: 0o644) else {
            return
        }
        try? file.writeAll(stamped)
        file.close()
    }
}
