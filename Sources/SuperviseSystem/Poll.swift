import Glibc

/// `poll(2)` over a set of descriptors.
public enum Poller {
    /// What happened on one polled descriptor.
    public struct Readiness: Sendable {
        /// The descriptor.
        public var fd: FileDescriptor
        /// Data (or EOF, or an error) can be read.
        public var readable: Bool
    }

    /// Waits until one of `fds` is readable or `timeoutMilliseconds` passes (-1: forever).
    /// EINTR returns an empty result so the caller re-computes its deadline.
    public static func waitReadable(_ fds: [FileDescriptor], timeoutMilliseconds: Int32) throws(Errno) -> [Readiness] {
        var entries = fds.map { pollfd(fd: $0.rawValue, events: Int16(POLLIN), revents: 0) }
        let count = entries.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), timeoutMilliseconds) }
        if count < 0 {
            let error = Errno.current
            if error == .interrupted { return [] }
            throw error
        }
        return entries.map {
            Readiness(fd: FileDescriptor(rawValue: $0.fd),
                      readable: $0.revents & Int16(POLLIN | POLLHUP | POLLERR | POLLNVAL) != 0)
        }
    }
}

/// Writes a message to stderr in one `write(2)`, ignoring errors (the supervisor never dies of
/// a closed stderr).
public func writeToStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { _ = Glibc.write(2, $0.baseAddress, $0.count) }
}
