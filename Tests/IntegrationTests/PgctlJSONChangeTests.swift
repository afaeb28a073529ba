import Foundation
import Testing
import TestSupport

/// `start --json`, `restart --json`, `stop --json` (issue 13): progress on stderr, one JSON
/// document on stdout at the end.
@Suite("pgctl start/stop/restart --json (end to end)", .serialized, .timeLimit(.minutes(5)))
struct PgctlJSONChangeTests {
    /// The document on stdout, decoded.
    static func document(_ run: PgctlRun) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
        return try #require(object as? [String: Any], "\(run)")
    }

    @Test("start, start again, restart and stop: the services done, nothing failed, exit 0")
    func success() throws {
        let project = try PgctlProject("multiple")
        defer { project.cleanUp() }
        let start = try project.pgctl(["start", "sleep", "tail", "--json"])
        #expect(start.exitCode == 0, "\(start)")
        #expect(start.stderr.contains("[pgctl] Started: sleep\n") && start.stderr.contains("[pgctl] Started: tail\n"))
        let started = try Self.document(start)
        #expect(Set(started.keys) == ["started", "failed", "not_started"])
        #expect(Set(started["started"] as? [String] ?? []) == ["sleep", "tail"])
        #expect((started["failed"] as? [Any])?.isEmpty == true)
        #expect((started["not_started"] as? [Any])?.isEmpty == true)

        let again = try project.pgctl(["--json", "start", "sleep"])
        #expect(again.stderr == "[pgctl] Already started: sleep\n")
        #expect(again.stdout == "{\n    \"failed\": [],\n    \"not_started\": [],\n    \"started\": [\n        \"sleep\"\n    ]\n}\n")

        let restart = try project.pgctl(["restart", "--json", "sleep"])
        #expect(restart.exitCode == 0, "\(restart)")
        #expect(try Self.document(restart)["started"] as? [String] == ["sleep"])

        let stop = try project.pgctl(["stop", "--json", "sleep", "tail"])
        #expect(stop.exitCode == 0, "\(stop)")
        let stopped = try Self.document(stop)
        #expect(Set(stopped.keys) == ["stopped", "failed", "not_started"])
        #expect(Set(stopped["stopped"] as? [String] ?? []) == ["sleep", "tail"])
        #expect(try project.pgctl(["stop", "--json", "sleep"]).stdout.contains("\"stopped\": [\n        \"sleep\"\n    ]"))
    }

    @Test("a start that fails: reason, exit code, status and the log's last lines; exit 1")
    func failure() throws {
        let project = try PgctlProject("crash-loop")
        defer { project.cleanUp() }
        let run = try project.pgctl(["start", "--json"])
        #expect(run.exitCode == 1, "\(run)")
        #expect(run.stderr.contains("[pgctl] ERROR: service 'crashy' failed to start after "))
        #expect(run.stderr.contains("[pgctl] ERROR: Some services failed to start: crashy\n"))
        let document = try Self.document(run)
        #expect(document["started"] as? [String] == ["fine"])
        let failed = try #require(document["failed"] as? [[String: Any]])
        #expect(failed.count == 1)
        let crashy = try #require(failed.first)
        #expect(Set(crashy.keys) == ["service", "reason", "exit_code", "signal", "status", "log"])
        #expect(crashy["service"] as? String == "crashy")
        #expect(crashy["reason"] as? String == "it keeps exiting (exit code 3)")
        #expect(crashy["exit_code"] as? Int == 3)
        #expect(crashy["signal"] is NSNull)
        #expect(crashy["status"] as? String == "down")
        let log = try #require(crashy["log"] as? [String])
        #expect(!log.isEmpty && log.allSatisfy { $0.hasSuffix("crashy: cannot bind to port 9001") }, "\(log)")
        #expect((document["not_started"] as? [Any])?.isEmpty == true)
    }

    @Test("restart --json whose stop fails: the failure, and the others in not_started")
    func restartStopFails() throws {
        let project = try PgctlProject("slow-shutdown")
        defer { project.cleanUp() }
        try ServiceDirectoryBuilder.make(at: project.service("other"), run: "exec sleep infinity")
        let environment = ["PGCTL_TIMEOUT": "1.5", "BACKGROUND_SLEEP": "0.75", "FOREGROUND_SLEEP": "2.5"]
        #expect(try project.pgctl(["start", "sweet", "other"], environment: environment).exitCode == 0)
        try waitUntil("sweet's lines", timeout: 10) { project.logText("sweet") == "sweet\nsweet_error\n" }
        let run = try project.pgctl(["restart", "--json", "--no-force", "sweet", "other"], environment: environment)
        #expect(run.exitCode == 1, "\(run)")
        #expect(run.stderr.contains("[pgctl] ERROR: service 'sweet' failed to stop after 1.50 seconds, its status is "))
        let document = try Self.document(run)
        #expect((document["started"] as? [Any])?.isEmpty == true)
        let failed = try #require(document["failed"] as? [[String: Any]])
        #expect(failed.count == 1)
        #expect(failed.first?["service"] as? String == "sweet")
        #expect((failed.first?["reason"] as? String)?.hasPrefix("its status is ") == true)
        #expect(failed.first?["exit_code"] is NSNull && failed.first?["signal"] is NSNull)
        #expect(["up", "ready"].contains(failed.first?["status"] as? String ?? ""))
        #expect((failed.first?["log"] as? [String])?.last?.hasSuffix("sweet_error") == true)
        let notStarted = try #require(document["not_started"] as? [[String: String]])
        #expect(notStarted == [["service": "other", "reason": "the restart stopped because sweet failed to stop"]])
    }

    @Test("log lines with control characters and invalid UTF-8 are escaped as JSON")
    func escaping() throws {
        let project = try PgctlProject("crash-loop")
        defer { project.cleanUp() }
        try ServiceDirectoryBuilder.make(at: project.service("noisy"),
                                         run: #"printf 'tab\tbell\007 bytes \377\376 "q" \\ end\n'; exit 4"#)
        let run = try project.pgctl(["start", "noisy", "--json"])
        #expect(run.exitCode == 1, "\(run)")
        #expect(run.stdout.utf8.allSatisfy { $0 < 0x80 }, "ASCII only (ensure_ascii)")
        #expect(run.stdout.contains(#"tab\tbell\u0007 bytes \ufffd\ufffd \"q\" \\ end""#), "\(run.stdout)")
        let failed = try #require(try Self.document(run)["failed"] as? [[String: Any]])
        #expect(failed.first?["exit_code"] as? Int == 4)
        let line = try #require((failed.first?["log"] as? [String])?.last)
        #expect(line.hasSuffix("tab\tbell\u{07} bytes \u{FFFD}\u{FFFD} \"q\" \\ end"), "\(line)")
    }
}

