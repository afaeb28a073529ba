import Foundation
import SuperviseStatus
import TestSupport
import Testing

extension SupervisorIntegration {
    /// Spawn, death, finish and the restart throttle: cases 9–15, 17 of §10.
    @Suite("Death, finish, throttle")
    struct LifecycleTests {
        @Test("restart throttle: d and D at once, u 1.0 s after D (case 9)")
        func throttle() throws {
            try withSandbox { sandbox in
                try sandbox.start()
                try sandbox.waitUntilUp()
                let listener = try sandbox.listen()
                try sandbox.send("r")
                let down = try listener.waitForArrival(of: "D")
                let during = try sandbox.status()
                #expect(during.pid == 0 && during.flags.rawValue == 0x0c, "down, want up, ready")
                #expect(during.waitStatus == .signaled(15))
                let up = try listener.waitForArrival(of: "u", after: "D", timeout: 5)
                #expect(afterInitialUp(listener.received) == "dDu")
                let gap = up - down
                #expect(gap > 0.9 && gap < 1.6, "u came \(gap) s after D")
            }
        }

        @Test("finish gets `<code> 0 <dir>` after an exit and `256 <sig> <dir>` after a signal (case 10)")
        func finishArguments() throws {
            let finish = "#!/bin/sh\necho \"$*\" >> finish-args\n"
            try withSandbox(run: "sleep 0.3; exit 7", files: ["finish": finish]) { sandbox in
                try sandbox.start()
                try waitUntil("finish to run") { !sandbox.read("finish-args").isEmpty }
                #expect(sandbox.read("finish-args").split(separator: "\n").first == "7 0 \(sandbox.directory)")
                try sandbox.send("O")
            }
            try withSandbox(files: ["finish": finish]) { sandbox in
                try sandbox.start()
                try sandbox.waitUntilUp()
                try sandbox.send("d")
                try waitUntil("finish to run") { !sandbox.read("finish-args").isEmpty }
                #expect(sandbox.read("finish-args") == "256 15 \(sandbox.directory)\n")
            }
        }

        @Test("while finish runs: flags 0x02, pid = finish's, then D and flags 0x08 (case 11)")
        func finishRunning() throws {
            let finish = "#!/bin/sh\necho $$ > finish-pid\nwhile [ ! -e release ]; do sleep 0.01; done\n"
            try withSandbox(files: ["finish": finish]) { sandbox in
                try sandbox.start()
                try sandbox.waitUntilUp()
                let listener = try sandbox.listen()
                try sandbox.send("d")
                try listener.waitFor("d")
                try waitUntil("finish to start") { sandbox.read("finish-pid").hasSuffix("\n") }
                let finishPID = UInt64(sandbox.read("finish-pid").dropLast())!
                let during = try sandbox.status()
                #expect(during.flags.rawValue == 0x02)
                #expect(during.pid == finishPID)
                #expect(!during.isUp)
                #expect(!listener.poll().contains("D"), "no D while finish runs")
                try sandbox.write("release", "")
                try listener.waitFor("dD")
                let after = try sandbox.status()
                #expect(after.flags.rawValue == 0x08)
                #expect(after.pid == 0)
                #expect(after.waitStatus == .signaled(15))
            }
        }

        @Test("finish exit 125: OD, want up cleared, no restart (case 12)")
        func finishPermanentFailure() throws {
            try withSandbox(run: "sleep 0.2; exit 7", files: ["finish": "#!/bin/sh\nexit 125\n"]) { sandbox in
                try FileManager.default.createDirectory(atPath: sandbox.path("event"), withIntermediateDirectories: false)
                let listener = try sandbox.listen()
                let supervisor = try sandbox.start()
                try listener.waitFor("sudOD")
                let status = try sandbox.status()
                #expect(status.flags.rawValue == 0x08)
                #expect(status.waitStatus == .exited(7))
                // No restart: the respawn timer (1 s) finds want-up cleared. Wait it out with margin.
                try sandbox.send("a") // harmless command; proves the loop is alive
                let restart = try? listener.waitForArrival(of: "u", occurrence: 2, timeout: 1.6)
                #expect(restart == nil, "no restart after OD")
                #expect(supervisor.isRunning)
            }
        }

        @Test("timeout-finish 500: D 0.5 s after d with a warning, next u 1 s later (case 13)")
        func timeoutFinish() throws {
            try withSandbox(files: ["finish": "#!/bin/sh\nexec sleep 10\n", "timeout-finish": "500"]) { sandbox in
                let supervisor = try sandbox.start()
                try sandbox.waitUntilUp()
                let listener = try sandbox.listen()
                try sandbox.send("r")
                let died = try listener.waitForArrival(of: "d")
                let down = try listener.waitForArrival(of: "D")
                let up = try listener.waitForArrival(of: "u", after: "D")
                #expect(down - died > 0.42 && down - died < 1.0, "D \(down - died) s after d")
                #expect(up - down > 0.9 && up - down < 1.6, "u \(up - down) s after D")
                #expect(supervisor.output.contains("s6-supervise \(sandbox.directory): warning: finish script lifetime reached maximum value - sending it a SIGKILL\n"))
            }
        }

