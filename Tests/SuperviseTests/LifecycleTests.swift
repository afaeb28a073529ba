import Supervise
import SuperviseStatus
import SuperviseSystem
import Testing

/// Start-up, spawn results, deaths, finish, readiness (§2.1, §6.4–§6.7).
@Suite("State machine: start, spawn, death, finish, readiness")
struct LifecycleTests {
    @Test("start: status pid 0, ready, want up per the down file; event s; immediate timer")
    func start() {
        let h = Harness()
        let record = StatusRecord(stamp: Harness.moment(0).wall, readyStamp: Harness.moment(0).wall, pid: 0,
                                  waitStatus: WaitStatus(rawValue: 0), flags: [.ready, .wantUp])
        #expect(h.startActions == [.writeStatus(record), .notify([.start]), .setTimer(Harness.moment(0).monotonic)])
        #expect(h.status.flags.rawValue == 0x0c)
        let down = Harness(wantUp: false)
        #expect(down.status.flags.rawValue == 0x08)
    }

    @Test("timer while down: spawn when wanted up, disarm otherwise")
    func downTimer() {
        var up = Harness()
        #expect(up.feed(.timerFired) == [.spawnRun])
        var down = Harness(wantUp: false)
        #expect(down.feed(.timerFired) == [.setTimer(nil)])
        #expect(down.machine.timer == nil)
    }

    @Test("run spawned: UP, pid, not ready, stamp now, readystamp and wstat kept, timer off, then u")
    func runSpawned() {
        var h = Harness()
        h.advance(5)
        h.feed(.timerFired)
        let expected = h.status {
            $0.pid = 4242
            $0.flags.remove(.ready)
            $0.stamp = Harness.moment(5).wall
        }
        #expect(h.feed(.runSpawned(pid: 4242)) == [.setTimer(nil), .writeStatus(expected), .notify([.up])])
        #expect(h.state == .up)
        #expect(h.status.readyStamp == Harness.moment(0).wall)
        #expect(h.status.flags.rawValue == 0x04)
    }

    @Test("exec failure: stay down, retry in 10 s, no status and no event; pipe/fork failure: 60 s")
    func spawnFailures() {
        var h = Harness()
        h.feed(.timerFired)
        let before = h.status
        #expect(h.feed(.runSpawnFailed(systemFailure: false)) == [.setTimer(h.deadline(in: 10_000))])
        #expect(h.state == .down)
        #expect(h.status == before)
        #expect(h.feed(.runSpawnFailed(systemFailure: true)) == [.setTimer(h.deadline(in: 60_000))])
        // The retry timer spawns when it fires...
        h.advance(60_000)
        #expect(h.feed(.timerFired) == [.spawnRun])
    }

    @Test("u during the 10 s retry wait spawns at once (overrides the timer)")
    func upOverridesRetry() {
        var h = Harness()
        h.feed(.timerFired)
        h.feed(.runSpawnFailed(systemFailure: false))
        h.advance(2000)
        #expect(h.feed(.command(.up)).last == .spawnRun)
        h.feed(.runSpawned(pid: 77))
        #expect(h.machine.timer == nil, "the pending retry is gone once run is up")
    }

