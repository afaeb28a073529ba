import SuperviseStatus
import SuperviseSystem

/// A status record as s6's readers interpret it, plus the presence of the `down` file.
///
/// s6 2.11 unpacks the 64-bit pid field into a `pid_t`, so only its low 32 bits count, as a
/// signed number: a pid field of 2^63 reads as 0 (down) and 2^31 as -2147483648.
public struct ServiceStatus: Equatable, Sendable {
    /// The decoded `supervise/status`.
    public var record: StatusRecord
    /// True when `<dir>/down` does not exist.
    public var normallyUp: Bool

    /// Wraps a record and the `down` file check.
    public init(record: StatusRecord, normallyUp: Bool) {
        self.record = record
        self.normallyUp = normallyUp
    }

    /// The pid as s6 reads it (low 32 bits, signed).
    public var pid: Int32 { Int32(truncatingIfNeeded: record.pid) }
    /// A process exists and it is not `finish`.
    public var isUp: Bool { pid != 0 && !record.flags.contains(.finishing) }
    /// The want-up flag.
    public var wantsUp: Bool { record.flags.contains(.wantUp) }
    /// The ready flag as stored (true when up-and-ready or down-and-ready).
    public var readyFlag: Bool { record.flags.contains(.ready) }
    /// The `-o ready` value: a process exists and the ready flag is set.
    public var isReady: Bool { pid != 0 && readyFlag }
    /// The paused flag.
    public var isPaused: Bool { record.flags.contains(.paused) }
    /// The `finish` script is running.
    public var isFinishing: Bool { record.flags.contains(.finishing) }
}

/// Time arithmetic on TAI64N labels as skalibs does it.
public enum StatusClock {
    /// Now, read from the wall clock and labelled as s6-supervise labels its stamps.
    public static func now() -> TAI64N {
        let now = WallClock.now()
        return TAI64N(unixSeconds: now.seconds, nanoseconds: now.nanoseconds)
    }

    /// Whole seconds from `start` to `now`, computed like skalibs' `tain_sub`: the seconds
    /// fields are subtracted modulo 2^64, minus one when `now`'s nanoseconds are smaller.
    /// A `start` in the future therefore gives a huge number, as the real `s6-svstat` prints.
    public static func wholeSeconds(from start: TAI64N, to now: TAI64N) -> UInt64 {
        let seconds = now.seconds &- start.seconds
        return now.nanoseconds < start.nanoseconds ? seconds &- 1 : seconds
    }
}
