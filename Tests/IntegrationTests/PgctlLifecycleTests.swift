import Foundation
import Testing
import TestSupport

/// Spec §9 scenarios 10–20, 22–24, 26: start, stop, restart end to end with the built pgctl
/// and our supervisor, checking the exact output and the real state afterwards.
@Suite("pgctl start/stop/restart (end to end)", .serialized, .timeLimit(.minutes(5)))
struct PgctlLifecycleTests {
    @Test("§9.10 start twice: the second says Already started")
    func startTwice() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        let first = try project.pgctl(["start", "sleep"])
        #expect(first.exitCode == 0, "\(first)")
        #expect(first.stderr == "[pgctl] Starting: sleep\n[pgctl] Started: sleep\n")
        let second = try project.pgctl(["start", "sleep"])
        #expect(second.exitCode == 0, "\(second)")
        #expect(second.stderr == "[pgctl] Already started: sleep\n")
        #expect(second.stdout == "")
        let status = try project.status("sleep")
        #expect(status.isUp && processIsAlive(status.pid))
    }

    @Test("§9.11 start from inside the playground")
    func startFromPlayground() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        let run = try project.pgctl(["start", "sleep"], in: "playground")
        #expect(run.exitCode == 0)
        #expect(run.stdout == "")
        #expect(run.stderr == "[pgctl] Starting: sleep\n[pgctl] Started: sleep\n")
        #expect(project.supervisorRunning("sleep"))
    }

    @Test("§9.12 unknown services", arguments: [["start", "unknown"], ["stop", "unknown"], ["log", "i-dont-exist"], ["status", "garbage"]])
    func unknownService(arguments: [String]) throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        let run = try project.pgctl(arguments)
        #expect(run.exitCode == 1)
        #expect(run.stderr == "[pgctl] ERROR: No such service: 'playground/\(arguments[1])'\n")
        #expect(project.serviceProcesses().isEmpty)
    }

    @Test("§9.13 start then stop leaves nothing running; stop before any start succeeds")
    func startStop() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        let early = try project.pgctl(["stop", "sleep"])
        #expect(early.exitCode == 0)
        #expect(early.stderr == "[pgctl] Already stopped: sleep\n")
        try project.pgctl(["start", "sleep"])
        let pid = try project.status("sleep").pid
        let stop = try project.pgctl(["stop", "sleep"])
        #expect(stop.exitCode == 0)
        #expect(stop.stderr == "[pgctl] Stopping: sleep\n[pgctl] Stopped: sleep\n")
        #expect(!project.supervisorRunning("sleep"))
        #expect(!processIsAlive(pid))
        #expect(project.serviceProcesses().isEmpty)
        #expect(try project.pgctl(["status", "sleep"]).stdout == " ● sleep: down\n")
    }

    @Test("§9.14 stop --verbose prints the logger phase")
    func stopVerbose() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        try project.pgctl(["start", "sleep"])
        let stop = try project.pgctl(["stop", "sleep", "--verbose"])
        #expect(stop.exitCode == 0)
        #expect(stop.stderr == """
            [pgctl] Stopping: sleep
            [pgctl] Stopped: sleep
            [pgctl] Stopping logger for: sleep
            [pgctl] Stopped logger for: sleep

            """)
    }

    @Test("§9.15 restart when stopped")
    func restartStopped() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        let run = try project.pgctl(["restart", "sleep"])
        #expect(run.exitCode == 0)
        #expect(run.stderr == "[pgctl] Already stopped: sleep\n[pgctl] Starting: sleep\n[pgctl] Started: sleep\n")
        #expect(try project.status("sleep").isUp)
    }

    @Test("§9.16 restart when up gives a new pid")
    func restartUp() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        try project.pgctl(["start", "sleep"])
        let before = try project.status("sleep").pid
        let run = try project.pgctl(["restart", "sleep"])
        #expect(run.exitCode == 0)
        #expect(run.stderr == "[pgctl] Stopping: sleep\n[pgctl] Stopped: sleep\n[pgctl] Starting: sleep\n[pgctl] Started: sleep\n")
        let after = try project.status("sleep")
        #expect(after.isUp && after.pid != before && processIsAlive(after.pid))
        #expect(!processIsAlive(before))
    }

    @Test("§9.17 selecting services of a multi-service playground")
    func multiple() throws {
        let project = try PgctlProject("multiple")
        defer { project.cleanUp() }
        try project.pgctl(["start", "sleep"])
        #expect(project.supervisorRunning("sleep") && !project.supervisorRunning("tail"))
        let both = try project.pgctl(["start", "sleep", "tail"])
        #expect(both.stderr == "[pgctl] Starting: sleep, tail\n[pgctl] Started: sleep\n[pgctl] Started: tail\n")
        #expect(project.supervisorRunning("tail"))
        let stop = try project.pgctl(["stop", "sleep", "tail"])
        #expect(stop.exitCode == 0)
        #expect(!project.supervisorRunning("sleep") && !project.supervisorRunning("tail"))
        let all = try project.pgctl(["start"])
        #expect(all.exitCode == 0)
        #expect(all.stderr.hasPrefix("[pgctl] Starting: sleep, tail\n"))
        #expect(project.supervisorRunning("sleep") && project.supervisorRunning("tail"))
    }

    @Test("§9.18 the date service writes into its scratch directory, also by absolute path and PGCTL_PGDIR")
    func dateScratch() throws {
        let project = try PgctlProject("date")
        defer { project.cleanUp() }
        let dateFile = project.scratch("date") + "/now.date"
        let run = try project.pgctl(["start", "date"])
        #expect(run.exitCode == 0, "\(run)")
        try waitUntil("now.date", timeout: 10) { FileManager.default.fileExists(atPath: dateFile) }
        try project.pgctl(["stop", "date"])
        try FileManager.default.removeItem(atPath: dateFile)

        let elsewhere = project.temp.path
        let absolute = try project.pgctl(["start", project.service("date")], in: elsewhere)
        #expect(absolute.exitCode == 0, "\(absolute)")
        try waitUntil("now.date (absolute path)", timeout: 10) { FileManager.default.fileExists(atPath: dateFile) }
        let absoluteStop = try project.pgctl(["stop", project.service("date")], in: elsewhere)
        #expect(absoluteStop.exitCode == 0, "\(absoluteStop)")  // §10.1.6 fixed: no playground needed
        try FileManager.default.removeItem(atPath: dateFile)

        let viaEnv = try project.pgctl(["start", "date"], in: elsewhere, environment: ["PGCTL_PGDIR": project.root + "/playground"])
        #expect(viaEnv.exitCode == 0, "\(viaEnv)")
        try waitUntil("now.date (PGCTL_PGDIR)", timeout: 10) { FileManager.default.fileExists(atPath: dateFile) }
    }

    @Test("§9.19 tail copies input to output")
    func tail() throws {
        let project = try PgctlProject("tail")
        defer { project.cleanUp() }
        try "oh, hi there.\n".write(toFile: project.root + "/input", atomically: true, encoding: .utf8)
        let run = try project.pgctl(["start", "tail"])
        #expect(run.exitCode == 0)
        try waitUntil("output", timeout: 10) { project.read("output") == "oh, hi there.\n" }
    }

    @Test("§9.20 the environment is captured at (re)start")
    func environment() throws {
        let project = try PgctlProject("environment")
        defer { project.cleanUp() }
        try project.pgctl(["start"], environment: ["MYVAR": "ohhi"])
        try waitUntil("ohhi in the log", timeout: 10) { project.logText("environment") == "ohhi\n" }
        let restart = try project.pgctl(["restart"], environment: ["MYVAR": "bye"])
        #expect(restart.exitCode == 0)
        try waitUntil("bye in the log", timeout: 10) { project.logText("environment") == "ohhi\nbye\n" }
        let log = try project.pgctl(["log"])
        #expect(Normalize.text(log.stdout) == "==> playground/environment/logs/current <==\n{TS} ohhi\n{TS} bye\n")
    }

    @Test("§9.22 start-msg output follows Started")
    func startMessage() throws {
        let project = try PgctlProject("start-message")
        defer { project.cleanUp() }
        let run = try project.pgctl(["start"])
        #expect(run.exitCode == 0)
        #expect(run.stderr == "[pgctl] Starting: start-message\n[pgctl] Started: start-message\nService has started at localhost:9001\n")
    }

    @Test("§9.23 a service that starts another service (lock hand-off, DEBUG traces in its log)")
    func dependent() throws {
        let project = try PgctlProject("dependent")
        defer { project.cleanUp() }
        let run = try project.pgctl(["start", "A"])
        #expect(run.exitCode == 0)
        #expect(run.stderr == "[pgctl] Starting: A\n[pgctl] Started: A\n")
        try waitUntil("A's log", timeout: 10) { project.logText("A")?.contains("this is stderr") == true }
        let log = try project.pgctl(["log", "A"])
        let lines = Normalize.stripTimestamps(log.stdout).split(separator: "\n").map(String.init)
        #expect(lines.first == "==> playground/A/logs/current <==")
        // One `loop:` trace per round of checks; the number of rounds is not fixed, so
        // repeated traces are collapsed.
        var deduplicated: [String] = []
        for line in lines.dropFirst() {
            let normalized = Normalize.replace(Normalize.replace(line, #"check_time [0-9.]+"#, "check_time {t}"), #"LOCK: \d+"#, "LOCK: {n}")
            if normalized.contains("check_time"), deduplicated.last == normalized { continue }
            deduplicated.append(normalized)
        }
        #expect(deduplicated.filter { !$0.contains("check_time") } == [
            "[pgctl] Starting: B",
            "[pgctl] DEBUG: parentlock: '\(project.service("A"))'",
            "[pgctl] DEBUG: LOCK: {n}",
            "[pgctl] Started: B",
            "this is stdout",
            "this is stderr",
        ])
        #expect(deduplicated.count >= 4 && deduplicated[3] == "[pgctl] DEBUG: loop: check_time {t}")
        #expect(deduplicated.first == "[pgctl] Starting: B")
        #expect(deduplicated[1] == "[pgctl] DEBUG: parentlock: '\(project.service("A"))'")
        #expect(deduplicated[2] == "[pgctl] DEBUG: LOCK: {n}")
        #expect(Array(deduplicated.suffix(3)) == ["[pgctl] Started: B", "this is stdout", "this is stderr"])
        #expect(project.supervisorRunning("B"))
        let stop = try project.pgctl(["stop", "A"])
        #expect(stop.exitCode == 0)
        #expect(stop.stderr == "[pgctl] Stopping: A\n[pgctl] Stopped: A\n")
        // B was started by A but is its own service: it keeps running.
        #expect(project.supervisorRunning("B"))
    }

    @Test("§1.6 a service restarting itself: the nested pgctl reuses the inherited service lock")
    func restartSelf() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        let script = """
            #!/bin/sh
            if [ ! -e restarted-once ]; then
                touch restarted-once
                ( sleep 0.3; exec pgctl restart sleep ) </dev/null >restart.out 2>&1 &
            fi
            exec sleep infinity

            """
        try script.write(toFile: project.service("sleep") + "/run", atomically: true, encoding: .utf8)
        chmod(project.service("sleep") + "/run", 0o755)
        let start = try project.pgctl(["start"])
        #expect(start.exitCode == 0, "\(start)")
        let first = try project.status("sleep").pid
        let expected = "[pgctl] Stopping: sleep\n[pgctl] Stopped: sleep\n[pgctl] Starting: sleep\n[pgctl] Started: sleep\n"
        try waitUntil("the self-restart to finish", timeout: 20) { project.read("playground/sleep/restart.out") == expected }
        let second = try project.status("sleep")
        #expect(second.isUp && second.pid != first && !processIsAlive(first))
        // The new service still holds the service lock, through the descriptor handed down.
        #expect(try ProcInfo.environment(second.pid).contains("PGCTL_SERVICE_LOCK=3"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(second.pid)/fd/3") == project.service("sleep"))
        let stop = try project.pgctl(["stop"])
        #expect(stop.stderr == "[pgctl] Stopping: sleep\n[pgctl] Stopped: sleep\n")
    }

    @Test("§9.24/§9.26 aliases from pgctl.yaml, default alias")
    func aliases() throws {
        let project = try PgctlProject("output")
        defer { project.cleanUp() }
        let viaAlias = try project.pgctl(["start", "a"])
        #expect(viaAlias.exitCode == 0, "\(viaAlias)")
        #expect(viaAlias.stderr == "[pgctl] Starting: ohhi, sweet\n[pgctl] Started: ohhi\n[pgctl] Started: sweet\n")
        try project.pgctl(["stop", "a"])
        let viaDefault = try project.pgctl(["start"])
        #expect(viaDefault.stderr == "[pgctl] Starting: ohhi, sweet\n[pgctl] Started: ohhi\n[pgctl] Started: sweet\n")
        #expect(project.supervisorRunning("ohhi") && project.supervisorRunning("sweet"))
        #expect(!project.supervisorRunning("sleep"))
    }
}
