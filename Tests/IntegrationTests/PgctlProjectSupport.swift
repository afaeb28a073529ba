import Foundation
import Testing
import TestSupport

/// What one `pgctl` run produced.
struct PgctlRun: CustomStringConvertible {
    var exitCode: Int32
    var stdout: String
    var stderr: String
    var description: String { "exit \(exitCode)\n--- stdout:\n\(stdout)--- stderr:\n\(stderr)---" }
}

/// A fresh copy of one of `Fixtures/playgrounds/<name>` in a temporary directory, with
/// `HOME` inside it, run through the built `pgctl` as spec §9 prescribes (no
/// `XDG_RUNTIME_DIR`, `PGCTL_NO_GLOBAL_CONFIG=true`). ``cleanUp()`` kills, by pid, every
/// process that still belongs to one of its services and removes the directory.
final class PgctlProject {
    let temp: TemporaryDirectory
    /// The project root (the copy of the fixture): pgctl's default working directory.
    let root: String
    /// `$HOME` of every pgctl run.
    let home: String

    init(_ fixture: String) throws {
        temp = try TemporaryDirectory(prefix: "pgctl-engine")
        root = temp.path + "/" + fixture
        home = temp.path + "/home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let copy = try Command.run("/bin/cp", ["-a", FixtureFiles.root + "/playgrounds/" + fixture, root])
        guard copy.exitCode == 0 else { throw TestFailure("cannot copy fixture \(fixture): \(copy)") }
        try Self.restoreExecuteBits(fixture: FixtureFiles.root + "/playgrounds/" + fixture, copy: root)
    }

    /// `cp -a` keeps modes; set them again anyway from the fixture (a checkout may lose them
    /// only for files that must stay non-executable, which are listed here).
    private static func restoreExecuteBits(fixture: String, copy: String) throws {
        let enumerator = FileManager.default.enumerator(atPath: copy)
        while let relative = enumerator?.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            let path = copy + "/" + relative
            guard ["run", "ready", "pre-start", "post-stop", "start-msg", "stop-msg"].contains(name) else { continue }
            let deliberatelyPlain = relative.hasPrefix("playground/sleep/run") && copy.hasSuffix("/output")
                || relative.hasPrefix("playground/lazy/run")
            chmod(path, deliberatelyPlain ? 0o644 : 0o755)
        }
    }

    /// The absolute path of `playground/<name>`.
    func service(_ name: String) -> String { root + "/playground/" + name }

    /// The scratch directory of a service (pghome `~/.run/pgctl`).
    func scratch(_ name: String) -> String { home + "/.run/pgctl" + service(name) }

    /// Runs `pgctl arguments` in `directory` (relative to the project root, or absolute).
    /// `environment` entries are added; the products directory is first on `PATH` (services
    /// that call `pgctl` find ours). `wrapper` (e.g. `["/usr/bin/prlimit", "--nofile=64:64", "--"]`)
    /// runs pgctl through another program.
    @discardableResult
    func pgctl(_ arguments: [String], in directory: String = "", environment: [String: String] = [:], timeout: Double = 60,
               wrapper: [String] = []) throws -> PgctlRun {
        let cwd = directory.hasPrefix("/") ? directory : (directory.isEmpty ? root : root + "/" + directory)
        var variables = [
            "PATH": Executables.productsDirectory.path + ":/usr/local/bin:/usr/bin:/bin",
            "HOME": home,
            "PGCTL_NO_GLOBAL_CONFIG": "true",
            "LANG": "C.UTF-8",
        ]
        for (name, value) in environment { variables[name] = value }
        guard let program = wrapper.first else {
            return try Self.execute(Executables.ours("pgctl"), arguments, in: cwd, environment: variables, timeout: timeout)
        }
        return try Self.execute(program, Array(wrapper.dropFirst()) + [Executables.ours("pgctl")] + arguments,
                                in: cwd, environment: variables, timeout: timeout)
    }

    /// Starts `pgctl arguments` without waiting; returns the process (the caller waits).
    func launch(_ arguments: [String], environment: [String: String] = [:], output: String) throws -> BackgroundProcess {
        var variables = [
            "PATH": Executables.productsDirectory.path + ":/usr/local/bin:/usr/bin:/bin",
            "HOME": home, "PGCTL_NO_GLOBAL_CONFIG": "true", "LANG": "C.UTF-8",
        ]
        for (name, value) in environment { variables[name] = value }
        return try BackgroundProcess([Executables.ours("pgctl")] + arguments, in: root, environment: variables, output: output)
    }

    /// The supervisor's status record of a service.
    func status(_ name: String) throws -> StatusRecordSnapshot {
        let record = try StatusFileReader.read(service(name))
        return StatusRecordSnapshot(pid: Int32(truncatingIfNeeded: record.pid), isUp: record.isUp)
    }

    /// Whether a supervisor holds the service's `supervise/lock` (s6-svok's probe).
    func supervisorRunning(_ name: String) -> Bool {
        var probe = flock()
        probe.l_type = Int16(F_RDLCK)
        probe.l_whence = Int16(SEEK_SET)
        let fd = open(service(name) + "/supervise/lock", O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard fcntl(fd, F_GETLK, &probe) == 0 else { return false }
        return probe.l_type != Int16(F_UNLCK)
    }

    /// The contents of a file below the project root.
    func read(_ relative: String) -> String? {
        try? String(contentsOfFile: root + "/" + relative, encoding: .utf8)
    }

    /// A service's `logs/current` with the supervisor's timestamps removed.
    func logText(_ name: String) -> String? {
        read("playground/\(name)/logs/current").map(Normalize.stripTimestamps)
    }

    /// Every process started for one of this project's services (by its environment).
    func serviceProcesses() -> [Int32] {
        ProjectProcesses.find(under: root)
    }

    /// Kills, by pid, everything left of the project's services, then removes the files.
    func cleanUp() {
        for _ in 0..<50 {
            let pids = serviceProcesses()
            if pids.isEmpty { break }
            for pid in pids { kill(pid, SIGKILL) }
            usleep(20_000)
        }
        temp.remove()
    }

    /// Runs `path arguments` with exactly `environment` through TestSupport's posix_spawn
    /// runner (reaped by pid), capturing both outputs.
    private static func execute(_ path: String, _ arguments: [String], in directory: String,
                                environment: [String: String], timeout: Double) throws -> PgctlRun {
        let result = try Command.run(path, arguments, in: directory, exactEnvironment: environment, timeout: timeout)
        return PgctlRun(exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr)
    }
}

