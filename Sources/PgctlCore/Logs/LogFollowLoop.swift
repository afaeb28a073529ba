import SuperviseSystem

/// `pgctl log`'s following: polls every service's follower and prints new records. Blocks
/// and per-service JSON print each service's records as they come (a `==> … <==` header when
/// the service changes, as `tail --follow` does). A merged view holds each record back for
/// ``holdBack`` seconds and releases records in time order, so that a record a supervisor
/// wrote a little late still lands in its place. Ends when output can no longer be written
/// (or when the process is killed).
struct LogFollowLoop {
    /// Seconds between polls.
    static let interval = 0.05
    /// How long a merged view keeps a new record before printing it.
    static let holdBack: Int64 = 150
    let followers: [LogFileFollower]
    let printer: LogPrinter
    let merged: Bool

    /// Follows until the output goes away.
    func run() {
        var held: [(record: LogRecord, arrival: MonotonicInstant, sequence: Int)] = []
        var sequence = 0
        while printer.isOpen {
            let now = MonotonicInstant.now
            for follower in followers {
                for record in follower.poll() {
                    if merged {
                        held.append((record, now, sequence))
                        sequence += 1
                    } else {
                        printer.print(record)
                    }
                }
            }
            if merged, !held.isEmpty {
                let due = now.adding(milliseconds: -Self.holdBack)
                if let cutoff = held.filter({ $0.arrival <= due }).map(\.record.order).max() {
                    let release = held.filter { $0.record.order <= cutoff }
                        .sorted { ($0.record.order, $0.sequence) < ($1.record.order, $1.sequence) }
                    held.removeAll { $0.record.order <= cutoff }
                    for entry in release { printer.print(entry.record) }
                }
            }
            printer.flush()
            Sleeping.sleep(seconds: Self.interval)
        }
    }
}
