import S6Compat
import SuperviseStatus
import SuperviseSystem

/// pgctl's view of one service's supervisor through s6's on-disk protocol (spec s6 §2.3–§5),
/// by way of S6Compat (the same code as our `s6-svok`, `s6-svstat`, `s6-svc`, `s6-svwait`):
/// liveness by probing the fcntl lock on `supervise/lock`, the 35-byte `supervise/status`,
/// command bytes into `supervise/control`, the death tally.
///
/// This is the one place pgctl touches those files.
struct SupervisorChannel {
    /// The service directory.
    let servicePath: String

    private var superviseDirectory: String { servicePath + "/supervise" }

    /// Whether a supervisor holds `supervise/lock` (s6-svok's test; a missing lock file means
    /// no supervisor, and so does an unreadable one).
    var isRunning: Bool {
        (try? S6Compat.ServiceStatusReader.supervisorIsRunning(servicePath)) ?? false
    }

    /// The pid of the process holding `supervise/lock` (the supervisor), nil when none does
    /// or the lock cannot be probed. `fcntl(F_GETLK)` reports the holder of a conflicting lock.
    var supervisorPID: Int32? {
        guard let lock = try? SafeFile.open(superviseDirectory + "/lock", [.readOnly, .nonBlocking], kind: .regular) else { return nil }
        defer { lock.close() }
        return (try? lock.writeLockHolder()) ?? nil
    }

    /// The status record, nil when missing or truncated.
    func readStatus() -> StatusRecord? {
        try? S6Compat.ServiceStatusReader.readRecord(servicePath)
    }

    /// The supervisor's status when it is running; nil when no supervisor runs. The liveness
    /// check comes first, as in s6-svstat: a dead supervisor's status file is stale.
    func liveStatus() -> StatusRecord? {
        guard isRunning else { return nil }
        return readStatus()
    }

    /// Writes `commands` into `supervise/control` in one write, as `s6-svc` does. False when
    /// no supervisor is listening (no FIFO, or no reader).
    @discardableResult
    func send(_ commands: [ControlCommand]) -> Bool {
        (try? ControlSender.send(commands, to: servicePath)) != nil
    }

    /// The most of `supervise/death_tally` read (far more than s6's 4096 records of 14 bytes).
    static let deathTallyLimit = 1 << 20

    /// The deaths of `run` recorded in `supervise/death_tally` at or after `moment`.
    func deaths(since moment: TAI64N) -> [DeathRecord] {
        guard let bytes = try? SafeFile.read(superviseDirectory + "/death_tally", limit: Self.deathTallyLimit) else { return [] }
        return DeathRecord.decodeAll(bytes).filter { $0.stamp >= moment }
    }

    /// Now, as a TAI64N label (the clock the supervisor stamps its records with).
    static func now() -> TAI64N {
        let now = WallClock.now()
        return TAI64N(unixSeconds: now.seconds, nanoseconds: now.nanoseconds)
    }
}

/// A subscription to a service's `event/` fifodir (spec s6 §5), S6Compat's listener FIFO.
/// Subscribe first, then read the status, then wait: no event can be missed in between.
final class SupervisorEvents {
    private let listener: S6Compat.EventSubscription

    /// The non-blocking read end, to poll on.
    var fd: Int32 { listener.readEnd.rawValue }

    /// Subscribes to `<servicePath>/event`, creating the fifodir as s6's listeners do (mode
    /// 03730, our group) when no supervisor made it yet.
    init(servicePath: String) throws(PgctlError) {
        do {
            listener = try S6Compat.EventSubscription(serviceDirectory: servicePath)
        } catch {
            throw PgctlError("cannot subscribe to the events of \(servicePath): \(error.errno)")
        }
    }

    /// The event bytes received since the last call (empty when none).
    func drain() -> [SupervisorEvent] {
        var events: [SupervisorEvent] = []
        while let bytes = try? listener.readAvailable(), !bytes.isEmpty {
            events += bytes.compactMap(SupervisorEvent.init(rawValue:))
        }
        return events
    }

    /// Unsubscribes (removes the FIFO).
    func close() { listener.cancel() }

    /// Waits until one of `subscriptions` has an event or `seconds` pass.
    static func wait(_ subscriptions: [SupervisorEvents], seconds: Double) {
        let milliseconds = Int32(max(0, min(seconds, 3600)) * 1000 + 0.999)
        _ = try? Poller.waitReadable(subscriptions.map { FileDescriptor(rawValue: $0.fd) }, timeoutMilliseconds: milliseconds)
    }
}
