import SuperviseStatus

/// What one check of a pending service found.
enum ChangeCheck: Equatable {
    /// The service reached its target state.
    case done
    /// Not yet. Check again on the next supervisor event, or after `recheckAfter` seconds at
    /// the latest when something not covered by events is awaited (processes exiting).
    case waiting(recheckAfter: Double?)
    /// It cannot reach the target state; `reason` completes `failed to <verb> after T seconds, `.
    /// `early`: detected before the time limit (the time shown is the time elapsed).
    case failed(reason: String, early: Bool)
}

/// One service's pending state change, driven by ``ChangeLoop``.
protocol ServiceChange: AnyObject {
    /// The service.
    var service: Service { get }
    /// Its time limit (`timeout-ready`/`timeout-stop`, else the config `timeout`).
    var timeout: Double { get }
    /// The event subscription to wait on, once the first request made it.
    var subscription: SupervisorEvents? { get }
    /// Issues the change request (the first call sets things in motion; later calls only
    /// repair, e.g. re-launch a supervisor that died).
    func request(round: ChangeRound) throws(PgctlError)
    /// Looks at the service's state.
    func check(round: ChangeRound) -> ChangeCheck
    /// Called when the time limit passed while still waiting: returns what to do — keep
    /// waiting (after a force kill) or fail with a reason.
    func expired(round: ChangeRound) -> ChangeCheck
    /// Releases resources (the event subscription).
    func finish()
}

/// Shared facts of one round of checks, computed at most once per round.
final class ChangeRound {
    /// The time the round started (monotonic seconds).
    let now: Double
    private let tracing: Bool
    private let scanPaths: [String]
    private var scanned: ServiceProcessScan?

    init(now: Double, environmentTracing: Bool, scanPaths: [String]) {
        self.now = now
        self.tracing = environmentTracing
        self.scanPaths = scanPaths
    }

    /// The processes still belonging to `service` (fd on the directory or tracing
    /// environment), from one `/proc` pass per round covering every pending service.
    func processes(of service: Service) -> [Int32] {
        if scanned == nil {
            scanned = ProcessScanner.scan(scanPaths, environmentTracing: tracing)
        }
        return scanned?.members[service.path] ?? []
    }

    /// Processes of other users holding the service directory open without belonging to it
    /// (never signalled), from the same pass as ``processes(of:)``.
    func bystanders(of service: Service) -> [Int32] {
        _ = processes(of: service)
        return scanned?.bystanders[service.path] ?? []
    }

    /// Only the processes found through the tracing environment or the directory descriptor,
    /// scanned afresh (used right before killing, when the list must be current).
    func freshProcesses(of service: Service) -> [Int32] {
        ProcessScanner.serviceProcesses([service.path], environmentTracing: tracing)[service.path] ?? []
    }
}

/// The loop of spec §2.1 step 5: request, check, report, wait on the supervisors' events.
///
/// Each round issues every pending service's request and checks it. Between rounds the loop
/// sleeps in `poll(2)` on the event subscriptions, until the earliest of: an event, a
/// service's own re-check time, a time limit, or the fallback interval (so a lost event only
/// costs a short delay, never a hang).
struct ChangeLoop {
    /// `start`/`stop`, for messages.
    let verb: String
    /// `Started`/`Stopped`.
    let doneWord: String
    let console: Console
    let environmentTracing: Bool
    /// Upper bound of one wait when events are awaited.
    var eventFallback = 0.25
    /// The `poll` interval: at most one `loop: check_time` trace line per interval.
    var traceInterval = 0.01
    /// Called after each round (e.g. to reap exited supervisors).
    var afterRound: () -> Void = {}
    /// Called when a service is done, right after its `doneWord` line (e.g. `start-msg`).
    var onDone: (Service) -> Void = { _ in }
    /// Called when a service failed, right after its `ERROR: … failed to <verb>` line, with the
    /// reason that line ends with (the `--json` report, issue 13).
    var onFailed: (Service, String) -> Void = { _, _ in }
    /// The embedded log viewer (spec §2.13), when enabled: redrawn after every round with the
    /// pending services' newest log lines; stderr goes above it through the console overlay.
    var viewer: LiveLogViewer?

    /// The wait before the next round for the services' own re-check times: the earliest,
    /// stretched to cover others due within ``coalescingWindow`` after it, so services that
    /// become ready together are reported in one round, in request order.
    static func coalescedWake(_ rechecks: [Double]) -> Double? {
        guard let first = rechecks.min() else { return nil }
        return rechecks.filter { $0 <= first + coalescingWindow }.max()
    }

    /// How close re-check times must be to be served by one round.
    static let coalescingWindow = 0.025

    /// How long a service found done is held back while one requested before it is still
    /// pending, so that services ready within this time of each other are reported in request
    /// order, as pgctl 5.2.1 reported those it found up in one pass (e.g. one that settled at
    /// once and one that needed a few more looks). Only the message waits.
    static let reportOrderWindow = 0.1

