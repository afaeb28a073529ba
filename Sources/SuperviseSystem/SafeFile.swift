import Glibc

/// Opening the supervision protocol's files (`supervise/control`, `status`, `lock`,
/// `death_tally`, the listener FIFOs in `event/`, pgctl's lock files) without ever following a
/// symbolic link in their **last** component, and checking what was opened with `fstat`.
///
/// The directories on the way may be links (pgctl's `<svc>/supervise` is one, into a private
/// scratch directory); the file itself may not: a link planted there would make a tool running
/// as root write into any file. FIFOs are always opened non-blocking (an open never waits for
/// the other end) and refused when they are not FIFOs. Files are created with `O_EXCL`, and
/// replaced through a temporary name that is removed first and created exclusively.
public enum SafeFile {
    /// Opens `path` with `flags` plus `O_NOFOLLOW | O_CLOEXEC` (add `.create` to create it with
    /// `mode`), then checks that it is of `kind` (nil: any kind). The descriptor is closed
    /// again when the check fails.
    public static func open(_ path: String, _ flags: FileDescriptor.OpenFlags, mode: UInt32 = 0o666,
                            kind: FileSystem.FileKind?) throws(FileAccessError) -> FileDescriptor {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(path, flags.union([.noFollow, .closeOnExec]), mode: mode)
        } catch {
            throw refusal(of: path, "open", error)
        }
        return try checked(fd, path: path, kind: kind)
    }

    /// `fd` when it is of `kind` (nil: any kind); else closes it and throws.
    static func checked(_ fd: FileDescriptor, path: String, kind: FileSystem.FileKind?) throws(FileAccessError) -> FileDescriptor {
        guard let kind else { return fd }
        let found: FileSystem.FileKind
        do {
            found = try fd.kind()
        } catch {
            fd.close()
            throw FileAccessError("stat", path, .system(error))
        }
        guard found == kind else {
            fd.close()
            throw FileAccessError("open", path, .wrongKind(expected: kind, found: found))
        }
        return fd
    }

    /// Opens the FIFO at `path` for `access` (`.readOnly`, `.writeOnly` or `.readWrite`),
    /// non-blocking. A FIFO without a reader, opened for writing, fails with ENXIO.
    public static func openFIFO(_ path: String, _ access: FileDescriptor.OpenFlags) throws(FileAccessError) -> FileDescriptor {
        try open(path, access.union(.nonBlocking), kind: .fifo)
    }

    /// Creates `path` exclusively (`O_CREAT | O_EXCL`: fails if anything, even a dangling link,
    /// is there) for writing, with `mode` (minus the umask).
    public static func create(_ path: String, mode: UInt32 = 0o666) throws(FileAccessError) -> FileDescriptor {
        try open(path, [.writeOnly, .create, .exclusive, .nonBlocking], mode: mode, kind: nil)
    }

    /// Creates `path` if it does not exist (`touch`), never through a link; the contents of an
    /// existing regular file are left as they are.
    public static func touch(_ path: String, mode: UInt32 = 0o666) throws(FileAccessError) {
        let fd = try open(path, [.writeOnly, .create, .nonBlocking], mode: mode, kind: .regular)
        fd.close()
    }

    /// Gives the directory `path` (not a link to one) `group` and `mode`, through a descriptor
    /// (`fchown`, `fchmod`): a directory swapped for a link after its `mkdir` is never changed.
    public static func setDirectoryGroupAndMode(_ path: String, group: UInt32, mode: UInt32) throws(FileAccessError) {
        let fd = try open(path, [.readOnly, .directory], kind: .directory)
        defer { fd.close() }
        do {
            try fd.setGroup(group)
            try fd.setMode(mode)
        } catch {
            throw FileAccessError("chmod", path, .system(error))
        }
    }

    /// Reads at most `limit` bytes of the regular file `path`. The first read asks for 4 KiB
    /// (each read's buffer is allocated and cleared, and most files read here are small), the
    /// next ones for up to 64 KiB.
    public static func read(_ path: String, limit: Int) throws(FileAccessError) -> [UInt8] {
        try readAll(of: open(path, [.readOnly, .nonBlocking], kind: .regular), path: path, limit: limit)
    }

    /// Reads the open file `fd` to its end or to `limit` bytes, then closes it: 4 KiB first
    /// (most files read this way are small), then 64 KiB at a time. Errors name `path`.
    static func readAll(of fd: FileDescriptor, path: String, limit: Int) throws(FileAccessError) -> [UInt8] {
        defer { fd.close() }
        var data = [UInt8]()
        var chunkSize = 4096
        while data.count < limit {
            let chunk: [UInt8]
            do {
                chunk = try fd.read(upTo: min(chunkSize, limit - data.count))
            } catch {
                throw FileAccessError("read", path, .system(error))
            }
            if chunk.isEmpty { break }
            data += chunk
            chunkSize = 65536
        }
        return data
    }

    /// Replaces `path` atomically with `bytes`: a stale `temporaryPath` is removed (a link there
    /// is removed, not followed), the temporary file is created exclusively, written in one go
    /// and renamed over `path` (`rename` replaces a link at `path` itself, never its target).
    /// On failure the temporary file is removed.
    public static func replace(_ path: String, with bytes: [UInt8], temporaryPath: String, mode: UInt32 = 0o666) throws(FileAccessError) {
        if Glibc.unlink(temporaryPath) != 0 {
            let error = Errno.current
            if error != .noSuchFile { throw FileAccessError("unlink", temporaryPath, .system(error)) }
        }
        let fd = try create(temporaryPath, mode: mode)
        do throws(FileAccessError) {
            do {
                try fd.writeAll(bytes)
            } catch {
                throw FileAccessError("write", temporaryPath, .system(error))
            }
            fd.close()
            do {
                try FileSystem.rename(temporaryPath, to: path)
            } catch {
                throw FileAccessError("rename", temporaryPath, .system(error))
            }
        } catch {
            fd.close()
            _ = Glibc.unlink(temporaryPath)
            throw error
        }
    }

    /// The error for a failed `open` with `O_NOFOLLOW`: ELOOP on a path whose last component
    /// is a link is the planted-link case; ELOOP for a link loop earlier on the path stays a
    /// system error.
    static func refusal(of path: String, _ operation: String, _ error: Errno) -> FileAccessError {
        if error == .symbolicLinkLoop, (try? FileSystem.kind(of: path)) == .symlink {
            return FileAccessError(operation, path, .symbolicLink)
        }
        return FileAccessError(operation, path, .system(error))
    }
}

extension FileDescriptor {
    /// The kind of the open file (`fstat(2)`).
    public func kind() throws(Errno) -> FileSystem.FileKind {
        try metadata().kind
    }

    /// What `fstat(2)` says about the open file.
    public func metadata() throws(Errno) -> FileSystem.Metadata {
        var info = stat()
        _ = try valueOrErrno { fstat(rawValue, &info) }
        return FileSystem.Metadata(kind: FileSystem.FileKind(mode: info.st_mode), mode: UInt32(info.st_mode & 0o7777),
                                   owner: UInt32(info.st_uid), group: UInt32(info.st_gid), size: Int64(info.st_size))
    }
}

extension FileSystem.FileKind {
    /// The kind encoded in a `st_mode`.
    public init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symlink
        case S_IFIFO: self = .fifo
        default: self = .other
        }
    }
}
