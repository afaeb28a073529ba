import Foundation
import Testing
import TestSupport

/// Service dependencies (issue 12), end to end on `Fixtures/playgrounds/dependencies`:
/// `web` depends on `db` (`dependencies.d/db`) and `cache` (`dependencies`), `front` on `web`
/// (the `dependencies` key of `pgctl.yaml`), `solo` on nothing. The services record when their
/// run began, when their readiness check passed and when they were asked to stop (their own
/// clock, `events.log`): the orders below are read from there, never from pgctl's output.
/// `db`'s readiness waits until `cache`'s run began and `cache`'s until `db`'s did: a start
/// that did not run them side by side would never finish.
@Suite("pgctl service dependencies (end to end)", .serialized, .timeLimit(.minutes(5)))
struct PgctlDependencyTests {
    @Test("start runs dependencies first, each dependent after its dependencies are ready; independent ones side by side")
    func startInOrder() throws {
        let project = try PgctlProject("dependencies")
        defer { project.cleanUp() }
        let run = try project.pgctl(["start", "front"])
        #expect(run.exitCode == 0, "\(run)")
        let lines = PgctlProject.lines(run.stderr)
        #expect(lines.count == 6, "\(run)")
        if lines.count == 6 {
            #expect(lines[0] == "[pgctl] Starting: cache, db, web, front")
            #expect(Set(lines[1...2]) == ["[pgctl] Started: cache", "[pgctl] Started: db"])
            #expect(lines[3...] == ["[pgctl] Started: web", "[pgctl] Started: front", ""])
        }
        let events = project.dependencyEvents
        // The dependent's run begins after each dependency's readiness.
        #expect(events.precedes(events.time("ready", "db"), events.time("run", "web")), "\(events.events)")
        #expect(events.precedes(events.time("ready", "cache"), events.time("run", "web")), "\(events.events)")
        #expect(events.precedes(events.time("ready", "web"), events.time("run", "front")), "\(events.events)")
        // db and cache ran side by side: each began before the other was ready.
        #expect(events.precedes(events.time("run", "db"), events.time("ready", "cache")), "\(events.events)")
        #expect(events.precedes(events.time("run", "cache"), events.time("ready", "db")), "\(events.events)")
        #expect(events.count("run", "solo") == 0)
        let status = try project.pgctl(["status"])
        #expect(status.stdout.contains(" ● front: ready\n") && status.stdout.contains(" ● web: ready\n"), "\(status)")
        #expect(status.stdout.contains(" ● solo: down\n"), "\(status)")
    }

