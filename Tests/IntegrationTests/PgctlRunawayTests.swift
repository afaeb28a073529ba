import Foundation
import Testing
import TestSupport

/// Spec §9 scenarios 55–62: processes that outlive their service, force kills, `--no-force`,
/// escaped processes of a killed supervisor, and the command lock.
@Suite("pgctl runaways, force and locking (end to end)", .serialized, .timeLimit(.minutes(5)))
struct PgctlRunawayTests {
    /// The force-kill warning for `service` with a `sleep infinity` left (issue 16: it names
    /// the signal and the files that change the stop instead of calling the processes buggy).
    static func killWarning(_ service: String, timeout: String = "2.00") -> String {
        """
        [pgctl] WARNING: Killing these runaway processes which did not stop:
        {PS}
        {PS} sleep infinity

        \(advice(service, timeout: timeout, outcome: ", so pgctl sent them SIGKILL"))\
        Learn more: https://pgctl.readthedocs.org/en/latest/user/quickstart.html#writing-playground-services


        """
    }

    /// The explanation lines of the stop texts (each ending with a newline).
    static func advice(_ service: String, timeout: String, signal: String = "SIGTERM", outcome: String = "") -> String {
        """
        They were still running {T} seconds after the service was sent \(signal) (its stop signal)\(outcome).
        A server that stops on another signal needs it in playground/\(service)/down-signal (postgres: SIGINT, nginx: SIGQUIT);
        one that needs more time needs the seconds in playground/\(service)/timeout-stop.

        """
    }

    @Test("§9.54/§9.55 an orphaned child is force-killed on restart")
    func orphanRestart() throws {
        let project = try PgctlProject("orphan-subprocess")
        defer { project.cleanUp() }
        let start = try project.pgctl(["start", "sweet"])
        #expect(start.stderr == "[pgctl] Starting: sweet\n[pgctl] Started: sweet\n")
        try waitUntil("sweet's lines", timeout: 10) { project.logText("sweet") == "sweet\nsweet_error\n" }
        let orphans = project.serviceProcesses()
        let restart = try project.pgctl(["restart", "sweet"])
        #expect(restart.exitCode == 0)
        #expect(Normalize.text(restart.stderr) == "[pgctl] Stopping: sweet\n" + Self.killWarning("sweet")
            + "[pgctl] Stopped: sweet\n[pgctl] Starting: sweet\n[pgctl] Started: sweet\n")
        for pid in orphans { #expect(!processIsAlive(pid)) }
        #expect(project.supervisorRunning("sweet"))
    }

