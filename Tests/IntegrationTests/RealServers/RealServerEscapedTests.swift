import Foundation
import Testing
import TestSupport

extension RealServerSuite {
    /// Issue 16 points 1, 2 and 6 with the real postgres: a lost supervisor no longer costs a
    /// crash recovery, a zombie postmaster no longer fails the next start, and the stop
    /// message says which signal postgres was sent.
    @Suite("RealServerEscaped: postgres after a lost supervisor")
    struct RealServerEscaped {
        /// Starts postgres, SIGKILLs its supervisor; returns the postmaster's pid, still serving.
        static func escapedPostgres(_ project: PgctlProject) throws -> Int32 {
            let start = try project.pgctl(["start", "postgres"])
            #expect(start.exitCode == 0, "\(start)")
            let postmaster = try #require(RealServers.postmasterPid(project))
            let supervisor = try #require(Fault.supervisors(of: project.service("postgres")).first)
            kill(supervisor, SIGKILL)
            try waitUntil("the supervisor to die", timeout: 10) { !processIsAlive(supervisor) }
            #expect(RealServers.postgresIsReady(project))
            return postmaster
        }

        /// `Database cluster state` of `pg_controldata`: `shut down` after a clean shutdown,
        /// `in production` after a crash.
        static func clusterState(_ project: PgctlProject) throws -> String {
            let bin = try #require(RealServers.postgresBin)
            let result = try Command.run(bin + "/pg_controldata", ["-D", project.root + "/data/postgres"])
            let line = result.stdout.split(separator: "\n").first { $0.hasPrefix("Database cluster state:") } ?? ""
            return line.dropFirst("Database cluster state:".count).trimmingCharacters(in: .whitespaces)
        }

        /// Checks the postgres start logged after `logBefore` characters of its log: it found a
        /// cleanly shut down cluster and recovered nothing; then that postgres answers and stops.
        static func expectCleanRestartThenStop(_ project: PgctlProject, logBefore: Int) throws {
            // The startup lines reach the log through the supervisor a moment after `Started`.
            var restartLog = ""
            _ = try? waitUntil("postgres's startup lines in its log", timeout: 10) {
                restartLog = String(RealServers.postgresLog(project).dropFirst(logBefore))
                return restartLog.contains("database system is ready to accept connections")
            }
            #expect(restartLog.contains("database system was shut down at"), "\(restartLog)")
            for mark in recoveryMarks { #expect(!restartLog.contains(mark), "\(restartLog)") }
            #expect(try RealServers.psqlAnswer(project, "select 1").stdout == "1\n")
            #expect(try project.pgctl(["stop", "postgres"]).exitCode == 0)
        }

        /// The log lines of a postgres start that had to recover from a crash.
        static let recoveryMarks = ["database system was not properly shut down", "redo starts", "automatic recovery in progress",
                                    "database system was interrupted"]

        @Test("(a)(b) supervisor kill -9: status names the postmaster; stop shuts postgres down cleanly; the next start recovers nothing")
        func stopAfterLostSupervisor() throws {
            guard let project = try RealServers.project() else { return }
            defer { project.cleanUp() }
            let postmaster = try Self.escapedPostgres(project)
            let status = try project.pgctl(["status", "postgres"])
            #expect(status.stdout == " ● postgres: down, but its processes are still running (pid \(postmaster))\n", "\(status)")
            let json = try project.pgctl(["status", "--json", "postgres"])
            #expect(json.stdout.contains("\"escaped_pid\": \(postmaster),\n"), "\(json)")
            let began = Date()
            let stop = try project.pgctl(["stop", "postgres"])
            let took = Date().timeIntervalSince(began)
            #expect(stop.exitCode == 0, "\(stop)")
            #expect(stop.stderr.contains("pgctl sent SIGTERM (the service's stop signal) to pid \(postmaster)"), "\(stop)")
            #expect(!stop.stderr.contains("Killing these runaway"), "\(stop)")
            #expect(try Self.clusterState(project) == "shut down")
            #expect(RealServers.postmasterPid(project) == nil)  // removed by postgres at a clean shutdown
            #expect(!RealServers.postgresIsReady(project))
            let logBefore = RealServers.postgresLog(project).count
            let again = try project.pgctl(["start", "postgres"])
            #expect(again.exitCode == 0, "\(again)")
            try Self.expectCleanRestartThenStop(project, logBefore: logBefore)
            print("[real-server figures] escaped postgres: stop (SIGTERM, smart shutdown, reaped) \(Int(took * 1000)) ms")
        }

        @Test("(c) supervisor kill -9, then start: the escaped postmaster shuts down cleanly, a fresh one starts without recovery")
        func startAfterLostSupervisor() throws {
            guard let project = try RealServers.project() else { return }
            defer { project.cleanUp() }
            try "INT\n".write(toFile: project.service("postgres") + "/down-signal", atomically: false, encoding: .utf8)
            let postmaster = try Self.escapedPostgres(project)
            let logBefore = RealServers.postgresLog(project).count
            let began = Date()
            let start = try project.pgctl(["start", "postgres"])
            let took = Date().timeIntervalSince(began)
            #expect(start.exitCode == 0, "\(start)")
            #expect(start.stderr.contains("pgctl sent SIGINT (the service's stop signal) to pid \(postmaster)"), "\(start)")
            #expect(!start.stderr.contains("Killing"), "\(start)")
            // `Started` means the fresh postgres passed its ready check (pg_isready): its
            // postmaster.pid is there and it answers, at once. (Under a loaded parallel run both
            // once failed: pgctl took the status the SIGKILLed supervisor left, "up, ready", for
            // the new supervisor's while that one was still starting. Fixed in StartChange.)
            let fresh = RealServers.postmasterPid(project)
            #expect(fresh != nil && fresh != postmaster && fresh.map(processIsAlive) == true,
                    "\(start)\n\(RealServers.postgresLog(project))")
            let answer = try RealServers.psql(project, "select 1")
            #expect(answer.stdout == "1\n", "\(answer)\n\(start)\n\(RealServers.postgresLog(project))")
            #expect(!processIsAlive(postmaster))
            try Self.expectCleanRestartThenStop(project, logBefore: logBefore)
            print("[real-server figures] escaped postgres: start (SIGINT fast shutdown of the old one, fresh start) \(Int(took * 1000)) ms")
        }

