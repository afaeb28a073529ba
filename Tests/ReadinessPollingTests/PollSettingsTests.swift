import ReadinessPolling
import Testing

@Suite("PollSettings")
struct PollSettingsTests {
    @Test("a file beats the environment, which beats the default")
    func precedence() throws {
        let files = ["timeout-ready": "5\n", "poll-down": " 0.01 "]
        let settings = try PollSettings.load(environment: ["PGCTL_TIMEOUT": "9", "PGCTL_POLL": "0.5"]) { files[$0] }
        #expect(settings == PollSettings(timeout: 5, pollReady: 0.5, pollDown: 0.01))
    }

    @Test("defaults are 2.0, 0.15 and 10.0 seconds")
    func defaults() throws {
        let settings = try PollSettings.load(environment: [:]) { _ in nil }
        #expect(settings == PollSettings(timeout: 2.0, pollReady: 0.15, pollDown: 10.0))
    }

    @Test("garbage, negative, infinite and huge values are rejected, naming their source",
          arguments: ["abc", "-1", "inf", "nan", "1e9", ""])
    func rejectsBadValues(_ text: String) {
        #expect(throws: PollSettings.Problem(source: "timeout-ready", value: text.trimmingCharacters())) {
            try PollSettings.load(environment: [:]) { $0 == "timeout-ready" ? text : nil }
        }
    }

    @Test("a bad environment value names the variable")
    func namesVariable() {
        #expect(throws: PollSettings.Problem(source: "PGCTL_POLL", value: "fast")) {
            try PollSettings.load(environment: ["PGCTL_POLL": "fast"]) { _ in nil }
        }
    }
}

extension String {
    fileprivate func trimmingCharacters() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\n" { s.removeFirst() }
        while s.last == " " || s.last == "\n" { s.removeLast() }
        return String(s)
    }
}
