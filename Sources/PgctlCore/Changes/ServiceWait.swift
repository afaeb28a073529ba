import SuperviseStatus
import SuperviseSystem

/// `pgctl wait [services] [--for ready|up|down] [--timeout SECONDS]` (issue 13): blocks until
/// every service is in the state asked for, changing nothing — no lock is taken, nothing is
/// created or linked, no command is sent — so it works beside another pgctl's `start`, a
/// supervisor started by hand, or the real s6-supervise.
///
/// Event-driven like ``ChangeLoop``: each service's `event/` fifodir gets a listener FIFO
/// (subscribe, then read the status, then wait), so a service is seen within a poll wake-up of
/// the supervisor's event. A service whose `event/` does not exist yet (never started) is
/// looked at every ``missingEventsInterval`` until it appears; every service is looked at
/// again at least every ``fallbackInterval`` (a supervisor killed with SIGKILL sends nothing).
struct ServiceWait {
    /// The state to wait for.
    let target: WaitTarget
    /// Seconds before giving up (exit 1).
    let timeout: Double
    let pghome: String
    let console: Console
    /// `--json`: one document on stdout at the end (``WaitReport``), whether or not the wait
    /// timed out.
    var json = false

    /// How often a service without an `event/` directory (or whose `event/` refused our
    /// listener) is looked at.
    static let missingEventsInterval = 0.005
    /// The longest wait between two looks when events are awaited.
    static let fallbackInterval = 0.25
    /// The look after an `x` event (the supervisor's lock goes away when it has exited).
    static let exitRecheckInterval = 0.002

    /// Waits for `services`; throws `timed out after T seconds waiting for NAME to be STATE,
    /// its status is S` (one line per service still waited for, the last one thrown).
    func run(_ services: [Service]) throws(PgctlError) {
        let start = Monotonic.now()
        var pending = services.uniquedKeepingFirst().map { ServiceWatch(service: $0, pghome: pghome) }
        defer { pending.forEach { $0.close() } }
        var reached: [String] = []
        while true {
            var stillPending: [ServiceWatch] = []
            var wake = Self.fallbackInterval
            for watch in pending {
                watch.subscribeIfPossible()
                let status = try watch.status()
                if watch.reached(target, status: status) {
                    reached.append(watch.service.name)
                    watch.close()
                    continue
                }
                stillPending.append(watch)
                if watch.subscription == nil { wake = min(wake, Self.missingEventsInterval) }
                if watch.recheckSoon { wake = min(wake, Self.exitRecheckInterval) }
            }
            pending = stillPending
            guard !pending.isEmpty else {
                if json { console.writeOutput(WaitReport(target: target, reached: reached, timedOut: []).json) }
                return
            }
            let remaining = start + timeout - Monotonic.now()
            if remaining <= 0 { try fail(pending, reached: reached) }
            let subscriptions = pending.compactMap(\.subscription)
            SupervisorEvents.wait(subscriptions, seconds: max(0.001, min(wake, remaining)))
            for watch in pending { watch.drainEvents() }
        }
    }

    private func fail(_ pending: [ServiceWatch], reached: [String]) throws(PgctlError) {
        let time = DecimalText.fixed(timeout, digits: 2)
        let statuses = pending.map { watch in (name: watch.service.name, status: (try? watch.status()) ?? .unsupervised) }
        let messages = statuses.map { name, status in
            "timed out after \(time) seconds waiting for \(name) to be \(target.rawValue), its status is \(status.summary)"
        }
        if json {
            let timedOut = statuses.map { WaitReport.TimedOut(service: $0.name, status: $0.status.summary) }
            console.writeOutput(WaitReport(target: target, reached: reached, timedOut: timedOut).json)
        }
        for message in messages.dropLast() { console.say("ERROR: \(message)") }
        throw PgctlError(messages.last ?? "timed out after \(time) seconds")
    }
}

/// One service `pgctl wait` is waiting for: its event listener (once `event/` exists) and
/// how its status is read (as `status` reads it, changing nothing).
final class ServiceWatch {
    let service: Service
    private let scratch: ScratchDirectory
    /// The listener on `<svc>/event`, nil until that directory exists.
    private(set) var subscription: SupervisorEvents?
    /// An `x` arrived and the supervisor still holds its lock, or it holds its lock without a
    /// status yet: look again soon.
    private(set) var recheckSoon = false
    /// An `x` event arrived since the supervisor was last seen gone.
    private var sawExit = false

    init(service: Service, pghome: String) {
        self.service = service
        self.scratch = ScratchDirectory(service: service, pghome: pghome)
    }

    /// Subscribes to `<svc>/event` when it exists (it is never created here: `wait` changes
    /// nothing; the supervisor, or the `start` that launches it, makes it).
    func subscribeIfPossible() {
        guard subscription == nil, (try? FileSystem.kind(of: service.path + "/event")) == .directory else { return }
        subscription = try? SupervisorEvents(servicePath: service.path)
    }

    /// The service's status as `status` shows it (without the health and crash details).
    func status() throws(PgctlError) -> ServiceReport {
        recheckSoon = false
        let directory = try scratch.statusDirectory(for: service)
        let channel = SupervisorChannel(servicePath: directory)
        if !channel.isRunning {
            sawExit = false
            if let status = ServiceStateReader.unsupervisedStatus(of: service, record: channel.readStatus(),
                                                                  supervisorIsRunning: { channel.isRunning }) {
                return status
            }
        }
        recheckSoon = sawExit
        guard let record = channel.readStatus() else {
            // A supervisor that has just taken its lock writes its first status a moment later.
            recheckSoon = true
            return ServiceReport(state: .down, process: "starting")
        }
        return ServiceReport(record: record, now: SupervisorChannel.now(),
                             hasNotificationFD: ServiceDirectoryFiles(service: service).hasNotificationFD)
    }

    /// Whether `status` is the state `target` asks for (``WaitTarget``).
    func reached(_ target: WaitTarget, status: ServiceReport) -> Bool {
        switch target {
        case .ready: return status.state == .ready
        case .up: return status.state != .down
        case .down: return status.state == .down && status.process == nil && status.escapedPID == nil && !recheckSoon
        }
    }

    /// Reads the event bytes that arrived (their content only matters for `x`).
    func drainEvents() {
        guard let subscription else { return }
        if subscription.drain().contains(.exit) { sawExit = true }
    }

    /// Removes the listener FIFO.
    func close() {
        subscription?.close()
        subscription = nil
    }
}
