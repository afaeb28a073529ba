import Foundation
import SuperviseStatus
import SuperviseSystem
import TestSupport
import Testing

extension SupervisorIntegration {
    /// §2.1, §2.2 and cases 1–4, 7, 8 of §10.
    @Suite("Start-up and files")
    struct StartupTests {
        @Test("fresh start: modes of supervise/ and event/, files, the run process (case 1)")
        func freshStart() throws {
            try withSandbox(run: "echo \"$#:$1\" > argv; exec sleep 1000") { sandbox in
                let oldMask = umask(0o022)
                defer { umask(oldMask) }
                try sandbox.start()
                let pid = try sandbox.waitUntilUp()
                #expect(FileInfo.fullMode(sandbox.path("supervise")) == 0o700)
                #expect(FileInfo.isFIFO(sandbox.path("supervise/control")))
                #expect(FileInfo.fullMode(sandbox.path("supervise/control")) == 0o600)
                #expect(FileInfo.fullMode(sandbox.path("supervise/lock")) == 0o644)
                #expect(FileInfo.fullMode(sandbox.path("supervise/status")) == 0o644)
                #expect(FileInfo.size(sandbox.path("supervise/status")) == 35)
                #expect(FileInfo.fullMode(sandbox.path("supervise/death_tally")) == 0o644)
                #expect(FileInfo.size(sandbox.path("supervise/death_tally")) == 0)
                #expect(FileInfo.fullMode(sandbox.path("event")) == 0o3730)
                #expect(FileInfo.group(sandbox.path("event")) == UInt32(getegid()))
                #expect(!FileManager.default.fileExists(atPath: sandbox.path("supervise/status.new")))

                let info = try ProcInfo.stat(pid)
                #expect(info.pgrp == pid && info.session == pid, "run is a session leader")
                #expect(ProcInfo.workingDirectory(pid) == sandbox.directory)
                try waitUntil("run to record its arguments") { !sandbox.read("argv").isEmpty }
                #expect(sandbox.read("argv") == "1:\(sandbox.directory)\n", "argv is run + the service directory")
            }
        }

        @Test("the service directory is passed as given, relative paths included")
        func relativeDirectoryArgument() throws {
            try withSandbox(run: "echo \"$1\" > argv; exec sleep 1000") { sandbox in
                try sandbox.start(launcher: ["/usr/bin/env", "--default-signal", "-C", sandbox.temporary.path], argument: "svc")
                try sandbox.waitUntilUp()
                try waitUntil("run to record its arguments") { !sandbox.read("argv").isEmpty }
                #expect(sandbox.read("argv") == "svc\n")
            }
        }

        @Test("down file: run is not started, flags 0x08 (case 2)")
        func downFile() throws {
            try withSandbox(files: ["down": ""]) { sandbox in
                let supervisor = try sandbox.start()
                let status = try sandbox.status()
                #expect(status.flags.rawValue == 0x08)
                #expect(status.pid == 0)
                #expect(status.stamp == status.readyStamp)
                #expect(ProcInfo.children(supervisor.pid).isEmpty)
                #expect(supervisor.isRunning)
            }
        }

        @Test("pre-existing event dir keeps its mode and its listener gets s (case 3)")
        func preexistingEventDirectory() throws {
            try withSandbox { sandbox in
                try FileManager.default.createDirectory(atPath: sandbox.path("event"), withIntermediateDirectories: false,
                                                        attributes: [.posixPermissions: 0o755])
                let listener = try sandbox.listen()
                try sandbox.start()
                try listener.waitFor("su")
                #expect(FileInfo.fullMode(sandbox.path("event")) == 0o755)
            }
        }

        @Test("a second supervisor exits 100, the first is unaffected (case 4)")
        func secondSupervisor() throws {
            try withSandbox { sandbox in
                let first = try sandbox.start()
                let pid = try sandbox.waitUntilUp()
                let result = try Command.run("/usr/bin/env", ["--default-signal", Executables.ours("s6-supervise"), sandbox.directory])
                #expect(result.exitCode == 100)
                #expect(result.stderr == "s6-supervise \(sandbox.directory): fatal: another instance of s6-supervise is already running\n")
                #expect(first.isRunning)
                #expect(try sandbox.status().pid == UInt64(pid))
                try sandbox.send("k")
                try sandbox.waitForStatus("restarted") { $0.isUp && $0.pid != UInt64(pid) }
            }
        }

