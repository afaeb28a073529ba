import Glibc
import ServiceDefinition
import SuperviseStatus
import SuperviseSystem
import TestSupport
import Testing

/// ``ServiceDirectoryDefinition`` and its readers, file by file: good and bad values, a missing
/// file, a link instead of the file, an unreadable file (issue #11).
@Suite("ServiceDefinition: reading a service directory")
struct ServiceDefinitionReadTests {
    /// A service directory with an executable `run` and the given files.
    static func directory(_ files: [String: String] = [:]) throws -> TemporaryDirectory {
        let temp = try TemporaryDirectory()
        try ServiceDirectoryBuilder.write(temp.child("run"), "#!/bin/sh\nexec sleep 1\n", executable: true)
        for (name, contents) in files { try ServiceDirectoryBuilder.write(temp.child(name), contents) }
        return temp
    }

    static func read(_ files: [String: String]) throws -> ServiceDirectoryDefinition {
        let temp = try directory(files)
        defer { temp.remove() }
        return ServiceDirectoryDefinition(directory: temp.path)
    }

    /// The error for `name` in `definition`'s directory.
    static func error(_ definition: ServiceDirectoryDefinition, _ name: ServiceFileName,
                      _ problem: ServiceDefinitionError.Problem) -> ServiceDefinitionError {
        ServiceDefinitionError(path: definition.path(of: name), problem: problem)
    }

    @Test("an empty service (only run): every optional file absent, run executable")
    func onlyRun() throws {
        let definition = try Self.read([:])
        #expect(definition.run == .executable)
        #expect(definition.runProblem == nil)
        for script in [definition.finish, definition.ready, definition.startMessage, definition.stopMessage] {
            #expect(script == .absent)
        }
        for value in [definition.notificationFD, definition.timeoutKill, definition.timeoutFinish, definition.maxDeathTally] {
            #expect(value == .absent)
        }
        for value in [definition.timeoutReady, definition.timeoutStop, definition.pollReady, definition.pollDown] {
            #expect(value == .absent)
        }
        #expect(definition.downSignal == .absent)
        #expect(!definition.hasDownFile)
        #expect(!definition.hasNoSetsid)
    }

    @Test("s6 number files: first line, digits only, at most 11 bytes read", arguments: [
        ("5\n", ServiceFileValue<UInt64>.value(5)), ("5000", .value(5000)), ("00012\nrest", .value(12)),
        ("99999999999", .value(99_999_999_999)), ("0", .value(0)),
        // s6 reads 11 bytes: all digits there, the rest is never seen.
        ("999999999999", .value(99_999_999_999)), ("18446744073709551616", .value(18_446_744_073)),
    ])
    func goodNumbers(_ text: String, _ expected: ServiceFileValue<UInt64>) throws {
        let definition = try Self.read(["notification-fd": text, "timeout-kill": text, "timeout-finish": text, "max-death-tally": text])
        #expect(definition.notificationFD == expected)
        #expect(definition.timeoutKill == expected)
        #expect(definition.timeoutFinish == expected)
        #expect(definition.maxDeathTally == expected)
    }

    @Test("s6 number files: anything else is a bad file naming its path and first line", arguments: [
        ("abc", "abc"), (" 3", " 3"), ("-1", "-1"), ("+1", "+1"), ("3\r\n", "3\r"), ("", ""), ("1e3", "1e3"),
        ("\n5", ""), ("12345 678", "12345 678"),
    ])
    func badNumbers(_ text: String, _ firstLine: String) throws {
        let definition = try Self.read(["timeout-kill": text])
        #expect(definition.timeoutKill == .invalid(Self.error(definition, .timeoutKill, .notANumber(firstLine))))
        #expect(throws: Self.error(definition, .timeoutKill, .notANumber(firstLine))) { try definition.timeoutKill.get() }
        #expect(definition.timeoutKill.usableValue == nil)
    }

    @Test("down-signal: names in any case, with or without SIG, or numbers; anything else is bad", arguments: [
        ("HUP", Int32?(SignalNumber.hup)), ("sigusr2\n", 12), ("SIGTERM", SignalNumber.term), ("9", 9),
        ("FOO", nil), ("  12", nil), ("SIGUSR2 extra", nil),
    ])
    func downSignal(_ text: String, _ expected: Int32?) throws {
        let definition = try Self.read(["down-signal": text])
        if let expected {
            #expect(definition.downSignal == .value(expected))
        } else {
            let line = String(text.prefix { $0 != "\n" }.prefix(15))
            #expect(definition.downSignal == .invalid(Self.error(definition, .downSignal, .notASignal(line))))
        }
    }

