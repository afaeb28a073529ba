import SuperviseLog
import SuperviseSystem

/// A service's log history as it stands when opened: its archives (`@<tai64n>.s`/`.u`,
/// oldest first) and `current` up to its size then. `current` is opened first and the
/// archives listed after, leaving out the file `current` was opened on (a rotation in between
/// made it an archive): each record is in exactly one span, and a follower continues from
/// ``currentDescriptor`` at ``currentEnd`` without losing or repeating a line.
final class ServiceLogFiles {
    /// The `logs` directory.
    let directory: String
    /// The open `current` (nil when there is none); the caller hands it to a follower or lets
    /// it be closed with this object.
    private(set) var currentDescriptor: FileDescriptor?
    /// Which file `current` was.
    let currentIdentity: FileIdentity?
    /// Where the history read here ends in `current`: its size, or when `wholeLinesOnly`, the
    /// end of its last complete line (a follower reads the rest once it is complete).
    let currentEnd: Int
    /// The history, oldest first: the archives, then `current`.
    let spans: [LogFileSpan]

    /// Opens the history in `directory` (a service's `logs`).
    init(directory: String, wholeLinesOnly: Bool) {
        self.directory = directory
        let current = try? FileDescriptor.open(directory + "/current", [.readOnly, .closeOnExec])
        currentDescriptor = current
        currentIdentity = current.flatMap { FileIdentity.of($0)?.identity }
        let size = current.flatMap { try? $0.seekToEnd() } ?? 0
        var end = size
        if wholeLinesOnly, let current {
            end = Self.endOfLastLine(in: current, size: size)
        }
        currentEnd = end
        let archives = Self.archives(in: directory, except: currentIdentity)
        spans = archives.map { LogFileSpan(archive: directory + "/" + $0) }
            + [LogFileSpan(path: directory + "/current", borrowing: current, end: end)]
    }

    deinit { currentDescriptor?.close() }

    /// Gives up ownership of `current`'s descriptor (a follower takes it over).
    func takeCurrentDescriptor() -> FileDescriptor? {
        defer { currentDescriptor = nil }
        return currentDescriptor
    }

    /// The archive names in `directory`, oldest first (their names are TAI64N labels), without
    /// the one that is `except`.
    static func archives(in directory: String, except excluded: FileIdentity?) -> [String] {
        let names = ((try? FileSystem.directoryEntries(directory)) ?? []).filter(LogDirectory.isArchiveName).sorted()
        guard let excluded else { return names }
        return names.filter { FileIdentity(path: directory + "/" + $0) != excluded }
    }

    /// The offset just after the last newline in the first `size` bytes of `file` (0 when the
    /// last 64 KiB hold none: a record is at most 8 KiB and its stamp).
    static func endOfLastLine(in file: FileDescriptor, size: Int) -> Int {
        let length = min(size, 64 * 1024)
        guard length > 0, let tail = try? file.read(upTo: length, at: size - length) else { return 0 }
        guard let newline = tail.lastIndex(of: 0x0a) else { return 0 }
        return size - tail.count + newline + 1
    }
}
