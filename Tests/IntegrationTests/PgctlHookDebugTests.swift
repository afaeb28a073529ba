import Foundation
import Testing
import TestSupport

/// Spec §9 scenarios 40–45: playground hooks and `debug`, plus clear errors for failing hooks
/// and message scripts (§10.1.7 fixed).
@Suite("pgctl hooks and debug (end to end)", .serialized, .timeLimit(.minutes(5)))
struct PgctlHookDebugTests {
    @Test("§9.40 pre-start runs before starting, in the project root, and not when already started")
    func preStart() throws {
        let project = try PgctlProject("pre-start-hook")
        defer { project.cleanUp() }
        let run = try project.pgctl(["start"])
        #expect(run.exitCode == 0)
        #expect(run.stdout == "hello, i am a pre-start script in stdout\n")
        #expect(run.stderr == """
            hello, i am a pre-start script in stderr
            --> $PWD basename: pre-start-hook
            --> cwd basename: pre-start-hook
            [pgctl] Starting: sweet
            [pgctl] Started: sweet

            """)
        let again = try project.pgctl(["start"])
        #expect(again.stdout == "")
        #expect(again.stderr == "[pgctl] Already started: sweet\n")
    }

    @Test("§9.41 debug runs pre-start first; its stdout comes first")
    func debugRunsPreStart() throws {
        let project = try PgctlProject("pre-start-hook")
        defer { project.cleanUp() }
        let output = project.temp.path + "/debug.out"
        let debug = try project.launch(["debug", "sweet"], output: output)
        defer {
            if debug.isRunning { kill(debug.processIdentifier, SIGKILL) }
            debug.waitUntilExit()
        }
        try waitUntil("the service's own line", timeout: 20) {
            (try? String(contentsOfFile: output, encoding: .utf8))?.contains("sweet\n") == true
        }
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.hasPrefix("hello, i am a pre-start script in stdout\n"))
        // pgctl was replaced by the service itself: same pid, no supervisor.
        #expect(!project.supervisorRunning("sweet"))
        // Read once `run` has exec'd `sleep` (during an exec the environment reads as empty).
        try waitUntil("the service execs sleep", timeout: 20) {
            (try? String(contentsOfFile: "/proc/\(debug.processIdentifier)/comm", encoding: .utf8)) == "sleep\n"
        }
        #expect(try ProcInfo.environment(debug.processIdentifier).contains("PGCTL_DEBUG=true"))
    }

    @Test("§9.42 post-stop runs once the whole playground is down")
    func postStop() throws {
        let project = try PgctlProject("post-stop-hook")
        defer { project.cleanUp() }
        try project.pgctl(["start", "A"])
        try project.pgctl(["start", "B"])
        let stopA = try project.pgctl(["stop", "A"])
        #expect(stopA.stdout == "")
        #expect(stopA.stderr == "[pgctl] Stopping: A\n[pgctl] Stopped: A\n")
        let stopB = try project.pgctl(["stop", "B"])
        #expect(stopB.exitCode == 0)
        #expect(stopB.stderr == "[pgctl] Stopping: B\n[pgctl] Stopped: B\n")
        #expect(stopB.stdout == "hello, i am a post-stop script\n--> $PWD basename: post-stop-hook\n--> cwd basename: post-stop-hook\n")
        let again = try project.pgctl(["stop", "A"])
        #expect(again.stdout == "")
        #expect(again.stderr == "[pgctl] Already stopped: A\n")
    }

    @Test("a failing pre-start hook is a clear error and nothing starts")
    func failingPreStart() throws {
        let project = try PgctlProject("pre-start-hook")
        defer { project.cleanUp() }
        try "#!/bin/sh\necho broken >&2\nexit 4\n".write(toFile: project.root + "/playground/pre-start", atomically: true, encoding: .utf8)
        chmod(project.root + "/playground/pre-start", 0o755)
        let run = try project.pgctl(["start"])
        #expect(run.exitCode == 1)
        #expect(run.stderr == "broken\n[pgctl] ERROR: the pre-start hook failed with exit code 4: playground/pre-start\n")
        #expect(!project.supervisorRunning("sweet"))
    }

    @Test("a failing start-msg is a clear error naming the script, its code and output")
    func failingStartMessage() throws {
        let project = try PgctlProject("start-message")
        defer { project.cleanUp() }
        try "#!/bin/sh\necho oops\nexit 2\n".write(toFile: project.service("start-message") + "/start-msg", atomically: true, encoding: .utf8)
        chmod(project.service("start-message") + "/start-msg", 0o755)
        let run = try project.pgctl(["start"])
        #expect(run.exitCode == 1)
        #expect(run.stderr == """
            [pgctl] Starting: start-message
            [pgctl] Started: start-message
            [pgctl] ERROR: playground/start-message/start-msg exited with error code 2 and output:
            oops

            """)
        #expect(project.supervisorRunning("start-message"))
    }

    @Test("§9.43/§9.44 debug runs the service in the foreground (also after stopping its supervised copy)", arguments: [false, true])
    func debugGreeter(startedFirst: Bool) throws {
        let project = try PgctlProject("greeter")
        defer { project.cleanUp() }
        if startedFirst {
            // greeter exits after one answer; starting it under supervision still works.
            let start = try project.pgctl(["start", "greeter"])
            #expect(start.exitCode == 0, "\(start)")
        }
        let debug = try InteractiveProcess(
            [Executables.ours("pgctl"), "debug", "greeter"], in: project.root,
            environment: ["PATH": "/usr/bin:/bin", "HOME": project.home, "PGCTL_NO_GLOBAL_CONFIG": "true"])
        defer { if debug.process.isRunning { kill(debug.process.processIdentifier, SIGKILL) } }
        var seen = ""
        try waitUntil("the question", timeout: 20) {
            seen += debug.availableOutput()
            return seen.contains("What is your name?\n")
        }
        debug.write("Buck\n")
        try waitUntil("the answer", timeout: 10) {
            seen += debug.availableOutput()
            return seen.contains("Hello, Buck.\n")
        }
        debug.process.waitUntilExit()
        #expect(seen == "What is your name?\nHello, Buck.\n")
        #expect(debug.process.terminationStatus == 0)
        let stderr = debug.remainingErrors()
        if startedFirst {
            #expect(stderr == "[pgctl] Stopping: greeter\n[pgctl] Stopped: greeter\n")
        } else {
            #expect(stderr == "")
        }
        // Nothing supervised it and nothing was written to its log by debug.
        #expect(!project.supervisorRunning("greeter"))
    }

    @Test("debug gives the service PGCTL_DEBUG and the service lock")
    func debugEnvironment() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        let script = "#!/bin/sh\necho \"debug=$PGCTL_DEBUG process=$PGCTL_SERVICE_PROCESS service=$PGCTL_SERVICE\"\nls -l /proc/$$/fd/$PGCTL_SERVICE_LOCK | sed 's/.*-> //'\n"
        try script.write(toFile: project.service("sleep") + "/run", atomically: true, encoding: .utf8)
        chmod(project.service("sleep") + "/run", 0o755)
        let run = try project.pgctl(["debug", "sleep"])
        #expect(run.exitCode == 0, "\(run)")
        #expect(run.stdout == "debug=true process=true service=\(project.service("sleep"))\n\(project.service("sleep"))\n")
    }

    @Test("§9.45 debug needs exactly one service")
    func debugTwo() throws {
        let project = try PgctlProject("sleep")
        defer { project.cleanUp() }
        let run = try project.pgctl(["debug", "abc", "def"])
        #expect(run.exitCode == 1)
        #expect(run.stderr == "[pgctl] ERROR: Must debug exactly one service, not: abc, def\n")
    }
}
