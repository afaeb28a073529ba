import Glibc

/// The clock that counts from boot, suspend included (`CLOCK_BOOTTIME`), and the unit of the
/// kernel's process start times.
public enum BootClock {
    /// Seconds since boot.
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_BOOTTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Clock ticks per second (`sysconf(_SC_CLK_TCK)`, 100 on Linux), the unit of
    /// `/proc/<pid>/stat`'s `starttime`; at least 1.
    public static let ticksPerSecond: Int = max(sysconf(Int32(_SC_CLK_TCK)), 1)
}

extension MonotonicInstant {
    /// Seconds since the monotonic clock's origin.
    public var seconds: Double { Double(nanoseconds) / 1e9 }
}
