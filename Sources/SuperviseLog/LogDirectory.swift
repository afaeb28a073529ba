import CSupervise
import Glibc
import SuperviseStatus
import SuperviseSystem

/// How `logs/` is rotated: s6-log's `n5 s10485760` as pgctl uses it.
public struct LogRotationPolicy: Sendable {
    /// Rotate before `current` would exceed this many bytes.
    public var maximumFileSize: Int
    /// Keep at most this many archives (`@<tai64n>.s` / `.u`).
    public var archiveCount: Int

    /// pgctl's policy: 10 MiB, 5 archives.
    public static let pgctl = LogRotationPolicy(maximumFileSize: 10 * 1024 * 1024, archiveCount: 5)

    /// Creates a policy.
    public init(maximumFileSize: Int, archiveCount: Int) {
        self.maximumFileSize = maximumFileSize
        self.archiveCount = archiveCount
    }
}

/// A log directory in s6-log's layout: `current` being appended to, and archives named
/// `@<24 hex digits of a TAI64N label>.s` (mode 0744), the oldest removed beyond the policy's
/// count. Rotation only ever happens between two complete lines.
public final class LogDirectory {
    /// The directory path.
    public let path: String
    /// The rotation policy.
    public let policy: LogRotationPolicy
    private var current: FileDescriptor
    /// Bytes in `current` (as written by us plus what was there when opened).
    public private(set) var currentSize: Int
    /// Where in `current` the next background writeback starts.
    private var writebackStart = 0

    /// Every this many bytes, `current` is handed to the disk in the background
    /// (``startWriteback()``): the fsync before a rotation then finds (almost) nothing dirty
    /// and returns in well under a millisecond instead of ≈ 8 ms for 10 MiB, time during which
    /// the single-threaded supervisor could not answer its control FIFO.
    static let writebackChunk = 1024 * 1024

    /// Opens (creating if needed) `path` and appends to its `current`: a log survives service
    /// and supervisor restarts.
    public init(path: String, policy: LogRotationPolicy = .pgctl) throws(SystemCallError) {
        self.path = path
        self.policy = policy
        do {
            try FileSystem.makeDirectory(path, mode: 0o755)
        } catch {
            if error != .exists { throw SystemCallError("mkdir", path, error) }
        }
        current = try Self.openCurrent(path + "/current")
        currentSize = Self.size(of: current)
        writebackStart = currentSize
    }

    deinit { current.close() }

    /// Whether `fd` is open on `current` or on one of the archives (pgctl appends the
    /// supervisor's stderr to `current`, which a rotation turns into an archive).
    public func holdsFile(of fd: FileDescriptor) -> Bool {
        current.isSameFile(as: fd) || archives().contains { fd.isOpen(on: path + "/" + $0) }
    }

    /// Whether `count` more bytes fit in `current` without exceeding the size limit.
    public func fits(_ count: Int) -> Bool {
        currentSize + count <= policy.maximumFileSize
    }

    /// Appends `bytes` (whole lines) to `current`: each line is written whole or not at all.
    /// When a write fails (disk full, file size limit) after part of `bytes` reached the file,
    /// `current` is cut back to the end of the last complete line, so it never ends inside a
    /// record that another writer (or the next supervisor) would glue its line to. The error
    /// says how many bytes of `bytes` were kept, so the caller can retry the rest.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(LogWriteError) {
        var offset = 0
        while offset < bytes.count {
            do {
                offset += try current.write(UnsafeRawBufferPointer(rebasing: bytes[offset...]))
            } catch {
                let kept = keepWholeLines(of: bytes, written: offset)
                currentSize += kept
                throw LogWriteError(written: kept, error: SystemCallError("write", path + "/current", error))
            }
        }
        currentSize += offset
        if currentSize - writebackStart >= Self.writebackChunk { startWriteback() }
    }

    /// After a failed write of which the first `written` bytes of `bytes` reached `current`:
    /// cuts the file back to the end of the last complete line among them and returns how many
    /// bytes that keeps. If the file cannot be cut, everything written is kept (the caller then
    /// writes the rest of the line later, completing it).
    private func keepWholeLines(of bytes: UnsafeRawBufferPointer, written: Int) -> Int {
        var kept = written
        while kept > 0 && bytes[kept - 1] != 0x0a { kept -= 1 }
        guard kept < written else { return written }
        do {
            // With O_APPEND the offset is the end of our last write, whoever else appends.
            let end = try current.offset()
            try current.truncate(to: end - (written - kept))
            return kept
        } catch {
            return written
        }
    }

    /// Starts writing what was appended since the last call back to disk, without waiting.
    private func startWriteback() {
        _ = csupervise_start_writeback(current.rawValue, Int64(writebackStart), Int64(currentSize - writebackStart))
        writebackStart = currentSize
    }

    /// Archives `current` as `@<now>.s` (mode 0744), starts a new empty `current`, and removes
    /// the oldest archives beyond the policy's count. On failure `current` stays in use.
    public func rotate() throws(SystemCallError) {
        _ = fsync(current.rawValue)
        let now = WallClock.now()
        let archive = path + "/" + Self.archiveName(at: TAI64N(unixSeconds: now.seconds, nanoseconds: now.nanoseconds), in: path)
        do {
            try FileSystem.rename(path + "/current", to: archive)
        } catch {
            throw SystemCallError("rename", path + "/current", error)
        }
        _ = try? FileSystem.setMode(archive, 0o744)
        let fresh = try Self.openCurrent(path + "/current")
        current.close()
        current = fresh
        currentSize = 0
        writebackStart = 0
        trimArchives()
    }

    /// The archive names (`@…​.s` / `@…​.u`) in the directory, oldest first.
    public func archives() -> [String] {
        let names = (try? FileSystem.directoryEntries(path)) ?? []
        return names.filter(Self.isArchiveName).sorted()
    }

    /// Whether `name` is an s6-log archive name: `@` + 24 hex digits + `.s` or `.u`.
    public static func isArchiveName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard bytes.count == 27, bytes[0] == UInt8(ascii: "@"), bytes[25] == UInt8(ascii: "."),
              bytes[26] == UInt8(ascii: "s") || bytes[26] == UInt8(ascii: "u") else { return false }
        return Hex.decode(bytes[1..<25]) != nil
    }

    private func trimArchives() {
        let all = archives()
        guard all.count > policy.archiveCount else { return }
        for name in all.prefix(all.count - policy.archiveCount) {
            try? FileSystem.unlink(path + "/" + name)
        }
    }

    /// A name `@<label>.s` for `stamp` that does not exist yet in `directory`.
    static func archiveName(at stamp: TAI64N, in directory: String) -> String {
        var label = stamp
        while true {
            let name = label.label + ".s"
            if !FileSystem.exists(directory + "/" + name) { return name }
            label.nanoseconds = (label.nanoseconds + 1) % 1_000_000_000
        }
    }

    private static func openCurrent(_ path: String) throws(SystemCallError) -> FileDescriptor {
        do {
            return try FileDescriptor.open(path, [.writeOnly, .append, .create, .closeOnExec], mode: 0o644)
        } catch {
            throw SystemCallError("open", path, error)
        }
    }

    private static func size(of fd: FileDescriptor) -> Int {
        let end = lseek(fd.rawValue, 0, SEEK_END)
        return end < 0 ? 0 : Int(end)
    }
}

/// A failed append: how much was written (and kept) before the error.
public struct LogWriteError: Error, Sendable {
    /// Bytes written and kept in the file before the failure: always whole lines, unless the
    /// file could not be cut back.
    public var written: Int
    /// The failing call.
    public var error: SystemCallError
}
