import CSupervise
import Glibc

/// A file descriptor number with typed-throwing I/O. A plain value: whoever opened it closes it.
public struct FileDescriptor: Equatable, Hashable, Sendable {
    /// The descriptor number.
    public let rawValue: Int32

    /// Wraps a descriptor number.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let standardInput = FileDescriptor(rawValue: 0)
    public static let standardOutput = FileDescriptor(rawValue: 1)
    public static let standardError = FileDescriptor(rawValue: 2)

    /// Open flags, the `O_*` constants.
    public struct OpenFlags: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let readOnly = OpenFlags(rawValue: O_RDONLY)
        public static let writeOnly = OpenFlags(rawValue: O_WRONLY)
        public static let readWrite = OpenFlags(rawValue: O_RDWR)
        public static let create = OpenFlags(rawValue: O_CREAT)
        public static let truncate = OpenFlags(rawValue: O_TRUNC)
        public static let append = OpenFlags(rawValue: O_APPEND)
        public static let exclusive = OpenFlags(rawValue: O_EXCL)
        public static let nonBlocking = OpenFlags(rawValue: O_NONBLOCK)
        public static let closeOnExec = OpenFlags(rawValue: O_CLOEXEC)
        public static let directory = OpenFlags(rawValue: O_DIRECTORY)
        public static let noFollow = OpenFlags(rawValue: O_NOFOLLOW)
        /// `O_PATH`: the descriptor only names the file (for `openat`, `fstatat`); nothing is
        /// read or written through it.
        public static let pathOnly = OpenFlags(rawValue: csupervise_o_path_flag())
    }

    /// Opens `path` (`open(2)`, retried on EINTR). Always add `.closeOnExec` unless the
    /// descriptor is meant to be inherited.
    public static func open(_ path: String, _ flags: OpenFlags, mode: UInt32 = 0o666) throws(Errno) -> FileDescriptor {
        let fd = try valueOrErrno { csupervise_open(path, flags.rawValue, mode_t(mode)) }
        return FileDescriptor(rawValue: fd)
    }

    /// Creates a pipe (`pipe2(2)` with O_CLOEXEC, plus O_NONBLOCK on both ends if asked).
    public static func pipe(nonBlocking: Bool = false) throws(Errno) -> (read: FileDescriptor, write: FileDescriptor) {
        var fds: [Int32] = [-1, -1]
        _ = try valueOrErrno { fds.withUnsafeMutableBufferPointer { csupervise_pipe2($0.baseAddress!, O_CLOEXEC | (nonBlocking ? O_NONBLOCK : 0)) } }
        return (FileDescriptor(rawValue: fds[0]), FileDescriptor(rawValue: fds[1]))
    }

    /// Reads up to `count` bytes (`read(2)`, retried on EINTR). Returns an empty array at end of
    /// file; throws `.wouldBlock` on an empty non-blocking descriptor.
    public func read(upTo count: Int) throws(Errno) -> [UInt8] {
        // Read straight into the array's uninitialised storage: no clearing of a buffer that
        // is mostly left unused (a 4 KiB buffer for a 20-byte file).
        var failure: Errno?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(Errno) {
                initialized = try valueOrErrno { Glibc.read(rawValue, buffer.baseAddress, count) }
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Reads into `buffer` (`read(2)`, retried on EINTR); returns the byte count, 0 at EOF.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        try valueOrErrno { Glibc.read(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Writes some of `bytes` (`write(2)`, retried on EINTR); returns how many were written.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(Errno) -> Int {
        try valueOrErrno { Glibc.write(rawValue, bytes.baseAddress, bytes.count) }
    }

    /// Writes all of `bytes`, looping over short writes.
    public func writeAll(_ bytes: [UInt8]) throws(Errno) {
        var offset = 0
        while offset < bytes.count {
            let start = offset
            offset += try valueOrErrno {
                bytes.withUnsafeBytes { raw in Glibc.write(rawValue, raw.baseAddress! + start, raw.count - start) }
            }
        }
    }

    /// Closes the descriptor (`close(2)`, never retried: on Linux the number is freed anyway).
    public func close() {
        _ = Glibc.close(rawValue)
    }

    /// Makes `self` also available as `target` (`dup2(2)`); the copy is inheritable.
    public func duplicate(as target: FileDescriptor) throws(Errno) {
        _ = try valueOrErrno { dup2(rawValue, target.rawValue) }
    }

    /// Sets or clears close-on-exec (`fcntl(F_SETFD)`).
    public func setCloseOnExec(_ on: Bool) throws(Errno) {
        _ = try valueOrErrno { csupervise_set_cloexec(rawValue, on ? 1 : 0) }
    }

    /// Sets or clears O_NONBLOCK (`fcntl(F_SETFL)`).
    public func setNonBlocking(_ on: Bool) throws(Errno) {
        _ = try valueOrErrno { csupervise_set_nonblock(rawValue, on ? 1 : 0) }
    }

    /// Sets the permission bits of the open file (`fchmod(2)`).
    public func setMode(_ mode: UInt32) throws(Errno) {
        _ = try valueOrErrno { fchmod(rawValue, mode_t(mode)) }
    }

    /// Sets the group of the open file, keeping its owner (`fchown(fd, -1, group)`).
    public func setGroup(_ group: UInt32) throws(Errno) {
        _ = try valueOrErrno { fchown(rawValue, uid_t.max, gid_t(group)) }
    }

    /// Takes a whole-file fcntl write lock without waiting (`fcntl(F_SETLK, F_WRLCK)`).
    /// Throws EAGAIN or EACCES when another process holds a conflicting lock.
    public func lockForWriting() throws(Errno) {
        _ = try valueOrErrno { csupervise_lock_write(rawValue) }
    }

    /// Whether another process holds a write lock on the file (`fcntl(F_GETLK)` with a read-lock
    /// probe, as `s6-svok` does). A process never sees its own locks this way.
    public func isWriteLockedByAnotherProcess() throws(Errno) -> Bool {
        try valueOrErrno { csupervise_lock_probe(rawValue) } != 0
    }

    /// The pid of the process holding a lock that conflicts with a whole-file write lock
    /// (`fcntl(F_GETLK)`), nil when none does. A process never sees its own locks this way.
    public func writeLockHolder() throws(Errno) -> Int32? {
        let pid = try valueOrErrno { csupervise_lock_holder(rawValue) }
        return pid > 0 ? pid : nil
    }

    /// Takes a `flock(2)` lock; `exclusive` or shared, waiting or not.
    public func flock(exclusive: Bool = true, wait: Bool = false) throws(Errno) {
        let op = (exclusive ? LOCK_EX : LOCK_SH) | (wait ? 0 : LOCK_NB)
        _ = try valueOrErrno { csupervise_flock(rawValue, op) }
    }
}
