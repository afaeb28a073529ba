import Foundation
import Testing
import TestSupport

/// pgctl-started services seen and driven by the real s6 tools (skipped when s6 is not
/// installed; CI installs it), and pgctl's own locks (spec §9.64).
@Suite("pgctl with the real s6 tools (end to end)", .serialized, .timeLimit(.minutes(5)))
struct PgctlS6InteropTests {
    @Test("s6-svstat reads a pgctl-started service", .enabled(if: RealS6.isInstalled, RealS6.skipReason))
    func svstat() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        try project.pgctl(["start"])
        let pid = try project.status("sleep").pid
        let svstat = try Command.run(RealS6.tool("s6-svstat"), [project.service("sleep")])
        #expect(svstat.exitCode == 0, "\(svstat)")
        #expect(svstat.stdout.hasPrefix("up (pid \(pid)) "), "\(svstat)")
        let svok = try Command.run(RealS6.tool("s6-svok"), [project.service("sleep")])
        #expect(svok.exitCode == 0)
        try project.pgctl(["stop"])
        let after = try Command.run(RealS6.tool("s6-svok"), [project.service("sleep")])
        #expect(after.exitCode == 1)
    }

    @Test("s6-svc -dx from outside stops a pgctl-started service cleanly", .enabled(if: RealS6.isInstalled, RealS6.skipReason))
    func svcDownExit() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        try project.pgctl(["start"])
        let pid = try project.status("sleep").pid
        let svc = try Command.run(RealS6.tool("s6-svc"), ["-dx", project.service("sleep")])
        #expect(svc.exitCode == 0, "\(svc)")
        try waitUntil("the supervisor to exit", timeout: 10) { !project.supervisorRunning("sleep") }
        try waitUntil("the service to die", timeout: 10) { !processIsAlive(pid) }
        #expect(try project.pgctl(["status"]).stdout == " ● sleep: down\n")
        let stop = try project.pgctl(["stop"])
        #expect(stop.exitCode == 0)
        #expect(stop.stderr == "[pgctl] Already stopped: sleep\n")
    }

    @Test("s6-svwait -U works on a pgctl-started service with readiness", .enabled(if: RealS6.isInstalled, RealS6.skipReason))
    func svwait() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        try project.pgctl(["start"])
        let wait = try Command.run(RealS6.tool("s6-svwait"), ["-u", "-t", "5000", project.service("sleep")])
        #expect(wait.exitCode == 0, "\(wait)")
    }

    @Test("our s6-svstat agrees (no real s6 needed)")
    func ourSvstat() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        try project.pgctl(["start"])
        let pid = try project.status("sleep").pid
        let svstat = try Command.run(Executables.ours("s6-svstat"), [project.service("sleep")])
        #expect(svstat.stdout.hasPrefix("up (pid \(pid)) "), "\(svstat)")
    }

    @Test("§9.64 the service lock is held by the service tree and passed down")
    func serviceLock() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        try project.pgctl(["start"])
        // (Any process holding the directory open counts as part of the service — pgctl would
        // SIGKILL it on stop — so the probe is closed before stopping.)
        let directory = open(project.service("sleep"), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        #expect(flock(directory, LOCK_EX | LOCK_NB) != 0)
        close(directory)
        let pid = try project.status("sleep").pid
        let environment = try ProcInfo.environment(pid)
        let lockFD = try #require(try ProcInfo.environmentValue("PGCTL_SERVICE_LOCK", of: pid))
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(lockFD)")
        #expect(target == project.service("sleep"))
        #expect(environment.contains("PGCTL_SERVICE_PROCESS=true"))
        #expect(environment.contains("PGCTL_SCRATCH=\(project.scratch("sleep"))"))
        #expect(!environment.contains { $0.hasPrefix("PGCTL_DEBUG=") })
        try project.pgctl(["stop"])
        let again = open(project.service("sleep"), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { close(again) }
        #expect(flock(again, LOCK_EX | LOCK_NB) == 0)
        // The command lock file exists and is free after a command.
        let command = open(project.service("sleep") + "/.pgctl.lock", O_RDONLY | O_CLOEXEC)
        defer { close(command) }
        #expect(command >= 0 && flock(command, LOCK_EX | LOCK_NB) == 0)
    }

    @Test("the scratch directory is private and supervise is a link into it")
    func scratch() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        try project.pgctl(["start"])
        try project.pgctl(["stop"])
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: project.service("sleep") + "/supervise")
        #expect(link == project.scratch("sleep") + "/supervise")
        var info = stat()
        #expect(stat(project.scratch("sleep"), &info) == 0 && info.st_mode & 0o777 == 0o700)
        // A wrong link is replaced by start (status changes nothing on disk).
        try FileManager.default.removeItem(atPath: project.service("sleep") + "/supervise")
        try FileManager.default.createSymbolicLink(atPath: project.service("sleep") + "/supervise", withDestinationPath: "/tmp")
        try project.pgctl(["status"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: project.service("sleep") + "/supervise") == "/tmp")
        try project.pgctl(["start"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: project.service("sleep") + "/supervise") == link)
        try project.pgctl(["stop"])
    }

    @Test("a symbolic link planted in the scratch path is refused")
    func plantedLink() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        let elsewhere = project.temp.path + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let parent = (project.scratch("sleep") as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: (parent as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: parent, withDestinationPath: elsewhere)
        let run = try project.pgctl(["start"])
        #expect(run.exitCode == 1)
        #expect(run.stderr == "[pgctl] ERROR: refusing to use the scratch directory \(parent): it is a symbolic link\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
    }

    @Test("a Ctrl-C aimed at pgctl's process group does not reach the services")
    func detached() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        try project.pgctl(["start"])
        let pid = try project.status("sleep").pid
        #expect(getsid(pid) != getsid(0))
        #expect(getpgid(pid) != getpgrp())
    }
}
