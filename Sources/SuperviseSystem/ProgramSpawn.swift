import CSupervise
import Glibc

/// Starts a program with `posix_spawn(3)`: no Swift code ever runs in a forked child,
/// descriptors are placed exactly as asked, the child starts with default signal dispositions
/// and an empty signal mask, and only the descriptors asked for are inherited above 2.
///
/// pgctl's children (the supervisor, hooks, `start-msg`/`stop-msg`, `ps`) and
/// pgctl-poll-ready's (its monitor, the `ready` checks, the restart's log relay) start this way;
/// the supervisor's own fork/exec path (`csupervise_spawn`) is ``ProcessControl/spawn(_:arguments:descriptors:waitForExec:)``.
public struct ProgramSpawn {
    /// What one of the child's standard descriptors becomes.
    public enum Stream: Sendable {
        /// Inherit ours.
        case inherit
        /// Open this file (read-only for stdin; write-only append, created 0644, otherwise).
        case file(String)
        /// Use this descriptor of ours.
        case descriptor(FileDescriptor)
    }

    /// Why a spawn failed.
    public enum Failure: Error, Equatable, Sendable {
        /// `posix_spawn` failed with this error number (e.g. ENOENT, EACCES).
        case system(Errno)
        /// A working directory was asked for, but the C library has no
        /// `posix_spawn_file_actions_addchdir_np`.
        case noChangeDirectory

        /// The error number: `posix_spawn`'s, or ENOSYS for ``noChangeDirectory``.
        public var errno: Errno {
            switch self {
            case .system(let errno): errno
            case .noChangeDirectory: Errno(rawValue: ENOSYS)
            }
        }
    }

    /// Absolute path of the program.
    public var executable: String
    /// argv, including argv[0].
    public var arguments: [String]
    /// The complete environment.
    public var environment: [String: String]
    /// The working directory (nil: ours).
    public var workingDirectory: String?
    /// The child's stdin, stdout, stderr.
    public var standardInput: Stream = .inherit, standardOutput: Stream = .inherit, standardError: Stream = .inherit
    /// Descriptors of ours the child inherits, numbered from ``firstInheritedNumber`` on in
    /// this order; every other descriptor above 2 is closed in the child
    /// (`posix_spawn_file_actions_addclosefrom_np`; without it, glibc < 2.34, the others are
    /// left to their close-on-exec flags).
    public var inheritedDescriptors: [FileDescriptor] = []
    /// The number of the first inherited descriptor in the child; the numbers from 3 below it
    /// are closed in the child.
    public var firstInheritedNumber: Int32 = 3
    /// Descriptors of ours the child inherits under their own numbers, close-on-exec or not:
    /// those whose numbers the child learns from its command line or environment. Each must be
    /// open and must not be one of the numbers ``inheritedDescriptors`` take in the child.
    public var keptDescriptors: [FileDescriptor] = []
    /// Start the child in a new session (`setsid`).
    public var newSession = false

    /// A request to run `executable` with `arguments` and exactly `environment`.
    public init(executable: String, arguments: [String], environment: [String: String]) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
    }

    /// The number the `index`-th inherited descriptor has in the child.
    public func inheritedNumber(_ index: Int) -> Int32 { firstInheritedNumber + Int32(index) }

    /// Starts the child and returns its pid; the caller reaps it
    /// (``ProcessControl/waitForExit(_:)``).
    public func spawn() throws(Failure) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        add(standardInput, as: 0, readOnly: true, to: &actions)
        add(standardOutput, as: 1, readOnly: false, to: &actions)
        add(standardError, as: 2, readOnly: false, to: &actions)
        // glibc clears FD_CLOEXEC when source and target are the same number.
        for fd in keptDescriptors {
            posix_spawn_file_actions_adddup2(&actions, fd.rawValue, fd.rawValue)
        }
        for (index, fd) in inheritedDescriptors.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, fd.rawValue, inheritedNumber(index))
        }
        // After the dup2s, which may read from these numbers; closing one not open is no error.
        let open = Set(keptDescriptors.map(\.rawValue) + inheritedDescriptors.indices.map { inheritedNumber($0) })
        let closeFrom = max(inheritedNumber(inheritedDescriptors.count), (keptDescriptors.map(\.rawValue).max() ?? 2) + 1)
        for number in Int32(3)..<max(3, closeFrom) where !open.contains(number) {
            posix_spawn_file_actions_addclose(&actions, number)
        }
        _ = csupervise_spawn_addclosefrom(&actions, closeFrom)
        if let workingDirectory, csupervise_spawn_addchdir(&actions, workingDirectory) == ENOSYS {
            throw .noChangeDirectory
        }

        // Default dispositions and an empty mask, whatever we inherited (a shell running us in
        // the background ignores SIGINT, for example).
        var flags = Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if newSession { flags |= csupervise_spawn_setsid_flag() }
        posix_spawnattr_setflags(&attributes, flags)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in 1..<32 where signal != SIGKILL && signal != SIGSTOP {
            sigaddset(&defaults, Int32(signal))
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let argv = CStringArray(arguments)
        let envp = CStringArray(environment.map { "\($0.key)=\($0.value)" })
        defer {
            argv.free()
            envp.free()
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv.pointers, envp.pointers)
        guard result == 0 else { throw .system(Errno(rawValue: result)) }
        return pid
    }

    private func add(_ stream: Stream, as target: Int32, readOnly: Bool, to actions: inout posix_spawn_file_actions_t) {
        switch stream {
        case .inherit:
            break
        case .file(let path):
            let flags = readOnly ? O_RDONLY : (O_WRONLY | O_APPEND | O_CREAT)
            posix_spawn_file_actions_addopen(&actions, target, path, flags, 0o644)
        case .descriptor(let fd):
            posix_spawn_file_actions_adddup2(&actions, fd.rawValue, target)
        }
    }
}
