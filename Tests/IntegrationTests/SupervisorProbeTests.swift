import Foundation
import SuperviseStatus
import TestSupport
import Testing

extension SupervisorIntegration {
    /// Readiness probes (`ready-tcp`, `ready-http`, `ready-log`, pgctl's extension) run by our
    /// supervisor: against real servers that come up late, visible to the real s6 tools.
    @Suite("Readiness probes")
    struct ProbeTests {
        /// The supervisor's probe report (`supervise/readiness-probe`): its two lines.
        static func report(_ sandbox: ServiceSandbox) -> [String] {
            sandbox.read("supervise/readiness-probe").split(separator: "\n").map(String.init)
        }

        @Test("ready-tcp: refused while the listener is not there, then U, ready in status", .enabled(if: ProbeTestServers.hasPython, ProbeTestServers.noPython))
        func tcpLate() throws {
            let port = try ProbeTestServers.freePort()
            try withSandbox(run: ProbeTestServers.afterGo(ProbeTestServers.tcpListener(port: port)),
                            files: ["ready-tcp": "127.0.0.1:\(port)\n"]) { sandbox in
                try FileManager.default.createDirectory(atPath: sandbox.path("event"), withIntermediateDirectories: false)
                let listener = try sandbox.listen()
                let supervisor = try sandbox.start()
                try sandbox.waitUntilUp()
                try waitUntil("a refused attempt") { Self.report(sandbox) == ["ready-tcp 127.0.0.1:\(port)", "was refused"] }
                #expect(!(try sandbox.status()).flags.contains(.ready))
                try sandbox.write("go", "")
                try listener.waitFor("U")
                let status = try sandbox.status()
                #expect(status.isUp && status.flags.contains(.ready))
                #expect(status.readyStamp >= status.stamp)
                // The success is logged (and reported) right after the `U`.
                try waitUntil("the success line") { supervisor.output.hasSuffix(" seconds\n") }
                #expect(Self.report(sandbox).last == "passed")
                // Silent while failing: the only line is the one success.
                #expect(supervisor.output == "s6-supervise \(sandbox.directory): info: readiness check ready-tcp 127.0.0.1:\(port) passed after \(supervisor.output.split(separator: " ").dropLast().last ?? "?") seconds\n", "\(supervisor.output)")
                #expect(!supervisor.output.contains("refused"))
            }
        }

        @Test("ready-http: refused, then answered 503, then 200 → U", .enabled(if: ProbeTestServers.hasPython, ProbeTestServers.noPython))
        func httpLate() throws {
            let port = try ProbeTestServers.freePort()
            try withSandbox(run: ProbeTestServers.afterGo(ProbeTestServers.httpServer(port: port)),
                            files: ["ready-http": "http://127.0.0.1:\(port)/health\n"]) { sandbox in
                try FileManager.default.createDirectory(atPath: sandbox.path("event"), withIntermediateDirectories: false)
                let listener = try sandbox.listen()
                try sandbox.start()
                try sandbox.waitUntilUp()
                try waitUntil("a refused attempt") { Self.report(sandbox).last == "was refused" }
                try sandbox.write("go", "")
                try waitUntil("an answer 503", timeout: 20) { Self.report(sandbox).last == "answered 503" }
                #expect(!(try sandbox.status()).flags.contains(.ready))
                #expect(!listener.poll().contains("U"))
                try sandbox.write("healthy", "")
                try listener.waitFor("U")
                #expect(try sandbox.status().flags.contains(.ready))
            }
        }

        @Test("ready-log (with -l): U when a line of the service's output matches")
        func logLine() throws {
            try withSandbox(run: "echo starting up\nwhile [ ! -e go ]; do sleep 0.01; done\necho 'listening on port 4242' >&2\nexec sleep 1000",
                            files: ["ready-log": "listening on port [0-9]+\n"]) { sandbox in
                try FileManager.default.createDirectory(atPath: sandbox.path("event"), withIntermediateDirectories: false)
                let listener = try sandbox.listen()
                try sandbox.start(launcher: ["/bin/sh", "-c", "exec \"$0\" -l logs \"$1\""])
                try sandbox.waitUntilUp()
                try waitUntil("the first line in the log") { sandbox.read("logs/current").contains("starting up") }
                #expect(Self.report(sandbox) == ["ready-log 'listening on port [0-9]+'", "matched no line"])
                #expect(!(try sandbox.status()).flags.contains(.ready))
                try sandbox.write("go", "")
                try listener.waitFor("U")
                // The matched line is logged before the `U`, the success right after it.
                try waitUntil("the success line") { sandbox.read("logs/current").contains("info: readiness check") }
                let log = sandbox.read("logs/current")
                let lines = log.split(separator: "\n")
                #expect(lines.count == 3, "\(log)")
                #expect(lines.count == 3 && lines[1].hasSuffix("  listening on port 4242"))
                #expect(lines.count == 3 && lines[2].contains("info: readiness check ready-log 'listening on port [0-9]+' passed after"))
            }
        }

