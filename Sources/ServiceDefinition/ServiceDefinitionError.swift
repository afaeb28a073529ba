import SuperviseStatus
import SuperviseSystem

/// Why one file of a service directory is unusable: which file (its path) and what is wrong
/// with it. Every reader of the `ServiceDefinition` module reports a bad file with this type;
/// the supervisor turns it into s6's warning and a default, pgctl and pgctl-poll-ready into
/// their error messages.
public struct ServiceDefinitionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong with the file.
    public enum Problem: Equatable, Sendable {
        /// Opening or reading it failed with this errno (never ENOENT: a missing file is "not
        /// set", not an error).
        case unreadable(Errno)
        /// It holds more than this many bytes, far more than any value it may hold.
        case tooLong(limit: Int)
        /// Its first line is not an unsigned decimal number (s6's number files).
        case notANumber(String)
        /// Its first line is not a signal name or number (`down-signal`).
        case notASignal(String)
        /// Its text (trimmed) is not an acceptable number of seconds (``SecondsText``).
        case badSeconds(String, SecondsText.Problem)
        /// A script that must exist does not.
        case missing
        /// A script is there but is not a regular file (links are followed first).
        case notRegularFile
        /// A script is a regular file without execute permission.
        case notExecutable
    }

    /// The file, as its reader was given it (relative to the working directory or absolute).
    public var path: String
    /// What is wrong.
    public var problem: Problem

    /// Creates an error for `path`.
    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    /// The file name: the last component of ``path``.
    public var fileName: String { String(path.split(separator: "/").last ?? Substring(path)) }

    /// What is wrong, without the path: `cannot be read: Permission denied`, `'abc' is not a
    /// number of seconds`, …
    public var reason: String {
        switch problem {
        case .unreadable(let errno): return "cannot be read: \(errno)"
        case .tooLong(let limit): return "is longer than \(limit) bytes"
        case .notANumber(let text): return "'\(text)' is not an unsigned decimal number"
        case .notASignal(let text): return "'\(text)' is not a signal name or number"
        case .badSeconds(let text, let problem): return "'\(text)' \(problem)"
        case .missing: return "does not exist"
        case .notRegularFile: return "is not a regular file"
        case .notExecutable: return "is not executable"
        }
    }

    /// `<path>: <reason>`.
    public var description: String { "\(path): \(reason)" }
}
