import SuperviseSystem

/// The supervisor's logging mode: a pipe whose write end becomes the stdout and stderr of every
/// child (`run`, `finish`, and whatever they start), and whose read end the supervisor's loop
/// drains into a ``ServiceLog``.
///
/// The supervisor keeps the write end open itself, so the pipe never reports end-of-file while
/// the supervisor lives (output of later restarts goes to the same pipe, in order). Reading is
/// non-blocking and bounded per call, so a flood never delays signals or commands. While queued
/// lines cannot be written (disk full), the loop stops reading: the pipe fills and writers block,
/// and nothing is lost.
public final class OutputCapture {
    /// The end children write to (inheritable copies are made by the spawn code).
    public let writeEnd: FileDescriptor
    /// The end the loop polls and reads.
    public let readEnd: FileDescriptor
    /// The log being written.
    public let log: ServiceLog
    private var readBuffer: [UInt8]
    /// When the next write retry is due after a failed write, or nil.
    public private(set) var retryDeadline: MonotonicInstant?
    /// How long to wait before retrying a failed write (s6-log's cooldown).
    public static let retryMilliseconds: Int64 = 2000
    /// The first error of the current run of failed writes, and when it happened.
    private var failure: (error: SystemCallError, since: MonotonicInstant)?
    /// Set while ``flush(warn:)`` runs: a warning it emits is queued, not flushed recursively.
    private var isFlushing = false

    /// Opens `logDirectory` (created if missing, `current` appended to) and creates the pipe.
    public init(logDirectory: String, policy: LogRotationPolicy = .pgctl) throws(FileAccessError) {
        log = ServiceLog(directory: try LogDirectory(path: logDirectory, policy: policy))
        do {
            let pipe = try FileDescriptor.pipe()
            try pipe.read.setNonBlocking(true)
            readEnd = pipe.read
            writeEnd = pipe.write
        } catch {
            throw FileAccessError("pipe", logDirectory, .system(error))
        }
        readBuffer = [UInt8](repeating: 0, count: 65536)
    }

    /// Whether the loop should poll ``readEnd``: false while lines wait for a retry.
    public var wantsInput: Bool { retryDeadline == nil }

    /// Reads what is available now, up to `budget` bytes, stamps and writes it.
    public func drain(budget: Int = 256 * 1024, warn: (String) -> Void) {
        _ = readAvailable(budget: budget)
        flush(warn: warn)
    }

    /// A process writing into the pipe died (`run` or `finish` was reaped): logs what it left
    /// in the pipe (at most `budget` bytes) and ends its unfinished last line, so the next
    /// run's first line is not glued to it. While writes are failing nothing is read; and a
    /// partial line is only ended once the pipe was read empty (else it may go on).
    public func writerDied(budget: Int, warn: (String) -> Void) {
        guard wantsInput else { return }
        if readAvailable(budget: budget) { log.finishPartialLine() }
        flush(warn: warn)
    }

    /// Reads and consumes up to `budget` bytes; true when the pipe was read empty.
    private func readAvailable(budget: Int) -> Bool {
        var total = 0
        while total < budget {
            let count: Int
            do {
                count = try readBuffer.withUnsafeMutableBytes { (raw) throws(Errno) -> Int in try readEnd.read(into: raw) }
            } catch {
                return true // EAGAIN: drained; other errors cannot happen on our own pipe
            }
            if count == 0 { return true }
            readBuffer.withUnsafeBytes { log.consume(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            total += count
        }
        return false
    }

    /// Writes queued lines. On failure arms the retry deadline; the failure is reported once,
    /// through `warn`, by the first flush that succeeds again (a message written while the log
    /// cannot be written would only wait in the queue), saying for how long output was held
    /// back. Re-entrant calls (a warning emitted while flushing) only queue.
    public func flush(warn: (String) -> Void) {
        guard !isFlushing else { return }
        isFlushing = true
        defer { isFlushing = false }
        do {
            try log.flush(warn: warn)
            retryDeadline = nil
            if let failure {
                self.failure = nil
                let held = MonotonicInstant.now.nanoseconds - failure.since.nanoseconds
                warn("\(failure.error) - output held back for \(Self.seconds(held)) seconds, now written")
                try log.flush(warn: warn)
            }
        } catch {
            if failure == nil { failure = (error, MonotonicInstant.now) }
            retryDeadline = MonotonicInstant.now.adding(milliseconds: Self.retryMilliseconds)
        }
    }

    /// Logs a line produced by the supervisor itself (its warnings), at once unless writes are
    /// failing (then it waits for the retry with the rest).
    public func record(_ message: String, warn: (String) -> Void) {
        log.appendLine(message)
        if wantsInput { flush(warn: warn) }
    }

    /// At exit: drains what is readable (at most `budget` bytes: an orphan flooding the pipe
    /// must not keep the supervisor alive), turns a pending partial line into a line, flushes.
    /// Returns the write error when lines could not be written (they are lost).
    ///
    /// The supervisor's own write end is closed first, so when no child holds the pipe any more
    /// the drain ends at end-of-file; while some process still holds it, the drain waits for
    /// its last lines at most `lingerMilliseconds`.
    @discardableResult
    public func finish(budget: Int, lingerMilliseconds: Int64 = 100, warn: (String) -> Void) -> SystemCallError? {
        writeEnd.close()
        let deadline = MonotonicInstant.now.adding(milliseconds: lingerMilliseconds)
        var total = 0
        reading: while total < budget {
            let count: Int
            do {
                count = try readBuffer.withUnsafeMutableBytes { (raw) throws(Errno) -> Int in try readEnd.read(into: raw) }
            } catch {
                guard (error as? Errno) == .wouldBlock else { break reading }
                let remaining = deadline.nanoseconds - MonotonicInstant.now.nanoseconds
                if remaining <= 0 { break reading }
                _ = try? Poller.waitReadable([readEnd], timeoutMilliseconds: Int32(clamping: (remaining + 999_999) / 1_000_000))
                continue
            }
            if count == 0 { break } // end of file: every writer is gone
            readBuffer.withUnsafeBytes { log.consume(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            total += count
        }
        log.finishPartialLine()
        flush(warn: warn)
        return failure?.error
    }

    /// `nanoseconds` as seconds with one decimal, e.g. `2.1`.
    static func seconds(_ nanoseconds: Int64) -> String {
        let tenths = max(0, nanoseconds) / 100_000_000
        return "\(tenths / 10).\(tenths % 10)"
    }
}