/// The interesting bits of a status record.
struct StatusRecordSnapshot {
    var pid: Int32
    var isUp: Bool
}

/// Finds processes by their initial environment (`PGCTL_SERVICE` below a directory).
enum ProjectProcesses {
    static func find(under root: String) -> [Int32] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var found: [Int32] = []
        for name in names {
            guard let pid = Int32(name), pid != getpid(),
                let data = FileManager.default.contents(atPath: "/proc/\(name)/environ")
            else { continue }
            for entry in data.split(separator: 0) {
                let text = String(decoding: entry, as: UTF8.self)
                if text.hasPrefix("PGCTL_SERVICE=" + root + "/") { found.append(pid); break }
            }
        }
        return found
    }
}

/// Replaces what changes from run to run (pids, times, ps columns) with placeholders.
enum Normalize {
    static func text(_ input: String) -> String {
        var lines: [String] = []
        var cmdOffset: Int?
        for line in input.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("UID ") && line.hasSuffix("CMD") {
                cmdOffset = line.count - 3
                lines.append("{PS}")
                continue
            }
            if let offset = cmdOffset {
                if line.isEmpty {
                    cmdOffset = nil
                } else if line.count > offset {
                    let start = line.index(line.startIndex, offsetBy: offset)
                    lines.append("{PS} " + line[start...].trimmingCharacters(in: .whitespaces))
                    continue
                }
            }
            lines.append(line)
        }
        var text = lines.joined(separator: "\n")
        text = replace(text, timestampPattern, "{TS} ")
        text = replace(text, #"\(pid \d+\)"#, "(pid {PID})")
        text = replace(text, #"to pid \d+,"#, "to pid {PID},")
        text = replace(text, #"pid: \d+"#, "pid: {PID}")
        text = replace(text, #" \(it took [0-9.e+-]+s to poll\)"#, "")  // a loaded machine may overshoot
        text = replace(text, #"after \d+\.\d+ seconds"#, "after {T} seconds")
        text = replace(text, #"\) \d+ seconds"#, ") {T} seconds")
        text = replace(text, #"(\d+(\.\d+)?) (seconds|minutes|hours|days)\b"#, "{T} seconds")
        return text
    }

    /// The `T` timestamp at the start of a log line: `2026-11-29 03:40:38.109093500  `.
    static let timestampPattern = #"(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6,9}  "#

    /// `text` without the log timestamps.
    static func stripTimestamps(_ text: String) -> String { replace(text, timestampPattern, "") }

    static func replace(_ text: String, _ pattern: String, _ template: String) -> String {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }
}
