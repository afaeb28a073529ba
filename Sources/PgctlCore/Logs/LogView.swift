import SuperviseSystem

/// `pgctl log` with its options: opens each selected service's history, prints the chosen
/// records in the chosen shape, then follows if asked.
///
/// Which records: with `--since` and no `-n`, every record from the first at or after that
/// moment (found by ``LogSinceSearch``, read forwards); otherwise the last `-n` (default 30)
/// records — per service, or in total when merged — read backwards from the ends of the
/// files (stopping at `--since` if given). Nothing reads a whole file it does not print.
struct LogView {
    /// One selected service: its name, the header of its block, its `logs` directory.
    struct Source {
        var name: String
        var header: String
        var directory: String
    }

    let sources: [Source]
    let options: LogOptions
    /// Whether to follow after printing.
    let follow: Bool
    /// Whether merged text gets coloured names.
    let colours: Bool

    /// Prints, and follows when asked, writing through `sink` (false: the write failed).
    func run(sink: @escaping ([UInt8]) -> Bool) {
        let shape: LogPrinter.Shape = options.json ? .json : (options.merge ? .merged : .blocks)
        let printer = LogPrinter(shape: shape, names: sources.map(\.name), headers: sources.map(\.header),
                                 colours: colours, sink: sink)
        let histories = sources.map { ServiceLogFiles(directory: $0.directory, wholeLinesOnly: follow) }
        let since = options.since?.instant(now: WallClock.now())
        if let since, options.lines == nil {
            printForwards(histories, since: since, printer)
        } else {
            printLast(histories, count: options.lines ?? LogOptions.defaultLines, since: since, printer)
        }
        printer.flush()
        guard follow else { return }
        let followers = histories.enumerated().map { index, history in
            LogFileFollower(service: index, directory: history.directory, descriptor: history.takeCurrentDescriptor(),
                            identity: history.currentIdentity, offset: history.currentEnd)
        }
        LogFollowLoop(followers: followers, printer: printer, merged: options.merge).run()
    }

    /// The last `count` records (per service, or in total when merged), none before `since`.
    private func printLast(_ histories: [ServiceLogFiles], count: Int, since: LogInstant?, _ printer: LogPrinter) {
        var readers = histories.enumerated().map { BackwardRecordSource(service: $0.offset, spans: $0.element.spans) }
        let floor = since ?? .distantPast
        if options.merge {
            var heads = readers.indices.map { readers[$0].next() }
            var newestFirst: [LogRecord] = []
            while newestFirst.count < count {
                // The newest head; on equal times the later service (so the oldest-first
                // result keeps service order).
                var best: Int?
                for index in heads.indices {
                    guard let head = heads[index], head.order >= floor else { continue }
                    if let current = best, let bestHead = heads[current], bestHead.order > head.order { continue }
                    best = index
                }
                guard let chosen = best, let record = heads[chosen] else { break }
                newestFirst.append(record)
                heads[chosen] = readers[chosen].next()
            }
            for record in newestFirst.reversed() { printer.print(record) }
        } else {
            for index in readers.indices {
                var newestFirst: [LogRecord] = []
                while newestFirst.count < count, let record = readers[index].next(), record.order >= floor {
                    newestFirst.append(record)
                }
                printer.beginBlock(index)
                for record in newestFirst.reversed() { printer.print(record) }
            }
        }
    }

    /// Every record at or after `since`, oldest first (merged: in time order across services).
    private func printForwards(_ histories: [ServiceLogFiles], since: LogInstant, _ printer: LogPrinter) {
        var search = LogSinceSearch()
        var readers = histories.enumerated().map { index, history in
            ForwardRecordSource(service: index, spans: history.spans, from: search.start(in: history.spans, since: since))
        }
        if options.merge {
            var heads = readers.indices.map { readers[$0].next() }
            while true {
                var best: Int?
                for index in heads.indices {
                    guard let head = heads[index] else { continue }
                    if let current = best, let bestHead = heads[current], bestHead.order <= head.order { continue }
                    best = index
                }
                guard let chosen = best, let record = heads[chosen] else { break }
                printer.print(record)
                heads[chosen] = readers[chosen].next()
            }
        } else {
            for index in readers.indices {
                printer.beginBlock(index)
                while let record = readers[index].next() { printer.print(record) }
            }
        }
    }
}