        @Test("timeout-kill + down-signal HUP: HUP, CONT, then SIGKILL ~0.7 s later (case 14)")
        func timeoutKill() throws {
            let run = """
                trap 'echo HUP >> got' HUP
                trap 'echo TERM >> got' TERM
                trap 'echo CONT >> got' CONT
                echo up > started
                sleep 1000 & child=$!
                while :; do wait $child; done
                """
            try withSandbox(run: run, files: ["down-signal": "HUP\n", "timeout-kill": "700"]) { sandbox in
                try sandbox.start()
                try sandbox.waitUntilUp()
                try waitUntil("traps installed") { !sandbox.read("started").isEmpty }
                let listener = try sandbox.listen()
                let sent = ProcessInfo.processInfo.systemUptime
                try sandbox.send("d")
                let died = try listener.waitForArrival(of: "d")
                #expect(died - sent > 0.6 && died - sent < 1.0, "killed \(died - sent) s after d")
                #expect(sandbox.read("got") == "HUP\nCONT\n")
                try listener.waitFor("dD")
                #expect(try sandbox.status().waitStatus == .signaled(9))
            }
        }

        @Test("down-signal variants are accepted (case 15)", arguments: ["usr2", "SIGUSR2", "12", "USR2", "usr2\n", "sigusr2\ntrailing"])
        func downSignalAccepted(_ contents: String) throws {
            let run = "trap 'echo USR2 >> got' USR2\ntrap 'echo TERM >> got' TERM\necho up > started\nsleep 1000 & c=$!\nwhile :; do wait $c; done"
            try withSandbox(run: run, files: ["down-signal": contents]) { sandbox in
                let supervisor = try sandbox.start()
                try sandbox.waitUntilUp()
                try waitUntil("traps installed") { !sandbox.read("started").isEmpty }
                try sandbox.send("r")
                try waitUntil("the signal to arrive") { !sandbox.read("got").isEmpty }
                #expect(sandbox.read("got") == "USR2\n")
                #expect(!supervisor.output.contains("invalid down-signal"))
            }
        }

        @Test("invalid down-signal: SIGTERM plus a warning (case 15)", arguments: ["FOO", "  12", "SIGUSR2 extra", "", "sig12"])
        func downSignalRejected(_ contents: String) throws {
            let run = "trap 'echo USR2 >> got' USR2\ntrap 'echo TERM >> got; exit 0' TERM\necho up > started\nsleep 1000 & c=$!\nwhile :; do wait $c; done"
            try withSandbox(run: run, files: ["down-signal": contents]) { sandbox in
                let supervisor = try sandbox.start()
                try sandbox.waitUntilUp()
                try waitUntil("traps installed") { !sandbox.read("started").isEmpty }
                try sandbox.send("r")
                try waitUntil("the signal to arrive") { !sandbox.read("got").isEmpty }
                #expect(sandbox.read("got") == "TERM\n")
                try waitUntil("the warning") { supervisor.output.contains("warning: invalid down-signal\n") }
            }
        }

        @Test("death tally: max-death-tally 3 keeps 3 records; 0 stops recording (case 17)")
        func deathTally() throws {
            try withSandbox(run: "sleep 0.05; exit 3", files: ["max-death-tally": "3"]) { sandbox in
                let listener = try { () throws -> EventListener in
                    try FileManager.default.createDirectory(atPath: sandbox.path("event"), withIntermediateDirectories: false)
                    return try sandbox.listen()
                }()
                try sandbox.start()
                try listener.waitForArrival(of: "D", occurrence: 4, timeout: 15)
                // The next spawn comes 1 s after the D and rewrites the status (a new stamp): read
                // the tally between two identical "down" statuses, so both tell of one death.
                var tally: [UInt8] = []
                var down = try sandbox.status()
                try waitUntil("a status and tally of the same death") {
                    let before = try sandbox.status()
                    tally = try FixtureFiles.bytes(sandbox.path("supervise/death_tally"))
                    down = try sandbox.status()
                    return before == down && down.pid == 0
                }
                #expect(tally.count == 42)
                let records = DeathRecord.decodeAll(tally)
                #expect(records.map(\.exitCode) == [3, 3, 3])
                #expect(records.map(\.signal) == [0, 0, 0])
                #expect(records.last?.stamp == down.stamp, "the newest record is the last death")

                try sandbox.write("max-death-tally", "0")
                let before = try listener.waitForArrival(of: "D", occurrence: 5, timeout: 5)
                _ = before
                let frozen = try FixtureFiles.bytes(sandbox.path("supervise/death_tally"))
                try listener.waitForArrival(of: "D", occurrence: 7, timeout: 5)
                #expect(try FixtureFiles.bytes(sandbox.path("supervise/death_tally")) == frozen, "0 leaves the file untouched")
                try sandbox.send("O")
            }
        }

        @Test("a signal death is recorded as 128+sig, sig")
        func deathTallySignal() throws {
            try withSandbox { sandbox in
                try sandbox.start()
                try sandbox.waitUntilUp()
                let listener = try sandbox.listen()
                try sandbox.send("k")
                try listener.waitFor("dD")
                let records = DeathRecord.decodeAll(try FixtureFiles.bytes(sandbox.path("supervise/death_tally")))
                #expect(records.count == 1)
                #expect(records.first?.exitCode == 137)
                #expect(records.first?.signal == 9)
            }
        }
    }
}
