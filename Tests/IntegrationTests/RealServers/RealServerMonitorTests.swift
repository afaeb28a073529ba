import Foundation
import Testing
import TestSupport

extension RealServerSuite {
    /// postgres's health monitor (issue 16, points 3–5): a stop that times out because a client
    /// keeps smart shutdown waiting is not undone by a restart; the monitor's death is no
    /// backend crash; a cleaned checkout does not leave monitors behind.
    @Suite("RealServerMonitor: postgres and its health monitor")
    struct RealServerMonitor {
        @Test("stop --no-force times out while a psql session is open: postgres is not restarted, the session lives on")
        func noRestartAfterStop() throws {
            guard let project = try RealServers.project() else { return }
            defer { project.cleanUp() }
            try PostgresMonitorSetup.quickTimings(project)
            #expect(try project.pgctl(["start", "postgres"]).exitCode == 0)
            let postmaster = try #require(RealServers.postmasterPid(project))
            let session = try PostgresSession(project)
            #expect(try session.query("select 42;") == "42")

            let stop = try project.pgctl(["stop", "--no-force", "postgres"])
            #expect(stop.exitCode == 1, "\(stop)")
            // Smart shutdown: new connections are refused, so every check fails from now on.
            // 20 more checks take 4 s, twice the 2 s timeout-ready.
            let before = PostgresMonitorSetup.checks(project)
            try waitUntil("20 more ready checks, or a restart", timeout: 30) {
                PostgresMonitorSetup.checks(project) >= before + 20 || RealServers.postgresLog(project).contains("restarting this service for you")
            }
            let log = RealServers.postgresLog(project)
            #expect(!log.contains("restarting this service for you"), "\(log)")
            #expect(log.contains("pgctl-poll-ready: failed, but the service is being stopped -- not restarting it"), "\(log)")
            #expect(RealServers.postmasterPid(project) == postmaster)
            #expect(processIsAlive(postmaster))
            #expect(try session.query("select 43;") == "43", "the session still works")

            // The client leaves: smart shutdown completes, the monitor quits with postgres.
            session.close()
            try waitUntil("postgres to finish its smart shutdown", timeout: 20) { !processIsAlive(postmaster) }
            try waitUntil("the monitor to quit") { HealthMonitor.monitors(of: project.service("postgres")).isEmpty }
            #expect(try project.pgctl(["stop", "postgres"]).exitCode == 0)
        }

        @Test("kill -TERM of the monitor: no backend crash, the psql session survives, status says health checks stopped")
        func monitorDeathIsNoCrash() throws {
            guard let project = try RealServers.project() else { return }
            defer { project.cleanUp() }
            try PostgresMonitorSetup.quickTimings(project, readyTimeout: "30")
            #expect(try project.pgctl(["start", "postgres"]).exitCode == 0)
            let postmaster = try #require(RealServers.postmasterPid(project))
            let session = try PostgresSession(project)
            #expect(try session.query("select 1;") == "1")
            let monitor = try HealthMonitor.monitor(of: project.service("postgres"))
            #expect(try ProcInfo.stat(monitor).ppid != postmaster)

            kill(monitor, SIGTERM)
            try waitUntil("the monitor to end") { !processIsAlive(monitor) }
            #expect(try session.query("select 2;") == "2", "the session survives")
            let log = RealServers.postgresLog(project)
            #expect(!log.contains("terminated by signal"), "\(log)")
            #expect(!log.contains("terminating any other active server processes"), "\(log)")
            #expect(RealServers.postmasterPid(project) == postmaster)
            let status = try project.pgctl(["status", "postgres"])
            #expect(status.stdout.hasPrefix(" ● postgres: ready (health checks stopped: its monitor is gone)\n"), "\(status)")
            let json = try HealthMonitor.jsonHealthChecks(project, "postgres")
            #expect(json.state == "ready" && json.healthChecks == "stopped", "\(json)")

            session.close()
            let stop = try project.pgctl(["stop", "postgres"])
            #expect(stop.exitCode == 0 && !stop.stderr.contains("WARNING"), "\(stop)")
        }

        @Test("a cleaned checkout (event/, supervise link, logs/, .pgctl.lock deleted): stop is fast and silent")
        func stopAfterGitClean() throws {
            guard let project = try RealServers.project() else { return }
            defer { project.cleanUp() }
            #expect(try project.pgctl(["start", "postgres"]).exitCode == 0)
            let postmaster = try #require(RealServers.postmasterPid(project))
            let monitor = try HealthMonitor.monitor(of: project.service("postgres"))
            for path in ["event", "supervise", "logs", ".pgctl.lock"] {
                try FileManager.default.removeItem(atPath: project.service("postgres") + "/" + path)
            }
            let began = Date()
            let stop = try project.pgctl(["stop", "postgres"])
            let took = Date().timeIntervalSince(began)
            #expect(stop.exitCode == 0, "\(stop)")
            #expect(stop.stderr == "[pgctl] Stopping: postgres\n[pgctl] Stopped: postgres\n", "\(stop)")
            #expect(took < 1, "stop took \(took) s")
            #expect(!processIsAlive(postmaster) && !processIsAlive(monitor))
            #expect(project.serviceProcesses().filter(processIsAlive).isEmpty)
            print("[real-server figures] postgres stop after a cleaned checkout \(Int(took * 1000)) ms")
        }
    }
}

/// The postgres service of the servers fixture with quick health-check timings.
enum PostgresMonitorSetup {
    /// `timeout-ready` 2 s (or `readyTimeout`: a test that does not need the monitor's short
    /// limit gives postgres, starting on a loaded machine, more), a check every 0.2 s once
    /// ready, `timeout-stop` 1 s, and a `ready` that counts its runs in `checks`.
    static func quickTimings(_ project: PgctlProject, readyTimeout: String = "2") throws {
        let service = project.service("postgres")
        for (file, text) in ["timeout-ready": readyTimeout + "\n", "poll-down": "0.2\n", "timeout-stop": "1\n"] {
            try text.write(toFile: service + "/" + file, atomically: false, encoding: .utf8)
        }
        let ready = "#!/bin/sh\necho >> checks\nexec pg_isready -q -h \"$(cd ../.. && pwd)/data/postgres\" -p 54329 -U postgres\n"
        try ready.write(toFile: service + "/ready", atomically: false, encoding: .utf8)
        chmod(service + "/ready", 0o755)
    }

    /// How many ready checks ran so far.
    static func checks(_ project: PgctlProject) -> Int {
        HealthMonitor.checks(project, "postgres")
    }
}

/// One `psql` session kept open on the fixture's postgres (stdin a pipe of the test).
final class PostgresSession {
    private let psql: InteractiveProcess

    init(_ project: PgctlProject) throws {
        psql = try InteractiveProcess(
            ["/usr/bin/psql", "-h", project.root + "/data/postgres", "-p", "54329", "-U", "postgres", "-At"],
            in: project.root, environment: ["PATH": "/usr/bin:/bin", "HOME": project.home, "LANG": "C.UTF-8"])
    }

    /// Runs `sql` on this session; its one-line result, or nil when none came within 10 s (the
    /// session was lost).
    func query(_ sql: String) throws -> String? {
        psql.write(sql + "\n")
        var output = ""
        _ = try? waitUntil("the answer to \(sql)", timeout: 10) {
            output += psql.availableOutput()
            return output.hasSuffix("\n")
        }
        return output.hasSuffix("\n") ? String(output.dropLast()) : nil
    }

    /// Ends the session (`\q`) and waits for psql to exit.
    func close() {
        psql.write("\\q\n")
        psql.process.waitUntilExit()
    }
}
