import ReadinessPolling
import Testing

/// ``PollMonitor`` with restarts held back (issue 16, point 3): by a service being stopped, by a
/// pgctl command holding it.
@Suite("PollMonitor: held restarts")
struct PollMonitorHoldTests {
    let settings = PollSettings(timeout: 2, pollReady: 0.15, pollDown: 0.5)

    /// A monitor of `service` whose `restartHold` answers from `holds` (one per failed check;
    /// nil once they run out), recording whether each question was the decision.
    func monitor(_ service: ScriptedService, holds: [RestartHold?], asked: @escaping (Bool) -> Void) -> PollMonitor {
        var monitor = service.monitor(settings)
        var remaining = holds
        monitor.restartHold = { deciding in
            asked(deciding)
            return remaining.isEmpty ? nil : remaining.removeFirst()
        }
        return monitor
    }

    @Test("a service being stopped is never restarted; the reason is said once, then it quits when down")
    func beingStopped() {
        let service = ScriptedService(checks: [true] + Array(repeating: false, count: 20), downAfterWaits: 12)
        var decisions: [Bool] = []
        let outcome = monitor(service, holds: Array(repeating: .beingStopped, count: 20)) { decisions.append($0) }.run()
        #expect(outcome == .serviceStopping)
        #expect(service.messages == [
            "pgctl-poll-ready: service's ready check succeeded",
            "pgctl-poll-ready: failed, but the service is being stopped -- not restarting it",
            "pgctl-poll-ready: service is stopping -- quitting the poll",
        ])
        // Failed checks at 0.5 … 5.5 s after readiness: from 2 s on each one is a decision.
        #expect(decisions == [false, false, false] + Array(repeating: true, count: 8))
    }

    @Test("when the hold ends while the checks still fail, the restart comes at the next failed check")
    func holdEnds() {
        let service = ScriptedService(checks: [true] + Array(repeating: false, count: 20))
        let holds: [RestartHold?] = [nil, nil, nil, .commandRunning, .commandRunning, .beingStopped]
        var decisions: [Bool] = []
        let outcome = monitor(service, holds: holds) { decisions.append($0) }.run()
        #expect(outcome == .restartRequested)
        #expect(service.messages == [
            "pgctl-poll-ready: service's ready check succeeded",
            "pgctl-poll-ready: failed (restarting in 1.50 seconds)",
            "pgctl-poll-ready: failed (restarting in 1.00 seconds)",
            "pgctl-poll-ready: failed (restarting in 0.50 seconds)",
            "pgctl-poll-ready: failed, but a pgctl command is managing the service -- not restarting it",
            "pgctl-poll-ready: failed, but the service is being stopped -- not restarting it",
            "pgctl-poll-ready: failed for more than 2.00 seconds -- we are restarting this service for you",
        ])
        #expect(decisions == [false, false, false, true, true, true, true])
    }

    @Test("a passing check ends the hold: the reason is said again when it comes back")
    func passingCheckResets() {
        let service = ScriptedService(checks: [true, false, true, false, true], downAfterWaits: 5)
        let outcome = monitor(service, holds: [.beingStopped, .beingStopped]) { _ in }.run()
        #expect(outcome == .serviceStopping)
        #expect(service.messages.filter { $0.contains("not restarting") }.count == 2)
    }
}
