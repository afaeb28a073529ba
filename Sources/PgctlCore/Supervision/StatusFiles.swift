import ReadinessPolling
import S6Compat
import ServiceDefinition
import SuperviseStatus
import SuperviseSystem

/// The files `status` reads for one service — in the service directory `notification-fd`, the
/// probe files and the dependency declarations; in `supervise/` `lock`, `status`, `death_tally`
/// and `health-monitor.lock` — in the directory ``ScratchDirectory/statusDirectory(for:)``
/// picks. The service directory is opened once (`O_PATH`) and `supervise/` once through it,
/// so each file is found with a one-component lookup instead of a walk of the whole path (and
/// of the `supervise` link into pghome) every time (docs/benchmarks.md, issue #11). When
/// `<svc>/supervise` leads nowhere (no link, a dangling one, a scratch directory after a `git
/// clean`) the `supervise/` files are read by path, as before. The checks and their results
/// are the same either way. Close when done.
struct StatusFiles {
    /// The directory holding the `supervise/` read: the service directory, or its scratch
    /// directory when the link is missing.
    let directory: String
    /// The service directory's path.
    private let servicePath: String
    /// The service directory, open (`O_PATH`); nil if it could not be opened.
    private let service: FileDescriptor?
    /// `supervise/`, open, when reached through the service directory.
    private let supervise: OpenSuperviseDirectory?

    /// Finds the files of `service` (nothing is created or re-linked: issue 10).
    init(service: Service, scratch: ScratchDirectory) throws(PgctlError) {
        servicePath = service.path
        self.service = try? SafeFile.openDirectoryReference(service.path)
        if let opened = self.service, let supervise = try? OpenSuperviseDirectory.open(in: opened, serviceDirectory: service.path) {
            directory = service.path
            self.supervise = supervise
        } else {
            do throws(PgctlError) {
                directory = try scratch.statusDirectory(for: service)
            } catch {
                self.service?.close()
                throw error
            }
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

    /// The deaths `supervise/death_tally` records, oldest first (none when it cannot be read).
    func deathRecords() -> [DeathRecord] {
        guard let supervise else { return SupervisorChannel(servicePath: directory).deaths(since: TAI64N(seconds: 0, nanoseconds: 0)) }
        let path = ServicePaths(directory).supervise + "/death_tally"
        guard let bytes = try? SafeFile.read("death_tally", in: supervise.descriptor, shownAs: path, limit: SupervisorChannel.deathTallyLimit)
        else { return [] }
        return DeathRecord.decodeAll(bytes)
    }

    /// Whether the health monitor of the service running as `pid` is gone (``MonitorPresence``).
    func monitorIsGone(pid: Int) -> Bool {
        guard let supervise else { return MonitorPresence.isGone(superviseDirectory: directory + "/supervise", pid: pid) }
        return MonitorPresence.isGone(supervise, pid: pid)
    }

    /// Whether something is at `name` in the service directory (following links, as
    /// ``ServiceDefinition/ServiceFileBytes/exists(_:)`` checks a path).
    func serviceDirectoryContains(_ name: String) -> Bool {
        guard let service else { return ServiceFileBytes.exists(servicePath + "/" + name) }
        return service.contains(name)
    }

    /// Whether the supervisor reports the service's readiness: a `notification-fd` or a
    /// readiness probe file is there (``ServiceDirectoryFiles/hasNotificationFD``).
    var reportsReadiness: Bool {
        ReadinessProbe.isReported(isPresent: serviceDirectoryContains)
    }

    /// Whether the service directory declares dependencies in files (`dependencies.d/` or
    /// `dependencies`), so that they are worth reading.
    var declaresDependencies: Bool {
        ServiceDependencies.fileNames.contains { serviceDirectoryContains($0) }
    }

    /// Closes what was opened.
    func close() {
        supervise?.close()
        service?.close()
    }
}
