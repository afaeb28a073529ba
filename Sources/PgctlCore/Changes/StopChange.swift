import SuperviseStatus
import SuperviseSystem

/// Bringing one service down (spec §2.3, §2.8): ask its supervisor to take it down and exit
/// (`dx`), then wait until it is really stopped — no supervisor, the service lock free, no
/// process left carrying the service's tracing environment, and every process pgctl
/// signalled really gone (a zombie is not: issue 16 point 2). On the time limit, the
/// leftovers are SIGKILLed (unless `--no-force`) and the stop goes on for one more time
/// limit; processes that survive even that make it fail (5.2.1 waited forever, §10.1.8).
///
/// With no supervisor to ask (it was killed, or pghome deleted), what it left running is
/// stopped as it would have been: the service's `down-signal` and SIGCONT (``EscapedStop``),
/// then the same time limit and SIGKILL (issue 16 point 1). A supervisor that accepted `dx`
/// is exiting on request: it is never counted among the runaways to kill (point 7).
final class StopChange: ServiceChange {
    let service: Service
    let timeout: Double
    private(set) var subscription: SupervisorEvents?
    private let channel: SupervisorChannel
    private let locks: ServiceLocks
    private let console: Console
    private let noForce: Bool
    private let pollInterval: Double
    private let workingDirectory: String
    private var forcedUntil: Double?
    private var reported = Set<Int32>()
    /// Everything pgctl signalled, to wait until it is really gone.
    private var watch = ProcessWatch()
    /// The stop of what escaped a lost supervisor, when there was no supervisor to ask.
    private var escaped: EscapedStop?
    private var escapeeWarned = false
    /// The supervisor that accepted `dx` (the holder of `supervise/lock` then).
    private var exitingSupervisor: Int32?
    /// When waiting for zombies to be reaped ends (set when the time limit finds only them).
    private var reapDeadline: Double?

    init(service: Service, timeout: Double, locks: ServiceLocks, console: Console, noForce: Bool, pollInterval: Double,
         workingDirectory: String) {
        self.service = service
        self.timeout = timeout
        self.channel = SupervisorChannel(servicePath: service.path)
        self.locks = locks
        self.console = console
        self.noForce = noForce
        self.pollInterval = pollInterval
        self.workingDirectory = workingDirectory
    }

    func request(round: ChangeRound) throws(PgctlError) {
        if subscription == nil {
            subscription = try SupervisorEvents(servicePath: service.path)
            let holder = channel.supervisorPID
            if channel.send([.down, .exit]) {
                exitingSupervisor = holder
            } else {
                escaped = EscapedStop(service: service, record: channel.readStatus())
            }
        }
        if let escaped, forcedUntil == nil { signalEscapees(escaped, round: round) }
        if forcedUntil != nil { forceKill(round: round) }
    }

    /// Asks what escaped to stop: the main process first, then what it leaves behind.
    private func signalEscapees(_ escaped: EscapedStop, round: ChangeRound) {
        let members = round.processes(of: service)
        watch.add(members)
        // Listed before they are signalled: the listing shows what ran, not a shutdown.
        let shown = members + (escaped.liveMainPID.map { [$0] } ?? [])
        let listing = escapeeWarned || shown.isEmpty ? nil : ProcessListing.forest(shown)
        let signalled = escaped.signal(members: members)
        watch.add(signalled)
        guard let listing, !signalled.isEmpty else { return }
        escapeeWarned = true
        if !listing.isEmpty {
            console.writeError(RunawayText.stoppingEscapees(listing, signal: escaped.signal, targets: signalled, timeout: timeout))
        }
    }

    func check(round: ChangeRound) -> ChangeCheck {
        if channel.isRunning {
            // Once the service is down the supervisor exits at once, but it sends its `x`
            // event just before exiting: poll for the lock to go instead of waiting for
            // another event.
            let down = channel.readStatus().map { !$0.isUp } ?? true
            return .waiting(recheckAfter: down ? pollInterval : nil)
        }
        if !locks.isFree(service) { return .waiting(recheckAfter: pollInterval) }
        if !round.processes(of: service).isEmpty { return .waiting(recheckAfter: pollInterval) }
        if !watch.present().isEmpty { return .waiting(recheckAfter: pollInterval) }
        if let warning = BystanderText.warning(round.bystanders(of: service), servicePath: service.path) {
            console.writeError(warning)
        }
        return .done
    }

