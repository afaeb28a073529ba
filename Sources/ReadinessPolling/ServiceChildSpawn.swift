import SuperviseSystem

/// How `pgctl-poll-ready` and its monitor start their children (the intermediate launcher, the
/// monitor, the `./ready` checks): with ``ProgramSpawn`` (posix_spawn, default signal
/// dispositions, an empty signal mask, every other descriptor closed), this process's
/// environment, its standard descriptors, and — under their own numbers — the descriptors the
/// child is told about: those named on its command line, and the service lock pgctl hands down,
/// named by `PGCTL_SERVICE_LOCK`, so that a child of the service holds it as the service does.
enum ServiceChildSpawn {
    /// The variable naming the service lock's descriptor number.
    static let serviceLockVariable = "PGCTL_SERVICE_LOCK"

    /// The service lock named by `PGCTL_SERVICE_LOCK` in `environment`, when that number is
    /// above 2 and open without close-on-exec here (as pgctl passes it down); nil otherwise.
    static func inheritedServiceLock(environment: [String: String]) -> FileDescriptor? {
        guard let text = environment[serviceLockVariable], let number = Int32(text), number > 2 else { return nil }
        let fd = FileDescriptor(rawValue: number)
        return fd.isInheritable ? fd : nil
    }

    /// Spawns `path` with `arguments` (argv[0] included) as described above, keeping those of
    /// `descriptors` that are open; returns the pid (the caller reaps it).
    static func spawn(_ path: String, arguments: [String], keeping descriptors: [FileDescriptor]) throws(Errno) -> Int32 {
        let environment = Environment.current()
        var kept: [FileDescriptor] = []
        for fd in descriptors + [inheritedServiceLock(environment: environment)].compactMap({ $0 })
        where fd.rawValue > 2 && fd.isOpen && !kept.contains(fd) {
            kept.append(fd)
        }
        var request = ProgramSpawn(executable: path, arguments: arguments, environment: environment)
        request.keptDescriptors = kept
        do {
            return try request.spawn()
        } catch {
            throw error.errno
        }
    }
}
