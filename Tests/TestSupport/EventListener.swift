import Foundation

/// Subscribes to a service's `event/` fifodir like s6's listeners do (a FIFO named
/// `ftrig1:@<24 hex>:<6 chars>`, opened for reading and writing before it is renamed into
/// place) and collects the event bytes the supervisor sends. Call `close()` when done.
public final class EventListener {
    private let fd: Int32
    private let fifoPath: String
    /// Every byte received so far, in order.
    public private(set) var received = ""
    /// Each received byte with the moment (seconds of `ProcessInfo.systemUptime`) it was read.
    public private(set) var arrivals: [(event: Character, at: Double)] = []

    /// Subscribes to `<serviceDirectory>/event` (which must exist).
    public init(serviceDirectory: String) throws {
        let dir = serviceDirectory + "/event"
        let hex = (0..<24).map { _ in String("0123456789abcdef".randomElement()!) }.joined()
        let rand = (0..<6).map { _ in String("abcdefghijklmnopqrstuvwxyz0123456789".randomElement()!) }.joined()
        let name = "ftrig1:@\(hex):\(rand)"
        let temporary = dir + "/." + name
        fifoPath = dir + "/" + name
        guard mkfifo(temporary, 0o600) == 0 else { throw TestFailure("mkfifo \(temporary): errno \(errno)") }
        fd = open(temporary, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0, rename(temporary, fifoPath) == 0 else { throw TestFailure("cannot set up listener in \(dir)") }
    }

    /// Reads whatever has arrived; returns all bytes received so far.
    @discardableResult
    public func poll() -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            let now = ProcessInfo.processInfo.systemUptime
            let text = String(decoding: buffer[..<n], as: UTF8.self)
            received += text
            arrivals += text.map { ($0, now) }
        }
        return received
    }

    /// Waits until the received bytes (since the start) end with or contain `expected`
    /// after position `from`. Returns the time waited, in seconds.
    @discardableResult
    public func waitFor(_ expected: String, timeout: Double = 10) throws -> Double {
        try waitUntil("event bytes \"\(expected)\" (got \"\(received)\")", timeout: timeout) {
            poll().contains(expected)
        }
    }

    /// Forgets what was received so far.
    public func reset() {
        poll()
        received = ""
        arrivals = []
    }

    /// When the `occurrence`-th (1-based) `event` byte arrived, if it did.
    public func arrival(of event: Character, occurrence: Int = 1) -> Double? {
        let matching = arrivals.filter { $0.event == event }
        return matching.count >= occurrence ? matching[occurrence - 1].at : nil
    }

    /// Waits until `event` has arrived `occurrence` times and returns when the last one did.
    @discardableResult
    public func waitForArrival(of event: Character, occurrence: Int = 1, timeout: Double = 10) throws -> Double {
        try waitUntil("event \"\(event)\" #\(occurrence) (got \"\(received)\")", timeout: timeout) {
            poll()
            return arrival(of: event, occurrence: occurrence) != nil
        }
        return arrival(of: event, occurrence: occurrence)!
    }

    /// Waits for the first `event` that arrived after the first `marker` event (e.g. the `u`
    /// after a `D`), and returns when it did. A subscription made right after the service came
    /// up may still receive that first `u`: counting from a marker is immune to it.
    @discardableResult
    public func waitForArrival(of event: Character, after marker: Character, timeout: Double = 10) throws -> Double {
        func find() -> Double? {
            guard let markerIndex = arrivals.firstIndex(where: { $0.event == marker }) else { return nil }
            return arrivals[(markerIndex + 1)...].first { $0.event == event }?.at
        }
        try waitUntil("event \"\(event)\" after \"\(marker)\" (got \"\(received)\")", timeout: timeout) {
            poll()
            return find() != nil
        }
        return find()!
    }

    /// Unsubscribes.
    public func close() {
        unlink(fifoPath)
        Foundation.close(fd)
    }
}
