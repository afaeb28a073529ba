import SuperviseSystem

/// Follows one service's `logs/current` from a known place, handing out each complete new
/// record exactly once. A rotation (the supervisor renames `current` to `@<tai64n>.s` and
/// starts a new one) is seen when `current` names another file: the old file is read to its
/// end through the descriptor still open on it, then any archives newer than it (several
/// rotations between two polls), then the new `current` from its start. A removed log
/// directory is waited for.
final class LogFileFollower {
    /// The `logs` directory.
    let directory: String
    private var descriptor: FileDescriptor?
    private var identity: FileIdentity?
    private var offset: Int
    private var partial: [UInt8] = []
    private var maker: LogRecordMaker

    /// Continues from `offset` (the start of a line) in `descriptor`, open on the file that
    /// was `current` (identity `identity`); takes over the descriptor.
    init(service: Int, directory: String, descriptor: FileDescriptor?, identity: FileIdentity?, offset: Int) {
        self.directory = directory
        self.descriptor = descriptor
        self.identity = identity
        self.offset = offset
        maker = LogRecordMaker(service: service, forwards: true)
    }

    deinit { descriptor?.close() }

    /// The records completed since the last call, oldest first.
    func poll() -> [LogRecord] {
        var lines = drain()
        let named = FileIdentity(path: directory + "/current")
        if let named, named != identity {
            lines += drain()
            if !partial.isEmpty {
                lines.append(partial)
                partial = []
            }
            lines += switchFiles()
        }
        return lines.map { maker.record($0) }
    }

    /// Opens the new `current`, and returns the lines of the archives made since the old one.
    private func switchFiles() -> [[UInt8]] {
        let fresh = try? FileDescriptor.open(directory + "/current", [.readOnly, .closeOnExec])
        let freshIdentity = fresh.flatMap { FileIdentity.of($0)?.identity }
        let archives = ServiceLogFiles.archives(in: directory, except: freshIdentity)
        var lines: [[UInt8]] = []
        if let identity, let mine = archives.firstIndex(where: { FileIdentity(path: directory + "/" + $0) == identity }) {
            for name in archives[(mine + 1)...] {
                var reader = ForwardLineReader(LogFileSpan(archive: directory + "/" + name))
                while let line = reader.next() { lines.append(line) }
            }
        }
        descriptor?.close()
        descriptor = fresh
        identity = freshIdentity
        offset = 0
        partial = []
        return lines + drain()
    }

    /// Complete lines appended to the open file since the last read.
    private func drain() -> [[UInt8]] {
        guard let descriptor else { return [] }
        if let size = try? descriptor.seekToEnd(), size < offset {
            // Cut back (a torn write undone): go on from the new end.
            offset = size
            partial = []
        }
        var lines: [[UInt8]] = []
        while let chunk = try? descriptor.read(upTo: 64 * 1024, at: offset), !chunk.isEmpty {
            offset += chunk.count
            var start = 0
            while let newline = chunk[start...].firstIndex(of: 0x0a) {
                if partial.isEmpty {
                    lines.append(Array(chunk[start..<newline]))
                } else {
                    lines.append(partial + chunk[start..<newline])
                    partial = []
                }
                start = newline + 1
            }
            partial += chunk[start...]
        }
        return lines
    }
}