        @Test("ready-log without -l: a warning at start, never ready")
        func logWithoutCapture() throws {
            try withSandbox(run: "echo 'listening on port 1'; exec sleep 1000", files: ["ready-log": "listening"]) { sandbox in
                let supervisor = try sandbox.start()
                try sandbox.waitUntilUp()
                try waitUntil("the warning") { supervisor.output.contains("warning: ready-log needs the supervisor's logging mode (-l): run will not be reported ready") }
                // The loop went on: a command round trip, and still not ready.
                try sandbox.send("p")
                try sandbox.waitForStatus("paused") { $0.flags.contains(.paused) }
                try sandbox.send("c")
                #expect(!(try sandbox.status()).flags.contains(.ready))
                #expect(Self.report(sandbox).last == "cannot see the service's output (its supervisor runs without -l)")
            }
        }

        @Test("after each restart of run, probing starts again (not ready until it passes again)", .enabled(if: ProbeTestServers.hasPython, ProbeTestServers.noPython))
        func restartReprobes() throws {
            let port = try ProbeTestServers.freePort()
            // Start number n (counted in `starts`) listens once the file `go<n>` exists.
            try withSandbox(run: "n=$(($(cat starts 2>/dev/null || echo 0) + 1)); echo $n > starts\n"
                                + "while [ ! -e go$n ]; do sleep 0.01; done\nexec " + ProbeTestServers.tcpListener(port: port),
                            files: ["ready-tcp": "\(port)"]) { sandbox in
                try FileManager.default.createDirectory(atPath: sandbox.path("event"), withIntermediateDirectories: false)
                let listener = try sandbox.listen()
                try sandbox.start()
                try sandbox.waitUntilUp()
                try sandbox.write("go1", "")
                try listener.waitFor("U")
                listener.reset()
                try sandbox.send("t")
                try listener.waitFor("u")
                try waitUntil("the second start and its probe refused") {
                    sandbox.read("starts") == "2\n" && Self.report(sandbox).last == "was refused"
                }
                #expect(!(try sandbox.status()).flags.contains(.ready))
                #expect(!listener.poll().contains("U"))
                try sandbox.write("go2", "")
                try listener.waitFor("U")
                #expect(try sandbox.status().flags.contains(.ready))
            }
        }

        @Test("readiness is visible to the real s6 tools: s6-svstat, s6-svwait -U; s6-svc -wR (ours) waits for it",
              .enabled(if: RealS6.isInstalled && ProbeTestServers.hasPython, "the real s6 tools or python3 are not installed"))
        func realTools() throws {
            let port = try ProbeTestServers.freePort()
            try withSandbox(run: ProbeTestServers.afterGo(ProbeTestServers.tcpListener(port: port)),
                            files: ["ready-tcp": "127.0.0.1:\(port)"]) { sandbox in
                try sandbox.start()
                try sandbox.waitUntilUp()
                let notReady = try ClientTools.real("s6-svstat", [sandbox.directory])
                #expect(notReady.exitCode == 0 && !notReady.stdout.contains("ready"), "\(notReady)")
                let waiter = try BackgroundProcess([RealS6.tool("s6-svwait"), "-U", "-t", "20000", sandbox.directory],
                                                   in: sandbox.temporary.path, environment: [:], output: nil)
                try sandbox.write("go", "")
                waiter.waitUntilExit()
                #expect(waiter.terminationStatus == 0, "s6-svwait -U returned \(waiter.terminationStatus)")
                let ready = try ClientTools.real("s6-svstat", [sandbox.directory])
                #expect(ready.stdout.hasPrefix("up (pid ") && ready.stdout.contains(", ready "), "\(ready)")
                let fields = try ClientTools.real("s6-svstat", ["-o", "up,ready", sandbox.directory])
                #expect(fields.stdout == "true true\n", "\(fields)")
                // Our s6-svc counts the probe file as readiness support: -wR waits for U again.
                try sandbox.write("go", "")
                let restart = try ClientTools.ours("s6-svc", ["-wR", "-T", "20000", "-r", sandbox.directory])
                #expect(restart.exitCode == 0 && restart.stderr.isEmpty, "\(restart)")
                #expect(try sandbox.status().flags.contains(.ready))
                // The real s6-svc only knows notification-fd: it warns and waits for `r` alone.
                let real = try ClientTools.real("s6-svc", ["-wR", "-T", "20000", "-r", sandbox.directory])
                #expect(real.exitCode == 0, "\(real)")
                #expect(real.stderr.contains("notification-fd not present - ignoring request for readiness notification"), "\(real)")
            }
        }

        @Test("a probe file next to notification-fd: a warning, notification-fd is used")
        func notificationFDWins() throws {
            try withSandbox(run: "echo >&3; exec sleep 1000", files: ["notification-fd": "3", "ready-tcp": "1"]) { sandbox in
                let supervisor = try sandbox.start()
                try sandbox.waitForStatus("ready") { $0.isUp && $0.flags.contains(.ready) }
                #expect(supervisor.output.contains("warning: readiness probe ignored: notification-fd is set too (keep only one)"), "\(supervisor.output)")
                #expect(!FileManager.default.fileExists(atPath: sandbox.path("supervise/readiness-probe")))
            }
        }

        @Test("a malformed probe file: a warning naming it, never ready")
        func malformed() throws {
            try withSandbox(files: ["ready-tcp": "not-a-port"]) { sandbox in
                let supervisor = try sandbox.start()
                try sandbox.waitUntilUp()
                try waitUntil("the warning") { supervisor.output.contains("warning: invalid ready-tcp: 'not-a-port' is not a port number (1 to 65535) - run will not be reported ready") }
                #expect(!(try sandbox.status()).flags.contains(.ready))
            }
        }
    }
}
