import SuperviseSystem

/// Makes sure a start or stop of many services cannot run out of file descriptors half-way.
///
/// While a change runs pgctl holds, per service, the command lock and the two ends of its
/// event-listener FIFO, and briefly a few more while launching a supervisor. Before anything
/// moves, the soft `RLIMIT_NOFILE` is raised (up to the hard limit, and only when needed);
/// when even the hard limit is too low the change is refused with the numbers, so no
/// service is left started or stopped half-way.
enum DescriptorBudget {
    /// Descriptors held per service during a change.
    static let perService: UInt64 = 3
    /// Descriptors for everything else: stdio, the launch of a supervisor (its pipes and the
    /// service lock), `/proc` scans, hooks and the log viewer.
    static let reserve: UInt64 = 32

    /// The descriptors a change of `count` services needs.
    static func needed(services count: Int) -> UInt64 {
        UInt64(count) * perService + reserve
    }

    /// Raises the soft limit to cover `count` services, or throws naming the limit.
    /// `verb` is `start`/`stop`, for the message.
    static func ensure(services count: Int, verb: String) throws(PgctlError) {
        let needed = needed(services: count)
        guard let limit = try? OpenFileLimit.current() else { return }
        if limit.soft >= needed { return }
        if limit.hard >= needed, (try? OpenFileLimit.setSoft(needed)) != nil { return }
        throw PgctlError(
            "cannot \(verb) \(count) services: that needs about \(needed) open files, but the limit is \(limit.soft) "
                + "(hard limit \(limit.hard)); raise it (e.g. `ulimit -n \(needed)`) and try again. Nothing was changed.")
    }
}
