import Foundation
import SuperviseLog
import SuperviseSystem
import Testing
import TestSupport

/// Issue 16, point 5, at the level of `ServiceLog` and `LogDirectory`: a `current` that went
/// away is followed by a new one, rotation goes on there, and links planted in place of the
/// log's files are not written through.
@Suite("Log reopening")
struct LogReopenUnitTests {
    nonisolated(unsafe) private static let stampPattern = #/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9}  (.*)$/#

    /// The records of `path` without stamps ("UNSTAMPED: …" for a torn one).
    private func lines(_ path: String) throws -> [String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            guard let match = String(line).wholeMatch(of: Self.stampPattern) else { return "UNSTAMPED: \(line)" }
            return String(match.1)
        }
    }

    private func write(_ log: ServiceLog, _ text: String, warnings: inout [String]) throws {
        Array(text.utf8).withUnsafeBytes { log.consume($0) }
        var collected = [String]()
        try log.flush(warn: { collected.append($0) })
        warnings += collected
    }

    @Test("rm -rf of the directory: the next batch re-creates it and a new current, the warning follows the batch")
    func directoryRemoved() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.child("logs")
        let directory = try LogDirectory(path: path)
        let log = ServiceLog(directory: directory)
        var warnings = [String]()
        try write(log, "before\n", warnings: &warnings)
        #expect(try directory.reopenIfMoved() == nil)
        try FileManager.default.removeItem(atPath: path)
        try write(log, "after 1\nafter 2\n", warnings: &warnings)
        #expect(try lines(path + "/current") == ["after 1", "after 2"])
        #expect(warnings == ["\(path)/current was deleted - logging to a new \(path)/current"])
        #expect(directory.reopenCount == 1)
        var info = stat()
        #expect(lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR)
        // The umask, read without changing it (other tests run meanwhile).
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let mask = status.split(separator: "\n").first { $0.hasPrefix("Umask:") }
            .flatMap { mode_t($0.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8) } ?? 0o022
        #expect(info.st_mode & 0o7777 == 0o755 & ~mask)
    }

    @Test("rotation keeps working in the new directory: sizes, archives, every line after the removal in order")
    func rotationAfterReopen() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.child("logs")
        let directory = try LogDirectory(path: path, policy: LogRotationPolicy(maximumFileSize: 4096, archiveCount: 3))
        let log = ServiceLog(directory: directory)
        var warnings = [String]()
        for n in 0..<100 { try write(log, "old \(n) " + String(repeating: "o", count: 20) + "\n", warnings: &warnings) }
        #expect(!directory.archives().isEmpty)
        try FileManager.default.removeItem(atPath: path)
        var expected = [String]()
        for n in 0..<300 {
            let line = "new \(n) " + String(repeating: "n", count: n % 41)
            expected.append(line)
            try write(log, line + "\n", warnings: &warnings)
        }
        let archives = directory.archives()
        #expect(archives.count == 3)
        var kept = [String]()
        for name in archives + ["current"] {
            let size = try FileManager.default.attributesOfItem(atPath: path + "/" + name)[.size] as! Int
            #expect(size <= 4096, "\(name) is \(size) bytes")
            kept += try lines(path + "/" + name)
        }
        #expect(!kept.contains { $0.hasPrefix("UNSTAMPED") || $0.hasPrefix("old ") })
        #expect(Array(expected.suffix(kept.count)) == kept)
        #expect(warnings.count == 1)
    }

    @Test("a link put where the removed directory was is refused: lines go on into the old file, one warning")
    func linkInPlaceOfDirectory() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.child("logs"), elsewhere = temp.child("elsewhere")
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let directory = try LogDirectory(path: path)
        let log = ServiceLog(directory: directory)
        var warnings = [String]()
        try write(log, "one\n", warnings: &warnings)
        let old = try #require(FileHandle(forReadingAtPath: path + "/current"))
        defer { try? old.close() }
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: elsewhere)
        try write(log, "two\n", warnings: &warnings)
        try write(log, "three\n", warnings: &warnings)
        #expect(!FileManager.default.fileExists(atPath: elsewhere + "/current"))
        #expect(warnings == ["\(path)/current is gone and a new one cannot be opened: \(path) is a symbolic link (not followed)"])
        let oldText = String(decoding: old.readDataToEndOfFile(), as: UTF8.self)
        #expect(oldText.contains("  one\n") && oldText.contains("  two\n") && oldText.hasSuffix("  three\n"))
    }

    @Test("current planted as a link (or a FIFO) is refused at start-up")
    func plantedCurrent() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.child("logs"), target = temp.child("target")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: target, contents: Data("keep\n".utf8)))
        try FileManager.default.createSymbolicLink(atPath: path + "/current", withDestinationPath: target)
        #expect(throws: FileAccessError("open", path + "/current", .symbolicLink)) { try LogDirectory(path: path) }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep\n")
        try FileManager.default.removeItem(atPath: path + "/current")
        #expect(mkfifo(path + "/current", 0o644) == 0)
        #expect(throws: FileAccessError("open", path + "/current", .wrongKind(expected: .regular, found: .fifo))) {
            try LogDirectory(path: path)
        }
    }

    @Test("a log directory that is a link at start-up is the user's choice: followed, also when re-created")
    func linkedDirectoryAtStartUp() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.child("logs"), target = temp.child("disk")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        let log = ServiceLog(directory: try LogDirectory(path: path))
        var warnings = [String]()
        try write(log, "one\n", warnings: &warnings)
        try FileManager.default.removeItem(atPath: target + "/current")
        try write(log, "two\n", warnings: &warnings)
        #expect(try lines(target + "/current") == ["two"])
        #expect(warnings.count == 1)
    }

    @Test("the check on an unchanged log is cheap (figures printed)")
    func checkCost() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let directory = try LogDirectory(path: temp.child("logs"))
        let rounds = 200_000
        let start = MonotonicInstant.now
        for _ in 0..<rounds { _ = try directory.reopenIfMoved() }
        let perCall = Double(MonotonicInstant.now.nanoseconds - start.nanoseconds) / Double(rounds)
        print("[issue 16 figures] reopenIfMoved on an unchanged log: \(String(format: "%.0f", perCall)) ns per call (this build)")
        #expect(directory.reopenCount == 0)
    }
}
