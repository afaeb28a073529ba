import Foundation
import Testing
import TestSupport

/// Helpers of the readiness scenarios (spec §9.21, §9.46–§9.55) on top of ``PgctlProject``.
///
/// Every pgctl run gets a `PATH` **without** the build products directory: services must find
/// `pgctl-poll-ready` and `pgctl` by name because pgctl puts its own directory first on the
/// services' `PATH`, not because the test arranged it.
enum Readiness {
    /// A `PATH` with only the system directories.
    static let systemPath = "/usr/local/bin:/usr/bin:/bin"

    /// The environment of every readiness run, plus `extra`.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        ["PATH": systemPath].merging(extra) { $1 }
    }

    /// The `s6-log T` prefix of a log line: local time with nine fractional digits, two spaces.
    static let timestampPattern = #"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9}  "#

    /// `line` without its leading log timestamp, if it has one.
    static func strippingTimestamp(_ line: Substring) -> String {
        guard let range = line.range(of: "^" + timestampPattern, options: .regularExpression) else { return String(line) }
        return String(line[range.upperBound...])
    }

    /// The lines of a log file's text, each without its timestamp.
    static func logLines(_ text: String) -> [String] {
        text.split(separator: "\n").map(strippingTimestamp)
    }

    /// Whether every line of a log file's text carries a timestamp.
    static func everyLineStamped(_ text: String) -> Bool {
        text.split(separator: "\n").allSatisfy { $0.range(of: "^" + timestampPattern, options: .regularExpression) != nil }
    }

    /// pgctl's stderr with what changes from run to run replaced: a leading log timestamp by
    /// `{TS} ` (a line without one is left as is), pids by `{PID}`, durations by `{T}`.
    static func normalized(_ text: String) -> String {
        var result = replace(text, "(?m)^" + timestampPattern, "{TS} ")
        result = replace(result, #"\(pid \d+\)"#, "(pid {PID})")
        result = replace(result, #"pid: \d+"#, "pid: {PID}")
        result = replace(result, #"after \d+\.\d+( \(it took [0-9.e-]+s to poll\))? seconds"#, "after {T} seconds")
        result = replace(result, #"\b\d+(\.\d+)? seconds"#, "{T} seconds")
        return result
    }

    /// A log line with its durations replaced by `{T}`.
    static func normalizedLine(_ line: String) -> String {
        replace(line, #"\b\d+(\.\d+)? seconds"#, "{T} seconds")
    }

    /// The command line of `pid` (from /proc/<pid>/cmdline), nil once it is gone.
    static func arguments(of pid: Int32) -> [String]? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    private static func replace(_ text: String, _ pattern: String, _ template: String) -> String {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }
}

/// A service's state as `pgctl --json status` reports it.
struct ReportedStatus: Equatable {
    var state: String
    var pid: Int?
}

extension PgctlProject {
    /// Runs pgctl in `directory` (relative to the project root) with the spec §9 environment
    /// plus ``Readiness/environment(_:)`` and `environment`, stdin from /dev/null.
    @discardableResult
    func readinessRun(_ arguments: [String], in directory: String = "", environment: [String: String] = [:]) throws -> PgctlRun {
        let cwd = directory.isEmpty ? root : root + "/" + directory
        let output = temp.path + "/run-\(UUID().uuidString)"
        defer {
            unlink(output + ".out")
            unlink(output + ".err")
        }
        let process = try SpawnedProcess(
            Executables.ours("pgctl"), arguments, in: cwd, environment: readinessEnvironment(environment),
            stdout: output + ".out", stderr: output + ".err")
        let status = try process.wait(timeout: 60)
        return PgctlRun(exitCode: status, stdout: SpawnedProcess.contents(output + ".out"), stderr: SpawnedProcess.contents(output + ".err"))
    }

    /// Starts pgctl in the background in the project root; stdout and stderr go to files.
    func readinessLaunch(_ arguments: [String], environment: [String: String] = [:]) throws -> SpawnedProcess {
        try SpawnedProcess(
            Executables.ours("pgctl"), arguments, in: root, environment: readinessEnvironment(environment),
            stdout: temp.path + "/background.out", stderr: temp.path + "/background.err")
    }

    /// The whole environment of a pgctl run: spec §9's (`HOME` in the scratch directory,
    /// `PGCTL_NO_GLOBAL_CONFIG=true`, no `XDG_RUNTIME_DIR`) with the system `PATH`.
    func readinessEnvironment(_ extra: [String: String]) -> [String: String] {
        Readiness.environment(["HOME": home, "PGCTL_NO_GLOBAL_CONFIG": "true", "LANG": "C.UTF-8"].merging(extra) { $1 })
    }

    /// The state and pid of `name` from `pgctl --json status <name>`.
    func reportedStatus(_ name: String) throws -> ReportedStatus {
        let run = try readinessRun(["--json", "status", name])
        guard run.exitCode == 0,
              let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
              let entry = object[name] as? [String: Any], let state = entry["state"] as? String
        else { throw TestFailure("unexpected status output: \(run)") }
        return ReportedStatus(state: state, pid: entry["pid"] as? Int)
    }

    /// `playground/<name>/logs/current` ("" while missing).
    func log(_ name: String) -> String {
        read("playground/\(name)/logs/current") ?? ""
    }

    /// Stops every service (ignoring the outcome), before ``cleanUp()`` kills what is left.
    func stopAll() {
        _ = try? readinessRun(["stop", "--all"])
    }
}

/// A process started with `posix_spawn` and reaped with `waitpid` on its own pid. (Foundation's
/// `Process` reaps through SIGCHLD, which is lost when a test thread that does not block it
/// receives the signal: `waitUntilExit()` then hangs next to a zombie.)
final class SpawnedProcess {
    /// The pid (the program itself: `env -C` execs it).
    let pid: pid_t
    let stdoutPath: String
    let stderrPath: String
    /// The raw wait status, once reaped.
    private(set) var waitStatus: Int32?

    /// Runs `path arguments` in `directory` with exactly `environment`, stdin from /dev/null,
    /// stdout and stderr into the given files (truncated).
    init(_ path: String, _ arguments: [String], in directory: String, environment: [String: String],
         stdout: String, stderr: String) throws {
        stdoutPath = stdout
        stderrPath = stderr
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ["env", "-C", directory, "--", path] + arguments
        let cArgv: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        let cEnv: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (cArgv + cEnv).forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, "/usr/bin/env", &actions, nil, cArgv, cEnv)
        guard result == 0 else { throw TestFailure("posix_spawn \(path): error \(result)") }
        pid = child
    }

    /// Reaps the process if it has exited; true once it has.
    @discardableResult
    func poll() -> Bool {
        if waitStatus != nil { return true }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return false }
        waitStatus = status
        return true
    }

    /// Whether it still runs.
    var isRunning: Bool { !poll() }

    /// Waits for the exit and returns the exit code (128 + signal when killed); after
    /// `timeout` seconds kills it and throws.
    func wait(timeout: Double) throws -> Int32 {
        do {
            try waitUntil("pid \(pid) to exit", timeout: timeout) { poll() }
        } catch {
            kill(SIGKILL)
            throw error
        }
        return exitCode
    }

    /// The exit code, or 128 + the signal number that killed it.
    var exitCode: Int32 {
        let status = waitStatus ?? 0
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Sends `signal` and, for SIGKILL, reaps.
    func kill(_ signal: Int32) {
        guard isRunning else { return }
        Foundation.kill(pid, signal)
        if signal == SIGKILL { _ = try? waitUntil("pid \(pid) to die", timeout: 10) { poll() } }
    }

    var stdout: String { Self.contents(stdoutPath) }
    var stderr: String { Self.contents(stderrPath) }

    static func contents(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}
