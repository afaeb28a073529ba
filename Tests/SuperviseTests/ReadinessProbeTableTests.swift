@testable import Supervise
import ServiceDefinition
import SuperviseStatus
import SuperviseSystem
import Testing

/// Settings with a readiness probe file (pgctl's extension), for the probe inputs.
private final class ProbeSettings: ServiceSettings {
    var probe = true
    func downSignal() -> Int32 { SignalNumber.term }
    func timeoutKill() -> Int64 { 0 }
    func timeoutFinish() -> Int64 { 5000 }
    func hasReadinessProbe() -> Bool { probe }
}

/// The readiness probe as inputs and actions of the pure state machine: `startProbe` after
/// each spawn of `run` when there is a probe file, `probePassed` ending in the transition of a
/// notification line, `stopProbe` when it passed or `run` died.
@Suite("State machine: readiness probes")
struct ReadinessProbeTableTests {
    private static func moment(_ ms: Int64) -> Moment { Harness.moment(ms) }

    /// A machine with a probe file whose `run` (pid 4242) was spawned at 10 ms.
    private static func probing(_ settings: ProbeSettings = ProbeSettings()) -> (SupervisorStateMachine, [SupervisorAction]) {
        var machine = SupervisorStateMachine(wantUp: true, at: moment(0), settings: settings)
        _ = machine.start(at: moment(0))
        _ = machine.handle(.timerFired, at: moment(10))
        let actions = machine.handle(.runSpawned(pid: 4242), at: moment(10))
        return (machine, actions)
    }

    @Test("run spawned with a probe file: s6's actions, then startProbe")
    func spawnStartsProbe() {
        let (machine, actions) = Self.probing()
        #expect(actions.count == 4)
        #expect(actions.first == .setTimer(nil))
        #expect(actions[2] == .notify([.up]))
        #expect(actions.last == .startProbe)
        #expect(machine.probing)
        #expect(!machine.status.flags.contains(.ready))
    }

    @Test("run spawned without a probe file: no probe action (exactly s6)")
    func noProbeNoAction() {
        let settings = ProbeSettings()
        settings.probe = false
        let (machine, actions) = Self.probing(settings)
        #expect(!actions.contains(.startProbe))
        #expect(!machine.probing)
    }

    @Test("probe passed while up: ready flag, readystamp, U, then stopProbe; once only")
    func probePassed() {
        var (machine, _) = Self.probing()
        var expected = machine.status
        expected.flags.insert(.ready)
        expected.readyStamp = Self.moment(250).wall
        #expect(machine.handle(.probePassed, at: Self.moment(250)) == [.writeStatus(expected), .notify([.ready]), .stopProbe])
        #expect(machine.status.flags.contains(.ready))
        #expect(!machine.probing)
        #expect(machine.nextStart == Self.moment(250).monotonic.adding(milliseconds: SupervisorStateMachine.restartThrottleMilliseconds))
        #expect(machine.handle(.probePassed, at: Self.moment(300)) == [], "U at most once per spawn")
    }

    @Test("probe passed in LASTUP: ready too")
    func probePassedLastUp() {
        var (machine, _) = Self.probing()
        _ = machine.handle(.command(.exit), at: Self.moment(20))
        #expect(machine.state == .lastUp)
        #expect(machine.handle(.probePassed, at: Self.moment(30)).contains(.notify([.ready])))
    }

    @Test("a stray probePassed without a probe changes nothing")
    func strayPass() {
        var machine = SupervisorStateMachine(wantUp: true, at: Self.moment(0), settings: ProbeSettings())
        _ = machine.start(at: Self.moment(0))
        let before = machine.status
        #expect(machine.handle(.probePassed, at: Self.moment(5)) == [])
        #expect(machine.status == before)
    }

    @Test("run dies while probing: stopProbe right after closing the pipe; respawn probes again")
    func deathStopsProbeAndRespawnRestartsIt() {
        var (machine, _) = Self.probing()
        let actions = machine.handle(.childExited(pid: 4242, status: .signaled(SignalNumber.kill)), at: Self.moment(40))
        #expect(Array(actions.prefix(3)) == [.drainOutput, .closeNotificationPipe, .stopProbe])
        #expect(!machine.probing)
        _ = machine.handle(.finishSpawnFailed, at: Self.moment(41))
        _ = machine.handle(.timerFired, at: Self.moment(1041))
        #expect(machine.handle(.runSpawned(pid: 4243), at: Self.moment(1041)).last == .startProbe)
        #expect(machine.probing)
        #expect(machine.handle(.probePassed, at: Self.moment(1100)).contains(.notify([.ready])))
    }

    @Test("run dies after the probe passed: no stopProbe (nothing runs)")
    func deathAfterPass() {
        var (machine, _) = Self.probing()
        _ = machine.handle(.probePassed, at: Self.moment(20))
        let actions = machine.handle(.childExited(pid: 4242, status: .exited(1)), at: Self.moment(40))
        #expect(!actions.contains(.stopProbe))
    }

    @Test("back-off: 5 ms, doubling, capped at 100 ms")
    func backoff() {
        var backoff = ProbeBackoff()
        #expect((0..<8).map { _ in backoff.nextDelay() } == [5, 10, 20, 40, 80, 100, 100, 100])
    }

    @Test("HTTP status lines", arguments: [
        ("HTTP/1.1 200 OK\r\n", false, HTTPStatusLine.Reading.status(200)),
        ("HTTP/1.0 302 Found\r\nLocation: /x\r\n", false, .status(302)),
        ("HTTP/1.1 503 Service Unavailable\r\n", false, .status(503)),
        ("HTTP/1.1 204\r\n", false, .status(204)),
        ("HTTP/1.1 20", false, .incomplete),
        ("HTTP/1.1 20", true, .malformed),
        ("", true, .malformed),
        ("SSH-2.0-OpenSSH_9.2\r\n", false, .malformed),
        ("HTTP/1.1 2x0 OK\r\n", false, .malformed),
        ("HTTP/2 200\r\n", false, .malformed),
    ])
    func statusLines(text: String, ended: Bool, expected: HTTPStatusLine.Reading) {
        #expect(HTTPStatusLine.status(in: Array(text.utf8), ended: ended) == expected)
    }

    @Test("seconds in messages: two decimals")
    func seconds() {
        #expect(ReadinessProber.seconds(1_000_000_000) == "1.00")
        #expect(ReadinessProber.seconds(250_000_000) == "0.25")
        #expect(ReadinessProber.seconds(2_071_000_000) == "2.07")
    }
}
