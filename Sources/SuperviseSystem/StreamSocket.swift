import CSupervise
import Glibc

/// A non-blocking, close-on-exec TCP socket, for connecting out (the supervisor's readiness
/// probes). Read answers with ``FileDescriptor/read(upTo:)`` on ``descriptor``. A plain value: whoever made it closes it.
public struct StreamSocket: Equatable, Sendable {
    /// The socket's descriptor (to poll).
    public let descriptor: FileDescriptor

    /// Whether ``connect(to:)`` finished at once or is in progress.
    public enum ConnectProgress: Equatable, Sendable {
        /// The connection is established.
        case connected
        /// Wait until the descriptor is writable, then read ``pendingError()``.
        case inProgress
    }

    /// Opens a socket of `address`'s family and starts connecting to it (`socket(2)` with
    /// `SOCK_NONBLOCK | SOCK_CLOEXEC`, `connect(2)`). Throws the errno of a connection that
    /// failed at once (`ECONNREFUSED` on the loopback); the socket is closed then.
    public static func connect(to address: SocketAddress) throws(Errno) -> (socket: StreamSocket, progress: ConnectProgress) {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = try valueOrErrno { Glibc.socket(address.family, type, 0) }
        let socket = StreamSocket(descriptor: FileDescriptor(rawValue: fd))
        let result = address.storage.withUnsafeBytes { raw in
            Glibc.connect(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        if result == 0 { return (socket, .connected) }
        let error = Errno.current
        if error.rawValue == EINPROGRESS || error == .interrupted { return (socket, .inProgress) }
        socket.close()
        throw error
    }

    /// The outcome of a connection in progress once the socket is writable
    /// (`getsockopt(SO_ERROR)`): nil when connected, else the errno it failed with.
    public func pendingError() -> Errno? {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        if getsockopt(descriptor.rawValue, SOL_SOCKET, SO_ERROR, &value, &length) != 0 { return .current }
        return value == 0 ? nil : Errno(rawValue: value)
    }

    /// Sends some of `bytes` without raising SIGPIPE (`send(2)` with `MSG_NOSIGNAL`); returns
    /// how many were sent.
    public func send(_ bytes: [UInt8]) throws(Errno) -> Int {
        try valueOrErrno { bytes.withUnsafeBytes { Glibc.send(descriptor.rawValue, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } }
    }

    /// Closes the socket.
    public func close() { descriptor.close() }
}

extension Errno {
    /// ECONNREFUSED: nothing listens at the address.
    public static let connectionRefused = Errno(rawValue: ECONNREFUSED)
    /// ETIMEDOUT: the connection attempt timed out.
    public static let timedOut = Errno(rawValue: ETIMEDOUT)
}
