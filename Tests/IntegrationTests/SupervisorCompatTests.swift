import Foundation
import SuperviseStatus
import TestSupport
import Testing

/// Replaces what legitimately differs between two runs (pids, whole seconds, TAI64N labels).
func normalized(_ text: String) -> String {
    var words: [String] = []
    var previous = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
        var out = word
        if previous == "(pid" { out = "P)" }
        else if word.hasPrefix("@4"), word.count >= 25 { out = "@TAI" }
        else if Int(word) != nil, word.count >= 3 { out = "P" } // pid column of -o
        words.append(out)
        previous = word
    }
    return words.joined(separator: " ")
        .replacingOccurrences(of: #"\b\d+ seconds"#, with: "N seconds", options: .regularExpression)
}

/// Drives a supervisor with the real s6 tools and records what they report.
struct RealToolsTranscript {
    let sandbox: ServiceSandbox
    var lines: [String] = []

    init(_ sandbox: ServiceSandbox) { self.sandbox = sandbox }

    /// Runs a real s6 tool on the service dir; records its exit code and output.
    @discardableResult
    mutating func run(_ tool: String, _ arguments: [String], record: Bool = true) throws -> CommandResult {
        let result = try Command.run(RealS6.tool(tool), arguments + [sandbox.directory], timeout: 15)
        if record {
            let stdout = normalized(result.stdout.replacingOccurrences(of: sandbox.directory, with: "SVC"))
            let stderr = normalized(result.stderr.replacingOccurrences(of: sandbox.directory, with: "SVC"))
            lines.append("\(tool) \(arguments.joined(separator: " ")) → \(result.exitCode) \(stdout)\(stderr.isEmpty ? "" : " stderr: " + stderr)")
        }
        return result
    }

    /// Records the human and `-o` readings of the real s6-svstat, s6-svok, and the flags byte.
    mutating func snapshot(_ label: String) throws {
        lines.append("— \(label)")
        try run("s6-svstat", [])
        try run("s6-svstat", ["-o", "up,wantedup,normallyup,ready,paused,pid,exitcode,signal,signum"])
        try run("s6-svstat", ["-n"])
        try run("s6-svok", [])
        if let status = try? sandbox.status() {
            lines.append("flags 0x" + String(status.flags.rawValue, radix: 16) + " finish-pid-set \(status.pid != 0 && !status.isUp)")
        }
    }
}

extension SupervisorIntegration {
    /// Our supervisor driven by the real s6 2.11 tools, compared with the real s6-supervise on an
    /// identical service directory.
    @Suite("Compatibility with the real s6 tools", .enabled(if: RealS6.isInstalled, RealS6.skipReason))
    struct CompatTests {
        static let real = RealS6.tool("s6-supervise")
        static let ours = Executables.ours("s6-supervise")

        /// Runs `scenario` against a fresh copy of the service on `executable`; returns the transcript.
        static func transcript(_ executable: String, run: String = "exec sleep 1000", files: [String: String] = [:],
                               _ scenario: (inout RealToolsTranscript, ServiceSandbox, EventListener) throws -> Void) throws -> [String] {
            try withSandbox(run: run, files: files) { sandbox in
                try FileManager.default.createDirectory(atPath: sandbox.path("event"), withIntermediateDirectories: false)
                let listener = try sandbox.listen()
                try sandbox.start(executable: executable)
                var transcript = RealToolsTranscript(sandbox)
                try scenario(&transcript, sandbox, listener)
                listener.poll()
                transcript.lines.append("events \(listener.received)")
                return transcript.lines
            }
        }

        /// Runs the scenario on the real s6-supervise and on ours and expects identical transcripts.
        static func compare(run: String = "exec sleep 1000", files: [String: String] = [:],
                            _ scenario: (inout RealToolsTranscript, ServiceSandbox, EventListener) throws -> Void) throws {
            let reference = try transcript(real, run: run, files: files, scenario)
            let candidate = try transcript(ours, run: run, files: files, scenario)
            #expect(candidate.count == reference.count)
            for (index, (mine, theirs)) in zip(candidate, reference).enumerated() {
                #expect(mine == theirs, "line \(index)")
            }
        }

