/// The state `pgctl wait --for` waits for (issue 13).
public enum WaitTarget: String, CaseIterable, Sendable {
    /// `status` shows the service `ready` (the default).
    case ready
    /// `run` is running (`status` shows `up` or `ready`).
    case up
    /// `run` is not running and nothing restarts it: no supervisor, or a supervisor asked to
    /// keep it down (`status` shows `down` without `starting`).
    case down
}
