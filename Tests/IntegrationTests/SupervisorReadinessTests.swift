import Foundation
import SuperviseStatus
import TestSupport
import Testing

extension SupervisorIntegration {
    /// Readiness through notification-fd: cases 19–24 of §10.
    @Suite("Readiness")
    struct ReadinessTests {
        @Test("a newline on notification-fd: U, ready flag, readystamp (case 19)")
        func readiness() throws {
            try withSandbox(run: "while [ ! -e go ]; do sleep 0.01; done; echo >&3; exec 3>&-; exec sleep 1000",
                            files: ["notification-fd": "3\n"]) { sandbox in
                try sandbox.start()
                try sandbox.waitUntilUp()
                let listener = try sandbox.listen()
                #expect(try sandbox.status().flags.rawValue == 0x04)
                try sandbox.write("go", "")
                try listener.waitFor("U")
                let status = try sandbox.status()
                #expect(status.flags.rawValue == 0x0c)
                #expect(status.readyStamp >= status.stamp)
            }
        }

        @Test("a service ready for > 1 s restarts right after D; killed before readiness, 1 s later (case 20)")
        func readyRestart() throws {
            try withSandbox(run: "if [ -e slow ]; then exec sleep 1000; fi; echo >&3; exec sleep 1000",
                            files: ["notification-fd": "3"]) { sandbox in
                try FileManager.default.createDirectory(atPath: sandbox.path("event"), withIntermediateDirectories: false)
                let listener = try sandbox.listen()
                try sandbox.start()
                try listener.waitFor("U")
                listener.reset()
                let readyAt = ProcessInfo.processInfo.systemUptime
                try waitUntil("ready for more than 1 s") { ProcessInfo.processInfo.systemUptime - readyAt > 1.1 }
                try sandbox.write("slow", "")
                try sandbox.send("t")
                let down = try listener.waitForArrival(of: "D")
                let up = try listener.waitForArrival(of: "u")
                #expect(up - down < 0.5, "restarted \(up - down) s after D (1 s would mean throttled)")
                try sandbox.send("t")
                let down2 = try listener.waitForArrival(of: "D", occurrence: 2)
                let up2 = try listener.waitForArrival(of: "u", occurrence: 2)
                #expect(up2 - down2 > 0.9 && up2 - down2 < 1.6, "never ready → 1 s throttle (\(up2 - down2))")
            }
        }

        @Test("no newline: never ready (case 21)")
        func noNewline() throws {
            try withSandbox(run: "printf ready >&3; exec 3>&-; echo closed > closed; exec sleep 1000",
                            files: ["notification-fd": "3"]) { sandbox in
                try sandbox.start()
                try sandbox.waitUntilUp()
                let listener = try sandbox.listen()
                try waitUntil("run to close fd 3") { !sandbox.read("closed").isEmpty }
                // The supervisor must have handled the EOF: prove the loop went past it with a command.
                try sandbox.send("p")
                try sandbox.waitForStatus("paused") { $0.flags.contains(.paused) }
                try sandbox.send("c")
                #expect(!(try sandbox.status()).flags.contains(.ready))
                #expect(!listener.poll().contains("U"))
            }
        }

        @Test("a second line after readiness gets SIGPIPE (case 22)")
        func writeAfterReadiness() throws {
            try withSandbox(run: "echo >&3; while [ ! -e go ]; do sleep 0.01; done; echo again >&3; exec sleep 1000",
                            files: ["notification-fd": "3"]) { sandbox in
                let supervisor = try sandbox.start()
                let listener = try sandbox.listen()
                let status = try sandbox.waitForStatus("ready") { $0.isUp && $0.flags.contains(.ready) }
                // The supervisor writes the ready status, sends `U`, and only then closes its end
                // of the pipe: a second line written before that close is simply buffered, and
                // run lives on. Wait for the close itself, not for the status.
                let pipe = ProcInfo.descriptorTarget(Int32(status.pid), 3)
                #expect(pipe?.hasPrefix("pipe:") == true, "fd 3 of run is the notification pipe (\(pipe ?? "none"))")
                try waitUntil("the supervisor to close its end of \(pipe ?? "the pipe")") {
                    let held = (try? ProcInfo.openDescriptors(supervisor.pid)) ?? []
                    return !held.contains { ProcInfo.descriptorTarget(supervisor.pid, $0) == pipe }
                }
                try sandbox.send("O")
                try sandbox.write("go", "")
                try listener.waitFor("dD")
                #expect(try sandbox.status().waitStatus == .signaled(13))
            }
        }

        @Test("invalid notification-fd: warning, the service starts without the descriptor (case 23)")
        func invalidNotificationDescriptor() throws {
            try withSandbox(files: ["notification-fd": "abc\n"]) { sandbox in
                let supervisor = try sandbox.start()
                let pid = try sandbox.waitUntilRunning()
                #expect(supervisor.output == "s6-supervise \(sandbox.directory): warning: invalid notification-fd\n")
                #expect(try ProcInfo.openDescriptors(pid) == (try ProcInfo.inheritableDescriptors(supervisor.pid)))
            }
        }

        @Test("partial line, pause, then newline: U at the newline, commands served during the pause (case 24)")
        func partialLine() throws {
            let run = "printf ab >&3; while [ ! -e go ]; do sleep 0.01; done; echo c >&3; exec sleep 1000"
            try withSandbox(run: run, files: ["notification-fd": "3"]) { sandbox in
                try sandbox.start()
                try sandbox.waitUntilUp()
                let listener = try sandbox.listen()
                // While the line is incomplete, commands are applied at once (s6 2.11.3.2 blocks here).
                for command in ["p", "c", "O", "u"] {
                    let sent = ProcessInfo.processInfo.systemUptime
                    try sandbox.send(command)
                    try sandbox.waitForStatus("\(command) applied") {
                        switch command {
                        case "p": $0.flags.contains(.paused)
                        case "c": !$0.flags.contains(.paused)
                        case "O": !$0.flags.contains(.wantUp)
                        default: $0.flags.contains(.wantUp)
                        }
                    }
                    #expect(ProcessInfo.processInfo.systemUptime - sent < 0.5, "\(command) applied promptly")
                }
                #expect(!listener.poll().contains("U"))
                try sandbox.write("go", "")
                try listener.waitFor("U")
                #expect(try sandbox.status().flags.contains(.ready))
            }
        }

        @Test("garbage and unreadable notification-fd contents: warning, service still starts",
              arguments: ["-1", "3 ", "0x3", "\n", " 3", "3\r\n"])
        func garbageNotificationDescriptor(_ contents: String) throws {
            try withSandbox(files: ["notification-fd": contents]) { sandbox in
                let supervisor = try sandbox.start()
                try sandbox.waitUntilUp()
                try waitUntil("the warning") { supervisor.output.contains("warning: invalid notification-fd\n") }
            }
        }

        @Test("notification-fd that is a directory: `unable to open`, service still starts")
        func directoryNotificationDescriptor() throws {
            try withSandbox { sandbox in
                try FileManager.default.createDirectory(atPath: sandbox.path("notification-fd"), withIntermediateDirectories: false)
                let supervisor = try sandbox.start()
                try sandbox.waitUntilUp()
                try waitUntil("the warning") { supervisor.output.contains("warning: unable to open notification-fd: Is a directory\n") }
            }
        }
    }
}
