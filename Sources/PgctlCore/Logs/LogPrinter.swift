/// Writes records in one of `pgctl log`'s three shapes, buffering up to 64 KiB per write:
/// - blocks (5.2.1's, `tail --verbose`): `==> playground/web/logs/current <==`, then each
///   service's lines as stored, a blank line before every header but the first;
/// - merged: `2026-12-03 10:00:01.123456789     web | GET / 200` — the record's own stamp,
///   two spaces, the service name right-aligned to the longest, ` | `, the text; names
///   coloured when ``colours`` is on;
/// - JSON Lines: `{"service": "web", "time": "2026-12-03T10:00:01.123456789Z", "text": "GET / 200"}`.
final class LogPrinter {
    /// The output shape.
    enum Shape { case blocks, merged, json }

    let shape: Shape
    /// Service names (merged, JSON) by position.
    let names: [String]
    /// Block headers by position (the `logs/current` paths as shown).
    let headers: [String]
    /// Whether service names get colours (merged text on a terminal, no `NO_COLOR`).
    let colours: Bool
    private let width: Int
    private var buffer: [UInt8] = []
    private let sink: ([UInt8]) -> Bool
    /// Which service's block was printed last (blocks shape), nil before the first.
    private var lastBlock: Int?
    /// False once a write failed (the reader went away).
    private(set) var isOpen = true

    /// Colours given to services in turn: green, yellow, blue, magenta, cyan, red and their
    /// bright forms.
    static let palette = ["32", "33", "34", "35", "36", "31", "92", "93", "94", "95", "96", "91"]

    /// A printer writing through `sink` (which returns false when the write failed).
    init(shape: Shape, names: [String], headers: [String], colours: Bool, sink: @escaping ([UInt8]) -> Bool) {
        self.shape = shape
        self.names = names
        self.headers = headers
        self.colours = colours && shape == .merged
        width = names.map(\.count).max() ?? 0
        self.sink = sink
    }

    /// Starts a service's block (blocks shape; a header even when it has no records).
    func beginBlock(_ service: Int) {
        guard shape == .blocks else { return }
        if lastBlock != nil { buffer.append(0x0a) }
        buffer += Array("==> \(headers[service]) <==\n".utf8)
        lastBlock = service
    }

    /// Prints one record (in the blocks shape, a header first when the service changed).
    func print(_ record: LogRecord) {
        switch shape {
        case .blocks:
            if lastBlock != record.service { beginBlock(record.service) }
            buffer += record.line
            if !record.unterminated { buffer.append(0x0a) }
        case .merged:
            if record.stampLength > 0 {
                buffer += record.stamp
            } else {
                buffer += Array(repeating: 0x20, count: 29)
            }
            buffer += Array("  ".utf8)
            let name = names[record.service]
            let padding = String(repeating: " ", count: max(0, width - name.count))
            if colours {
                let colour = Self.palette[record.service % Self.palette.count]
                buffer += Array("\(padding)\u{1b}[\(colour)m\(name)\u{1b}[0m | ".utf8)
            } else {
                buffer += Array("\(padding)\(name) | ".utf8)
            }
            buffer += record.text
            buffer.append(0x0a)
        case .json:
            let time = record.time.map { PythonJSONEncoder.quoted($0.rfc3339) } ?? "null"
            let text = PythonJSONEncoder.quoted(String(decoding: record.text, as: UTF8.self))
            buffer += Array("{\"service\": \(PythonJSONEncoder.quoted(names[record.service])), \"time\": \(time), \"text\": \(text)}\n".utf8)
        }
        if buffer.count >= 64 * 1024 { flush() }
    }

    /// Writes what is buffered.
    func flush() {
        guard !buffer.isEmpty else { return }
        if isOpen { isOpen = sink(buffer) }
        buffer.removeAll(keepingCapacity: true)
    }
}
