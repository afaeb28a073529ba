import ReadinessPolling
import SuperviseSystem

/// The per-service command lock `<svc>/.pgctl.lock` (spec §1.6, lock 1; mode 0600 so that no
/// other user can hold it): an exclusive `flock` held, close-on-exec, by the pgctl process that is checking or changing the
/// service's state, so two pgctl commands never act on one service at once.
///
/// The `pgctl restart` that a service's health monitor becomes inherits the lock the monitor
/// took to decide on the restart (env `PGCTL_COMMAND_LOCK` = its descriptor, with
/// `PGCTL_SERVICE` naming the service): that descriptor is used for that service instead of a
/// new one, which would find the lock busy (issue 16).
final class CommandLocks {
    private var held: [String: Int32] = [:]
    /// The inherited lock of the parent service, until used or released.
    private var inherited: (path: String, fd: Int32)?

    /// Reads an inherited command lock from `environment` (pgctl's own by default).
    init(environment: [String: String] = Environment.current()) {
        guard let path = environment["PGCTL_SERVICE"], let raw = environment[RestartGate.commandLockVariable],
              let fd = Int32(raw), fd > 2, FileDescriptor(rawValue: fd).isOpen
        else { return }
        try? FileDescriptor(rawValue: fd).setCloseOnExec(true)  // never handed on by accident
        inherited = (path, fd)
    }

    /// The inherited descriptor if it is the command lock of `service` (the same file as
    /// `<svc>/.pgctl.lock`) and its lock is still ours; nil otherwise.
    private func takeInherited(for service: Service) -> Int32? {
        guard let inherited, inherited.path == service.path else { return nil }
        self.inherited = nil
        let descriptor = FileDescriptor(rawValue: inherited.fd)
        guard let own = FileIdentity.of(descriptor)?.identity,
              case .success(let named) = FileIdentity.at(service.path + "/.pgctl.lock"),
              own == named, tryLock(inherited.fd) == nil
        else {
            descriptor.close()
            return nil
        }
        return inherited.fd
    }

    /// Locks every service of `services`; on the first busy one, releases what it took and
    /// throws the "another pgctl command" error with a `ps` listing of the holders.
    func acquire(_ services: [Service], context: PgctlContext) throws(PgctlError) {
        for service in services where held[service.path] == nil {
            if let fd = takeInherited(for: service) {
                held[service.path] = fd
                continue
            }
            let path = service.path + "/.pgctl.lock"
            let fd: Int32
            do {
                fd = try Self.open(path)
            } catch {
                release()
                throw PgctlError("cannot open \(PathDisplay.relative(path, to: context.workingDirectory)): \(error.problemText)")
            }
            if let failure = tryLock(fd) {
                let busy = failure == .wouldBlock
                let error = failure.description
                FileDescriptor(rawValue: fd).close()
                release()
                let shown = PathDisplay.relative(path, to: context.workingDirectory)
                guard busy else { throw PgctlError("cannot lock \(shown): \(error)") }
                let holders = ProcessScanner.processesWithOpenFile(path)
                let listing = ProcessListing.forest(holders)
                throw PgctlError("another pgctl command is currently managing this service: (\(shown))\n\(listing.text)")
            }
            held[service.path] = fd
        }
    }

    /// Opens (creating it mode 0600) the lock file `path`, never through a symbolic link. An
    /// existing lock file of ours is made 0600 too: another user able to open it could hold
    /// the lock and block every pgctl command on the service.
    static func open(_ path: String) throws(FileAccessError) -> Int32 {
        let fd = try SafeFile.open(path, [.readWrite, .create, .nonBlocking], mode: 0o600, kind: .regular)
        if let metadata = try? fd.metadata(), metadata.owner == ProcessControl.effectiveUserID, metadata.mode != 0o600 {
            try? fd.setMode(0o600)
        }
        return fd.rawValue
    }

    /// Releases every lock held (the inherited one too).
    func release() {
        for fd in held.values { FileDescriptor(rawValue: fd).close() }
        held.removeAll()
        if let inherited { FileDescriptor(rawValue: inherited.fd).close() }
        inherited = nil
    }

    deinit { release() }
}

/// The service lock (spec §1.6, lock 2): an exclusive `flock` on the service directory
/// itself. pgctl takes it when it launches the supervisor and hands the descriptor down
/// (inheritable): supervisor → `run` → every descendant that keeps it. While any of them is
/// alive the lock cannot be taken, which is how `stop` knows the whole service is gone.
///
/// A pgctl started by a service (env `PGCTL_SERVICE` + `PGCTL_SERVICE_LOCK`) inherited that
/// service's lock: it reuses it when acting on the same service (`pgctl restart self`) and
/// closes it otherwise, so that services it starts do not keep its parent's lock.
final class ServiceLocks {
    /// The parent service's path and its lock descriptor, while kept.
    private var parent: (path: String, fd: Int32)?
    /// The inherited lock that was closed, reported by the first ``acquire(_:)`` trace.
    private var closedParent: String?
    private let console: Console

    /// Reads the inherited lock from `environment`; closes it at once unless one of
    /// `services` is that parent service.
    init(environment: [String: String], services: [Service], console: Console) {
        self.console = console
        guard let path = environment["PGCTL_SERVICE"], let raw = environment["PGCTL_SERVICE_LOCK"],
            let fd = Int32(raw), fd > 2, FileDescriptor(rawValue: fd).isOpen
        else { return }
        if services.contains(where: { $0.path == path }) {
            try? FileDescriptor(rawValue: fd).setCloseOnExec(true)  // handed on explicitly, never by accident
            parent = (path, fd)
        } else {
            closedParent = path
            FileDescriptor(rawValue: fd).close()
        }
    }

    /// Takes the lock of `service` without waiting. Returns the close-on-exec descriptor
    /// holding it, or nil when another process holds it. For the parent service the
    /// inherited descriptor is returned (it already carries the lock).
    func acquire(_ service: Service) -> ServiceLockHandle? {
        if let closedParent {
            console.debug("parentlock: '\(closedParent)'")
            self.closedParent = nil
        }
        if let parent, parent.path == service.path {
            console.debug("parentlock: '\(parent.path)'")
            console.debug("LOCK: \(parent.fd)")
            return ServiceLockHandle(fd: parent.fd, owned: false)
        }
        guard let fd = try? FileDescriptor.open(service.path, [.readOnly, .directory, .closeOnExec]).rawValue else { return nil }
        guard tryLock(fd) == nil else {
            FileDescriptor(rawValue: fd).close()
            return nil
        }
        console.debug("LOCK: \(fd)")
        return ServiceLockHandle(fd: fd, owned: true)
    }

    /// Whether the lock of `service` is free (it is taken and released at once).
    func isFree(_ service: Service) -> Bool {
        guard let handle = acquire(service) else { return false }
        handle.release()
        return true
    }
}

/// A held service lock.
struct ServiceLockHandle {
    /// The descriptor (close-on-exec; a child that must inherit it gets it explicitly).
    let fd: Int32
    /// False for the lock inherited from a parent service, which stays open.
    let owned: Bool

    /// Closes our descriptor. Children that inherited it keep the lock.
    func release() {
        if owned { FileDescriptor(rawValue: fd).close() }
    }
}

/// Takes an exclusive `flock` on `fd` without waiting; the errno on failure (EWOULDBLOCK
/// when another open file description holds it).
func tryLock(_ fd: Int32) -> Errno? {
    do {
        try FileDescriptor(rawValue: fd).flock(exclusive: true, wait: false)
        return nil
    } catch {
        return error
    }
}
