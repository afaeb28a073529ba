import Foundation

/// Follows one log file like `tail -F`: remembers its position, returns complete new lines,
/// notices rotation (a new file under the same name, or a shorter one) and reads the old file's
/// rest before switching, and copes with the file appearing later.
public final class LogFeed {
    /// The followed path.
    public let path: String
    private var handle: FileHandle?
    private var inode: UInt64 = 0
    private var offset: UInt64 = 0
    private var partial = Data()
    private var pendingInitial: Int?

    /// Follows `path`; the first read returns at most the last `initialLines` existing lines.
    public init(path: String, initialLines: Int) {
        self.path = path
        pendingInitial = initialLines
    }

    deinit { try? handle?.close() }

    /// Complete lines added since the last call (without newlines).
    public func readNewLines() -> [String] {
        var lines = [String]()
        if let current = Self.identity(of: path), current.inode != inode || current.size < offset {
            lines += drain() // the rest of the rotated file
            reopen(inode: current.inode)
        } else if handle == nil, let current = Self.identity(of: path) {
            reopen(inode: current.inode)
        }
        lines += drain()
        if let keep = pendingInitial {
            pendingInitial = nil
            lines = Array(lines.suffix(keep))
        }
        return lines
    }

    private func reopen(inode: UInt64) {
        try? handle?.close()
        handle = FileHandle(forReadingAtPath: path)
        self.inode = inode
        offset = 0
        partial = Data()
    }

    private func drain() -> [String] {
        guard let handle else { return [] }
        guard let data = try? handle.readToEnd(), !data.isEmpty else { return [] }
        offset += UInt64(data.count)
        partial.append(data)
        var lines = [String]()
        while let newline = partial.firstIndex(of: 0x0a) {
            lines.append(String(decoding: partial[partial.startIndex..<newline], as: UTF8.self))
            partial.removeSubrange(partial.startIndex...newline)
        }
        return lines
    }

    private static func identity(of path: String) -> (inode: UInt64, size: UInt64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_ino), UInt64(info.st_size))
    }
}
