import SuperviseStatus
import SuperviseSystem

/// `start`'s clean-up of what dead supervisors left running (spec §2.2, amended by issue 16):
/// instead of SIGKILLing the escaped processes at once, each service's are asked to stop as
/// their supervisor would have (``EscapedStop``: `down-signal` + SIGCONT to the main process),
/// given the service's `timeout-stop` (else the configured timeout) to exit, then SIGKILLed;
/// and the start waits until every one of them is really gone — a zombie still holds its pid,
/// and a server whose pid file names it refuses to start (postgres: "lock file already
/// exists"). A main process the status file still records is waited for even when it is
/// already a zombie. If something is still there one more time limit after the SIGKILL, the
/// start goes on with a warning naming the pids.
struct EscapeeShutdown {
    let console: Console
    let environmentTracing: Bool
    let pollInterval: Double
    let workingDirectory: String

    /// One service's escaped processes being stopped.
    private final class Pending {
        let service: Service
        let timeout: Double
        let stop: EscapedStop
        var watch = ProcessWatch()
        let killDeadline: Double
        var killedAt: Double?
        var reported = Set<Int32>()

        init(service: Service, timeout: Double, stop: EscapedStop, now: Double) {
            self.service = service
            self.timeout = timeout
            self.stop = stop
            self.killDeadline = now + timeout
        }
    }

    /// Stops the escaped processes of `services` (those without a running supervisor), each
    /// with its stop time limit, and returns once all are gone or given up on. `scan`: the
    /// `/proc` pass that found them.
    func run(_ services: [(service: Service, timeout: Double)], scan: ServiceProcessScan) {
        let start = Monotonic.now()
        var pending: [Pending] = []
        for (service, timeout) in services {
            let record = SupervisorChannel(servicePath: service.path).readStatus()
            let entry = Pending(service: service, timeout: timeout, stop: EscapedStop(service: service, record: record), now: start)
            // The recorded main process counts even if the scan missed it (it closed the lock
            // and tracing is off), and is waited for even as a zombie.
            let members = Array(Set((scan.members[service.path] ?? []) + (entry.stop.liveMainPID.map { [$0] } ?? []))).sorted()
            if let recorded = RecordedMainProcess.present(in: record) { entry.watch.add([recorded]) }
            entry.watch.add(members)
            if !members.isEmpty { begin(entry, members: members) }
            if !members.isEmpty || !entry.watch.isEmpty { pending.append(entry) }
        }
        while !pending.isEmpty {
            let now = Monotonic.now()
            let scanned = ProcessScanner.serviceProcesses(pending.map(\.service.path), environmentTracing: environmentTracing)
            pending = pending.filter { entry in
                let members = scanned[entry.service.path] ?? []
                return !settle(entry, members: members, now: now)
            }
            guard !pending.isEmpty else { break }
            Sleeping.sleep(seconds: max(pollInterval, 0.005))
        }
        console.debug("timing: escapee shutdown \(Int((Monotonic.now() - start) * 1e6)) µs", level: 2)
    }

    /// Sends the first stop signal and prints the warning listing what escaped.
    private func begin(_ entry: Pending, members: [Int32]) {
        let listing = ProcessListing.forest(members)  // before the signal: what ran, not a shutdown
        let signalled = entry.stop.signal(members: members)
        entry.watch.add(signalled)
        guard !listing.isEmpty, !signalled.isEmpty else { return }
        console.writeError(RunawayText.stoppingEscapees(listing, signal: entry.stop.signal, targets: signalled, timeout: entry.timeout))
    }

    /// One look at `entry` at `now` with its current `members`: signals what is due, kills
    /// on the time limit, gives up one more time limit later (a process that survives
    /// SIGKILL) or, when only zombies are left, ``ProcessWatch/reapWindow`` after that. True
    /// when it is done with the entry.
    private func settle(_ entry: Pending, members: [Int32], now: Double) -> Bool {
        entry.watch.add(members)
        if entry.killedAt == nil {
            entry.watch.add(entry.stop.signal(members: members))
        }
        let present = entry.watch.present()
        if members.isEmpty && present.isEmpty { return true }
        if entry.killedAt == nil && now >= entry.killDeadline && !members.isEmpty {
            entry.killedAt = now
        }
        if entry.killedAt != nil { kill(members, of: entry) }
        let giveUp = entry.killDeadline + max(entry.timeout, 1) + (members.isEmpty ? ProcessWatch.reapWindow : 0)
        guard now >= giveUp else { return false }
        console.say("WARNING: gave up waiting for what '\(entry.service.name)' left to be gone: "
            + Array(Set(present + members)).sorted().map(ProcessWatch.describe).joined(separator: ", "))
        return true
    }

    /// SIGKILLs `members` of `entry`, warning about those not reported before.
    private func kill(_ candidates: [Int32], of entry: Pending) {
        // Zombies are dead already: waited for (they are in the entry's watch), never listed.
        let members = candidates.filter { ProcessFacts.read($0)?.isZombie != true }
        guard !members.isEmpty else { return }
        let fresh = members.filter { !entry.reported.contains($0) }
        let listing = fresh.isEmpty ? nil : ProcessListing.forest(fresh)
        for pid in members { ProcessControl.send(SignalNumber.kill, to: pid) }
        entry.reported.formUnion(members)
        if let listing, !listing.isEmpty {
            let advice = StopAdvice(service: entry.service, timeout: entry.timeout, workingDirectory: workingDirectory)
            console.writeError(RunawayText.killingRunaways(listing, advice: advice))
        }
    }
}
