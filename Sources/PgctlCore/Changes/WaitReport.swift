/// The `--json` answer of `pgctl wait` (issue 13): one JSON document on stdout at the end,
/// built from the same values as the text messages:
/// `{"for": "ready", "reached": ["db"], "timed_out": [{"service": "web", "status": "down"}]}`
/// (`reached` in the order the services got there; `timed_out` empty on success).
struct WaitReport {
    /// A service still not in the state asked for when the time ran out.
    struct TimedOut {
        let service: String
        /// Its status then, as the error message words it (`down`, `up (pid 42) 3 seconds`).
        let status: String
    }

    let target: WaitTarget
    let reached: [String]
    let timedOut: [TimedOut]

    /// The document, with a trailing newline (keys sorted and indented as `status --json`).
    var json: String {
        let document: [String: ConfigValue] = [
            "for": .string(target.rawValue),
            "reached": .list(reached.map { .string($0) }),
            "timed_out": .list(timedOut.map { .mapping(["service": .string($0.service), "status": .string($0.status)]) }),
        ]
        return PythonJSONEncoder.encode(document) + "\n"
    }
}
