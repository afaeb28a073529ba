import S6Compat
import Testing

@Suite struct StatusFieldTests {
    /// Prefixes checked against the real `s6-svstat` 2.11.3.2 (`-o u,r,p` prints up, ready,
    /// paused): the first field in table order that starts with the prefix wins.
    @Test(arguments: [
        ("u", StatusField.up), ("up", .up), ("upd", .updownsince), ("updown", .updownsince),
        ("updownf", .updownfor), ("w", .wantedup), ("n", .normallyup), ("r", .ready),
        ("re", .ready), ("ready", .ready), ("readys", .readysince), ("readyf", .readyfor),
        ("p", .paused), ("pa", .paused), ("pi", .pid), ("e", .exitcode), ("s", .signal),
        ("sig", .signal), ("signu", .signum), ("signum", .signum),
    ])
    func prefixMatching(prefix: String, field: StatusField) {
        #expect(StatusField.matching(prefix: prefix) == field)
    }

    @Test func everyFullNameMatchesItself() {
        for field in StatusField.allCases {
            #expect(StatusField.matching(prefix: field.rawValue) == field)
        }
    }

    @Test(arguments: ["", "x", "upx", "UP", "up ", "readyfor2", "pids"])
    func nonMatching(prefix: String) {
        #expect(StatusField.matching(prefix: prefix) == nil)
    }

    @Test func shortcutsOfTheCommandLine() {
        let shortcuts = "uwNrpest".map { StatusField.shortcut($0) }
        #expect(shortcuts == [.up, .wantedup, .normallyup, .ready, .pid, .exitcode, .signal, .updownfor])
        #expect(StatusField.shortcut("n") == nil)
        #expect(StatusField.shortcut("o") == nil)
    }

    func fields(_ texts: String...) throws(StatusFieldError) -> [StatusField] {
        var list = StatusFieldList()
        for text in texts { try list.append(commaSeparated: text) }
        return list.fields
    }

    @Test func listsAccumulateInOrder() throws {
        #expect(try fields("u,r,p") == [.up, .ready, .paused])
        #expect(try fields("pid", "up") == [.pid, .up])
        #expect(try fields("pid,pid") == [.pid, .pid])
    }

    @Test func trailingCommaAndEmptyListAreAccepted() throws {
        #expect(try fields("up,") == [.up])
        #expect(try fields("") == [])
    }

    @Test(arguments: ["up,,pid", ",up", ",", "up,,", "pid,,,"])
    func nullFields(text: String) {
        #expect(throws: StatusFieldError.nullField) { try fields(text) }
    }

    @Test func invalidFieldsAreNamedFirstBadOneWins() {
        #expect(throws: StatusFieldError.invalidField("foo")) { try fields("foo") }
        #expect(throws: StatusFieldError.invalidField("foo")) { try fields("foo,,") }
        #expect(throws: StatusFieldError.invalidField("foo")) { try fields("up,foo,") }
        #expect(throws: StatusFieldError.invalidField("up pid")) { try fields("up pid") }
    }

    @Test func sixteenFieldsAtMost() throws {
        let sixteen = Array(repeating: "u", count: 16).joined(separator: ",")
        #expect(try fields(sixteen).count == 16)
        #expect(try fields(sixteen + ",").count == 16)
        #expect(throws: StatusFieldError.tooManyFields) { try fields(sixteen + ",u") }
        #expect(throws: StatusFieldError.tooManyFields) { try fields(sixteen, "u") }
        // A bad name is reported before the count, a null field too (as the real tool does).
        #expect(throws: StatusFieldError.invalidField("foo")) { try fields(sixteen + ",foo") }
        #expect(throws: StatusFieldError.nullField) { try fields(sixteen + ",,") }
    }

    @Test func messages() {
        #expect(StatusFieldError.nullField.s6Message == "invalid null option field")
        #expect(StatusFieldError.invalidField("foo").s6Message == "invalid option field: foo")
        #expect(StatusFieldError.tooManyFields.s6Message == "too many option fields")
    }
}
