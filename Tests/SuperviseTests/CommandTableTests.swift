import Supervise
import SuperviseStatus
import SuperviseSystem
import Testing

/// Every control byte in every state (§4.2 and §6.2 of the protocol notes).
@Suite("State machine: control commands × states")
struct CommandTableTests {
    static let signalCommands: [(ControlCommand, Int32)] = [
        (.alarm, 14), (.abort, 6), (.quit, 3), (.hangup, 1), (.kill, 9),
        (.terminate, 15), (.interrupt, 2), (.user1, 10), (.user2, 12), (.windowChange, 28),
    ]

    @Test("signal commands reach run only while it is up", arguments: StateName.allCases)
    func signalCommands(_ name: StateName) {
        for (command, signal) in Self.signalCommands {
            var h = Harness.inState(name)
            let before = h.status
            let actions = h.feed(.command(command))
            let runIsUp = name == .up || name == .lastUp
            #expect(actions == (runIsUp ? [.sendSignal(signal, to: UInt64(Harness.runPID))] : []), "\(command.letter) in \(name)")
            #expect(h.status == before, "no status change for \(command.letter)")
            #expect(h.state == name.state)
        }
    }

    @Test("`t` is SIGTERM whatever down-signal says")
    func terminateIgnoresDownSignal() {
        var h = Harness.inState(.up)
        h.settings.downSignalValue = SignalNumber.hup
        #expect(h.feed(.command(.terminate)) == [.sendSignal(15, to: UInt64(Harness.runPID))])
        #expect(h.settings.downSignalReads == 0)
    }

    @Test("p and c: SIGSTOP/SIGCONT and the paused flag while up, nothing otherwise", arguments: StateName.allCases)
    func pauseAndContinue(_ name: StateName) {
        var h = Harness.inState(name)
        let runIsUp = name == .up || name == .lastUp
        let paused = h.status { $0.flags.insert(.paused) }
        let pauseActions = h.feed(.command(.pause))
        #expect(pauseActions == (runIsUp ? [.sendSignal(19, to: UInt64(Harness.runPID)), .writeStatus(paused)] : []))
        let resumed = h.status { $0.flags.remove(.paused) }
        let contActions = h.feed(.command(.cont))
        #expect(contActions == (runIsUp ? [.sendSignal(18, to: UInt64(Harness.runPID)), .writeStatus(resumed)] : []))
        #expect(!h.status.flags.contains(.paused))
        #expect(h.state == name.state)
    }

    @Test("r sends the down-signal (re-read each time) while up, nothing otherwise", arguments: StateName.allCases)
    func restart(_ name: StateName) {
        var h = Harness.inState(name)
        h.settings.downSignalValue = SignalNumber.usr2
        let before = h.status
        let actions = h.feed(.command(.restart))
        let runIsUp = name == .up || name == .lastUp
        #expect(actions == (runIsUp ? [.sendSignal(12, to: UInt64(Harness.runPID))] : []))
        #expect(h.status == before, "r changes neither want-up nor anything else")
        #expect(h.settings.downSignalReads == (runIsUp ? 1 : 0))
    }

    @Test("o: want down; spawns at once only when down", arguments: StateName.allCases)
    func once(_ name: StateName) {
        var h = Harness.inState(name)
        let wantDown = h.status { $0.flags.remove(.wantUp) }
        let actions = h.feed(.command(.once))
        #expect(actions == [.writeStatus(wantDown)] + (name == .down ? [.spawnRun] : []))
        #expect(h.state == name.state)
    }

    @Test("O: want down, never a spawn or signal", arguments: StateName.allCases)
    func onceAtMost(_ name: StateName) {
        var h = Harness.inState(name)
        let wantDown = h.status { $0.flags.remove(.wantUp) }
        #expect(h.feed(.command(.onceAtMost)) == [.writeStatus(wantDown)])
        #expect(h.state == name.state)
    }

    @Test("u: want up; spawns at once only when down", arguments: StateName.allCases)
    func up(_ name: StateName) {
        var h = Harness.inState(name)
        h.feed(.command(.onceAtMost))
        let wantUp = h.status { $0.flags.insert(.wantUp) }
        #expect(h.feed(.command(.up)) == [.writeStatus(wantUp)] + (name == .down ? [.spawnRun] : []))
        #expect(h.state == name.state)
    }

    @Test("U: remove the down file, then as u", arguments: StateName.allCases)
    func upPermanently(_ name: StateName) {
        var h = Harness.inState(name)
        h.feed(.command(.onceAtMost))
        let wantUp = h.status { $0.flags.insert(.wantUp) }
        #expect(h.feed(.command(.upPermanently)) == [.removeDownFile, .writeStatus(wantUp)] + (name == .down ? [.spawnRun] : []))
    }

