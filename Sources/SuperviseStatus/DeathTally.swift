/// One 14-byte record of `supervise/death_tally`: when `run` died and how.
public struct DeathRecord: Equatable, Sendable {
    /// Size of an encoded record.
    public static let size = 14
    /// Maximum number of records s6 keeps, whatever `max-death-tally` says.
    public static let maximumCount = 4096
    /// Default of `max-death-tally`.
    public static let defaultCount = 100

    /// Time of the death (equal to the status stamp written at the same moment).
    public var stamp: TAI64N
    /// Exit code, or 128 + signal when killed.
    public var exitCode: UInt8
    /// The killing signal, 0 when the process exited.
    public var signal: UInt8

    /// Creates a record from its fields.
    public init(stamp: TAI64N, exitCode: UInt8, signal: UInt8) {
        self.stamp = stamp
        self.exitCode = exitCode
        self.signal = signal
    }

    /// The record for a death with wait status `status` at `stamp`.
    public init(stamp: TAI64N, waitStatus status: WaitStatus) {
        if status.signaled {
            self.init(stamp: stamp, exitCode: UInt8(truncatingIfNeeded: 128 + Int(status.signal)),
                      signal: UInt8(truncatingIfNeeded: status.signal))
        } else {
            self.init(stamp: stamp, exitCode: UInt8(truncatingIfNeeded: status.exitCode), signal: 0)
        }
    }

    /// The 14 encoded bytes.
    public var bytes: [UInt8] { stamp.bytes + [exitCode, signal] }

    /// Decodes a whole death tally file. A size that is not a multiple of 14 is treated as
    /// empty, as s6-supervise does before appending.
    public static func decodeAll(_ data: [UInt8]) -> [DeathRecord] {
        guard data.count % size == 0 else { return [] }
        return stride(from: 0, to: data.count, by: size).compactMap { offset in
            TAI64N(bytes: data, at: offset).map {
                DeathRecord(stamp: $0, exitCode: data[offset + 12], signal: data[offset + 13])
            }
        }
    }

    /// Encodes the last `limit` records of `existing + [new]`.
    public static func appending(_ record: DeathRecord, to existing: [DeathRecord], limit: Int) -> [UInt8] {
        let all = existing + [record]
        let kept = all.suffix(max(0, min(limit, maximumCount)))
        var bytes = [UInt8]()
        bytes.reserveCapacity(kept.count * size)
        for record in kept { bytes += record.bytes }
        return bytes
    }
}
