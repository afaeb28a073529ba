import SuperviseSystem

/// The timings of `pgctl-poll-ready` (spec §5): each comes from a file in the service
/// directory, else an environment variable, else a default. Values are seconds (floats).
public struct PollSettings: Equatable, Sendable {
    /// How long checks may keep failing after the service was ready before it is restarted
    /// (`timeout-ready`, else `PGCTL_TIMEOUT`, else 2.0).
    public var timeout: Double
    /// Interval between checks until the first success (`poll-ready`, else `PGCTL_POLL`, else 0.15).
    public var pollReady: Double
    /// Interval between health checks once ready (`poll-down`, else `PGCTL_POLL`, else 10.0).
    public var pollDown: Double

    /// Creates settings from explicit values.
    public init(timeout: Double, pollReady: Double, pollDown: Double) {
        self.timeout = timeout
        self.pollReady = pollReady
        self.pollDown = pollDown
    }

    /// Why a setting could not be read.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        /// Where the bad value came from: a file name or an environment variable.
        public var source: String
        /// The offending text.
        public var value: String
        /// Creates a problem report.
        public init(source: String, value: String) {
            self.source = source
            self.value = value
        }
        public var description: String {
            "invalid value in \(source): '\(value)' (expected a non-negative number of seconds)"
        }
    }

    /// Reads the settings for the service directory `directory` (file names are relative to it)
    /// with `environment` as the fallback. `readFile` returns a file's contents or nil if absent.
    public static func load(environment: [String: String],
                            readFile: (String) -> String?) throws(Problem) -> PollSettings {
        func value(file: String, variable: String, default fallback: Double) throws(Problem) -> Double {
            if let text = readFile(file) { return try parse(text, source: file) }
            if let text = environment[variable], !text.isEmpty { return try parse(text, source: variable) }
            return fallback
        }
        return PollSettings(
            timeout: try value(file: "timeout-ready", variable: "PGCTL_TIMEOUT", default: 2.0),
            pollReady: try value(file: "poll-ready", variable: "PGCTL_POLL", default: 0.15),
            pollDown: try value(file: "poll-down", variable: "PGCTL_POLL", default: 10.0))
    }

    /// Parses seconds: surrounding whitespace ignored; must be a finite, non-negative number
    /// below a day (anything else is a typo, not a wish).
    public static func parse(_ text: String, source: String) throws(Problem) -> Double {
        let trimmed = text.trimmingWhitespace()
        guard let seconds = Double(trimmed), seconds.isFinite, seconds >= 0, seconds < 86_400 else {
            throw Problem(source: source, value: trimmed)
        }
        return seconds
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
