/// The 35-byte `supervise/status` record of s6 2.11, all integers big-endian.
///
/// Layout: stamp (12) · readystamp (12) · pid (8) · wait status (2) · flags (1).
public struct StatusRecord: Equatable, Sendable {
    /// Size of an encoded record.
    public static let size = 35

    /// Time of the last up/down transition.
    public var stamp: TAI64N
    /// Time of the last readiness (up-and-ready or down-and-ready).
    public var readyStamp: TAI64N
    /// The pid of `run` (or of `finish` while finishing); 0 when no process.
    public var pid: UInt64
    /// The wait status of the last death of `run`.
    public var waitStatus: WaitStatus
    /// Flag bits: paused, finishing, want up, ready.
    public var flags: Flags

    /// The flag byte (offset 34).
    public struct Flags: OptionSet, Equatable, Hashable, Sendable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// Bit 0: the process was stopped by `s6-svc -p`.
        public static let paused = Flags(rawValue: 0x01)
        /// Bit 1: `run` died and `finish` is running.
        public static let finishing = Flags(rawValue: 0x02)
        /// Bit 2: the supervisor wants the service up.
        public static let wantUp = Flags(rawValue: 0x04)
        /// Bit 3: the service is ready (up-and-ready or down-and-ready).
        public static let ready = Flags(rawValue: 0x08)
    }

    /// Creates a record from its fields.
    public init(stamp: TAI64N, readyStamp: TAI64N, pid: UInt64, waitStatus: WaitStatus, flags: Flags) {
        self.stamp = stamp
        self.readyStamp = readyStamp
        self.pid = pid
        self.waitStatus = waitStatus
        self.flags = flags
    }

    /// What every s6 reader calls "up": a process exists and it is not `finish`.
    public var isUp: Bool { pid != 0 && !flags.contains(.finishing) }

    /// The 35 bytes written to `supervise/status`.
    public var bytes: [UInt8] {
        var out = stamp.bytes + readyStamp.bytes
        out.reserveCapacity(Self.size)
        out.appendBigEndian(pid)
        out.appendBigEndian(waitStatus.rawValue)
        out.append(flags.rawValue)
        return out
    }

    /// Decodes a record. Like s6, reads the first 35 bytes and ignores any extra ones;
    /// throws ``StatusDecodingError/truncated(count:)`` when fewer than 35 are given.
    @inlinable
    public init(decoding data: some RandomAccessCollection<UInt8>) throws(StatusDecodingError) {
        guard data.count >= Self.size,
            let stamp = TAI64N(bytes: data, at: 0),
            let ready = TAI64N(bytes: data, at: 12),
            let pid: UInt64 = data.readBigEndian(at: 24),
            let wstat: UInt16 = data.readBigEndian(at: 32),
            let flags: UInt8 = data.readBigEndian(at: 34)
        else { throw .truncated(count: data.count) }
        self.init(stamp: stamp, readyStamp: ready, pid: pid, waitStatus: WaitStatus(rawValue: wstat),
                  flags: Flags(rawValue: flags))
    }
}

/// Why a status record could not be decoded.
public enum StatusDecodingError: Error, Equatable, Sendable {
    /// Fewer than 35 bytes (s6's readers report this as EPIPE, "Broken pipe").
    case truncated(count: Int)
}