        @Test("commands through the real s6-svc, read with s6-svstat/s6-svok: same as the real s6-supervise")
        func commandScenario() throws {
            try Self.compare { t, sandbox, listener in
                try t.run("s6-svwait", ["-u", "-t", "5000"])
                try t.snapshot("up")
                try t.run("s6-svc", ["-p"])
                try sandbox.waitForStatus("paused") { $0.flags.contains(.paused) }
                try t.snapshot("paused")
                try t.run("s6-svc", ["-c", "-O"])
                try sandbox.waitForStatus("want down") { !$0.flags.contains(.wantUp) && !$0.flags.contains(.paused) }
                try t.snapshot("want down")
                try t.run("s6-svc", ["-Q"])
                try waitUntil("down file") { FileManager.default.fileExists(atPath: sandbox.path("down")) }
                try t.snapshot("normally down")
                try t.run("s6-svc", ["-U"])
                try sandbox.waitForStatus("want up") { $0.flags.contains(.wantUp) }
                try t.snapshot("normally up again")
                try t.run("s6-svc", ["-wr", "-r"])
                try t.run("s6-svwait", ["-u", "-t", "5000"])
                try t.snapshot("restarted by -r")
                try t.run("s6-svc", ["-wD", "-d"])
                try t.snapshot("down after -d")
                try t.run("s6-svc", ["-a", "-t", "-h", "-k", "-r", "-p", "-c"])
                try t.run("s6-svc", ["-wu", "-u"])
                try t.snapshot("up again")
                try t.run("s6-svc", ["-wD", "-D"])
                try t.snapshot("down file, down")
                try t.run("s6-svc", ["-wu", "-o"])
                try t.snapshot("once")
                try t.run("s6-svc", ["-wD", "-k"])
                try t.snapshot("killed, not restarted")
                try t.run("s6-svwait", ["-D", "-t", "1000"])
                try t.run("s6-svwait", ["-d", "-t", "1000"])
                try t.run("s6-svwait", ["-u", "-t", "300"])
                try t.run("s6-svc", ["-x"])
                try waitUntil("supervisor gone") { (try? Command.run(RealS6.tool("s6-svok"), [sandbox.directory]))?.exitCode == 1 }
                try t.snapshot("after x")
                try t.run("s6-svc", ["-u"])
            }
        }

        @Test("readiness with s6-svc -wU and s6-svwait -U: same as the real s6-supervise")
        func readinessScenario() throws {
            let run = "while [ ! -e go ]; do sleep 0.01; done; echo >&3; exec sleep 1000"
            try Self.compare(run: run, files: ["notification-fd": "3\n", "down": ""]) { t, sandbox, listener in
                try t.snapshot("down file")
                try t.run("s6-svc", ["-wu", "-u"])
                try t.snapshot("up, not ready")
                try t.run("s6-svwait", ["-U", "-t", "200"])
                try sandbox.write("go", "")
                try t.run("s6-svwait", ["-U", "-t", "5000"])
                try t.snapshot("ready")
                try FileManager.default.removeItem(atPath: sandbox.path("go"))
                try t.run("s6-svc", ["-wD", "-d"])
                try t.snapshot("down")
                try sandbox.write("go", "")
                try t.run("s6-svc", ["-wU", "-u"])
                try t.snapshot("ready again")
                try t.run("s6-svc", ["-wD", "-dx"])
                try listener.waitFor("Dx") // s6-svc returns on D; our listener may read it a moment later
            }
        }

        @Test("finish running, finish exit 125, s6-svlisten1: same as the real s6-supervise")
        func finishScenario() throws {
            let finish = "#!/bin/sh\nif [ -e permanent ]; then exit 125; fi\nwhile [ ! -e release ]; do sleep 0.01; done\n"
            let run = "if [ -e exit7 ]; then sleep 0.2; exit 7; fi; exec sleep 1000"
            try Self.compare(run: run, files: ["finish": finish]) { t, sandbox, listener in
                try t.run("s6-svwait", ["-u", "-t", "5000"])
                try t.run("s6-svc", ["-wd", "-d"])
                try sandbox.waitForStatus("finishing") { $0.flags.contains(.finishing) }
                try t.snapshot("finish running")
                try sandbox.write("release", "")
                try t.run("s6-svwait", ["-D", "-t", "5000"])
                try t.snapshot("down after finish")
                try sandbox.write("permanent", "")
                try t.run("s6-svc", ["-wu", "-u"])
                try t.run("s6-svc", ["-k"])
                try listener.waitFor("OD")
                try t.snapshot("permanent failure")
                // Waiting for up through a permanent failure (run exits 7, finish 125) fails with exit 1.
                try sandbox.write("exit7", "")
                let listen = try Command.run(RealS6.tool("s6-svlisten1"), ["-U", "-t", "5000", sandbox.directory,
                                                                           RealS6.tool("s6-svc"), "-u", sandbox.directory])
                t.lines.append("s6-svlisten1 -U … s6-svc -u → \(listen.exitCode) \(normalized(listen.stderr.replacingOccurrences(of: sandbox.directory, with: "SVC")))")
                #expect(listen.exitCode == 1)
                try waitUntil("the second OD") { listener.poll().components(separatedBy: "OD").count == 3 }
                try t.run("s6-svc", ["-O"])
                try t.snapshot("after the second permanent failure")
            }
        }

