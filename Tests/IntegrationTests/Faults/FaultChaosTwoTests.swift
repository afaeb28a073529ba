import Foundation
import Testing
import TestSupport

extension FaultSuite {
    /// Issue 10 ("chaos run II"): planted links below pghome on the fast path, other users'
    /// processes, `.pgctl.lock`'s mode, and what read-only commands leave on disk.
    @Suite("FaultChaosTwo: links below pghome, other users, status and stop leave no trace")
    struct FaultChaosTwo {
        /// Starts `sh -c 'exec 9<directory; exec sleep 1000'` as `nobody`; returns its pid once
        /// descriptor 9 is open (the caller kills and reaps it).
        static func bystander(holding directory: String) throws -> pid_t {
            let asNobody = try #require(FaultSecurity.asNobody)
            let pid = try ChildSpawn.spawn(asNobody + ["/bin/sh", "-c", "exec 9<\"$0\"; exec sleep 1000", directory],
                                           environment: ["PATH=/usr/bin:/bin"]) { actions in
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
                posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
                posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            }
            try waitUntil("nobody's process to open \(directory) and exec sleep", timeout: 10) {
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/9")) == directory
                    && (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) == "sleep\n"
            }
            return pid
        }

        static func end(_ pid: pid_t) {
            kill(pid, SIGKILL)
            ChildSpawn.wait(for: pid)
        }

        @Test("a link planted in the middle of the scratch path after a first start is refused on the fast path too")
        func plantedLinkOnFastPath() throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            #expect(try project.pgctl(["start"]).exitCode == 0)
            #expect(try project.pgctl(["stop"]).exitCode == 0)
            // <pghome>/<...>/playground becomes a link to a copy: `<svc>/supervise` still reads
            // as the scratch path, and lstat() on that path follows the planted link.
            let planted = (project.scratch("sleep") as NSString).deletingLastPathComponent
            let elsewhere = project.temp.path + "/elsewhere"
            #expect(rename(planted, elsewhere) == 0)
            #expect(symlink(elsewhere, planted) == 0)
            let before = try FileManager.default.contentsOfDirectory(atPath: elsewhere + "/sleep/supervise").sorted()
            let run = try project.pgctl(["start"])
            #expect(run.exitCode == 1, "\(run)")
            #expect(run.stderr == "[pgctl] ERROR: refusing to use the scratch directory \(planted): it is a symbolic link\n", "\(run)")
            #expect(Fault.alive(project).isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere + "/sleep/supervise").sorted() == before)
        }

