import Foundation
import SafeYAML
import Testing
import TestSupport

/// ``SafeYAML`` against PyYAML's `safe_load`, the reader of pgctl 5.2.1: a corpus recorded with
/// PyYAML 6.0.3 (every YAML 1.1 value form PyYAML resolves), re-checked live when PyYAML is
/// installed, plus the deliberate differences (duplicate keys, timestamps, big integers).
@Suite("SafeYAML: YAML as PyYAML's safe_load reads it")
struct SafeYAMLTests {
    /// (YAML text, repr() of PyYAML 6.0.3 safe_load), recorded with PyYAML.
    static let corpus: [(String, String)] = [
        ("a: 0o17", "{'a': '0o17'}"),
        ("a: 017", "{'a': 15}"),
        ("a: 0x1F", "{'a': 31}"),
        ("a: 1_000", "{'a': 1000}"),
        ("a: 1e5", "{'a': '1e5'}"),
        ("a: 1.0e+5", "{'a': 100000.0}"),
        ("a: 1.5e5", "{'a': '1.5e5'}"),
        ("a: .inf", "{'a': inf}"),
        ("a: -.Inf", "{'a': -inf}"),
        ("a: +.INF", "{'a': inf}"),
        ("a: .nan", "{'a': nan}"),
        ("a: .NaN", "{'a': nan}"),
        ("a: 190:20:30", "{'a': 685230}"),
        ("a: -1:30", "{'a': -90}"),
        ("a: 1:20.5", "{'a': 80.5}"),
        ("a: 0b101", "{'a': 5}"),
        ("a: -0b11", "{'a': -3}"),
        ("a: +12", "{'a': 12}"),
        ("a: -0", "{'a': 0}"),
        ("a: 0", "{'a': 0}"),
        ("a: 09", "{'a': '09'}"),
        ("a: 08.5", "{'a': 8.5}"),
        ("a: Yes", "{'a': True}"),
        ("a: y", "{'a': 'y'}"),
        ("a: n", "{'a': 'n'}"),
        ("a: On", "{'a': True}"),
        ("a: OFF", "{'a': False}"),
        ("a: oFF", "{'a': 'oFF'}"),
        ("a: NULL", "{'a': None}"),
        ("a: ", "{'a': None}"),
        ("a: ~", "{'a': None}"),
        ("a: nULL", "{'a': 'nULL'}"),
        ("a: !!str 12", "{'a': '12'}"),
        ("a: !!int \"12\"", "{'a': 12}"),
        ("a: !!float 1", "{'a': 1.0}"),
        ("a: !!bool \"yes\"", "{'a': True}"),
        ("a: !!null \"\"", "{'a': None}"),
        ("a: 1__0", "{'a': 10}"),
        ("a: _1", "{'a': '_1'}"),
        ("a: 0x_1", "{'a': 1}"),
        ("a: .5", "{'a': 0.5}"),
        ("a: -.5", "{'a': '-.5'}"),
        ("a: 5.", "{'a': 5.0}"),
        ("a: -1_0.5_0", "{'a': -10.5}"),
        ("a: 1.e+3", "{'a': 1000.0}"),
        ("a: 1.5E-2", "{'a': 0.015}"),
        ("a: 1.5e2", "{'a': '1.5e2'}"),
        ("a: 0.", "{'a': 0.0}"),
        ("a: 00", "{'a': 0}"),
        ("a: 0_7", "{'a': 7}"),
        ("a: 0:5", "{'a': '0:5'}"),
        ("a: \"yes\"", "{'a': 'yes'}"),
        ("a: 'no'", "{'a': 'no'}"),
        ("a: [yes, 1, 1.5, ~, x]", "{'a': [True, 1, 1.5, None, 'x']}"),
        ("a: {b: {c: [1, {d: e}]}}", "{'a': {'b': {'c': [1, {'d': 'e'}]}}}"),
        ("a: |\n  line1\n  line2\n", "{'a': 'line1\\nline2\\n'}"),
        ("a: >\n  folded\n  text\n", "{'a': 'folded text\\n'}"),
        ("base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\n", "{'base': {'x': 1, 'y': 2}, 'd': {'x': 1, 'y': 3}}"),
        ("b1: &b1 {x: 1}\nb2: &b2 {x: 2, z: 3}\nd:\n  <<: [*b1, *b2]\n  w: 4\n", "{'b1': {'x': 1}, 'b2': {'x': 2, 'z': 3}, 'd': {'x': 1, 'z': 3, 'w': 4}}"),
        ("a: &anchor [1, 2]\nb: *anchor\n", "{'a': [1, 2], 'b': [1, 2]}"),
        ("--- \na: 1\n...\n", "{'a': 1}"),
        ("a: 12:30:00", "{'a': 45000}"),
        ("a: 1:2:3.5", "{'a': 3723.5}"),
        ("a: 60:00", "{'a': 3600}"),
        ("a: 1:60", "{'a': '1:60'}"),
        ("a: true_ish", "{'a': 'true_ish'}"),
        ("a: 1.2.3", "{'a': '1.2.3'}"),
        ("a: 0x", "{'a': '0x'}"),
        ("a: 0b", "{'a': '0b'}"),
        ("a: +", "{'a': '+'}"),
        ("a: \"-\"", "{'a': '-'}"),
        ("a: .", "{'a': '.'}"),
        ("a: 1_", "{'a': 1}"),
        ("a: 0xG", "{'a': '0xG'}"),
        ("a: 2e-5", "{'a': '2e-5'}"),
        ("a: 1.0e5", "{'a': '1.0e5'}"),
        ("a: -1.0E+05", "{'a': -100000.0}"),
    ]

