import Foundation
import Testing
import TestSupport

/// pgctl with readiness probe files (issue #14): it waits for the supervisor's probe, names the
/// probe when a start times out, and checks every selected service's probe file before
/// anything starts.
@Suite("pgctl start failures with readiness probes (end to end)", .serialized, .timeLimit(.minutes(5)))
struct PgctlFailureProbeTests {
    /// A project (the `greeter` fixture) with one more service `name`: `run` and `files`.
    private static func project(adding name: String, run: String, files: [String: String]) throws -> PgctlProject {
        let project = try PgctlProject("greeter")
        let directory = project.service(name)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try ("#!/bin/sh\n" + run + "\n").write(toFile: directory + "/run", atomically: true, encoding: .utf8)
        chmod(directory + "/run", 0o755)
        for (file, content) in files {
            try content.write(toFile: directory + "/" + file, atomically: true, encoding: .utf8)
        }
        return project
    }

    @Test("a probe that never passes: the timeout message names it and what it came to")
    func timeoutNamesProbe() throws {
        let port = try ProbeTestServers.freePort()
        let project = try Self.project(adding: "web", run: "exec sleep infinity",
                                       files: ["ready-tcp": "127.0.0.1:\(port)\n", "timeout-ready": "1\n"])
        defer { project.cleanUp() }
        let run = try project.pgctl(["start", "web"])
        #expect(run.exitCode == 1, "\(run)")
        let firstLines = Normalize.text(run.stderr).split(separator: "\n").prefix(2).joined(separator: "\n")
        #expect(firstLines == """
            [pgctl] Starting: web
            [pgctl] ERROR: service 'web' failed to start after {T} seconds, its status is up (pid {PID}) {T} seconds; its readiness check ready-tcp 127.0.0.1:\(port) was refused
            """, "\(run)")
        #expect(run.stderr.contains("failed to start after 1.00 seconds, its status is up (pid "))
        #expect(run.stderr.contains("[pgctl] ERROR: Some services failed to start: web"))
        #expect(!project.supervisorRunning("web"))
        #expect(project.serviceProcesses().isEmpty)
    }

    @Test("ready-http: `pgctl start` returns once the late server answers; status says ready", .enabled(if: ProbeTestServers.hasPython, ProbeTestServers.noPython))
    func httpStart() throws {
        let port = try ProbeTestServers.freePort()
        // The server starts only after a while of its own (python's start-up): pgctl must wait.
        let project = try Self.project(adding: "web", run: "exec " + ProbeTestServers.httpServer(port: port),
                                       files: ["ready-http": "http://127.0.0.1:\(port)/\n"])
        defer { project.cleanUp() }
        try "".write(toFile: project.service("web") + "/healthy", atomically: true, encoding: .utf8)
        let start = try project.pgctl(["start", "web"], environment: ["PGCTL_TIMEOUT": "20"])
        #expect(start.exitCode == 0, "\(start)")
        #expect(start.stderr.hasSuffix("[pgctl] Started: web\n"), "\(start)")
        let fetch = try Command.run(ProbeTestServers.python, ["-c", "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:\(port)/', timeout=5).status)"])
        #expect(fetch.stdout == "200\n", "\(fetch)")
        let status = try project.pgctl(["status", "web"])
        #expect(status.stdout.contains("web: ready"), "\(status)")
        // Rewritten right after the `U` that let pgctl return.
        try waitUntil("the probe report to say passed") {
            project.read("playground/web/supervise/readiness-probe") == "ready-http http://127.0.0.1:\(port)/\npassed\n"
        }
        #expect(try project.pgctl(["stop"]).exitCode == 0)
    }

    @Test("ready-log: `pgctl start` returns once the line is in the log")
    func logStart() throws {
        let project = try Self.project(adding: "worker", run: "echo booting\nsleep 0.2\necho 'worker ready: 3 threads'\nexec sleep infinity",
                                       files: ["ready-log": "ready: [0-9]+ threads\n"])
        defer { project.cleanUp() }
        let start = try project.pgctl(["start", "worker"], environment: ["PGCTL_TIMEOUT": "20"])
        #expect(start.exitCode == 0, "\(start)")
        #expect(project.logText("worker")?.contains("worker ready: 3 threads") == true)
        // The success is logged right after the `U` that let pgctl return.
        try waitUntil("the success line in the log") {
            project.logText("worker")?.contains("info: readiness check ready-log 'ready: [0-9]+ threads' passed after") == true
        }
        #expect(try project.pgctl(["stop"]).exitCode == 0)
    }

    @Test("a malformed probe file: an error naming the file and the problem; nothing starts", arguments: [
        ("ready-tcp", "not-a-port\n", "invalid {DIR}/ready-tcp: 'not-a-port' is not a port number (1 to 65535)"),
        ("ready-http", "http://[::1/\n", "invalid {DIR}/ready-http: '[::1': an IPv6 address needs its closing ]"),
        ("ready-http", "ftp://example.com/\n", "invalid {DIR}/ready-http: 'ftp://example.com/' is not an http:// URL"),
        ("ready-log", "waiting for (connections\n", "invalid {DIR}/ready-log: 'waiting for (connections' is not a POSIX extended regular expression: Unmatched ( or \\("),
    ])
    func malformed(file: String, content: String, problem: String) throws {
        let project = try Self.project(adding: "bad", run: "exec sleep infinity", files: [file: content])
        defer { project.cleanUp() }
        // greeter is valid and selected first: it must not start either.
        let run = try project.pgctl(["start", "greeter", "bad"])
        #expect(run.exitCode == 1, "\(run)")
        let expected = "[pgctl] ERROR: service 'bad': " + problem.replacingOccurrences(of: "{DIR}", with: project.service("bad")) + "\n"
        #expect(run.stderr == expected, "\(run)")
        #expect(run.stdout == "")
        #expect(!project.supervisorRunning("greeter"))
        #expect(!project.supervisorRunning("bad"))
        #expect(project.serviceProcesses().isEmpty)
    }

    @Test("a probe file with `ready` or `notification-fd`: an error naming both files; nothing starts", arguments: ["ready", "notification-fd"])
    func conflict(other: String) throws {
        let project = try Self.project(adding: "web", run: "exec sleep infinity",
                                       files: ["ready-tcp": "8123\n", other: other == "ready" ? "#!/bin/sh\ntrue\n" : "5\n"])
        defer { project.cleanUp() }
        let run = try project.pgctl(["start"])
        #expect(run.exitCode == 1, "\(run)")
        let directory = project.service("web")
        #expect(run.stderr == "[pgctl] ERROR: service 'web': \(directory)/ready-tcp and \(directory)/\(other) both say how readiness is checked: keep only one\n", "\(run)")
        #expect(!project.supervisorRunning("greeter"))
        #expect(project.serviceProcesses().isEmpty)
    }

    @Test("restart checks probe files before stopping anything")
    func restartChecksFirst() throws {
        let project = try Self.project(adding: "web", run: "exec sleep infinity", files: [:])
        defer { project.cleanUp() }
        #expect(try project.pgctl(["start"]).exitCode == 0)
        try "not-a-port\n".write(toFile: project.service("web") + "/ready-tcp", atomically: true, encoding: .utf8)
        let restart = try project.pgctl(["restart"])
        #expect(restart.exitCode == 1, "\(restart)")
        #expect(restart.stderr.hasPrefix("[pgctl] ERROR: service 'web': invalid "), "\(restart)")
        #expect(project.supervisorRunning("greeter") && project.supervisorRunning("web"), "nothing was stopped")
        try FileManager.default.removeItem(atPath: project.service("web") + "/ready-tcp")
        #expect(try project.pgctl(["stop"]).exitCode == 0)
    }
}
