import Foundation
import Testing
import TestSupport

extension RealServerSuite {
    /// Issue 16 point 5 with a real server: a cleaned checkout (the service's `logs/` deleted
    /// while postgres runs) does not blind the logs.
    @Suite("RealServerLogs: postgres keeps logging after its logs/ is deleted")
    struct RealServerLogs {
        @Test("rm -rf playground/postgres/logs while running: postgres's next error lands in a new logs/current; stop stays quiet")
        func logsAfterDeletion() throws {
            guard let project = try RealServers.project() else { return }
            defer { project.cleanUp() }
            let start = try project.pgctl(["start", "postgres"])
            #expect(start.exitCode == 0, "\(start)")
            let logs = project.service("postgres") + "/logs"
            try FileManager.default.removeItem(atPath: logs)
            // An error postgres writes to its stderr: the supervisor's next write finds the
            // file gone and opens a new one.
            let failing = try RealServers.psql(project, "select 1/0")
            #expect(failing.exitCode != 0, "\(failing)")
            var text = ""
            try waitUntil("postgres's error in a new logs/current", timeout: 20) {
                text = (try? String(contentsOfFile: logs + "/current", encoding: .utf8)) ?? ""
                return text.contains("division by zero")
            }
            #expect(text.contains("division by zero"), "\(text)")
            let shown = try project.pgctl(["log", "postgres"])
            #expect(shown.stdout.contains("division by zero"), "\(shown)")
            let stop = try project.pgctl(["stop", "postgres"])
            #expect(stop.exitCode == 0, "\(stop)")
            #expect(!stop.stderr.contains("WARNING"), "\(stop)")
            #expect(project.serviceProcesses().filter(processIsAlive).isEmpty)
        }
    }
}
