@testable import ArgumentParsing
import Testing

/// The pieces argparse's messages are made of, beyond the recorded comparison.
@Suite("ArgumentParser details")
struct ArgumentParserTests {
    @Test("usage errors print the usage, then '<program>: error: <message>'; exit status 2")
    func report() {
        let error = ArgumentError("the following arguments are required: file")
        #expect(error.report(program: "tool", usage: "usage: tool file\n")
                == "usage: tool file\ntool: error: the following arguments are required: file\n")
        #expect(ArgumentError.exitStatus == 2)
    }

    @Test("Python's repr of a str", arguments: [
        ("x", "'x'"), ("it's", "\"it's\""), ("a'b\"c", "'a\\'b\"c'"), ("a\\b", "'a\\\\b'"),
        ("a\nb\tc\r", "'a\\nb\\tc\\r'"), ("\u{7}", "'\\x07'"), ("é", "'é'"), ("", "''"),
    ])
    func repr(text: String, expected: String) {
        #expect(PythonRepr.of(text) == expected)
    }

    @Test("negative numbers as argparse's _negative_number_matcher sees them", arguments: [
        ("-1", true), ("-10", true), ("-.5", true), ("-1.5", true), ("-1\n", true), ("-\u{663}", true),
        ("-", false), ("-1.", false), ("-1e5", false), ("-0x1", false), ("-1.2.3", false), ("--1", false),
        ("-.", false), ("1", false), ("-1\n\n", false),
    ])
    func negativeNumber(word: String, expected: Bool) {
        #expect(WordClassifier.looksLikeNegativeNumber(word) == expected)
    }

    @Test("positionals leave later ones their minimum")
    func positionalSharing() throws {
        let parser = ArgumentParser(options: [], positionals: [
            PositionalSpec("first", count: .oneOrMore), PositionalSpec("last"),
        ])
        guard case .parsed(let parsed) = try parser.parse(["a", "b", "c"]) else {
            Issue.record("not parsed")
            return
        }
        #expect(parsed.words(of: "first") == ["a", "b"])
        #expect(parsed.words(of: "last") == ["c"])
        #expect(throws: ArgumentError("the following arguments are required: first, last")) {
            try parser.parse([])
        }
    }
}
