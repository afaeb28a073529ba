import SuperviseSystem

/// What a readiness probe's last attempt came to. A small value compared at every attempt; its
/// words (which follow "its readiness check <probe>") are built only when it changes. Pure.
enum ProbeOutcome: Equatable {
    case notTriedYet
    case refused
    case timedOut
    case failed(Errno)
    case answered(Int)
    case noStatusLine
    case closedWithoutAnswer
    case requestNotTaken
    case unresolved(AddressResolutionError)
    case noLineMatched
    case outputNotCaptured
    case passed

    /// The outcome of a connection error.
    init(connectionError error: Errno) {
        switch error {
        case .connectionRefused: self = .refused
        case .timedOut: self = .timedOut
        default: self = .failed(error)
        }
    }

    /// `was refused`, `timed out`, `answered 503`, `matched no line`, …
    var words: String {
        switch self {
        case .notTriedYet: return "has not answered yet"
        case .refused: return "was refused"
        case .timedOut: return "timed out"
        case .failed(let error): return "failed: \(error)"
        case .answered(let code): return "answered \(code)"
        case .noStatusLine: return "answered without an HTTP status line"
        case .closedWithoutAnswer: return "closed the connection without answering"
        case .requestNotTaken: return "did not take the whole request"
        case .unresolved(let error): return "\(error)"
        case .noLineMatched: return "matched no line"
        case .outputNotCaptured: return "cannot see the service's output (its supervisor runs without -l)"
        case .passed: return "passed"
        }
    }
}
