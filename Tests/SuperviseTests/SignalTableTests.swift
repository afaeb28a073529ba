import Supervise
import SuperviseStatus
import SuperviseSystem
import Testing

/// Signals to the supervisor in every state (§6.2, §6.10).
@Suite("State machine: supervisor signals × states")
struct SignalTableTests {
    @Test("SIGTERM: exit when down, take down and become LAST while up, wait for finish", arguments: StateName.allCases)
    func terminate(_ name: StateName) {
        var h = Harness.inState(name)
        let takeDown = CommandTableTests.takeDown(h)
        let actions = h.feed(.signal(SignalNumber.term))
        switch name {
        case .down: #expect(actions == [.exit])
        case .up, .lastUp:
            #expect(actions == takeDown)
            #expect(h.state == .lastUp)
        case .finish:
            #expect(actions == [.detachStandardIO])
            #expect(h.state == .lastFinish)
        case .lastFinish:
            #expect(actions == [])
        }
    }

    @Test("SIGTERM uses down-signal and timeout-kill like d")
    func terminateUsesSettings() {
        var h = Harness.inState(.up)
        h.settings.downSignalValue = SignalNumber.hup
        h.settings.timeoutKillValue = 300
        let expected = CommandTableTests.takeDown(h, downSignal: 1) + [.setTimer(h.deadline(in: 300))]
        #expect(h.feed(.signal(SignalNumber.term)) == expected)
    }

    @Test("SIGHUP: exit when down, otherwise LAST + detach, service untouched", arguments: StateName.allCases)
    func hangup(_ name: StateName) {
        var h = Harness.inState(name)
        let before = h.status
        let actions = h.feed(.signal(SignalNumber.hup))
        if name == .down {
            #expect(actions == [.exit])
        } else {
            #expect(actions == [.detachStandardIO])
            #expect(h.state == (name == .up || name == .lastUp ? .lastUp : .lastFinish))
            #expect(h.status == before)
        }
    }

    @Test("SIGQUIT: exit at once in every state, service untouched", arguments: StateName.allCases)
    func quit(_ name: StateName) {
        var h = Harness.inState(name)
        #expect(h.feed(.signal(SignalNumber.quit)) == [.exit])
    }

    @Test("SIGINT: SIGINT to the process group of the current process, then exit", arguments: StateName.allCases)
    func interrupt(_ name: StateName) {
        var h = Harness.inState(name)
        let actions = h.feed(.signal(SignalNumber.int))
        switch name {
        case .down: #expect(actions == [.exit])
        case .up, .lastUp: #expect(actions == [.sendSignalToGroup(2, of: UInt64(Harness.runPID)), .exit])
        case .finish, .lastFinish: #expect(actions == [.sendSignalToGroup(2, of: UInt64(Harness.finishPID)), .exit])
        }
    }

    @Test("other signals are ignored", arguments: StateName.allCases)
    func otherSignals(_ name: StateName) {
        var h = Harness.inState(name)
        for signal: Int32 in [SignalNumber.usr1, SignalNumber.alrm, SignalNumber.pipe, 0, 64, -1] {
            #expect(h.feed(.signal(signal)) == [])
        }
        #expect(h.state == name.state)
    }
}
