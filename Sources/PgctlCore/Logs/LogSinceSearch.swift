/// Finds where a service's records at or after a moment begin, without reading whole files:
/// records are in time order, so the file is found by its first record, and the place in it
/// by a binary search over byte offsets (seek, skip to the next line start, read that line's
/// stamp), ending with a short forward scan.
struct LogSinceSearch {
    /// Below this many bytes the search scans forward instead of bisecting.
    static let scanThreshold = 16 * 1024
    /// Bytes read per probe (reads go on while no line start or stamp is in them).
    static let probeSize = 512
    /// Bytes read at a time by the final forward scan.
    static let scanBlockSize = 4096
    private var clock = LogStampClock()

    /// The position of the first record at or after `since` in `spans` (oldest first); the
    /// end of the last span when there is none.
    mutating func start(in spans: [LogFileSpan], since: LogInstant) -> LogPosition {
        for index in spans.indices.reversed() {
            let span = spans[index]
            guard span.end > 0, let first = firstTime(in: span, from: 0, before: span.end) else { continue }
            if first.time < since { return LogPosition(span: index, offset: bisect(span, since: since)) }
        }
        return LogPosition(span: 0, offset: 0)
    }

    /// The offset of the first line at or after `since` in `span`, whose first line is earlier.
    private mutating func bisect(_ span: LogFileSpan, since: LogInstant) -> Int {
        // `low` is the start of a line earlier than `since`; the answer is after it and at or
        // before the first line starting at or after `high`.
        var low = 0
        var high = span.end
        while high - low > Self.scanThreshold {
            let middle = low + (high - low) / 2
            if let probe = firstTime(in: span, from: middle, before: high), probe.time < since {
                low = probe.lineStart
            } else {
                high = middle
            }
        }
        var reader = ForwardLineReader(span, from: low, blockSize: Self.scanBlockSize)
        var offset = low
        while let line = reader.next() {
            if let stamp = LogStamp.parse(line[...]), let time = clock.instant(of: stamp), time >= since { return offset }
            offset += line.count + 1
        }
        return span.end
    }

    /// The first stamped line starting at or after `offset` and before `limit`: its start and
    /// time. Nil when there is none.
    private mutating func firstTime(in span: LogFileSpan, from offset: Int, before limit: Int) -> (lineStart: Int, time: LogInstant)? {
        // The first line start at or after `offset` follows the first newline at or after
        // `offset - 1`.
        var position = max(0, offset - 1)
        var atLineStart = offset == 0
        var buffer: [UInt8] = []
        var bufferStart = position
        while position < limit {
            if buffer.isEmpty { bufferStart = position; buffer = span.read(Self.probeSize, at: position) }
            guard !buffer.isEmpty else { return nil }
            let relative = position - bufferStart
            if !atLineStart {
                guard let newline = buffer[relative...].firstIndex(of: 0x0a) else {
                    position = bufferStart + buffer.count
                    buffer = []
                    continue
                }
                position = bufferStart + newline + 1
                atLineStart = true
                continue
            }
            // A line starts at `position`: make sure its stamp is in the buffer.
            if buffer.count - relative < 64 && bufferStart + buffer.count < span.end {
                buffer = span.read(Self.probeSize, at: position)
                bufferStart = position
                continue
            }
            let rest = buffer[(position - bufferStart)...]
            if let stamp = LogStamp.parse(rest), let time = clock.instant(of: stamp) {
                return (position, time)
            }
            atLineStart = false
        }
        return nil
    }
}
