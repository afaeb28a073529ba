import SuperviseStatus

/// The service's main process as the status file of a supervisor that is gone still records
/// it (issue 16): after a `kill -9` of the supervisor, `supervise/status` says "up, pid N"
/// and N is usually still running, unsupervised. Cheap: a few small `/proc/<pid>` files, no
/// scan of `/proc`.
///
/// A pid is only trusted while it still belongs to the service, so that a pid recycled by an
/// unrelated process is never signalled nor reported: the process's initial environment
/// carries the service's marker (`PGCTL_SERVICE=<path>` and `PGCTL_SERVICE_PROCESS=true`), or
/// — for a process whose environment cannot be read, such as a zombie — it started no later
/// than the moment the status file says the service went up (a later process with the same
/// pid started after that).
enum RecordedMainProcess {
    /// How much later than the status stamp a process may seem to have started and still be
    /// the one the supervisor spawned (clock-tick rounding, a slewed wall clock).
    static let startTolerance = 2.0

    /// The main pid `record` names when it says the service is up, if that process is still
    /// alive (not a zombie) and belongs to the service at `servicePath`.
    static func alive(in record: StatusRecord?, servicePath: String) -> Int32? {
        guard let record, let found = recorded(record), !found.facts.isZombie,
              belongs(pid: found.pid, facts: found.facts, servicePath: servicePath, upSince: record.stamp) else { return nil }
        return found.pid
    }

    /// The main pid `record` names, if that process is still present, zombies included,
    /// and started no later than the record says (pid not recycled): the one to wait for
    /// before starting the service again.
    static func present(in record: StatusRecord?) -> Int32? {
        guard let record, let found = recorded(record), startedInTime(found.facts, upSince: record.stamp) else { return nil }
        return found.pid
    }

    /// The recorded pid and its facts, when the record says up and the process exists.
    private static func recorded(_ record: StatusRecord) -> (pid: Int32, facts: ProcessFacts)? {
        guard record.isUp, record.pid > 0, record.pid <= UInt64(Int32.max) else { return nil }
        let pid = Int32(record.pid)
        guard let facts = ProcessFacts.read(pid) else { return nil }
        return (pid, facts)
    }

    /// Whether `pid` belongs to the service: its marker, or a start no later than `upSince`.
    static func belongs(pid: Int32, facts: ProcessFacts, servicePath: String, upSince: TAI64N) -> Bool {
        if let environ = ProcessScanner.readEnviron(pid: pid), EnvironmentTracing.tracedService(environ) == servicePath {
            return true
        }
        return startedInTime(facts, upSince: upSince)
    }

    /// Whether the process started no later than `upSince` (plus ``startTolerance``).
    private static func startedInTime(_ facts: ProcessFacts, upSince: TAI64N) -> Bool {
        let stamp = Double(upSince.unixSeconds) + Double(upSince.nanoseconds) / 1e9
        return facts.startUnixSeconds <= stamp + startTolerance
    }
}
