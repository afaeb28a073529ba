import SuperviseSystem

/// What `pgctl log` was asked to show (`-n`, `--merge`, `--follow`/`--no-follow`, `--since`,
/// `--json`); the defaults are pgctl 5.2.1's: the last 30 records of each service, block by
/// block, following when stdout is a terminal.
public struct LogOptions: Sendable, Equatable {
    /// `-n N`/`--lines N`: the last N records (per service; in total with ``merge``). Nil: 30,
    /// or with ``since`` every record since then.
    public var lines: Int?
    /// `-m`/`--merge`: one stream in time order, each record prefixed with its service.
    public var merge: Bool
    /// `-f` (true), `--no-follow` (false), or nil: follow when stdout is a terminal.
    public var follow: Bool?
    /// `--since WHEN`: only records stamped at or after then.
    public var since: LogSince?
    /// `--json`: JSON Lines, one object per record.
    public var json: Bool

    /// The records shown per service (or in total when merged) when nothing says otherwise.
    public static let defaultLines = 30

    /// Creates options; all default to pgctl 5.2.1's behaviour.
    public init(lines: Int? = nil, merge: Bool = false, follow: Bool? = nil, since: LogSince? = nil, json: Bool = false) {
        self.lines = lines
        self.merge = merge
        self.follow = follow
        self.since = since
        self.json = json
    }
}

/// The argument of `--since`: a duration back from now (`90s`, `5m`, `2h`, `1d`) or a local
/// time `YYYY-MM-DD HH:MM[:SS]`.
public enum LogSince: Sendable, Equatable {
    /// This many seconds before now.
    case secondsAgo(Int)
    /// This moment, in seconds since the epoch (converted from local time when parsed).
    case unixSeconds(Int)

    /// Reads a `--since` value; nil when it is neither form (or names a local time that does
    /// not exist in the calendar).
    public static func parse(_ text: String) -> LogSince? {
        let bytes = Array(text.utf8)
        if let unit = bytes.last, let multiplier = [UInt8(ascii: "s"): 1, UInt8(ascii: "m"): 60, UInt8(ascii: "h"): 3600, UInt8(ascii: "d"): 86400][unit] {
            let digits = bytes.dropLast()
            guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            return .secondsAgo(Int(String(decoding: digits, as: UTF8.self))! * multiplier)
        }
        return localTime(bytes)
    }

    /// `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS`, checked against the calendar.
    private static func localTime(_ bytes: [UInt8]) -> LogSince? {
        guard bytes.count == 16 || bytes.count == 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            let part = bytes[range]
            guard part.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            return Int(String(decoding: part, as: UTF8.self))
        }
        func byte(_ index: Int, _ expected: Character) -> Bool { bytes[index] == expected.asciiValue }
        guard let year = number(0..<4), byte(4, "-"), let month = number(5..<7), byte(7, "-"),
              let day = number(8..<10), byte(10, " "), let hour = number(11..<13), byte(13, ":"),
              let minute = number(14..<16) else { return nil }
        var second = 0
        if bytes.count == 19 {
            guard byte(16, ":"), let value = number(17..<19) else { return nil }
            second = value
        }
        let daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        guard (1...12).contains(month), day >= 1,
              day <= daysInMonth[month - 1] + (month == 2 && leap ? 1 : 0),
              hour < 24, minute < 60, second < 60 else { return nil }
        let local = LocalTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return local.unixSeconds.map(LogSince.unixSeconds)
    }

    /// The moment meant, `now` being the current wall-clock time.
    func instant(now: (seconds: Int64, nanoseconds: UInt32)) -> LogInstant {
        switch self {
        case .secondsAgo(let seconds): return LogInstant(seconds: Int(now.seconds) - seconds, nanoseconds: Int(now.nanoseconds))
        case .unixSeconds(let seconds): return LogInstant(seconds: seconds, nanoseconds: 0)
        }
    }
}
