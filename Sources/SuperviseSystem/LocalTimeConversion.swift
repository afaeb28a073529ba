import Glibc

extension LocalTime {
    /// A local date and time given by its parts (month 1–12, day 1–31), not checked.
    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Seconds since the Unix epoch of this local time (`mktime(3)`, the zone deciding
    /// whether daylight saving time applies; in the hour repeated when it ends, the C
    /// library's choice). Nil when the C library cannot represent it.
    public var unixSeconds: Int? {
        var parts = tm()
        parts.tm_year = Int32(truncatingIfNeeded: year - 1900)
        parts.tm_mon = Int32(truncatingIfNeeded: month - 1)
        parts.tm_mday = Int32(truncatingIfNeeded: day)
        parts.tm_hour = Int32(truncatingIfNeeded: hour)
        parts.tm_min = Int32(truncatingIfNeeded: minute)
        parts.tm_sec = Int32(truncatingIfNeeded: second)
        parts.tm_isdst = -1
        parts.tm_wday = -1
        let seconds = mktime(&parts)
        // mktime returns -1 both for an error and for 1969-12-31 23:59:59 UTC; the error
        // leaves tm_wday untouched (set to an impossible value first).
        if seconds == -1 && parts.tm_wday == -1 { return nil }
        return Int(seconds)
    }
}
