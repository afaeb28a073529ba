@testable import PgctlCore
import Testing

@Suite("Configuration file formats")
struct ConfigFormatTests {
    @Test("formats are chosen by extension; others are not recognised")
    func extensions() {
        #expect(ConfigFileFormat(fileName: "pgctl.yaml") == .yaml)
        #expect(ConfigFileFormat(fileName: "pgctl.yml") == .yaml)
        #expect(ConfigFileFormat(fileName: "pgctl.json") == .json)
        #expect(ConfigFileFormat(fileName: "pgctl.ini") == .ini)
        #expect(ConfigFileFormat(fileName: ".pgctl.conf") == .ini)
        #expect(ConfigFileFormat(fileName: "pgctl.junk") == nil)
        #expect(ConfigFileFormat(fileName: "pgctl") == nil)
        #expect(ConfigFileFormat(fileName: "pgctl.YAML") == nil)
    }

    // MARK: YAML

    @Test("YAML keeps types: booleans (YAML 1.1 words too), integers, floats, null, lists, mappings")
    func yamlTypes() throws {
        let parsed = try YAMLConfigParser.parse("""
            a: true
            b: no
            c: 3
            d: 2.5
            e: ~
            f: [x, 1]
            g: {h: i}
            j: '007'
            k: 2001-12-14
            """)
        #expect(parsed == [
            "a": .bool(true), "b": .bool(false), "c": .int(3), "d": .double(2.5), "e": .null,
            "f": .list([.string("x"), .int(1)]), "g": .mapping(["h": .string("i")]),
            "j": .string("007"), "k": .string("2001-12-14"),
        ])
    }

    @Test("an empty YAML document (or only comments, or a bare null) contributes nothing")
    func yamlEmpty() throws {
        #expect(try YAMLConfigParser.parse("") == nil)
        #expect(try YAMLConfigParser.parse("# nothing here\n") == nil)
        #expect(try YAMLConfigParser.parse("~\n") == nil)
    }

    @Test("YAML anchors and merge keys work as with PyYAML's safe_load")
    func yamlMergeKeys() throws {
        let parsed = try YAMLConfigParser.parse("""
            base: &base {x: 1}
            derived:
              <<: *base
              y: 2
            """)
        #expect(parsed?["derived"] == .mapping(["x": .int(1), "y": .int(2)]))
    }

    @Test("malformed YAML reports line and column")
    func yamlMalformed() {
        #expect(throws: ConfigParseError(line: 2, column: 5, "mapping values are not allowed in this context")) {
            try YAMLConfigParser.parse("a: b\nc: d: e\n")
        }
        let error = #expect(throws: ConfigParseError.self) { try YAMLConfigParser.parse("a: [1, 2\n") }
        #expect(error?.message.hasPrefix("line ") == true)
    }

    @Test("a YAML document that is not a mapping is an error")
    func yamlNotMapping() {
        #expect(throws: ConfigParseError("expected a mapping of configuration keys at the top level, found ['a', 'b']")) {
            try YAMLConfigParser.parse("- a\n- b\n")
        }
    }

    @Test("duplicate YAML keys are an error naming the key")
    func yamlDuplicateKeys() {
        let error = #expect(throws: ConfigParseError.self) { try YAMLConfigParser.parse("a: 1\na: 2\n") }
        #expect(error?.message.contains("duplicate key 'a'") == true)
    }

    @Test("a duplicate YAML key is reported where the duplicate is, not at the first occurrence (issue #10, defect 9)",
          arguments: [
              ("a: 1\nb: 2\na: 3\n", "line 3, column 1: duplicate key 'a' in a mapping"),
              ("# comment\nservices:\n  a: 1\n  b: 2\n  a: 3\nc: 4\n", "line 5, column 3: duplicate key 'a' in a mapping"),
              ("x: 1\n\"a\": 1\n'a': 2\n", "line 3, column 1: duplicate key 'a' in a mapping"),
              ("m: {a: 1, b: 2, a: 3}\n", "line 1, column 17: duplicate key 'a' in a mapping"),
          ])
    func yamlDuplicateKeyPosition(text: String, expected: String) {
        let error = #expect(throws: ConfigParseError.self) { try YAMLConfigParser.parse(text) }
        #expect(error?.message == expected)
    }

    // MARK: JSON

    @Test("JSON keeps integers, floats, booleans and null apart")
    func jsonTypes() throws {
        let parsed = try JSONConfigParser.parse(#"""
            {"a": true, "b": 1, "c": 1.5, "d": null, "e": [1, false, "x"], "f": {"g": {}},
             "h": "\u00e9\ud83d\ude00\n\"", "i": -2e3, "j": 100000000000000000000000}
            """#)
        #expect(parsed == [
            "a": .bool(true), "b": .int(1), "c": .double(1.5), "d": .null,
            "e": .list([.int(1), .bool(false), .string("x")]), "f": .mapping(["g": .mapping([:])]),
            "h": .string("é😀\n\""), "i": .double(-2000), "j": .double(1e23),
        ])
    }

    @Test("later duplicate JSON keys win, as in Python")
    func jsonDuplicates() throws {
        #expect(try JSONConfigParser.parse(#"{"a": 1, "a": 2}"#) == ["a": .int(2)])
    }

    @Test("malformed JSON reports line and column", arguments: [
        ("{\n  \"a\": 1\n  \"b\": 2\n}", "line 3, column 3: expected ',' or '}' in an object"),
        ("{\"a\": 1,}", "line 1, column 9: expected a property name in double quotes"),
        ("{\"a\": tru}", "line 1, column 7: expected a JSON value"),
        ("", "line 1, column 1: expected a JSON value, found the end of the file"),
        ("{\"a\": \"x", "line 1, column 7: unterminated string"),
        ("{} {}", "line 1, column 4: unexpected data after the JSON value"),
        ("{\"a\": 01}", "line 1, column 8: expected ',' or '}' in an object"),
        ("[1]", "line 1, column 1: expected a JSON object at the top level, found [1]"),
    ])
    func jsonMalformed(text: String, message: String) {
        #expect(throws: ConfigParseError(message)) { try JSONConfigParser.parse(text) }
    }

    // MARK: INI

    @Test("INI: the [pgctl] section, lower-cased keys, = or :, comments, continuation lines")
    func iniBasics() throws {
        let parsed = try INIConfigParser.parse("""
            # a comment
            [other]
            ignored = yes

            [pgctl]
            PGDIR = pg
            timeout: 5
            ; another comment
            note = first
              second
            empty =
            """)
        #expect(parsed == ["pgdir": .string("pg"), "timeout": .string("5"), "note": .string("first\nsecond"),
                           "empty": .string("")])
    }

    @Test("INI: keys ending in _list are split on whitespace (5.2.1 crashed here, spec §10.1.3)")
    func iniLists() throws {
        let parsed = try INIConfigParser.parse("[pgctl]\napps_list = 1 2\n  3\nservices_list = web\n")
        #expect(parsed == ["apps": .list([.string("1"), .string("2"), .string("3")]),
                           "services": .list([.string("web")])])
    }

    @Test("INI: [DEFAULT] values are inherited, [pgctl] overrides them")
    func iniDefaults() throws {
        let parsed = try INIConfigParser.parse("[DEFAULT]\na = 1\nb = 2\n[pgctl]\nb = 3\n")
        #expect(parsed == ["a": .string("1"), "b": .string("3")])
    }

    @Test("INI without a [pgctl] section contributes nothing")
    func iniNoSection() throws {
        #expect(try INIConfigParser.parse("[other]\na = 1\n") == nil)
        #expect(try INIConfigParser.parse("") == nil)
    }

    @Test("malformed INI reports the line", arguments: [
        ("a = 1\n", "line 1: 'a = 1' comes before any section header such as [pgctl]"),
        ("[pgctl]\njust words\n", "line 2: expected 'key = value', found 'just words'"),
        ("[pgctl]\na = 1\nA = 2\n", "line 3: option 'a' appears twice in section 'pgctl'"),
        ("[pgctl]\n[pgctl]\n", "line 2: section 'pgctl' appears twice"),
        ("[pgctl\n", "line 1: a section header must look like '[name]'"),
        ("[pgctl]\n= 1\n", "line 2: an option has no name"),
    ])
    func iniMalformed(text: String, message: String) {
        #expect(throws: ConfigParseError(message)) { try INIConfigParser.parse(text) }
    }
}
