import Foundation
import Testing
import TestSupport

/// Issue 16 points 1, 2, 6 and 7 with small shell services (no server needed): what a lost
/// supervisor left running is stopped with the service's stop signal, not SIGKILLed; status
/// names it; killed processes are waited for until reaped; the stop-timeout text names the
/// signal; a supervisor that is exiting on request is not killed.
@Suite("pgctl: escaped services are stopped gracefully (issue 16)", .serialized, .timeLimit(.minutes(5)))
struct PgctlEscapedTests {
    /// A service that records the signals it gets in `<project>/signals` and exits on the
    /// first TERM, INT or USR1 (its `sleep` child is killed with it).
    static let graceful = """
        #!/bin/sh
        out="$(cd ../.. && pwd)/signals"
        for sig in TERM INT USR1; do
            trap "echo got $sig >> '$out'; kill \\$child 2>/dev/null; exit 0" $sig
        done
        echo up
        sleep 100000 &
        child=$!
        wait

        """

    /// A project with the `graceful` service (and `files` in it), started, its supervisor
    /// SIGKILLed. Returns the project and the service's main pid, still running.
    static func escapedProject(files: [String: String] = [:]) throws -> (PgctlProject, Int32) {
        let project = try Fault.project(services: ["graceful": (run: graceful, files: files)])
        let start = try project.pgctl(["start", "graceful"])
        #expect(start.exitCode == 0, "\(start)")
        let main = try project.status("graceful").pid
        let supervisor = try #require(Fault.supervisors(of: project.service("graceful")).first)
        kill(supervisor, SIGKILL)
        try waitUntil("the supervisor to die", timeout: 10) { !processIsAlive(supervisor) }
        #expect(processIsAlive(main))
        return (project, main)
    }

    @Test("supervisor SIGKILLed, then stop: the service gets SIGTERM and exits on it; no SIGKILL, no runaway warning")
    func stopSendsTerm() throws {
        let (project, main) = try Self.escapedProject(files: ["timeout-stop": "5\n"])
        defer { project.cleanUp() }
        let began = Date()
        let stop = try project.pgctl(["stop", "graceful"])
        let took = Date().timeIntervalSince(began)
        #expect(stop.exitCode == 0, "\(stop)")
        #expect(stop.stderr.contains("[pgctl] WARNING: Stopping these processes which were still running but escaped supervision:\n"), "\(stop)")
        #expect(stop.stderr.contains("pgctl sent SIGTERM (the service's stop signal) to pid \(main), as the supervisor would have done;\n"), "\(stop)")
        #expect(!stop.stderr.contains("Killing these runaway"), "\(stop)")
        #expect(stop.stderr.hasSuffix("[pgctl] Stopped: graceful\n"), "\(stop)")
        #expect(project.read("signals") == "got TERM\n")
        #expect(!processIsAlive(main))
        #expect(Fault.alive(project).isEmpty)
        // Stopped means reaped: the main process's pid is free (init may take a moment here).
        #expect(!FileManager.default.fileExists(atPath: "/proc/\(main)/stat") || (try? String(contentsOfFile: "/proc/\(main)/stat", encoding: .utf8))?.contains(") Z") != true)
        print("[escaped figures] generic: stop of an escaped service \(Int(took * 1000)) ms (includes init reaping its zombie)")
    }

