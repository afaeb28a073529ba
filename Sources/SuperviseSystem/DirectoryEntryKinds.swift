import Glibc

extension FileSystem {
    /// A name in a directory listing with the kind `readdir(3)` reported for it (`d_type`),
    /// nil when the file system did not say (`DT_UNKNOWN`). The kind is the entry's own: a
    /// symbolic link is `.symlink`, whatever it points to.
    public struct DirectoryEntry: Sendable, Equatable {
        /// The entry's name.
        public let name: String
        /// Its kind from `d_type`, without a `stat`.
        public let kind: FileKind?
    }

    /// The entries of the directory `path` except `.` and `..`, in `readdir` order, each with
    /// its `d_type`: callers that need only directories `stat` the links and unknowns alone.
    public static func directoryEntriesWithKinds(_ path: String) throws(Errno) -> [DirectoryEntry] {
        guard let dir = opendir(path) else { throw Errno.current }
        defer { closedir(dir) }
        var entries = [DirectoryEntry]()
        forEachNamedEntry(of: dir) { name, type in entries.append(DirectoryEntry(name: name, kind: kind(ofEntryType: type))) }
        return entries
    }

    /// The kind a `d_type` stands for; nil for `DT_UNKNOWN`.
    private static func kind(ofEntryType type: UInt8) -> FileKind? {
        switch Int32(type) {
        case Int32(DT_UNKNOWN): return nil
        case Int32(DT_REG): return .regular
        case Int32(DT_DIR): return .directory
        case Int32(DT_LNK): return .symlink
        case Int32(DT_FIFO): return .fifo
        default: return .other
        }
    }
}
