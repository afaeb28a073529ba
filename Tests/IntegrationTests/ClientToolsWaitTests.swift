import Foundation
import SuperviseStatus
import TestSupport
import Testing

/// Where a client tool comes from: ours always, the real s6 2.11 one when installed. Stateful
/// sequences run once per source on a fresh service, with the same literal expectations.
enum ClientSource: String, CaseIterable, Sendable {
    case ours, real

    static var available: [ClientSource] { RealS6.isInstalled ? [.ours, .real] : [.ours] }

    func path(_ tool: String) -> String { self == .ours ? Executables.ours(tool) : RealS6.tool(tool) }

    /// Runs `tool` and checks the result literally (`# seconds` normalised).
    func expect(_ tool: String, _ arguments: [String], exit expectedExit: Int32, stdout: String = "",
                stderr: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try Command.run(path(tool), arguments).normalized(ClientTools.normalizingSeconds)
        let expected = CommandResult(exitCode: expectedExit, stdout: stdout, stderr: stderr.map { $0 + "\n" }.joined())
        #expect(result.sameAs(expected), "\(rawValue) \(tool) \(arguments)\n\(result)\n--- expected:\n\(expected)",
                sourceLocation: sourceLocation)
    }
}

/// `s6-svwait` and `s6-svc -w`: what they wait for, how they end, what they print.
extension ClientToolsIntegration {
    @Suite("s6-svwait and s6-svc -w") struct Waiting {
        @Test(arguments: SupervisorKind.available)
        func alreadyThereOrTimedOut(kind: SupervisorKind) throws {
            try withClientService(kind) { up in
                try up.waitUntilRunning()
                try expectTool("s6-svwait", ["-u", "-t", "10000", up.directory], exit: 0)
                try expectTool("s6-svwait", ["-U", "-t", "200", up.directory], exit: 99, stderr: ["s6-svwait: fatal: timed out"])
                try expectTool("s6-svwait", ["-d", "-t", "200", up.directory], exit: 99, stderr: ["s6-svwait: fatal: timed out"])
                try withClientService(kind, files: ["down": ""]) { down in
                    try expectTool("s6-svwait", ["-D", "-t", "10000", down.directory], exit: 0)
                    try expectTool("s6-svwait", ["-d", "-t", "10000", down.directory], exit: 0)
                    try expectTool("s6-svwait", ["-u", "-t", "200", down.directory], exit: 99, stderr: ["s6-svwait: fatal: timed out"])
                    try expectTool("s6-svwait", ["-o", "-u", "-t", "10000", down.directory, up.directory], exit: 0)
                    try expectTool("s6-svwait", ["-a", "-u", "-t", "200", down.directory, up.directory], exit: 99,
                                   stderr: ["s6-svwait: fatal: timed out"])
                    try expectTool("s6-svwait", ["-o", "-D", "-t", "10000", up.directory, down.directory], exit: 0)
                    #expect(ClientListeners.count(in: up.directory) == 0 && ClientListeners.count(in: down.directory) == 0,
                            "every listener FIFO was removed")
                }
            }
        }

        /// `s6-svwait` started first, the command sent once it has subscribed.
        @Test(arguments: SupervisorKind.available)
        func wakesUpOnEvents(kind: SupervisorKind) throws {
            for source in ClientSource.available {
                try withClientService(kind, files: ["down": ""]) { sandbox in
                    let dir = sandbox.directory
                    func waitInBackground(_ arguments: [String], then command: String) throws -> CommandResult {
                        let waiter = ClientBackgroundCommand(source.path("s6-svwait"), arguments + ["-t", "10000", dir])
                        try ClientListeners.waitFor(1, in: dir)
                        try expectOurs("s6-svc", [command, dir])
                        return try waiter.wait()
                    }
                    let up = try waitInBackground(["-u"], then: "-u")
                    #expect(up.sameAs(CommandResult(exitCode: 0, stdout: "", stderr: "")), "\(source) -u: \(up)")
                    let downReady = try waitInBackground(["-D"], then: "-d")
                    #expect(downReady.sameAs(CommandResult(exitCode: 0, stdout: "", stderr: "")), "\(source) -D: \(downReady)")
                    let died = try waitInBackground(["-u"], then: "-x")
                    let failure = "s6-svwait: fatal: some services reported permanent failure or their supervisor died\n"
                    #expect(died.sameAs(CommandResult(exitCode: 1, stdout: "", stderr: failure)), "\(source) -u then x: \(died)")
                    #expect(ClientListeners.count(in: dir) == 0)
                }
            }
        }

