import Foundation
import Testing
@testable import PgctlCore

/// The change loop holding changes back behind their prerequisites (issue 12).
@Suite("ChangeLoop prerequisites")
struct ChangeLoopPrerequisiteTests {
    /// A change done `readyAfter` seconds after its request, or failing then when `fails`.
    final class TimedChange: ServiceChange {
        let service: Service
        let timeout: Double
        let subscription: SupervisorEvents? = nil
        private let readyAfter: Double
        private let fails: Bool
        private(set) var requestedAt: Double?
        private(set) var doneAt: Double?

        init(_ name: String, timeout: Double = 5, readyAfter: Double, fails: Bool = false) {
            service = Service(path: "/p/playground/\(name)")
            self.timeout = timeout
            self.readyAfter = readyAfter
            self.fails = fails
        }

        func request(round: ChangeRound) throws(PgctlError) {
            if requestedAt == nil { requestedAt = Monotonic.now() }
        }

        func check(round: ChangeRound) -> ChangeCheck {
            guard let requestedAt, Monotonic.now() - requestedAt >= readyAfter else { return .waiting(recheckAfter: 0.002) }
            if fails { return .failed(reason: "it broke", early: true) }
            if doneAt == nil { doneAt = Monotonic.now() }
            return .done
        }

        func expired(round: ChangeRound) -> ChangeCheck { .failed(reason: "it timed out", early: false) }
        func finish() {}
    }

    private func loop(_ prerequisites: [(TimedChange, [TimedChange])]) -> ChangeLoop {
        var loop = ChangeLoop(verb: "start", doneWord: "Started", console: Console(environment: [:]), environmentTracing: false)
        for (change, before) in prerequisites { loop.prerequisites[ObjectIdentifier(change)] = before }
        return loop
    }

    @Test("a change is requested in the round its last prerequisite is done; independent ones at once")
    func heldUntilDone() throws {
        let db = TimedChange("db", readyAfter: 0.1), cache = TimedChange("cache", readyAfter: 0.05)
        let web = TimedChange("web", readyAfter: 0), solo = TimedChange("solo", readyAfter: 0)
        var held: [String] = []
        var loop = loop([(web, [db, cache])])
        loop.onHeld = { service, awaited in held.append("\(service.name): \(awaited.map { $0.map(\.name).joined(separator: ",") } ?? "-")") }
        let results = try loop.run([db, cache, web, solo])
        #expect(results.failed.isEmpty && results.notDone.isEmpty)
        let dbDone = try #require(db.doneAt), cacheDone = try #require(cache.doneAt), webRequested = try #require(web.requestedAt)
        #expect(webRequested >= max(dbDone, cacheDone))
        #expect(webRequested - max(dbDone, cacheDone) < 0.05)
        #expect(try #require(solo.requestedAt) < cacheDone)
        #expect(held == ["web: db,cache", "web: db", "web: -"])
    }

    @Test("a failed prerequisite: the change is given up with the reason, transitively, others go on")
    func givenUp() throws {
        let db = TimedChange("db", readyAfter: 0.02, fails: true)
        let web = TimedChange("web", readyAfter: 0), front = TimedChange("front", readyAfter: 0), solo = TimedChange("solo", readyAfter: 0.05)
        let results = try loop([(web, [db]), (front, [web])]).run([db, web, front, solo])
        #expect(results.failed.map(\.name) == ["db"])
        #expect(results.notDone == [
            HeldBackChange(service: web.service, reason: "its dependency 'db' failed to start"),
            HeldBackChange(service: front.service, reason: "its dependency 'web' was not started"),
        ])
        #expect(web.requestedAt == nil && front.requestedAt == nil && solo.doneAt != nil)
    }

    @Test("a held change's time limit counts from its own request")
    func timeLimitFromOwnRequest() throws {
        let db = TimedChange("db", timeout: 5, readyAfter: 0.4)
        let web = TimedChange("web", timeout: 0.2, readyAfter: 0.1)
        let results = try loop([(web, [db])]).run([db, web])
        #expect(results.failed.isEmpty && web.doneAt != nil)
    }
}
