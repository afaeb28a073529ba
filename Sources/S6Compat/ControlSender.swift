import SuperviseStatus
import SuperviseSystem

/// Why command bytes could not be delivered to a supervisor.
public enum ControlError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The control FIFO has no reader (ENXIO), or there is no `supervise/` directory at all.
    case notListening(directory: String)
    /// `supervise/` exists but `supervise/control` cannot be opened as a FIFO (missing, a
    /// directory…), or `supervise` is not a directory; the errno says why.
    case superviseDirectoryBroken(directory: String, Errno)
    /// The service directory itself is unusable, or opening/writing failed otherwise
    /// (e.g. `Permission denied`).
    case failed(directory: String, Errno)
    /// `supervise/control` is a symbolic link or not a FIFO: refused without writing (the
    /// real s6-svc would write through the link, or into the file).
    case unsafeControl(directory: String, FileAccessError)

    /// The exit code `s6-svc` uses: 100 for a directory that is not being supervised as it
    /// should be, 111 when a system call failed.
    public var exitCode: Int32 {
        switch self {
        case .notListening, .superviseDirectoryBroken, .unsafeControl: return S6ExitCode.usage
        case .failed: return S6ExitCode.systemCallFailed
        }
    }

    /// The message `s6-svc` prints after `fatal: ` (with skalibs 2.13's doubled colon for
    /// "supervisor not listening").
    public var s6Message: String {
        switch self {
        case .notListening(let directory): return unableWithoutErrno("control \(directory): supervisor not listening")
        case .superviseDirectoryBroken(let directory, let error):
            return "something is wrong with the \(directory)/supervise directory: \(error)"
        case .failed(let directory, let error): return "unable to control \(directory): \(error)"
        case .unsafeControl(let directory, let error):
            return "something is wrong with the \(directory)/supervise directory: \(error.reason)"
        }
    }

    /// The message without skalibs' doubled colon.
    public var description: String {
        if case .notListening(let directory) = self { return "unable to control \(directory): supervisor not listening" }
        return s6Message
    }
}

/// Writes command bytes into a supervisor's `supervise/control` FIFO the way `s6-svc` does.
///
/// The FIFO is opened write-only and non-blocking (so a FIFO without a reader fails at once
/// with ENXIO instead of hanging), never through a symbolic link and only if it is a FIFO
/// (unlike the real s6-svc, which writes into whatever the path leads to), switched to blocking, and all bytes go out in one
/// `write(2)`: up to 62 bytes, well under `PIPE_BUF`, so the supervisor reads them in order
/// and never interleaved with another writer's. No liveness check is made: a reader on the
/// FIFO is all it takes.
///
/// A caller that does not want to die of SIGPIPE, should the supervisor exit between the
/// open and the write, must ignore SIGPIPE itself; the s6 tools do not.
public enum ControlSender {
    /// `s6-svc` refuses more command bytes than this.
    public static let maximumCommandCount = 62

    /// Sends `commands` to the supervisor of `directory`.
    public static func send(_ commands: [ControlCommand], to directory: String) throws(ControlError) {
        try send(bytes: commands.map(\.rawValue), to: directory)
    }

    /// Sends raw command bytes (unknown bytes are ignored by the supervisor). An empty list
    /// still checks that a supervisor is listening.
    public static func send(bytes: [UInt8], to directory: String) throws(ControlError) {
        let paths = ServicePaths(directory)
        let fifo: FileDescriptor
        do {
            fifo = try SafeFile.openFIFO(paths.control, .writeOnly)
        } catch {
            if error.isUnsafe { throw .unsafeControl(directory: directory, error) }
            throw diagnose(directory, openError: error.errno)
        }
        defer { fifo.close() }
        do {
            try fifo.setNonBlocking(false)
            try fifo.writeAll(bytes)
        } catch {
            throw .failed(directory: directory, error)
        }
    }

    /// Works out why `supervise/control` could not be opened, as `s6-svc` does: a missing or
    /// unusable FIFO inside an existing `supervise/` is a broken directory; no `supervise/`
    /// at all means nobody supervises the service; an unusable service directory is a plain
    /// failure.
    static func diagnose(_ directory: String, openError: Errno) -> ControlError {
        if openError == .noDevice { return .notListening(directory: directory) }
        guard openError == .noSuchFile || openError == .notDirectory || openError == .isDirectory else {
            return .failed(directory: directory, openError)
        }
        do {
            let service = try FileDescriptor.open(directory, [.readOnly, .directory, .closeOnExec])
            service.close()
        } catch {
            return .failed(directory: directory, error)
        }
        do {
            let supervise = try FileDescriptor.open(ServicePaths(directory).supervise, [.readOnly, .directory, .closeOnExec])
            supervise.close()
        } catch {
            if error == .noSuchFile { return .notListening(directory: directory) }
            return .superviseDirectoryBroken(directory: directory, error)
        }
        return .superviseDirectoryBroken(directory: directory, openError)
    }
}

extension Errno {
    /// EISDIR (21 on every Linux architecture).
    static let isDirectory = Errno(rawValue: 21)
}