    @Test("seconds files: SecondsText's parser and limits", arguments: [
        ("2.5\n", Double?(2.5)), (" 10 ", 10), ("0", 0), ("31536000", 31_536_000), (".5", 0.5), ("2e3", 2000),
    ])
    func goodSeconds(_ text: String, _ expected: Double?) throws {
        let definition = try Self.read(["timeout-ready": text, "timeout-stop": text, "poll-ready": text, "poll-down": text])
        for value in [definition.timeoutReady, definition.timeoutStop, definition.pollReady, definition.pollDown] {
            #expect(value == .value(expected!))
        }
    }

    @Test("seconds files: bad values name the file, the trimmed text and the problem", arguments: [
        ("soon", SecondsText.Problem.notANumber), ("-1", .negative), ("0x10", .notANumber), ("nan", .notANumber),
        ("inf", .tooLarge), ("-inf", .negative), ("1e9", .tooLarge), ("", .notANumber),
    ])
    func badSeconds(_ text: String, _ problem: SecondsText.Problem) throws {
        let definition = try Self.read(["timeout-stop": text + "\n"])
        #expect(definition.timeoutStop == .invalid(Self.error(definition, .timeoutStop, .badSeconds(text, problem))))
    }

    @Test("a seconds file longer than 4096 bytes is refused, not parsed in part")
    func tooLong() throws {
        let definition = try Self.read(["poll-down": "1" + String(repeating: " ", count: 5000)])
        #expect(definition.pollDown == .invalid(Self.error(definition, .pollDown, .tooLong(limit: 4096))))
    }

    @Test("scripts: missing, not executable, not a regular file")
    func scripts() throws {
        let temp = try Self.directory(["ready": "#!/bin/sh\n", "finish": "#!/bin/sh\n"])
        defer { temp.remove() }
        #expect(chmod(temp.child("ready"), 0o755) == 0)
        #expect(mkdir(temp.child("start-msg"), 0o755) == 0)
        unlink(temp.child("run"))
        let definition = ServiceDirectoryDefinition(directory: temp.path)
        #expect(definition.run == .absent)
        #expect(definition.runProblem == ServiceDefinitionError(path: temp.child("run"), problem: .missing))
        #expect(definition.ready == .executable)
        #expect(definition.finish == .notExecutable)
        #expect(definition.startMessage == .notRegularFile)
        #expect(definition.stopMessage == .absent)
        #expect(ScriptFile.notExecutable.problem(at: "x") == ServiceDefinitionError(path: "x", problem: .notExecutable))
    }

    @Test("presence files: down and nosetsid, whatever they hold")
    func presence() throws {
        let definition = try Self.read(["down": "", "nosetsid": "garbage"])
        #expect(definition.hasDownFile)
        #expect(definition.hasNoSetsid)
    }

    @Test("a link instead of a file is followed, as s6 and pgctl 5.2.1 do; dangling = absent; a loop is unreadable")
    func links() throws {
        let temp = try Self.directory()
        defer { temp.remove() }
        let shared = try TemporaryDirectory()
        defer { shared.remove() }
        try ServiceDirectoryBuilder.write(shared.child("fd"), "7\n")
        try ServiceDirectoryBuilder.write(shared.child("run"), "#!/bin/sh\n", executable: true)
        unlink(temp.child("run"))
        #expect(symlink(shared.child("run"), temp.child("run")) == 0)
        #expect(symlink(shared.child("fd"), temp.child("notification-fd")) == 0)
        #expect(symlink(shared.child("nothing"), temp.child("timeout-ready")) == 0)
        #expect(symlink(temp.child("loop"), temp.child("loop")) == 0)
        #expect(symlink(temp.child("loop"), temp.child("down-signal")) == 0)
        let definition = ServiceDirectoryDefinition(directory: temp.path)
        #expect(definition.run == .executable)
        #expect(definition.notificationFD == .value(7))
        #expect(definition.timeoutReady == .absent)
        #expect(definition.downSignal == .invalid(Self.error(definition, .downSignal, .unreadable(.symbolicLinkLoop))))
    }

