import Foundation
import Testing
import TestSupport

/// Logging mode of our supervisor (`s6-supervise -l logs svc`): the service's stdout and stderr,
/// merged in order, timestamped like `s6-log T`, rotated without losing or splitting a line.
@Suite("Supervisor logging mode", .serialized, .timeLimit(.minutes(3)))
struct LogCaptureTests {
    nonisolated(unsafe) static let stamped = #/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9}  (.*)$/#

    /// Starts our supervisor in logging mode on `svc`: `s6-supervise -l logs <svc>` (the
    /// launcher prefix carries everything before the directory).
    private func supervise(_ svc: String) throws -> BackgroundSupervisor {
        try BackgroundSupervisor(executable: "logs", serviceDirectory: svc,
                                 launcher: ["/usr/bin/env", "--default-signal", Executables.ours("s6-supervise"), "-l"])
    }

    /// The lines of `logs/current` (and archives, oldest first), checking each has a stamp.
    private func loggedLines(_ svc: String, includeArchives: Bool = false) throws -> [String] {
        let logs = svc + "/logs"
        var files = ["current"]
        if includeArchives {
            files = try FileManager.default.contentsOfDirectory(atPath: logs).filter { $0.hasPrefix("@") }.sorted() + files
        }
        var lines = [String]()
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: logs + "/" + file))
            for raw in data.split(separator: 0x0a, omittingEmptySubsequences: false).dropLast() {
                let line = String(decoding: raw, as: UTF8.self)
                guard let match = line.wholeMatch(of: Self.stamped) else {
                    throw TestFailure("unstamped line in \(file): \(line.prefix(80))")
                }
                lines.append(String(match.1))
            }
        }
        return lines
    }

    @Test("stdout and stderr are merged in the order written, each line stamped")
    func interleaving() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let svc = try ServiceDirectoryBuilder.make(at: temp.child("svc"), run: """
            i=1
            while [ $i -le 500 ]; do echo "line $i out"; i=$((i+1)); echo "line $i err" >&2; i=$((i+1)); done
            echo finished
            exec sleep 1000
            """)
        let supervisor = try supervise(svc)
        defer { supervisor.stop() }
        try waitUntil("all lines logged") { (try? loggedLines(svc))?.last == "finished" }
        let expected = (1...500).map { "line \($0) \($0 % 2 == 1 ? "out" : "err")" } + ["finished"]
        #expect(try loggedLines(svc) == expected)
    }

    @Test("restarts of the service and of the supervisor append to the same log")
    func restartsAppend() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let svc = try ServiceDirectoryBuilder.make(at: temp.child("svc"), run: "echo started\nexec sleep 1000")
        let first = try supervise(svc)
        defer { first.stop() }
        try waitUntil("first start logged") { (try? loggedLines(svc)) == ["started"] }
        try ControlWriter.send("k", to: svc) // killed: restarted one second later
        try waitUntil("second start logged") { (try? loggedLines(svc)) == ["started", "started"] }
        try ControlWriter.send("dx", to: svc)
        #expect(try first.waitForExit() == 0)

        let second = try supervise(svc)
        defer { second.stop() }
        try waitUntil("third start logged") { (try? loggedLines(svc)) == ["started", "started", "started"] }
        #expect(try FileManager.default.contentsOfDirectory(atPath: svc + "/logs") == ["current"])
    }

    @Test("a partial line is completed by its newline, even arriving much later")
    func partialLines() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let svc = try ServiceDirectoryBuilder.make(at: temp.child("svc"), run: """
            printf 'begin-'
            while [ ! -e go ]; do sleep 0.01; done
            echo end
            exec sleep 1000
            """)
        let supervisor = try supervise(svc)
        defer { supervisor.stop() }
        try StatusFileReader.waitFor(svc, "up") { $0.isUp }
        #expect(try loggedLines(svc) == [])
        #expect(FileManager.default.createFile(atPath: svc + "/go", contents: nil))
        try waitUntil("the completed line") { (try? loggedLines(svc)) == ["begin-end"] }
    }

    @Test("a 50 MiB flood rotates into at most 5 archives + current, every line exactly once, in order")
    func floodRotation() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let count = 51_200 // 51 200 lines of 1 KiB = 50 MiB
        let padding = String(repeating: "x", count: 1015)
        let svc = try ServiceDirectoryBuilder.make(at: temp.child("svc"), run: """
            seq -f '%08g \(padding)' 1 \(count)
            echo flood-done
            exec sleep 1000
            """)
        let supervisor = try supervise(svc)
        defer { supervisor.stop() }
        try waitUntil("the flood to be logged", timeout: 120) {
            let current = (try? String(contentsOfFile: svc + "/logs/current", encoding: .utf8)) ?? ""
            return current.hasSuffix("  flood-done\n")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: svc + "/logs")
        let archives = names.filter { $0.hasPrefix("@") }
        #expect(archives.count <= 5)
        #expect(archives.count >= 4)
        for name in names {
            let size = try FileManager.default.attributesOfItem(atPath: svc + "/logs/" + name)[.size] as! Int
            #expect(size <= 10 * 1024 * 1024, "\(name): \(size) bytes")
            #expect(name == "current" || name.wholeMatch(of: #/@[0-9a-f]{24}\.s/#) != nil)
        }
        let lines = try loggedLines(svc, includeArchives: true)
        #expect(lines.count == count + 1)
        var expectedNumber = 1
        for line in lines.dropLast() {
            guard line == String(format: "%08d ", expectedNumber) + padding else {
                Issue.record("line \(expectedNumber) is wrong or missing: \(line.prefix(20))…")
                break
            }
            expectedNumber += 1
        }
        #expect(expectedNumber == count + 1)
        #expect(lines.last == "flood-done")
    }
}
