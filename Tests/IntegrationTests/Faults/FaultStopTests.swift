import Foundation
import Testing
import TestSupport

extension FaultSuite {
    /// Services that do not go away politely, and services that never stay up.
    @Suite("FaultStop: stubborn, daemonising and crash-looping services")
    struct FaultStop {
        @Test("a service ignoring SIGTERM is killed after timeout-stop, reported, nothing left")
        func ignoresTerm() throws {
            let project = try Fault.project(services: ["stubborn": (run: "#!/bin/sh\ntrap '' TERM\necho up\nexec sleep infinity\n",
                                                                   files: ["timeout-stop": "1\n"])])
            defer { project.cleanUp() }
            #expect(try project.pgctl(["start", "stubborn"]).exitCode == 0)
            try waitUntil("the service to exec sleep", timeout: 10) {
                let pid = try project.status("stubborn").pid
                return (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) == "sleep\n"
            }
            let service = try project.status("stubborn").pid
            let began = Date()
            let stop = try project.pgctl(["stop", "stubborn"])
            let took = Date().timeIntervalSince(began)
            #expect(stop.exitCode == 0, "\(stop)")
            #expect(stop.stderr.hasPrefix("[pgctl] Stopping: stubborn\n[pgctl] WARNING: Killing these runaway processes which did not stop:\n"))
            #expect(stop.stderr.contains("sleep infinity\n"))
            #expect(stop.stderr.hasSuffix("[pgctl] Stopped: stubborn\n"))
            #expect(took >= 0.9 && took < 10, "stop took \(took) s")
            #expect(!processIsAlive(service))
            #expect(Fault.alive(project).isEmpty)
        }

        @Test("a service that double-forks a daemon (new session, lock fd closed): the daemon is found, killed and reported")
        func doubleFork() throws {
            let run = """
                #!/bin/bash
                ( exec {PGCTL_SERVICE_LOCK}<&-; setsid sleep 7777 </dev/null >/dev/null 2>&1 & )
                exec sleep infinity

                """
            let project = try Fault.project(services: ["daemon": (run: run, files: [:])])
            defer { project.cleanUp() }
            #expect(try project.pgctl(["start", "daemon"]).exitCode == 0)
            var daemon: Int32 = 0
            try waitUntil("the daemon to exist", timeout: 10) {
                daemon = Fault.alive(project).first { pid in
                    (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) == "sleep\u{0}7777\u{0}"
                } ?? 0
                return daemon != 0
            }
            #expect(getsid(daemon) == daemon)
            let lock = try #require(try ProcInfo.environmentValue("PGCTL_SERVICE_LOCK", of: try project.status("daemon").pid))
            #expect(!Fault.descriptors(of: daemon).contains(Int(lock)!))
            let stop = try project.pgctl(["stop", "daemon"])
            #expect(stop.exitCode == 0, "\(stop)")
            #expect(stop.stderr.contains("[pgctl] WARNING: Killing these runaway processes which did not stop:\n"))
            #expect(stop.stderr.contains("sleep 7777\n"))
            #expect(stop.stderr.hasSuffix("[pgctl] Stopped: daemon\n"))
            try waitUntil("the daemon to die", timeout: 5) { !processIsAlive(daemon) }
            #expect(Fault.alive(project).isEmpty)
        }

        @Test("a crash-looping service: restarted at the s6 rate (about 1/s), death tally correct, start fails")
        func crashLoop() throws {
            let project = try Fault.project(services: ["crash": (run: "#!/bin/sh\necho crashing\nexit 3\n",
                                                                files: ["timeout-ready": "5\n"])])
            defer { project.cleanUp() }
            let start = try project.pgctl(["start", "crash"])
            #expect(start.exitCode == 1, "\(start)")
            #expect(!start.stderr.contains("[pgctl] Started: crash"))
            #expect(start.stderr.contains("[pgctl] ERROR: service 'crash' failed to start after "))
            #expect(start.stderr.hasSuffix("[pgctl] ERROR: Some services failed to start: crash\n"))
            #expect(Fault.alive(project).isEmpty)
            // The supervisor has exited; its death tally (14-byte records) stays on disk.
            let tally = [UInt8](try Data(contentsOf: URL(fileURLWithPath: project.service("crash") + "/supervise/death_tally")))
            #expect(tally.count % 14 == 0)
            let records = stride(from: 0, to: tally.count, by: 14).map { Array(tally[$0..<$0 + 14]) }
            let times = records.map { record -> Double in
                let seconds = record[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                let nanos = record[8..<12].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                return Double(seconds - 0x4000_0000_0000_000a) + Double(nanos) / 1e9
            }
            for record in records {
                #expect(record[12] == 3 && record[13] == 0, "each death: exit 3, no signal: \(record)")
            }
            let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
            FaultFigures.record("crash loop under pgctl start: failed after \(records.count) deaths, gaps \(gaps.map { String(format: "%.3f", $0) })")
            #expect(records.count >= 2, "deaths: \(records.count)")
            for gap in gaps { #expect(gap >= 0.95 && gap < 1.5, "restart gap \(gap) s") }
            let log = project.read("playground/crash/logs/current") ?? ""
            #expect(log.components(separatedBy: "  crashing\n").count - 1 == records.count)
        }

        @Test("the crash-loop throttle measured on the supervisor alone: about one spawn per second, every death counted")
        func crashLoopRate() throws {
            let sandbox = try ServiceSandbox(run: "echo crashing\nexit 3")
            defer { sandbox.cleanup() }
            try sandbox.start()
            let listener = try sandbox.listen()
            try listener.waitForArrival(of: "d", occurrence: 5, timeout: 15)
            let spawns = listener.arrivals.filter { $0.event == "u" }.map(\.at)
            let deaths = listener.arrivals.filter { $0.event == "d" }.map(\.at)
            let window = deaths[4] - deaths[0]
            let rate = 4 / window
            let tally = [UInt8](try Data(contentsOf: URL(fileURLWithPath: sandbox.path("supervise/death_tally"))))
            FaultFigures.record("crash loop rate: \(deaths.count) deaths / \(spawns.count) spawns, 4 restarts in \(String(format: "%.3f", window)) s = \(String(format: "%.3f", rate))/s; death_tally \(tally.count / 14) records")
            #expect(rate > 0.7 && rate <= 1.02, "rate \(rate)/s")
            #expect(tally.count % 14 == 0 && tally.count / 14 >= 5)
            for start in stride(from: 0, to: tally.count, by: 14) {
                #expect(tally[start + 12] == 3 && tally[start + 13] == 0)
            }
        }
    }
}

/// Figures measured by the fault tests, printed so they can be copied into docs/reliability.md.
enum FaultFigures {
    static func record(_ line: String) {
        FileHandle.standardError.write(Data("[fault figures] \(line)\n".utf8))
    }
}
