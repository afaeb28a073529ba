import Foundation
import Testing
import TestSupport

/// Start failures (spec §2.10, §9.47/48 with a `ready` service that never gets ready, §9.51)
/// and pgctl 5.2.1's bug §10.1.5 fixed: a missing, non-executable or crash-looping `run` is
/// never reported as started.
@Suite("pgctl start failures (end to end)", .serialized, .timeLimit(.minutes(5)))
struct PgctlFailureTests {
    @Test("§9.47/§9.48 a service with a ready check that never passes times out and is stopped", arguments: [[], ["--force"]])
    func neverReady(extra: [String]) throws {
        let project = try PgctlProject("never-ready")
        defer { project.cleanUp() }
        let run = try project.pgctl(["start"] + extra, environment: ["PGCTL_TIMEOUT": "1"])
        #expect(run.exitCode == 1)
        #expect(run.stdout == "")
        #expect(Normalize.text(run.stderr) == """
            [pgctl] Starting: never
            [pgctl] ERROR: service 'never' failed to start after {T} seconds, its status is up (pid {PID}) {T} seconds
            ==> playground/never/logs/current <==
            {TS} waiting forever to become ready
            [pgctl] Stopping: never
            [pgctl] Stopped: never
            [pgctl]
            [pgctl] There might be useful information further up in the log; you can view it by running:
            [pgctl]     less +G playground/never/logs/current
            [pgctl] ERROR: Some services failed to start: never

            """)
        #expect(run.stderr.contains("failed to start after 1.00 seconds"))
        #expect(!project.supervisorRunning("never"))
        #expect(project.serviceProcesses().isEmpty)
        #expect(project.read("playground/never/notification-fd") == "5\n")
    }

    @Test("§10.1.5 a crash-looping service fails instead of being reported started")
    func crashLoop() throws {
        let project = try PgctlProject("crash-loop")
        defer { project.cleanUp() }
        let run = try project.pgctl(["start"])
        #expect(run.exitCode == 1)
        // The second run's line may still be on its way to the log when the tail is printed:
        // consecutive identical lines are collapsed.
        var lines: [Substring] = []
        for line in Normalize.text(run.stderr).split(separator: "\n", omittingEmptySubsequences: false) where line != lines.last {
            lines.append(line)
        }
        #expect(lines.joined(separator: "\n") == """
            [pgctl] Starting: crashy, fine
            [pgctl] Started: fine
            [pgctl] ERROR: service 'crashy' failed to start after {T} seconds, it keeps exiting (exit code 3)
            ==> playground/crashy/logs/current <==
            {TS} crashy: cannot bind to port 9001
            [pgctl] Stopping: crashy
            [pgctl] Stopped: crashy
            [pgctl]
            [pgctl] There might be useful information further up in the log; you can view it by running:
            [pgctl]     less +G playground/crashy/logs/current
            [pgctl] ERROR: Some services failed to start: crashy

            """)
        #expect(!project.supervisorRunning("crashy"))
        #expect(project.supervisorRunning("fine"))
    }

    @Test("§10.1.5 a crash loop shorter than the timeout is reported as such at the timeout")
    func crashLoopTimeout() throws {
        let project = try PgctlProject("crash-loop")
        defer { project.cleanUp() }
        let run = try project.pgctl(["start", "crashy"], environment: ["PGCTL_TIMEOUT": "0.5"])
        #expect(run.exitCode == 1)
        #expect(run.stderr.contains("[pgctl] ERROR: service 'crashy' failed to start after 0.50 seconds"))
        #expect(run.stderr.contains(", it keeps exiting (exit code 3)\n"))
    }

    @Test("§10.1.5 a non-executable or missing run fails at once", arguments: [
        ("not-executable", "lazy", "its run script is not executable: playground/lazy/run"),
        ("missing-run", "empty", "its run script does not exist: playground/empty/run"),
    ])
    func brokenRun(fixture: String, service: String, reason: String) throws {
        let project = try PgctlProject(fixture)
        defer { project.cleanUp() }
        let run = try project.pgctl(["start"])
        #expect(run.exitCode == 1)
        // Detected before anything runs: the elapsed time is a few milliseconds at most (on a
        // loaded machine it can round to 0.01 or more).
        let stderr = Normalize.replace(run.stderr, #"failed to start after 0\.0\d seconds"#, "failed to start after 0.00 seconds")
        #expect(stderr == """
            [pgctl] Starting: \(service)
            [pgctl] ERROR: service '\(service)' failed to start after 0.00 seconds, \(reason)
            ==> playground/\(service)/logs/current <==
            [pgctl] Already stopped: \(service)
            [pgctl]
            [pgctl] There might be useful information further up in the log; you can view it by running:
            [pgctl]     less +G playground/\(service)/logs/current
            [pgctl] ERROR: Some services failed to start: \(service)

            """)
        #expect(!project.supervisorRunning(service))
    }

    @Test("§9.51 a down file is removed by start")
    func downFileRemoved() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        _ = FileManager.default.createFile(atPath: project.service("sleep") + "/down", contents: nil)
        let run = try project.pgctl(["start"])
        #expect(run.exitCode == 0)
        #expect(!FileManager.default.fileExists(atPath: project.service("sleep") + "/down"))
        #expect(try project.status("sleep").isUp)
    }

    @Test("a bad timeout-ready is an error naming the file")
    func badTimeoutFile() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        try "soon\n".write(toFile: project.service("sleep") + "/timeout-ready", atomically: true, encoding: .utf8)
        let run = try project.pgctl(["start"])
        #expect(run.exitCode == 1)
        #expect(run.stderr == "[pgctl] ERROR: invalid timeout-ready in \(project.service("sleep")): 'soon' is not a number of seconds\n")
    }

    @Test("a timeout file that cannot be read (a directory in its place) is an error naming it, not \"absent\" (issue #11)",
          arguments: ["start", "stop"])
    func unreadableTimeoutFile(command: String) throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        let file = project.service("sleep") + (command == "start" ? "/timeout-ready" : "/timeout-stop")
        try FileManager.default.createDirectory(atPath: file, withIntermediateDirectories: false)
        let run = try project.pgctl([command])
        #expect(run.exitCode == 1, "\(run)")
        #expect(run.stderr == "[pgctl] ERROR: cannot read \(file): Is a directory\n", "\(run)")
        #expect(!project.supervisorRunning("sleep"))
    }

    @Test("a hexadecimal or infinite timeout in the environment is refused like one in a file (one seconds parser, issue #11)",
          arguments: [("0x10", "'0x10' is not a number of seconds"), ("inf", "'inf' is too large (at most 31536000 seconds)")])
    func oneSecondsParser(value: String, reason: String) throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        let run = try project.pgctl(["start"], environment: ["PGCTL_TIMEOUT": value])
        #expect(run.exitCode == 1, "\(run)")
        #expect(run.stderr == "[pgctl] ERROR: environment variable PGCTL_TIMEOUT: invalid value for 'timeout': \(reason)\n", "\(run)")
    }
}
