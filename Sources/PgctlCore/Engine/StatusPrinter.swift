import Foundation

/// Renders `pgctl status` (spec §2.5): text blocks or Python-style JSON.
enum StatusPrinter {
    /// ANSI escapes, used only when stdout is a terminal.
    private enum Color {
        static let green = "\u{1B}[92m", yellow = "\u{1B}[93m", red = "\u{1B}[91m"
        static let bold = "\u{1B}[1m", reset = "\u{1B}[0m"
    }

    /// The text form: per service ` ● name: state`, then `   └─ pid: N, exitcode: N, <time>, <process>`
    /// when any of those is known. Services must already be sorted.
    static func text(_ statuses: [(name: String, status: ServiceStatus)], colors: Bool) -> String {
        var output = ""
        for (name, status) in statuses {
            let color: String
            switch status.state {
            case .ready: color = Color.green
            case .up: color = Color.yellow
            case .down: color = Color.red
            }
            if colors {
                output += " \(color)●\(Color.reset) \(Color.bold)\(name)\(Color.reset): \(Color.bold)\(color)\(status.state.rawValue)\(Color.reset)\n"
            } else {
                output += " ● \(name): \(status.state.rawValue)\n"
            }
            var components: [String] = []
            if let pid = status.pid { components.append("pid: \(pid)") }
            if let exitcode = status.exitcode { components.append("exitcode: \(exitcode)") }
            if let seconds = status.seconds { components.append(humanize(seconds: seconds)) }
            if let process = status.process { components.append(process) }
            if !components.isEmpty { output += "   └─ " + components.joined(separator: ", ") + "\n" }
        }
        return output
    }

    /// The `--json` form: one object keyed by service name, keys sorted, 4-space indent,
    /// trailing newline (Python's `json.dumps(..., indent=4, sort_keys=True)`).
    static func json(_ statuses: [(name: String, status: ServiceStatus)]) -> String {
        var mapping: [String: ConfigValue] = [:]
        for (name, status) in statuses { mapping[name] = status.json }
        return PythonJSONEncoder.encode(.mapping(mapping)) + "\n"
    }

    /// `0 seconds` … `59 seconds`, then one decimal: `1.0 minutes`, `1.9 hours`, `2.5 days`.
    static func humanize(seconds: Int) -> String {
        let value = Double(seconds)
        if seconds >= 86400 { return oneDecimal(value / 86400) + " days" }
        if seconds >= 3600 { return oneDecimal(value / 3600) + " hours" }
        if seconds >= 60 { return oneDecimal(value / 60) + " minutes" }
        return "\(seconds) seconds"
    }

    /// `value` as C's `%.1f` prints it (rounded on the binary value, as Python did), without
    /// Foundation's `String(format:)`, which costs ≈ 4 µs a call.
    static func oneDecimal(_ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let count = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.1f", $0) }
        return String(decoding: buffer.prefix(Int(max(0, count))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
