import Glibc

/// A point on the monotonic clock, in nanoseconds. Used for every deadline.
public struct MonotonicInstant: Comparable, Hashable, Sendable {
    /// Nanoseconds since an arbitrary origin.
    public var nanoseconds: Int64

    /// Wraps a nanosecond count.
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// Now (`clock_gettime(CLOCK_MONOTONIC)`).
    public static var now: MonotonicInstant {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return MonotonicInstant(nanoseconds: Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec))
    }

    /// `self` plus `milliseconds`, saturating instead of overflowing (a huge timeout from a
    /// configuration file must never trap).
    public func adding(milliseconds: Int64) -> MonotonicInstant {
        let (delta, overflow1) = milliseconds.multipliedReportingOverflow(by: 1_000_000)
        let (sum, overflow2) = nanoseconds.addingReportingOverflow(delta)
        if overflow1 || overflow2 { return MonotonicInstant(nanoseconds: milliseconds < 0 ? .min : .max) }
        return MonotonicInstant(nanoseconds: sum)
    }

    public static func < (a: MonotonicInstant, b: MonotonicInstant) -> Bool { a.nanoseconds < b.nanoseconds }
}

/// The wall clock (`clock_gettime(CLOCK_REALTIME)`), for timestamps written to disk only.
public enum WallClock {
    /// Seconds and nanoseconds since the Unix epoch.
    public static func now() -> (seconds: Int64, nanoseconds: UInt32) {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return (Int64(ts.tv_sec), UInt32(ts.tv_nsec))
    }
}
