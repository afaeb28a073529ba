import Foundation
import Testing
import TestSupport

/// `pgctl start` waits for a `ready` check run by `pgctl-poll-ready` (spec §9.21, §9.47–§9.51,
/// example `slow-startup`: ready two seconds after it starts, `poll-down` 0.01).
@Suite("readiness: start waits for the ready check (end to end)", .serialized, .timeLimit(.minutes(3)))
struct ReadinessStartTests {
    /// What a start that times out prints (§9.47), normalised.
    static let timeoutTranscript = """
        [pgctl] Starting: slow-startup
        [pgctl] ERROR: service 'slow-startup' failed to start after {T} seconds, its status is up (pid {PID}) {T} seconds
        ==> playground/slow-startup/logs/current <==
        {TS} waiting {T} seconds to become ready
        [pgctl] Stopping: slow-startup
        [pgctl] Stopped: slow-startup
        [pgctl]
        [pgctl] There might be useful information further up in the log; you can view it by running:
        [pgctl]     less +G playground/slow-startup/logs/current
        [pgctl] ERROR: Some services failed to start: slow-startup

        """

    @Test("§9.47/§9.48 the default 2 s timeout is too short: start fails, prints the log, stops the service",
          arguments: [[], ["--force"]])
    func timesOut(extra: [String]) throws {
        let project = try PgctlProject("slow-startup")
        defer { project.stopAll(); project.cleanUp() }
        let run = try project.readinessRun(["start"] + extra)
        #expect(run.exitCode == 1)
        #expect(run.stdout == "")
        #expect(Readiness.normalized(run.stderr) == Self.timeoutTranscript, "\(run)")
        #expect(run.stderr.contains("failed to start after 2.00 seconds"))
        #expect(try project.reportedStatus("slow-startup") == ReportedStatus(state: "down", pid: nil))
        #expect(!project.supervisorRunning("slow-startup"))
        #expect(project.serviceProcesses().isEmpty)
        // The monitor saw the supervisor's down event and said so before leaving.
        let log = project.log("slow-startup")
        #expect(Readiness.logLines(log) == [
            "waiting 2 seconds to become ready",
            "pgctl-poll-ready: service is stopping -- quitting the poll",
        ])
        #expect(Readiness.everyLineStamped(log), "\(log)")
        #expect(project.read("playground/slow-startup/notification-fd") == "5\n")
        // The monitor removed its listener FIFO.
        let event = project.service("slow-startup") + "/event"
        #expect(try FileManager.default.contentsOfDirectory(atPath: event).filter { $0.hasPrefix("ftrig1") } == [])
    }

    @Test("§9.49/§9.50 with PGCTL_TIMEOUT=6 start succeeds; a failing check then restarts the service through pgctl restart")
    func succeedsThenRestarts() throws {
        let project = try PgctlProject("slow-startup")
        defer { project.stopAll(); project.cleanUp() }
        let environment = ["PGCTL_TIMEOUT": "6"]
        let started = Date()
        let run = try project.readinessRun(["start"], environment: environment)
        #expect(run.exitCode == 0)
        #expect(run.stdout == "")
        #expect(run.stderr == "[pgctl] Starting: slow-startup\n[pgctl] Started: slow-startup\n", "\(run)")
        #expect(Date().timeIntervalSince(started) >= 2, "start must wait for the ready check")
        let ready = try project.reportedStatus("slow-startup")
        #expect(ready.state == "ready")
        let firstPID = try #require(ready.pid)
        #expect(Readiness.logLines(project.log("slow-startup")) == [
            "waiting 2 seconds to become ready",
            "becoming ready now",
            "pgctl-poll-ready: service's ready check succeeded",
        ])
        // The service found pgctl-poll-ready through the PATH pgctl gave it.
        #expect(try ProcInfo.environment(Int32(firstPID)).contains("PATH=\(Executables.productsDirectory.path):\(Readiness.systemPath)"))

        // §9.50: the check starts failing; after 6 s of failures pgctl-poll-ready restarts it.
        try FileManager.default.removeItem(atPath: project.service("slow-startup") + "/readyfile")
        var sawNotReady = false
        try waitUntil("a new, ready slow-startup", timeout: 40) {
            let status = try project.reportedStatus("slow-startup")
            if status.state != "ready" { sawNotReady = true }
            return status.state == "ready" && status.pid != nil && status.pid != firstPID
        }
        #expect(sawNotReady)
        try waitUntil("the restart's last line in the log: \(project.log("slow-startup").suffix(800))", timeout: 20) {
            project.log("slow-startup").hasSuffix("[pgctl] Started: slow-startup\n")
        }
        let log = project.log("slow-startup")
        #expect(Readiness.everyLineStamped(log), "\(log)")
        let lastThirty = Readiness.logLines(log).suffix(30).map(Readiness.normalizedLine)
        #expect(Array(lastThirty.prefix(22)) == Array(repeating: "pgctl-poll-ready: failed (restarting in {T} seconds)", count: 22))
        #expect(Array(lastThirty.suffix(8)) == [
            "pgctl-poll-ready: failed for more than {T} seconds -- we are restarting this service for you",
            "[pgctl] Stopping: slow-startup",
            "[pgctl] Stopped: slow-startup",
            "[pgctl] Starting: slow-startup",
            "waiting {T} seconds to become ready",
            "becoming ready now",
            "pgctl-poll-ready: service's ready check succeeded",
            "[pgctl] Started: slow-startup",
        ], "\(log)")
        #expect(log.contains("pgctl-poll-ready: failed for more than 6.00 seconds -- we are restarting this service for you\n"))
        // The check did not restart it again, and nothing of the old service is left.
        #expect(try project.reportedStatus("slow-startup").state == "ready")
        let stop = try project.readinessRun(["stop"])
        #expect(stop.exitCode == 0)
        #expect(stop.stderr == "[pgctl] Stopping: slow-startup\n[pgctl] Stopped: slow-startup\n", "\(stop)")
        #expect(project.serviceProcesses().isEmpty)
    }

    @Test("§9.51 a down file in the service directory is gone after a successful start")
    func downFileRemoved() throws {
        let project = try PgctlProject("slow-startup")
        defer { project.stopAll(); project.cleanUp() }
        let down = project.service("slow-startup") + "/down"
        #expect(FileManager.default.createFile(atPath: down, contents: nil))
        let run = try project.readinessRun(["start"], environment: ["PGCTL_TIMEOUT": "6"])
        #expect(run.exitCode == 0, "\(run)")
        #expect(!FileManager.default.fileExists(atPath: down))
        #expect(try project.reportedStatus("slow-startup").state == "ready")
    }

    @Test("§9.21 (without the viewer) from inside playground/, timeout-ready = 10 lets start succeed")
    func timeoutReadyFile() throws {
        let project = try PgctlProject("slow-startup")
        defer { project.stopAll(); project.cleanUp() }
        try "10\n".write(toFile: project.service("slow-startup") + "/timeout-ready", atomically: false, encoding: .utf8)
        let run = try project.readinessRun(["start", "slow-startup"], in: "playground")
        #expect(run.exitCode == 0)
        #expect(run.stdout == "")
        #expect(run.stderr == "[pgctl] Starting: slow-startup\n[pgctl] Started: slow-startup\n", "\(run)")
        #expect(Readiness.logLines(project.log("slow-startup")).contains("pgctl-poll-ready: service's ready check succeeded"))
    }
}
