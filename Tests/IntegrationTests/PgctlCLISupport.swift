import Foundation
import Testing
import TestSupport

/// What one `pgctl` run produced.
struct PgctlResult: CustomStringConvertible {
    var exitCode: Int32
    var stdout: String
    var stderr: String
    var description: String { "exit \(exitCode)\nstdout: \(stdout)\nstderr: \(stderr)" }
}

/// Runs the built `pgctl` with a fully controlled environment (spec §9 conventions: `HOME` a
/// scratch directory, `PGCTL_NO_GLOBAL_CONFIG=true`, no `XDG_RUNTIME_DIR`), so nothing from
/// the test runner's environment (PGCTL_* variables, XDG_RUNTIME_DIR, PREFIX) leaks in.
struct PgctlCLI {
    /// The scratch directory: `home/` is `$HOME`, projects go anywhere below.
    let temp: TemporaryDirectory

    init() throws { temp = try TemporaryDirectory(prefix: "pgctl-cli") }

    var root: String { temp.path }
    var home: String { root + "/home" }

    /// Runs `pgctl arguments` in `directory` (relative to the scratch root). `environment`
    /// entries are added to the base environment; a nil value removes a base entry.
    func run(_ arguments: [String], in directory: String = "", environment: [String: String?] = [:]) throws -> PgctlResult {
        var variables = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": home,
            "PGCTL_NO_GLOBAL_CONFIG": "true",
        ]
        for (name, value) in environment { variables[name] = value }
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let cwd = directory.isEmpty ? root : root + "/" + directory
        return try Self.execute(Executables.ours("pgctl"), arguments, in: cwd, environment: variables)
    }

    /// Writes a file below the scratch root (parents created); `executable` sets mode 0755.
    @discardableResult
    func file(_ relative: String, _ contents: String = "", executable: Bool = false) throws -> String {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try contents.write(toFile: path, atomically: false, encoding: .utf8)
        if executable { chmod(path, 0o755) }
        return path
    }

    /// Creates a directory below the scratch root.
    @discardableResult
    func directory(_ relative: String) throws -> String {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A service directory `project/playground/name` with a `run` that sleeps.
    func service(_ name: String, project: String = "project") throws {
        try file("\(project)/playground/\(name)/run", "#!/bin/sh\necho \(name)\nexec sleep infinity\n", executable: true)
    }

    func remove() { temp.remove() }

    /// Runs a process with exactly `environment`, stdin from /dev/null, capturing both outputs.
    private static func execute(_ path: String, _ arguments: [String], in directory: String,
                                environment: [String: String]) throws -> PgctlResult {
        let result = try Command.run(path, arguments, in: directory, exactEnvironment: environment, timeout: 60)
        return PgctlResult(exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr)
    }
}

/// argparse's usage block, as pgctl prints it before a usage error.
let pgctlUsage = """
    usage: pgctl [-h] [--version] [--verbose] [--pgdir PGDIR] [--pghome PGHOME]
                 [--json] [--no-force] [--config CONFIG] [--all]
                 [--for {ready,up,down}] [--timeout SECONDS] [-n N] [-m] [-f]
                 [--no-follow] [--since WHEN]
                 {start,stop,status,restart,reload,log,debug,config,wait,completion}
                 [services ...]

    """
