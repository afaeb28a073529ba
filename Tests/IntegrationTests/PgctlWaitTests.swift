import Foundation
import Testing
import TestSupport

/// `pgctl wait [services] [--for ready|up|down] [--timeout SECONDS]` (issue 13), end to end:
/// services started by pgctl, by another pgctl while waiting, and by the real s6-supervise.
@Suite("pgctl wait (end to end)", .serialized, .timeLimit(.minutes(5)))
struct PgctlWaitTests {
    @Test("wait for ready, up and down; a timeout names the service and its status")
    func readyUpDownAndTimeout() throws {
        let project = try PgctlProject("multiple")
        defer { project.cleanUp() }
        let nothing = try project.pgctl(["wait", "sleep", "--for", "down"])
        #expect(nothing.exitCode == 0, "\(nothing)")
        #expect(nothing.stdout == "" && nothing.stderr == "")
        let timedOut = try project.pgctl(["wait", "sleep", "--timeout", "0.5"])
        #expect(timedOut.exitCode == 1)
        #expect(timedOut.stdout == "")
        #expect(timedOut.stderr == "[pgctl] ERROR: timed out after 0.50 seconds waiting for sleep to be ready, its status is down\n")
        // The default time limit is the `timeout` setting.
        let fromSetting = try project.pgctl(["wait", "sleep", "--for", "up"], environment: ["PGCTL_TIMEOUT": "0.3"])
        #expect(fromSetting.stderr == "[pgctl] ERROR: timed out after 0.30 seconds waiting for sleep to be up, its status is down\n")

        try project.pgctl(["start", "sleep"])
        for target in ["ready", "up"] {
            let reached = try project.pgctl(["wait", "sleep", "--for", target, "--timeout", "5"])
            #expect(reached.exitCode == 0, "\(reached)")
            #expect(reached.stderr == "")
        }
        #expect(try project.pgctl(["wait", "sleep"]).exitCode == 0)
        let notDown = try project.pgctl(["wait", "sleep", "tail", "--for", "down", "--timeout", "0.2"])
        #expect(notDown.exitCode == 1)
        #expect(Normalize.text(notDown.stderr) == "[pgctl] ERROR: timed out after {T} seconds waiting for sleep to be down, its status is ready (pid {PID}) {T} seconds\n")

        // A waiter for `down` returns when another pgctl stops the service.
        let output = project.temp.path + "/wait-down.out"
        let waiter = try project.launch(["wait", "sleep", "--for", "down", "--timeout", "30"], output: output)
        defer { if waiter.isRunning { kill(waiter.processIdentifier, SIGKILL); waiter.waitUntilExit() } }
        #expect(try project.pgctl(["stop", "sleep"]).exitCode == 0)
        try waitUntil("the waiter to return after the stop", timeout: 10) { !waiter.isRunning }
        #expect(waiter.terminationStatus == 0, "\(String(describing: try? String(contentsOfFile: output, encoding: .utf8)))")
    }

    @Test("--json: the services reached and those timed out, with their status, as one document")
    func jsonReport() throws {
        let project = try PgctlProject("multiple")
        defer { project.cleanUp() }
        #expect(try project.pgctl(["start", "sleep"]).exitCode == 0)
        let reached = try project.pgctl(["wait", "sleep", "--json", "--timeout", "5"])
        #expect(reached.exitCode == 0, "\(reached)")
        #expect(reached.stdout == "{\n    \"for\": \"ready\",\n    \"reached\": [\n        \"sleep\"\n    ],\n    \"timed_out\": []\n}\n", "\(reached)")
        let timedOut = try project.pgctl(["wait", "sleep", "tail", "--for", "down", "--json", "--timeout", "0.2"])
        #expect(timedOut.exitCode == 1)
        let object = try JSONSerialization.jsonObject(with: Data(timedOut.stdout.utf8)) as? [String: Any]
        #expect(object?["for"] as? String == "down")
        #expect(object?["reached"] as? [String] == ["tail"], "\(timedOut)")
        let late = object?["timed_out"] as? [[String: String]]
        #expect(late?.count == 1 && late?.first?["service"] == "sleep", "\(timedOut)")
        #expect(late?.first?["status"]?.hasPrefix("ready (pid ") == true, "\(timedOut)")
        #expect(timedOut.stderr.hasPrefix("[pgctl] ERROR: timed out after 0.20 seconds waiting for sleep to be down"))
    }

