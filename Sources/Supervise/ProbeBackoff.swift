/// The waits between failed attempts of a readiness probe: 5 ms, doubling, at most 100 ms.
/// Pure; one per start of `run`.
public struct ProbeBackoff: Equatable, Sendable {
    /// The first wait.
    public static let firstMilliseconds: Int64 = 5
    /// The longest wait.
    public static let capMilliseconds: Int64 = 100
    /// How long one attempt (a connection, or a request and its status line) may take.
    public static let attemptLimitMilliseconds: Int64 = 1000

    private var next = firstMilliseconds

    /// A back-off at its first step.
    public init() {}

    /// The wait before the next attempt; each call doubles the following one, up to the cap.
    public mutating func nextDelay() -> Int64 {
        defer { next = min(next * 2, Self.capMilliseconds) }
        return next
    }
}
