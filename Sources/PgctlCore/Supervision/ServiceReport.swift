import SuperviseStatus

/// A service's state as `pgctl status` shows it (spec §1.8): `state`, `pid`, `exitcode`,
/// `seconds`, `process`.
struct ServiceReport: Equatable {
    /// `up`, `ready` or `down`.
    enum State: String {
        case up, ready, down
    }

    var state: State
    /// The service's main pid while it is up.
    var pid: Int?
    /// The exit code of the last exit while down (nil if it was killed by a signal).
    var exitcode: Int?
    /// Seconds since it went up (since it became ready, once ready) or down.
    var seconds: Int?
    /// `starting` when the supervisor wants it up but it is down, `stopping` when it wants
    /// it down but it is still up, else nil.
    var process: String?
    /// Down, but the main process that its lost supervisor recorded still runs (issue 16):
    /// its pid. Shown as `down, but its processes are still running (pid N)`, and in
    /// `--json` as `"escaped_pid": N` (a key present only then).
    var escapedPID: Int?
    /// A ready service whose health monitor (`pgctl-poll-ready`) is gone: nothing checks it
    /// any more (issue 16). Only `status` looks (``HealthMonitorProbe``).
    var healthChecksStopped = false
    /// The services it depends on, sorted (issue 12).
    var dependencies: [String] = []
    /// Whether `status --json` shows ``dependencies`` (even empty): set for every service once
    /// any service of the listing has some, so a playground without dependencies keeps
    /// pgctl 5.2.1's keys.
    var showsDependencies = false
    /// While a start holds the service back for its dependencies: the ones awaited.
    var waitingFor: [String]?
    /// The deaths of `run` since its supervisor started (issue 14), while a supervisor runs:
    /// `--json` gains `deaths`, `last_exit` and `last_death`; the text a ``CrashHistoryText``.
    var crashes: CrashHistory?

    /// The status of a service whose supervisor is not running.
    static let unsupervised = ServiceReport(state: .down)

    init(state: State, pid: Int? = nil, exitcode: Int? = nil, seconds: Int? = nil, process: String? = nil) {
        self.state = state
        self.pid = pid
        self.exitcode = exitcode
        self.seconds = seconds
        self.process = process
    }

    /// Interprets a running supervisor's status record at time `now`. `hasNotificationFD`:
    /// the service reports readiness; without it, a service counts as ready once up, and a
    /// service that keeps exiting 0 at once (`exec date > file`) counts as ready too, as in
    /// pgctl 5.2.1.
    init(record: StatusRecord, now: TAI64N, hasNotificationFD: Bool) {
        let wantUp = record.flags.contains(.wantUp)
        if record.isUp {
            let ready = record.flags.contains(.ready)
            self.init(
                state: ready ? .ready : .up, pid: Int(record.pid),
                seconds: Int((ready ? record.readyStamp : record.stamp).wholeSeconds(until: now)),
                process: wantUp ? nil : "stopping")
            if !hasNotificationFD { state = .ready }
        } else {
            let status = record.waitStatus
            self.init(
                state: .down, exitcode: status.exited ? status.exitCode : nil,
                seconds: Int(record.stamp.wholeSeconds(until: now)), process: wantUp ? "starting" : nil)
            if !hasNotificationFD && process == "starting" && exitcode == 0 && seconds == 0 { state = .ready }
        }
    }

    /// The status as pgctl words it in errors: `<state>[ (pid N)][ (exitcode N)][ N seconds][, <process>]`,
    /// e.g. `up (pid 4711) 1 seconds`.
    var summary: String {
        var text = state.rawValue
        if let pid { text += " (pid \(pid))" }
        if let exitcode { text += " (exitcode \(exitcode))" }
        if let seconds { text += " \(seconds) seconds" }
        if let process { text += ", \(process)" }
        return text
    }

    /// The state as `status` words it: the state's name, then `, but its processes are still
    /// running (pid N)` for an escaped service, or ` (health checks stopped: its monitor is
    /// gone)` for a ready service whose health monitor died.
    var stateText: String {
        var text = state.rawValue
        if let escapedPID { text += ", but its processes are still running (pid \(escapedPID))" }
        if healthChecksStopped { text += " (health checks stopped: its monitor is gone)" }
        if let waitingFor { text += " (waiting for \(waitingFor.joined(separator: ", ")))" }
        return text
    }

    /// The JSON object of `status --json`: pgctl 5.2.1's five keys, plus `escaped_pid` when
    /// the service escaped its supervision and `health_checks: "stopped"` when its monitor is
    /// gone (each present only then), and ``CrashHistory/json`` while a supervisor runs.
    var json: ConfigValue {
        var mapping: [String: ConfigValue] = [
            "state": .string(state.rawValue),
            "pid": pid.map { .int($0) } ?? .null,
            "exitcode": exitcode.map { .int($0) } ?? .null,
            "seconds": seconds.map { .int($0) } ?? .null,
            "process": process.map { .string($0) } ?? .null,
        ]
        if let escapedPID { mapping["escaped_pid"] = .int(escapedPID) }
        if healthChecksStopped { mapping["health_checks"] = .string("stopped") }
        if showsDependencies || !dependencies.isEmpty { mapping["dependencies"] = .list(dependencies.map { .string($0) }) }
        if let crashes { mapping.merge(crashes.json) { current, _ in current } }
        return .mapping(mapping)
    }
}

/// Reads services' statuses through their supervisors.
enum ServiceStateReader {
    /// The current status of `service`.
    static func status(of service: Service, now: TAI64N = SupervisorChannel.now()) -> ServiceReport {
        guard let record = SupervisorChannel(servicePath: service.path).liveStatus() else { return .unsupervised }
        return ServiceReport(record: record, now: now, hasNotificationFD: ServiceDirectoryFiles(service: service).hasNotificationFD)
    }

    /// The status of `service` after its supervisor was found not running: `down`, with the
    /// pid of the main process a lost supervisor recorded in `record` when that process is
    /// still alive and the service's (issue 16; cheap: `/proc/<pid>` only, no scan). Nil when
    /// `supervisorIsRunning` now says otherwise although an alive main process was found: a
    /// supervisor started between the lock check and the read (a `start` under way) and the
    /// record is its own — the service is supervised, not escaped; read it as such.
    static func unsupervisedStatus(of service: Service, record: StatusRecord?,
                                   supervisorIsRunning: () -> Bool) -> ServiceReport? {
        var status = ServiceReport.unsupervised
        status.escapedPID = RecordedMainProcess.alive(in: record, servicePath: service.path).map(Int.init)
        return status.escapedPID == nil || !supervisorIsRunning() ? status : nil
    }
}
