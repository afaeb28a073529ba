import ReadinessPolling
import Testing

/// Drives ``PollMonitor`` with scripted check results and a fake clock.
final class ScriptedService {
    var checks: [Bool]
    var downAfterWaits: Int?
    var clock = 0.0
    var messages: [String] = []
    var notified = 0
    var waits: [Double] = []

    init(checks: [Bool], downAfterWaits: Int? = nil) {
        self.checks = checks
        self.downAfterWaits = downAfterWaits
    }

    func monitor(_ settings: PollSettings) -> PollMonitor {
        PollMonitor(
            settings: settings,
            isReady: { self.checks.isEmpty ? true : self.checks.removeFirst() },
            waitForDown: { seconds in
                self.waits.append(seconds)
                self.clock += seconds
                if let limit = self.downAfterWaits, self.waits.count >= limit { return true }
                return false
            },
            downPending: { false },
            notifyReady: { self.notified += 1 },
            say: { self.messages.append($0) },
            now: { self.clock })
    }
}

@Suite("PollMonitor")
struct PollMonitorTests {
    let settings = PollSettings(timeout: 2, pollReady: 0.15, pollDown: 0.5)

    @Test("polls until the check passes, notifies once, quits on the down event")
    func readyThenStop() {
        let service = ScriptedService(checks: [false, false, true, true], downAfterWaits: 4)
        #expect(service.monitor(settings).run() == .serviceStopping)
        #expect(service.notified == 1)
        #expect(service.waits == [0.15, 0.15, 0.5, 0.5])
        #expect(service.messages == [
            "pgctl-poll-ready: service's ready check succeeded",
            "pgctl-poll-ready: service is stopping -- quitting the poll",
        ])
    }

    @Test("short failures after readiness are reported but do not restart (the unreliable example)")
    func unreliable() {
        let service = ScriptedService(checks: [true, false, false, true, true], downAfterWaits: 5)
        #expect(service.monitor(settings).run() == .serviceStopping)
        #expect(service.messages == [
            "pgctl-poll-ready: service's ready check succeeded",
            "pgctl-poll-ready: failed (restarting in 1.50 seconds)",
            "pgctl-poll-ready: failed (restarting in 1.00 seconds)",
            "pgctl-poll-ready: service is stopping -- quitting the poll",
        ])
    }

    @Test("failing for longer than the timeout asks for a restart")
    func restart() {
        let service = ScriptedService(checks: [true] + Array(repeating: false, count: 10))
        #expect(service.monitor(settings).run() == .restartRequested)
        #expect(service.messages.last == "pgctl-poll-ready: failed for more than 2.00 seconds -- we are restarting this service for you")
        #expect(service.messages.filter { $0.hasPrefix("pgctl-poll-ready: failed (restarting") } == [
            "pgctl-poll-ready: failed (restarting in 1.50 seconds)",
            "pgctl-poll-ready: failed (restarting in 1.00 seconds)",
            "pgctl-poll-ready: failed (restarting in 0.50 seconds)",
        ])
    }

    @Test("%.2f formatting", arguments: [(1.5, "1.50"), (0.005, "0.01"), (2, "2.00"), (10.126, "10.13"), (0, "0.00")])
    func twoDecimals(_ value: Double, _ text: String) {
        #expect(PollMonitor.twoDecimals(value) == text)
    }
}
