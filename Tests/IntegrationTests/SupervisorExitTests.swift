import Foundation
import SuperviseStatus
import TestSupport
import Testing

extension SupervisorIntegration {
    /// The ways out: cases 34–41 of §10.
    @Suite("Exit paths")
    struct ExitTests {
        @Test("x while down: x event, exit 0 at once (case 34)")
        func exitWhileDown() throws {
            try withSandbox(files: ["down": ""]) { sandbox in
                let supervisor = try sandbox.start()
                let listener = try sandbox.listen()
                try sandbox.send("x")
                try listener.waitFor("x")
                #expect(try supervisor.waitForExit() == 0)
            }
        }

        @Test("x while up: service untouched, fd 0/1 on /dev/null; after k: d D x, exit 0, no restart (case 35)")
        func exitWhileUp() throws {
            try withSandbox { sandbox in
                let supervisor = try sandbox.start()
                let pid = try sandbox.waitUntilUp()
                let listener = try sandbox.listen()
                #expect(ProcInfo.descriptorTarget(supervisor.pid, 1) != "/dev/null")
                try sandbox.send("x")
                try waitUntil("fd 0 and 1 reopened on /dev/null") {
                    ProcInfo.descriptorTarget(supervisor.pid, 0) == "/dev/null" && ProcInfo.descriptorTarget(supervisor.pid, 1) == "/dev/null"
                }
                #expect(ProcInfo.descriptorTarget(supervisor.pid, 2) != "/dev/null", "fd 2 is untouched")
                #expect(processIsAlive(pid))
                #expect(try sandbox.status().isUp)
                #expect(supervisor.isRunning)
                try sandbox.send("k")
                try listener.waitFor("dDx")
                #expect(try supervisor.waitForExit() == 0)
                #expect(afterInitialUp(listener.received) == "dDx")
            }
        }

        @Test("-dx while up (pgctl stop): SIGTERM, d D x, exit 0, final status down by SIGTERM, want down (case 36)", arguments: ["dx", "xd"])
        func downAndExit(_ commands: String) throws {
            try withSandbox { sandbox in
                let supervisor = try sandbox.start()
                try sandbox.waitUntilUp()
                let listener = try sandbox.listen()
                try sandbox.send(commands)
                try listener.waitFor("dDx")
                #expect(try supervisor.waitForExit() == 0)
                let status = try sandbox.status()
                #expect(status.pid == 0)
                #expect(status.waitStatus == .signaled(15))
                #expect(status.flags.rawValue == 0x08)
            }
        }

        @Test("x during finish, then u: exits when finish ends (Dx), no restart (case 37)")
        func exitDuringFinish() throws {
            try withSandbox(files: ["finish": "#!/bin/sh\nwhile [ ! -e release ]; do sleep 0.01; done\n"]) { sandbox in
                let supervisor = try sandbox.start()
                try sandbox.waitUntilUp()
                let listener = try sandbox.listen()
                try sandbox.send("k")
                try listener.waitFor("d")
                try sandbox.send("xu")
                try sandbox.waitForStatus("want up") { $0.flags.contains(.wantUp) }
                try sandbox.write("release", "")
                try listener.waitFor("dDx")
                #expect(try supervisor.waitForExit() == 0)
            }
        }

        @Test("SIGTERM while up: like -dx (case 38)")
        func sigtermWhileUp() throws {
            try withSandbox { sandbox in
                let supervisor = try sandbox.start()
                try sandbox.waitUntilUp()
                let listener = try sandbox.listen()
                kill(supervisor.pid, SIGTERM)
                try listener.waitFor("dDx")
                #expect(try supervisor.waitForExit() == 0)
                #expect(try sandbox.status().waitStatus == .signaled(15))
            }
        }

        @Test("SIGTERM, SIGHUP, SIGQUIT, SIGINT while down: x, exit 0 (case 38, 39)", arguments: [SIGTERM, SIGHUP, SIGQUIT, SIGINT])
        func signalWhileDown(_ signal: Int32) throws {
            try withSandbox(files: ["down": ""]) { sandbox in
                let supervisor = try sandbox.start()
                let listener = try sandbox.listen()
                kill(supervisor.pid, signal)
                try listener.waitFor("x")
                #expect(try supervisor.waitForExit() == 0)
            }
        }

        @Test("SIGHUP while up: fd 0/1 → /dev/null, service kept; exits d D x when it dies (case 39)")
        func sighupWhileUp() throws {
            try withSandbox { sandbox in
                let supervisor = try sandbox.start()
                let pid = try sandbox.waitUntilUp()
                let listener = try sandbox.listen()
                kill(supervisor.pid, SIGHUP)
                try waitUntil("fd 1 on /dev/null") { ProcInfo.descriptorTarget(supervisor.pid, 1) == "/dev/null" }
                #expect(processIsAlive(pid))
                #expect(supervisor.isRunning)
                kill(pid, SIGKILL)
                try listener.waitFor("dDx")
                #expect(try supervisor.waitForExit() == 0)
            }
        }

        @Test("SIGQUIT while up: exit 0 at once with x, service still alive, status still up (case 40)")
        func sigquitWhileUp() throws {
            try withSandbox { sandbox in
                let supervisor = try sandbox.start()
                let pid = try sandbox.waitUntilUp()
                sandbox.track(pid)
                let listener = try sandbox.listen()
                kill(supervisor.pid, SIGQUIT)
                try listener.waitFor("x")
                #expect(try supervisor.waitForExit() == 0)
                #expect(processIsAlive(pid))
                #expect(try sandbox.status().pid == UInt64(pid))
                #expect(afterInitialUp(listener.received) == "x")
            }
        }

        @Test("SIGINT while up: the service's process group gets SIGINT, exit 0 with x (case 41)")
        func sigintWhileUp() throws {
            // A background job of a non-interactive shell starts with SIGINT ignored; env gives it back.
            let run = "trap 'echo INT >> got; exit 0' INT\nenv --default-signal=INT sh -c 'trap \"echo CHILD-INT >> got; exit 0\" INT; echo up > child-started; sleep 1000 & wait $!' &\necho up > started\nwait"
            try withSandbox(run: run) { sandbox in
                let supervisor = try sandbox.start()
                let pid = try sandbox.waitUntilUp()
                sandbox.track(pid)
                try waitUntil("traps installed") { !sandbox.read("started").isEmpty && !sandbox.read("child-started").isEmpty }
                #expect(ProcInfo.statusField(pid, "SigIgn").map { UInt64($0, radix: 16)! & 0x2 } == 0, "SIGINT not ignored in the service")
                let listener = try sandbox.listen()
                kill(supervisor.pid, SIGINT)
                try listener.waitFor("x")
                #expect(try supervisor.waitForExit() == 0)
                try waitUntil("both processes of the group got SIGINT (got \(sandbox.read("got")))") {
                    Set(sandbox.read("got").split(separator: "\n")) == ["INT", "CHILD-INT"]
                }
            }
        }
    }
}
