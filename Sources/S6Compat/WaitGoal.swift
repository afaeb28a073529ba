/// What a waiting tool waits for, per service: up or down, and whether readiness is required.
public struct WaitGoal: Equatable, Hashable, Sendable {
    /// Wait for the service to be up (true) or down (false).
    public var up: Bool
    /// Also require the ready flag (`U`: up and ready; `D`: down and ready).
    public var ready: Bool

    /// Creates a goal.
    public init(up: Bool, ready: Bool) {
        self.up = up
        self.ready = ready
    }

    /// `-u`: up.
    public static let up = WaitGoal(up: true, ready: false)
    /// `-U`: up and ready.
    public static let upAndReady = WaitGoal(up: true, ready: true)
    /// `-d`: down.
    public static let down = WaitGoal(up: false, ready: false)
    /// `-D`: down and ready (`finish` has ended).
    public static let downAndReady = WaitGoal(up: false, ready: true)
}

/// The `-u -U -d -D -r -R` choice of `s6-svwait`, `s6-svlisten1` and `s6-svc -w`.
public enum WaitRequest: Character, CaseIterable, Sendable {
    /// Up.
    case up = "u"
    /// Up and ready.
    case upAndReady = "U"
    /// Down.
    case down = "d"
    /// Down and ready.
    case downAndReady = "D"
    /// Restarted: down first, then up.
    case restart = "r"
    /// Restarted and ready: down first, then up and ready.
    case restartAndReady = "R"

    /// The same request without readiness (`U` → `u`, `R` → `r`), used by `s6-svc -wU`/`-wR`
    /// when the service has no `notification-fd`.
    public var withoutReadiness: WaitRequest {
        switch self {
        case .upAndReady: return .up
        case .restartAndReady: return .restart
        default: return self
        }
    }

    /// Whether this request needs readiness notification.
    public var needsReadiness: Bool { self == .upAndReady || self == .restartAndReady }
}

/// Whether every service must reach the goal (`-a`, the default) or any one (`-o`).
public enum WaitQuantifier: Sendable {
    case all, any
}

/// Which s6 program's semantics a wait follows. They differ in one point: what the first
/// phase of a restart wait (`-r`/`-R`) waits for.
public enum WaitFlavor: Sendable {
    /// `s6-svwait` (also `s6-svc -wX` without commands): a restart first waits until every
    /// service is down (a `d` is enough).
    case svwait
    /// `s6-svlisten1` (also `s6-svc -wX` with commands): a restart first waits until the
    /// service is down and ready (`D`).
    case svlisten1
}

/// One stage of a wait: a goal and how many services must reach it.
public struct WaitPhase: Equatable, Sendable {
    /// The goal of every service.
    public var goal: WaitGoal
    /// All services, or any one.
    public var quantifier: WaitQuantifier

    /// Creates a phase.
    public init(goal: WaitGoal, quantifier: WaitQuantifier) {
        self.goal = goal
        self.quantifier = quantifier
    }

    /// The phases s6 2.11 runs for `request`: one for `u U d D`; two for `r R` (down, then
    /// up or up-and-ready). The restart's first phase always waits for *all* services, even
    /// with `-o`, as the real `s6-svwait` does.
    public static func phases(for request: WaitRequest, quantifier: WaitQuantifier, flavor: WaitFlavor) -> [WaitPhase] {
        switch request {
        case .up: return [WaitPhase(goal: .up, quantifier: quantifier)]
        case .upAndReady: return [WaitPhase(goal: .upAndReady, quantifier: quantifier)]
        case .down: return [WaitPhase(goal: .down, quantifier: quantifier)]
        case .downAndReady: return [WaitPhase(goal: .downAndReady, quantifier: quantifier)]
        case .restart, .restartAndReady:
            let first = WaitPhase(goal: flavor == .svwait ? .down : .downAndReady, quantifier: .all)
            let second = WaitPhase(goal: request == .restart ? .up : .upAndReady, quantifier: quantifier)
            return [first, second]
        }
    }
}
