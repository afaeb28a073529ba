import ServiceDefinition
import SuperviseStatus
import SuperviseSystem

/// The timings of `pgctl-poll-ready` (spec §5): each comes from a file in the service
/// directory, else an environment variable, else a default. Values are seconds (floats), all
/// parsed by ``SecondsText`` (files through ``SecondsFile``).
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
    public enum Problem: Error, Equatable, CustomStringConvertible {
        /// A file or an environment variable (`source`) holds `value`, which is not an
        /// acceptable number of seconds (`reason`).
        case badValue(source: String, value: String, reason: SecondsText.Problem)
        /// A file could not be read, or is far too long.
        case unreadableFile(ServiceDefinitionError)

        /// `invalid value in poll-ready: 'fast' is not a number of seconds` — the wording
        /// pgctl uses; `cannot read poll-ready: Permission denied`.
        public var description: String {
            switch self {
            case .badValue(let source, let value, let reason): return "invalid value in \(source): '\(value)' \(reason)"
            case .unreadableFile(let error):
                if case .unreadable(let errno) = error.problem { return "cannot read \(error.path): \(errno)" }
                return "invalid value in \(error.path): it \(error.reason)"
            }
        }

        /// The problem of a bad seconds file.
        init(_ error: ServiceDefinitionError) {
            if case .badSeconds(let text, let reason) = error.problem {
                self = .badValue(source: error.path, value: text, reason: reason)
            } else {
                self = .unreadableFile(error)
            }
        }
    }

    /// The settings of the service defined by `definition` (files `timeout-ready`,
    /// `poll-ready`, `poll-down`), with `environment` as the fallback.
    public static func load(_ definition: ServiceDirectoryDefinition, environment: [String: String]) throws(Problem) -> PollSettings {
        try load(timeoutReady: definition.timeoutReady, pollReady: definition.pollReady, pollDown: definition.pollDown,
                 environment: environment)
    }

    /// The settings from what the three files held, with `environment` as the fallback.
    public static func load(timeoutReady: ServiceFileValue<Double>, pollReady: ServiceFileValue<Double>,
                            pollDown: ServiceFileValue<Double>, environment: [String: String]) throws(Problem) -> PollSettings {
        func value(_ file: ServiceFileValue<Double>, variable: String, default fallback: Double) throws(Problem) -> Double {
            do {
                if let seconds = try file.get() { return seconds }
            } catch {
                throw Problem(error)
            }
            if let text = environment[variable], !text.isEmpty { return try parse(text, source: variable) }
            return fallback
        }
        return PollSettings(
            timeout: try value(timeoutReady, variable: "PGCTL_TIMEOUT", default: 2.0),
            pollReady: try value(pollReady, variable: "PGCTL_POLL", default: 0.15),
            pollDown: try value(pollDown, variable: "PGCTL_POLL", default: 10.0))
    }

    /// Parses seconds with the one parser and limits pgctl uses too (``SecondsText``).
    public static func parse(_ text: String, source: String) throws(Problem) -> Double {
        do {
            return try SecondsText.parse(text)
        } catch {
            throw .badValue(source: source, value: SecondsText.trimmed(text), reason: error)
        }
    }
}
