import SuperviseStatus

/// What `supervise/death_tally` says about a service whose supervisor runs (issue 14, crash
/// forensics): how often `run` died since that supervisor started, how the last death
/// happened and when. The tally is written by our supervisor and by the real s6-supervise
/// alike (14-byte records, oldest first, at most `max-death-tally` of them — 100 unless the
/// service says otherwise — and emptied when a supervisor starts).
struct CrashHistory: Equatable {
    /// How the last death happened.
    enum Exit: Equatable {
        /// `run` exited with this code.
        case code(Int)
        /// `run` was killed by this signal.
        case signal(Int32)
    }

    /// The number of deaths recorded (capped by `max-death-tally`).
    var deaths: Int
    /// How the last recorded death happened; nil when there was none.
    var lastExit: Exit?
    /// Whole seconds since the last recorded death; nil when there was none.
    var secondsSinceLast: Int?
    /// Whole seconds since the first recorded death; nil when there was none.
    var secondsSinceFirst: Int?

    /// The history told by `records` (the decoded tally, oldest first) at time `now`.
    init(records: [DeathRecord], now: TAI64N) {
        deaths = records.count
        if let last = records.last {
            lastExit = last.signal == 0 ? .code(Int(last.exitCode)) : .signal(Int32(last.signal))
            secondsSinceLast = Int(last.stamp.wholeSeconds(until: now))
        }
        if let first = records.first { secondsSinceFirst = Int(first.stamp.wholeSeconds(until: now)) }
    }

    /// `SIGKILL`, `SIGSEGV`, … (`SIG???` for a number skalibs does not name).
    static func signalName(_ signal: Int32) -> String { "SIG" + SignalNames.name(of: signal) }

    /// The three keys `status --json` gains: `deaths`, `last_exit` (`{"code": 3}`,
    /// `{"signal": "SIGKILL"}` or null) and `last_death` (whole seconds ago, or null).
    var json: [String: ConfigValue] {
        let exit: ConfigValue
        switch lastExit {
        case .code(let code): exit = .mapping(["code": .int(code)])
        case .signal(let signal): exit = .mapping(["signal": .string(Self.signalName(signal))])
        case nil: exit = .null
        }
        return ["deaths": .int(deaths), "last_exit": exit, "last_death": secondsSinceLast.map { .int($0) } ?? .null]
    }
}
