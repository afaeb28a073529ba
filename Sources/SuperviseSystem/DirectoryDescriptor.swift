import CSupervise
import Glibc

/// Calls relative to an open directory (`openat`, `mkdirat`, `renameat`, `unlinkat`,
/// `fchmodat`, `fstatat`): the directory is looked up once, so a directory swapped for a link
/// meanwhile is never followed. `self` is the open directory.
extension FileDescriptor {
    /// Opens `name` in this directory (`openat(2)`, retried on EINTR); `.closeOnExec` is
    /// always added.
    public func openAt(_ name: String, _ flags: OpenFlags, mode: UInt32 = 0o666) throws(Errno) -> FileDescriptor {
        let fd = try valueOrErrno { openat(rawValue, name, flags.union(.closeOnExec).rawValue, mode_t(mode)) }
        return FileDescriptor(rawValue: fd)
    }

    /// Creates the directory `name` in this directory (`mkdirat(2)`).
    public func makeDirectory(_ name: String, mode: UInt32) throws(Errno) {
        _ = try valueOrErrno { mkdirat(rawValue, name, mode_t(mode)) }
    }

    /// Renames `name` to `newName`, both in this directory (`renameat(2)`).
    public func rename(_ name: String, to newName: String) throws(Errno) {
        _ = try valueOrErrno { renameat(rawValue, name, rawValue, newName) }
    }

    /// Removes the file `name` from this directory (`unlinkat(2)`).
    public func unlink(_ name: String) throws(Errno) {
        _ = try valueOrErrno { unlinkat(rawValue, name, 0) }
    }

    /// Sets the permission bits of `name` in this directory (`fchmodat(2)`, following a link).
    public func setMode(of name: String, _ mode: UInt32) throws(Errno) {
        _ = try valueOrErrno { fchmodat(rawValue, name, mode_t(mode), 0) }
    }

    /// Whether something is at `name` in this directory, following links: what
    /// ``FileSystem/exists(_:)`` answers, with a one-component lookup. Asked with `fstatat`:
    /// `faccessat` checks with the real user and group ids, which makes the kernel build a
    /// new set of credentials at every call (≈ 3× the cost of the lookup itself).
    public func contains(_ name: String) -> Bool {
        var info = stat()
        return fstatat(rawValue, name, &info, 0) == 0
    }

    /// The kind of `name` in this directory (`fstatat(AT_SYMLINK_NOFOLLOW)`).
    public func kind(of name: String) throws(Errno) -> FileSystem.FileKind {
        var info = stat()
        _ = try valueOrErrno { fstatat(rawValue, name, &info, AT_SYMLINK_NOFOLLOW) }
        return FileSystem.FileKind(mode: info.st_mode)
    }

    /// Flushes the file's data and metadata to disk (`fsync(2)`).
    public func synchronize() throws(Errno) {
        _ = try valueOrErrno { fsync(rawValue) }
    }

    /// Starts writing `length` bytes from `offset` back to disk without waiting
    /// (`sync_file_range(SYNC_FILE_RANGE_WRITE)`), so that a later fsync has little left to do.
    public func startWriteback(from offset: Int, length: Int) {
        _ = csupervise_start_writeback(rawValue, Int64(offset), Int64(length))
    }
}
