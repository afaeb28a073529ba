import SuperviseSystem

/// Turns a service's raw output into timestamped lines in a ``LogDirectory``, never losing or
/// splitting a line across a rotation.
///
/// Output is consumed in chunks as it is read from the service's pipe; complete lines are
/// prefixed like `s6-log T` and queued; ``flush()`` writes the queue, rotating first wherever a
/// line would have pushed `current` over the size limit. When a write fails (disk full), the
/// unwritten lines stay queued: the caller stops reading the pipe (so the service blocks, as
/// with `s6-log -b`) and calls ``flush()`` again later.
public final class ServiceLog {
    /// A run of whole lines to write to one `current` file.
    private struct Segment {
        var rotateFirst: Bool
        var bytes: [UInt8]
    }

    /// The log directory written to.
    public let directory: LogDirectory
    private var assembler = LineAssembler()
    private var timestamp = LogTimestamp()
    private var segments: [Segment] = []
    /// Size `current` will have once every queued segment is written.
    private var projectedSize: Int
    /// Set after a failed reopen was reported, until one succeeds (reported once, not at
    /// every retry).
    private var reopenFailing = false
    /// Flush when this many bytes are queued even if more input is coming.
    public static let flushThreshold = 64 * 1024

    /// Writes into `directory`.
    public init(directory: LogDirectory) {
        self.directory = directory
        projectedSize = directory.currentSize
    }

    /// Bytes waiting to be written.
    public var queuedByteCount: Int { segments.reduce(0) { $0 + $1.bytes.count } }

    /// Whether lines are waiting to be written (a previous flush failed or input is buffered).
    public var hasQueuedOutput: Bool { segments.contains { !$0.bytes.isEmpty || $0.rotateFirst } }

    /// Sees each complete line of the service's output (not the supervisor's own messages)
    /// before it is queued, without its newline: the supervisor's `ready-log` probe. Nil (the
    /// default) costs nothing.
    public var lineObserver: ((UnsafeRawBufferPointer) -> Void)?

    /// Consumes raw output: each complete line is stamped with the current time and queued.
    public func consume(_ bytes: UnsafeRawBufferPointer) {
        let now = WallClock.now()
        assembler.feed(bytes) { line in
            lineObserver?(line)
            queue(line, seconds: Int(now.seconds), nanoseconds: Int(now.nanoseconds))
        }
    }

    /// Queues one complete line that did not come through the pipe (the supervisor's own
    /// messages), without disturbing a partial line of the service's output.
    public func appendLine(_ text: String) {
        let now = WallClock.now()
        var bytes = Array(text.utf8)
        if bytes.last == 0x0a { bytes.removeLast() }
        bytes.withUnsafeBytes { queue($0, seconds: Int(now.seconds), nanoseconds: Int(now.nanoseconds)) }
    }

    /// Queues a pending partial line as a line of its own (when the output source is gone).
    public func finishPartialLine() {
        let now = WallClock.now()
        assembler.flush { line in
            lineObserver?(line)
            queue(line, seconds: Int(now.seconds), nanoseconds: Int(now.nanoseconds))
        }
    }

    private func queue(_ line: UnsafeRawBufferPointer, seconds: Int, nanoseconds: Int) {
        let length = LogTimestamp.typicalLength + line.count + 1
        if segments.isEmpty || projectedSize + length > directory.policy.maximumFileSize {
            let rotate = projectedSize > 0 && projectedSize + length > directory.policy.maximumFileSize
            segments.append(Segment(rotateFirst: rotate, bytes: []))
            if rotate { projectedSize = 0 }
            segments[segments.count - 1].bytes.reserveCapacity(min(Self.flushThreshold * 2, directory.policy.maximumFileSize))
        }
        let last = segments.count - 1
        let before = segments[last].bytes.count
        timestamp.append(seconds: seconds, nanoseconds: nanoseconds, to: &segments[last].bytes)
        segments[last].bytes.append(contentsOf: line)
        segments[last].bytes.append(0x0a)
        projectedSize += segments[last].bytes.count - before
    }

    /// Before a batch of writes: when `current` went away (deleted, replaced, moved), the
    /// directory has opened a new one; the queued lines then go there, rotation planned
    /// anew from its size, and a warning saying so follows them. A failed reopen is
    /// reported (the lines go on into the old file).
    private func followCurrent(warn: (String) -> Void) {
        let reason: LogDirectory.Disappearance?
        do {
            reason = try directory.reopenIfMoved()
        } catch {
            if !reopenFailing { warn("\(directory.location.currentPath) is gone and a new one cannot be opened: \(error)") }
            reopenFailing = true
            return
        }
        guard let reason else { return }
        reopenFailing = false
        planRotations()
        warn("\(directory.location.currentPath) was \(reason.rawValue) - logging to a new \(directory.location.currentPath)")
    }

    /// Decides again, from the size of `current`, before which queued segment `current` is
    /// rotated (after a reopen the new file is usually empty).
    private func planRotations() {
        var size = directory.currentSize
        for index in segments.indices {
            let count = segments[index].bytes.count
            let rotate = size > 0 && size + count > directory.policy.maximumFileSize
            segments[index].rotateFirst = rotate
            size = rotate ? count : size + count
        }
        projectedSize = size
    }

    /// Writes every queued line, rotating where needed. A rotation that fails is reported
    /// through `warn` and writing continues into the old `current` (nothing is dropped).
    /// Throws when a write fails; what was not written stays queued.
    public func flush(warn: (String) -> Void) throws(SystemCallError) {
        if hasQueuedOutput { followCurrent(warn: warn) }
        while !segments.isEmpty {
            if segments[0].rotateFirst {
                do {
                    try directory.rotate()
                } catch {
                    warn("unable to rotate \(directory.path): \(error)")
                }
                segments[0].rotateFirst = false
            }
            let failure: LogWriteError? = segments[0].bytes.withUnsafeBytes { raw in
                do throws(LogWriteError) {
                    try directory.write(raw)
                    return nil
                } catch {
                    return error
                }
            }
            if let failure {
                segments[0].bytes.removeFirst(failure.written)
                throw failure.error
            }
            if segments.count == 1 {
                segments[0].bytes.removeAll(keepingCapacity: true)
                return
            }
            segments.removeFirst()
        }
    }
}
