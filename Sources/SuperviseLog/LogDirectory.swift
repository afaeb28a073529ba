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
///
/// `current` is followed when it goes away under the writer (issue 16: `git clean -fdx` or
/// `rm -rf logs` while the service runs): ``reopenIfMoved(at:)``, called once per batch of
/// writes, sees that the open file has no name left (`fstat`: link count 0) or, at most every
/// ``pathCheckMilliseconds``, that `current` on disk is another file (`lstat`: device and
/// inode), and opens a new `current`, re-creating the directory if needed. Files are opened
/// through ``LogLocation`` (`openat`, `O_NOFOLLOW`).
public final class LogDirectory {
    /// The directory path.
    public let path: String
    /// The rotation policy.
    public let policy: LogRotationPolicy
    /// How the directory and `current` are opened.
    public let location: LogLocation
    private var current: FileDescriptor
    /// Which file `current` is (to compare with what the path names).
    private var currentIdentity: FileIdentity
    /// Bytes in `current` (as written by us plus what was there when opened).
    public private(set) var currentSize: Int
    /// Where in `current` the next background writeback starts.
    private var writebackStart = 0
    /// True while `current` ends inside a record (a failed write that could not be cut back):
    /// no reopen then, or the new file would start with the rest of that record.
    private var endsInsideRecord = false
    /// When the path is compared with the open file next; and when a failed reopen is retried.
    private var nextPathCheck: MonotonicInstant
    private var nextReopenAttempt = MonotonicInstant(nanoseconds: .min)
    /// How many times `current` was reopened after going away.
    public private(set) var reopenCount = 0

    /// At most this often, `current`'s path is compared with the open file (one `lstat`):
    /// the check that sees a `current` renamed away or replaced (its link count stays 1).
    /// A deleted `current` (link count 0) is seen at the next batch, whatever this is.
    public static let pathCheckMilliseconds: Int64 = 100
    /// After a failed reopen (the directory cannot be created, a link is in its place), the
    /// next attempt waits this long; meanwhile writing goes on into the old file.
    public static let reopenRetryMilliseconds: Int64 = 1000

    /// Every this many bytes, `current` is handed to the disk in the background
    /// (``startWriteback()``): the fsync before a rotation then finds (almost) nothing dirty
    /// and returns in well under a millisecond instead of ≈ 8 ms for 10 MiB, time during which
    /// the single-threaded supervisor could not answer its control FIFO.
    static let writebackChunk = 1024 * 1024

    /// Opens (creating if needed, directory mode 0755, `current` 0644) `path` and appends to
    /// its `current`: a log survives service and supervisor restarts. `current` must be a
    /// regular file, not a link.
    public init(path: String, policy: LogRotationPolicy = .pgctl) throws(FileAccessError) {
        self.path = path
        self.policy = policy
        location = LogLocation(path: path)
        let directory = try location.openDirectory()
        defer { directory.close() }
        current = try location.openCurrent(in: directory)
        currentIdentity = FileIdentity.of(current)?.identity ?? FileIdentity(device: 0, inode: 0)
        currentSize = Self.size(of: current)
        writebackStart = currentSize
        nextPathCheck = MonotonicInstant.now.adding(milliseconds: Self.pathCheckMilliseconds)
    }

    deinit { current.close() }

    /// Why `current` was reopened.
    public enum Disappearance: String, Sendable {
        /// The open file has no name left (link count 0): deleted, alone or with the directory.
        case deleted
        /// `current` names another file (or a link) now.
        case replaced
        /// Nothing is named `current` any more, but the open file still has a name: it (or the
        /// whole directory) was renamed.
        case moved
    }

