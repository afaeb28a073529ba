import Foundation
import SuperviseStatus

/// Starts programs with `posix_spawn(3)`: no Swift code ever runs in a forked child, descriptors
/// are placed exactly as asked, and only descriptors without close-on-exec are inherited.
///
/// Used for the supervisor (detached in its own session), the hooks, `start-msg`/`stop-msg`
/// and `ps`. Foundation's `Process` is not used because it closes every descriptor above 2 in
/// the child, which would drop the service lock pgctl hands down to the supervisor.
struct ChildProcess {
    /// What one of the child's standard descriptors becomes.
    enum Stream {
        /// Inherit pgctl's descriptor.
        case inherit
        /// Open this file (read-only for stdin; write-only append, created 0644, otherwise).
        case file(String)
        /// Use this descriptor of ours.
        case descriptor(Int32)
    }

    /// Absolute path of the program.
    var executable: String
    /// argv, including argv[0].
    var arguments: [String]
    /// The complete environment.
    var environment: [String: String]
    /// The working directory (nil: pgctl's).
    var workingDirectory: String?
    var standardInput: Stream = .inherit
    var standardOutput: Stream = .inherit
    var standardError: Stream = .inherit
    /// Descriptors of ours the child must inherit. In the child they are numbered from
    /// ``firstInheritedNumber`` on, in this order (see ``inheritedNumber(_:from:)``), and every
    /// other descriptor above 2 is closed — as Python's `close_fds` did for pgctl 5.2.1 — so nothing pgctl happened to
    /// inherit (a test harness's status socket, a terminal emulator's pipes) is held open by
    /// long-lived supervisors. Without `posix_spawn_file_actions_addclosefrom_np` (glibc <
    /// 2.34) the others are merely left to their close-on-exec flags.
    var inheritedDescriptors: [Int32] = []
    /// The number of the first inherited descriptor in the child (3 unless that number is
    /// reserved for something else); the numbers from 3 below it are closed in the child.
    var firstInheritedNumber: Int32 = 3
    /// Start the child in a new session (`setsid`), out of reach of the terminal's signals.
    var newSession = false

    /// Starts the child and returns its pid. The caller must reap it (``wait(_:)``).
    func spawn() throws(PgctlError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        add(standardInput, as: 0, readOnly: true, to: &actions)
        add(standardOutput, as: 1, readOnly: false, to: &actions)
        add(standardError, as: 2, readOnly: false, to: &actions)
        for (index, fd) in inheritedDescriptors.enumerated() {
            // glibc clears FD_CLOEXEC when source and target are the same number.
            posix_spawn_file_actions_adddup2(&actions, fd, Self.inheritedNumber(index, from: firstInheritedNumber))
        }
        // After the dup2s, which may read from these numbers; closing one not open is no error.
        for number in Int32(3)..<max(3, firstInheritedNumber) {
            posix_spawn_file_actions_addclose(&actions, number)
        }
        if let closeFrom = Self.addCloseFrom {
            _ = closeFrom(&actions, Self.inheritedNumber(inheritedDescriptors.count, from: firstInheritedNumber))
        }
        if let workingDirectory {
            guard let addChdir = Self.addChdir else {
                throw PgctlError("cannot start \(executable): posix_spawn_file_actions_addchdir_np is missing from the C library")
            }
            _ = workingDirectory.withCString { addChdir(&actions, $0) }
        }

        // Children start with default signal dispositions and an empty mask, whatever pgctl
        // inherited (a shell running pgctl in the background ignores SIGINT, for example).
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if newSession { flags |= Self.setSessionFlag }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in 1..<32 where signal != SIGKILL && signal != SIGSTOP {
            sigaddset(&defaults, Int32(signal))
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw PgctlError("cannot start \(executable): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// Runs the child to completion and returns its wait status.
    func run() throws(PgctlError) -> Int32 {
        Self.wait(try spawn())
    }

    /// Runs the child with stdout (and stderr too when `mergeStandardError`) captured through
    /// a pipe; returns the wait status and the bytes read.
    func runCapturingOutput(mergeStandardError: Bool) throws(PgctlError) -> (status: Int32, output: [UInt8]) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw PgctlError("cannot start \(executable): unable to create a pipe: \(String(cString: strerror(errno)))")
        }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        var child = self
        child.standardOutput = .descriptor(fds[1])
        if mergeStandardError { child.standardError = .descriptor(fds[1]) }
        let pid: pid_t
        do {
            pid = try child.spawn()
        } catch {
            close(fds[0])
            close(fds[1])
            throw error
        }
        close(fds[1])
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fds[0], &buffer, buffer.count)
            if n > 0 {
                output += buffer[0..<n]
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        close(fds[0])
        return (Self.wait(pid), output)
    }

    /// Waits for `pid` to exit and returns its wait status (-1 if it cannot be waited for).
    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        return status
    }

    /// Reaps `pid` if it has exited, without waiting. True when it was reaped (or is not our
    /// child any more).
    static func reapIfExited(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        return result == pid || (result < 0 && errno == ECHILD)
    }

    /// Reaps `pid` if it has exited, without waiting: its wait status, or nil while it runs
    /// (or when it is not our child).
    static func reapStatusIfExited(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid ? status : nil
    }

    /// The number the `index`-th inherited descriptor has in the child, counting from `first`.
    static func inheritedNumber(_ index: Int, from first: Int32 = 3) -> Int32 { first + Int32(index) }

    private func add(_ stream: Stream, as target: Int32, readOnly: Bool, to actions: inout posix_spawn_file_actions_t) {
        switch stream {
        case .inherit:
            break
        case .file(let path):
            let flags = readOnly ? O_RDONLY : (O_WRONLY | O_APPEND | O_CREAT)
            posix_spawn_file_actions_addopen(&actions, target, path, flags, 0o644)
        case .descriptor(let fd):
            posix_spawn_file_actions_adddup2(&actions, fd, target)
        }
    }

    /// `POSIX_SPAWN_SETSID` (glibc ≥ 2.26); the Glibc module does not export it because it is
    /// declared under `_GNU_SOURCE`.
    private static let setSessionFlag: Int32 = 0x80

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc ≥ 2.34), looked up at run time.
    private static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// `posix_spawn_file_actions_addchdir_np` (glibc ≥ 2.29), looked up at run time for the
    /// same reason.
    private static let addChdir: AddChdir? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()
}

/// Wait-status decoding for statuses returned by ``ChildProcess``.
enum ChildExit {
    /// The exit code, or 128 + signal for a killed child (as a shell reports it).
    static func code(_ status: Int32) -> Int32 {
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 128 + (status & 0x7f)
    }

    /// What happened, as a predicate: `was killed by signal SIGKILL` or `exited with code 111`.
    static func describe(_ status: Int32) -> String {
        if status & 0x7f == 0 { return "exited with code \((status >> 8) & 0xff)" }
        return "was killed by signal SIG\(SignalNames.name(of: status & 0x7f))"
    }
}