        @Test("another user's process that merely opened the service directory is reported by start and stop, never killed",
              .enabled(if: FaultSecurity.asNobody != nil, "needs root and setpriv to act as nobody"))
        func otherUsersBystander() throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            chmod(project.temp.path, 0o755)
            let bystander = try Self.bystander(holding: project.service("sleep"))
            defer { Self.end(bystander) }
            let start = try project.pgctl(["start"])
            #expect(start.exitCode == 0, "\(start)")
            #expect(processIsAlive(bystander), "root's pgctl start killed another user's process: \(start)")
            #expect(start.stderr.contains("not signalled") && start.stderr.contains(" \(bystander) "), "\(start)")
            let stop = try project.pgctl(["stop"], environment: ["PGCTL_TIMEOUT": "2"])
            #expect(stop.exitCode == 0, "\(stop)")
            #expect(processIsAlive(bystander), "root's pgctl stop killed another user's process: \(stop)")
            #expect(Fault.alive(project).isEmpty)
        }

        @Test("a service process running as another user that kept the service lock is still a runaway",
              .enabled(if: FaultSecurity.asNobody != nil, "needs root and setpriv to act as nobody"))
        func otherUserServiceIsRunaway() throws {
            let run = "#!/bin/sh\nexec /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups sleep infinity\n"
            let project = try Fault.project(services: ["dropped": (run: run, files: [:])])
            defer { project.cleanUp() }
            chmod(project.temp.path, 0o755)
            #expect(try project.pgctl(["start", "dropped"]).exitCode == 0)
            let service = try project.status("dropped").pid
            try waitUntil("the service to run as nobody", timeout: 10) {
                (try? String(contentsOfFile: "/proc/\(service)/status", encoding: .utf8))?.contains("Uid:\t65534\t") == true
            }
            for supervisor in Fault.supervisors(of: project.service("dropped")) { kill(supervisor, SIGKILL) }
            try waitUntil("the supervisor to die", timeout: 10) { Fault.supervisors(of: project.service("dropped")).isEmpty }
            let start = try project.pgctl(["start", "dropped"])
            #expect(start.exitCode == 0, "\(start)")
            #expect(start.stderr.contains("escaped supervision"), "\(start)")
            try waitUntil("the escaped service (uid 65534) to be killed", timeout: 10) { !processIsAlive(service) }
            #expect(try project.pgctl(["stop", "dropped"]).exitCode == 0)
        }

        @Test(".pgctl.lock is created 0600, and an existing one of ours is made 0600")
        func commandLockMode() throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            let lock = project.service("sleep") + "/.pgctl.lock"
            #expect(try project.pgctl(["stop"]).exitCode == 0)
            #expect(FaultSecurity.mode(lock) & 0o7777 == 0o600)
            chmod(lock, 0o666)
            #expect(try project.pgctl(["start"]).exitCode == 0)
            #expect(FaultSecurity.mode(lock) & 0o7777 == 0o600)
            #expect(try project.pgctl(["stop"]).exitCode == 0)
        }

        @Test("pgctl --pghome OTHER status changes nothing on disk: the running service's link stays")
        func statusChangesNothing() throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            #expect(try project.pgctl(["start"]).exitCode == 0)
            let link = project.service("sleep") + "/supervise"
            let target = try FileManager.default.destinationOfSymbolicLink(atPath: link)
            let other = project.temp.path + "/other-pghome"
            let status = try project.pgctl(["--pghome", other, "status"])
            #expect(status.exitCode == 0, "\(status)")
            #expect(status.stdout.hasPrefix(" ● sleep: ready\n"), "\(status)")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
            #expect(!FileManager.default.fileExists(atPath: other), "status created \(other)")
            #expect(try project.pgctl(["stop"]).exitCode == 0)
        }

        @Test("status of a never-started service creates nothing: no link, no scratch directory")
        func statusOfNeverStarted() throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            let status = try project.pgctl(["status"])
            #expect(status.stdout == " ● sleep: down\n", "\(status)")
            #expect(FaultSecurity.mode(project.service("sleep") + "/supervise") == 0, "status created the supervise link")
            #expect(!FileManager.default.fileExists(atPath: project.home + "/.run"))
        }

        @Test("after stop of a never-started service the real s6-svc says 'supervisor not listening', not 'something is wrong'",
              .enabled(if: RealS6.isInstalled, RealS6.skipReason))
        func stopNeverStartedThenRealSvc() throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            let stop = try project.pgctl(["stop"])
            #expect(stop.exitCode == 0, "\(stop)")
            for tool in [RealS6.tool("s6-svc"), Executables.ours("s6-svc")] {
                let svc = try Command.run(tool, ["-u", project.service("sleep")])
                #expect(svc.exitCode == 100, "\(tool): \(svc)")
                #expect(svc.stderr.hasSuffix("unable to control \(project.service("sleep")): supervisor not listening\n"), "\(tool): \(svc)")
            }
        }

        @Test("a killed listener's FIFO is swept by the next subscriber; a live real s6-svwait's FIFO stays and gets its event",
              .enabled(if: RealS6.isInstalled, RealS6.skipReason))
        func staleListenerSwept() throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            #expect(try project.pgctl(["start"]).exitCode == 0)
            let service = project.service("sleep")
            let events = service + "/event"
            func listeners() -> Set<String> {
                Set(((try? FileManager.default.contentsOfDirectory(atPath: events)) ?? []).filter { $0.hasPrefix("ftrig1:") })
            }
            #expect(listeners().isEmpty)
            // Our s6-svwait waiting for "down", killed: its FIFO stays behind.
            let killed = ClientBackgroundCommand(Executables.ours("s6-svwait"), ["-d", service])
            try waitUntil("the listener to subscribe", timeout: 10) { listeners().count == 1 }
            let stale = try #require(listeners().first)
            for pid in ClientProcesses.find(executable: Executables.ours("s6-svwait"), lastArgument: service) { kill(pid, SIGKILL) }
            _ = try killed.wait()
            #expect(listeners() == [stale], "the killed listener's FIFO is left behind")
            // A live listener of the real s6.
            let real = ClientBackgroundCommand(RealS6.tool("s6-svwait"), ["-d", service])
            try waitUntil("the real s6-svwait to subscribe", timeout: 10) { listeners().count == 2 }
            let live = try #require(listeners().subtracting([stale]).first)
            // The next subscriber sweeps.
            let ours = try ClientTools.ours("s6-svwait", ["-u", service])
            #expect(ours.exitCode == 0, "\(ours)")
            #expect(listeners() == [live], "stale FIFO swept, the real listener's kept")
            #expect(try project.pgctl(["stop"]).exitCode == 0)
            let realResult = try real.wait()
            #expect(realResult.exitCode == 0, "the real s6-svwait -d got its event: \(realResult)")
        }
    }
}
