import Foundation
import Testing
import TestSupport

extension FaultSuite {
    /// Issue 10, defects 1 and 5: the service lock must survive into the service whatever its
    /// `notification-fd` says (else a killed supervisor lets pgctl start a second instance), and
    /// a `run` that cannot be executed fails `pgctl start` at once, naming the exec error.
    @Suite("FaultLockAndExec: service lock vs notification-fd, exec failures")
    struct FaultLockAndExec {
        /// Live processes running exactly `argv`.
        static func processes(running argv: [String]) -> [Int32] {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return entries.compactMap(Int32.init).filter { pid in
                (try? ProcInfo.arguments(pid)) == argv && processIsAlive(pid)
            }
        }

        /// Whether an exclusive flock on `directory` can be taken now (released at once).
        static func lockIsFree(_ directory: String) -> Bool {
            let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            return flock(fd, LOCK_EX | LOCK_NB) == 0
        }

        @Test("notification-fd 3: the service holds the lock, and a supervisor killed during start never leads to a second instance")
        func notificationDescriptorThree() throws {
            // A first instance never reports readiness; once `go` exists, one reports it at once.
            let run = "#!/bin/sh\nif [ -e go ]; then echo >&3; fi\nexec sleep 86397\n"
            let project = try Fault.project(services: ["twice": (run: run, files: ["notification-fd": "3\n", "timeout-ready": "4\n"])])
            defer { project.cleanUp() }
            let directory = project.service("twice")
            let sleeper = ["sleep", "86397"]
            let start = try project.launch(["start", "twice"], output: project.temp.path + "/start.out")
            defer {
                if start.isRunning { kill(start.processIdentifier, SIGKILL) }
                start.waitUntilExit()
            }
            try waitUntil("the first instance to run") { Self.processes(running: sleeper).count == 1 }
            let first = try #require(Self.processes(running: sleeper).first)
            try ProcInfo.waitUntilAsleep(first)
            let lockNumber = try #require(try ProcInfo.environmentValue("PGCTL_SERVICE_LOCK", of: first).flatMap { Int32($0) })
            #expect(lockNumber != 3, "the lock is kept off the notification-fd number")
            #expect(ProcInfo.descriptorTarget(first, lockNumber) == directory, "the service holds the lock descriptor")
            #expect(ProcInfo.descriptorTarget(first, 3)?.hasPrefix("pipe:") == true, "fd 3 is the readiness pipe")
            #expect(!Self.lockIsFree(directory), "the service lock is held")

            // The supervisor dies while `pgctl start` waits for readiness.
            let supervisor = try #require(Fault.supervisors(of: directory).first)
            kill(supervisor, SIGKILL)
            try waitUntil("the supervisor to die") { !processIsAlive(supervisor) }
            // Watch until pgctl gives up: it must never launch a second supervisor (the lock
            // is held by the running instance), so a second instance never runs.
            var mostInstances = 0, mostSupervisors = 0
            while start.isRunning {
                mostInstances = max(mostInstances, Self.processes(running: sleeper).count)
                mostSupervisors = max(mostSupervisors, Fault.supervisors(of: directory).count)
                usleep(5000)
            }
            let output = (try? String(contentsOfFile: project.temp.path + "/start.out", encoding: .utf8)) ?? ""
            #expect(start.terminationStatus == 1, "\(output)")
            #expect(mostSupervisors == 0, "no second supervisor was launched: \(output)")
            #expect(mostInstances == 1, "one instance at most: \(output)")
            print("[issue 10 figures] notification-fd 3, supervisor killed during start: at most \(mostInstances) instance(s), \(mostSupervisors) new supervisor(s); pgctl said: \(output.split(separator: "\n").filter { $0.contains("ERROR") })")

            // The next start (after the failed one stopped what was left) runs one fresh instance.
            #expect(FileManager.default.createFile(atPath: directory + "/go", contents: nil))
            let again = try project.pgctl(["start", "twice"])
            #expect(again.exitCode == 0, "\(again)")
            try waitUntil("the first instance to die") { !processIsAlive(first) }
            let instances = Self.processes(running: sleeper)
            #expect(instances.count == 1 && instances.first != first, "\(instances)")
            #expect(try project.pgctl(["stop", "twice"]).exitCode == 0)
            #expect(Self.processes(running: sleeper).isEmpty)
            #expect(Fault.alive(project).isEmpty)
        }

        @Test("notification-fd naming a descriptor the supervisor inherited: the spawn is refused with a warning and retried, the descriptor never replaced")
        func inheritedDescriptorNeverReplaced() throws {
            try withSandbox(files: ["notification-fd": "3\n"]) { sandbox in
                // Like pgctl: the supervisor inherits an open descriptor on the service directory at 3.
                let launcher = ["/bin/sh", "-c", "exec 3<\"$0\" && exec \"$@\"", sandbox.directory, "/usr/bin/env", "--default-signal"]
                let supervisor = try sandbox.start(launcher: launcher)
                let prefix = "s6-supervise \(sandbox.directory)"
                try waitUntil("the refusal to be reported") { supervisor.output.contains("waiting 10 seconds\n") }
                #expect(supervisor.output == """
                    \(prefix): warning: unable to use notification-fd 3: descriptor 3 was inherited by the supervisor and is passed on to run
                    \(prefix): warning: unable to spawn ./run - waiting 10 seconds

                    """)
                #expect(try sandbox.status().pid == 0, "run not started")
                // Another number works, and run gets both.
                try sandbox.write("notification-fd", "4\n")
                try sandbox.send("u")
                let pid = try sandbox.waitUntilRunning()
                #expect(ProcInfo.descriptorTarget(pid, 3) == sandbox.directory)
                #expect(ProcInfo.descriptorTarget(pid, 4)?.hasPrefix("pipe:") == true)
            }
        }

        @Test("run with a missing interpreter: pgctl start fails at once with the exec error, shown in the log")
        func missingInterpreter() throws {
            let project = try Fault.project(services: ["interp": (run: "#!/nonexistent/interp\n", files: ["timeout-ready": "20\n"])])
            defer { project.cleanUp() }
            let begin = ProcessInfo.processInfo.systemUptime
            let start = try project.pgctl(["start", "interp"])
            let elapsed = ProcessInfo.processInfo.systemUptime - begin
            print("[issue 10 figures] missing interpreter: pgctl start failed after \(String(format: "%.3f", elapsed)) s (timeout-ready 20)")
            #expect(start.exitCode == 1, "\(start)")
            #expect(elapsed < 5, "failed at once, not after timeout-ready: \(elapsed) s")
            let failure = #/\[pgctl\] ERROR: service 'interp' failed to start after \d+\.\d\d seconds, unable to exec run: No such file or directory\n/#
            #expect(start.stderr.contains(failure), "\(start)")
            #expect(start.stderr.contains("(child): fatal: unable to exec run: No such file or directory\n"), "the log tail shows it: \(start)")
            #expect(Fault.alive(project).isEmpty)
            #expect(Fault.supervisors(of: project.service("interp")).isEmpty)
        }
    }
}