/// Crash forensics in `status` (issue 14): `supervise/death_tally` read back as `deaths`,
/// `last_exit`, `last_death` and the text after `—`.
@Suite("pgctl status crash forensics (end to end)", .serialized, .timeLimit(.minutes(5)))
struct PgctlCrashForensicsTests {
    /// The status object of `name` from `status --json`.
    static func jsonStatus(_ project: PgctlProject, _ name: String) throws -> [String: Any] {
        let run = try project.pgctl(["status", "--json", name])
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: [String: Any]]
        return try #require(object?[name], "\(run)")
    }

    /// Kills the current `run` of `name` — its pid as `status --json` shows it — with SIGKILL
    /// and waits until the supervisor has restarted it (a new pid, up).
    static func killRun(_ project: PgctlProject, _ name: String) throws {
        let before = try project.status(name)
        let shown = try #require(try jsonStatus(project, name)["pid"] as? Int)
        #expect(before.isUp && Int32(shown) == before.pid)
        kill(Int32(shown), SIGKILL)
        try waitUntil("\(name) to be restarted", timeout: 10) {
            let now = try project.status(name)
            return now.isUp && now.pid != before.pid
        }
    }

    @Test("real SIGKILLs of run: deaths, last_exit {signal}, last_death, and the text")
    func killed() throws {
        let project = try PgctlProject("multiple")
        defer { project.cleanUp() }
        try project.pgctl(["start", "sleep"])
        let fresh = try Self.jsonStatus(project, "sleep")
        #expect(fresh["deaths"] as? Int == 0)
        #expect(fresh["last_exit"] is NSNull && fresh["last_death"] is NSNull)
        #expect(Normalize.text(try project.pgctl(["status", "sleep"]).stdout) == " ● sleep: ready\n   └─ pid: {PID}, {T} seconds\n")
        // Unsupervised services keep pgctl 5.2.1's five keys.
        #expect(try Self.jsonStatus(project, "tail").count == 5)

        try Self.killRun(project, "sleep")
        try Self.killRun(project, "sleep")
        let status = try Self.jsonStatus(project, "sleep")
        #expect(status["deaths"] as? Int == 2)
        #expect(status["last_exit"] as? [String: String] == ["signal": "SIGKILL"])
        let ago = try #require(status["last_death"] as? Int)
        #expect(ago >= 0 && ago < 60)
        let text = try project.pgctl(["status", "sleep"]).stdout
        #expect(Normalize.text(text) == " ● sleep: ready\n   └─ pid: {PID}, {T} seconds — died 2 times, last killed by SIGKILL {T} seconds ago\n", "\(text)")
    }

    @Test("a crash loop: died N times in S seconds while restarting, last_exit {code}")
    func crashLoop() throws {
        let project = try PgctlProject("multiple")
        defer { project.cleanUp() }
        // Up at first (so start succeeds), then exits 3 at every restart.
        try ServiceDirectoryBuilder.make(at: project.service("flappy"),
                                         run: "[ -e ran-once ] && { echo flapping; exit 3; }\ntouch ran-once\nexec sleep infinity")
        #expect(try project.pgctl(["start", "flappy"]).exitCode == 0)
        kill(try project.status("flappy").pid, SIGKILL)
        try waitUntil("three deaths", timeout: 20) { (try Self.jsonStatus(project, "flappy")["deaths"] as? Int ?? 0) >= 3 }
        // Between two restarts it is down and "starting": the loop form.
        var text = ""
        try waitUntil("a look between two restarts", timeout: 20) {
            text = try project.pgctl(["status", "flappy"]).stdout
            return text.contains("starting —")
        }
        #expect(text.range(of: #"^ ● flappy: down\n   └─ exitcode: 3, \d+ seconds, starting — died \d+ times in \d+ seconds\n$"#,
                           options: .regularExpression) != nil, "\(text)")
        let status = try Self.jsonStatus(project, "flappy")
        #expect(status["last_exit"] as? [String: Int] == ["code": 3])
        #expect((status["deaths"] as? Int ?? 0) >= 3)
        // Asked down, the history stays and is worded with the last death.
        #expect(try project.pgctl(["stop", "flappy"]).exitCode == 0)
    }

    @Test("the real s6-supervise's death_tally reads the same", .enabled(if: RealS6.isInstalled, RealS6.skipReason))
    func realS6() throws {
        let project = try PgctlProject("multiple")
        defer { project.cleanUp() }
        let hand = try HandSupervisedService(project: project, name: "hand", run: "exec sleep infinity")
        defer { hand.stop() }
        try hand.start()
        try waitUntil("hand to be up", timeout: 10) { (try? project.status("hand"))?.isUp == true }
        try Self.killRun(project, "hand")
        let status = try Self.jsonStatus(project, "hand")
        #expect(status["deaths"] as? Int == 1)
        #expect(status["last_exit"] as? [String: String] == ["signal": "SIGKILL"])
        #expect(Normalize.text(try project.pgctl(["status", "hand"]).stdout)
            == " ● hand: ready\n   └─ pid: {PID}, {T} seconds — died 1 time, last killed by SIGKILL {T} seconds ago\n")
        // Down on request: the last death is the SIGTERM of the stop.
        #expect(try Command.run(RealS6.tool("s6-svc"), ["-wD", "-d", hand.path]).exitCode == 0)
        let down = try project.pgctl(["status", "hand"]).stdout
        #expect(Normalize.text(down) == " ● hand: down\n   └─ {T} seconds — died 2 times, last killed by SIGTERM {T} seconds ago\n", "\(down)")

        // A crash loop under the real s6-supervise.
        let loop = try HandSupervisedService(project: project, name: "loop", run: "echo looping; exit 3")
        defer { loop.stop() }
        try loop.start()
        try waitUntil("two deaths", timeout: 20) { (try Self.jsonStatus(project, "loop")["deaths"] as? Int ?? 0) >= 2 }
        var text = ""
        try waitUntil("a look between two restarts", timeout: 20) {
            text = try project.pgctl(["status", "loop"]).stdout
            return text.contains("starting —")
        }
        #expect(text.range(of: #"^ ● loop: down\n   └─ exitcode: 3, \d+ seconds, starting — died \d+ times in \d+ seconds\n$"#,
                           options: .regularExpression) != nil, "\(text)")
        #expect(try Self.jsonStatus(project, "loop")["last_exit"] as? [String: Int] == ["code": 3])
    }
}
