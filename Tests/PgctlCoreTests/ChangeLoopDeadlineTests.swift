import Foundation
import Testing
@testable import PgctlCore

/// The change loop's time limits at scale (issue #10, defect 6): launching many supervisors
/// in the first round must not use up the time limit of the services launched last.
@Suite("ChangeLoop time limits")
struct ChangeLoopDeadlineTests {
    /// A change whose first request takes `launchCost` seconds (like launching a supervisor
    /// on a busy machine) and which is done `readyAfter` seconds after that request.
    final class SlowLaunchChange: ServiceChange {
        let service: Service
        let timeout: Double
        let subscription: SupervisorEvents? = nil
        private let launchCost: Double
        private let readyAfter: Double
        private var requestedAt: Double?

        init(_ name: String, timeout: Double, launchCost: Double, readyAfter: Double) {
            service = Service(path: "/p/playground/\(name)")
            self.timeout = timeout
            self.launchCost = launchCost
            self.readyAfter = readyAfter
        }

        func request(round: ChangeRound) throws(PgctlError) {
            guard requestedAt == nil else { return }
            let until = Monotonic.now() + launchCost
            while Monotonic.now() < until { usleep(1_000) }
            requestedAt = Monotonic.now()
        }

        func check(round: ChangeRound) -> ChangeCheck {
            guard let requestedAt else { return .waiting(recheckAfter: 0.005) }
            return Monotonic.now() - requestedAt >= readyAfter ? .done : .waiting(recheckAfter: 0.005)
        }

        func expired(round: ChangeRound) -> ChangeCheck { .failed(reason: "it timed out", early: false) }
        func finish() {}
    }

    @Test("each service's time limit starts with its own request: slow launches of the others do not count")
    func launchesDoNotUseUpLaterServicesTime() throws {
        // Four launches of 0.3 s each: the last is requested 0.9 s after the loop began, more
        // than the 0.5 s limit; each is ready 0.05 s after its own request.
        let changes = (1...4).map { SlowLaunchChange("s\($0)", timeout: 0.5, launchCost: 0.3, readyAfter: 0.05) }
        let loop = ChangeLoop(verb: "start", doneWord: "Started", console: Console(environment: [:]), environmentTracing: false)
        let failed = try loop.run(changes).failed
        #expect(failed.isEmpty, "failed: \(failed.map(\.name))")
    }

    @Test("a service that never gets done still fails at its own time limit")
    func stillTimesOut() throws {
        let changes = [SlowLaunchChange("never", timeout: 0.2, launchCost: 0, readyAfter: 1000)]
        let loop = ChangeLoop(verb: "start", doneWord: "Started", console: Console(environment: [:]), environmentTracing: false)
        let began = Monotonic.now()
        let failed = try loop.run(changes).failed
        let took = Monotonic.now() - began
        #expect(failed.map(\.name) == ["never"])
        #expect(took >= 0.19 && took < 5, "failed after \(took) s")
    }
}
