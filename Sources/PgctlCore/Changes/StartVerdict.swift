import SuperviseStatus
import SuperviseSystem

/// Whether a service that pgctl asked up has really started (spec §2.2, with pgctl 5.2.1's
/// bug §10.1.5 / Yelp/pgctl#208 fixed: a crash-looping service is never reported started).
///
/// The rules, for a running supervisor:
/// * with `notification-fd` (a `ready` check exists) or a readiness probe file (`ready-tcp`,
///   `ready-http`, `ready-log`, run by the supervisor): started when the supervisor recorded
///   readiness (`U`);
/// * without it: started once the service's processes have *settled* (``ProcessSettling``:
///   every thread of `run` and of all its descendants asleep waiting for work and not having
///   run between two looks — a server in `accept`; typically 2–5 ms after the spawn), or else
///   once it has stayed up for ``busyGrace`` seconds (a service that is always busy) — a `run`
///   that dies while starting (`exec false`, a missing program, a bad option, an interpreter
///   failing after its imports, through a shim or not) is seen dying instead; or when `run`
///   exited with code 0 after pgctl asked it up (a service that does its job and exits, such
///   as `exec date > file`, as 5.2.1 accepted);
/// * any other death is tolerated once (the supervisor restarts it one second later); a
///   second death since pgctl asked it up means it keeps exiting: the start fails at once.
enum StartVerdict: Equatable {
    /// The service is started.
    case ready
    /// Not yet; look again after `recheckAfter` seconds at the latest (nil: on the next event).
    case waiting(recheckAfter: Double?)
    /// It will not start: the reason, worded for `failed to start after T seconds, <reason>`.
    case failed(String)

    /// How long a service without a readiness check whose processes never settle (always
    /// busy) must stay up to count as started.
    static let busyGrace = 1.0

    /// How often a service that is up but neither settled nor past ``busyGrace`` is looked
    /// at: every ``settleCheckInterval`` during its first ``fastCheckPeriod`` seconds, then
    /// every ``slowCheckInterval`` (a busy service is not walked a thousand times).
    static let settleCheckInterval = 0.001
    static let fastCheckPeriod = 0.05
    static let slowCheckInterval = 0.01

    /// The verdict for a service whose supervisor reports `record` (nil: no supervisor yet),
    /// with `deaths` = the deaths of `run` recorded since pgctl asked it up. `settled` says
    /// whether `run`'s process was seen settled (only asked for while it matters).
    static func evaluate(record: StatusRecord?, now: TAI64N, hasNotificationFD: Bool, deaths: [DeathRecord],
                         settled: (_ pid: Int32) -> Bool = { _ in false }) -> StartVerdict {
        guard let record else { return .waiting(recheckAfter: nil) }
        if record.isUp {
            if hasNotificationFD {
                return record.flags.contains(.ready) ? .ready : .waiting(recheckAfter: nil)
            }
            let upFor = seconds(from: record.stamp, to: now)
            if upFor >= busyGrace || settled(Int32(truncatingIfNeeded: record.pid)) { return .ready }
            let interval = upFor < fastCheckPeriod ? settleCheckInterval : slowCheckInterval
            return .waiting(recheckAfter: min(interval, busyGrace - upFor))
        }
        if !hasNotificationFD, let last = deaths.last, last.signal == 0, last.exitCode == 0 {
            return .ready
        }
        if deaths.count >= 2, let last = deaths.last {
            return .failed("it keeps exiting (\(describe(last)))")
        }
        return .waiting(recheckAfter: nil)
    }

    /// The reason for a start that timed out: the crash if `run` died since pgctl asked it
    /// up and is down now, else the status — followed, while `run` is up and a readiness probe
    /// runs, by what the probe last came to (`probeReport`: `ready-tcp 127.0.0.1:8123 was
    /// refused`).
    static func timeoutReason(record: StatusRecord?, status: ServiceReport, deaths: [DeathRecord], probeReport: String? = nil) -> String {
        if let record, !record.isUp, let last = deaths.last {
            return "it keeps exiting (\(describe(last)))"
        }
        if record == nil { return "its status is could not get status, supervisor is down" }
        if let probeReport, record?.isUp == true { return "its status is \(status.summary); its readiness check \(probeReport)" }
        return "its status is \(status.summary)"
    }

    /// `exit code N` or `killed by signal SIGNAME`.
    static func describe(_ death: DeathRecord) -> String {
        death.signal == 0 ? "exit code \(death.exitCode)" : "killed by signal SIG\(SignalNames.name(of: Int32(death.signal)))"
    }

    /// Seconds from `start` to `end` (0 if `end` is earlier).
    static func seconds(from start: TAI64N, to end: TAI64N) -> Double {
        guard end > start else { return 0 }
        return Double(end.seconds - start.seconds) + (Double(end.nanoseconds) - Double(start.nanoseconds)) / 1e9
    }
}

/// The time limit of one service's state change (spec §2.8).
struct ChangeDeadline {
    /// When the change loop started (monotonic seconds).
    var start: Double
    /// The limit in seconds: `timeout-ready`/`timeout-stop`, else the config `timeout`.
    var timeout: Double

    /// pgctl declares a timeout when the limit is closer than the next check would end:
    /// `now + checkDuration >= start + timeout`. It may fire slightly early, never late by
    /// more than one check.
    func hasExpired(now: Double, checkDuration: Double) -> Bool {
        now + checkDuration >= start + timeout
    }

    /// Seconds left before the limit (never negative).
    func remaining(now: Double) -> Double { max(0, start + timeout - now) }

    /// `<timeout:.2f>`, plus ` (it took <elapsed>s to poll)` when the check overshot the
    /// limit by more than 0.1 s — the time part of `failed to start after …`.
    func failureTime(now: Double) -> String {
        let elapsed = now - start
        var text = DecimalText.fixed(timeout, digits: 2)
        if elapsed - timeout > 0.1 { text += " (it took \(elapsed)s to poll)" }
        return text
    }

    /// The time part of a failure detected before the limit: the elapsed time.
    func earlyFailureTime(now: Double) -> String {
        DecimalText.fixed(max(0, now - start), digits: 2)
    }
}

/// The monotonic clock in seconds.
enum Monotonic {
    static func now() -> Double { MonotonicInstant.now.seconds }
}
