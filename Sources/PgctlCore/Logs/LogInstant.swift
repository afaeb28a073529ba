/// A moment as seconds and nanoseconds since the Unix epoch, UTC: the order of log records
/// from different services, and the `time` of `pgctl log --json`.
struct LogInstant: Comparable, Hashable, Sendable {
    /// Whole seconds since the epoch.
    var seconds: Int
    /// Nanoseconds within the second (0–999 999 999).
    var nanoseconds: Int

    /// Earlier than every real moment (a record read before any stamped one).
    static let distantPast = LogInstant(seconds: .min, nanoseconds: 0)
    /// Later than every real moment.
    static let distantFuture = LogInstant(seconds: .max, nanoseconds: 0)

    static func < (a: LogInstant, b: LogInstant) -> Bool {
        a.seconds != b.seconds ? a.seconds < b.seconds : a.nanoseconds < b.nanoseconds
    }

    /// RFC 3339 in UTC with nine fractional digits: `2026-12-03T10:00:01.123456789Z`.
    var rfc3339: String {
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = seconds - days * 86400
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        var text = String(year) + "-" + Self.padded(month, 2) + "-" + Self.padded(day, 2)
        text += "T" + Self.padded(secondOfDay / 3600, 2) + ":" + Self.padded(secondOfDay / 60 % 60, 2)
        text += ":" + Self.padded(secondOfDay % 60, 2) + "." + Self.padded(nanoseconds, 9) + "Z"
        return text
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's
    /// days-to-civil arithmetic).
    private static func civilDate(daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
