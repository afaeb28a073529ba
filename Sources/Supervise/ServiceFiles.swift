import ServiceDefinition
import SuperviseStatus
import SuperviseSystem

/// Reads the small configuration files of a service directory the way s6-supervise 2.11 does:
/// non-blocking, at most 11 bytes (15 for `down-signal`), cut at the first newline, the rest
/// must be all digits (or a signal name). Absent files are "not set"; a file that does not
/// parse produces the warning `invalid <name>` and counts as not set.
///
/// Paths are relative: the supervisor runs inside the service directory.
public struct ServiceFiles: ServiceSettings {
    /// Where warnings go (the supervisor prints them with its `s6-supervise <dir>:` prefix).
    public var warn: (String) -> Void

    /// Creates a reader that reports problems through `warn`.
    public init(warn: @escaping (String) -> Void) { self.warn = warn }

    /// The outcome of reading one number file (``NumberFile/Value``).
    public typealias Value = NumberFile.Value

    /// Parses the first line of `bytes` as an unsigned decimal; nil if it is not one.
    public static func parseUnsigned(_ bytes: [UInt8]) -> UInt64? { NumberFile.parseUnsigned(bytes) }

    /// Reads `name` as an unsigned number, warning when it is malformed or unreadable.
    public func number(_ name: String) -> Value { NumberFile.read(at: name, name: name, warn: warn) }

    /// `notification-fd`: the descriptor number for the readiness pipe, if the file holds a
    /// number. Like s6-supervise 2.11, any number is accepted here (0-2 replace a standard
    /// descriptor of `run`); a number the child cannot use makes the spawn fail there
    /// (`unable to move notification descriptor`), which is retried like an exec failure.
    public func notificationFD() -> Int32? {
        guard case .value(let n) = number("notification-fd") else { return nil }
        return Int32(clamping: n)
    }

    public func timeoutKill() -> Int64 {
        if case .value(let n) = number("timeout-kill") { return Int64(clamping: n) }
        return 0
    }

    public func timeoutFinish() -> Int64 {
        if case .value(let n) = number("timeout-finish") { return Int64(clamping: n) }
        return 5000
    }

    /// `max-death-tally`: how many deaths to keep (default 100, at most 4096, 0 = none).
    public func maxDeathTally() -> Int {
        if case .value(let n) = number("max-death-tally") { return Int(min(n, UInt64(DeathRecord.maximumCount))) }
        return DeathRecord.defaultCount
    }

    public func downSignal() -> Int32 { DownSignalFile.read(at: "down-signal", warn: warn) }

    /// Whether `run` gets a readiness probe: a probe file exists and `notification-fd` does
    /// not (a service that speaks s6's protocol is believed; the probe file is then ignored,
    /// with a warning).
    public func hasReadinessProbe() -> Bool {
        guard ReadinessProbeFile.exists(inServiceDirectory: "") else { return false }
        guard !FileSystem.exists("notification-fd") else {
            warn("readiness probe ignored: notification-fd is set too (keep only one)")
            return false
        }
        return true
    }

    /// When a readiness probe that has not passed is reported once in the log: after
    /// `timeout-ready` (pgctl's file, seconds) when it is valid, else after 2 seconds (pgctl's
    /// default time limit).
    public func probeNoticeMilliseconds() -> Int64 {
        guard let bytes = try? FileSystem.readSmallFile("timeout-ready", limit: 64),
              let seconds = try? SecondsText.parse(String(decoding: bytes, as: UTF8.self)) else { return 2000 }
        return Int64(seconds * 1000)
    }

    /// Whether the `down` file exists.
    public func hasDownFile() -> Bool { FileSystem.exists("down") }
}
