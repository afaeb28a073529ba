import Glibc

/// Which file an open descriptor or a name is: its device and inode numbers (`st_dev`,
/// `st_ino`).
public struct FileIdentity: Hashable, Sendable {
    /// `st_dev`.
    public var device: UInt64
    /// `st_ino`.
    public var inode: UInt64

    /// Wraps the two numbers.
    public init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    /// The identity of `path` (`stat(2)`, links followed), nil if it cannot be stat'ed.
    public init?(path: String) {
        var info = stat()
        guard (try? valueOrErrno({ stat(path, &info) })) != nil else { return nil }
        self.init(info)
    }

    init(_ info: stat) {
        self.init(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// The identity of the open file and its link count (`fstat`); nil if it cannot be examined.
    public static func of(_ fd: FileDescriptor) -> (identity: FileIdentity, links: UInt64)? {
        var info = stat()
        guard fstat(fd.rawValue, &info) == 0 else { return nil }
        return (FileIdentity(info), UInt64(info.st_nlink))
    }

    /// The identity of what `path` names, not following a link in its last component
    /// (`lstat`); the errno when it cannot be examined.
    public static func at(_ path: String) -> Result<FileIdentity, Errno> {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .failure(.current) }
        return .success(FileIdentity(info))
    }

    /// The identity of `name` in the directory `directory` (`fstatat`, not following a link).
    public static func at(_ name: String, in directory: FileDescriptor) -> FileIdentity? {
        var info = stat()
        guard fstatat(directory.rawValue, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        return FileIdentity(info)
    }
}

extension FileSystem {
    /// Calls `body` with the raw name of each entry of directory `path` whose name does not
    /// start with `.`, and the identity of the file it leads to (`fstatat` relative to the open
    /// directory, links followed: for `/proc/<pid>/fd/` the file each descriptor is open on).
    /// Entries that cannot be stat'ed are skipped. `body` returns false to stop early. The
    /// name bytes are only valid during the call.
    public static func forEachEntryTarget(in path: String, _ body: (UnsafeBufferPointer<UInt8>, FileIdentity) -> Bool) throws(Errno) {
        guard let dir = opendir(path) else { throw Errno.current }
        defer { closedir(dir) }
        let directoryFD = dirfd(dir)
        var info = stat()
        while let entry = readdir(dir) {
            let goOn = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) { name -> Bool in
                    guard name[0] != 0x2E, fstatat(directoryFD, name, &info, 0) == 0 else { return true }
                    let bytes = UnsafeRawPointer(name).assumingMemoryBound(to: UInt8.self)
                    return body(UnsafeBufferPointer(start: bytes, count: strlen(name)), FileIdentity(info))
                }
            }
            if !goOn { return }
        }
    }

    /// `symlink(2)`: creates a symbolic link at `path` whose text is `target`.
    public static func makeSymbolicLink(_ target: String, at path: String) throws(Errno) {
        _ = try valueOrErrno { symlink(target, path) }
    }
}
