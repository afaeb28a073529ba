/// Reads the lines of a ``LogFileSpan`` from the last to the first, in blocks taken from the
/// end (8 KiB first, doubling up to 64 KiB), so that the newest lines of a large file cost one
/// or two small reads. A final piece without a newline counts as a line.
struct BackwardLineReader {
    /// Bytes of the first block read.
    static let firstBlockSize = 8 * 1024
    /// The largest block read.
    static let largestBlockSize = 64 * 1024
    private let span: LogFileSpan
    private var blockSize = Self.firstBlockSize
    /// Bytes `0..<unread` are not read yet.
    private var unread: Int
    /// Read bytes not yet returned (they end where the last returned line began, minus its
    /// newline).
    private var pending: [UInt8] = []
    private var finished = false
    /// Whether the span's last byte is not a newline: the first line returned is unfinished.
    private(set) var endsWithoutNewline = false

    /// A reader starting at the end of `span`.
    init(_ span: LogFileSpan) {
        self.span = span
        unread = span.end
        if unread == 0 {
            finished = true
        } else {
            fill()
            if pending.last == 0x0a { pending.removeLast() } else { endsWithoutNewline = !pending.isEmpty }
        }
    }

    /// The next line towards the start of the file, without its newline; nil at the start.
    mutating func next() -> [UInt8]? {
        while !finished {
            if let newline = pending.lastIndex(of: 0x0a) {
                let line = Array(pending[(newline + 1)...])
                pending.removeSubrange(newline...)
                return line
            }
            if unread == 0 {
                finished = true
                return pending
            }
            fill()
        }
        return nil
    }

    private mutating func fill() {
        let length = min(blockSize, unread)
        blockSize = min(blockSize * 2, Self.largestBlockSize)
        let block = span.read(length, at: unread - length)
        guard block.count == length else {
            // The file shrank under us: stop at what was read.
            unread = 0
            return
        }
        unread -= length
        pending = block + pending
    }
}
