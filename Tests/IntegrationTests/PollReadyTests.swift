import Foundation
import Testing
import TestSupport

/// `pgctl-poll-ready` under our supervisor, without pgctl: readiness reaches the supervisor
/// only once `./ready` passes, and the monitor quits as soon as the service goes down.
@Suite("pgctl-poll-ready", .serialized, .timeLimit(.minutes(2)))
struct PollReadyTests {
    private func makeService(in temp: TemporaryDirectory, extraFiles: [String: String] = [:]) throws -> String {
        let poll = Executables.ours("pgctl-poll-ready")
        var files = ["notification-fd": "5\n", "poll-ready": "0.02\n", "poll-down": "0.05\n"]
        files.merge(extraFiles) { $1 }
        let svc = try ServiceDirectoryBuilder.make(at: temp.child("svc"), run: "exec \(poll) sleep 1000", files: files)
        try ServiceDirectoryBuilder.write(svc + "/ready", "#!/bin/sh\ntest -e readyfile\n", executable: true)
        return svc
    }

    /// Pids of processes whose cwd is `directory` (the service, its monitor, ready checks).
    private func processes(in directory: String) -> [Int32] {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap(Int32.init) ?? []
        return pids.filter { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\($0)/cwd")) == directory }
    }

    @Test("U arrives only after ./ready passes; -dx ends the service and its monitor")
    func readinessAndQuickStop() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let svc = try makeService(in: temp)
        try FileManager.default.createDirectory(atPath: svc + "/event", withIntermediateDirectories: false)
        let listener = try EventListener(serviceDirectory: svc)
        defer { listener.close() }
        let supervisor = try BackgroundSupervisor(serviceDirectory: svc)
        defer {
            supervisor.stop()
            for pid in processes(in: svc) { kill(pid, SIGKILL) }
        }
        try listener.waitFor("u")
        let up = try StatusFileReader.read(svc)
        #expect(up.isUp && !up.flags.contains(.ready))
        // Several checks fail meanwhile: still not ready.
        try waitUntil("a few ready checks") { processes(in: svc).count >= 2 }
        #expect(!listener.poll().contains("U"))
        #expect(FileManager.default.createFile(atPath: svc + "/readyfile", contents: nil))
        try listener.waitFor("U", timeout: 5)
        #expect(try StatusFileReader.read(svc).flags.contains(.ready))
        #expect(supervisor.output.contains("pgctl-poll-ready: service's ready check succeeded"))

        let stopStart = Date()
        try ControlWriter.send("dx", to: svc)
        #expect(try supervisor.waitForExit() == 0)
        try waitUntil("the monitor to quit") { processes(in: svc).isEmpty }
        #expect(Date().timeIntervalSince(stopStart) < 2)
        #expect(supervisor.output.contains("pgctl-poll-ready: service is stopping -- quitting the poll"))
        // The listener FIFO the monitor created is gone.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: svc + "/event").filter { $0.hasPrefix("ftrig1:") }
        #expect(leftovers.count == 1) // only this test's own listener
    }

    @Test("with PGCTL_DEBUG set it just execs the command")
    func debugBypass() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let result = try Command.run(Executables.ours("pgctl-poll-ready"), ["echo", "hello"], in: temp.path,
                                     environment: ["PGCTL_DEBUG": "true"])
        #expect(result.exitCode == 0)
        #expect(result.stdout == "hello\n")
        #expect(result.stderr == "pgctl-poll-ready: disabled during debug -- quitting\n")
    }

    @Test("bad input: no notification-fd, a garbage poll-ready, no command — clear errors, non-zero exit")
    func badInput() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let tool = Executables.ours("pgctl-poll-ready")
        let missing = try Command.run(tool, ["true"], in: temp.path)
        #expect(missing.exitCode == 100)
        #expect(missing.stderr.hasPrefix("pgctl-poll-ready: error: cannot read notification-fd in the service directory: No such file or directory"))

        try "5\n".write(toFile: temp.child("notification-fd"), atomically: false, encoding: .utf8)
        try "fast\n".write(toFile: temp.child("poll-ready"), atomically: false, encoding: .utf8)
        let garbage = try Command.run(tool, ["true"], in: temp.path)
        #expect(garbage.exitCode == 100)
        #expect(garbage.stderr == "pgctl-poll-ready: error: invalid value in poll-ready: 'fast' is not a number of seconds\n")

        // A poll-ready that cannot be read is an error naming it, not a fallback to PGCTL_POLL (issue #11).
        unlink(temp.child("poll-ready"))
        try FileManager.default.createDirectory(atPath: temp.child("poll-ready"), withIntermediateDirectories: false)
        let unreadable = try Command.run(tool, ["true"], in: temp.path, environment: ["PGCTL_POLL": "1"])
        #expect(unreadable.exitCode == 100)
        #expect(unreadable.stderr == "pgctl-poll-ready: error: cannot read poll-ready: Is a directory\n")

        // notification-fd is read as the supervisor reads it.
        try "abc\n".write(toFile: temp.child("notification-fd"), atomically: false, encoding: .utf8)
        rmdir(temp.child("poll-ready"))
        let badFD = try Command.run(tool, ["true"], in: temp.path)
        #expect(badFD.exitCode == 100)
        #expect(badFD.stderr == "pgctl-poll-ready: error: notification-fd must hold a descriptor number above 2, found 'abc'\n")

        let usage = try Command.run(tool, [], in: temp.path)
        #expect(usage.exitCode == 100)
        #expect(usage.stderr == "usage: pgctl-poll-ready COMMAND [ARGS...]\n")
    }
}
