import SuperviseStatus
import SuperviseSystem

/// Why the monitor leaves a failing service alone for now (issue 16, point 3).
public enum RestartHold: Equatable, Sendable, CustomStringConvertible {
    /// The supervisor no longer wants the service up (`supervise/status` without the want-up
    /// flag): a `pgctl stop` asked for it — perhaps one that timed out because the service
    /// takes its time, like postgres's smart shutdown waiting for its clients.
    case beingStopped
    /// A pgctl command holds the service's command lock (`.pgctl.lock`).
    case commandRunning

    /// The reason as the log line words it.
    public var description: String {
        switch self {
        case .beingStopped: "the service is being stopped"
        case .commandRunning: "a pgctl command is managing the service"
        }
    }
}

/// Decides whether the monitor may restart its failing service: never while the supervisor
/// wants the service down, never while a pgctl command holds it.
///
/// A look (``hold(deciding:)`` with `deciding` false) only reads `supervise/status`. The
/// decision itself also takes the command lock `.pgctl.lock` without waiting and reads the
/// status again while holding it: a pgctl command takes that lock before it tells the
/// supervisor anything, so nothing can change the service's wanted state between this check
/// and the restart. The lock is then kept, close-on-exec cleared, for the `pgctl restart` the
/// monitor becomes (``commandLock``; pgctl takes over a lock named by `PGCTL_COMMAND_LOCK`),
/// so no other command can slip in between either.
public final class RestartGate {
    /// The environment variable naming the command-lock descriptor handed to `pgctl restart`.
    public static let commandLockVariable = "PGCTL_COMMAND_LOCK"
    /// The command lock's name in the service directory.
    public static let commandLockName = ".pgctl.lock"

    /// The command lock taken by the last decision that allowed a restart.
    public private(set) var commandLock: FileDescriptor?
    private let serviceDirectory: String
    private let statusPaths: [String]

    /// A gate for the service in `serviceDirectory` (normally `.`). `supervise/status` is read
    /// through the service's `supervise` link, else (after a `git clean` removed the link)
    /// from `scratch` (`$PGCTL_SCRATCH`).
    public init(serviceDirectory: String, scratch: String?) {
        self.serviceDirectory = serviceDirectory
        statusPaths = [serviceDirectory + "/supervise/status"] + (scratch.map { [$0 + "/supervise/status"] } ?? [])
    }

    /// Why the service must not be restarted now, or nil. With `deciding`, a nil answer leaves
    /// the command lock held in ``commandLock``.
    public func hold(deciding: Bool) -> RestartHold? {
        releaseCommandLock()
        if isWantedDown() { return .beingStopped }
        guard deciding else { return nil }
        switch takeCommandLock() {
        case .busy:
            return .commandRunning
        case .taken(let lock):
            commandLock = lock
        case .unavailable:
            break // no lock file (a cleaned checkout): pgctl creates a new one
        }
        if isWantedDown() {
            releaseCommandLock()
            return .beingStopped
        }
        return nil
    }

    /// Closes the command lock if one is held.
    public func releaseCommandLock() {
        commandLock?.close()
        commandLock = nil
    }

    /// Whether the supervisor's status record lacks the want-up flag. An unreadable record
    /// holds nothing back.
    func isWantedDown() -> Bool {
        for path in statusPaths {
            guard let file = try? SafeFile.open(path, [.readOnly, .nonBlocking], kind: .regular) else { continue }
            defer { file.close() }
            guard let bytes = try? file.read(upTo: StatusRecord.size),
                  let record = try? StatusRecord(decoding: bytes) else { return false }
            return !record.flags.contains(.wantUp)
        }
        return false
    }

    private enum LockAttempt {
        case taken(FileDescriptor)
        case busy
        case unavailable
    }

    /// Takes `.pgctl.lock` without waiting (never creating it, never through a link).
    private func takeCommandLock() -> LockAttempt {
        guard let file = try? SafeFile.open(serviceDirectory + "/" + Self.commandLockName, [.readWrite, .nonBlocking],
                                            kind: .regular) else { return .unavailable }
        do {
            try file.flock(exclusive: true, wait: false)
            return .taken(file)
        } catch {
            file.close()
            return error == .wouldBlock ? .busy : .unavailable
        }
    }
}
