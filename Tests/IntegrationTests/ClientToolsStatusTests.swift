import Foundation
import SuperviseStatus
import TestSupport
import Testing

/// `s6-svstat` and `s6-svok` on live services in every state the issue lists, under our
/// supervisor and the real one: literal expectations for ours, and (with s6 installed) the
/// real tools must print exactly the same.
extension ClientToolsIntegration {
    @Suite("s6-svstat and s6-svok on live services") struct LiveStatus {
        static let nineFields = "up,wantedup,normallyup,ready,paused,pid,exitcode,signal,signum"
        static let allFields = nineFields + ",updownsince,readysince,updownfor,readyfor"

        /// The standard battery on a service in a known state.
        func check(_ sandbox: ServiceSandbox, human: String, numeric: String? = nil, fields: String,
                   sourceLocation: SourceLocation = #_sourceLocation) throws {
            let dir = sandbox.directory
            try expectTool("s6-svstat", [dir], exit: 0, stdout: human, sourceLocation: sourceLocation)
            try expectTool("s6-svstat", ["-n", dir], exit: 0, stdout: numeric ?? human, sourceLocation: sourceLocation)
            try expectTool("s6-svstat", ["-o", Self.nineFields, dir], exit: 0, stdout: fields, sourceLocation: sourceLocation)
            try expectSameAsReal("s6-svstat", ["-o", Self.allFields, dir], normalize: { $0 }, sourceLocation: sourceLocation)
            try expectSameAsReal("s6-svstat", ["-uwNrpest", dir], normalize: { $0 }, sourceLocation: sourceLocation)
            try expectSameAsReal("s6-svstat", ["-o", "u,r,p,e,s,w,n,updown,readyf", dir], normalize: { $0 },
                                 sourceLocation: sourceLocation)
            try expectTool("s6-svok", [dir], exit: 0, sourceLocation: sourceLocation)
        }

        @Test(arguments: SupervisorKind.available)
        func up(kind: SupervisorKind) throws {
            try withClientService(kind) { sandbox in
                let pid = try sandbox.waitUntilRunning()
                try check(sandbox, human: "up (pid \(pid)) # seconds\n", fields: "true true true false false \(pid) -1 NA -1\n")
            }
        }

        @Test(arguments: SupervisorKind.available)
        func downFileNeverStarted(kind: SupervisorKind) throws {
            try withClientService(kind, files: ["down": ""]) { sandbox in
                try check(sandbox, human: "down (exitcode 0) # seconds, ready # seconds\n",
                          fields: "false false false false false -1 0 NA -1\n")
            }
        }

        @Test(arguments: SupervisorKind.available)
        func upAndReady(kind: SupervisorKind) throws {
            try withClientService(kind, run: "echo >&3\nexec sleep 1000", files: ["notification-fd": "3\n"]) { sandbox in
                try sandbox.waitForStatus("up and ready") { $0.isUp && $0.flags.contains(.ready) }
                let pid = try statusPID(sandbox)
                try check(sandbox, human: "up (pid \(pid)) # seconds, ready # seconds\n",
                          fields: "true true true true false \(pid) -1 NA -1\n")
            }
        }

        @Test(arguments: SupervisorKind.available)
        func pausedThenContinued(kind: SupervisorKind) throws {
            try withClientService(kind) { sandbox in
                let pid = try sandbox.waitUntilRunning()
                try expectOurs("s6-svc", ["-p", sandbox.directory])
                try sandbox.waitForStatus("paused") { $0.flags.contains(.paused) }
                try waitUntil("run to be stopped") { (try? ProcInfo.stat(pid).state) == "T" }
                try check(sandbox, human: "up (pid \(pid)) # seconds, paused\n", fields: "true true true false true \(pid) -1 NA -1\n")
                try expectOurs("s6-svc", ["-c", sandbox.directory])
                try sandbox.waitForStatus("continued") { !$0.flags.contains(.paused) }
                try check(sandbox, human: "up (pid \(pid)) # seconds\n", fields: "true true true false false \(pid) -1 NA -1\n")
            }
        }

