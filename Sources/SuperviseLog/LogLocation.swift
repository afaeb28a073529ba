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
    public static let directoryMode: UInt32 = 0o755
    /// The mode of a `current` this creates (before the umask).
    public static let currentMode: UInt32 = 0o644

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
        let isLink = (try? FileSystem.kind(of: path)) == .symlink
        followsLink = isLink || name.isEmpty || name == "." || name == ".."
    }

    /// Opens the log directory (creating it with ``directoryMode`` when missing), never
    /// through a link unless ``followsLink``.
    public func openDirectory() throws(FileAccessError) -> FileDescriptor {
        if followsLink {
            do {
                try FileSystem.makeDirectory(path, mode: Self.directoryMode)
            } catch where error != .exists {
                throw FileAccessError("mkdir", path, .system(error))
            } catch {}
            do {
                return try FileDescriptor.open(path, [.readOnly, .directory, .closeOnExec])
            } catch {
                throw FileAccessError("open", path, .system(error))
            }
        }
        let up: FileDescriptor
        do {
            up = try FileDescriptor.open(parent, [.readOnly, .directory, .closeOnExec])
        } catch {
            throw FileAccessError("open", parent, .system(error))
        }
        defer { up.close() }
        do {
            try up.makeDirectory(name, mode: Self.directoryMode)
        } catch where error != .exists {
            throw FileAccessError("mkdir", path, .system(error))
        } catch {}
        do {
            return try up.openAt(name, [.readOnly, .directory, .noFollow])
        } catch {
            if error == .symbolicLinkLoop || error == .notDirectory, (try? up.kind(of: name)) == .symlink {
                throw FileAccessError("open", path, .symbolicLink)
            }
            throw FileAccessError("open", path, .system(error))
        }
    }

    /// Opens (creating with ``currentMode``) `current` in `directory` for appending:
    /// `O_NOFOLLOW`, and `O_NONBLOCK` so a FIFO planted there cannot block the open; anything
    /// but a regular file is refused.
    public func openCurrent(in directory: FileDescriptor) throws(FileAccessError) -> FileDescriptor {
        let opened: FileDescriptor
        do {
            opened = try directory.openAt("current", [.writeOnly, .append, .create, .noFollow, .nonBlocking], mode: Self.currentMode)
        } catch {
            // ELOOP: a link; ENXIO: a FIFO without reader. Name what is there.
            if let found = try? directory.kind(of: "current") {
                if found == .symlink { throw FileAccessError("open", currentPath, .symbolicLink) }
                if found != .regular { throw FileAccessError("open", currentPath, .wrongKind(expected: .regular, found: found)) }
            }
            throw FileAccessError("open", currentPath, .system(error))
        }
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
}
