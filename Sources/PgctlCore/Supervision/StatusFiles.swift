import ReadinessPolling
import S6Compat
import SuperviseStatus
import SuperviseSystem

/// The supervision files `status` reads for one service — `supervise/lock`, `supervise/status`,
/// `supervise/health-monitor.lock` — in the directory ``ScratchDirectory/statusDirectory(for:)``
/// picks. When `<svc>/supervise` leads to a directory (every started service), that directory is
/// opened once and each file is found with a one-component lookup, instead of walking the whole
/// path and the `supervise` link three times (≈ 4 µs a service; docs/benchmarks.md). Otherwise
/// (no link, a dangling one, a scratch directory after a `git clean`) the files are read by
/// path, as before. The checks and their results are the same either way. Close when done.
struct StatusFiles {
    /// The directory holding the `supervise/` read: the service directory, or its scratch
    /// directory when the link is missing.
    let directory: String
    /// `supervise/`, open, when reached through the service directory.
    private let supervise: OpenSuperviseDirectory?

    /// Finds the files of `service` (nothing is created or re-linked: issue 10).
    init(service: Service, scratch: ScratchDirectory) throws(PgctlError) {
        if let supervise = try? OpenSuperviseDirectory.open(serviceDirectory: service.path) {
            directory = service.path
            self.supervise = supervise
        } else {
            directory = try scratch.statusDirectory(for: service)
            supervise = nil
        }
    }

    /// Whether a supervisor holds `supervise/lock` (errors count as no).
    var supervisorIsRunning: Bool {
        guard let supervise else { return SupervisorChannel(servicePath: directory).isRunning }
        return (try? S6Compat.ServiceStatusReader.supervisorIsRunning(supervise)) ?? false
    }

    /// Reads and decodes `supervise/status` (``S6Compat/ServiceStatusReader/readRecord(_:)-(String)``).
    func readRecord() throws(Errno) -> StatusRecord {
        guard let supervise else { return try S6Compat.ServiceStatusReader.readRecord(directory) }
        return try S6Compat.ServiceStatusReader.readRecord(supervise)
    }

    /// Whether the health monitor of the service running as `pid` is gone (``MonitorPresence``).
    func monitorIsGone(pid: Int) -> Bool {
        guard let supervise else { return MonitorPresence.isGone(superviseDirectory: directory + "/supervise", pid: pid) }
        return MonitorPresence.isGone(supervise, pid: pid)
    }

    /// Closes `supervise/` if it was opened.
    func close() { supervise?.close() }
}