    @Test("status names the escaped main pid (text and --json); stop sends the down-signal file's signal")
    func statusAndDownSignal() throws {
        let (project, main) = try Self.escapedProject(files: ["down-signal": "usr1\n"])
        defer { project.cleanUp() }
        let began = Date()
        let status = try project.pgctl(["status", "graceful"])
        let statusTook = Date().timeIntervalSince(began)
        #expect(status.stdout == " ● graceful: down, but its processes are still running (pid \(main))\n", "\(status)")
        let json = try project.pgctl(["status", "--json", "graceful"])
        #expect(json.stdout == """
            {
                "graceful": {
                    "escaped_pid": \(main),
                    "exitcode": null,
                    "pid": null,
                    "process": null,
                    "seconds": null,
                    "state": "down"
                }
            }

            """, "\(json)")
        let stop = try project.pgctl(["stop", "graceful"])
        #expect(stop.exitCode == 0, "\(stop)")
        #expect(stop.stderr.contains("pgctl sent SIGUSR1 (the service's stop signal) to pid \(main)"), "\(stop)")
        #expect(project.read("signals") == "got USR1\n")
        // Down and gone: plain `down`, no pid, and the 5.2.1 JSON keys only.
        #expect(try project.pgctl(["status", "graceful"]).stdout == " ● graceful: down\n")
        #expect(!(try project.pgctl(["status", "--json", "graceful"]).stdout.contains("escaped_pid")))
        print("[escaped figures] generic: status of an escaped service \(Int(statusTook * 1000)) ms (pgctl process included)")
    }

    @Test("the recorded pid of an escaped service that exited since is not reported (a recycled pid: EscapedProcessTests)")
    func exitedPidIsNotReported() throws {
        let (project, main) = try Self.escapedProject()
        defer { project.cleanUp() }
        kill(main, SIGTERM)
        try waitUntil("the escaped service to exit", timeout: 10) { !processIsAlive(main) }
        #expect(try project.pgctl(["status", "graceful"]).stdout == " ● graceful: down\n")
    }

    @Test("supervisor SIGKILLed, then start: the old service is asked to stop (SIGTERM), then a fresh one starts")
    func startStopsGracefully() throws {
        let (project, main) = try Self.escapedProject()
        defer { project.cleanUp() }
        let start = try project.pgctl(["start", "graceful"])
        #expect(start.exitCode == 0, "\(start)")
        #expect(start.stderr.contains("Stopping these processes which were still running but escaped supervision"), "\(start)")
        #expect(!start.stderr.contains("Killing"), "\(start)")
        #expect(start.stderr.hasSuffix("[pgctl] Started: graceful\n"))
        #expect(project.read("signals") == "got TERM\n")
        let fresh = try project.status("graceful").pid
        #expect(fresh != main && processIsAlive(fresh))
        #expect(!processIsAlive(main))
        #expect(try project.pgctl(["stop", "graceful"]).exitCode == 0)
    }

    @Test("an escaped service that ignores its stop signal is SIGKILLed after timeout-stop, the warning naming the signal")
    func stopTimeoutNamesTheSignal() throws {
        let stubborn = "#!/bin/sh\ntrap '' INT TERM\necho up\nexec sleep 100000\n"
        let project = try Fault.project(services: ["stubborn": (run: stubborn, files: ["timeout-stop": "1\n", "down-signal": "2\n"])])
        defer { project.cleanUp() }
        #expect(try project.pgctl(["start", "stubborn"]).exitCode == 0)
        try waitUntil("the service to exec sleep", timeout: 10) {
            (try? String(contentsOfFile: "/proc/\(try project.status("stubborn").pid)/comm", encoding: .utf8)) == "sleep\n"
        }
        // Supervised: the supervisor sends SIGINT, the timeout message says so.
        let supervised = try project.pgctl(["stop", "stubborn"])
        #expect(supervised.exitCode == 0, "\(supervised)")
        #expect(supervised.stderr.contains("[pgctl] WARNING: Killing these runaway processes which did not stop:\n"), "\(supervised)")
        #expect(supervised.stderr.contains(
            "They were still running 1.00 seconds after the service was sent SIGINT (its stop signal), so pgctl sent them SIGKILL.\n"
            + "A server that stops on another signal needs it in playground/stubborn/down-signal (postgres: SIGINT, nginx: SIGQUIT);\n"
            + "one that needs more time needs the seconds in playground/stubborn/timeout-stop.\n"), "\(supervised)")
        #expect(!supervised.stderr.contains("buggy"))
        // Escaped: the same signal from pgctl, then the same message.
        #expect(try project.pgctl(["start", "stubborn"]).exitCode == 0)
        let main = try project.status("stubborn").pid
        let supervisor = try #require(Fault.supervisors(of: project.service("stubborn")).first)
        kill(supervisor, SIGKILL)
        try waitUntil("the supervisor to die", timeout: 10) { !processIsAlive(supervisor) }
        let escaped = try project.pgctl(["stop", "stubborn"])
        #expect(escaped.exitCode == 0, "\(escaped)")
        #expect(escaped.stderr.contains("pgctl sent SIGINT (the service's stop signal) to pid \(main)"), "\(escaped)")
        #expect(escaped.stderr.contains("sent SIGINT (its stop signal), so pgctl sent them SIGKILL.\n"), "\(escaped)")
        #expect(Fault.alive(project).isEmpty)
    }

    @Test("a stop timing out while the supervisor is exiting on request kills run, not the supervisor, which exits by itself")
    func exitingSupervisorIsNotARunaway() throws {
        let project = try PgctlProject("slow-shutdown")
        defer { project.cleanUp() }
        let environment = ["PGCTL_TIMEOUT": "1", "BACKGROUND_SLEEP": "0.5", "FOREGROUND_SLEEP": "30"]
        #expect(try project.pgctl(["start"], environment: environment).exitCode == 0)
        try waitUntil("sweet's lines", timeout: 10) { project.logText("sweet") == "sweet\nsweet_error\n" }
        let supervisor = try #require(Fault.supervisors(of: project.service("sweet")).first)
        let stop = try project.pgctl(["stop"], environment: environment)
        #expect(stop.exitCode == 0, "\(stop)")
        #expect(stop.stderr.contains("Killing these runaway processes"), "\(stop)")
        #expect(!stop.stderr.contains("s6-supervise"), "\(stop)")
        #expect(!processIsAlive(supervisor))
        // A supervisor that exits by itself records the death of run (SIGKILL) in its status
        // file; a SIGKILLed one would have left "up" there.
        let record = try project.status("sweet")
        #expect(!record.isUp)
        #expect(project.serviceProcesses().filter(processIsAlive).isEmpty)
    }

    /// A service that, like postgres with `postmaster.pid`, refuses to start while the pid in
    /// its pid file exists (`kill -0`, which a zombie passes).
    static let pidFileService = """
        #!/bin/sh
        pidfile="$(cd ../.. && pwd)/service.pid"
        if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
            echo "lock file already exists: pid $(cat "$pidfile") is running"
            exit 1
        fi
        echo $$ > "$pidfile"
        exec sleep 100000

        """

    @Test("escaped main process killed, its zombie reaped late: start waits until it is gone, then starts")
    func startWaitsForZombie() throws {
        let project = try Fault.project(services: ["pidfile": (run: Self.pidFileService, files: [:])])
        defer { project.cleanUp() }
        let reaper = try LateReaper(project: project, delay: 2.5, pgctl: ["start", "pidfile"])
        defer { reaper.end() }
        #expect(reaper.pgctlExitCode == 0, "\(reaper.log)")
        let main = try project.status("pidfile").pid
        let supervisor = try #require(Fault.supervisors(of: project.service("pidfile")).first)
        kill(supervisor, SIGKILL)
        try waitUntil("the supervisor to die", timeout: 10) { !processIsAlive(supervisor) }
        try waitUntil("the service to be adopted by the late reaper", timeout: 10) {
            ProcessFacts(pid: main)?.parent == reaper.process.processIdentifier
        }
        kill(main, SIGKILL)
        try waitUntil("the service to be a zombie", timeout: 10) { ProcessFacts(pid: main)?.state == "Z" }
        let began = Date()
        let start = try project.pgctl(["start", "pidfile"])
        let took = Date().timeIntervalSince(began)
        #expect(start.exitCode == 0, "\(start)")
        #expect(start.stderr == "[pgctl] Starting: pidfile\n[pgctl] Started: pidfile\n", "\(start)")
        #expect(ProcessFacts(pid: main) == nil)
        #expect(!(project.logText("pidfile") ?? "").contains("lock file already exists"))
        #expect(try project.status("pidfile").pid != main)
        print("[escaped figures] generic: start waited \(Int(took * 1000)) ms for a zombie its parent reaped after 2.5 s")
        #expect(try project.pgctl(["stop", "pidfile"]).exitCode == 0)
    }
}

/// A process's state letter and parent, from `/proc/<pid>/stat` (nil when there is none).
struct ProcessFacts: Equatable {
    var state: Character
    var parent: Int32

    init?(pid: Int32) {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
        guard fields.count > 1, let state = fields[0].first, let parent = Int32(fields[1]) else { return nil }
        self.state = state
        self.parent = parent
    }
}
