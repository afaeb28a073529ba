import CSupervise
import Glibc

/// Process-level calls: spawning, signalling, reaping.
public enum ProcessControl {
    /// Descriptors a spawned child gets in place of its inherited ones.
    public struct ChildDescriptors: Sendable {
        /// Replacement stdin, stdout, stderr (nil: inherit the supervisor's).
        public var standardInput: FileDescriptor?
        public var standardOutput: FileDescriptor?
        public var standardError: FileDescriptor?
        /// A readiness pipe's write end and the number it must have in the child.
        public var notification: (fd: FileDescriptor, number: Int32)?

        /// Inherit everything.
        public init() {}
    }

    /// The outcome of a spawn.
    public enum SpawnResult: Equatable, Sendable {
        /// The child exec'd; its pid.
        case running(pid: Int32)
        /// fork succeeded but exec failed with this errno (the child was reaped).
        case execFailed(Errno)
        /// fork succeeded but preparing the child failed before exec (the child was reaped).
        case setupFailed(ChildSetupStep, Errno)
    }

    /// A step of the child's preparation between fork and exec.
    public enum ChildSetupStep: Equatable, Sendable {
        /// Installing fd 0, 1 or 2.
        case standardDescriptors
        /// Moving the readiness pipe to the number given in `notification-fd`.
        case notificationDescriptor
        /// Starting a new session.
        case newSession
    }

    /// Forks and execs `path` with `arguments` (argv, including argv[0]) in a new session, with
    /// an empty signal mask, inheriting the environment. Throws when pipe or fork failed.
    /// The child side runs in C (`csupervise_spawn`), never in Swift.
    /// With `waitForExec` false the pid is returned at once and a failed exec shows up later
    /// as an exit status 127.
    public static func spawn(_ path: String, arguments: [String], descriptors: ChildDescriptors,
                             waitForExec: Bool = true) throws(Errno) -> SpawnResult {
        var fds = csupervise_spawn_fds(
            stdin_fd: descriptors.standardInput?.rawValue ?? -1,
            stdout_fd: descriptors.standardOutput?.rawValue ?? -1,
            stderr_fd: descriptors.standardError?.rawValue ?? -1,
            notify_fd: descriptors.notification?.fd.rawValue ?? -1,
            notify_target: descriptors.notification?.number ?? -1)
        var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var execErrno: Int32 = 0
        var failedStep: Int32 = 0
        let pid = cArguments.withUnsafeMutableBufferPointer { argv in
            csupervise_spawn(path, argv.baseAddress, &fds, waitForExec ? 1 : 0, &execErrno, &failedStep)
        }
        if pid < 0 { throw Errno.current }
        guard pid == 0 else { return .running(pid: pid) }
        let error = Errno(rawValue: execErrno)
        switch Int(failedStep) {
        case CSUPERVISE_STEP_STDIO: return .setupFailed(.standardDescriptors, error)
        case CSUPERVISE_STEP_NOTIFY: return .setupFailed(.notificationDescriptor, error)
        case CSUPERVISE_STEP_SETSID: return .setupFailed(.newSession, error)
        default: return .execFailed(error)
        }
    }

    /// Sends `signal` to `pid` (`kill(2)`). Errors such as ESRCH are returned, not thrown.
    @discardableResult
    public static func send(_ signal: Int32, to pid: Int32) -> Errno? {
        kill(pid, signal) == 0 ? nil : Errno.current
    }

    /// Sends `signal` to the process group of `pid` (`getpgid` then `kill(-pgid)`).
    @discardableResult
    public static func sendToGroup(_ signal: Int32, of pid: Int32) -> Errno? {
        let group = getpgid(pid)
        if group < 0 { return Errno.current }
        return kill(-group, signal) == 0 ? nil : Errno.current
    }

    /// Reaps one exited child without waiting (`waitpid(-1, WNOHANG)`); nil when none is ready
    /// or there are no children.
    public static func reapAny() -> (pid: Int32, status: Int32)? {
        var status: Int32 = 0
        while true {
            let pid = waitpid(-1, &status, WNOHANG)
            if pid > 0 { return (pid, status) }
            if pid < 0 && errno == EINTR { continue }
            return nil
        }
    }

    /// A pidfd of process `pid` (`pidfd_open(2)`, close-on-exec): readable once the process
    /// has exited (a zombie counts as exited), whoever its parent is. Throws ENOSYS before
    /// Linux 5.3, ESRCH when no such process exists.
    public static func openPidFD(_ pid: Int32) throws(Errno) -> FileDescriptor {
        FileDescriptor(rawValue: try valueOrErrno { csupervise_pidfd_open(pid) })
    }

    /// This process's pid.
    public static var currentPID: Int32 { getpid() }

    /// Leaves the process at once with `code` (`_exit(2)`), without running atexit handlers.
    public static func exitImmediately(_ code: Int32) -> Never { _exit(code) }
}

/// Signal plumbing: the signalfd the supervisor reads, and dispositions.
public enum Signals {
    /// Blocks `signals` and returns a non-blocking, close-on-exec signalfd for them.
    /// Must run before any other thread exists.
    public static func openSignalFD(_ signals: [Int32]) throws(Errno) -> FileDescriptor {
        let fd = try valueOrErrno { signals.withUnsafeBufferPointer { csupervise_signalfd_open($0.baseAddress, Int32($0.count)) } }
        return FileDescriptor(rawValue: fd)
    }

    /// Reads one signal from a signalfd; nil when none is pending.
    public static func readSignal(from fd: FileDescriptor) throws(Errno) -> Int32? {
        let signal = try valueOrErrno { csupervise_signalfd_read(fd.rawValue) }
        return signal == 0 ? nil : signal
    }

    /// Installs a do-nothing handler (children get the default back at exec, unlike SIG_IGN).
    public static func neutralize(_ signal: Int32) {
        _ = csupervise_install_noop_handler(signal)
    }

    /// Restores the default disposition of `signal`.
    public static func restoreDefault(_ signal: Int32) {
        _ = csupervise_default_handler(signal)
    }
}
