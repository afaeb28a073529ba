import Foundation

/// The result of running a command to completion.
public struct CommandResult: CustomStringConvertible {
    public var exitCode: Int32
    public var stdout: String
    public var stderr: String
    public var description: String { "exit \(exitCode)\nstdout: \(stdout)\nstderr: \(stderr)" }

    /// Creates a result from its parts.
    public init(exitCode: Int32, stdout: String, stderr: String) {
        self.exitCode = exitCode
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs commands as real processes.
public enum Command {
    /// Runs `path args…` to completion, capturing stdout and stderr. `environment` entries are
    /// added to (or override) the test process's environment. Kills it after `timeout` seconds.
    @discardableResult
    public static func run(_ path: String, _ args: [String] = [], in directory: String? = nil,
                           environment: [String: String] = [:], timeout: Double = 30) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = args
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently so a chatty child never blocks.
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TestFailure("\(path) \(args) did not finish within \(timeout) s")
        }
        process.waitUntilExit()
        return CommandResult(exitCode: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A supervisor (ours or the real s6-supervise) running in the background on a service dir.
/// Always `stop()` it (in a `defer`): that kills the supervisor and everything it started.
///
/// Started with `posix_spawn` and reaped with `waitpid(pid)` by this object itself (not through
/// Foundation's `Process`, whose SIGCHLD-driven reaping can miss an exit when the test process
/// was started with SIGCHLD blocked). The child gets an empty signal mask and default
/// dispositions for every signal.
public final class BackgroundSupervisor {
    /// The supervisor's pid.
    public let pid: Int32
    /// The service directory it supervises.
    public let serviceDirectory: String
    private let stderrFile: String
    private var exitStatus: Int32?

    /// Starts `executable serviceDirectory` (or `argument` in place of the directory) with stdin
    /// from /dev/null and stdout+stderr captured in a file. Waits until `supervise/status` is
    /// readable (or the process died). `launcher` (argv before the supervisor's path, e.g. a
    /// shell that opens an extra descriptor and execs) is run instead when given.
    public init(executable: String = Executables.ours("s6-supervise"), serviceDirectory: String,
                environment: [String: String] = [:], waitForStatus: Bool = true,
                launcher: [String]? = nil, argument: String? = nil) throws {
        self.serviceDirectory = serviceDirectory
        stderrFile = serviceDirectory + ".supervisor-stderr"
        let argv = (launcher ?? []) + [executable, argument ?? serviceDirectory]
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        pid = try Self.spawn(argv, environment: env.map { "\($0.key)=\($0.value)" }, output: stderrFile)
        if waitForStatus {
            try waitUntil("\(serviceDirectory)/supervise/status to appear") {
                (try? StatusFileReader.read(serviceDirectory)) != nil || !isRunning
            }
        }
    }

    private static func spawn(_ argv: [String], environment: [String], output: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup($0) } + [nil]
        defer { (cArgs + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        guard result == 0 else { throw TestFailure("posix_spawn \(argv[0]) failed: errno \(result)") }
        return pid
    }

    /// What the supervisor (and its children) wrote to stdout/stderr so far.
    public var output: String {
        (try? String(contentsOfFile: stderrFile, encoding: .utf8)) ?? ""
    }

    /// Whether the supervisor process is still running (reaps it once it has exited).
    public var isRunning: Bool {
        if exitStatus != nil { return false }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid || (result < 0 && errno == ECHILD) {
            exitStatus = result == pid ? status : -1
            return false
        }
        return true
    }

    /// Waits for the supervisor to exit and returns its exit code (128 + signal if killed).
    public func waitForExit(timeout: Double = 10) throws -> Int32 {
        try waitUntil("supervisor \(pid) to exit", timeout: timeout) { !isRunning }
        let status = exitStatus ?? -1
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Kills the service (the process recorded in the status file, and its process group) and
    /// the supervisor, then reaps it. Safe to call twice.
    public func stop() {
        if let record = try? StatusFileReader.read(serviceDirectory), record.pid != 0 {
            let pid = Int32(truncatingIfNeeded: record.pid)
            // A status file a test crafted may hold any pid: never signal -1 (every process),
            // init, or ourselves.
            guard pid > 1 && pid != getpid() else { return stopSupervisor() }
            let group = getpgid(pid)
            if group > 1 && group != getpgrp() { kill(-group, SIGKILL) }
            kill(pid, SIGKILL)
        }
        stopSupervisor()
    }

    /// Kills and reaps the supervisor itself and removes its output file.
    private func stopSupervisor() {
        if isRunning {
            kill(pid, SIGKILL)
            _ = try? waitUntil("supervisor \(pid) to die", timeout: 10) { !isRunning }
        }
        try? FileManager.default.removeItem(atPath: stderrFile)
    }
}
