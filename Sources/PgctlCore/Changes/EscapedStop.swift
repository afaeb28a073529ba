import SuperviseStatus
import SuperviseSystem

/// Stops what a lost supervisor left running (`kill -9` of the supervisor, pghome deleted)
/// the way the supervisor would have stopped it (issue 16 point 1), instead of SIGKILLing it
/// at once — a database killed that way needs crash recovery.
///
/// As s6 does, only the top of the tree is signalled, with the service's `down-signal`
/// (default SIGTERM) followed by SIGCONT; the rest of the tree is the top's to stop (a
/// postmaster stops its backends; a SIGTERM to each of them is not a clean shutdown):
/// * while the main process recorded in `supervise/status` is alive and still the service's,
///   it alone is signalled;
/// * otherwise (gone, or unknown because the status file went with pghome), each *root* of
///   the escaped processes is: one whose parent is not itself escaped. Once the main process
///   has exited, what it left behind (e.g. a readiness monitor) becomes such a root and is
///   signalled in turn. A root that is one of our supervisors (still running but unreachable,
///   its `supervise/` deleted) gets SIGTERM, which makes it stop its service and exit.
///
/// Each process is signalled once; the caller waits (`timeout-stop`, else the configured
/// timeout) and SIGKILLs what remains.
final class EscapedStop {
    /// The service.
    let service: Service
    /// Its `down-signal`.
    let signal: StopSignal
    /// The main process the status file recorded, while it is alive and the service's.
    private(set) var mainProcess: (pid: Int32, startTicks: UInt64)?
    private var signalled = Set<Int32>()

    /// Prepares the stop of `service`, whose dead supervisor left `record` behind (nil: none).
    init(service: Service, record: StatusRecord?) {
        self.service = service
        self.signal = .of(service)
        if let pid = RecordedMainProcess.alive(in: record, servicePath: service.path), let facts = ProcessFacts.read(pid) {
            mainProcess = (pid, facts.startTicks)
        }
    }

    /// The main process's pid while it is still alive (not a zombie, pid not reused).
    var liveMainPID: Int32? {
        guard let main = mainProcess, let facts = ProcessFacts.read(main.pid),
              facts.startTicks == main.startTicks, !facts.isZombie else { return nil }
        return main.pid
    }

    /// Sends the stop signal and SIGCONT to whatever should have it now, given the processes
    /// that still belong to the service (`members`, from a `/proc` scan): the live main
    /// process, else the roots of `members`. Returns the pids signalled by this call (each
    /// pid is signalled once).
    @discardableResult
    func signal(members: [Int32]) -> [Int32] {
        let targets = liveMainPID.map { [$0] } ?? Self.roots(of: members)
        let fresh = targets.filter { !signalled.contains($0) }
        for pid in fresh {
            let number = ProcessFacts.commandName(pid) == "s6-supervise" ? SignalNumber.term : signal.number
            ProcessControl.send(number, to: pid)
            ProcessControl.send(SignalNumber.cont, to: pid)
        }
        signalled.formUnion(fresh)
        return fresh
    }

    /// The processes of `pids` whose parent is not among `pids` (the tops of their trees),
    /// zombies left out. Sorted.
    static func roots(of pids: [Int32]) -> [Int32] {
        let all = Set(pids)
        return all.filter { pid in
            guard let facts = ProcessFacts.read(pid), !facts.isZombie else { return false }
            return !all.contains(facts.parent)
        }.sorted()
    }
}
