import ReadinessPolling
import SuperviseStatus
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

    @Test("garbage, negative, infinite and huge values are rejected, naming their source and the problem",
          arguments: [("abc", SecondsText.Problem.notANumber), ("-1", .negative), ("inf", .notANumber), ("nan", .notANumber),
                      ("1e9", .tooLarge), ("", .notANumber), ("0x10", .notANumber)])
    func rejectsBadValues(_ text: String, _ reason: SecondsText.Problem) {
        #expect(throws: PollSettings.Problem(source: "timeout-ready", value: text.trimmingCharacters(), reason: reason)) {
            try PollSettings.load(environment: [:]) { $0 == "timeout-ready" ? text : nil }
        }
    }

    @Test("one parser, one limit: every value pgctl accepts in timeout-ready is accepted here too (issue #10, defect 10)",
          arguments: ["86400", "100000", "31536000", "0", "2.5e3"])
    func sameLimitAsPgctl(_ text: String) throws {
        let settings = try PollSettings.load(environment: [:]) { $0 == "timeout-ready" ? text : nil }
        #expect(settings.timeout == Double(text))
        #expect(try SecondsText.parse(text) == Double(text))
    }

    @Test("the message says what is wrong: a positive number too large is not called negative")
    func message() {
        let problem = PollSettings.Problem(source: "timeout-ready", value: "99999999999", reason: .tooLarge)
        #expect(problem.description == "invalid value in timeout-ready: '99999999999' is too large (at most 31536000 seconds)")
    }

    @Test("a bad environment value names the variable")
    func namesVariable() {
        #expect(throws: PollSettings.Problem(source: "PGCTL_POLL", value: "fast", reason: .notANumber)) {
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
