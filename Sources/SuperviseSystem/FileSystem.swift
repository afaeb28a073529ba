import CSupervise
import Glibc

/// File-system calls on paths, each throwing the errno of the underlying call.
public enum FileSystem {
    /// The kind of a directory entry, from `lstat(2)` (symbolic links are not followed).
    public enum FileKind: Sendable, Equatable {
        case regular, directory, symlink, fifo, other
    }

    /// The type and permission bits of `path` (`lstat(2)`, or `stat(2)` with `followLinks`).
    public static func kind(of path: String, followLinks: Bool = false) throws(Errno) -> FileKind {
        try kindAndMode(of: path, followLinks: followLinks).kind
    }

    /// The kind and the permission bits (`st_mode & 07777`) of `path`.
    public static func kindAndMode(of path: String, followLinks: Bool = false) throws(Errno) -> (kind: FileKind, mode: UInt32) {
        var info = stat()
        _ = try valueOrErrno { followLinks ? stat(path, &info) : lstat(path, &info) }
        let kind = FileKind(mode: info.st_mode)
        return (kind, UInt32(info.st_mode & 0o7777))
    }

    /// What `stat(2)` says about a path that tools and tests commonly need.
    public struct Metadata: Sendable, Equatable {
        /// The kind of file.
        public var kind: FileKind
        /// `st_mode & 07777` (setgid and sticky included).
        public var mode: UInt32
        /// The owning user and group ids.
        public var owner: UInt32, group: UInt32
        /// The size in bytes.
        public var size: Int64
    }

    /// `lstat(2)`, or `stat(2)` with `followLinks`, retried on EINTR.
    public static func metadata(of path: String, followLinks: Bool = false) throws(Errno) -> Metadata {
        var info = stat()
        _ = try valueOrErrno { followLinks ? stat(path, &info) : lstat(path, &info) }
        let kind = try kindAndMode(of: path, followLinks: followLinks).kind
        return Metadata(kind: kind, mode: UInt32(info.st_mode & 0o7777), owner: UInt32(info.st_uid),
                        group: UInt32(info.st_gid), size: Int64(info.st_size))
    }

    /// Whether `path` exists, following links: what `access(F_OK)` answers for a process whose
    /// real and effective ids are the same. Asked with `stat`: `access` checks with the real
    /// ids, which makes the kernel build a new set of credentials at every call (≈ 3× the cost
    /// of the lookup; pgctl asks this for several files of every service, at every poll of a
    /// start).
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Whether `path` is executable by us (`access(X_OK)`).
    public static func isExecutable(_ path: String) -> Bool { access(path, X_OK) == 0 }

    /// `mkdir(2)`.
    public static func makeDirectory(_ path: String, mode: UInt32) throws(Errno) {
        _ = try valueOrErrno { mkdir(path, mode_t(mode)) }
    }

    /// `mkfifo(3)`.
    public static func makeFIFO(_ path: String, mode: UInt32) throws(Errno) {
        _ = try valueOrErrno { mkfifo(path, mode_t(mode)) }
    }

    /// `chmod(2)`.
    public static func setMode(_ path: String, _ mode: UInt32) throws(Errno) {
        _ = try valueOrErrno { chmod(path, mode_t(mode)) }
    }

    /// `chown(path, -1, group)`.
    public static func setGroup(_ path: String, _ group: UInt32) throws(Errno) {
        _ = try valueOrErrno { chown(path, uid_t.max, gid_t(group)) }
    }

    /// `rename(2)`.
    public static func rename(_ from: String, to: String) throws(Errno) {
        _ = try valueOrErrno { Glibc.rename(from, to) }
    }

    /// `unlink(2)`.
    public static func unlink(_ path: String) throws(Errno) {
        _ = try valueOrErrno { Glibc.unlink(path) }
    }

    /// `readlink(2)`: the text of a symbolic link.
    public static func readLink(_ path: String) throws(Errno) -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = try valueOrErrno { buffer.withUnsafeMutableBufferPointer { readlink(path, $0.baseAddress!, 4096) } }
        return String(decoding: buffer[..<n], as: UTF8.self)
    }

    /// `chdir(2)`.
    public static func changeDirectory(_ path: String) throws(Errno) {
        _ = try valueOrErrno { chdir(path) }
    }

    /// `umask(2)`: sets the mask and returns the previous one.
    @discardableResult
    public static func setUmask(_ mask: UInt32) -> UInt32 { UInt32(umask(mode_t(mask))) }

    /// Reads at most `limit` bytes of a small file, opened non-blocking (as s6-supervise reads
    /// its configuration files).
    public static func readSmallFile(_ path: String, limit: Int) throws(Errno) -> [UInt8] {
        let fd = try FileDescriptor.open(path, [.readOnly, .nonBlocking, .closeOnExec])
        defer { fd.close() }
        return try fd.read(upTo: limit)
    }

    /// Reads a whole file.
    public static func readFile(_ path: String) throws(Errno) -> [UInt8] {
        let fd = try FileDescriptor.open(path, [.readOnly, .closeOnExec])
        defer { fd.close() }
        var data = [UInt8]()
        while true {
            let chunk = try fd.read(upTo: 65536)
            if chunk.isEmpty { return data }
            data += chunk
        }
    }

    /// Replaces `path` atomically, never through a link: ``SafeFile/replace(_:with:temporaryPath:mode:)``
    /// with its error reduced to the errno.
    public static func replaceAtomically(_ path: String, with bytes: [UInt8], temporaryPath: String) throws(Errno) {
        do {
            try SafeFile.replace(path, with: bytes, temporaryPath: temporaryPath)
        } catch {
            throw error.errno
        }
    }

    /// Calls `body` with the raw bytes of each name in directory `path` (`opendir`/`readdir`,
    /// `.` and `..` included), without building Strings: the bytes are only valid during the call.
    public static func forEachEntry(in path: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) throws(Errno) {
        guard let dir = opendir(path) else { throw Errno.current }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: UInt8.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) { name in
                    body(UnsafeBufferPointer(start: name, count: strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))))
                }
            }
        }
    }

    /// The names in directory `path`, without `.` and `..` (`opendir`/`readdir`).
    public static func directoryEntries(_ path: String) throws(Errno) -> [String] {
        guard let dir = opendir(path) else { throw Errno.current }
        defer { closedir(dir) }
        return entryNames(of: dir)
    }

    /// The effective group id (`getegid(2)`).
    public static var effectiveGroup: UInt32 { UInt32(getegid()) }
}
