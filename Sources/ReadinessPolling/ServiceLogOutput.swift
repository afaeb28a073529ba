import SuperviseLog
import SuperviseStatus
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
        Signals.neutralize(SignalNumber.pipe)
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
            let result = rest.withUnsafeBytes { raw in
                Result { () throws(Errno) in try FileDescriptor.standardError.write(raw) }
            }
            switch result {
            case .success(let written):
                guard written > 0 else { return }
                atLineStart = rest[rest.startIndex + written - 1] == UInt8(ascii: "\n")
                rest = rest.dropFirst(written)
            case .failure(let error):
                guard error == .brokenPipe else { return } // anything else: the message is dropped
                writesToFile = true
            }
        }
        if !rest.isEmpty { appendToFile(rest) }
    }

    /// Writes `line` as the last message before this process exits and makes sure it reaches the
    /// log. A supervisor that exits right after its service went down drains its pipe one last
    /// time and closes it: a line written in between would sit unread in the pipe and vanish. So
    /// this waits (at most `limit` seconds) until the pipe is
    /// empty — the reader took the line — or has no reader left with bytes unread, in which case
    /// the line is appended to the log file instead.
    public func sayLast(_ line: String, limit: Double = 1.0) {
        say(line)
        confirmDelivery(of: line, limit: limit)
    }

    /// The waiting half of ``sayLast(_:limit:)``, for a `line` already written with ``say(_:)``.
    public func confirmDelivery(of line: String, limit: Double = 1.0) {
        if waitUntilRead(limit: limit) == .readerGone {
            writesToFile = true
            appendToFile(Array((line + "\n").utf8)[...])
        }
    }

    /// What became of the bytes written to a standard-error pipe.
    public enum Delivery: Equatable {
        /// The reader took every byte (or standard error is not a pipe, or it already broke).
        case read
        /// The reader went away leaving bytes unread: they are lost.
        case readerGone
        /// Bytes are still unread after the time limit.
        case pending
    }

    /// Waits (at most `limit` seconds, looking every 100 µs) until the reader of the
    /// standard-error pipe has taken everything written to it. Under a supervisor in logging
    /// mode, whatever it has taken is in the log file before it handles anything else: waiting
    /// for this before notifying readiness keeps the `ready check succeeded` line ahead of the
    /// `[pgctl] Started:` line of the pgctl that the notification wakes.
    public func waitUntilRead(limit: Double) -> Delivery {
        guard !writesToFile, Self.standardErrorIsPipe() else { return .read }
        let deadline = MonotonicInstant.now.adding(milliseconds: Int64(limit * 1000))
        while Self.unreadBytesInStandardError() > 0 {
            guard MonotonicInstant.now < deadline else { return .pending }
            // The reader is gone; what it left unread stays unread now.
            if FileDescriptor.standardError.reportsPollError() {
                return Self.unreadBytesInStandardError() > 0 ? .readerGone : .read
            }
            Sleeping.sleep(seconds: 0.0001)
        }
        return .read
    }

    /// Bytes written to the standard-error pipe that no reader has taken (`FIONREAD`).
    private static func unreadBytesInStandardError() -> Int {
        FileDescriptor.standardError.unreadByteCount()
    }

    private static func standardErrorIsPipe() -> Bool {
        (try? FileDescriptor.standardError.kind()) == .fifo
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
