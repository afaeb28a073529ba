import SuperviseSystem

/// Why a service directory's readiness probe cannot be used. Every case names the file (its
/// path as given to the reader) and says what is wrong.
public enum ReadinessProbeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file's content is not a valid probe: the path and the problem (`'not-a-port' is not
    /// a port number (1 to 65535)`).
    case invalid(path: String, problem: String)
    /// The file exists but cannot be read.
    case unreadable(path: String, Errno)
    /// Two ways of telling readiness are set: a probe file and `other` (another probe file,
    /// `notification-fd` or `ready`).
    case conflicting(path: String, other: String)

    /// The probe file concerned.
    public var path: String {
        switch self {
        case .invalid(let path, _), .unreadable(let path, _), .conflicting(let path, _): return path
        }
    }

    /// `invalid <path>: <problem>`, `unable to read <path>: <errno>`, or `<path> and <other>
    /// both say how readiness is checked: keep only one`.
    public var description: String {
        switch self {
        case .invalid(let path, let problem): return "invalid \(path): \(problem)"
        case .unreadable(let path, let error): return "unable to read \(path): \(error)"
        case .conflicting(let path, let other): return "\(path) and \(other) both say how readiness is checked: keep only one"
        }
    }
}
