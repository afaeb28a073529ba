import Foundation
import Testing
import TestSupport

extension FaultSuite {
    /// Issue #10, defect 9: messages that said something other than what happened.
    @Suite("FaultMessages: a dead supervisor, a zero timeout")
    struct FaultMessages {
        /// A service whose readiness check fails until `go` exists.
        static let waitsForGo: (run: String, files: [String: String]) = (
            run: "#!/bin/sh\nexec pgctl-poll-ready sleep infinity\n",
            files: ["ready": "#!/bin/sh\n[ -e go ]\n", "timeout-ready": "30\n"])

        @Test("supervisor SIGKILLed while start waits for readiness: start fails at once saying so, no --no-force text")
        func supervisorKilledDuringStart() throws {
            let project = try Fault.project(services: ["slow": Self.waitsForGo])
            chmod(project.service("slow") + "/ready", 0o755)
            defer { project.cleanUp() }
            let output = project.temp.path + "/start.out"
            let start = try project.launch(["start", "slow"], output: output)
            defer { if start.isRunning { kill(start.processIdentifier, SIGKILL) } }
            var supervisor: Int32 = 0
            try waitUntil("the supervisor to run the service", timeout: 10) {
                supervisor = Fault.supervisors(of: project.service("slow")).first ?? 0
                return supervisor != 0 && (try? project.status("slow").isUp) == true
            }
            kill(supervisor, SIGKILL)
            // The error comes at once; cleaning up what the dead supervisor left takes longer.
            let took = try waitUntil("pgctl start to report the death", timeout: 20) {
                (try? String(contentsOfFile: output, encoding: .utf8))?.contains("ERROR: service 'slow' failed to start") == true
            }
            try waitUntil("pgctl start to give up", timeout: 30) { !start.isRunning }
            let text = try String(contentsOfFile: output, encoding: .utf8)
            print("[fault figures] output after the supervisor's death:\n\(text)")
            #expect(start.terminationStatus == 1, "\(text)")
            #expect(text.contains("[pgctl] ERROR: service 'slow' failed to start after "), "\(text)")
            #expect(text.contains("its supervisor (pid \(supervisor)) was killed by signal SIGKILL"), "\(text)")
            #expect(!text.contains("--no-force"), "\(text)")
            #expect(took < 5, "reported \(took) s after the kill, timeout-ready is 30 s")
            print("[fault figures] supervisor death reported \(Int(took * 1000)) ms after the kill")
            _ = try project.pgctl(["stop", "slow"])
            try waitUntil("nothing of the service to run", timeout: 20) { Fault.alive(project).isEmpty }
        }

        @Test("timeout-ready 0: the failure says the supervisor had not started yet, not that it is down")
        func zeroTimeout() throws {
            let project = try Fault.project(services: ["quick": (run: "#!/bin/sh\nexec sleep infinity\n", files: ["timeout-ready": "0\n"])])
            defer { project.cleanUp() }
            let start = try project.pgctl(["start", "quick"])
            #expect(start.exitCode == 1, "\(start)")
            #expect(!start.stderr.contains("supervisor is down"), "\(start)")
            #expect(start.stderr.contains("had not started yet; is timeout-ready too short?")
                    || start.stderr.contains("its status is "), "\(start)")
            _ = try project.pgctl(["stop", "quick"])
            try waitUntil("nothing of the service to run", timeout: 20) { Fault.alive(project).isEmpty }
        }
    }
}
