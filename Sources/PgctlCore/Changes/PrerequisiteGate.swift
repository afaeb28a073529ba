/// The change loop's bookkeeping of prerequisites (issue 12): which changes are done, which
/// did not succeed, and what each held change still waits for.
struct PrerequisiteGate {
    /// What ``look(at:verb:participle:word:)`` decided for one change this round.
    enum Decision {
        /// Go ahead (request and check it); `wasHeld`: it was held back until now.
        case released(wasHeld: Bool)
        /// Keep it back: `awaited` are still pending; `changed`: not the same as last round.
        case held(awaited: [Service], changed: Bool)
        /// Never request it: the reason (`its dependency 'db' failed to start`).
        case given(String)
    }

    private let prerequisites: [ObjectIdentifier: [ServiceChange]]
    private var done = Set<ObjectIdentifier>()
    private var prepared = Set<ObjectIdentifier>()
    /// Changes that failed (true) or were given up (false).
    private var unsuccessful: [ObjectIdentifier: Bool] = [:]
    /// What each held change waited for when last looked at.
    private var awaited: [ObjectIdentifier: (service: Service, ids: [ObjectIdentifier])] = [:]
    /// Whether any change has prerequisites at all (the common case has none).
    private let isEmpty: Bool

    init(prerequisites: [ObjectIdentifier: [ServiceChange]]) {
        self.prerequisites = prerequisites
        self.isEmpty = prerequisites.values.allSatisfy(\.isEmpty)
    }

    /// The services still held back (at the end of a loop that was interrupted).
    var stillHeld: [Service] { awaited.values.map(\.service) }

    /// Decides whether `change` may be requested now.
    mutating func look(at change: ServiceChange, verb: String, participle: String, word: String) -> Decision {
        guard !isEmpty else { return .released(wasHeld: false) }
        let id = ObjectIdentifier(change)
        guard let before = prerequisites[id], !before.isEmpty else { return .released(wasHeld: false) }
        if let blocker = before.first(where: { unsuccessful[ObjectIdentifier($0)] != nil }) {
            let failed = unsuccessful[ObjectIdentifier(blocker)] == true
            unsuccessful[id] = false
            awaited[id] = nil
            let what = failed ? "failed to \(verb)" : "was not \(participle)"
            return .given("its \(word) '\(blocker.service.name)' \(what)")
        }
        let waiting = before.filter { !done.contains(ObjectIdentifier($0)) }
        if waiting.isEmpty {
            return .released(wasHeld: awaited.removeValue(forKey: id) != nil)
        }
        let ids = waiting.map(ObjectIdentifier.init)
        let changed = awaited[id]?.ids != ids
        awaited[id] = (change.service, ids)
        return .held(awaited: waiting.map(\.service), changed: changed)
    }

    /// Whether `change` was held back before (and so prepared); notes that it is now.
    mutating func wasPrepared(_ change: ServiceChange) -> Bool {
        !prepared.insert(ObjectIdentifier(change)).inserted
    }

    /// Notes that `change` is done.
    mutating func markDone(_ change: ServiceChange) { done.insert(ObjectIdentifier(change)) }

    /// Notes that `change` failed.
    mutating func markFailed(_ change: ServiceChange) { unsuccessful[ObjectIdentifier(change)] = true }
}
