/// One record of a service's log: a line of one of its files, without the newline.
struct LogRecord {
    /// The service's position among the selected services.
    var service: Int
    /// The whole line as stored (stamp included), without its newline.
    var line: [UInt8]
    /// Length of the stamp and its two spaces at the start of ``line``; 0 when there is none.
    var stampLength: Int
    /// When the record was stamped; nil when its line carries no (usable) stamp.
    var time: LogInstant?
    /// The position used to order records of several services: ``time``, or for a line
    /// without a stamp the time of the record read just before it from the same service.
    var order: LogInstant
    /// Whether this is `current`'s last line and has no newline yet (shown without one in
    /// the blocks shape, as `tail` shows it).
    var unterminated = false

    /// The line without its stamp.
    var text: ArraySlice<UInt8> { line[stampLength...] }
    /// The stamp as stored, without the two spaces after it (empty when there is none).
    var stamp: ArraySlice<UInt8> { line[..<max(0, stampLength - 2)] }
}

/// Makes records from lines of one service, in one reading direction, carrying the order of
/// the previous record over to lines without a stamp.
struct LogRecordMaker {
    /// The service's position among the selected services.
    let service: Int
    private var clock = LogStampClock()
    private var lastOrder: LogInstant

    /// A maker for lines read forwards (`lastOrder` starts in the distant past) or backwards
    /// (in the distant future).
    init(service: Int, forwards: Bool) {
        self.service = service
        lastOrder = forwards ? .distantPast : .distantFuture
    }

    /// The record of `line` (without newline).
    mutating func record(_ line: [UInt8]) -> LogRecord {
        let stamp = LogStamp.parse(line[...])
        let time = stamp.flatMap { clock.instant(of: $0) }
        if let time { lastOrder = time }
        return LogRecord(service: service, line: line, stampLength: time == nil ? 0 : stamp?.length ?? 0,
                         time: time, order: lastOrder)
    }
}
