import Glibc

/// A moment broken down in the local time zone (`localtime_r(3)`).
public struct LocalTime: Equatable, Sendable {
    /// The year (e.g. 2024), month (1–12), day (1–31), hour, minute, second.
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    /// `seconds` since the Unix epoch in the local time zone (TZ, /etc/localtime).
    public init(unixSeconds seconds: Int) {
        var time = time_t(seconds)
        var parts = tm()
        localtime_r(&time, &parts)
        year = Int(parts.tm_year) + 1900
        month = Int(parts.tm_mon) + 1
        day = Int(parts.tm_mday)
        hour = Int(parts.tm_hour)
        minute = Int(parts.tm_min)
        second = Int(parts.tm_sec)
    }
}