    @Test("run dies: close the pipe, record the death, fork finish with `code 0` or `256 sig`",
          arguments: [(WaitStatus.exited(7), ["7", "0"]), (.signaled(15), ["256", "15"]), (.exited(0), ["0", "0"]),
                      (WaitStatus(rawValue: 0x008b), ["256", "11"])])
    func runDies(_ pair: (WaitStatus, [String])) {
        var h = Harness.inState(.up)
        h.feed(.command(.pause))
        h.advance(300)
        let actions = h.childExits(pair.0)
        #expect(actions == [.closeNotificationPipe, .recordDeath(DeathRecord(stamp: h.now.wall, waitStatus: pair.0)),
                            .spawnFinish(arguments: pair.1)])
        #expect(h.state == .finish)
        #expect(h.status.waitStatus == pair.0)
        #expect(h.status.stamp == h.now.wall)
        #expect(!h.status.flags.contains(.paused))
        #expect(!h.status.flags.contains(.ready))
    }

    @Test("finish forked: pid = finish's pid, finishing, status, d, timeout-finish timer")
    func finishForked() {
        var h = Harness.inState(.up)
        h.childExits(.exited(1))
        let expected = h.status { $0.pid = 99; $0.flags.insert(.finishing) }
        #expect(h.feed(.finishSpawned(pid: 99)) == [.writeStatus(expected), .notify([.died]), .setTimer(h.deadline(in: 5000))])
        #expect(h.status.flags.rawValue == 0x06)

        var unlimited = Harness.inState(.up)
        unlimited.settings.timeoutFinishValue = 0
        unlimited.childExits(.exited(1))
        #expect(unlimited.feed(.finishSpawned(pid: 99)).last == .setTimer(nil), "timeout-finish 0 = unlimited")
    }

    @Test("finish ends: DOWN, pid 0, ready, readystamp now, D, respawn timer 1 s later",
          arguments: [WaitStatus.exited(0), .exited(1), .exited(127), .signaled(9), .exited(124), .exited(126)])
    func finishEnds(_ finishStatus: WaitStatus) {
        var h = Harness.inState(.finish)
        h.advance(200)
        let expected = h.status {
            $0.pid = 0
            $0.flags.remove(.finishing)
            $0.flags.insert(.ready)
            $0.readyStamp = Harness.moment(h.elapsed).wall
        }
        #expect(h.childExits(finishStatus) == [.writeStatus(expected), .notify([.downReady]), .setTimer(h.deadline(in: 1000))])
        #expect(h.state == .down)
        #expect(h.status.waitStatus == .signaled(15), "the finish status is never stored")
    }

    @Test("finish exit 125: want up cleared, OD, and the timer finds nothing to do")
    func finish125() {
        var h = Harness.inState(.finish)
        let expected = h.status {
            $0.pid = 0
            $0.flags = [.ready]
            $0.readyStamp = h.now.wall
        }
        let actions = h.childExits(.exited(125))
        #expect(actions == [.writeStatus(expected), .notify([.permanentFailure, .downReady]), .setTimer(h.deadline(in: 1000))])
        h.advance(1000)
        #expect(h.feed(.timerFired) == [.setTimer(nil)], "no restart after a permanent failure")
    }

    @Test("killed by a signal other than an exit 125 is not a permanent failure")
    func signal125IsNotPermanent() {
        var h = Harness.inState(.finish)
        #expect(h.childExits(WaitStatus(rawValue: 125)).contains(.notify([.downReady])))
        #expect(h.status.flags.contains(.wantUp))
    }

    @Test("finish could not be forked: down and ready at once with dD")
    func finishForkFailed() {
        var h = Harness.inState(.up)
        h.childExits(.exited(0))
        let actions = h.feed(.finishSpawnFailed)
        #expect(actions.contains(.notify([.died, .downReady])))
        #expect(h.state == .down)
        var last = Harness.inState(.lastUp)
        last.childExits(.exited(0))
        #expect(last.feed(.finishSpawnFailed).last == .exit, "from LASTUP the supervisor then exits")
    }

    @Test("LASTFINISH: finish ends → status, D, then exit (no timer)")
    func lastFinishExits() {
        var h = Harness.inState(.lastFinish)
        let actions = h.childExits(.exited(0))
        #expect(actions.count == 3)
        #expect(actions[1] == .notify([.downReady]))
        #expect(actions[2] == .exit)
        var permanent = Harness.inState(.lastFinish)
        #expect(permanent.childExits(.exited(125)).suffix(2) == [.notify([.permanentFailure, .downReady]), .exit])
    }

    @Test("LASTUP: run dies → LASTFINISH, finish forked as usual")
    func lastUpDies() {
        var h = Harness.inState(.lastUp)
        #expect(h.childExits(.exited(3)).last == .spawnFinish(arguments: ["3", "0"]))
        #expect(h.state == .lastFinish)
    }

    @Test("run's pid reaped in DOWN or FINISH is ignored (only reaped)", arguments: [StateName.down, .finish, .lastFinish])
    func strayDeath(_ name: StateName) {
        var h = Harness.inState(name)
        let before = h.status
        #expect(h.feed(.childExited(pid: Harness.runPID, status: .exited(0))) == [])
        #expect(h.status == before)
    }

    @Test("timers: kill repeat while dying, finish timeout kills, stray timer while up warns")
    func timers() {
        var h = Harness.inState(.up)
        h.settings.timeoutKillValue = 700
        h.feed(.command(.down))
        h.advance(700)
        #expect(h.feed(.timerFired) == [.sendSignal(9, to: UInt64(Harness.runPID)), .setTimer(h.deadline(in: 5000))])
        h.advance(5000)
        #expect(h.feed(.timerFired) == [.sendSignal(9, to: UInt64(Harness.runPID)), .setTimer(h.deadline(in: 5000))])
        h.childExits(.signaled(9))
        #expect(!h.machine.dying, "death clears dying")

        var f = Harness.inState(.finish)
        f.feed(.command(.pause)) // ignored while finishing; paused stays 0
        f.advance(5000)
        let cont = f.status { $0.flags.remove(.paused) }
        #expect(f.feed(.timerFired) == [
            .warn("finish script lifetime reached maximum value - sending it a SIGKILL"),
            .sendSignal(18, to: UInt64(Harness.finishPID)), .writeStatus(cont),
            .sendSignal(9, to: UInt64(Harness.finishPID)), .setTimer(f.deadline(in: 5000)),
        ])

        var stray = Harness.inState(.up)
        let actions = stray.feed(.timerFired)
        #expect(actions.last == .setTimer(nil))
        #expect(actions.count == 2)
    }

    @Test("readiness: ready, readystamp, U, pipe closed; only once per spawn")
    func readiness() {
        var h = Harness.inState(.up)
        h.advance(500)
        let expected = h.status { $0.flags.insert(.ready); $0.readyStamp = h.now.wall }
        #expect(h.feed(.readinessNotified) == [.writeStatus(expected), .notify([.ready]), .closeNotificationPipe])
        #expect(h.status.flags.rawValue == 0x0c)
        #expect(h.feed(.readinessNotified) == [.closeNotificationPipe], "U at most once per spawn")
        var down = Harness()
        #expect(down.feed(.readinessNotified) == [.closeNotificationPipe])
    }

    @Test("readiness in LASTUP works too")
    func readinessLastUp() {
        var h = Harness.inState(.lastUp)
        #expect(h.feed(.readinessNotified).contains(.notify([.ready])))
    }
}