    /// Makes sure the file being appended to is still `<path>/current`; if it is not, opens
    /// a new `current` (re-creating the directory) and returns why. Cheap enough for every
    /// batch: one `fstat` and one clock read; one `lstat` at most every
    /// ``pathCheckMilliseconds``. On failure the old file stays in use (nothing is lost to a
    /// reader holding it) and the next attempt waits ``reopenRetryMilliseconds``.
    public func reopenIfMoved(at now: MonotonicInstant = .now) throws(FileAccessError) -> Disappearance? {
        guard !endsInsideRecord, now >= nextReopenAttempt else { return nil }
        var reason: Disappearance?
        if let (_, links) = FileIdentity.of(current), links == 0 {
            reason = .deleted
        } else if now >= nextPathCheck {
            nextPathCheck = now.adding(milliseconds: Self.pathCheckMilliseconds)
            switch FileIdentity.at(location.currentPath) {
            case .success(let found) where found != currentIdentity: reason = .replaced
            case .failure(let error) where error == .noSuchFile || error == .notDirectory: reason = .moved
            default: break
            }
        }
        guard let reason else { return nil }
        do {
            try reopen()
        } catch {
            nextReopenAttempt = now.adding(milliseconds: Self.reopenRetryMilliseconds)
            throw error
        }
        return reason
    }

    /// Opens `<path>/current` anew (creating the directory if needed) in place of the old
    /// one. A standard error open on the old file (pgctl appends the supervisor's stderr to
    /// `current`) is moved to the new one.
    private func reopen() throws(FileAccessError) {
        let directory = try location.openDirectory()
        defer { directory.close() }
        let fresh = try location.openCurrent(in: directory)
        if current.isSameFile(as: .standardError) { try? fresh.duplicate(as: .standardError) }
        replaceCurrent(with: fresh)
        reopenCount += 1
    }

    /// Makes `fresh` the file appended to.
    private func replaceCurrent(with fresh: FileDescriptor) {
        current.close()
        current = fresh
        currentIdentity = FileIdentity.of(fresh)?.identity ?? FileIdentity(device: 0, inode: 0)
        currentSize = Self.size(of: fresh)
        writebackStart = currentSize
        nextPathCheck = MonotonicInstant.now.adding(milliseconds: Self.pathCheckMilliseconds)
    }

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
        endsInsideRecord = false
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
            endsInsideRecord = true
            return written
        }
    }

    /// Starts writing what was appended since the last call back to disk, without waiting.
    private func startWriteback() {
        current.startWriteback(from: writebackStart, length: currentSize - writebackStart)
        writebackStart = currentSize
    }

    /// Archives `current` as `@<now>.s` (mode 0744), starts a new empty `current`, and removes
    /// the oldest archives beyond the policy's count. Everything happens inside the directory
    /// opened through ``LogLocation`` (`renameat`, `openat`, `unlinkat`). When the file being
    /// appended to is no longer `current` there (removed or replaced since the last check),
    /// there is nothing of ours to archive: a new `current` is started instead. On failure
    /// the old file stays in use.
    public func rotate() throws(FileAccessError) {
        try? current.synchronize()
        let directory = try location.openDirectory()
        defer { directory.close() }
        if FileIdentity.at("current", in: directory) == currentIdentity {
            let now = WallClock.now()
            let archive = Self.archiveName(at: TAI64N(unixSeconds: now.seconds, nanoseconds: now.nanoseconds), in: directory)
            do {
                try directory.rename("current", to: archive)
            } catch {
                throw FileAccessError("rename", location.currentPath, .system(error))
            }
            try? directory.setMode(of: archive, 0o744)
        } else {
            reopenCount += 1
        }
        replaceCurrent(with: try location.openCurrent(in: directory))
        trimArchives(in: directory)
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

    /// Removes the oldest archives beyond the policy's count from `directory`.
    private func trimArchives(in directory: FileDescriptor) {
        let all = archives()
        guard all.count > policy.archiveCount else { return }
        for name in all.prefix(all.count - policy.archiveCount) {
            try? directory.unlink(name)
        }
    }

    /// A name `@<label>.s` for `stamp` that does not exist yet in `directory`.
    static func archiveName(at stamp: TAI64N, in directory: FileDescriptor) -> String {
        var label = stamp
        while true {
            let name = label.label + ".s"
            if FileIdentity.at(name, in: directory) == nil { return name }
            label.nanoseconds = (label.nanoseconds + 1) % 1_000_000_000
        }
    }

    private static func size(of fd: FileDescriptor) -> Int {
        (try? fd.seekToEnd()) ?? 0
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
