import Glibc

/// The process's limit on open file descriptors (`RLIMIT_NOFILE`).
public struct OpenFileLimit: Equatable, Sendable {
    /// The limit in force (what `ulimit -n` shows).
    public var soft: UInt64
    /// The ceiling an unprivileged process may raise `soft` to (`ulimit -Hn`).
    public var hard: UInt64

    /// Creates a limit pair.
    public init(soft: UInt64, hard: UInt64) {
        self.soft = soft
        self.hard = hard
    }

    /// `RLIMIT_NOFILE` as the C functions take it.
    private static var resource: __rlimit_resource_t { __rlimit_resource_t(RLIMIT_NOFILE.rawValue) }

    /// The current limits of this process.
    public static func current() throws(Errno) -> OpenFileLimit {
        var limit = rlimit()
        _ = try valueOrErrno { getrlimit(resource, &limit) }
        return OpenFileLimit(soft: UInt64(limit.rlim_cur), hard: UInt64(limit.rlim_max))
    }

    /// Sets the soft limit to `soft` (at most the hard limit), keeping the hard limit.
    public static func setSoft(_ soft: UInt64) throws(Errno) {
        var limit = rlimit()
        _ = try valueOrErrno { getrlimit(resource, &limit) }
        limit.rlim_cur = rlim_t(min(soft, UInt64(limit.rlim_max)))
        _ = try valueOrErrno { setrlimit(resource, &limit) }
    }
}
