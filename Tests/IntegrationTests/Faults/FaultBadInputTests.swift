import Foundation
import Testing
import TestSupport

extension FaultSuite {
    /// Broken configuration and service files: a clear error naming the file, nothing changed.
    @Suite("FaultBadInput: configuration, service files, status and control FIFO")
    struct FaultBadInput {
        /// Nothing was started and no service file was created.
        static func untouched(_ project: PgctlProject) -> Bool {
            Fault.alive(project).isEmpty && !FileManager.default.fileExists(atPath: project.service("sleep") + "/logs")
                && !FileManager.default.fileExists(atPath: project.service("sleep") + "/.pgctl.lock")
        }

        @Test("a malformed configuration file: error naming the file, exit 1, nothing started", arguments: [
            ("pgctl.yaml", "aliases: [unclosed\n"),
            ("pgctl.json", "{\"aliases\": \n"),
            ("pgctl.ini", "[pgctl\naliases = x\n"),
        ])
        func malformedConfig(file: String, contents: String) throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            try contents.write(toFile: project.root + "/" + file, atomically: false, encoding: .utf8)
            for command in ["start", "status", "stop"] {
                let run = try project.pgctl([command])
                #expect(run.exitCode == 1, "\(command): \(run)")
                #expect(run.stderr.hasPrefix("[pgctl] ERROR: ") && run.stderr.contains(file), "\(command): \(run)")
                #expect(run.stdout == "")
            }
            #expect(Self.untouched(project))
        }

