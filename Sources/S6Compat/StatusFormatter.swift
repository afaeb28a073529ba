import SuperviseStatus

/// Turns a ``ServiceStatus`` into the text `s6-svstat` 2.11 prints.
///
/// Both forms take the reading time `now`. As in s6, a status stamp later than `now` is
/// clamped to `now` (the ready stamp is not), and durations are whole seconds computed with
/// ``StatusClock/wholeSeconds(from:to:)``.
public struct StatusFormatter: Sendable {
    /// The status being described.
    public var status: ServiceStatus
    /// The moment of reading.
    public var now: TAI64N

    /// Creates a formatter for `status` read at `now`.
    public init(status: ServiceStatus, now: TAI64N) {
        self.status = status
        self.now = now
    }

    /// The up/down stamp after clamping.
    public var upDownSince: TAI64N { now < status.record.stamp ? now : status.record.stamp }
    /// Seconds since the last up/down transition.
    public var upDownFor: UInt64 { StatusClock.wholeSeconds(from: upDownSince, to: now) }
    /// Seconds since the last readiness.
    public var readyFor: UInt64 { StatusClock.wholeSeconds(from: status.record.readyStamp, to: now) }

    /// The human-readable line, newline included, e.g.
    /// `up (pid 42) 3 seconds, normally down, ready 3 seconds` or
    /// `down (signal SIGTERM) 0 seconds, normally up, want up, ready 0 seconds`.
    /// With `numericSignals` (`-n`) a signal is printed as its number.
    public func humanLine(numericSignals: Bool = false) -> String {
        let wait = status.record.waitStatus
        var line: String
        if status.isUp {
            line = "up (pid \(status.pid)) \(upDownFor) seconds"
        } else if wait.signaled {
            let name = numericSignals ? String(wait.signal) : "SIG" + SignalNames.name(of: wait.signal)
            line = "down (signal \(name)) \(upDownFor) seconds"
        } else {
            line = "down (exitcode \(wait.exitCode)) \(upDownFor) seconds"
        }
        if status.isUp && !status.normallyUp { line += ", normally down" }
        if !status.isUp && status.normallyUp { line += ", normally up" }
        if status.isUp && status.isPaused { line += ", paused" }
        if !status.isUp && status.wantsUp { line += ", want up" }
        if status.isUp && !status.wantsUp { line += ", want down" }
        if status.readyFlag { line += ", ready \(readyFor) seconds" }
        return line + "\n"
    }

    /// The value of one `-o` field.
    public func value(of field: StatusField) -> String {
        let wait = status.record.waitStatus
        let down = !status.isUp
        switch field {
        case .up: return String(status.isUp)
        case .wantedup: return String(status.wantsUp)
        case .normallyup: return String(status.normallyUp)
        case .ready: return String(status.isReady)
        case .paused: return String(status.isPaused)
        case .pid: return status.isUp ? String(status.pid) : "-1"
        case .exitcode: return down && wait.exited ? String(wait.exitCode) : "-1"
        case .signal: return down && wait.signaled ? "SIG" + SignalNames.name(of: wait.signal) : "NA"
        case .signum: return down && wait.signaled ? String(wait.signal) : "-1"
        case .updownsince: return upDownSince.label
        case .readysince: return status.record.readyStamp.label
        case .updownfor: return String(upDownFor)
        case .readyfor: return String(readyFor)
        }
    }

    /// The `-o` line: the values of `fields` separated by spaces, newline included.
    public func fieldLine(_ fields: [StatusField]) -> String {
        fields.map(value(of:)).joined(separator: " ") + "\n"
    }
}
