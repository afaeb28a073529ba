import SuperviseSystem

/// Everything that tells the monitor its service went down: the supervisor's `d` event on the
/// listener FIFO (s6's way, spec §5) and the end of the service's main process itself
/// (``ServiceProcessWatch``), which still works once `git clean` has deleted the fifodir.
public final class ServiceDownWatch {
    /// The event subscription.
    public let listener: DownEventListener
    /// The service's process, nil for a monitor started without one (the old command line).
    public let process: ServiceProcessWatch?

    /// Without a pidfd the process is looked at this often (seconds) while waiting.
    static let pidPollInterval = 0.25

    /// Watches `listener` and, when given, `process`.
    public init(listener: DownEventListener, process: ServiceProcessWatch?) {
        self.listener = listener
        self.process = process
    }

    /// Waits up to `seconds`; true as soon as the service is down.
    public func waitForDown(seconds: Double) -> Bool {
        let deadline = MonotonicInstant.now.adding(milliseconds: Int64(seconds * 1000))
        var descriptors = [listener.descriptor]
        if let pidfd = process?.descriptor { descriptors.append(pidfd) }
        let slice: Int64? = process != nil && process?.descriptor == nil ? Int64(Self.pidPollInterval * 1e9) : nil
        while true {
            if downPending() { return true }
            var remaining = deadline.nanoseconds - MonotonicInstant.now.nanoseconds
            if remaining <= 0 { return false }
            if let slice { remaining = min(remaining, slice) }
            _ = try? Poller.waitReadable(descriptors, timeoutMilliseconds: Int32(clamping: (remaining + 999_999) / 1_000_000))
        }
    }

    /// True if the service is down already (does not wait). Consumes pending event bytes.
    public func downPending() -> Bool {
        let event = listener.downEventPending()
        return event || process?.hasEnded() == true
    }

    /// Unsubscribes and closes the pidfd.
    public func close() {
        listener.close()
        process?.descriptor?.close()
    }
}
