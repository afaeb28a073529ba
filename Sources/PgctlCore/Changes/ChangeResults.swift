/// What a run of the ``ChangeLoop`` ended with, as data (the text and JSON reports of
/// `start`/`stop`/`restart` are built from it).
struct ChangeResults {
    /// The services that failed, in the order they failed.
    var failed: [Service] = []
    /// The services never asked to change because one they wait for did not (issue 12): a
    /// start held back by a dependency that failed to start, a stop held back by a dependent
    /// that failed to stop. In the order they were given up.
    var notDone: [HeldBackChange] = []
}

/// A service whose change was never attempted, and why.
public struct HeldBackChange: Equatable, Sendable {
    /// The service.
    public let service: Service
    /// Why: `its dependency 'db' failed to start`, `its dependency 'api' was not started`.
    public let reason: String
}
