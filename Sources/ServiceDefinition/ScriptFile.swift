import SuperviseSystem

/// What is at the place of one of a service's scripts (`run`, `finish`, `ready`, `start-msg`,
/// `stop-msg`), links followed — as exec would find it.
public enum ScriptFile: Equatable, Sendable {
    /// Nothing (or a dangling link, or a path that cannot be looked up).
    case absent
    /// A regular file the caller may execute.
    case executable
    /// Something that is not a regular file (a directory, a FIFO, …).
    case notRegularFile
    /// A regular file without execute permission for the caller.
    case notExecutable

    /// Looks at the script at `path` (`stat`, then `access(X_OK)`).
    public static func check(at path: String) -> ScriptFile {
        guard let kind = try? FileSystem.kind(of: path, followLinks: true) else { return .absent }
        guard kind == .regular else { return .notRegularFile }
        return FileSystem.isExecutable(path) ? .executable : .notExecutable
    }

    /// Whether something is there (even if unusable).
    public var isPresent: Bool { self != .absent }

    /// Why a script that must be executable is not (nil when it is), for the script at `path`.
    public func problem(at path: String) -> ServiceDefinitionError? {
        switch self {
        case .executable: return nil
        case .absent: return ServiceDefinitionError(path: path, problem: .missing)
        case .notRegularFile: return ServiceDefinitionError(path: path, problem: .notRegularFile)
        case .notExecutable: return ServiceDefinitionError(path: path, problem: .notExecutable)
        }
    }
}
