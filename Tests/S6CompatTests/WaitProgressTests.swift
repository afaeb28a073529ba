import S6Compat
import Testing

/// The listeners' semantics as tables. Every case below was observed on the real s6 2.11.3.2
/// `s6-svwait` / `s6-svlisten1` by feeding crafted status files and event bytes to them.
@Suite struct WaitProgressTests {
    static let down = ListenerState(up: false, ready: true)        // down and ready
    static let downNotReady = ListenerState(up: false, ready: false) // e.g. finishing
    static let up = ListenerState(up: true, ready: false)
    static let upReady = ListenerState(up: true, ready: true)

    /// Runs a wait over the given batches: "satisfied after N" (N batches consumed),
    /// "failed K after N", or "waiting" when the batches run out.
    func run(_ request: WaitRequest, _ quantifier: WaitQuantifier = .all, flavor: WaitFlavor = .svwait,
             from states: [ListenerState], _ batches: [(Int, String)]) -> String {
        var progress = WaitProgress(request: request, quantifier: quantifier, flavor: flavor, states: states)
        var consumed = 0
        for (service, bytes) in batches {
            if progress.outcome != nil { break }
            progress.receive(Array(bytes.utf8), from: service)
            consumed += 1
        }
        switch progress.outcome {
        case .satisfied?: return "satisfied after \(consumed)"
        case .failed(let count)?: return "failed \(count) after \(consumed)"
        default: return "waiting"
        }
    }

    @Test func alreadySatisfiedStates() {
        #expect(run(.up, from: [Self.up], []) == "satisfied after 0")
        #expect(run(.upAndReady, from: [Self.upReady], []) == "satisfied after 0")
        #expect(run(.down, from: [Self.downNotReady], []) == "satisfied after 0")
        #expect(run(.downAndReady, from: [Self.down], []) == "satisfied after 0")
        #expect(run(.downAndReady, from: [Self.downNotReady], []) == "waiting")
        #expect(run(.upAndReady, from: [Self.up], []) == "waiting")
    }

    @Test func plainEvents() {
        #expect(run(.up, from: [Self.down], [(0, "u")]) == "satisfied after 1")
        #expect(run(.up, from: [Self.down], [(0, "U")]) == "satisfied after 1")
        #expect(run(.down, from: [Self.up], [(0, "D")]) == "satisfied after 1")
        #expect(run(.upAndReady, from: [Self.down], [(0, "u"), (0, "U")]) == "satisfied after 2")
        #expect(run(.up, from: [Self.down], [(0, "s")]) == "waiting")
    }

    @Test func goalIsCheckedAfterEveryByte() {
        #expect(run(.up, from: [Self.down], [(0, "ud")]) == "satisfied after 1")
        #expect(run(.up, from: [Self.down], [(0, "ux")]) == "satisfied after 1")
        #expect(run(.up, from: [Self.down, Self.down], [(0, "ud"), (1, "u")]) == "waiting")
    }

    @Test func permanentFailureWhileWaitingForUp() {
        #expect(run(.up, from: [Self.down], [(0, "d"), (0, "OD")]) == "failed 1 after 2")
        #expect(run(.upAndReady, from: [Self.down], [(0, "OD")]) == "failed 1 after 1")
        #expect(run(.up, from: [Self.down, Self.down], [(0, "O"), (1, "u")]) == "failed 1 after 2")
        #expect(run(.up, from: [Self.down, Self.down], [(0, "O"), (0, "O"), (1, "u")]) == "failed 2 after 3")
        // The D that follows O in the same batch puts the service down again.
        #expect(run(.up, from: [Self.down, Self.down], [(0, "OD"), (1, "u")]) == "waiting")
    }

    @Test func permanentFailureIsIgnoredWhileWaitingForDown() {
        #expect(run(.down, from: [Self.up], [(0, "O")]) == "waiting")
        #expect(run(.downAndReady, from: [Self.downNotReady], [(0, "OD")]) == "satisfied after 1")
    }

    @Test func supervisorExitCountsUnlessExactlyAtTheGoal() {
        #expect(run(.up, from: [Self.down], [(0, "x")]) == "failed 1 after 1")
        #expect(run(.down, from: [Self.up], [(0, "x")]) == "failed 1 after 1")
        #expect(run(.down, from: [Self.up], [(0, "dx")]) == "satisfied after 1")
        #expect(run(.downAndReady, from: [Self.up], [(0, "dx")]) == "failed 1 after 1")
        #expect(run(.up, from: [Self.up, Self.down], [(0, "x"), (1, "u")]) == "satisfied after 2")
        #expect(run(.up, from: [Self.upReady, Self.down], [(0, "x"), (1, "u")]) == "failed 1 after 2")
        #expect(run(.down, from: [Self.down, Self.up], [(0, "x"), (1, "d")]) == "failed 1 after 2")
        #expect(run(.down, from: [Self.downNotReady, Self.up], [(0, "x"), (1, "d")]) == "satisfied after 2")
        #expect(run(.up, from: [Self.down, Self.down], [(0, "x"), (0, "x"), (1, "u")]) == "failed 1 after 3")
        #expect(run(.up, from: [Self.down, Self.down], [(0, "x")]) == "waiting")
        #expect(run(.up, from: [Self.down, Self.down], [(0, "x"), (0, "d"), (1, "u")]) == "waiting")
    }

