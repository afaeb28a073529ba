/// The words `status` appends to a service's `└─` line when its `run` died since its
/// supervisor started (issue 14): nothing when it never died.
///
/// * While the service is down and its supervisor is restarting it (`starting`: a crash
///   loop), the deaths are counted over the span from the first recorded one to now:
///   `died 14 times in 15 seconds` (plus `, last killed by SIGSEGV` when the last death was a
///   signal, which the `exitcode` field cannot show).
/// * Otherwise (up, ready, or down on request): `died 2 times, last killed by SIGKILL 4 seconds
///   ago` or `died 1 time, last exited with code 3, 4 seconds ago`.
///
/// Durations are worded like the status's own (`4 seconds`, `1.5 minutes`).
enum CrashHistoryText {
    /// The text for `history` of a service in `status`, nil when there were no deaths.
    static func summary(_ history: CrashHistory, status: ServiceReport) -> String? {
        guard history.deaths > 0, let lastExit = history.lastExit else { return nil }
        let count = "died \(history.deaths) \(history.deaths == 1 ? "time" : "times")"
        if status.state == .down && status.process == "starting" {
            var text = count + " in " + StatusPrinter.humanize(seconds: history.secondsSinceFirst ?? 0)
            if case .signal(let signal) = lastExit { text += ", last killed by \(CrashHistory.signalName(signal))" }
            return text
        }
        let ago = StatusPrinter.humanize(seconds: history.secondsSinceLast ?? 0) + " ago"
        switch lastExit {
        case .code(let code): return count + ", last exited with code \(code), " + ago
        case .signal(let signal): return count + ", last killed by \(CrashHistory.signalName(signal)) " + ago
        }
    }
}
