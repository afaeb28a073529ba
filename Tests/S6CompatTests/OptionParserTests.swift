import S6Compat
import Testing

@Suite struct OptionParserTests {
    /// Parses everything, returning the options (as "x" or "x=arg") and the operands.
    func parse(_ arguments: [String], spec: String) throws(OptionError) -> (options: [String], operands: [String]) {
        var parser = OptionParser(arguments: arguments, spec: spec)
        var options: [String] = []
        while let option = try parser.next() {
            options.append(option.argument.map { "\(option.letter)=\($0)" } ?? String(option.letter))
        }
        return (options, Array(parser.operands))
    }

    @Test func clusteredFlagsAndOperands() throws {
        let result = try parse(["-uwN", "-n", "svc", "extra"], spec: "uwNrpesto:n")
        #expect(result.options == ["u", "w", "N", "n"])
        #expect(result.operands == ["svc", "extra"])
    }

    @Test func argumentAttachedOrSeparate() throws {
        #expect(try parse(["-opid,up", "svc"], spec: "o:n").options == ["o=pid,up"])
        #expect(try parse(["-o", "pid", "svc"], spec: "o:n").options == ["o=pid"])
        #expect(try parse(["-no", "pid", "svc"], spec: "o:n").options == ["n", "o=pid"])
        #expect(try parse(["-nopid", "svc"], spec: "o:n").options == ["n", "o=pid"])
    }

    @Test func argumentMayLookLikeAnOption() throws {
        let result = try parse(["-o", "-u", "svc"], spec: "uo:")
        #expect(result.options == ["o=-u"])
        #expect(result.operands == ["svc"])
    }

    @Test func emptyArgumentIsAnArgument() throws {
        #expect(try parse(["-o", "", "svc"], spec: "o:").options == ["o="])
    }

    @Test func doubleDashEndsOptionsAndIsSkipped() throws {
        let result = try parse(["-u", "--", "-d", "svc"], spec: "ud")
        #expect(result.options == ["u"])
        #expect(result.operands == ["-d", "svc"])
    }

    @Test func firstOperandEndsOptionsWithoutPermutation() throws {
        let result = try parse(["svc", "-u"], spec: "u")
        #expect(result.options == [])
        #expect(result.operands == ["svc", "-u"])
    }

    @Test func loneDashIsAnOperand() throws {
        let result = try parse(["-u", "-", "-d"], spec: "ud")
        #expect(result.options == ["u"])
        #expect(result.operands == ["-", "-d"])
    }

    @Test func noArgumentsAtAll() throws {
        let result = try parse([], spec: "u")
        #expect(result.options.isEmpty && result.operands.isEmpty)
    }

    @Test func unknownOption() {
        #expect(throws: OptionError.unknownOption("Z")) { try parse(["-uZ", "svc"], spec: "ud") }
        #expect(throws: OptionError.unknownOption("-")) { try parse(["-u-", "svc"], spec: "ud") }
    }

    @Test func missingArgument() {
        #expect(throws: OptionError.missingArgument("o")) { try parse(["-o"], spec: "o:") }
        #expect(throws: OptionError.missingArgument("T")) { try parse(["-uT"], spec: "uT:") }
    }

    @Test func optionsAreReportedOneAtATimeBeforeAnError() throws {
        var parser = OptionParser(arguments: ["-ab", "-Z"], spec: "ab")
        #expect(try parser.next() == ParsedOption("a"))
        #expect(try parser.next() == ParsedOption("b"))
        #expect(throws: OptionError.unknownOption("Z")) { try parser.next() }
    }

    @Test func nextOptionTurnsErrorsIntoUsage() {
        var parser = OptionParser(arguments: ["-Z"], spec: "a")
        #expect(throws: ToolFailure.usage) { try parser.nextOption() }
    }

    @Test(arguments: [
        ("0", UInt32(0)), ("007", 7), ("1000", 1000), ("4294967295", UInt32.max),
    ])
    func unsignedNumbers(text: String, value: UInt32) {
        #expect(parseUnsigned32(text) == value)
    }

    @Test(arguments: ["", "abc", "-5", "+5", " 5", "5 ", "0x10", "1.5", "4294967296", "99999999999"])
    func rejectedNumbers(text: String) {
        #expect(parseUnsigned32(text) == nil)
    }
}
