import SuperviseStatus
import SuperviseSystem

/// Starts programs with `posix_spawn(3)` (``ProgramSpawn``): no Swift code ever runs in a
/// forked child, descriptors are placed exactly as asked, and only the descriptors listed are
/// inherited above 2.
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
    func spawn() throws(PgctlError) -> Int32 {
        var request = ProgramSpawn(executable: executable, arguments: arguments, environment: environment)
        request.workingDirectory = workingDirectory
        request.standardInput = standardInput.spawnStream
        request.standardOutput = standardOutput.spawnStream
        request.standardError = standardError.spawnStream
        request.inheritedDescriptors = inheritedDescriptors.map(FileDescriptor.init(rawValue:))
        request.firstInheritedNumber = firstInheritedNumber
        request.newSession = newSession
        do {
            return try request.spawn()
        } catch {
            switch error {
            case .noChangeDirectory:
                throw PgctlError("cannot start \(executable): posix_spawn_file_actions_addchdir_np is missing from the C library")
            case .system(let errno):
                throw PgctlError("cannot start \(executable): \(errno)")
            }
        }
    }

    /// Runs the child to completion and returns its wait status.
    func run() throws(PgctlError) -> Int32 {
        Self.wait(try spawn())
    }

    /// Runs the child with stdout (and stderr too when `mergeStandardError`) captured through
    /// a pipe; returns the wait status and the bytes read.
    func runCapturingOutput(mergeStandardError: Bool) throws(PgctlError) -> (status: Int32, output: [UInt8]) {
        let pipe: (read: FileDescriptor, write: FileDescriptor)
        do {
            pipe = try FileDescriptor.pipe()
        } catch {
            throw PgctlError("cannot start \(executable): unable to create a pipe: \(error)")
        }
        var child = self
        child.standardOutput = .descriptor(pipe.write.rawValue)
        if mergeStandardError { child.standardError = .descriptor(pipe.write.rawValue) }
        let pid: Int32
        do {
            pid = try child.spawn()
        } catch {
            pipe.read.close()
            pipe.write.close()
            throw error
        }
        pipe.write.close()
        let output = (try? pipe.read.readToEnd()) ?? []
        pipe.read.close()
        return (Self.wait(pid), output)
    }

    /// Waits for `pid` to exit and returns its wait status (-1 if it cannot be waited for).
    static func wait(_ pid: Int32) -> Int32 {
        (try? ProcessControl.waitForExit(pid)) ?? -1
    }

    /// The number the `index`-th inherited descriptor has in the child, counting from `first`.
    static func inheritedNumber(_ index: Int, from first: Int32 = 3) -> Int32 { first + Int32(index) }
}

extension ChildProcess.Stream {
    /// The same stream in ``ProgramSpawn``'s terms.
    var spawnStream: ProgramSpawn.Stream {
        switch self {
        case .inherit: return .inherit
        case .file(let path): return .file(path)
        case .descriptor(let fd): return .descriptor(FileDescriptor(rawValue: fd))
        }
    }
}

/// Wait-status decoding for statuses returned by ``ChildProcess``.
enum ChildExit {
    /// The exit code, or 128 + signal for a killed child (as a shell reports it).
    static func code(_ status: Int32) -> Int32 {
        let wait = WaitStatus(waitpidStatus: status)
        return wait.exited ? Int32(wait.exitCode) : 128 + wait.signal
    }

    /// What happened, as a predicate: `was killed by signal SIGKILL` or `exited with code 111`.
    static func describe(_ status: Int32) -> String {
        let wait = WaitStatus(waitpidStatus: status)
        return wait.exited ? "exited with code \(wait.exitCode)" : "was killed by signal SIG\(SignalNames.name(of: wait.signal))"
    }
}
