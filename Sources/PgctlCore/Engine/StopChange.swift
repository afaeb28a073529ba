import Foundation
import SuperviseStatus

/// Bringing one service down (spec §2.3, §2.8): ask its supervisor to take it down and exit
/// (`dx`), then wait until it is really stopped — no supervisor, the service lock free, and
/// no process left carrying the service's tracing environment. On the time limit, the
/// leftovers are SIGKILLed (unless `--no-force`) and the stop goes on for one more time
/// limit; processes that survive even that make it fail (5.2.1 waited forever, §10.1.8).
final class StopChange: ServiceChange {
    let service: Service
    let timeout: Double
    private(set) var subscription: EventSubscription?
    private let channel: SupervisorChannel
    private let locks: ServiceLocks
    private let console: Console
    private let noForce: Bool
    private let pollInterval: Double
    private var forcedUntil: Double?
    private var reported = Set<Int32>()

    init(service: Service, timeout: Double, locks: ServiceLocks, console: Console, noForce: Bool, pollInterval: Double) {
        self.service = service
        self.timeout = timeout
        self.channel = SupervisorChannel(servicePath: service.path)
        self.locks = locks
        self.console = console
        self.noForce = noForce
        self.pollInterval = pollInterval
    }

    func request(round: ChangeRound) throws(PgctlError) {
        if subscription == nil {
            subscription = try EventSubscription(servicePath: service.path)
            channel.send([.down, .exit])
        }
        if forcedUntil != nil { forceKill(round: round) }
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
        if let warning = BystanderText.warning(round.bystanders(of: service), servicePath: service.path) {
            console.writeError(warning)
        }
        return .done
    }

    func expired(round: ChangeRound) -> ChangeCheck {
        if let forcedUntil {
            if round.now < forcedUntil { return .waiting(recheckAfter: pollInterval) }
            let survivors = round.freshProcesses(of: service)
            return .failed(reason: RunawayText.runawaysDidNotStop(ProcessListing.forest(survivors), lockHeld: false), early: false)
        }
        if !noForce {
            forcedUntil = round.now + max(timeout, 1)
            forceKill(round: round)
            return .waiting(recheckAfter: pollInterval)
        }
        if let record = channel.liveStatus() {
            // Worded as pgctl 5.2.1 printed it: the state without its `, stopping`.
            var status = ServiceStatus(record: record, now: SupervisorChannel.now(), hasNotificationFD: ServiceFiles(service: service).hasNotificationFD)
            status.process = nil
            return .failed(reason: "its status is \(status.summary)", early: false)
        }
        if !locks.isFree(service) {
            let holders = ProcessScanner.processesWithOpenFile(service.path)
            return .failed(reason: RunawayText.runawaysDidNotStop(ProcessListing.forest(holders), lockHeld: true), early: false)
        }
        let leftovers = round.freshProcesses(of: service)
        return .failed(reason: RunawayText.runawaysDidNotStop(ProcessListing.forest(leftovers), lockHeld: false), early: false)
    }

    /// SIGKILLs everything still belonging to the service; warns about processes not
    /// reported before.
    private func forceKill(round: ChangeRound) {
        let pids = round.freshProcesses(of: service)
        let fresh = pids.filter { !reported.contains($0) }
        guard !pids.isEmpty else { return }
        let listing = fresh.isEmpty ? nil : ProcessListing.forest(fresh)
        for pid in pids { _ = kill(pid, SIGKILL) }
        reported.formUnion(pids)
        if let listing, !listing.isEmpty { console.writeError(RunawayText.killingRunaways(listing)) }
    }

    func finish() {
        subscription?.close()
        subscription = nil
    }
}
