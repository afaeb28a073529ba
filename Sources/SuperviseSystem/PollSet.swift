import Glibc

/// A reusable set of descriptors to wait on with `poll(2)`.
///
/// The supervisor's loop refills it every turn (`removeAll`, then `watch` each descriptor of
/// interest), so adding one more descriptor (a log pipe, say) is one `watch` call. The storage
/// is allocated once and reused: the loop does no heap allocation per turn.
public struct PollSet {
    private var entries: [pollfd]

    /// Creates an empty set with room for `capacity` descriptors before it grows.
    public init(capacity: Int = 8) {
        entries = []
        entries.reserveCapacity(capacity)
    }

    /// Forgets every descriptor (keeping the storage).
    public mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
    }

    /// Adds `fd`, to be watched for input (data, end of file, or an error condition).
    public mutating func watch(_ fd: FileDescriptor) {
        entries.append(pollfd(fd: fd.rawValue, events: Int16(POLLIN), revents: 0))
    }

    /// Adds `fd`, to be watched for room to write (a connection in progress completing, or
    /// failing) — the readiness probes' sockets.
    public mutating func watchWritable(_ fd: FileDescriptor) {
        entries.append(pollfd(fd: fd.rawValue, events: Int16(POLLOUT), revents: 0))
    }

    /// Waits until a watched descriptor is readable or `timeoutMilliseconds` passes (-1: no
    /// limit) (`poll(2)`). EINTR is not retried: it returns with nothing readable, so the caller
    /// recomputes its deadline.
    public mutating func wait(timeoutMilliseconds: Int32) throws(Errno) {
        let count = entries.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), timeoutMilliseconds) }
        if count < 0 {
            let error = Errno.current
            for index in entries.indices { entries[index].revents = 0 }
            if error == .interrupted { return }
            throw error
        }
    }

    /// Whether the last `wait` found `fd` readable (POLLIN, POLLHUP, POLLERR or POLLNVAL).
    public func isReadable(_ fd: FileDescriptor) -> Bool {
        let mask = Int16(POLLIN | POLLHUP | POLLERR | POLLNVAL)
        for entry in entries where entry.fd == fd.rawValue {
            return entry.revents & mask != 0
        }
        return false
    }

    /// Whether the last `wait` found `fd` writable (POLLOUT, POLLHUP, POLLERR or POLLNVAL).
    public func isWritable(_ fd: FileDescriptor) -> Bool {
        let mask = Int16(POLLOUT | POLLHUP | POLLERR | POLLNVAL)
        for entry in entries where entry.fd == fd.rawValue {
            return entry.revents & mask != 0
        }
        return false
    }
}