        @Test("(d) escaped postmaster SIGKILLed, its zombie reaped late: start waits for it and postgres starts")
        func startAfterKilledPostmaster() throws {
            guard let project = try RealServers.project() else { return }
            defer { project.cleanUp() }
            let reaper = try LateReaper(project: project, delay: 2.5, pgctl: ["start", "postgres"])
            defer { reaper.end() }
            #expect(reaper.pgctlExitCode == 0, "\(reaper.log)")
            let postmaster = try #require(RealServers.postmasterPid(project))
            let supervisor = try #require(Fault.supervisors(of: project.service("postgres")).first)
            kill(supervisor, SIGKILL)
            try waitUntil("the postmaster to be adopted by the late reaper", timeout: 10) {
                ProcessFacts(pid: postmaster)?.parent == reaper.process.processIdentifier
            }
            kill(postmaster, SIGKILL)
            try waitUntil("the postmaster to be a zombie", timeout: 10) { ProcessFacts(pid: postmaster)?.state == "Z" }
            #expect(RealServers.postmasterPid(project) == postmaster)  // left behind: the start must wait
            let logBefore = RealServers.postgresLog(project).count
            let began = Date()
            let start = try project.pgctl(["start", "postgres"])
            let took = Date().timeIntervalSince(began)
            #expect(start.exitCode == 0, "\(start)")
            let restartLog = String(RealServers.postgresLog(project).dropFirst(logBefore))
            #expect(!restartLog.contains("lock file \"postmaster.pid\" already exists"), "\(restartLog)")
            #expect(ProcessFacts(pid: postmaster) == nil)
            // `Started` means postgres passed its ready check: the first query is answered.
            // (Once refused under a loaded parallel run: the start took the SIGKILLed
            // supervisor's stale "up, ready" status for the new supervisor's; fixed in StartChange.)
            let answer = try RealServers.psql(project, "select 1")
            #expect(answer.stdout == "1\n", "\(answer)\n\(start)\n\(RealServers.postgresLog(project))")
            #expect(try project.pgctl(["stop", "postgres"]).exitCode == 0)
            print("[real-server figures] killed escaped postmaster, zombie kept 2.5 s: start \(Int(took * 1000)) ms")
        }

        @Test("(e) a client keeps smart shutdown waiting: the stop message names SIGTERM and down-signal; with SIGINT it stops at once")
        func stopTimeoutNamesTheSignal() throws {
            guard let project = try RealServers.project() else { return }
            defer { project.cleanUp() }
            try "2\n".write(toFile: project.service("postgres") + "/timeout-stop", atomically: false, encoding: .utf8)
            #expect(try project.pgctl(["start", "postgres"]).exitCode == 0)
            let client = try Self.idleClient(project)
            defer { kill(client.processIdentifier, SIGKILL); client.waitUntilExit() }
            let stop = try project.pgctl(["stop", "postgres"])
            #expect(stop.exitCode == 0, "\(stop)")
            #expect(stop.stderr.contains("[pgctl] WARNING: Killing these runaway processes which did not stop:\n"), "\(stop)")
            #expect(stop.stderr.contains("They were still running 2.00 seconds after the service was sent SIGTERM (its stop signal), so pgctl sent them SIGKILL.\n"), "\(stop)")
            #expect(stop.stderr.contains("playground/postgres/down-signal (postgres: SIGINT, nginx: SIGQUIT)"), "\(stop)")
            #expect(!stop.stderr.contains("buggy"))
            // With down-signal SIGINT (fast shutdown) the same stop is clean and quick.
            try "SIGINT\n".write(toFile: project.service("postgres") + "/down-signal", atomically: false, encoding: .utf8)
            #expect(try project.pgctl(["start", "postgres"]).exitCode == 0)
            let second = try Self.idleClient(project)
            defer { kill(second.processIdentifier, SIGKILL); second.waitUntilExit() }
            let began = Date()
            let fast = try project.pgctl(["stop", "postgres"])
            let took = Date().timeIntervalSince(began)
            #expect(fast.exitCode == 0, "\(fast)")
            #expect(fast.stderr == "[pgctl] Stopping: postgres\n[pgctl] Stopped: postgres\n", "\(fast)")
            #expect(try Self.clusterState(project) == "shut down")
            print("[real-server figures] postgres stop with a client connected: down-signal SIGINT \(Int(took * 1000)) ms")
        }

        /// A `psql` session left running a long query (smart shutdown waits for it).
        static func idleClient(_ project: PgctlProject) throws -> BackgroundProcess {
            let client = try BackgroundProcess(
                ["/usr/bin/psql", "-h", project.root + "/data/postgres", "-p", "54329", "-U", "postgres", "-c", "select pg_sleep(60)"],
                in: project.root, environment: ["PATH": "/usr/bin:/bin"], output: project.temp.path + "/psql.out")
            try waitUntil("the client's query to run", timeout: 20) {
                (try? RealServers.psql(project, "select count(*) from pg_stat_activity where query like 'select pg_sleep%' and pid <> pg_backend_pid()"))?.stdout == "1\n"
            }
            return client
        }
    }
}
