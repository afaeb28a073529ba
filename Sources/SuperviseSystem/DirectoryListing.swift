import Glibc

extension FileDescriptor {
    /// The names in this open directory, without `.` and `..` (`fdopendir`/`readdir` on a
    /// duplicate, so this descriptor stays open and usable). Listing through a descriptor
    /// opened with `O_NOFOLLOW | O_DIRECTORY` never follows a link put in the directory's place.
    public func directoryEntryNames() throws(Errno) -> [String] {
        let copy = try valueOrErrno { fcntl(rawValue, F_DUPFD_CLOEXEC, 0) }
        guard let dir = fdopendir(copy) else {
            let error = Errno.current
            _ = Glibc.close(copy)
            throw error
        }
        defer { closedir(dir) }
        return entryNames(of: dir)
    }
}

extension FileSystem {
    /// The names in the directory `path`, without `.` and `..`, never through a symbolic link
    /// in its last component: opened `O_DIRECTORY | O_NOFOLLOW` (a link or a file there fails
    /// with ENOTDIR) and read through that descriptor, in as few system calls as `readdir` needs.
    public static func directoryEntries(noFollow path: String) throws(Errno) -> [String] {
        let fd = try FileDescriptor.open(path, [.readOnly, .directory, .noFollow, .nonBlocking, .closeOnExec])
        guard let dir = fdopendir(fd.rawValue) else {
            let error = Errno.current
            fd.close()
            throw error
        }
        defer { closedir(dir) }
        return entryNames(of: dir)
    }
}

/// Every name `readdir` gives for the open directory stream `dir`, without `.` and `..`.
func entryNames(of dir: OpaquePointer) -> [String] {
    var names = [String]()
    while let entry = readdir(dir) {
        let name = withUnsafePointer(to: entry.pointee.d_name) {
            $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}
