import ServiceDefinition
import SuperviseSystem

/// One run of a readiness probe, from a spawn of `run` until it passes or `run` dies, driven
/// by the supervisor's loop: its socket goes into the loop's poll set (``watch(into:)``), its
/// deadline into the loop's wait (``deadline``), and ``step(_:now:)`` advances it after each
/// wait. No thread, no blocking call (except resolving a host name, once, at the start).
///
/// TCP and HTTP attempts are non-blocking connects (and a `GET` with `Connection: close`),
/// each limited to ``ProbeBackoff/attemptLimitMilliseconds``, retried after ``ProbeBackoff``'s
/// waits. A log probe matches the lines the loop hands to ``observe(line:)``. Failed attempts
/// write nothing but the outcome in ``ProbeReportFile`` (when it changes).
final class ReadinessProber {
    /// The probe being run.
    let probe: ReadinessProbe
    /// When it started (the spawn of `run`).
    let startedAt: MonotonicInstant
    /// When to say once that it has not passed yet (nil: said already).
    private var slowNoticeAt: MonotonicInstant?
    private var addresses: [SocketAddress]
    private var nextAddress = 0
    private var backoff = ProbeBackoff()
    /// Whether the back-off reached its cap (the probe's steady state).
    private var reachedCap = false
    private var regex: PosixRegex?
    private var request: [UInt8]
    private var report: ProbeReportFile
    /// What the last attempt came to, in words following "its readiness check <probe>".
    private(set) var outcome = ProbeOutcome.notTriedYet
    /// Set when the code this probe ran once (its start, its back-off, its notice) need not stay
    /// resident: the loop may give back its executable pages (see ``ExecutableText``). Cleared by
    /// the loop.
    var settled = false
    /// Set once the probe passed.
    private(set) var passed = false

    private enum Attempt {
        /// Waiting to try again at this instant.
        case waiting(until: MonotonicInstant)
        /// A connection in progress, to be given up at `deadline`.
        case connecting(StreamSocket, deadline: MonotonicInstant)
        /// The request was sent; the status line is awaited until `deadline`.
        case awaitingAnswer(StreamSocket, deadline: MonotonicInstant, received: [UInt8])
        /// Nothing to do actively (a log probe, or one that cannot run).
        case passive
    }
    private var attempt: Attempt

    /// Starts `probe` at `now`: resolves its host (once) and arms its first attempt at once.
    /// `slowAfterMilliseconds`: when to log once that it has not passed yet.
    /// `canSeeOutput`: whether the supervisor captures the service's output (`-l`).
    init(probe: ReadinessProbe, now: MonotonicInstant, slowAfterMilliseconds: Int64, canSeeOutput: Bool) {
        self.probe = probe
        startedAt = now
        slowNoticeAt = now.adding(milliseconds: slowAfterMilliseconds)
        report = ProbeReportFile(probe: probe.description)
        addresses = []
        regex = nil
        request = []
        attempt = .passive
        switch probe.check {
        case .log(let pattern):
            regex = try? PosixRegex(pattern) // checked by the reader
            outcome = canSeeOutput ? .noLineMatched : .outputNotCaptured
        case .tcp(let host, let port):
            start(host: host, port: port, now: now)
        case .http(let host, let port, let path, let hostHeader):
            request = Array("GET \(path) HTTP/1.1\r\nHost: \(hostHeader)\r\nUser-Agent: pgctl-readiness-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n".utf8)
            start(host: host, port: port, now: now)
        }
        report.record(outcome.words)
    }

    private func start(host: ReadinessProbe.Host, port: UInt16, now: MonotonicInstant) {
        switch host {
        case .loopback:
            addresses = AddressResolution.loopback(port: port)
        case .named(let name):
            do {
                addresses = try AddressResolution.resolve(host: name, port: port)
            } catch {
                outcome = .unresolved(error)
                settled = true
                return
            }
        }
        attempt = .waiting(until: now)
    }

    /// The next instant the loop must wake up for: a retry, an attempt's limit, or the
    /// one-time "not passed yet" notice.
    var deadline: MonotonicInstant? {
        var earliest = slowNoticeAt
        func consider(_ instant: MonotonicInstant) {
            earliest = earliest.map { min($0, instant) } ?? instant
        }
        switch attempt {
        case .waiting(let until): consider(until)
        case .connecting(_, let deadline), .awaitingAnswer(_, let deadline, _): consider(deadline)
        case .passive: break
        }
        return earliest
    }

    /// Adds the attempt's socket to the loop's poll set.
    func watch(into pollSet: inout PollSet) {
        switch attempt {
        case .connecting(let socket, _): pollSet.watchWritable(socket.descriptor)
        case .awaitingAnswer(let socket, _, _): pollSet.watch(socket.descriptor)
        case .waiting, .passive: break
        }
    }

