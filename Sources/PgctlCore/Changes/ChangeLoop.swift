import SuperviseStatus
import SuperviseSystem

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
    /// Called once when the change is first held back behind its prerequisites (issue 12):
    /// a chance to get ready for a quick request later (a start launches the supervisor with
    /// the service down). Never called for changes without prerequisites.
    func prepareWhileHeld()
}

extension ServiceChange {
    func prepareWhileHeld() {}
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

    /// For each change (by identity), the changes that must be done before it is requested:
    /// its dependencies for a start, its dependents for a stop (issue 12). A held change is
    /// requested in the round its last prerequisite is found done; its time limit counts from
    /// then. When a prerequisite fails (or is itself held back for good), the change is never
    /// requested: it ends in ``ChangeResults/notDone``.
    var prerequisites: [ObjectIdentifier: [ServiceChange]] = [:]
    /// How a prerequisite is named in `was not <done>: its <word> 'x' failed to <verb>`.
    var prerequisiteWord = "dependency"
    /// Called when the prerequisites a change is held back for change (the names, sorted by
    /// request order), and with `nil` once it is no longer held (requested or given up).
    var onHeld: (Service, [Service]?) -> Void = { _, _ in }

    /// Runs until every change is done, failed or given up (a prerequisite failed).
    func run(_ changes: [ServiceChange]) throws(PgctlError) -> ChangeResults {
        let start = Monotonic.now()
        var pending = changes
        var checkDuration = 0.0
        var deadlines: [ObjectIdentifier: ChangeDeadline] = [:]
        var lastTrace = -Double.infinity
        defer { for change in changes { change.finish() } }
        console.overlay.viewer = viewer
        var outcome = ChangeResults()
        var gate = PrerequisiteGate(prerequisites: prerequisites)
        var held = DoneReports(window: Self.reportOrderWindow)
        defer {
            console.overlay.viewer = nil
            if outcome.failed.isEmpty && outcome.notDone.isEmpty { viewer?.finish(messages: []) } else { viewer?.printAbove("") }
            for service in gate.stillHeld { onHeld(service, nil) }
        }
        let participle = doneWord.lowercased()
        while !pending.isEmpty {
            let round = ChangeRound(now: Monotonic.now(), environmentTracing: environmentTracing, scanPaths: pending.map(\.service.path))
            var nextWake = eventFallback
            var stillPending: [ServiceChange] = []
            var results: [(ServiceChange, RoundResult)] = []
            var rechecks: [Double] = []
            var roundCheckDuration = 0.0
            for change in pending {
                let id = ObjectIdentifier(change)
                switch gate.look(at: change, verb: verb, participle: participle, word: prerequisiteWord) {
                case .given(let reason):
                    results.append((change, .givenUp(reason)))
                    continue
                case .held(let awaited, let changed):
                    if changed {
                        if !gate.wasPrepared(change) { change.prepareWhileHeld() }
                        onHeld(change.service, awaited)
                    }
                    results.append((change, .held))
                    continue
                case .released(let wasHeld):
                    if wasHeld {
                        onHeld(change.service, nil)
                        console.debug("timing: \(change.service.name) released at \(Self.stamp(since: start))", level: 2)
                    }
                }
                // A service's time starts with its own first request: launching hundreds of
                // supervisors before it (or waiting for its dependencies) does not use it up.
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
                switch result {
                case .done:
                    gate.markDone(change)
                    console.debug("timing: \(change.service.name) \(participle) at \(Self.stamp(since: start))", level: 2)
                case .failed: gate.markFailed(change)
                case .waiting: break
                }
                results.append((change, .checked(result, deadline)))
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
            for (change, roundResult) in results {
                switch roundResult {
                case .held:
                    stillPending.append(change)
                case .givenUp(let reason):
                    console.say("ERROR: service '\(change.service.name)' was not \(participle): \(reason)")
                    outcome.notDone.append(HeldBackChange(service: change.service, reason: reason))
                case .checked(.done, _):
                    held.hold(change, at: round.now)
                case .checked(.failed(let reason, let early), let deadline):
                    let now = Monotonic.now()
                    let time = early ? deadline.earlyFailureTime(now: now) : deadline.failureTime(now: now)
                    console.say("ERROR: service '\(change.service.name)' failed to \(verb) after \(time) seconds, \(reason)")
                    outcome.failed.append(change.service)
                    onFailed(change.service, reason)
                case .checked(.waiting(let after), let deadline):
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
        return outcome
    }

    /// `<µs since start> µs (wall <Unix µs>)`, for the timing trace (the wall clock lets
    /// benchmarks compare with the supervisors' own stamps).
    private static func stamp(since start: Double) -> String {
        let wall = WallClock.now()
        return "\(Int((Monotonic.now() - start) * 1e6)) µs (wall \(wall.seconds * 1_000_000 + Int64(wall.nanoseconds / 1000)))"
    }

    /// What one round found for one change.
    private enum RoundResult {
        /// Requested and checked.
        case checked(ChangeCheck, ChangeDeadline)
        /// Held back: a prerequisite is still pending.
        case held
        /// Never to be requested: a prerequisite failed (the reason).
        case givenUp(String)
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
