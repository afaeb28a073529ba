import Foundation
@testable import PgctlCore
import Testing
import TestSupport

/// docs/pgctl.1 documents every command and every option of the command line (an option
/// added to ``PgctlCommandLine/options`` without a man page entry fails here), and every page
/// of docs/ renders without warnings.
@Suite("man pages")
struct ManPageTests {
    static let docs: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() } // Tests/PgctlCoreTests/ManPageTests.swift
        return url.appendingPathComponent("docs").path
    }()

    static var pages: [String] {
        let man = docs + "/man"
        let extra = (try? FileManager.default.contentsOfDirectory(atPath: man)) ?? []
        return [docs + "/pgctl.1"] + extra.filter { $0.hasSuffix(".1") || $0.hasSuffix(".8") }.sorted().map { man + "/" + $0 }
    }

    /// The words of each `.TP` item's header line, without roff escapes (`\-` → `-`, fonts).
    static func itemHeaders() throws -> [[String]] {
        let lines = try String(contentsOfFile: docs + "/pgctl.1", encoding: .utf8).components(separatedBy: "\n")
        var headers: [[String]] = []
        for (index, line) in lines.enumerated() where line == ".TP" && index + 1 < lines.count {
            var text = lines[index + 1]
            for macro in [".BR ", ".BI ", ".IR ", ".RB ", ".B ", ".I "] where text.hasPrefix(macro) {
                text = String(text.dropFirst(macro.count))
            }
            for escape in ["\\fB", "\\fI", "\\fR", "\\fP", "\""] { text = text.replacingOccurrences(of: escape, with: " ") }
            text = text.replacingOccurrences(of: "\\-", with: "-")
            headers.append(text.components(separatedBy: CharacterSet(charactersIn: " ,|[]")).filter { !$0.isEmpty })
        }
        return headers
    }

    @Test("every option of the command line has an item in pgctl(1)")
    func everyOption() throws {
        let words = Set(try Self.itemHeaders().flatMap { $0 })
        for option in PgctlCommandLine.options {
            for name in option.names { #expect(words.contains(name), "docs/pgctl.1 has no item for \(name)") }
        }
    }

    @Test("every command has an item in pgctl(1)")
    func everyCommand() throws {
        let first = Set(try Self.itemHeaders().compactMap(\.first))
        for command in PgctlCommand.allCases {
            #expect(first.contains(command.rawValue), "docs/pgctl.1 has no item for the command \(command.rawValue)")
        }
    }

    @Test("groff -ww -man -z: no warnings (skipped without groff)")
    func groffClean() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/groff") else {
            print("skipped: groff is not installed (apt-get install -y groff)")
            return
        }
        for page in Self.pages {
            let result = try Command.run("/usr/bin/groff", ["-ww", "-man", "-z", page])
            #expect(result.exitCode == 0 && result.stderr.isEmpty, "\(page): \(result)")
        }
    }

    @Test("mandoc -T lint: clean (skipped without mandoc)")
    func mandocClean() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/mandoc") else {
            print("skipped: mandoc is not installed (apt-get install -y mandoc)")
            return
        }
        for page in Self.pages {
            let result = try Command.run("/usr/bin/mandoc", ["-T", "lint", page])
            #expect(result.exitCode == 0 && result.stdout.isEmpty && result.stderr.isEmpty, "\(page): \(result)")
        }
    }
}
