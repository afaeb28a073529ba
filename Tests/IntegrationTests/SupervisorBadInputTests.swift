import Foundation
import SuperviseStatus
import TestSupport
import Testing

extension SupervisorIntegration {
    /// Bad input never kills the supervisor.
    @Suite("Bad input")
    struct BadInputTests {
        @Test("garbage bytes on the control FIFO are ignored; the next valid command is obeyed")
        func garbageControlBytes() throws {
            try withSandbox { sandbox in
                let supervisor = try sandbox.start()
                let pid = try sandbox.waitUntilUp()
                let garbage = (0...255).map { UInt8($0) }.filter { !"abqhkti12pcyroduDUxOQ".utf8.contains($0) }
                let fd = open(sandbox.path("supervise/control"), O_WRONLY | O_NONBLOCK)
                #expect(fd >= 0)
                defer { close(fd) }
                for _ in 0..<8 { #expect(write(fd, garbage, garbage.count) == garbage.count) }
                try sandbox.send("O")
                try sandbox.waitForStatus("want down") { !$0.flags.contains(.wantUp) }
                #expect(supervisor.isRunning)
                #expect(try sandbox.status().pid == UInt64(pid))
                #expect(supervisor.output == "")
            }
        }

        @Test("unknown letters between valid ones: each valid letter still applies, in order")
        func unknownLettersInterleaved() throws {
            try withSandbox { sandbox in
                let supervisor = try sandbox.start()
                try sandbox.waitUntilUp()
                try sandbox.send("zOsS\u{7f}\nQ lXe")
                try sandbox.waitForStatus("want down") { !$0.flags.contains(.wantUp) }
                try waitUntil("down file from Q") { FileManager.default.fileExists(atPath: sandbox.path("down")) }
                #expect(supervisor.isRunning)
            }
        }

        @Test("a flood of commands (more than the FIFO buffer) is processed, supervisor survives")
        func commandFlood() throws {
            try withSandbox { sandbox in
                let supervisor = try sandbox.start()
                let pid = try sandbox.waitUntilUp()
                for _ in 0..<200 { try sandbox.send(String(repeating: "uOpc", count: 64)) }
                try sandbox.send("O")
                try sandbox.waitForStatus("want down, not paused") { !$0.flags.contains(.wantUp) && !$0.flags.contains(.paused) }
                #expect(supervisor.isRunning)
                #expect(try sandbox.status().pid == UInt64(pid))
            }
        }

        @Test("a run that exits at once forever: restarted about once per second, every death counted")
        func exitsAtOnce() throws {
            try withSandbox(run: "exit 1") { sandbox in
                try FileManager.default.createDirectory(atPath: sandbox.path("event"), withIntermediateDirectories: false)
                let listener = try sandbox.listen()
                let supervisor = try sandbox.start()
                try listener.waitForArrival(of: "u", occurrence: 4, timeout: 10)
                var gaps: [Double] = []
                for n in 1...3 {
                    gaps.append(listener.arrival(of: "u", occurrence: n + 1)! - listener.arrival(of: "D", occurrence: n)!)
                }
                #expect(gaps.allSatisfy { $0 > 0.9 && $0 < 1.6 }, "throttled: \(gaps)")
                try listener.waitForArrival(of: "D", occurrence: 4)
                let records = DeathRecord.decodeAll(try FixtureFiles.bytes(sandbox.path("supervise/death_tally")))
                #expect(records.count >= 4)
                #expect(records.allSatisfy { $0.exitCode == 1 && $0.signal == 0 })
                #expect(supervisor.isRunning)
            }
        }

        @Test("garbage timeout-finish: warning, default 5 s used", arguments: ["abc", "-5", "1e3", " 500"])
        func garbageTimeoutFinish(_ contents: String) throws {
            try withSandbox(files: ["timeout-finish": contents, "finish": "#!/bin/sh\nexit 0\n"]) { sandbox in
                let supervisor = try sandbox.start()
                try sandbox.waitUntilUp()
                let listener = try sandbox.listen()
                try sandbox.send("k")
                try listener.waitFor("dD")
                #expect(supervisor.output.contains("warning: invalid timeout-finish\n"))
                #expect(supervisor.isRunning)
            }
        }

        @Test("garbage timeout-kill and max-death-tally: warnings, defaults used")
        func garbageOtherNumbers() throws {
            try withSandbox(files: ["timeout-kill": "soon", "max-death-tally": "many"]) { sandbox in
                let supervisor = try sandbox.start()
                try sandbox.waitUntilUp()
                let listener = try sandbox.listen()
                try sandbox.send("d")
                try listener.waitFor("dD")
                #expect(supervisor.output.contains("warning: invalid timeout-kill\n"))
                #expect(supervisor.output.contains("warning: invalid max-death-tally\n"))
                #expect(FileInfo.size(sandbox.path("supervise/death_tally")) == 14, "default tally still records")
            }
        }

        @Test("a huge timeout-finish (11 digits) is accepted without overflow")
        func hugeTimeout() throws {
            try withSandbox(files: ["timeout-finish": "99999999999", "finish": "#!/bin/sh\nexit 0\n"]) { sandbox in
                let supervisor = try sandbox.start()
                try sandbox.waitUntilUp()
                let listener = try sandbox.listen()
                try sandbox.send("k")
                try listener.waitFor("dD")
                #expect(supervisor.isRunning)
            }
        }

        @Test("listener FIFOs without reader are removed at the next event; other names stay")
        func staleListeners() throws {
            try withSandbox(files: ["down": ""]) { sandbox in
                try sandbox.start()
                let stale = sandbox.path("event/ftrig1:@400000006b0b9e773b4d9d26:abcdef")
                let other = sandbox.path("event/other")
                let short = sandbox.path("event/ftrig1:@400000006b0b9e773b4d9d26:abcde")
                for path in [stale, other, short] { #expect(mkfifo(path, 0o600) == 0) }
                let listener = try sandbox.listen()
                try sandbox.send("o")
                try listener.waitFor("u")
                #expect(!FileManager.default.fileExists(atPath: stale))
                #expect(FileManager.default.fileExists(atPath: other))
                #expect(FileManager.default.fileExists(atPath: short))
            }
        }
    }

    /// What the service inherits.
    @Suite("Service environment")
    struct ServiceEnvironmentTests {
        @Test("run gets fds 0, 1, 2 and what the supervisor inherited, no supervisor-private descriptor")
        func onlyStandardDescriptors() throws {
            try withSandbox { sandbox in
                let supervisor = try sandbox.start()
                let pid = try sandbox.waitUntilRunning()
                let inherited = try ProcInfo.inheritableDescriptors(supervisor.pid)
                #expect(Set(inherited).isSuperset(of: [0, 1, 2]))
                let childDescriptors = try ProcInfo.openDescriptors(pid)
                #expect(childDescriptors == inherited, "run has \(childDescriptors), supervisor passes \(inherited)")
                let privateTargets = ["supervise/lock", "supervise/control", "anon_inode:[signalfd]"]
                for fd in try ProcInfo.openDescriptors(pid) {
                    let target = ProcInfo.descriptorTarget(pid, fd) ?? ""
                    #expect(!privateTargets.contains { target.hasSuffix($0) }, "fd \(fd) → \(target) leaked")
                }
                #expect(try ProcInfo.openDescriptors(supervisor.pid).count >= inherited.count + 4, "lock, control ×2, signalfd")
                for fd: Int32 in [0, 1, 2] {
                    #expect(ProcInfo.descriptorTarget(pid, fd) == ProcInfo.descriptorTarget(supervisor.pid, fd))
                }
            }
        }

        @Test("run gets the notification pipe at its number, plus descriptors the supervisor inherited without CLOEXEC")
        func notificationAndInheritedDescriptors() throws {
            try withSandbox(files: ["notification-fd": "5\n"]) { sandbox in
                try sandbox.write("inherited", "x")
                let supervisor = try sandbox.start(launcher: [
                    "/bin/sh", "-c", "exec 7<\"$1\"; exec \"$2\" \"$3\"", "sh", sandbox.path("inherited"),
                ])
                let pid = try sandbox.waitUntilRunning()
                let inherited = try ProcInfo.inheritableDescriptors(supervisor.pid)
                #expect(inherited.contains(7))
                let childDescriptors = try ProcInfo.openDescriptors(pid)
                let expected = Set(inherited + [5]).sorted()
                #expect(childDescriptors == expected, "run has \(childDescriptors), supervisor passes \(expected)")
                #expect(ProcInfo.descriptorTarget(pid, 5)?.hasPrefix("pipe:") == true)
                #expect(ProcInfo.descriptorTarget(pid, 7) == sandbox.path("inherited"))
                #expect(ProcInfo.descriptorTarget(supervisor.pid, 7) == sandbox.path("inherited"))
            }
        }

        @Test("finish runs in its own session with the supervisor's inherited fds only")
        func finishDescriptors() throws {
            let finish = "#!/bin/sh\necho $$ > finish-pid\nexec sleep 1000\n"
            try withSandbox(files: ["finish": finish, "timeout-finish": "0"]) { sandbox in
                let supervisor = try sandbox.start()
                try sandbox.waitUntilUp()
                try sandbox.send("O")
                try sandbox.send("k")
                try sandbox.waitForStatus("finishing") { $0.flags.contains(.finishing) }
                try waitUntil("finish to start") { sandbox.read("finish-pid").hasSuffix("\n") }
                let pid = Int32(sandbox.read("finish-pid").dropLast())!
                try waitUntil("finish to exec sleep") { (try? ProcInfo.arguments(pid).first) == "sleep" }
                try ProcInfo.waitUntilAsleep(pid)
                let finishDescriptors = try ProcInfo.openDescriptors(pid)
                let inherited = try ProcInfo.inheritableDescriptors(supervisor.pid)
                #expect(finishDescriptors == inherited, "finish has \(finishDescriptors) → \(finishDescriptors.map { ProcInfo.descriptorTarget(pid, $0) ?? "?" }), supervisor passes \(inherited)")
                let info = try ProcInfo.stat(pid)
                #expect(info.session == pid)
            }
        }

        @Test("the service's signal mask is empty and SIGPIPE is back to default")
        func signalState() throws {
            try withSandbox { sandbox in
                try sandbox.start()
                let pid = try sandbox.waitUntilRunning()
                #expect(ProcInfo.statusField(pid, "SigBlk") == "0000000000000000")
                let ignored = UInt64(ProcInfo.statusField(pid, "SigIgn") ?? "", radix: 16) ?? 1
                #expect(ignored & (1 << 12) == 0, "SIGPIPE not ignored")
                let caught = UInt64(ProcInfo.statusField(pid, "SigCgt") ?? "", radix: 16) ?? 1
                #expect(caught == 0)
            }
        }
    }
}