    @Test("start of everything and of an alias: the same order over the selection plus its dependencies")
    func startAllAndAlias() throws {
        let project = try PgctlProject("dependencies")
        defer { project.cleanUp() }
        let all = try project.pgctl(["start"])
        #expect(all.exitCode == 0, "\(all)")
        #expect(all.stderr.hasPrefix("[pgctl] Starting: cache, db, web, front, solo\n"), "\(all)")
        for name in ["cache", "db", "web", "front", "solo"] { #expect(all.stderr.contains("[pgctl] Started: \(name)\n")) }
        let stop = try project.pgctl(["stop"])
        #expect(stop.exitCode == 0, "\(stop)")
        let alias = try project.pgctl(["start", "pair"])
        #expect(alias.exitCode == 0, "\(alias)")
        #expect(alias.stderr.hasPrefix("[pgctl] Starting: cache, db, web, front, solo\n"), "\(alias)")
        let events = project.dependencyEvents
        for occurrence in 1...2 {
            #expect(events.precedes(events.time("ready", "db", occurrence: occurrence), events.time("run", "web", occurrence: occurrence)))
            #expect(events.precedes(events.time("ready", "web", occurrence: occurrence), events.time("run", "front", occurrence: occurrence)))
        }
    }

    @Test("dependencies already started are not started again, nor named")
    func startedDependenciesStay() throws {
        let project = try PgctlProject("dependencies")
        defer { project.cleanUp() }
        #expect(try project.pgctl(["start", "cache", "db"]).exitCode == 0)
        let run = try project.pgctl(["start", "web"])
        #expect(run.exitCode == 0, "\(run)")
        #expect(run.stderr == "[pgctl] Starting: web\n[pgctl] Started: web\n")
        let again = try project.pgctl(["start", "web"])
        #expect(again.stderr == "[pgctl] Already started: web\n")
        let events = project.dependencyEvents
        #expect(events.count("run", "db") == 1 && events.count("run", "cache") == 1)
    }

    @Test("stop of a dependency stops the running services depending on it first")
    func stopDependentsFirst() throws {
        let project = try PgctlProject("dependencies")
        defer { project.cleanUp() }
        #expect(try project.pgctl(["start", "front"]).exitCode == 0)
        let stop = try project.pgctl(["stop", "db"])
        #expect(stop.exitCode == 0, "\(stop)")
        #expect(stop.stderr == """
            [pgctl] Stopping: front, web, db
            [pgctl] Stopped: front
            [pgctl] Stopped: web
            [pgctl] Stopped: db

            """)
        let events = project.dependencyEvents
        #expect(events.precedes(events.time("stop", "front"), events.time("stop", "web")), "\(events.events)")
        #expect(events.precedes(events.time("stop", "web"), events.time("stop", "db")), "\(events.events)")
        #expect(events.count("stop", "cache") == 0)
        #expect(project.supervisorRunning("cache"))
        for name in ["front", "web", "db"] { #expect(!project.supervisorRunning(name)) }
    }

    @Test("stop of everything: reverse dependency order, independent services in parallel")
    func stopAllInReverse() throws {
        let project = try PgctlProject("dependencies")
        defer { project.cleanUp() }
        // db's and cache's stops each wait for the other's to begin: only a stop running them
        // side by side finishes (within their timeout-stop).
        try project.write("playground/db/stop-waits-for", "cache\n")
        try project.write("playground/cache/stop-waits-for", "db\n")
        try project.write("playground/db/timeout-stop", "20\n")
        try project.write("playground/cache/timeout-stop", "20\n")
        #expect(try project.pgctl(["start"]).exitCode == 0)
        // pgctl's trace says which stops it held back until others were done ("released").
        let stop = try project.pgctl(["stop"], environment: ["PGCTL_VERBOSE": "2"])
        #expect(stop.exitCode == 0, "\(stop)")
        #expect(stop.stderr.hasPrefix("[pgctl] Stopping: front, web, cache, db, solo\n"), "\(stop)")
        let events = project.dependencyEvents
        // Each held stop is asked only once its dependents have stopped: these follow causally.
        #expect(events.precedes(events.time("stop", "front"), events.time("stop", "web")), "\(events.events)")
        #expect(events.precedes(events.time("stop", "web"), events.time("stop", "db")), "\(events.events)")
        #expect(events.precedes(events.time("stop", "web"), events.time("stop", "cache")), "\(events.events)")
        // solo depends on nothing and nothing on it: asked to stop with the first ones, never
        // held (its own stamp may come late on a busy machine, so pgctl's decision is checked).
        for held in ["web", "cache", "db"] {
            #expect(stop.stderr.contains("timing: \(held) released at "), "\(stop)")
        }
        for free in ["front", "solo"] {
            #expect(!stop.stderr.contains("timing: \(free) released at "), "\(stop)")
        }
        #expect(project.serviceProcesses().isEmpty)
    }

    @Test("restart of a dependency stops its dependents, restarts it, and starts them again behind its readiness")
    func restartBringsDependentsBack() throws {
        let project = try PgctlProject("dependencies")
        defer { project.cleanUp() }
        #expect(try project.pgctl(["start", "front"]).exitCode == 0)
        let restart = try project.pgctl(["restart", "db"])
        #expect(restart.exitCode == 0, "\(restart)")
        #expect(restart.stderr == """
            [pgctl] Stopping: front, web, db
            [pgctl] Stopped: front
            [pgctl] Stopped: web
            [pgctl] Stopped: db
            [pgctl] Starting: db, web, front
            [pgctl] Started: db
            [pgctl] Started: web
            [pgctl] Started: front

            """)
        let events = project.dependencyEvents
        #expect(events.precedes(events.time("stop", "db"), events.time("run", "db", occurrence: 2)))
        #expect(events.precedes(events.time("ready", "db", occurrence: 2), events.time("run", "web", occurrence: 2)), "\(events.events)")
        #expect(events.precedes(events.time("ready", "web", occurrence: 2), events.time("run", "front", occurrence: 2)), "\(events.events)")
        #expect(events.count("run", "cache") == 1)
        for name in ["front", "web", "db", "cache"] { #expect(project.supervisorRunning(name)) }
    }

    @Test("a dependency that fails: its dependents are not started and say why, independent services start, exit 1")
    func failedDependency() throws {
        let project = try PgctlProject("dependencies")
        defer { project.cleanUp() }
        try project.write("playground/db/fail", "")
        let run = try project.pgctl(["start", "front", "solo"])
        #expect(run.exitCode == 1, "\(run)")
        #expect(run.stderr.hasPrefix("[pgctl] Starting: cache, db, web, front, solo\n"), "\(run)")
        #expect(run.stderr.contains("[pgctl] ERROR: service 'db' failed to start after "), "\(run)")
        #expect(run.stderr.contains("[pgctl] ERROR: service 'web' was not started: its dependency 'db' failed to start\n"), "\(run)")
        #expect(run.stderr.contains("[pgctl] ERROR: service 'front' was not started: its dependency 'web' was not started\n"), "\(run)")
        #expect(run.stderr.contains("==> playground/db/logs/current <=="), "\(run)")
        #expect(run.stderr.hasSuffix("[pgctl] ERROR: Some services failed to start: db\n"), "\(run)")
        #expect(run.stderr.contains("[pgctl] Started: solo\n") && run.stderr.contains("[pgctl] Started: cache\n"), "\(run)")
        let events = project.dependencyEvents
        #expect(events.count("run", "web") == 0 && events.count("run", "front") == 0)
        #expect(project.supervisorRunning("solo") && project.supervisorRunning("cache"))
        #expect(!project.supervisorRunning("web") && !project.supervisorRunning("db"))
    }

    @Test("start --json: dependents of a failed dependency are in not_started, with the reason")
    func failedDependencyAsData() throws {
        let project = try PgctlProject("dependencies")
        defer { project.cleanUp() }
        try project.write("playground/db/fail", "")
        let run = try project.pgctl(["start", "--json", "front", "solo"])
        #expect(run.exitCode == 1, "\(run)")
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(report["started"] as? [String] == ["cache", "solo"], "\(run)")
        #expect((report["failed"] as? [[String: Any]])?.map { $0["service"] as? String } == ["db"], "\(run)")
        #expect(report["not_started"] as? [[String: String]] == [
            ["service": "web", "reason": "its dependency 'db' failed to start"],
            ["service": "front", "reason": "its dependency 'web' was not started"],
        ], "\(run)")
    }

    @Test("debug starts the service's dependencies first, and says so")
    func debugStartsDependencies() throws {
        let project = try PgctlProject("dependencies")
        defer { project.cleanUp() }
        let output = project.temp.path + "/debug.out"
        let debug = try project.launch(["debug", "web"], output: output)
        defer {
            if debug.isRunning { kill(debug.processIdentifier, SIGKILL) }
            debug.waitUntilExit()
        }
        try waitUntil("web's run in the foreground", timeout: 30) { project.dependencyEvents.count("run", "web") == 1 }
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.hasPrefix("""
            [pgctl] Starting the dependencies of web first: cache, db
            [pgctl] Starting: cache, db

            """), "\(text)")
        let events = project.dependencyEvents
        #expect(events.precedes(events.time("ready", "db"), events.time("run", "web")), "\(events.events)")
        #expect(events.precedes(events.time("ready", "cache"), events.time("run", "web")), "\(events.events)")
        #expect(project.supervisorRunning("db") && project.supervisorRunning("cache"))
        #expect(!project.supervisorRunning("web"))
    }

    @Test("status: a service's sorted dependencies in --json; `waiting for` while a start holds it back")
    func status() throws {
        let project = try PgctlProject("dependencies")
        defer { project.cleanUp() }
        let json = try project.pgctl(["--json", "status"])
        #expect(json.exitCode == 0, "\(json)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: [String: Any]] ?? [:]
        #expect(object["web"]?["dependencies"] as? [String] == ["cache", "db"])
        #expect(object["front"]?["dependencies"] as? [String] == ["web"])
        // Without dependencies the key is absent: pgctl 5.2.1's keys, unchanged.
        // Once any service has dependencies, every service lists its own (empty or not).
        #expect(object["db"]?["dependencies"] as? [String] == [])
        #expect(object["solo"]?["dependencies"] as? [String] == [])

        // db is ready only once `release-db` exists: web waits for it.
        try project.write("playground/db/ready-after", "events/run-cache\nrelease-db\n")
        let start = try project.launch(["start", "web"], output: project.temp.path + "/start.out")
        defer {
            if start.isRunning { kill(start.processIdentifier, SIGKILL) }
            start.waitUntilExit()
        }
        try waitUntil("web shown waiting for db", timeout: 30) {
            try project.pgctl(["status", "web"]).stdout == " ● web: down (waiting for db)\n"
        }
        try project.write("release-db", "")
        start.waitUntilExit()
        #expect(start.terminationStatus == 0)
        let after = try project.pgctl(["status", "web"])
        #expect(after.stdout.hasPrefix(" ● web: ready\n"), "\(after)")

        // A holder that died leaves no `waiting for` behind.
        #expect(try project.pgctl(["stop"]).exitCode == 0)
        project.remove("release-db")
        let held = try project.launch(["start", "web"], output: project.temp.path + "/held.out")
        defer {
            if held.isRunning { kill(held.processIdentifier, SIGKILL) }
            held.waitUntilExit()
        }
        try waitUntil("web shown waiting for db", timeout: 30) {
            try project.pgctl(["status", "web"]).stdout == " ● web: down (waiting for db)\n"
        }
        kill(held.processIdentifier, SIGKILL)
        held.waitUntilExit()
        let orphaned = try project.pgctl(["status", "web"])
        #expect(orphaned.stdout.hasPrefix(" ● web: down\n") && !orphaned.stdout.contains("waiting"), "\(orphaned)")
    }

    @Test("each service's timeout-ready counts from its own start, not from the command's")
    func timeoutFromOwnStart() throws {
        let project = try PgctlProject("dependencies")
        defer { project.cleanUp() }
        try project.write("playground/web/timeout-ready", "2\n")
        try project.write("playground/db/ready-after", "events/run-cache\nrelease-db\n")
        let start = try project.launch(["start", "web"], output: project.temp.path + "/start.out")
        defer {
            if start.isRunning { kill(start.processIdentifier, SIGKILL) }
            start.waitUntilExit()
        }
        try waitUntil("web shown waiting for db", timeout: 30) {
            try project.pgctl(["status", "web"]).stdout == " ● web: down (waiting for db)\n"
        }
        // The command has now run longer than web's own limit: web must still get its 2 s.
        let began = Date()
        try waitUntil("2.5 s to pass", timeout: 10) { Date().timeIntervalSince(began) > 2.5 }
        try project.write("release-db", "")
        start.waitUntilExit()
        let output = (try? String(contentsOfFile: project.temp.path + "/start.out", encoding: .utf8)) ?? ""
        #expect(start.terminationStatus == 0, "\(output)")
        #expect(output.hasSuffix("[pgctl] Started: web\n"), "\(output)")
    }

    @Test("pgctl config shows the dependencies key")
    func config() throws {
        let project = try PgctlProject("dependencies")
        defer { project.cleanUp() }
        let run = try project.pgctl(["config"])
        #expect(run.stdout.contains("""
                "dependencies": {
                    "front": [
                        "web"
                    ]
                },
            """), "\(run)")
    }
}
