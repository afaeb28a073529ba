import Glibc
import SuperviseSystem

/// Where a log directory is, and how its files are opened: the directory through a descriptor
/// (`openat`), `current` with `O_NOFOLLOW`, so a link planted in place of `current` — or in
/// place of the directory after it was removed — is never written through.
///
/// The directory itself is followed when it already was a symbolic link at start-up (a user
/// may point `logs` at another disk on purpose); otherwise it must stay a real directory:
/// when it is re-created after a removal (`git clean -fdx`), a link found there is refused.
/// The components before the last are trusted (they are the service directory's path).
public struct LogLocation: Sendable {
    /// The directory path as given.
    public let path: String
    /// `path + "/current"`, built once (it is checked on the write path).
    public let currentPath: String
    /// The directory holding the log directory, and the log directory's name in it.
    private let parent: String
    private let name: String
    /// Whether the directory is opened following links (it was a link at start-up, or its
    /// path has no last component of its own: `/`, `.`, `..`).
    public let followsLink: Bool

    /// The mode of a directory this creates (before the umask), as at start-up.
    public static let directoryMode: mode_t = 0o755
    /// The mode of a `current` this creates (before the umask).
    public static let currentMode: mode_t = 0o644

    /// Describes `path`, looking once (`lstat`) whether it is a symbolic link now.
    public init(path: String) {
        self.path = path
        currentPath = path + "/current"
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if let slash = trimmed.lastIndex(of: "/") {
            let before = trimmed[..<slash]
            parent = before.isEmpty ? "/" : String(before)
            name = String(trimmed[trimmed.index(after: slash)...])
        } else {
            parent = "."
            name = String(trimmed)
        }
        var info = stat()
        let isLink = lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
        followsLink = isLink || name.isEmpty || name == "." || name == ".."
    }

    /// Opens the log directory (creating it with ``directoryMode`` when missing), never
    /// through a link unless ``followsLink``.
    public func openDirectory() throws(FileAccessError) -> FileDescriptor {
        if followsLink {
            if mkdir(path, Self.directoryMode) != 0 && Errno.current != .exists {
                throw FileAccessError("mkdir", path, .system(.current))
            }
            return try Self.check(open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), "open", path)
        }
        let up = try Self.check(open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC), "open", parent)
        defer { up.close() }
        if mkdirat(up.rawValue, name, Self.directoryMode) != 0 && Errno.current != .exists {
            throw FileAccessError("mkdir", path, .system(.current))
        }
        let fd = openat(up.rawValue, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd < 0 else { return FileDescriptor(rawValue: fd) }
        let error = Errno.current
        var info = stat()
        if error == .symbolicLinkLoop || error == .notDirectory,
           fstatat(up.rawValue, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFLNK {
            throw FileAccessError("open", path, .symbolicLink)
        }
        throw FileAccessError("open", path, .system(error))
    }

    /// Opens (creating with ``currentMode``) `current` in `directory` for appending:
    /// `O_NOFOLLOW`, and `O_NONBLOCK` so a FIFO planted there cannot block the open; anything
    /// but a regular file is refused.
    public func openCurrent(in directory: FileDescriptor) throws(FileAccessError) -> FileDescriptor {
        let flags = O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC
        let fd = openat(directory.rawValue, "current", flags, Self.currentMode)
        guard fd >= 0 else {
            let error = Errno.current
            // ELOOP: a link; ENXIO: a FIFO without reader. Name what is there.
            var info = stat()
            if fstatat(directory.rawValue, "current", &info, AT_SYMLINK_NOFOLLOW) == 0 {
                let found = FileSystem.FileKind(mode: info.st_mode)
                if found == .symlink { throw FileAccessError("open", currentPath, .symbolicLink) }
                if found != .regular { throw FileAccessError("open", currentPath, .wrongKind(expected: .regular, found: found)) }
            }
            throw FileAccessError("open", currentPath, .system(error))
        }
        let opened = FileDescriptor(rawValue: fd)
        let kind: FileSystem.FileKind
        do {
            kind = try opened.kind()
        } catch {
            opened.close()
            throw FileAccessError("stat", currentPath, .system(error))
        }
        guard kind == .regular else {
            opened.close()
            throw FileAccessError("open", currentPath, .wrongKind(expected: .regular, found: kind))
        }
        return opened
    }

    private static func check(_ fd: Int32, _ operation: String, _ path: String) throws(FileAccessError) -> FileDescriptor {
        guard fd >= 0 else { throw FileAccessError(operation, path, .system(.current)) }
        return FileDescriptor(rawValue: fd)
    }
}

/// Which file an open descriptor or a name is (device and inode), and whether it still has a
/// name at all (link count).
public struct FileIdentity: Equatable, Sendable {
    /// `st_dev`.
    public var device: UInt64
    /// `st_ino`.
    public var inode: UInt64

    /// The identity of the open file and its link count (`fstat`); nil if it cannot be examined.
    public static func of(_ fd: FileDescriptor) -> (identity: FileIdentity, links: UInt64)? {
        var info = stat()
        guard fstat(fd.rawValue, &info) == 0 else { return nil }
        return (FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)), UInt64(info.st_nlink))
    }

    /// The identity of what `path` names, not following a link in its last component
    /// (`lstat`); the errno when it cannot be examined.
    public static func at(_ path: String) -> Result<FileIdentity, Errno> {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .failure(.current) }
        return .success(FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)))
    }

    /// The identity of `name` in the directory `directory` (`fstatat`, not following a link).
    public static func at(_ name: String, in directory: FileDescriptor) -> FileIdentity? {
        var info = stat()
        guard fstatat(directory.rawValue, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}
