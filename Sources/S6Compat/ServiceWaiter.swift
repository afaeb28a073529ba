import SuperviseStatus
import SuperviseSystem

/// Why a wait could not be carried out.
public enum WaitError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Subscribing to a service's `event/` failed.
    case subscribeFailed(EventSubscriptionError)
    /// Reading a service's `supervise/status` failed (after subscribing).
    case statusUnreadable(directory: String, Errno)
    /// Waiting on or reading the listener FIFOs failed.
    case waitFailed(Errno)

    /// The message the s6 listeners print after `fatal: `. Like the real tools, the status
    /// error does not name the directory.
    public var s6Message: String {
        switch self {
        case .subscribeFailed(let error): return error.s6Message
        case .statusUnreadable(_, let error): return "unable to s6_svstatus_read: \(error)"
        case .waitFailed(let error): return "unable to iopause: \(error)"
        }
    }

    /// Exit code 111: a system call failed.
    public var exitCode: Int32 { S6ExitCode.systemCallFailed }

    public var description: String {
        if case .statusUnreadable(let directory, let error) = self {
            return "unable to read \(ServicePaths(directory).status): \(error)"
        }
        return s6Message
    }
}

/// How a wait ended.
public enum WaitOutcome: Equatable, Sendable {
    /// The goal was reached with no failure.
    case satisfied
    /// The goal was reached (or forced) but `count` services failed permanently or lost their
    /// supervisor.
    case failed(count: Int)
    /// The deadline passed first.
    case timedOut
    /// The interruption descriptor became readable (e.g. a signalfd got SIGTERM).
    case interrupted
}

/// Waits for services to reach a state, as `s6-svwait`, `s6-svlisten1` and `s6-svc -w` do,
/// by listening on their event fifodirs instead of polling:
///
/// 1. subscribe to every service's `event/`;
/// 2. read every `supervise/status` (the lock is not checked: a stale status is waited on);
/// 3. run `afterStatusRead` (this is where `s6-svc -w` sends its command);
/// 4. for each phase (two for a restart), check the goal against the current state, then
///    apply event bytes as they arrive until it is met, the deadline passes, or an
///    interruption arrives. Failures stop the wait at the end of the phase that saw them.
public struct ServiceWaiter: Sendable {
    /// The service directories.
    public var directories: [String]
    /// What to wait for.
    public var request: WaitRequest
    /// All services, or any.
    public var quantifier: WaitQuantifier
    /// Whose semantics to follow for restarts.
    public var flavor: WaitFlavor

    /// Creates a waiter.
    public init(directories: [String], request: WaitRequest, quantifier: WaitQuantifier = .all,
                flavor: WaitFlavor = .svwait) {
        self.directories = directories
        self.request = request
        self.quantifier = quantifier
        self.flavor = flavor
    }

    /// Runs the wait until `deadline` (nil: forever). `interruption`, when given, is polled
    /// with the listener FIFOs and ends the wait with ``WaitOutcome/interrupted`` when it
    /// becomes readable; the caller reads it. Subscriptions are removed before returning.
    public func run(deadline: MonotonicInstant?, interruption: FileDescriptor? = nil,
                    afterStatusRead: () -> Void = {}) throws(WaitError) -> WaitOutcome {
        var subscriptions: [EventSubscription] = []
        defer { subscriptions.forEach { $0.cancel() } }
        for directory in directories {
            do {
                subscriptions.append(try EventSubscription(serviceDirectory: directory))
            } catch {
                throw .subscribeFailed(error)
            }
        }
        var states: [ListenerState] = []
        for directory in directories {
            do {
                let record = try ServiceStatusReader.readRecord(directory)
                states.append(ListenerState(ServiceStatus(record: record, normallyUp: true)))
            } catch {
                throw .statusUnreadable(directory: directory, error)
            }
        }
        afterStatusRead()
        var progress = WaitProgress(request: request, quantifier: quantifier, flavor: flavor, states: states)
        let descriptors = subscriptions.map(\.readEnd) + (interruption.map { [$0] } ?? [])
        while true {
            for (index, subscription) in subscriptions.enumerated() where progress.outcome == nil {
                do {
                    progress.receive(try subscription.readAvailable(), from: index)
                } catch {
                    throw .waitFailed(error)
                }
            }
            if let outcome = progress.outcome { return outcome }
            guard let timeout = Deadline.remainingMilliseconds(until: deadline) else { return .timedOut }
            let readiness: [Poller.Readiness]
            do {
                readiness = try Poller.waitReadable(descriptors, timeoutMilliseconds: timeout)
            } catch {
                throw .waitFailed(error)
            }
            if let interruption, readiness.contains(where: { $0.fd == interruption && $0.readable }) {
                return .interrupted
            }
        }
    }
}
