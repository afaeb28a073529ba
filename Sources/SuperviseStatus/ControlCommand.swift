/// A command byte written to `supervise/control` (s6 2.11: `abqhkti12pcyroduDUxOQ`).
public enum ControlCommand: UInt8, CaseIterable, Sendable {
    case alarm = 0x61 // a
    case abort = 0x62 // b
    case quit = 0x71 // q
    case hangup = 0x68 // h
    case kill = 0x6b // k
    case terminate = 0x74 // t
    case interrupt = 0x69 // i
    case user1 = 0x31 // 1
    case user2 = 0x32 // 2
    case pause = 0x70 // p
    case cont = 0x63 // c
    case windowChange = 0x79 // y
    case restart = 0x72 // r
    case once = 0x6f // o
    case down = 0x64 // d
    case up = 0x75 // u
    case downPermanently = 0x44 // D
    case upPermanently = 0x55 // U
    case exit = 0x78 // x
    case onceAtMost = 0x4f // O
    case downFileOnly = 0x51 // Q

    /// The command letter.
    public var letter: Character { Character(Unicode.Scalar(rawValue)) }

    /// Parses a command letter; nil for bytes s6 does not accept.
    public init?(letter: Character) {
        guard let ascii = letter.asciiValue else { return nil }
        self.init(rawValue: ascii)
    }

    /// The signal number delivered to the service by the plain signal commands
    /// (`a b q h k t i 1 2 y`), nil for the others. Values are Linux x86/arm signal numbers.
    public var deliveredSignal: Int32? {
        switch self {
        case .alarm: return SignalNumber.alrm
        case .abort: return SignalNumber.abrt
        case .quit: return SignalNumber.quit
        case .hangup: return SignalNumber.hup
        case .kill: return SignalNumber.kill
        case .terminate: return SignalNumber.term
        case .interrupt: return SignalNumber.int
        case .user1: return SignalNumber.usr1
        case .user2: return SignalNumber.usr2
        case .windowChange: return SignalNumber.winch
        default: return nil
        }
    }
}

/// A byte the supervisor writes to the listeners in `event/`.
public enum SupervisorEvent: UInt8, CaseIterable, Sendable {
    /// Supervisor started.
    case start = 0x73 // s
    /// `run` spawned.
    case up = 0x75 // u
    /// Readiness notified.
    case ready = 0x55 // U
    /// `run` died, `finish` forked.
    case died = 0x64 // d
    /// Down and ready (`finish` ended).
    case downReady = 0x44 // D
    /// Permanent failure marker, precedes `D` when `finish` exited 125.
    case permanentFailure = 0x4f // O
    /// Supervisor exiting.
    case exit = 0x78 // x
}