    @Test("up is not ready: a service whose readiness never comes, while another pgctl starts it")
    func upIsNotReady() throws {
        let project = try PgctlProject("never-ready")
        defer { project.cleanUp() }
        let starter = try project.launch(["start"], environment: ["PGCTL_TIMEOUT": "60"], output: project.temp.path + "/start.out")
        defer { if starter.isRunning { kill(starter.processIdentifier, SIGKILL); starter.waitUntilExit() } }
        let up = try project.pgctl(["wait", "never", "--for", "up", "--timeout", "20"])
        #expect(up.exitCode == 0, "\(up)")
        let ready = try project.pgctl(["wait", "never", "--timeout", "0.3"])
        #expect(ready.exitCode == 1)
        #expect(Normalize.text(ready.stderr)
            == "[pgctl] ERROR: timed out after {T} seconds waiting for never to be ready, its status is up (pid {PID}) {T} seconds\n")
        #expect(starter.isRunning, "the start is still waiting for readiness")
    }

    @Test("wait changes nothing: no event/ or supervise/ is created, no scratch directory")
    func changesNothing() throws {
        let project = try PgctlProject("multiple")
        defer { project.cleanUp() }
        let run = try project.pgctl(["wait", "sleep", "--timeout", "0.2"])
        #expect(run.exitCode == 1)
        let entries = try FileManager.default.contentsOfDirectory(atPath: project.service("sleep")).sorted()
        #expect(!entries.contains("event") && !entries.contains("supervise"), "\(entries)")
        #expect(!FileManager.default.fileExists(atPath: project.home + "/.run"))
    }

    @Test("a wait started while nothing runs returns once another pgctl starts the service")
    func waitThenAnotherPgctlStarts() throws {
        let project = try PgctlProject("multiple")
        defer { project.cleanUp() }
        let output = project.temp.path + "/wait.out"
        let waiter = try project.launch(["wait", "sleep", "tail", "--timeout", "60"], output: output)
        defer { if waiter.isRunning { kill(waiter.processIdentifier, SIGKILL); waiter.waitUntilExit() } }
        let start = try project.pgctl(["start", "sleep"])
        #expect(start.exitCode == 0, "\(start)")
        #expect(waiter.isRunning, "tail is not started yet: the waiter must still wait")
        #expect(try project.pgctl(["start", "tail"]).exitCode == 0)
        try waitUntil("the waiter to return after both started", timeout: 10) { !waiter.isRunning }
        #expect(waiter.terminationStatus == 0, "\(String(describing: try? String(contentsOfFile: output, encoding: .utf8)))")
    }

    @Test("wait on a service run by the real s6-supervise", .enabled(if: RealS6.isInstalled, RealS6.skipReason))
    func realS6() throws {
        let project = try PgctlProject("multiple")
        defer { project.cleanUp() }
        let hand = try HandSupervisedService(project: project, name: "hand", run: "exec sleep infinity")
        defer { hand.stop() }
        let output = project.temp.path + "/wait.out"
        let waiter = try project.launch(["wait", "hand", "--timeout", "60"], output: output)
        defer { if waiter.isRunning { kill(waiter.processIdentifier, SIGKILL); waiter.waitUntilExit() } }
        try hand.start()
        try waitUntil("the waiter to see the service ready", timeout: 10) { !waiter.isRunning }
        #expect(waiter.terminationStatus == 0, "\(String(describing: try? String(contentsOfFile: output, encoding: .utf8)))")

        let downWaiter = try project.launch(["wait", "hand", "--for", "down", "--timeout", "60"], output: output)
        defer { if downWaiter.isRunning { kill(downWaiter.processIdentifier, SIGKILL); downWaiter.waitUntilExit() } }
        let svc = try Command.run(RealS6.tool("s6-svc"), ["-d", hand.path])
        #expect(svc.exitCode == 0, "\(svc)")
        try waitUntil("the waiter to see the service down", timeout: 10) { !downWaiter.isRunning }
        #expect(downWaiter.terminationStatus == 0)
        #expect(try project.pgctl(["wait", "hand", "--for", "up", "--timeout", "0.2"]).stderr
            .hasPrefix("[pgctl] ERROR: timed out after 0.20 seconds waiting for hand to be up, its status is down"))
    }

    @Test("bad --for/--timeout values and the options with another command are usage errors (exit 2)")
    func usageErrors() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        let cases: [([String], String)] = [
            (["wait", "--for", "sideways"], "argument --for: invalid choice: 'sideways' (choose from 'ready', 'up', 'down')"),
            (["wait", "--timeout", "soon"], "argument --timeout: 'soon' is not a number of seconds"),
            (["wait", "--timeout=-1"], "argument --timeout: '-1' is negative"),
            (["wait", "--timeout"], "argument --timeout: expected one argument"),
            (["start", "--for", "up"], "argument --for: not allowed with command 'start' (only with 'wait')"),
            (["status", "--timeout", "3"], "argument --timeout: not allowed with command 'status' (only with 'wait')"),
        ]
        for (arguments, message) in cases {
            let result = try cli.run(arguments)
            #expect(result.exitCode == 2, "\(arguments)")
            #expect(result.stdout == "")
            #expect(result.stderr == pgctlUsage + "pgctl: error: \(message)\n", "\(arguments)")
        }
    }
}

/// A service directory below a ``PgctlProject``'s playground supervised by the real
/// s6-supervise, started by hand (no pgctl). Its processes carry `PGCTL_SERVICE` so the
/// project's clean-up finds them too; ``stop()`` asks the supervisor to exit and kills it if
/// it does not.
final class HandSupervisedService {
    let path: String
    private let project: PgctlProject
    private let name: String
    private var supervisor: BackgroundProcess?

    init(project: PgctlProject, name: String, run: String, files: [String: String] = [:]) throws {
        self.project = project
        self.name = name
        path = try ServiceDirectoryBuilder.make(at: project.service(name), run: run, files: files)
    }

    /// Starts the real `s6-supervise` on the directory and waits until it holds its lock.
    func start() throws {
        supervisor = try BackgroundProcess(
            [RealS6.tool("s6-supervise"), path], in: path,
            environment: ["PATH": "/usr/bin:/bin", "PGCTL_SERVICE": path], output: project.temp.path + "/\(name)-s6.out")
        try waitUntil("s6-supervise to take its lock", timeout: 10) { project.supervisorRunning(name) }
    }

    /// `s6-svc -dx`, then waits for the supervisor (SIGKILL after 10 s).
    func stop() {
        guard let supervisor else { return }
        _ = try? Command.run(RealS6.tool("s6-svc"), ["-dx", path])
        if (try? waitUntil("s6-supervise to exit", timeout: 10) { !supervisor.isRunning }) == nil {
            kill(supervisor.processIdentifier, SIGKILL)
        }
        supervisor.waitUntilExit()
        self.supervisor = nil
    }
}
