import Supervise
import SuperviseStatus
import SuperviseSystem

/// Settings the tests control; counts how often each file would have been read, since
/// s6-supervise re-reads them at every use.
final class FakeSettings: ServiceSettings {
    var downSignalValue: Int32 = SignalNumber.term
    var timeoutKillValue: Int64 = 0
    var timeoutFinishValue: Int64 = 5000
    private(set) var downSignalReads = 0
    private(set) var timeoutKillReads = 0
    private(set) var timeoutFinishReads = 0

    func downSignal() -> Int32 { downSignalReads += 1; return downSignalValue }
    func timeoutKill() -> Int64 { timeoutKillReads += 1; return timeoutKillValue }
    func timeoutFinish() -> Int64 { timeoutFinishReads += 1; return timeoutFinishValue }
}

/// The five states, for parameterized tables.
enum StateName: String, CaseIterable, CustomStringConvertible {
    case down = "DOWN", up = "UP", finish = "FINISH", lastUp = "LASTUP", lastFinish = "LASTFINISH"
    var description: String { rawValue }
    var state: SupervisorState {
        switch self {
        case .down: .down
        case .up: .up
        case .finish: .finish
        case .lastUp: .lastUp
        case .lastFinish: .lastFinish
        }
    }
}

/// A state machine with a fake clock, driven into a state through its public inputs only.
struct Harness {
    static let runPID: Int32 = 4242
    static let finishPID: Int32 = 4343
    static let startUnix: Int64 = 1_800_000_000

    let settings = FakeSettings()
    var machine: SupervisorStateMachine
    /// Milliseconds since the harness started.
    var elapsed: Int64 = 0

    /// The moment `milliseconds` after the start.
    static func moment(_ milliseconds: Int64) -> Moment {
        Moment(monotonic: MonotonicInstant(nanoseconds: 5_000_000_000_000 + milliseconds * 1_000_000),
               wall: TAI64N(unixSeconds: startUnix + milliseconds / 1000, nanoseconds: UInt32((milliseconds % 1000) * 1_000_000)))
    }

    var now: Moment { Self.moment(elapsed) }

    /// Starts a machine (wanted up unless `downFile`) and returns the start-up actions in `startActions`.
    init(wantUp: Bool = true) {
        machine = SupervisorStateMachine(wantUp: wantUp, at: Self.moment(0), settings: settings)
        startActions = machine.start(at: Self.moment(0))
    }

    var startActions: [SupervisorAction]

    /// Advances the fake clock.
    mutating func advance(_ milliseconds: Int64) { elapsed += milliseconds }

    /// Feeds one input at the current fake time.
    @discardableResult
    mutating func feed(_ input: SupervisorInput) -> [SupervisorAction] {
        machine.handle(input, at: now)
    }

    /// The current child (`run` or `finish`, the status pid) is reaped with `status`: feeds
    /// ``SupervisorInput/childExited(pid:status:)`` and returns the actions after the leading
    /// ``SupervisorAction/drainOutput`` (which every accepted death starts with).
    @discardableResult
    mutating func childExits(_ status: WaitStatus) -> [SupervisorAction] {
        let actions = feed(.childExited(pid: Int32(truncatingIfNeeded: machine.status.pid), status: status))
        guard actions.first == .drainOutput else { return actions }
        return Array(actions.dropFirst())
    }

    /// A harness in `state`: DOWN (wanted up, just after start), UP (`run` spawned), FINISH
    /// (`run` died of SIGTERM, finish forked), and the two LAST states through `x`.
    static func inState(_ name: StateName) -> Harness {
        var harness = Harness()
        if name == .down { return harness }
        harness.advance(10)
        harness.feed(.timerFired)
        harness.feed(.runSpawned(pid: runPID))
        if name == .up { return harness }
        if name == .lastUp {
            harness.feed(.command(.exit))
            return harness
        }
        harness.advance(10)
        harness.childExits(.signaled(SignalNumber.term))
        harness.feed(.finishSpawned(pid: finishPID))
        if name == .lastFinish { harness.feed(.command(.exit)) }
        return harness
    }

    var status: StatusRecord { machine.status }
    var state: SupervisorState { machine.state }

    /// The status with `change` applied, for building expectations.
    func status(_ change: (inout StatusRecord) -> Void) -> StatusRecord {
        var record = machine.status
        change(&record)
        return record
    }

    /// The monotonic instant `milliseconds` after now.
    func deadline(in milliseconds: Int64) -> MonotonicInstant {
        now.monotonic.adding(milliseconds: milliseconds)
    }
}
