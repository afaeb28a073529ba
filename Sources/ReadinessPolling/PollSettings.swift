import SuperviseStatus
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
        /// What is wrong with it.
        public var reason: SecondsText.Problem
        /// Creates a problem report.
        public init(source: String, value: String, reason: SecondsText.Problem) {
            self.source = source
            self.value = value
            self.reason = reason
        }
        /// `invalid value in poll-ready: 'fast' is not a number of seconds` — the wording pgctl uses.
        public var description: String {
            "invalid value in \(source): '\(value)' \(reason)"
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

    /// Parses seconds with the one parser and limits pgctl uses too (``SecondsText``).
    public static func parse(_ text: String, source: String) throws(Problem) -> Double {
        do {
            return try SecondsText.parse(text)
        } catch {
            throw Problem(source: source, value: SecondsText.trimmed(text), reason: error)
        }
    }
}
