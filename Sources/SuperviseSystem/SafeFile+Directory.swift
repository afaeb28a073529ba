/// ``SafeFile``'s opens relative to an open directory: a directory holding several files to
/// read (a service's `supervise/`) is looked up once, and each file costs a one-component
/// lookup instead of a walk of the whole path (and of any link on the way) each time.
extension SafeFile {
    /// Opens the directory `path` for use with ``open(_:in:shownAs:_:kind:)`` only (`O_PATH`,
    /// following links on the way and at the end, as a path lookup below it would).
    public static func openDirectoryReference(_ path: String) throws(Errno) -> FileDescriptor {
        try FileDescriptor.open(path, [.pathOnly, .directory, .closeOnExec])
    }

    /// Opens `name` in `directory` with `flags` plus `O_NOFOLLOW | O_CLOEXEC`, then checks that
    /// it is of `kind` (nil: any kind), exactly as ``open(_:_:mode:kind:)`` does for a path;
    /// errors name `path`, the file's full path as the user knows it.
    public static func open(_ name: String, in directory: FileDescriptor, shownAs path: String,
                            _ flags: FileDescriptor.OpenFlags, kind: FileSystem.FileKind?) throws(FileAccessError) -> FileDescriptor {
        let fd: FileDescriptor
        do {
            fd = try directory.openAt(name, flags.union(.noFollow))
        } catch {
            throw refusal(of: path, "open", error)
        }
        return try checked(fd, path: path, kind: kind)
    }

    /// ``read(_:limit:)`` of `name` in `directory` (a one-component lookup, never through a
    /// link, regular files only); errors name `path`.
    public static func read(_ name: String, in directory: FileDescriptor, shownAs path: String, limit: Int) throws(FileAccessError) -> [UInt8] {
        try readAll(of: open(name, in: directory, shownAs: path, [.readOnly, .nonBlocking], kind: .regular), path: path, limit: limit)
    }
}
