import CSupervise
import Glibc

extension FileDescriptor {
    /// Whether the descriptor is open without close-on-exec (`fcntl(F_GETFD)`): a descriptor
    /// that an exec'd child inherits. In the supervisor, which opens everything close-on-exec,
    /// these are the descriptors it inherited to pass on (pgctl's service lock). False when
    /// the number is not open.
    public var isInheritable: Bool {
        csupervise_get_cloexec(rawValue) == 0
    }

    /// The file offset (`lseek(SEEK_CUR)`); for a descriptor opened with O_APPEND, the end of
    /// the last write made through it.
    public func offset() throws(Errno) -> Int {
        Int(try valueOrErrno { lseek(rawValue, 0, SEEK_CUR) })
    }

    /// Cuts the file to `length` bytes (`ftruncate(2)`).
    public func truncate(to length: Int) throws(Errno) {
        _ = try valueOrErrno { ftruncate(rawValue, off_t(length)) }
    }

    /// Whether `self` and `other` are open on the same file (same device and inode, `fstat`).
    public func isSameFile(as other: FileDescriptor) -> Bool {
        var mine = stat(), theirs = stat()
        guard fstat(rawValue, &mine) == 0, fstat(other.rawValue, &theirs) == 0 else { return false }
        return mine.st_dev == theirs.st_dev && mine.st_ino == theirs.st_ino
    }

    /// Whether the descriptor is open on the file at `path` (same device and inode; `stat`
    /// follows links). False when either cannot be examined.
    public func isOpen(on path: String) -> Bool {
        var mine = stat(), theirs = stat()
        guard fstat(rawValue, &mine) == 0, stat(path, &theirs) == 0 else { return false }
        return mine.st_dev == theirs.st_dev && mine.st_ino == theirs.st_ino
    }
}
