import Foundation
import SuperviseStatus
import Testing
import TestSupport

/// After a supervisor was SIGKILLed, `supervise/status` still holds its last record: the
/// escaped service "up, ready". The next `pgctl start` stops that service and launches a new
/// supervisor, which takes `supervise/lock` before it writes its first status (s6 does too):
/// in between, the lock says "running" and the status file still says "up, ready" with the old
/// pid. `Started` must come from the new supervisor's records only.
///
/// The window is normally well under a millisecond, so the test widens it: pgctl runs from a
/// directory whose `s6-supervise` is a small wrapper that takes the lock, holds it half a
/// second, then execs our supervisor (which locks again; the same process, so it succeeds).
/// A correct pgctl passes whatever the hold; one that trusts the old record reports `Started`
/// during the hold, with the old pid still in the status file.
@Suite("pgctl: a start after a lost supervisor ignores the status the lost one left", .serialized, .timeLimit(.minutes(3)))
struct PgctlEscapedStaleStatusTests {
    static let python = "/usr/bin/python3"

    /// A directory with a link to our pgctl and the lock-holding `s6-supervise` wrapper.
    static func slowSupervisorBin(_ project: PgctlProject) throws -> String {
        let bin = project.temp.path + "/slow-supervisor-bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        do {
            try FileManager.default.linkItem(atPath: Executables.ours("pgctl"), toPath: bin + "/pgctl")
        } catch {
            try FileManager.default.copyItem(atPath: Executables.ours("pgctl"), toPath: bin + "/pgctl")
        }
        let wrapper = """
            #!\(python)
            import fcntl, os, sys, time
            service = sys.argv[-1]
            try:
                fd = os.open(service + "/supervise/lock", os.O_WRONLY | os.O_CREAT, 0o644)
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                os.set_inheritable(fd, True)  # closing it at exec would drop the lock
                time.sleep(0.5)
            except OSError:
                pass  # the real supervisor reports whatever is wrong
            os.execv("\(Executables.ours("s6-supervise"))", ["s6-supervise"] + sys.argv[1:])

            """
        try wrapper.write(toFile: bin + "/s6-supervise", atomically: false, encoding: .utf8)
        chmod(bin + "/s6-supervise", 0o755)
        return bin
    }

    /// `pgctl arguments` with the pgctl of `bin`, as ``PgctlProject/pgctl(_:in:environment:timeout:wrapper:)`` runs ours.
    static func pgctl(_ bin: String, _ project: PgctlProject, _ arguments: [String]) throws -> CommandResult {
        let environment = [
            "PATH": Executables.productsDirectory.path + ":/usr/local/bin:/usr/bin:/bin",
            "HOME": project.home, "PGCTL_NO_GLOBAL_CONFIG": "true", "LANG": "C.UTF-8",
        ]
        return try Command.run(bin + "/pgctl", arguments, in: project.root, exactEnvironment: environment, timeout: 60)
    }

    @Test("supervisor SIGKILLed, then start with a slow supervisor start-up: Started only once the new service is up and ready")
    func startWaitsForTheNewSupervisorsStatus() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            print("skipped: \(Self.python) is needed for the lock-holding supervisor wrapper")
            return
        }
        let project = try Fault.project(services: ["web": (run: "#!/bin/sh\nexec pgctl-poll-ready sleep 100000\n",
                                                           files: ["ready": "#!/bin/sh\nexit 0\n", "poll-ready": "0.05\n"])])
        defer { project.cleanUp() }
        chmod(project.service("web") + "/ready", 0o755)
        let bin = try Self.slowSupervisorBin(project)
        let first = try Self.pgctl(bin, project, ["start", "web"])
        #expect(first.exitCode == 0, "\(first)")
        let old = try StatusFileReader.read(project.service("web"))
        #expect(old.isUp && old.flags.contains(.ready), "\(old)")
        let supervisor = try #require(Fault.supervisors(of: project.service("web")).first)
        kill(supervisor, SIGKILL)
        try waitUntil("the supervisor to die", timeout: 10) { !processIsAlive(supervisor) }

        let start = try Self.pgctl(bin, project, ["start", "web"])
        // Read at once: `Started` promises that the new service is up and ready now.
        let fresh = try StatusFileReader.read(project.service("web"))
        #expect(start.exitCode == 0, "\(start)")
        #expect(start.stderr.hasSuffix("[pgctl] Started: web\n"), "\(start)")
        #expect(fresh.isUp && fresh.flags.contains(.ready), "\(fresh)")
        #expect(fresh.pid != old.pid, "Started while the status file still named the old run (pid \(old.pid))")
        #expect(processIsAlive(Int32(truncatingIfNeeded: fresh.pid)))
        #expect(!processIsAlive(Int32(truncatingIfNeeded: old.pid)))
        #expect(try Self.pgctl(bin, project, ["stop", "web"]).exitCode == 0)
    }
}
