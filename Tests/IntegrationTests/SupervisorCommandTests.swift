import Foundation
import SuperviseStatus
import TestSupport
import Testing

extension SupervisorIntegration {
    /// Control commands against a live service: cases 25–33 of §10.
    @Suite("Commands")
    struct CommandTests {
        /// A run script that records every listed signal it receives, one name per line, in `got`.
        static let trapAll = """
            for s in ALRM ABRT QUIT HUP TERM INT USR1 USR2 CONT WINCH; do trap "echo $s >> got" $s; done
            echo up > started
            sleep 1000 & child=$!
            while :; do wait $child; done
            """

        @Test("each signal command delivers exactly its signal; -12a delivers USR1 USR2 ALRM (case 25)")
        func signalCommands() throws {
            try withSandbox(run: Self.trapAll) { sandbox in
                try sandbox.start()
                let pid = try sandbox.waitUntilUp()
                try waitUntil("traps installed") { !sandbox.read("started").isEmpty }
                let letters: [(String, String)] = [("a", "ALRM"), ("b", "ABRT"), ("q", "QUIT"), ("h", "HUP"), ("t", "TERM"),
                                                   ("i", "INT"), ("1", "USR1"), ("2", "USR2"), ("c", "CONT"), ("y", "WINCH")]
                var expected = ""
                for (letter, name) in letters {
                    expected += name + "\n"
                    try sandbox.send(letter)
                    try waitUntil("\(name) after -\(letter) (got \(sandbox.read("got")))") { sandbox.read("got") == expected }
                }
                try sandbox.send("12a")
                expected += "USR1\nUSR2\nALRM\n"
                try waitUntil("USR1 USR2 ALRM (got \(sandbox.read("got")))") { sandbox.read("got") == expected }
                #expect(try sandbox.status().pid == UInt64(pid), "no command above restarted the service")
            }
        }

        @Test("k kills with SIGKILL")
        func kill() throws {
            try withSandbox { sandbox in
                try sandbox.start()
                try sandbox.waitUntilUp()
                let listener = try sandbox.listen()
                try sandbox.send("k")
                try listener.waitFor("dD")
                #expect(try sandbox.status().waitStatus == .signaled(9))
            }
        }

        @Test("p stops the process and sets paused; c resumes and clears it (case 26)")
        func pauseContinue() throws {
            try withSandbox { sandbox in
                try sandbox.start()
                let pid = try sandbox.waitUntilUp()
                try sandbox.send("p")
                try sandbox.waitForStatus("paused") { $0.flags.rawValue == 0x05 }
                try waitUntil("process stopped") { (try? ProcInfo.stat(pid).state) == "T" }
                try sandbox.send("c")
                try sandbox.waitForStatus("resumed") { $0.flags.rawValue == 0x04 }
                try waitUntil("process running") { (try? ProcInfo.stat(pid).state) == "S" }
            }
        }

        @Test("o, O while up: want down, process untouched; u: want up again (case 27)")
        func onceWhileUp() throws {
            try withSandbox { sandbox in
                try sandbox.start()
                let pid = try sandbox.waitUntilUp()
                for command in ["o", "O"] {
                    try sandbox.send(command)
                    try sandbox.waitForStatus("want down after \(command)") { !$0.flags.contains(.wantUp) }
                    #expect(processIsAlive(pid))
                    try sandbox.send("u")
                    try sandbox.waitForStatus("want up") { $0.flags.contains(.wantUp) }
                }
                #expect(try sandbox.status().pid == UInt64(pid))
            }
        }

        @Test("Q while up creates down and wants down, process untouched; U removes down (case 28)")
        func downFileCommands() throws {
            try withSandbox { sandbox in
                try sandbox.start()
                let pid = try sandbox.waitUntilUp()
                try sandbox.send("Q")
                try sandbox.waitForStatus("want down") { !$0.flags.contains(.wantUp) }
                #expect(FileManager.default.fileExists(atPath: sandbox.path("down")))
                #expect(processIsAlive(pid))
                try sandbox.send("U")
                try sandbox.waitForStatus("want up") { $0.flags.contains(.wantUp) }
                #expect(!FileManager.default.fileExists(atPath: sandbox.path("down")))
                #expect(try sandbox.status().pid == UInt64(pid))
            }
        }

