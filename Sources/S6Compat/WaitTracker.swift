import SuperviseStatus

/// A service's state as the s6 listeners track it: up or not, ready or not.
public struct ListenerState: Equatable, Hashable, Sendable {
    /// A process runs and it is not `finish`.
    public var up: Bool
    /// The ready flag.
    public var ready: Bool

    /// Creates a state.
    public init(up: Bool, ready: Bool) {
        self.up = up
        self.ready = ready
    }

    /// The initial state read from `supervise/status`: up as `s6-svstat` defines it, and the
    /// stored ready flag (so a down-and-ready service satisfies `-D` at once).
    public init(_ status: ServiceStatus) {
        self.init(up: status.isUp, ready: status.readyFlag)
    }
}

/// The pure state machine of one wait phase, over several services (no I/O): feed it event
/// bytes, ask whether the goal is met, read the failure count. It reproduces the observable
/// behaviour of s6 2.11's listeners:
///
/// * `u`/`U`/`d`/`D` set the service to up/up-ready/down/down-ready;
/// * `O` (permanent failure), when waiting for *up*, forces the service to the goal and counts
///   a failure (every time); when waiting for down it is ignored (the `D` that follows it
///   counts);
/// * `x` (the supervisor exits) forces the service to the goal, counting a failure unless the
///   service was already exactly in the goal state;
/// * other bytes (`s`…) are ignored;
/// * the goal is checked after every byte, and the rest of a batch is dropped once it is met.
public struct WaitTracker: Equatable, Sendable {
    /// The phase being waited for.
    public var phase: WaitPhase
    /// The state of each service, in command-line order.
    public private(set) var states: [ListenerState]
    /// Failures counted so far (supervisors that died, services that failed permanently).
    public private(set) var failures = 0

    /// Creates a tracker for `phase` starting from `states`.
    public init(phase: WaitPhase, states: [ListenerState]) {
        self.phase = phase
        self.states = states
    }

    /// Whether the phase's goal is reached: every service (or, with `any`, at least one) is
    /// up/down as wanted, and ready when readiness is wanted.
    public var isSatisfied: Bool {
        switch phase.quantifier {
        case .all: return states.allSatisfy(meetsGoal)
        case .any: return states.contains(where: meetsGoal)
        }
    }

    /// Applies one event byte received for service number `service`.
    public mutating func apply(_ event: UInt8, service: Int) {
        let goalState = ListenerState(up: phase.goal.up, ready: phase.goal.ready)
        switch event {
        case SupervisorEvent.up.rawValue: states[service] = ListenerState(up: true, ready: false)
        case SupervisorEvent.ready.rawValue: states[service] = ListenerState(up: true, ready: true)
        case SupervisorEvent.died.rawValue: states[service] = ListenerState(up: false, ready: false)
        case SupervisorEvent.downReady.rawValue: states[service] = ListenerState(up: false, ready: true)
        case SupervisorEvent.permanentFailure.rawValue:
            if phase.goal.up {
                states[service] = goalState
                failures += 1
            }
        case SupervisorEvent.exit.rawValue:
            if states[service] != goalState {
                states[service] = goalState
                failures += 1
            }
        default:
            break
        }
    }

    /// Applies a batch of bytes read at once for `service`, checking the goal after each one.
    /// Returns true as soon as the goal is met (the remaining bytes are dropped, as in s6).
    public mutating func apply(batch: [UInt8], service: Int) -> Bool {
        for byte in batch {
            apply(byte, service: service)
            if isSatisfied { return true }
        }
        return false
    }

    private func meetsGoal(_ state: ListenerState) -> Bool {
        state.up == phase.goal.up && (!phase.goal.ready || state.ready)
    }
}