        @Test(arguments: SupervisorKind.available)
        func finishing(kind: SupervisorKind) throws {
            let files = ["finish": "#!/bin/sh\nexec sleep 1000\n", "timeout-finish": "0\n"]
            try withClientService(kind, files: files) { sandbox in
                try sandbox.waitUntilRunning()
                try expectOurs("s6-svc", ["-d", sandbox.directory])
                try sandbox.waitForStatus("finishing") { $0.flags.contains(.finishing) }
                try check(sandbox, human: "down (signal SIGTERM) # seconds, normally up\n",
                          numeric: "down (signal 15) # seconds, normally up\n",
                          fields: "false false true false false -1 -1 SIGTERM 15\n")
            }
        }

        @Test(arguments: SupervisorKind.available)
        func normallyDownButUp(kind: SupervisorKind) throws {
            try withClientService(kind, files: ["down": ""]) { sandbox in
                try expectOurs("s6-svc", ["-u", sandbox.directory])
                let pid = try sandbox.waitUntilRunning()
                try check(sandbox, human: "up (pid \(pid)) # seconds, normally down\n",
                          fields: "true true false false false \(pid) -1 NA -1\n")
            }
        }

        @Test(arguments: SupervisorKind.available)
        func upButWantedDown(kind: SupervisorKind) throws {
            try withClientService(kind) { sandbox in
                let pid = try sandbox.waitUntilRunning()
                try expectOurs("s6-svc", ["-O", sandbox.directory])
                try sandbox.waitForStatus("want down") { !$0.flags.contains(.wantUp) }
                try check(sandbox, human: "up (pid \(pid)) # seconds, want down\n",
                          fields: "true false true false false \(pid) -1 NA -1\n")
            }
        }

        /// A `run` that cannot be executed: the supervisor retries every 10 s and the status
        /// stays "down, want up".
        @Test(arguments: SupervisorKind.available)
        func downButWantedUp(kind: SupervisorKind) throws {
            try withClientService(kind, start: false) { sandbox in
                chmod(sandbox.path("run"), 0o644)
                try sandbox.start(executable: kind.executable)
                try check(sandbox, human: "down (exitcode 0) # seconds, normally up, want up, ready # seconds\n",
                          fields: "false true true false false -1 0 NA -1\n")
            }
        }

        @Test(arguments: SupervisorKind.available)
        func exitedWithACode(kind: SupervisorKind) throws {
            try withClientService(kind, run: "exit 3", files: ["down": ""]) { sandbox in
                try expectOurs("s6-svc", ["-o", sandbox.directory])
                try sandbox.waitForStatus("down after exit 3") {
                    $0.pid == 0 && $0.waitStatus == .exited(3) && $0.flags.contains(.ready)
                }
                try check(sandbox, human: "down (exitcode 3) # seconds, ready # seconds\n",
                          fields: "false false false false false -1 3 NA -1\n")
            }
        }

        @Test(arguments: SupervisorKind.available)
        func killedByASignal(kind: SupervisorKind) throws {
            try withClientService(kind, files: ["down": ""]) { sandbox in
                try expectOurs("s6-svc", ["-o", sandbox.directory])
                try sandbox.waitUntilRunning()
                try expectOurs("s6-svc", ["-k", sandbox.directory])
                try sandbox.waitForStatus("down after SIGKILL") {
                    $0.pid == 0 && $0.waitStatus == .signaled(9) && $0.flags.contains(.ready)
                }
                try check(sandbox, human: "down (signal SIGKILL) # seconds, ready # seconds\n",
                          numeric: "down (signal 9) # seconds, ready # seconds\n",
                          fields: "false false false false false -1 -1 SIGKILL 9\n")
            }
        }
    }
}

/// Runs our `tool` and expects exit 0 with no output (commands that only act).
func expectOurs(_ tool: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
    let result = try ClientTools.ours(tool, arguments)
    #expect(result.sameAs(CommandResult(exitCode: 0, stdout: "", stderr: "")), "\(tool) \(arguments): \(result)",
            sourceLocation: sourceLocation)
}