    /// Advances the probe after a wait of the loop; true when it has just passed. A notice
    /// due (it has not passed in time) is handed to `notice`, once.
    func step(_ pollSet: PollSet, now: MonotonicInstant, notice: (String) -> Void) -> Bool {
        guard !passed else { return false }
        switch attempt {
        case .waiting(let until) where now >= until:
            begin(now)
        case .connecting(let socket, let deadline):
            if pollSet.isWritable(socket.descriptor) {
                if let error = socket.pendingError() {
                    fail(socket, error: error, now)
                } else {
                    connected(socket, now)
                }
            } else if now >= deadline {
                fail(socket, outcome: .timedOut, now)
            }
        case .awaitingAnswer(let socket, let deadline, let received):
            if pollSet.isReadable(socket.descriptor) {
                read(socket, deadline: deadline, received: received, now)
            } else if now >= deadline {
                fail(socket, outcome: .timedOut, now)
            }
        case .waiting, .passive:
            break
        }
        if !passed, let due = slowNoticeAt, now >= due {
            slowNoticeAt = nil
            notice("readiness check \(probe.description) has not passed after \(Self.seconds(due.nanoseconds - startedAt.nanoseconds)) seconds (it \(outcome.words)); still checking")
            settled = true
        }
        return passed
    }

    /// A line of the service's output (log probes); true when it matches (the probe passed).
    func observe(line: UnsafeRawBufferPointer) -> Bool {
        guard !passed, let regex, regex.matches(line) else { return false }
        succeed()
        return true
    }

    /// Gives up: closes the attempt's socket.
    func stop() {
        switch attempt {
        case .connecting(let socket, _), .awaitingAnswer(let socket, _, _): socket.close()
        case .waiting, .passive: break
        }
        attempt = .passive
    }

    /// `seconds` as text with two decimals, e.g. `0.25`.
    static func seconds(_ nanoseconds: Int64) -> String {
        let hundredths = max(0, nanoseconds) / 10_000_000
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    // MARK: - Attempts

    private func begin(_ now: MonotonicInstant) {
        let address = addresses[nextAddress % addresses.count]
        nextAddress += 1
        do {
            let (socket, progress) = try StreamSocket.connect(to: address)
            if progress == .connected {
                connected(socket, now)
            } else {
                attempt = .connecting(socket, deadline: now.adding(milliseconds: ProbeBackoff.attemptLimitMilliseconds))
            }
        } catch {
            retry(outcome: ProbeOutcome(connectionError: error), now)
        }
    }

    private func connected(_ socket: StreamSocket, _ now: MonotonicInstant) {
        guard !request.isEmpty else {
            socket.close()
            attempt = .passive
            succeed()
            return
        }
        do {
            let sent = try socket.send(request)
            guard sent == request.count else { return fail(socket, outcome: .requestNotTaken, now) }
        } catch {
            return fail(socket, error: error, now)
        }
        let deadline: MonotonicInstant
        if case .connecting(_, let limit) = attempt { deadline = limit } else { deadline = now.adding(milliseconds: ProbeBackoff.attemptLimitMilliseconds) }
        attempt = .awaitingAnswer(socket, deadline: deadline, received: [])
    }

    private func read(_ socket: StreamSocket, deadline: MonotonicInstant, received: [UInt8], _ now: MonotonicInstant) {
        var received = received
        let chunk: [UInt8]
        do {
            chunk = try socket.descriptor.read(upTo: 512)
        } catch {
            if error == .wouldBlock { return }
            return fail(socket, error: error, now)
        }
        let count = chunk.count
        received.append(contentsOf: chunk)
        switch HTTPStatusLine.status(in: received, ended: count == 0) {
        case .incomplete:
            attempt = .awaitingAnswer(socket, deadline: deadline, received: received)
        case .malformed:
            fail(socket, outcome: count == 0 && received.isEmpty ? .closedWithoutAnswer : .noStatusLine, now)
        case .status(let code) where code >= 200 && code <= 399:
            socket.close()
            attempt = .passive
            succeed()
        case .status(let code):
            fail(socket, outcome: .answered(code), now)
        }
    }

    private func fail(_ socket: StreamSocket, error: Errno, _ now: MonotonicInstant) {
        fail(socket, outcome: ProbeOutcome(connectionError: error), now)
    }

    private func fail(_ socket: StreamSocket, outcome: ProbeOutcome, _ now: MonotonicInstant) {
        socket.close()
        retry(outcome: outcome, now)
    }

    private func retry(outcome: ProbeOutcome, _ now: MonotonicInstant) {
        if outcome != self.outcome {
            self.outcome = outcome
            report.record(outcome.words)
        }
        let delay = backoff.nextDelay()
        if delay == ProbeBackoff.capMilliseconds && !reachedCap {
            reachedCap = true
            settled = true
        }
        attempt = .waiting(until: now.adding(milliseconds: delay))
    }

    /// Passed: nothing is written here, so that the readiness transition comes first (the
    /// loop then calls ``recordPassed()``).
    private func succeed() {
        passed = true
        settled = false
        outcome = .passed
    }

    /// Writes `passed` into the report (after the readiness transition).
    func recordPassed() {
        report.record(outcome.words)
    }
}
