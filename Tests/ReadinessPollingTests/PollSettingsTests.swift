import ReadinessPolling
import ServiceDefinition
import SuperviseStatus
import Testing
import TestSupport

@Suite("PollSettings")
struct PollSettingsTests {
    /// Loads the settings of a service directory holding `files`.
    static func load(environment: [String: String], files: [String: String]) throws(PollSettings.Problem) -> PollSettings {
        let temp = try! TemporaryDirectory()
        defer { temp.remove() }
        for (name, text) in files { try! ServiceDirectoryBuilder.write(temp.child(name), text) }
        let definition = ServiceDirectoryDefinition(directory: temp.path)
        return try PollSettings.load(timeoutReady: definition.timeoutReady, pollReady: definition.pollReady,
                                     pollDown: definition.pollDown, environment: environment)
    }

    @Test("a file beats the environment, which beats the default")
    func precedence() throws {
        let files = ["timeout-ready": "5\n", "poll-down": " 0.01 "]
        let settings = try Self.load(environment: ["PGCTL_TIMEOUT": "9", "PGCTL_POLL": "0.5"], files: files)
        #expect(settings == PollSettings(timeout: 5, pollReady: 0.5, pollDown: 0.01))
    }

    @Test("defaults are 2.0, 0.15 and 10.0 seconds")
    func defaults() throws {
        let settings = try Self.load(environment: [:], files: [:])
        #expect(settings == PollSettings(timeout: 2.0, pollReady: 0.15, pollDown: 10.0))
    }

    @Test("garbage, negative, infinite and huge values are rejected, naming their source and the problem",
          arguments: [("abc", SecondsText.Problem.notANumber), ("-1", .negative), ("inf", .tooLarge), ("nan", .notANumber),
                      ("1e9", .tooLarge), ("", .notANumber), ("0x10", .notANumber)])
    func rejectsBadValues(_ text: String, _ reason: SecondsText.Problem) throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        #expect(throws: PollSettings.Problem.badValue(source: temp.child("timeout-ready"), value: text.trimmingCharacters(), reason: reason)) {
            try ServiceDirectoryBuilder.write(temp.child("timeout-ready"), text)
            let definition = ServiceDirectoryDefinition(directory: temp.path)
            return try PollSettings.load(definition, environment: [:])
        }
    }

    @Test("one parser, one limit: every value pgctl accepts in timeout-ready is accepted here too (issue #10, defect 10)",
          arguments: ["86400", "100000", "31536000", "0", "2.5e3"])
    func sameLimitAsPgctl(_ text: String) throws {
        let settings = try Self.load(environment: [:], files: ["timeout-ready": text])
        #expect(settings.timeout == Double(text))
        #expect(try SecondsText.parse(text) == Double(text))
    }

    @Test("the message says what is wrong: a positive number too large is not called negative")
    func message() {
        let problem = PollSettings.Problem.badValue(source: "timeout-ready", value: "99999999999", reason: .tooLarge)
        #expect(problem.description == "invalid value in timeout-ready: '99999999999' is too large (at most 31536000 seconds)")
    }

    @Test("a bad environment value names the variable")
    func namesVariable() {
        #expect(throws: PollSettings.Problem.badValue(source: "PGCTL_POLL", value: "fast", reason: .notANumber)) {
            try Self.load(environment: ["PGCTL_POLL": "fast"], files: [:])
        }
    }

    @Test("an unreadable file is an error naming it, not a fallback to the environment")
    func unreadableFile() throws {
        let error = ServiceDefinitionError(path: "poll-ready", problem: .unreadable(.accessDenied))
        #expect(throws: PollSettings.Problem.unreadableFile(error)) {
            try PollSettings.load(timeoutReady: .absent, pollReady: .invalid(error), pollDown: .absent, environment: ["PGCTL_POLL": "1"])
        }
        #expect(PollSettings.Problem.unreadableFile(error).description == "cannot read poll-ready: Permission denied")
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
