import SuperviseSystem

/// Starts a service's supervisor: our `s6-supervise`, installed next to the running pgctl
/// (found through `/proc/self/exe`, never through `PATH`, so an installed s6 cannot take its
/// place).
///
/// The supervisor runs in its own session (a Ctrl-C on the terminal running pgctl does not
/// reach it or its services — a fix of pgctl 5.2.1's §10.1.11), with pgctl's environment
/// plus the `PGCTL_*` variables of spec §6, stdin `/dev/null`, in logging mode
/// (`s6-supervise -l logs <svc>`: the service's stdout and stderr are timestamped and rotated
/// into `<svc>/logs/current` by the supervisor itself — no logger process), its own stdout on
/// `/dev/null` and its stderr appended to the log (only a fatal start-up error lands there
/// unstamped), and the service lock as its only extra inherited descriptor (never at the
/// service's `notification-fd` number, see ``lockNumber(notificationDescriptor:)``). This is the one place that
/// decides how a supervisor is started and where the service's output goes.
final class SupervisorLauncher {
    private let environment: [String: String]
    private let pghome: String
    /// Supervisors started by this pgctl that it has not reaped yet.
    private var children: [Int32] = []
    /// The wait statuses of the supervisors reaped so far.
    private var exitStatuses: [Int32: Int32] = [:]

    /// A launcher passing `environment` (pgctl's) on to supervisors.
    init(environment: [String: String], pghome: String) {
        self.environment = environment
        self.pghome = pghome
    }

    /// The directory holding the running pgctl (and its helpers).
    static var ownDirectory: String {
        let own = (try? FileSystem.readLink("/proc/self/exe")) ?? CommandLine.arguments[0]
        return PathNormalizer.parent(of: own)
    }

    /// The supervisor executable next to ours.
    static func supervisorExecutable() throws(PgctlError) -> String {
        let path = ownDirectory + "/s6-supervise"
        guard FileSystem.isExecutable(path) else {
            throw PgctlError("cannot find the supervisor: \(path) is missing (s6-supervise must be installed next to pgctl)")
        }
        return path
    }

    /// The environment of `service`'s supervisor and service processes.
    static func serviceEnvironment(_ base: [String: String], service: Service, scratch: String, lockFD: Int32) -> [String: String] {
        var environment = base
        environment["PGCTL_DEBUG"] = nil
        environment["PGCTL_COMMAND_LOCK"] = nil  // a restarting monitor's lock stays with its pgctl
        environment["PGCTL_SCRATCH"] = scratch
        environment["PGCTL_SERVICE"] = service.path
        environment["PGCTL_SERVICE_LOCK"] = String(lockFD)
        environment["PGCTL_SERVICE_PROCESS"] = "true"
        environment["PATH"] = searchPath(base["PATH"], first: ownDirectory)
        return environment
    }

    /// `path` with `directory` in front (unless already first), so services find pgctl's
    /// helpers (`pgctl-poll-ready`, `pgctl`) by name even when pgctl was run by its full path.
    /// An unset or empty `PATH` becomes `directory` plus the C library's default.
    static func searchPath(_ path: String?, first directory: String) -> String {
        guard let path, !path.isEmpty else { return directory + ":/bin:/usr/bin" }
        if path == directory || path.hasPrefix(directory + ":") { return path }
        return directory + ":" + path
    }

    /// The number the service lock gets in the supervisor and the service: 3, or 4 when the
    /// service's `notification-fd` is 3 — the readiness pipe the supervisor installs there
    /// would replace the lock in `run`, and the service could then be started twice.
    static func lockNumber(notificationDescriptor: Int?) -> Int32 {
        notificationDescriptor == 3 ? 4 : 3
    }

    /// Launches the supervisor of `service`, handing it `lock`. Returns its pid.
    @discardableResult
    func launch(_ service: Service, lock: ServiceLockHandle) throws(PgctlError) -> Int32 {
        let files = ServiceDirectoryFiles(service: service)
        try files.ensureLogFile()
        let scratch = ScratchDirectory(service: service, pghome: pghome).path
        let lockNumber = Self.lockNumber(notificationDescriptor: files.notificationDescriptor())
        let child = ChildProcess(
            executable: try Self.supervisorExecutable(), arguments: ["s6-supervise", "-l", "logs", service.path],
            environment: Self.serviceEnvironment(environment, service: service, scratch: scratch, lockFD: lockNumber),
            workingDirectory: nil, standardInput: .file("/dev/null"), standardOutput: .file("/dev/null"),
            standardError: .file(files.logFile), inheritedDescriptors: [lock.fd], firstInheritedNumber: lockNumber,
            newSession: true)
        let pid = try child.spawn()
        children.append(pid)
        return pid
    }

    /// Reaps the supervisors of ours that have exited, so none is left a zombie.
    func reapExited() {
        children.removeAll { pid in
            do throws(Errno) {
                guard let status = try ProcessControl.reapIfExited(pid) else { return false }
                exitStatuses[pid] = status
                return true
            } catch {
                return error == .noChild  // not ours any more: nothing left to reap
            }
        }
    }

    /// The wait status of supervisor `pid` (launched by this pgctl) once it has exited; nil
    /// while it runs.
    func exitStatus(of pid: Int32) -> Int32? {
        if exitStatuses[pid] == nil { reapExited() }
        return exitStatuses[pid]
    }
}
