import Foundation
import Testing
import TestSupport

/// Spec §9 scenarios 27–33, 35–37: `status` (text and JSON) and basic `log`.
@Suite("pgctl status and log (end to end)", .serialized, .timeLimit(.minutes(5)))
struct PgctlStatusLogTests {
    @Test("§9.27 status of the default alias and of -a")
    func statusAliases() throws {
        let project = try PgctlProject("output")
        defer { project.cleanUp() }
        let run = try project.pgctl(["status"])
        #expect(run.exitCode == 0)
        #expect(run.stdout == " ● ohhi: down\n ● sweet: down\n")
        #expect(run.stderr == "")
        let all = try project.pgctl(["status", "-a"])
        #expect(all.stdout == " ● ohhi: down\n ● sleep: down\n ● sweet: down\n")
    }

    @Test("§9.28/§9.29 a stopped service, text and JSON")
    func stopped() throws {
        let project = try PgctlProject("multiple")
        defer { project.cleanUp() }
        try project.pgctl(["start", "sleep"])
        try project.pgctl(["stop", "sleep"])
        let text = try project.pgctl(["status", "sleep"])
        #expect(text.exitCode == 0)
        #expect(text.stdout == " ● sleep: down\n")
        #expect(text.stderr == "")
        let json = try project.pgctl(["--json", "status", "sleep"])
        #expect(json.stdout == """
            {
                "sleep": {
                    "exitcode": null,
                    "pid": null,
                    "process": null,
                    "seconds": null,
                    "state": "down"
                }
            }

            """)
    }

    @Test("§9.30/§9.31 an up service: ready with pid and seconds; several services")
    func up() throws {
        let project = try PgctlProject("multiple")
        defer { project.cleanUp() }
        try project.pgctl(["start", "sleep"])
        let pid = try project.status("sleep").pid
        let text = try project.pgctl(["status", "sleep"])
        #expect(Normalize.text(text.stdout) == " ● sleep: ready\n   └─ pid: {PID}, {T} seconds\n")
        #expect(text.stdout.contains("pid: \(pid),"))
        let json = try project.pgctl(["status", "sleep", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: [String: Any]]
        let sleep = try #require(object?["sleep"])
        #expect(sleep["state"] as? String == "ready")
        #expect(sleep["pid"] as? Int == Int(pid))
        #expect(sleep["seconds"] is Int)
        #expect(sleep["exitcode"] is NSNull && sleep["process"] is NSNull)
        let two = try project.pgctl(["status", "sleep", "tail"])
        #expect(Normalize.text(two.stdout) == " ● sleep: ready\n   └─ pid: {PID}, {T} seconds\n ● tail: down\n")
        let twoJSON = try project.pgctl(["status", "sleep", "tail", "--json"])
        let both = try JSONSerialization.jsonObject(with: Data(twoJSON.stdout.utf8)) as? [String: Any]
        #expect(Set(both?.keys.map { $0 } ?? []) == ["sleep", "tail"])
    }

    @Test("§9.32/§9.33 status of all, and again after the project was wiped and copied back (git clean)")
    func gitCleanRecovery() throws {
        let project = try PgctlProject("multiple")
        defer { project.cleanUp() }
        try project.pgctl(["start", "tail"])
        let before = try project.pgctl(["status"])
        #expect(Normalize.text(before.stdout) == " ● sleep: down\n ● tail: ready\n   └─ pid: {PID}, {T} seconds\n")
        try FileManager.default.removeItem(atPath: project.root)
        let copy = try Command.run("/bin/cp", ["-a", FixtureFiles.root + "/playgrounds/multiple", project.root])
        #expect(copy.exitCode == 0)
        let after = try project.pgctl(["status"])
        #expect(Normalize.text(after.stdout) == Normalize.text(before.stdout))
        let pid = try #require(Int32(Normalize.replace(before.stdout, #"(?s).*pid: (\d+),.*"#, "$1")))
        #expect(after.stdout.contains("pid: \(pid),"))
        // And it can still be stopped from the fresh copy.
        let stop = try project.pgctl(["stop"])
        #expect(stop.exitCode == 0, "\(stop)")
        #expect(!processIsAlive(pid))
    }

    @Test("§9.35 no colour escapes when stdout is not a terminal")
    func noColors() throws {
        let project = try PgctlProject("multiple")
        defer { project.cleanUp() }
        try project.pgctl(["start", "sleep"])
        let run = try project.pgctl(["status"])
        #expect(!run.stdout.contains("\u{1B}"))
    }

    @Test("§9.36 log before anything started")
    func logEmpty() throws {
        let project = try PgctlProject("output")
        defer { project.cleanUp() }
        let run = try project.pgctl(["log"])
        #expect(run.exitCode == 0)
        #expect(run.stdout == "==> playground/ohhi/logs/current <==\n\n==> playground/sweet/logs/current <==\n")
    }

    @Test("§9.37 log shows a service's output; a restart appends to it")
    func logAfterStart() throws {
        let project = try PgctlProject("output")
        defer { project.cleanUp() }
        try project.pgctl(["start", "sweet"])
        try waitUntil("sweet's lines", timeout: 10) { project.logText("sweet")?.contains("sweet_error") == true }
        let log = try project.pgctl(["log"])
        #expect(Normalize.text(log.stdout) == "==> playground/ohhi/logs/current <==\n\n==> playground/sweet/logs/current <==\n{TS} sweet\n{TS} sweet_error\n")
        try project.pgctl(["restart", "sweet"])
        try waitUntil("sweet's lines twice", timeout: 10) {
            project.logText("sweet") == "sweet\nsweet_error\nsweet\nsweet_error\n"
        }
        let again = try project.pgctl(["log", "sweet"])
        #expect(Normalize.text(again.stdout) == "==> playground/sweet/logs/current <==\n{TS} sweet\n{TS} sweet_error\n{TS} sweet\n{TS} sweet_error\n")
    }

    @Test("log shows only the last 30 lines")
    func logLast30() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        try FileManager.default.createDirectory(atPath: project.service("sleep") + "/logs", withIntermediateDirectories: true)
        let lines = (1...45).map { "line \($0)\n" }.joined()
        try lines.write(toFile: project.service("sleep") + "/logs/current", atomically: true, encoding: .utf8)
        let run = try project.pgctl(["log"], in: "playground")
        #expect(run.stdout == "==> sleep/logs/current <==\n" + (16...45).map { "line \($0)\n" }.joined())
    }
}