        @Test(arguments: SupervisorKind.available)
        func commandsThenWait(kind: SupervisorKind) throws {
            for source in ClientSource.available {
                try withClientService(kind, files: ["down": ""]) { sandbox in
                    let dir = sandbox.directory
                    try source.expect("s6-svc", ["-wu", "-T", "10000", "-u", dir], exit: 0)
                    #expect(try sandbox.status().isUp)
                    try source.expect("s6-svc", ["-wD", "-T", "10000", "-d", dir], exit: 0)
                    #expect(try sandbox.status().flags.contains(.ready))
                    try source.expect("s6-svc", ["-wU", "-T", "10000", "-u", dir], exit: 0, stderr: [
                        "s6-svc: warning: \(dir)/notification-fd not present - ignoring request for readiness notification",
                    ])
                    try source.expect("s6-svc", ["-wr", "-T", "10000", "-r", dir], exit: 0)
                    try source.expect("s6-svc", ["-wd", "-T", "10000", "-d", dir], exit: 0)
                    try source.expect("s6-svc", ["-wu", "-T", "300", dir], exit: 99, stderr: ["s6-svwait: fatal: timed out"])
                    try source.expect("s6-svc", ["-wu", "-T", "300", "-O", dir], exit: 99, stderr: ["s6-svlisten1: fatal: timed out"])
                    #expect(ClientListeners.count(in: dir) == 0)
                }
            }
        }

        @Test(arguments: SupervisorKind.available)
        func readiness(kind: SupervisorKind) throws {
            let files = ["down": "", "notification-fd": "3\n"]
            for source in ClientSource.available {
                try withClientService(kind, run: "echo >&3\nexec sleep 1000", files: files) { sandbox in
                    let dir = sandbox.directory
                    try source.expect("s6-svc", ["-wU", "-T", "10000", "-u", dir], exit: 0)
                    #expect(try sandbox.status().flags.contains(.ready))
                    let before = try statusPID(sandbox)
                    try source.expect("s6-svc", ["-wR", "-T", "10000", "-r", dir], exit: 0)
                    let after = try sandbox.status()
                    #expect(after.isUp && after.flags.contains(.ready) && Int32(after.pid) != before)
                    try source.expect("s6-svc", ["-wD", "-T", "10000", "-d", dir], exit: 0)
                }
            }
        }

        /// `finish` exits 125: the service failed permanently (events `d`, `OD`).
        @Test(arguments: SupervisorKind.available)
        func permanentFailure(kind: SupervisorKind) throws {
            let files = ["down": "", "notification-fd": "3\n", "finish": "#!/bin/sh\nexit 125\n"]
            for source in ClientSource.available {
                try withClientService(kind, run: "exit 7", files: files) { sandbox in
                    let dir = sandbox.directory
                    try source.expect("s6-svc", ["-wU", "-T", "10000", "-u", dir], exit: 1,
                                      stderr: ["s6-svlisten1: fatal: \(dir) failed permanently or its supervisor died"])
                    try sandbox.waitForStatus("down for good") { $0.pid == 0 && !$0.flags.contains(.wantUp) }
                    try source.expect("s6-svstat", [dir], exit: 0, stdout: "down (exitcode 7) # seconds, ready # seconds\n")
                }
            }
        }

        /// A waiting tool told to stop removes its listener FIFO, then dies of the signal as the
        /// real one would (Foundation reports a death by signal as the signal's number).
        @Test(arguments: [("s6-svwait", ["-u", "-t", "20000"]), ("s6-svc", ["-wu", "-T", "20000"])])
        func interruptedWaitCleansUp(tool: String, options: [String]) throws {
            try withClientService(.ours, files: ["down": ""]) { sandbox in
                let dir = sandbox.directory
                for signal in [SIGTERM, SIGINT, SIGHUP] {
                    let waiter = ClientBackgroundCommand(Executables.ours(tool), options + [dir])
                    try ClientListeners.waitFor(1, in: dir)
                    let pids = ClientProcesses.find(executable: Executables.ours(tool), lastArgument: dir)
                    #expect(pids.count == 1)
                    for pid in pids { kill(pid, signal) }
                    let result = try waiter.wait()
                    #expect(result.exitCode == signal && result.stderr.isEmpty, "\(tool) after signal \(signal): \(result)")
                    #expect(ClientListeners.count(in: dir) == 0, "the listener FIFO is gone")
                }
            }
        }

        @Test func missingStatusFile() throws {
            let temporary = try TemporaryDirectory(prefix: "client-tools")
            defer { temporary.remove() }
            let dir = temporary.child("svc")
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try expectTool("s6-svc", ["-wu", "-T", "300", "-u", dir], exit: 111,
                           stderr: ["s6-svlisten1: fatal: unable to s6_svstatus_read: No such file or directory"])
            try expectTool("s6-svc", ["-wd", "-T", "300", dir], exit: 111,
                           stderr: ["s6-svwait: fatal: unable to s6_svstatus_read: No such file or directory"])
        }
    }
}