    /// take-down: want up 0, down-signal, SIGCONT, paused 0, write status (+ timeout-kill timer).
    static func takeDown(_ h: Harness, downSignal: Int32 = 15) -> [SupervisorAction] {
        let record = h.status { $0.flags.remove(.wantUp); $0.flags.remove(.paused) }
        return [.sendSignal(downSignal, to: UInt64(Harness.runPID)), .sendSignal(18, to: UInt64(Harness.runPID)), .writeStatus(record)]
    }

    @Test("d: take-down while up, only want down otherwise", arguments: StateName.allCases)
    func down(_ name: StateName) {
        var h = Harness.inState(name)
        if name == .up || name == .lastUp { h.feed(.command(.pause)) }
        let runIsUp = name == .up || name == .lastUp
        let expected = runIsUp ? Self.takeDown(h) : [.writeStatus(h.status { $0.flags.remove(.wantUp) })]
        #expect(h.feed(.command(.down)) == expected)
        #expect(h.state == name.state, "d never changes the state by itself")
        if runIsUp { #expect(h.machine.timer == nil, "no timeout-kill → no timer") }
        #expect(!h.status.flags.contains(.paused))
    }

    @Test("D: create the down file, then as d", arguments: StateName.allCases)
    func downPermanently(_ name: StateName) {
        var h = Harness.inState(name)
        let runIsUp = name == .up || name == .lastUp
        let expected = runIsUp ? Self.takeDown(h) : [.writeStatus(h.status { $0.flags.remove(.wantUp) })]
        #expect(h.feed(.command(.downPermanently)) == [.createDownFile] + expected)
    }

    @Test("Q: create the down file and want down, never a signal", arguments: StateName.allCases)
    func downFileOnly(_ name: StateName) {
        var h = Harness.inState(name)
        let wantDown = h.status { $0.flags.remove(.wantUp) }
        #expect(h.feed(.command(.downFileOnly)) == [.createDownFile, .writeStatus(wantDown)])
        #expect(h.state == name.state)
    }

    @Test("x: exit when down, otherwise enter the LAST state and detach fd 0/1", arguments: StateName.allCases)
    func exit(_ name: StateName) {
        var h = Harness.inState(name)
        let before = h.status
        let actions = h.feed(.command(.exit))
        switch name {
        case .down:
            #expect(actions == [.exit])
        case .up, .lastUp:
            #expect(actions == [.detachStandardIO])
            #expect(h.state == .lastUp)
        case .finish, .lastFinish:
            #expect(actions == [.detachStandardIO])
            #expect(h.state == .lastFinish)
        }
        #expect(h.status == before, "x signals nothing and writes no status")
    }

    @Test("timeout-kill > 0 arms the kill timer on d, and re-arms on a second d")
    func timeoutKillArmed() {
        var h = Harness.inState(.up)
        h.settings.timeoutKillValue = 700
        let expected = Self.takeDown(h) + [.setTimer(h.deadline(in: 700))]
        #expect(h.feed(.command(.down)) == expected)
        #expect(h.machine.dying)
        h.advance(100)
        #expect(h.feed(.command(.down)) == Self.takeDown(h) + [.setTimer(h.deadline(in: 700))])
        #expect(h.settings.timeoutKillReads == 2, "timeout-kill is re-read at every d")
    }

    @Test("the down-signal is re-read at every d, D, r")
    func downSignalReread() {
        var h = Harness.inState(.up)
        h.settings.downSignalValue = SignalNumber.hup
        #expect(h.feed(.command(.restart)) == [.sendSignal(1, to: UInt64(Harness.runPID))])
        h.settings.downSignalValue = SignalNumber.usr1
        #expect(h.feed(.command(.down)).first == .sendSignal(10, to: UInt64(Harness.runPID)))
        h.settings.downSignalValue = SignalNumber.int
        #expect(h.feed(.command(.downPermanently)).dropFirst().first == .sendSignal(2, to: UInt64(Harness.runPID)))
        #expect(h.settings.downSignalReads == 3)
    }

    @Test("commands while down change nothing but the want-up flag (case 30, 33)")
    func commandsWhileDown() {
        var h = Harness(wantUp: false)
        h.feed(.timerFired)
        for command: ControlCommand in [.alarm, .terminate, .hangup, .kill, .restart, .pause, .cont] {
            #expect(h.feed(.command(command)) == [])
        }
        #expect(h.feed(.command(.down)) == [.writeStatus(h.status)], "d when already down rewrites the same status")
    }
}