        @Test("an unknown configuration key: a warning naming it, the command still works")
        func unknownKey() throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            try "bogus_key: 1\n".write(toFile: project.root + "/pgctl.yaml", atomically: false, encoding: .utf8)
            let run = try project.pgctl(["status"])
            #expect(run.exitCode == 0, "\(run)")
            #expect(run.stdout == " ● sleep: down\n")
            #expect(run.stderr.contains("bogus_key"), "\(run)")
            #expect(run.stderr.contains("pgctl.yaml"), "\(run)")
        }

        @Test("an alias cycle: error naming the alias, nothing started")
        func aliasCycle() throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            try "aliases:\n  a: [b]\n  b: [a]\n".write(toFile: project.root + "/pgctl.yaml", atomically: false, encoding: .utf8)
            let run = try project.pgctl(["start", "a"])
            #expect(run.exitCode == 1)
            #expect(run.stderr.hasPrefix("[pgctl] ERROR: Circular aliases!"), "\(run)")
            #expect(Self.untouched(project))
        }

        @Test("garbage in timeout-ready: start fails with the file named, nothing started",
              arguments: ["abc", "-1", "1e999", "nan", ""])
        func badTimeoutReady(contents: String) throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            try contents.write(toFile: project.service("sleep") + "/timeout-ready", atomically: false, encoding: .utf8)
            let run = try project.pgctl(["start"])
            #expect(run.exitCode == 1, "\(run)")
            #expect(run.stderr.contains("timeout-ready") && run.stderr.contains(project.service("sleep")), "\(run)")
            #expect(Fault.alive(project).isEmpty)
        }

        @Test("garbage in timeout-stop: stop fails with the file named and the service is left running",
              arguments: ["abc", "-1", "1e999"])
        func badTimeoutStop(contents: String) throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            #expect(try project.pgctl(["start"]).exitCode == 0)
            let pid = try project.status("sleep").pid
            try contents.write(toFile: project.service("sleep") + "/timeout-stop", atomically: false, encoding: .utf8)
            let run = try project.pgctl(["stop"])
            #expect(run.exitCode == 1, "\(run)")
            #expect(run.stderr.contains("timeout-stop") && run.stderr.contains(project.service("sleep")), "\(run)")
            #expect(processIsAlive(pid))
            unlink(project.service("sleep") + "/timeout-stop")
            #expect(try project.pgctl(["stop"]).exitCode == 0)
            #expect(Fault.alive(project).isEmpty)
        }

        @Test("timeout-stop / timeout-ready: one year is accepted and works; more is refused naming the file and the limit")
        func hugeTimeouts() throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            for file in ["timeout-stop", "timeout-ready"] {
                try "31536000\n".write(toFile: project.service("sleep") + "/" + file, atomically: false, encoding: .utf8)
            }
            #expect(try project.pgctl(["start"]).stderr == "[pgctl] Starting: sleep\n[pgctl] Started: sleep\n")
            #expect(try project.pgctl(["stop"]).stderr == "[pgctl] Stopping: sleep\n[pgctl] Stopped: sleep\n")
            try "99999999999999999999\n".write(toFile: project.service("sleep") + "/timeout-ready", atomically: false, encoding: .utf8)
            let refused = try project.pgctl(["start"])
            #expect(refused.exitCode == 1)
            #expect(refused.stderr == "[pgctl] ERROR: invalid timeout-ready in \(project.service("sleep")): "
                    + "'99999999999999999999' is too large (at most 31536000 seconds)\n")
            #expect(Fault.alive(project).isEmpty)
        }

        @Test("garbage in a user notification-fd (no ready script): start fails naming the file, nothing left",
              arguments: ["abc", "-1", "99999999999999999999", "5 6"])
        func badNotificationFD(contents: String) throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            try contents.write(toFile: project.service("sleep") + "/notification-fd", atomically: false, encoding: .utf8)
            let run = try project.pgctl(["start"])
            #expect(run.exitCode == 1, "\(run)")
            #expect(run.stderr.contains("notification-fd"), "\(run)")
            #expect(!run.stderr.contains("Started: sleep"))
            #expect(Fault.alive(project).isEmpty)
        }

        @Test("a missing or non-executable run: start fails at once naming it, nothing left", arguments: ["missing", "plain"])
        func badRun(kind: String) throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            let run = project.service("sleep") + "/run"
            if kind == "missing" { unlink(run) } else { chmod(run, 0o644) }
            let start = try project.pgctl(["start"])
            #expect(start.exitCode == 1, "\(start)")
            #expect(start.stderr.contains(kind == "missing" ? "its run script does not exist: playground/sleep/run"
                                                              : "its run script is not executable: playground/sleep/run"), "\(start)")
            #expect(!start.stderr.contains("Started: sleep"))
            #expect(Fault.alive(project).isEmpty)
        }

        @Test("a supervise that is a regular file: pgctl refuses naming it and keeps the file; our supervisor refuses too")
        func superviseRegularFile() throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            let path = project.service("sleep") + "/supervise"
            try "precious\n".write(toFile: path, atomically: false, encoding: .utf8)
            let start = try project.pgctl(["start"])
            #expect(start.exitCode == 1, "\(start)")
            #expect(start.stderr == "[pgctl] ERROR: refusing to replace \(path): it is not a directory or a symbolic link\n", "\(start)")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious\n")
            #expect(Fault.alive(project).isEmpty)
            let supervise = try Command.run(Executables.ours("s6-supervise"), [project.service("sleep")], timeout: 10)
            #expect(supervise.exitCode == 100, "\(supervise)")
            #expect(supervise.stderr.contains("supervise exists and is not a directory"), "\(supervise)")
        }

        @Test("a truncated or oversized status file: pgctl status and our s6-svstat fail clearly or stay truthful",
              arguments: [0, 20, 34, 36, 4096])
        func badStatusFile(size: Int) throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            #expect(try project.pgctl(["start"]).exitCode == 0)
            let statusPath = project.service("sleep") + "/supervise/status"
            let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: statusPath)))
            var crafted = Array(original.prefix(size))
            while crafted.count < size { crafted.append(0x41) }
            try Data(crafted).write(to: URL(fileURLWithPath: statusPath))
            let svstat = try Command.run(Executables.ours("s6-svstat"), [project.service("sleep")])
            let status = try project.pgctl(["status"])
            if size > 35 {
                // Like s6-svstat 2.11: the first 35 bytes are the record; trailing bytes are ignored.
                #expect(svstat.exitCode == 0 && svstat.stdout.hasPrefix("up (pid "), "\(svstat)")
                #expect(status.exitCode == 0 && status.stdout.hasPrefix(" ● sleep: ready\n"), "\(status)")
            } else {
                #expect(svstat.exitCode == 111, "\(svstat)")
                #expect(svstat.stderr.hasPrefix("s6-svstat: fatal: unable to read status for \(project.service("sleep"))"), "\(svstat)")
                // pgctl status reports the unreadable record, naming the file, instead of `down`.
                #expect(status.exitCode == 1, "\(status)")
                #expect(status.stderr.contains("supervise/status is "), "\(status)")
                #expect(status.stdout.isEmpty, "\(status)")
            }
            // The supervisor rewrites the file on its next state change; nothing else broke.
            try ControlWriter.send("p", to: project.service("sleep"))
            try ControlWriter.send("c", to: project.service("sleep"))
            try waitUntil("a valid status again", timeout: 10) { (try? project.status("sleep")) != nil }
            #expect(try project.pgctl(["status"]).stdout.hasPrefix(" ● sleep: ready\n"))
            #expect(try project.pgctl(["stop"]).exitCode == 0)
            #expect(Fault.alive(project).isEmpty)
        }

        @Test("10 000 random writes of random bytes to the control FIFO: the supervisor survives and still obeys u, d and x")
        func fuzzControl() throws {
            let sandbox = try ServiceSandbox()
            defer { sandbox.cleanup() }
            let supervisor = try sandbox.start()
            _ = supervisor
            try sandbox.waitUntilRunning()
            let fd = open(sandbox.path("supervise/control"), O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            try #require(fd >= 0)
            var generator = SystemRandomNumberGenerator()
            var full = 0
            // Exclude the letters that end the supervisor or kill its service from the fuzz
            // stream so the final checks are meaningful; everything else (including other
            // command letters and signal letters) is fair game.
            let forbidden: Set<UInt8> = Set("xqkdDOQo".utf8)
            for _ in 0..<10_000 {
                let length = Int.random(in: 1...600, using: &generator)
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }.map { forbidden.contains($0) ? 0 : $0 }
                if write(fd, bytes, bytes.count) < 0 { full += 1; usleep(200) }
            }
            close(fd)
            try waitUntil("the supervisor to drain the FIFO", timeout: 30) {
                var available: Int32 = 0
                let probe = open(sandbox.path("supervise/control"), O_RDONLY | O_NONBLOCK | O_CLOEXEC)
                defer { close(probe) }
                return ioctl(probe, UInt(FIONREAD), &available) == 0 && available == 0
            }
            FaultFigures.record("control FIFO fuzz: 10000 writes, \(full) refused with a full FIFO")
            // The service may have been paused, signalled or restarted by fuzz letters; it is
            // supervised and wanted up (no d/D/O/Q were sent).
            try sandbox.send("c")
            let listener = try sandbox.listen()
            try sandbox.send("u")
            var pid = try sandbox.waitUntilUp(timeout: 15)
            #expect(try sandbox.status().flags.contains(.wantUp))
            try sandbox.send("d")
            try listener.waitFor("d", timeout: 10)
            try sandbox.waitForStatus("down") { $0.pid == 0 && !$0.flags.contains(.wantUp) }
            #expect(!processIsAlive(Int32(pid)))
            try sandbox.send("u")
            pid = try sandbox.waitUntilUp()
            #expect(processIsAlive(pid))
            try sandbox.send("dx")
            try listener.waitFor("x", timeout: 10)
            try waitUntil("the supervisor to exit", timeout: 10) { Fault.supervisors(of: sandbox.directory).isEmpty }
            #expect(!processIsAlive(pid))
            let record = try sandbox.status()
            #expect(record.pid == 0 && !record.flags.contains(.wantUp))
        }
    }
}
