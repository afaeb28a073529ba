/// The one reader of "a number of seconds" written as text — the `timeout-ready`,
/// `timeout-stop`, `poll-ready`, `poll-down` files of a service, the `timeout`/`poll`
/// configuration values given as text (pgctl.yaml strings, `PGCTL_TIMEOUT`/`PGCTL_POLL`, the
/// command line) — with one set of limits, shared by pgctl and pgctl-poll-ready so the two
/// never disagree about the same value.
public enum SecondsText {
    /// The largest accepted number of seconds (one year); more is surely a mistake and would
    /// overflow deadline arithmetic.
    public static let maximum: Double = 365 * 24 * 3600

    /// Why a text is not an acceptable number of seconds.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// Not a finite decimal number.
        case notANumber
        /// Below zero.
        case negative
        /// Zero where a positive number is needed (an interval).
        case zero
        /// Above ``SecondsText/maximum``.
        case tooLarge

        /// The complement of `'<text>' …`: `is not a number of seconds`, `is negative`, …
        public var description: String {
            switch self {
            case .notANumber: return "is not a number of seconds"
            case .negative: return "is negative"
            case .zero: return "must be more than 0"
            case .tooLarge: return "is too large (at most \(Int(SecondsText.maximum)) seconds)"
            }
        }
    }

    /// Parses `text` (surrounding blanks and newlines ignored) as seconds, from 0 (or more
    /// than 0 unless `allowZero`) to ``maximum``.
    /// `inf`/`infinity` (any case, signed or not) are numbers — Python's `float` and YAML's
    /// `.inf` read them — just too large (or negative); `nan`, hex floats (`0x10`) and
    /// anything else not written as a decimal number are not numbers of seconds.
    public static func parse(_ text: String, allowZero: Bool = true) throws(Problem) -> Double {
        let trimmed = trimmed(text)
        if let infinity = infinity(trimmed) { return try check(infinity, allowZero: allowZero) }
        guard isDecimal(trimmed), let seconds = Double(trimmed), seconds.isFinite else { throw .notANumber }
        return try check(seconds, allowZero: allowZero)
    }

    /// Checks an already numeric value against the limits.
    public static func check(_ seconds: Double, allowZero: Bool = true) throws(Problem) -> Double {
        guard !seconds.isNaN else { throw .notANumber }
        if seconds < 0 { throw .negative }
        if seconds == 0 && !allowZero { throw .zero }
        if seconds > maximum { throw .tooLarge }
        return seconds
    }

    /// `text` without leading and trailing blanks and line breaks.
    public static func trimmed(_ text: String) -> String { text.trimmingBlanksAndNewlines() }

    /// ±infinity when `text` is `inf` or `infinity` (any case, with an optional sign).
    private static func infinity(_ text: String) -> Double? {
        var word = Substring(text)
        var sign = 1.0
        if let first = word.first, first == "+" || first == "-" {
            sign = first == "-" ? -1 : 1
            word = word.dropFirst()
        }
        let lower = word.lowercased()
        return lower == "inf" || lower == "infinity" ? sign * .infinity : nil
    }

    /// Whether `text` is written as a decimal number (`12`, `-1.5`, `.5`, `2e3`) — no hex
    /// floats, `inf` or `nan`, which `Double.init` would also take.
    private static func isDecimal(_ text: String) -> Bool {
        var sawDigit = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): continue
            default: return false
            }
        }
        return sawDigit
    }
}
