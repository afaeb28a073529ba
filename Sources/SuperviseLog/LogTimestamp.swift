import SuperviseSystem

/// Formats wall-clock times the way `s6-log T` prefixes lines:
/// `YYYY-MM-DD HH:MM:SS.nnnnnnnnn` in local time (per `TZ`, else /etc/localtime), year
/// unpadded, nine fractional digits, followed by two spaces.
///
/// The date-and-seconds part is cached per second, so formatting a line costs one clock read
/// and nine digit writes.
public struct LogTimestamp {
    private var cachedSecond: Int = .min
    private var cachedPrefix: [UInt8] = []

    /// Creates a formatter.
    public init() {}

    /// The length of a prefix for years 1000-9999: 29 bytes of time plus 2 spaces.
    public static let typicalLength = 31

    /// Appends the prefix for `seconds`/`nanoseconds` since the epoch (time plus two spaces).
    public mutating func append(seconds: Int, nanoseconds: Int, to output: inout [UInt8]) {
        if seconds != cachedSecond {
            cachedSecond = seconds
            cachedPrefix = Self.secondsPart(seconds)
        }
        output.append(contentsOf: cachedPrefix)
        var divisor = 100_000_000
        var rest = nanoseconds
        for _ in 0..<9 {
            output.append(UInt8(truncatingIfNeeded: 0x30 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
        output.append(0x20)
        output.append(0x20)
    }

    /// The complete prefix as a string (for tests and tools).
    public static func format(seconds: Int, nanoseconds: Int) -> String {
        var formatter = LogTimestamp()
        var bytes = [UInt8]()
        formatter.append(seconds: seconds, nanoseconds: nanoseconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `YYYY-MM-DD HH:MM:SS.` for a second, in local time (`localtime_r`).
    private static func secondsPart(_ seconds: Int) -> [UInt8] {
        let parts = LocalTime(unixSeconds: seconds)
        var out = Array(String(parts.year).utf8)
        func two(_ value: Int, after separator: UInt8) {
            out.append(separator)
            out.append(UInt8(0x30 + value / 10))
            out.append(UInt8(0x30 + value % 10))
        }
        two(parts.month, after: UInt8(ascii: "-"))
        two(parts.day, after: UInt8(ascii: "-"))
        two(parts.hour, after: UInt8(ascii: " "))
        two(parts.minute, after: UInt8(ascii: ":"))
        two(parts.second, after: UInt8(ascii: ":"))
        out.append(UInt8(ascii: "."))
        return out
    }
}
