/// Why a file could not be opened, created or replaced safely: a system call failed, or the
/// file is not what the protocol expects there (a planted symbolic link, a regular file where a
/// FIFO belongs). Carries the path, so every message says where.
public struct FileAccessError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public enum Problem: Equatable, Sendable {
        /// The system call failed with this errno.
        case system(Errno)
        /// The last component of the path is a symbolic link, which is never followed.
        case symbolicLink
        /// The file exists but is of another kind.
        case wrongKind(expected: FileSystem.FileKind, found: FileSystem.FileKind)
    }

    /// The operation in s6's wording: "open", "create", "write", "rename", "unlink".
    public var operation: String
    /// The path involved.
    public var path: String
    /// What was wrong.
    public var problem: Problem

    /// Creates an error.
    public init(_ operation: String, _ path: String, _ problem: Problem) {
        self.operation = operation
        self.path = path
        self.problem = problem
    }

    /// The closest errno: the system call's, ELOOP for a link, ENOTDIR or EINVAL for a wrong kind.
    public var errno: Errno {
        switch problem {
        case .system(let error): return error
        case .symbolicLink: return .symbolicLinkLoop
        case .wrongKind(let expected, _): return expected == .directory ? .notDirectory : .invalid
        }
    }

    /// Whether the file is refused for what it is (a link, the wrong kind), not because a
    /// system call failed.
    public var isUnsafe: Bool {
        if case .system = problem { return false }
        return true
    }

    /// What is wrong, without the operation: "`<path>` is a symbolic link (not followed)",
    /// "`<path>` is not a FIFO", or the errno text.
    public var reason: String {
        switch problem {
        case .system(let error): return "\(error)"
        case .symbolicLink: return "\(path) is a symbolic link (not followed)"
        case .wrongKind(let expected, _): return "\(path) is not \(Self.article(expected))"
        }
    }

    /// What is wrong, for a message that names the file itself: "it is a symbolic link (not
    /// followed)", "it is not a FIFO", or the errno text.
    public var problemText: String {
        switch problem {
        case .system(let error): return "\(error)"
        case .symbolicLink: return "it is a symbolic link (not followed)"
        case .wrongKind(let expected, _): return "it is not \(Self.article(expected))"
        }
    }

    /// "unable to open `<path>`: No such file or directory", or ``reason`` for an unsafe file.
    public var description: String {
        isUnsafe ? reason : "unable to \(operation) \(path): \(reason)"
    }

    private static func article(_ kind: FileSystem.FileKind) -> String {
        switch kind {
        case .fifo: return "a FIFO"
        case .regular: return "a regular file"
        case .directory: return "a directory"
        case .symlink: return "a symbolic link"
        case .other: return "a special file"
        }
    }
}
