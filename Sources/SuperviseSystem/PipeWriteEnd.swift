import Glibc

extension FileDescriptor {
    /// What the writer of a pipe can learn about its write end: the bytes written that the
    /// reader has not taken yet (`ioctl(FIONREAD)`); 0 when the descriptor cannot tell (not a
    /// pipe, closed).
    public func unreadByteCount() -> Int {
        var unread: Int32 = 0
        return ioctl(rawValue, UInt(FIONREAD), &unread) == 0 ? Int(unread) : 0
    }

    /// Whether `poll(2)` reports an error condition on the descriptor right now (`POLLERR`,
    /// asking for no events, not waiting): on a pipe's write end, that no reader is left.
    /// False when `poll` itself fails.
    public func reportsPollError() -> Bool {
        var entry = pollfd(fd: rawValue, events: 0, revents: 0)
        guard poll(&entry, 1, 0) >= 0 else { return false }
        return entry.revents & Int16(POLLERR) != 0
    }
}
