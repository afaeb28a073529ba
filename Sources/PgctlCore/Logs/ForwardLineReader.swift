/// Reads the lines of a ``LogFileSpan`` from an offset to its end in large blocks. A final
/// piece without a newline counts as a line.
struct ForwardLineReader {
    /// Bytes read per block unless told otherwise.
    static let blockSize = 64 * 1024
    private let span: LogFileSpan
    private let blockSize: Int
    private var offset: Int
    private var buffer: [UInt8] = []
    private var start = 0
    /// Whether the last line returned was a final piece without a newline.
    private(set) var lastLineUnterminated = false

    /// A reader starting at `offset` (the start of a line) in `span`, reading `blockSize`
    /// bytes at a time.
    init(_ span: LogFileSpan, from offset: Int = 0, blockSize: Int = Self.blockSize) {
        self.span = span
        self.offset = offset
        self.blockSize = blockSize
    }

    /// The next line without its newline; nil at the end.
    mutating func next() -> [UInt8]? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0a) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                return line
            }
            let block = span.read(blockSize, at: offset)
            if block.isEmpty {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                lastLineUnterminated = true
                return line
            }
            offset += block.count
            buffer.removeFirst(start)
            start = 0
            buffer += block
        }
    }
}
