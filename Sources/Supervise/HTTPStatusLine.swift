/// The status line of an HTTP/1.x answer (`HTTP/1.1 200 OK`), for the `ready-http` probe:
/// only the code matters. Pure.
enum HTTPStatusLine {
    /// What the bytes received so far show.
    enum Reading: Equatable {
        /// No complete status line yet.
        case incomplete
        /// Not an HTTP/1.x status line (or the connection ended before one).
        case malformed
        /// The status code.
        case status(Int)
    }

    /// The longest status line waited for.
    static let maximumLength = 1024

    /// Reads `bytes`, the start of the answer; `ended`: the peer closed the connection.
    static func status(in bytes: [UInt8], ended: Bool) -> Reading {
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
            return ended || bytes.count > maximumLength ? .malformed : .incomplete
        }
        let line = bytes[..<newline]
        let prefix = Array("HTTP/1.".utf8)
        guard line.count >= 12, Array(line.prefix(prefix.count)) == prefix, line[line.startIndex + 8] == UInt8(ascii: " ") else {
            return .malformed
        }
        let digits = line[(line.startIndex + 9)..<(line.startIndex + 12)]
        guard digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return .malformed }
        if line.count > 12, line[line.startIndex + 12] != UInt8(ascii: " "), line[line.startIndex + 12] != UInt8(ascii: "\r") { return .malformed }
        return .status(digits.reduce(0) { $0 * 10 + Int($1 - 0x30) })
    }
}
