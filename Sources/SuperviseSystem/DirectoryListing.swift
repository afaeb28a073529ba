import Glibc

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
    forEachNamedEntry(of: dir) { name, _ in names.append(name) }
    return names
}

/// Calls `body` with the name and the `d_type` of every entry `readdir` gives for the open
/// directory stream `dir`, except `.` and `..`.
func forEachNamedEntry(of dir: OpaquePointer, _ body: (String, UInt8) -> Void) {
    while let entry = readdir(dir) {
        let name = withUnsafePointer(to: entry.pointee.d_name) {
            $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
        if name != "." && name != ".." { body(name, entry.pointee.d_type) }
    }
}