    @Test("§9.56 a slow main process with --no-force fails to stop")
    func slowNoForce() throws {
        let project = try PgctlProject("slow-shutdown")
        defer { project.cleanUp() }
        let environment = ["PGCTL_TIMEOUT": "1.5", "BACKGROUND_SLEEP": "0.75", "FOREGROUND_SLEEP": "2.5"]
        try project.pgctl(["start"], environment: environment)
        try waitUntil("sweet's lines", timeout: 10) { project.logText("sweet") == "sweet\nsweet_error\n" }
        let stop = try project.pgctl(["stop", "--no-force"], environment: environment)
        #expect(stop.exitCode == 1)
        #expect(Normalize.text(stop.stderr) == """
            [pgctl] Stopping: sweet
            [pgctl] ERROR: service 'sweet' failed to stop after {T} seconds, its status is ready (pid {PID}) {T} seconds
            ==> playground/sweet/logs/current <==
            {TS} sweet
            {TS} sweet_error
            [pgctl]
            [pgctl] There might be useful information further up in the log; you can view it by running:
            [pgctl]     less +G playground/sweet/logs/current
            [pgctl] ERROR: Some services failed to stop: sweet

            """)
        #expect(stop.stderr.contains("failed to stop after 1.50 seconds"))
    }

    @Test("§9.57 a plain stop force-kills run and its child; the supervisor, exiting on request, is left to exit (issue 16 point 7)")
    func slowForce() throws {
        let project = try PgctlProject("slow-shutdown")
        defer { project.cleanUp() }
        let environment = ["PGCTL_TIMEOUT": "1.5", "BACKGROUND_SLEEP": "0.75", "FOREGROUND_SLEEP": "2.5"]
        try project.pgctl(["start"], environment: environment)
        try waitUntil("sweet's lines", timeout: 10) { project.logText("sweet") == "sweet\nsweet_error\n" }
        let stop = try project.pgctl(["stop"], environment: environment)
        #expect(stop.exitCode == 0)
        let service = project.service("sweet")
        #expect(Normalize.text(stop.stderr) == """
            [pgctl] Stopping: sweet
            [pgctl] WARNING: Killing these runaway processes which did not stop:
            {PS}
            {PS} /bin/bash ./run \(service)
            {PS} \\_ sleep 2.5

            \(Self.advice("sweet", timeout: "1.50", outcome: ", so pgctl sent them SIGKILL"))\
            Learn more: https://pgctl.readthedocs.org/en/latest/user/quickstart.html#writing-playground-services

            [pgctl] Stopped: sweet

            """)
        #expect(project.serviceProcesses().isEmpty)
    }

    @Test("§9.58 with a long enough timeout-stop everything succeeds")
    func slowWithTimeoutStop() throws {
        let project = try PgctlProject("slow-shutdown")
        defer { project.cleanUp() }
        try "3\n".write(toFile: project.service("sweet") + "/timeout-stop", atomically: true, encoding: .utf8)
        let environment = ["PGCTL_TIMEOUT": "1.5", "BACKGROUND_SLEEP": "0.75", "FOREGROUND_SLEEP": "2.5"]
        #expect(try project.pgctl(["start"], environment: environment).exitCode == 0)
        let restart = try project.pgctl(["restart"], environment: environment)
        #expect(restart.exitCode == 0, "\(restart)")
        #expect(restart.stderr == "[pgctl] Stopping: sweet\n[pgctl] Stopped: sweet\n[pgctl] Starting: sweet\n[pgctl] Started: sweet\n")
        let stop = try project.pgctl(["stop", "--no-force"], environment: environment)
        #expect(stop.exitCode == 0, "\(stop)")
    }

    @Test("§9.59 a leaked child holding the service lock: --no-force fails, later stops cleanly")
    func leakedChild() throws {
        let project = try PgctlProject("slow-shutdown")
        defer { project.cleanUp() }
        let environment = ["PGCTL_TIMEOUT": "1.5", "BACKGROUND_SLEEP": "2.5", "FOREGROUND_SLEEP": "0.75"]
        try project.pgctl(["start"], environment: environment)
        try waitUntil("sweet's lines", timeout: 10) { project.logText("sweet") == "sweet\nsweet_error\n" }
        let stop = try project.pgctl(["stop", "--no-force"], environment: environment)
        #expect(stop.exitCode == 1)
        #expect(Normalize.text(stop.stderr) == """
            [pgctl] Stopping: sweet
            [pgctl] ERROR: service 'sweet' failed to stop after {T} seconds, these runaway processes did not stop:
            {PS}
            {PS} sleep 2.5

            \(Self.advice("sweet", timeout: "1.50"))\
            Normally pgctl would kill these automatically for you, but you specified the --no-force option.
            Learn more: https://pgctl.readthedocs.org/en/latest/user/quickstart.html#writing-playground-services

            ==> playground/sweet/logs/current <==
            {TS} sweet
            {TS} sweet_error
            [pgctl]
            [pgctl] There might be useful information further up in the log; you can view it by running:
            [pgctl]     less +G playground/sweet/logs/current
            [pgctl] ERROR: Some services failed to stop: sweet

            """)
        // Once the child has finished by itself, stop has nothing left to do.
        try waitUntil("the leaked child to exit", timeout: 10) { project.serviceProcesses().isEmpty }
        let again = try project.pgctl(["stop"], environment: environment)
        #expect(again.exitCode == 0)
        #expect(again.stderr == "[pgctl] Already stopped: sweet\n")
    }

    @Test("§9.60 a child that closed its descriptors is found through its environment")
    func closedDescriptors() throws {
        let project = try PgctlProject("subprocess-with-closed-fds")
        defer { project.cleanUp() }
        let start = try project.pgctl(["start"])
        #expect(start.exitCode == 0, "\(start)")
        try waitUntil("child.pid", timeout: 10) { project.read("playground/bad-subprocess/child.pid") != nil }
        let child = try #require(Int32(project.read("playground/bad-subprocess/child.pid") ?? ""))
        let noForce = try project.pgctl(["stop", "--no-force"])
        #expect(noForce.exitCode == 1)
        #expect(Normalize.text(noForce.stderr) == """
            [pgctl] Stopping: bad-subprocess
            [pgctl] ERROR: service 'bad-subprocess' failed to stop after {T} seconds, these runaway processes did not stop:
            {PS}
            {PS} sleep infinity

            \(Self.advice("bad-subprocess", timeout: "2.00"))\
            Learn more: https://pgctl.readthedocs.org/en/latest/user/quickstart.html#writing-playground-services

            ==> playground/bad-subprocess/logs/current <==
            [pgctl]
            [pgctl] There might be useful information further up in the log; you can view it by running:
            [pgctl]     less +G playground/bad-subprocess/logs/current
            [pgctl] ERROR: Some services failed to stop: bad-subprocess

            """)
        #expect(processIsAlive(child))
        let stop = try project.pgctl(["stop"])
        #expect(stop.exitCode == 0)
        // No supervisor is left (the failed stop let it exit): the child is what escaped, and
        // gets the service's stop signal first (issue 16); `sleep` dies of it.
        #expect(Normalize.text(stop.stderr) == """
            [pgctl] Stopping: bad-subprocess
            [pgctl] WARNING: Stopping these processes which were still running but escaped supervision:
            {PS}
            {PS} sleep infinity

            This usually means that s6-supervise was not stopped cleanly (e.g. manually killed).
            pgctl sent SIGTERM (the service's stop signal) to pid {PID}, as the supervisor would have done;
            what still runs after {T} seconds is killed with SIGKILL.
            Learn more: https://pgctl.readthedocs.io/en/latest/user/usage.html#stop

            [pgctl] Stopped: bad-subprocess

            """)
        try waitUntil("the child to die", timeout: 5) { !processIsAlive(child) }
    }

    @Test("§9.61 processes left by a killed supervisor are stopped (SIGTERM) by the next start")
    func escaped() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        try project.pgctl(["start"])
        let service = try project.status("sleep").pid
        let supervisor = try #require(project.serviceProcesses().first { $0 != service })
        kill(supervisor, SIGKILL)
        try waitUntil("status down", timeout: 10) {
            try project.pgctl(["status"]).stdout == " ● sleep: down, but its processes are still running (pid \(service))\n"
        }
        #expect(processIsAlive(service))
        let start = try project.pgctl(["start"])
        #expect(start.exitCode == 0)
        #expect(Normalize.text(start.stderr) == """
            [pgctl] Starting: sleep
            [pgctl] WARNING: Stopping these processes which were still running but escaped supervision:
            {PS}
            {PS} sleep infinity

            This usually means that s6-supervise was not stopped cleanly (e.g. manually killed).
            pgctl sent SIGTERM (the service's stop signal) to pid {PID}, as the supervisor would have done;
            what still runs after {T} seconds is killed with SIGKILL.
            Learn more: https://pgctl.readthedocs.io/en/latest/user/usage.html#stop

            [pgctl] Started: sleep

            """)
        try waitUntil("the escaped process to die", timeout: 5) { !processIsAlive(service) }
        #expect(try project.status("sleep").pid != service)
    }

    @Test("after a clean stop, start skips the escapee scan only while the status file is unchanged")
    func cleanStopRecordFollowsTheStatusFile() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        try project.pgctl(["start"])
        #expect(try project.pgctl(["stop"]).exitCode == 0)
        // A supervisor started by hand (as pgctl would, tagged for tracing), then SIGKILLed:
        // its service escapes, and the status file it wrote invalidates the clean-stop record.
        let directory = project.service("sleep")
        let supervisor = try ChildSpawn.spawn(
            [Executables.ours("s6-supervise"), directory],
            environment: ChildSpawn.environment(["PGCTL_SERVICE": directory, "PGCTL_SERVICE_PROCESS": "true"])) { actions in
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
                posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
                posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            }
        try waitUntil("the hand-started service to run", timeout: 10) { (try? project.status("sleep"))?.isUp == true }
        let service = try project.status("sleep").pid
        kill(supervisor, SIGKILL)
        ChildSpawn.wait(for: supervisor)
        #expect(processIsAlive(service))
        let start = try project.pgctl(["start"])
        #expect(start.exitCode == 0)
        #expect(start.stderr.contains("escaped supervision"), "\(start.stderr)")
        try waitUntil("the escaped process to die", timeout: 5) { !processIsAlive(service) }
        // A clean stop again: the next start has nothing to kill and says nothing of it.
        #expect(try project.pgctl(["stop"]).exitCode == 0)
        let again = try project.pgctl(["start"])
        #expect(again.stderr == "[pgctl] Starting: sleep\n[pgctl] Started: sleep\n")
        #expect(try project.pgctl(["stop"]).exitCode == 0)
    }

    @Test("§9.62 a second pgctl on a busy service fails at once with the holder listed")
    func commandLockBusy() throws {
        let project = try PgctlProject("slow-shutdown")
        defer { project.cleanUp() }
        let environment = ["BACKGROUND_SLEEP": "0.75", "FOREGROUND_SLEEP": "2.25"]
        try project.pgctl(["start"], environment: environment)
        try waitUntil("sweet's lines", timeout: 10) { project.logText("sweet") == "sweet\nsweet_error\n" }
        let firstOutput = project.temp.path + "/first.out"
        let first = try project.launch(["restart", "--no-force"], environment: environment, output: firstOutput)
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        try waitUntil("the first restart to be stopping", timeout: 10) {
            (try? String(contentsOfFile: firstOutput, encoding: .utf8))?.contains("Stopping: sweet") == true
        }
        let second = try project.pgctl(["restart", "--no-force"], environment: environment)
        #expect(second.exitCode == 1)
        #expect(second.stdout == "")
        let lines = second.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "[pgctl] ERROR: another pgctl command is currently managing this service: (playground/sweet/.pgctl.lock)")
        #expect(lines.count >= 4 && lines[1].hasPrefix("UID "))
        #expect(second.stderr.contains(" restart --no-force\n"))
        #expect(second.stderr.contains("\(first.processIdentifier)"))
        #expect(second.stderr.hasSuffix("\n\n"))
        first.waitUntilExit()
        #expect(first.terminationStatus == 1)
        let firstLog = try String(contentsOfFile: firstOutput, encoding: .utf8)
        #expect(firstLog.contains("[pgctl] ERROR: Some services failed to stop: sweet\n"))
    }
}