        @Test("every s6-svc signal letter reaches the service of our supervisor")
        func signalLetters() throws {
            try withSandbox(run: CommandTests.trapAll) { sandbox in
                try sandbox.start()
                try sandbox.waitUntilUp()
                try waitUntil("traps installed") { !sandbox.read("started").isEmpty }
                var expected = ""
                for (letter, name) in [("a", "ALRM"), ("b", "ABRT"), ("q", "QUIT"), ("h", "HUP"), ("t", "TERM"), ("i", "INT"),
                                       ("1", "USR1"), ("2", "USR2"), ("c", "CONT"), ("y", "WINCH")] {
                    expected += name + "\n"
                    #expect(try Command.run(RealS6.tool("s6-svc"), ["-" + letter, sandbox.directory]).exitCode == 0)
                    try waitUntil("\(name) (got \(sandbox.read("got")))") { sandbox.read("got") == expected }
                }
                #expect(try Command.run(RealS6.tool("s6-svc"), ["-12a", sandbox.directory]).exitCode == 0)
                expected += "USR1\nUSR2\nALRM\n"
                try waitUntil("USR1 USR2 ALRM (got \(sandbox.read("got")))") { sandbox.read("got") == expected }
            }
        }

        @Test("s6-svwait -u/-U/-d/-D and timeouts against our supervisor")
        func svwait() throws {
            try withSandbox(files: ["down": ""]) { sandbox in
                try sandbox.start()
                let svwait = RealS6.tool("s6-svwait")
                #expect(try Command.run(svwait, ["-d", "-t", "1000", sandbox.directory]).exitCode == 0)
                #expect(try Command.run(svwait, ["-D", "-t", "1000", sandbox.directory]).exitCode == 0)
                let timedOut = try Command.run(svwait, ["-u", "-t", "300", sandbox.directory])
                #expect(timedOut.exitCode == 99)
                #expect(timedOut.stderr == "s6-svwait: fatal: timed out\n")
                #expect(try Command.run(RealS6.tool("s6-svc"), ["-u", sandbox.directory]).exitCode == 0)
                #expect(try Command.run(svwait, ["-u", "-t", "5000", sandbox.directory]).exitCode == 0)
                #expect(try Command.run(svwait, ["-U", "-t", "300", sandbox.directory]).exitCode == 99, "no readiness support")
                // The supervisor exits while a waiter waits for up: exit 1.
                #expect(try Command.run(RealS6.tool("s6-svc"), ["-wD", "-d", sandbox.directory]).exitCode == 0)
                let waiter = ClientBackgroundCommand(svwait, ["-u", "-t", "5000", sandbox.directory])
                try waitUntil("the waiter to subscribe") {
                    ((try? FileManager.default.contentsOfDirectory(atPath: sandbox.path("event"))) ?? []).contains { $0.hasPrefix("ftrig1:") }
                }
                #expect(try Command.run(RealS6.tool("s6-svc"), ["-x", sandbox.directory]).exitCode == 0)
                let result = try waiter.wait()
                #expect(result.exitCode == 1)
                #expect(result.stderr.contains("some services reported permanent failure or their supervisor died"))
            }
        }

        @Test("symlinked supervise/ to an existing directory: the real s6-supervise 2.11.3.2 fails (known defect), ours runs")
        func symlinkDefectOfRealSupervisor() throws {
            try withSandbox { sandbox in
                let target = sandbox.temporary.child("scratch")
                try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(atPath: sandbox.path("supervise"), withDestinationPath: target)
                let real = try Command.run("/usr/bin/env", ["--default-signal", Self.real, sandbox.directory], timeout: 10)
                #expect(real.exitCode == 111)
                #expect(real.stderr == "s6-supervise \(sandbox.directory): fatal: unable to mkdir \(target): File exists\n")
                try sandbox.start()
                try sandbox.waitUntilUp()
            }
        }

        @Test("symlinked supervise/ to an existing directory: the real tools work through the link")
        func symlinkedSupervise() throws {
            try withSandbox { sandbox in
                let target = sandbox.temporary.child("scratch")
                try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(atPath: sandbox.path("supervise"), withDestinationPath: target)
                try sandbox.start()
                #expect(try Command.run(RealS6.tool("s6-svwait"), ["-u", "-t", "5000", sandbox.directory]).exitCode == 0)
                #expect(try Command.run(RealS6.tool("s6-svok"), [sandbox.directory]).exitCode == 0)
                let status = try Command.run(RealS6.tool("s6-svstat"), [sandbox.directory])
                #expect(status.stdout.hasPrefix("up (pid "))
                #expect(try Command.run(RealS6.tool("s6-svc"), ["-wD", "-dx", sandbox.directory]).exitCode == 0)
            }
        }
    }
}
