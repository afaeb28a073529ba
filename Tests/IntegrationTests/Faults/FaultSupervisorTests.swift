import Foundation
import Testing
import TestSupport

extension FaultSuite {
    /// A killed supervisor, a wiped checkout, and pgctl commands racing each other.
    @Suite("FaultSupervisor: killed supervisor, git clean, concurrency")
    struct FaultSupervisor {
        @Test("supervisor SIGKILLed: status says down, start kills the escaped service and starts a fresh one, stop leaves nothing")
        func supervisorKilled() throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            #expect(try project.pgctl(["start"]).exitCode == 0)
            let service = try project.status("sleep").pid
            let supervisor = try #require(Fault.supervisors(of: project.service("sleep")).first)
            kill(supervisor, SIGKILL)
            try waitUntil("the supervisor to die", timeout: 10) { !processIsAlive(supervisor) }
            let status = try project.pgctl(["status"])
            #expect(status.exitCode == 0)
            #expect(status.stdout == " ● sleep: down, but its processes are still running (pid \(service))\n")
            #expect(processIsAlive(service))
            let start = try project.pgctl(["start"])
            #expect(start.exitCode == 0)
            #expect(start.stderr.contains("[pgctl] WARNING: Stopping these processes which were still running but escaped supervision:\n"))
            #expect(start.stderr.contains("pgctl sent SIGTERM (the service's stop signal) to pid \(service), as the supervisor would have done;\n"))
            #expect(start.stderr.hasSuffix("[pgctl] Started: sleep\n"))
            try waitUntil("the escaped service to die", timeout: 5) { !processIsAlive(service) }
            let fresh = try project.status("sleep").pid
            #expect(fresh != service && processIsAlive(fresh))
            #expect(try project.pgctl(["status"]).stdout.hasPrefix(" ● sleep: ready\n   └─ pid: \(fresh), "))
            let stop = try project.pgctl(["stop"])
            #expect(stop.exitCode == 0)
            #expect(stop.stderr == "[pgctl] Stopping: sleep\n[pgctl] Stopped: sleep\n")
            #expect(Fault.alive(project).isEmpty)
            #expect(Fault.supervisors(of: project.service("sleep")).isEmpty)
            #expect(Fault.supervisors(of: project.service("sleep") + "/.log").isEmpty)
        }

