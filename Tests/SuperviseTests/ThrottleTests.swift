import Supervise
import SuperviseStatus
import SuperviseSystem
import Testing

/// The restart throttle of §6.8, with a fake clock.
@Suite("State machine: restart throttle (§6.8)")
struct ThrottleTests {
    /// Spawns run at the current time; returns the harness in UP.
    static func spawn(_ h: inout Harness, pid: Int32 = 4242) {
        if h.state == .down { h.feed(.command(.up)) }
        h.feed(.runSpawned(pid: pid))
    }

    /// Kills run now and ends finish `finishMilliseconds` later; returns the timer armed then.
    static func kill(_ h: inout Harness, finishMilliseconds: Int64 = 0) -> MonotonicInstant? {
        h.childExits(.signaled(15))
        h.feed(.finishSpawned(pid: 5000))
        h.advance(finishMilliseconds)
        h.childExits(.exited(127))
        return h.machine.timer
    }

    @Test("never ready: the next spawn is 1 s after down-and-ready")
    func neverReady() {
        var h = Harness()
        Self.spawn(&h)
        h.advance(100)
        #expect(Self.kill(&h) == h.deadline(in: 1000))
    }

    @Test("finish running 0.5 s: 1 s after finish ended, not after the death")
    func afterFinish() {
        var h = Harness()
        Self.spawn(&h)
        h.advance(100)
        #expect(Self.kill(&h, finishMilliseconds: 500) == h.deadline(in: 1000))
    }

    @Test("ready for more than 1 s: restart at once (deadline already past)")
    func readyLongAgo() {
        var h = Harness()
        Self.spawn(&h)
        h.advance(200)
        let readyAt = h.now.monotonic
        h.feed(.readinessNotified)
        h.advance(2000)
        let timer = Self.kill(&h)
        #expect(timer == readyAt.adding(milliseconds: 1000))
        #expect(timer! < h.now.monotonic)
        #expect(h.feed(.timerFired) == [.spawnRun])
    }

    @Test("ready then dies 0.3 s later: restart at readiness + 1 s")
    func readyRecently() {
        var h = Harness()
        Self.spawn(&h)
        let readyAt = h.now.monotonic
        h.feed(.readinessNotified)
        h.advance(300)
        #expect(Self.kill(&h) == readyAt.adding(milliseconds: 1000))
    }

    @Test("a spawn forgets the previous readiness: killed before the new readiness → 1 s after D")
    func spawnResetsNextStart() {
        var h = Harness()
        Self.spawn(&h)
        h.feed(.readinessNotified)
        h.advance(2000)
        _ = Self.kill(&h)
        h.feed(.timerFired)
        Self.spawn(&h, pid: 4343)
        #expect(h.machine.nextStart == nil)
        h.advance(100)
        #expect(Self.kill(&h) == h.deadline(in: 1000))
    }

    @Test("u while the throttle timer is armed spawns at once")
    func upBypassesThrottle() {
        var h = Harness()
        Self.spawn(&h)
        h.feed(.command(.onceAtMost))
        _ = Self.kill(&h)
        #expect(h.feed(.command(.up)).last == .spawnRun)
    }
}