    /// A value as Python's `repr` prints it, for comparison with the recorded corpus.
    static func pythonRepr(_ value: YAMLValue?) -> String {
        guard let value else { return "None" }
        switch value {
        case .null: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .int(let number): return String(number)
        case .double(let number):
            if number.isNaN { return "nan" }
            if number.isInfinite { return number < 0 ? "-inf" : "inf" }
            return String(number)
        case .string(let text):
            return "'" + text.replacingNewlines() + "'"
        case .sequence(let items): return "[" + items.map { pythonRepr($0) }.joined(separator: ", ") + "]"
        case .mapping(let pairs):
            return "{" + pairs.map { pythonRepr($0.key) + ": " + pythonRepr($0.value) }.joined(separator: ", ") + "}"
        }
    }

    @Test("every recorded form reads as PyYAML read it", arguments: 0..<corpus.count)
    func matchesPyYAML(index: Int) throws {
        let (text, expected) = Self.corpus[index]
        #expect(Self.pythonRepr(try SafeYAML.load(text)) == expected, "\(text)")
    }

    @Test("the corpus is still what the installed PyYAML says (skipped without PyYAML)")
    func corpusIsLive() throws {
        let probe = try Command.run("/usr/bin/env", ["python3", "-c", "import yaml"])
        guard probe.exitCode == 0 else {
            print("skipped: PyYAML is not installed (pip install pyyaml)")
            return
        }
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let input = temp.child("corpus")
        try Self.corpus.map(\.0).joined(separator: "\0").write(toFile: input, atomically: false, encoding: .utf8)
        let script = "import sys, yaml\nfor doc in open(sys.argv[1]).read().split('\\0'):\n    print(repr(yaml.safe_load(doc)))\n"
        let result = try Command.run("/usr/bin/env", ["python3", "-c", script, input])
        #expect(result.exitCode == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines == Self.corpus.map(\.1))
    }

    @Test("empty streams, comments only and a bare null are nothing")
    func empty() throws {
        #expect(try SafeYAML.load("") == nil)
        #expect(try SafeYAML.load("# only a comment\n") == nil)
        #expect(try SafeYAML.load("~\n") == .null)
    }

    @Test("deliberate differences: timestamps stay text, a duplicate key is an error at the duplicate, huge integers are doubles")
    func differences() throws {
        #expect(try SafeYAML.load("a: 2001-12-14") == .mapping([(.string("a"), .string("2001-12-14"))]))
        #expect(try SafeYAML.load("a: 2001-12-14 21:59:43.10 -5") == .mapping([(.string("a"), .string("2001-12-14 21:59:43.10 -5"))]))
        #expect(throws: YAMLError("duplicate key 'a' in a mapping", at: YAMLMark(line: 3, column: 3))) {
            try SafeYAML.load("x:\n  a: 1\n  a: 2\n")
        }
        #expect(try SafeYAML.load("a: 12345678901234567890123") == .mapping([(.string("a"), .double(1.2345678901234568e22))]))
    }

    @Test("errors carry libyaml's problem, position and context; several documents and unknown tags are refused")
    func errors() {
        #expect(throws: YAMLError("mapping values are not allowed in this context", at: YAMLMark(line: 2, column: 5))) {
            try SafeYAML.load("a: b\nc: d: e\n")
        }
        let unclosed = #expect(throws: YAMLError.self) { try SafeYAML.load("a: [1, 2\n") }
        #expect(unclosed?.context?.text == "while parsing a flow sequence")
        #expect(throws: YAMLError("expected a single document in the stream, but found another document", at: YAMLMark(line: 2, column: 1))) {
            try SafeYAML.load("a: 1\n---\nb: 2\n")
        }
        #expect(throws: YAMLError("could not determine a constructor for the tag '!custom'", at: YAMLMark(line: 1, column: 4))) {
            try SafeYAML.load("a: !custom x\n")
        }
        #expect(throws: YAMLError("found undefined alias 'nowhere'", at: YAMLMark(line: 1, column: 4))) {
            try SafeYAML.load("a: *nowhere\n")
        }
        #expect(throws: YAMLError.self) { try SafeYAML.load("a: =\n") }
        #expect(throws: YAMLError.self) { try SafeYAML.load("a: &x [*x]\n") }
    }
}

extension String {
    /// Newlines as Python's repr writes them (`\n`).
    fileprivate func replacingNewlines() -> String {
        var out = ""
        for character in self { out += character == "\n" ? "\\n" : String(character) }
        return out
    }
}