        @Test("git clean -fdx while running (links, logs/, .pgctl.lock and the scratch dir removed): status (changing nothing), stop and start recover")
        func gitClean() throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            #expect(try project.pgctl(["start"]).exitCode == 0)
            let service = try project.status("sleep").pid
            let directory = project.service("sleep")
            for path in ["supervise", ".log/supervise", ".log", "logs", ".pgctl.lock", "log_pipe", "nosetsid"] {
                _ = try? FileManager.default.removeItem(atPath: directory + "/" + path)
            }
            try FileManager.default.removeItem(atPath: project.home + "/.run")
            #expect(processIsAlive(service))
            let status = try project.pgctl(["status"])
            #expect(status.exitCode == 0)
            #expect(Fault.isWellFormedStatus(status.stdout), "\(status)")
            // status changes nothing on disk (issue 10): the link is not re-created, and with
            // the scratch dir gone there is nothing to link to; stop creates nothing either.
            #expect(FaultSecurity.mode(directory + "/supervise") == 0)
            let stop = try project.pgctl(["stop"])
            #expect(stop.exitCode == 0, "\(stop)")
            try waitUntil("every process of the wiped service to be gone", timeout: 10) { Fault.alive(project).isEmpty }
            #expect(!processIsAlive(service))
            let start = try project.pgctl(["start"])
            #expect(start.exitCode == 0, "\(start)")
            #expect(start.stderr.hasSuffix("[pgctl] Started: sleep\n"))
            #expect(try project.pgctl(["status"]).stdout.hasPrefix(" ● sleep: ready\n"))
            #expect(try project.pgctl(["stop"]).exitCode == 0)
            #expect(Fault.alive(project).isEmpty)
        }

        @Test("git clean while running, then start directly: the escaped processes are killed and a fresh service runs")
        func gitCleanThenStart() throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            #expect(try project.pgctl(["start"]).exitCode == 0)
            let service = try project.status("sleep").pid
            let directory = project.service("sleep")
            for path in ["supervise", ".log", "logs", ".pgctl.lock", "log_pipe", "nosetsid"] {
                _ = try? FileManager.default.removeItem(atPath: directory + "/" + path)
            }
            try FileManager.default.removeItem(atPath: project.home + "/.run")
            let start = try project.pgctl(["start"])
            #expect(start.exitCode == 0, "\(start)")
            #expect(start.stderr.contains("escaped supervision"))
            try waitUntil("the old service to die", timeout: 5) { !processIsAlive(service) }
            #expect(try project.status("sleep").pid != service)
            #expect(try project.pgctl(["stop"]).exitCode == 0)
            #expect(Fault.alive(project).isEmpty)
        }

        @Test("two pgctl commands on one service at once: the second reports the lock, state stays consistent")
        func twoCommands() throws {
            let project = try Fault.project(services: ["slow": (run: "#!/bin/sh\nexec pgctl-poll-ready sleep infinity\n",
                                                               files: ["ready": "#!/bin/sh\n[ -e go ]\n",
                                                                       "timeout-ready": "30\n"])])
            chmod(project.service("slow") + "/ready", 0o755)
            defer { project.cleanUp() }
            let firstOutput = project.temp.path + "/first.out"
            let first = try project.launch(["start", "slow"], output: firstOutput)
            defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
            try waitUntil("the first start to be starting", timeout: 10) {
                (try? String(contentsOfFile: firstOutput, encoding: .utf8))?.contains("Starting: slow") == true
            }
            let second = try project.pgctl(["stop", "slow"])
            #expect(second.exitCode == 1)
            #expect(second.stderr.hasPrefix("[pgctl] ERROR: another pgctl command is currently managing this service: (playground/slow/.pgctl.lock)\n"))
            #expect(second.stderr.contains("\(first.processIdentifier)"))
            #expect(FileManager.default.createFile(atPath: project.service("slow") + "/go", contents: nil))
            first.waitUntilExit()
            #expect(first.terminationStatus == 0)
            #expect(try String(contentsOfFile: firstOutput, encoding: .utf8).hasSuffix("[pgctl] Started: slow\n"))
            #expect(try project.pgctl(["status", "slow"]).stdout.hasPrefix(" ● slow: ready\n"))
            #expect(try project.pgctl(["stop", "slow"]).exitCode == 0)
            #expect(Fault.alive(project).isEmpty)
        }

        @Test("20 concurrent pgctl status during a start: all exit 0 with well-formed output")
        func concurrentStatus() throws {
            let project = try Fault.project(services: ["slow": (run: "#!/bin/sh\nexec pgctl-poll-ready sleep infinity\n",
                                                               files: ["ready": "#!/bin/sh\n[ -e go ]\n",
                                                                       "timeout-ready": "30\n"])])
            chmod(project.service("slow") + "/ready", 0o755)
            defer { project.cleanUp() }
            let output = project.temp.path + "/start.out"
            let start = try project.launch(["start", "slow"], output: output)
            defer { if start.isRunning { kill(start.processIdentifier, SIGKILL) } }
            try waitUntil("the start to be under way", timeout: 10) {
                (try? String(contentsOfFile: output, encoding: .utf8))?.contains("Starting: slow") == true
            }
            nonisolated(unsafe) let shared = project
            let results = Fault.concurrently(20) { _ in Result { try shared.pgctl(["status", "slow"]) } }
            for result in results {
                let run = try result.get()
                #expect(run.exitCode == 0, "\(run)")
                #expect(run.stderr == "", "\(run)")
                #expect(Fault.isWellFormedStatus(run.stdout), "\(run)")
                #expect(run.stdout.hasPrefix(" ● slow: "))
            }
            #expect(FileManager.default.createFile(atPath: project.service("slow") + "/go", contents: nil))
            start.waitUntilExit()
            #expect(start.terminationStatus == 0)
            let again = Fault.concurrently(20) { _ in Result { try shared.pgctl(["status", "slow"]) } }
            for result in again {
                let run = try result.get()
                #expect(run.exitCode == 0 && run.stdout.hasPrefix(" ● slow: ready\n   └─ pid: "), "\(run)")
            }
            #expect(try project.pgctl(["stop", "slow"]).exitCode == 0)
            #expect(Fault.alive(project).isEmpty)
        }
    }
}
