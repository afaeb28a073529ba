import Foundation
import SuperviseLog
import Testing
import TestSupport

@Suite("ServiceLog rotation")
struct ServiceLogTests {
    nonisolated(unsafe) private static let stampPattern = #/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9}  (.*)$/#

    /// Reads every line of every archive and of `current`, oldest first, without timestamps.
    private func allLines(in directory: LogDirectory) throws -> [String] {
        let files = directory.archives() + ["current"]
        return try files.flatMap { name -> [String] in
            let text = try String(contentsOfFile: directory.path + "/" + name, encoding: .utf8)
            return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
                guard let match = String(line).wholeMatch(of: Self.stampPattern) else { return "UNSTAMPED: \(line)" }
                return String(match.1)
            }
        }
    }

    @Test("rotation keeps every line exactly once, never splits one, and trims old archives")
    func rotationKeepsEveryLine() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let directory = try LogDirectory(path: temp.child("logs"), policy: LogRotationPolicy(maximumFileSize: 4096, archiveCount: 5))
        let log = ServiceLog(directory: directory)
        var expected = [String]()
        for n in 0..<400 {
            let line = "line \(n) " + String(repeating: "x", count: n % 37)
            expected.append(line)
            Array((line + "\n").utf8).withUnsafeBytes { log.consume($0) }
            if n % 7 == 0 { try log.flush(warn: { Issue.record("unexpected warning \($0)") }) }
        }
        try log.flush(warn: { Issue.record("unexpected warning \($0)") })
        let archives = directory.archives()
        #expect(archives.count == 5)
        for name in archives + ["current"] {
            let size = try FileManager.default.attributesOfItem(atPath: directory.path + "/" + name)[.size] as! Int
            #expect(size <= 4096, "\(name) is \(size) bytes")
        }
        for name in archives {
            #expect(LogDirectory.isArchiveName(name))
            let mode = try FileManager.default.attributesOfItem(atPath: directory.path + "/" + name)[.posixPermissions] as! Int
            #expect(mode == 0o744)
        }
        let kept = try allLines(in: directory)
        // The oldest archives were trimmed: what is left is an exact suffix of what was written.
        #expect(!kept.isEmpty)
        #expect(Array(expected.suffix(kept.count)) == kept)
    }

    @Test("a new writer appends to an existing current")
    func appendsAcrossRestarts() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        for word in ["first", "second"] {
            let log = ServiceLog(directory: try LogDirectory(path: temp.child("logs")))
            Array("\(word)\n".utf8).withUnsafeBytes { log.consume($0) }
            try log.flush(warn: { _ in })
        }
        let directory = try LogDirectory(path: temp.child("logs"))
        #expect(try allLines(in: directory) == ["first", "second"])
        #expect(directory.archives().isEmpty)
    }

    @Test("archive names are 27 bytes: @, 24 hex digits, .s or .u")
    func archiveNames() {
        #expect(LogDirectory.isArchiveName("@400000006b0ba34738ad0de3.s"))
        #expect(LogDirectory.isArchiveName("@400000006b0ba34738ad0de3.u"))
        #expect(!LogDirectory.isArchiveName("@400000006b0ba34738ad0de3.x"))
        #expect(!LogDirectory.isArchiveName("@400000006b0ba34738ad0dez.s"))
        #expect(!LogDirectory.isArchiveName("current"))
    }
}