    func expired(round: ChangeRound) -> ChangeCheck {
        if onlyUnreapedLeft(round) {
            // Nothing runs any more, but a process pgctl signalled is a zombie its parent has
            // not reaped yet (init can take seconds; in some containers it never does).
            let deadline = reapDeadline ?? round.now + ProcessWatch.reapWindow
            reapDeadline = deadline
            if round.now < deadline { return .waiting(recheckAfter: pollInterval) }
            console.say("WARNING: gave up waiting for what '\(service.name)' left to be gone: "
                + watch.present().map(ProcessWatch.describe).joined(separator: ", "))
            return .done
        }
        if let forcedUntil {
            if round.now < forcedUntil { return .waiting(recheckAfter: pollInterval) }
            let survivors = round.freshProcesses(of: service)
            return .failed(reason: RunawayText.runawaysDidNotStop(ProcessListing.forest(survivors), cause: .survivedKill, lockHeld: false), early: false)
        }
        if !noForce {
            forcedUntil = round.now + max(timeout, 1)
            forceKill(round: round)
            return .waiting(recheckAfter: pollInterval)
        }
        if let record = channel.liveStatus() {
            // Worded as pgctl 5.2.1 printed it: the state without its `, stopping`.
            var status = ServiceReport(record: record, now: SupervisorChannel.now(), hasNotificationFD: ServiceDirectoryFiles(service: service).hasNotificationFD)
            status.process = nil
            return .failed(reason: "its status is \(status.summary)", early: false)
        }
        if !locks.isFree(service) {
            let holders = ProcessScanner.processesWithOpenFile(service.path)
            return .failed(reason: RunawayText.runawaysDidNotStop(ProcessListing.forest(holders), cause: .signalled(advice), lockHeld: true), early: false)
        }
        let leftovers = round.freshProcesses(of: service)
        return .failed(reason: RunawayText.runawaysDidNotStop(ProcessListing.forest(leftovers), cause: .signalled(advice), lockHeld: false), early: false)
    }

    /// Whether all that keeps the stop from completing is processes pgctl signalled that
    /// are dead but not reaped: no supervisor, the lock free, no live process of the service.
    private func onlyUnreapedLeft(_ round: ChangeRound) -> Bool {
        !channel.isRunning && locks.isFree(service) && round.processes(of: service).isEmpty && !watch.present().isEmpty
    }

    /// What the service was sent and how long it had.
    private var advice: StopAdvice { StopAdvice(service: service, timeout: timeout, workingDirectory: workingDirectory) }

    /// SIGKILLs everything still belonging to the service, except a supervisor that is
    /// exiting on request (it leaves once its service is dead); warns about processes not
    /// reported before.
    private func forceKill(round: ChangeRound) {
        let found = round.freshProcesses(of: service).filter { $0 != exitingSupervisorStillExiting }
        // A zombie (the supervisor that exited on request, a killed child its parent has not
        // reaped yet) is already dead: it is only waited for, never listed as a runaway.
        let dead = found.filter { ProcessFacts.read($0)?.isZombie == true }
        watch.add(dead)
        let pids = found.filter { !dead.contains($0) }
        let fresh = pids.filter { !reported.contains($0) }
        guard !pids.isEmpty else { return }
        let listing = fresh.isEmpty ? nil : ProcessListing.forest(fresh)
        watch.add(pids)
        for pid in pids { ProcessControl.send(SignalNumber.kill, to: pid) }
        reported.formUnion(pids)
        if let listing, !listing.isEmpty { console.writeError(RunawayText.killingRunaways(listing, advice: advice)) }
    }

    /// The supervisor that accepted `dx`, while it still holds the lock and is not stopped
    /// (a stopped supervisor is not exiting: it is killed like any runaway).
    private var exitingSupervisorStillExiting: Int32? {
        guard let pid = exitingSupervisor, channel.supervisorPID == pid,
              let facts = ProcessFacts.read(pid), !facts.isStopped, !facts.isZombie else { return nil }
        return pid
    }

    func finish() {
        subscription?.close()
        subscription = nil
    }
}