    @Test func anyService() {
        #expect(run(.up, .any, from: [Self.down, Self.down], [(0, "u")]) == "satisfied after 1")
        #expect(run(.up, .any, from: [Self.down, Self.down], [(0, "x")]) == "failed 1 after 1")
        #expect(run(.up, .any, from: [Self.up, Self.down], []) == "satisfied after 0")
    }

    @Test func restartWaitsForDownThenUp() {
        #expect(run(.restart, from: [Self.up], [(0, "d"), (0, "u")]) == "satisfied after 2")
        #expect(run(.restart, from: [Self.up], [(0, "u")]) == "waiting")
        #expect(run(.restart, from: [Self.down], [(0, "u")]) == "satisfied after 1")
        #expect(run(.restartAndReady, from: [Self.up], [(0, "d"), (0, "D"), (0, "u"), (0, "U")]) == "satisfied after 4")
        #expect(run(.restartAndReady, from: [Self.up], [(0, "d"), (0, "D"), (0, "u")]) == "waiting")
    }

    @Test func restartDropsTheRestOfTheBatchThatEndedTheFirstPhase() {
        #expect(run(.restart, from: [Self.up], [(0, "du")]) == "waiting")
        #expect(run(.restart, from: [Self.up], [(0, "dDu")]) == "waiting")
        #expect(run(.restart, from: [Self.up], [(0, "du"), (0, "u")]) == "satisfied after 2")
    }

    @Test func restartFirstPhaseOfSvwaitIsPlainDownOfSvlisten1DownAndReady() {
        #expect(run(.restart, flavor: .svwait, from: [Self.downNotReady], [(0, "u")]) == "satisfied after 1")
        #expect(run(.restart, flavor: .svlisten1, from: [Self.downNotReady], [(0, "u")]) == "waiting")
        #expect(run(.restart, flavor: .svlisten1, from: [Self.downNotReady], [(0, "D"), (0, "u")]) == "satisfied after 2")
        #expect(run(.restart, flavor: .svlisten1, from: [Self.up], [(0, "d"), (0, "u")]) == "waiting")
        #expect(run(.restart, flavor: .svlisten1, from: [Self.up], [(0, "d"), (0, "D"), (0, "u")]) == "satisfied after 3")
    }

    @Test func restartFirstPhaseWaitsForAllServicesEvenWithAny() {
        #expect(run(.restart, .any, from: [Self.up, Self.up], [(0, "d"), (0, "u")]) == "waiting")
        #expect(run(.restart, .any, from: [Self.up, Self.up], [(0, "d"), (1, "d"), (0, "u")]) == "satisfied after 3")
        #expect(run(.restart, .all, from: [Self.up, Self.down], [(0, "d"), (1, "u"), (0, "u")]) == "satisfied after 3")
        #expect(run(.restart, .all, from: [Self.up, Self.down], [(1, "u"), (0, "d"), (0, "u")]) == "waiting")
    }

    @Test func restartFailuresEndTheWaitAfterTheirPhase() {
        #expect(run(.restart, from: [Self.up], [(0, "x")]) == "failed 1 after 1")
        #expect(run(.restart, from: [Self.up, Self.up], [(0, "x"), (1, "d"), (0, "u")]) == "failed 1 after 2")
        #expect(run(.restart, from: [Self.up, Self.up], [(0, "x"), (1, "x")]) == "failed 2 after 2")
        #expect(run(.restart, from: [Self.up], [(0, "d"), (0, "OD")]) == "failed 1 after 2")
        #expect(run(.restart, from: [Self.up], [(0, "O")]) == "waiting")
        #expect(run(.restart, from: [Self.up], [(0, "dD"), (0, "O")]) == "failed 1 after 2")
        #expect(run(.restart, flavor: .svlisten1, from: [Self.up], [(0, "d"), (0, "OD")]) == "waiting")
        #expect(run(.restart, flavor: .svlisten1, from: [Self.up], [(0, "d"), (0, "x")]) == "failed 1 after 2")
    }

    @Test func restartPhasesOfEveryRequest() {
        #expect(WaitPhase.phases(for: .up, quantifier: .any, flavor: .svwait) == [WaitPhase(goal: .up, quantifier: .any)])
        #expect(WaitPhase.phases(for: .restartAndReady, quantifier: .any, flavor: .svlisten1)
            == [WaitPhase(goal: .downAndReady, quantifier: .all), WaitPhase(goal: .upAndReady, quantifier: .any)])
        #expect(WaitPhase.phases(for: .restart, quantifier: .all, flavor: .svwait)
            == [WaitPhase(goal: .down, quantifier: .all), WaitPhase(goal: .up, quantifier: .all)])
    }

    @Test func readinessDowngrade() {
        #expect(WaitRequest.upAndReady.withoutReadiness == .up)
        #expect(WaitRequest.restartAndReady.withoutReadiness == .restart)
        #expect(WaitRequest.downAndReady.withoutReadiness == .downAndReady)
        #expect(WaitRequest.allCases.filter(\.needsReadiness) == [.upAndReady, .restartAndReady])
    }
}
