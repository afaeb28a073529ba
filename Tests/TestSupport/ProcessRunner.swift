import Foundation
import SuperviseSystem

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
///
/// Implemented with `posix_spawn`, `poll` and `waitpid(pid)` rather than Foundation's `Process`,
/// whose SIGCHLD-driven reaping can miss an exit (the run then hangs) when the test process was
/// started with SIGCHLD blocked. The child gets stdin from /dev/null, an empty signal mask and
/// default dispositions for every signal.
public enum Command {
    /// Runs `path args…` to completion, capturing stdout and stderr. `environment` entries are
    /// added to (or override) the test process's environment; with `exactEnvironment` the child
    /// gets that environment and nothing else. Kills it after `timeout` seconds.
    /// The exit code is the process's exit status, or the signal number if a signal killed it
    /// (as Foundation's `terminationStatus` reports it).
    @discardableResult
    public static func run(_ path: String, _ args: [String] = [], in directory: String? = nil,
                           environment: [String: String] = [:], exactEnvironment: [String: String]? = nil,
                           timeout: Double = 30) throws -> CommandResult {
        var env = exactEnvironment ?? ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let outEnds = try FileDescriptor.pipe()  // close-on-exec: no other child inherits them
        let errEnds: (read: FileDescriptor, write: FileDescriptor)
        do { errEnds = try FileDescriptor.pipe() } catch {
            outEnds.read.close(); outEnds.write.close()
            throw error
        }
        let outPipe = [outEnds.read.rawValue, outEnds.write.rawValue]
        let errPipe = [errEnds.read.rawValue, errEnds.write.rawValue]
        var argv = [path] + args
        if let directory { argv = ["/usr/bin/env", "-C", directory, path] + args }
        let pid: pid_t
        do {
            pid = try spawn(argv, environment: env.map { "\($0.key)=\($0.value)" },
                            stdout: outPipe[1], stderr: errPipe[1])
        } catch {
            for fd in outPipe + errPipe { close(fd) }
            throw error
        }
        close(outPipe[1])
        close(errPipe[1])
        defer { close(outPipe[0]); close(errPipe[0]) }

        let deadline = ProcessInfo.processInfo.systemUptime + timeout
        var outData = [UInt8](), errData = [UInt8]()
        var open: [(fd: Int32, isOut: Bool)] = [(outPipe[0], true), (errPipe[0], false)]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !open.isEmpty {
            let remaining = deadline - ProcessInfo.processInfo.systemUptime
            if remaining <= 0 { return try killAfterTimeout(pid, path, args, timeout) }
            var fds = open.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining * 1000 + 1, 1000)))
            if ready < 0 && errno != EINTR { throw TestFailure("poll: errno \(errno)") }
            guard ready > 0 else { continue }
            var stillOpen: [(fd: Int32, isOut: Bool)] = []
            for (entry, polled) in zip(open, fds) {
                guard polled.revents != 0 else { stillOpen.append(entry); continue }
                let n = read(entry.fd, &buffer, buffer.count)
                if n > 0 {
                    if entry.isOut { outData += buffer[..<n] } else { errData += buffer[..<n] }
                    stillOpen.append(entry)
                } else if n < 0 && errno == EINTR {
                    stillOpen.append(entry)
                }
            }
            open = stillOpen
        }
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0 && errno != EINTR { throw TestFailure("waitpid \(pid): errno \(errno)") }
            if ProcessInfo.processInfo.systemUptime > deadline { return try killAfterTimeout(pid, path, args, timeout) }
            usleep(1000)
        }
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : status & 0x7f
        return CommandResult(exitCode: code, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    private static func killAfterTimeout(_ pid: pid_t, _ path: String, _ args: [String], _ timeout: Double) throws -> CommandResult {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        throw TestFailure("\(path) \(args) did not finish within \(timeout) s")
    }

    /// `posix_spawn`s `argv` with stdin from /dev/null and the given stdout/stderr descriptors.
    static func spawn(_ argv: [String], environment: [String], stdout: Int32, stderr: Int32) throws -> pid_t {
        try ChildSpawn.spawn(argv, environment: environment) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, stdout, 1)
            posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        }
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
        try ChildSpawn.spawn(argv, environment: environment) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
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
