import SuperviseSystem

/// The last lines of log files in the shape of `tail -n 30 --verbose file…` (GNU tail): a
/// `==> name <==` header per file, a blank line before every header but the first, the
/// file's last lines byte for byte (a final line without newline stays without one).
enum LogTail {
    /// Lines shown per file.
    static let lineCount = 30

    /// The tail output for `files` (display name, path). Unreadable files show no lines.
    static func render(_ files: [(name: String, path: String)], lines: Int = lineCount) -> [UInt8] {
        var output = [UInt8]()
        for (index, file) in files.enumerated() {
            if index > 0 { output += Array("\n".utf8) }
            output += Array("==> \(file.name) <==\n".utf8)
            output += lastLines(ofFileAt: file.path, count: lines)
        }
        return output
    }

    /// The last `count` lines of `data`, where a line ends with `\n` and a trailing piece
    /// without one also counts as a line.
    static func lastLines(of data: [UInt8], count: Int) -> [UInt8] {
        guard count > 0, !data.isEmpty else { return [] }
        var newlines = 0
        var index = data.count - 1
        // A final newline ends the last line; it does not start a new one.
        if data[index] == UInt8(ascii: "\n") { index -= 1 }
        while index >= 0 {
            if data[index] == UInt8(ascii: "\n") {
                newlines += 1
                if newlines == count { return Array(data[(index + 1)...]) }
            }
            index -= 1
        }
        return data
    }

    /// The last `count` lines of the file at `path`, read backwards in blocks so that a large
    /// log is not read whole.
    static func lastLines(ofFileAt path: String, count: Int) -> [UInt8] {
        guard let fd = try? FileDescriptor.open(path, [.readOnly, .closeOnExec]) else { return [] }
        defer { fd.close() }
        guard let size = try? fd.seekToEnd(), size > 0 else { return [] }
        let block = 65536
        var data = [UInt8]()
        var offset = Int(size)
        while offset > 0 {
            let length = min(block, offset)
            offset -= length
            guard let chunk = try? fd.read(upTo: length, at: offset), chunk.count == length else { break }
            data = chunk + data
            // count + 1 newlines guarantee `count` whole lines (plus the final newline).
            if data.reduce(0, { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }) > count { break }
        }
        return lastLines(of: data, count: count)
    }
}
