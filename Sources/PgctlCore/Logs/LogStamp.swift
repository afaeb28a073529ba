import SuperviseSystem

/// The local-time stamp the supervisor puts before every record (`s6-log T`'s format, see
/// `SuperviseLog.LogTimestamp`): `YYYY-MM-DD HH:MM:SS.nnnnnnnnn` and two spaces.
struct LogStamp: Equatable, Sendable {
    /// The local date and time, to the second.
    var local: LocalTime
    /// The fraction of the second.
    var nanoseconds: Int
    /// Bytes of the stamp in the line, the two spaces after it included.
    var length: Int

    /// Reads the stamp at the start of `line`; nil when the line does not start with one.
    static func parse(_ line: ArraySlice<UInt8>) -> LogStamp? {
        var index = line.startIndex
        func number(digits: ClosedRange<Int>) -> Int? {
            var value = 0, count = 0
            while index < line.endIndex, count < digits.upperBound, (0x30...0x39).contains(line[index]) {
                value = value * 10 + Int(line[index] - 0x30)
                count += 1
                index += 1
            }
            return digits.contains(count) ? value : nil
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < line.endIndex, line[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(digits: 1...9), expect(0x2d), let month = number(digits: 2...2), expect(0x2d),
              let day = number(digits: 2...2), expect(0x20), let hour = number(digits: 2...2), expect(0x3a),
              let minute = number(digits: 2...2), expect(0x3a), let second = number(digits: 2...2), expect(0x2e),
              let fraction = number(digits: 9...9), expect(0x20), expect(0x20) else { return nil }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        return LogStamp(local: LocalTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second),
                        nanoseconds: fraction, length: index - line.startIndex)
    }
}

/// Turns local stamps into moments, asking the C library once per distinct minute (records
/// come in runs of the same minute; a zone changes its offset only on a whole minute).
struct LogStampClock {
    private var cachedMinute: (year: Int, month: Int, day: Int, hour: Int, minute: Int)?
    private var cachedMinuteStart = 0

    /// The moment of `stamp`, nil when the C library cannot represent its date.
    mutating func instant(of stamp: LogStamp) -> LogInstant? {
        let local = stamp.local
        let key = (local.year, local.month, local.day, local.hour, local.minute)
        if cachedMinute.map({ $0 != key }) ?? true {
            var start = local
            start.second = 0
            guard let seconds = start.unixSeconds else { return nil }
            cachedMinute = key
            cachedMinuteStart = seconds
        }
        return LogInstant(seconds: cachedMinuteStart + local.second, nanoseconds: stamp.nanoseconds)
    }
}
