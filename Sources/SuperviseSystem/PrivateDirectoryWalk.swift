import Glibc

/// Why a walk below a trusted base directory stopped.
public enum PrivateDirectoryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A component is a symbolic link.
    case symbolicLink(path: String)
    /// A component exists but is not a directory.
    case notDirectory(path: String)
    /// A component belongs to another user.
    case foreignOwner(path: String, uid: UInt32)
    /// A system call failed on `path`.
    case system(operation: String, path: String, Errno)

    /// The path the walk stopped at.
    public var path: String {
        switch self {
        case .symbolicLink(let path), .notDirectory(let path), .foreignOwner(let path, _), .system(_, let path, _): return path
        }
    }

    /// "`<path>` is a symbolic link", "unable to mkdir `<path>`: …".
    public var description: String {
        switch self {
        case .symbolicLink(let path): return "\(path) is a symbolic link"
        case .notDirectory(let path): return "\(path) is not a directory"
        case .foreignOwner(let path, let uid): return "\(path) belongs to another user (uid \(uid))"
        case .system(let operation, let path, let error): return "unable to \(operation) \(path): \(error)"
        }
    }
}

/// Walks the components of a path below a trusted base directory one `openat(O_NOFOLLOW |
/// O_DIRECTORY)` at a time, so that a symbolic link at *any* component (not just the last) is
/// seen and refused, and every component must be a directory owned by one user. Missing
/// components are created (mode 0700) or reported, as asked.
public enum PrivateDirectoryWalk {
    /// The outcome of a walk that does not create.
    public enum Outcome: Equatable, Sendable {
        /// Every component exists and passed the checks.
        case present
        /// The component at this path does not exist (those before it passed the checks).
        case missing(path: String)
    }

    /// Walks `components` below `base` (whose own path is trusted: links in it are followed).
    /// With `create`, missing components are made with mode 0700 and the outcome is always
    /// `.present`. Every component must be a directory owned by `owner`.
    @discardableResult
    public static func walk(base: String, components: [String], create: Bool, owner: UInt32) throws(PrivateDirectoryError) -> Outcome {
        var fd = Glibc.open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .system(operation: "open", path: base, Errno.current) }
        defer { Glibc.close(fd) }
        var current = base
        for component in components {
            current += "/" + component
            if create && mkdirat(fd, component, 0o700) != 0 && Errno.current != .exists {
                throw .system(operation: "mkdir", path: current, Errno.current)
            }
            let next = openat(fd, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard next >= 0 else {
                let error = Errno.current
                if error == .noSuchFile && !create { return .missing(path: current) }
                guard error == .symbolicLinkLoop || error == .notDirectory else {
                    throw .system(operation: "open", path: current, error)
                }
                var info = stat()
                if fstatat(fd, component, &info, AT_SYMLINK_NOFOLLOW) == 0 && info.st_mode & S_IFMT == S_IFLNK {
                    throw .symbolicLink(path: current)
                }
                throw .notDirectory(path: current)
            }
            var info = stat()
            guard fstat(next, &info) == 0 else {
                let error = Errno.current
                Glibc.close(next)
                throw .system(operation: "stat", path: current, error)
            }
            if info.st_uid != owner {
                Glibc.close(next)
                throw .foreignOwner(path: current, uid: UInt32(info.st_uid))
            }
            Glibc.close(fd)
            fd = next
        }
        return .present
    }
}
