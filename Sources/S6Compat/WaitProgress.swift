/// The pure state of a whole wait (one or two ``WaitPhase``s) over several services: feed it
/// the event batches as they are read, then look at ``outcome``. No I/O, so the listeners'
/// semantics can be tested with tables.
///
/// A phase ends when its goal is met; if it saw failures the wait ends there with
/// ``WaitOutcome/failed(count:)``, otherwise the next phase starts from the services' current
/// states (and checks its goal at once). Bytes left in a batch after a phase ended are
/// dropped, as in s6 2.11: `s6-svwait -r` reading `du` in one batch ends its first phase at
/// `d` and then waits for another `u`.
public struct WaitProgress: Equatable, Sendable {
    /// The phase being waited for (the last one once finished).
    public private(set) var tracker: WaitTracker
    /// Phases still to run after the current one.
    private var remainingPhases: ArraySlice<WaitPhase>
    /// ``WaitOutcome/satisfied`` or ``WaitOutcome/failed(count:)`` once the wait is over;
    /// nil while waiting.
    public private(set) var outcome: WaitOutcome?

    /// Starts a wait for `request` from the services' initial `states` (read from their
    /// status files after subscribing). The outcome may be known at once.
    public init(request: WaitRequest, quantifier: WaitQuantifier, flavor: WaitFlavor, states: [ListenerState]) {
        let phases = WaitPhase.phases(for: request, quantifier: quantifier, flavor: flavor)
        tracker = WaitTracker(phase: phases[0], states: states)
        remainingPhases = phases.dropFirst()
        settle()
    }

    /// Applies a batch of event bytes read from service number `service`'s FIFO.
    public mutating func receive(_ batch: [UInt8], from service: Int) {
        guard outcome == nil else { return }
        if tracker.apply(batch: batch, service: service) { settle() }
    }

    /// While the current phase's goal is met: stop on failures, else move to the next phase.
    private mutating func settle() {
        while tracker.isSatisfied {
            if tracker.failures > 0 {
                outcome = .failed(count: tracker.failures)
                return
            }
            guard let next = remainingPhases.popFirst() else {
                outcome = .satisfied
                return
            }
            tracker = WaitTracker(phase: next, states: tracker.states)
        }
    }
}
