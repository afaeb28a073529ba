import SuperviseSystem

/// Follows one log file like `tail -F`: remembers its position, returns complete new lines,
/// notices rotation (a new file under the same name, or a shorter one) and reads the old file's
/// rest before switching, and copes with the file appearing later.
public final class LogFeed {
    /// The followed path.
    public let path: String
    private var handle: FileDescriptor?
    private var inode: UInt64 = 0
    private var offset: UInt64 = 0
    private var partial: [UInt8] = []
    private var pendingInitial: Int?

    /// Follows `path`; the first read returns at most the last `initialLines` existing lines.
    public init(path: String, initialLines: Int) {
        self.path = path
        pendingInitial = initialLines
    }

    deinit { handle?.close() }

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
        handle?.close()
        handle = try? FileDescriptor.open(path, [.readOnly, .closeOnExec])
        self.inode = inode
        offset = 0
        partial = []
    }

    private func drain() -> [String] {
        guard let handle else { return [] }
        while let chunk = try? handle.read(upTo: 65536), !chunk.isEmpty {
            offset += UInt64(chunk.count)
            partial += chunk
        }
        var lines = [String]()
        var start = 0
        while let newline = partial[start...].firstIndex(of: 0x0a) {
            lines.append(String(decoding: partial[start..<newline], as: UTF8.self))
            start = newline + 1
        }
        partial.removeFirst(start)
        return lines
    }

    private static func identity(of path: String) -> (inode: UInt64, size: UInt64)? {
        FileSystem.inodeAndSize(of: path)
    }
}
