import SuperviseStatus
import SuperviseSystem

/// Why a service's status could not be read, with the path and errno involved.
public enum ServiceStatusError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Opening or probing `supervise/lock` failed with something other than ENOENT.
    case checkFailed(directory: String, Errno)
    /// No supervisor holds `supervise/lock` (or there is no such file).
    case supervisorNotRunning(directory: String)
    /// `supervise/status` is missing, unreadable, or shorter than 35 bytes (EPIPE).
    case statusUnreadable(directory: String, Errno)
    /// `supervise/lock` is a symbolic link or not a regular file: not opened.
    case unsafeLock(directory: String, FileAccessError)

    /// The exit code `s6-svstat` uses for this error.
    public var exitCode: Int32 {
        switch self {
        case .supervisorNotRunning: return S6ExitCode.notRunning
        case .checkFailed, .statusUnreadable, .unsafeLock: return S6ExitCode.systemCallFailed
        }
    }

    /// The message `s6-svstat` prints after `fatal: ` (with skalibs 2.13's doubled colon for
    /// "not running").
    public var s6Message: String {
        switch self {
        case .checkFailed(let directory, let error): return "unable to check \(directory): \(error)"
        case .supervisorNotRunning(let directory):
            return unableWithoutErrno("read status for \(directory): s6-supervise not running")
        case .statusUnreadable(let directory, let error): return "unable to read status for \(directory): \(error)"
        case .unsafeLock(let directory, let error): return "unable to check \(directory): \(error.reason)"
        }
    }

    /// The message without skalibs' doubled colon.
    public var description: String {
        if case .supervisorNotRunning(let directory) = self {
            return "unable to read status for \(directory): s6-supervise not running"
        }
        return s6Message
    }
}

/// Reads a service's supervision state the way s6's client tools do, from a real
/// `s6-supervise` or from ours.
public enum ServiceStatusReader {
    /// Whether a supervisor runs on `directory` (`s6-svok`'s test): `supervise/lock` is opened
    /// read-only (never through a symbolic link: that is an error) and probed with `F_GETLK` for a conflicting read lock. A missing lock file
    /// (also a missing directory) means "not running"; any other error is thrown.
    /// A process never sees its own locks this way.
    public static func supervisorIsRunning(_ directory: String) throws(ServiceStatusError) -> Bool {
        try probeLock(of: directory) { () throws(FileAccessError) in
            try SafeFile.open(ServicePaths(directory).lock, [.readOnly, .nonBlocking], kind: .regular)
        }
    }

    /// ``supervisorIsRunning(_:)`` through an already open `supervise/` (the same checks and
    /// errors; `lock` is looked up in it).
    public static func supervisorIsRunning(_ supervise: OpenSuperviseDirectory) throws(ServiceStatusError) -> Bool {
        try probeLock(of: supervise.directory) { () throws(FileAccessError) in
            try SafeFile.open("lock", in: supervise.descriptor, shownAs: ServicePaths(supervise.directory).lock,
                              [.readOnly, .nonBlocking], kind: .regular)
        }
    }

    /// Opens the lock with `openLock` and probes it (``supervisorIsRunning(_:)``).
    private static func probeLock(of directory: String,
                                  _ openLock: () throws(FileAccessError) -> FileDescriptor) throws(ServiceStatusError) -> Bool {
        let lock: FileDescriptor
        do {
            lock = try openLock()
        } catch {
            if error.isUnsafe { throw .unsafeLock(directory: directory, error) }
            if error.errno == .noSuchFile { return false }
            throw .checkFailed(directory: directory, error.errno)
        }
        defer { lock.close() }
        do {
            return try lock.isWriteLockedByAnotherProcess()
        } catch {
            throw .checkFailed(directory: directory, error)
        }
    }

    /// Reads and decodes `supervise/status` without checking the lock (as `s6-svwait` does);
    /// a symbolic link there is refused (ELOOP); other kinds fail as with s6 (a directory: EISDIR).
    /// Reads at most 35 bytes; fewer is EPIPE ("Broken pipe"), as in skalibs.
    public static func readRecord(_ directory: String) throws(Errno) -> StatusRecord {
        let fd: FileDescriptor
        do {
            fd = try SafeFile.open(ServicePaths(directory).status, [.readOnly, .nonBlocking], kind: nil)
        } catch {
            throw error.errno
        }
        return try decodeRecord(from: fd)
    }

    /// ``readRecord(_:)`` through an already open `supervise/` (`status` is looked up in it).
    public static func readRecord(_ supervise: OpenSuperviseDirectory) throws(Errno) -> StatusRecord {
        let fd: FileDescriptor
        do {
            fd = try SafeFile.open("status", in: supervise.descriptor, shownAs: ServicePaths(supervise.directory).status,
                                   [.readOnly, .nonBlocking], kind: nil)
        } catch {
            throw error.errno
        }
        return try decodeRecord(from: fd)
    }

    /// Reads at most 35 bytes from the open status file `fd`, decodes them and closes `fd`.
    private static func decodeRecord(from fd: FileDescriptor) throws(Errno) -> StatusRecord {
        defer { fd.close() }
        var bytes = [UInt8]()
        while bytes.count < StatusRecord.size {
            let chunk = try fd.read(upTo: StatusRecord.size - bytes.count)
            if chunk.isEmpty { break }
            bytes += chunk
        }
        do {
            return try StatusRecord(decoding: bytes)
        } catch {
            throw Errno.brokenPipe
        }
    }

    /// Whether the service is "normally up": `<directory>/down` does not exist (checked now,
    /// with ``SuperviseSystem/FileSystem/exists(_:)``).
    public static func isNormallyUp(_ directory: String) -> Bool {
        !FileSystem.exists(ServicePaths(directory).downFile)
    }

    /// What `s6-svstat` reads: checks that a supervisor runs, then reads the status record and
    /// the presence of the `down` file.
    public static func readLiveStatus(_ directory: String) throws(ServiceStatusError) -> ServiceStatus {
        guard try supervisorIsRunning(directory) else { throw .supervisorNotRunning(directory: directory) }
        let record: StatusRecord
        do {
            record = try readRecord(directory)
        } catch {
            throw .statusUnreadable(directory: directory, error)
        }
        return ServiceStatus(record: record, normallyUp: isNormallyUp(directory))
    }
}