    /// Runs until every change is done or failed. Returns the failed services, in the order
    /// they failed.
    func run(_ changes: [ServiceChange]) throws(PgctlError) -> [Service] {
        let start = Monotonic.now()
        var pending = changes
        var checkDuration = 0.0
        var deadlines: [ObjectIdentifier: ChangeDeadline] = [:]
        var lastTrace = -Double.infinity
        defer { for change in changes { change.finish() } }
        console.overlay.viewer = viewer
        var failed: [Service] = []
        var held = DoneReports(window: Self.reportOrderWindow)
        defer {
            console.overlay.viewer = nil
            if failed.isEmpty { viewer?.finish(messages: []) } else { viewer?.printAbove("") }
        }
        while !pending.isEmpty {
            let round = ChangeRound(now: Monotonic.now(), environmentTracing: environmentTracing, scanPaths: pending.map(\.service.path))
            var nextWake = eventFallback
            var stillPending: [ServiceChange] = []
            var results: [(ServiceChange, ChangeCheck, ChangeDeadline)] = []
            var rechecks: [Double] = []
            var roundCheckDuration = 0.0
            for change in pending {
                let id = ObjectIdentifier(change)
                // A service's time starts with its own first request: launching hundreds of
                // supervisors before it does not use up its time limit.
                let deadline = deadlines[id] ?? ChangeDeadline(start: Monotonic.now(), timeout: change.timeout)
                deadlines[id] = deadline
                try change.request(round: round)
                let checkStart = Monotonic.now()
                var result = change.check(round: round)
                let checkEnd = Monotonic.now()
                roundCheckDuration += checkEnd - checkStart
                if case .waiting = result, deadline.hasExpired(now: checkEnd, checkDuration: checkDuration) {
                    result = change.expired(round: round)
                }
                results.append((change, result, deadline))
            }
            // Only the checks count as "the time a check takes", never the requests (launches).
            checkDuration = roundCheckDuration
            if round.now - lastTrace >= traceInterval {
                // One trace line per poll interval, as 5.2.1 printed one per poll round (the
                // settle re-checks of a round every millisecond are not poll rounds).
                lastTrace = round.now
                console.debug("loop: check_time \(DecimalText.fixed(checkDuration, digits: 6))")
            }
            console.debug("timing: round at \(Int((round.now - start) * 1e6)) µs, \(pending.count) pending", level: 2)
            for (change, result, deadline) in results {
                switch result {
                case .done:
                    held.hold(change, at: round.now)
                case .failed(let reason, let early):
                    let now = Monotonic.now()
                    let time = early ? deadline.earlyFailureTime(now: now) : deadline.failureTime(now: now)
                    console.say("ERROR: service '\(change.service.name)' failed to \(verb) after \(time) seconds, \(reason)")
                    failed.append(change.service)
                    onFailed(change.service, reason)
                case .waiting(let after):
                    stillPending.append(change)
                    if let after { rechecks.append(after) }
                    let remaining = deadline.remaining(now: Monotonic.now())
                    if remaining > 0 { nextWake = min(nextWake, remaining) }
                }
            }
            nextWake = min(nextWake, Self.coalescedWake(rechecks) ?? nextWake)
            for change in held.release(requestOrder: changes, pending: stillPending, now: Monotonic.now()) {
                console.say("\(doneWord): \(change.service.name)")
                onDone(change.service)
            }
            if let wait = held.nextRelease(now: Monotonic.now()) { nextWake = min(nextWake, wait) }
            afterRound()
            pending = stillPending
            viewer?.update(messages: [], pending: pending.map(\.service.name), columns: Console.terminalColumns())
            guard !pending.isEmpty else { break }
            let subscriptions = pending.compactMap(\.subscription)
            SupervisorEvents.wait(subscriptions, seconds: max(nextWake, 0.001))
            for subscription in subscriptions { _ = subscription.drain() }
        }
        return failed
    }
}

/// The services found done but not yet reported. Services that become done close together
/// are reported in request order: one is held while a service requested before it is still
/// pending, for at most `window` seconds (so progress is still shown as it happens).
struct DoneReports {
    /// The longest a done service waits for those requested before it.
    let window: Double
    private var doneAt: [ObjectIdentifier: Double] = [:]

    init(window: Double) { self.window = window }

    /// Notes that `change` was found done at `now`.
    mutating func hold(_ change: ServiceChange, at now: Double) {
        doneAt[ObjectIdentifier(change)] = now
    }

    /// The held changes to report now, in request order: those with no earlier-requested
    /// change still pending, and those held for `window` already.
    mutating func release(requestOrder: [ServiceChange], pending: [ServiceChange], now: Double) -> [ServiceChange] {
        guard !doneAt.isEmpty else { return [] }
        let stillPending = Set(pending.map(ObjectIdentifier.init))
        var earlierPending = false
        var released: [ServiceChange] = []
        for change in requestOrder {
            let id = ObjectIdentifier(change)
            if stillPending.contains(id) { earlierPending = true; continue }
            guard let since = doneAt[id] else { continue }
            if !earlierPending || now - since >= window {
                released.append(change)
                doneAt[id] = nil
            }
        }
        return released
    }

    /// Seconds until the oldest held report is due regardless of the others, nil if none.
    func nextRelease(now: Double) -> Double? {
        doneAt.values.min().map { max(0.001, $0 + window - now) }
    }
}
