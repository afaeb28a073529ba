/// Renders `pgctl status` (spec §2.5): text blocks or Python-style JSON.
enum StatusPrinter {
    /// ANSI escapes, used only when stdout is a terminal.
    private enum Color {
        static let green = "\u{1B}[92m", yellow = "\u{1B}[93m", red = "\u{1B}[91m"
        static let bold = "\u{1B}[1m", reset = "\u{1B}[0m"
    }

    /// The text form: per service ` ● name: state`, then `   └─ pid: N, exitcode: N, <time>, <process>`
    /// when any of those is known, followed by ` — <crash history>` when `run` died since
    /// its supervisor started (``CrashHistoryText``). Services must already be sorted.
    static func text(_ statuses: [(name: String, status: ServiceReport)], colors: Bool) -> String {
        var output = ""
        for (name, status) in statuses {
            let color: String
            switch status.state {
            case .ready: color = Color.green
            case .up: color = Color.yellow
            case .down: color = Color.red
            }
            // The escaped state's explanation follows the state word, uncoloured.
            let rest = String(status.stateText.dropFirst(status.state.rawValue.count))
            if colors {
                output += " \(color)●\(Color.reset) \(Color.bold)\(name)\(Color.reset): \(Color.bold)\(color)\(status.state.rawValue)\(Color.reset)\(rest)\n"
            } else {
                output += " ● \(name): \(status.stateText)\n"
            }
            var components: [String] = []
            if let pid = status.pid { components.append("pid: \(pid)") }
            if let exitcode = status.exitcode { components.append("exitcode: \(exitcode)") }
            if let seconds = status.seconds { components.append(humanize(seconds: seconds)) }
            if let process = status.process { components.append(process) }
            var details = components.joined(separator: ", ")
            if let crashes = status.crashes, let text = CrashHistoryText.summary(crashes, status: status) {
                details += (details.isEmpty ? "" : " ") + "— " + text
            }
            if !details.isEmpty { output += "   └─ " + details + "\n" }
        }
        return output
    }

    /// The `--json` form: one object keyed by service name, keys sorted, 4-space indent,
    /// trailing newline (Python's `json.dumps(..., indent=4, sort_keys=True)`).
    static func json(_ statuses: [(name: String, status: ServiceReport)]) -> String {
        var mapping: [String: ConfigValue] = [:]
        for (name, status) in statuses { mapping[name] = status.json }
        return PythonJSONEncoder.encode(.mapping(mapping)) + "\n"
    }

    /// `0 seconds` … `59 seconds`, then one decimal: `1.0 minutes`, `1.9 hours`, `2.5 days`.
    static func humanize(seconds: Int) -> String {
        if seconds >= 86400 { return oneDecimal(seconds, per: 86400) + " days" }
        if seconds >= 3600 { return oneDecimal(seconds, per: 3600) + " hours" }
        if seconds >= 60 { return oneDecimal(seconds, per: 60) + " minutes" }
        return "\(seconds) seconds"
    }

    /// `seconds / divisor` exactly as C's (and Python's) `%.1f` prints the Double quotient,
    /// in integer arithmetic (`String(format:)` cost ≈ 4 µs a call). A decimal tie such as
    /// 63 / 60 = 1.05 goes the way the binary quotient lies: above or below the tie, told
    /// exactly by one fused multiply-add; a quotient exactly on the tie rounds half to even.
    static func oneDecimal(_ seconds: Int, per divisor: Int) -> String {
        let numerator = seconds * 10
        var tenths = numerator / divisor
        let twiceRemainder = (numerator % divisor) * 2
        if twiceRemainder > divisor {
            tenths += 1
        } else if twiceRemainder == divisor {
            let quotient = Double(seconds) / Double(divisor)
            // quotient × divisor − seconds, rounded once: its sign is that of quotient − tie.
            // An exact tie (1.75 is a binary fraction) rounds half to even, as printf does.
            let side = (-Double(seconds)).addingProduct(quotient, Double(divisor))
            if side > 0 || (side == 0 && tenths % 2 == 1) { tenths += 1 }
        }
        return "\(tenths / 10).\(tenths % 10)"
    }
}