    @Test("a file that cannot be read (a directory in its place) is an error carrying the errno and the path")
    func unreadable() throws {
        let temp = try Self.directory()
        defer { temp.remove() }
        for name in ["timeout-stop", "max-death-tally", "down-signal"] { #expect(mkdir(temp.child(name), 0o755) == 0) }
        let definition = ServiceDirectoryDefinition(directory: temp.path)
        let isDirectory = Errno(rawValue: EISDIR)
        #expect(definition.timeoutStop == .invalid(Self.error(definition, .timeoutStop, .unreadable(isDirectory))))
        #expect(definition.maxDeathTally == .invalid(Self.error(definition, .maxDeathTally, .unreadable(isDirectory))))
        #expect(definition.downSignal == .invalid(Self.error(definition, .downSignal, .unreadable(isDirectory))))
        #expect(Self.error(definition, .timeoutStop, .unreadable(isDirectory)).description
                == "\(temp.path)/timeout-stop: cannot be read: Is a directory")
    }

    @Test("a file without read permission: EACCES, naming the file", .enabled(if: geteuid() != 0, "root reads every file"))
    func permissionDenied() throws {
        let temp = try Self.directory(["timeout-ready": "5\n", "notification-fd": "5\n"])
        defer { temp.remove() }
        #expect(chmod(temp.child("timeout-ready"), 0) == 0)
        #expect(chmod(temp.child("notification-fd"), 0) == 0)
        let definition = ServiceDirectoryDefinition(directory: temp.path)
        #expect(definition.timeoutReady == .invalid(Self.error(definition, .timeoutReady, .unreadable(.accessDenied))))
        #expect(definition.notificationFD == .invalid(Self.error(definition, .notificationFD, .unreadable(.accessDenied))))
    }

    @Test("a directory that cannot be listed is read file by file", .enabled(if: geteuid() != 0, "root lists every directory"))
    func unlistable() throws {
        let temp = try Self.directory(["timeout-kill": "700\n"])
        defer {
            chmod(temp.path, 0o755)
            temp.remove()
        }
        #expect(chmod(temp.path, 0o311) == 0)  // search but no read permission
        let definition = ServiceDirectoryDefinition(directory: temp.path)
        #expect(definition.run == .executable)
        #expect(definition.timeoutKill == .value(700))
        #expect(definition.timeoutFinish == .absent)
    }

    @Test("a directory that does not exist (nothing to list): every file is tried and absent")
    func noDirectory() throws {
        let definition = ServiceDirectoryDefinition(directory: "/nonexistent/pgctl-test-service")
        #expect(definition.run == .absent)
        #expect(definition.runProblem == ServiceDefinitionError(path: "/nonexistent/pgctl-test-service/run", problem: .missing))
        #expect(definition.notificationFD == .absent)
        #expect(definition.timeoutReady == .absent)
        #expect(!definition.hasDownFile)
    }

    @Test("a file given to the definition by a one-line extension reads through the same listing")
    func extensionField() throws {
        let temp = try Self.directory(["timeout-stop": "7\n"])
        defer { temp.remove() }
        let definition = ServiceDirectoryDefinition(directory: temp.path)
        #expect(definition.stopLimit == .value(7))
        try ServiceDirectoryBuilder.write(temp.child("timeout-stop"), "8\n")
        #expect(definition.stopLimit == .value(8), "read when asked")
        let created = temp.child("timeout-ready")
        try ServiceDirectoryBuilder.write(created, "1\n")
        #expect(definition.read(.timeoutReady, SecondsFile.read(at:)) == .absent, "not in the listing taken at init")
    }

    @Test("the s6 warnings: 'invalid <name>' and 'unable to open <name>: <errno>'")
    func s6Warnings() {
        #expect(ServiceDefinitionError(path: "timeout-kill", problem: .notANumber("x")).s6Warning == "invalid timeout-kill")
        #expect(ServiceDefinitionError(path: "./down-signal", problem: .unreadable(.accessDenied)).s6Warning
                == "unable to open down-signal: Permission denied")
    }

    @Test("the current directory gives bare names, as the supervisor and pgctl-poll-ready use them")
    func relativeNames() {
        #expect(ServiceFileName.notificationFD.path(in: ".") == "notification-fd")
        #expect(ServiceFileName.timeoutStop.path(in: "/p/svc") == "/p/svc/timeout-stop")
    }
}

extension ServiceDirectoryDefinition {
    /// How a new service file joins the definition: one line in its reader's file.
    fileprivate var stopLimit: ServiceFileValue<Double> { read(.timeoutStop, SecondsFile.read(at:)) }
}
