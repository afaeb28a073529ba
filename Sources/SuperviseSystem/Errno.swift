import CSupervise
import Glibc

/// A POSIX error number. Accepts any value; the description is the C library's text.
public struct Errno: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The raw `errno` value.
    public var rawValue: Int32

    /// Wraps a raw errno value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The calling thread's current `errno`.
    public static var current: Errno { Errno(rawValue: csupervise_errno()) }

    /// The text `strerror` gives, e.g. "No such file or directory".
    public var description: String { String(cString: strerror(rawValue)) }

    public static let noSuchFile = Errno(rawValue: ENOENT)
    public static let exists = Errno(rawValue: EEXIST)
    public static let interrupted = Errno(rawValue: EINTR)
    public static let wouldBlock = Errno(rawValue: EAGAIN)
    public static let accessDenied = Errno(rawValue: EACCES)
    public static let noDevice = Errno(rawValue: ENXIO)
    public static let brokenPipe = Errno(rawValue: EPIPE)
    public static let notDirectory = Errno(rawValue: ENOTDIR)
    public static let noChild = Errno(rawValue: ECHILD)
    public static let noProcess = Errno(rawValue: ESRCH)
    public static let invalid = Errno(rawValue: EINVAL)
    public static let symbolicLinkLoop = Errno(rawValue: ELOOP)
}

/// Runs a libc call that returns -1 and sets errno on failure, reading errno immediately.
/// With `retryOnInterrupt` the call is repeated while it fails with EINTR.
@inline(__always)
func valueOrErrno<T: FixedWidthInteger>(retryOnInterrupt: Bool = true, _ call: () -> T) throws(Errno) -> T {
    while true {
        let result = call()
        if result != -1 { return result }
        let error = Errno.current
        if retryOnInterrupt && error == .interrupted { continue }
        throw error
    }
}

/// An error from a system call on a path: what failed, on which file, and the errno.
public struct SystemCallError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The operation in s6's wording, e.g. "open", "mkdir", "lock".
    public var operation: String
    /// The path involved.
    public var path: String
    /// The underlying error number.
    public var errno: Errno

    /// Creates an error.
    public init(_ operation: String, _ path: String, _ errno: Errno) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    /// "unable to <operation> <path>: <errno text>".
    public var description: String { "unable to \(operation) \(path): \(errno)" }
}
