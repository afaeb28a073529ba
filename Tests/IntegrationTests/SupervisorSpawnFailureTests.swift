import Foundation
import SuperviseStatus
import TestSupport
import Testing

extension SupervisorIntegration {
    /// Case 16 of §10 and the "missing or non-executable run" bad inputs.
    @Suite("Spawn failures")
    struct SpawnFailureTests {
        /// Reads the timeout our supervisor passes to poll(2), from /proc/<pid>/syscall, while it
        /// sleeps in its loop (x86-64: poll is syscall 7, the timeout is its third argument).
        static func pollTimeout(of pid: Int32) throws -> Int64? {
            #if arch(x86_64)
            var result: Int64?
            try waitUntil("the supervisor to sleep in poll") {
                let text = (try? String(contentsOfFile: "/proc/\(pid)/syscall", encoding: .utf8)) ?? ""
                let fields = text.split(separator: " ")
                guard fields.count > 3, fields[0] == "7" else { return false }
                result = Int64(fields[3].dropFirst(2), radix: 16)
                return true
            }
            return result
            #else
            return nil
            #endif
        }

        @Test("run not executable: both messages, status untouched, no event, retry armed for 10 s, u spawns at once")
        func notExecutable() throws {
            try withSandbox { sandbox in
                chmod(sandbox.path("run"), 0o644)
                try FileManager.default.createDirectory(atPath: sandbox.path("event"), withIntermediateDirectories: false)
                let listener = try sandbox.listen()
                let supervisor = try sandbox.start()
                let prefix = "s6-supervise \(sandbox.directory)"
                try waitUntil("the spawn failure to be reported") {
                    supervisor.output.contains("\(prefix): warning: unable to spawn ./run - waiting 10 seconds\n")
                }
                #expect(supervisor.output == "\(prefix) (child): fatal: unable to exec run: Permission denied\n\(prefix): warning: unable to spawn ./run - waiting 10 seconds\n")
                let status = try sandbox.status()
                #expect(status.pid == 0 && status.flags.rawValue == 0x0c, "down, want up, ready: unchanged")
                #expect(status.stamp == status.readyStamp)
                #expect(listener.poll() == "s", "no event for a spawn failure")
                if let timeout = try Self.pollTimeout(of: supervisor.pid) {
                    #expect(timeout > 9_000 && timeout <= 10_000, "retry armed in \(timeout) ms")
                }
                chmod(sandbox.path("run"), 0o755)
                let sent = ProcessInfo.processInfo.systemUptime
                try sandbox.send("u")
                let up = try listener.waitForArrival(of: "u")
                #expect(up - sent < 0.5, "u overrides the 10 s wait")
                #expect(try sandbox.status().isUp)
            }
        }

        @Test("run missing: No such file or directory, retried, supervisor alive and obeying")
        func missingRun() throws {
            try withSandbox { sandbox in
                try FileManager.default.removeItem(atPath: sandbox.path("run"))
                let supervisor = try sandbox.start()
                try waitUntil("the spawn failure to be reported") { supervisor.output.contains("waiting 10 seconds\n") }
                #expect(supervisor.output.contains("(child): fatal: unable to exec run: No such file or directory\n"))
                #expect(supervisor.isRunning)
                try sandbox.send("d")
                try sandbox.waitForStatus("want down") { !$0.flags.contains(.wantUp) }
                try sandbox.send("x")
                #expect(try supervisor.waitForExit() == 0)
            }
        }

        @Test("after an exec failure the automatic retry comes 10 s later", .timeLimit(.minutes(1)))
        func automaticRetry() throws {
            try withSandbox { sandbox in
                chmod(sandbox.path("run"), 0o644)
                try FileManager.default.createDirectory(atPath: sandbox.path("event"), withIntermediateDirectories: false)
                let listener = try sandbox.listen()
                let supervisor = try sandbox.start()
                try waitUntil("the spawn failure") { supervisor.output.contains("waiting 10 seconds") }
                let failedAt = ProcessInfo.processInfo.systemUptime
                chmod(sandbox.path("run"), 0o755)
                let up = try listener.waitForArrival(of: "u", timeout: 15)
                #expect(up - failedAt > 9.5 && up - failedAt < 10.6, "retried \(up - failedAt) s later")
            }
        }

        @Test("a notification-fd the child cannot use is a spawn failure, retried like one")
        func unusableNotificationDescriptor() throws {
            try withSandbox(files: ["notification-fd": "99999\n"]) { sandbox in
                let supervisor = try sandbox.start()
                try waitUntil("the spawn failure") { supervisor.output.contains("waiting 10 seconds\n") }
                #expect(supervisor.output.contains("(child): fatal: unable to move notification descriptor: Bad file descriptor\n"))
                try FileManager.default.removeItem(atPath: sandbox.path("notification-fd"))
                try sandbox.send("u")
                try sandbox.waitUntilUp()
            }
        }
    }
}
