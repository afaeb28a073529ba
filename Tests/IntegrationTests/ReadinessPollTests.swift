import Foundation
import Testing
import TestSupport

/// pgctl-poll-ready under pgctl (spec §9.46, §9.52–§9.55): off during `debug`, short check
/// failures tolerated, quick stops, orphans of a poll-ready service.
@Suite("readiness: pgctl-poll-ready under pgctl (end to end)", .serialized, .timeLimit(.minutes(3)))
struct ReadinessPollTests {
    @Test("§9.46 debug: pgctl-poll-ready says it is disabled and execs the command in the foreground")
    func debugDisablesPolling() throws {
        let project = try PgctlProject("unreliable")
        let debug = try project.readinessLaunch(["debug", "unreliable"])
        defer { debug.kill(SIGKILL); project.stopAll(); project.cleanUp() }
        // pgctl → run → pgctl-poll-ready → `sleep infinity`, all one process.
        try waitUntil("pgctl debug to become `sleep infinity`", timeout: 20) {
            Readiness.arguments(of: debug.pid) == ["sleep", "infinity"] || !debug.isRunning
        }
        #expect(debug.isRunning)
        #expect(debug.stderr == "pgctl-poll-ready: disabled during debug -- quitting\n")
        #expect(debug.stdout == "")
        // No monitor was left behind and no ready check ran.
        #expect(project.serviceProcesses() == [debug.pid])
        #expect(!FileManager.default.fileExists(atPath: project.scratch("unreliable") + "/ready-checks"))
        debug.kill(SIGTERM)
        #expect(try debug.wait(timeout: 10) == 128 + SIGTERM)
        #expect(debug.stderr == "pgctl-poll-ready: disabled during debug -- quitting\n")
    }

    @Test("§9.52 unreliable: two failed checks after readiness are reported, no restart")
    func unreliableIsNotRestarted() throws {
        let project = try PgctlProject("unreliable")
        defer { project.stopAll(); project.cleanUp() }
        let run = try project.readinessRun(["start"])
        #expect(run.exitCode == 0)
        #expect(run.stderr == "[pgctl] Starting: unreliable\n[pgctl] Started: unreliable\n", "\(run)")
        let pid = try #require(try project.reportedStatus("unreliable").pid)
        // Checks 4 and 5 passed: no more failures can come.
        let counter = project.scratch("unreliable") + "/ready-checks"
        try waitUntil("five ready checks and three log lines", timeout: 20) {
            let count = (try? String(contentsOfFile: counter, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
            return count >= 5 && Readiness.logLines(project.log("unreliable")).count >= 3
        }
        let log = project.log("unreliable")
        #expect(Readiness.logLines(log).map(Readiness.normalizedLine) == [
            "pgctl-poll-ready: service's ready check succeeded",
            "pgctl-poll-ready: failed (restarting in {T} seconds)",
            "pgctl-poll-ready: failed (restarting in {T} seconds)",
        ], "\(log)")
        #expect(Readiness.everyLineStamped(log), "\(log)")
        #expect(try project.reportedStatus("unreliable") == ReportedStatus(state: "ready", pid: pid))
    }

    @Test("§9.53 a poll-ready service with a 10 s poll-down stops in under 2 seconds")
    func quickShutdown() throws {
        let project = try PgctlProject("poll-ready-quick-shutdown")
        defer { project.stopAll(); project.cleanUp() }
        let start = try project.readinessRun(["start"])
        #expect(start.exitCode == 0, "\(start)")
        #expect(try project.reportedStatus("poll-ready-quick-shutdown").state == "ready")
        let began = Date()
        let stop = try project.readinessRun(["stop"])
        let took = Date().timeIntervalSince(began)
        #expect(stop.exitCode == 0)
        #expect(stop.stderr == "[pgctl] Stopping: poll-ready-quick-shutdown\n[pgctl] Stopped: poll-ready-quick-shutdown\n", "\(stop)")
        #expect(took < 2, "stop took \(took) s")
        #expect(project.serviceProcesses().isEmpty)
        #expect(Readiness.logLines(project.log("poll-ready-quick-shutdown")) == [
            "pgctl-poll-ready: service's ready check succeeded",
            "pgctl-poll-ready: service is stopping -- quitting the poll",
        ])
    }

    @Test("§9.54/§9.55 orphan-subprocess: both start; restarting the poll-ready service kills its escaped sleep")
    func orphanOfPollReadyService() throws {
        let project = try PgctlProject("orphan-subprocess-poll-ready")
        defer { project.stopAll(); project.cleanUp() }
        let run = try project.readinessRun(["start"], environment: ["PGCTL_TIMEOUT": "5"])
        #expect(run.exitCode == 0)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "[pgctl] Starting: slow-startup, sweet", "\(run)")
        #expect(Set(lines.dropFirst()) == ["[pgctl] Started: sweet", "[pgctl] Started: slow-startup"], "\(run)")
        #expect(lines.count == 3)
        #expect(Readiness.logLines(project.log("slow-startup")).contains("pgctl-poll-ready: service's ready check succeeded"))
        try waitUntil("sweet's two lines", timeout: 10) {
            Set(Readiness.logLines(project.log("sweet"))) == ["sweet", "sweet_error"]
        }

        // The escaped `sleep 987654` keeps the service lock: the stop inside the restart kills it.
        let restart = try project.readinessRun(["restart", "slow-startup"], environment: ["PGCTL_TIMEOUT": "5"])
        #expect(restart.exitCode == 0, "\(restart)")
        let text = Readiness.normalized(restart.stderr)
        #expect(text.hasPrefix("""
            [pgctl] Stopping: slow-startup
            [pgctl] WARNING: Killing these runaway processes which did not stop:

            """), "\(restart)")
        #expect(text.contains("sleep 987654\n"), "\(restart)")
        #expect(text.hasSuffix("""

            They were still running {T} seconds after the service was sent SIGTERM (its stop signal), so pgctl sent them SIGKILL.
            A server that stops on another signal needs it in playground/slow-startup/down-signal (postgres: SIGINT, nginx: SIGQUIT);
            one that needs more time needs the seconds in playground/slow-startup/timeout-stop.
            Learn more: https://pgctl.readthedocs.org/en/latest/user/quickstart.html#writing-playground-services

            [pgctl] Stopped: slow-startup
            [pgctl] Starting: slow-startup
            [pgctl] Started: slow-startup

            """), "\(restart)")
        #expect(try project.reportedStatus("slow-startup").state == "ready")
    }
}
