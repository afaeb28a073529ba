/// Cuts a byte stream into lines, the way s6-log does: at each newline, and at most
/// `maximumLineLength` bytes per line (a longer line is split into several).
/// A partial line is kept until its newline arrives, or flushed explicitly.
public struct LineAssembler {
    /// s6-log's default line limit.
    public static let defaultMaximumLineLength = 8192

    /// The line length limit (without the newline).
    public let maximumLineLength: Int
    private var partial: [UInt8] = []

    /// Creates an assembler with the given line limit.
    public init(maximumLineLength: Int = defaultMaximumLineLength) {
        self.maximumLineLength = maximumLineLength
    }

    /// Whether an incomplete line is pending.
    public var hasPartialLine: Bool { !partial.isEmpty }

    /// Feeds `bytes`, calling `emit` with each complete line (without its newline), in order.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        let count = bytes.count
        var index = 0
        while index < count {
            if bytes[index] == 0x0a {
                emitLine(bytes, from: start, to: index, emit: emit)
                start = index + 1
            } else if partial.count + (index - start) >= maximumLineLength {
                emitLine(bytes, from: start, to: index, emit: emit)
                start = index
            }
            index += 1
        }
        if start < count {
            partial.append(contentsOf: bytes[start..<count])
        }
    }

    /// Emits the pending partial line, if any (used when the writer goes away).
    public mutating func flush(emit: (UnsafeRawBufferPointer) -> Void) {
        guard !partial.isEmpty else { return }
        partial.withUnsafeBytes(emit)
        partial.removeAll(keepingCapacity: true)
    }

    private mutating func emitLine(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int,
                                   emit: (UnsafeRawBufferPointer) -> Void) {
        if partial.isEmpty {
            emit(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
        } else {
            partial.append(contentsOf: bytes[start..<end])
            partial.withUnsafeBytes(emit)
            partial.removeAll(keepingCapacity: true)
        }
    }
}
