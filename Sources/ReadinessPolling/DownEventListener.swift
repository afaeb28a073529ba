import S6Compat
import SuperviseSystem

/// Listens to a service's `event/` fifodir for the supervisor's `d` byte ("the service went
/// down"). The subscription itself is S6Compat's ``EventSubscription`` (an s6 listener FIFO
/// `ftrig1:@<24 hex>:<6 chars>`); this type adds what a monitor in another process needs: an
/// inheritable descriptor on that FIFO, open for reading *and* writing so that it never
/// reports end-of-file, which the monitor takes over after `pgctl-poll-ready` execs the service.
public final class DownEventListener {
    /// The listener FIFO, open read-write.
    public let descriptor: FileDescriptor
    /// Its path, removed by ``close()``.
    public let path: String
    /// The subscription that created the FIFO (in the process that subscribed). Kept alive
    /// until exec: releasing it would remove the FIFO the monitor listens on.
    private let subscription: EventSubscription?

    /// Subscribes to the events of `serviceDirectory` (normally `.`) and opens an inheritable
    /// descriptor on the listener FIFO for a monitor process to take over.
    public init(serviceDirectory: String) throws(SystemCallError) {
        let subscription: EventSubscription
        do {
            subscription = try EventSubscription(serviceDirectory: serviceDirectory)
        } catch {
            throw SystemCallError("subscribe to the events of", serviceDirectory, error.errno)
        }
        do throws(FileAccessError) {
            let fifo = try SafeFile.openFIFO(subscription.fifoPath, .readWrite)
            do {
                try fifo.setCloseOnExec(false)  // the monitor process inherits it
            } catch {
                fifo.close()
                throw FileAccessError("open", subscription.fifoPath, .system(error))
            }
            descriptor = fifo
        } catch {
            subscription.cancel()
            throw SystemCallError("open", subscription.fifoPath, error.errno)
        }
        path = subscription.fifoPath
        self.subscription = subscription
    }

    /// Takes over an inherited subscription.
    public init(inheritedDescriptor: FileDescriptor, path: String) {
        descriptor = inheritedDescriptor
        self.path = path
        subscription = nil
    }

    /// Waits up to `seconds` for event bytes; true as soon as a `d` arrived.
    public func waitForDown(seconds: Double) -> Bool {
        let deadline = MonotonicInstant.now.adding(milliseconds: Int64(seconds * 1000))
        while true {
            if downEventPending() { return true }
            let remaining = deadline.nanoseconds - MonotonicInstant.now.nanoseconds
            if remaining <= 0 { return false }
            _ = try? Poller.waitReadable([descriptor], timeoutMilliseconds: Int32(clamping: (remaining + 999_999) / 1_000_000))
        }
    }

    /// Reads what has arrived without waiting; true if it contains a `d`.
    public func downEventPending() -> Bool {
        var sawDown = false
        while let bytes = try? descriptor.read(upTo: 64), !bytes.isEmpty {
            if bytes.contains(UInt8(ascii: "d")) { sawDown = true }
        }
        return sawDown
    }

    /// Unsubscribes: closes and removes the FIFO.
    public func close() {
        descriptor.close()
        if let subscription {
            subscription.cancel()
        } else {
            try? FileSystem.unlink(path)
        }
    }
}
