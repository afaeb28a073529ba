/// A service's records from the newest to the oldest, across `current` and the archives,
/// reading blocks from the ends of the files.
struct BackwardRecordSource {
    private let spans: [LogFileSpan]
    private var spanIndex: Int
    private var reader: BackwardLineReader?
    private var maker: LogRecordMaker
    private var atNewestLine = true

    /// The records of `spans` (oldest first), newest first.
    init(service: Int, spans: [LogFileSpan]) {
        self.spans = spans
        spanIndex = spans.count
        maker = LogRecordMaker(service: service, forwards: false)
    }

    /// The next older record; nil when the history is exhausted.
    mutating func next() -> LogRecord? {
        while true {
            if let line = reader?.next() {
                var record = maker.record(line)
                // `current`'s last line without its newline (tail prints it so).
                record.unterminated = atNewestLine && spanIndex == spans.count - 1 && reader?.endsWithoutNewline == true
                atNewestLine = false
                return record
            }
            guard spanIndex > 0 else { return nil }
            spanIndex -= 1
            reader = BackwardLineReader(spans[spanIndex])
        }
    }
}

/// A service's records from a position on to the end of its history, oldest first.
struct ForwardRecordSource {
    private let spans: [LogFileSpan]
    private var spanIndex: Int
    private var reader: ForwardLineReader?
    private var maker: LogRecordMaker

    /// The records of `spans` (oldest first) from `offset` in `spans[span]` on.
    init(service: Int, spans: [LogFileSpan], from position: LogPosition) {
        self.spans = spans
        spanIndex = position.span
        maker = LogRecordMaker(service: service, forwards: true)
        if position.span < spans.count { reader = ForwardLineReader(spans[position.span], from: position.offset) }
    }

    /// The next newer record; nil at the end.
    mutating func next() -> LogRecord? {
        while true {
            if let line = reader?.next() {
                var record = maker.record(line)
                record.unterminated = spanIndex == spans.count - 1 && reader?.lastLineUnterminated == true
                return record
            }
            spanIndex += 1
            guard spanIndex < spans.count else { return nil }
            reader = ForwardLineReader(spans[spanIndex])
        }
    }
}

/// A place in a service's history: a span (index, oldest first) and a byte offset in it.
struct LogPosition: Equatable {
    var span: Int
    var offset: Int
}