        @Test("D while up: down file, SIGTERM, no restart (case 29)")
        func downPermanently() throws {
            try withSandbox { sandbox in
                try sandbox.start()
                try sandbox.waitUntilUp()
                let listener = try sandbox.listen()
                try sandbox.send("D")
                try listener.waitFor("dD")
                #expect(FileManager.default.fileExists(atPath: sandbox.path("down")))
                let status = try sandbox.status()
                #expect(status.flags.rawValue == 0x08)
                #expect(status.waitStatus == .signaled(15))
                let spawnsSeen = listener.received.filter { $0 == "u" }.count // the first spawn's `u` may have been caught
                #expect((try? listener.waitForArrival(of: "u", occurrence: spawnsSeen + 1, timeout: 1.5)) == nil, "no restart")
            }
        }

        @Test("commands while down change nothing: no status write, no event (case 30)")
        func commandsWhileDown() throws {
            try withSandbox(files: ["down": ""]) { sandbox in
                // Subscribed before the supervisor starts: its start-up `s` (sent just after the
                // first status write) is always caught, never sometimes.
                let listener = try listenBeforeStart(sandbox)
                try sandbox.start()
                try listener.waitFor("s")
                let before = try FixtureFiles.bytes(sandbox.path("supervise/status"))
                let inode = try FileManager.default.attributesOfItem(atPath: sandbox.path("supervise/status"))[.systemFileNumber] as? Int
                try sandbox.send("athkrpc12yibq")
                // A want-up change afterwards proves every byte above was consumed first.
                try sandbox.send("d")
                try waitUntil("the d status write") {
                    (try? FileManager.default.attributesOfItem(atPath: sandbox.path("supervise/status"))[.systemFileNumber] as? Int) != inode
                }
                #expect(try FixtureFiles.bytes(sandbox.path("supervise/status")) == before, "d when down rewrites identical bytes")
                #expect(listener.poll() == "s", "nothing after the start-up event")
            }
        }

        @Test("o while down: spawned at once wanted down, not restarted after k (case 31)")
        func onceWhileDown() throws {
            try withSandbox(files: ["down": ""]) { sandbox in
                try sandbox.start()
                let listener = try sandbox.listen()
                try sandbox.send("o")
                try listener.waitFor("u")
                let status = try sandbox.status()
                #expect(status.isUp && !status.flags.contains(.wantUp))
                try sandbox.send("k")
                try listener.waitFor("udD")
                #expect((try? listener.waitForArrival(of: "u", occurrence: 2, timeout: 1.5)) == nil, "not restarted")
            }
        }

        @Test("o during finish: not started after finish")
        func onceDuringFinish() throws {
            try withSandbox(files: ["finish": "#!/bin/sh\nwhile [ ! -e release ]; do sleep 0.01; done\n"]) { sandbox in
                try sandbox.start()
                try sandbox.waitUntilUp()
                let listener = try sandbox.listen()
                try sandbox.send("k")
                try listener.waitFor("d")
                try sandbox.send("o")
                try sandbox.waitForStatus("want down while finishing") { !$0.flags.contains(.wantUp) && $0.flags.contains(.finishing) }
                try sandbox.write("release", "")
                try listener.waitFor("dD")
                // The listener may have caught the first spawn's `u` (the status is written just
                // before the event): only a further `u` would be a restart.
                let spawnsSeen = listener.received.filter { $0 == "u" }.count
                #expect((try? listener.waitForArrival(of: "u", occurrence: spawnsSeen + 1, timeout: 1.5)) == nil, "not started after finish")
            }
        }

        @Test("u during finish: finishing + want up, then D and u 1 s later (case 32)")
        func upDuringFinish() throws {
            try withSandbox(files: ["finish": "#!/bin/sh\nwhile [ ! -e release ]; do sleep 0.01; done\n"]) { sandbox in
                try sandbox.start()
                try sandbox.waitUntilUp()
                let listener = try sandbox.listen()
                try sandbox.send("d")
                try listener.waitFor("d")
                try sandbox.send("u")
                try sandbox.waitForStatus("finishing, want up") { $0.flags.rawValue == 0x06 }
                try sandbox.write("release", "")
                let down = try listener.waitForArrival(of: "D")
                let up = try listener.waitForArrival(of: "u", after: "D")
                #expect(up - down > 0.9 && up - down < 1.6, "u \(up - down) s after D")
            }
        }

        @Test("d when already down rewrites want-up 0, no event (case 33)")
        func downWhenDown() throws {
            try withSandbox(run: "exit 0", files: ["down": ""]) { sandbox in
                let listener = try listenBeforeStart(sandbox)
                try sandbox.start()
                try listener.waitFor("s")
                try sandbox.send("u")
                try listener.waitFor("udD")
                try sandbox.send("d")
                try sandbox.waitForStatus("want down") { !$0.flags.contains(.wantUp) }
                #expect((try? listener.waitForArrival(of: "u", occurrence: 2, timeout: 1.5)) == nil)
                #expect(listener.received == "sudD")
            }
        }
    }
}
