import S6Compat
import Testing

@Suite struct SvcInvocationTests {
    @Test func commandsAccumulateInOrder() throws {
        let invocation = try SvcInvocation.parse(["-12a", "-u", "-d", "svc"])
        #expect(invocation.commands == Array("12aud".utf8))
        #expect(invocation.directory == "svc")
        #expect(invocation.wait == nil && invocation.timeout == 0 && !invocation.hasExtraArguments)
    }

    @Test func everyCommandLetterIsAccepted() throws {
        let invocation = try SvcInvocation.parse(["-" + SvcInvocation.commandLetters, "svc"])
        #expect(invocation.commands == Array(SvcInvocation.commandLetters.utf8))
    }

    @Test func waitAndTimeout() throws {
        let invocation = try SvcInvocation.parse(["-wU", "-T", "1500", "-u", "svc"])
        #expect(invocation.wait == .upAndReady)
        #expect(invocation.timeout == 1500)
        // Only the first character of -w's argument counts; the last -w and -T win.
        let again = try SvcInvocation.parse(["-wuu", "-wd", "-T10", "-T", "20", "svc"])
        #expect(again.wait == .down && again.timeout == 20 && again.commands.isEmpty)
    }

    @Test(arguments: [["-wx", "svc"], ["-w", "", "svc"], ["-T", "abc", "-u", "svc"], ["-T", "-5", "svc"],
                      ["-e", "svc"], ["-u"], [], ["-T"], ["-w"], ["--"]])
    func usageErrors(arguments: [String]) {
        #expect(throws: ToolFailure.usage) { try SvcInvocation.parse(arguments) }
    }

    @Test func sixtyTwoCommandsAtMostReportedBeforeLaterErrors() throws {
        let sixtyTwo = "-" + String(repeating: "u", count: 62)
        #expect(try SvcInvocation.parse([sixtyTwo, "svc"]).commands.count == 62)
        let tooMany = ToolFailure.fatal("too many commands", exitCode: 100)
        #expect(throws: tooMany) { try SvcInvocation.parse([sixtyTwo, "-u", "svc"]) }
        #expect(throws: tooMany) { try SvcInvocation.parse([sixtyTwo + "u", "-Z", "svc"]) }
        #expect(throws: tooMany) { try SvcInvocation.parse([sixtyTwo + "u"]) }
    }

    @Test func extraArgumentsAndEmptyPathAreLeftToTheRun() throws {
        let invocation = try SvcInvocation.parse(["-u", "", "extra"])
        #expect(invocation.directory == "" && invocation.hasExtraArguments)
        #expect(try SvcInvocation.parse(["-u", "--", "--"]).directory == "--")
    }
}

@Suite struct SvstatInvocationTests {
    @Test func defaultsToTheHumanLine() throws {
        let invocation = try SvstatInvocation.parse(["svc"])
        #expect(invocation.fields.fields.isEmpty && !invocation.numericSignals && invocation.directory == "svc")
    }

    @Test func shortcutsAndListsKeepTheirOrder() throws {
        #expect(try SvstatInvocation.parse(["-uwNrpest", "svc"]).fields.fields
            == [.up, .wantedup, .normallyup, .ready, .pid, .exitcode, .signal, .updownfor])
        #expect(try SvstatInvocation.parse(["-o", "pid", "-u", "svc"]).fields.fields == [.pid, .up])
        #expect(try SvstatInvocation.parse(["-u", "-o", "pid", "svc"]).fields.fields == [.up, .pid])
        #expect(try SvstatInvocation.parse(["-o", "", "-n", "svc"]).fields.fields.isEmpty)
        #expect(try SvstatInvocation.parse(["-n", "svc"]).numericSignals)
    }

    @Test func fieldErrorsComeFirstAndExit100() {
        #expect(throws: ToolFailure.fatal("invalid option field: foo", exitCode: 100)) {
            try SvstatInvocation.parse(["-o", "foo"])
        }
        #expect(throws: ToolFailure.fatal("invalid null option field", exitCode: 100)) {
            try SvstatInvocation.parse(["-o", "up,,pid", "svc"])
        }
        #expect(throws: ToolFailure.fatal("too many option fields", exitCode: 100)) {
            try SvstatInvocation.parse(["-o", Array(repeating: "u", count: 15).joined(separator: ","), "-uu", "svc"])
        }
    }

    @Test(arguments: [[], ["-o"], ["-Z", "svc"], ["-o", "up", "-x", "svc"], ["-u"]])
    func usageErrors(arguments: [String]) {
        #expect(throws: ToolFailure.usage) { try SvstatInvocation.parse(arguments) }
    }

    @Test func operandsEndOptions() throws {
        let invocation = try SvstatInvocation.parse(["svc", "-u"])
        #expect(invocation.directory == "svc" && invocation.fields.fields.isEmpty)
    }
}

@Suite struct SvwaitInvocationTests {
    @Test func defaults() throws {
        let invocation = try SvwaitInvocation.parse(["a", "b"])
        #expect(invocation.request == .up && invocation.quantifier == .all && invocation.timeout == 0)
        #expect(invocation.directories == ["a", "b"])
    }

    @Test func lastChoiceWins() throws {
        let invocation = try SvwaitInvocation.parse(["-u", "-D", "-o", "-a", "-o", "-t", "9", "-t", "007", "svc"])
        #expect(invocation.request == .downAndReady && invocation.quantifier == .any && invocation.timeout == 7)
        for request in WaitRequest.allCases {
            #expect(try SvwaitInvocation.parse(["-\(request.rawValue)", "svc"]).request == request)
        }
    }

    @Test(arguments: [[], ["-u"], ["-t", "abc", "svc"], ["-t", "4294967296", "svc"], ["-x", "svc"], ["-t"]])
    func usageErrors(arguments: [String]) {
        #expect(throws: ToolFailure.usage) { try SvwaitInvocation.parse(arguments) }
    }
}