        @Test("symlinked supervise/ to an existing directory works, twice in a row (case 7)")
        func symlinkToExistingDirectory() throws {
            try withSandbox { sandbox in
                let target = sandbox.temporary.child("scratch/supervise")
                try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(atPath: sandbox.path("supervise"), withDestinationPath: target)
                for round in 1...2 {
                    let supervisor = try sandbox.start()
                    try sandbox.waitUntilUp()
                    #expect(FileInfo.isSymlink(sandbox.path("supervise")), "round \(round)")
                    #expect(FileInfo.isFIFO(target + "/control"))
                    #expect(FileInfo.size(target + "/status") == 35)
                    let listener = try sandbox.listen()
                    try sandbox.send("dx")
                    try listener.waitFor("dDx")
                    #expect(try supervisor.waitForExit() == 0)
                }
            }
        }

        @Test("symlinked supervise/ to a missing directory: the target is created 0700")
        func symlinkToMissingDirectory() throws {
            try withSandbox { sandbox in
                let target = sandbox.temporary.child("not-yet")
                try FileManager.default.createSymbolicLink(atPath: sandbox.path("supervise"), withDestinationPath: target)
                try sandbox.start()
                try sandbox.waitUntilUp()
                #expect(FileInfo.fullMode(target) == 0o700)
                #expect(FileInfo.isFIFO(target + "/control"))
            }
        }

        @Test("status encoding right after start (case 8)")
        func statusEncoding() throws {
            try withSandbox { sandbox in
                let before = Int64(Date().timeIntervalSince1970)
                try sandbox.start()
                let pid = try sandbox.waitUntilUp()
                let after = Int64(Date().timeIntervalSince1970)
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: sandbox.path("supervise/status"))))
                #expect(bytes.count == 35)
                let seconds = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                let unix = Int64(seconds - (1 << 62) - 37)
                #expect(unix >= before - 1 && unix <= after + 1)
                #expect(bytes[24..<32].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } == UInt64(pid))
                #expect(bytes[34] == 0x04)
                #expect(bytes[32] == 0 && bytes[33] == 0)
            }
        }

        @Test("usage and set-up failures: exit 100 or 111 with s6's messages")
        func setupFailures() throws {
            let ours = Executables.ours("s6-supervise")
            let usage = try Command.run(ours, [])
            #expect(usage.exitCode == 100)
            #expect(usage.stderr == "s6-supervise: usage: s6-supervise dir\n")

            let missing = try Command.run(ours, ["/nonexistent/svc"])
            #expect(missing.exitCode == 111)
            #expect(missing.stderr == "s6-supervise: fatal: unable to chdir to /nonexistent/svc: No such file or directory\n")
            let empty = try Command.run(ours, [""])
            #expect(empty.exitCode == 111)
            #expect(empty.stderr == "s6-supervise: fatal: unable to chdir to : No such file or directory\n")

            try withSandbox { sandbox in
                try sandbox.write("supervise", "a file")
                let notDirectory = try Command.run(ours, [sandbox.directory])
                #expect(notDirectory.exitCode == 100)
                #expect(notDirectory.stderr.hasSuffix("fatal: supervise exists and is not a directory\n"))
            }
            try withSandbox { sandbox in
                try FileManager.default.createDirectory(atPath: sandbox.path("supervise"), withIntermediateDirectories: false)
                try sandbox.write("supervise/control", "not a fifo")
                let notFIFO = try Command.run(ours, [sandbox.directory])
                #expect(notFIFO.exitCode == 100)
                #expect(notFIFO.stderr.hasSuffix("fatal: supervise/control is not a FIFO\n"))
            }
        }

        @Test("the death tally is emptied at every start")
        func deathTallyTruncatedAtStart() throws {
            try withSandbox { sandbox in
                try FileManager.default.createDirectory(atPath: sandbox.path("supervise"), withIntermediateDirectories: false)
                try sandbox.write("supervise/death_tally", String(repeating: "x", count: 28))
                try sandbox.start()
                #expect(FileInfo.size(sandbox.path("supervise/death_tally")) == 0)
            }
        }
    }
}
